"""The briefing step: gather what a briefing needs from the store, build it, write it.

The facts come from `store.read` (the plans on offer now, the plan changes
since a day, the events with the quote of their first mention and the
figures with theirs) and `analysis.changes`. This module adds the snapshots
behind those quotes (URI, capture time, title) and the default `since`: the
day after the capture before the latest. `report/` only lays the result out.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy.orm import Session

from telcoradar.analysis.changes import plan_changes
from telcoradar.analysis.moves import Change
from telcoradar.report import Briefing, BriefingInputs, build_briefing, write_briefing
from telcoradar.report.evidence import SourceInfo
from telcoradar.store import Store
from telcoradar.store.read import capture_dates, plans_valid_at, snapshots_by_sha
from telcoradar.store.read import events as stored_events
from telcoradar.store.read import figures as stored_figures
from telcoradar.store.review_queue import verified_evidence


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
        found = snapshots_by_sha(session, shas)
        verified = verified_evidence(session)
    return BriefingInputs(
        plans=current,
        changes=changes,
        events=events,
        figures=figures,
        verified=verified,
        sources={sha: SourceInfo(sha, uri, at, title) for sha, (uri, at, title) in found.items()},
        since=since,
        as_of=days[-1] if days else None,
    )


def write_store_briefing(
    store: Store, path: str | Path, *, since: dt.date | None = None, lang: str = "zh"
) -> tuple[Path, Briefing]:
    """Gather the facts from `store`, build the briefing and write it to `path` (.html, .md or .pdf)."""
    briefing = build_briefing(gather(store, since), lang)
    return write_briefing(briefing, path), briefing
