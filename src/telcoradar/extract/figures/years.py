"""The year a market figure refers to, where the date words alone do not give it.

`find_periods` reads the reporting periods a clause names, which `find_dates`
does not: quarters and halves (Q1 2025, 2024 Q4, first quarter of 2025,
2025年一季度), the end of a year (at the end of 2024, end-2024), fiscal years
and their quarters (FY25, FY2024, Q3FY25, Q3 FY25), and a quarter named by
its last month against the document's day ("the December quarter" in a
February report is last year's). Each is a year-precise
`DateMatch` whose date is the period's last day; its year is the year the
figure refers to. A fiscal year is named by the year it ends in, and starts in
April (the Indian, Japanese and British convention): Q3FY25 ends in December
2024, FY25 in March 2025.

`LeadYear` is the year a document speaks of when a sentence names none: the
last year its sentences stated (截至2024年底 …, then 其中4G基站 …), as long as it
is the document's own year or the one before (a report on last year's
statistics); an older year is history and leads nothing. `PlanYear` is the
year of a plan that leads a section ("2025年可以围绕三个维度进行突破："): the
figures its sentences set out to reach are that year's targets.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

from telcoradar.extract.lang.dates import DateMatch, reporting_period

__all__ = ["COMPARED", "TARGET_BEFORE", "LeadYear", "PlanYear", "figure_date", "find_periods"]

_MONTHS = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)  # fmt: skip
_FISCAL = re.compile(
    r"(?<![A-Za-z0-9])(?:Q(?P<q>[1-4])\s*[-']?\s*)?FY\s*'?(?P<fy>20\d\d|\d\d)(?![0-9])"
    r"|(?<![A-Za-z0-9])(?:(?P<q2>[1-4])Q|Q(?P<q3>[1-4]))\s*[-']?\s*(?P<y>20\d\d)(?![0-9])"
    r"|(?<![0-9])(?P<y2>20\d\d)\s*[-']?\s*(?:Q(?P<q4>[1-4])|(?P<q5>[1-4])Q)(?![A-Za-z0-9])",
    re.I,
)
_MONTH_NAME = "|".join(_MONTHS)
_MONTH_QUARTER = re.compile(
    rf"(?i:\b(?P<month>{_MONTH_NAME})(?:-ended)?\s+quarter\b)"
    rf"|(?i:\bquarter\s+(?:ended|ending|to)\s+(?:on\s+)?(?:\d{{1,2}}\s+)?(?P<month2>{_MONTH_NAME})\b"
    r"(?!\s*\d{1,2}\s*,?\s*20\d\d)(?!\s+20\d\d))"
)
_PERIOD_HINT = re.compile(r"Q|FY|first|second|third|fourth|H[12]|季|半年|quarter|end", re.I)
# The end of a year, which `find_dates` reads only as "in 2024": at the end of 2024, end-2024.
_YEAR_END = re.compile(
    r"(?i:\b(?:the\s+)?end[-\s]+(?:of\s+)?(?P<y>20\d\d)\b|\byear[-\s]end\s+(?P<y2>20\d\d)\b)"
)


def _quarter_end(year: int, quarter: int) -> dt.date:
    month = quarter * 3
    return dt.date(year, 12, 31) if month == 12 else dt.date(year, month + 1, 1) - dt.timedelta(days=1)


def _fiscal(m: re.Match[str]) -> dt.date:
    if m.group("fy"):
        written = m.group("fy")
        end_year = int(written) if len(written) == 4 else 2000 + int(written)
        if not m.group("q"):
            return dt.date(end_year, 3, 31)
        quarter = int(m.group("q"))  # Q1 is April to June of the year before the fiscal year ends
        return _quarter_end(end_year - 1, quarter + 1) if quarter < 4 else dt.date(end_year, 3, 31)
    year = int(m.group("y") or m.group("y2"))
    quarter = int(m.group("q2") or m.group("q3") or m.group("q4") or m.group("q5"))
    return _quarter_end(year, quarter)


def _month_quarter(m: re.Match[str], today: dt.date) -> dt.date:
    month = _MONTHS.index((m.group("month") or m.group("month2")).lower()) + 1
    year = today.year if month < today.month else today.year - 1
    return _quarter_end(year, (month + 2) // 3)


_ZH_OR_EN_PERIOD = re.compile(
    r"(?<!\d)20\d\d\s*年?\s*(?:第?[一二三四1-4]季度|前三季度|[上下]半年)"
    r"|(?i:\b(?:first|second|third|fourth)\s+quarter\s+(?:of\s+)?20\d\d\b|\b(?:first|second)\s+half\s+(?:of\s+)?20\d\d\b"
    r"|\bH[12]\s+20\d\d\b)"
)


def find_periods(text: str, today: dt.date | None) -> list[DateMatch]:
    """The reporting periods `text` names, as year-precise dates on each period's last day."""
    return list(_find_periods(text, today))


