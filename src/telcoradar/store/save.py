"""One document in, one transaction: blob, snapshot, plans, versions, events, figures."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

from telcoradar.model import Extraction
from telcoradar.store.core import Store
from telcoradar.store.facts import delete_facts, save_events, save_figures
from telcoradar.store.plans import advance_versions, delete_observations, rebuild_versions, save_plans
from telcoradar.store.review_apply import decisions_for
from telcoradar.store.schema import SnapshotRow
from telcoradar.store.snapshots import Latest, add_snapshot, latest_snapshot, put_blob, sha256_of
from telcoradar.store.sql import Db, utc

ATTEMPTS = 5
LOOK = "look"  # save_in's default: look the URI's newest capture up inside the transaction


@dataclass(frozen=True, slots=True)
class Saved:
    snapshot_id: int
    new: bool
    plans: int = 0
    events: int = 0
    figures: int = 0


def save_in(
    session: Db,
    extraction: Extraction,
    *,
    data: bytes,
    uri: str,
    extractor_version: str,
    fetched_at: dt.datetime | None = None,
    sha256: str | None = None,
    source_id: int | None = None,
    status: int | None = None,
    meta: dict[str, Any] | None = None,
    content_type: str | None = None,
    reader_kind: str | None = None,
    latest: Latest | str | None = LOOK,
) -> Saved:
    """Store one capture inside the caller's transaction; bytes equal to the URI's newest add nothing.

    `latest` is the URI's newest capture when the caller has just looked it up
    (a concurrent writer that stored another since makes the insert collide on
    (uri, seq), and `save_extraction` looks again).
    """
    sha = sha256 or sha256_of(data)
    if isinstance(latest, str):
        latest = latest_snapshot(session, uri)
    if latest is not None and latest.sha256 == sha:
        return Saved(latest.id, new=False)
    put_blob(session, data, sha, content_type or extraction.document.content_type)
    capture = add_snapshot(
        session,
        uri=uri,
        seq=1 if latest is None else latest.seq + 1,
        sha256=sha,
        fetched_at=utc(fetched_at),
        document=extraction.document,
        extractor_version=extractor_version,
        source_id=source_id,
        status=status,
        meta=meta,
        reader_kind=reader_kind,
        counts=(len(extraction.plans), len(extraction.events), len(extraction.figures)),
    )
    decided = decisions_for(session, uri)  # the analysts' word on this page's facts
    plans = save_plans(session, capture, extraction.plans, previous=latest, decided=decided)
    save_events(session, capture, extraction.events, decided)
    figures = save_figures(session, capture, extraction.figures, decided)
    return Saved(capture.id, True, plans, len(extraction.events), figures)


def save_extraction(store: Store, extraction: Extraction, **fields: Any) -> Saved:
    """`save_in` in its own transaction, retried when a concurrent writer got there first.

    Two processes storing the same capture collide on the unique (uri, seq)
    pair; the loser rolls back, looks again, and finds it stored.
    """
    for attempt in range(ATTEMPTS):
        try:
            with store.transaction() as connection:
                return save_in(connection, extraction, **fields)
        except (IntegrityError, OperationalError) as exc:
            if attempt == ATTEMPTS - 1 or not _retryable(exc):
                raise
            fields["latest"] = LOOK
    raise AssertionError("unreachable")


def _retryable(exc: Exception) -> bool:
    if isinstance(exc, IntegrityError):
        return True
    text = str(getattr(exc, "orig", exc)).lower()
    return "deadlock" in text or "locked" in text or "could not serialize" in text


def replace_extraction(
    session: Session, snapshot: SnapshotRow, extraction: Extraction, *, extractor_version: str
) -> Saved:
    """Swap a stored snapshot's facts for a new extraction of the same bytes."""
    old_keys = delete_observations(session, snapshot.id)
    delete_facts(session, snapshot.id)
    document = extraction.document
    snapshot.text = document.text
    snapshot.title = document.title
    snapshot.published = document.published
    snapshot.content_type = document.content_type
    snapshot.charset = document.charset
    snapshot.extractor_version = extractor_version
    decided = decisions_for(session, snapshot.uri)
    snapshot.plan_count = save_plans(session, snapshot, extraction.plans, versions=False, decided=decided)
    save_events(session, snapshot, extraction.events, decided)
    snapshot.event_count = len(extraction.events)
    snapshot.figure_count = save_figures(session, snapshot, extraction.figures, decided)
    session.flush()
    saved = Saved(snapshot.id, False, snapshot.plan_count, snapshot.event_count, snapshot.figure_count)
    new_keys = {plan_key_of(plan) for plan in extraction.plans}
    rebuild_versions(session, old_keys | new_keys)
    return saved


def plan_key_of(plan: Any) -> str:
    from telcoradar.model import normalize_name
    from telcoradar.store.plans import plan_key

    return plan_key(plan.operator, plan.region, normalize_name(plan.name), plan.period_days)


__all__ = ["Saved", "advance_versions", "replace_extraction", "save_extraction", "save_in"]
