"""How long a plan runs: 7天 (a one-off validity), 月租 (monthly, recurring), "per month".

A period is a number of days and whether it renews: a counted validity
("7天", "15 days", "一周") is one-off; a rate ("月租", "包月", "/月", "每月",
"monthly", "a month") recurs. A month is 30 days, a year 365.
``parse_period`` is re-exported by ``telcoradar.extract.lang.units``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from telcoradar.extract.lang.numbers import GAP, NUMBER_FIRST, normalize, parse_number

__all__ = ["PERIOD", "Period", "parse_period", "parse_periods"]


@dataclass(frozen=True, slots=True)
class Period:
    days: int
    recurring: bool = False


_DAYS = {"day": 1, "week": 7, "month": 30, "year": 365}
_UNIT_ZH = {
    "天": "day",
    "日": "day",
    "周": "week",
    "星期": "week",
    "礼拜": "week",
    "月": "month",
    "年": "year",
}
_UNIT_ZH |= {"小时": "hour", "小時": "hour", "禮拜": "week", "週": "week"}
_UNIT_EN = {"day": "day", "week": "week", "wk": "week", "month": "month", "mo": "month", "mth": "month"}
_UNIT_EN |= {"year": "year", "yr": "year"}
# German and French pages: 24 Monate, 12 mois, 30 jours, pro Jahr
_UNIT_EN |= {"monat": "month", "monate": "month", "monaten": "month", "moi": "month", "jahr": "year"}
_UNIT_EN |= {"jour": "day", "semaine": "week", "woche": "week", "wochen": "week"}
_UNIT_EN |= {"tag": "day", "tage": "day", "tagen": "day", "jahre": "year"}

_N = r"\d+|[一二两三四五六七八九十百]+"
_LIST = rf"(?:{_N})(?:{GAP}[/／、,，]{GAP}(?:{_N}))*"
_EN_UNIT = (
    r"(?i:days?|weeks?|wks?|months?|mos?|mths?|years?|yrs?|monat(?:e|en)?|mois|jahre?|jours?"
    r"|semaines?|wochen?|tag(?:e|en)?)(?![A-Za-z])"
)

PERIOD = re.compile(
    f"(?=[{NUMBER_FIRST}百每包按/／月日周年DWMAYPEIJdwmaypeij])(?:"
    # a rate: 每月, 包月, /月, 月租, per month, monthly, a month
    rf"(?P<rate_zh>(?:每个?|每個?|包|按|/|／){GAP}(?:天|日|(?:周|週|星期)(?![一二三四五六日天末])|月|年)|月租|月费|月費|月付|月卡|月套餐|月包|日租|日包"
    r"|周包|年费|年費|年租|年付|(?<![老青少新今明去童成壮晚中])年卡|年繳|年缴)"  # 老年卡 is a seniors' card
    r"|(?P<rate_en>(?<![A-Za-z])(?i:daily|weekly|monthly|annually|annual|yearly|p/m|monatlich(?:e[nmrs]?)?|mtl\.?|mensuel(?:le)?s?|jährlich(?:e[nmrs]?)?)"
    r"(?![A-Za-z])"
    rf"|(?<![A-Za-z])(?i:per|a|an|each|every|pro|par|im)[ \u00a0]+{_EN_UNIT}|/[ \u00a0]*{_EN_UNIT})"
    # a count: 7天, 7/15/30天, 3个月, 1年, 24小时, 每30天, 15 days, 30-day; not a date (12月17日)
    # nor a clock (7×24小时)
    rf"|(?P<every>每)?(?<![月年\d.×xX*一二两三四五六七八九十百])"
    r"(?:(?<![月年×][ \u00a0\u3000])|(?<=[个個]月[ \u00a0\u3000]))"
    rf"(?P<count_zh>{_LIST}){GAP}"
    r"(?P<unit_zh>天|日|[个個]?星期|[个個]?(?:礼拜|禮拜)|周(?!年)|週(?!年)|[个個]月|年(?![月日度代级底初])|小时|小時)"
    rf"|(?<![\d.×xX*$£€¥￥])(?P<count_en>{_LIST})[ \u00a0-]{{0,2}}"
    rf"(?P<unit_en>{_EN_UNIT}|(?i:hours?|hrs?)(?![A-Za-z])))"
)
_BARE = {"月": Period(30, True), "年": Period(365, True), "周": Period(7), "星期": Period(7)}
_BARE |= {"天": Period(1), "日": Period(1), "month": Period(30, True), "year": Period(365, True)}
_BARE |= {"week": Period(7), "day": Period(1), "weeks": Period(7), "days": Period(1)}


def parse_period(s: str) -> Period | None:
    """The first period in ``s``: "7天" -> 7 days one-off, "月" / "元/月" -> 30 days recurring."""
    periods = parse_periods(s)
    return periods[0] if periods else None


def parse_periods(s: str) -> list[Period]:
    """Every period of the first period phrase in ``s``: "7/10/15/30天" -> four one-off periods."""
    text = normalize(s)
    bare = _BARE.get(text.casefold())
    if bare is not None:
        return [bare]
    for m in PERIOD.finditer(text):
        found = _from_match(m)
        if found:
            return found
    return []


def _from_match(m: re.Match[str]) -> list[Period]:
    if m.group("rate_zh"):
        word = m.group("rate_zh")
        unit = next(u for ch, u in _UNIT_ZH.items() if ch in word)
        return [Period(_DAYS[unit], True)]
    if m.group("rate_en"):
        word = m.group("rate_en").casefold()
        for key, unit in (
            ("da", "day"),
            ("jour", "day"),
            ("week", "week"),
            ("mo", "month"),
            ("mtl", "month"),
            ("mth", "month"),
            ("mensuel", "month"),
            ("p/m", "month"),
        ):
            if key in word:
                return [Period(_DAYS[unit], True)]
        return [Period(365, True)]
    if m.group("count_zh"):
        unit = _UNIT_ZH[m.group("unit_zh").lstrip("个個")]
        counts = m.group("count_zh")
    else:
        word = m.group("unit_en").casefold()
        unit = "hour" if word.startswith("h") else _UNIT_EN[word.rstrip("s")]
        counts = m.group("count_en")
    out = []
    for raw in re.split(r"\s*[/／、,，]\s*", counts):
        n = _count(raw)
        if n is None or n <= 0:
            continue
        period = _counted(n, unit, bool(m.group("every")))
        if period is not None:
            out.append(period)
    return out


def _counted(n: int, unit: str, every: bool) -> Period | None:
    if unit == "hour":
        return Period(n // 24, every) if n % 24 == 0 else None
    if unit == "year" and n > 10:
        return None  # 2025年 is a date, not a period
    recurring = every or (n == 1 and unit in ("month", "year"))
    return Period(n * _DAYS[unit], recurring)


def _count(raw: str) -> int | None:
    if raw.isdigit():
        return int(raw)
    value = parse_number(raw)
    if value is None or value != value.to_integral_value():
        return None
    return int(Decimal(value))
