"""Han text spaced a character apart is read closed up and quoted as written."""

from __future__ import annotations

from telcoradar.extract.lang.spaced import closed_up
from telcoradar.extract.plans import extract_plans
from telcoradar.model import Document

SPACED = "數 碼 通 月 費 計 劃\n計 劃 一 : 月 費 $ 98 , 本 地 數 據 10GB , 通 話 500 分 鐘\n" * 3


def test_a_spaced_page_is_closed_up_and_every_offset_goes_back() -> None:
    doc = Document(source="t", text=SPACED)
    found = closed_up(doc)
    assert found is not None
    closed, back = found
    assert closed.text.startswith("數碼通月費計劃\n計劃一 : 月費 $ 98")
    assert len(back) == len(closed.text) + 1
    assert all(doc.text[back[i]] == ch for i, ch in enumerate(closed.text))


def test_plans_of_a_spaced_page_quote_the_original_text() -> None:
    doc = Document(source="t", text=SPACED)
    plans = extract_plans(doc)
    assert [(p.price, p.currency, p.data_gb, p.voice_min) for p in plans][:1] == [(98, "HKD", 10, 500)]
    for p in plans:
        assert doc.text[p.evidence.start : p.evidence.end] == p.evidence.quote
        assert "月 費 $ 98" in p.evidence.quote


def test_ordinary_chinese_text_is_left_alone() -> None:
    assert closed_up(Document(source="t", text="中国移动 5G套餐 月租 128 元，含 30GB 流量。" * 5)) is None
