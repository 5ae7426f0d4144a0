"""The notebook API: telcoradar.open(url) and DataFrames out of a real store."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest

import telcoradar
from analysis.conftest import fill_store
from telcoradar.analysis.baskets import need
from telcoradar.api import Radar


@pytest.fixture
def radar(tmp_path: Path) -> Iterator[Radar]:
    url = f"sqlite:///{tmp_path / 'radar.sqlite'}"
    fill_store(url)
    with telcoradar.open(url) as opened:
        yield opened


def test_plans_and_compare(radar: Radar) -> None:
    plans = radar.plans()
    # 浙江 sells two tiers of 15- and 30-day cards under one name: each pair shares a plan key
    assert len(plans) == 15
    assert {"operator", "region", "price", "evidence"} <= set(plans.columns)
    assert all(e["quote"] for e in plans["evidence"])
    compare = radar.compare("visitor-7d-light")
    assert list(compare["region"]) == ["浙江", "江西", "深圳", "上海", "北京"]
    assert compare["cost"].iloc[0] == Decimal(50)
    march = radar.compare("visitor-7d-light", at="2025-04-01", region="浙江")
    assert list(march["cost"]) == [Decimal(60)]
    asked = radar.options(need(days=10, gb=20, minutes=50), region="深圳")
    assert [(o.cost, o.plans[0][0].period_days) for o in asked] == [(Decimal(100), 15)]


def test_moves_and_other_tables(radar: Radar) -> None:
    moves = radar.moves(since="2025-04-01")
    assert list(moves["kind"]) == ["price_cut"] and moves["price_change_pct"].iloc[0] == Decimal("-16.7")
    assert len(radar.frontier()) > 0 and len(radar.unit_prices(region="上海")) == 3
    assert radar.events().empty and radar.figures().empty


def test_hedonic_is_the_same_in_the_notebook_the_cli_the_api_and_the_briefing(
    radar: Radar, monkeypatch: pytest.MonkeyPatch
) -> None:
    import json

    from typer.testing import CliRunner

    from telcoradar.cli import app
    from telcoradar.jobs.briefing import gather
    from telcoradar.report import build_briefing
    from telcoradar.web.analysis import hedonic

    notebook = radar.hedonic()
    premiums = {op: est.value for op, est in notebook.premiums.items()}
    api = hedonic(radar.store, region=None, by_region=False, at=None)
    assert api.n == notebook.n and api.reliable == notebook.reliable
    assert {e.term: e.value for e in api.estimates if e.kind == "operator_premium"} == premiums
    monkeypatch.setenv("TELCORADAR_DATABASE_URL", str(radar.store.engine.url))
    cli = json.loads(CliRunner().invoke(app, ["hedonic", "--json"]).stdout)
    assert {r["term"]: r["value"] for r in cli["estimates"] if r["kind"] == "operator_premium"} == premiums
    assert (cli["n"], cli["reason"]) == (notebook.n, "; ".join(notebook.reasons))
    table = build_briefing(gather(radar.store), "en").section("hedonic").tables[0]
    shown = {str(row[0]): row[1].text.replace("−", "-") for row in table.rows}  # type: ignore[union-attr]
    assert shown == {
        label: f"{value * 100:+.1f}%"
        for label, value in (
            ("China Mobile", premiums["china-mobile"]),
            ("China Unicom", premiums["china-unicom"]),
        )
    }


def test_response_lags_are_whole_days_and_an_unanswered_move_has_none(tmp_path: Path) -> None:
    import datetime as dt

    from analysis.conftest import make_plan, store_capture
    from telcoradar.model import Document, Extraction

    url = f"sqlite:///{tmp_path / 'lags.sqlite'}"
    captures = [
        ("mobile", dt.date(2025, 3, 1), make_plan("china-mobile", "上海", "熊猫卡", 7, 100, 30, 100)),
        ("unicom", dt.date(2025, 3, 1), make_plan("china-unicom", "上海", "旅游卡", 7, 60, 20, 100)),
        ("mobile", dt.date(2025, 5, 1), make_plan("china-mobile", "上海", "熊猫卡", 7, 90, 30, 100)),
        ("unicom", dt.date(2025, 5, 11), make_plan("china-unicom", "上海", "旅游卡", 7, 55, 20, 100)),
    ]
    for page, day, plan in captures:
        found = Extraction(Document(source=page, text=f"{plan.name} {plan.price}"), plans=(plan,))
        store_capture(
            url, found, f"https://example.test/{page}", dt.datetime.combine(day, dt.time(9), dt.UTC)
        )
    with telcoradar.open(url) as radar:
        lags = radar.lags(since="2025-03-02")
    rows = {(r["leader"], r["rival"]): r["days"] for r in lags.to_dict("records")}
    assert rows == {("china-mobile", "china-unicom"): 10, ("china-unicom", "china-mobile"): None}
    assert type(rows[("china-mobile", "china-unicom")]) is int
