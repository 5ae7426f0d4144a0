"""Who a plan belongs to when its own words do not say: the operator in context.

The operator mentions of the whole document are found once. A plan's
operator is the last mention before it in its section (a Markdown heading
starts one; the heading `上海电信：推出短期流量卡` sets the context for what
follows), else in the parent section, else in the title, else within a
window before it, else the operator the document names most.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import replace

from telcoradar.extract.operators import OperatorMatch, find_operators, find_region
from telcoradar.extract.registry import registry
from telcoradar.model import Document

__all__ = ["Context", "default_currency", "mainland_region"]

_HEADING = re.compile(r"^(#{1,6})[ \t]", re.MULTILINE)
_WINDOW = 1500
_LOOK_BACK = 64  # mentions searched back for a region
_HAN = re.compile(r"[\u4e00-\u9fff]")
_SYMBOLS: tuple[tuple[str, str], ...] = (
    ("HK$", "HKD"), ("港币", "HKD"), ("港元", "HKD"), ("£", "GBP"), ("€", "EUR"), ("S$", "SGD"),
    ("MOP", "MOP"), ("NT$", "TWD"), ("元", "CNY"), ("¥", "CNY"), ("￥", "CNY"), ("$", "USD"),
)  # fmt: skip


_HONG_KONG = re.compile(r"香港|Hong Kong|港幣|港币|港元")


_COUNTRY_DOLLAR = {"HK": "HKD", "TW": "TWD", "SG": "SGD", "MO": "MOP", "AU": "AUD", "CA": "CAD", "NZ": "NZD"}


def _home_dollar(text: str) -> str | None:
    """The dollar of the first operator named whose home market has its own dollar."""
    operators = registry().operators
    for match in find_operators(text):
        found = operators.get(match.operator)
        if found is not None:
            return _COUNTRY_DOLLAR.get(found.country)
    return None


def mainland_region(text: str) -> str | None:
    """The region `text` names when it is a part of mainland China (a branch, not a country or SAR)."""
    region = find_region(text)
    if region is None:
        return None
    found = registry().regions.get(region)
    return region if found is not None and found.country == "CN" else None


def default_currency(doc: Document) -> str:
    """The currency a bare amount is in: the one the document writes most, else CNY in Chinese text."""
    sample = doc.text[:20000]
    counts: Counter[str] = Counter()
    seen = sample
    for symbol, code in _SYMBOLS:
        n = seen.count(symbol)
        if n:
            counts[code] += n
            seen = seen.replace(symbol, " ")
    if counts:
        found = counts.most_common(1)[0][0]
        if found == "USD":  # a bare $ is the dollar of the operator's home, or Hong Kong's when named
            return _home_dollar(doc.title + "\n" + sample[:3000]) or (
                "HKD" if _HONG_KONG.search(sample) else found
            )
        if found == "CNY":  # 元 is the yuan of Taiwan, Hong Kong or Macau on their operators' pages
            home = _home_dollar(doc.title + "\n" + sample[:3000])
            return home if home in ("TWD", "HKD", "MOP") else found
        return found
    return "CNY" if _HAN.search(sample) or not sample else "USD"


class Context:
    """Operator mentions of one document, looked up by position."""

    def __init__(self, doc: Document) -> None:
        self.text = doc.text
        self.title = find_operators(doc.title) if doc.title else []
        self.title_region = mainland_region(doc.title) if doc.title else None
        self._mentions: list[OperatorMatch] | None = None
        self._starts: list[int] = []
        self._main: str | None = None
        self.headings = [(m.start(), len(m.group(1))) for m in _HEADING.finditer(doc.text)]
        self.heading_starts = [h for h, _ in self.headings]

    def _load(self) -> list[OperatorMatch]:
        """The document's operator mentions, found on first use (many plans name their own)."""
        if self._mentions is None:
            self._mentions = find_operators(self.text)
            self._starts = [m.start for m in self._mentions]
            counts = Counter(m.operator for m in self._mentions + self.title)
            self._main = counts.most_common(1)[0][0] if counts else None
        return self._mentions

    @property
    def mentions(self) -> list[OperatorMatch]:
        return self._load()

    @property
    def starts(self) -> list[int]:
        self._load()
        return self._starts

    @property
    def main(self) -> str | None:
        self._load()
        return self._main

    def _last_between(self, lo: int, hi: int) -> OperatorMatch | None:
        mentions = self.mentions
        i = bisect.bisect_left(self.starts, hi) - 1
        while i >= 0 and mentions[i].start >= lo:
            if mentions[i].end <= hi:
                return mentions[i]
            i -= 1
        return None

    def operator_at(self, pos: int) -> OperatorMatch | None:
        """The operator in context at `pos` (see the module doc)."""
        h = bisect.bisect_right(self.heading_starts, pos) - 1
        level = 7
        while h >= 0:
            start, lvl = self.headings[h]
            if lvl < level:
                found = self._last_between(start, pos)
                if found is not None:
                    return self._with_region(found, pos)
                level = lvl
                if lvl == 1:
                    break
            h -= 1
        if self.title:
            return self._with_region(self.title[0], pos)
        found = self._last_between(max(0, pos - _WINDOW), pos)
        if found is not None:
            return self._with_region(found, pos)
        if self.main is not None:
            first = next(m for m in self.mentions + self.title if m.operator == self.main)
            return self._with_region(first, pos)
        return None

    def headings_at(self, pos: int) -> str:
        """The Markdown headings `pos` sits under, nearest first (its section's, then its parents')."""
        out: list[str] = []
        level = 7
        h = bisect.bisect_right(self.heading_starts, pos) - 1
        while h >= 0 and level > 1:
            start, lvl = self.headings[h]
            if lvl < level:
                end = self.text.find("\n", start)
                out.append(self.text[start : end if end >= 0 else len(self.text)])
                level = lvl
            h -= 1
        return "\n".join(out)

    def _with_region(self, match: OperatorMatch, pos: int) -> OperatorMatch:
        """A mention without a region takes one from a regional mention of the same operator."""
        return self._settle(match) if match.region is not None else self.complete(match, pos)

    def _settle(self, match: OperatorMatch) -> OperatorMatch:
        """A name several operators use (O2, Vodafone) is the one the document names outright."""
        shared = registry().shared.get(match.name)
        if shared is None:
            return match
        for m in self.title + self.mentions:
            if m.operator in shared.operators and m.name not in registry().shared:
                return replace(match, operator=m.operator)
        return match

    def complete(self, match: OperatorMatch, pos: int, *, nearby: bool = True) -> OperatorMatch:
        """The mention with a region: its own, else that of a recent regional mention of its operator
        (unless not `nearby`), else the title's."""
        match = self._settle(match)
        if match.region is not None:
            return match
        mentions, starts = (self.mentions, self.starts) if nearby else ([], [])
        i = bisect.bisect_left(starts, pos) - 1
        stop = max(-1, i - _LOOK_BACK)
        while i > stop and pos - starts[i] < 4 * _WINDOW:
            m = mentions[i]
            if m.operator == match.operator and m.region is not None:
                return OperatorMatch(match.operator, match.name, m.region, match.start, match.end)
            i -= 1
        for m in self.title:
            if m.operator == match.operator and m.region is not None:
                return OperatorMatch(match.operator, match.name, m.region, match.start, match.end)
        if self.title_region is not None and all(m.operator == match.operator for m in self.title):
            # "中国移动 浙江 个人业务": the page of one operator's branch
            return OperatorMatch(match.operator, match.name, self.title_region, match.start, match.end)
        return match
