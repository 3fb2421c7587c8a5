#!/usr/bin/env python3
"""A local stand-in for the OCI endpoints Vision Stays calls, checking every signature as OCI does.

One HTTP listener serves the OCI APIs (Vault GetSecretBundle, Streaming PutMessages / CreateCursor
/ GetMessages, Notifications PublishMessage, Monitoring PostMetricData, the auth service's /v1/x509
federation), the instance metadata service (/opc/v2, `Authorization: Bearer Oracle`) and the
unauthenticated test controls under /_standin/ (see standin_control.py). A second, HTTPS listener is the OKE
workload-identity proxymux. Every OCI API request must carry a valid OCI signature (standin_auth.py)
made with a registered API key or a security token this stand-in minted; refusals are 401
NotAuthenticated with the failed check as message. Every request except the controls is logged
(readable at /_standin/requests).

Prints one JSON line on stdout once it listens:
  {"ready": true, "url", "port", "proxymux_url", "proxymux_port", "region", "imds_region",
   "tenancy", "files": {...}, "env": {"instance_principal": {...}, "workload_identity": {...}}}
then serves until killed.
"""
import argparse
import json
import os
import re
import ssl
import sys
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote, urlsplit

from cryptography.hazmat.primitives import serialization

import standin_control
import standin_principals
from standin_auth import FEDERATION, Refused, verify_request
from standin_certs import ClusterTls, InstanceIdentity, cert_pem, md5_fingerprint, private_pem
from standin_monitoring import Monitoring
from standin_state import State
from standin_tokens import TokenError, TokenIssuer

SECRET_BUNDLE = re.compile(r"/20190301/secretbundles/([^/]+)")
STREAM_MESSAGES = re.compile(r"/20180418/streams/([^/]+)/messages")
STREAM_CURSORS = re.compile(r"/20180418/streams/([^/]+)/cursors")
TOPIC_MESSAGES = re.compile(r"/20181201/topics/([^/]+)/messages")
METRICS = "/20180401/metrics"


