#!/usr/bin/env python3
"""Checks the OCI stand-in against Oracle's own client, the `oci` Python SDK.

What the SDK sends (API key, instance principal through IMDS + /v1/x509, resource principal v2.2,
OKE workload identity through proxymux) must be accepted and answered in shapes the SDK parses;
what OCI refuses (another key under the same keyId, a Date six minutes old, a signature that
leaves out a required header, a body changed after signing, an expired token) must come back
401 NotAuthenticated. Prints one line per check; exits 1 if any failed.

  oci_sdk_check.py --url URL --config OCI_CONFIG --stream ID --topic ID
                   --proxymux-url URL --cluster-ca PEM --sa-token-file PATH
"""
import argparse
import base64
import email.utils
import json
import os
import shutil
import sys
import tempfile
import time
import traceback
import urllib.request

import oci
from oci._vendor import requests  # the SDK ships its own copy; the venv has no other
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

NO_RETRY = oci.retry.NoneRetryStrategy()
# The public half of Oracle's published test key (oci.md §1.3) and its documented fingerprint.
VECTOR_PUBLIC_KEY = """-----BEGIN PUBLIC KEY-----
MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDCFENGw33yGihy92pDjZQhl0C3
6rPJj+CvfSC8+q28hxA161QFNUd13wuCTUcq0Qd2qsBe/2hFyc2DCJJg0h1L78+6
Z4UMR7EOcpfdUE9Hf3m/hs+FUR45uBJeDK1HSFHD8bHKD6kv8FPGfJTotc+2xjJw
oYi+1hqp1fIekaxsyQIDAQAB
-----END PUBLIC KEY-----
"""
VECTOR_FINGERPRINT = "73:61:a2:21:67:e0:df:be:7e:4b:93:1e:15:98:a5:b7"
BODY_HEADERS = ["content-length", "content-type", "x-content-sha256"]


def control(url, path, payload=None):
    data = None if payload is None else json.dumps(payload).encode()
    req = urllib.request.Request(url + path, data=data, method="GET" if data is None else "POST")
    req.add_header("content-type", "application/json")
    with urllib.request.urlopen(req) as res:
        return json.loads(res.read())


def new_key():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def pem(key):
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()


def expect_refused(call, why):
    """`call` must fail with 401 NotAuthenticated; returns the message."""
    try:
        result = call()
    except oci.exceptions.ServiceError as e:
        assert e.status == 401 and e.code == "NotAuthenticated", f"{why}: {e.status} {e.code} {e.message}"
        return e.message
    assert result.status_code == 401, f"{why}: got {result.status_code} {result.text}"
    body = result.json()
    assert body["code"] == "NotAuthenticated", f"{why}: {body}"
    assert result.headers.get("opc-request-id"), f"{why}: no opc-request-id"
    return body["message"]


