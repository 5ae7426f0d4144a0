"""The cheapest operators for a basket, found without pricing every operator and region.

`analysis.baskets.cheapest` prices one basket exactly for each (operator,
region); with 100,000 plans that is most of a briefing's time. The briefing
only shows the cheapest few, so this module prices groups best-first:

1. within each group, drop plans another plan of the same currency and role
   (a repeatable base plan, a base plan bought once, an add-on) beats on
   every count (no dearer, no shorter, no smaller allowance, an unstated one
   smaller than any), once for all baskets, checking each plan against the
   kept ones only; trials take no part;
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

from telcoradar.analysis.baskets import Need, Option, cheapest, gives
from telcoradar.analysis.prices import price_in
from telcoradar.model import Plan

_UNLIMITED = 1e9
_BLOCK = 128


_UNSTATED = -1.0  # below any stated allowance: a plan that leaves one unstated beats none that states it


def _allowances(plan: Plan) -> tuple[float, ...]:
    """GB, minutes, international minutes, SMS as `baskets` counts them (unlimited ones very large,
    daily quotas over the validity), an unstated one as less than none."""
    stated = (
        plan.data_unlimited or plan.data_gb is not None,
        plan.voice_unlimited or plan.voice_min is not None,
        plan.intl_voice_min is not None,
        plan.sms_unlimited or plan.sms is not None,
    )
    return tuple(
        min(float(given), _UNLIMITED) if known else _UNSTATED
        for given, known in zip(gives(plan), stated, strict=True)
    )


def _days(plan: Plan) -> float:
    """The validity a plan adds to a stay: none for an add-on."""
    return float(plan.period_days or 0) if plan.kind == "base" else 0.0


def undominated(plans: Sequence[Plan]) -> list[Plan]:
    """The plans (of one currency) that no other plan beats; of identical plans the first is kept.

    Sorted by price, then longest and largest first, every plan that beats
    another comes before it, and a beaten plan's beater is itself kept or
    beaten by a kept one: so blocks of the sorted plans are checked, in numpy,
    against the plans kept so far and against the earlier plans of the block.
    """
    n = len(plans)
    if n < 2:
        return list(plans)
    price = np.array([float(p.price) for p in plans])
    counts = np.array([(_days(p), *_allowances(p)) for p in plans])
    keys = (*(-counts[:, d] for d in range(counts.shape[1] - 1, -1, -1)), price)
    order = np.lexsort(keys)  # by price, then days, GB, minutes ... largest first; stable
    ranked = counts[order]
    kept = np.zeros(n, dtype=bool)
    for start in range(0, n, _BLOCK):
        block = ranked[start : start + _BLOCK]
        beaten = np.zeros(len(block), dtype=bool)
        if kept[:start].any():
            earlier = ranked[:start][kept[:start]]
            beaten |= np.any(np.all(earlier[None, :, :] >= block[:, None, :], axis=2), axis=1)
        # The rest meet each other: a plan beaten by one the kept ones beat is beaten by those too.
        rest = np.flatnonzero(~beaten)
        if len(rest) > 1:
            sub = block[rest]
            inside = np.all(sub[None, :, :] >= sub[:, None, :], axis=2)
            beaten[rest] = np.any(np.tril(inside, k=-1), axis=1)  # an earlier plan is no worse
        kept[start : start + len(block)] = ~beaten
    return [plans[i] for i in sorted(order[kept].tolist())]


def lower_bound(prices: Sequence[Decimal], plans: Sequence[Plan], need: Need) -> float | None:
    """No mix of these plans covers `need` for less; None when they cannot cover it at all."""
    bound = 0.0
    wants = (float(need.days), float(need.gb), float(need.minutes), float(need.intl_minutes), float(need.sms))
    counts = [(float(price), _days(p), *_allowances(p)) for price, p in zip(prices, plans, strict=True)]
    for dim, want in enumerate(wants, start=1):
        if want <= 0:
            continue
        rates = [row[0] / row[dim] for row in counts if row[dim] > 0]
        if not rates:
            return None
        bound = max(bound, want * min(rates))
    return bound


Groups = dict[tuple[str, str | None], list[Plan]]


def candidates(plans: Sequence[Plan]) -> Groups:
    """Each (operator, region)'s plans that a basket search needs: the undominated ones of each
    currency and role (base plans, repeatable or not, and add-ons; never trials)."""
    by_group: dict[tuple[str, str | None], dict[tuple[str, str, bool], list[Plan]]] = defaultdict(
        lambda: defaultdict(list)
    )
    for plan in plans:
        if plan.period_days and plan.kind in ("base", "addon"):
            role = (plan.currency.upper(), plan.kind, plan.repeatable)
            by_group[(plan.operator, plan.region)][role].append(plan)
    return {
        key: [p for same in by_currency.values() for p in undominated(same)]
        for key, by_currency in by_group.items()
    }


def top_options(
    plans: Sequence[Plan] | Groups,
    need: Need,
    *,
    top: int = 8,
    currency: str = "CNY",
    on: dt.date | None = None,
) -> list[Option]:
    """The `top` cheapest (operator, region) options for `need`, cheapest first.

    `plans` may be the output of `candidates`, to share that work between baskets.
    """
    groups = plans if isinstance(plans, dict) else candidates(plans)
    bounded: list[tuple[float, tuple[str, str | None], list[Plan]]] = []
    for key, kept in groups.items():
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
