"""CURVE PUSH client: connects to a CURVE server with the given keys and sends COUNT messages "0".."COUNT-1".

Usage: curve_push_client.py ADDRESS COUNT SERVER_PUBLIC_KEY CLIENT_PUBLIC_KEY CLIENT_SECRET_KEY   (keys in Z85)

Prints {"sent": COUNT} and exits 0 once every message is handed over (the socket lingers up to LINGER_MS so
queued messages still leave); exits 2 when a send cannot complete within TIMEOUT_MS. The test generates
throw-away keys; a real client would read its secret key from a file or the environment, not its arguments.
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
    server_public, client_public, client_secret = (key.encode() for key in sys.argv[3:6])
    context = zmq.Context()
    socket = context.socket(zmq.PUSH)
    socket.curve_serverkey = server_public
    socket.curve_publickey = client_public
    socket.curve_secretkey = client_secret
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
