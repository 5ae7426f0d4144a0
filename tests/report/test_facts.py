from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

from report.conftest import event
from telcoradar.report.blocks import Context, Phrase, Span
from telcoradar.report.evidence import EvidenceBook
from telcoradar.report.facts import event_fact, quoted_names
from telcoradar.report.i18n import translator


def _ctx(lang: str) -> Context:
    return Context(lang, EvidenceBook(), translator(lang))


def test_a_launch_with_partners_reads_from_its_fields() -> None:
    move = dataclasses.replace(
        event(
            "北京联通与两家银行发布“畅游通”终端与“幂方卡”。",
            "china-unicom",
            "launch",
            "inbound_travel",
            dt.date(2025, 3, 1),
        ),
        counterparties=("中国银联", "北京银行"),
    )
    assert (
        event_fact(_ctx("zh"), move).text
        == "2025-03-01 · 中国联通 · 联合中国银联、北京银行发布“畅游通”、“幂方卡”"
    )
    english = event_fact(_ctx("en"), move)
    assert english.text == (
        "1 Mar 2025 · China Unicom launched 畅游通 (Changyoutong travel terminal), 幂方卡 (CUBe Card)"
        " with UnionPay, Bank of Beijing"
    )
    spans = [q for p in english.parts if isinstance(p, Phrase) for q in p.parts]
    names = [s.text for p in spans if isinstance(p, Phrase) for s in p.parts if isinstance(s, Span)]
    names += [s.text for s in spans if isinstance(s, Span)]
    assert names == ["畅游通", "幂方卡", "UnionPay", "Bank of Beijing"]  # marked as names, kept as written


def test_month_precision_and_amounts() -> None:
    move = dataclasses.replace(
        event(
            "中国移动设立共创扶持资金。",
            "china-mobile",
            "investment",
            "short_drama",
            dt.date(2025, 5, 1),
            "month",
        ),
        amount=Decimal(50000000),
        currency="CNY",
    )
    assert event_fact(_ctx("zh"), move).text == "2025-05 · 中国移动 · 投资新项目，金额5,000万元"
    assert event_fact(_ctx("en"), move).text == "2025-05 · China Mobile invested CNY 50 m in a new venture"
    own = event_fact(_ctx("en"), move, with_operator=False)
    assert own.text == "2025-05 · Invested CNY 50 m in a new venture"


def test_only_product_names_and_titles_are_taken_from_quotes() -> None:
    assert quoted_names("助力打造“中国入境旅游首选地”，发布“畅游通”") == ["畅游通"]
    assert quoted_names("联合制作韩语短剧《第十九年》") == ["第十九年"]
    assert quoted_names("以“手机 + 密信 + SIM 卡”为核心") == []
