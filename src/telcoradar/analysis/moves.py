"""Moves: what changed between two sets of plans, and how fast rivals answered.

`diff(before, after)` matches plans by `Plan.key` (operator, region,
normalized name, validity). When one snapshot lists several plans under one
key (a card sold at two prices for the same validity), they are paired in
order of price. Each matched pair that differs gives one `Change`:

* `new` / `withdrawn`: the key appears or disappears (size 100%);
* `price_cut` / `price_rise`: the price moved (size: |% change|), with any
  allowance changes listed alongside;
* `allowance`: same price, different data, minutes, perks... (size: the
  largest |% change| among numeric allowances, 100% for a perk or an
  allowance that appears or disappears).

Changes are ranked by size, largest first. Percentages are of the old value,
rounded to 0.1.

A plan withdrawn and one of the same name launched on the same day is one
plan whose validity changed, but only when the name had that one plan before
and after: a family of several validities that loses one and gains another
changed its range, not one plan's validity.

`response_lags(moves)`: after operator A moves in a region, the first move of
each rival in the same region on or after that day, and the days between. A
response is like for like: a move on a plan of the same kind (base, addon,
trial) for the same audience in the same validity band (≤7, 8–15, 16–31,
>31 days); a rival's perks pack does not answer a short card.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from telcoradar.analysis.frontier import band
from telcoradar.analysis.prices import money
from telcoradar.model import Plan, normalize_name

HUNDRED = Decimal(100)
TENTH = Decimal("0.1")
KINDS = ("new", "withdrawn", "price_cut", "price_rise", "allowance")
ALLOWANCES = ("period_days", "data_gb", "data_unlimited", "voice_min", "intl_voice_min", "sms", "perks")


def pct_change(old: Decimal | int | None, new: Decimal | int | None) -> Decimal | None:
    """Percentage change from old to new, to 0.1; None when it is undefined."""
    if old is None or new is None or old == 0:
        return None
    change = (Decimal(new) - Decimal(old)) * HUNDRED / Decimal(old)
    return change.quantize(TENTH, rounding=ROUND_HALF_UP)


def price_per_gb(plan: Plan) -> Decimal | None:
    if plan.data_unlimited or not plan.data_gb:
        return None
    return money(plan.price / plan.data_gb)


@dataclass(frozen=True)
class Change:
    kind: str  # new, withdrawn, price_cut, price_rise, allowance
    before: Plan | None
    after: Plan | None
    size: Decimal  # |% change| used for ranking
    price_change_pct: Decimal | None = None
    fields: dict[str, tuple[Any, Any]] = field(default_factory=dict)  # allowance -> (old, new)
    per_gb_before: Decimal | None = None
    per_gb_after: Decimal | None = None
    per_gb_change_pct: Decimal | None = None
    date: dt.date | None = None

    @property
    def plan(self) -> Plan:
        plan = self.after or self.before
        assert plan is not None
        return plan

    @property
    def operator(self) -> str:
        return self.plan.operator

    @property
    def region(self) -> str | None:
        return self.plan.region

    def row(self) -> dict[str, Any]:
        plan = self.plan
        return {
            "date": self.date,
            "kind": self.kind,
            "operator": plan.operator,
            "region": plan.region,
            "name": plan.name,
            "period_days": plan.period_days,
            "price_before": self.before.price if self.before else None,
            "price_after": self.after.price if self.after else None,
            "currency": plan.currency,
            "price_change_pct": self.price_change_pct,
            "per_gb_before": self.per_gb_before,
            "per_gb_after": self.per_gb_after,
            "per_gb_change_pct": self.per_gb_change_pct,
            "changes": "; ".join(
                f"{name}: {shown(old)} → {shown(new)}" for name, (old, new) in self.fields.items()
            ),
            "size": self.size,
            "quote": plan.evidence.quote,
        }


def shown(value: Any) -> str:
    """A field's value in a change: a dash for none, perks joined."""
    if value is None:
        return "—"
    if isinstance(value, tuple):
        return ", ".join(value) or "—"
    return str(value)