@lru_cache(maxsize=4096)  # a page repeats its furniture
def _find_periods(text: str, today: dt.date | None) -> tuple[DateMatch, ...]:
    if not _PERIOD_HINT.search(text):
        return ()
    found = [DateMatch(_fiscal(m), "year", m.start(), m.end()) for m in _FISCAL.finditer(text)]
    for m in _YEAR_END.finditer(text):
        year_end = dt.date(int(m.group("y") or m.group("y2")), 12, 31)
        found.append(DateMatch(year_end, "year", m.start(), m.end()))
    for m in _ZH_OR_EN_PERIOD.finditer(text):
        period = reporting_period(m.group())
        if period is not None:
            found.append(DateMatch(period[1], "year", m.start(), m.end()))
    if today is not None:
        found += [
            DateMatch(_month_quarter(m, today), "year", m.start(), m.end())
            for m in _MONTH_QUARTER.finditer(text)
        ]
    found.sort(key=lambda d: d.start)
    kept: list[DateMatch] = []
    for d in found:
        if not kept or d.start >= kept[-1].end:
            kept.append(d)
    return tuple(kept)


class LeadYear:
    """The last recent year a document's sentences stated, for a sentence that states none."""

    def __init__(self, document_year: int | None, start: int | None = None) -> None:
        self.document_year = document_year
        self.year = start if self._recent(start) else None

    def _recent(self, year: int | None) -> bool:
        if year is None:
            return False
        return self.document_year is None or self.document_year - 1 <= year <= self.document_year

    def saw(self, year: int | None) -> None:
        if self._recent(year):
            self.year = year


# A date a comparison names (比上年末, than in 2023) dates no figure; a target's (到2030年, by 2027)
# dates the figures after it, not the paragraph.
COMPARED = re.compile(r"(?:比|较|相比|同比|(?i:than|compared (?:with|to)|versus|vs\.?))\s*$")
TARGET_BEFORE = re.compile(r"(?:到|(?<![截止])至|预计|有望|(?i:\bby|\buntil))\s*$")
_THEN = re.compile(r"届时|(?i:\bby then\b)")
# A quantity, not a generation or a name (5G, Wi-Fi 6): 15.6%, 3.5 million, 1265万, 2,444.
_QUANTITY = re.compile(r"\d[\d,.]*\s*(?:[%％万亿萬億]|(?i:million|billion|trillion|bn)\b)|\d[\d,.]{2,}")


def _distance(date: DateMatch, start: int, end: int) -> int:
    """Characters between a date and a number; a date before wins a tie."""
    return start - date.end if date.end <= start else date.start - end + 1


def figure_date(
    sentence: str, dates: list[DateMatch], clause: tuple[int, int], number: tuple[int, int], ahead: bool
) -> DateMatch | None:
    """The date that dates the number at `number` in its `clause` of `sentence`.

    The clause's date nearest the number ("valued at $250bn in 2024 and projected to reach
    $1.2tn by 2030") that no other quantity stands between, else the sentence's only date
    (截至2025年3月，…达5.6亿户); 届时 and "by then" take the date before. Else a forecast
    (`ahead`) takes the first date after it ("a number expected to rise to 5.5 billion (64%)
    by 2030") and a statement the last stated one before it ("at the end of 2024,
    representing 4.7 billion users").
    """
    left, right = clause
    start, end = number
    in_clause = [d for d in dates if left <= d.start < right]
    # A date before another number dates that one: 从上年的15.6%提升至15.9% (15.9% is this year's).
    passed = [d for d in in_clause if d.end <= start and _QUANTITY.search(sentence, d.end, start)]
    usable = [d for d in in_clause if d not in passed]
    if usable:
        return min(usable, key=lambda d: _distance(d, start, end))
    own = [d for d in dates if not COMPARED.search(sentence, 0, d.start) and d not in passed]
    if len(own) == 1 or (passed and not own):
        return own[0] if own else min(passed, key=lambda d: _distance(d, start, end))
    if _THEN.search(sentence, left, right):
        return next((d for d in reversed(dates) if d.end <= left), None)
    if ahead:
        return next((d for d in own if d.start >= end), None)
    stated = [d for d in own if d.end <= start and not TARGET_BEFORE.search(sentence, 0, d.start)]
    return stated[-1] if stated else None


# A section that a year's plan leads ("2025年可以围绕三个维度进行突破：", "Priorities for 2026:")
# states targets for that year in the sentences after it that set out to do something.
_PLAN_LEAD = re.compile(
    r"围绕|展开|突破|面向|目标|计划|规划|重点|(?i:\b(?:plans?|targets?|priorities|aims?)\b)"
)
_PLAN_VERB = re.compile(
    r"推进|(?<![已并])实现|推广|构建|实施|力争|确保|使(?!用)|打造|建成|"
    r"(?i:\b(?:aims?|targets?|achieve|ensure|will)\b)"
)


class PlanYear:
    """The year of the plan that leads the current section, for the targets it sets out."""

    def __init__(self, document_year: int | None) -> None:
        self.document_year = document_year
        self.year: int | None = None

    def heading(self) -> None:
        self.year = None

    def saw(self, sentence: str, dates: list[DateMatch], has_figures: bool) -> None:
        """Take a plan's year from a lead sentence that names one and states no figure."""
        years = [d.date.year for d in dates]
        if has_figures or not years or not _PLAN_LEAD.search(sentence):
            return
        year = max(years)
        if self.document_year is None or year >= self.document_year:
            self.year = year

    def target_year(self, sentence: str) -> int | None:
        """The plan's year when `sentence` sets out to do something under it."""
        return self.year if self.year is not None and _PLAN_VERB.search(sentence) else None
