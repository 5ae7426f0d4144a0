"""The notebook API: telcoradar.open(url) and DataFrames out of a real store."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest

import telcoradar
from analysis.conftest import TABLE_1, make_plan
from telcoradar.analysis.baskets import need
from telcoradar.api import Radar
from telcoradar.model import Document, Extraction, Plan
from telcoradar.store import open_store, save_extraction


def table1() -> list[Plan]:
    return [
        make_plan(op, r, n, d, p, g, m, i, operator_name=label) for op, label, r, n, d, p, g, m, i in TABLE_1
    ]


@pytest.fixture
def radar(tmp_path: Path) -> Iterator[Radar]:
    url = f"sqlite:///{tmp_path / 'radar.sqlite'}"
    plans = table1()
    with open_store(url) as store:
        for day, price in ((dt.date(2025, 3, 1), 60), (dt.date(2025, 5, 1), 50)):
            current = [p for p in plans if not (p.region == "浙江" and p.period_days == 7)]
            current.append(make_plan("china-unicom", "浙江", "浙江旅游卡", 7, price, 30, 100))
            # one source page per region, so each keeps its own versions
            for region in sorted({p.region or "" for p in current}):
                mine = [p for p in current if p.region == region]
                text = "\n".join(f"{p.name} {p.period_days} {p.price}" for p in mine)
                save_extraction(
                    store,
                    Extraction(Document(source=region, text=text), plans=tuple(mine)),
                    data=f"{day}{text}".encode(),
                    uri=f"https://example.test/{region}",
                    fetched_at=dt.datetime.combine(day, dt.time(9), tzinfo=dt.UTC),
                    extractor_version="test",
                )
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
