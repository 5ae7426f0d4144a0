from __future__ import annotations

import re
import socket
from typing import Any

import pytest

from telcoradar.sources import FetchError, Guard, RefusedError, check_url
from telcoradar.sources.guard import address_problem, literal_address, parse_numeric_host, system_resolver

PUBLIC = "93.184.216.34"
NAMES = {
    "public.test": [PUBLIC, "2606:2800:220:1:248:1893:25c8:1946"],
    "mixed.test": [PUBLIC, "10.0.0.7"],
    "mapped.test": ["::ffff:192.168.0.1"],
    "metadata.test": ["169.254.169.254"],
    "localhost": ["127.0.0.1", "::1"],
}


def resolver(host: str, port: int) -> list[str]:
    if host not in NAMES:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
    return NAMES[host]


guard = Guard(resolver=resolver)


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://127.0.0.1/x", "127.0.0.1 is a loopback address (use --allow-private to allow)"),
        ("http://[::1]/", "::1 is a loopback address"),
        ("http://10.1.2.3/", "10.1.2.3 is a private address"),
        ("http://172.16.0.1/", "172.16.0.1 is a private address"),
        ("http://192.168.1.1:8080/", "192.168.1.1 is a private address"),
        ("http://169.254.169.254/latest/meta-data/", "169.254.169.254 is a cloud metadata address"),
        ("http://[fd00:ec2::254]/", "fd00:ec2::254 is a cloud metadata address"),
        ("http://169.254.1.1/", "169.254.1.1 is a link-local address"),
        ("http://[fe80::1]/", "fe80::1 is a link-local address"),
        ("http://224.0.0.1/", "224.0.0.1 is a multicast address"),
        ("http://0.0.0.0/", "0.0.0.0 is an unspecified address"),
        ("http://100.64.0.1/", "100.64.0.1 is not a public address"),
        ("http://[::ffff:127.0.0.1]/", "::ffff:127.0.0.1 is a loopback address (127.0.0.1 inside IPv6)"),
        ("http://[64:ff9b::a00:1]/", "a private address (10.0.0.1 inside IPv6)"),
        ("http://2130706433/", "2130706433 is 127.0.0.1, a loopback address"),
        ("http://0x7f000001/", "0x7f000001 is 127.0.0.1, a loopback address"),
        ("http://0x7f.1/", "0x7f.1 is 127.0.0.1, a loopback address"),
        ("http://0177.1/", "0177.1 is 127.0.0.1, a loopback address"),
        ("http://127.1/", "127.1 is 127.0.0.1, a loopback address"),
        ("http://localhost/", "localhost is a local name"),
        ("http://LOCALHOST./", "localhost is a local name"),
        ("http://shop.localhost/", "shop.localhost is a local name"),
        ("http://mixed.test/", "mixed.test resolves to 10.0.0.7, a private address"),
        ("http://mapped.test/", "mapped.test resolves to ::ffff:192.168.0.1, a private address"),
        ("file:///etc/passwd", "only http and https URLs are fetched, not file"),
        ("ftp://public.test/list", "only http and https URLs are fetched, not ftp"),
        ("gopher://public.test/", "only http and https URLs are fetched, not gopher"),
        ("http://user:pw@public.test/", "URLs with user credentials (user@host) are not fetched"),
        ("http://public.test@127.0.0.1/", "URLs with user credentials"),
    ],
)
def test_refused(url: str, reason: str) -> None:
    with pytest.raises(RefusedError) as caught:
        guard.check_url(url)
    message = str(caught.value)
    assert message.startswith(f"{url}: refused: ")
    assert reason in message
    assert "\n" not in message


def test_message_names_url_and_reason_exactly() -> None:
    with pytest.raises(FetchError) as caught:
        check_url("http://127.0.0.1/x")
    assert str(caught.value) == (
        "http://127.0.0.1/x: refused: 127.0.0.1 is a loopback address (use --allow-private to allow)"
    )


