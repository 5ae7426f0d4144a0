"""Runners: the same work done here and now (`local`) or queued for Celery workers (`celery`).

Each runner takes the store and one piece of work (`Ingest` or `FetchDue`)
and returns a `RunReport` a face can print. The local runner calls the
pipeline in this process; the Celery runner stages local files in the
store and queues one task a document or source, to be run by
`telcoradar worker` processes with the same pipeline functions.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from telcoradar.config import Settings
from telcoradar.jobs.fetching import FetchOutcome, fetch_due
from telcoradar.jobs.pipeline import Progress, ingest_paths, is_url
from telcoradar.sources import Fetcher
from telcoradar.store import Store


@dataclass(frozen=True)
class Ingest:
    """Files, folders (walked) and URLs to read, extract and store."""

    paths: list[str]
    captured_at: dt.datetime | None = None  # the capture time of files their manifest does not date
    allow_private: bool = False
    progress: Progress | None = None
    staging: Callable[[int, int], None] | None = None  # (done, total) while files are staged for workers


@dataclass(frozen=True)
class FetchDue:
    """The registered sources that are due (all of them with `everything`)."""

    everything: bool = False
    allow_private: bool = False
    progress: Callable[[FetchOutcome], None] | None = None


Work = Ingest | FetchDue


@dataclass
class RunReport:
    summary: str
    errors: list[str] = field(default_factory=list)
    failed: bool = False


def run_local(store: Store, work: Work) -> RunReport:
    """Do the work in this process, one transaction a document."""
    settings = Settings.from_env()
    if isinstance(work, FetchDue):
        with Fetcher(allow_private=work.allow_private, max_bytes=settings.max_bytes) as client:
            fetched = fetch_due(store, client, progress=work.progress, everything=work.everything)
        summary = (
            f"{len(fetched.outcomes)} due, {fetched.count('new')} changed, "
            f"{fetched.count('unchanged')} unchanged, {fetched.count('error')} failed"
        )
        return RunReport(summary, failed=fetched.count("error") > 0)
    fetcher: Fetcher | None = None
    if any(is_url(p) for p in work.paths):
        fetcher = Fetcher(allow_private=work.allow_private, max_bytes=settings.max_bytes)
    try:
        report = ingest_paths(
            store,
            work.paths,
            captured_at=work.captured_at,
            progress=work.progress,
            fetch=fetcher.fetch if fetcher else None,
        )
    finally:
        if fetcher is not None:
            fetcher.close()
    summary = (
        f"{report.stored} stored, {report.unchanged} unchanged, {len(report.errors)} failed: "
        f"{report.total('plans')} plans, {report.total('events')} events, {report.total('figures')} figures"
    )
    errors = [error for _uri, error in report.errors]
    return RunReport(summary, errors, failed=bool(errors))


def run_celery(store: Store, work: Work) -> RunReport:
    """Queue the work for Celery workers (TELCORADAR_BROKER_URL) and return at once."""
    from telcoradar.jobs import celery_app, distributed

    if isinstance(work, FetchDue):
        queued = celery_app.queue_sources(distributed.due_source_ids(store, everything=work.everything))
        return RunReport(f"{queued} sources queued for the workers")
    staged = distributed.stage_paths(
        store,
        work.paths,
        max_bytes=Settings.from_env().max_bytes,
        captured_at=work.captured_at,
        progress=work.staging,
    )
    queued = celery_app.queue_documents(staged.staged)
    summary = (
        f"{queued} queued, {staged.unchanged} unchanged, {len(staged.errors)} failed "
        "(`telcoradar failed` lists what the workers could not use)"
    )
    errors = [error for _uri, error in staged.errors]
    return RunReport(summary, errors, failed=bool(errors))


Runner = Callable[[Store, Work], RunReport]
RUNNERS: dict[str, Runner] = {"local": run_local, "celery": run_celery}
