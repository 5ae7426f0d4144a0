"""Events (deduplicated across documents, with every mention) and figures."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import bindparam, delete, exists, func, insert, select
from sqlalchemy.orm import Session

from telcoradar.model import Event, Figure
from telcoradar.store.direct import Direct
from telcoradar.store.review_apply import Decided, apply_to_new_events, apply_to_new_rows, figure_key
from telcoradar.store.schema import Base, EventMentionRow, EventOperatorRow, EventRow, FigureRow, SnapshotRow
from telcoradar.store.snapshots import CaptureLike
from telcoradar.store.sql import Db, chunks, connection_of, digest, insert_ignore, insert_ignore_for, quantize

EVENTS = Base.metadata.tables["events"]
EVENT_OPERATORS = Base.metadata.tables["event_operators"]
MENTIONS = Base.metadata.tables["event_mentions"]
FIGURES = Base.metadata.tables["figures"]
INSERT_FIGURES = Direct(insert(FIGURES))
INSERT_EVENT_OPERATORS = Direct(lambda dialect: insert_ignore_for(dialect, EVENT_OPERATORS))
INSERT_MENTIONS = Direct(lambda dialect: insert_ignore_for(dialect, MENTIONS))
_INSERT_NEW_EVENTS: dict[str, Any] = {}  # by dialect: INSERT ... ON CONFLICT DO NOTHING RETURNING key, id
KNOWN_EVENTS = select(EVENTS.c.dedup_key, EVENTS.c.id).where(
    EVENTS.c.dedup_key.in_(bindparam("keys", expanding=True))
)


def normalize_sentence(sentence: str) -> str:
    return "".join(ch for ch in sentence.casefold() if ch.isalnum())


def event_key(event: Event) -> str:
    """What makes two reports the same move.

    A dated move with a day-precise date or an amount is keyed by its
    operators, kind, date, domain and amount; anything vaguer by its sentence,
    so that two different moves in the same month are not merged.
    """
    amount = quantize(event.amount, 2)
    if event.date is not None and (event.date_precision in (None, "day") or amount is not None):
        return digest(
            "event",
            ",".join(sorted(event.operators)),
            event.kind,
            event.date.isoformat(),
            event.domain,
            "" if amount is None else format(amount.normalize(), "f"),
            event.currency or "",
            size=64,
        )
    return digest("sentence", normalize_sentence(event.sentence), size=64)


def _insert_new_events(db: Db) -> Any:
    name = connection_of(db).dialect.name
    if name not in _INSERT_NEW_EVENTS:
        # keys are unique, so the rows need no order
        _INSERT_NEW_EVENTS[name] = insert_ignore(db, EVENTS).returning(EVENTS.c.dedup_key, EVENTS.c.id)
    return _INSERT_NEW_EVENTS[name]


def save_events(
    session: Db, snapshot: CaptureLike, events: Sequence[Event], decided: Decided | None = None
) -> int:
    """Store each event once (by `event_key`) and a mention linking it to this snapshot."""
    if not events:
        return 0
    keyed = [(event_key(event), event) for event in events]
    rows: dict[str, dict[str, Any]] = {}
    for key, event in keyed:
        rows.setdefault(
            key,
            {
                "dedup_key": key,
                "kind": event.kind,
                "domain": event.domain,
                "operator": event.operator,
                "operators": list(event.operators),
                "date": event.date,
                "date_precision": event.date_precision,
                "amount": quantize(event.amount, 2),
                "currency": event.currency,
                "counterparties": list(event.counterparties),
                "region": event.region,
                "sentence": event.sentence,
                "first_seen_at": snapshot.fetched_at,
                "confidence": event.confidence,
                "flags": list(event.flags),
            },
        )
    connection = connection_of(session)
    # New events go in and say their ids; the keys already stored (or stored meanwhile by a
    # concurrent writer) are skipped by the insert and looked up after it.
    added = connection.execute(_insert_new_events(session), list(rows.values()))
    ids: dict[str, int] = {key: event_id for key, event_id in added}
    fresh = [row for key, row in rows.items() if key in ids]
    known = [key for key in rows if key not in ids]
    for part in chunks(known):
        ids.update((key, event_id) for key, event_id in connection.execute(KNOWN_EVENTS, {"keys": part}))
    operators = {(ids[row["dedup_key"]], op) for row in fresh for op in row["operators"]}
    if operators:
        INSERT_EVENT_OPERATORS.many(
            connection,
            [{"event_id": event_id, "operator": op} for event_id, op in sorted(operators)],
        )
    mentions = [
        {
            "event_id": ids[key],
            "snapshot_id": snapshot.id,
            "quote": event.evidence.quote,
            "quote_start": event.evidence.start,
            "quote_end": event.evidence.end,
            "observed_at": snapshot.fetched_at,
        }
        for key, event in keyed
    ]
    INSERT_MENTIONS.many(connection, mentions)
    found = ((ids[key], key, event.evidence.quote) for key, event in keyed)
    apply_to_new_events(session, snapshot.uri, found, decided)
    return len(rows)


def save_figures(
    session: Db, snapshot: CaptureLike, figures: Sequence[Figure], decided: Decided | None = None
) -> int:
    rows = [
        {
            "snapshot_id": snapshot.id,
            "measure": figure.measure,
            "value": quantize(figure.value, 6),
            "unit": figure.unit,
            "year": figure.year,
            "date": figure.date,
            "forecast": figure.forecast,
            "growth_rate": quantize(figure.growth_rate, 4),
            "growth_kind": figure.growth_kind,
            "currency": figure.currency,
            "operator": figure.operator,
            "quote": figure.evidence.quote,
            "quote_start": figure.evidence.start,
            "quote_end": figure.evidence.end,
            "observed_at": snapshot.fetched_at,
            "confidence": figure.confidence,
            "flags": list(figure.flags),
            "review": "pending",
            "decision_id": None,
        }
        for figure in figures
    ]
    apply_to_new_rows(session, "figure", snapshot.uri, rows, _figure_key, decided)
    if rows:
        INSERT_FIGURES.many(connection_of(session), rows)
    return len(rows)


def _figure_key(row: dict[str, Any]) -> str:
    return figure_key(str(row["measure"]), str(row["unit"]), row["year"])


def delete_facts(session: Session, snapshot_id: int) -> None:
    """Remove a snapshot's figures and mentions, and the events no other snapshot reports."""
    event_ids = list(
        session.scalars(select(EventMentionRow.event_id).where(EventMentionRow.snapshot_id == snapshot_id))
    )
    session.execute(delete(EventMentionRow).where(EventMentionRow.snapshot_id == snapshot_id))
    session.execute(delete(FigureRow).where(FigureRow.snapshot_id == snapshot_id))
    for part in chunks(sorted(set(event_ids))):
        orphan = ~exists().where(EventMentionRow.event_id == EventRow.id)
        session.execute(delete(EventRow).where(EventRow.id.in_(part), orphan))


