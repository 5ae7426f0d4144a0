"""The `telcoradar` command: a thin face over jobs/, analysis/ and report/."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.console import Console

from telcoradar.config import Settings
from telcoradar.errors import ConfigError, InputError

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


def main() -> None:
    try:
        app()
    except (InputError, ConfigError) as exc:
        err_console.print(f"error: {exc}", markup=False, highlight=False)
        sys.exit(1)
