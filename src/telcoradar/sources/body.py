"""Reading a response body under a size limit that counts decoded bytes.

The body is read raw and decompressed here, a bounded slice at a time, so a
small gzip bomb cannot expand past the limit in memory before it is noticed.
"""

from __future__ import annotations

import time
import zlib

import httpx

from telcoradar.sources.guard import FetchError

ACCEPT_ENCODING = "gzip, deflate"
CHUNK = 64 * 1024


def describe_size(n: int) -> str:
    """A size for messages: "20.0 MB", "512.0 KB", "300 bytes"."""
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):.1f} MB"
    if n >= 1024:
        return f"{n / 1024:.1f} KB"
    return f"{n} bytes"


class _Inflater:
    """Incremental gzip/deflate decoding with a bound on each step's output."""

    def __init__(self, encoding: str) -> None:
        self.encoding = encoding
        self.first = True
        self._z = zlib.decompressobj(16 + zlib.MAX_WBITS if encoding != "deflate" else zlib.MAX_WBITS)

    def decompress(self, data: bytes, limit: int) -> tuple[bytes, bytes]:
        """Decode up to `limit` bytes from `data`; return (output, input left over)."""
        try:
            out = self._z.decompress(data, limit)
        except zlib.error:
            if not (self.first and self.encoding == "deflate"):
                raise
            self._z = zlib.decompressobj(-zlib.MAX_WBITS)  # raw deflate, as some servers send
            out = self._z.decompress(data, limit)
        self.first = False
        return out, self._z.unconsumed_tail

    def flush(self, limit: int) -> bytes:
        return self._z.flush(limit)


def _too_large(url: str, max_bytes: int) -> FetchError:
    return FetchError(url, f"response larger than {describe_size(max_bytes)} limit")


def read_body(response: httpx.Response, url: str, max_bytes: int, max_seconds: float | None = None) -> bytes:
    """The decoded body of a streamed response; FetchError above `max_bytes` or `max_seconds`."""
    declared = response.headers.get("content-length", "").strip()
    if declared.isdigit() and int(declared) > max_bytes:
        raise _too_large(url, max_bytes)
    header = response.headers.get("content-encoding", "")
    encodings = [e.strip().lower() for e in header.split(",") if e.strip().lower() not in ("", "identity")]
    if len(encodings) > 1 or (encodings and encodings[0] not in ("gzip", "x-gzip", "deflate")):
        raise FetchError(url, f"unsupported content encoding {header!r}")
    inflater = _Inflater(encodings[0]) if encodings else None
    deadline = None if max_seconds is None else time.monotonic() + max_seconds
    body = bytearray()
    try:
        for chunk in response.iter_raw(CHUNK):
            if inflater is None:
                body += chunk
            else:
                data = chunk
                while data:
                    out, data = inflater.decompress(data, max_bytes - len(body) + 1)
                    body += out
                    if len(body) > max_bytes:
                        raise _too_large(url, max_bytes)
            if len(body) > max_bytes:
                raise _too_large(url, max_bytes)
            if deadline is not None and time.monotonic() > deadline:
                raise FetchError(url, f"response took longer than {max_seconds:g} s")
        if inflater is not None:
            body += inflater.flush(max_bytes - len(body) + 1)
    except zlib.error as exc:
        raise FetchError(url, f"response body is not valid {encodings[0]} ({exc})") from None
    if len(body) > max_bytes:
        raise _too_large(url, max_bytes)
    return bytes(body)
