"""Wrong usage exits 2 with one line naming what is wrong and, for a name, the valid ones."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from telcoradar.analysis.baskets import load_baskets
from telcoradar.cli import app
from telcoradar.model import DOMAINS


def telcoradar(tmp_path: Path, *args: str) -> tuple[int, str]:
    """The installed command's own entry point, in a process of its own: its exit code and stderr."""
    done = subprocess.run(
        [sys.executable, "-c", "from telcoradar.cli import main; main()", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "TELCORADAR_DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite'}"},
    )
    return done.returncode, done.stderr


def test_an_unknown_basket_exits_2_with_one_line_listing_the_baskets(tmp_path: Path) -> None:
    code, err = telcoradar(tmp_path, "compare", "--basket", "no-such-basket")
    assert code == 2
    assert err == f"error: no-such-basket: no such basket (known: {', '.join(load_baskets())})\n"


def test_a_bad_language_exits_2_with_one_line(tmp_path: Path) -> None:
    assert telcoradar(tmp_path, "brief", "--lang", "xx") == (2, "error: --lang: 'xx' is not one of zh, en\n")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("events", "--domain", "quantumm"), f"--domain: 'quantumm' is not one of {', '.join(DOMAINS)}"),
        (("strategy", "--domain", "5g"), f"--domain: '5g' is not one of {', '.join(DOMAINS)}"),
        (("events", "--since", "March"), "--since: 'March' is not a date (YYYY-MM-DD)"),
        (("compare",), "give either --basket NAME or --days N (with --gb, --minutes)"),
    ],
)
def test_wrong_usage_exits_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...], message: str
) -> None:
    monkeypatch.setenv("TELCORADAR_DATABASE_URL", f"sqlite:///{tmp_path / 'db.sqlite'}")
    result = CliRunner().invoke(app, list(args))
    assert (result.exit_code, result.stderr) == (2, f"error: {message}\n")


def test_a_bad_date_given_to_the_analysis_exits_2(tmp_path: Path) -> None:
    code, err = telcoradar(tmp_path, "compare", "--days", "7", "--at", "soon")
    assert (code, err) == (2, "error: soon: not a date (expected YYYY-MM-DD)\n")


def test_an_input_that_cannot_be_used_still_exits_1(tmp_path: Path) -> None:
    code, err = telcoradar(tmp_path, "extract", str(tmp_path / "missing.html"))
    assert code == 1 and err.count("\n") == 1 and "no such file" in err
