"""Looking: what one document says, and what the store holds (plans, events, figures)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from telcoradar.cli.app import app
from telcoradar.cli.common import (
    AsJson,
    OutFile,
    Region,
    TableFormat,
    console,
    fail,
    known,
    open_db,
    operator_id,
    settings,
    show_table,
    usage,
)
from telcoradar.errors import InputError


@app.command()
def extract(
    path: Annotated[Path, typer.Argument(help="A document: HTML, Markdown, text, PDF, CSV or XLSX.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the extraction as one JSON object.")] = False,
    max_bytes: Annotated[int | None, typer.Option(help="Refuse documents larger than this.")] = None,
    url: Annotated[
        str | None,
        typer.Option("--url", help="The address the document was captured from (operator, market, date)."),
    ] = None,
) -> None:
    """Extract tariff plans, competitor moves and market figures from one document."""
    from telcoradar.extract import extract as run_extract
    from telcoradar.model import to_json
    from telcoradar.read import read_path, with_url

    try:
        document = read_path(path, max_bytes=max_bytes or settings().max_bytes)
        if url is not None:
            document = with_url(document, url)
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


@app.command()
def plans(
    operator: Annotated[
        str | None, typer.Option(help="Only this operator, e.g. china-mobile.", callback=operator_id)
    ] = None,
    region: Region = None,
    at: Annotated[str | None, typer.Option("--at", help="Plans valid on this day (UTC).")] = None,
    as_json: AsJson = False,
    fmt: TableFormat = None,
    out: OutFile = None,
) -> None:
    """The plan versions valid at a date (default: the current ones), from the store's history."""
    from telcoradar.store.read import instant, plan_versions_at
    from telcoradar.store.records import plan_record
    from telcoradar.views import PLAN_COLUMNS, narrow

    try:
        when = instant(at) if at else None
    except ValueError:
        usage(f"--at: {at!r} is not a date (YYYY-MM-DD)")
    with open_db() as store, store.read() as session:
        rows = [plan_record(v) for v in plan_versions_at(session, when, operator=operator, region=region)]
    whole = as_json or fmt or out  # files and JSON carry every field; the screen a few
    show_table(f"Plans ({len(rows)})", rows if whole else narrow(rows, PLAN_COLUMNS), fmt, out, as_json)


@app.command()
def events(
    domain: Annotated[str | None, typer.Option(help="Only this domain, e.g. quantum, short_drama.")] = None,
    operator: Annotated[
        str | None, typer.Option(help="Only moves naming this operator.", callback=operator_id)
    ] = None,
    since: Annotated[str | None, typer.Option(help="Moves dated from this day on (YYYY-MM-DD).")] = None,
    as_json: AsJson = False,
    fmt: TableFormat = None,
    out: OutFile = None,
) -> None:
    """Competitor moves in the store, newest first, each once however many documents reported it."""
    import datetime as dt

    from telcoradar.model import DOMAINS
    from telcoradar.store.facts import list_events, mention_counts
    from telcoradar.store.records import event_record
    from telcoradar.views import EVENT_COLUMNS, narrow

    known("--domain", domain, DOMAINS)
    try:
        day = dt.date.fromisoformat(since) if since else None
    except ValueError:
        usage(f"--since: {since!r} is not a date (YYYY-MM-DD)")
    with open_db() as store, store.read() as session:
        found = list_events(session, domain=domain, operator=operator, since=day)
        counts = mention_counts(session, [e.id for e in found])
        rows = [event_record(e, counts.get(e.id, 0)) for e in found]
    whole = as_json or fmt or out  # files and JSON carry every field; the screen a few
    show_table(f"Events ({len(rows)})", rows if whole else narrow(rows, EVENT_COLUMNS), fmt, out, as_json)


@app.command()
def figures(
    measure: Annotated[str | None, typer.Option(help="Only measures containing this text.")] = None,
    as_json: AsJson = False,
    fmt: TableFormat = None,
    out: OutFile = None,
) -> None:
    """Market figures in the store (sizes, users, growth), with the quote each came from."""
    from telcoradar.store.facts import list_figures
    from telcoradar.store.records import figure_record
    from telcoradar.views import FIGURE_COLUMNS, narrow

    with open_db() as store, store.read() as session:
        rows = [figure_record(f) for f in list_figures(session, measure=measure)]
    shown = rows if as_json or fmt or out else narrow(rows, FIGURE_COLUMNS)
    show_table(f"Figures ({len(rows)})", shown, fmt, out, as_json)
