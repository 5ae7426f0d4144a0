from __future__ import annotations

import dataclasses

from telcoradar.report import build_briefing
from telcoradar.report.blocks import BriefingInputs, Phrase, Sentence, fill
from telcoradar.report.briefing import pick_headlines
from telcoradar.report.evidence import Num


def test_headlines_come_from_the_facts(inputs: BriefingInputs) -> None:
    briefing = build_briefing(inputs, "zh")
    texts = [s.text for s in briefing.section("headlines").sentences]
    assert "中国移动 · 北京 · 灵动卡 · 30天：由 ¥280 降价至 ¥250（−10.7%）" in texts
    assert "新套餐 中国电信 · 上海 · 短期卡 · 7天，资费 ¥85" in texts
    assert "已下架：中国联通 · 浙江 · 浙江旅游卡 · 3天（原资费 ¥39）" in texts
    # a move whose source names nothing says its domain among the headlines
    assert "2025-05-16 · 中国联通 · 发布量子通信类新业务" in texts
    # the 2021 move is older than `since`, the undated one cannot be placed: neither is a headline
    assert not any("2021" in t or "5000万" in t for t in texts)
    assert [s.kind for s in briefing.headlines] == ["price_cut", "new", "launch"]


def test_english_briefing_uses_english_labels(inputs: BriefingInputs) -> None:
    briefing = build_briefing(inputs, "en")
    texts = [s.text for s in briefing.section("headlines").sentences]
    assert "China Mobile · Beijing · 灵动卡 · 30 days: price cut from CN¥280 to CN¥250 (−10.7%)" in texts
    assert "16 May 2025 · China Unicom launched a new offer in quantum" in texts
    assert briefing.section("tariffs").title == "Tariff comparison"


def test_every_linked_number_points_at_an_entry(inputs: BriefingInputs) -> None:
    briefing = build_briefing(inputs, "zh")
    numbers = {e.n for e in briefing.evidence}
    assert numbers == set(range(1, len(briefing.evidence) + 1))
    for section in briefing.sections:
        for sentence in section.sentences:
            for part in sentence.parts:
                if isinstance(part, Num):
                    assert part.ev in numbers
    price_cut = briefing.section("headlines").sentences[0]
    pct = next(p for p in price_cut.parts if isinstance(p, Num) and p.text.endswith("%"))
    derived = briefing.evidence[pct.ev - 1]
    assert derived.note and len(derived.inputs) == 2
    quotes = {briefing.evidence[i - 1].quote for i in derived.inputs}
    assert quotes == {"灵动卡\t30天\t280元\t80GB", "灵动卡\t30天\t250元\t80GB"}
    assert {briefing.evidence[i - 1].fetched for i in derived.inputs} == {"2025-03-15", "2025-05-20"}


def test_tariff_table_is_one_table_across_regions(inputs: BriefingInputs) -> None:
    section = build_briefing(inputs, "zh").section("tariffs")
    assert len(section.tables) == 1
    table = section.tables[0]
    assert table.title == "入境外籍来宾" and table.sortable
    assert table.columns[:4] == ("运营商", "地区", "套餐", "有效期")
    assert table.columns[-3:] == ("权益与折扣", "每GB价格", "每天价格")
    cells = [[c if isinstance(c, str) else c.text for c in row] for row in table.rows]
    assert cells[1] == [
        "中国移动",
        "北京",
        "灵动卡",
        "30天",
        "¥250",
        "80 GB",
        "100",
        "—",
        "—",
        "¥3.13",
        "¥8.33",
    ]
    assert [row[1] for row in cells] == ["北京", "北京", "上海"]
    assert table.starts == frozenset({0, 2})  # a new operator and region opens a group


def test_english_tariff_table_localizes_audience_and_keeps_names(inputs: BriefingInputs) -> None:
    table = build_briefing(inputs, "en").section("tariffs").tables[0]
    assert table.title == "inbound visitors"
    assert table.columns[4:6] == ("Price", "Domestic data")
    row = table.rows[2]
    assert row[:2] == ("China Telecom", "Shanghai")
    name = row[2]
    assert isinstance(name, Phrase)
    assert name.text == "短期卡 (short-term card)"
    assert isinstance(name.parts[0], Num) and name.parts[0].cls == "name"


