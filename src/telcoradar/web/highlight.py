"""Evidence in its document: cut a text into plain and marked pieces, for `<mark>` in a page.

Pieces are plain strings; the template escapes them (autoescape), so a quote
holding `<script>` is shown as text, never run.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Mark:
    kind: str  # plan, event, figure
    start: int
    end: int
    label: str


@dataclass(frozen=True, slots=True)
class Piece:
    text: str
    mark: Mark | None = None


def pieces(text: str, marks: Iterable[Mark]) -> list[Piece]:
    """`text` split at the marks; overlapping marks are clipped so that no character is marked twice."""
    out: list[Piece] = []
    at = 0
    for mark in sorted(marks, key=lambda m: (m.start, -m.end)):
        start, end = max(mark.start, at), min(mark.end, len(text))
        if end <= start:
            continue
        if start > at:
            out.append(Piece(text[at:start]))
        out.append(Piece(text[start:end], mark))
        at = end
    if at < len(text):
        out.append(Piece(text[at:]))
    return out


def valid(marks: Sequence[Mark], length: int) -> list[Mark]:
    """Marks whose offsets fall inside a text of `length` characters."""
    return [m for m in marks if 0 <= m.start < m.end <= length]