class StandIn:
    """Everything the handlers share: keys, tokens, state and the request log."""

    def __init__(self, args):
        self.args = args
        self.region = args.region
        self.imds_region = args.imds_region or args.region
        self.tenancy = args.tenancy
        self.token_ttl = args.token_ttl
        self.identity = InstanceIdentity(args.tenancy, args.instance, args.compartment)
        self.cluster = ClusterTls()
        self.tokens = TokenIssuer()
        self.state = State(args.partitions, args.stream, args.topic)
        self.monitoring = Monitoring()
        self.api_keys = {}  # keyId -> public key
        self.sa_token = args.sa_token or standin_principals.service_account_token(self)
        self.log_lock = threading.Lock()
        self.log = []

    def register_api_key(self, public_key, key_id=None, tenancy=None, user=None):
        fingerprint = md5_fingerprint(public_key)
        if key_id is None:
            key_id = f"{tenancy or self.tenancy}/{user}/{fingerprint}"
        self.api_keys[key_id] = public_key
        return key_id, fingerprint

    def record(self, entry):
        with self.log_lock:
            entry["seq"] = len(self.log) + 1
            self.log.append(entry)

    def resolve_key(self, key_id):
        """The public key a keyId names, and the principal it stands for."""
        if key_id.startswith("ST$"):
            try:
                claims, public_key = self.tokens.verify(key_id[3:])
            except TokenError as e:
                raise Refused(str(e)) from None
            return public_key, {"type": claims.get("ptype"), "id": claims.get("sub")}
        if key_id not in self.api_keys:
            raise Refused(f"unknown keyId {key_id} (no such API key is registered)")
        return self.api_keys[key_id], {"type": "api-key", "id": key_id}

    def resolve_federation_key(self, key_id):
        """/v1/x509 is signed with the instance's leaf key: keyId <tenancy>/fed-x509[-sha256]/<fp>."""
        parts = key_id.split("/")
        if len(parts) != 3 or parts[1] not in ("fed-x509", "fed-x509-sha256"):
            raise Refused(f"federation keyId {key_id} is not <tenancy>/fed-x509-sha256/<fingerprint>")
        tenancy, kind, fingerprint = parts
        if tenancy != self.tenancy:
            raise Refused(f"federation keyId names tenancy {tenancy}, the certificate's is {self.tenancy}")
        expected = self.identity.leaf_fingerprints()[kind]
        if fingerprint.lower() != expected:
            raise Refused(f"federation keyId fingerprint {fingerprint} is not the leaf certificate's ({kind})")
        return self.identity.leaf_cert.public_key(), {"type": "instance-federation", "id": key_id}

    def mint(self, public_key, claims, ttl=None):
        return self.tokens.mint(public_key, claims, self.token_ttl if ttl is None else ttl)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "VisionStaysOciStandIn/1"
    standin = None  # set on the subclass per listener
    listener = "api"

    def log_message(self, fmt, *args):
        if self.standin.args.verbose:
            sys.stderr.write("oci-standin: " + (fmt % args) + "\n")

    # Plumbing -------------------------------------------------------------------------------

    def read_body(self):
        if self.headers.get("transfer-encoding", "").lower() == "chunked":
            out = b""
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip(), 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    return out
                out += self.rfile.read(size)
                self.rfile.readline()
        length = int(self.headers.get("content-length") or 0)
        return self.rfile.read(length) if length else b""

    def lower_headers(self):
        # The first value of each name: the signing string has one line per signed name.
        out = {}
        for name, value in self.headers.items():
            out.setdefault(name.lower(), value)
        return out

    def respond(self, status, payload, headers=None, content_type="application/json"):
        if isinstance(payload, (dict, list)):
            body = json.dumps(payload).encode()
        elif isinstance(payload, str):
            body = payload.encode()
        else:
            body = payload or b""
        self.send_response(status)
        self.send_header("content-type", content_type)
        self.send_header("content-length", str(len(body)))
        self.send_header("opc-request-id", self.request_id)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def refuse(self, e):
        self.respond(e.status, {"code": e.code, "message": e.message}, e.headers)

    def handle_any(self):
        self.request_id = uuid.uuid4().hex.upper()
        body = self.read_body()
        path = urlsplit(self.path).path
        if self.listener == "api" and path.startswith("/_standin/"):
            try:
                status, payload = standin_control.handle(self.standin, self.command, self.path, body)
                self.respond(status, payload)
            except Refused as e:
                self.refuse(e)
            except (KeyError, ValueError, TypeError) as e:
                self.respond(400, {"code": "InvalidParameter", "message": f"bad control: {e!r}"})
            return
        entry = {
            "time": time.time(),
            "listener": self.listener,
            "method": self.command,
            "path": self.path,
            "host": self.headers.get("host"),
            "key_id": key_id_of(self.headers.get("authorization")),
            "principal": None,
            "operation": None,
            "accepted": False,
            "status": None,
            "reason": None,
        }
        try:
            status, payload, headers, content_type = self.dispatch(path, body, entry)
            entry.update(accepted=True, status=status)
            answer = (status, payload, headers, content_type)
        except Refused as e:
            entry.update(status=e.status, reason=e.message)
            # An authenticated request refused later (a 404, an injected 503) was still accepted
            # by the signature check: the log says which stage said no.
            entry["accepted"] = e.status != 401 and entry["principal"] is not None
            answer = (e.status, {"code": e.code, "message": e.message}, e.headers, "application/json")
        except Exception as e:  # noqa: BLE001 - a bug here must show, not hang the client
            entry.update(status=500, reason=f"stand-in error: {e!r}")
            answer = (500, {"code": "InternalServerError", "message": repr(e)}, {}, "application/json")
        # Logged before answering: a test that reads the log right after its answer sees it.
        self.standin.record(entry)
        self.respond(*answer)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = handle_any

    # The OCI side ---------------------------------------------------------------------------

    def dispatch(self, path, body, entry):
        if self.listener == "proxymux":
            return standin_principals.proxymux(self.standin, self.command, path, self.headers, body, entry)
        if path.startswith("/opc/"):
            return standin_principals.imds(self.standin, path, self.headers, entry)
        s = self.standin
        headers = self.lower_headers()
        query = {k: v[0] for k, v in parse_qs(urlsplit(self.path).query).items()}
        if path.startswith("/20180418/"):
            entry["operation"] = "streaming"
            s.state.check_outage("streams")
        elif path.startswith("/20181201/"):
            entry["operation"] = "notifications"
            s.state.check_outage("topics")
        elif path.startswith("/20190301/"):
            entry["operation"] = "vault"
            s.state.check_outage("secrets")
        elif path.startswith("/20180401/"):
            entry["operation"] = "monitoring"
            s.state.check_outage("metrics")
        if self.command == "POST" and path == FEDERATION:
            entry["operation"] = "federation"
            _, principal = verify_request(
                self.command, self.path, headers, body, s.resolve_federation_key
            )
            entry["principal"] = principal
            return standin_principals.federation(s, body)
        _, principal = verify_request(self.command, self.path, headers, body, s.resolve_key)
        entry["principal"] = principal
        s.state.check_fail_next(path)
        m = SECRET_BUNDLE.fullmatch(path)
        if m and self.command == "GET":
            entry["operation"] = "GetSecretBundle"
            bundle = s.state.secret_bundle(unquote(m.group(1)), query, principal)
            return 200, bundle, {"etag": f'"{bundle["versionNumber"]}"'}, "application/json"
        m = STREAM_MESSAGES.fullmatch(path)
        if m and self.command == "POST":
            entry["operation"] = "PutMessages"
            return 200, s.state.put_messages(unquote(m.group(1)), body), {}, "application/json"
        if m and self.command == "GET":
            entry["operation"] = "GetMessages"
            try:
                limit = int(query.get("limit", "10000"))
            except ValueError:
                raise Refused("limit is not an integer", 400, "InvalidParameter") from None
            if "cursor" not in query:
                raise Refused("cursor is required", 400, "InvalidParameter")
            messages, next_cursor = s.state.get_messages(unquote(m.group(1)), query["cursor"], limit)
            return 200, messages, {"opc-next-cursor": next_cursor}, "application/json"
        m = STREAM_CURSORS.fullmatch(path)
        if m and self.command == "POST":
            entry["operation"] = "CreateCursor"
            return 200, s.state.create_cursor(unquote(m.group(1)), body), {}, "application/json"
        if path == METRICS and self.command == "POST":
            entry["operation"] = "PostMetricData"
            return 200, s.monitoring.post_metric_data(body), {}, "application/json"
        m = TOPIC_MESSAGES.fullmatch(path)
        if m and self.command == "POST":
            entry["operation"] = "PublishMessage"
            result = s.state.publish(unquote(m.group(1)), body, headers.get("messagetype"))
            return 200, result, {}, "application/json"
        raise Refused(f"no such operation: {self.command} {path}", 404, "NotAuthorizedOrNotFound")


