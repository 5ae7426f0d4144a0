"""Bytes to Document: pick a reader by what the bytes are, then let it read.

The kind is decided by magic bytes first (%PDF, an XLSX zip, an HTML
start), then by the content type, then by the name's suffix. READERS maps
each kind to its reader; a new format is one more entry.
"""

from __future__ import annotations

import dataclasses
import io
import re
import stat
import zipfile
from pathlib import Path
from typing import Protocol
from urllib.parse import urlsplit

from telcoradar.config import DEFAULT_MAX_BYTES
from telcoradar.errors import InputError
from telcoradar.model import Document
from telcoradar.read.html import read_html
from telcoradar.read.limits import ReadLimits, budget
from telcoradar.read.pdf import read_pdf
from telcoradar.read.published import with_url_date
from telcoradar.read.sheet import read_csv, read_xlsx
from telcoradar.read.text import read_markdown, read_text
from telcoradar.read.writer import reason

__all__ = [
    "DEFAULT_MAX_BYTES",
    "READERS",
    "ReadLimits",
    "Reader",
    "address_not_file",
    "read_bytes",
    "read_path",
    "sniff",
    "with_url",
]


class Reader(Protocol):
    def __call__(self, data: bytes, source: str, charset: str | None = None) -> Document: ...


READERS: dict[str, Reader] = {
    "html": read_html,
    "text": read_text,
    "markdown": read_markdown,
    "pdf": read_pdf,
    "csv": read_csv,
    "xlsx": read_xlsx,
}

_CONTENT_TYPES = {
    "text/html": "html",
    "application/xhtml+xml": "html",
    "application/pdf": "pdf",
    "text/csv": "csv",
    "application/csv": "csv",
    "text/tab-separated-values": "csv",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
    "text/markdown": "markdown",
    "text/x-markdown": "markdown",
    "text/plain": "text",
}
_WEAK_TYPES = {"text/plain", "application/octet-stream", "binary/octet-stream", ""}
_SUFFIXES = {
    ".html": "html",
    ".htm": "html",
    ".shtml": "html",
    ".xhtml": "html",
    ".pdf": "pdf",
    ".csv": "csv",
    ".tsv": "csv",
    ".xlsx": "xlsx",
    ".xlsm": "xlsx",
    ".md": "markdown",
    ".markdown": "markdown",
    ".txt": "text",
    ".text": "text",
}
_HTML_START = re.compile(
    rb"^(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|table|meta|title)\b",
    re.IGNORECASE | re.DOTALL,
)
_HTML_SOMEWHERE = re.compile(rb"<(?:html|body|div|p|table|h[1-6])[\s>]", re.IGNORECASE)
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.IGNORECASE)
_MB = 1024 * 1024


def sniff(data: bytes, content_type: str | None = None, source: str = "") -> str:
    """The reader kind for these bytes: magic bytes, then content type, then suffix."""
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n\f")
    mime = (content_type or "").split(";", 1)[0].strip().lower()
    suffix = _suffix(source)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(data, source, _CONTENT_TYPES.get(mime) == "xlsx" or suffix == ".xlsx")
    if head.startswith(_OLE2):
        raise InputError(source, "old binary Office file (.xls/.doc): save it as .xlsx")
    if _HTML_START.match(head):
        return "html"
    if mime not in _WEAK_TYPES and mime in _CONTENT_TYPES:
        return _CONTENT_TYPES[mime]
    if suffix in _SUFFIXES:
        return _SUFFIXES[suffix]
    if mime in _CONTENT_TYPES:
        return _CONTENT_TYPES[mime]
    return "html" if _HTML_SOMEWHERE.search(head[:512]) else "text"


def _suffix(source: str) -> str:
    path = urlsplit(source).path if "://" in source else source
    return Path(path).suffix.lower()


def _zip_kind(data: bytes, source: str, said_xlsx: bool) -> str:
    try:
        names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        if said_xlsx or b"xl/" in data[:65536]:
            return "xlsx"  # a damaged workbook: its reader names what is wrong
        raise InputError(source, "damaged ZIP archive") from None
    if any(name.startswith("xl/") for name in names):
        return "xlsx"
    raise InputError(source, "a ZIP archive that is not an XLSX workbook")


def read_bytes(
    data: bytes,
    source: str,
    content_type: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    limits: ReadLimits | None = None,
) -> Document:
    """Read `data` (named `source` in messages and in the Document) into a Document.

    Raises InputError, with a one-line reason, for input that cannot be used:
    too large, empty, binary, damaged or of an unsupported kind, or one that
    spends its budget (`limits`, default from the environment: time, memory,
    unpacked size; see `read.limits`).
    """
    if len(data) > max_bytes:
        raise InputError(source, too_large(len(data), max_bytes))
    if not data:
        raise InputError(source, "empty file")
    kind = sniff(data, content_type, source)
    if kind not in ("pdf", "xlsx") and not data.strip():
        raise InputError(source, "empty file (only whitespace)")
    found = _CHARSET.search(content_type or "")
    try:
        with budget(source, limits or ReadLimits.from_env()) as spent:
            document = READERS[kind](data, source, found.group(1) if found else None)
            spent.check()
    except InputError:
        raise
    except MemoryError:
        raise InputError(source, f"not enough memory to read it as {kind}") from None
    except Exception as error:  # a reader's bug must not become a traceback for the user
        raise InputError(source, f"could not read as {kind} ({reason(error)})") from error
    return with_url(document, source) if urlsplit(source).scheme in ("http", "https") else document


def with_url(document: Document, url: str) -> Document:
    """The document as captured from `url`; an address that is not http(s) is refused."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InputError(url, "not an http(s) address")
    return with_url_date(dataclasses.replace(document, url=url.strip()), url)


_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]+):/+")


def address_not_file(name: str) -> InputError | None:
    """The error for a web (or other) address given where a file is read, None for a path.

    A path argument folds `//` into `/`, so `gopher:/host` is an address too."""
    found = _SCHEME.match(name)
    if found is None:
        return None
    scheme = found.group(1).lower()
    address = f"{scheme}://{name[found.end() :]}"
    if scheme in ("http", "https"):
        return InputError(address, "an address, not a file: `telcoradar ingest` fetches and stores it")
    return InputError(address, f"only http and https addresses are fetched, not {scheme}")


def read_path(path: str | Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """Read a file; its size is checked before a byte of it is read."""
    name = str(path)
    if (not_file := address_not_file(name)) is not None:
        raise not_file
    try:
        info = Path(path).stat()
    except FileNotFoundError:
        raise InputError(name, "no such file") from None
    except OSError as error:
        raise InputError(name, f"cannot open ({error.strerror or reason(error)})") from None
    if stat.S_ISDIR(info.st_mode):
        raise InputError(name, "is a directory, not a file")
    if not stat.S_ISREG(info.st_mode):
        raise InputError(name, "not a regular file")
    if info.st_size > max_bytes:
        raise InputError(name, too_large(info.st_size, max_bytes))
    if info.st_size == 0:
        raise InputError(name, "empty file")
    try:
        with open(path, "rb") as handle:
            data = handle.read(max_bytes + 1)  # the file may have grown since stat
    except OSError as error:
        raise InputError(name, f"cannot read ({error.strerror or reason(error)})") from None
    return read_bytes(data, name, None, max_bytes)


def too_large(size: int, limit: int) -> str:
    return f"file is {size / _MB:.1f} MB, above the {limit / _MB:.1f} MB limit (set --max-bytes)"
