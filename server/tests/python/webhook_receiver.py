#!/usr/bin/env python3
"""A webhook receiver for Vision Stays' webhook tests, checking each delivery with other
people's code: the signature with the Standard Webhooks reference implementation
(`standardwebhooks`: Webhook(secret).verify(body, headers)) and the body with the CloudEvents
SDK (`cloudevents`: the HTTP binding's from_http with the JSON format).

For every POST (other than to /control/...) it writes one JSON file into --out (written beside
and renamed, so a reader never sees half a file): the path, the webhook-* headers, content type
and user agent, the body, for each secret it knows whether that secret verifies the request
(and if not, the reference implementation's reason), and the parsed event's id, type, source,
subject and specversion (or why it did not parse). It answers with the status set by
POST /control/answer {"status": 204} (204 at first).

Secrets: POST /control/secrets {"secrets": ["whsec_...", ...]} (or --secret, repeatable).

Prints "READY <port>" on stdout once it listens. Runs until killed.
"""
import argparse
import itertools
import json
import os
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from cloudevents.core.bindings.http import HTTPMessage, from_http
from cloudevents.core.formats.json import JSONFormat
from standardwebhooks import Webhook


class State:
    def __init__(self, out, secrets):
        self.out = out
        self.secrets = list(secrets)
        self.status = 204
        self.count = itertools.count(1)
        self.lock = threading.Lock()


def check(state, headers, body):
    verifications = []
    for i, secret in enumerate(state.secrets):
        try:
            Webhook(secret).verify(body, headers)
            verifications.append({"secret": i, "ok": True, "error": None})
        except Exception as e:  # the reference implementation's reason, whatever it is
            verifications.append({"secret": i, "ok": False, "error": f"{type(e).__name__}: {e}"})
    try:
        event = from_http(HTTPMessage(headers=headers, body=body), JSONFormat())
        parsed = {
            "id": event.get_id(),
            "type": event.get_type(),
            "source": event.get_source(),
            "subject": event.get_subject(),
            "specversion": event.get_specversion(),
            "error": None,
        }
    except Exception as e:
        parsed = {"error": f"{type(e).__name__}: {e}"}
    return verifications, parsed


class Handler(BaseHTTPRequestHandler):
    state: State

    def log_message(self, *args):
        pass

    def _read(self):
        length = int(self.headers.get("content-length") or 0)
        return self.rfile.read(length)

    def _answer(self, status, body=b""):
        self.send_response(status)
        self.send_header("content-type", "text/plain")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        if body:
            self.wfile.write(body)

    def do_POST(self):
        body = self._read()
        state = self.state
        if self.path == "/control/secrets":
            with state.lock:
                state.secrets = json.loads(body)["secrets"]
            return self._answer(204)
        if self.path == "/control/answer":
            with state.lock:
                state.status = int(json.loads(body)["status"])
            return self._answer(204)
        headers = {k.lower(): v for k, v in self.headers.items()}
        with state.lock:
            secrets_known = len(state.secrets)
            status = state.status
        verifications, event = check(state, headers, body)
        record = {
            "path": self.path,
            "webhook_id": headers.get("webhook-id"),
            "webhook_timestamp": headers.get("webhook-timestamp"),
            "webhook_signature": headers.get("webhook-signature"),
            "content_type": headers.get("content-type"),
            "user_agent": headers.get("user-agent"),
            "body": body.decode("utf-8", "replace"),
            "secrets_known": secrets_known,
            "verifications": verifications,
            "verified": any(v["ok"] for v in verifications),
            "event": event,
            "answered": status,
        }
        name = f"{next(state.count):05d}-{os.getpid()}.json"
        tmp = os.path.join(state.out, "." + name + ".part")
        with open(tmp, "w", encoding="utf-8") as f:
            json.dump(record, f)
        os.rename(tmp, os.path.join(state.out, name))
        reply = b"received" if 200 <= status < 300 and status != 204 else b""
        if status >= 300:
            reply = b"try again later"
        self._answer(status, reply)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--secret", action="append", default=[])
    args = p.parse_args()
    Handler.state = State(args.out, args.secret)
    server = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    print(f"READY {server.server_address[1]}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        sys.exit(0)
