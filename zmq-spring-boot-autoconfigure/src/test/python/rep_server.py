"""REP server: binds a port the system chooses, prints it, answers COUNT requests, exits.

Usage: rep_server.py MODE COUNT
  MODE bytes  message = socket.recv(); replies b"World" to b"hello" and b"success" to anything else
  MODE json   request = socket.recv_json() with "sku" and "quantity"; replies with send_json() and a "total"

Prints {"port": N} first, then {"request": ...} per request served. Exits 0 after COUNT requests,
2 when no request comes within TIMEOUT_MS.
"""
import json
import sys

import zmq

TIMEOUT_MS = 10000
UNIT_PRICE = 2.5


def emit(line):
    print(json.dumps(line), flush=True)


def main():
    mode, count = sys.argv[1], int(sys.argv[2])
    context = zmq.Context()
    socket = context.socket(zmq.REP)
    socket.setsockopt(zmq.RCVTIMEO, TIMEOUT_MS)
    socket.setsockopt(zmq.SNDTIMEO, TIMEOUT_MS)
    # Long enough for the last reply to leave before the context ends, short enough never to hang.
    socket.setsockopt(zmq.LINGER, 2000)
    emit({"port": socket.bind_to_random_port("tcp://127.0.0.1")})
    try:
        for _ in range(count):
            if mode == "json":
                request = socket.recv_json()
                socket.send_json({"sku": request["sku"], "quantity": request["quantity"],
                                  "total": request["quantity"] * UNIT_PRICE})
            else:
                message = socket.recv()
                request = message.decode()
                socket.send(b"World" if message == b"hello" else b"success")
            emit({"request": request})
        return 0
    except zmq.Again:
        emit({"error": "no request within %d ms" % TIMEOUT_MS})
        return 2
    finally:
        socket.close()
        context.term()


if __name__ == "__main__":
    sys.exit(main())
