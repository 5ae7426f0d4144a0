"""Usage baskets: the cheapest way each operator covers a need.

A `Need` (`analysis.needs`) is a stay or a month of use: days, GB, domestic
minutes, international minutes, SMS; baskets are named needs.

The rule for covering a need with an operator's plans in one region:

* only base plans cover a need. Copies of one are used one after another;
  their validities add up and must reach the stay, and their data, domestic
  minutes, international minutes and SMS add up and must reach the need (so
  a 7-day card bought twice covers 14 days with twice its data). A plan that
  cannot be bought again (`repeatable` false) is bought once at most;
* at most two distinct plans are combined: two base plans (say a 7-day and a
  3-day card), or a base plan and an add-on of the same operator stacked on
  it. An add-on adds its allowances but never its validity: a pack bought on
  a 7-day card ends with the card, and a pack with neither data nor minutes
  (a perks pack) adds nothing a basket counts;
* trials (free first-day cards, once-per-customer offers) never count: they
  are listed apart, as what a new arrival also gets for free;
* a base plan that does not state an allowance the need asks for (data None,
  say) cannot cover it: unknown is not zero. It is listed as not comparable,
  with what it leaves unstated. An add-on contributes only what it states.
  Unlimited data covers any data need, unlimited calls any minutes need and
  unlimited texts any SMS need. An option short of an allowance does not
  qualify, unless the operator's out-of-bundle `Overage` rates are known, in
  which case the shortfall is bought at those rates and added to the cost;
* a plan with `per_day` quotas gives its data and SMS for each day of its
  validity.

The cheapest option per operator and region is returned, ranked cheapest
first (ties: fewer copies, then operator and region names).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import permutations
from typing import Any

from telcoradar.analysis.needs import Need, basket, load_baskets, need, parse_baskets
from telcoradar.analysis.prices import Rates, common_currency, load_rates, money, price_in, total_gb
from telcoradar.model import Plan, to_json

MAX_COPIES = 60  # no one buys a card more often than this for one stay
DIMENSIONS = ("gb", "minutes", "intl_minutes", "sms")


@dataclass(frozen=True)
class Overage:
    """Out-of-bundle prices, in `currency`; None where the operator does not sell it."""

    currency: str = "CNY"
    per_gb: Decimal | None = None
    per_minute: Decimal | None = None
    per_intl_minute: Decimal | None = None
    per_sms: Decimal | None = None

    def unit(self, dimension: str) -> Decimal | None:
        return {
            "gb": self.per_gb,
            "minutes": self.per_minute,
            "intl_minutes": self.per_intl_minute,
            "sms": self.per_sms,
        }[dimension]


OverageTable = Mapping[Any, Overage]  # keyed by operator id or (operator, region)


@dataclass(frozen=True)
class Option:
    operator: str
    region: str | None
    cost: Decimal
    currency: str
    plans: tuple[tuple[Plan, int], ...]
    overage: Decimal = Decimal(0)
    covered: dict[str, Decimal | None] = field(default_factory=dict)

    @property
    def copies(self) -> int:
        return sum(count for _, count in self.plans)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: `operator`, `region`, `cost`, `currency` and `plans` bought."""
        return {
            "operator": self.operator,
            "region": self.region,
            "cost": to_json(self.cost),
            "currency": self.currency,
            "overage": to_json(self.overage),
            "covered": to_json(self.covered),
            "plans": [
                {
                    "name": plan.name,
                    "kind": plan.kind,
                    "price": to_json(plan.price),
                    "currency": plan.currency,
                    "period_days": plan.period_days,
                    "data_gb": to_json(plan.data_gb),
                    "data_unlimited": plan.data_unlimited,
                    "voice_min": plan.voice_min,
                    "intl_voice_min": plan.intl_voice_min,
                    "count": count,
                    "evidence": to_json(plan.evidence),
                }
                for plan, count in self.plans
            ],
        }

    def row(self) -> dict[str, Any]:
        """One flat table row (for exports)."""
        return {
            "operator": self.operator,
            "region": self.region,
            "cost": self.cost,
            "currency": self.currency,
            "plans": " + ".join(
                f"{count}× {plan.name} {plan.period_days}d {plan.price}" for plan, count in self.plans
            ),
            "overage": self.overage,
        }


