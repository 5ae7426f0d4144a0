"""What one document may cost to read: time, memory, unpacked bytes, cell length.

`read_bytes` opens a `Budget` for every document; the readers call `check()`
as they go (every row, every few hundred nodes), which raises a one-line
InputError once the document has taken longer than its time budget or the
process has grown by more than its memory budget since reading began.
Archives (XLSX) are measured before a reader sees them: every member's
declared size and then, while inflating, its actual size.

The budgets come from the environment (`ReadLimits.from_env`):
TELCORADAR_READ_SECONDS (default 30), TELCORADAR_READ_MEMORY_MB (default
1024) and TELCORADAR_MAX_UNPACKED_MB (default 100, the uncompressed size of
all members of an archive together).
"""

from __future__ import annotations

import contextvars
import io
import os
import time
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from telcoradar.errors import InputError

MB = 1024 * 1024
MAX_CELL = 32_767  # characters in a cell, as in Excel; longer text is cut there
_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def _env_number(name: str, default: float) -> float:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        raise InputError(name, f"not a number: {raw!r}") from None
    if value <= 0:
        raise InputError(name, f"must be above 0, not {raw}")
    return value


@dataclass(frozen=True)
class ReadLimits:
    """The budget of one document."""

    seconds: float = 30.0
    memory: int = 1024 * MB  # growth of the process while reading
    unpacked: int = 100 * MB  # all members of an archive, uncompressed

    @classmethod
    def from_env(cls) -> ReadLimits:
        return cls(
            seconds=_env_number("TELCORADAR_READ_SECONDS", cls.seconds),
            memory=int(_env_number("TELCORADAR_READ_MEMORY_MB", cls.memory / MB) * MB),
            unpacked=int(_env_number("TELCORADAR_MAX_UNPACKED_MB", cls.unpacked / MB) * MB),
        )


def resident_bytes() -> int | None:
    """The process's resident memory now (Linux /proc), or None where that cannot be read."""
    try:
        with open("/proc/self/statm", "rb") as handle:
            return int(handle.read().split()[1]) * _PAGE
    except (OSError, ValueError, IndexError):
        return None


class Budget:
    """The running budget of one document: `check()` raises InputError once it is spent."""

    def __init__(self, source: str, limits: ReadLimits) -> None:
        self.source = source
        self.limits = limits
        self.deadline = time.monotonic() + limits.seconds
        start = resident_bytes()
        self.memory_ceiling = None if start is None else start + limits.memory

    def check(self) -> None:
        if time.monotonic() > self.deadline:
            raise InputError(
                self.source,
                f"reading took longer than {self.limits.seconds:g} s (TELCORADAR_READ_SECONDS)",
            )
        if self.memory_ceiling is not None:
            now = resident_bytes()
            if now is not None and now > self.memory_ceiling:
                raise InputError(
                    self.source,
                    f"reading needed more than {self.limits.memory // MB} MB of memory "
                    "(TELCORADAR_READ_MEMORY_MB)",
                )


_CURRENT: contextvars.ContextVar[Budget | None] = contextvars.ContextVar("telcoradar_budget", default=None)


@contextmanager
def budget(source: str, limits: ReadLimits | None = None) -> Iterator[Budget]:
    """The budget the readers of this document check (in this thread or task)."""
    opened = Budget(source, limits or ReadLimits.from_env())
    token = _CURRENT.set(opened)
    try:
        yield opened
    finally:
        _CURRENT.reset(token)


def check() -> None:
    """Raise InputError if the current document's budget is spent (nothing outside `budget`)."""
    current = _CURRENT.get()
    if current is not None:
        current.check()


def current_limits() -> ReadLimits:
    current = _CURRENT.get()
    return current.limits if current is not None else ReadLimits()


def clip(text: str, limit: int = MAX_CELL) -> str:
    """`text` cut to `limit` characters."""
    return text if len(text) <= limit else text[:limit]


def _size(n: int) -> str:
    return f"{n / MB:.1f} MB" if n >= MB else f"{n} bytes"


def check_archive(data: bytes, source: str, limit: int | None = None) -> None:
    """Refuse a ZIP archive whose members unpack to more than `limit` bytes together.

    The declared sizes are checked first (nothing is inflated for an archive that
    admits being too large), then every member is inflated a slice at a time and
    counted, so a member that lies about its size is stopped at the limit too.
    """
    limit = limit if limit is not None else current_limits().unpacked
    hint = "set TELCORADAR_MAX_UNPACKED_MB"
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return  # the reader names what is wrong with a damaged archive
    declared = 0
    for info in members:
        declared += info.file_size
        if declared > limit:
            raise InputError(
                source,
                f"archive member {info.filename} unpacks past {_size(limit)} "
                f"({_size(info.file_size)} declared; {hint})",
            )
    total = 0
    for info in members:
        try:
            with archive.open(info) as member:
                while chunk := member.read(1 << 20):
                    total += len(chunk)
                    if total > limit:
                        raise InputError(
                            source, f"archive member {info.filename} unpacks past {_size(limit)} ({hint})"
                        )
                    check()
        except InputError:
            raise
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, RuntimeError, NotImplementedError):
            return  # damaged or encrypted: the reader says so in its own words