def _allowance_changes(old: Plan, new: Plan) -> tuple[dict[str, tuple[Any, Any]], Decimal]:
    fields: dict[str, tuple[Any, Any]] = {}
    size = Decimal(0)
    for name in ALLOWANCES:
        a, b = getattr(old, name), getattr(new, name)
        if name == "perks":
            a, b = tuple(sorted(a)), tuple(sorted(b))
        if a == b:
            continue
        fields[name] = (a, b)
        pct = pct_change(a, b) if name not in ("perks", "data_unlimited") else None
        size = max(size, abs(pct) if pct is not None else HUNDRED)
    return fields, size


def compare_pair(old: Plan, new: Plan, date: dt.date | None = None) -> Change | None:
    """The change from one observation of a plan to the next, or None if nothing moved."""
    fields, size = _allowance_changes(old, new)
    price_pct = pct_change(old.price, new.price) if old.price != new.price else None
    if old.currency != new.currency:
        fields["currency"] = (old.currency, new.currency)
        price_pct = None
        size = max(size, HUNDRED)
    if old.price == new.price and not fields:
        return None
    kind = "allowance"
    if old.price != new.price:
        kind = "price_cut" if new.price < old.price else "price_rise"
        if price_pct is not None:
            size = max(size, abs(price_pct))
    before_gb, after_gb = price_per_gb(old), price_per_gb(new)
    return Change(
        kind=kind,
        before=old,
        after=new,
        size=size,
        price_change_pct=price_pct,
        fields=fields,
        per_gb_before=before_gb,
        per_gb_after=after_gb,
        per_gb_change_pct=pct_change(before_gb, after_gb),
        date=date,
    )


def _by_key(plans: Iterable[Plan]) -> dict[tuple[Any, ...], Plan]:
    grouped: dict[tuple[Any, ...], list[Plan]] = {}
    for plan in plans:
        grouped.setdefault(plan.key, []).append(plan)
    out: dict[tuple[Any, ...], Plan] = {}
    for key, same in grouped.items():
        same.sort(key=lambda p: (p.price, p.data_gb or 0, p.voice_min or 0))
        for i, plan in enumerate(same):
            out[(*key, i)] = plan
    return out


def _family(plan: Plan) -> tuple[str, str | None, str]:
    return (plan.operator, plan.region, normalize_name(plan.name))


def pair_validity_changes(
    changes: Iterable[Change], single: set[tuple[str, str | None, str]] | None = None
) -> list[Change]:
    """A plan withdrawn and one of the same name launched on the same day, by the same
    operator in the same region, is one plan whose validity changed (the period is
    part of the key, so the diff first sees two plans). Pairs only when unambiguous,
    and, given `single`, only for families (operator, region, name) in it: those
    with one plan before and one after."""
    changes = list(changes)
    gone: dict[tuple[Any, ...], list[Change]] = {}
    came: dict[tuple[Any, ...], list[Change]] = {}
    for change in changes:
        plan = change.plan
        if single is not None and _family(plan) not in single:
            continue
        key = (*_family(plan), change.date)
        if change.kind == "withdrawn":
            gone.setdefault(key, []).append(change)
        elif change.kind == "new":
            came.setdefault(key, []).append(change)
    merged: dict[int, Change | None] = {}
    for key, olds in gone.items():
        news = came.get(key, [])
        if len(olds) == 1 and len(news) == 1:
            old, new = olds[0], news[0]
            assert old.before is not None and new.after is not None
            merged[id(old)] = compare_pair(old.before, new.after, old.date)
            merged[id(new)] = None
    out: list[Change] = []
    for change in changes:
        replacement = merged.get(id(change), change)
        if replacement is not None:
            out.append(replacement)
    return out


def diff(before: Iterable[Plan], after: Iterable[Plan], date: dt.date | None = None) -> list[Change]:
    """Changes from `before` to `after`, largest first."""
    old, new = _by_key(before), _by_key(after)
    changes: list[Change] = []
    for key, plan in new.items():
        if key not in old:
            ppg = price_per_gb(plan)
            changes.append(Change("new", None, plan, HUNDRED, per_gb_after=ppg, date=date))
        else:
            change = compare_pair(old[key], plan, date)
            if change is not None:
                changes.append(change)
    for key, plan in old.items():
        if key not in new:
            ppg = price_per_gb(plan)
            changes.append(Change("withdrawn", plan, None, HUNDRED, per_gb_before=ppg, date=date))
    return rank(pair_validity_changes(changes, _single_families(before, after)))


