from __future__ import annotations

import datetime as dt
from decimal import Decimal

from telcoradar.analysis.moves import Move, as_moves, diff, pct_change, response_lags
from telcoradar.model import Plan

from .conftest import make_plan

MARCH = dt.date(2025, 3, 1)
MAY = dt.date(2025, 5, 1)


def snapshot_march() -> list[Plan]:
    return [
        make_plan("china-mobile", "上海", "熊猫卡", 7, 100, 30, 100, 100),
        make_plan("china-mobile", "上海", "熊猫卡", 15, 130, 40, 200, 200),
        make_plan("china-mobile", "上海", "熊猫卡", 30, 200, 80, 300, 300, perks=("来电显示",)),
        make_plan("china-unicom", "上海", "旅游卡", 7, 60, 20, 100),
    ]


def snapshot_may() -> list[Plan]:
    return [
        make_plan("china-mobile", "上海", "熊猫卡", 7, 90, 30, 100, 100),  # price cut 100 -> 90
        make_plan("china-mobile", "上海", "熊猫卡", 15, 130, 50, 200, 200),  # data 40 -> 50 GB
        make_plan("china-mobile", "上海", "熊猫卡", 30, 200, 80, 300, 300, perks=("来电显示", "同声译")),
        make_plan("china-unicom", "上海", "旅游卡", 7, 66, 20, 100),  # price rise 60 -> 66
        make_plan("china-telecom", "上海", "畅游卡", 10, 99, 35, 150),  # new
    ]


def test_diff_between_two_dated_snapshots() -> None:
    changes = diff(snapshot_march(), snapshot_may(), date=MAY)
    got = [(c.kind, c.operator, c.plan.period_days, c.price_change_pct, c.size) for c in changes]
    assert got == [
        ("new", "china-telecom", 10, None, Decimal(100)),
        ("allowance", "china-mobile", 30, None, Decimal(100)),  # a perk added
        ("allowance", "china-mobile", 15, None, Decimal("25.0")),  # 40 -> 50 GB
        ("price_cut", "china-mobile", 7, Decimal("-10.0"), Decimal("10.0")),
        ("price_rise", "china-unicom", 7, Decimal("10.0"), Decimal("10.0")),
    ]
    cut = changes[3]
    assert (cut.per_gb_before, cut.per_gb_after, cut.per_gb_change_pct) == (
        Decimal("3.33"),
        Decimal("3.00"),
        Decimal("-9.9"),
    )
    more_data = changes[2]
    assert more_data.fields == {"data_gb": (Decimal(40), Decimal(50))}
    assert (more_data.per_gb_before, more_data.per_gb_after, more_data.per_gb_change_pct) == (
        Decimal("3.25"),
        Decimal("2.60"),
        Decimal("-20.0"),
    )
    assert changes[1].fields["perks"] == (("来电显示",), ("同声译", "来电显示"))
    row = cut.row()
    assert row["price_before"] == Decimal(100) and row["price_after"] == Decimal(90)


def test_withdrawn_and_duplicate_keys() -> None:
    before = [
        make_plan("u", "浙江", "旅游卡", 15, 159, 40, 300, 100),
        make_plan("u", "浙江", "旅游卡", 15, 80, 40, 200),
    ]
    after = [make_plan("u", "浙江", "旅游卡", 15, 75, 40, 200)]
    changes = diff(before, after)
    kinds = sorted((c.kind, c.price_change_pct) for c in changes)
    # the cheaper twin is matched with the one plan left (80 -> 75), the dearer one is withdrawn
    assert kinds == [("price_cut", Decimal("-6.3")), ("withdrawn", None)]
    assert diff(before, before) == []


def test_pct_change() -> None:
    assert pct_change(Decimal(80), Decimal(75)) == Decimal("-6.3")
    assert pct_change(0, 5) is None and pct_change(None, 5) is None


def test_response_lags() -> None:
    moves = [
        Move(dt.date(2025, 3, 1), "china-mobile", "上海", "price_cut 熊猫卡"),
        Move(dt.date(2025, 3, 11), "china-unicom", "上海", "price_cut 旅游卡"),
        Move(dt.date(2025, 4, 2), "china-telecom", "上海", "new 畅游卡"),
        Move(dt.date(2025, 2, 1), "china-unicom", "北京", "new x"),
    ]
    lags = {(lag.leader, lag.rival, lag.region): lag.days for lag in response_lags(moves)}
    assert lags[("china-mobile", "china-unicom", "上海")] == 10
    assert lags[("china-mobile", "china-telecom", "上海")] == 32
    assert lags[("china-unicom", "china-telecom", "上海")] == 22
    assert lags[("china-telecom", "china-mobile", "上海")] is None  # not answered yet
    assert ("china-unicom", "china-mobile", "北京") not in lags  # no rival seen in 北京
    lags_named = response_lags(moves, operators=["china-mobile", "china-unicom"])
    assert {(lag.leader, lag.rival, lag.days) for lag in lags_named if lag.region == "北京"} == {
        ("china-unicom", "china-mobile", None)
    }


