"""PUB that connects and publishes two-frame messages, [topic][JSON], over and over until told to stop.

Usage: pub_multipart.py ADDRESS TOPIC...

Every round sends socket.send_multipart([topic, json]) once per TOPIC, with {"topic": ..., "seq": round}.
Publishing repeatedly is how a publisher gets past the slow joiner (a subscriber misses what was sent before
its subscription arrived). Stops when standard input is closed or has a line, and prints {"rounds": N}:
exit 0. Exits 2 when nobody stops it within DEADLINE_MS.
"""
import json
import sys
import time

import zmq

DEADLINE_MS = 15000
ROUND_MS = 20


def emit(line):
    print(json.dumps(line), flush=True)


def main():
    address, topics = sys.argv[1], sys.argv[2:]
    context = zmq.Context()
    socket = context.socket(zmq.PUB)
    socket.setsockopt(zmq.LINGER, 0)
    socket.connect(address)
    stop = zmq.Poller()
    stop.register(sys.stdin, zmq.POLLIN)
    deadline = time.monotonic() + DEADLINE_MS / 1000
    rounds = 0
    try:
        while time.monotonic() < deadline:
            for topic in topics:
                payload = json.dumps({"topic": topic, "seq": rounds}).encode()
                socket.send_multipart([topic.encode(), payload])
            rounds += 1
            if stop.poll(ROUND_MS):
                emit({"rounds": rounds})
                return 0
        emit({"error": "not stopped within %d ms" % DEADLINE_MS, "rounds": rounds})
        return 2
    finally:
        socket.close()
        context.term()


if __name__ == "__main__":
    sys.exit(main())
