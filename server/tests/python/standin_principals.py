"""The OCI stand-in's principal endpoints: instance metadata (IMDS v2), X.509 federation, proxymux.

Instance principal (oci.md §2.1): IMDS serves the region and the identity chain; /v1/x509 (its
signature checked with the leaf key by the caller) gets a token bound to the body's publicKey once
the certificates are this instance's. OKE workload identity (§2.3): proxymux exchanges the
service-account token for a token bound to podKey, answered as base64 of {"token": "ST$<jwt>"}.
"""
import base64
import json

from standin_auth import Refused
from standin_certs import cert_pem, load_cert_body, load_public_key_body, rsa_private_pem, tenancy_of

JSON = "application/json"


def federation(standin, body):
    try:
        request = json.loads(body)
        leaf = load_cert_body(request["certificate"])
        session_key = load_public_key_body(request["publicKey"])
        intermediates = [load_cert_body(c) for c in request.get("intermediateCertificates", [])]
    except (ValueError, KeyError, TypeError) as e:
        raise Refused(f"federation body does not parse: {e}", 400, "InvalidParameter") from None
    ident = standin.identity
    problem = ident.check_chain(leaf, intermediates)
    if problem is None and tenancy_of(leaf) != standin.tenancy:
        problem = "the certificate's opc-tenant is not the tenancy"
    if problem:
        raise Refused(problem)
    token = standin.mint(
        session_key,
        {
            "sub": ident.instance,
            "ptype": "instance",
            "ttype": "x509",
            "tenant": ident.tenancy,
            "opc-tenant": ident.tenancy,
            "opc-instance": ident.instance,
            "opc-compartment": ident.compartment,
            "opc-certtype": "instance",
        },
    )
    return 200, {"token": token}, {}, JSON


def imds(standin, path, headers, entry):
    entry["operation"] = "imds"
    if not path.startswith("/opc/v2/"):
        # IMDS v1 is what old clients use without the header: a client on it is a bug.
        raise Refused("only IMDS v2 (/opc/v2/) is served", 404, "NotFound")
    if headers.get("authorization") != "Bearer Oracle":
        raise Refused("IMDS v2 needs the header Authorization: Bearer Oracle", 401, "NotAuthenticated")
    entry["principal"] = {"type": "imds", "id": None}
    ident = standin.identity
    documents = {
        "/opc/v2/instance/region": standin.imds_region,
        "/opc/v2/identity/cert.pem": cert_pem(ident.leaf_cert),
        "/opc/v2/identity/key.pem": rsa_private_pem(ident.leaf_key),
        "/opc/v2/identity/intermediate.pem": cert_pem(ident.intermediate_cert),
    }
    if path in documents:
        return 200, documents[path], {}, "text/plain"
    if path in ("/opc/v2/instance", "/opc/v2/instance/"):
        instance = {
            "id": ident.instance,
            "compartmentId": ident.compartment,
            "region": standin.imds_region,
            "canonicalRegionName": standin.region,
        }
        return 200, instance, {}, JSON
    raise Refused(f"no IMDS document at {path}", 404, "NotFound")


def proxymux(standin, method, path, headers, body, entry):
    entry["operation"] = "proxymux"
    if method != "POST" or path != "/resourcePrincipalSessionTokens":
        raise Refused(f"no such proxymux operation: {method} {path}", 404, "NotFound")
    if headers.get("authorization") != f"Bearer {standin.sa_token}":
        raise Refused("the service-account token is missing or wrong", 401, "NotAuthenticated")
    try:
        pod_key = load_public_key_body(json.loads(body)["podKey"])
    except (ValueError, KeyError, TypeError) as e:
        raise Refused(f'body is not {{"podKey": ...}}: {e}', 400, "InvalidParameter") from None
    entry["principal"] = {"type": "workload", "id": SERVICE_ACCOUNT}
    token = standin.mint(
        pod_key,
        {
            "sub": WORKLOAD,
            "ptype": "workload",
            "ttype": "res",
            "res_type": "workload",
            "res_tenant": standin.tenancy,
            "res_compartment": standin.args.compartment,
            "namespace": "vision-stays",
            "service_account": "vision-stays",
        },
    )
    encoded = base64.b64encode(json.dumps({"token": "ST$" + token}).encode()).decode()
    payload = json.dumps(encoded) if standin.args.proxymux_quote else encoded
    return 200, payload, {}, JSON


WORKLOAD = "ocid1.workload.oc1..aaaaaaaastandinworkload"
SERVICE_ACCOUNT = "system:serviceaccount:vision-stays:vision-stays"


def service_account_token(standin):
    """A Kubernetes-style service-account JWT (the OCI SDKs read its exp before sending it)."""
    return standin.tokens.sign(
        {
            "iss": "https://kubernetes.default.svc.cluster.local",
            "sub": SERVICE_ACCOUNT,
            "aud": ["https://kubernetes.default.svc.cluster.local"],
            "exp": 4102444800,  # 2100-01-01: outlives any test run
        }
    )
