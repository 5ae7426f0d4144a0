"""`extract` and `ingest` of hostile files: a one-line error within the budget, nothing stored."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from hostile import deep_html, xlsx_bomb
from telcoradar.cli import app

runner = CliRunner()
REFUSAL = (
    "archive member xl/worksheets/sheet1.xml unpacks past 100.0 MB "
    "(190.7 MB declared; set TELCORADAR_MAX_UNPACKED_MB)"
)


@pytest.fixture
def bomb(tmp_path: Path) -> Path:
    path = tmp_path / "bomb.xlsx"
    path.write_bytes(xlsx_bomb(200_000_000))
    return path


def test_extract_of_a_workbook_bomb_ends_with_one_line(bomb: Path) -> None:
    started = time.monotonic()
    result = runner.invoke(app, ["extract", str(bomb)])
    assert time.monotonic() - started < 30
    assert result.exit_code == 1
    assert result.stderr == f"error: {bomb}: {REFUSAL}\n"


@pytest.mark.skipif(not hasattr(os, "wait4"), reason="a child's peak memory is read through wait4")
def test_extract_of_a_workbook_bomb_stays_under_a_gigabyte(bomb: Path, tmp_path: Path) -> None:
    """The command in a process of its own: its peak resident memory as the kernel counted it."""
    out, err = tmp_path / "out", tmp_path / "err"
    with out.open("wb") as stdout, err.open("wb") as stderr:
        child = subprocess.Popen(
            [sys.executable, "-c", "from telcoradar.cli import main; main()", "extract", str(bomb)],
            stdout=stdout,
            stderr=stderr,
        )
        _pid, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
    assert child.returncode == 1
    assert err.read_text() == f"error: {bomb}: {REFUSAL}\n" and out.read_bytes() == b""
    assert usage.ru_maxrss < 1024 * 1024  # kilobytes on Linux: under 1 GB


def test_ingest_of_a_workbook_bomb_stores_nothing(
    bomb: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    monkeypatch.setenv("TELCORADAR_DATABASE_URL", url)
    page = tmp_path / "card.txt"
    page.write_text("中国移动上海公司推出熊猫卡，7天有效，资费48元，含国内流量10GB。\n", encoding="utf-8")
    started = time.monotonic()
    result = runner.invoke(app, ["ingest", str(bomb), str(page)])
    assert time.monotonic() - started < 30
    assert result.exit_code == 1
    assert f"error: {bomb}: {REFUSAL}" in result.stderr.splitlines()
    listed = runner.invoke(app, ["plans", "--json"])
    assert [plan["name"] for plan in json.loads(listed.stdout)] == ["熊猫卡"]


def test_extract_of_a_200000_deep_page_ends_in_seconds(tmp_path: Path) -> None:
    page = tmp_path / "deep.html"
    page.write_bytes(deep_html(200_000))
    started = time.monotonic()
    result = runner.invoke(app, ["extract", str(page), "--json"])
    assert time.monotonic() - started < 20
    assert result.exit_code == 0, result.stderr
    assert '"length": 50' in result.stdout
