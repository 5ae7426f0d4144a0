"""One document through the readers and the extractors, the way `ingest` takes it, under a budget.

A document passes when reading ends in a `Document` or a one-line `InputError`,
extracting it raises nothing, every fact's evidence is the text at its offsets,
and the whole takes less than `SECONDS` (a bound hundreds of times what such
small inputs need: it catches a hang or a blow-up, not a slow machine).
Anything else is a crash: `check()` raises `Crash` naming what went wrong.
"""

from __future__ import annotations

import time
from collections.abc import Iterable

from telcoradar.errors import InputError
from telcoradar.extract import extract
from telcoradar.model import Evidence, Extraction
from telcoradar.read import ReadLimits, read_bytes

SECONDS = 20.0
LIMITS = ReadLimits(seconds=SECONDS, memory=512 * 1024 * 1024, unpacked=64 * 1024 * 1024)
SUFFIXES = (".html", ".txt", ".md", ".csv", ".xlsx", ".pdf")


# Crashes found and kept under cases/ whose fix is still to come: (exception, module it was raised in).
# A kept case of one of these is an expected failure (strict: the fix must remove its entry here).
OPEN = {
    ("InvalidOperation", "telcoradar/extract/figures.py"): "a number past 28 digits is quantized",
    ("IndexError", "telcoradar/extract/tariff_tables.py"): "a header mapped onto a shorter row",
}


class Crash(AssertionError):
    """A document the pipeline did not survive."""

    def __init__(self, message: str, origin: tuple[str, str] | None = None) -> None:
        super().__init__(message)
        self.origin = origin

    @property
    def known(self) -> bool:
        return self.origin in OPEN


def origin_of(error: BaseException) -> tuple[str, str]:
    """The exception's name and the package module it was raised in (the innermost frame of ours)."""
    where = ""
    tb = error.__traceback__
    while tb is not None:
        path = tb.tb_frame.f_code.co_filename.replace("\\", "/")
        if "/telcoradar/" in path:
            where = "telcoradar/" + path.rsplit("/telcoradar/", 1)[1]
        tb = tb.tb_next
    return type(error).__name__, where


def check(data: bytes, name: str) -> Extraction | None:
    """Read and extract `data` as a file called `name`; None when it was refused in one line."""
    started = time.monotonic()
    try:
        document = read_bytes(data, name, limits=LIMITS)
    except InputError as error:
        if "\n" in str(error).strip():
            raise Crash(f"{name}: a refusal of more than one line: {error!s:.300}") from error
        return None
    except Exception as error:
        raise Crash(
            f"{name}: reading raised {type(error).__name__}: {error!s:.300}", origin_of(error)
        ) from error
    try:
        extraction = extract(document)
    except Exception as error:
        raise Crash(
            f"{name}: extracting raised {type(error).__name__}: {error!s:.300}", origin_of(error)
        ) from error
    spent = time.monotonic() - started
    if spent > SECONDS:
        raise Crash(f"{name}: {len(data)} bytes took {spent:.1f} s")
    for where, evidence in evidence_of(extraction):
        if document.text[evidence.start : evidence.end] != evidence.quote:
            raise Crash(f"{name}: the {where} quote {evidence.quote[:60]!r} is not the text at its offsets")
    return extraction


def survives(data: bytes, name: str) -> None:
    """`check()` for generated documents: a crash already kept as an open case does not count again."""
    try:
        check(data, name)
    except Crash as crash:
        if not crash.known:
            raise


def evidence_of(extraction: Extraction) -> Iterable[tuple[str, Evidence]]:
    for plan in extraction.plans:
        yield "plan", plan.evidence
    for event in extraction.events:
        yield "event", event.evidence
    for figure in extraction.figures:
        yield "figure", figure.evidence
