"""REQ client, written the way the ZeroMQ tutorials write one: send, wait for the reply, repeat.

Usage: req_client.py ADDRESS MODE REQUEST...
  MODE json   each REQUEST is a JSON document, sent with send_json(); the reply is read with recv_json()
  MODE bytes  each REQUEST is text, sent with socket.send(text.encode()); the reply is read with recv()

Prints one JSON line per reply, {"request": ..., "reply": ...}, and exits 0 after the last one.
Exits 2 when a reply does not come within TIMEOUT_MS (a REQ socket cannot send again then).
"""
import json
import sys

import zmq

TIMEOUT_MS = 10000


def emit(line):
    print(json.dumps(line), flush=True)


def main():
    address, mode, requests = sys.argv[1], sys.argv[2], sys.argv[3:]
    context = zmq.Context()
    socket = context.socket(zmq.REQ)
    socket.setsockopt(zmq.RCVTIMEO, TIMEOUT_MS)
    socket.setsockopt(zmq.SNDTIMEO, TIMEOUT_MS)
    socket.setsockopt(zmq.LINGER, 0)
    socket.connect(address)
    try:
        for text in requests:
            if mode == "json":
                request = json.loads(text)
                socket.send_json(request)
                reply = socket.recv_json()
            else:
                request = text
                socket.send(text.encode())
                reply = socket.recv().decode()
            emit({"request": request, "reply": reply})
        return 0
    except zmq.Again:
        emit({"error": "no reply within %d ms" % TIMEOUT_MS})
        return 2
    finally:
        socket.close()
        context.term()


if __name__ == "__main__":
    sys.exit(main())
