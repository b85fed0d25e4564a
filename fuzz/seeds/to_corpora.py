"""Turns recorded relay traffic (recording_proxy.py) into the seed corpora:

- relay_requests: each request as the target reads it (METHOD PATH, headers, empty line,
  body), and the whole session as one input (requests separated by a `=====` line);
- relay_framing: every MLS message that crossed (posted, fetched, Welcomes, KeyPackages);
- relay_live: subscribe and unsubscribe frames for the real mailboxes, capabilities and
  epochs the session used, one frame per line.

    python3 to_corpora.py TRAFFIC_DIR CORPUS_DIR
"""

import base64
import glob
import hashlib
import json
import os
import sys

traffic, corpus = sys.argv[1], sys.argv[2]


def write(target, data):
    folder = os.path.join(corpus, target)
    os.makedirs(folder, exist_ok=True)
    name = "seed-" + hashlib.sha256(data).hexdigest()[:16]
    with open(os.path.join(folder, name), "wb") as f:
        f.write(data)


def unb64url(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def mls_messages(value):
    """Every base64url field that decodes to an MLS message (version 1, a known wire format)."""
    if isinstance(value, dict):
        for v in value.values():
            yield from mls_messages(v)
    elif isinstance(value, list):
        for v in value:
            yield from mls_messages(v)
    elif isinstance(value, str) and len(value) > 8:
        try:
            raw = unb64url(value)
        except Exception:
            return
        if len(raw) > 4 and raw[:2] == b"\x00\x01" and raw[2:4] in (b"\x00\x01", b"\x00\x02", b"\x00\x03", b"\x00\x05"):
            yield raw


for target in ("relay_requests", "relay_framing", "relay_live"):
    for old in glob.glob(os.path.join(corpus, target, "seed-*")):
        os.remove(old)

session, live, seen = [], [], set()
for path in sorted(glob.glob(os.path.join(traffic, "*.json"))):
    x = json.load(open(path))
    body = base64.b64decode(x["body"])
    head = f'{x["method"]} {x["path"]}\n' + "".join(f"{k}: {v}\n" for k, v in x["headers"].items())
    request = head.encode() + b"\n" + body
    write("relay_requests", request)
    session.append(request)
    for part in (body, base64.b64decode(x["answer"])):
        try:
            document = json.loads(part)
        except Exception:
            continue
        for message in mls_messages(document):
            if message not in seen:
                seen.add(message)
                write("relay_framing", message)
    # A fetch names a mailbox, epoch and capability: the live frames a phone would send.
    if x["method"] == "GET" and "/messages" in x["path"] and "x-hearth-capability" in {k.lower() for k in x["headers"]}:
        mailbox = x["path"].split("/")[3]
        capability = next(v for k, v in x["headers"].items() if k.lower() == "x-hearth-capability")
        query = dict(p.split("=", 1) for p in x["path"].split("?", 1)[1].split("&")) if "?" in x["path"] else {}
        epoch = int(query.get("epoch", 0))
        live.append(json.dumps({"type": "subscribe", "mailbox_id": mailbox, "epoch": epoch, "capability": capability,
                                "after": int(query.get("after", 0))}))
write("relay_requests", b"\n=====\n".join(session))
for frame in live[:20]:
    write("relay_live", frame.encode() + b"\n" + json.dumps({"type": "unsubscribe", "mailbox_id": json.loads(frame)["mailbox_id"]}).encode())
write("relay_live", "\n".join(live[:8]).encode())
print(f"{len(session)} requests, {len(seen)} MLS messages, {len(live)} live subscriptions")
