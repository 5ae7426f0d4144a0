"""The cheapest operators for a basket, found without pricing every operator and region.

`analysis.baskets.cheapest` prices one basket exactly for each (operator,
region); with 100,000 plans that is most of a briefing's time. The briefing
only shows the cheapest few, so this module prices groups best-first:

1. within each group, drop plans another plan of the same currency beats on
   every count (no dearer, no shorter, no smaller allowance) — numpy does
   the pairwise comparison that the exact search would otherwise repeat;
2. give each group a lower bound: what the basket's days, GB and minutes
   would cost at the group's lowest price per unit (no combination of its
   plans can cost less);
3. price groups in order of that bound with `cheapest`, and stop once `top`
   options are found and the next bound is dearer than the last of them.

The options returned are exactly those `cheapest` would rank first.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from decimal import Decimal

import numpy as np

from telcoradar.analysis.baskets import Need, Option, cheapest
from telcoradar.analysis.prices import price_in
from telcoradar.model import Plan

_UNLIMITED = 1e9
_CHUNK = 256


def _allowances(plan: Plan) -> tuple[float, float, float, float]:
    gb = _UNLIMITED if plan.data_unlimited else float(plan.data_gb or 0)
    return gb, float(plan.voice_min or 0), float(plan.intl_voice_min or 0), float(plan.sms or 0)


def undominated(plans: Sequence[Plan]) -> list[Plan]:
    """The plans (of one currency) that no other plan beats; of identical plans the first is kept."""
    n = len(plans)
    if n < 2:
        return list(plans)
    price = np.array([float(p.price) for p in plans])
    days = np.array([float(p.period_days or 0) for p in plans])
    gives = np.array([_allowances(p) for p in plans])
    index = np.arange(n)
    keep = np.ones(n, dtype=bool)
    for start in range(0, n, _CHUNK):
        rows = slice(start, min(n, start + _CHUNK))
        no_worse = (
            (price[None, :] <= price[rows, None])
            & (days[None, :] >= days[rows, None])
            & (gives[None, :, :] >= gives[rows, None, :]).all(axis=2)
        )
        same = (
            (price[None, :] == price[rows, None])
            & (days[None, :] == days[rows, None])
            & (gives[None, :, :] == gives[rows, None, :]).all(axis=2)
        )
        beats = no_worse & (~same | (index[None, :] < index[rows, None]))
        beats[np.arange(rows.stop - rows.start), index[rows]] = False
        keep[rows] = ~beats.any(axis=1)
    return [plan for plan, kept in zip(plans, keep, strict=True) if kept]


def lower_bound(prices: Sequence[Decimal], plans: Sequence[Plan], need: Need) -> float | None:
    """No mix of these plans covers `need` for less; None when they cannot cover it at all."""
    bound = 0.0
    wants = (float(need.days), float(need.gb), float(need.minutes), float(need.intl_minutes), float(need.sms))
    for dim, want in enumerate(wants):
        if want <= 0:
            continue
        rates = []
        for price, plan in zip(prices, plans, strict=True):
            give = float(plan.period_days or 0) if dim == 0 else _allowances(plan)[dim - 1]
            if give > 0:
                rates.append(float(price) / give)
        if not rates:
            return None
        bound = max(bound, want * min(rates))
    return bound


def top_options(
    plans: Sequence[Plan], need: Need, *, top: int = 8, currency: str = "CNY", on: dt.date | None = None
) -> list[Option]:
    """The `top` cheapest (operator, region) options for `need`, cheapest first."""
    groups: dict[tuple[str, str | None], dict[str, list[Plan]]] = defaultdict(lambda: defaultdict(list))
    for plan in plans:
        if plan.period_days:
            groups[(plan.operator, plan.region)][plan.currency.upper()].append(plan)
    bounded: list[tuple[float, tuple[str, str | None], list[Plan]]] = []
    for key, by_currency in groups.items():
        kept = [p for same in by_currency.values() for p in undominated(same)]
        prices = [price_in(p, currency, on) for p in kept]
        bound = lower_bound(prices, kept, need)
        if bound is not None:
            bounded.append((bound, key, kept))
    bounded.sort(key=lambda item: (item[0], item[1][0], item[1][1] or ""))
    found: list[Option] = []
    for bound, _key, kept in bounded:
        if len(found) >= top and bound > float(found[top - 1].cost):
            break
        found.extend(cheapest(kept, need, currency=currency, on=on))
        found.sort(key=lambda o: (o.cost, o.copies, o.operator, o.region or ""))
    return found[:top]
