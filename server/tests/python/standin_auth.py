"""OCI request-signature verification for the stand-in (oci.md §1.6), check by check, with reasons.

The signing string is rebuilt from the request exactly as received: (request-target) from the
raw path and query, host as sent (port included), the body hashed again. The minimum signed
header sets are those of §1.2, with Oracle's two exceptions (Streaming PutMessages without body
headers, the X.509 federation call without host).
"""
import base64
import binascii
import email.utils
import hashlib
import re
import time

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding

MAX_SKEW_SECONDS = 300
BODY_METHODS = ("POST", "PUT", "PATCH")
BODY_HEADERS = ["content-length", "content-type", "x-content-sha256"]
PUT_MESSAGES = re.compile(r"/20180418/streams/[^/]+/messages")
FEDERATION = "/v1/x509"
_PARAM = r'[A-Za-z]+="[^"]*"'
_PARAMS = re.compile(rf"\s*{_PARAM}(\s*,\s*{_PARAM})*\s*")


class Refused(Exception):
    """A request OCI would refuse: the HTTP status, the OCI error code and why."""

    def __init__(self, message, status=401, code="NotAuthenticated", headers=None):
        super().__init__(message)
        self.message = message
        self.status = status
        self.code = code
        self.headers = headers or {}


def parse_authorization(value):
    """The Signature parameters, in whatever order the client wrote them."""
    if not value:
        raise Refused("missing Authorization header")
    scheme, _, rest = value.strip().partition(" ")
    if scheme != "Signature":
        raise Refused(f"Authorization scheme is {scheme!r}, not Signature")
    if not _PARAMS.fullmatch(rest):
        raise Refused('Authorization parameters are not a list of name="value"')
    params = {}
    for m in re.finditer(r'([A-Za-z]+)="([^"]*)"', rest):
        if m.group(1) in params:
            raise Refused(f"Authorization parameter {m.group(1)} appears twice")
        params[m.group(1)] = m.group(2)
    for name in ("version", "algorithm", "headers", "keyId", "signature"):
        if name not in params:
            raise Refused(f"Authorization has no {name} parameter")
    if params["version"] != "1":
        raise Refused(f'signature version is "{params["version"]}", not "1"')
    if params["algorithm"] != "rsa-sha256":
        raise Refused(f'algorithm is "{params["algorithm"]}", not "rsa-sha256"')
    return params


def minimum_headers(method, path):
    """The headers that must be signed; "date" stands for date or x-date."""
    route = path.split("?", 1)[0]
    if method == "POST" and route == FEDERATION:
        return ["date", "(request-target)"] + BODY_HEADERS
    if method == "POST" and PUT_MESSAGES.fullmatch(route):
        return ["date", "(request-target)", "host"]
    if method in BODY_METHODS:
        return ["date", "(request-target)", "host"] + BODY_HEADERS
    return ["date", "(request-target)", "host"]


def parse_date(value, now):
    parsed = None
    try:
        parsed = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        pass
    if parsed is None or parsed.tzinfo is None:
        raise Refused(f"date header {value!r} is not an RFC 7231 date")
    skew = parsed.timestamp() - now
    if abs(skew) > MAX_SKEW_SECONDS:
        direction = "behind" if skew < 0 else "ahead of"
        raise Refused(
            f"date {value!r} is {abs(int(skew))} s {direction} the server clock "
            f"(more than {MAX_SKEW_SECONDS // 60} minutes)"
        )


def verify_request(method, raw_path, headers, body, resolve_key, now=None):
    """Checks one request; returns (keyId, principal) or raises Refused.

    `headers` maps lowercase names to values; `resolve_key(key_id)` returns (public key,
    principal) or raises Refused.
    """
    now = time.time() if now is None else now
    params = parse_authorization(headers.get("authorization"))
    key_id = params["keyId"]
    signed = params["headers"].lower().split()
    if not signed:
        raise Refused("no signed headers")
    for name in minimum_headers(method, raw_path):
        if name == "date":
            if "date" not in signed and "x-date" not in signed:
                raise Refused("neither date nor x-date is signed")
        elif name not in signed:
            raise Refused(f"{name} is not signed (required for {method} {raw_path.split('?')[0]})")

    lines = []
    for name in signed:
        if name == "(request-target)":
            lines.append(f"(request-target): {method.lower()} {raw_path}")
            continue
        if name not in headers:
            raise Refused(f"signed header {name} is not in the request")
        lines.append(f"{name}: {headers[name]}")
    for name in ("date", "x-date"):
        if name in signed:
            parse_date(headers[name], now)
    if "x-content-sha256" in signed:
        digest = base64.b64encode(hashlib.sha256(body).digest()).decode()
        if headers["x-content-sha256"] != digest:
            raise Refused("x-content-sha256 does not match the body")
    if "content-length" in signed and headers["content-length"].strip() != str(len(body)):
        raise Refused(
            f"content-length {headers['content-length']} does not match the body ({len(body)})"
        )

    public_key, principal = resolve_key(key_id)
    try:
        signature = base64.b64decode(params["signature"], validate=True)
    except (binascii.Error, ValueError):
        raise Refused("signature is not base64") from None
    try:
        public_key.verify(
            signature, "\n".join(lines).encode(), padding.PKCS1v15(), hashes.SHA256()
        )
    except InvalidSignature:
        raise Refused(
            f"signature does not verify with the key of keyId {short_key_id(key_id)}"
        ) from None
    return key_id, principal


def short_key_id(key_id):
    """keyIds in messages: a security token is long and says nothing to a reader."""
    if key_id.startswith("ST$"):
        return "ST$<token>"
    return key_id
