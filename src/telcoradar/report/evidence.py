"""The evidence book: every number a briefing shows points at one of its entries.

An entry is a quote from a stored snapshot (its SHA-256, URI and capture
date), or a derived entry that names the quotes a computed number comes from
(a price change, a regression coefficient). Entries are numbered in the order
the briefing first cites them; the appendix lists them under `#ev-N` anchors.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from telcoradar.model import Evidence


@dataclass(frozen=True, slots=True)
class SourceInfo:
    """One stored snapshot, as the appendix names it."""

    sha256: str
    uri: str
    fetched_at: dt.datetime | None = None
    title: str = ""


@dataclass(frozen=True, slots=True)
class EvidenceEntry:
    n: int
    quote: str
    uri: str = ""
    sha256: str = ""
    fetched: str = ""  # ISO date of the capture
    title: str = ""
    note: str = ""  # for derived entries: how the number was computed
    inputs: tuple[int, ...] = ()  # for derived entries: the entries it rests on
    verified: bool = False  # an analyst accepted or corrected the fact this quote backs

    @property
    def anchor(self) -> str:
        return f"ev-{self.n}"


@dataclass(frozen=True, slots=True)
class Num:
    """A number as shown, with the evidence entry it links to."""

    text: str
    ev: int
    cls: str = ""  # "name" for a name as written, "quote" for the source's words


@dataclass
class EvidenceBook:
    sources: dict[str, SourceInfo] = field(default_factory=dict)
    verified: frozenset[tuple[str, int, int]] = frozenset()  # (sha256, start, end) an analyst confirmed
    entries: list[EvidenceEntry] = field(default_factory=list)
    _index: dict[tuple[str, int, int, str], int] = field(default_factory=dict)

    def cite(self, evidence: Evidence) -> int:
        """The entry number of a quote, adding it on first use."""
        key = (evidence.snapshot or "", evidence.start, evidence.end, evidence.quote)
        found = self._index.get(key)
        if found is not None:
            return found
        info = self.sources.get(evidence.snapshot or "")
        n = len(self.entries) + 1
        self.entries.append(
            EvidenceEntry(
                n=n,
                quote=evidence.quote,
                uri=info.uri if info else "",
                sha256=evidence.snapshot or "",
                fetched=info.fetched_at.date().isoformat() if info and info.fetched_at else "",
                title=info.title if info else "",
                verified=(evidence.snapshot or "", evidence.start, evidence.end) in self.verified,
            )
        )
        self._index[key] = n
        return n

    def derive(self, note: str, inputs: Iterable[int]) -> int:
        """A derived entry: `note` says how, `inputs` are the entries it rests on."""
        used = tuple(dict.fromkeys(inputs))
        key = ("", -1, -1, note + "|" + ",".join(map(str, used)))
        found = self._index.get(key)
        if found is not None:
            return found
        n = len(self.entries) + 1
        self.entries.append(EvidenceEntry(n=n, quote="", note=note, inputs=used))
        self._index[key] = n
        return n

    def num(self, text: str, evidence: Evidence, cls: str = "") -> Num:
        return Num(text, self.cite(evidence), cls)
