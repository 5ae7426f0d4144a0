from __future__ import annotations

import datetime as dt

import pytest

from telcoradar.read.writer import TextWriter, caption_like, find_date, squash


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("发布时间：2025年5月16日 10:00", dt.date(2025, 5, 16)),
        ("2025 年 5 月 6 日", dt.date(2025, 5, 6)),
        ("更新于 2025-05-16T09:30:00+08:00", dt.date(2025, 5, 16)),
        ("2025/5/9", dt.date(2025, 5, 9)),
        ("2025.05.09", dt.date(2025, 5, 9)),
        ("Updated 12 May 2025", dt.date(2025, 5, 12)),
        ("Published on June 3, 2024 by csl", dt.date(2024, 6, 3)),
        ("2025-13-45 is no date, 2025-02-03 is", dt.date(2025, 2, 3)),
        ("Mayday 12 2025", None),
        ("价格 2025元", None),
        ("电话 12025-05-16", None),
    ],
)
def test_find_date(text: str, date: dt.date | None) -> None:
    assert find_date(text) == date


def test_squash() -> None:
    assert squash("  熊猫卡\n  资费\u3000 90\xa0元\u200b ") == "熊猫卡资费 90 元"
    assert squash("SIM\nOnly  plan") == "SIM Only plan"


@pytest.mark.parametrize(
    ("line", "heading", "expected"),
    [
        ("表1 部分省市运营商的入境短期套餐资费", False, True),
        ("Table 2: SIM only plans", False, True),
        ("各档资费如下：", False, True),
        ("上海移动推出熊猫卡。", False, False),
        ("一个很长的小标题" * 12, True, False),
        ("资费说明", True, True),
        ("a\tb", False, False),
        ("", True, False),
    ],
)
def test_caption_like(line: str, heading: bool, expected: bool) -> None:
    assert caption_like(line, heading) is expected


def test_writer_offsets() -> None:
    out = TextWriter()
    out.line("标题", heading=True)
    table = out.table([["套餐", "资费"], ["熊猫卡", "90元"]])
    assert table is not None and table.caption == "标题"
    assert out.table([]) is None
    text = out.text()
    assert text == "标题\n套餐\t资费\n熊猫卡\t90元\n"
    assert text[table.start : table.end] == "套餐\t资费\n熊猫卡\t90元"
