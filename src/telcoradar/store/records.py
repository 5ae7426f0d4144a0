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
from telcoradar.store.schema import EventMentionRow, EventRow, FigureRow, PlanObservationRow, SnapshotRow

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
    "review",
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
        "review": version.review,
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
        "confidence": event.confidence,
        "flags": list(event.flags or ()),
        "review": event.review,
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
        "confidence": figure.confidence,
        "flags": list(figure.flags or ()),
        "review": figure.review,
        "quote": figure.quote,
    }


def snapshot_record(row: SnapshotRow) -> dict[str, Any]:
    """A stored capture: where and when it was taken, what it is, how many facts it gave."""
    return {
        "id": row.id,
        "uri": row.uri,
        "seq": row.seq,
        "source_id": row.source_id,
        "sha256": row.sha256,
        "fetched_at": row.fetched_at,
        "title": row.title or "",
        "published": row.published,
        "content_type": row.content_type,
        "charset": row.charset,
        "plan_count": row.plan_count,
        "event_count": row.event_count,
        "figure_count": row.figure_count,
    }


def observation_values(row: PlanObservationRow) -> dict[str, Any]:
    """One plan as a snapshot showed it: every stored column by name."""
    return {name: getattr(row, name) for name in PlanObservationRow.__table__.columns.keys()}  # noqa: SIM118


def mention_evidence(mention: EventMentionRow | None) -> dict[str, Any] | None:
    if mention is None:
        return None
    return {
        "quote": mention.quote,
        "start": mention.quote_start,
        "end": mention.quote_end,
        "snapshot_id": mention.snapshot_id,
    }


def stored_event(event: EventRow, mention: EventMentionRow | None) -> dict[str, Any]:
    """An event by id, with the evidence of `mention` (the first report of it, or None)."""
    return {
        "id": event.id,
        **{name: value for name, value in event_record(event).items() if name != "mentions"},
        "evidence": mention_evidence(mention),
    }


def stored_figure(figure: FigureRow) -> dict[str, Any]:
    """A figure by id, with the evidence of the snapshot it was read from."""
    record = {name: value for name, value in figure_record(figure).items() if name != "quote"}
    evidence = {"quote": figure.quote, "start": figure.quote_start, "end": figure.quote_end}
    return {"id": figure.id, **record, "evidence": {**evidence, "snapshot_id": figure.snapshot_id}}