_NAMES = {"gb": "data", "minutes": "minutes", "intl_minutes": "international minutes", "sms": "SMS"}


def unstated(plan: Plan, n: Need) -> tuple[str, ...]:
    """What `n` asks for that `plan` does not state (None, and not unlimited), by DIMENSIONS name."""
    stated = {
        "gb": plan.data_unlimited or plan.data_gb is not None,
        "minutes": plan.voice_unlimited or plan.voice_min is not None,
        "intl_minutes": plan.intl_voice_min is not None,
        "sms": plan.sms_unlimited or plan.sms is not None,
    }
    return tuple(dim for dim, want in zip(DIMENSIONS, _wants(n), strict=True) if want > 0 and not stated[dim])


@dataclass(frozen=True)
class Unstated:
    """A base plan that cannot be compared on a need: it leaves an allowance the need asks for unstated."""

    plan: Plan
    missing: tuple[str, ...]  # DIMENSIONS names

    @property
    def reason(self) -> str:
        return " and ".join(_NAMES[m] for m in self.missing) + " not stated"

    def to_dict(self) -> dict[str, Any]:
        plan = self.plan
        return {
            "operator": plan.operator,
            "region": plan.region,
            "name": plan.name,
            "price": to_json(plan.price),
            "currency": plan.currency,
            "period_days": plan.period_days,
            "reason": self.reason,
            "evidence": to_json(plan.evidence),
        }


@dataclass(frozen=True)
class Comparison:
    """The options that cover a need, the trials listed apart, and the plans that cannot be compared."""

    options: list[Option]
    trials: list[Plan] = field(default_factory=list)  # never counted: free or once per customer
    not_comparable: list[Unstated] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "options": [o.to_dict() for o in self.options],
            "trials": [
                {
                    "operator": p.operator,
                    "region": p.region,
                    "name": p.name,
                    "price": to_json(p.price),
                    "currency": p.currency,
                    "period_days": p.period_days,
                    "evidence": to_json(p.evidence),
                }
                for p in self.trials
            ],
            "not_comparable": [u.to_dict() for u in self.not_comparable],
        }


@dataclass(frozen=True)
class _Offer:
    """A plan reduced to numbers: price in the target currency and what one copy gives."""

    plan: Plan
    price: Decimal
    days: int  # the validity one copy adds to the stay: none for an add-on
    gives: tuple[Decimal, ...]  # per DIMENSIONS; a huge number for unlimited data, calls or texts
    limit: int = MAX_COPIES  # copies one can buy: one for a plan that is not repeatable
    base: bool = True


_UNLIMITED = Decimal(10) ** 9


def gives(plan: Plan) -> tuple[Decimal, ...]:
    """What one copy of a plan gives, per DIMENSIONS (unstated as none; daily quotas times the days)."""
    days = Decimal(plan.period_days or 0) if plan.per_day else Decimal(1)
    gb = _UNLIMITED if plan.data_unlimited else (total_gb(plan) or Decimal(0))
    minutes = _UNLIMITED if plan.voice_unlimited else Decimal(plan.voice_min or 0)
    sms = _UNLIMITED if plan.sms_unlimited else Decimal(plan.sms or 0) * days
    return (gb, minutes, Decimal(plan.intl_voice_min or 0), sms)


def _offer(plan: Plan, price: Decimal) -> _Offer | None:
    if not plan.period_days or plan.period_days <= 0 or price < 0:
        return None
    base = plan.kind == "base"
    limit = MAX_COPIES if plan.repeatable else 1
    return _Offer(plan, price, plan.period_days if base else 0, gives(plan), limit, base)


def _wants(n: Need) -> tuple[Decimal, ...]:
    return (n.gb, Decimal(n.minutes), Decimal(n.intl_minutes), Decimal(n.sms))


def _ceil_div(amount: Decimal, unit: Decimal) -> int:
    return math.ceil(amount / unit) if amount > 0 else 0


def _copies_for(offer: _Offer, days: int, wants: Sequence[Decimal]) -> int:
    """Copies of one offer that cover what it can cover of (days, wants) on its own, within its limit."""
    count = max(1, math.ceil(days / offer.days)) if days > 0 and offer.days > 0 else 1
    for want, give in zip(wants, offer.gives, strict=True):
        if want > 0 and give > 0:
            count = max(count, _ceil_div(want, give))
    return min(count, offer.limit)


