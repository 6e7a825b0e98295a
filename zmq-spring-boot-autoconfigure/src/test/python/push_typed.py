"""PUSH that names each payload's type in a headers frame, as docs/receiving.md shows:
socket.send_multipart([json.dumps({"payload_type": name}).encode(), json.dumps(payload).encode()]).

Usage: push_typed.py ADDRESS

Sends an order-placed, an order-cancelled, then an order-placed that names its type by a Java class name (which the
starter must not honour), then one more order-placed. Prints {"sent": 4} and exits 0 once every message is handed
over; exits 2 when a send cannot complete within TIMEOUT_MS.
"""
import json
import sys

import zmq

TIMEOUT_MS = 10000
LINGER_MS = 5000


def emit(line):
    print(json.dumps(line), flush=True)


def frames(type_name, payload):
    return [json.dumps({"payload_type": type_name}).encode(), json.dumps(payload).encode()]


def main():
    address = sys.argv[1]
    context = zmq.Context()
    socket = context.socket(zmq.PUSH)
    socket.setsockopt(zmq.SNDTIMEO, TIMEOUT_MS)
    socket.setsockopt(zmq.LINGER, LINGER_MS)
    socket.connect(address)
    try:
        socket.send_multipart(frames("order-placed", {"id": "o-1", "quantity": 2}))
        socket.send_multipart(frames("order-cancelled", {"id": "o-2", "reason": "late"}))
        socket.send_multipart(frames("dev.zmqspring.interop.TypedHandlersInteropTests$OrderPlaced",
                                     {"id": "o-3", "quantity": 1}))
        socket.send_multipart(frames("order-placed", {"id": "o-4", "quantity": 5}))
        emit({"sent": 4})
        return 0
    except zmq.Again:
        emit({"error": "send blocked for %d ms" % TIMEOUT_MS})
        return 2
    finally:
        socket.close()
        context.term()


if __name__ == "__main__":
    sys.exit(main())
