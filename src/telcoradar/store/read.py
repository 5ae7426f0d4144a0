"""The one read path: stored rows as domain objects with their evidence, key and validity.

Plans come from `plan_versions` (one row per plan and span of time, indexed
by region and operator with the span), never from a scan of every
observation; each version's evidence is the quote of the last observation
that confirmed it. `plans_valid_at` gives `Plan`s for the analysis;
`plan_versions_at` and `versions_in_window` give `PlanVersion`s, a plan with
its key and span. Events carry the quote of their first mention, figures
their own; `snapshots_by_sha` and `capture_dates` describe the snapshots behind
them.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, overload

import pandas as pd
from sqlalchemy import Float, func, or_, select, type_coerce
from sqlalchemy.orm import Session
from sqlalchemy.types import NullType

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
SN = SnapshotRow


@overload
def instant(day: None) -> None: ...
@overload
def instant(day: str | dt.date | dt.datetime) -> dt.datetime: ...
def instant(day: str | dt.date | dt.datetime | None) -> dt.datetime | None:
    """A moment from a day: a date (or "YYYY-MM-DD") means the end of that day in UTC (what was
    valid by the end of it); datetimes (or ISO text with a time) are taken as UTC when naive."""
    if day is None:
        return None
    if isinstance(day, str):
        timed = "T" in day or " " in day
        day = dt.datetime.fromisoformat(day) if timed else dt.date.fromisoformat(day)
    if isinstance(day, dt.datetime):
        return day if day.tzinfo else day.replace(tzinfo=dt.UTC)
    return dt.datetime.combine(day, dt.time.max, tzinfo=dt.UTC)


def day_start(day: dt.date | dt.datetime) -> dt.datetime:
    """A date as the start of that day in UTC; datetimes as UTC."""
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
# row[-5:] of `_version_query(span=True)`
_SPAN = (PV.review, PV.plan_key, PV.valid_from, PV.valid_to, PO.snapshot_id)


@dataclass(frozen=True, slots=True)
class PlanVersion:
    """A stored plan over one span of time: the plan (with the evidence that last confirmed it),
    the key that follows it across snapshots, and when it was on offer (valid_to None: still is)."""

    plan: Plan
    key: str
    valid_from: dt.datetime
    valid_to: dt.datetime | None
    snapshot_id: int | None
    review: str = "pending"  # what an analyst said of it: pending, accepted or corrected


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


_ORDER = (PV.operator, PV.region, PV.name_key, PV.period_days, PV.price)


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
    query = _valid_at(_filtered(_version_query(), operator, region), at).order_by(*_ORDER)
    plan = _Reader().plan
    return [plan(row) for row in session.connection().execute(query).all()]


def _valid_at(query: Any, at: dt.date | dt.datetime | None) -> Any:
    when = instant(at)
    if when is None:
        return query.where(PV.valid_to.is_(None))
    return query.where(PV.valid_from <= when, or_(PV.valid_to.is_(None), PV.valid_to > when))


def _versions(session: Session, query: Any) -> list[PlanVersion]:
    plan = _Reader().plan
    return [
        PlanVersion(plan(row), row[-4], row[-3], row[-2], row[-1], row[-5] or "pending")
        for row in session.connection().execute(query).all()
    ]


def plan_versions_at(
    session: Session,
    at: dt.date | dt.datetime | None = None,
    *,
    operator: str | None = None,
    region: str | None = None,
) -> list[PlanVersion]:
    """The plan versions on offer at a date (the end of that day) or now, with key and span."""
    query = _valid_at(_filtered(_version_query(span=True), operator, region), at)
    return _versions(session, query.order_by(*_ORDER))


def versions_in_window(
    session: Session,
    since: dt.date | dt.datetime,
    until: dt.date | dt.datetime | None = None,
    *,
    operator: str | None = None,
    region: str | None = None,
) -> list[PlanVersion]:
    """The versions that open or close in [since, until), by key and then oldest first."""
    start = day_start(since)
    end = day_start(until) if until is not None else None
    opened = PV.valid_from >= start
    closed = PV.valid_to >= start
    if end is not None:
        opened = opened & (PV.valid_from < end)
        closed = closed & (PV.valid_to < end)
    query = _filtered(_version_query(span=True), operator, region).where(or_(opened, closed))
    return _versions(session, query.order_by(PV.plan_key, PV.valid_from))


def plan_history(session: Session, key: str) -> list[PlanVersion]:
    """Every version of one plan key, oldest first."""
    query = _version_query(span=True).where(PV.plan_key == key).order_by(PV.valid_from, PV.id)
    return _versions(session, query)


def first_mention_id() -> Any:
    """The id of an event's first mention, as a subquery correlated with `EventRow`."""
    return (
        select(func.min(EventMentionRow.id))
        .where(EventMentionRow.event_id == EventRow.id)
        .correlate(EventRow)
        .scalar_subquery()
    )


def events(
    session: Session,
    *,
    domain: str | None = None,
    operator: str | None = None,
    since: dt.date | None = None,
) -> list[Event]:
    """Stored events as `Event`s, each with the evidence of its first mention."""
    first = first_mention_id()
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
        .where(EventRow.review != "rejected")
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
                confidence=row.confidence,
                flags=tuple(row.flags or ()),
            )
        )
    return out


def figures(session: Session, *, operator: str | None = None, year: int | None = None) -> list[Figure]:
    """Stored market figures as `Figure`s with their evidence."""
    query = (
        select(FigureRow, SnapshotRow.sha256)
        .outerjoin(SnapshotRow, SnapshotRow.id == FigureRow.snapshot_id)
        .where(FigureRow.review != "rejected")
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
            confidence=row.confidence,
            flags=tuple(row.flags or ()),
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
        PO.currency == currency, PO.period_days.is_not(None), PO.kind == "base", PO.review != "rejected"
    )
    if region is not None:
        query = query.where(PO.region == region)
    if since is not None:
        query = query.where(PO.observed_at >= day_start(since))
    if until is not None:
        query = query.where(PO.observed_at < day_start(until))
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


def snapshots_by_sha(session: Session, shas: Iterable[str]) -> dict[str, tuple[str, dt.datetime, str]]:
    """The URI, capture time (UTC) and title of the first snapshot with each SHA-256."""
    wanted = sorted(set(shas))
    found: dict[str, tuple[str, dt.datetime, str]] = {}
    for i in range(0, len(wanted), 500):
        part = wanted[i : i + 500]
        query = select(SN.sha256, SN.uri, SN.fetched_at, SN.title).where(SN.sha256.in_(part)).order_by(SN.id)
        for sha, uri, fetched_at, title in session.execute(query):
            found.setdefault(sha, (uri, _aware(fetched_at), title or ""))
    return found


def capture_dates(session: Session) -> list[dt.date]:
    """The distinct days on which snapshots were captured, oldest first."""
    days = {_aware(moment).date() for moment in session.scalars(select(SN.fetched_at).distinct())}
    return sorted(days)


def _aware(moment: dt.datetime) -> dt.datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
