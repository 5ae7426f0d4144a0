"""Fetching the registered sources: every due one now (`fetch_due`), or on schedule (`watch`).

Each source is fetched and stored on its own: an unreachable host, a 404 or
a page that cannot be read is recorded on that source (`last_error`) and the
others go on. A URL answered with 304 Not Modified, or bytes equal to the
last capture, add no snapshot; only the source's fetch time and status move.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.exc import OperationalError

from telcoradar.errors import InputError
from telcoradar.jobs.pipeline import Steps, ingest_bytes
from telcoradar.sources import Fetcher, FetchError, folder_items, kind_of
from telcoradar.sources.files import Item, read_file
from telcoradar.store import Store
from telcoradar.store.sources import add_source, due_sources, list_sources, record_fetch
from telcoradar.store.sql import utc

DAY = 86400
UNITS = {"s": 1, "m": 60, "h": 3600, "d": DAY, "w": 7 * DAY}


def parse_every(text: str) -> int:
    """Seconds in a schedule such as "1d", "12h", "30m", "1w" or "3600"; InputError otherwise."""
    value = text.strip().lower()
    number, unit = (value[:-1], value[-1]) if value[-1:] in UNITS else (value, "s")
    if not number.isdigit() or int(number) == 0:
        raise InputError(text, "not a schedule: use a number and s, m, h, d or w, e.g. 1d or 12h")
    return int(number) * UNITS[unit]


def describe_every(seconds: int | None) -> str:
    if not seconds:
        return "once"
    for unit in ("w", "d", "h", "m"):
        if seconds % UNITS[unit] == 0:
            return f"{seconds // UNITS[unit]}{unit}"
    return f"{seconds}s"


@dataclass(frozen=True, slots=True)
class SourceJob:
    """What fetching one source needs, read from the store before any network traffic."""

    id: int
    name: str
    uri: str
    kind: str
    etag: str | None = None
    last_modified: str | None = None


@dataclass(slots=True)
class FetchOutcome:
    """How one source went: "new" (stored), "unchanged" (nothing new) or "error"."""

    source: SourceJob
    state: str
    checked_at: dt.datetime = field(default_factory=utc)  # the round's time, kept as last_fetched_at
    snapshots: int = 0
    plans: int = 0
    status: int | None = None
    errors: list[str] = field(default_factory=list)

    @property
    def error(self) -> str | None:
        if not self.errors:
            return None
        more = f" (and {len(self.errors) - 1} more)" if len(self.errors) > 1 else ""
        return self.errors[0] + more

    def summary(self) -> str:
        """One line for a person: what happened to this source."""
        name = self.source.name
        if self.state == "error":
            return f"{name}: failed: {self.error}"
        if self.state == "unchanged":
            why = "not modified" if self.status == 304 else "same content as last time"
            return f"{name}: unchanged ({why})"
        noun = "snapshot" if self.snapshots == 1 else "snapshots"
        line = f"{name}: {self.snapshots} new {noun}, {self.plans} plans"
        return line + (f"; {self.error}" if self.errors else "")


@dataclass
class FetchReport:
    outcomes: list[FetchOutcome] = field(default_factory=list)

    def count(self, state: str) -> int:
        return sum(1 for o in self.outcomes if o.state == state)


def register_source(
    store: Store, target: str, *, name: str | None = None, operator: str | None = None, every: str = "1d"
) -> SourceJob:
    """Add a URL, file or folder to the sources; paths are stored absolute. InputError if unusable."""
    kind = kind_of(target)
    uri = target
    if kind != "url":
        path = Path(target).expanduser()
        if not path.exists():
            raise InputError(target, "no such file or folder")
        uri = str(path.resolve())
    seconds = parse_every(every)
    with store.write() as session:
        row = add_source(session, uri, name=name, kind=kind, operator=operator, every_seconds=seconds)
        return SourceJob(row.id, row.name, row.uri, kind)


def fetch_due(
    store: Store,
    fetcher: Fetcher,
    now: dt.datetime | None = None,
    *,
    steps: Steps | None = None,
    progress: Callable[[FetchOutcome], None] | None = None,
    everything: bool = False,
) -> FetchReport:
    """Fetch every enabled source due at `now` (all of them with `everything`).

    One bad source never stops the others: its error is recorded on it.
    """
    now = utc(now)
    with store.read() as session:
        rows = list_sources(session, enabled_only=True) if everything else due_sources(session, now)
        jobs = [
            SourceJob(row.id, row.name, row.uri, row.kind or _kind(row.uri), row.etag, row.last_modified)
            for row in rows
        ]
    report = FetchReport()
    for job in jobs:
        try:
            outcome = fetch_source(store, fetcher, job, now=now, steps=steps)
        except Exception as exc:  # a bug in one source's path must not stop the rest
            outcome = FetchOutcome(job, "error", now, errors=[f"{job.uri}: {type(exc).__name__}: {exc}"])
            _record(store, outcome)
        report.outcomes.append(outcome)
        if progress is not None:
            progress(outcome)
    return report


def fetch_source(
    store: Store,
    fetcher: Fetcher,
    job: SourceJob,
    *,
    now: dt.datetime | None = None,
    steps: Steps | None = None,
) -> FetchOutcome:
    """Fetch one source, store what is new, and record how it went (at `now`) on the source."""
    outcome = FetchOutcome(job, "unchanged", utc(now))
    if job.kind == "url":
        return _fetch_url(store, fetcher, outcome, steps)
    fetched_at = utc()
    items = folder_items(job.uri, max_bytes=fetcher.max_bytes) if job.kind == "folder" else None
    try:
        for item in items if items is not None else [read_file(Path(job.uri), fetcher.max_bytes)]:
            if "error" in item.meta:
                outcome.errors.append(item.meta["error"])
                continue
            _ingest(store, job, item, Path(item.uri).resolve().as_uri(), fetched_at, outcome, steps)
    except InputError as exc:
        outcome.errors.append(str(exc))
    if outcome.errors and outcome.snapshots == 0:
        outcome.state = "error"
    _record(store, outcome)
    return outcome


def _fetch_url(store: Store, fetcher: Fetcher, outcome: FetchOutcome, steps: Steps | None) -> FetchOutcome:
    job = outcome.source
    try:
        result = fetcher.fetch(job.uri, etag=job.etag, last_modified=job.last_modified)
    except FetchError as exc:
        outcome.state, outcome.status, outcome.errors = "error", exc.status, [str(exc)]
        _record(store, outcome)
        return outcome
    outcome.status = result.status
    if result.not_modified or result.content is None:
        _record(store, outcome, result.etag, result.last_modified)
        return outcome
    meta = {"final_url": result.final_url, "status": str(result.status)}
    for key, value in (("etag", result.etag), ("last_modified", result.last_modified)):
        if value:
            meta[key] = value
    item = Item(job.uri, result.content, result.content_type, meta)
    try:
        _ingest(store, job, item, job.uri, result.fetched_at, outcome, steps)
    except InputError as exc:
        outcome.state, outcome.errors = "error", [str(exc)]
        # validators are not kept: the page is fetched in full again next time
        _record(store, outcome)
        return outcome
    _record(store, outcome, result.etag, result.last_modified)
    return outcome


def _ingest(
    store: Store,
    job: SourceJob,
    item: Item,
    uri: str,
    fetched_at: dt.datetime,
    outcome: FetchOutcome,
    steps: Steps | None,
) -> None:
    status = outcome.status
    try:
        result = ingest_bytes(
            store,
            item.data,
            uri,
            content_type=item.content_type,
            fetched_at=fetched_at,
            source_id=job.id,
            status=status,
            meta=dict(item.meta),
            steps=steps,
        )
    except InputError as exc:
        if job.kind == "url":
            raise
        outcome.errors.append(str(exc))
        return
    if result.new:
        outcome.state = "new"
        outcome.snapshots += 1
        outcome.plans += result.plans


def _record(
    store: Store, outcome: FetchOutcome, etag: str | None = None, last_modified: str | None = None
) -> None:
    with store.write() as session:
        record_fetch(
            session,
            outcome.source.id,
            fetched_at=outcome.checked_at,
            status=outcome.status,
            error=outcome.error,
            etag=etag,
            last_modified=last_modified,
        )


def _kind(uri: str) -> str:
    try:
        return kind_of(uri)
    except InputError:
        return "url"


def source_rows(store: Store) -> list[dict[str, str | int | None]]:
    """Every source as plain data, for listing: schedule and how the last fetch went."""
    with store.read() as session:
        return [
            {
                "id": row.id,
                "name": row.name,
                "uri": row.uri,
                "kind": row.kind,
                "operator": row.operator,
                "every": describe_every(row.every_seconds),
                "enabled": int(row.enabled),
                "last_fetched_at": utc(row.last_fetched_at).isoformat(timespec="seconds")
                if row.last_fetched_at
                else None,
                "last_status": row.last_status,
                "last_error": row.last_error,
            }
            for row in list_sources(session)
        ]


def seconds_until_due(store: Store, now: dt.datetime | None = None) -> float | None:
    """Seconds until the next enabled source is due (0 if one is due now); None if none ever will be."""
    now = utc(now)
    waits: list[float] = []
    with store.read() as session:
        for row in list_sources(session, enabled_only=True):
            if row.last_fetched_at is None:
                return 0.0
            if row.every_seconds:
                due = utc(row.last_fetched_at) + dt.timedelta(seconds=row.every_seconds)
                waits.append(max(0.0, (due - now).total_seconds()))
    return min(waits) if waits else None


def watch(
    store: Store,
    fetcher: Fetcher,
    *,
    interval: float = 60.0,
    steps: Steps | None = None,
    progress: Callable[[FetchOutcome], None] | None = None,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC),
    rounds: int | None = None,
    warn: Callable[[str], None] | None = None,
) -> None:
    """Fetch due sources, sleep until the next one is due (at most `interval` s), and again.

    Runs until interrupted (KeyboardInterrupt), or for `rounds` rounds when given. A round
    that finds the database locked by another writer is told to `warn` in one line and
    tried again after `interval`; without `warn` the error is raised.
    """
    done = 0
    while rounds is None or done < rounds:
        try:
            fetch_due(store, fetcher, clock(), steps=steps, progress=progress)
            wait = seconds_until_due(store, clock())
        except OperationalError as exc:
            if warn is None or "locked" not in str(getattr(exc, "orig", exc)).lower():
                raise
            warn(f"database locked by another writer; trying again in {interval:g} s")
            wait = None
        done += 1
        if rounds is not None and done >= rounds:
            return
        sleep(interval if wait is None else max(1.0, min(wait, interval)))
