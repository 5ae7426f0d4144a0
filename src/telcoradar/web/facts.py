"""Stored facts as API models: snapshots, the plans, events and figures they gave, and their marks.

The rows come from the store's read functions and are shaped by `store.records`; here they only
become the API's models (JSON numbers for money).
"""

from __future__ import annotations

from typing import Any, Protocol

from sqlalchemy.orm import Session

from telcoradar.store.browse import snapshot_events, snapshot_figures, snapshot_plans
from telcoradar.store.records import observation_values, snapshot_record, stored_event, stored_figure
from telcoradar.store.snapshots import get_snapshot
from telcoradar.web.highlight import Mark, valid
from telcoradar.web.labels import term
from telcoradar.web.render import money
from telcoradar.web.schemas import (
    EventOut,
    FigureOut,
    ObservedPlan,
    SnapshotFacts,
    SnapshotOut,
    num,
    plan_fields,
)


class _Text(Protocol):
    id: int
    text: str


def snapshot_out(row: Any) -> SnapshotOut:
    return SnapshotOut(**snapshot_record(row))


def observed_plan(row: Any) -> ObservedPlan:
    values = observation_values(row)
    return ObservedPlan(**plan_fields(values), observed_at=values["observed_at"])


def event_out(event: Any, mention: Any) -> EventOut:
    record = stored_event(event, mention)
    return EventOut(**{**record, "amount": num(record["amount"])})


def figure_out(row: Any) -> FigureOut:
    record = stored_figure(row)
    values = {**record, "value": num(record["value"]) or 0, "growth_rate": num(record["growth_rate"])}
    return FigureOut(**values)


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


def snapshot_marks(session: Session, row: _Text, lang: str | None = None) -> list[Mark]:
    """Where each extracted plan, event and figure sits in the snapshot's text.

    Labelled in `lang` for a page; without one (the API) an event's kind and domain stay ids.
    """

    def words(prefix: str, value: str) -> str:
        return value if lang is None else term(lang, prefix, value)

    marks = [
        Mark("plan", p.quote_start, p.quote_end, f"{p.name} {money(p.price, p.currency)}")
        for p in snapshot_plans(session, row.id)
    ]
    marks += [
        Mark("event", m.quote_start, m.quote_end, f"{words('kind', e.kind)} · {words('domain', e.domain)}")
        for e, m in snapshot_events(session, row.id)
    ]
    marks += [
        Mark("figure", f.quote_start, f.quote_end, f"{f.measure}: {f.value} {f.unit}")
        for f in snapshot_figures(session, row.id)
    ]
    return valid(marks, len(row.text))
