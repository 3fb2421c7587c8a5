#!/usr/bin/env python3
"""An OTLP/HTTP trace receiver for Vision Stays' trace tests, decoding what the server exports
with other people's code: the OpenTelemetry project's own protobuf bindings
(`opentelemetry-proto`: ExportTraceServiceRequest).

POST /v1/traces with `Content-Type: application/x-protobuf` and a body that decodes is answered
200 with an empty ExportTraceServiceResponse, as a collector does; any other content type, or a
body that does not decode, is answered 400 (and counted in the requests file, so a test sees
a rejected export); any other path 404.

For every span it appends one JSON line to --out: trace_id, span_id and parent_span_id (hex;
parent "" for a root), name, kind (the proto's enum name), service (the resource's
`service.name`), resource (all resource attributes) and attributes (the span's, as plain JSON
values). Each request also appends a line {"path", "content_type", "status", "spans"} to
--requests. Lines are written whole under a lock.

Prints "READY <port>" on stdout once it listens. Runs until killed.
"""
import argparse
import json
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from google.protobuf.message import DecodeError
from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import (
    ExportTraceServiceRequest,
    ExportTraceServiceResponse,
)
from opentelemetry.proto.trace.v1.trace_pb2 import Span

PROTOBUF = "application/x-protobuf"


def value(v):
    """An AnyValue as plain JSON."""
    kind = v.WhichOneof("value")
    if kind is None:
        return None
    if kind == "array_value":
        return [value(x) for x in v.array_value.values]
    if kind == "kvlist_value":
        return {kv.key: value(kv.value) for kv in v.kvlist_value.values}
    if kind == "bytes_value":
        return v.bytes_value.hex()
    return getattr(v, kind)


def attributes(kvs):
    return {kv.key: value(kv.value) for kv in kvs}


def spans_of(request):
    for resource_spans in request.resource_spans:
        resource = attributes(resource_spans.resource.attributes)
        for scope_spans in resource_spans.scope_spans:
            for span in scope_spans.spans:
                yield {
                    "trace_id": span.trace_id.hex(),
                    "span_id": span.span_id.hex(),
                    "parent_span_id": span.parent_span_id.hex(),
                    "name": span.name,
                    "kind": Span.SpanKind.Name(span.kind),
                    "service": resource.get("service.name"),
                    "resource": resource,
                    "attributes": attributes(span.attributes),
                }


class Handler(BaseHTTPRequestHandler):
    out = None
    requests = None
    lock = threading.Lock()

    def log_message(self, *args):
        pass

    def _answer(self, status, body=b"", content_type="text/plain"):
        self.send_response(status)
        self.send_header("content-type", content_type)
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        if body:
            self.wfile.write(body)

    def _note(self, content_type, status, spans):
        line = {"path": self.path, "content_type": content_type, "status": status, "spans": spans}
        with self.lock, open(self.requests, "a", encoding="utf-8") as f:
            f.write(json.dumps(line) + "\n")

    def do_POST(self):
        length = int(self.headers.get("content-length") or 0)
        body = self.rfile.read(length)
        content_type = (self.headers.get("content-type") or "").split(";")[0].strip().lower()
        if self.path != "/v1/traces":
            self._note(content_type, 404, 0)
            return self._answer(404, b"not found")
        if content_type != PROTOBUF:
            self._note(content_type, 400, 0)
            return self._answer(400, b"unsupported content type")
        request = ExportTraceServiceRequest()
        try:
            request.ParseFromString(body)
        except DecodeError as e:
            self._note(content_type, 400, 0)
            return self._answer(400, f"cannot decode: {e}".encode())
        spans = list(spans_of(request))
        with self.lock, open(self.out, "a", encoding="utf-8") as f:
            for span in spans:
                f.write(json.dumps(span) + "\n")
        self._note(content_type, 200, len(spans))
        reply = ExportTraceServiceResponse().SerializeToString()
        self._answer(200, reply, PROTOBUF)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--port", type=int, default=0)
    p.add_argument("--out", required=True)
    p.add_argument("--requests", required=True)
    args = p.parse_args()
    Handler.out = args.out
    Handler.requests = args.requests
    server = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    print(f"READY {server.server_address[1]}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        sys.exit(0)
