"""Read what a briefing needs from the store, as plain domain objects with their evidence.

Plans come from the plan versions (current ones, and those valid on the
`since` day to find what changed), each with the quote of its latest
observation; events with the quote of their first mention; figures with their
own quote. Every query is one indexed SELECT with joins, so a store of
100,000 plans loads in a second or two.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from telcoradar.analysis.moves import Change, diff
from telcoradar.model import Event, Evidence, Figure, Plan
from telcoradar.report.briefing import BriefingInputs
from telcoradar.report.evidence import SourceInfo
from telcoradar.store import Store
from telcoradar.store.schema import (
    EventMentionRow,
    EventRow,
    FigureRow,
    PlanObservationRow,
    PlanVersionRow,
    SnapshotRow,
)

PV, PO, SN = PlanVersionRow, PlanObservationRow, SnapshotRow


def _aware(moment: dt.datetime) -> dt.datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


_PLAN_COLUMNS = (
    PV.operator,
    PO.operator_name,
    PV.region,
    PV.name,
    PV.price,
    PV.currency,
    PV.period_days,
    PO.quote,
    PO.quote_start,
    PO.quote_end,
    SN.sha256,
    PV.recurring,
    PV.data_gb,
    PV.data_unlimited,
    PV.voice_min,
    PV.intl_voice_min,
    PV.sms,
    PV.perks,
    PV.audience,
)


def _plans(session: Session, *conditions: Any) -> list[Plan]:
    """Plan versions matching `conditions`, each with the quote of its latest observation."""
    query = (
        select(*_PLAN_COLUMNS)
        .join(PO, PO.id == PV.last_observation_id)
        .join(SN, SN.id == PO.snapshot_id)
        .where(*conditions)
        .order_by(PV.id)
    )
    plans = []
    rows: Any = session.execute(query)
    for row in rows:
        (operator, operator_name, region, name, price, currency, days, quote, start, end, sha) = row[:11]
        recurring, data_gb, unlimited, voice, intl, sms, perks, audience = row[11:]
        plans.append(
            Plan(
                operator=operator,
                operator_name=operator_name,
                region=region or None,
                name=name,
                price=Decimal(price),
                currency=currency,
                period_days=days,
                evidence=Evidence(quote, start, end, sha),
                recurring=recurring,
                data_gb=None if data_gb is None else Decimal(data_gb),
                data_unlimited=unlimited,
                voice_min=voice,
                intl_voice_min=intl,
                sms=sms,
                perks=tuple(perks or ()),
                audience=audience,
            )
        )
    return plans


def changes_since(session: Session, start: dt.datetime, date: dt.date | None = None) -> list[Change]:
    """What changed after `start`: versions that ended after it against versions that began after it.

    A plan unchanged since `start` has one version spanning both instants and
    appears in neither set, so only the changed keys are read and compared.
    """
    before = _plans(session, PV.valid_from <= start, PV.valid_to.is_not(None), PV.valid_to > start)
    after = _plans(session, PV.valid_from > start, PV.valid_to.is_(None))
    return diff(before, after, date=date)


def _events(session: Session) -> list[Event]:
    first = (
        select(EventMentionRow.event_id, func.min(EventMentionRow.id).label("mention_id"))
        .group_by(EventMentionRow.event_id)
        .subquery()
    )
    query = (
        select(
            EventRow, EventMentionRow.quote, EventMentionRow.quote_start, EventMentionRow.quote_end, SN.sha256
        )
        .join(first, first.c.event_id == EventRow.id)
        .join(EventMentionRow, EventMentionRow.id == first.c.mention_id)
        .join(SN, SN.id == EventMentionRow.snapshot_id)
        .order_by(EventRow.date.desc(), EventRow.id)
    )
    events = []
    for row, quote, start, end, sha in session.execute(query):
        events.append(
            Event(
                operators=tuple(row.operators or ([row.operator] if row.operator else [])),
                kind=row.kind,
                domain=row.domain,
                sentence=row.sentence,
                evidence=Evidence(quote, start, end, sha),
                date=row.date,
                date_precision=row.date_precision,  # type: ignore[arg-type]
                amount=None if row.amount is None else Decimal(row.amount),
                currency=row.currency,
                counterparties=tuple(row.counterparties or ()),
                region=row.region,
            )
        )
    return events


def _figures(session: Session) -> list[Figure]:
    query = select(FigureRow, SN.sha256).join(SN, SN.id == FigureRow.snapshot_id).order_by(FigureRow.id)
    return [
        Figure(
            measure=row.measure,
            value=Decimal(row.value),
            unit=row.unit,
            evidence=Evidence(row.quote, row.quote_start, row.quote_end, sha),
            year=row.year,
            date=row.date,
            forecast=row.forecast,
            growth_rate=None if row.growth_rate is None else Decimal(row.growth_rate),
            growth_kind=row.growth_kind,
            currency=row.currency,
            operator=row.operator,
        )
        for row, sha in session.execute(query)
    ]


def _sources(session: Session, shas: Iterable[str]) -> dict[str, SourceInfo]:
    wanted = sorted(set(shas))
    found: dict[str, SourceInfo] = {}
    for i in range(0, len(wanted), 500):
        part = wanted[i : i + 500]
        query = select(SN.sha256, SN.uri, SN.fetched_at, SN.title).where(SN.sha256.in_(part)).order_by(SN.id)
        for sha, uri, fetched_at, title in session.execute(query):
            found.setdefault(sha, SourceInfo(sha, uri, _aware(fetched_at), title or ""))
    return found


def capture_dates(session: Session) -> list[dt.date]:
    """The distinct days on which snapshots were captured, oldest first."""
    days = {_aware(moment).date() for moment in session.scalars(select(SN.fetched_at).distinct())}
    return sorted(days)


def default_since(session: Session) -> dt.date | None:
    """The day after the capture before the latest one: what is new since the previous look."""
    days = capture_dates(session)
    return days[-2] + dt.timedelta(days=1) if len(days) >= 2 else None


def gather(store: Store, since: dt.date | None = None) -> BriefingInputs:
    """Everything the briefing shows, read in one session."""
    with store.read() as session:
        if since is None:
            since = default_since(session)
        days = capture_dates(session)
        current = _plans(session, PV.valid_to.is_(None))
        changes: list[Change] = []
        if since is not None:
            start = dt.datetime.combine(since, dt.time.min, tzinfo=dt.UTC)
            changes = changes_since(session, start, days[-1] if days else None)
        events = _events(session)
        figures = _figures(session)
        shas = [p.evidence.snapshot or "" for p in current]
        shas += [p.evidence.snapshot or "" for c in changes for p in (c.before, c.after) if p is not None]
        shas += [e.evidence.snapshot or "" for e in events] + [f.evidence.snapshot or "" for f in figures]
        sources = _sources(session, shas)
    return BriefingInputs(
        plans=current,
        changes=changes,
        events=events,
        figures=figures,
        sources=sources,
        since=since,
        as_of=days[-1] if days else None,
    )
