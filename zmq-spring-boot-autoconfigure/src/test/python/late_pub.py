"""PUB written the way short publisher scripts are: binds, publishes for a while, exits.

Usage: late_pub.py ADDRESS LIFETIME_MS INTERVAL_MS

Binds ADDRESS (a subscriber may have been connecting to it for a long time already) and prints {"bound": ADDRESS}.
Then sends send_multipart([b"late", json]) with {"seq": n} every INTERVAL_MS until LIFETIME_MS have passed since
the bind, prints {"sent": N} and exits 0, whether anybody listened or not.
"""
import json
import sys
import time

import zmq


def emit(line):
    print(json.dumps(line), flush=True)


def main():
    address, lifetime_ms, interval_ms = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    context = zmq.Context()
    socket = context.socket(zmq.PUB)
    socket.setsockopt(zmq.LINGER, 0)
    socket.bind(address)
    emit({"bound": address})
    end = time.monotonic() + lifetime_ms / 1000
    sent = 0
    try:
        while time.monotonic() < end:
            socket.send_multipart([b"late", json.dumps({"seq": sent}).encode()])
            sent += 1
            time.sleep(interval_ms / 1000)
        emit({"sent": sent})
        return 0
    finally:
        socket.close()
        context.term()


if __name__ == "__main__":
    sys.exit(main())
