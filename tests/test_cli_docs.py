"""Every command has help text, is described in the guide, and the CLI reference is current."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer.main

from telcoradar.cli import app
from telcoradar.cli._reference import markdown

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
GUIDE = (ROOT / "docs" / "guide.md").read_text(encoding="utf-8")


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


def test_every_command_is_in_the_guide() -> None:
    missing = [name for name, _ in all_commands() if f"`telcoradar {name}" not in GUIDE]
    assert missing == []


def test_the_cli_reference_is_generated_from_the_app() -> None:
    page = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    assert page == markdown(), "docs/cli.md is stale: run `make docs`"


def test_the_cli_reference_names_every_command_and_option() -> None:
    page = markdown()
    for name, command in all_commands():
        heading = f"## `telcoradar {name}`\n"
        assert heading in page
        section = page.split(heading, 1)[1].split("\n## ", 1)[0]
        for param in command.params:
            if getattr(param, "param_type_name", "") == "option" and not param.hidden:
                assert f"| `{param.opts[0]}`" in section, (name, param.opts)


def test_readme_starts_with_the_two_commands() -> None:
    head = README.splitlines()[:6]
    assert any(line.startswith("make demo") for line in head)
    assert any(line.startswith("make test") for line in head)
