"""SUB client: connects, subscribes to one topic prefix, prints COUNT messages read with recv_multipart(), exits.

Usage: sub_client.py ADDRESS TOPIC COUNT

Expects two frames per message, [topic][JSON payload]. Prints {"topic": ..., "payload": ...} per message and
exits 0 after COUNT messages; exits 2 when nothing arrives within TIMEOUT_MS.
"""
import json
import sys

import zmq

TIMEOUT_MS = 10000


def emit(line):
    print(json.dumps(line), flush=True)


def main():
    address, topic, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    context = zmq.Context()
    socket = context.socket(zmq.SUB)
    socket.setsockopt(zmq.RCVTIMEO, TIMEOUT_MS)
    socket.setsockopt(zmq.LINGER, 0)
    socket.connect(address)
    socket.setsockopt(zmq.SUBSCRIBE, topic.encode())
    try:
        for _ in range(count):
            frames = socket.recv_multipart()
            emit({"topic": frames[0].decode(), "payload": json.loads(frames[-1]), "frames": len(frames)})
        return 0
    except zmq.Again:
        emit({"error": "no message within %d ms" % TIMEOUT_MS})
        return 2
    finally:
        socket.close()
        context.term()


if __name__ == "__main__":
    sys.exit(main())
