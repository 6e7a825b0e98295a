"""CURVE PULL server: generates a key pair, binds tcp://127.0.0.1:*, receives COUNT messages, exits.

Usage: curve_pull_server.py COUNT

Prints {"port": N, "server_key": "<Z85 public key>"} once bound, then {"received": [...]} (the messages as text)
and exits 0 after COUNT messages; when a message does not come within TIMEOUT_MS it prints what it has, with
"error", and exits 2. It runs no ZAP handler: the client's side of CURVE is what it checks.
"""
import json
import sys

import zmq

TIMEOUT_MS = 10000


def emit(line):
    print(json.dumps(line), flush=True)


def main():
    count = int(sys.argv[1])
    public, secret = zmq.curve_keypair()
    # The test passes the public key in a Spring property, where "${" would start a placeholder.
    while b"${" in public:
        public, secret = zmq.curve_keypair()
    context = zmq.Context()
    socket = context.socket(zmq.PULL)
    socket.curve_server = True
    socket.curve_publickey = public
    socket.curve_secretkey = secret
    socket.setsockopt(zmq.RCVTIMEO, TIMEOUT_MS)
    socket.setsockopt(zmq.LINGER, 0)
    socket.bind("tcp://127.0.0.1:*")
    port = int(socket.getsockopt_string(zmq.LAST_ENDPOINT).rsplit(":", 1)[1])
    emit({"port": port, "server_key": public.decode()})
    received = []
    try:
        while len(received) < count:
            received.append(socket.recv().decode())
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
