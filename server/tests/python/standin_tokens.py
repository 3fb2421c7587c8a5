"""Security tokens for the OCI stand-in: JWTs it mints (RS256, its own key) and checks in ST$ keyIds.

Shaped like OCI's session tokens: `iat`, `exp`, a `jwk` claim (a JSON string, as OCI writes it)
holding the session public key that requests signed with keyId "ST$<token>" must verify with,
plus the principal's claims (`ptype`, `sub`, `tenant`, `res_tenant`, ...).
"""
import base64
import json
import time
import uuid

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from standin_certs import new_rsa_key


def b64url(raw):
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def b64url_decode(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _int_bytes(n):
    return n.to_bytes((n.bit_length() + 7) // 8, "big")


def public_jwk(public_key, kid):
    numbers = public_key.public_numbers()
    return {
        "kid": kid,
        "kty": "RSA",
        "alg": "RS256",
        "use": "sig",
        "n": b64url(_int_bytes(numbers.n)),
        "e": b64url(_int_bytes(numbers.e)),
    }


def jwk_public_key(jwk):
    if jwk.get("kty") != "RSA":
        raise ValueError("jwk is not an RSA key")
    n = int.from_bytes(b64url_decode(jwk["n"]), "big")
    e = int.from_bytes(b64url_decode(jwk["e"]), "big")
    return rsa.RSAPublicNumbers(e, n).public_key()


class TokenError(Exception):
    pass


class TokenIssuer:
    def __init__(self):
        self.key = new_rsa_key()
        self.kid = "standin-" + uuid.uuid4().hex[:8]

    def mint(self, session_public_key, claims, ttl_seconds):
        now = int(time.time())
        payload = {
            "iss": "authService.oracle.com",
            "aud": "oci",
            "iat": now,
            "exp": now + int(ttl_seconds),
            "jti": str(uuid.uuid4()),
            "jwk": json.dumps(public_jwk(session_public_key, "session-" + uuid.uuid4().hex[:8])),
        }
        payload.update(claims)
        return self.sign(payload)

    def sign(self, payload):
        header = {"alg": "RS256", "typ": "JWT", "kid": self.kid}
        signing_input = (
            b64url(json.dumps(header).encode()) + "." + b64url(json.dumps(payload).encode())
        )
        signature = self.key.sign(signing_input.encode(), padding.PKCS1v15(), hashes.SHA256())
        return signing_input + "." + b64url(signature)

    def verify(self, token, now=None):
        """The token's claims and its session public key; TokenError says why not."""
        parts = token.split(".")
        if len(parts) != 3:
            raise TokenError("security token is not a JWT")
        try:
            header = json.loads(b64url_decode(parts[0]))
            claims = json.loads(b64url_decode(parts[1]))
            signature = b64url_decode(parts[2])
        except ValueError as e:
            raise TokenError(f"security token does not parse: {e}") from None
        if header.get("alg") != "RS256":
            raise TokenError("security token is not RS256")
        try:
            self.key.public_key().verify(
                signature,
                (parts[0] + "." + parts[1]).encode(),
                padding.PKCS1v15(),
                hashes.SHA256(),
            )
        except InvalidSignature:
            raise TokenError("security token was not issued by this auth service") from None
        now = time.time() if now is None else now
        exp = claims.get("exp")
        if not isinstance(exp, (int, float)):
            raise TokenError("security token has no exp")
        if exp <= now:
            raise TokenError(f"security token expired {int(now - exp)} s ago")
        jwk = claims.get("jwk")
        try:
            jwk = json.loads(jwk) if isinstance(jwk, str) else jwk
            public_key = jwk_public_key(jwk)
        except (ValueError, KeyError, TypeError, AttributeError):
            raise TokenError("security token has no usable jwk claim") from None
        return claims, public_key