def _shortfall_cost(
    short: Sequence[Decimal], overage: Overage | None, currency: str, on: dt.date | None, rates: Rates | None
) -> Decimal | None:
    """What the missing allowances cost out of bundle, or None if they cannot be bought."""
    total = Decimal(0)
    for dimension, missing in zip(DIMENSIONS, short, strict=True):
        if missing <= 0:
            continue
        unit = overage.unit(dimension) if overage else None
        if overage is None or unit is None:
            return None
        if overage.currency.upper() == currency.upper():
            total += missing * unit
        else:
            total += missing * unit * (rates or load_rates()).rate(overage.currency, currency, on)
    return total


def _evaluate(
    counted: Sequence[tuple[_Offer, int]],
    n: Need,
    overage: Overage | None,
    currency: str,
    on: dt.date | None,
    rates: Rates | None,
) -> tuple[Decimal, Decimal, dict[str, Decimal | None]] | None:
    days = sum(offer.days * count for offer, count in counted)
    if days < n.days:
        return None
    got = [
        sum((offer.gives[i] * count for offer, count in counted), Decimal(0)) for i in range(len(DIMENSIONS))
    ]
    short = [max(Decimal(0), want - have) for want, have in zip(_wants(n), got, strict=True)]
    extra = _shortfall_cost(short, overage, currency, on, rates) if any(short) else Decimal(0)
    if extra is None:
        return None
    cost = sum((offer.price * count for offer, count in counted), Decimal(0)) + extra
    covered: dict[str, Decimal | None] = {"days": Decimal(days)}
    for dimension, value in zip(DIMENSIONS, got, strict=True):
        covered[dimension] = None if value >= _UNLIMITED else value  # None: unlimited
    return cost, extra, covered


Found = tuple[Decimal, Decimal, dict[str, Decimal | None], tuple[tuple[_Offer, int], ...]]


def _best_in_group(
    offers: Sequence[_Offer],
    n: Need,
    overage: Overage | None,
    currency: str,
    on: dt.date | None,
    rates: Rates | None,
) -> Found | None:
    wants = _wants(n)
    best: tuple[Decimal, int, Decimal, dict[str, Decimal | None], tuple[tuple[_Offer, int], ...]] | None = (
        None
    )

    def consider(counted: tuple[tuple[_Offer, int], ...], base: Decimal, copies: int) -> None:
        nonlocal best
        # What the copies cost before any shortfall: a dearer or no better option is not evaluated.
        if best is not None and (base > best[0] or (base == best[0] and copies >= best[1])):
            return
        result = _evaluate(counted, n, overage, currency, on, rates)
        if result is None:
            return
        cost, extra, covered = result
        if best is None or (cost, copies) < (best[0], best[1]):
            best = (cost, copies, extra, covered, counted)

    singles = {id(offer): _copies_for(offer, n.days, wants) for offer in offers}
    for offer in offers:
        if offer.base:  # an add-on never covers a need on its own
            count = singles[id(offer)]
            consider(((offer, count),), offer.price * count, count)
    # What `a` copies of each base offer spend and leave to cover, worked out once, not once per partner.
    steps = {
        id(first): [
            (
                a,
                first.price * a,
                n.days - first.days * a,
                [w - g * a for w, g in zip(wants, first.gives, strict=True)],
            )
            for a in range(1, singles[id(first)] + 1)
        ]
        for first in offers
        if first.base
    }
    for first, second in permutations(offers, 2):
        if not first.base:
            continue  # add-ons stack on a base plan: the base one comes first
        # `first` is bought a copies; `second` fills the rest with as few copies as it can
        for a, spent, days_left, left in steps[id(first)]:
            if best is not None and spent + second.price > best[0]:
                break  # one copy of `second` on top is already dearer, and more of `first` too
            if days_left > 0 and second.days == 0:
                continue  # an add-on adds no days
            b = max(1, math.ceil(days_left / second.days)) if days_left > 0 else 1
            for want, give in zip(left, second.gives, strict=True):
                if want > 0 and give > 0:
                    b = max(b, _ceil_div(want, give))
            b = min(b, second.limit)
            consider(((first, a), (second, b)), spent + second.price * b, a + b)
    if best is None:
        return None
    return best[0], best[2], best[3], best[4]


