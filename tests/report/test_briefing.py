from __future__ import annotations

import dataclasses

from telcoradar.report import build_briefing
from telcoradar.report.briefing import BriefingInputs, Sentence, fill, pick_headlines
from telcoradar.report.evidence import Num


def test_headlines_come_from_the_facts(inputs: BriefingInputs) -> None:
    briefing = build_briefing(inputs, "zh")
    texts = [s.text for s in briefing.section("headlines").sentences]
    assert "中国移动 · 北京 · 灵动卡 · 30天：由 ¥280 降价至 ¥250（−10.7%）" in texts
    assert "新套餐 中国电信 · 上海 · 短期卡 · 7天，资费 ¥85" in texts
    assert "已下架：中国联通 · 浙江 · 浙江旅游卡 · 3天（原资费 ¥39）" in texts
    # the 2021 move is older than `since`, the undated one cannot be placed: neither is a headline
    assert not any("2021" in t or "5000万" in t for t in texts)
    assert [s.kind for s in briefing.headlines] == ["price_cut", "new", "launch"]


def test_english_briefing_uses_english_labels(inputs: BriefingInputs) -> None:
    briefing = build_briefing(inputs, "en")
    texts = [s.text for s in briefing.section("headlines").sentences]
    assert "China Mobile · Beijing · 灵动卡 · 30 days: price cut from CN¥280 to CN¥250 (−10.7%)" in texts
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


def test_tariff_table_adds_price_per_gb_and_per_day(inputs: BriefingInputs) -> None:
    section = build_briefing(inputs, "zh").section("tariffs")
    beijing = next(t for t in section.tables if t.title == "入境外籍来宾 · 北京")
    row = next(r for r in beijing.rows if isinstance(r[2], Num) and r[2].text == "30")
    cells = [c.text if isinstance(c, Num) else c for c in row]
    assert cells == ["中国移动", "灵动卡", "30", "¥250", "80 GB", "100", "—", "¥3.13", "¥8.33"]


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


def test_domains_side_by_side_and_figures(inputs: BriefingInputs) -> None:
    briefing = build_briefing(inputs, "zh")
    domains = briefing.section("domains").tables[0]
    assert domains.columns[0] == "领域"
    assert {str(row[0]) for row in domains.rows} == {"量子通信", "短剧"}
    figures = briefing.section("figures").tables[0]
    values = [row[2].text for row in figures.rows if isinstance(row[2], Num)]
    assert values == ["2,011.5万人次", "504亿元", "680亿元"]
    growth = [row[4].text for row in figures.rows if isinstance(row[4], Num)]
    assert growth == ["112.3% 同比"]
    assert [caption for caption, svg in briefing.section("figures").charts if svg]


def test_empty_store_says_so_instead_of_inventing(inputs: BriefingInputs) -> None:
    empty = dataclasses.replace(inputs, plans=[], changes=[], events=[], figures=[], sources={})
    briefing = build_briefing(empty, "en")
    assert briefing.evidence == []
    assert all(not s.sentences and not s.tables for s in briefing.sections)
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
