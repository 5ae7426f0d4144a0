"""One record shape per stored fact: the fields every face shows for a plan, an event, a figure.

`plan_record` is what `telcoradar plans --json`, `GET /api/plans` and
`telcoradar.open().plans()` carry for one plan version, field for field
(`PLAN_FIELDS`, in that order). Values stay Python's (Decimal money,
aware datetimes); each face only turns them into its medium (JSON numbers,
DataFrame cells).
"""

from __future__ import annotations

from typing import Any

from telcoradar.store.read import PlanVersion
from telcoradar.store.schema import EventRow, FigureRow

PLAN_FIELDS = (
    "key",
    "operator",
    "operator_name",
    "region",
    "name",
    "price",
    "currency",
    "period_days",
    "recurring",
    "data_gb",
    "data_unlimited",
    "voice_unlimited",
    "sms_unlimited",
    "voice_min",
    "intl_voice_min",
    "sms",
    "perks",
    "audience",
    "kind",
    "repeatable",
    "per_day",
    "confidence",
    "flags",
    "evidence",
    "valid_from",
    "valid_to",
)
EVIDENCE_FIELDS = ("quote", "start", "end", "snapshot_id")


def plan_record(version: PlanVersion) -> dict[str, Any]:
    """One plan version as the fields of PLAN_FIELDS; `evidence` is None when no quote is stored."""
    plan = version.plan
    quote = plan.evidence
    evidence = None
    if version.snapshot_id is not None or quote.quote:
        evidence = {"quote": quote.quote, "start": quote.start, "end": quote.end}
        evidence["snapshot_id"] = version.snapshot_id
    return {
        "key": version.key,
        "operator": plan.operator,
        "operator_name": plan.operator_name,
        "region": plan.region or None,
        "name": plan.name,
        "price": plan.price,
        "currency": plan.currency,
        "period_days": plan.period_days,
        "recurring": plan.recurring,
        "data_gb": plan.data_gb,
        "data_unlimited": plan.data_unlimited,
        "voice_unlimited": plan.voice_unlimited,
        "sms_unlimited": plan.sms_unlimited,
        "voice_min": plan.voice_min,
        "intl_voice_min": plan.intl_voice_min,
        "sms": plan.sms,
        "perks": list(plan.perks),
        "audience": plan.audience,
        "kind": plan.kind,
        "repeatable": plan.repeatable,
        "per_day": plan.per_day,
        "confidence": plan.confidence,
        "flags": list(plan.flags),
        "evidence": evidence,
        "valid_from": version.valid_from,
        "valid_to": version.valid_to,
    }


def event_record(event: EventRow, mentions: int = 0) -> dict[str, Any]:
    return {
        "date": event.date,
        "date_precision": event.date_precision,
        "operators": list(event.operators),
        "kind": event.kind,
        "domain": event.domain,
        "amount": event.amount,
        "currency": event.currency,
        "counterparties": list(event.counterparties),
        "region": event.region,
        "sentence": event.sentence,
        "mentions": mentions,
    }


def figure_record(figure: FigureRow) -> dict[str, Any]:
    return {
        "measure": figure.measure,
        "value": figure.value,
        "unit": figure.unit,
        "currency": figure.currency,
        "year": figure.year,
        "date": figure.date,
        "forecast": figure.forecast,
        "growth_rate": figure.growth_rate,
        "growth_kind": figure.growth_kind,
        "operator": figure.operator,
        "quote": figure.quote,
    }
