"""PUSH in the tutorials' task-master style: connects and sends COUNT tasks, socket.send(str(i).encode()).

Usage: push_tasks.py ADDRESS COUNT

Prints {"sent": COUNT} and exits 0 once every task is handed over (the socket lingers up to LINGER_MS so
queued tasks still leave); exits 2 when a send cannot complete within TIMEOUT_MS.
"""
import json
import sys

import zmq

TIMEOUT_MS = 10000
LINGER_MS = 5000


def emit(line):
    print(json.dumps(line), flush=True)


def main():
    address, count = sys.argv[1], int(sys.argv[2])
    context = zmq.Context()
    socket = context.socket(zmq.PUSH)
    socket.setsockopt(zmq.SNDTIMEO, TIMEOUT_MS)
    socket.setsockopt(zmq.LINGER, LINGER_MS)
    socket.connect(address)
    try:
        for i in range(count):
            socket.send(str(i).encode())
        emit({"sent": count})
        return 0
    except zmq.Again:
        emit({"error": "send blocked for %d ms" % TIMEOUT_MS})
        return 2
    finally:
        socket.close()
        context.term()


if __name__ == "__main__":
    sys.exit(main())
