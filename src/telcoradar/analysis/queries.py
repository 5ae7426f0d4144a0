"""Store reads that feed the analysis: domain objects out, with their evidence.

Plans come from `plan_versions` (one row per plan and span of time, indexed
by region and operator with the span), never from a scan of every
observation; each version's evidence is the quote of the last observation
that confirmed it. Moves are read from the versions that open or close in a
window.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Sequence
from typing import Any

import pandas as pd
from sqlalchemy import Float, func, or_, select, type_coerce
from sqlalchemy.orm import Session

from telcoradar.analysis.moves import HUNDRED, Change, compare_pair, pair_validity_changes, price_per_gb, rank
from telcoradar.model import DatePrecision, Event, Evidence, Figure, Plan
from telcoradar.store.schema import (
    EventMentionRow,
    EventOperatorRow,
    EventRow,
    FigureRow,
    PlanObservationRow,
    PlanVersionRow,
    SnapshotRow,
)

PRECISIONS: dict[str | None, DatePrecision] = {"day": "day", "month": "month", "year": "year"}
PV = PlanVersionRow
PO = PlanObservationRow


def instant(day: dt.date | dt.datetime | None) -> dt.datetime | None:
    """A date as the end of that day in UTC (what was valid by the end of it); datetimes as UTC."""
    if day is None:
        return None
    if isinstance(day, dt.datetime):
        return day if day.tzinfo else day.replace(tzinfo=dt.UTC)
    return dt.datetime.combine(day, dt.time.max, tzinfo=dt.UTC)


def _start(day: dt.date | dt.datetime) -> dt.datetime:
    if isinstance(day, dt.datetime):
        return day if day.tzinfo else day.replace(tzinfo=dt.UTC)
    return dt.datetime.combine(day, dt.time.min, tzinfo=dt.UTC)


def _version_query() -> Any:  # a Select of the version, observation and snapshot columns
    query = select(
        PV.plan_key,
        PV.operator,
        PV.region,
        PV.name,
        PV.period_days,
        PV.price,
        PV.currency,
        PV.recurring,
        PV.data_gb,
        PV.data_unlimited,
        PV.voice_unlimited,
        PV.sms_unlimited,
        PV.voice_min,
        PV.intl_voice_min,
        PV.sms,
        PV.perks,
        PV.audience,
        PV.valid_from,
        PV.valid_to,
        PO.operator_name,
        PO.quote,
        PO.quote_start,
        PO.quote_end,
        SnapshotRow.sha256,
    ).select_from(
        PV.__table__.outerjoin(PO.__table__, PO.id == PV.last_observation_id).outerjoin(
            SnapshotRow.__table__, SnapshotRow.id == PO.snapshot_id
        )
    )
    return query


def _plan(row: Any) -> Plan:
    return Plan(
        operator=row.operator,
        operator_name=row.operator_name or row.operator,
        region=row.region or None,
        name=row.name,
        price=row.price,
        currency=row.currency,
        period_days=row.period_days,
        evidence=Evidence(row.quote or "", row.quote_start or 0, row.quote_end or 0, row.sha256),
        recurring=bool(row.recurring),
        data_gb=row.data_gb,
        data_unlimited=bool(row.data_unlimited),
        voice_unlimited=bool(row.voice_unlimited),
        sms_unlimited=bool(row.sms_unlimited),
        voice_min=row.voice_min,
        intl_voice_min=row.intl_voice_min,
        sms=row.sms,
        perks=tuple(row.perks or ()),
        audience=row.audience,
    )


def _filtered(query: Any, operator: str | None, region: str | None) -> Any:
    if operator is not None:
        query = query.where(PV.operator == operator)
    if region is not None:
        query = query.where(PV.region == region)
    return query


def plans_valid_at(
    session: Session,
    at: dt.date | dt.datetime | None = None,
    *,
    operator: str | None = None,
    region: str | None = None,
) -> list[Plan]:
    """The plans on offer at a date (the end of that day) or now, as `Plan`s with evidence."""
    query = _filtered(_version_query(), operator, region)
    when = instant(at)
    if when is None:
        query = query.where(PV.valid_to.is_(None))
    else:
        query = query.where(PV.valid_from <= when, or_(PV.valid_to.is_(None), PV.valid_to > when))
    query = query.order_by(PV.operator, PV.region, PV.name_key, PV.period_days, PV.price)
    return [_plan(row) for row in session.execute(query)]


def plan_changes(
    session: Session,
    since: dt.date | dt.datetime,
    until: dt.date | dt.datetime | None = None,
    *,
    operator: str | None = None,
    region: str | None = None,
) -> list[Change]:
    """Every dated change to a plan in [since, until): new, withdrawn, price and allowance moves.

    Reads only the versions that open or close in the window. A version that
    closes when the next one of its key opens is a change; one that closes
    with no successor is a withdrawal; one that opens with no predecessor is
    a new plan. Largest first.
    """
    start = _start(since)
    end = _start(until) if until is not None else None
    opened = PV.valid_from >= start
    closed = PV.valid_to >= start
    if end is not None:
        opened = opened & (PV.valid_from < end)
        closed = closed & (PV.valid_to < end)
    query = _filtered(_version_query(), operator, region).where(or_(opened, closed))
    by_key: dict[str, list[Any]] = {}
    for row in session.execute(query.order_by(PV.plan_key, PV.valid_from)):
        by_key.setdefault(row.plan_key, []).append(row)
    changes: list[Change] = []
    for rows in by_key.values():
        changes.extend(_changes_of(rows, start, end))
    return rank(pair_validity_changes(changes))


def _in(when: dt.datetime | None, start: dt.datetime, end: dt.datetime | None) -> bool:
    return when is not None and when >= start and (end is None or when < end)


def _changes_of(rows: Sequence[Any], start: dt.datetime, end: dt.datetime | None) -> list[Change]:
    """One key's versions (oldest first) as dated changes inside the window."""
    out: list[Change] = []
    for previous, row in itertools.pairwise([None, *rows]):
        plan = _plan(row)
        if previous is not None and previous.valid_to == row.valid_from:
            change = compare_pair(_plan(previous), plan, row.valid_from.date())
            if change is not None:
                out.append(change)
            continue
        if previous is not None and _in(previous.valid_to, start, end):
            gone = _plan(previous)
            out.append(
                Change(
                    "withdrawn",
                    gone,
                    None,
                    HUNDRED,
                    per_gb_before=price_per_gb(gone),
                    date=previous.valid_to.date(),
                )
            )
        if _in(row.valid_from, start, end):
            out.append(
                Change(
                    "new", None, plan, HUNDRED, per_gb_after=price_per_gb(plan), date=row.valid_from.date()
                )
            )
    last = rows[-1]
    if _in(last.valid_to, start, end):
        gone = _plan(last)
        out.append(
            Change(
                "withdrawn", gone, None, HUNDRED, per_gb_before=price_per_gb(gone), date=last.valid_to.date()
            )
        )
    return out