def key_id_of(authorization):
    m = re.search(r'keyId="([^"]*)"', authorization or "")
    return m.group(1) if m else None


def write(dir_, name, text, mode=0o600):
    path = os.path.join(dir_, name)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    os.chmod(path, mode)
    return path


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--port", type=int, default=0)
    p.add_argument("--proxymux-port", type=int, default=0)
    p.add_argument("--dir", required=True, help="where generated files (CA, tokens) are written")
    p.add_argument("--config", help="a JSON file: api_keys, secrets, streams, topics")
    p.add_argument("--api-key", action="append", default=[], metavar="KEYID=PUBPEM_PATH")
    p.add_argument("--region", default="us-phoenix-1")
    p.add_argument("--imds-region", help="what IMDS answers (e.g. the short form phx)")
    p.add_argument("--tenancy", default="ocid1.tenancy.oc1..aaaaaaaastandintenancy")
    p.add_argument("--compartment", default="ocid1.compartment.oc1..aaaaaaaastandincompartment")
    p.add_argument("--instance", default="ocid1.instance.oc1.phx.aaaaaaaastandininstance")
    p.add_argument("--stream", action="append", default=[], help="a stream id that exists")
    p.add_argument("--topic", action="append", default=[], help="a topic id that exists")
    p.add_argument("--partitions", type=int, default=1)
    p.add_argument("--token-ttl", type=int, default=3600, help="seconds a minted token lives")
    p.add_argument("--sa-token", help="the service-account token proxymux accepts")
    p.add_argument("--proxymux-quote", action="store_true", help="answer a quoted JSON string")
    p.add_argument("--verbose", action="store_true")
    return p.parse_args(argv)


