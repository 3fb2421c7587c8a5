"""Signs requests with the official OCI Python SDK's signer, for comparison with ours.

Reads JSON on stdin: {"tenancy", "user", "fingerprint", "key_pem", "requests": [{"method", "url",
"date", "body" (text or null), "enforce_content_headers"}]} and prints a JSON list with each
request's Authorization header as oci.signer.Signer makes it (enforce_content_headers=False is
how the SDK's StreamClient.put_messages signs).
"""
import json
import sys

import oci
from oci._vendor import requests


def main():
    spec = json.load(sys.stdin)
    signer = oci.signer.Signer(
        tenancy=spec["tenancy"],
        user=spec["user"],
        fingerprint=spec["fingerprint"],
        private_key_file_location=None,
        private_key_content=spec["key_pem"],
    )
    out = []
    for r in spec["requests"]:
        body = r.get("body")
        request = requests.Request(
            r["method"],
            r["url"],
            headers={"date": r["date"], "content-type": "application/json"},
            data=None if body is None else body.encode("utf-8"),
        ).prepare()
        signer(request, enforce_content_headers=r.get("enforce_content_headers", True))
        out.append(request.headers["authorization"])
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
