"""Cutting a document's text into plain and marked pieces."""

from __future__ import annotations

from telcoradar.web.highlight import Mark, Piece, pieces, valid


def test_pieces_cover_the_text_in_order() -> None:
    text = "上海移动熊猫卡7天90元，另有月租8.9元。"
    marks = [Mark("plan", 4, 12, "熊猫卡"), Mark("plan", 17, 21, "月租")]
    out = pieces(text, marks)
    assert "".join(p.text for p in out) == text
    assert [p.text for p in out if p.mark] == ["熊猫卡7天90元", "8.9元"]


def test_overlapping_marks_are_clipped_not_doubled() -> None:
    out = pieces("abcdefgh", [Mark("plan", 0, 5, "a"), Mark("event", 3, 8, "b")])
    assert out == [Piece("abcde", Mark("plan", 0, 5, "a")), Piece("fgh", Mark("event", 3, 8, "b"))]


def test_marks_outside_the_text_are_dropped() -> None:
    marks = [Mark("plan", 0, 3, ""), Mark("plan", 5, 99, ""), Mark("plan", 4, 4, "")]
    assert valid(marks, 10) == [Mark("plan", 0, 3, "")]
    assert pieces("", marks) == []