def test_changes_become_moves() -> None:
    moves = as_moves(diff(snapshot_march(), snapshot_may(), date=MAY))
    assert len(moves) == 5 and all(m.date == MAY and m.region == "上海" for m in moves)


def test_validity_change_is_one_move() -> None:
    before = [make_plan("china-unicom", "深圳", "外籍来宾卡", 7, 79, 18, 100, 100)]
    after = [make_plan("china-unicom", "深圳", "外籍来宾卡", 8, 79, 20, 100, 100)]
    (change,) = diff(before, after, date=MAY)
    assert change.kind == "allowance" and change.fields == {
        "period_days": (7, 8),
        "data_gb": (Decimal(18), Decimal(20)),
    }
    assert change.size == Decimal("14.3")  # 7 -> 8 days
    # a 10-day plan re-priced into a 20-day one pairs up; with a 15-day twin also gone it is ambiguous
    old = [make_plan("u", "R", "卡", 10, 50, 10), make_plan("u", "R", "卡", 15, 70, 15)]
    new = [make_plan("u", "R", "卡", 20, 90, 20)]
    assert [c.kind for c in diff(old[:1], new)] == ["price_rise"]
    assert sorted(c.kind for c in diff(old, new)) == ["new", "withdrawn", "withdrawn"]


def test_a_family_that_loses_one_validity_and_gains_another_is_two_moves_not_one() -> None:
    # 7/15/30-day cards become 10/15/30: the range changed, no single plan's validity did
    before = [
        make_plan("u", "R", "旅游卡", d, p, g) for d, p, g in ((7, 50, 20), (15, 80, 40), (30, 150, 50))
    ]
    after = [
        make_plan("u", "R", "旅游卡", d, p, g) for d, p, g in ((10, 60, 25), (15, 80, 40), (30, 150, 50))
    ]
    assert sorted((c.kind, c.plan.period_days) for c in diff(before, after, MAY)) == [
        ("new", 10),
        ("withdrawn", 7),
    ]
    # the name's only plan going from 7 to 10 days is one plan whose validity changed
    (change,) = diff(before[:1], after[:1], MAY)
    assert (change.kind, change.fields["period_days"]) == ("price_rise", (7, 10))


def test_a_rival_answers_only_with_a_like_move() -> None:
    base, pack = "base", "addon"
    moves = [
        Move(MARCH, "china-mobile", "上海", "price_cut 熊猫卡", base, "inbound_visitors", "≤7"),
        Move(dt.date(2025, 3, 5), "china-unicom", "上海", "new 美食券包", pack, "inbound_visitors", "16–31"),
        Move(dt.date(2025, 3, 9), "china-telecom", "上海", "new 短期卡", base, "inbound_visitors", "16–31"),
        Move(
            dt.date(2025, 3, 20), "china-unicom", "上海", "price_cut 旅游卡", base, "inbound_visitors", "≤7"
        ),
    ]
    found = response_lags(moves)
    lags = {(lag.leader_move, lag.rival): (lag.rival_move, lag.days) for lag in found}
    # the perks pack five days later does not answer a short card's price cut; the card cut on day 19 does
    assert lags[("price_cut 熊猫卡", "china-unicom")] == ("price_cut 旅游卡", 19)
    # telecom's 30-day card answers neither the 7-day cut nor the 30-day pack, and nobody answered it
    assert lags[("price_cut 熊猫卡", "china-telecom")] == ("", None)
    assert lags[("new 美食券包", "china-telecom")] == ("", None)
    assert lags[("new 短期卡", "china-mobile")] == lags[("new 短期卡", "china-unicom")] == ("", None)
    pack_row = next(lag.row() for lag in found if lag.leader_move == "new 美食券包")
    assert (pack_row["plan_kind"], pack_row["audience"], pack_row["band"]) == (
        pack,
        "inbound_visitors",
        "16–31",
    )


def test_changes_carry_what_a_response_must_match() -> None:
    card = make_plan("china-mobile", "上海", "熊猫卡", 7, 90, 30, 100, 100)
    trial = make_plan("china-mobile", "上海", "体验卡", 1, 0, 3, kind="trial", repeatable=False)
    moves = {m.what: m.like for m in as_moves(diff([], [card, trial], MAY))}
    assert moves == {
        "new 熊猫卡": ("base", "inbound_visitors", "≤7"),
        "new 体验卡": ("trial", "inbound_visitors", "≤7"),
    }
