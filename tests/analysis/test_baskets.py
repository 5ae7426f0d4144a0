"""Cheapest plans for each basket among the 17 visitor plans of the fixture.

Worked by hand, per operator and region (price in yuan; days / GB / domestic
min / intl min; copies add up, at most two distinct plans):

visitor-7d-light (7 d, 5 GB, 30 min): each region's 7-day card covers it:
  浙江 50, 江西 70, 深圳 79, 上海 90, 北京 100.
visitor-7d-heavy (7 d, 20 GB, 100 min, 30 intl): 北京 offers no international
  minutes, so it does not qualify. 江西 7d 70; 上海 7d 90; 深圳: the 7-day card
  has 18 GB (two copies 158), the 11-day 109, but the 15-day card is 100;
  浙江: only the 15-day 159 and 30-day 259 cards have intl minutes -> 159.
visitor-15d-light (15 d, 10 GB, 60 min): 浙江 15d 80; 深圳 15d 100; 上海 15d 130;
  北京 15d 150 (7d+10d = 220); 江西 3 × 7d = 210.
visitor-15d-heavy (15 d, 40 GB, 200 min, 60 intl): 深圳 15d 100 (50/200/100);
  上海 15d 130; 浙江 15d 159 (40/300/100; 7d 50 + 15d 159 = 209);
  江西 3 × 7d = 210; 北京 none.
visitor-30d-light (30 d, 20 GB, 120 min): 浙江 30d 150 (2 × 15d = 160);
  深圳 30d 170; 上海 30d 200; 北京 30d 250; 江西 5 × 7d = 350.
visitor-30d-heavy (30 d, 80 GB, 400 min, 120 intl): 深圳: the 30-day card has
  300 min and 100 intl (short), 30d + 7d = 249, 2 × 15d = 200 (30 d, 100 GB,
  400 min, 200 intl) -> 200; 上海: 30d is short of minutes, 2 × 15d = 260
  (30d + 7d = 290); 浙江: intl only on 159 and 259 cards, 120 intl needs two
  of them: 2 × 15d 159 = 318; 江西 5 × 7d = 350 (35 d); 北京 none.
need(days=10, gb=20, minutes=50): 浙江 15d 80; 深圳 15d 100 (11d is 109);
  北京 10d 120; 上海 15d 130; 江西 2 × 7d = 140.
ITU data-only (30 d, 2 GB): 浙江 150, 深圳 170, 上海 200, 北京 250, 江西 350.
ITU data-and-voice baskets ask for SMS, which no plan states: no option.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest

from telcoradar.analysis.baskets import Option, Overage, basket, cheapest, compare, load_baskets, need
from telcoradar.analysis.prices import CurrencyError, parse_rates
from telcoradar.errors import InputError
from telcoradar.model import Plan

from .conftest import make_plan, table1_plans

EXPECTED = {
    "visitor-7d-light": [
        ("浙江", 50, [(7, 1)]),
        ("江西", 70, [(7, 1)]),
        ("深圳", 79, [(7, 1)]),
        ("上海", 90, [(7, 1)]),
        ("北京", 100, [(7, 1)]),
    ],
    "visitor-7d-heavy": [
        ("江西", 70, [(7, 1)]),
        ("上海", 90, [(7, 1)]),
        ("深圳", 100, [(15, 1)]),
        ("浙江", 159, [(15, 1)]),
    ],
    "visitor-15d-light": [
        ("浙江", 80, [(15, 1)]),
        ("深圳", 100, [(15, 1)]),
        ("上海", 130, [(15, 1)]),
        ("北京", 150, [(15, 1)]),
        ("江西", 210, [(7, 3)]),
    ],
    "visitor-15d-heavy": [
        ("深圳", 100, [(15, 1)]),
        ("上海", 130, [(15, 1)]),
        ("浙江", 159, [(15, 1)]),
        ("江西", 210, [(7, 3)]),
    ],
    "visitor-30d-light": [
        ("浙江", 150, [(30, 1)]),
        ("深圳", 170, [(30, 1)]),
        ("上海", 200, [(30, 1)]),
        ("北京", 250, [(30, 1)]),
        ("江西", 350, [(7, 5)]),
    ],
    "visitor-30d-heavy": [
        ("深圳", 200, [(15, 2)]),
        ("上海", 260, [(15, 2)]),
        ("浙江", 318, [(15, 2)]),
        ("江西", 350, [(7, 5)]),
    ],
    "itu-data-only": [
        ("浙江", 150, [(30, 1)]),
        ("深圳", 170, [(30, 1)]),
        ("上海", 200, [(30, 1)]),
        ("北京", 250, [(30, 1)]),
        ("江西", 350, [(7, 5)]),
    ],
    "itu-data-voice-low": [],
    "itu-data-voice-high": [],
}


def summary(options: list[Option]) -> list[tuple[str | None, Decimal, list[tuple[int | None, int]]]]:
    return [(o.region, o.cost, [(p.period_days, n) for p, n in o.plans]) for o in options]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_cheapest_per_basket_matches_hand_check(table1: list[Plan], name: str) -> None:
    got = summary(cheapest(table1, basket(name)))
    assert got == [(region, Decimal(cost), plans) for region, cost, plans in EXPECTED[name]]


def test_visitor_question_ten_days_twenty_gb(table1: list[Plan]) -> None:
    options = cheapest(table1, need(days=10, gb=20, minutes=50))
    assert summary(options) == [
        ("浙江", Decimal(80), [(15, 1)]),
        ("深圳", Decimal(100), [(15, 1)]),
        ("北京", Decimal(120), [(10, 1)]),
        ("上海", Decimal(130), [(15, 1)]),
        ("江西", Decimal(140), [(7, 2)]),
    ]
    first = options[0].to_dict()
    assert first["operator"] == "china-unicom" and first["currency"] == "CNY" and first["cost"] == 80
    assert first["plans"][0]["count"] == 1 and first["plans"][0]["evidence"]["quote"]
    json.dumps(first, ensure_ascii=False)


def test_two_distinct_plans_combine() -> None:
    # 10 days: a 7-day card (40) plus a 3-day top-up (10) beats two 7-day cards (80)
    plans = [
        make_plan("x", "R", "week", 7, 40, 10, 50),
        make_plan("x", "R", "top-up", 3, 10, 5, 10),
        make_plan("x", "R", "fortnight", 15, 60, 20, 100),
    ]
    option = cheapest(plans, need(days=10, gb=12, minutes=50))[0]
    assert option.cost == Decimal(50)
    assert sorted((p.name, n) for p, n in option.plans) == [("top-up", 1), ("week", 1)]
    assert option.covered["days"] == 10 and option.covered["gb"] == 15


def test_unlimited_calls_cover_any_minutes_need() -> None:
    from dataclasses import replace

    capped = make_plan("x", "R", "capped", 30, 20, 10, 100)
    unlimited = replace(
        make_plan("y", "R", "talk", 30, 25, 10, None), voice_unlimited=True, sms_unlimited=True
    )
    options = cheapest([capped, unlimited], need(days=30, gb=5, minutes=1000, sms=50))
    assert [(o.operator, o.cost, o.covered["minutes"], o.covered["sms"]) for o in options] == [
        ("y", Decimal(25), None, None)  # 10 copies of the capped plan would not cover texts at all
    ]


def test_data_need_buys_extra_copies() -> None:
    plans = [make_plan("x", "R", "small", 30, 10, 1)]
    option = cheapest(plans, need(days=30, gb=3))[0]
    assert option.cost == Decimal(30) and option.plans[0][1] == 3


def test_unlimited_data_covers_any_need() -> None:
    plans = [make_plan("x", "R", "unl", 30, 99, None, 100, unlimited=True)]
    option = cheapest(plans, need(days=30, gb=500, minutes=100))[0]
    assert option.cost == Decimal(99) and option.covered["gb"] is None


def test_missing_allowance_qualifies_with_overage_rates() -> None:
    plans = [make_plan("x", "R", "data only", 30, 50, 20, 0)]  # states no calls
    assert cheapest(plans, need(days=30, gb=10, minutes=100)) == []
    rates = {"x": Overage(currency="CNY", per_minute=Decimal("0.15"))}
    option = cheapest(plans, need(days=30, gb=10, minutes=100), overage=rates)[0]
    assert option.cost == Decimal("65.00") and option.overage == Decimal("15.00")


def test_mixed_currencies_refused_without_target() -> None:
    plans = [make_plan("x", "香港", "hk", 7, 88, 10, currency="HKD"), make_plan("y", "深圳", "sz", 7, 79, 18)]
    with pytest.raises(CurrencyError, match="HKD"):
        cheapest(plans, need(days=7, gb=5))
    rates = parse_rates({"rates": {"HKD": {"2025-01-01": Decimal("0.92")}}}, "test-rates")
    options = cheapest(plans, need(days=7, gb=5), currency="CNY", rates=rates, on=dt.date(2025, 6, 1))
    assert [(o.operator, o.cost) for o in options] == [("y", Decimal(79)), ("x", Decimal("80.96"))]


def test_baskets_file_is_valid() -> None:
    baskets = load_baskets()
    assert baskets["itu-data-only"].gb == Decimal(2) and baskets["itu-data-only"].days == 30
    low, high = baskets["itu-data-voice-low"], baskets["itu-data-voice-high"]
    assert (low.gb, low.minutes, low.sms) == (Decimal("0.5"), 70, 20)
    assert (high.gb, high.minutes, high.sms) == (Decimal(2), 140, 70)
    for days in (7, 15, 30):
        assert baskets[f"visitor-{days}d-light"].days == days
        assert baskets[f"visitor-{days}d-heavy"].gb > baskets[f"visitor-{days}d-light"].gb
    with pytest.raises(InputError, match="no such basket"):
        basket("nope")


# Restated shapes of the May 2025 survey and of operator pages: a free first-day card for
# new arrivals, a perks pack with no data, cards whose data is not stated.


def _shapes() -> list[Plan]:
    return [
        *table1_plans(),
        make_plan("china-mobile", "上海", "首日流量体验卡", 1, 0, 3, kind="trial", repeatable=False),
        make_plan("china-mobile", "上海", "随心行轻享包", 30, "8.9", None, perks=("出行券",), kind="addon"),
        make_plan("china-telecom", "上海", "短期卡", 7, 60, None),  # data not stated
    ]


def test_ten_days_and_20_gb_the_15_day_zhejiang_card_at_80_comes_first() -> None:
    result = compare(_shapes(), need(days=10, gb=20))
    first = result.options[0]
    assert (first.operator, first.region, first.cost) == ("china-unicom", "浙江", Decimal(80))
    assert [(p.name, p.period_days, n) for p, n in first.plans] == [("浙江旅游卡", 15, 1)]
    assert all(p.kind == "base" for o in result.options for p, _n in o.plans)


def test_a_free_first_day_card_is_listed_apart_and_never_counted() -> None:
    result = compare(_shapes(), need(days=10, gb=20))
    assert [p.name for p in result.trials] == ["首日流量体验卡"]
    shanghai = next(o for o in result.options if o.region == "上海")
    # ten days in 上海 are the 15-day 熊猫卡 at 130, not ten free first-day cards
    assert shanghai.cost == Decimal(130) and [p.name for p, _n in shanghai.plans] == ["熊猫卡"]


def test_a_card_bought_once_per_customer_is_bought_once() -> None:
    once = make_plan("x", "R", "新客卡", 7, 10, 10, repeatable=False)
    again = make_plan("x", "R", "周卡", 7, 30, 10)
    option = cheapest([once, again], need(days=14, gb=10))[0]
    assert option.cost == Decimal(40)
    assert sorted((p.name, n) for p, n in option.plans) == [("周卡", 1), ("新客卡", 1)]


def test_a_perks_pack_never_stretches_validity() -> None:
    card = make_plan("china-mobile", "上海", "熊猫卡", 7, 90, 30, 100, 100)
    pack = make_plan("china-mobile", "上海", "随心行轻享包", 30, "8.9", None, kind="addon")
    # 30 days of 2 GB: five 7-day cards, not one card and the 30-day perks pack
    option = cheapest([card, pack], need(days=30, gb=2))[0]
    assert option.cost == Decimal(450) and [(p.name, n) for p, n in option.plans] == [("熊猫卡", 5)]


def test_a_data_pack_stacks_on_a_base_plan_of_the_same_operator_only() -> None:
    card = make_plan("x", "R", "周卡", 7, 30, 5)
    pack = make_plan("x", "R", "5GB加油包", 7, 10, 5, kind="addon")
    rival_pack = make_plan("y", "R", "10GB加油包", 7, 1, 10, kind="addon")
    options = cheapest([card, pack, rival_pack], need(days=7, gb=10))
    assert [(o.operator, o.cost) for o in options] == [("x", Decimal(40))]
    assert [(p.name, n) for p, n in options[0].plans] == [("周卡", 1), ("5GB加油包", 1)]


def test_a_plan_without_data_is_not_comparable_rather_than_counted_as_zero() -> None:
    result = compare(_shapes(), need(days=7, gb=5))
    assert "china-telecom" not in {o.operator for o in result.options}
    (unknown,) = [u for u in result.not_comparable if u.plan.operator == "china-telecom"]
    assert (unknown.plan.name, unknown.reason) == ("短期卡", "data not stated")
    # a need without data does not ask for it: the card counts on days alone
    assert [o.cost for o in compare(_shapes(), need(days=7)).options if o.operator == "china-telecom"] == [60]


def test_daily_quotas_add_up_over_the_validity() -> None:
    daily = make_plan("x", "R", "日享卡", 7, 49, 1, per_day=True)  # 1 GB a day for 7 days
    option = cheapest([daily], need(days=7, gb=7))[0]
    assert option.cost == Decimal(49) and option.covered["gb"] == Decimal(7)
