"""HTTPS through the pinned transport: the socket goes to the checked address, TLS checks the name."""

from __future__ import annotations

import datetime as dt
import ssl
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from telcoradar.sources import Fetcher, FetchError, Guard

pytest.importorskip("cryptography")
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID


def _cert(
    subject: str,
    key: ec.EllipticCurvePrivateKey,
    issuer: tuple[str, ec.EllipticCurvePrivateKey] | None,
    names: list[str] | None = None,
) -> x509.Certificate:
    now = dt.datetime.now(dt.UTC)
    issuer_name, issuer_key = issuer or (subject, key)
    builder = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, subject)]))
        .issuer_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, issuer_name)]))
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=issuer is None, path_length=None), critical=True)
    )
    if names:
        builder = builder.add_extension(x509.SubjectAlternativeName([x509.DNSName(n) for n in names]), False)
    return builder.sign(issuer_key, hashes.SHA256())


@pytest.fixture(scope="module")
def tls(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[HTTPServer, ssl.SSLContext]]:
    folder: Path = tmp_path_factory.mktemp("tls")
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca = _cert("telcoradar test CA", ca_key, None)
    key = ec.generate_private_key(ec.SECP256R1())
    leaf = _cert("tariffs.test", key, ("telcoradar test CA", ca_key), ["tariffs.test"])
    (folder / "leaf.pem").write_bytes(leaf.public_bytes(serialization.Encoding.PEM))
    (folder / "key.pem").write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    server_context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_context.load_cert_chain(folder / "leaf.pem", folder / "key.pem")
    client_context = ssl.create_default_context(cadata=ca.public_bytes(serialization.Encoding.PEM).decode())
    server = HTTPServer(host="127.0.0.1", port=0, ssl_context=server_context)
    server.start()
    server.expect_request("/robots.txt").respond_with_data("", status=404)
    server.expect_request("/plans").respond_with_data("<p>熊猫卡 90元</p>", content_type="text/html")
    try:
        yield server, client_context
    finally:
        server.clear()
        server.stop()


def names_to_loopback(*names: str) -> Guard:
    def resolve(host: str, port: int) -> list[str]:
        assert host in names
        return ["127.0.0.1"]

    return Guard(allow_hosts=frozenset(names), resolver=resolve)


def test_https_to_a_pinned_address_verifies_the_host_name(tls: tuple[HTTPServer, ssl.SSLContext]) -> None:
    server, context = tls
    with Fetcher(guard=names_to_loopback("tariffs.test"), verify=context, min_interval=0) as fetcher:
        result = fetcher.fetch(f"https://tariffs.test:{server.port}/plans")
    assert result.content == "<p>熊猫卡 90元</p>".encode()


def test_https_with_a_certificate_for_another_name_fails(tls: tuple[HTTPServer, ssl.SSLContext]) -> None:
    server, context = tls
    guard = names_to_loopback("other.test")
    slept: list[float] = []
    with (
        Fetcher(
            guard=guard, verify=context, min_interval=0, attempts=3, respect_robots=False, sleep=slept.append
        ) as fetcher,
        pytest.raises(FetchError) as caught,
    ):
        fetcher.fetch(f"https://other.test:{server.port}/plans")
    assert str(caught.value).startswith(
        f"https://other.test:{server.port}/plans: TLS certificate not accepted"
    )
    assert "Hostname mismatch" in str(caught.value)
    assert slept == []  # a refused certificate is not retried
