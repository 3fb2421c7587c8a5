"""The OCI stand-in's test controls under /_standin/: set up data, inject failures, read back.

Unauthenticated on purpose (only the tests talk to them) and never logged as OCI requests.
  GET  /_standin/health
  POST /_standin/api-keys      {"public_key_pem", "key_id"? | "tenancy"?, "user", "register"?: true}
                               -> {"key_id", "fingerprint"} (register false: only the fingerprint)
  POST /_standin/secrets       {"id", "value" | "value_base64", "readers"?: [principal id or type]}
  GET  /_standin/streams/{id}  -> {"messages": [{partition, offset, timestamp, key, value,
                                                 key_text, value_text}]} (base64 and utf-8)
  GET  /_standin/topics/{id}   -> {"messages": [{messageId, timeStamp, title, body, messageType}]}
  GET  /_standin/metrics       -> {"metrics": [MetricDataDetails accepted, with "receivedAt"]}
  POST /_standin/outage        {"service": "streams"|"topics"|"secrets"|"metrics", "down", "status"?: 503,
                                "retry_after"?: seconds}
  POST /_standin/fail-next     {"count", "status", "path_prefix"?: "/"} (after the signature check)
  POST /_standin/fail-messages {"count"?: null = every match, "key"?: substring, "stream"?,
                                "error"?: "InternalServerError", "message"?}
  POST /_standin/faults/clear
  GET  /_standin/requests      -> {"requests": [...]};  POST /_standin/requests/clear
  POST /_standin/rpst          {"public_key_pem"?, "ttl_seconds"?} -> {"token", "private_key_pem"?}
  POST /_standin/token-ttl     {"seconds"}: lifetime of tokens minted from now on
  POST /_standin/imds/rotate   a new instance leaf certificate and key
"""
import base64
import json
from urllib.parse import unquote, urlsplit

from cryptography.hazmat.primitives import serialization

from standin_auth import Refused
from standin_certs import md5_fingerprint, new_rsa_key, private_pem


def handle(standin, method, raw_path, body):
    path = urlsplit(raw_path).path
    try:
        request = json.loads(body) if body else {}
    except ValueError:
        raise Refused("control body is not JSON", 400, "InvalidParameter") from None
    state = standin.state
    if method == "GET" and path == "/_standin/health":
        return 200, {"ok": True}
    if method == "POST" and path == "/_standin/api-keys":
        public_key = serialization.load_pem_public_key(request["public_key_pem"].encode())
        if request.get("register") is False:
            # Only the fingerprint: a key a test wants OCI not to know.
            return 200, {"key_id": None, "fingerprint": md5_fingerprint(public_key)}
        key_id, fingerprint = standin.register_api_key(
            public_key, request.get("key_id"), request.get("tenancy"), request.get("user")
        )
        return 200, {"key_id": key_id, "fingerprint": fingerprint}
    if method == "POST" and path == "/_standin/secrets":
        if "value_base64" in request:
            value = base64.b64decode(request["value_base64"])
        else:
            value = request["value"].encode()
        state.put_secret(request["id"], value, request.get("readers"))
        return 200, {"id": request["id"]}
    if method == "GET" and path.startswith("/_standin/streams/"):
        return 200, {"messages": state.stream_dump(unquote(path[len("/_standin/streams/") :]))}
    if method == "GET" and path.startswith("/_standin/topics/"):
        return 200, {"messages": state.topic_dump(unquote(path[len("/_standin/topics/") :]))}
    if method == "GET" and path == "/_standin/metrics":
        return 200, {"metrics": standin.monitoring.dump()}
    if method == "POST" and path == "/_standin/outage":
        service = request["service"]
        if service not in ("streams", "topics", "secrets", "metrics"):
            raise Refused(f"unknown service {service}", 400, "InvalidParameter")
        state.set_outage(
            service, bool(request["down"]), request.get("status", 503), request.get("retry_after")
        )
        return 200, {"ok": True}
    if method == "POST" and path == "/_standin/fail-next":
        state.add_fail_next(request["count"], request["status"], request.get("path_prefix", "/"))
        return 200, {"ok": True}
    if method == "POST" and path == "/_standin/fail-messages":
        state.add_message_rule(request)
        return 200, {"ok": True}
    if method == "POST" and path == "/_standin/faults/clear":
        state.clear_faults()
        return 200, {"ok": True}
    if method == "GET" and path == "/_standin/requests":
        with standin.log_lock:
            return 200, {"requests": list(standin.log)}
    if method == "POST" and path == "/_standin/requests/clear":
        with standin.log_lock:
            standin.log.clear()
        return 200, {"ok": True}
    if method == "POST" and path == "/_standin/rpst":
        return 200, resource_principal_token(standin, request)
    if method == "POST" and path == "/_standin/token-ttl":
        standin.token_ttl = int(request["seconds"])
        return 200, {"ok": True}
    if method == "POST" and path == "/_standin/imds/rotate":
        standin.identity.rotate()
        return 200, {"rotations": standin.identity.rotations}
    raise Refused(f"no such control: {method} {path}", 404, "NotFound")


def resource_principal_token(standin, request):
    """An RPST (resource principal v2.2) bound to the given public key, or to a new key pair."""
    out = {}
    if request.get("public_key_pem"):
        public_key = serialization.load_pem_public_key(request["public_key_pem"].encode())
    else:
        key = new_rsa_key()
        public_key = key.public_key()
        out["private_key_pem"] = private_pem(key)
    claims = {
        "sub": "ocid1.fnfunc.oc1.phx.aaaaaaaastandinfunction",
        "ptype": "resource",
        "ttype": "res",
        "res_type": "fnfunc",
        "res_id": "ocid1.fnfunc.oc1.phx.aaaaaaaastandinfunction",
        "res_tenant": standin.tenancy,
        "res_compartment": standin.args.compartment,
    }
    out["token"] = standin.mint(public_key, claims, request.get("ttl_seconds"))
    return out
