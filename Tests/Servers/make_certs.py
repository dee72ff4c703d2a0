#!/usr/bin/env python3
"""Generates test certificates into DIR (never committed; run at test time).

Usage: make_certs.py DIR
Writes ca.pem (a test root CA), and for each of
  good      CN/SAN localhost + 127.0.0.1, valid now
  wrongname SAN wrong.example, valid now
  expired   SAN localhost + 127.0.0.1, expired yesterday
  soon      SAN localhost + 127.0.0.1, expires in 10 days
the files NAME.pem (leaf certificate) and NAME.key (its private key), all signed by the CA.
"""
import datetime
import ipaddress
import os
import sys

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID


def name(common):
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common)])


def write_key(path, key):
    with open(path, "wb") as out:
        out.write(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                    serialization.NoEncryption()))


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    now = datetime.datetime.now(datetime.timezone.utc)
    day = datetime.timedelta(days=1)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca = (x509.CertificateBuilder().subject_name(name("BOMnipotent Test CA")).issuer_name(name("BOMnipotent Test CA"))
          .public_key(ca_key.public_key()).serial_number(x509.random_serial_number())
          .not_valid_before(now - 30 * day).not_valid_after(now + 3650 * day)
          .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
          .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=False, key_encipherment=False,
                                       data_encipherment=False, key_agreement=False, key_cert_sign=True,
                                       crl_sign=True, encipher_only=False, decipher_only=False), critical=True)
          .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False)
          .sign(ca_key, hashes.SHA256()))
    with open(os.path.join(out, "ca.pem"), "wb") as f:
        f.write(ca.public_bytes(serialization.Encoding.PEM))
    local = [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
    leaves = {
        "good": (local, now - day, now + 365 * day),
        "wrongname": ([x509.DNSName("wrong.example")], now - day, now + 365 * day),
        "expired": (local, now - 60 * day, now - day),
        "soon": (local, now - day, now + 10 * day),
    }
    for leaf_name, (sans, start, end) in leaves.items():
        key = ec.generate_private_key(ec.SECP256R1())
        common = "wrong.example" if leaf_name == "wrongname" else "localhost"
        cert = (x509.CertificateBuilder().subject_name(name(common)).issuer_name(ca.subject)
                .public_key(key.public_key()).serial_number(x509.random_serial_number())
                .not_valid_before(start).not_valid_after(end)
                .add_extension(x509.SubjectAlternativeName(sans), critical=False)
                .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
                .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
                .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
                .sign(ca_key, hashes.SHA256()))
        with open(os.path.join(out, f"{leaf_name}.pem"), "wb") as f:
            f.write(cert.public_bytes(serialization.Encoding.PEM))
        write_key(os.path.join(out, f"{leaf_name}.key"), key)


if __name__ == "__main__":
    main()
