"""PULL worker: connects, reads COUNT JSON messages with recv_json(), prints them all on one line, exits.

Usage: pull_worker.py ADDRESS COUNT

Prints {"received": [...]} and exits 0 after COUNT messages; when a message does not come within TIMEOUT_MS
it prints what it has, with "error", and exits 2.
"""
import json
import sys

import zmq

TIMEOUT_MS = 10000


def emit(line):
    print(json.dumps(line), flush=True)


def main():
    address, count = sys.argv[1], int(sys.argv[2])
    context = zmq.Context()
    socket = context.socket(zmq.PULL)
    socket.setsockopt(zmq.RCVTIMEO, TIMEOUT_MS)
    socket.setsockopt(zmq.LINGER, 0)
    socket.connect(address)
    received = []
    try:
        while len(received) < count:
            received.append(socket.recv_json())
        emit({"received": received})
        return 0
    except zmq.Again:
        emit({"received": received, "error": "no message within %d ms" % TIMEOUT_MS})
        return 2
    finally:
        socket.close()
        context.term()


if __name__ == "__main__":
    sys.exit(main())
