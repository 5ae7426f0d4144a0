"""Plain facts for briefing tests: two captures of a few visitor cards, moves and market figures."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from telcoradar.analysis.moves import diff
from telcoradar.model import Event, Evidence, Figure, Plan
from telcoradar.report.blocks import BriefingInputs
from telcoradar.report.evidence import SourceInfo

MARCH, MAY = "a" * 64, "b" * 64
ARTICLE = "c" * 64


def plan(
    name: str,
    days: int,
    price: str,
    gb: int,
    sha: str,
    operator: str = "china-mobile",
    region: str = "北京",
    audience: str | None = "入境外籍来宾",
    currency: str = "CNY",
) -> Plan:
    quote = f"{name}\t{days}天\t{price}元\t{gb}GB"
    return Plan(
        operator=operator,
        operator_name=operator,
        region=region,
        name=name,
        price=Decimal(price),
        currency=currency,
        period_days=days,
        evidence=Evidence(quote, 0, len(quote), sha),
        data_gb=Decimal(gb),
        voice_min=100,
        audience=audience,
    )


def event(
    sentence: str, operator: str, kind: str, domain: str, day: dt.date | None, precision: str | None = "day"
) -> Event:
    return Event(
        operators=(operator,),
        kind=kind,
        domain=domain,
        sentence=sentence,
        evidence=Evidence(sentence, 10, 10 + len(sentence), ARTICLE),
        date=day,
        date_precision=precision,  # type: ignore[arg-type]
    )


def figure(
    quote: str,
    measure: str,
    value: str,
    unit: str,
    year: int,
    forecast: bool = False,
    growth: str | None = None,
) -> Figure:
    return Figure(
        measure=measure,
        value=Decimal(value),
        unit=unit,
        evidence=Evidence(quote, 0, len(quote), ARTICLE),
        year=year,
        forecast=forecast,
        growth_rate=Decimal(growth) if growth else None,
        growth_kind="yoy" if growth else None,
        currency=unit if unit == "CNY" else None,
    )


def make_inputs() -> BriefingInputs:
    before = [
        plan("灵动卡", 7, "100", 30, MARCH),
        plan("灵动卡", 30, "280", 80, MARCH),
        plan("浙江旅游卡", 3, "39", 10, MARCH, operator="china-unicom", region="浙江"),
    ]
    after = [
        plan("灵动卡", 7, "100", 30, MAY),
        plan("灵动卡", 30, "250", 80, MAY),
        plan("短期卡", 7, "85", 20, MAY, operator="china-telecom", region="上海"),
    ]
    events = [
        event(
            "2025年5月16日，中国联通推出抗量子安全手机。",
            "china-unicom",
            "launch",
            "quantum",
            dt.date(2025, 5, 16),
        ),
        event(
            "咪咕数媒设立5000万元的共创扶持资金。", "china-mobile", "investment", "short_drama", None, None
        ),
        event(
            "2021年，中国移动成立量子合资公司。",
            "china-mobile",
            "investment",
            "quantum",
            dt.date(2021, 1, 1),
            "year",
        ),
    ]
    figures = [
        figure("2024年中国微短剧市场规模为504亿元", "微短剧市场规模", "50400000000", "CNY", 2024),
        figure("预计2025年将超过680亿元", "微短剧市场规模", "68000000000", "CNY", 2025, forecast=True),
        figure(
            "免签入境外国人达2011.5万人次，同比增长112.3%",
            "免签入境外国人",
            "20115000",
            "visits",
            2024,
            growth="112.3",
        ),
    ]
    sources = {
        MARCH: SourceInfo(MARCH, "demo://bj.html", dt.datetime(2025, 3, 15, tzinfo=dt.UTC), "北京移动"),
        MAY: SourceInfo(MAY, "demo://bj.html", dt.datetime(2025, 5, 20, tzinfo=dt.UTC), "北京移动"),
        ARTICLE: SourceInfo(ARTICLE, "demo://news.md", dt.datetime(2025, 5, 20, tzinfo=dt.UTC), "新闻"),
    }
    return BriefingInputs(
        plans=after,
        changes=diff(before, after, dt.date(2025, 5, 20)),
        events=events,
        figures=figures,
        sources=sources,
        since=dt.date(2025, 3, 16),
        as_of=dt.date(2025, 5, 20),
    )


@pytest.fixture
def inputs() -> BriefingInputs:
    return make_inputs()
