"""Sentence spans in mixed Chinese and English text.

`sentences` returns character offsets into the text it is given, so that an
extractor can quote a sentence exactly (`text[start:end]`) as evidence.
A sentence ends at 。！？；, at ASCII ! ? followed by a space, at a line break,
or at an English full stop followed by a space, unless that full stop closes
an abbreviation (Mr., e.g., Inc., Jan.) or an initial. Decimals such as 1.5
never split, since no space follows their point.

`fold` maps traditional Chinese characters to simplified ones, one character
for one (data/hanzi.toml), so that keyword lists written in simplified
Chinese also read Hong Kong and Taiwan text while every offset stays valid.
`mask_markup` blanks link targets, tags and addresses the same way.
"""

from __future__ import annotations

import re
import tomllib
from functools import cache, lru_cache
from importlib import resources

__all__ = ["fold", "lines", "mask_markup", "sentences"]

# Closing quotes and brackets that belong to the sentence they close.
_CLOSERS = "”’」』）)]\"'"

_BOUNDARY = re.compile(
    rf"[。！？；]+[{re.escape(_CLOSERS)}]*"  # Chinese terminators, with their closers
    rf"|[!?]+[{re.escape(_CLOSERS)}]*(?=\s|$)"  # ASCII ! ? before a space
    rf"|\.[{re.escape(_CLOSERS)}]*(?=\s|$)"  # a full stop before a space
    r"|\n"
)

_ABBREVIATION_WORDS = (
    "mr mrs ms dr prof sr jr st vs etc e.g i.e eg ie inc ltd co corp plc no nos fig figs approx est "
    "dept govt jan feb mar apr jun jul aug sep sept oct nov dec mon tue wed thu fri sat sun u.s u.k "
    "cf al ca p pp vol vols ed eds mt ft rev gen gov sen rep"
)
_ABBREVIATIONS = frozenset(_ABBREVIATION_WORDS.split())

_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)$")
_SPACE = frozenset(" \t\r\n\f\v\u3000\u00a0")


def _is_abbreviation(text: str, dot: int) -> bool:
    """Whether the full stop at `dot` closes an abbreviation or an initial."""
    match = _WORD_BEFORE.search(text, max(0, dot - 12), dot)
    if match is None:
        # "1. Introduction": a list number at the start of a line.
        head = text[max(0, dot - 4) : dot]
        line_start = text.rfind("\n", 0, dot) + 1
        return head.strip().isdigit() and text[line_start:dot].strip().isdigit()
    word = match.group(1)
    if len(word) == 1 and word.isupper():
        return True  # an initial: "J. Smith"
    if word.casefold() in _ABBREVIATIONS:
        return True
    nxt = dot + 1
    while nxt < len(text) and text[nxt] in _SPACE and text[nxt] != "\n":
        nxt += 1
    # A lower-case word or a number next means the sentence goes on ("May. 2025").
    return nxt < len(text) and (text[nxt].islower() or text[nxt].isdigit())


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in _SPACE:
        start += 1
    while end > start and text[end - 1] in _SPACE:
        end -= 1
    return start, end


def sentences(text: str) -> list[tuple[int, int]]:
    """Offsets `(start, end)` of each sentence, surrounding whitespace stripped."""
    return list(_sentences(text))


@lru_cache(maxsize=4096)  # a page repeats its furniture, and units are cut again by several readers
def _sentences(text: str) -> tuple[tuple[int, int], ...]:
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        if match.group(0).startswith(".") and _is_abbreviation(text, match.start()):
            continue
        end = match.end() if match.group(0) != "\n" else match.start()
        s, e = _strip(text, start, end)
        if s < e:
            spans.append((s, e))
        start = match.end()
    s, e = _strip(text, start, len(text))
    if s < e:
        spans.append((s, e))
    return tuple(spans)


def lines(text: str) -> list[tuple[int, int]]:
    """Offsets `(start, end)` of each non-blank line, surrounding whitespace stripped."""
    spans: list[tuple[int, int]] = []
    start = 0
    while start <= len(text):
        nl = text.find("\n", start)
        end = len(text) if nl < 0 else nl
        s, e = _strip(text, start, end)
        if s < e:
            spans.append((s, e))
        if nl < 0:
            break
        start = nl + 1
    return spans


@cache
def _fold_table() -> tuple[dict[int, str], frozenset[str]]:
    raw = tomllib.loads(resources.files("telcoradar").joinpath("data/hanzi.toml").read_text("utf-8"))
    pairs = [p for line in raw["pairs"] for p in line.split()]
    if any(len(p) != 2 for p in pairs):
        raise ValueError("hanzi.toml: pairs must be two characters each")
    return {ord(p[0]): p[1] for p in pairs}, frozenset(p[0] for p in pairs)


@lru_cache(maxsize=16)
def fold(text: str) -> str:
    """`text` with traditional Chinese characters folded to simplified, length unchanged.

    Memoised: several extractors fold the same whole document text, and the
    result depends on `text` alone.
    """
    table, traditional = _fold_table()
    return text if traditional.isdisjoint(text) else text.translate(table)


# Markup that is no prose: a Markdown link's target, an HTML tag, a bare address.
_MARKUP = re.compile(
    r"(?<=\])\([^()\s]*(?:\([^()\s]*\)[^()\s]*)*\)|<[^<>\n]{1,300}>|(?:https?://|www\.)(?:[^\s<>\]/]|/(?![A-Z]))+/?"
)


def mask_markup(text: str) -> str:
    """`text` with link targets, HTML tags and bare addresses blanked, length unchanged.

    Words in an address (`business-standard.com`, `/att-to-buy-t-mobile/`) are not
    the prose's words; blanking keeps every offset an offset into the original.
    """
    if "(" not in text and "<" not in text and "www." not in text:
        return text
    return _MARKUP.sub(lambda m: " " * len(m.group(0)), text)

