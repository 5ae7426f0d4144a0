from __future__ import annotations

from telcoradar.report import build_briefing, render_html
from telcoradar.report.blocks import BriefingInputs


def test_one_section_per_operator(inputs: BriefingInputs) -> None:
    operators = build_briefing(inputs, "zh").section("operators")
    assert [s.title for s in operators.subsections] == ["中国移动", "中国联通", "中国电信"]
    assert all(s.cls == "operator" for s in operators.subsections)
    mobile = {s.title: [x.text for x in s.sentences] for s in operators.subsections[0].subsections}
    assert mobile["在售套餐"] == ["北京 · 灵动卡：7天 ¥100 · 30天 ¥250"]
    assert mobile["用量篮子排名与溢价"][:2] == [
        "ITU 移动宽带（仅数据，2 GB，30 天）：在 2 家运营商中排第 1，¥250（北京）",
        "入境访客 7 天轻度使用（5 GB、30 分钟）：在 2 家运营商中排第 2，¥100（北京）",
    ]
    # the 2021 move is older than the period; the undated one cannot be placed in it
    assert "本期动向" not in mobile
    unicom = {s.title: [x.text for x in s.sentences] for s in operators.subsections[1].subsections}
    assert unicom == {"本期动向": ["量子通信 · 2025-05-16 · 发布新业务"]}


def test_operator_sections_in_english_html(inputs: BriefingInputs) -> None:
    html = render_html(build_briefing(inputs, "en"))
    assert html.count('class="operator"') == 3
    assert '<section id="op-china-unicom" class="operator">' in html
    assert 'Quantum · <a class="ev" href="#ev-' in html and "· Launched a new offer" in html
