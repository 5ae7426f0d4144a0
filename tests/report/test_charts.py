from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from telcoradar.report import charts
from telcoradar.report.blocks import BriefingInputs, Context
from telcoradar.report.evidence import EvidenceBook
from telcoradar.report.i18n import translator


@pytest.fixture
def ctx() -> Context:
    return Context("zh", EvidenceBook(), translator("zh"))


def _is_text_svg(svg: str) -> bool:
    """An SVG whose labels are <text> elements, not glyph outlines."""
    return svg.startswith("<svg") and "<text" in svg and "DejaVuSans-" not in svg and 'class="chart"' in svg


def test_price_per_gb_chart_compares_operators_within_regions(ctx: Context, inputs: BriefingInputs) -> None:
    svg = charts.per_gb(ctx, inputs.plans)
    assert _is_text_svg(svg)
    assert ">各地区内各运营商每GB价格</text>" in svg  # title
    assert ">地区</text>" in svg and ">每GB价格（元），该运营商在该地区套餐的中位数</text>" in svg  # axes
    assert ">北京</text>" in svg and ">上海</text>" in svg  # one row a region
    assert ">中国移动</text>" in svg and ">中国电信</text>" in svg  # one colour an operator
    assert ">来源：1 份采集文档，原文见“来源与证据”</text>" in svg  # source line: both plans from one capture


def test_english_charts_speak_english(inputs: BriefingInputs) -> None:
    en = Context("en", EvidenceBook(), translator("en"))
    svg = charts.per_gb(en, inputs.plans)
    assert ">Price per GB by operator, within each region</text>" in svg
    assert ">Beijing</text>" in svg and ">China Mobile</text>" in svg and ">Region</text>" in svg
    figures = charts.figures(en, inputs.figures)
    assert ">micro-drama market size</text>" in figures and ">CNY (bn)</text>" in figures
    assert ">Year</text>" in figures


def test_basket_chart(ctx: Context) -> None:
    svg = charts.baskets(
        ctx, [("入境访客 7 天", "中国电信", Decimal(85)), ("入境访客 7 天", "中国移动", Decimal(100))]
    )
    assert _is_text_svg(svg) and ">入境访客 7 天</text>" in svg
    assert (
        ">各运营商满足用量篮子的最低费用</text>" in svg
        and ">费用（元）</text>" in svg
        and ">用量篮子</text>" in svg
    )
    assert ">来源：上方资费表</text>" in svg
    assert charts.baskets(ctx, []) == ""


def test_timeline_labels_the_largest_moves(ctx: Context, inputs: BriefingInputs) -> None:
    import dataclasses

    named = dataclasses.replace(inputs.events[0], sentence="中国联通推出“畅游通”终端。")
    svg = charts.timeline(ctx, [named, *inputs.events[1:]])
    assert _is_text_svg(svg) and ">中国联通</text>" in svg and ">发布</text>" in svg
    assert ">各运营商动向时间线</text>" in svg and ">动向日期</text>" in svg and ">运营商</text>" in svg
    assert ">畅游通</text>" in svg  # the move is labelled with what it launched
    assert ">来源：1 份采集文档，原文见“来源与证据”</text>" in svg
    heat = charts.activity(ctx, inputs.events, ["china-mobile", "china-unicom"])
    assert _is_text_svg(heat) and ">量子通信</text>" in heat and ">短剧</text>" in heat
    assert ">各领域运营商动向数</text>" in heat and ">领域</text>" in heat


def test_figures_draw_only_series_of_two_points_or_more(ctx: Context, inputs: BriefingInputs) -> None:
    svg = charts.figures(ctx, inputs.figures)
    assert _is_text_svg(svg)
    assert ">微短剧市场规模</text>" in svg and ">亿元</text>" in svg
    assert ">市场数据逐年变化（斜线为预测值）</text>" in svg and ">年份</text>" in svg
    assert "<pattern" in svg  # forecasts are hatched
    assert ">免签入境外国人</text>" not in svg  # one year only: a number in the table, not a chart
    assert charts.figures(ctx, inputs.figures[2:]) == ""
    assert charts.figures(ctx, []) == ""


def test_charts_aggregate_large_inputs(ctx: Context, inputs: BriefingInputs) -> None:
    import dataclasses

    many = [
        dataclasses.replace(inputs.plans[0], price=Decimal(100 + i % 50), period_days=7 + i % 3)
        for i in range(5000)
    ]
    svg = charts.per_gb(ctx, many)
    assert svg.count("<use") < 100  # one marker per operator and validity, not per plan
    assert charts.timeline(ctx, [dataclasses.replace(inputs.events[0], date=dt.date(2025, 1, 1))])
