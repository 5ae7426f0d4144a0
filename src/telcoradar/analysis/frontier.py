"""The value frontier: plans no other plan beats on price, data and minutes at once.

Plan q beats plan p when q costs no more, gives at least as much data and at
least as many domestic minutes, and is strictly better on one of the three.
Plans are compared only within a validity band (up to 7 days, 8–15, 16–31,
over 31), since a 30-day plan and a 7-day plan answer different needs.
Unlimited data beats any amount; an allowance a plan does not state counts as
none. Two identical plans are both on the frontier.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from telcoradar.analysis.prices import Rates, common_currency, price_in
from telcoradar.model import Plan

BANDS = (("≤7", 7), ("8–15", 15), ("16–31", 31), (">31", None))
_UNLIMITED = Decimal(10) ** 9


def band(days: int) -> str:
    """The validity band of a period in days."""
    for name, upper in BANDS:
        if upper is None or days <= upper:
            return name
    raise AssertionError("unreachable")


def _score(plan: Plan, price: Decimal) -> tuple[Decimal, Decimal, int]:
    data = _UNLIMITED if plan.data_unlimited else (plan.data_gb or Decimal(0))
    return price, data, plan.voice_min or 0


def beats(q: tuple[Decimal, Decimal, int], p: tuple[Decimal, Decimal, int]) -> bool:
    """True when scores q (price, data, minutes) dominate p."""
    return q[0] <= p[0] and q[1] >= p[1] and q[2] >= p[2] and q != p


def pareto(scored: list[tuple[tuple[Decimal, Decimal, int], Plan]]) -> list[Plan]:
    """The undominated plans, cheapest first.

    Sorted by price, then most data, then most minutes, any plan that beats
    another comes before it; and a beaten plan's dominator is beaten by a
    frontier plan too, so each candidate is checked against the frontier only.
    """
    scored.sort(key=lambda item: (item[0][0], -item[0][1], -item[0][2]))
    kept: list[tuple[tuple[Decimal, Decimal, int], Plan]] = []
    for score, plan in scored:
        if not any(beats(other, score) for other, _ in kept):
            kept.append((score, plan))
    return [plan for _, plan in kept]


def frontier(
    plans: Iterable[Plan],
    *,
    by_region: bool = False,
    currency: str | None = None,
    on: dt.date | None = None,
    rates: Rates | None = None,
) -> dict[tuple[str, str | None], list[Plan]]:
    """Frontier plans by (band, region) — region None unless `by_region` — cheapest first."""
    plans = [plan for plan in plans if plan.period_days]
    target = common_currency(plans, currency)
    groups: dict[tuple[str, str | None], list[tuple[tuple[Decimal, Decimal, int], Plan]]] = {}
    for plan in plans:
        assert plan.period_days is not None
        key = (band(plan.period_days), plan.region if by_region else None)
        groups.setdefault(key, []).append((_score(plan, price_in(plan, target, on, rates)), plan))
    order = {name: i for i, (name, _) in enumerate(BANDS)}
    return {key: pareto(groups[key]) for key in sorted(groups, key=lambda k: (order[k[0]], k[1] or ""))}


def frontier_rows(result: dict[tuple[str, str | None], list[Plan]]) -> list[dict[str, Any]]:
    """A flat table of frontier plans."""
    return [
        {
            "band": band_name,
            "region": region,
            "operator": plan.operator,
            "plan_region": plan.region,
            "name": plan.name,
            "price": plan.price,
            "currency": plan.currency,
            "period_days": plan.period_days,
            "data_gb": plan.data_gb,
            "data_unlimited": plan.data_unlimited,
            "voice_min": plan.voice_min,
            "quote": plan.evidence.quote,
        }
        for (band_name, region), plans in result.items()
        for plan in plans
    ]
