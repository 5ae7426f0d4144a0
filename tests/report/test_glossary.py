from __future__ import annotations

import pytest

from telcoradar.report.glossary import (
    GlossaryError,
    glossary,
    is_product_name,
    measure_english,
    parse,
    plan_english,
    unit_word,
)


def test_plan_names_in_english() -> None:
    assert plan_english("熊猫卡") == "Panda Card"
    assert plan_english("浙江旅游卡 50GB") == "Zhejiang Travel Card 50GB"
    assert plan_english("灵动卡 Smart Card") is None  # bilingual already
    assert plan_english("Tourist SIM 5-Day") is None
    assert plan_english("未收录的卡") is None


def test_figure_labels_whole_or_term_by_term() -> None:
    assert measure_english("全国口岸免签入境外国人") == "visa-free entries by foreigners"
    assert measure_english("中国微短剧市场规模") == "China micro-drama market size"
    assert measure_english("5G基站数") == "5G base stations"
    assert measure_english("某某指标") is None  # a word left over: the label stays as written


def test_units_and_product_names() -> None:
    assert unit_word("person-trips", "en") == "visits" and unit_word("person-trips", "zh") == "人次"
    assert unit_word("EFLOPS", "en") == "EFLOPS"
    assert is_product_name("畅游通") and is_product_name("魔都 WiFi")
    assert not is_product_name("中国入境旅游首选地")


def test_the_file_is_checked() -> None:
    assert glossary().plans["熊猫卡"] == "Panda Card"
    with pytest.raises(GlossaryError, match="unknown section 'extra'"):
        parse({"extra": {}})
    with pytest.raises(GlossaryError, match=r"\[plans\] must map text to text"):
        parse({"plans": {"卡": 1}})
    with pytest.raises(GlossaryError, match=r"needs 'english\|chinese'"):
        parse({"units": {"people": "people"}})
