"""An httpx transport whose sockets connect only to addresses the guard checked.

httpx resolves host names inside httpcore's network backend. Replacing that
backend lets the guard resolve the name once, check every address, and
hand the socket the checked address itself: a DNS answer that changes
between the check and the connection (rebinding) cannot slip through. TLS
still verifies the certificate against the host name, because httpcore
takes the server name from the URL, not from the socket address.
"""

from __future__ import annotations

import socket
import ssl
from collections.abc import Iterable

import httpcore
import httpx

from telcoradar.sources.guard import Guard

SocketOption = tuple[int, int, int] | tuple[int, int, bytes | bytearray] | tuple[int, int, None, int]


class PinnedBackend(httpcore.SyncBackend):
    """A network backend that resolves through the guard and connects to the checked address."""

    def __init__(self, guard: Guard) -> None:
        self.guard = guard

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[SocketOption] | None = None,
    ) -> httpcore.NetworkStream:
        try:
            addresses = self.guard.connect_addresses(host, port)  # raises guard.Refused
        except socket.gaierror as exc:
            raise httpcore.ConnectError(f"cannot resolve {host} ({exc.strerror or exc})") from None
        last: httpcore.ConnectError | httpcore.ConnectTimeout | None = None
        for address in addresses:
            try:
                return super().connect_tcp(address, port, timeout, local_address, socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                last = exc
        assert last is not None  # connect_addresses never returns an empty list
        raise last


class PinnedTransport(httpx.HTTPTransport):
    """`httpx.HTTPTransport` over a `PinnedBackend`, without proxies from the environment."""

    def __init__(
        self, guard: Guard, *, verify: ssl.SSLContext | bool = True, limits: httpx.Limits | None = None
    ) -> None:
        limits = limits or httpx.Limits(max_connections=20, max_keepalive_connections=10)
        super().__init__(verify=verify, trust_env=False, limits=limits)
        # httpx has no public hook for the network backend; the pool it built is
        # replaced by one of the same settings over the pinned backend.
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(verify=verify, trust_env=False),
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            network_backend=PinnedBackend(guard),
        )
