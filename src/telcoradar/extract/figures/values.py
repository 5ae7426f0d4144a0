"""The numbers a market figure is written with, and their units.

`VALUE` finds one number in a sentence with its currency, scale and unit
(504亿元, 6.62亿人, 10多万个, 280EFLOPS, 31.6EFlops, £15.2bn, Rs 11,117 crore,
40 million, two billion, 4.2 million premises); `value_of` turns a match into a value in
base units, its unit and its currency. A number that counts a piece of
infrastructure written right after it (54个基站, 2,444 Optus sites, 750 new
basestations) is a figure however small it is: `counts_sites` says so.
"""

from __future__ import annotations

import re
from decimal import Decimal

from telcoradar.extract.lang.units import (
    ARABIC_NUMBER,
    CURRENCY_AFTER,
    CURRENCY_BEFORE,
    SCALE,
    parse_money,
    parse_number,
)

__all__ = ["SCALED_UNITS", "UNITS", "VALUE", "counts_sites", "value_of"]

UNITS: dict[str, str] = {
    "%": "percent", "％": "percent", "percent": "percent", "per cent": "percent",
    "人次": "person-trips", "万人次": "person-trips",
    "人": "people", "名": "people", "位": "people", "people": "people", "users": "people",
    "visitors": "people",
    "户": "subscribers", "households": "households", "homes": "households",
    "subscribers": "subscribers", "subscriptions": "subscribers", "connections": "subscribers",
    "customers": "subscribers", "lines": "subscribers",
    "premises": "premises", "sites": "sites", "base stations": "stations", "basestations": "stations",
    "分钟": "minutes", "分鐘": "minutes", "minutes": "minutes",
    "个": "count", "個": "count", "家": "count", "座": "count", "部": "count", "台": "count", "张": "count",
    "条": "count",
    "EFLOPS": "EFLOPS", "PFLOPS": "PFLOPS", "TFLOPS": "TFLOPS", "EB": "EB", "PB": "PB", "TB": "TB",
    "PF": "PFLOPS", "EF": "EFLOPS",
    "GW": "GW", "MW": "MW",
}  # fmt: skip
_CASELESS = {word.lower(): unit for word, unit in UNITS.items()}
SCALED_UNITS = frozenset({"percent", "EFLOPS", "PFLOPS", "TFLOPS", "EB", "PB", "GW"})


def _unit_alternation() -> str:
    words = sorted(UNITS, key=len, reverse=True)
    parts = []
    for w in words:
        escaped = re.escape(w)
        if w.isascii() and w[0].isalpha() and w.upper() != w:
            escaped = f"(?i:{escaped})"  # 5 Premises, 31.6EFlops
        elif w in ("EFLOPS", "PFLOPS", "TFLOPS"):
            escaped = f"(?i:{escaped})"
        parts.append(escaped + ("(?![A-Za-z])" if w[-1].isascii() and w[-1].isalpha() else ""))
    return "|".join(parts)


_WORD_NUMBERS: dict[str, Decimal] = {k: Decimal(str(v)) for k, v in {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "a": 1, "half a": "0.5",
}.items()}  # fmt: skip
_WORD_NUMBER = "|".join(sorted(_WORD_NUMBERS, key=len, reverse=True))
_WORD_SCALE = {"million": 10**6, "billion": 10**9, "trillion": 10**12}

VALUE = re.compile(
    rf"(?:(?P<before>{CURRENCY_BEFORE})\s*)?"
    rf"(?P<num>(?:{ARABIC_NUMBER})(?P<more>多|余|餘)?(?P<scale>{SCALE})?"
    rf"|(?i:(?<![A-Za-z])(?:{_WORD_NUMBER})\s(?P<wscale>million|billion|trillion))(?![A-Za-z]))"
    rf"\+?\s*(?:(?P<points>个百分点|percentage points?)|(?P<after>{CURRENCY_AFTER})"
    rf"|(?P<unit>{_unit_alternation()}))?"
)


def _word_number(written: str) -> Decimal | None:
    words = written.lower().split()
    scale = _WORD_SCALE.get(words[-1])
    count = _WORD_NUMBERS.get(" ".join(words[:-1]))
    return None if scale is None or count is None else count * scale


def value_of(m: re.Match[str]) -> tuple[Decimal, str, str | None] | None:
    """Value in base units, unit and currency of a `VALUE` match."""
    if m.group("wscale"):
        amount = _word_number(m.group("num"))
        if amount is None or m.group("before") or m.group("after"):
            return None  # "a billion euros" is no market figure we read
        word = m.group("unit")
        return amount, _CASELESS.get(word.lower(), "count") if word else "count", None
    written, number = m.group(0), m.group("num")
    if m.group("more"):  # 10多万个: at least 10万
        written, number = written.replace(m.group("more"), "", 1), number.replace(m.group("more"), "", 1)
    if m.group("before") or m.group("after"):
        money = parse_money(written.strip().rstrip("+"))
        return (money.amount, money.currency, money.currency) if money else None
    value = parse_number(number)
    if value is None:
        return None
    word = m.group("unit")
    unit = UNITS.get(word, _CASELESS.get(word.lower(), "count")) if word else "count"
    return value, unit, None


# Infrastructure counted right after its number: 54个基站, 13个智算中心, 2,444 Optus sites.
_SITES = re.compile(
    r"\s*(?:[个個座处]\s*)?(?:[A-Za-z0-9][\w-]*\s+){0,3}?"
    r"(?:5G\s*)?(?:基站|智算中心|数据中心|數據中心|骨干云池|"
    r"(?i:(?:base\s*stations?|basestations?|(?:antenna\s+|cell\s+|mobile\s+)?(?:sites|towers|masts)"
    r"|data\s+cent(?:re|er)s)\b))"
)


def counts_sites(sentence: str, end: int, value: Decimal) -> str | None:
    """The infrastructure a number counts when it is named right after it, else None."""
    if value < 10:
        return None
    m = _SITES.match(sentence, end)
    return m.group(0).strip() if m else None
