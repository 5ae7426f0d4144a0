"""Collecting: sources, fetch, watch, ingest, reextract and the database schema."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Annotated

import typer

from telcoradar.cli.app import app
from telcoradar.cli.common import (
    AllowPrivate,
    Distributed,
    console,
    database_url,
    err_console,
    fail,
    open_db,
    settings,
    usage,
)
from telcoradar.errors import InputError

if TYPE_CHECKING:
    from telcoradar.jobs.fetching import FetchOutcome
    from telcoradar.sources import Fetcher

sources_app = typer.Typer(
    help="The sources telcoradar fetches: URLs, files and folders, each on a schedule.",
    no_args_is_help=True,
)
app.add_typer(sources_app, name="sources")


@sources_app.command("add")
def sources_add(
    target: Annotated[str, typer.Argument(help="A URL (http or https), a file or a folder.")],
    name: Annotated[str | None, typer.Option(help="A short name (default: the URL or path).")] = None,
    operator: Annotated[str | None, typer.Option(help="Its operator, e.g. china-mobile.")] = None,
    every: Annotated[str, typer.Option(help="How often to fetch it: 30m, 12h, 1d, 1w.")] = "1d",
) -> None:
    """Add a source to fetch on a schedule."""
    from telcoradar.jobs.fetching import register_source

    with open_db() as store:
        try:
            source = register_source(store, target, name=name, operator=operator, every=every)
        except InputError as exc:
            fail(str(exc))
    console.print(f"added source {source.id}: {source.name} ({source.kind}, every {every})", markup=False)


@sources_app.command("list")
def sources_list(
    as_json: Annotated[bool, typer.Option("--json", help="Print the sources as a JSON list.")] = False,
) -> None:
    """List the sources with their schedule and how their last fetch went."""
    from telcoradar.jobs.fetching import source_rows

    with open_db() as store:
        rows = source_rows(store)
    if as_json:
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
        return
    from rich.table import Table

    table = Table("id", "name", "kind", "every", "last fetch", "status")
    for r in rows:
        when = str(r["last_fetched_at"] or "")[:16].replace("T", " ")
        status = "failed" if r["last_error"] else str(r["last_status"] or ("ok" if when else ""))
        table.add_row(str(r["id"]), str(r["name"]), str(r["kind"]), str(r["every"]), when, status)
    console.print(table)
    for r in rows:
        if r["last_error"]:
            console.print(f"source {r['id']}: {r['last_error']}", markup=False, soft_wrap=True)


@sources_app.command("remove")
def sources_remove(key: Annotated[str, typer.Argument(help="The source's id, name or URI.")]) -> None:
    """Remove a source (its snapshots stay)."""
    from telcoradar.store.sources import remove_source

    with open_db() as store, store.write() as session:
        removed = remove_source(session, int(key) if key.isdigit() else key)
    if not removed:
        fail(f"{key}: no such source")
    console.print(f"removed source {key}", markup=False)


def _fetcher(allow_private: bool) -> Fetcher:
    from telcoradar.sources import Fetcher

    return Fetcher(allow_private=allow_private, max_bytes=settings().max_bytes)


def _say(outcome: FetchOutcome) -> None:
    console.print(outcome.summary(), markup=False, soft_wrap=True)


def _warn(message: str) -> None:
    err_console.print(f"warning: {message}", markup=False, highlight=False, soft_wrap=True)


@app.command()
def fetch(
    allow_private: AllowPrivate = False,
    everything: Annotated[bool, typer.Option("--all", help="Fetch every source now, due or not.")] = False,
    distributed: Distributed = False,
) -> None:
    """Fetch every source that is due and store what changed; a failing source never stops the others."""
    from telcoradar.jobs.runners import RUNNERS, FetchDue

    work = FetchDue(everything=everything, allow_private=allow_private, progress=_say)
    with open_db() as store:
        report = RUNNERS["celery" if distributed else "local"](store, work)
    console.print(report.summary, markup=False)
    if report.failed:
        raise typer.Exit(1)


@app.command()
def watch(
    interval: Annotated[float, typer.Option(help="Check the schedule at least this often (seconds).")] = 60.0,
    allow_private: AllowPrivate = False,
) -> None:
    """Keep fetching sources as they fall due, in the foreground, until Ctrl-C."""
    from telcoradar.jobs.fetching import watch as run_watch

    with open_db() as store, _fetcher(allow_private) as fetcher:
        try:
            run_watch(store, fetcher, interval=interval, progress=_say, warn=_warn)
        except KeyboardInterrupt:
            console.print("stopped", markup=False)


db_app = typer.Typer(help="The database: its schema and migrations.", no_args_is_help=True)
app.add_typer(db_app, name="db")


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Create the database, or migrate it to the newest schema (Alembic migrations)."""
    from telcoradar.store import upgrade

    console.print(f"database at schema revision {upgrade(database_url())}", markup=False)


@app.command()
def ingest(
    paths: Annotated[list[str], typer.Argument(help="Files, folders (walked) or http(s) URLs.")],
    captured_at: Annotated[
        str | None,
        typer.Option(
            "--captured-at",
            help="When the files were captured (YYYY-MM-DD or ISO date-time; default: now). "
            "A folder's manifest.csv (file, url, captured_at) dates its files one by one.",
        ),
    ] = None,
    allow_private: AllowPrivate = False,
    distributed: Distributed = False,
) -> None:
    """Read, extract and store documents, one transaction each; the same bytes twice add nothing."""
    from telcoradar.jobs.runners import RUNNERS, Ingest
    from telcoradar.sources.manifest import capture_time

    try:
        when = capture_time(captured_at) if captured_at is not None else None
    except InputError as exc:
        usage(str(exc))
    with open_db() as store, _ingest_progress() as progress:
        work = Ingest(paths, when, allow_private=allow_private, progress=progress, staging=progress)
        report = RUNNERS["celery" if distributed else "local"](store, work)
    console.print(report.summary, markup=False)
    for error in report.errors:
        err_console.print(f"error: {error}", markup=False, highlight=False, soft_wrap=True)
    if report.failed:
        raise typer.Exit(1)


@contextmanager
def _ingest_progress() -> Iterator[Callable[..., None]]:
    """A Rich progress bar fed by ingest_paths' progress callback (silent when not a terminal)."""
    from rich.progress import Progress

    with Progress(console=err_console, transient=True, disable=not err_console.is_terminal) as bar:
        task = bar.add_task("ingesting", total=None)
        yield lambda done, total, *_: bar.update(task, completed=done, total=total)


@app.command()
def reextract(
    everything: Annotated[
        bool, typer.Option("--all", help="Every snapshot, not only older extractions.")
    ] = False,
) -> None:
    """Run the extractors again over stored snapshots made by an older extractor version."""
    from telcoradar.jobs.pipeline import reextract as run_reextract

    with open_db() as store:
        report = run_reextract(store, all_snapshots=everything)
    console.print(
        f"{report.snapshots} snapshots re-extracted: {report.plans} plans, {report.events} events, "
        f"{report.figures} figures; {len(report.errors)} failed",
        markup=False,
    )
    for snapshot_id, error in report.errors:
        err_console.print(f"error: snapshot {snapshot_id}: {error}", markup=False, soft_wrap=True)
    if report.errors:
        raise typer.Exit(1)