def _single_families(before: Iterable[Plan], after: Iterable[Plan]) -> set[tuple[str, str | None, str]]:
    """The families (operator, region, name) with exactly one plan before and one after."""
    counts: dict[tuple[str, str | None, str], list[int]] = {}
    for side, plans in enumerate((before, after)):
        for plan in plans:
            counts.setdefault(_family(plan), [0, 0])[side] += 1
    return {family for family, (old, new) in counts.items() if old == 1 and new == 1}


def rank(changes: Iterable[Change]) -> list[Change]:
    """Largest first; ties by kind (new, withdrawn, cut, rise, allowance), date, operator, region, name."""
    return sorted(
        changes,
        key=lambda c: (
            -c.size,
            KINDS.index(c.kind),
            c.date or dt.date.min,
            c.operator,
            c.region or "",
            c.plan.name,
        ),
    )


@dataclass(frozen=True)
class Move:
    """A dated move by one operator in one region (a plan change, or an event)."""

    date: dt.date
    operator: str
    region: str | None
    what: str = ""
    plan_kind: str | None = None  # base, addon, trial, auto (None: not a plan)
    audience: str | None = None
    band: str | None = None  # validity band of the plan (None: not stated)

    @property
    def like(self) -> tuple[str | None, str | None, str | None]:
        """What a response must match: plan kind, audience, validity band."""
        return (self.plan_kind, self.audience, self.band)


def as_moves(changes: Iterable[Change]) -> list[Move]:
    """Dated changes as moves (undated ones are skipped), with what a response must match."""
    return [
        Move(
            c.date,
            c.operator,
            c.region,
            f"{c.kind} {c.plan.name}",
            plan_kind=c.plan.kind,
            audience=c.plan.audience,
            band=band(c.plan.period_days) if c.plan.period_days else None,
        )
        for c in changes
        if c.date is not None
    ]


@dataclass(frozen=True)
class Lag:
    region: str | None
    leader: str
    leader_date: dt.date
    leader_move: str
    rival: str
    rival_date: dt.date | None  # None: the rival has not answered yet
    rival_move: str
    days: int | None
    plan_kind: str | None = None  # what both moves are on: kind, audience, validity band
    audience: str | None = None
    band: str | None = None

    def row(self) -> dict[str, Any]:
        return {
            "region": self.region,
            "plan_kind": self.plan_kind,
            "audience": self.audience,
            "band": self.band,
            "leader": self.leader,
            "leader_date": self.leader_date,
            "leader_move": self.leader_move,
            "rival": self.rival,
            "rival_date": self.rival_date,
            "rival_move": self.rival_move,
            "days": self.days,
        }


def response_lags(moves: Sequence[Move], operators: Sequence[str] | None = None) -> list[Lag]:
    """For each operator's first move of a day in a region, each rival's next like move there.

    Rivals are the other operators seen in that region (or `operators`). A
    rival's move answers only when it is like the leader's (`Move.like`: plan
    kind, audience, validity band). Several like moves by one operator on one
    day count once.
    """
    by_region: dict[str | None, list[Move]] = {}
    for move in sorted(moves, key=lambda m: (m.date, m.operator, m.what)):
        by_region.setdefault(move.region, []).append(move)
    lags: list[Lag] = []
    for region, region_moves in by_region.items():
        rivals = list(operators) if operators else sorted({m.operator for m in region_moves})
        seen: set[tuple[Any, ...]] = set()
        for lead in region_moves:
            if (lead.operator, lead.date, lead.like) in seen:
                continue
            seen.add((lead.operator, lead.date, lead.like))
            for rival in rivals:
                if rival == lead.operator:
                    continue
                answer = next(
                    (
                        m
                        for m in region_moves
                        if m.operator == rival and m.date >= lead.date and m.like == lead.like
                    ),
                    None,
                )
                lags.append(
                    Lag(
                        region=region,
                        leader=lead.operator,
                        leader_date=lead.date,
                        leader_move=lead.what,
                        rival=rival,
                        rival_date=answer.date if answer else None,
                        rival_move=answer.what if answer else "",
                        days=(answer.date - lead.date).days if answer else None,
                        plan_kind=lead.plan_kind,
                        audience=lead.audience,
                        band=lead.band,
                    )
                )
    return lags
