"""The dashboard's formatting helpers: dates at their precision, money one way, a name for a nameless plan."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

from telcoradar.web.labels import audience_label, term
from telcoradar.web.render import large_sum, money, plan_name, when

DAY = dt.date(2025, 5, 16)


def test_a_date_is_shown_at_its_precision() -> None:
    shown = [when(DAY, p) for p in ("day", "month", "year", None)]
    assert shown == ["2025-05-16", "2025-05", "2025", "2025-05-16"]
    assert when(None, "day") == "—"


def test_money_is_shown_one_way_and_unknown_is_no_zero() -> None:
    assert money(Decimal("1234.50"), "CNY") == "1,234.5 CNY"
    assert money(80.0, "HKD") == "80 HKD"
    assert money(Decimal("0"), "CNY") == "0 CNY"
    assert money(None, "CNY") == "—"


def test_large_sums_are_counted_in_the_pages_language() -> None:
    assert large_sum(Decimal("3000000000"), "CNY", "zh") == "30亿元"
    assert large_sum(Decimal("3000000000"), "CNY", "en") == "CNY 3 bn"
    assert large_sum(Decimal("250000000"), "EUR", "zh") == "2.5亿 EUR"
    assert large_sum(None, "CNY", "en") == "—"


def test_a_plan_without_a_name_gets_a_readable_one() -> None:
    nameless = SimpleNamespace(name="  ", price=Decimal("80"), currency="CNY", period_days=7)
    assert plan_name("zh", nameless) == "未命名套餐 · 80 CNY · 7 天"
    assert plan_name("en", SimpleNamespace(name="", price=None, currency="CNY", period_days=None)) == (
        "Unnamed plan · —"
    )
    named = SimpleNamespace(name="熊猫卡", price=None, currency="CNY", period_days=7)
    assert plan_name("zh", named) == "熊猫卡"


def test_keyed_terms_fall_back_to_what_the_catalog_lacks() -> None:
    assert term("zh", "domain", "short_drama") == "短剧"
    assert term("en", "kind", "price_change") == "Price change"
    assert term("en", "basket", "visitor-7d-light", "Visitor, 7 days") == "Visitor, 7 days"
    assert term("zh", "domain", "no_such_domain") == "no_such_domain" and term("zh", "domain", None) == ""
    assert audience_label("zh", "students") == "学生" and audience_label("en", "老人") == "老人"
