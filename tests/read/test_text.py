from __future__ import annotations

import datetime as dt

from telcoradar.read.text import find_tables, read_markdown, read_text

from .conftest import FIXTURES

TABLE1 = (FIXTURES / "table1.txt").read_bytes()
MARKDOWN = (FIXTURES / "tariffs.md").read_bytes()


def test_tab_separated_table_with_continuation_rows() -> None:
    doc = read_text(TABLE1, "report.txt")
    assert doc.text == TABLE1.decode("utf-8")  # verbatim
    (table,) = doc.tables
    assert table.caption == "表1 部分省市运营商的入境短期套餐资费"
    rows = [row.cells for row in table.rows]
    assert len(rows) == 7
    assert rows[0][:5] == ("运营商", "地区", "套餐名", "有效期", "资费")
    assert rows[1] == ("移动", "北京移动", "灵动卡 Smart Card", "7天", "100元", "30GB", "100分钟", "/", "/")
    assert rows[2] == ("", "", "", "10天", "120元", "35GB", "150分钟", "/", "/")  # not carried down
    assert rows[4] == ("", "", "", "15天", "130元", "50GB", "200分钟", "200分钟", "")  # trailing "" kept
    assert rows[6][:3] == ("", "江西移动", "畅行卡")
    for row in table.rows:
        assert doc.text[row.start : row.end] == "\t".join(row.cells)
    assert doc.text[table.start : table.end].startswith("运营商\t地区")
    assert doc.text[table.end :].startswith("\n\n资料来源")


def test_prose_lines_are_not_tables() -> None:
    text = "一行\t两个\t制表符\n只有一行\n\n\t\t缩进的代码\n\t\t也是缩进\n单\t制表\n单\t制表\n"
    assert find_tables(text) == []


def test_pipe_table_rows_point_at_the_original_lines() -> None:
    doc = read_markdown(MARKDOWN, "tariffs.md")
    assert doc.title == "入境短期通信套餐一览"
    assert doc.published == dt.date(2025, 5, 20)
    assert doc.content_type == "text/markdown"
    (table,) = doc.tables
    assert table.caption == "表2 联通入境套餐"
    rows = [row.cells for row in table.rows]
    assert rows == [
        ("运营商", "地区", "套餐名", "有效期", "资费"),
        ("联通", "深圳联通", "深圳外籍来宾短期卡", "15天", "100元"),
        ("", "", "", "30天", "170元"),
        ("联通", "浙江联通", "浙江旅游卡 | 标准版", "7天", "50元"),
    ]
    assert (
        doc.text[table.rows[1].start : table.rows[1].end]
        == "| 联通 | 深圳联通 | **深圳外籍来宾短期卡** | 15天 | 100元 |"
    )
    assert all("---" not in doc.text[r.start : r.end] for r in table.rows)  # the separator is skipped


def test_pipe_table_inside_a_list_item_and_without_outer_pipes() -> None:
    text = (
        "## Views 通信观点\n\n- |    |      |     |\n|----|------|-----|\n"
        "| 01 | SaaS 新解 | 邱欢欢 |\n| 05 | 量子通信 | 曹先震 |\n\n"
        "套餐 | 资费\n--- | ---\n熊猫卡 | 90元\n"
    )
    first, second = find_tables(text)
    assert [r.cells for r in first.rows] == [("01", "SaaS 新解", "邱欢欢"), ("05", "量子通信", "曹先震")]
    assert first.caption == "Views 通信观点"
    assert [r.cells for r in second.rows] == [("套餐", "资费"), ("熊猫卡", "90元")]
    assert text[second.rows[1].start : second.rows[1].end] == "熊猫卡 | 90元"


def test_setext_heading_is_not_a_table() -> None:
    assert find_tables("标题\n---\n正文\n") == []


def test_crlf_and_gbk_text() -> None:
    data = "表3 资费\r\n套餐\t有效期\t资费\r\n畅行卡\t7天\t70元\r\n".encode("gbk")
    doc = read_text(data, "gbk.txt")
    assert doc.charset == "gb18030"
    assert "\r" not in doc.text
    (table,) = doc.tables
    assert table.caption == "表3 资费"
    assert table.rows[1].cells == ("畅行卡", "7天", "70元")
    assert doc.text[table.rows[1].start : table.rows[1].end] == "畅行卡\t7天\t70元"


def test_plain_title_and_no_tables() -> None:
    doc = read_text("入境套餐简报\n\n上海移动推出熊猫卡。".encode(), "brief.txt")
    assert (doc.title, doc.tables, doc.content_type) == ("入境套餐简报", (), "text/plain")
    assert read_text("这是一个很长的句子，并不是标题。\n".encode(), "x.txt").title == ""
