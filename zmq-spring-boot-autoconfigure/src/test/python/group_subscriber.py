"""A member of a durable topic's subscription group, written as docs/wire-format.md describes it: a REQ socket that
fetches the group's messages and sends back the ids it processed with its next fetch.

Usage: group_subscriber.py ADDRESS GROUP COUNT [TOPIC...]

Joins GROUP from the earliest retained message, prints {"topic": ..., "message_id": ..., "attempt": ...,
"payload": ...} for each message, and once it has processed COUNT distinct messages acknowledges them with a last
fetch of nothing, prints {"done": COUNT} and exits 0. Exits 2 when no answer comes within TIMEOUT_MS.
"""
import json
import sys

import zmq

TIMEOUT_MS = 10000


def emit(line):
    print(json.dumps(line), flush=True)


def fetch(socket, fetch_id, group, topics, acknowledged, max_messages, wait_ms):
    socket.send_json({
        "zmq_fetch": "1",
        "fetch_id": str(fetch_id),
        "group": group,
        "start": "earliest",
        "max": str(max_messages),
        "wait_ms": str(wait_ms),
        "ack": "\n".join(acknowledged),
        "failed": "",
        "topics": "\n".join(topics),
    })
    frames = socket.recv_multipart()
    batch = json.loads(frames[0])
    if batch.get("zmq_batch") != "1" or batch.get("fetch_id") != str(fetch_id):
        raise RuntimeError("not the answer to fetch %d: %r" % (fetch_id, frames[0]))
    messages = []
    for i in range(int(batch["count"])):
        topic, headers, payload = frames[1 + 3 * i:4 + 3 * i]
        messages.append((topic.decode(), json.loads(headers), payload.decode()))
    return messages


def main():
    address, group, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    topics = sys.argv[4:]
    context = zmq.Context()
    socket = context.socket(zmq.REQ)
    socket.setsockopt(zmq.RCVTIMEO, TIMEOUT_MS)
    socket.setsockopt(zmq.LINGER, 1000)
    socket.connect(address)
    processed = set()
    acknowledged = []
    fetch_id = 0
    try:
        while len(processed) < count:
            fetch_id += 1
            messages = fetch(socket, fetch_id, group, topics, acknowledged, 50, 1000)
            # The publisher applied those acknowledgements with this fetch.
            acknowledged = []
            for topic, headers, payload in messages:
                emit({"topic": topic, "message_id": headers["message_id"], "attempt": headers["attempt"],
                      "payload": payload})
                processed.add(headers["message_id"])
                acknowledged.append(headers["message_id"])
        # The last acknowledgements, with a fetch of nothing.
        fetch(socket, fetch_id + 1, group, topics, acknowledged, 0, 0)
        emit({"done": len(processed)})
        return 0
    except zmq.Again:
        emit({"error": "no answer within %d ms" % TIMEOUT_MS})
        return 2
    finally:
        socket.close()
        context.term()


if __name__ == "__main__":
    sys.exit(main())
