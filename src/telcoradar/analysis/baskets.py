"""Usage baskets: the cheapest way each operator covers a need.

A `Need` is a stay or a month of use: days, GB, domestic minutes,
international minutes, SMS. Baskets are named needs from `data/baskets.toml`
(the ITU ICT price baskets and inbound-visitor baskets).

The rule for covering a need with an operator's plans in one region:

* copies of a plan are used one after another; the copies' validities add
  up and must reach the stay, and their data, domestic minutes, international
  minutes and SMS add up and must reach the need (so a 7-day card bought
  twice covers 14 days with twice its data);
* at most two distinct plans are combined (say a 7-day card and a 3-day
  top-up), each bought as many times as needed;
* a plan that does not state an allowance contributes none of it; unlimited
  data covers any data need, unlimited calls any minutes need and unlimited
  texts any SMS need. An option short of an allowance does not
  qualify, unless the operator's out-of-bundle `Overage` rates are known,
  in which case the shortfall is bought at those rates and added to the cost.

The cheapest option per operator and region is returned, ranked cheapest
first (ties: fewer copies, then operator and region names).
"""

from __future__ import annotations

import datetime as dt
import math
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from importlib import resources
from itertools import permutations
from typing import Any

from telcoradar.analysis.prices import Rates, common_currency, load_rates, money, price_in
from telcoradar.errors import InputError
from telcoradar.model import Plan, to_json

MAX_COPIES = 60  # no one buys a card more often than this for one stay
DIMENSIONS = ("gb", "minutes", "intl_minutes", "sms")


@dataclass(frozen=True)
class Need:
    days: int
    gb: Decimal = Decimal(0)
    minutes: int = 0
    intl_minutes: int = 0
    sms: int = 0
    name: str = ""
    label: str = ""

    def __post_init__(self) -> None:
        if self.days <= 0:
            raise InputError(self.name or "need", "days must be positive")
        if self.gb < 0 or min(self.minutes, self.intl_minutes, self.sms) < 0:
            raise InputError(self.name or "need", "allowances cannot be negative")

    def describe(self) -> str:
        parts = [f"{self.days} days", f"{self.gb:g} GB"]
        if self.minutes:
            parts.append(f"{self.minutes} min")
        if self.intl_minutes:
            parts.append(f"{self.intl_minutes} intl min")
        if self.sms:
            parts.append(f"{self.sms} SMS")
        return ", ".join(parts)


def need(
    days: int, gb: Decimal | float | int = 0, minutes: int = 0, intl_minutes: int = 0, sms: int = 0
) -> Need:
    """A need stated directly: `need(days=10, gb=20, minutes=50)`."""
    return Need(days=days, gb=Decimal(str(gb)), minutes=minutes, intl_minutes=intl_minutes, sms=sms)


def parse_baskets(data: Mapping[str, Any], source: str) -> dict[str, Need]:
    allowed = {"label", "days", "gb", "minutes", "intl_minutes", "sms"}
    baskets: dict[str, Need] = {}
    for name, spec in data.items():
        if not isinstance(spec, dict):
            raise InputError(source, f"{name}: expected a table")
        unknown = set(spec) - allowed
        if unknown:
            raise InputError(source, f"{name}: unknown field(s) {', '.join(sorted(unknown))}")
        if not isinstance(spec.get("days"), int):
            raise InputError(source, f"{name}: days must be a whole number")
        baskets[name] = Need(
            days=spec["days"],
            gb=Decimal(str(spec.get("gb", 0))),
            minutes=int(spec.get("minutes", 0)),
            intl_minutes=int(spec.get("intl_minutes", 0)),
            sms=int(spec.get("sms", 0)),
            name=name,
            label=str(spec.get("label", name)),
        )
    return baskets


@lru_cache(maxsize=1)
def load_baskets() -> dict[str, Need]:
    """The bundled baskets by name."""
    text = resources.files("telcoradar.data").joinpath("baskets.toml").read_text(encoding="utf-8")
    return parse_baskets(tomllib.loads(text, parse_float=Decimal), "baskets.toml")


