"""Han text written a character apart ("月 費 澳 門 數 據"), closed up for reading.

Some pages space every Han character (a rendering trick that survives text
capture). Every pattern of the extractor reads words, so such a document is
read closed up, and each offset found in the closed-up text is taken back to
the original: evidence still quotes the document as written.
"""

from __future__ import annotations

import re
from dataclasses import replace

from telcoradar.model import Document, Evidence

__all__ = ["closed_up", "evidence_back"]

_HAN = "\u4e00-\u9fff"
_GAP = re.compile(f"(?<=[{_HAN}]) (?=[{_HAN}])")
_HAN_CHAR = re.compile(f"[{_HAN}]")
_SHARE = 0.3  # the share of Han characters followed by a gap that makes a page a spaced one
_LEAST = 20


def closed_up(doc: Document) -> tuple[Document, list[int]] | None:
    """The document with the gaps between Han characters taken out, and for each offset of its
    text the offset in the original; None when the document is not written spaced (or has grids,
    whose offsets stay the reader's)."""
    if doc.tables:
        return None
    gaps = [m.start() for m in _GAP.finditer(doc.text)]
    han = len(_HAN_CHAR.findall(doc.text))
    if len(gaps) < _LEAST or len(gaps) < _SHARE * han:
        return None
    back: list[int] = []
    pieces: list[str] = []
    pos = 0
    for gap in gaps:
        pieces.append(doc.text[pos:gap])
        back.extend(range(pos, gap))
        pos = gap + 1
    pieces.append(doc.text[pos:])
    back.extend(range(pos, len(doc.text) + 1))  # one past the end maps to the end
    return replace(doc, text="".join(pieces)), back


def evidence_back(evidence: Evidence, original: str, back: list[int]) -> Evidence:
    """Evidence found in the closed-up text, quoting and pointing into the original."""
    start = back[evidence.start]
    end = back[evidence.end - 1] + 1 if evidence.end > evidence.start else start
    return replace(evidence, quote=original[start:end], start=start, end=end)
