"""Dates in a sentence, with the precision the source gave them.

`find_dates` knows the shapes that competition reports and operator
announcements use: 2025年5月16日, 2025年5月, 2024年, 2025-05-16, 2025/5/16,
May 16, 2025, 16 May 2025, March 2025, "in 2024"; and the relative ones:
同年 (the running year: the nearest explicit year before, which the caller
tracks), 今年/本年/this year (the document's year), 去年/明年/前年, and a month
or day without a year (3月1日, 3 March) in the running year. A month date
stands for the first of its month, a year date for 1 January.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import NamedTuple

from telcoradar.model import DatePrecision

__all__ = ["DateMatch", "find_dates", "last_year", "resolve_year"]


class DateMatch(NamedTuple):
    date: dt.date
    precision: DatePrecision
    start: int
    end: int


_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
# Word edges for English words that also hold beside Chinese characters.
_L = r"(?<![A-Za-z0-9])"
_R = r"(?![A-Za-z0-9])"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:19|20)\d\d"
_ZH_MD = r"(?:\s*(?P<{m}>1[0-2]|0?[1-9])\s*月(?:\s*(?P<{d}>[12]\d|3[01]|0?[1-9])\s*[日号])?)"

_RELATIVE_ZH = {
    "同年": None,
    "当年": None,
    "今年": 0,
    "本年": 0,
    "去年": -1,
    "上年": -1,
    "前年": -2,
    "明年": 1,
}
_RELATIVE_EN = {"this year": 0, "last year": -1, "next year": 1, "the same year": None}

_PATTERN = re.compile(
    "|".join(
        (
            rf"(?<!\d)(?P<iy>{_YEAR})[-/.](?P<im>1[0-2]|0?[1-9])[-/.](?P<id>[12]\d|3[01]|0?[1-9])(?!\d)",
            rf"(?<!\d)(?<!\d[-–~])(?P<zy>{_YEAR})\s*年{_ZH_MD.format(m='zm', d='zd')}?",
            rf"(?P<zr>{'|'.join(_RELATIVE_ZH)}){_ZH_MD.format(m='rm', d='rd')}?",
            r"(?<![\d.])(?P<nm>1[0-2]|0?[1-9])\s*月(?:\s*(?P<nd>[12]\d|3[01]|0?[1-9])\s*[日号])?",
            rf"{_L}(?P<a_m>{_MONTH})\s+(?P<a_d>{_DAY}){_R}(?:,?\s+(?P<a_y>{_YEAR}){_R})?",
            rf"{_L}(?P<b_d>{_DAY})\s+(?P<b_m>{_MONTH})(?:,?\s+(?P<b_y>{_YEAR}){_R})?",
            rf"{_L}(?P<c_m>{_MONTH}),?\s+(?P<c_y>{_YEAR}){_R}",
            rf"(?i:{_L}(?P<er>{'|'.join(_RELATIVE_EN)}){_R})",
            rf"{_L}(?:[Ii]n|[Ss]ince|[Bb]y|[Dd]uring|[Uu]ntil|[Tt]hrough|[Ff]or|[Ee]arly|[Ll]ate|[Mm]id-?)"
            rf"\s+(?P<ey>{_YEAR}){_R}(?!\s*[-–]\s*\d)",
        )
    )
)

# Every date shape holds a digit, 年 or "year": a cheap test before the full scan.
_HINT = re.compile(r"[\d年]|(?i:year)")


def _month_number(word: str) -> int:
    return _MONTHS[word[:3].lower()]


def _day_number(word: str) -> int:
    return int(word.rstrip("stndrh"))


def _make(year: int | None, month: int | None, day: int | None) -> tuple[dt.date, DatePrecision] | None:
    if year is None:
        return None
    try:
        if month is None:
            return dt.date(year, 1, 1), "year"
        if day is None:
            return dt.date(year, month, 1), "month"
        return dt.date(year, month, day), "day"
    except ValueError:  # 2月30日
        return None


def _opt_int(value: str | None) -> int | None:
    return int(value) if value else None


def resolve_year(word: str, ref_year: int | None, running_year: int | None) -> int | None:
    """The year a relative word (同年, 今年, last year ...) stands for."""
    shift = _RELATIVE_ZH.get(word, _RELATIVE_EN.get(word.lower(), 0))
    if shift is None:  # 同年: the running year, else the document's
        return running_year if running_year is not None else ref_year
    return ref_year + shift if ref_year is not None else None


def _resolve(
    m: re.Match[str], ref_year: int | None, running_year: int | None
) -> tuple[dt.date, DatePrecision] | None:
    g = m.groupdict()
    here = running_year if running_year is not None else ref_year
    if g["iy"]:
        return _make(int(g["iy"]), int(g["im"]), int(g["id"]))
    if g["zy"]:
        return _make(int(g["zy"]), _opt_int(g["zm"]), _opt_int(g["zd"]))
    if g["zr"]:
        return _make(resolve_year(g["zr"], ref_year, running_year), _opt_int(g["rm"]), _opt_int(g["rd"]))
    if g["nm"]:
        return _make(here, int(g["nm"]), _opt_int(g["nd"]))
    if g["a_m"]:
        year = int(g["a_y"]) if g["a_y"] else here
        return _make(year, _month_number(g["a_m"]), _day_number(g["a_d"]))
    if g["b_m"]:
        year = int(g["b_y"]) if g["b_y"] else here
        return _make(year, _month_number(g["b_m"]), _day_number(g["b_d"]))
    if g["c_m"]:
        return _make(int(g["c_y"]), _month_number(g["c_m"]), None)
    if g["er"]:
        return _make(resolve_year(g["er"], ref_year, running_year), None, None)
    return _make(int(g["ey"]), None, None)


def find_dates(
    sentence: str, ref_year: int | None = None, running_year: int | None = None
) -> list[DateMatch]:
    """Every date in `sentence`, left to right, with offsets into `sentence`.

    `ref_year` is the document's own year (for 今年, 去年 ...); `running_year`
    the year last stated before this sentence (for 同年 and yearless dates),
    falling back to `ref_year`. A date whose year cannot be known is skipped.
    """
    found: list[DateMatch] = []
    if not _HINT.search(sentence):
        return found
    for m in _PATTERN.finditer(sentence):
        resolved = _resolve(m, ref_year, running_year)
        if resolved is not None:
            start = m.start("ey") if m.group("ey") else m.start()
            found.append(DateMatch(resolved[0], resolved[1], start, m.end()))
    return found


def last_year(matches: list[DateMatch], running_year: int | None) -> int | None:
    """The running year after a sentence with these dates."""
    return matches[-1].date.year if matches else running_year
