"""Unit prices of plans and currency conversion by a dated rates table.

Unit prices put plans of different sizes side by side: price per GB, per day,
per 100 domestic minutes and a per-30-days equivalent. Each divides the whole
price by one allowance (a bundle's price is not split between its parts), so
read them as "what one GB costs in this bundle", not as a marginal price; the
hedonic regression gives marginal prices.

Rates come from `data/rates.toml` (or the file named by `TELCORADAR_RATES`):
yuan per unit of each currency, by date. Plans priced in different
currencies are never compared without converting them first; a missing rate
is an error that names the currency and the date.
"""

from __future__ import annotations

import datetime as dt
import os
import tomllib
from bisect import bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from telcoradar.errors import InputError
from telcoradar.model import Plan

CENT = Decimal("0.01")
BASE = "CNY"


class CurrencyError(InputError):
    """Amounts in different currencies met without a rate to convert them."""


def money(value: Decimal) -> Decimal:
    """Round an amount to cents, half up (the way price lists round)."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Rates:
    """Dated rates to the base currency: `table[currency]` is a date-sorted list."""

    table: Mapping[str, tuple[tuple[dt.date, Decimal], ...]]
    source: str = "rates"
    base: str = BASE

    def currencies(self) -> list[str]:
        return sorted({self.base, *self.table})

    def to_base(self, currency: str, on: dt.date | None = None) -> Decimal:
        """Base-currency units per unit of `currency`, the latest rate on or before `on`."""
        currency = currency.upper()
        if currency == self.base:
            return Decimal(1)
        series = self.table.get(currency)
        if not series:
            raise CurrencyError(
                self.source, f"no rate for {currency} (known: {', '.join(self.currencies())})"
            )
        if on is None:
            return series[-1][1]
        index = bisect_right([day for day, _ in series], on)
        if index == 0:
            raise CurrencyError(
                self.source, f"no rate for {currency} on or before {on.isoformat()} (first: {series[0][0]})"
            )
        return series[index - 1][1]

    def rate(self, from_currency: str, to_currency: str, on: dt.date | None = None) -> Decimal:
        """Units of `to_currency` per unit of `from_currency` on a date."""
        if from_currency.upper() == to_currency.upper():
            return Decimal(1)
        return self.to_base(from_currency, on) / self.to_base(to_currency, on)


def parse_rates(data: Mapping[str, Any], source: str) -> Rates:
    """Validate the parsed TOML of a rates file."""
    base = str(data.get("base", BASE)).upper()
    raw = data.get("rates")
    if not isinstance(raw, dict) or not raw:
        raise InputError(source, "no [rates.<CURRENCY>] tables")
    table: dict[str, tuple[tuple[dt.date, Decimal], ...]] = {}
    for currency, series in raw.items():
        if not isinstance(series, dict) or not series:
            raise InputError(source, f"rates.{currency} must map dates to rates")
        points: list[tuple[dt.date, Decimal]] = []
        for key, value in series.items():
            try:
                day = dt.date.fromisoformat(str(key))
                rate = Decimal(str(value))
            except ArithmeticError as exc:
                raise InputError(source, f"rates.{currency}.{key}: {value!r} is not a number") from exc
            except ValueError as exc:
                raise InputError(source, f"rates.{currency}: {key!r} is not an ISO date") from exc
            if rate <= 0:
                raise InputError(source, f"rates.{currency}.{key}: rate must be positive")
            points.append((day, rate))
        table[currency.upper()] = tuple(sorted(points))
    return Rates(table=table, source=source, base=base)


def load_rates(path: str | Path | None = None) -> Rates:
    """The rates table: `path`, else `TELCORADAR_RATES`, else the bundled file."""
    chosen = path or os.environ.get("TELCORADAR_RATES")
    if chosen:
        return _load_file(str(chosen))
    return _bundled_rates()


@lru_cache(maxsize=8)
def _load_file(path: str) -> Rates:
    try:
        with open(path, "rb") as handle:
            data = tomllib.load(handle, parse_float=Decimal)
    except OSError as exc:
        raise InputError(path, f"cannot read rates file ({exc.strerror or exc})") from exc
    except tomllib.TOMLDecodeError as exc:
        raise InputError(path, f"not valid TOML ({exc})") from exc
    return parse_rates(data, path)


@lru_cache(maxsize=1)
def _bundled_rates() -> Rates:
    text = resources.files("telcoradar.data").joinpath("rates.toml").read_text(encoding="utf-8")
    return parse_rates(tomllib.loads(text, parse_float=Decimal), "rates.toml")


def convert(
    amount: Decimal,
    from_currency: str,
    to_currency: str,
    on_date: dt.date | None = None,
    rates: Rates | None = None,
) -> Decimal:
    """`amount` in `from_currency` expressed in `to_currency`, rounded to cents.

    Uses the latest rate on or before `on_date` (the latest rate if no date).
    """
    if from_currency.upper() == to_currency.upper():
        return amount
    table = rates or load_rates()
    return money(amount * table.rate(from_currency, to_currency, on_date))


def common_currency(plans: Iterable[Plan], currency: str | None = None) -> str | None:
    """The one currency the plans can be compared in, or a clear error.

    With `currency` given, that currency (callers convert with `price_in`).
    Without it, every plan must already share one currency.
    """
    if currency:
        return currency.upper()
    seen = sorted({plan.currency.upper() for plan in plans})
    if len(seen) > 1:
        raise CurrencyError(
            "plans",
            f"priced in {', '.join(seen)}; choose one currency to convert them to (e.g. --currency CNY)",
        )
    return seen[0] if seen else None


def price_in(
    plan: Plan, currency: str | None, on: dt.date | None = None, rates: Rates | None = None
) -> Decimal:
    """The plan's price in `currency` (its own price when `currency` is None or the same)."""
    if currency is None or plan.currency.upper() == currency.upper():
        return plan.price
    return convert(plan.price, plan.currency, currency, on, rates)


