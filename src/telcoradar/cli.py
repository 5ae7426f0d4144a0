"""The `telcoradar` command: a thin face over jobs/, analysis/ and report/."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer
from rich.console import Console

from telcoradar import cli_alerts, cli_scale, cli_web
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


DB_OVERRIDE: dict[str, str] = {}  # set by the global --db option


def database_url() -> str:
    return DB_OVERRIDE.get("url") or settings().database_url


def open_db() -> Store:
    """The store at --db or TELCORADAR_DATABASE_URL (created at the newest schema when new)."""
    from telcoradar.store import open_store

    return open_store(database_url())


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
    db: Annotated[
        str | None,
        typer.Option("--db", metavar="URL", help="Database URL (overrides TELCORADAR_DATABASE_URL)."),
    ] = None,
) -> None:
    """Telecom competition intelligence: tariffs, moves and market figures, with evidence."""
    DB_OVERRIDE.pop("url", None)
    if db:
        DB_OVERRIDE["url"] = db


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


AllowPrivate = Annotated[
    bool,
    typer.Option("--allow-private", help="Fetch private, loopback and link-local addresses too."),
]


Distributed = Annotated[
    bool,
    typer.Option("--distributed", help="Queue the work for `telcoradar worker` processes instead."),
]


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
            run_watch(store, fetcher, interval=interval, progress=_say)
        except KeyboardInterrupt:
            console.print("stopped", markup=False)


Lang = Annotated[str, typer.Option("--lang", help="Language of the briefing: zh or en.")]


@app.command()
def demo(
    out: Annotated[Path, typer.Option("--out", help="Folder for the demo database and briefing.")] = Path(
        "demo-output"
    ),
    lang: Lang = "zh",
    pdf: Annotated[
        bool, typer.Option("--pdf/--no-pdf", help="Also write briefing.pdf (needs WeasyPrint).")
    ] = True,
) -> None:
    """Ingest the bundled demo corpus into a fresh SQLite file and write a briefing from it."""
    from telcoradar.jobs.demo import run_demo

    if lang not in ("zh", "en"):
        fail(f"--lang: {lang!r} is not one of zh, en")
    result = run_demo(out, lang=lang, pdf=pdf)
    console.print(
        f"ingested {result.ingested} documents into {result.database}", markup=False, soft_wrap=True
    )
    for uri, reason in result.errors:
        err_console.print(f"skipped {uri}: {reason}", markup=False, soft_wrap=True)
    for path in result.outputs:
        console.print(f"wrote {path}", markup=False, soft_wrap=True)
    for note in result.skipped:
        console.print(f"not written {note}", markup=False, soft_wrap=True)
    for n, finding in enumerate(result.findings, start=1):
        console.print(f"{n}. {finding}", markup=False, soft_wrap=True)


@app.command()
def brief(
    since: Annotated[
        str | None, typer.Option("--since", help="Report moves from this day on (YYYY-MM-DD).")
    ] = None,
    lang: Lang = "zh",
    out: Annotated[Path, typer.Option("--out", help="Where to write: .html, .md or .pdf.")] = Path(
        "briefing.html"
    ),
) -> None:
    """Write a competition briefing from the store: moves, tariffs, baskets, premiums, figures, evidence."""
    import datetime as dt

    from telcoradar.report import write_store_briefing

    if lang not in ("zh", "en"):
        fail(f"--lang: {lang!r} is not one of zh, en")
    try:
        day = dt.date.fromisoformat(since) if since else None
    except ValueError:
        fail(f"--since: {since!r} is not a date (YYYY-MM-DD)")
    with open_db() as store:
        try:
            path, _briefing = write_store_briefing(store, out, since=day, lang=lang)
        except ConfigError as exc:
            fail(str(exc))
    console.print(f"wrote {path}", markup=False, soft_wrap=True)


TableFormat = Annotated[
    str | None, typer.Option("--format", help="Write the table as csv, xlsx or parquet (with --out).")
]
OutFile = Annotated[Path | None, typer.Option("--out", help="The file to write the table to.")]
AsJson = Annotated[bool, typer.Option("--json", help="Print the result as JSON.")]
Region = Annotated[str | None, typer.Option(help="Only this region, e.g. 上海.")]
AtDate = Annotated[str | None, typer.Option("--at", help="Plans on offer at this date (default: now).")]


def show_table(title: str, data: Any, fmt: str | None, out: Path | None, as_json: bool) -> None:
    """A table (rows or a DataFrame) to the screen, as JSON, or to a CSV/XLSX/Parquet file."""
    from telcoradar.analysis.export import export, plain_rows
    from telcoradar.model import to_json

    rows = plain_rows(data)
    if fmt or out:
        if out is None:
            fail("--format needs --out FILE")
        console.print(f"wrote {len(rows)} rows to {export(rows, out, fmt)}", markup=False)
    elif as_json:
        sys.stdout.write(json.dumps(to_json(rows), ensure_ascii=False, indent=2) + "\n")
    else:
        from telcoradar.views import table

        columns = [c for c in (rows[0] if rows else {}) if c not in ("quote", "snapshot")]
        cells = ([round(v, 3) if isinstance(v, float) else v for v in map(row.get, columns)] for row in rows)
        console.print(table(title, columns, cells))


@app.command()
def compare(
    basket: Annotated[str | None, typer.Option(help="A basket, e.g. visitor-7d-light.")] = None,
    days: Annotated[int | None, typer.Option(help="Days to cover (instead of a basket).")] = None,
    gb: Annotated[float, typer.Option(help="GB of data needed.")] = 0,
    minutes: Annotated[int, typer.Option(help="Domestic minutes needed.")] = 0,
    intl_minutes: Annotated[int, typer.Option(help="International minutes needed.")] = 0,
    region: Region = None,
    at: AtDate = None,
    currency: Annotated[str | None, typer.Option(help="Compare in this currency.")] = None,
    as_json: AsJson = False,
    fmt: TableFormat = None,
    out: OutFile = None,
) -> None:
    """The cheapest way each operator covers a basket or a stay, cheapest first."""
    from telcoradar.analysis.baskets import need
    from telcoradar.api import Radar

    if (basket is None) == (days is None):
        fail("give either --basket NAME or --days N (with --gb, --minutes)")
    wanted = basket if basket is not None else need(days or 0, gb, minutes, intl_minutes)
    with Radar(open_db()) as radar:
        options = radar.options(wanted, region=region, at=at, currency=currency)
    if as_json and not (fmt or out):
        sys.stdout.write(json.dumps([o.to_dict() for o in options], ensure_ascii=False, indent=2) + "\n")
        return
    show_table(f"Cheapest options ({len(options)})", [o.row() for o in options], fmt, out, as_json)


@app.command()
def hedonic(
    region: Region = None,
    by_region: Annotated[bool, typer.Option("--by-region", help="Add region effects to the model.")] = False,
    at: AtDate = None,
    as_json: AsJson = False,
    fmt: TableFormat = None,
    out: OutFile = None,
) -> None:
    """Implicit prices of a GB, a minute and a day, and each operator's premium (hedonic regression)."""
    from telcoradar.api import Radar

    with Radar(open_db()) as radar:
        result = radar.hedonic(region=region, by_region=by_region, at=at)
    title = f"Hedonic regression: {result.n} plans, R² {result.r_squared:.2f}, {result.currency}"
    show_table(title, result.rows(), fmt, out, as_json)