def load_config(standin, path):
    with open(path, encoding="utf-8") as f:
        config = json.load(f)
    for key in config.get("api_keys", []):
        pem = key.get("public_key_pem")
        if pem is None:
            with open(key["public_key_pem_path"], encoding="utf-8") as f:
                pem = f.read()
        standin.register_api_key(
            serialization.load_pem_public_key(pem.encode()),
            key.get("key_id"),
            key.get("tenancy"),
            key.get("user"),
        )
    for secret in config.get("secrets", []):
        standin.state.put_secret(secret["id"], secret["value"].encode(), secret.get("readers"))
    standin.state.known_streams.update(config.get("streams", []))
    standin.state.known_topics.update(config.get("topics", []))


def serve(handler_base, standin, listener, port, context=None):
    handler = type(f"{listener}Handler", (handler_base,), {"standin": standin, "listener": listener})
    server = ThreadingHTTPServer(("127.0.0.1", port), handler)
    server.daemon_threads = True
    if context is not None:
        server.socket = context.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server.server_address[1]


def main():
    args = parse_args()
    os.makedirs(args.dir, exist_ok=True)
    standin = StandIn(args)
    for spec in args.api_key:
        key_id, _, pem_path = spec.partition("=")
        with open(pem_path, "rb") as f:
            standin.register_api_key(serialization.load_pem_public_key(f.read()), key_id)
    if args.config:
        load_config(standin, args.config)

    d = args.dir
    files = {
        "instance_root_ca": write(d, "instance-root-ca.pem", cert_pem(standin.identity.ca_cert), 0o644),
        "cluster_ca": write(d, "cluster-ca.pem", cert_pem(standin.cluster.ca_cert), 0o644),
        "sa_token": write(d, "sa-token", standin.sa_token),
        "proxymux_cert": write(d, "proxymux-cert.pem", cert_pem(standin.cluster.cert), 0o644),
        "proxymux_key": write(d, "proxymux-key.pem", private_pem(standin.cluster.key)),
    }
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(files["proxymux_cert"], files["proxymux_key"])

    port = serve(Handler, standin, "api", args.port)
    proxymux_port = serve(Handler, standin, "proxymux", args.proxymux_port, context)
    url = f"http://127.0.0.1:{port}"
    proxymux_url = f"https://127.0.0.1:{proxymux_port}"
    ready = {
        "ready": True,
        "url": url,
        "port": port,
        "proxymux_url": proxymux_url,
        "proxymux_port": proxymux_port,
        "region": standin.region,
        "imds_region": standin.imds_region,
        "tenancy": standin.tenancy,
        "files": files,
        "env": {
            "instance_principal": {
                "OCI_METADATA_BASE_URL": f"{url}/opc/v2",
                "OCI_SDK_AUTH_CLIENT_REGION_URL": url,
            },
            "workload_identity": {
                "KUBERNETES_SERVICE_HOST": "127.0.0.1",
                "OCI_RESOURCE_PRINCIPAL_VERSION": "2.2",
                "OCI_RESOURCE_PRINCIPAL_REGION": standin.region,
                "VS_OCI_PROXYMUX_URL": proxymux_url,
                "VS_OCI_SA_TOKEN_FILE": files["sa_token"],
                "OCI_KUBERNETES_SERVICE_ACCOUNT_CERT_PATH": files["cluster_ca"],
            },
        },
    }
    print(json.dumps(ready), flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
