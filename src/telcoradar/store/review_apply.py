"""Decisions applied wherever their fact comes back: when it is stored, and when it is decided.

A decision names its fact by kind, source (the URI), fact key and quote
digest. Storing a capture (a new one, or the re-extraction of an old one)
looks the source's decisions up once and applies each to the facts it names
before they are written: a correction's values replace the extractor's, a
rejection keeps the row (with its evidence) but out of every plan version
and every read. Deciding applies the decision to the rows already stored.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from sqlalchemy import bindparam, delete, insert, or_, select, update

from telcoradar.model import normalize_name
from telcoradar.store.kinds import repeatable
from telcoradar.store.review_fields import FIELDS, as_text, typed
from telcoradar.store.schema import (
    Base,
    DecisionRow,
    EventMentionRow,
    EventOperatorRow,
    EventRow,
    FigureRow,
    PlanObservationRow,
    SnapshotRow,
)
from telcoradar.store.sql import Db, chunks, connection_of, digest

TABLES = Base.metadata.tables
REVIEW = {"accept": "accepted", "correct": "corrected", "reject": "rejected"}
PO = PlanObservationRow


def quote_hash(quote: str) -> str:
    """The digest a decision keeps of its quote: whitespace does not tell two quotes apart."""
    return digest("quote", " ".join(quote.split()), size=64)


def figure_key(measure: str, unit: str, year: int | None) -> str:
    return digest("figure", normalize_name(measure), unit, year)


def original_values(kind: str, row: Any) -> dict[str, str]:
    """The correctable fields of a stored row (an ORM row or a mapping), as text."""
    get = row.get if isinstance(row, dict) else lambda name: getattr(row, name)
    values = {name: as_text(get(name)) for name in FIELDS[kind]}
    if kind == "plan" and values["region"] == "":
        values["region"] = "none"
    return values


def decided_values(kind: str, decision: DecisionRow | Any) -> dict[str, Any]:
    """What the fact's fields are under `decision`: the extractor's, with a correction's on top."""
    values = dict(decision.original)
    if decision.action != "reject":
        values.update(decision.fields)  # a correction's, or the corrected values accepted
    out = typed(kind, values)
    if kind == "plan":
        out["region"] = out.get("region") or ""
        out["name_key"] = normalize_name(out["name"])
        out["plan_key"] = plan_key_of(out)
        out["repeatable"] = repeatable(out["kind"], out["kind"] != "trial")
    if kind == "event":
        out["operator"] = (out.get("operators") or [None])[0]
        if decision.action != "reject" and "date" in decision.fields:
            out["date_precision"] = "day" if out["date"] else None  # an analyst's date is a day
    return out


def plan_key_of(values: dict[str, Any]) -> str:
    return digest(values["operator"], values["region"] or "", values["name_key"], values["period_days"])


# A source's decisions by kind, then by (fact key, quote digest): one indexed lookup a document.
Decided = dict[str, dict[tuple[str, str], Any]]
_OF_SOURCE = select(DecisionRow.__table__).where(DecisionRow.source == bindparam("uri"))


def decisions_for(db: Db, uri: str) -> Decided:
    """Every decision on facts of `uri`, for the facts of one capture about to be stored."""
    out: Decided = {}
    for row in connection_of(db).execute(_OF_SOURCE, {"uri": uri}):
        out.setdefault(row.kind, {})[(row.fact_key, row.quote_hash)] = row
    return out


def _decisions_of(db: Db, kind: str, uri: str, decided: Decided | None) -> dict[tuple[str, str], Any]:
    return (decided if decided is not None else decisions_for(db, uri)).get(kind, {})


def apply_to_new_rows(
    db: Db,
    kind: str,
    uri: str,
    rows: list[dict[str, Any]],
    key_of: Callable[[dict[str, Any]], str],
    decided: Decided | None = None,
) -> None:
    """Apply `uri`'s decisions to rows about to be stored (plan observations or figures), in place."""
    decisions = _decisions_of(db, kind, uri, decided)
    if not decisions:
        return
    for row in rows:
        decision = decisions.get((key_of(row), quote_hash(row["quote"])))
        if decision is not None:
            row.update(decided_values(kind, decision))
            row.update(review=REVIEW[decision.action], decision_id=decision.id)


def apply_to_new_events(
    db: Db, uri: str, found: Iterable[tuple[int, str, str]], decided: Decided | None = None
) -> None:
    """Apply `uri`'s decisions to the events just stored or mentioned: (event id, dedup key, quote)."""
    decisions = _decisions_of(db, "event", uri, decided)
    if not decisions:
        return
    for event_id, key, quote in found:
        decision = decisions.get((key, quote_hash(quote)))
        if decision is not None:
            _set_event(db, event_id, decision)


def _set_event(db: Db, event_id: int, decision: Any) -> None:
    connection = connection_of(db)
    values = decided_values("event", decision)
    connection.execute(
        update(TABLES["events"])
        .where(EventRow.id == event_id)
        .values(**values, review=REVIEW[decision.action], decision_id=decision.id)
    )
    connection.execute(delete(EventOperatorRow).where(EventOperatorRow.event_id == event_id))
    operators = sorted(set(values["operators"]))
    if operators:
        connection.execute(
            insert(TABLES["event_operators"]), [{"event_id": event_id, "operator": op} for op in operators]
        )


def apply_to_stored(db: Db, decision: DecisionRow) -> tuple[int, set[str]]:
    """Apply a decision to the stored facts it names; returns how many, and the plan keys touched."""
    connection = connection_of(db)
    of_source = select(SnapshotRow.id).where(SnapshotRow.uri == decision.source)
    if decision.kind == "event":
        query = (
            select(EventRow.id)
            .join(EventMentionRow, EventMentionRow.event_id == EventRow.id)
            .where(
                or_(
                    EventRow.decision_id == decision.id,
                    (EventRow.dedup_key == decision.fact_key)
                    & (EventMentionRow.quote == decision.quote)
                    & EventMentionRow.snapshot_id.in_(of_source),
                )
            )
            .distinct()
        )
        ids = list(connection.execute(query).scalars())
        for event_id in ids:
            _set_event(db, event_id, decision)
        return len(ids), set()
    table = PO if decision.kind == "plan" else FigureRow
    matched = or_(
        table.decision_id == decision.id,
        (table.decision_id.is_(None)) & (table.quote == decision.quote) & table.snapshot_id.in_(of_source),
    )
    rows = connection.execute(select(table).where(matched)).all()
    if decision.kind == "figure":
        rows = [row for row in rows if figure_key(row.measure, row.unit, row.year) == decision.fact_key]
    else:  # a plan: linked already, or of the extracted key
        rows = [row for row in rows if row.decision_id == decision.id or row.plan_key == decision.fact_key]
    values = {**decided_values(decision.kind, decision), "review": REVIEW[decision.action]}
    keys: set[str] = set()
    ids = [row.id for row in rows]
    if ids:
        for part in chunks(ids):
            connection.execute(
                update(TABLES[table.__tablename__])
                .where(table.id.in_(part))
                .values(**values, decision_id=decision.id)
            )
    if decision.kind == "plan":
        keys = {row.plan_key for row in rows} | ({values["plan_key"]} if rows else set())
    return len(ids), keys