def test_public_addresses_pass() -> None:
    assert str(guard.check_url("https://public.test/tariffs?id=1")) == "https://public.test/tariffs?id=1"
    assert guard.connect_addresses("public.test", 443) == NAMES["public.test"]
    assert guard.connect_addresses(PUBLIC, 80) == [PUBLIC]
    assert guard.connect_addresses("1572395042", 80) == [PUBLIC]  # decimal spelling of a public address


def test_allow_private_lets_private_addresses_through() -> None:
    allowing = Guard(allow_private=True, resolver=resolver)
    for url in ("http://127.0.0.1:8000/", "http://localhost/", "http://mixed.test/", "http://[::1]/"):
        allowing.check_url(url)
    assert allowing.connect_addresses("2130706433", 80) == ["127.0.0.1"]


def test_metadata_refused_even_when_private_allowed() -> None:
    allowing = Guard(allow_private=True, resolver=resolver)
    with pytest.raises(RefusedError, match="cloud metadata address, never fetched"):
        allowing.check_url("http://metadata.test/")
    with pytest.raises(RefusedError, match="cloud metadata"):
        allowing.check_url("http://[::ffff:169.254.169.254]/")


def test_allow_hosts_trusts_named_hosts_only() -> None:
    intranet = Guard(allow_hosts=frozenset({"mixed.test"}), resolver=resolver)
    intranet.check_url("http://mixed.test/")
    with pytest.raises(RefusedError):
        intranet.check_url("http://10.0.0.7/")


def test_unresolvable_host() -> None:
    with pytest.raises(FetchError) as caught:
        guard.check_url("http://nowhere.test/")
    assert not isinstance(caught.value, RefusedError)
    assert str(caught.value).startswith("http://nowhere.test/: cannot resolve nowhere.test")


def test_invalid_url() -> None:
    with pytest.raises(FetchError, match="not a valid URL"):
        guard.check_url("http://0177.0.0.1/")  # httpx itself rejects this spelling
    with pytest.raises(FetchError, match="refused: the URL names no host"):
        guard.check_url("http:///path")


def test_system_resolver_checks_every_address(monkeypatch: pytest.MonkeyPatch) -> None:
    def fake_getaddrinfo(host: str, port: int, *args: Any, **kwargs: Any) -> list[Any]:
        assert host == "dual.test"
        return [
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", (PUBLIC, port)),
            (socket.AF_INET6, socket.SOCK_STREAM, 6, "", ("fe80::1%eth0", port, 0, 2)),
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", (PUBLIC, port)),
        ]

    monkeypatch.setattr(socket, "getaddrinfo", fake_getaddrinfo)
    assert system_resolver("dual.test", 80) == [PUBLIC, "fe80::1"]
    with pytest.raises(RefusedError, match=re.escape("dual.test resolves to fe80::1, a link-local address")):
        Guard().check_url("http://dual.test/")


@pytest.mark.parametrize(
    ("host", "address"),
    [
        ("2130706433", "127.0.0.1"),
        ("0x7f.1", "127.0.0.1"),
        ("0x7F.0.0.1", "127.0.0.1"),
        ("10.1", "10.0.0.1"),
        ("192.168.257", "192.168.1.1"),
        ("017700000001", "127.0.0.1"),
    ],
)
def test_numeric_spellings(host: str, address: str) -> None:
    assert str(parse_numeric_host(host)) == address


@pytest.mark.parametrize("host", ["example.com", "1.2.3.4.5", "256.1.1.1", "0x", "4294967296", "1..2", "09"])
def test_not_numeric(host: str) -> None:
    assert parse_numeric_host(host) is None


def test_literal_and_problem() -> None:
    assert str(literal_address("[::1]")) == "::1"
    assert literal_address("tariffs.example") is None
    assert address_problem(literal_address(PUBLIC)) is None  # type: ignore[arg-type]


def test_international_names_resolve_in_their_ascii_form() -> None:
    asked: list[str] = []

    def recording(host: str, port: int) -> list[str]:
        asked.append(host)
        return [PUBLIC]

    Guard(resolver=recording).check_url("http://例子.测试/资费")
    assert asked == ["xn--fsqu00a.xn--0zwm56d"]
