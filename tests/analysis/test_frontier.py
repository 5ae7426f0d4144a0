from __future__ import annotations

from telcoradar.analysis.frontier import band, frontier, frontier_rows
from telcoradar.model import Plan

from .conftest import make_plan


def test_bands() -> None:
    assert [band(d) for d in (1, 7, 8, 15, 16, 31, 32, 365)] == [
        "≤7",
        "≤7",
        "8–15",
        "8–15",
        "16–31",
        "16–31",
        ">31",
        ">31",
    ]


def names(plans: list[Plan]) -> list[tuple[str | None, int | None, int]]:
    return [(p.region, p.period_days, int(p.price)) for p in plans]


def test_frontier_of_visitor_plans(table1: list[Plan]) -> None:
    result = frontier(table1)
    # 7 days: 浙江 50 (30 GB, 100 min) beats every other 7-day card (each ≥ 70 with ≤ 30 GB, 100 min)
    assert names(result[("≤7", None)]) == [("浙江", 7, 50)]
    # 8-15: 浙江 80 (40 GB, 200 min); 深圳 100 (50 GB, 200 min) has more data;
    # 浙江 159 (40 GB, 300 min) has more minutes; 北京 10d 120 (35, 150) loses to 浙江 80,
    # 上海 130 and 北京 150 (50, 200) lose to 深圳 100, 深圳 11d 109 (25, 200) to 浙江 80.
    assert names(result[("8–15", None)]) == [("浙江", 15, 80), ("深圳", 15, 100), ("浙江", 15, 159)]
    # 30 days: 浙江 150 (50, 300); 深圳 170 (80, 300); 浙江 259 (80, 400); others beaten by 深圳 170.
    assert names(result[("16–31", None)]) == [("浙江", 30, 150), ("深圳", 30, 170), ("浙江", 30, 259)]
    rows = frontier_rows(result)
    assert len(rows) == 7 and rows[0]["band"] == "≤7"


def test_frontier_by_region_and_ties() -> None:
    plans = [
        make_plan("a", "R1", "p", 30, 50, 10, 100),
        make_plan("b", "R1", "q", 30, 50, 10, 100),  # identical: both stay
        make_plan("c", "R1", "r", 30, 50, 10, 90),  # beaten on minutes only
        make_plan("d", "R2", "s", 30, 99, None, 0, unlimited=True),
        make_plan("e", "R2", "t", 30, 99, 500, 0),  # beaten: unlimited data at the same price
    ]
    result = frontier(plans, by_region=True)
    assert [p.name for p in result[("16–31", "R1")]] == ["p", "q"]
    assert [p.name for p in result[("16–31", "R2")]] == ["s"]


def test_trials_packs_and_plans_without_data_are_not_unbeatable() -> None:
    card = make_plan("china-mobile", "上海", "熊猫卡", 7, 90, 30, 100)
    trial = make_plan("china-mobile", "上海", "首日流量体验卡", 1, 0, 3, kind="trial", repeatable=False)
    voucher = make_plan("china-mobile", "上海", "美食券包", 30, 5, None, kind="addon")
    short = make_plan("china-telecom", "上海", "短期卡", 7, 60, None)  # data not stated
    result = frontier([card, trial, voucher, short])
    assert {band: [p.name for p in plans] for (band, _r), plans in result.items()} == {"≤7": ["熊猫卡"]}


def test_unstated_minutes_are_not_beaten_by_stated_ones() -> None:
    calls = make_plan("a", "R", "calls", 7, 50, 30, 100)
    quiet = make_plan("b", "R", "quiet", 7, 60, 20, None)  # dearer, less data, minutes not stated
    beaten = make_plan("c", "R", "beaten", 7, 70, 10, None)
    ((_key, plans),) = frontier([calls, quiet, beaten]).items()
    assert [p.name for p in plans] == ["calls", "quiet"]