def basket(name: str) -> Need:
    baskets = load_baskets()
    if name not in baskets:
        raise InputError(name, f"no such basket (known: {', '.join(baskets)})")
    return baskets[name]


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


@dataclass(frozen=True)
class _Offer:
    """A plan reduced to numbers: price in the target currency and what one copy gives."""

    plan: Plan
    price: Decimal
    days: int
    gives: tuple[Decimal, ...]  # per DIMENSIONS; a huge number for unlimited data, calls or texts


_UNLIMITED = Decimal(10) ** 9


def _offer(plan: Plan, price: Decimal) -> _Offer | None:
    if not plan.period_days or plan.period_days <= 0 or price < 0:
        return None
    gb = _UNLIMITED if plan.data_unlimited else (plan.data_gb or Decimal(0))
    minutes = _UNLIMITED if plan.voice_unlimited else Decimal(plan.voice_min or 0)
    sms = _UNLIMITED if plan.sms_unlimited else Decimal(plan.sms or 0)
    gives = (gb, minutes, Decimal(plan.intl_voice_min or 0), sms)
    return _Offer(plan, price, plan.period_days, gives)


def _wants(n: Need) -> tuple[Decimal, ...]:
    return (n.gb, Decimal(n.minutes), Decimal(n.intl_minutes), Decimal(n.sms))


def _ceil_div(amount: Decimal, unit: Decimal) -> int:
    return math.ceil(amount / unit) if amount > 0 else 0


def _copies_for(offer: _Offer, days: int, wants: Sequence[Decimal]) -> int:
    """Copies of one offer that cover what it can cover of (days, wants) on its own."""
    count = max(1, math.ceil(days / offer.days)) if days > 0 else 0
    for want, give in zip(wants, offer.gives, strict=True):
        if want > 0 and give > 0:
            count = max(count, _ceil_div(want, give))
    return count


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


def _best_in_group(
    offers: Sequence[_Offer],
    n: Need,
    overage: Overage | None,
    currency: str,
    on: dt.date | None,
    rates: Rates | None,
) -> tuple[Decimal, Decimal, dict[str, Decimal | None], tuple[tuple[_Offer, int], ...]] | None:
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

    singles = {id(offer): min(_copies_for(offer, n.days, wants), MAX_COPIES) for offer in offers}
    for offer in offers:
        count = singles[id(offer)]
        consider(((offer, count),), offer.price * count, count)
    # What `a` copies of each offer spend and leave to cover, worked out once, not once per partner.
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
    }
    for first, second in permutations(offers, 2):
        # `first` is bought a copies; `second` fills the rest with as few copies as it can
        for a, spent, days_left, left in steps[id(first)]:
            if best is not None and spent + second.price > best[0]:
                break  # one copy of `second` on top is already dearer, and more of `first` too
            b = max(1, math.ceil(days_left / second.days)) if days_left > 0 else 1
            for want, give in zip(left, second.gives, strict=True):
                if want > 0 and give > 0:
                    b = max(b, _ceil_div(want, give))
            if b <= MAX_COPIES:
                consider(((first, a), (second, b)), spent + second.price * b, a + b)
    if best is None:
        return None
    return best[0], best[2], best[3], best[4]


def _undominated(offers: Sequence[_Offer]) -> list[_Offer]:
    """Drop offers another one beats: no dearer, no shorter, no smaller in any allowance.

    Any combination using a beaten offer costs at least as much as the same
    combination using the offer that beats it, so the search can skip it.
    Of identical offers, the first is kept.
    """
    kept: list[_Offer] = []
    for i, offer in enumerate(offers):
        beaten = False
        for j, other in enumerate(offers):
            if i == j or other.price > offer.price or other.days < offer.days:
                continue
            if any(g < h for g, h in zip(other.gives, offer.gives, strict=True)):
                continue
            same = other.price == offer.price and other.days == offer.days and other.gives == offer.gives
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
    (operator, region), to its out-of-bundle prices.
    """
    plans = list(plans)
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
