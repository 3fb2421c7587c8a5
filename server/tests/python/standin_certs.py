"""Keys and certificates for the OCI stand-in: the instance identity chain, the cluster CA, PEM helpers.

An OCI instance gets from its metadata service a leaf certificate (subject OUs opc-tenant:,
opc-instance:, opc-compartment:, opc-certtype:instance), its RSA key and an intermediate; Oracle's
auth service checks that chain against its own root. The stand-in makes the same shape of chain at
start so the federation call (/v1/x509) can be checked the way the real service checks it.
"""
import base64
import datetime
import ipaddress

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID


def new_rsa_key():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def private_pem(key):
    """Unencrypted PKCS#8 PEM ("BEGIN PRIVATE KEY")."""
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()


def rsa_private_pem(key):
    """Unencrypted PKCS#1 PEM ("BEGIN RSA PRIVATE KEY"), the form instance metadata serves."""
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.TraditionalOpenSSL,
        serialization.NoEncryption(),
    ).decode()


def public_pem(public_key):
    return public_key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    ).decode()


def cert_pem(cert):
    return cert.public_bytes(serialization.Encoding.PEM).decode()


def strip_pem(pem):
    """The SDKs' "sanitized" form: the base64 body without BEGIN/END lines or newlines."""
    return "".join(
        line.strip() for line in pem.strip().splitlines() if not line.startswith("-----")
    )


def load_public_key_body(body):
    """A public key sent as a stripped SPKI PEM body (federation publicKey, proxymux podKey);
    a full PEM is accepted too."""
    body = body.strip()
    if body.startswith("-----"):
        return serialization.load_pem_public_key(body.encode())
    return serialization.load_der_public_key(base64.b64decode(body, validate=True))


def load_cert_body(body):
    body = body.strip()
    if body.startswith("-----"):
        return x509.load_pem_x509_certificate(body.encode())
    return x509.load_der_x509_certificate(base64.b64decode(body, validate=True))


def md5_fingerprint(public_key):
    """An API key's fingerprint: MD5 of the DER SubjectPublicKeyInfo, lowercase colon hex."""
    der = public_key.public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    digest = hashes.Hash(hashes.MD5())
    digest.update(der)
    return colon_hex(digest.finalize())


def colon_hex(raw):
    return ":".join(f"{b:02x}" for b in raw)


def cert_fingerprint(cert, algorithm):
    return colon_hex(cert.fingerprint(algorithm))


def _name(cn, ous=()):
    attrs = [x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, ou) for ou in ous]
    attrs.append(x509.NameAttribute(NameOID.COMMON_NAME, cn))
    return x509.Name(attrs)


def _build(subject, public_key, issuer_name, issuer_key, ca, days, sans=None):
    """A v3 certificate with the extensions strict verifiers (rustls, OpenSSL's X509_STRICT) want."""
    now = datetime.datetime.now(datetime.timezone.utc)
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer_name)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        # An hour back: a client whose clock is a little behind still sees a valid certificate.
        .not_valid_before(now - datetime.timedelta(hours=1))
        .not_valid_after(now + datetime.timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()),
            critical=False,
        )
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=not ca,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=ca,
                crl_sign=ca,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
    )
    if sans:
        builder = builder.add_extension(x509.SubjectAlternativeName(sans), critical=False)
        builder = builder.add_extension(
            x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]), critical=False
        )
    return builder.sign(issuer_key, hashes.SHA256())


class InstanceIdentity:
    """Root CA -> intermediate -> leaf, as an OCI instance's identity certificates."""

    def __init__(self, tenancy, instance, compartment):
        self.tenancy = tenancy
        self.instance = instance
        self.compartment = compartment
        self.ca_key = new_rsa_key()
        ca_name = _name("Vision Stays stand-in OCI root CA")
        self.ca_cert = _build(ca_name, self.ca_key.public_key(), ca_name, self.ca_key, True, 30)
        self.intermediate_key = new_rsa_key()
        self.intermediate_cert = _build(
            _name("Vision Stays stand-in OCI intermediate"),
            self.intermediate_key.public_key(),
            ca_name,
            self.ca_key,
            True,
            30,
        )
        self.rotations = 0
        self.rotate()

    def rotate(self):
        """A new leaf key and certificate: after this, only the new leaf federates."""
        self.leaf_key = new_rsa_key()
        self.leaf_cert = _build(
            _name(
                self.instance,
                [
                    "opc-certtype:instance",
                    f"opc-instance:{self.instance}",
                    f"opc-compartment:{self.compartment}",
                    f"opc-tenant:{self.tenancy}",
                ],
            ),
            self.leaf_key.public_key(),
            self.intermediate_cert.subject,
            self.intermediate_key,
            False,
            1,
        )
        self.rotations += 1

    def leaf_fingerprints(self):
        """The fingerprints a federation keyId may carry: SHA-256 (current SDKs) and SHA-1 (older)."""
        return {
            "fed-x509-sha256": cert_fingerprint(self.leaf_cert, hashes.SHA256()),
            "fed-x509": cert_fingerprint(self.leaf_cert, hashes.SHA1()),
        }

    def check_chain(self, leaf, intermediates):
        """Why the certificates sent to /v1/x509 are not this instance's, or None."""
        if leaf != self.leaf_cert:
            return "certificate is not the instance's current leaf certificate"
        if not intermediates:
            return "no intermediateCertificates"
        for inter in intermediates:
            try:
                inter.verify_directly_issued_by(self.ca_cert)
                leaf.verify_directly_issued_by(inter)
                return None
            except Exception:  # noqa: BLE001 - any failure means "does not chain"
                continue
        return "the intermediate certificate does not chain the leaf to the root CA"


def tenancy_of(cert):
    for attr in cert.subject:
        if isinstance(attr.value, str) and attr.value.startswith("opc-tenant:"):
            return attr.value[len("opc-tenant:") :]
    return None


class ClusterTls:
    """A cluster CA and the proxymux serving certificate it signed for 127.0.0.1 and localhost."""

    def __init__(self):
        self.ca_key = new_rsa_key()
        ca_name = _name("Vision Stays stand-in cluster CA")
        self.ca_cert = _build(ca_name, self.ca_key.public_key(), ca_name, self.ca_key, True, 30)
        self.key = new_rsa_key()
        self.cert = _build(
            _name("127.0.0.1"),
            self.key.public_key(),
            ca_name,
            self.ca_key,
            False,
            30,
            sans=[
                x509.DNSName("localhost"),
                x509.IPAddress(ipaddress.ip_address("127.0.0.1")),
            ],
        )
