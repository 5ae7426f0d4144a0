"""Read what a briefing needs from the store, as plain domain objects with their evidence.

The queries are analysis.queries': the plans on offer now, the plan changes
since a day (only the versions that open or close after it are read), the
events with the quote of their first mention and the figures with theirs.
This module adds the snapshots behind those quotes (URI, capture time,
title) and the default `since`: the day after the capture before the latest.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from telcoradar.analysis.changes import plan_changes
from telcoradar.analysis.moves import Change
from telcoradar.report.briefing import BriefingInputs
from telcoradar.report.evidence import SourceInfo
from telcoradar.store import Store
from telcoradar.store.read import events as stored_events
from telcoradar.store.read import figures as stored_figures
from telcoradar.store.read import plans_valid_at
from telcoradar.store.schema import SnapshotRow

SN = SnapshotRow


def _aware(moment: dt.datetime) -> dt.datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


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


def default_since(session: Session, days: list[dt.date] | None = None) -> dt.date | None:
    """The day after the capture before the latest one: what is new since the previous look."""
    days = capture_dates(session) if days is None else days
    return days[-2] + dt.timedelta(days=1) if len(days) >= 2 else None


def gather(store: Store, since: dt.date | None = None) -> BriefingInputs:
    """Everything the briefing shows, read in one session."""
    with store.read() as session:
        days = capture_dates(session)
        if since is None:
            since = default_since(session, days)
        current = plans_valid_at(session)
        changes: list[Change] = plan_changes(session, since) if since is not None else []
        events = sorted(
            stored_events(session), key=lambda e: (e.date is not None, e.date or dt.date.min), reverse=True
        )
        figures = stored_figures(session)
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
