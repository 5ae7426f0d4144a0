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
    assert {"operator", "region", "price", "quote"} <= set(plans.columns)
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