def events(
    session: Session,
    *,
    domain: str | None = None,
    operator: str | None = None,
    since: dt.date | None = None,
) -> list[Event]:
    """Stored events as `Event`s, each with the evidence of its first mention."""
    first = (
        select(func.min(EventMentionRow.id))
        .where(EventMentionRow.event_id == EventRow.id)
        .correlate(EventRow)
        .scalar_subquery()
    )
    query = (
        select(
            EventRow,
            EventMentionRow.quote,
            EventMentionRow.quote_start,
            EventMentionRow.quote_end,
            SnapshotRow.sha256,
        )
        .outerjoin(EventMentionRow, EventMentionRow.id == first)
        .outerjoin(SnapshotRow, SnapshotRow.id == EventMentionRow.snapshot_id)
    )
    if domain is not None:
        query = query.where(EventRow.domain == domain)
    if since is not None:
        query = query.where(EventRow.date >= since)
    if operator is not None:
        query = query.where(
            EventRow.id.in_(select(EventOperatorRow.event_id).where(EventOperatorRow.operator == operator))
        )
    out: list[Event] = []
    for row, quote, start, end, sha in session.execute(query.order_by(EventRow.date, EventRow.id)):
        out.append(
            Event(
                operators=tuple(row.operators or ()),
                kind=row.kind,
                domain=row.domain,
                sentence=row.sentence,
                evidence=Evidence(quote or row.sentence, start or 0, end or 0, sha),
                date=row.date,
                date_precision=PRECISIONS.get(row.date_precision),
                amount=row.amount,
                currency=row.currency,
                counterparties=tuple(row.counterparties or ()),
                region=row.region,
            )
        )
    return out


def figures(session: Session, *, operator: str | None = None, year: int | None = None) -> list[Figure]:
    """Stored market figures as `Figure`s with their evidence."""
    query = select(FigureRow, SnapshotRow.sha256).outerjoin(
        SnapshotRow, SnapshotRow.id == FigureRow.snapshot_id
    )
    if operator is not None:
        query = query.where(FigureRow.operator == operator)
    if year is not None:
        query = query.where(FigureRow.year == year)
    return [
        Figure(
            measure=row.measure,
            value=row.value,
            unit=row.unit,
            evidence=Evidence(row.quote, row.quote_start, row.quote_end, sha),
            year=row.year,
            date=row.date,
            forecast=row.forecast,
            growth_rate=row.growth_rate,
            growth_kind=row.growth_kind,
            currency=row.currency,
            operator=row.operator,
        )
        for row, sha in session.execute(query.order_by(FigureRow.year, FigureRow.measure, FigureRow.id))
    ]


def observations_frame(
    session: Session,
    *,
    currency: str = "CNY",
    since: dt.date | dt.datetime | None = None,
    until: dt.date | dt.datetime | None = None,
    region: str | None = None,
    limit: int | None = None,
) -> pd.DataFrame:
    """Plan observations as the hedonic model's input frame (one currency), newest first.

    For fits on many observations (a panel over time) without building a
    `Plan` per row; columns as `hedonic.plans_frame`. `limit` keeps the
    newest observations (read backwards along the primary key).
    """
    numbers = [type_coerce(column, Float) for column in (PO.price, PO.data_gb)]  # floats, not Decimals
    query = select(PO.operator, PO.region, *numbers, PO.data_unlimited, PO.voice_min, PO.period_days).where(
        PO.currency == currency, PO.period_days.is_not(None)
    )
    if region is not None:
        query = query.where(PO.region == region)
    if since is not None:
        query = query.where(PO.observed_at >= _start(since))
    if until is not None:
        query = query.where(PO.observed_at < _start(until))
    query = query.order_by(PO.id.desc())
    if limit is not None:
        query = query.limit(limit)
    names = ["operator", "region", "price", "gb", "unlimited", "minutes", "days"]
    columns = list(zip(*session.execute(query).all(), strict=False)) or [() for _ in names]
    frame = pd.DataFrame({name: list(values) for name, values in zip(names, columns, strict=True)})
    for name in names[2:]:
        frame[name] = pd.to_numeric(frame[name], errors="coerce").fillna(0.0).astype(float)
    return frame
