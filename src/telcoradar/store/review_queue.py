"""The review queue: the facts awaiting an analyst's word, least confident first.

Plans are the versions on offer now (each named by the observation that last
confirmed it); events as stored once; figures as the newest capture of their
page states them. Each item carries its id, fields, confidence, flags, the
version of its decision (0: none yet) and its evidence.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from telcoradar.store.read import first_mention_id
from telcoradar.store.review_fields import FIELDS
from telcoradar.store.schema import (
    EventMentionRow,
    EventRow,
    FigureRow,
    PlanObservationRow,
    PlanVersionRow,
    SnapshotRow,
)

PV = PlanVersionRow
PO = PlanObservationRow
KINDS = ("plan", "event", "figure")


def _evidence(quote: str, start: int, end: int, snapshot_id: int, source: str) -> dict[str, Any]:
    return {"quote": quote, "start": start, "end": end, "snapshot_id": snapshot_id, "source": source}


def _item(fact: str, kind: str, row: Any, evidence: dict[str, Any], **extra: Any) -> dict[str, Any]:
    fields = {name: getattr(row, name) for name in FIELDS[kind]}
    if kind == "plan":
        fields["region"] = fields["region"] or None
    return {
        "id": fact,
        "kind": kind,
        "review": row.review,
        "version": 0,
        "confidence": 1.0 if row.confidence is None else float(row.confidence),
        "flags": list(row.flags or ()),
        "fields": {**fields, **extra},
        "evidence": evidence,
    }


def plan_items(session: Session, below: float | None, limit: int) -> list[dict[str, Any]]:
    query = (
        select(PV, PO.id, PO.quote, PO.quote_start, PO.quote_end, PO.snapshot_id, SnapshotRow.uri)
        .join(PO, PO.id == PV.last_observation_id)
        .join(SnapshotRow, SnapshotRow.id == PO.snapshot_id)
        .where(PV.valid_to.is_(None), PV.review == "pending")
    )
    if below is not None:
        query = query.where(PV.confidence < below)
    query = query.order_by(PV.confidence, PV.operator, PV.region, PV.name_key, PV.period_days).limit(limit)
    return [
        _item(f"p{obs_id}", "plan", row, _evidence(quote, start, end, snap, uri))
        for row, obs_id, quote, start, end, snap, uri in session.execute(query)
    ]


def event_items(session: Session, below: float | None, limit: int) -> list[dict[str, Any]]:
    first = first_mention_id()
    query = (
        select(EventRow, EventMentionRow, SnapshotRow.uri)
        .join(EventMentionRow, EventMentionRow.id == first)
        .join(SnapshotRow, SnapshotRow.id == EventMentionRow.snapshot_id)
        .where(EventRow.review == "pending")
    )
    if below is not None:
        query = query.where(EventRow.confidence < below)
    query = query.order_by(EventRow.confidence, EventRow.date.desc().nulls_last(), EventRow.id).limit(limit)
    out = []
    for row, mention, uri in session.execute(query):
        evidence = _evidence(mention.quote, mention.quote_start, mention.quote_end, mention.snapshot_id, uri)
        out.append(_item(f"e{row.id}", "event", row, evidence, sentence=row.sentence))
    return out


def figure_items(session: Session, below: float | None, limit: int) -> list[dict[str, Any]]:
    later = aliased(SnapshotRow)
    newest = ~select(later.id).where(later.uri == SnapshotRow.uri, later.seq > SnapshotRow.seq).exists()
    query = (
        select(FigureRow, SnapshotRow.uri)
        .join(SnapshotRow, SnapshotRow.id == FigureRow.snapshot_id)
        .where(FigureRow.review == "pending", newest)
    )
    if below is not None:
        query = query.where(FigureRow.confidence < below)
    query = query.order_by(FigureRow.confidence, FigureRow.id).limit(limit)
    return [
        _item(
            f"f{row.id}",
            "figure",
            row,
            _evidence(row.quote, row.quote_start, row.quote_end, row.snapshot_id, uri),
        )
        for row, uri in session.execute(query)
    ]


def queue(
    session: Session, *, kind: str | None = None, below: float | None = None, limit: int = 200
) -> list[dict[str, Any]]:
    """Facts awaiting review (of one `kind`, or all), least confident first; `below`: confidence under it."""
    readers = {"plan": plan_items, "event": event_items, "figure": figure_items}
    items: list[dict[str, Any]] = []
    for name in (kind,) if kind else KINDS:
        items.extend(readers[name](session, below, limit))
    items.sort(key=lambda item: item["confidence"])  # stable: each kind keeps its own order
    return items[:limit]


VERIFIED = ("accepted", "corrected")


def verified_evidence(session: Session) -> frozenset[tuple[str, int, int]]:
    """The evidence (snapshot SHA-256, start, end) of every fact an analyst accepted or corrected."""
    sha = SnapshotRow.sha256
    plans = select(sha, PO.quote_start, PO.quote_end).join(SnapshotRow, SnapshotRow.id == PO.snapshot_id)
    figures = select(sha, FigureRow.quote_start, FigureRow.quote_end).join(
        SnapshotRow, SnapshotRow.id == FigureRow.snapshot_id
    )
    events = (
        select(sha, EventMentionRow.quote_start, EventMentionRow.quote_end)
        .join(SnapshotRow, SnapshotRow.id == EventMentionRow.snapshot_id)
        .join(EventRow, EventRow.id == EventMentionRow.event_id)
    )
    found: set[tuple[str, int, int]] = set()
    for query in (
        plans.where(PO.review.in_(VERIFIED)),
        figures.where(FigureRow.review.in_(VERIFIED)),
        events.where(EventRow.review.in_(VERIFIED)),
    ):
        found.update((row[0], row[1], row[2]) for row in session.execute(query))
    return frozenset(found)
