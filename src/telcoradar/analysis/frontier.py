"""The value frontier: plans no other plan beats on price, data and minutes at once.

Plan q beats plan p when q costs no more, gives at least as much data and at
least as many domestic minutes, and is strictly better on one of the three.
Plans are compared only within a validity band (up to 7 days, 8–15, 16–31,
over 31), since a 30-day plan and a 7-day plan answer different needs.
Unlimited data beats any amount. Only base plans with a price and stated data
take part: trials (free first-day cards) and add-ons (a voucher pack) are not
plans one lives on, and a plan that does not state its data cannot be placed
(unknown is not zero). Minutes a plan does not state are compared with no
one's: a plan beats another on minutes only when both state them (or neither
does). Two identical plans are both on the frontier.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from telcoradar.analysis.prices import Rates, common_currency, price_in, total_gb
from telcoradar.model import Plan

BANDS = (("≤7", 7), ("8–15", 15), ("16–31", 31), (">31", None))
_UNLIMITED = Decimal(10) ** 9


def band(days: int) -> str:
    """The validity band of a period in days."""
    for name, upper in BANDS:
        if upper is None or days <= upper:
            return name
    raise AssertionError("unreachable")


Score = tuple[Decimal, Decimal, int | None]  # price, data, minutes (None: not stated)


def _score(plan: Plan, price: Decimal) -> Score:
    data = _UNLIMITED if plan.data_unlimited else (total_gb(plan) or Decimal(0))
    minutes = _UNLIMITED_MINUTES if plan.voice_unlimited else plan.voice_min
    return price, data, minutes


_UNLIMITED_MINUTES = 10**9


def placed(plan: Plan) -> bool:
    """Whether a plan takes part: a base plan with a validity, a price and its data stated."""
    stated = plan.data_unlimited or total_gb(plan) is not None
    return plan.kind == "base" and bool(plan.period_days) and plan.price > 0 and stated


def beats(q: Score, p: Score) -> bool:
    """True when scores q (price, data, minutes) dominate p; unstated minutes meet only unstated ones."""
    if (q[2] is None) != (p[2] is None):
        return False
    minutes = q[2] is None or (p[2] is not None and q[2] >= p[2])
    return q[0] <= p[0] and q[1] >= p[1] and minutes and q != p


def pareto(scored: list[tuple[Score, Plan]]) -> list[Plan]:
    """The undominated plans, cheapest first.

    Sorted by price, then most data, then most minutes, any plan that beats
    another comes before it; and a beaten plan's dominator is beaten by a
    frontier plan too, so each candidate is checked against the frontier only.
    """
    scored.sort(key=lambda item: (item[0][0], -item[0][1], -(item[0][2] or 0)))
    kept: list[tuple[Score, Plan]] = []
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
    plans = [plan for plan in plans if placed(plan)]
    target = common_currency(plans, currency)
    groups: dict[tuple[str, str | None], list[tuple[Score, Plan]]] = {}
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
