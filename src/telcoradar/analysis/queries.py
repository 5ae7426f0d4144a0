"""Store reads that feed the analysis: domain objects out, with their evidence.

Plans come from `plan_versions` (one row per plan and span of time, indexed
by region and operator with the span), never from a scan of every
observation; each version's evidence is the quote of the last observation
that confirmed it. Moves are read from the versions that open or close in a
window.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

import pandas as pd
from sqlalchemy import Float, func, or_, select, type_coerce
from sqlalchemy.orm import Session
from sqlalchemy.types import NullType

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


def _raw(column: Any) -> Any:
    """A column read as the driver returns it: `_Reader` converts it once per distinct value."""
    return type_coerce(column, NullType())


# The columns a Plan is built from, in `_Reader.plan`'s order; versions' span and key follow.
_PLAN_COLUMNS = (
    PV.operator,
    PO.operator_name,
    PV.region,
    PV.name,
    _raw(PV.price),
    PV.currency,
    PV.period_days,
    PO.quote,
    PO.quote_start,
    PO.quote_end,
    SnapshotRow.sha256,
    _raw(PV.recurring),
    _raw(PV.data_gb),
    _raw(PV.data_unlimited),
    _raw(PV.voice_unlimited),
    _raw(PV.sms_unlimited),
    PV.voice_min,
    PV.intl_voice_min,
    PV.sms,
    _raw(PV.perks),
    PV.audience,
    PV.kind,
    _raw(PV.repeatable),
    _raw(PV.per_day),
    PV.confidence,
    _raw(PV.flags),
)
_SPAN = (PV.plan_key, PV.valid_from, PV.valid_to)  # row[-3:] of `_version_query(span=True)`


def _version_query(span: bool = False) -> Any:  # a Select of the version, observation and snapshot columns
    return select(*_PLAN_COLUMNS, *(_SPAN if span else ())).select_from(
        PV.__table__.outerjoin(PO.__table__, PO.id == PV.last_observation_id).outerjoin(
            SnapshotRow.__table__, SnapshotRow.id == PO.snapshot_id
        )
    )


def _decimals(places: int) -> Callable[[Any], Decimal | None]:
    """Driver values (int or float on SQLite, Decimal on PostgreSQL) as Decimals of the column's scale."""
    cache: dict[Any, Decimal | None] = {None: None}
    pattern = f"%.{places}f"

    def convert(value: Any) -> Decimal | None:
        try:
            return cache[value]
        except KeyError:
            pass
        if isinstance(value, Decimal):
            found = value
        elif isinstance(value, int | float):
            found = Decimal(pattern % value)
        else:
            found = Decimal(str(value)).quantize(Decimal(1).scaleb(-places))
        cache[value] = found
        return found

    return convert


class _Reader:
    """Rows of `_version_query` as Plans: each distinct price, size and perk list converted once.

    Reading 100,000 plans is mostly this loop, so it unpacks plain tuples
    instead of going through the ORM and its per-row type processing.
    """

    def __init__(self) -> None:
        self.price = _decimals(2)
        self.gb = _decimals(3)
        self._perks: dict[str, tuple[str, ...]] = {}

    def perks(self, value: Any) -> tuple[str, ...]:
        if not value:
            return ()
        if not isinstance(value, str):  # PostgreSQL's driver decodes JSON itself
            return tuple(value)
        found = self._perks.get(value)
        if found is None:
            found = self._perks[value] = tuple(json.loads(value) or ())
        return found

    def plan(self, row: Sequence[Any]) -> Plan:
        (op, op_name, region, name, price, currency, days, quote, start, end, sha) = row[:11]
        (recurring, gb, unlimited, voice_unlimited, sms_unlimited, voice, intl, sms, perks, audience) = row[
            11:21
        ]
        (kind, repeatable, per_day, confidence, flags) = row[21:26]
        return Plan(
            op,
            op_name or op,
            region or None,
            name,
            self.price(price),  # type: ignore[arg-type]
            currency,
            days,
            Evidence(quote or "", start or 0, end or 0, sha),
            bool(recurring),
            self.gb(gb),
            bool(unlimited),
            bool(voice_unlimited),
            bool(sms_unlimited),
            voice,
            intl,
            sms,
            self.perks(perks),
            audience,
            kind or "base",
            bool(per_day),
            1.0 if confidence is None else float(confidence),
            self.perks(flags),
            repeatable is None or bool(repeatable),
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
    plan = _Reader().plan
    return [plan(row) for row in session.connection().execute(query).all()]


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
    query = _filtered(_version_query(span=True), operator, region).where(or_(opened, closed))
    by_key: dict[str, list[Any]] = {}
    for row in session.connection().execute(query.order_by(PV.plan_key, PV.valid_from)).all():
        by_key.setdefault(row[-3], []).append(row)
    changes: list[Change] = []
    reader = _Reader()
    for rows in by_key.values():
        changes.extend(_changes_of(reader, rows, start, end))
    return rank(pair_validity_changes(changes))


def _in(when: dt.datetime | None, start: dt.datetime, end: dt.datetime | None) -> bool:
    return when is not None and when >= start and (end is None or when < end)


def _changes_of(
    reader: _Reader, rows: Sequence[Any], start: dt.datetime, end: dt.datetime | None
) -> list[Change]:
    """One key's versions (oldest first) as dated changes inside the window."""
    out: list[Change] = []
    plans = [reader.plan(row) for row in rows]
    spans = [(row[-2], row[-1]) for row in rows]  # (valid_from, valid_to)
    for i, (plan, (valid_from, _to)) in enumerate(zip(plans, spans, strict=True)):
        before = spans[i - 1][1] if i else None
        if i and before == valid_from:
            change = compare_pair(plans[i - 1], plan, valid_from.date())
            if change is not None:
                out.append(change)
            continue
        if before is not None and _in(before, start, end):
            gone = plans[i - 1]
            out.append(
                Change("withdrawn", gone, None, HUNDRED, per_gb_before=price_per_gb(gone), date=before.date())
            )
        if _in(valid_from, start, end):
            out.append(
                Change("new", None, plan, HUNDRED, per_gb_after=price_per_gb(plan), date=valid_from.date())
            )
    last_to = spans[-1][1]
    if _in(last_to, start, end):
        gone = plans[-1]
        out.append(
            Change("withdrawn", gone, None, HUNDRED, per_gb_before=price_per_gb(gone), date=last_to.date())
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
    `Plan` per row; columns as `hedonic.plans_frame` (base plans only, an
    unstated allowance as NaN). `limit` keeps the
    newest observations (read backwards along the primary key).
    """
    numbers = [type_coerce(column, Float) for column in (PO.price, PO.data_gb)]  # floats, not Decimals
    query = select(PO.operator, PO.region, *numbers, PO.data_unlimited, PO.voice_min, PO.period_days).where(
        PO.currency == currency, PO.period_days.is_not(None), PO.kind == "base"
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
    for name in names[2:]:  # unstated allowances stay NaN: the fit leaves those rows out
        frame[name] = pd.to_numeric(frame[name], errors="coerce").astype(float)
    frame["unlimited"] = frame["unlimited"].fillna(0.0)
    frame.loc[frame["unlimited"] > 0, "gb"] = 0.0
    return frame
