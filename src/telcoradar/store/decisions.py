"""Deciding on a fact: accept, correct or reject it, once, with who and when, and an audit line.

A fact is named in the queue by its kind's letter and its row id (`p12` a
plan observation, `e3` an event, `f7` a figure); the decision itself is kept
by what recurs (see `review_apply`). One call is one transaction's work: the
decision, the rows it changes, the plan versions rebuilt and the audit line.
Two analysts deciding on one fact at once do not both win: each says the
version of the decision it saw (0 for none), and the one that saw an old
one is refused with `Conflict`, before anything is written.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import CursorResult, exists, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from telcoradar.store.plans import rebuild_versions
from telcoradar.store.review_apply import (
    REVIEW,
    apply_to_stored,
    decided_values,
    figure_key,
    original_values,
    quote_hash,
)
from telcoradar.store.review_fields import FIELDS, FieldError, as_text, parse
from telcoradar.store.schema import (
    DecisionRow,
    EventMentionRow,
    EventRow,
    FigureRow,
    PlanObservationRow,
    ReviewLogRow,
    SnapshotRow,
)
from telcoradar.store.sql import utc

ACTIONS = tuple(REVIEW)
LETTERS = {"p": "plan", "e": "event", "f": "figure"}
TABLES: dict[str, Any] = {"plan": PlanObservationRow, "event": EventRow, "figure": FigureRow}


class UnknownFact(LookupError):
    """No stored fact has the id given."""


class Conflict(Exception):
    """Someone else decided on the fact since the caller looked at it."""


@dataclass(frozen=True, slots=True)
class Fact:
    id: str
    kind: str
    row: Any
    source: str
    fact_key: str
    quote: str


def parse_fact_id(fact: str) -> tuple[str, int]:
    letter, number = fact[:1].lower(), fact[1:]
    if letter not in LETTERS or not number.isdigit():
        raise UnknownFact(f"{fact!r} is not a fact id (p12 a plan, e3 an event, f7 a figure)")
    return LETTERS[letter], int(number)


def find_fact(session: Session, fact: str) -> Fact:
    kind, row_id = parse_fact_id(fact)
    row = session.get(TABLES[kind], row_id)
    if row is None:
        raise UnknownFact(f"{fact}: no such {kind}")
    if kind == "event":
        mention = session.execute(
            select(EventMentionRow.quote, SnapshotRow.uri)
            .join(SnapshotRow, SnapshotRow.id == EventMentionRow.snapshot_id)
            .where(EventMentionRow.event_id == row_id)
            .order_by(EventMentionRow.id)
            .limit(1)
        ).first()
        if mention is None:
            raise UnknownFact(f"{fact}: no document reports this event any more")
        quote, source, key = mention.quote, mention.uri, row.dedup_key
    else:
        source = session.scalars(select(SnapshotRow.uri).where(SnapshotRow.id == row.snapshot_id)).one()
        quote = row.quote
        key = row.plan_key if kind == "plan" else figure_key(row.measure, row.unit, row.year)
    if row.decision_id is not None:
        decision = session.get(DecisionRow, row.decision_id)
        if decision is not None:
            source, key, quote = decision.source, decision.fact_key, decision.quote
    return Fact(fact, kind, row, source, key, quote)


def decide(
    session: Session,
    fact_id: str,
    action: str,
    *,
    who: str,
    fields: dict[str, str] | None = None,
    reason: str | None = None,
    version: int | None = None,
    at: dt.datetime | None = None,
) -> dict[str, Any]:
    """Record and apply one decision; `version` is the decision's version the caller saw (0: none).

    Raises UnknownFact, FieldError (a value that is no value of its field)
    or Conflict (the fact was decided meanwhile); nothing is written then.
    """
    if action not in ACTIONS:
        raise FieldError(f"{action!r} is not one of {', '.join(ACTIONS)}")
    fact = find_fact(session, fact_id)
    fields = dict(fields or {})
    for name, text in fields.items():
        parse(fact.kind, name, text)
    if action == "correct" and not fields:
        raise FieldError("a correction needs FIELD=VALUE")
    if action != "correct" and fields:
        raise FieldError(f"only a correction takes fields, not {action}")
    decision = _existing(session, fact)
    seen = 0 if decision is None else decision.version
    if version is not None and version != seen:
        raise Conflict(_conflict_text(fact_id, decision))
    old = {"review": fact.row.review, **original_values(fact.kind, fact.row)}
    when = utc(at)
    if decision is None:
        decision = DecisionRow(
            kind=fact.kind,
            source=fact.source,
            fact_key=fact.fact_key,
            quote_hash=quote_hash(fact.quote),
            quote=fact.quote,
            original=original_values(fact.kind, fact.row),
            version=1,
        )
        _fill(decision, action, fields, reason, who, when)
        session.add(decision)
        try:
            session.flush()
        except IntegrityError:
            raise Conflict(
                f"{fact_id}: another analyst decided on it at the same moment; look again"
            ) from None
    else:
        claim = (
            update(DecisionRow)
            .where(DecisionRow.id == decision.id, DecisionRow.version == seen)
            .values(version=seen + 1)
            .execution_options(synchronize_session=False)
        )
        claimed = cast(CursorResult[Any], session.execute(claim)).rowcount
        if claimed != 1:
            raise Conflict(_conflict_text(fact_id, decision))
        session.refresh(decision)
        if action in ("correct", "accept") and decision.action in ("correct", "accept"):
            # a further correction adds to the last one; accepting a corrected fact accepts
            # the values it shows, the analyst's, not the extractor's it replaced
            fields = {**decision.fields, **fields}
        _fill(decision, action, fields, reason, who, when)
        session.flush()
    matched, keys = apply_to_stored(session, decision)
    if keys:
        rebuild_versions(session, keys)
    new = {"review": REVIEW[action], **{k: as_text(v) for k, v in _shown(fact.kind, decision).items()}}
    session.add(
        ReviewLogRow(
            decision_id=decision.id,
            fact=fact_id,
            action=action,
            who=who,
            at=when,
            old=old,
            new=new,
            reason=reason,
        )
    )
    session.flush()
    return {**decision_record(decision), "fact": fact_id, "matched": matched}


def _fill(
    decision: DecisionRow,
    action: str,
    fields: dict[str, str],
    reason: str | None,
    who: str,
    when: dt.datetime,
) -> None:
    decision.action = action
    decision.fields = fields if action != "reject" else {}
    decision.reason = reason
    decision.who = who
    decision.decided_at = when


def _shown(kind: str, decision: DecisionRow) -> dict[str, Any]:
    values = decided_values(kind, decision)
    return {name: values.get(name) for name in FIELDS[kind]}


def _existing(session: Session, fact: Fact) -> DecisionRow | None:
    if fact.row.decision_id is not None:
        found = session.get(DecisionRow, fact.row.decision_id)
        if found is not None:
            return found
    return session.scalars(
        select(DecisionRow).where(
            DecisionRow.kind == fact.kind,
            DecisionRow.source == fact.source,
            DecisionRow.fact_key == fact.fact_key,
            DecisionRow.quote_hash == quote_hash(fact.quote),
        )
    ).first()


def _conflict_text(fact_id: str, decision: DecisionRow | None) -> str:
    if decision is None:
        return f"{fact_id}: its decision was withdrawn meanwhile; look again"
    when = decision.decided_at.strftime("%Y-%m-%d %H:%M UTC")
    said = f"{decision.who} decided '{decision.action}' at {when}"
    return f"{fact_id}: {said} (version {decision.version}); look again"


def decision_record(row: DecisionRow) -> dict[str, Any]:
    return {
        "decision": row.id,
        "kind": row.kind,
        "source": row.source,
        "fact_key": row.fact_key,
        "quote": row.quote,
        "action": row.action,
        "review": REVIEW[row.action],
        "fields": dict(row.fields),
        "original": dict(row.original),
        "reason": row.reason,
        "who": row.who,
        "decided_at": row.decided_at,
        "version": row.version,
    }


def review_log(session: Session, *, limit: int = 100, fact: str | None = None) -> list[dict[str, Any]]:
    """Who decided what and when, newest first, with the values before and after."""
    query = select(ReviewLogRow, DecisionRow.kind, DecisionRow.source).join(
        DecisionRow, DecisionRow.id == ReviewLogRow.decision_id
    )
    if fact is not None:
        query = query.where(ReviewLogRow.fact == fact)
    rows = session.execute(query.order_by(ReviewLogRow.at.desc(), ReviewLogRow.id.desc()).limit(limit))
    return [
        {
            "at": row.at,
            "who": row.who,
            "fact": row.fact,
            "kind": kind,
            "source": source,
            "action": row.action,
            "reason": row.reason,
            "old": dict(row.old),
            "new": dict(row.new),
            "decision": row.decision_id,
        }
        for row, kind, source in rows
    ]


def decisions(
    session: Session, *, kinds: tuple[str, ...] = ("plan", "event", "figure")
) -> list[dict[str, Any]]:
    query = select(DecisionRow).where(DecisionRow.kind.in_(kinds)).order_by(DecisionRow.id)
    return [decision_record(row) for row in session.scalars(query)]


def orphans(session: Session) -> list[dict[str, Any]]:
    """Decisions that match no fact of their source's newest capture: the page changed under them."""
    newest = (
        select(SnapshotRow.id)
        .where(SnapshotRow.uri == DecisionRow.source)
        .order_by(SnapshotRow.seq.desc())
        .limit(1)
        .correlate(DecisionRow)
        .scalar_subquery()
    )
    plan = exists().where(
        PlanObservationRow.decision_id == DecisionRow.id, PlanObservationRow.snapshot_id == newest
    )
    figure = exists().where(FigureRow.decision_id == DecisionRow.id, FigureRow.snapshot_id == newest)
    event = exists().where(
        EventRow.decision_id == DecisionRow.id,
        EventMentionRow.event_id == EventRow.id,
        EventMentionRow.snapshot_id == newest,
    )
    query = select(DecisionRow).where(
        ((DecisionRow.kind == "plan") & ~plan)
        | ((DecisionRow.kind == "figure") & ~figure)
        | ((DecisionRow.kind == "event") & ~event)
    )
    return [decision_record(row) for row in session.scalars(query.order_by(DecisionRow.id))]


def decision_count(session: Session) -> int:
    return int(session.execute(select(func.count()).select_from(DecisionRow)).scalar_one())