def _undominated(offers: Sequence[_Offer]) -> list[_Offer]:
    """Drop offers another one beats: same role (base or add-on), no dearer, no shorter, no fewer
    copies to buy, no smaller in any allowance.

    Any combination using a beaten offer costs at least as much as the same
    combination using the offer that beats it, so the search can skip it.
    Of identical offers, the first is kept.
    """
    kept: list[_Offer] = []
    for i, offer in enumerate(offers):
        beaten = False
        for j, other in enumerate(offers):
            if i == j or other.base != offer.base or other.price > offer.price or other.days < offer.days:
                continue
            if other.limit < offer.limit or any(g < h for g, h in zip(other.gives, offer.gives, strict=True)):
                continue
            same = (
                other.price == offer.price
                and other.days == offer.days
                and other.gives == offer.gives
                and other.limit == offer.limit
            )
            if not same or j < i:
                beaten = True
                break
        if not beaten:
            kept.append(offer)
    return kept


def _overage_for(table: OverageTable | None, operator: str, region: str | None) -> Overage | None:
    if not table:
        return None
    return table.get((operator, region)) or table.get(operator)


def counts_for(plan: Plan, n: Need) -> bool:
    """Whether a plan may enter a search for `n`: a base plan stating what `n` asks, or an add-on."""
    if plan.kind == "addon":
        return True
    return plan.kind == "base" and not unstated(plan, n)


def compare(
    plans: Iterable[Plan],
    need: Need,
    *,
    currency: str | None = None,
    on: dt.date | None = None,
    rates: Rates | None = None,
    overage: OverageTable | None = None,
) -> Comparison:
    """`cheapest`, with the trials listed apart and the base plans that cannot be compared on `need`."""
    plans = list(plans)
    trials = sorted(
        (p for p in plans if p.kind == "trial"), key=lambda p: (p.operator, p.region or "", p.price, p.name)
    )
    missing = [Unstated(p, unstated(p, need)) for p in plans if p.kind == "base" and unstated(p, need)]
    missing.sort(key=lambda u: (u.plan.operator, u.plan.region or "", u.plan.name, u.plan.period_days or 0))
    options = cheapest(plans, need, currency=currency, on=on, rates=rates, overage=overage)
    return Comparison(options, trials, missing)


def cheapest(
    plans: Iterable[Plan],
    need: Need,
    *,
    currency: str | None = None,
    on: dt.date | None = None,
    rates: Rates | None = None,
    overage: OverageTable | None = None,
) -> list[Option]:
    """The cheapest way each operator covers `need` in each region, cheapest first.

    Prices are compared in `currency` (converted with `rates` on `on`); without
    it, all plans must share one currency. `overage` maps an operator id, or
    (operator, region), to its out-of-bundle prices. Trials, and base plans
    leaving an allowance of `need` unstated, take no part (see `compare`).
    """
    plans = [plan for plan in plans if counts_for(plan, need)]
    target = common_currency(plans, currency)
    if target is None:
        return []
    groups: dict[tuple[str, str | None], list[_Offer]] = {}
    for plan in plans:
        offer = _offer(plan, price_in(plan, target, on, rates))
        if offer is not None:
            groups.setdefault((plan.operator, plan.region), []).append(offer)
    options: list[Option] = []
    for (operator, region), offers in groups.items():
        if not any(offer.base for offer in offers):
            continue
        found = _best_in_group(
            _undominated(offers), need, _overage_for(overage, operator, region), target, on, rates
        )
        if found is None:
            continue
        cost, extra, covered, counted = found
        options.append(
            Option(
                operator=operator,
                region=region,
                cost=money(cost),
                currency=target,
                plans=tuple((offer.plan, count) for offer, count in counted),
                overage=money(extra),
                covered=covered,
            )
        )
    options.sort(key=lambda o: (o.cost, o.copies, o.operator, o.region or ""))
    return options


__all__ = [
    "Comparison",
    "Need",
    "Option",
    "Overage",
    "Unstated",
    "basket",
    "cheapest",
    "compare",
    "load_baskets",
    "need",
    "parse_baskets",
]
