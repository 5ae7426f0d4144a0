from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

from telcoradar.analysis.strategy import (
    activity,
    comparison,
    money_announced,
    partners,
    profile,
    profiles,
    quarter,
)
from telcoradar.model import Event, Evidence


def event(
    ops: tuple[str, ...],
    domain: str,
    sentence: str,
    date: dt.date | None,
    kind: str = "launch",
    amount: Decimal | None = None,
    currency: str | None = None,
    counterparties: tuple[str, ...] = (),
) -> Event:
    evidence = Evidence(sentence, 0, len(sentence))
    return Event(
        ops, kind, domain, sentence, evidence, date, "day" if date else None, amount, currency, counterparties
    )


EVENTS = [
    event(("china-telecom",), "quantum", "中电信量子集团发布分布式密码体系。", dt.date(2025, 5, 10)),
    event(
        ("china-telecom",),
        "quantum",
        "中国电信量子密话用户突破百万。",
        dt.date(2025, 3, 2),
        counterparties=("国盾量子",),
    ),
    event(
        ("china-mobile",),
        "quantum",
        "中国移动投资国盾量子。",
        dt.date(2024, 11, 20),
        kind="investment",
        amount=Decimal("1200000000"),
        currency="CNY",
        counterparties=("国盾量子",),
    ),
    event(
        ("china-mobile", "china-unicom"),
        "short_drama",
        "两家运营商联合推出微短剧专区。",
        dt.date(2025, 4, 8),
        counterparties=("抖音",),
    ),
    event(("china-unicom",), "inbound_travel", "浙江联通推出旅游卡。", None),
    event(
        ("china-mobile",),
        "ai",
        "中国移动发布九天大模型。",
        dt.date(2025, 2, 1),
        amount=Decimal(50),
        currency="USD",
    ),
]


def test_quarter() -> None:
    assert quarter(dt.date(2025, 3, 31)) == "2025Q1" and quarter(dt.date(2025, 10, 1)) == "2025Q4"
    assert quarter(None) == "undated"


def test_activity_by_domain_and_quarter() -> None:
    rows = {(r["operator"], r["domain"], r["quarter"]): r["events"] for r in activity(EVENTS)}
    assert rows[("china-telecom", "quantum", "2025Q2")] == 1
    assert rows[("china-telecom", "quantum", "2025Q1")] == 1
    assert rows[("china-unicom", "short_drama", "2025Q2")] == 1  # a joint event counts for each
    assert rows[("china-unicom", "inbound_travel", "undated")] == 1


def test_partners_and_money() -> None:
    assert partners(EVENTS)["china-mobile"] == {"国盾量子": 1, "抖音": 1}
    assert money_announced(EVENTS)["china-mobile"] == {"CNY": Decimal("1200000000"), "USD": Decimal(50)}
    mobile = profile(EVENTS, "china-mobile")
    assert mobile["events"] == 3 and mobile["latest"].domain == "short_drama"
    assert profiles(EVENTS)[0]["operator"] == "china-mobile"


def test_comparison_across_the_three_operators() -> None:
    rows = comparison(EVENTS)
    table = {(r["domain"], r["operator"]): r for r in rows}
    assert [r["domain"] for r in rows[:3]] == ["quantum"] * 3
    assert table[("quantum", "china-telecom")]["events"] == 2
    assert table[("quantum", "china-telecom")]["latest_move"] == "中电信量子集团发布分布式密码体系。"
    assert table[("quantum", "china-unicom")]["events"] == 0
    assert table[("quantum", "china-mobile")]["partners"] == "国盾量子"
    assert table[("inbound_travel", "china-unicom")]["latest_move"] == "浙江联通推出旅游卡。"
    assert {r["domain"] for r in rows} == {"quantum", "short_drama", "inbound_travel", "ai"}


def test_every_operator_the_moves_name_is_compared_by_default_the_busiest_first() -> None:
    hk = event(("csl",), "inbound_travel", "csl推出访客储值卡。", dt.date(2025, 4, 2))
    rows = comparison([*EVENTS, hk])
    quantum = [r["operator"] for r in rows if r["domain"] == "quantum"]
    # china-mobile is named by three moves, the others by two (ties by id), csl by one
    assert quantum == ["china-mobile", "china-telecom", "china-unicom", "csl"]
    travel = {r["operator"]: r["events"] for r in rows if r["domain"] == "inbound_travel"}
    assert travel == {"china-mobile": 0, "china-telecom": 0, "china-unicom": 1, "csl": 1}
    only = comparison([*EVENTS, hk], ["csl"])
    assert [(r["domain"], r["events"]) for r in only] == [("inbound_travel", 1)]


def test_the_latest_move_is_dated_at_its_precision() -> None:
    month = event(("china-mobile",), "short_drama", "咪咕推出短剧计划2.0。", dt.date(2024, 11, 1))
    year = event(("china-unicom",), "short_drama", "联通启动短剧项目。", dt.date(2024, 1, 1))
    month = dataclasses.replace(month, date_precision="month")
    year = dataclasses.replace(year, date_precision="year")
    rows = {
        r["operator"]: r["latest_date"]
        for r in comparison(
            [month, year], ("china-mobile", "china-unicom", "china-telecom"), domains=["short_drama"]
        )
    }
    assert rows == {"china-mobile": "2024-11", "china-unicom": "2024", "china-telecom": None}
