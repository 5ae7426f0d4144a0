"""Numbers and units as operators write them: 1.5万, 十五, 85元, HK$98, 30GB, 100分钟, 7天.

Every parser takes one string (a table cell or a short phrase) and returns a
value or ``None``; amounts are ``Decimal``, never float. The ``parse_*``
functions look for the first amount of their kind in the string, so
``parse_money("月租8.9元")`` is 8.9 CNY and ``parse_minutes("国内语音100分钟")``
is 100; a bare number counts too, since a table's header names its unit.

For prose extractors the patterns are module constants: ``NUMBER``,
``ARABIC_NUMBER``, ``CHINESE_NUMBER``, ``SCALE``, ``CURRENCY_BEFORE``,
``CURRENCY_AFTER``, ``DATA_UNIT``, ``UNLIMITED`` are regex source strings
(no groups of their own, safe to embed); ``MONEY``, ``DATA``, ``MINUTES``,
``SMS`` are compiled patterns whose matches ``money_from_match`` and
friends turn into values.
"""

from __future__ import annotations

import re
import unicodedata
import warnings
from dataclasses import dataclass
from decimal import Decimal

import cn2an

from telcoradar.extract.periods import PERIOD, Period, parse_period

__all__ = [
    "ARABIC_NUMBER",
    "CHINESE_NUMBER",
    "CURRENCY_AFTER",
    "CURRENCY_BEFORE",
    "DATA",
    "DATA_UNIT",
    "MINUTES",
    "MONEY",
    "NUMBER",
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
    "parse_sms",
]

# --- numbers -----------------------------------------------------------------

ARABIC_NUMBER = r"(?<![\d.])\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\d])|(?<![\d.])\d+(?:\.\d+)?"
_CN_DIGIT = "零〇一二两三四五六七八九壹贰貳叁參肆伍陆陸柒捌玖"
_CN_UNIT = "十拾百佰千仟万萬亿億廿"
# A Chinese numeral starts with a digit or 十/廿 (so a lone 万 or 千 is not one).
CHINESE_NUMBER = f"[{_CN_DIGIT}十拾廿][{_CN_DIGIT}{_CN_UNIT}]*(?:点[{_CN_DIGIT}]+[万萬亿億]*)?"
_CN_SCALE = r"万亿|千亿|百亿|十亿|千万|百万|十万|万|萬|亿|億|千"
_EN_SCALE = (
    r"(?:\s?(?i:thousand|million|billion|trillion))(?![A-Za-z])"
    r"|(?:k|K|m|M|mn|bn|Bn|BN)(?![A-Za-z])"
)
SCALE = f"(?:\\s*(?:{_CN_SCALE})|{_EN_SCALE})"
NUMBER = f"(?:(?:{ARABIC_NUMBER})(?:{SCALE})?|{CHINESE_NUMBER})"

_SCALES: dict[str, Decimal] = {
    "万亿": Decimal(10) ** 12,
    "千亿": Decimal(10) ** 11,
    "百亿": Decimal(10) ** 10,
    "十亿": Decimal(10) ** 9,
    "千万": Decimal(10) ** 7,
    "百万": Decimal(10) ** 6,
    "十万": Decimal(10) ** 5,
    "万": Decimal(10) ** 4,
    "萬": Decimal(10) ** 4,
    "亿": Decimal(10) ** 8,
    "億": Decimal(10) ** 8,
    "千": Decimal(10) ** 3,
    "thousand": Decimal(10) ** 3,
    "k": Decimal(10) ** 3,
    "m": Decimal(10) ** 6,
    "mn": Decimal(10) ** 6,
    "million": Decimal(10) ** 6,
    "bn": Decimal(10) ** 9,
    "billion": Decimal(10) ** 9,
    "trillion": Decimal(10) ** 12,
}
_CN_DIGIT_VALUE = {ch: i for i, ch in enumerate("零一二三四五六七八九")}
_CN_DIGIT_VALUE.update({"〇": 0, "两": 2, "壹": 1, "贰": 2, "貳": 2, "叁": 3, "參": 3, "肆": 4})
_CN_DIGIT_VALUE.update({"伍": 5, "陆": 6, "陸": 6, "柒": 7, "捌": 8, "玖": 9})

_ARABIC_FULL = re.compile(
    r"([+-]?)(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)\s*"
    r"(万亿|千亿|百亿|十亿|千万|百万|十万|万|萬|亿|億|千|thousand|million|billion|trillion|k|m|mn|bn)?",
    re.IGNORECASE,
)
_CHINESE_FULL = re.compile(f"({CHINESE_NUMBER})")


