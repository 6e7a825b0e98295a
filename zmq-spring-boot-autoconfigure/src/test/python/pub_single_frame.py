"""PUB in the tutorials' style: binds, then publishes "topic payload" strings in one frame with send_string().

Usage: pub_single_frame.py MESSAGE...

Binds a port the system chooses and prints {"port": N} first. Then sends every MESSAGE (such as "weather 21")
with socket.send_string(), over and over, until standard input is closed or has a line; prints {"rounds": N}
and exits 0. Exits 2 when nobody stops it within DEADLINE_MS.
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
    messages = sys.argv[1:]
    context = zmq.Context()
    socket = context.socket(zmq.PUB)
    socket.setsockopt(zmq.LINGER, 0)
    emit({"port": socket.bind_to_random_port("tcp://127.0.0.1")})
    stop = zmq.Poller()
    stop.register(sys.stdin, zmq.POLLIN)
    deadline = time.monotonic() + DEADLINE_MS / 1000
    rounds = 0
    try:
        while time.monotonic() < deadline:
            for message in messages:
                socket.send_string(message)
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
