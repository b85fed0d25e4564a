"""A reverse proxy that records every request and answer passing between Hearth's CLI and
a relay, for the fuzz seed corpora: real traffic rather than requests written by hand.

    python3 recording_proxy.py LISTEN_PORT RELAY_URL OUT_DIR

Each exchange becomes OUT_DIR/NNNN.json: method, path, the headers the relay reads, the
request body and the answer's status and body (bodies base64). No WebSocket.
"""

import base64
import http.client
import json
import sys
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PORT, RELAY, OUT = int(sys.argv[1]), urllib.parse.urlsplit(sys.argv[2]), sys.argv[3]
KEPT_HEADERS = ("host", "authorization", "content-type", "x-hearth-capability", "x-hearth-registration-secret")
lock = threading.Lock()
count = [0]


class Proxy(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def forward(self):
        length = int(self.headers.get("content-length") or 0)
        body = self.rfile.read(length) if length else b""
        headers = {k: v for k, v in self.headers.items() if k.lower() in KEPT_HEADERS or k.lower().startswith("x-hearth")}
        relay = http.client.HTTPConnection(RELAY.hostname, RELAY.port, timeout=30)
        relay.request(self.command, self.path, body=body or None, headers=headers)
        answer = relay.getresponse()
        data = answer.read()
        with lock:
            count[0] += 1
            n = count[0]
        with open(f"{OUT}/{n:04}.json", "w") as f:
            json.dump({
                "method": self.command, "path": self.path, "headers": headers,
                "body": base64.b64encode(body).decode(), "status": answer.status,
                "answer": base64.b64encode(data).decode(),
            }, f)
        self.send_response(answer.status)
        for k, v in answer.getheaders():
            if k.lower() not in ("transfer-encoding", "connection", "content-length"):
                self.send_header(k, v)
        self.send_header("content-length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    do_GET = do_POST = do_PUT = do_DELETE = forward

    def log_message(self, *args):
        pass


print(f"recording on {PORT}", flush=True)
ThreadingHTTPServer(("127.0.0.1", PORT), Proxy).serve_forever()
