"""`telcoradar users`, `telcoradar tokens`: who may use the web app, from the command line."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from telcoradar.cli import app
from telcoradar.store import open_store
from telcoradar.store.access import caller_for_token

runner = CliRunner()


def run(db: str, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["--db", db, *args])
    return result.exit_code, result.output


def test_users_and_tokens_from_the_command_line(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'cli.sqlite'}"
    assert run(db, "users", "add", "mei", "--role", "analyst")[0] == 0
    code, out = run(db, "users", "add", "mei")
    assert code == 1 and "already a user" in out
    code, out = run(db, "users", "add", "bo", "--role", "root")
    assert code == 1 and "not a role" in out
    code, secret = run(db, "tokens", "create", "mei", "--label", "laptop")
    secret = secret.strip()
    assert code == 0 and secret.startswith("tr_")
    with open_store(db) as store, store.read() as session:
        caller = caller_for_token(session, secret)
    assert caller is not None and caller.name == "mei" and caller.role == "analyst"
    code, listed = run(db, "tokens", "list")
    assert code == 0 and "mei\tlaptop" in listed and secret not in listed
    assert run(db, "users", "list")[1].strip() == "mei\tanalyst"
    token_id = listed.split("\t", 1)[0].strip()
    assert run(db, "tokens", "revoke", token_id)[0] == 0
    assert run(db, "tokens", "revoke", token_id)[0] == 1
    assert run(db, "tokens", "create", "nobody")[0] == 1
    assert run(db, "users", "remove", "mei")[0] == 0
    assert run(db, "users", "remove", "mei")[0] == 1


def test_serve_has_help() -> None:
    result = runner.invoke(app, ["serve", "--help"])
    assert result.exit_code == 0 and "--workers" in result.output
