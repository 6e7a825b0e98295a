"""PULL sink that binds after its senders started connecting, reads COUNT JSON messages and exits.

Usage: late_pull.py ADDRESS COUNT TIMEOUT_MS

Binds ADDRESS and prints {"bound": ADDRESS}. Reads COUNT messages with recv_json(), then prints
{"received": [...]} and exits 0. When they have not all come within TIMEOUT_MS of the bind it prints what it has,
with "error", and exits 2.
"""
import json
import sys
import time

import zmq


def emit(line):
    print(json.dumps(line), flush=True)


def main():
    address, count, timeout_ms = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    context = zmq.Context()
    socket = context.socket(zmq.PULL)
    socket.setsockopt(zmq.LINGER, 0)
    socket.bind(address)
    emit({"bound": address})
    deadline = time.monotonic() + timeout_ms / 1000
    received = []
    try:
        while len(received) < count:
            left = int((deadline - time.monotonic()) * 1000)
            if left <= 0 or not socket.poll(left):
                emit({"received": received, "error": "%d of %d within %d ms" % (len(received), count, timeout_ms)})
                return 2
            received.append(socket.recv_json())
        emit({"received": received})
        return 0
    finally:
        socket.close()
        context.term()


if __name__ == "__main__":
    sys.exit(main())
