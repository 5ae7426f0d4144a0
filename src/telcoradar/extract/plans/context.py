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

from telcoradar.extract.lang.units import MONEY, money_from_match
from telcoradar.extract.markets import BARE, host_brand, market_of, operator_of_url, url_market, vocabulary
from telcoradar.extract.operators import OperatorMatch, find_operators, find_region
from telcoradar.extract.registry import registry
from telcoradar.model import Document

__all__ = ["Context", "default_currency", "mainland_region"]

_HEADING = re.compile(r"^(#{1,6})[ \t]", re.MULTILINE)
_PLAIN_HEADING = re.compile(r"(?:^|\n)[ \t]*\n([^\n\d.!?。:：$£€¥]{2,40})\n[ \t]*\n")
_WINDOW = 1500
_LOOK_BACK = 64  # mentions searched back for a region
_HAN = re.compile(r"[\u4e00-\u9fff]")
_HONG_KONG = re.compile(r"香港|Hong Kong|港幣|港币|港元")
_SAMPLE = 20000


def _home_market(text: str, symbol: str | None) -> str | None:
    """The money of the first operator named whose home market writes `symbol` bare (any market
    for None)."""
    operators = registry().operators
    for match in find_operators(text):
        found = operators.get(match.operator)
        market = market_of(found.country) if found is not None else None
        if market is not None and (symbol is None or symbol in market.bare):
            return market.currency
    return None


def _brand_market(url: str | None, symbol: str) -> str | None:
    """The money of the one operator of the brand the page's host names whose market writes
    `symbol` bare ("$" on a host named Vodafone: Australia's)."""
    operators = registry().operators
    markets = {
        market.currency
        for op in host_brand(url)
        if (market := market_of(operators[op].country)) is not None and symbol in market.bare
    }
    return markets.pop() if len(markets) == 1 else None


def mainland_region(text: str) -> str | None:
    """The region `text` names when it is a part of mainland China (a branch, not a country or SAR)."""
    region = find_region(text)
    if region is None:
        return None
    found = registry().regions.get(region)
    return region if found is not None and found.country == "CN" else None


def default_currency(doc: Document) -> str:
    """The currency of a bare amount ("" when nothing decides).

    The market of the page's address decides; else the currency the document
    writes most, a bare "$" or 元 being the money of the first operator named
    whose market writes it so (near the start; for 元 anywhere in the sample),
    or Hong Kong's when the text names it; else, for bare numbers, the money of the first
    operator named, or CNY in Chinese text.
    """
    market = url_market(doc.url)
    if market is not None:
        return market.currency
    sample = doc.text[:_SAMPLE]
    counts: Counter[str] = Counter()
    for m in MONEY.finditer(sample):
        word = m.group("after") or m.group("before")
        money = money_from_match(m, "?") if word and word not in BARE else None
        if word in BARE:
            counts[word] += 1
        elif money is not None:
            counts[money.currency] += 1
    if counts:
        found = counts.most_common(1)[0][0]
        if found not in BARE:
            return found
        head = doc.title + "\n" + sample[:3000]
        symbol = "¥" if found == "￥" else found
        home = _home_market(head, symbol)
        if home is not None:
            return home
        home = _brand_market(doc.url, symbol)
        if home is not None:
            return home
        if symbol == "元":
            # 元 is the money of the operators the page is about, wherever it first names one;
            # a place named in passing (香港 in a list of visitors' origins) does not change it
            home = _home_market(sample, symbol)
            if home is not None:
                return home
        if symbol in ("$", "元") and _HONG_KONG.search(sample):
            return "HKD"
        return vocabulary().bare_currency(symbol, "")
    if _HAN.search(sample) or not sample:  # bare numbers: the money of the operator named, else CNY
        return _home_market(doc.title + "\n" + sample[:3000], None) or "CNY"
    return _home_market(doc.title + "\n" + sample[:3000], None) or ""  # bare prices of a named operator


class Context:
    """Operator mentions of one document, looked up by position."""

    def __init__(self, doc: Document, currency: str = "") -> None:
        self.text = doc.text
        self.currency = currency  # the page's money: a name several operators use is the one paid in it
        self.title = find_operators(doc.title) if doc.title else []
        self.title_region = mainland_region(doc.title) if doc.title else None
        site = operator_of_url(doc.url) or self._brand_site(doc.url)
        self.site = (  # the operator whose own web site the page is on
            OperatorMatch(site, registry().operators[site].en, None, 0, 0) if site is not None else None
        )
        self._mentions: list[OperatorMatch] | None = None
        self._starts: list[int] = []
        self._main: str | None = None
        self.headings = [(m.start(), len(m.group(1))) for m in _HEADING.finditer(doc.text)]
        if not self.headings:  # plain text: a short line alone between blank lines that names an
            # operator heads its section ("Bharti Airtel", "Vodafone" over their plans)
            self.headings = [
                (m.start(1), 2) for m in _PLAIN_HEADING.finditer(doc.text) if find_operators(m.group(1))
            ]
        self.heading_starts = [h for h, _ in self.headings]

    def _brand_site(self, url: str | None) -> str | None:
        """The operator of the brand the page's host names that is paid in the page's money."""
        operators = registry().operators
        paid = [
            op
            for op in host_brand(url)
            if (market := market_of(operators[op].country)) is not None and market.currency == self.currency
        ]
        return paid[0] if self.currency and len(paid) == 1 else None

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
        if self.site is not None:
            return self.site
        found = self._last_between(max(0, pos - _WINDOW), pos)
        if found is not None:
            return self._with_region(found, pos)
        if self.main is not None:
            first = next(m for m in self.mentions + self.title if m.operator == self.main)
            return self._with_region(first, pos)
        return None

    def section_at(self, pos: int) -> tuple[int, int] | None:
        """The span of the Markdown section `pos` sits in, from its heading to the next one."""
        h = bisect.bisect_right(self.heading_starts, pos) - 1
        if h < 0:
            return None
        end = self.heading_starts[h + 1] if h + 1 < len(self.heading_starts) else len(self.text)
        return self.heading_starts[h], end

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
        operators = registry().operators
        paid = [
            op
            for op in shared.operators
            if (market := market_of(operators[op].country)) is not None and market.currency == self.currency
        ]
        if self.currency and len(paid) == 1 and paid[0] != match.operator:
            return replace(match, operator=paid[0])  # "Vodafone" on a page priced in rupees
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