def list_events(
    session: Session,
    *,
    domain: str | None = None,
    operator: str | None = None,
    since: dt.date | None = None,
    kind: str | None = None,
) -> Sequence[EventRow]:
    """Events newest first; `operator` matches any operator the event names."""
    query = select(EventRow).where(EventRow.review != "rejected")
    if domain is not None:
        query = query.where(EventRow.domain == domain)
    if kind is not None:
        query = query.where(EventRow.kind == kind)
    if since is not None:
        query = query.where(EventRow.date >= since)
    if operator is not None:
        query = query.where(
            EventRow.id.in_(select(EventOperatorRow.event_id).where(EventOperatorRow.operator == operator))
        )
    return session.scalars(query.order_by(EventRow.date.desc(), EventRow.id)).all()


def get_event(session: Session, event_id: int) -> EventRow | None:
    return session.get(EventRow, event_id)


def mentions_of(session: Session, event_id: int) -> list[dict[str, Any]]:
    """Every report of one event: snapshot, URI, quote and offsets."""
    rows = session.execute(
        select(EventMentionRow, SnapshotRow.uri, SnapshotRow.sha256)
        .join(SnapshotRow, SnapshotRow.id == EventMentionRow.snapshot_id)
        .where(EventMentionRow.event_id == event_id)
        .order_by(EventMentionRow.observed_at, EventMentionRow.id)
    )
    return [
        {
            "snapshot_id": mention.snapshot_id,
            "uri": uri,
            "sha256": sha,
            "quote": mention.quote,
            "start": mention.quote_start,
            "end": mention.quote_end,
            "observed_at": mention.observed_at,
        }
        for mention, uri, sha in rows
    ]


def mention_counts(session: Session, event_ids: Sequence[int]) -> dict[int, int]:
    counts: dict[int, int] = {}
    for part in chunks(list(event_ids)):
        query = (
            select(EventMentionRow.event_id, func.count())
            .where(EventMentionRow.event_id.in_(part))
            .group_by(EventMentionRow.event_id)
        )
        counts.update((event_id, count) for event_id, count in session.execute(query))
    return counts


def list_figures(
    session: Session,
    *,
    measure: str | None = None,
    operator: str | None = None,
    year: int | None = None,
) -> Sequence[FigureRow]:
    query = select(FigureRow).where(FigureRow.review != "rejected")
    if measure is not None:
        query = query.where(FigureRow.measure.contains(measure))
    if operator is not None:
        query = query.where(FigureRow.operator == operator)
    if year is not None:
        query = query.where(FigureRow.year == year)
    return session.scalars(query.order_by(FigureRow.year, FigureRow.measure, FigureRow.id)).all()
