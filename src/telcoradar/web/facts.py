"""Stored rows as API models: snapshots, the plans, events and figures they gave, and their marks."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from telcoradar.store.browse import snapshot_events, snapshot_figures, snapshot_plans
from telcoradar.store.schema import EventMentionRow, EventRow, FigureRow, PlanObservationRow, SnapshotRow
from telcoradar.store.snapshots import get_snapshot
from telcoradar.web.highlight import Mark, valid
from telcoradar.web.schemas import (
    EventOut,
    EvidenceOut,
    FigureOut,
    ObservedPlan,
    SnapshotFacts,
    SnapshotOut,
    num,
    plan_fields,
)


def snapshot_out(row: SnapshotRow) -> SnapshotOut:
    return SnapshotOut(
        id=row.id,
        uri=row.uri,
        seq=row.seq,
        source_id=row.source_id,
        sha256=row.sha256,
        fetched_at=row.fetched_at,
        title=row.title or "",
        published=row.published,
        content_type=row.content_type,
        charset=row.charset,
        plan_count=row.plan_count,
        event_count=row.event_count,
        figure_count=row.figure_count,
    )


def observed_plan(row: PlanObservationRow) -> ObservedPlan:
    values: dict[str, Any] = {c: getattr(row, c) for c in PlanObservationRow.__table__.columns.keys()}  # noqa: SIM118
    return ObservedPlan(**plan_fields(values), observed_at=row.observed_at)


def event_out(event: EventRow, mention: EventMentionRow | None) -> EventOut:
    evidence = None
    if mention is not None:
        evidence = EvidenceOut(
            quote=mention.quote,
            start=mention.quote_start,
            end=mention.quote_end,
            snapshot_id=mention.snapshot_id,
        )
    return EventOut(
        id=event.id,
        date=event.date,
        date_precision=event.date_precision,
        operators=list(event.operators or []),
        kind=event.kind,
        domain=event.domain,
        amount=num(event.amount),
        currency=event.currency,
        counterparties=list(event.counterparties or []),
        region=event.region,
        sentence=event.sentence,
        evidence=evidence,
    )


def figure_out(row: FigureRow) -> FigureOut:
    return FigureOut(
        id=row.id,
        measure=row.measure,
        value=num(row.value) or 0,
        unit=row.unit,
        currency=row.currency,
        year=row.year,
        date=row.date,
        forecast=row.forecast,
        growth_rate=num(row.growth_rate),
        growth_kind=row.growth_kind,
        operator=row.operator,
        evidence=EvidenceOut(
            quote=row.quote, start=row.quote_start, end=row.quote_end, snapshot_id=row.snapshot_id
        ),
    )


def snapshot_facts(session: Session, snapshot_id: int) -> SnapshotFacts | None:
    row = get_snapshot(session, snapshot_id)
    if row is None:
        return None
    return SnapshotFacts(
        snapshot=snapshot_out(row),
        plans=[observed_plan(p) for p in snapshot_plans(session, snapshot_id)],
        events=[event_out(e, m) for e, m in snapshot_events(session, snapshot_id)],
        figures=[figure_out(f) for f in snapshot_figures(session, snapshot_id)],
    )


def snapshot_marks(session: Session, row: SnapshotRow) -> list[Mark]:
    """Where each extracted plan, event and figure sits in the snapshot's text."""
    marks = [
        Mark("plan", p.quote_start, p.quote_end, f"{p.name} {p.price} {p.currency}")
        for p in snapshot_plans(session, row.id)
    ]
    marks += [
        Mark("event", m.quote_start, m.quote_end, f"{e.kind} · {e.domain}")
        for e, m in snapshot_events(session, row.id)
    ]
    marks += [
        Mark("figure", f.quote_start, f.quote_end, f"{f.measure}: {f.value} {f.unit}")
        for f in snapshot_figures(session, row.id)
    ]
    return valid(marks, len(row.text))
