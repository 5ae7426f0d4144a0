"""Every command has help text and is documented in the README."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer.main

from telcoradar.cli import app

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def all_commands() -> list[tuple[str, Any]]:
    root = typer.main.get_command(app)
    found: list[tuple[str, Any]] = []

    def walk(prefix: str, command: Any) -> None:
        if hasattr(command, "commands"):  # a group
            for name, sub in command.commands.items():
                walk(f"{prefix} {name}".strip(), sub)
        else:
            found.append((prefix, command))

    walk("", root)
    return found


def test_there_are_commands() -> None:
    names = [name for name, _ in all_commands()]
    assert "extract" in names


def test_every_command_has_help() -> None:
    missing = [name for name, cmd in all_commands() if not (cmd.help or "").strip()]
    assert missing == []


def test_every_option_has_help() -> None:
    missing = [
        f"{name} {param.name}"
        for name, cmd in all_commands()
        for param in cmd.params
        if getattr(param, "param_type_name", "") == "option" and not (param.help or "").strip()
    ]
    assert missing == []


def test_every_command_is_in_the_readme() -> None:
    missing = [name for name, _ in all_commands() if f"`telcoradar {name}" not in README]
    assert missing == []


def test_readme_starts_with_the_two_commands() -> None:
    head = README.splitlines()[:6]
    assert any(line.startswith("make demo") for line in head)
    assert any(line.startswith("make test") for line in head)
