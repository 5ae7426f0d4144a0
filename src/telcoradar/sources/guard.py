"""The private-address guard: which URLs telcoradar may fetch.

A URL passes when its scheme is http or https, it carries no user
credentials, and every address its host resolves to (all A and AAAA
records) is public. Loopback, private, link-local, multicast, reserved,
unspecified and shared addresses are refused unless the user allows private
addresses; cloud metadata endpoints are refused always.

Checking a name and then letting the HTTP library resolve it again would
leave a gap (DNS rebinding: the second answer may differ). The fetcher's
transport therefore connects through `Guard.connect_addresses`, which
resolves, checks and hands back the very addresses the socket connects to.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import httpx

from telcoradar.errors import InputError

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolver = Callable[[str, int], list[str]]

SCHEMES = frozenset({"http", "https"})
LOCAL_NAMES = frozenset({"localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback"})
METADATA = frozenset(
    ipaddress.ip_address(a)
    for a in (
        "169.254.169.254",  # AWS, GCP, Azure, OpenStack
        "169.254.170.2",  # AWS ECS task metadata
        "100.100.100.200",  # Alibaba Cloud
        "fd00:ec2::254",  # AWS over IPv6
    )
)
NAT64 = ipaddress.ip_network("64:ff9b::/96")
ALLOW_HINT = "(use --allow-private to allow)"


class FetchError(InputError):
    """A URL could not be fetched: `str()` is one line naming the URL and the reason.

    `status` is the HTTP status the server answered, when it answered at all.
    """

    def __init__(self, source: str, problem: str, status: int | None = None) -> None:
        super().__init__(source, problem)
        self.status = status


class RefusedError(FetchError):
    """The guard would not let a URL be fetched (scheme, credentials or address)."""


class Refused(Exception):
    """An address the guard will not connect to; the message is the reason."""


def system_resolver(host: str, port: int) -> list[str]:
    """Every address (A and AAAA) the system resolver gives for `host`, in its order."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    seen: list[str] = []
    for info in infos:
        address = str(info[4][0]).split("%", 1)[0]  # drop an IPv6 zone id
        if address not in seen:
            seen.append(address)
    return seen


def parse_numeric_host(host: str) -> ipaddress.IPv4Address | None:
    """Decode the legacy IPv4 spellings inet_aton accepts: 2130706433, 0x7f.1, 0177.0.0.1, 127.1."""
    parts = host.split(".")
    if not 1 <= len(parts) <= 4:
        return None
    values: list[int] = []
    for part in parts:
        text = part.lower()
        try:
            if text.startswith("0x"):
                value = int(text[2:], 16)
            elif len(text) > 1 and text.startswith("0"):
                value = int(text[1:], 8)
            else:
                value = int(text, 10) if text.isdigit() else -1
        except ValueError:
            return None
        if value < 0:
            return None
        values.append(value)
    *head, last = values
    if any(v > 255 for v in head) or last >= 256 ** (5 - len(values)):
        return None
    number = 0
    for v in head:
        number = number * 256 + v
    number = number * 256 ** (5 - len(values)) + last
    return ipaddress.IPv4Address(number)


def literal_address(host: str) -> IPAddress | None:
    """The address a host names by itself (an IP literal in any spelling), else None."""
    try:
        return ipaddress.ip_address(host.strip("[]").split("%", 1)[0])
    except ValueError:
        return parse_numeric_host(host)