def normalize(s: str) -> str:
    """Fold full-width digits, letters and punctuation (１００，ＧＢ) to their plain forms."""
    return unicodedata.normalize("NFKC", s).strip()


def parse_number(s: str) -> Decimal | None:
    """The number that is the whole of ``s``: "1.5万" -> 15000, "十五" -> 15, "2,000" -> 2000.

    Percentages, ranges and text around the number give ``None``.
    """
    text = normalize(s)
    if not text:
        return None
    m = _ARABIC_FULL.fullmatch(text)
    if m:
        sign, digits, scale = m.groups()
        value = Decimal(digits.replace(",", ""))
        if scale:
            value *= _SCALES[scale.lower()]
        return -value if sign == "-" else value
    if _CHINESE_FULL.fullmatch(text):
        return _chinese_value(text)
    return None


def _chinese_value(text: str) -> Decimal | None:
    """Value of a Chinese numeral matched by CHINESE_NUMBER (with an optional 点 fraction)."""
    if "点" in text:
        whole, _, rest = text.partition("点")
        digits = rest.rstrip("万萬亿億")
        scale = rest[len(digits) :]
        base = _chinese_int(whole)
        if base is None or not digits:
            return None
        frac = "".join(str(_CN_DIGIT_VALUE[ch]) for ch in digits)
        value = Decimal(f"{base}.{frac}")
        for ch in scale:
            value *= _SCALES[ch]
        return value
    value_int = _chinese_int(text)
    return None if value_int is None else Decimal(value_int)


def _chinese_int(text: str) -> int | None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            result = cn2an.cn2an(text, "normal")
        except (ValueError, KeyError, IndexError):
            return None
    if isinstance(result, int):
        return result
    if isinstance(result, float) and result.is_integer():  # pragma: no cover - cn2an returns int here
        return int(result)
    return None  # pragma: no cover


def number_from_text(s: str) -> Decimal | None:
    """The value of a NUMBER match (tolerates the space before a scale word)."""
    return parse_number(re.sub(r"\s+", "", s) if _has_cn_scale(s) else s)


def _has_cn_scale(s: str) -> bool:
    return any(ch in s for ch in "万萬亿億千")


# --- nothing -------------------------------------------------------------------

_NONE_WORDS = {
    "",
    "/",
    "／",
    "—",
    "–",
    "-",
    "--",
    "——",
    "无",
    "無",
    "不含",
    "没有",
    "n/a",
    "na",
    "none",
    "nil",
    "x",
    "×",
    "✕",
    "✗",
}


def is_none(s: str | None) -> bool:
    """True for a cell that says "nothing": "", "/", "—", "-", "无", "不含", "N/A", "none"."""
    if s is None:
        return True
    return normalize(s).casefold() in _NONE_WORDS


# --- money -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Money:
    amount: Decimal
    currency: str  # ISO 4217


# Written forms of each currency, before and after the amount. Longest forms win.
_BEFORE: dict[str, str] = {
    "人民币": "CNY", "RMB": "CNY", "CNY": "CNY", "¥": "CNY", "￥": "CNY",
    "US$": "USD", "USD": "USD", "$": "USD", "美元": "USD",
    "HK$": "HKD", "HKD": "HKD", "港币": "HKD", "港幣": "HKD", "港元": "HKD",
    "£": "GBP", "GBP": "GBP", "€": "EUR", "EUR": "EUR",
    "MOP$": "MOP", "MOP": "MOP", "NT$": "TWD", "TWD": "TWD", "新台币": "TWD",
    "JP¥": "JPY", "JPY": "JPY", "₩": "KRW", "KRW": "KRW", "S$": "SGD", "SGD": "SGD",
}  # fmt: skip
_AFTER: dict[str, str] = {
    "元人民币": "CNY", "人民币": "CNY", "元": "CNY", "圆": "CNY", "块": "CNY", "yuan": "CNY",
    "RMB": "CNY", "CNY": "CNY",
    "美元": "USD", "美金": "USD", "USD": "USD", "US dollars": "USD",
    "港币": "HKD", "港幣": "HKD", "港元": "HKD", "HKD": "HKD",
    "英镑": "GBP", "英鎊": "GBP", "GBP": "GBP", "pounds": "GBP",
    "欧元": "EUR", "歐元": "EUR", "EUR": "EUR", "euros": "EUR", "euro": "EUR",
    "澳门元": "MOP", "澳门币": "MOP", "澳門元": "MOP", "澳門幣": "MOP", "MOP": "MOP",
    "新台币": "TWD", "新台幣": "TWD", "台币": "TWD", "TWD": "TWD",
    "日元": "JPY", "日圆": "JPY", "円": "JPY", "JPY": "JPY",
    "韩元": "KRW", "韓元": "KRW", "KRW": "KRW",
    "新加坡元": "SGD", "新币": "SGD", "SGD": "SGD",
}  # fmt: skip


