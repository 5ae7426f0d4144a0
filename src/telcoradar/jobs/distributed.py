"""The pipeline split into queueable pieces: what a producer stages and what one worker task does.

Local files travel through the store, not the queue: `stage_paths` reads
each file once, puts its bytes in the blob table under their SHA-256 and
returns a small `Staged` record to queue; the worker task `ingest_staged`
reads the bytes back and runs the same `ingest_bytes` as `telcoradar
ingest`. Workers therefore need the database, not the producer's disk, and
bytes equal to a URI's newest capture are not even queued. URLs are queued
as they are and fetched by the worker; sources are queued by id.

Every piece is idempotent: the SHA-256 check in `ingest_bytes` makes a
document delivered twice store once, and a source fetched since it was
queued is not fetched again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from telcoradar.errors import InputError
from telcoradar.jobs.fetching import FetchOutcome, SourceJob, fetch_source
from telcoradar.jobs.pipeline import (
    Fetch,
    IngestResult,
    Steps,
    Target,
    ingest_bytes,
    ingest_url,
    is_url,
    targets,
)
from telcoradar.sources import Fetcher, kind_of
from telcoradar.sources.files import read_file
from telcoradar.store import Store
from telcoradar.store.schema import SourceRow
from telcoradar.store.snapshots import blob_bytes, latest_snapshot, put_blob, sha256_of
from telcoradar.store.sources import due_sources, list_sources
from telcoradar.store.sql import utc


@dataclass(frozen=True, slots=True)
class Staged:
    """One document to queue: its URI and, for a local file, the digest of bytes already in the store."""

    uri: str
    sha256: str | None = None
    captured_at: str | None = None  # ISO date-time, when the file's capture is known
    content_type: str | None = None

    def as_kwargs(self) -> dict[str, str | None]:
        """The task's arguments; what is not known is left out, so older workers take them too."""
        return {k: v for k, v in asdict(self).items() if v is not None or k in ("uri", "sha256")}


@dataclass
class StageReport:
    staged: list[Staged]
    unchanged: int
    errors: list[tuple[str, str]]  # (uri, one-line reason)


def stage_paths(
    store: Store,
    paths: Iterable[str | Path],
    *,
    max_bytes: int,
    captured_at: dt.datetime | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> StageReport:
    """Put the bytes of every file under `paths` in the store and say what to queue.

    URLs are passed through for the worker to fetch; a file whose bytes equal
    its URI's newest capture is counted as unchanged and not queued. Files
    keep the address and capture time `--captured-at` or their manifest gives.
    """
    found, refused = targets(paths, captured_at)
    report = StageReport([], 0, list(refused))
    for done, target in enumerate(found, start=1):
        if isinstance(target.source, str):
            report.staged.append(Staged(target.source))
        else:
            try:
                staged = _stage_file(store, target, max_bytes)
            except InputError as exc:
                report.errors.append((target.uri, str(exc)))
            else:
                if staged is None:
                    report.unchanged += 1
                else:
                    report.staged.append(staged)
        if progress is not None:
            progress(done, len(found))
    return report


def _stage_file(store: Store, target: Target, max_bytes: int) -> Staged | None:
    data = read_file(Path(target.source), max_bytes).data
    sha = sha256_of(data)
    with store.write() as session:
        latest = latest_snapshot(session, target.uri)
        if latest is not None and latest.sha256 == sha:
            return None
        put_blob(session, data, sha)
    when = target.captured_at.isoformat() if target.captured_at else None
    return Staged(target.uri, sha, when, target.content_type)


def ingest_staged(
    store: Store,
    uri: str,
    sha256: str | None = None,
    *,
    max_bytes: int,
    captured_at: str | None = None,
    content_type: str | None = None,
    steps: Steps | None = None,
    fetch: Fetch | None = None,
) -> IngestResult:
    """The worker's half: read, extract and store one queued document (stored once however often run).

    With `sha256` the bytes come from the blob table; otherwise `uri` is a
    URL fetched with `fetch`, or a file on a disk the workers share.
    """
    if sha256 is not None:
        with store.read() as session:
            data = blob_bytes(session, sha256)
        if data is None:
            raise InputError(uri, f"bytes {sha256[:12]} are not in the store")
        when = dt.datetime.fromisoformat(captured_at) if captured_at else None
        return ingest_bytes(
            store,
            data,
            uri,
            content_type=content_type,
            fetched_at=when,
            max_bytes=max(max_bytes, len(data)),
            steps=steps,
        )
    if is_url(uri):
        return ingest_url(store, uri, fetch, max_bytes, steps)
    path = Path(unquote(urlsplit(uri).path)) if uri.startswith("file://") else Path(uri)
    data = read_file(path, max_bytes).data
    return ingest_bytes(store, data, path.resolve().as_uri(), max_bytes=max_bytes, steps=steps)


def due_source_ids(store: Store, now: dt.datetime | None = None, *, everything: bool = False) -> list[int]:
    """Ids of the enabled sources due at `now` (all enabled ones with `everything`)."""
    with store.read() as session:
        rows = list_sources(session, enabled_only=True) if everything else due_sources(session, utc(now))
        return [row.id for row in rows]


def fetch_queued(
    store: Store,
    fetcher: Fetcher,
    source_id: int,
    *,
    queued_at: dt.datetime | None = None,
    steps: Steps | None = None,
) -> FetchOutcome | None:
    """Fetch one queued source; None when it is gone, disabled, or fetched since it was queued."""
    with store.read() as session:
        row = session.get(SourceRow, source_id)
        if row is None or not row.enabled:
            return None
        if queued_at is not None and row.last_fetched_at is not None and row.last_fetched_at >= queued_at:
            return None
        job = SourceJob(row.id, row.name, row.uri, row.kind or _kind(row.uri), row.etag, row.last_modified)
    return fetch_source(store, fetcher, job, steps=steps)


def _kind(uri: str) -> str:
    try:
        return kind_of(uri)
    except InputError:
        return "url"
