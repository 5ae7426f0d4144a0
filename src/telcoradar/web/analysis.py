"""The analysis as API models: basket options, hedonic estimates, plan changes, strategy profiles.

The functions here only call `telcoradar.analysis` over the store's plans
and events and shape the answers; the pages and the API share them.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, Field

from telcoradar.analysis import baskets, strategy
from telcoradar.analysis.changes import plan_changes
from telcoradar.analysis.hedonic import fit
from telcoradar.analysis.moves import Change, shown
from telcoradar.extract.operators import select_operators
from telcoradar.model import Plan
from telcoradar.store import Store, read
from telcoradar.web.schemas import EvidenceOut, num


class BasketOut(BaseModel):
    name: str
    label: str
    days: int
    gb: float
    minutes: int
    intl_minutes: int
    sms: int


class OptionPlan(BaseModel):
    name: str
    price: float
    currency: str
    period_days: int | None
    count: int
    quote: str


class OptionOut(BaseModel):
    operator: str
    region: str | None
    cost: float
    currency: str
    overage: float
    plans: list[OptionPlan]


class TrialOut(BaseModel):
    operator: str
    region: str | None
    name: str
    price: float
    currency: str
    period_days: int | None
    quote: str


class UnstatedOut(TrialOut):
    reason: str


class Comparison(BaseModel):
    need: BasketOut
    options: list[OptionOut]
    trials: list[TrialOut] = Field(default_factory=list, description="free or once per customer: not counted")
    not_comparable: list[UnstatedOut] = Field(
        default_factory=list, description="base plans that leave an allowance the need asks for unstated"
    )


class EstimateOut(BaseModel):
    kind: str
    term: str
    unit: str
    value: float | None
    ci_low: float | None
    ci_high: float | None
    reliable: bool = True
    reason: str = Field(default="", description="why the estimate is not reliable, when it is not")


class HedonicOut(BaseModel):
    n: int
    currency: str
    r_squared: float | None
    excluded: dict[str, int] = Field(default_factory=dict, description="plans left out, by reason")
    reliable: bool = True
    reason: str = ""
    estimates: list[EstimateOut]


class FieldChange(BaseModel):
    field: str = Field(description="a plan field: period_days, data_gb, voice_min, perks ...")
    before: str
    after: str


class ChangeOut(BaseModel):
    date: dt.date | None
    kind: str
    operator: str
    region: str | None
    name: str
    period_days: int | None
    price_before: float | None
    price_after: float | None
    currency: str
    price_change_pct: float | None
    changes: str
    fields: list[FieldChange] = Field(default_factory=list, description="the allowances that changed")
    evidence: EvidenceOut


class ProfileRow(BaseModel):
    operator: str
    events: int
    domains: str
    partners: str
    money: str


class DomainRow(BaseModel):
    domain: str
    operator: str
    events: int
    latest_date: str | None  # at the precision the text gave: 2025-05-16, 2025-05, 2025
    latest_move: str
    partners: str


class StrategyOut(BaseModel):
    profiles: list[ProfileRow]
    domains: list[DomainRow]


def finite(value: float | None) -> float | None:
    return None if value is None or not math.isfinite(value) else value


def basket_out(need: baskets.Need) -> BasketOut:
    return BasketOut(
        name=need.name or "custom",
        label=need.label or need.describe(),
        days=need.days,
        gb=float(need.gb),
        minutes=need.minutes,
        intl_minutes=need.intl_minutes,
        sms=need.sms,
    )


def all_baskets() -> list[BasketOut]:
    return [basket_out(need) for need in baskets.load_baskets().values()]


def compare(
    store: Store, need: baskets.Need, *, region: str | None, at: dt.date | None, currency: str = "CNY"
) -> Comparison:
    with store.read() as session:
        plans = read.plans_valid_at(session, at, region=region)
    found = baskets.compare(plans, need, currency=currency, on=at)
    options = found.options
    return Comparison(
        need=basket_out(need),
        trials=[TrialOut(**_plan_brief(p)) for p in found.trials],
        not_comparable=[UnstatedOut(**_plan_brief(u.plan), reason=u.reason) for u in found.not_comparable],
        options=[
            OptionOut(
                operator=o.operator,
                region=o.region,
                cost=num(o.cost) or 0,
                currency=o.currency,
                overage=num(o.overage) or 0,
                plans=[
                    OptionPlan(
                        name=p.name,
                        price=num(p.price) or 0,
                        currency=p.currency,
                        period_days=p.period_days,
                        count=count,
                        quote=p.evidence.quote,
                    )
                    for p, count in o.plans
                ],
            )
            for o in options
        ],
    )


def _plan_brief(plan: Plan) -> dict[str, Any]:
    return {
        "operator": plan.operator,
        "region": plan.region,
        "name": plan.name,
        "price": num(plan.price) or 0,
        "currency": plan.currency,
        "period_days": plan.period_days,
        "quote": plan.evidence.quote,
    }


def hedonic(
    store: Store, *, region: str | None, by_region: bool, at: dt.date | None, currency: str = "CNY"
) -> HedonicOut:
    with store.read() as session:
        plans = read.plans_valid_at(session, at, region=region)
    result = fit(plans, by_region=by_region, currency=currency, on=at)
    rows = [
        EstimateOut(
            kind=row["kind"],
            term=row["term"],
            unit=row["unit"],
            value=finite(row["value"]),
            ci_low=finite(row["ci_low"]),
            ci_high=finite(row["ci_high"]),
            reliable=row["reliable"],
            reason=row["reason"],
        )
        for row in result.rows()
    ]
    summary = result.summary()
    return HedonicOut(
        n=result.n,
        currency=result.currency,
        r_squared=finite(result.r_squared),
        excluded=summary["excluded"],
        reliable=summary["reliable"],
        reason=summary["reason"],
        estimates=rows,
    )


def change_out(change: Change) -> ChangeOut:
    plan = change.plan
    pct = change.price_change_pct
    return ChangeOut(
        date=change.date,
        kind=change.kind,
        operator=plan.operator,
        region=plan.region,
        name=plan.name,
        period_days=plan.period_days,
        price_before=num(change.before.price) if change.before else None,
        price_after=num(change.after.price) if change.after else None,
        currency=plan.currency,
        price_change_pct=num(pct) if isinstance(pct, Decimal) else None,
        changes=str(change.row()["changes"]),
        fields=[FieldChange(field=f, before=shown(a), after=shown(b)) for f, (a, b) in change.fields.items()],
        evidence=EvidenceOut(quote=plan.evidence.quote, start=plan.evidence.start, end=plan.evidence.end),
    )


def moves(
    store: Store, since: dt.date, until: dt.date | None, *, region: str | None, operator: str | None
) -> list[ChangeOut]:
    with store.read() as session:
        changes = plan_changes(session, since, until, region=region, operator=operator)
    return [change_out(c) for c in changes]


def strategy_of(
    store: Store, since: dt.date | None, operators: Sequence[str] = (), market: str | None = None
) -> StrategyOut:
    """Profiles and the side-by-side of the operators named (else every one stored), of `market` only."""
    with store.read() as session:
        events = read.events(session, since=since)
    chosen = select_operators(strategy.operators_named(events), operators, market)
    return StrategyOut(
        profiles=[ProfileRow(**row) for row in strategy.profiles(events) if row["operator"] in chosen],
        domains=[DomainRow(**_pick(row, DomainRow)) for row in strategy.comparison(events, chosen)],
    )


def _pick(row: dict[str, Any], model: type[BaseModel]) -> dict[str, Any]:
    return {name: row.get(name) for name in model.model_fields}
