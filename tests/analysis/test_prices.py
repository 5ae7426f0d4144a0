from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from telcoradar.analysis.prices import (
    CurrencyError,
    convert,
    load_rates,
    parse_rates,
    unit_price_table,
    unit_prices,
)
from telcoradar.errors import InputError
from telcoradar.model import Plan

from .conftest import make_plan

RATES = parse_rates(
    {
        "rates": {
            "USD": {"2025-01-01": Decimal("7.20"), "2025-06-01": Decimal("7.10")},
            "HKD": {"2025-01-01": Decimal("0.92")},
        }
    },
    "test-rates",
)


def test_unit_prices_of_a_visitor_card(table1: list[Plan]) -> None:
    beijing_7d = table1[0]  # 7 days, 100 yuan, 30 GB, 100 min
    prices = unit_prices(beijing_7d)
    assert prices.per_gb == Decimal("3.33")
    assert prices.per_day == Decimal("14.29")
    assert prices.per_100_min == Decimal("100.00")
    assert prices.per_30_days == Decimal("428.57")
    shenzhen_11d = table1[11]  # 11 days, 109 yuan, 25 GB, 200 min
    prices = unit_prices(shenzhen_11d)
    assert (prices.per_gb, prices.per_day, prices.per_100_min, prices.per_30_days) == (
        Decimal("4.36"),
        Decimal("9.91"),
        Decimal("54.50"),
        Decimal("297.27"),
    )


def test_unit_prices_undefined_parts_are_none() -> None:
    unlimited = make_plan("x", None, "unl", 30, 128, None, None, unlimited=True)
    prices = unit_prices(unlimited)
    assert prices.per_gb is None and prices.per_100_min is None and prices.per_day == Decimal("4.27")
    assert unit_prices(make_plan("x", None, "no period", None, 10, 1)).per_day is None


def test_table_sorted_by_price_per_gb(table1: list[Plan]) -> None:
    rows = unit_price_table(table1)
    assert rows[0]["name"] == "浙江旅游卡" and rows[0]["per_gb"] == Decimal("1.67")  # 50 yuan / 30 GB
    assert [r["per_gb"] for r in rows] == sorted(r["per_gb"] for r in rows)


def test_convert_uses_latest_rate_on_or_before_date() -> None:
    assert convert(Decimal(10), "USD", "CNY", dt.date(2025, 3, 1), RATES) == Decimal("72.00")
    assert convert(Decimal(10), "USD", "CNY", dt.date(2025, 6, 1), RATES) == Decimal("71.00")
    assert convert(Decimal(10), "USD", "CNY", None, RATES) == Decimal("71.00")
    # cross rate through CNY: 100 HKD = 92 CNY = 12.96 USD on 2025-06-01
    assert convert(Decimal(100), "HKD", "USD", dt.date(2025, 6, 1), RATES) == Decimal("12.96")
    assert convert(Decimal("9.99"), "GBP", "GBP", None, RATES) == Decimal("9.99")


def test_missing_rate_is_a_clear_error() -> None:
    with pytest.raises(CurrencyError, match="no rate for USD on or before 2024-12-31"):
        convert(Decimal(1), "USD", "CNY", dt.date(2024, 12, 31), RATES)
    with pytest.raises(CurrencyError, match="no rate for GBP"):
        convert(Decimal(1), "GBP", "CNY", None, RATES)


def test_mixed_currency_table_needs_a_target() -> None:
    plans = [make_plan("x", None, "a", 7, 10, 1, currency="USD"), make_plan("y", None, "b", 7, 70, 10)]
    with pytest.raises(CurrencyError, match="CNY, USD"):
        unit_price_table(plans)
    rows = unit_price_table(plans, currency="CNY", on=dt.date(2025, 2, 1), rates=RATES)
    assert {r["name"]: r["price"] for r in rows} == {"a": Decimal("72.00"), "b": Decimal(70)}


def test_bundled_and_user_rates(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bundled = load_rates()
    assert {"USD", "HKD", "GBP", "EUR", "MOP"} <= set(bundled.currencies())
    own = tmp_path / "rates.toml"
    own.write_text('base = "CNY"\n[rates.USD]\n2025-01-01 = 7.5\n', encoding="utf-8")
    monkeypatch.setenv("TELCORADAR_RATES", str(own))
    assert convert(Decimal(2), "USD", "CNY", rates=load_rates()) == Decimal("15.00")
    bad = tmp_path / "bad.toml"
    bad.write_text("[rates.USD]\nnot-a-date = 7\n", encoding="utf-8")
    with pytest.raises(InputError, match="not an ISO date"):
        load_rates(bad)


def test_daily_quotas_are_priced_per_gb_over_the_validity() -> None:
    from telcoradar.analysis.prices import unit_prices

    from .conftest import make_plan

    daily = make_plan("x", "R", "日享卡", 7, 49, 1, per_day=True)  # 1 GB a day, 7 days: 7 GB for 49
    assert unit_prices(daily).per_gb == Decimal(7)
    assert unit_prices(make_plan("x", "R", "短期卡", 7, 60, None)).per_gb is None
