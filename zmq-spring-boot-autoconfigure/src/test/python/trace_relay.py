"""Relay in the middle of a trace: PULLs COUNT messages with a headers frame, continues each one's W3C trace with a
span of its own, and PUSHes it on, the way a Python service that takes part in a trace would.

Usage: trace_relay.py IN_ADDRESS OUT_ADDRESS COUNT

Each message in is [headers][payload], the headers a JSON object such as {"traceparent": "00-<trace>-<span>-01"}.
Each message out carries the same trace id and this relay's own span id as its parent. Prints
{"relayed": [{"trace_id": ..., "span_id": ...}, ...]} and exits 0; exits 2 when a message does not come in time.
"""
import json
import os
import sys

import zmq

TIMEOUT_MS = 10000


def emit(line):
    print(json.dumps(line), flush=True)


def main():
    source, target, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    context = zmq.Context()
    pull = context.socket(zmq.PULL)
    pull.setsockopt(zmq.RCVTIMEO, TIMEOUT_MS)
    pull.setsockopt(zmq.LINGER, 0)
    pull.connect(source)
    push = context.socket(zmq.PUSH)
    push.setsockopt(zmq.LINGER, 2000)
    push.connect(target)
    relayed = []
    try:
        while len(relayed) < count:
            headers_frame, payload = pull.recv_multipart()
            headers = json.loads(headers_frame)
            version, trace_id, parent_id, flags = headers["traceparent"].split("-")
            span_id = os.urandom(8).hex()
            headers["traceparent"] = "-".join([version, trace_id, span_id, flags])
            push.send_multipart([json.dumps(headers).encode(), payload])
            relayed.append({"trace_id": trace_id, "span_id": span_id, "parent_id": parent_id})
        emit({"relayed": relayed})
        return 0
    except zmq.Again:
        emit({"relayed": relayed, "error": "no message within %d ms" % TIMEOUT_MS})
        return 2
    finally:
        pull.close()
        push.close()
        context.term()


if __name__ == "__main__":
    sys.exit(main())
