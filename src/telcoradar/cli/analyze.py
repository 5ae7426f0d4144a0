"""Comparing: baskets, hedonic prices, moves, the value frontier and strategy by domain."""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING, Annotated

import typer

from telcoradar.cli.app import app
from telcoradar.cli.common import (
    AsJson,
    AtDate,
    OutFile,
    Region,
    TableFormat,
    console,
    known,
    open_db,
    show_table,
    usage,
)

if TYPE_CHECKING:
    from telcoradar.analysis.baskets import Comparison
    from telcoradar.analysis.hedonic import HedonicResult


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
        usage("give either --basket NAME or --days N (with --gb, --minutes)")
    wanted = basket if basket is not None else need(days or 0, gb, minutes, intl_minutes)
    with Radar(open_db()) as radar:
        found = radar.comparison(wanted, region=region, at=at, currency=currency)
    options = found.options
    if as_json and not (fmt or out):
        sys.stdout.write(json.dumps([o.to_dict() for o in options], ensure_ascii=False, indent=2) + "\n")
        return
    show_table(f"Cheapest options ({len(options)})", [o.row() for o in options], fmt, out, as_json)
    if not (fmt or out or as_json):
        for line in comparison_notes(found):
            console.print(line, markup=False, soft_wrap=True)


def comparison_notes(found: Comparison, shown: int = 8) -> list[str]:
    """What a comparison leaves out, in words: the trials and the plans that cannot be compared."""
    lines = []
    if found.trials:
        names = [f"{p.operator} {p.region or ''} {p.name} {p.price} {p.currency}" for p in found.trials]
        more = f" (and {len(names) - shown} more)" if len(names) > shown else ""
        lines.append(
            "also free or once per customer for new arrivals, not counted: " + "; ".join(names[:shown]) + more
        )
    if found.not_comparable:
        names = [
            f"{u.plan.operator} {u.plan.region or ''} {u.plan.name} {u.plan.period_days}d ({u.reason})"
            for u in found.not_comparable
        ]
        more = f" (and {len(names) - shown} more)" if len(names) > shown else ""
        lines.append("not comparable, allowance not stated: " + "; ".join(names[:shown]) + more)
    return lines


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
    from telcoradar.model import to_json

    with Radar(open_db()) as radar:
        result = radar.hedonic(region=region, by_region=by_region, at=at)
    if as_json and not (fmt or out):
        body = {**result.summary(), "estimates": result.rows()}
        sys.stdout.write(json.dumps(to_json(body), ensure_ascii=False, indent=2) + "\n")
        return
    title = f"Hedonic regression: {result.n} plans, R² {result.r_squared:.2f}, {result.currency}"
    show_table(title, result.rows(), fmt, out, as_json)
    if not (fmt or out):
        for line in hedonic_notes(result):
            console.print(line, markup=False, soft_wrap=True)


def hedonic_notes(result: HedonicResult) -> list[str]:
    """The sample and the verdict in words: what was left out and why, and whether to trust it."""
    lines = []
    if result.excluded:
        told = ", ".join(f"{count} ({reason})" for reason, count in result.excluded.items())
        lines.append(f"left out: {told}")
    if not result.reliable:
        lines.append("not reliable: " + "; ".join(result.reasons))
    return lines


@app.command()
def moves(
    since: Annotated[
        str | None,
        typer.Option(
            help="Changes from this date on (default: the day after the capture before the latest)."
        ),
    ] = None,
    until: Annotated[str | None, typer.Option(help="Changes before this date (default: now).")] = None,
    region: Region = None,
    lags: Annotated[bool, typer.Option("--lags", help="Show rivals' response lags.")] = False,
    as_json: AsJson = False,
    fmt: TableFormat = None,
    out: OutFile = None,
) -> None:
    """New, withdrawn and changed plans since a date, largest change first."""
    from telcoradar.api import Radar
    from telcoradar.jobs.briefing import default_since

    if since is None:
        with open_db() as store, store.read() as session:
            day = default_since(session)
        if day is None:
            usage("--since: fewer than two captures are stored, so there is no earlier one to start from")
        since = day.isoformat()
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
    operator: Annotated[
        list[str] | None,
        typer.Option(help="Only these operators: ids, names or aliases (repeatable; default: all stored)."),
    ] = None,
    market: Annotated[str | None, typer.Option(help="Only operators of this market, e.g. CN or HK.")] = None,
    as_json: AsJson = False,
    fmt: TableFormat = None,
    out: OutFile = None,
) -> None:
    """Operators side by side per domain: moves, latest move, partners (default: every operator stored)."""
    from telcoradar.api import Radar
    from telcoradar.errors import InputError
    from telcoradar.model import DOMAINS

    for name in domain or ():
        known("--domain", name, DOMAINS)
    with Radar(open_db()) as radar:
        try:
            table = radar.strategy(since=since, domains=domain, operators=operator, market=market)
        except InputError as exc:
            usage(str(exc))
    show_table("Strategy by domain", table, fmt, out, as_json)
