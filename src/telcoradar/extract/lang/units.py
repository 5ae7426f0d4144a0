"""Numbers and units as operators write them: 1.5万, 十五, 85元, HK$98, 30GB, 100分钟, 7天.

Every parser takes one string (a table cell or a short phrase) and returns a
value or ``None``; amounts are ``Decimal``, never float. The ``parse_*``
functions look for the first amount of their kind in the string, so
``parse_money("月租8.9元")`` is 8.9 CNY and ``parse_minutes("国内语音100分钟")``
is 100; a bare number counts too, since a table's header names its unit.

For prose extractors the patterns are module constants: ``NUMBER``,
``ARABIC_NUMBER``, ``CHINESE_NUMBER``, ``SCALE``, ``GAP``, ``CURRENCY_BEFORE``,
``CURRENCY_AFTER``, ``DATA_UNIT``, ``UNLIMITED`` are regex source strings
(no groups of their own, safe to embed; ``NUMBER_FIRST`` is the inside of a
character class for a number's first character); ``MONEY``, ``DATA``,
``MINUTES``, ``SMS`` and ``PERIOD`` are compiled patterns whose matches
``money_from_match``, ``data_from_match``, ``parse_minutes``, ``parse_sms``
and ``parse_period`` turn into values. In prose they skip what only looks
like a unit: 5G网络, 1000M宽带, 三分之一, 3条建议, 12月17日, 7×24小时, 联通无限.
Amounts never span a tab or a line break (those part table cells and lines).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from telcoradar.extract.lang.numbers import (
    ARABIC_NUMBER,
    CHINESE_NUMBER,
    GAP,
    NUMBER,
    NUMBER_FIRST,
    SCALE,
    is_none,
    normalize,
    parse_number,
)
from telcoradar.extract.lang.periods import PERIOD, Period, parse_period, parse_periods
from telcoradar.extract.markets import vocabulary

__all__ = [
    "ARABIC_NUMBER",
    "CHINESE_NUMBER",
    "CURRENCY_AFTER",
    "CURRENCY_BEFORE",
    "CURRENCY_FIRST",
    "DATA",
    "DATA_UNIT",
    "GAP",
    "MINUTES",
    "MONEY",
    "NUMBER",
    "NUMBER_FIRST",
    "PERIOD",
    "SCALE",
    "SMS",
    "UNLIMITED",
    "DataAmount",
    "Money",
    "Period",
    "data_from_match",
    "find_money",
    "is_none",
    "money_from_match",
    "normalize",
    "parse_data",
    "parse_minutes",
    "parse_money",
    "parse_number",
    "parse_period",
    "parse_periods",
    "parse_sms",
    "states_currency",
]

# --- money -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Money:
    amount: Decimal
    currency: str  # ISO 4217


# Written forms of each currency, before and after the amount (data/currencies.toml). Longest forms win.
_BEFORE: dict[str, str] = dict(vocabulary().before)
_AFTER: dict[str, str] = dict(vocabulary().after)


def _alternation(words: dict[str, str]) -> str:
    parts = []
    for word in sorted(words, key=len, reverse=True):
        escaped = re.escape(word)
        if word.isascii() and word.isalpha() and word.isupper():
            # a code glued to a short word still counts: "7 Days forRM15"
            escaped = f"(?:(?<![A-Za-z])|(?<=\\bfor)|(?<=\\bat)|(?<=\\bfrom)|(?<=\\bonly)){escaped}"
        elif word[0].isascii() and word[0].isalpha():
            escaped = f"(?<![A-Za-z]){escaped}"
        if word[-1].isascii() and word[-1].isalpha():
            escaped = f"{escaped}(?![A-Za-z])"
        parts.append(escaped)
    return "|".join(parts)


CURRENCY_BEFORE = f"(?:{_alternation(_BEFORE)})"
CURRENCY_AFTER = f"(?:{_alternation(_AFTER)})"
# Every written form starts with one of these characters; a lookahead on them spares trying the
# whole alternation at each position of a text.
CURRENCY_FIRST = re.escape("".join(sorted({word[0] for word in _BEFORE | _AFTER})))
_LOOKUP = {k.casefold(): v for k, v in (_BEFORE | _AFTER).items()}

_BEFORE_FIRST = re.escape("".join(sorted({word[0] for word in _BEFORE})))
# A decimal comma is read next to the euro only: 19,99 €, €19,99 (1,288 elsewhere is a thousand separator)
_EURO = r"(?:€|EUR|(?i:euros?))(?![A-Za-z])"
_DECIMAL_COMMA = (
    r"(?:(?<=€)|(?<=€[ \u00a0])|(?<=EUR[ \u00a0]))\d{1,4},\d{2}(?![\d,])"
    rf"|(?<![\d,.])\d{{1,4}},\d{{2}}(?![\d,])(?={GAP}{_EURO})"
)
MONEY = re.compile(
    f"(?=[{NUMBER_FIRST}{_BEFORE_FIRST}])"
    f"(?=(?:{CURRENCY_BEFORE})|(?:{_DECIMAL_COMMA}|{NUMBER}){GAP}(?:{CURRENCY_AFTER}))"
    f"(?:(?P<before>{CURRENCY_BEFORE}){GAP})?"
    f"(?P<amount>{_DECIMAL_COMMA}|{NUMBER})"
    f"(?:{GAP}(?P<after>{CURRENCY_AFTER}))?"
)
_FREE = {"免费", "免費", "free", "0"}


def states_currency(text: str, code: str) -> bool:
    """Whether `text` writes currency `code` in one of its forms (元, HK$, RMB), not only a bare amount."""
    folded = text.casefold()
    return any(form in folded for form, currency in _LOOKUP.items() if currency == code)


def money_from_match(m: re.Match[str], default_currency: str = "CNY") -> Money | None:
    """The Money of a MONEY match (the currency after the amount decides when both are given).

    A bare "$", "¥" or 元 is the money of the page's market (`default_currency`): "$" is USD
    on a page of a dollarless market and unknown ("") on a page of no known market.
    """
    written = m.group("amount")
    if re.fullmatch(r"\d+,\d{2}", written):
        written = written.replace(",", ".")  # 19,99 €
    amount = parse_number(written)
    if amount is None:
        return None
    after, before = m.group("after"), m.group("before")
    if after == "块" and not any(c.isdigit() for c in written) and not m.string.startswith("钱", m.end()):
        return None  # 一块区域, 两块屏幕: a measure word; 五块钱 and 5块 are money
    if after == "元" and before:
        after = None  # HK$100元, NT$300元: the symbol before decides
    word = after or before
    if not word:
        return Money(amount, default_currency)
    currency = _LOOKUP.get(word.casefold(), default_currency)
    if currency in ("$", "¥") or word == "元":
        currency = vocabulary().bare_currency(word, default_currency)
    return Money(amount, currency)


def find_money(text: str, default_currency: str = "CNY") -> list[tuple[Money, int, int]]:
    """Every amount with a currency in ``text``, with its offsets."""
    out = []
    for m in MONEY.finditer(text):
        money = money_from_match(m, default_currency)
        if money is not None:
            out.append((money, m.start(), m.end()))
    return out


def parse_money(s: str, default_currency: str = "CNY") -> Money | None:
    """The first amount of money in ``s``; a bare number is in ``default_currency``.

    "100元" -> 100 CNY, "HK$98" -> 98 HKD, "30 亿元" -> 3000000000 CNY, "免费" -> 0.
    """
    text = normalize(s)
    if is_none(text):
        return None
    if text.casefold() in _FREE:
        return Money(Decimal(0), default_currency)
    m = MONEY.search(text)
    if m:
        return money_from_match(m, default_currency)
    value = parse_number(text)
    return None if value is None else Money(value, default_currency)


# --- data, minutes, messages ----------------------------------------------------------

UNLIMITED = (
    r"(?:不限量|不限流量|无限流量|無限流量|无限量|無限量|无限数据|無限數據|无限|無限|不限|(?i:unlimited))"
)
# In DATA a bare 无限 must stand alone (a cell, not 联通无限), and "unlimited" must not be
# about calls or texts.
_UNLIMITED_DATA = (
    r"(?:不限量|不限流量|无限流量|無限流量|无限量|無限量|无限数据|無限數據"
    r"|(?<![\u4e00-\u9fff])(?:无限|無限|不限)(?![\u4e00-\u9fff])"
    r"|(?i:unlimited)(?![ \u00a0]+(?i:(?:uk|us|eu|local|national|domestic|international|intl|overseas"
    r"|anytime)[ \u00a0]+)?(?i:talk|texts?|minutes|mins|calls|calling|sms|messages)))"
)
# A bare G, M or T (upper case: 50m is money or metres) is data unless it is a speed (100M宽带)
# or a generation (5G网络, 5G-A).
_NOT_DATA = r"(?!\s*(?:宽带|寬頻|带宽|光纤|光宽|速率|网速|(?i:bps|b/s|ps)))"
_DATA_WORD = "通用|国内|全国|國內|全國|省内|省內|本地|定向|高速|免费|免費|专属|專屬"
DATA_UNIT = (
    r"(?:(?i:TB|GB|MB|KB)s?(?![A-Za-z])(?:流量)?|(?:To|Go|Mo|Ko)(?![A-Za-z])"  # French: 350 Go, 50 Mo
    r"|(?i:(?:giga|mega|méga|kilo)(?:bytes?|octets?))(?![A-Za-z])"  # 100 Megabyte, 1 Gigaoctet
    rf"|[TGMg](?:流量|(?![A-Za-z\d+\-\u4e00-\u9fff]){_NOT_DATA}|(?={_DATA_WORD})))"
)
_GENERATION = rf"(?<![\d.])[2-6][Gg](?![Bb]|流量|{_DATA_WORD})"  # 2G/3G/4G退网
DATA = re.compile(
    f"(?=[{NUMBER_FIRST}不无無uU])"
    f"(?:(?P<unlimited>{_UNLIMITED_DATA})|(?!{_GENERATION})"
    f"(?<![£$€¥￥])(?P<amount>{ARABIC_NUMBER}|{CHINESE_NUMBER}){GAP}(?P<unit>{DATA_UNIT}))"
)
_CELL_DATA = re.compile(r"(\d+(?:\.\d+)?)\s*([GgMmTt])")
_MB_PER = {"t": Decimal(1024**2), "g": Decimal(1024), "m": Decimal(1), "k": Decimal(1) / Decimal(1024)}


@dataclass(frozen=True, slots=True)
class DataAmount:
    gb: Decimal | None  # None when unlimited
    unlimited: bool = False


def data_from_match(m: re.Match[str]) -> DataAmount | None:
    """The DataAmount of a DATA match."""
    if m.group("unlimited"):
        return DataAmount(None, True)
    amount = parse_number(m.group("amount"))
    if amount is None:
        return None
    return _to_gb(amount, m.group("unit"))


def _to_gb(amount: Decimal, unit: str) -> DataAmount:
    letter = unit[0].lower()
    return DataAmount(amount if letter == "g" else amount * _MB_PER[letter] / 1024, False)


def parse_data(s: str) -> DataAmount | None:
    """Data volume in GB: "30GB" -> 30, "500MB" -> 500/1024, "不限量" -> unlimited; a bare number is GB."""
    text = normalize(s)
    if is_none(text):
        return None
    m = DATA.search(text) or _CELL_DATA.fullmatch(text)
    if m and m.re is DATA:
        return data_from_match(m)
    if m:  # a whole cell such as "5G" under a data header
        return _to_gb(Decimal(m.group(1)), m.group(2))
    value = parse_number(text)
    return None if value is None else DataAmount(value, False)


MINUTES = re.compile(
    f"(?=[{NUMBER_FIRST}])"
    f"(?P<amount>{ARABIC_NUMBER}|{CHINESE_NUMBER}){GAP}"
    r"(?P<unit>分钟|分鐘|分(?![\u4e00-\u9fff])|(?i:(?:free\s+)?(?:minutes|minuten|minute|mins|min)))"
    r"(?![A-Za-z])"
)
SMS = re.compile(
    f"(?=[{NUMBER_FIRST}短Ss])"
    f"(?:(?P<amount>{ARABIC_NUMBER}|{CHINESE_NUMBER}){GAP}"
    r"(?P<unit>条短信|條短信|条短消息|(?:条|條)(?![\u4e00-\u9fff])"
    r"|(?i:(?:free\s+)?(?:SMSes|SMSs|SMS|texts|text messages|messages|text))(?![A-Za-z]))"
    f"|(?:短信|(?i:SMS)){GAP}(?P<amount2>{ARABIC_NUMBER}|{CHINESE_NUMBER}))"
)


def _count(s: str, pattern: re.Pattern[str]) -> int | None:
    text = normalize(s)
    if is_none(text):
        return None
    m = pattern.search(text)
    if m:
        groups = m.groupdict()
        amount = parse_number(groups.get("amount") or groups.get("amount2") or "")
    else:
        amount = parse_number(text)
    if amount is None:
        return None
    return int(amount.to_integral_value())


def parse_minutes(s: str) -> int | None:
    """Voice minutes: "100分钟" -> 100, "300 mins" -> 300; a bare number counts."""
    return _count(s, MINUTES)


def parse_sms(s: str) -> int | None:
    """Text messages: "100条" -> 100, "50 SMS" -> 50; a bare number counts."""
    return _count(s, SMS)
