"""What every command shares: the consoles, the one-line failure, the store to open, option types."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer
from rich.console import Console

from telcoradar.config import Settings

if TYPE_CHECKING:
    from telcoradar.store import Store

console = Console()
err_console = Console(stderr=True)


def fail(message: str) -> NoReturn:
    """Exit 1 with a one-line reason on stderr."""
    err_console.print(f"error: {message}", markup=False, highlight=False, soft_wrap=True)
    raise typer.Exit(1)


def usage(message: str) -> NoReturn:
    """Exit 2 (wrong usage) with a one-line reason on stderr."""
    err_console.print(f"error: {message}", markup=False, highlight=False, soft_wrap=True)
    raise typer.Exit(2)


def known(option: str, value: str | None, choices: Sequence[str]) -> None:
    """Wrong usage unless `value` is one of `choices` (or not given); the message lists them."""
    if value is not None and value not in choices:
        usage(f"{option}: {value!r} is not one of {', '.join(choices)}")


def settings() -> Settings:
    return Settings.from_env()


DB_OVERRIDE: dict[str, str] = {}  # set by the global --db option


def database_url() -> str:
    return DB_OVERRIDE.get("url") or settings().database_url


def open_db() -> Store:
    """The store at --db or TELCORADAR_DATABASE_URL (created at the newest schema when new)."""
    from telcoradar.store import open_store

    return open_store(database_url())


AllowPrivate = Annotated[
    bool,
    typer.Option("--allow-private", help="Fetch private, loopback and link-local addresses too."),
]


Distributed = Annotated[
    bool,
    typer.Option("--distributed", help="Queue the work for `telcoradar worker` processes instead."),
]


Lang = Annotated[str, typer.Option("--lang", help="Language of the briefing: zh or en.")]


TableFormat = Annotated[
    str | None, typer.Option("--format", help="Write the table as csv, xlsx or parquet (with --out).")
]
OutFile = Annotated[Path | None, typer.Option("--out", help="The file to write the table to.")]
AsJson = Annotated[bool, typer.Option("--json", help="Print the result as JSON.")]
def region_name(value: str | None) -> str | None:
    """A --region as the store names it: "Shanghai", "上海市" -> "上海" (a name it does not know as given)."""
    if not value:
        return value
    from telcoradar.extract.operators import canonical_region

    return canonical_region(value) or value


def operator_id(value: str | None) -> str | None:
    """An --operator as the store names it: an id, or a name or alias the extractor reads
    ("中国移动", "China Mobile" -> china-mobile); wrong usage when it is none of them."""
    if not value:
        return value
    from telcoradar.extract.operators import known_operators, resolve_operator

    known = known_operators()
    if value in known:
        return value
    found = resolve_operator(value)
    if found is None:
        shown = ", ".join(known[:6])
        usage(f"--operator: {value!r} is no operator the registry knows (ids such as {shown} ...)")
    return found.operator


Region = Annotated[str | None, typer.Option(help="Only this region, e.g. 上海.", callback=region_name)]
AtDate = Annotated[str | None, typer.Option("--at", help="Plans on offer at this date (default: now).")]


def show_table(title: str, data: Any, fmt: str | None, out: Path | None, as_json: bool) -> None:
    """A table (rows or a DataFrame) to the screen, as JSON, or to a CSV/XLSX/Parquet file."""
    from telcoradar.analysis.export import export, plain_rows
    from telcoradar.model import to_json

    rows = plain_rows(data)
    if fmt or out:
        if out is None:
            usage("--format needs --out FILE")
        console.print(f"wrote {len(rows)} rows to {export(rows, out, fmt)}", markup=False)
    elif as_json:
        sys.stdout.write(json.dumps(to_json(rows), ensure_ascii=False, indent=2) + "\n")
    elif not rows:
        console.print(f"{title}: nothing matches", markup=False)
    else:
        from telcoradar.views import table

        columns = [c for c in (rows[0] if rows else {}) if c not in ("quote", "snapshot")]
        cells = ([round(v, 3) if isinstance(v, float) else v for v in map(row.get, columns)] for row in rows)
        console.print(table(title, columns, cells))
