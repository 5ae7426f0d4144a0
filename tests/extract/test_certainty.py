"""Confidence and flags: each signal the extractor has of reading less than it states lowers a fact."""

from __future__ import annotations

import datetime as dt

from telcoradar.extract import extract
from telcoradar.extract.certainty import confidence, flagged
from telcoradar.model import Document, Plan


def facts(text: str, title: str = "", **context: object) -> tuple[list[Plan], list, list]:  # type: ignore[type-arg]
    found = extract(Document(source="t", text=text, title=title, **context))  # type: ignore[arg-type]
    return list(found.plans), list(found.events), list(found.figures)


def by_name(plans: list[Plan]) -> dict[str, Plan]:
    return {p.name: p for p in plans}


def test_a_table_row_that_states_everything_is_certain() -> None:
    plans, _, _ = facts("套餐名\t运营商\t有效期\t资费\t流量\n漫游卡\t上海移动\t7天\t90元\t20GB\n")
    assert [(p.name, p.confidence, p.flags) for p in plans] == [("漫游卡", 1.0, ())]


def test_an_operator_from_the_heading_and_a_period_from_the_page_are_flagged() -> None:
    text = (
        "## 上海移动\n\n套餐\t资费\t流量\n畅聊卡\t39元\t10GB\n畅享卡\t59元\t20GB\n\n"
        "以上套餐均按月计费，每月39元起。"
    )
    plans = by_name(facts(text)[0])
    assert plans["畅聊卡"].period_days == 30
    assert plans["畅聊卡"].flags == ("operator_inferred", "period_guessed")
    assert plans["畅聊卡"].confidence == round(0.85 * 0.8, 2)


def test_a_bare_amount_takes_the_markets_currency_and_says_so() -> None:
    plans, _, _ = facts("csl.\n\nPlan\tPrice\tData\nSIM A\t$98\t5GB\n", url="https://www.hkcsl.com/en/plans")
    assert (plans[0].currency, plans[0].flags) == ("HKD", ("operator_inferred", "currency_inferred"))
    stated, _, _ = facts(
        "csl.\n\nPlan\tPrice\tData\nSIM A\tHK$98\t5GB\n", url="https://www.hkcsl.com/en/plans"
    )
    assert "currency_inferred" not in stated[0].flags


def test_prose_tiers_named_apart_and_a_conflicting_restatement() -> None:
    text = (
        "套餐名\t运营商\t有效期\t资费\t流量\t通话\n"
        "旅游卡\t浙江联通\t15天\t159元\t40GB\t300分钟\n"
        "旅游卡\t浙江联通\t15天\t80元\t40GB\t200分钟\n"
        "漫游卡\t浙江联通\t7天\t90元\t20GB\t100分钟\n\n"
        "浙江联通的漫游卡7天只要95元。另有一张畅游卡，30天150元，含50GB流量。\n"
    )
    plans = by_name(facts(text)[0])
    assert plans["旅游卡 300分钟"].flags == ("name_made_up",)
    assert plans["旅游卡 300分钟"].confidence == 0.8
    assert plans["漫游卡"].flags == ("conflicting_values",) and plans["漫游卡"].price == 90
    assert "prose" in plans["畅游卡"].flags and plans["畅游卡"].confidence < 1


def test_an_event_dated_by_its_dateline_and_a_figure_by_the_documents_year() -> None:
    _, events, _ = facts(
        "北京讯 3月5日消息，中国联通与某银行签署战略合作协议。", published=dt.date(2025, 3, 5)
    )
    assert [(e.date, e.flags, e.confidence) for e in events] == [
        (dt.date(2025, 3, 5), ("date_from_context",), 0.8)
    ]
    _, _, guessed = facts("据测算，中国微短剧市场规模达到504亿元。", published=dt.date(2025, 3, 5))
    _, _, stated = facts("2024年，中国微短剧市场规模达到504亿元。", published=dt.date(2025, 3, 5))
    assert [(f.year, f.flags) for f in guessed] == [(2025, ("year_guessed",))]
    assert [(f.year, f.flags, f.confidence) for f in stated] == [(2024, (), 1.0)]


def test_flags_multiply_and_are_added_once() -> None:
    assert confidence(()) == 1.0 and confidence(("prose", "period_guessed")) == 0.72
    plan = facts("套餐名\t运营商\t有效期\t资费\n漫游卡\t上海移动\t7天\t90元\n")[0][0]
    twice = flagged(flagged(plan, "prose"), "prose", "period_guessed")
    assert (twice.flags, twice.confidence) == (("prose", "period_guessed"), 0.72)
