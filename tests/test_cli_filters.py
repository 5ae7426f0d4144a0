"""Filters take the names the extractor reads (中国移动, Shanghai) and say when nothing matches."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from telcoradar.cli import app

runner = CliRunner()
PAGE = Path(__file__).parent / "web" / "fixtures" / "march.html"


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TELCORADAR_DATABASE_URL", f"sqlite:///{tmp_path / 'db.sqlite'}")
    assert runner.invoke(app, ["ingest", str(PAGE)]).exit_code == 0


def keys(*args: str) -> set[str]:
    result = runner.invoke(app, ["plans", "--json", *args])
    assert result.exit_code == 0, result.stderr
    return {plan["key"] for plan in json.loads(result.stdout)}


def test_an_operator_by_its_name_or_alias_is_the_operator_by_its_id(db: None) -> None:
    mobile = keys("--operator", "china-mobile")
    assert len(mobile) == 2
    assert (
        keys("--operator", "中国移动")
        == keys("--operator", "China Mobile")
        == keys("--operator", "移动")
        == mobile
    )


def test_a_region_by_any_of_its_names(db: None) -> None:
    shanghai = keys("--region", "上海")
    assert len(shanghai) == 2 and keys("--region", "Shanghai") == keys("--region", "上海市") == shanghai


def test_a_filter_that_matches_nothing_says_so(db: None) -> None:
    result = runner.invoke(app, ["plans", "--region", "拉萨"])
    assert result.exit_code == 0 and result.stdout == "Plans (0): nothing matches\n"
    assert json.loads(runner.invoke(app, ["plans", "--json", "--region", "拉萨"]).stdout) == []


def test_an_operator_nobody_knows_is_wrong_usage(db: None) -> None:
    result = runner.invoke(app, ["plans", "--operator", "火星电信"])
    assert result.exit_code == 2
    assert result.stderr.startswith(
        "error: --operator: '火星电信' is no operator the registry knows (ids such as"
    )
    assert result.stderr.count("\n") == 1


def test_moves_start_after_the_capture_before_the_latest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import datetime as dt

    from telcoradar.jobs.pipeline import ingest_bytes
    from telcoradar.store import open_store

    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    monkeypatch.setenv("TELCORADAR_DATABASE_URL", url)
    with open_store(url) as store:
        first = PAGE.read_bytes()
        when = dt.datetime(2025, 3, 10, 8, tzinfo=dt.UTC)
        ingest_bytes(
            store, first, "https://www.example.cn/cards.html", content_type="text/html", fetched_at=when
        )
    alone = runner.invoke(app, ["moves"])
    assert alone.exit_code == 2 and "fewer than two captures" in alone.stderr
    with open_store(url) as store:
        later = PAGE.with_name("may.html").read_bytes()
        when = dt.datetime(2025, 5, 12, 8, tzinfo=dt.UTC)
        ingest_bytes(
            store, later, "https://www.example.cn/cards.html", content_type="text/html", fetched_at=when
        )
    default = runner.invoke(app, ["moves", "--json"])
    assert default.exit_code == 0, default.stderr
    assert [(m["kind"], m["date"]) for m in json.loads(default.stdout)] == [("price_cut", "2025-05-12")]
    assert default.stdout == runner.invoke(app, ["moves", "--json", "--since", "2025-03-11"]).stdout
