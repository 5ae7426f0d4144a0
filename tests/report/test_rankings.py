"""Best-first basket ranking gives exactly what pricing every operator and region gives."""

from __future__ import annotations

import dataclasses
import random
from decimal import Decimal

from telcoradar.analysis.baskets import cheapest, load_baskets
from telcoradar.model import Evidence, Plan
from telcoradar.report.rankings import lower_bound, top_options, undominated


def make(operator: str, region: str, days: int, price: int, gb: int, minutes: int, intl: int = 0) -> Plan:
    quote = f"{operator} {region} {days} {price}"
    return Plan(operator, operator, region, f"卡{days}", Decimal(price), "CNY", days, Evidence(quote, 0, 1),
                data_gb=Decimal(gb), voice_min=minutes, intl_voice_min=intl or None)  # fmt: skip


def test_undominated_drops_beaten_and_duplicate_plans() -> None:
    a = make("m", "北京", 7, 100, 30, 100)
    b = make("m", "北京", 7, 120, 20, 100)  # dearer and smaller than a
    c = make("m", "北京", 15, 120, 20, 100)  # longer: not beaten
    twin = dataclasses.replace(a, name="twin")
    assert undominated([a, b, c, twin]) == [a, c]
    assert undominated([b]) == [b]


def test_lower_bound_is_below_every_mix() -> None:
    plans = [make("m", "北京", 7, 70, 30, 100), make("m", "北京", 30, 200, 80, 300)]
    need = load_baskets()["visitor-30d-heavy"]
    assert lower_bound([p.price for p in plans], plans, need) is None  # no international minutes
    light = load_baskets()["visitor-30d-light"]
    bound = lower_bound([p.price for p in plans], plans, light)
    assert bound is not None
    assert Decimal(str(bound)) <= cheapest(plans, light)[0].cost


def test_top_options_match_the_exhaustive_ranking() -> None:
    rng = random.Random(5)
    plans = [
        make(op, region, days, rng.randrange(30, 300), rng.randrange(5, 90), rng.randrange(0, 500), intl)
        for op in ("china-mobile", "china-unicom", "china-telecom")
        for region in ("北京", "上海", "广东", "浙江", "江西")
        for days in (7, 15, 30)
        for intl in (0, 100, 0, 0)
    ]
    for need in load_baskets().values():
        exhaustive = cheapest(plans, need, currency="CNY")[:5]
        fast = top_options(plans, need, top=5)
        assert [(o.operator, o.region, o.cost) for o in fast] == [
            (o.operator, o.region, o.cost) for o in exhaustive
        ]


def test_undominated_matches_the_pairwise_definition() -> None:
    rng = random.Random(9)
    plans = [
        make(
            "m",
            "北京",
            rng.choice((7, 15, 30)),
            rng.randrange(50, 90),
            rng.randrange(5, 12),
            rng.choice((100, 200)),
        )
        for _ in range(120)
    ]

    def counts(p: Plan) -> tuple[Decimal, ...]:
        return (Decimal(p.period_days or 0), p.data_gb or Decimal(0), Decimal(p.voice_min or 0))

    def beaten(i: int) -> bool:
        for j, other in enumerate(plans):
            no_worse = other.price <= plans[i].price and all(
                a >= b for a, b in zip(counts(other), counts(plans[i]), strict=True)
            )
            same = other.price == plans[i].price and counts(other) == counts(plans[i])
            if j != i and no_worse and (not same or j < i):
                return True
        return False

    assert undominated(plans) == [p for i, p in enumerate(plans) if not beaten(i)]


def test_unlimited_calls_and_texts_are_not_beaten_by_counted_ones() -> None:
    counted = make("m", "北京", 30, 50, 20, 500)
    unlimited = dataclasses.replace(make("m", "北京", 30, 60, 20, 0), voice_min=None, voice_unlimited=True)
    texts = dataclasses.replace(make("m", "北京", 30, 55, 20, 500), sms_unlimited=True)
    assert undominated([counted, unlimited, texts]) == [counted, unlimited, texts]
    need = dataclasses.replace(load_baskets()["visitor-30d-light"], minutes=2000)
    assert top_options([counted, unlimited, texts], need)[0].plans == ((unlimited, 1),)


def test_top_options_match_the_exhaustive_ranking_with_trials_packs_and_unstated_data() -> None:
    rng = random.Random(11)
    plans: list[Plan] = []
    for op in ("china-mobile", "china-unicom"):
        for region in ("北京", "上海", "浙江"):
            for days in (7, 15, 30):
                plans.append(make(op, region, days, rng.randrange(30, 300), rng.randrange(5, 90), 300))
            plans.append(dataclasses.replace(make(op, region, 1, 0, 3, 0), kind="trial", repeatable=False))
            pack = make(op, region, 30, rng.randrange(5, 30), rng.randrange(1, 20), 0)
            plans.append(dataclasses.replace(pack, name="加油包", kind="addon"))
            plans.append(dataclasses.replace(make(op, region, 7, 20, 0, 100), data_gb=None))
    for need in load_baskets().values():
        exhaustive = cheapest(plans, need, currency="CNY")[:5]
        fast = top_options(plans, need, top=5)
        assert [(o.operator, o.region, o.cost) for o in fast] == [
            (o.operator, o.region, o.cost) for o in exhaustive
        ]
        assert all(plan.kind != "trial" for o in fast for plan, _n in o.plans)