def _alternation(words: dict[str, str]) -> str:
    parts = []
    for word in sorted(words, key=len, reverse=True):
        escaped = re.escape(word)
        if word[0].isascii() and word[0].isalpha():
            escaped = f"(?<![A-Za-z]){escaped}"
        if word[-1].isascii() and word[-1].isalpha():
            escaped = f"{escaped}(?![A-Za-z])"
        parts.append(escaped)
    return "|".join(parts)


CURRENCY_BEFORE = f"(?:{_alternation(_BEFORE)})"
CURRENCY_AFTER = f"(?:{_alternation(_AFTER)})"
_LOOKUP = {k.casefold(): v for k, v in (_BEFORE | _AFTER).items()}

MONEY = re.compile(
    f"(?=(?:{CURRENCY_BEFORE})|(?:{NUMBER})\\s*(?:{CURRENCY_AFTER}))"
    f"(?:(?P<before>{CURRENCY_BEFORE})\\s*)?"
    f"(?P<amount>{NUMBER})"
    f"(?:\\s*(?P<after>{CURRENCY_AFTER}))?"
)
_FREE = {"免费", "免費", "free", "0"}


def money_from_match(m: re.Match[str], default_currency: str = "CNY") -> Money | None:
    """The Money of a MONEY match (the currency after the amount decides when both are given)."""
    amount = number_from_text(m.group("amount"))
    if amount is None:
        return None
    word = m.group("after") or m.group("before")
    currency = _LOOKUP.get(word.casefold(), default_currency) if word else default_currency
    if word == "元" and m.group("before"):
        currency = _LOOKUP[m.group("before").casefold()]
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

UNLIMITED = r"(?:不限量|不限流量|无限流量|無限流量|无限量|无限|無限|不限|(?i:unlimited))"
DATA_UNIT = r"(?:(?i:TB|GB|MB|KB|T|G|M)(?![A-Za-z])(?:流量)?)"
DATA = re.compile(
    f"(?P<unlimited>{UNLIMITED})|(?P<amount>{ARABIC_NUMBER}|{CHINESE_NUMBER})\\s*(?P<unit>{DATA_UNIT})"
)
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
    unit = m.group("unit")[0].lower()
    gb = amount * _MB_PER[unit] / 1024 if unit != "g" else amount
    return DataAmount(gb, False)


def parse_data(s: str) -> DataAmount | None:
    """Data volume in GB: "30GB" -> 30, "500MB" -> 500/1024, "不限量" -> unlimited; a bare number is GB."""
    text = normalize(s)
    if is_none(text):
        return None
    m = DATA.search(text)
    if m:
        return data_from_match(m)
    value = parse_number(text)
    return None if value is None else DataAmount(value, False)


MINUTES = re.compile(
    f"(?P<amount>{ARABIC_NUMBER}|{CHINESE_NUMBER})\\s*"
    r"(?P<unit>分钟|分鐘|小时|小時|分|(?i:minutes|minute|mins|min|hours|hour|hrs|hr))(?![A-Za-z])"
)
SMS = re.compile(
    f"(?P<amount>{ARABIC_NUMBER}|{CHINESE_NUMBER})\\s*"
    r"(?P<unit>条短信|條短信|条|條|(?i:SMS|texts|text messages|messages|text))(?![A-Za-z])"
    f"|(?:短信|(?i:SMS))\\s*(?P<amount2>{ARABIC_NUMBER}|{CHINESE_NUMBER})"
)


def _count(s: str, pattern: re.Pattern[str], scale: dict[str, int]) -> int | None:
    text = normalize(s)
    if is_none(text):
        return None
    m = pattern.search(text)
    if m:
        groups = m.groupdict()
        amount = parse_number(groups.get("amount") or groups.get("amount2") or "")
        unit = (groups.get("unit") or "").lower()
        factor = next((v for k, v in scale.items() if unit.startswith(k)), 1)
    else:
        amount, factor = parse_number(text), 1
    if amount is None:
        return None
    return int((amount * factor).to_integral_value())


def parse_minutes(s: str) -> int | None:
    """Voice minutes: "100分钟" -> 100, "300 mins" -> 300, "2小时" -> 120; a bare number counts."""
    return _count(s, MINUTES, {"小时": 60, "小時": 60, "h": 60})


def parse_sms(s: str) -> int | None:
    """Text messages: "100条" -> 100, "50 SMS" -> 50; a bare number counts."""
    return _count(s, SMS, {})