def test_baskets_rank_cheapest_first(inputs: BriefingInputs) -> None:
    section = build_briefing(inputs, "zh").section("baskets")
    week = next(t for t in section.tables if t.title.startswith("入境访客 7 天轻度"))
    costs = [row[4].text for row in week.rows if isinstance(row[4], Num)]
    assert costs == ["¥85", "¥100"]


def test_hedonic_is_skipped_with_a_reason_when_plans_are_few(inputs: BriefingInputs) -> None:
    section = build_briefing(inputs, "en").section("hedonic")
    assert not section.tables
    # the same refusal `telcoradar hedonic` gives on these plans
    assert section.empty_reason == (
        "Skipped: the regression could not be fitted. hedonic: 3 plans for 4 terms; need at least 9"
    )


def test_domains_have_dated_fact_sentences_and_figures(inputs: BriefingInputs) -> None:
    briefing = build_briefing(inputs, "zh")
    domains = briefing.section("domains").subsections
    assert [d.title for d in domains] == ["量子通信", "短剧"]
    assert [s.text for s in domains[0].sentences] == [
        "2025-05-16 · 中国联通 · 发布新业务",
        "2021年 · 中国移动 · 投资新项目",
    ]
    assert [s.text for s in domains[1].sentences] == ["日期未注明 · 中国移动 · 投资新项目"]
    figures = briefing.section("figures").tables[0]
    values = [row[2].text for row in figures.rows if isinstance(row[2], Num)]
    assert values == ["2,011.5万人次", "504亿元", "680亿元"]
    growth = [row[4].text for row in figures.rows if isinstance(row[4], Num)]
    assert growth == ["112.3% 同比"]
    assert [caption for caption, svg in briefing.section("figures").charts if svg]


def test_english_domains_read_as_english(inputs: BriefingInputs) -> None:
    briefing = build_briefing(inputs, "en")
    quantum = briefing.section("domains").subsections[0]
    assert quantum.title == "Quantum"
    assert [s.text for s in quantum.sentences] == [
        "16 May 2025 · China Unicom launched a new offer",
        "2021 · China Mobile invested in a new venture",
    ]
    figures = briefing.section("figures").tables[0]
    assert [row[0].text for row in figures.rows if isinstance(row[0], Num)] == [
        "visa-free foreign entries",
        "micro-drama market size",
        "micro-drama market size",
    ]
    assert figures.rows[0][2].text == "20.115 m visits"  # type: ignore[union-attr]


def test_empty_store_says_so_instead_of_inventing(inputs: BriefingInputs) -> None:
    empty = dataclasses.replace(inputs, plans=[], changes=[], events=[], figures=[], sources={})
    briefing = build_briefing(empty, "en")
    assert briefing.evidence == []
    assert all(not s.sentences and not s.tables and not s.subsections for s in briefing.sections)
    assert all(s.empty_reason for s in briefing.sections)


def test_fill_splits_a_template_into_parts() -> None:
    n = Num("¥85", 3)
    assert fill("{plan}：资费 {price}。", plan="短期卡", price=n) == ("短期卡", "：资费 ", n, "。")
    assert pick_headlines([Sentence(("a",), "new"), Sentence(("b",), "price_cut")])[0].kind == "price_cut"


def test_a_validity_change_says_so(inputs: BriefingInputs) -> None:
    from telcoradar.analysis.moves import compare_pair

    before = inputs.changes[0].before or inputs.plans[0]
    after = dataclasses.replace(before, period_days=10, price=before.price + 20)
    change = compare_pair(before, after)
    assert change is not None
    briefing = build_briefing(dataclasses.replace(inputs, changes=[change]), "zh")
    text = briefing.section("headlines").sentences[0].text
    assert text == "中国移动 · 北京 · 灵动卡 · 10天：有效期由 7天 改为 10天，资费由 ¥100 变为 ¥120（+20%）"