@app.command()
def moves(
    since: Annotated[str, typer.Option(help="Changes from this date on (YYYY-MM-DD).")],
    until: Annotated[str | None, typer.Option(help="Changes before this date (default: now).")] = None,
    region: Region = None,
    lags: Annotated[bool, typer.Option("--lags", help="Show rivals' response lags.")] = False,
    as_json: AsJson = False,
    fmt: TableFormat = None,
    out: OutFile = None,
) -> None:
    """New, withdrawn and changed plans since a date, largest change first."""
    from telcoradar.api import Radar

    with Radar(open_db()) as radar:
        table = radar.lags(since, until, region=region) if lags else radar.moves(since, until, region=region)
    show_table("Response lags" if lags else "Moves", table, fmt, out, as_json)


@app.command()
def frontier(
    region: Region = None,
    by_region: Annotated[bool, typer.Option("--by-region", help="One frontier per region.")] = False,
    at: AtDate = None,
    as_json: AsJson = False,
    fmt: TableFormat = None,
    out: OutFile = None,
) -> None:
    """The plans no other plan beats on price, data and minutes, per validity band."""
    from telcoradar.api import Radar

    with Radar(open_db()) as radar:
        table = radar.frontier(region=region, by_region=by_region, at=at)
    show_table("Value frontier", table, fmt, out, as_json)


