"""One clear line for an address given as a file, and for a file over the size limit in every command."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from telcoradar.cli import app

runner = CliRunner()


@pytest.fixture(autouse=True)
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TELCORADAR_DATABASE_URL", f"sqlite:///{tmp_path / 'db.sqlite'}")


def test_an_address_of_another_scheme_is_named_as_such() -> None:
    result = runner.invoke(app, ["ingest", "gopher://example.com/menu"])
    assert result.exit_code == 1
    assert "error: gopher://example.com/menu: only http and https addresses are fetched, not gopher\n" in (
        result.stderr
    )
    extracted = runner.invoke(app, ["extract", "ftp://example.com/plans.csv"])
    assert extracted.exit_code == 1
    assert (
        extracted.stderr
        == "error: ftp://example.com/plans.csv: only http and https addresses are fetched, not ftp\n"
    )


def test_extract_of_a_web_address_says_what_fetches_it() -> None:
    result = runner.invoke(app, ["extract", "https://www.example.cn/cards.html"])
    assert result.exit_code == 1
    assert result.stderr == (
        "error: https://www.example.cn/cards.html: an address, not a file: "
        "`telcoradar ingest` fetches and stores it\n"
    )


def test_the_size_limit_reads_the_same_in_extract_and_ingest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TELCORADAR_MAX_BYTES", str(1024 * 1024))
    page = tmp_path / "big.txt"
    page.write_bytes(b"a" * (3 * 1024 * 1024))
    said = f"error: {page}: file is 3.0 MB, above the 1.0 MB limit (set --max-bytes)\n"
    assert runner.invoke(app, ["extract", str(page)]).stderr == said
    assert said in runner.invoke(app, ["ingest", str(page)]).stderr
