from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from telcoradar.report import charts
from telcoradar.report.briefing import BriefingInputs, Context
from telcoradar.report.evidence import EvidenceBook
from telcoradar.report.i18n import translator


@pytest.fixture
def ctx() -> Context:
    return Context("zh", EvidenceBook(), translator("zh"))


def _is_text_svg(svg: str) -> bool:
    """An SVG whose labels are <text> elements, not glyph outlines."""
    return svg.startswith("<svg") and "<text" in svg and "DejaVuSans-" not in svg and 'class="chart"' in svg


def test_price_per_gb_chart(ctx: Context, inputs: BriefingInputs) -> None:
    svg = charts.per_gb(ctx, inputs.plans)
    assert _is_text_svg(svg)
    assert ">中国移动</text>" in svg and ">有效期（天）</text>" in svg


def test_basket_chart(ctx: Context) -> None:
    svg = charts.baskets(
        ctx, [("入境访客 7 天", "中国电信", Decimal(85)), ("入境访客 7 天", "中国移动", Decimal(100))]
    )
    assert _is_text_svg(svg) and ">入境访客 7 天</text>" in svg
    assert charts.baskets(ctx, []) == ""


def test_timeline_and_activity(ctx: Context, inputs: BriefingInputs) -> None:
    svg = charts.timeline(ctx, inputs.events)
    assert _is_text_svg(svg) and ">中国联通</text>" in svg and ">发布</text>" in svg
    heat = charts.activity(ctx, inputs.events, ["china-mobile", "china-unicom"])
    assert _is_text_svg(heat) and ">量子通信</text>" in heat and ">短剧</text>" in heat


def test_figures_draw_forecasts_hatched(ctx: Context, inputs: BriefingInputs) -> None:
    svg = charts.figures(ctx, inputs.figures)
    assert _is_text_svg(svg)
    assert ">微短剧市场规模</text>" in svg and ">亿元</text>" in svg
    assert "<pattern" in svg  # forecasts are hatched
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
