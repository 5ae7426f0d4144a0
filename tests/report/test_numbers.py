from __future__ import annotations

from decimal import Decimal

import pytest

from telcoradar.report.numbers import big, money, percent, plain


@pytest.mark.parametrize(
    ("amount", "currency", "lang", "expected"),
    [
        ("85", "CNY", "zh", "¥85"),
        ("8.9", "CNY", "zh", "¥8.90"),
        ("88", "HKD", "en", "HK$88"),
        ("1250", "CNY", "en", "CN¥1,250"),
    ],
)
def test_money(amount: str, currency: str, lang: str, expected: str) -> None:
    assert money(Decimal(amount), currency, lang) == expected


def test_money_with_cents_always() -> None:
    assert money(Decimal(2), "CNY", "zh", cents=True) == "¥2.00"


@pytest.mark.parametrize(
    ("value", "unit", "lang", "currency", "expected"),
    [
        ("50400000000", "CNY", "zh", "CNY", "504亿元"),
        ("50400000000", "CNY", "en", "CNY", "CNY 50.4 bn"),
        ("68000000000", "USD", "zh", "USD", "680亿美元"),
        ("662000000", "people", "zh", None, "6.62亿人"),
        ("662000000", "people", "en", None, "662 m people"),
        ("20115000", "visits", "zh", None, "2,011.5万人次"),
        ("32", "percent", "en", None, "32%"),
        ("5000000000", "EUR", "zh", "EUR", "50亿 EUR"),
    ],
)
def test_big_numbers_read_in_each_language(
    value: str, unit: str, lang: str, currency: str | None, expected: str
) -> None:
    assert big(Decimal(value), unit, lang, currency) == expected


def test_percent_and_plain() -> None:
    assert percent(Decimal("-10.71"), "zh") == "−10.7%"
    assert percent(Decimal("12.5"), "en") == "+12.5%"
    assert percent(Decimal("32"), "en", signed=False) == "32%"
    assert plain(Decimal("1234.5"), "en") == "1,234.5"
