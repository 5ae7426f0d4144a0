"""The pipeline as plain functions: bytes → read → extract → store, one transaction a document.

`ingest_bytes` is idempotent: bytes equal to the newest capture of the same
URI are recognised by their SHA-256 in one indexed lookup, before any reading.
`ingest_paths` walks files and folders and keeps going past bad documents.
`reextract` runs the extractors again over stored bytes.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from telcoradar.config import Settings
from telcoradar.errors import InputError
from telcoradar.model import Document, Extraction
from telcoradar.read import address_not_file, too_large
from telcoradar.store import Store
from telcoradar.store.save import replace_extraction, save_extraction
from telcoradar.store.schema import SnapshotRow
from telcoradar.store.snapshots import blob_bytes, sha256_of, snapshot_ids

Reader = Callable[[bytes, str, "str | None", int], Document]
Extractor = Callable[[Document], Extraction]


@dataclass(frozen=True)
class Steps:
    """How bytes become an Extraction: the reader, the extractors and their version."""

    read: Reader
    extract: Extractor
    version: str
    kind: Callable[[bytes, str | None, str], str | None] = lambda data, content_type, uri: None


def default_steps() -> Steps:
    from telcoradar.extract import EXTRACTOR_VERSION, extract
    from telcoradar.read import read_bytes

    def kind(data: bytes, content_type: str | None, uri: str) -> str | None:
        try:
            from telcoradar.read import sniff
        except ImportError:
            return None
        return str(sniff(data, content_type, uri))

    def read(data: bytes, uri: str, content_type: str | None, max_bytes: int) -> Document:
        return read_bytes(data, uri, content_type, max_bytes=max_bytes)

    return Steps(read=read, extract=extract, version=str(EXTRACTOR_VERSION), kind=kind)


@dataclass(frozen=True, slots=True)
class IngestResult:
    uri: str
    snapshot_id: int
    new: bool
    plans: int = 0
    events: int = 0
    figures: int = 0


@dataclass
class IngestReport:
    results: list[IngestResult] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)  # (uri, one-line reason)

    @property
    def stored(self) -> int:
        return sum(1 for r in self.results if r.new)

    @property
    def unchanged(self) -> int:
        return sum(1 for r in self.results if not r.new)

    def total(self, what: str) -> int:
        return sum(int(getattr(r, what)) for r in self.results)


def ingest_bytes(
    store: Store,
    data: bytes,
    uri: str,
    *,
    content_type: str | None = None,
    fetched_at: dt.datetime | None = None,
    source_id: int | None = None,
    status: int | None = None,
    meta: dict[str, Any] | None = None,
    max_bytes: int | None = None,
    steps: Steps | None = None,
) -> IngestResult:
    """Read, extract and store one document; the same bytes for the same URI add nothing.

    Raises InputError when the bytes cannot be read; the store is then left as it was.
    A capture older than the URI's newest is welcome: the store rebuilds the versions it touches.
    """
    sha = sha256_of(data)
    latest = store.latest(uri)
    if latest is not None and latest.sha256 == sha:
        return IngestResult(uri, latest.id, new=False)
    steps = steps or default_steps()
    document = steps.read(data, uri, content_type, max_bytes or Settings.from_env().max_bytes)
    extraction = steps.extract(document)
    saved = save_extraction(
        store,
        extraction,
        data=data,
        uri=uri,
        sha256=sha,
        extractor_version=steps.version,
        fetched_at=fetched_at,
        source_id=source_id,
        status=status,
        meta=meta,
        content_type=content_type,
        reader_kind=steps.kind(data, content_type, uri),
        latest=latest,
    )
    return IngestResult(uri, saved.snapshot_id, saved.new, saved.plans, saved.events, saved.figures)


def walk(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Files named, and the files under folders named (sorted, hidden ones skipped)."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for folder, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if not name.startswith("."):
                        yield Path(folder) / name
        else:
            yield path


@dataclass(frozen=True, slots=True)
class Target:
    """One document to ingest: a file (with the address and capture time it stands for) or a URL."""

    source: Path | str  # a file on disk, or an http(s) URL to fetch
    uri: str  # what the snapshot is filed under: the manifest's url, else the file's URI
    captured_at: dt.datetime | None = None  # None: now (or the fetch time of a URL)
    content_type: str | None = None


def targets(
    paths: Iterable[str | Path], captured_at: dt.datetime | None = None
) -> tuple[list[Target], list[tuple[str, str]]]:
    """The documents under `paths`, oldest capture first, and the folders refused (uri, reason).

    A folder's `manifest.csv` gives its files their address and capture time
    (see `sources.manifest`); `captured_at` dates every file the manifest
    does not. Captures are put in time order so that plan versions advance
    in the order they were seen.
    """
    from telcoradar.sources.files import content_type_of
    from telcoradar.sources.manifest import MANIFEST, Capture, read_manifest

    found: list[Target] = []
    refused: list[tuple[str, str]] = []
    for raw in paths:
        if is_url(raw):
            found.append(Target(str(raw), str(raw)))
            continue
        root = Path(raw)
        try:
            manifest = read_manifest(root) if root.is_dir() else {}
        except InputError as exc:
            refused.append((_uri(root), str(exc)))
            continue
        for path in walk([root]):
            if root.is_dir() and path.parent == root and path.name == MANIFEST:
                continue
            said = manifest.get(path.resolve(), Capture()) if manifest else Capture()
            when = said.captured_at or captured_at
            if said.url is not None:
                found.append(Target(path, said.url, when, content_type_of(path)))
            else:
                found.append(Target(path, _uri(path), when))
    later = dt.datetime.max.replace(tzinfo=dt.UTC)
    found.sort(key=lambda t: t.captured_at or later)
    return found, refused


Progress = Callable[[int, int, str, "IngestResult | None", "str | None"], None]


def ingest_paths(
    store: Store,
    paths: Iterable[str | Path],
    *,
    captured_at: dt.datetime | None = None,
    progress: Progress | None = None,
    max_bytes: int | None = None,
    steps: Steps | None = None,
    fetch: Fetch | None = None,
) -> IngestReport:
    """Ingest every file under `paths`; a document that fails is reported and the rest go on.

    http(s) URLs among `paths` are fetched with `fetch` (a sources.Fetcher's `fetch`).
    Files are dated `captured_at` (default: now) unless their folder's manifest says otherwise.
    `progress(done, total, uri, result, error)` is called after each document.
    """
    files, refused = targets(paths, captured_at)
    steps = steps or default_steps()
    limit = max_bytes or Settings.from_env().max_bytes
    report = IngestReport(errors=list(refused))
    for done, target in enumerate(files, start=1):
        path, uri = target.source, target.uri
        result: IngestResult | None = None
        error: str | None = None
        try:
            if isinstance(path, str):
                result = ingest_url(store, path, fetch, limit, steps)
            else:
                data = _read_file(path, limit)
                result = ingest_bytes(
                    store,
                    data,
                    uri,
                    content_type=target.content_type,
                    fetched_at=target.captured_at,
                    meta=None if uri == _uri(path) else {"file": path.name},
                    max_bytes=limit,
                    steps=steps,
                )
            report.results.append(result)
        except InputError as exc:  # named by the path the user gave, not the file:// URI
            error = f"{path}: {exc.problem}" if exc.source in (uri, _uri(path)) else str(exc)
        except Exception as exc:  # one bad document must not stop the others
            error = f"{path}: {type(exc).__name__}: {exc}"
        if error is not None:
            report.errors.append((uri, error))
        if progress is not None:
            progress(done, len(files), uri, result, error)
    return report


def is_url(target: str | Path) -> bool:
    return isinstance(target, str) and target.split("://", 1)[0].lower() in ("http", "https")


def _uri(path: Path | str) -> str:
    if isinstance(path, str):
        return path
    return path.resolve().as_uri() if path.exists() else str(path)


class Fetched(Protocol):
    """What a fetch brings back (sources.FetchResult has it)."""

    @property
    def status(self) -> int: ...
    @property
    def content(self) -> bytes | None: ...
    @property
    def content_type(self) -> str | None: ...
    @property
    def final_url(self) -> str: ...
    @property
    def fetched_at(self) -> dt.datetime: ...


Fetch = Callable[[str], Fetched]


def ingest_url(store: Store, url: str, fetch: Fetch | None, limit: int, steps: Steps | None) -> IngestResult:
    """Fetch one URL with `fetch` and ingest what it brings back; InputError when it brings nothing."""
    if fetch is None:
        raise InputError(url, "URLs need a fetcher")
    fetched = fetch(url)
    if fetched.content is None:
        raise InputError(url, f"no content (HTTP {fetched.status})")
    meta = {"final_url": fetched.final_url, "status": str(fetched.status)}
    return ingest_bytes(
        store,
        fetched.content,
        url,
        content_type=fetched.content_type,
        fetched_at=fetched.fetched_at,
        status=fetched.status,
        meta=meta,
        max_bytes=limit,
        steps=steps,
    )


def _read_file(path: Path, limit: int) -> bytes:
    if (not_file := address_not_file(str(path))) is not None:
        raise not_file
    try:
        size = path.stat().st_size
        if size > limit:
            raise InputError(str(path), too_large(size, limit))
        return path.read_bytes()
    except FileNotFoundError:
        raise InputError(str(path), "no such file") from None
    except IsADirectoryError:
        raise InputError(str(path), "is a folder") from None
    except PermissionError:
        raise InputError(str(path), "permission denied") from None


@dataclass
class ReextractReport:
    snapshots: int = 0
    plans: int = 0
    events: int = 0
    figures: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)


def reextract(
    store: Store,
    *,
    all_snapshots: bool = False,
    steps: Steps | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ReextractReport:
    """Run the extractors again over stored bytes, one transaction a snapshot.

    By default only snapshots made by another extractor version; every one with `all_snapshots`.
    """
    steps = steps or default_steps()
    with store.read() as session:
        ids = snapshot_ids(session, stale_for=None if all_snapshots else steps.version)
    report = ReextractReport()
    for done, snapshot_id in enumerate(ids, start=1):
        try:
            with store.write() as session:
                snapshot = session.get(SnapshotRow, snapshot_id)
                if snapshot is None:
                    continue
                data = blob_bytes(session, snapshot.sha256) or b""
                document = steps.read(data, snapshot.uri, snapshot.content_type, len(data) + 1)
                saved = replace_extraction(
                    session, snapshot, steps.extract(document), extractor_version=steps.version
                )
            report.snapshots += 1
            report.plans += saved.plans
            report.events += saved.events
            report.figures += saved.figures
        except InputError as exc:
            report.errors.append((snapshot_id, str(exc)))
        if progress is not None:
            progress(done, len(ids))
    return report