@app.command()
def strategy(
    since: Annotated[str | None, typer.Option(help="Events from this date on (YYYY-MM-DD).")] = None,
    domain: Annotated[list[str] | None, typer.Option(help="Only these domains (repeatable).")] = None,
    as_json: AsJson = False,
    fmt: TableFormat = None,
    out: OutFile = None,
) -> None:
    """The three mainland operators side by side per domain: moves, latest move, partners."""
    from telcoradar.api import Radar

    with Radar(open_db()) as radar:
        table = radar.strategy(since=since, domains=domain)
    show_table("Strategy by domain", table, fmt, out, as_json)


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
    allow_private: AllowPrivate = False,
    distributed: Distributed = False,
) -> None:
    """Read, extract and store documents, one transaction each; the same bytes twice add nothing."""
    from telcoradar.jobs.runners import RUNNERS, Ingest

    with open_db() as store, _ingest_progress() as progress:
        work = Ingest(paths, allow_private=allow_private, progress=progress, staging=progress)
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


@app.command()
def plans(
    operator: Annotated[str | None, typer.Option(help="Only this operator, e.g. china-mobile.")] = None,
    region: Region = None,
    at: Annotated[str | None, typer.Option("--at", help="Plans valid on this day (UTC).")] = None,
    as_json: AsJson = False,
) -> None:
    """The plan versions valid at a date (default: the current ones), from the store's history."""
    from telcoradar.store.plans import plans_at
    from telcoradar.store.rows import PLAN_COLUMNS, instant, narrow, version_row

    try:
        when = instant(at) if at else None
    except ValueError:
        fail(f"--at: {at!r} is not a date (YYYY-MM-DD)")
    with open_db() as store, store.read() as session:
        rows = [version_row(v) for v in plans_at(session, when, operator=operator, region=region)]
    show_table(f"Plans ({len(rows)})", rows if as_json else narrow(rows, PLAN_COLUMNS), None, None, as_json)


@app.command()
def events(
    domain: Annotated[str | None, typer.Option(help="Only this domain, e.g. quantum, short_drama.")] = None,
    operator: Annotated[str | None, typer.Option(help="Only moves naming this operator.")] = None,
    since: Annotated[str | None, typer.Option(help="Moves dated from this day on (YYYY-MM-DD).")] = None,
    as_json: AsJson = False,
) -> None:
    """Competitor moves in the store, newest first, each once however many documents reported it."""
    import datetime as dt

    from telcoradar.store.facts import list_events, mention_counts
    from telcoradar.store.rows import EVENT_COLUMNS, event_row, narrow

    try:
        day = dt.date.fromisoformat(since) if since else None
    except ValueError:
        fail(f"--since: {since!r} is not a date (YYYY-MM-DD)")
    with open_db() as store, store.read() as session:
        found = list_events(session, domain=domain, operator=operator, since=day)
        counts = mention_counts(session, [e.id for e in found])
        rows = [event_row(e, counts.get(e.id, 0)) for e in found]
    show_table(f"Events ({len(rows)})", rows if as_json else narrow(rows, EVENT_COLUMNS), None, None, as_json)


@app.command()
def figures(
    measure: Annotated[str | None, typer.Option(help="Only measures containing this text.")] = None,
    as_json: AsJson = False,
) -> None:
    """Market figures in the store (sizes, users, growth), with the quote each came from."""
    from telcoradar.store.facts import list_figures
    from telcoradar.store.rows import FIGURE_COLUMNS, figure_row, narrow

    with open_db() as store, store.read() as session:
        rows = [figure_row(f) for f in list_figures(session, measure=measure)]
    shown = rows if as_json else narrow(rows, FIGURE_COLUMNS)
    show_table(f"Figures ({len(rows)})", shown, None, None, as_json)


app.add_typer(cli_alerts.alerts_app, name="alerts")
app.add_typer(cli_web.users_app, name="users")
app.add_typer(cli_web.tokens_app, name="tokens")
app.command()(cli_web.serve)
app.command()(cli_scale.worker)
app.command()(cli_scale.beat)
app.command()(cli_scale.failed)


def main() -> None:
    try:
        app()
    except (InputError, ConfigError) as exc:
        err_console.print(f"error: {exc}", markup=False, highlight=False)
        sys.exit(1)
