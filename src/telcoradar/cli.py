"""The `telcoradar` command: a thin face over jobs/, analysis/ and report/."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer
from rich.console import Console

from telcoradar.config import Settings
from telcoradar.errors import ConfigError, InputError

if TYPE_CHECKING:
    from telcoradar.jobs.fetching import FetchOutcome
    from telcoradar.sources import Fetcher
    from telcoradar.store import Store

app = typer.Typer(
    name="telcoradar",
    help="Telecom competition intelligence: tariffs, moves and market figures, with evidence.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
console = Console()
err_console = Console(stderr=True)


def fail(message: str) -> NoReturn:
    """Exit 1 with a one-line reason on stderr."""
    err_console.print(f"error: {message}", markup=False, highlight=False, soft_wrap=True)
    raise typer.Exit(1)


def settings() -> Settings:
    return Settings.from_env()


def open_db() -> Store:
    """The store at TELCORADAR_DATABASE_URL (created at the newest schema when new)."""
    from telcoradar.store import open_store

    return open_store(settings().database_url)


def _print_version(value: bool) -> None:
    if value:
        from telcoradar import __version__

        console.print(f"telcoradar {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_print_version, is_eager=True, help="Print the version and exit."),
    ] = False,
) -> None:
    """Telecom competition intelligence: tariffs, moves and market figures, with evidence."""


@app.command()
def extract(
    path: Annotated[Path, typer.Argument(help="A document: HTML, Markdown, text, PDF, CSV or XLSX.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the extraction as one JSON object.")] = False,
    max_bytes: Annotated[int | None, typer.Option(help="Refuse documents larger than this.")] = None,
) -> None:
    """Extract tariff plans, competitor moves and market figures from one document."""
    from telcoradar.extract import extract as run_extract
    from telcoradar.model import to_json
    from telcoradar.read import read_path

    try:
        document = read_path(path, max_bytes=max_bytes or settings().max_bytes)
    except InputError as exc:
        fail(str(exc))
    extraction = run_extract(document)
    if as_json:
        payload = {
            "document": to_json(extraction.document),
            "plans": to_json(extraction.plans),
            "events": to_json(extraction.events),
            "figures": to_json(extraction.figures),
        }
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
        return
    from telcoradar.views import print_extraction

    print_extraction(console, extraction)


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
        source = register_source(store, target, name=name, operator=operator, every=every)
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


AllowPrivate = Annotated[
    bool,
    typer.Option("--allow-private", help="Fetch private, loopback and link-local addresses too."),
]


@app.command()
def fetch(allow_private: AllowPrivate = False) -> None:
    """Fetch every source that is due and store what changed; a failing source never stops the others."""
    from telcoradar.jobs.fetching import fetch_due

    with open_db() as store, _fetcher(allow_private) as fetcher:
        report = fetch_due(store, fetcher, progress=_say)
    console.print(
        f"{len(report.outcomes)} due, {report.count('new')} changed, "
        f"{report.count('unchanged')} unchanged, {report.count('error')} failed",
        markup=False,
    )
    if report.count("error"):
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
            run_watch(store, fetcher, interval=interval, progress=_say)
        except KeyboardInterrupt:
            console.print("stopped", markup=False)


def main() -> None:
    try:
        app()
    except (InputError, ConfigError) as exc:
        err_console.print(f"error: {exc}", markup=False, highlight=False)
        sys.exit(1)
