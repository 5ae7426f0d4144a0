"""The kind of a plan (base, addon, trial, auto) from its name, price, words around it and page."""

from __future__ import annotations

from decimal import Decimal

from telcoradar.extract.plans import extract_plans
from telcoradar.extract.plans.kinds import infer_kind, plan_kind
from telcoradar.model import Document


def test_the_name_says_it_first() -> None:
    assert plan_kind("10GB 流量加油包", "每月自动续订", Decimal(10)) == "addon"
    assert plan_kind("新用户体验卡", "", Decimal(5)) == "trial"
    assert plan_kind("超量自动叠加包", "", Decimal(3)) == "auto"
    assert infer_kind("包月畅享套餐") == "base"


def test_a_free_plan_is_a_trial() -> None:
    assert plan_kind("5GB 新卡", "开卡即送", Decimal(0)) == "trial"


def test_the_words_around_the_price() -> None:
    assert plan_kind("", "可在主套餐之外加购：5GB 10元，7天有效", Decimal(10)) == "addon"
    assert plan_kind("", "套餐流量用尽后超出后自动按 1GB 5元 计收", Decimal(5)) == "auto"
    assert plan_kind("", "限新客户，每人限办一次，9元得 20GB", Decimal(9)) == "trial"
    assert plan_kind("Starter", "Buy 5GB for $5 on top of any monthly plan", Decimal(5)) == "addon"
    assert plan_kind("Home 50", "50GB a month for $30, with a free router", Decimal(30)) == "base"


def test_data_plans_of_a_prepaid_card_are_packs() -> None:
    text = (
        "儲值卡上網組合\n"
        "買了儲值卡之後，可以另選下列上網組合：\n"
        "3GB 上網 30日 港幣 38元\n"
        "8GB 上網 30日 港幣 78元\n"
    )
    plans = extract_plans(Document(source="test", text=text, title="上網組合"))
    assert [(p.price, p.kind) for p in plans] == [(Decimal(38), "addon"), (Decimal(78), "addon")]


def test_a_monthly_plan_with_minutes_stays_base() -> None:
    text = "月費計劃\n港幣 168元 每月 20GB 本地數據 及 1000 分鐘通話\n"
    plans = extract_plans(Document(source="test", text=text, title="月費計劃"))
    assert [(p.price, p.kind) for p in plans] == [(Decimal(168), "base")]


def test_a_column_of_hours_keeps_its_place() -> None:
    # a day pass beside an hour pass: the hour pass has no count of days, the day pass keeps its own
    text = (
        "上網日租\n"
        "種類 2小時 48小時(2日)\n"
        "有效期 連續2小時 連續48小時\n"
        "售價 30元 90元\n"
    )
    plans = extract_plans(Document(source="test", text=text, title="上網日租"))
    assert [(p.price, p.period_days) for p in plans] == [(Decimal(30), None), (Decimal(90), 2)]
