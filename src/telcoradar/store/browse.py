"""Reads for browsing: pages of snapshots, events and figures, and one snapshot's facts.

Every row carries its evidence with the id of the snapshot it came from, so
that a face can link a number to the document and the quote behind it.
Pages of plans are in `plan_pages`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session, defer

from telcoradar.store.read import first_mention_id
from telcoradar.store.schema import (
    EventMentionRow,
    EventOperatorRow,
    EventRow,
    FigureRow,
    PlanObservationRow,
    PlanVersionRow,
    SnapshotRow,
)

PV = PlanVersionRow
PO = PlanObservationRow


def snapshot_page(
    session: Session,
    *,
    uri: str | None = None,
    source_id: int | None = None,
    limit: int = 50,
    offset: int = 0,
) -> tuple[int, Sequence[SnapshotRow]]:
    """Snapshots newest first (without loading their text until asked)."""
    conditions: list[ColumnElement[bool]] = []
    if uri is not None:
        conditions.append(SnapshotRow.uri == uri)
    if source_id is not None:
        conditions.append(SnapshotRow.source_id == source_id)
    total = session.execute(select(func.count()).select_from(SnapshotRow).where(*conditions)).scalar_one()
    query = (
        select(SnapshotRow)
        .options(defer(SnapshotRow.text))
        .where(*conditions)
        .order_by(SnapshotRow.fetched_at.desc(), SnapshotRow.id.desc())
    )
    return int(total), session.scalars(query.limit(limit).offset(offset)).all()


def snapshot_plans(session: Session, snapshot_id: int) -> Sequence[PlanObservationRow]:
    return session.scalars(
        select(PO).where(PO.snapshot_id == snapshot_id).order_by(PO.quote_start, PO.id)
    ).all()


def snapshot_events(session: Session, snapshot_id: int) -> list[tuple[EventRow, EventMentionRow]]:
    query = (
        select(EventRow, EventMentionRow)
        .join(EventMentionRow, EventMentionRow.event_id == EventRow.id)
        .where(EventMentionRow.snapshot_id == snapshot_id)
        .order_by(EventMentionRow.quote_start, EventMentionRow.id)
    )
    return [(event, mention) for event, mention in session.execute(query)]


def snapshot_figures(session: Session, snapshot_id: int) -> Sequence[FigureRow]:
    query = select(FigureRow).where(FigureRow.snapshot_id == snapshot_id)
    return session.scalars(query.order_by(FigureRow.quote_start, FigureRow.id)).all()


def event_page(
    session: Session,
    *,
    domain: str | None = None,
    operator: str | None = None,
    kind: str | None = None,
    since: dt.date | None = None,
    limit: int = 50,
    offset: int = 0,
) -> tuple[int, list[tuple[EventRow, EventMentionRow | None]]]:
    """Events newest first, each with its first mention (quote, offsets, snapshot)."""
    conditions: list[ColumnElement[bool]] = [EventRow.review != "rejected"]
    if domain is not None:
        conditions.append(EventRow.domain == domain)
    if kind is not None:
        conditions.append(EventRow.kind == kind)
    if since is not None:
        conditions.append(EventRow.date >= since)
    if operator is not None:
        named = select(EventOperatorRow.event_id).where(EventOperatorRow.operator == operator)
        conditions.append(EventRow.id.in_(named))
    total = session.execute(select(func.count()).select_from(EventRow).where(*conditions)).scalar_one()
    first = first_mention_id()
    query = (
        select(EventRow, EventMentionRow)
        .outerjoin(EventMentionRow, EventMentionRow.id == first)
        .where(*conditions)
        .order_by(EventRow.date.desc().nulls_last(), EventRow.id.desc())
    )
    rows = session.execute(query.limit(limit).offset(offset)).all()
    return int(total), [(event, mention) for event, mention in rows]


def figure_page(
    session: Session,
    *,
    measure: str | None = None,
    operator: str | None = None,
    year: int | None = None,
    limit: int = 50,
    offset: int = 0,
) -> tuple[int, Sequence[FigureRow]]:
    conditions: list[ColumnElement[bool]] = [FigureRow.review != "rejected"]
    if measure is not None:
        conditions.append(FigureRow.measure.contains(measure, autoescape=True))
    if operator is not None:
        conditions.append(FigureRow.operator == operator)
    if year is not None:
        conditions.append(FigureRow.year == year)
    total = session.execute(select(func.count()).select_from(FigureRow).where(*conditions)).scalar_one()
    query = select(FigureRow).where(*conditions).order_by(FigureRow.year, FigureRow.measure, FigureRow.id)
    return int(total), session.scalars(query.limit(limit).offset(offset)).all()