def total_gb(plan: Plan) -> Decimal | None:
    """The data a plan gives over its validity: daily quotas times the days; None when not stated
    (or a daily quota without a stated validity), and for unlimited data."""
    if plan.data_unlimited or plan.data_gb is None:
        return None
    if plan.per_day:
        return plan.data_gb * plan.period_days if plan.period_days else None
    return plan.data_gb


@dataclass(frozen=True)
class UnitPrices:
    plan: Plan
    currency: str
    price: Decimal
    per_gb: Decimal | None  # None: unlimited, no data, or data not stated
    per_day: Decimal | None  # None: validity not stated
    per_100_min: Decimal | None  # None: no domestic minutes
    per_30_days: Decimal | None  # what 30 days of this plan cost at its daily rate

    def row(self) -> dict[str, Any]:
        plan = self.plan
        return {
            "operator": plan.operator,
            "region": plan.region,
            "name": plan.name,
            "price": self.price,
            "currency": self.currency,
            "period_days": plan.period_days,
            "data_gb": plan.data_gb,
            "data_unlimited": plan.data_unlimited,
            "voice_min": plan.voice_min,
            "per_gb": self.per_gb,
            "per_day": self.per_day,
            "per_100_min": self.per_100_min,
            "per_30_days": self.per_30_days,
            "quote": plan.evidence.quote,
        }


def unit_prices(
    plan: Plan, currency: str | None = None, on: dt.date | None = None, rates: Rates | None = None
) -> UnitPrices:
    """Price per GB, per day, per 100 domestic minutes and per 30 days, in cents."""
    price = price_in(plan, currency, on, rates)
    per_gb = None
    data = total_gb(plan)
    if data is not None and data > 0:
        per_gb = money(price / data)
    per_day = per_30 = None
    if plan.period_days:
        per_day = money(price / plan.period_days)
        per_30 = money(price * 30 / plan.period_days)
    per_100 = money(price * 100 / plan.voice_min) if plan.voice_min else None
    return UnitPrices(
        plan=plan,
        currency=(currency or plan.currency).upper(),
        price=price,
        per_gb=per_gb,
        per_day=per_day,
        per_100_min=per_100,
        per_30_days=per_30,
    )


def unit_price_table(
    plans: Sequence[Plan],
    currency: str | None = None,
    on: dt.date | None = None,
    rates: Rates | None = None,
) -> list[dict[str, Any]]:
    """One row per plan with its unit prices, all in one currency (cheapest per GB first)."""
    target = common_currency(plans, currency)
    rows = [unit_prices(plan, target, on, rates).row() for plan in plans]
    rows.sort(key=lambda row: (row["per_gb"] is None, row["per_gb"] or 0, row["price"]))
    return rows
