"""The Typer application and its global options; the command modules register on it."""

from __future__ import annotations

from typing import Annotated

import typer

from telcoradar.cli.common import DB_OVERRIDE, console

app = typer.Typer(
    name="telcoradar",
    help="Telecom competition intelligence: tariffs, moves and market figures, with evidence.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


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
