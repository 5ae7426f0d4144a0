"""How numbers read in a briefing, in Chinese and in English (Babel's locale data)."""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache

from babel import Locale
from babel.numbers import format_currency, format_decimal

LOCALES = {"zh": "zh_CN", "en": "en_GB"}

# Large amounts: Chinese counts in 万 (10^4) and 亿 (10^8), English in m and bn.
_ZH_SCALES = ((Decimal(10) ** 8, "亿"), (Decimal(10) ** 4, "万"))
_EN_SCALES = ((Decimal(10) ** 12, " tn"), (Decimal(10) ** 9, " bn"), (Decimal(10) ** 6, " m"))

_ZH_UNITS = {"CNY": "元", "USD": "美元", "HKD": "港元", "people": "人", "visits": "人次", "count": "个"}
_EN_UNITS = {"people": " people", "visits": " visits", "count": ""}


@lru_cache(maxsize=8)
def locale_of(lang: str) -> Locale:
    """The Babel locale of a briefing language, parsed once (Babel parses a name on every call)."""
    return Locale.parse(LOCALES.get(lang, "en_GB"))


def plain(value: Decimal | int, lang: str, digits: int = 2) -> str:
    """A number with grouping and at most `digits` decimals: 1,234.5."""
    pattern = "#,##0" + ("." + "#" * digits if digits else "")
    return format_decimal(value, format=pattern, locale=locale_of(lang))


def money(amount: Decimal, currency: str, lang: str, cents: bool = False) -> str:
    """¥85, HK$88, £10.50: a price with its currency sign, cents when there are some (or always)."""
    pattern = "¤#,##0.00" if cents or amount != amount.to_integral_value() else "¤#,##0"
    return format_currency(amount, currency, format=pattern, locale=locale_of(lang), currency_digits=False)


def percent(value: Decimal, lang: str, signed: bool = True) -> str:
    text = plain(abs(value), lang, 1) + "%"
    if not signed or value == 0:
        return text
    return ("+" if value > 0 else "−") + text


def big(value: Decimal, unit: str, lang: str, currency: str | None = None) -> str:
    """504亿元 / CNY 50.4 bn, 6.62亿人 / 662 m people, 2011.5万人次 / 20.115 m visits."""
    code = currency or (unit if unit.isupper() and len(unit) == 3 else None)
    if lang == "zh":
        number = plain(value, lang, 2)
        for scale, word in _ZH_SCALES:
            if abs(value) >= scale:
                number = plain(value / scale, lang, 2) + word
                break
        if unit == "percent":
            return number + "%"
        if code is not None and code not in _ZH_UNITS:
            return f"{number} {code}"
        return number + _ZH_UNITS.get(unit, "")
    number = plain(value, lang, 2)
    for scale, word in _EN_SCALES:
        if abs(value) >= scale:
            number = plain(value / scale, lang, 3) + word
            break
    if unit == "percent":
        return number + "%"
    if code:
        return f"{code} {number}"
    return number + _EN_UNITS.get(unit, f" {unit}")
