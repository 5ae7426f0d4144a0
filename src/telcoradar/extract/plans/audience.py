"""Who a plan is for: inbound visitors, students, seniors, families.

The words of each audience are data (`headers.toml`, `[audiences]`). A plan's
audience is the first of these texts that names one: its name, its table's
audience cell, its row or sentence, its table's caption, the section
heading above it, the page title. An audience cell that names none of them
is kept as written (适用人群 | 新入网用户). A caption, heading or title that
joins an audience to others ("本地及旅客儲值卡", "local and tourist SIMs")
speaks of several groups and gives none.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

from telcoradar.extract.plans.tables import header_data

__all__ = ["audience_of", "first_audience"]


@cache
def _lexicon() -> tuple[re.Pattern[str], dict[str, str]]:
    """One pattern over every audience word, and the audience of each word (folded)."""
    audiences: dict[str, list[str]] = header_data().get("audiences", {})
    owner: dict[str, str] = {}
    parts: list[str] = []
    for audience, words in audiences.items():
        for word in words:
            owner.setdefault(word.casefold(), audience)
    for word in sorted(owner, key=len, reverse=True):
        escaped = re.escape(word)
        if word.isascii():
            escaped = f"(?i:(?<![A-Za-z]){escaped}(?![A-Za-z]))"
        parts.append(escaped)
    return re.compile("|".join(parts) or r"(?!x)x"), owner


_JOINED = re.compile(r"(?:及|和|与|與|、|&|/|(?i:\band\b|\bor\b))\s*$")
_JOINS = re.compile(r"^\s*(?:及|和|与|與|、|&|/|(?i:and\b|or\b))")


def audience_of(text: str, *, section: bool = False) -> str | None:
    """The audience the first audience word of `text` names, or None; in a `section` text
    (caption, heading, title) an audience joined to another group gives none."""
    if not text:
        return None
    pattern, owner = _lexicon()
    m = pattern.search(text)
    if m is None:
        return None
    if section and (_JOINED.search(text, max(0, m.start() - 6), m.start()) or _JOINS.match(text, m.end())):
        return None
    return owner[m.group(0).casefold()]


def first_audience(own: Iterable[str | None], section: Iterable[str | None] = ()) -> str | None:
    """The audience of the first of the plan's `own` texts that names one, else of its `section` texts."""
    for text in own:
        found = audience_of(text or "")
        if found is not None:
            return found
    for text in section:
        found = audience_of(text or "", section=True)
        if found is not None:
            return found
    return None
