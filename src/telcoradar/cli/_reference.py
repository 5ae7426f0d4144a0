"""The command-line reference (`docs/cli.md`), written from the Typer app itself.

`python -m telcoradar.cli._reference docs/cli.md` rewrites the page; a test
fails when the page and the app differ, so a new command or option is
documented by construction.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import typer.main

HEADER = """# Command-line reference

Generated from the `telcoradar` command itself (`make docs` rewrites this page).
Every command also prints its help with `--help`. The exit code is 0 when done, 1 when an input
could not be used (a one-line reason on stderr, nothing half-written) and 2 on wrong usage.
"""


# Typer carries its own copy of Click, so commands and parameters are told apart by what they have.
Command = Any


def _is_option(param: Any) -> bool:
    return getattr(param, "param_type_name", "") == "option"


def _is_argument(param: Any) -> bool:
    return getattr(param, "param_type_name", "") == "argument"


def _commands(group: Command, prefix: str = "") -> list[tuple[str, Command]]:
    found: list[tuple[str, Command]] = []
    if hasattr(group, "commands"):
        for name in group.commands:  # in the order they were registered
            sub = group.commands[name]
            if sub.hidden:
                continue
            found.extend(_commands(sub, f"{prefix} {name}".strip()))
    else:
        found.append((prefix, group))
    return found


def _usage(name: str, command: Command) -> str:
    pieces = [f"telcoradar {name}"]
    for param in command.params:
        if _is_argument(param):
            metavar = (param.name or "").upper() + ("..." if param.nargs == -1 else "")
            pieces.append(metavar if param.required else f"[{metavar}]")
    if any(_is_option(p) for p in command.params):
        pieces.append("[OPTIONS]")
    return " ".join(pieces)


def _default(param: Any) -> str:
    value: Any = param.default
    if value is None or value is False or callable(value) or getattr(param, "is_flag", False):
        return ""
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value) if value else ""
    return str(value)


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _option_rows(command: Command) -> list[str]:
    rows = []
    for param in command.params:
        if not _is_option(param) or param.hidden:
            continue
        names = ", ".join(f"`{opt}`" for opt in (*param.opts, *param.secondary_opts))
        if not param.is_flag:
            names += f" {param.metavar or (param.name or '').upper()}"
        if param.multiple:
            names += " (repeatable)"
        default = _default(param)
        rows.append(
            f"| {names} | {_cell(param.help or '')} | {f'`{_cell(default)}`' if default else ''} |"
        )
    return rows


def _argument_rows(command: Command) -> list[str]:
    rows = []
    for param in command.params:
        if _is_argument(param):
            text = getattr(param, "help", None) or ""
            rows.append(f"| `{(param.name or '').upper()}` | {_cell(text)} |")
    return rows


def markdown() -> str:
    """The reference page for every command of the app, in the order `--help` lists them."""
    from telcoradar.cli import app

    root = typer.main.get_command(app)
    out = [HEADER, "## Global options", "", "| option | meaning | default |", "|---|---|---|"]
    out += _option_rows(root)
    for name, command in _commands(root):
        out += ["", f"## `telcoradar {name}`", "", (command.help or "").strip(), ""]
        out += ["```", _usage(name, command), "```"]
        arguments = _argument_rows(command)
        if arguments:
            out += ["", "| argument | meaning |", "|---|---|", *arguments]
        options = _option_rows(command)
        if options:
            out += ["", "| option | meaning | default |", "|---|---|---|", *options]
    return "\n".join(out).rstrip() + "\n"


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else None
    if target is None:
        sys.stdout.write(markdown())
    else:
        target.write_text(markdown(), encoding="utf-8")