class Check:
    def __init__(self, args):
        self.args = args
        self.url = args.url
        self.config = oci.config.from_file(args.config, args.profile)
        oci.config.validate_config(self.config)
        self.key_id = "{tenancy}/{user}/{fingerprint}".format(**self.config)
        self.signer = oci.signer.Signer.from_config(self.config)
        self.secret_id = "ocid1.vaultsecret.oc1.phx.sdkcheck"
        self.secret_value = "postgres://vs:s3cr%t@db/vs"
        control(self.url, "/_standin/secrets", {"id": self.secret_id, "value": self.secret_value})

    def secrets_client(self, **kwargs):
        return oci.secrets.SecretsClient(
            kwargs.pop("config", self.config), service_endpoint=self.url, retry_strategy=NO_RETRY, **kwargs
        )

    def read_secret(self, client, secret_id=None):
        bundle = client.get_secret_bundle(secret_id or self.secret_id).data
        assert bundle.secret_bundle_content.content_type == "BASE64"
        return base64.b64decode(bundle.secret_bundle_content.content).decode()

    # API key ------------------------------------------------------------------------------

    def fingerprint(self):
        registered = control(
            self.url, "/_standin/api-keys", {"public_key_pem": VECTOR_PUBLIC_KEY, "user": "ocid1.user.oc1..vector"}
        )
        assert registered["fingerprint"] == VECTOR_FINGERPRINT, registered

    def api_key_vault(self):
        assert self.read_secret(self.secrets_client()) == self.secret_value

    def api_key_streaming(self):
        stream = self.args.stream
        client = oci.streaming.StreamClient(self.config, service_endpoint=self.url, retry_strategy=NO_RETRY)
        M = oci.streaming.models
        sent = [(b"hotel-1", b'{"n":1}'), (b"hotel-2", b'{"n":2}'), (b"hotel-1", "{\"n\":\"\u00e9\"}".encode())]
        details = M.PutMessagesDetails(
            messages=[
                M.PutMessagesDetailsEntry(key=base64.b64encode(k).decode(), value=base64.b64encode(v).decode())
                for k, v in sent
            ]
        )
        result = client.put_messages(stream, details).data
        assert result.failures == 0, result
        assert [e.offset for e in result.entries] == sorted(e.offset for e in result.entries)
        cursor = client.create_cursor(
            stream, M.CreateCursorDetails(partition="0", type="TRIM_HORIZON")
        ).data.value
        response = client.get_messages(stream, cursor, limit=100)
        got = [(base64.b64decode(m.key), base64.b64decode(m.value)) for m in response.data]
        assert got[-3:] == sent, got
        assert all(m.timestamp is not None and m.partition == "0" for m in response.data)
        after = client.get_messages(stream, response.headers["opc-next-cursor"]).data
        assert after == [], after
        last = response.data[-1].offset
        cursor = client.create_cursor(
            stream, M.CreateCursorDetails(partition="0", type="AFTER_OFFSET", offset=last - 1)
        ).data.value
        assert [m.offset for m in client.get_messages(stream, cursor).data] == [last]
        # Per-message failure inside a 200: only the marked message fails, in its place.
        control(self.url, "/_standin/fail-messages", {"count": 1, "key": "poison", "error": "KeyFailure"})
        details = M.PutMessagesDetails(
            messages=[
                M.PutMessagesDetailsEntry(key=base64.b64encode(k).decode(), value="e30=")
                for k in (b"fine", b"poison", b"fine")
            ]
        )
        result = client.put_messages(stream, details).data
        assert result.failures == 1 and result.entries[1].error == "KeyFailure", result
        assert result.entries[0].offset is not None and result.entries[2].offset is not None

    def api_key_notifications(self):
        client = oci.ons.NotificationDataPlaneClient(
            self.config, service_endpoint=self.url, retry_strategy=NO_RETRY
        )
        details = oci.ons.models.MessageDetails(title="New booking", body="VS-123 at Hotel Example")
        result = client.publish_message(self.args.topic, details, message_type="RAW_TEXT").data
        assert result.message_id and result.time_stamp, result
        stored = control(self.url, f"/_standin/topics/{self.args.topic}")["messages"]
        assert stored[-1]["title"] == "New booking" and stored[-1]["body"] == "VS-123 at Hotel Example"
        assert stored[-1]["messageType"] == "RAW_TEXT"

    # What OCI refuses ----------------------------------------------------------------------

    def wrong_key(self):
        d = tempfile.mkdtemp()
        try:
            path = os.path.join(d, "wrong.pem")
            with open(path, "w") as f:
                f.write(pem(new_key()))
            config = dict(self.config, key_file=path)
            message = expect_refused(lambda: self.read_secret(self.secrets_client(config=config)), "wrong key")
            assert "does not verify" in message, message
        finally:
            shutil.rmtree(d)

    def secret_url(self):
        return f"{self.url}/20190301/secretbundles/{self.secret_id}"

    def old_date(self):
        fresh = requests.get(self.secret_url(), auth=self.signer)
        assert fresh.status_code == 200, fresh.text
        old = email.utils.formatdate(time.time() - 360, usegmt=True)
        message = expect_refused(
            lambda: requests.get(self.secret_url(), auth=self.signer, headers={"date": old}), "6 min old"
        )
        assert "5 minutes" in message, message

    def missing_signed_header(self):
        class HostlessSigner(oci.signer.AbstractBaseSigner):
            def __init__(self, key_id, private_key):
                self.create_signers(key_id, private_key, ["date", "(request-target)"], [])

        key = oci.signer.load_private_key_from_file(self.config["key_file"])
        message = expect_refused(
            lambda: requests.get(self.secret_url(), auth=HostlessSigner(self.key_id, key)), "no host"
        )
        assert "host is not signed" in message, message

    def body_changed(self):
        url = f"{self.url}/20181201/topics/{self.args.topic}/messages"
        request = requests.Request("POST", url, json={"title": "t", "body": "original"}).prepare()
        self.signer(request)
        request.body = json.dumps({"title": "t", "body": "tampered"}).encode()
        request.headers["content-length"] = str(len(request.body))
        message = expect_refused(lambda: requests.Session().send(request), "body changed")
        assert "x-content-sha256" in message or "content-length" in message, message

    def x_date(self):
        class XDateSigner(oci.signer.AbstractBaseSigner):
            def __init__(self, key_id, private_key):
                self.create_signers(key_id, private_key, ["x-date", "(request-target)", "host"], [])

        key = oci.signer.load_private_key_from_file(self.config["key_file"])
        now = email.utils.formatdate(time.time(), usegmt=True)
        res = requests.get(self.secret_url(), auth=XDateSigner(self.key_id, key), headers={"x-date": now})
        assert res.status_code == 200, res.text

    def oracle_vectors(self):
        """The stand-in's verifier accepts Oracle's published requests (oci.md §1.4) at their date,
        and refuses them now (the date is years off)."""
        import standin_auth

        with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "oci_signing_vectors.json")) as f:
            vectors = json.load(f)
        public_key = serialization.load_pem_public_key(vectors["public_key_pem"].encode())
        for v in (vectors["get"], vectors["post"]):
            headers = dict(v["headers"], authorization=v["authorization"])
            path = v["url"].split("oraclecloud.com", 1)[1]
            body = v.get("body", "").encode()
            at = email.utils.parsedate_to_datetime(v["headers"]["date"]).timestamp()

            def verify(now):
                return standin_auth.verify_request(
                    v["method"], path, headers, body, lambda _k: (public_key, {}), now=now
                )

            key_id, _ = verify(at)
            assert key_id == vectors["key_id"], key_id
            try:
                verify(time.time())
                raise AssertionError("a request from 2014 was accepted today")
            except standin_auth.Refused as e:
                assert "5 minutes" in e.message, e.message
            headers["host"] = "elsewhere.example"
            try:
                verify(at)
                raise AssertionError("a request whose host changed was accepted")
            except standin_auth.Refused as e:
                assert "does not verify" in e.message, e.message

    # Principals ----------------------------------------------------------------------------

    def federation_sha256_and_rotation(self):
        """The keyId form of current SDKs (fed-x509-sha256), a wrong fingerprint, and a leaf
        rotated under a signer: the old certificate is refused, the SDK's refresh re-fetches."""
        from oci.auth.certificate_retriever import UrlBasedCertificateRetriever
        from cryptography.hazmat.primitives.hashes import SHA1, SHA256

        imds = self.url + "/opc/v2"
        bearer = {"Authorization": "Bearer Oracle"}
        leaf = UrlBasedCertificateRetriever(
            certificate_url=imds + "/identity/cert.pem", private_key_url=imds + "/identity/key.pem", headers=bearer
        )
        inter = UrlBasedCertificateRetriever(certificate_url=imds + "/identity/intermediate.pem", headers=bearer)
        cert = leaf.get_certificate_as_certificate()
        tenancy = oci.auth.auth_utils.get_tenancy_id_from_certificate(cert)
        payload = {
            "certificate": oci.auth.auth_utils.sanitize_certificate_string(leaf.get_certificate_raw()),
            "publicKey": oci.auth.auth_utils.sanitize_certificate_string(public_pem(new_key()).encode()),
            "intermediateCertificates": [oci.auth.auth_utils.sanitize_certificate_string(inter.get_certificate_raw())],
            "fingerprintAlgorithm": "SHA256",
        }

        class FederationSigner(oci.signer.AbstractBaseSigner):
            def __init__(self, key_id, private_key):
                self.create_signers(key_id, private_key, ["date", "(request-target)"], BODY_HEADERS)

        def federate(kind, digest):
            fp = ":".join(f"{b:02x}" for b in cert.fingerprint(digest))
            signer = FederationSigner(f"{tenancy}/{kind}/{fp}", leaf.get_private_key())
            return requests.post(self.url + "/v1/x509", json=payload, auth=signer)

        res = federate("fed-x509-sha256", SHA256())
        assert res.status_code == 200 and res.json()["token"].count(".") == 2, res.text
        message = expect_refused(lambda: federate("fed-x509-sha256", SHA1()), "SHA-1 under sha256")
        assert "fingerprint" in message, message

        signer = oci.auth.signers.InstancePrincipalsSecurityTokenSigner(federation_endpoint=self.url + "/v1/x509")
        config = {"region": signer.region}
        control(self.url, "/_standin/imds/rotate", {})
        expect_refused(lambda: federate("fed-x509-sha256", SHA256()), "rotated leaf")
        signer.refresh_security_token()
        assert self.read_secret(self.secrets_client(config=config, signer=signer)) == self.secret_value


    def instance_principal(self):
        os.environ["OCI_METADATA_BASE_URL"] = self.url + "/opc/v2"
        signer = oci.auth.signers.InstancePrincipalsSecurityTokenSigner(
            federation_endpoint=self.url + "/v1/x509"
        )
        config = {"region": signer.region}
        assert self.read_secret(self.secrets_client(config=config, signer=signer)) == self.secret_value
        log = control(self.url, "/_standin/requests")["requests"]
        fed = [r for r in log if r["operation"] == "federation"]
        assert fed and fed[-1]["accepted"] and "/fed-x509/" in fed[-1]["key_id"], fed
        last = [r for r in log if r["operation"] == "GetSecretBundle"][-1]
        assert last["accepted"] and last["key_id"].startswith("ST$"), last
        assert last["principal"]["type"] == "instance", last
        # A secret only the API key may read: the instance is "not authorized or not found".
        only_api = "ocid1.vaultsecret.oc1.phx.apionly"
        control(self.url, "/_standin/secrets", {"id": only_api, "value": "x", "readers": [self.key_id]})
        try:
            self.read_secret(self.secrets_client(config=config, signer=signer), only_api)
            raise AssertionError("the instance principal read a secret it may not")
        except oci.exceptions.ServiceError as e:
            assert e.status == 404 and e.code == "NotAuthorizedOrNotFound", e
        assert self.read_secret(self.secrets_client(), only_api) == "x"

    def resource_principal(self):
        minted = control(self.url, "/_standin/rpst", {})
        os.environ.update(
            OCI_RESOURCE_PRINCIPAL_VERSION="2.2",
            OCI_RESOURCE_PRINCIPAL_RPST=minted["token"],
            OCI_RESOURCE_PRINCIPAL_PRIVATE_PEM=minted["private_key_pem"],
            OCI_RESOURCE_PRINCIPAL_REGION=self.config["region"],
        )
        signer = oci.auth.signers.get_resource_principals_signer()
        config = {"region": self.config["region"]}
        assert self.read_secret(self.secrets_client(config=config, signer=signer)) == self.secret_value
        key = serialization.load_pem_private_key(minted["private_key_pem"].encode(), None)
        expired = control(
            self.url, "/_standin/rpst", {"public_key_pem": public_pem(key), "ttl_seconds": -5}
        )["token"]
        stale = oci.auth.signers.SecurityTokenSigner(expired, key)
        message = expect_refused(lambda: requests.get(self.secret_url(), auth=stale), "expired token")
        assert "expired" in message, message

    def workload_identity(self):
        provider = oci.auth.rpt_path_providers.DefaultServiceAccountTokenProvider()
        provider.override_sa_token_path(self.args.sa_token_file)
        port = int(self.args.proxymux_url.rsplit(":", 1)[1])
        signer = oci.auth.signers.OkeWorkloadIdentityResourcePrincipalSigner(
            provider, self.args.cluster_ca, "127.0.0.1", port, self.config["region"]
        )
        config = {"region": self.config["region"]}
        assert self.read_secret(self.secrets_client(config=config, signer=signer)) == self.secret_value
        log = control(self.url, "/_standin/requests")["requests"]
        last = [r for r in log if r["operation"] == "GetSecretBundle"][-1]
        assert last["principal"]["type"] == "workload", last

    def imds_needs_header(self):
        res = requests.get(self.url + "/opc/v2/instance/region")
        assert res.status_code in (401, 404), res.status_code


def public_pem(key):
    return key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    ).decode()


def main():
    p = argparse.ArgumentParser()
    for name in ("--url", "--config", "--stream", "--topic", "--proxymux-url", "--cluster-ca", "--sa-token-file"):
        p.add_argument(name, required=True)
    p.add_argument("--profile", default="DEFAULT")
    args = p.parse_args()
    check = Check(args)
    failed = 0
    for name in (
        "fingerprint",
        "api_key_vault",
        "api_key_streaming",
        "api_key_notifications",
        "wrong_key",
        "old_date",
        "missing_signed_header",
        "body_changed",
        "x_date",
        "oracle_vectors",
        "instance_principal",
        "federation_sha256_and_rotation",
        "resource_principal",
        "workload_identity",
        "imds_needs_header",
    ):
        try:
            getattr(check, name)()
            print(f"ok   {name}", flush=True)
        except Exception:  # noqa: BLE001 - report every check, then fail
            failed += 1
            print(f"FAIL {name}\n{traceback.format_exc()}", flush=True)
    print(f"{failed} failed" if failed else "all passed", flush=True)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
