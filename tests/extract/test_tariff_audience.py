"""Who a plan is for, from its own words, its table's caption, its section or the page title."""

from __future__ import annotations

from telcoradar.extract.plans import extract_plans
from telcoradar.extract.plans.audience import audience_of, first_audience
from telcoradar.extract.plans.tables import text_tables
from telcoradar.model import Document


def doc(text: str, title: str = "") -> Document:
    return Document(source="test", text=text, tables=tuple(text_tables(text, [])), title=title)


def test_audience_words_in_chinese_and_english() -> None:
    assert audience_of("深圳外籍来宾短期卡") == "inbound_visitors"
    assert audience_of("旅遊卡") == "inbound_visitors"
    assert audience_of("Prepaid SIM for visitors") == "inbound_visitors"
    assert audience_of("Travel SIM") == "inbound_visitors"
    assert audience_of("TravelPass") is None  # roaming for one's own customers abroad
    assert audience_of("5G畅享套餐（校园版）") == "students"
    assert audience_of("Student plan") == "students"
    assert audience_of("长者卡") == "seniors"
    assert audience_of("天翼全家享") == "family"
    assert audience_of("Family plan") == "family"
    assert audience_of("5G智享套餐") is None


def test_a_section_that_joins_groups_names_none() -> None:
    assert audience_of("csl 本地及旅客儲值卡", section=True) is None
    assert audience_of("local and tourist SIMs", section=True) is None
    assert audience_of("旅客儲值卡", section=True) == "inbound_visitors"
    assert first_audience(("畅游卡", "7天 20GB"), ("", "入境旅游卡 - 中国移动")) == "inbound_visitors"
    assert first_audience(("学生卡",), ("入境旅游卡",)) == "students"  # the plan's own words first


def test_table_plans_take_the_audience_of_their_name_cell_caption_or_title() -> None:
    text = "套餐\t资费\t流量\t适用人群\n青春卡\t19元/月\t30GB\t18-24岁学生\n畅聊卡\t29元/月\t20GB\t新入网用户"
    plans = extract_plans(doc(text, title="江苏联通套餐"))
    assert [(p.name, p.audience) for p in plans] == [("青春卡", "students"), ("畅聊卡", "新入网用户")]
    text = "套餐\t资费\t流量\n熊猫卡\t90元\t30GB\n畅行卡\t70元\t30GB"
    plans = extract_plans(doc(text, title="入境短期通信套餐资费一览"))
    assert {p.audience for p in plans} == {"inbound_visitors"}


def test_prose_plans_take_the_audience_of_their_section_or_paragraph() -> None:
    text = "# 上海电信\n上海电信为外籍来华人员提供双语服务。产品上，推出欢迎流量卡，售价30元，含10GB流量。\n"
    text += (
        "# 广东移动\n广东移动推出“全家享”融合套餐，每月169元，含40GB流量。用户可以每月10元订购5GB流量包。\n"
    )
    plans = extract_plans(doc(text))
    assert [(p.name, p.audience) for p in plans] == [
        ("欢迎流量卡", "inbound_visitors"),
        ("全家享", "family"),
        ("5GB流量包", None),  # the sentence before it prices another plan: it says nothing of this one
    ]
