"""Delivering: the demo and the briefing."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from telcoradar.cli.app import app
from telcoradar.cli.common import Lang, console, err_console, fail, open_db, usage
from telcoradar.errors import ConfigError


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
        usage(f"--lang: {lang!r} is not one of zh, en")
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

    from telcoradar.jobs.briefing import write_store_briefing

    if lang not in ("zh", "en"):
        usage(f"--lang: {lang!r} is not one of zh, en")
    try:
        day = dt.date.fromisoformat(since) if since else None
    except ValueError:
        usage(f"--since: {since!r} is not a date (YYYY-MM-DD)")
    with open_db() as store:
        try:
            path, _briefing = write_store_briefing(store, out, since=day, lang=lang)
        except ConfigError as exc:
            fail(str(exc))
    console.print(f"wrote {path}", markup=False, soft_wrap=True)