def embedded_ipv4(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 address carries (mapped, 6to4, Teredo, NAT64), if any."""
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if address.teredo is not None:
        return address.teredo[1]
    if address in NAT64:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


def address_problem(address: IPAddress) -> str | None:
    """Why an address is not public ("a loopback address", ...), or None when it is."""
    if address in METADATA:
        return "a cloud metadata address"
    if isinstance(address, ipaddress.IPv6Address):
        inner = embedded_ipv4(address)
        if inner is not None:
            problem = address_problem(inner)
            return f"{problem} ({inner} inside IPv6)" if problem else None
    checks = (
        ("is_loopback", "a loopback address"),
        ("is_link_local", "a link-local address"),
        ("is_multicast", "a multicast address"),
        ("is_unspecified", "an unspecified address"),
        ("is_private", "a private address"),
        ("is_reserved", "a reserved address"),
    )
    for attribute, problem in checks:
        if getattr(address, attribute):
            return problem
    return None if address.is_global else "not a public address"


def _is_metadata(address: IPAddress) -> bool:
    if address in METADATA:
        return True
    inner = embedded_ipv4(address) if isinstance(address, ipaddress.IPv6Address) else None
    return inner is not None and inner in METADATA


@dataclass(frozen=True)
class Guard:
    """What may be fetched. `allow_hosts` names hosts trusted even on private addresses."""

    allow_private: bool = False
    allow_hosts: frozenset[str] = field(default_factory=frozenset)
    resolver: Resolver = system_resolver

    def check_url(self, url: str | httpx.URL) -> httpx.URL:
        """Parse and check a URL (scheme, credentials, every resolved address); raise FetchError."""
        text = str(url)
        try:
            parsed = httpx.URL(url)
        except (httpx.InvalidURL, TypeError, ValueError) as exc:
            raise FetchError(text, f"not a valid URL ({exc})") from None
        if parsed.scheme not in SCHEMES:
            scheme = parsed.scheme or "no scheme"
            raise RefusedError(text, f"refused: only http and https URLs are fetched, not {scheme}")
        if parsed.userinfo:
            raise RefusedError(text, "refused: URLs with user credentials (user@host) are not fetched")
        if not parsed.host:
            raise RefusedError(text, "refused: the URL names no host")
        host = parsed.raw_host.decode("ascii")  # what the connection will resolve (IDNA-encoded)
        try:
            self.connect_addresses(host, parsed.port or (443 if parsed.scheme == "https" else 80))
        except Refused as exc:
            raise RefusedError(text, f"refused: {exc}") from None
        except OSError as exc:
            raise FetchError(text, f"cannot resolve {host} ({_os_reason(exc)})") from None
        return parsed

    def connect_addresses(self, host: str, port: int) -> list[str]:
        """Resolve `host` and return the addresses to connect to; raise Refused if any is bad.

        Raises OSError (socket.gaierror) when the name does not resolve.
        """
        name = host.strip("[]").rstrip(".").lower()
        trusted = self.allow_private or name in self.allow_hosts
        literal = literal_address(name)
        if literal is None and not trusted and (name in LOCAL_NAMES or name.endswith(".localhost")):
            raise Refused(f"{name} is a local name {ALLOW_HINT}")
        addresses = [str(literal)] if literal is not None else self.resolver(name, port)
        if not addresses:
            raise socket.gaierror(f"no address for {name}")
        for text in addresses:
            address = ipaddress.ip_address(text)
            if _is_metadata(address):
                raise Refused(f"{_spelled(name, text)} a cloud metadata address, never fetched")
            problem = None if trusted else address_problem(address)
            if problem is not None:
                raise Refused(f"{_spelled(name, text)} {problem} {ALLOW_HINT}")
        return addresses


def _spelled(name: str, address: str) -> str:
    """How to name the address in a message: "127.0.0.1 is", "2130706433 is 127.0.0.1,"."""
    try:
        ipaddress.ip_address(name)
    except ValueError:
        pass
    else:
        return f"{name} is"
    if parse_numeric_host(name) is not None:
        return f"{name} is {address},"
    return f"{name} resolves to {address},"


def _os_reason(exc: OSError) -> str:
    return exc.strerror or str(exc) or type(exc).__name__


def check_url(url: str, *, allow_private: bool = False, allow_hosts: Iterable[str] = ()) -> httpx.URL:
    """Check one URL with a default guard (see `Guard.check_url`)."""
    return Guard(allow_private=allow_private, allow_hosts=frozenset(allow_hosts)).check_url(url)
