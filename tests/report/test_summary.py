from __future__ import annotations

import dataclasses

from evidence_links import check_evidence_links
from telcoradar.report import build_briefing, render_html
from telcoradar.report.blocks import BriefingInputs
from telcoradar.report.evidence import Num


def test_summary_sentences_come_from_the_facts(inputs: BriefingInputs) -> None:
    summary = build_briefing(inputs, "zh").section("summary")
    assert [s.text for s in summary.sentences] == [
        "中国移动 · 北京 · 灵动卡 · 30天 由 ¥280 降至 ¥250（−10.7%），为本期最大降价之一。",
        "自 2025-03-16 以来：新套餐 1 个，下架 1 个。",
        "入境访客 7 天轻度使用（5 GB、30 分钟）：中国电信最便宜（上海，¥85），"
        "比次低的中国移动（¥100）便宜 ¥15（15%）。",
        "ITU 移动宽带（仅数据，2 GB，30 天）：中国移动最便宜（北京，¥250），"
        "比次低的中国电信（¥425）便宜 ¥175（41.2%）。",
        "入境访客 15 天轻度使用（10 GB、60 分钟）：中国移动最便宜（北京，¥250），"
        "比次低的中国电信（¥255）便宜 ¥5（2%）。",
        "量子通信领域共 1 项发布：中国联通1项。",
        "微短剧市场规模由 2024 年的 504亿元 预计增至 2025 年的 680亿元。",
        "2024 年免签入境外国人达 2,011.5万人次，同比增长 112.3%。",
    ]


def test_summary_numbers_link_to_their_quotes(inputs: BriefingInputs) -> None:
    briefing = build_briefing(inputs, "en")
    summary = briefing.section("summary")
    assert 5 <= len(summary.sentences) <= 8
    linked = [p for s in summary.sentences for p in s.parts if isinstance(p, Num)]
    assert len(linked) >= 5
    cheapest = summary.sentences[2]
    assert cheapest.text == (
        "Visitor, 7 days, light use (5 GB, 30 min): China Telecom is cheapest (Shanghai, CN¥85),"
        " CN¥15 (15%) below the next operator, China Mobile (CN¥100)."
    )
    cost = next(p for p in cheapest.parts if isinstance(p, Num) and p.text == "CN¥85")
    assert briefing.evidence[cost.ev - 1].quote == "短期卡\t7天\t85元\t20GB"
    gap = next(p for p in cheapest.parts if isinstance(p, Num) and p.text == "CN¥15")
    derived = briefing.evidence[gap.ev - 1]
    assert {briefing.evidence[i - 1].quote for i in derived.inputs} == {
        "短期卡\t7天\t85元\t20GB",
        "灵动卡\t7天\t100元\t30GB",
    }
    _linked, unlinked, missing = check_evidence_links(render_html(briefing))
    assert unlinked == [] and missing == []


def test_summary_says_nothing_the_data_does_not_support(inputs: BriefingInputs) -> None:
    bare = dataclasses.replace(inputs, changes=[], figures=[], events=[])
    texts = [s.text for s in build_briefing(bare, "en").section("summary").sentences]
    assert not any("cut" in t or "launch" in t.lower() or "market" in t for t in texts)
    assert all("cheapest" in t for t in texts)  # only the baskets remain
    empty = dataclasses.replace(bare, plans=[])
    section = build_briefing(empty, "en").section("summary")
    assert section.sentences == [] and section.empty_reason
