from __future__ import annotations

import datetime as dt
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from telcoradar.read.html import read_html

from .conftest import FIXTURES, assert_offsets

PAGE = (FIXTURES / "shanghai_mobile.html").read_bytes()


def test_tariff_page_text_title_and_date(fixtures: Path) -> None:
    doc = read_html(PAGE, "https://sh.10086.cn/panda.html")
    assert doc.title == "上海移动 | 入境外籍人士通信服务"
    assert doc.published == dt.date(2025, 5, 16)
    assert doc.charset == "utf-8"
    assert doc.content_type == "text/html"
    lines = doc.text.split("\n")
    assert lines[:4] == [
        "上海移动推出“熊猫卡”",
        "2025年5月16日",
        "为方便入境外籍人士在华通信，上海移动推出熊猫卡，提供7天、15天、30天三档套餐，开卡即用。",
        "各档资费如下：",
    ]
    assert lines[-4:] == ["办理渠道", "浦东国际机场营业厅", "虹桥火车站营业厅", ""]


def test_boilerplate_is_dropped() -> None:
    text = read_html(PAGE, "p.html").text
    for furniture in (
        "dataLayer",
        "border-collapse",
        "首页",
        "帮助",
        "搜索",
        "热门推荐",
        "版权所有",
        "JavaScript",
    ):
        assert furniture not in text


def test_rowspan_and_colspan_are_repeated() -> None:
    doc = read_html(PAGE, "p.html")
    (table,) = doc.tables
    assert table.caption == "熊猫卡资费表"
    cells = [row.cells for row in table.rows]
    assert cells[0] == ("运营商", "套餐名", "有效期", "资费", "语音", "语音", "境内流量")
    assert cells[1] == ("", "", "", "", "境内", "境外", "")
    assert cells[2] == ("上海移动", "熊猫卡", "7天", "90元", "100分钟", "100分钟", "30GB")
    assert cells[3] == ("上海移动", "熊猫卡", "15天", "130元", "200分钟", "200分钟", "50GB")
    assert cells[4] == ("上海移动", "熊猫卡", "30天", "200元", "300分钟", "300分钟", "80GB")
    assert cells[5] == ("权益：咪咕视频钻石会员包月 来电显示、同声译",) * 7
    assert_offsets(doc)
    assert (
        doc.text[table.rows[2].start : table.rows[2].end]
        == "上海移动\t熊猫卡\t7天\t90元\t100分钟\t100分钟\t30GB"
    )
    assert table.start == table.rows[0].start and table.end == table.rows[-1].end
    assert "熊猫卡资费表\n运营商\t套餐名" in doc.text


def test_caption_from_the_line_before_the_table() -> None:
    html = """<p>据公开资料整理。</p><h4>表1 入境短期套餐</h4>
    <table><tr><td>运营商</td><td>资费</td></tr><tr><td>江西移动</td><td>70元</td></tr></table>
    <p>其他运营商也推出了优惠。</p>
    <table><tr><td>浙江联通</td><td>50元</td></tr><tr><td>深圳联通</td><td>79元</td></tr></table>"""
    doc = read_html(html.encode(), "t.html")
    first, second = doc.tables
    assert first.caption == "表1 入境短期套餐"
    assert second.caption == ""  # a sentence is no caption
    assert [r.cells for r in second.rows] == [("浙江联通", "50元"), ("深圳联通", "79元")]
    assert_offsets(doc)


def test_rows_are_padded_and_odd_spans_tolerated() -> None:
    html = """<table>
    <tr><th>套餐</th><th>资费</th><th>流量</th></tr>
    <tr><td rowspan="0">畅行卡</td><td colspan="abc">70元</td></tr>
    <tr><td>100元</td><td>50GB</td></tr>
    <tr><td></td><td></td></tr>
    </table>"""
    doc = read_html(html.encode(), "t.html")
    rows = [r.cells for r in doc.tables[0].rows]
    assert rows == [
        ("套餐", "资费", "流量"),
        ("畅行卡", "70元", ""),
        ("畅行卡", "100元", "50GB"),
        ("畅行卡", "", ""),
    ]


def test_layout_table_around_a_data_table() -> None:
    html = """<table class="layout"><tr><td><div>联通资费公告</div><p>浙江联通推出浙江旅游卡。</p>
    <table><tr><th>有效期</th><th>资费</th></tr><tr><td>15天</td><td>159元</td></tr></table>
    </td><td><a href="/x">更多</a></td></tr></table>"""
    doc = read_html(html.encode(), "t.html")
    assert len(doc.tables) == 1
    assert [r.cells for r in doc.tables[0].rows] == [("有效期", "资费"), ("15天", "159元")]
    assert doc.text.split("\n")[:2] == ["联通资费公告", "浙江联通推出浙江旅游卡。"]
    assert_offsets(doc)


def test_single_cell_table_is_a_box_of_text() -> None:
    doc = read_html(b"<table><tr><td><p>first</p><p>second</p></td></tr></table>", "t.html")
    assert doc.tables == ()
    assert doc.text == "first\nsecond\n"


def test_truncated_page_still_reads() -> None:
    cut = PAGE[: PAGE.index("<td>15天</td>".encode())]
    doc = read_html(cut, "cut.html")
    assert [r.cells[:4] for r in doc.tables[0].rows][-1] == ("上海移动", "熊猫卡", "7天", "90元")
    assert "熊猫卡" in doc.text
    assert_offsets(doc)


@settings(max_examples=60, deadline=None)
@given(st.integers(min_value=1, max_value=len(PAGE)))
def test_any_truncation_gives_a_consistent_document(end: int) -> None:
    doc = read_html(PAGE[:end], "cut.html")
    assert doc.charset == "utf-8"
    assert_offsets(doc)


def test_broken_markup() -> None:
    html = b"<html><body><p>unclosed <b>bold <table><tr><td>a<td>b<tr><td>c</table></i></div></span><p>end"
    doc = read_html(html, "broken.html")
    assert [r.cells for r in doc.tables[0].rows] == [("a", "b"), ("c", "")]
    assert doc.text.split("\n")[-2] == "end"


def test_gbk_page_without_declaration() -> None:
    html = (
        "<html><body><h2>江西移动畅行卡</h2><table><tr><td>7天</td><td>70元</td></tr>"
        "<tr><td>30天</td><td>150元</td></tr></table></body></html>"
    )
    doc = read_html(html.encode("gbk"), "jx.html")
    assert doc.charset == "gb18030"
    assert doc.tables[0].caption == "江西移动畅行卡"
    assert doc.tables[0].rows[1].cells == ("30天", "150元")


def test_gbk_page_with_declaration_and_big5_page() -> None:
    gbk = '<meta charset="gbk"><title>浙江联通</title><p>浙江旅游卡15天159元</p>'.encode("gbk")
    doc = read_html(gbk, "zj.html")
    assert (doc.title, doc.text, doc.charset) == ("浙江联通", "浙江旅游卡15天159元\n", "gb18030")
    big5 = (
        "<title>中國移動香港</title><table><tr><td>旅客儲值卡</td><td>港幣98元</td></tr>"
        "<tr><td>數據</td><td>5GB</td></tr></table>"
    )
    doc = read_html(big5.encode("big5"), "hk.html")
    assert (doc.title, doc.charset) == ("中國移動香港", "big5")
    assert doc.tables[0].rows[0].cells == ("旅客儲值卡", "港幣98元")


def test_charset_argument_from_http_header() -> None:
    data = "<p>联通</p>".encode("gbk")
    assert read_html(data, "x.html", charset="gbk").text == "联通\n"


def test_date_near_the_top_when_no_meta() -> None:
    html = "<h1>通知</h1><p>发布时间：2025-04-30 10:00</p><p>内容</p>".encode()
    assert read_html(html, "n.html").published == dt.date(2025, 4, 30)
    assert read_html(b"<p>no date 2025-13-45</p>", "n.html").published is None


def test_form_wrapping_the_whole_page_is_kept() -> None:
    html = """<body><form id="aspnetForm"><div><h1>资费</h1><p>畅行卡7天70元。</p>
    <table><tr><td>7天</td><td>70元</td></tr><tr><td>30天</td><td>150元</td></tr></table></div></form></body>"""
    doc = read_html(html.encode(), "asp.html")
    assert doc.text.startswith("资费\n畅行卡7天70元。\n7天\t70元\n")


def test_line_breaks_inside_chinese_are_not_spaces() -> None:
    doc = read_html("<p>中国\n  移动 推出 new\nplan</p><pre>a  b\nc</pre>".encode(), "x.html")
    assert doc.text == "中国移动 推出 new plan\na  b\nc\n"


def test_deeply_nested_markup_does_not_crash() -> None:
    html = "<div>" * 3000 + "<p>深层内容</p>" + "</div>" * 3000
    doc = read_html(html.encode(), "deep.html")
    assert "深层内容" in doc.text


def test_empty_and_texless_pages() -> None:
    assert read_html(b"<html></html>", "e.html").text == ""
    assert read_html(b"<script>x()</script>", "e.html").tables == ()


def test_sha256_is_of_the_bytes() -> None:
    import hashlib

    assert read_html(PAGE, "p.html").sha256 == hashlib.sha256(PAGE).hexdigest()


def test_title_row_merged_across_the_table_becomes_the_caption() -> None:
    html = """<p>正文</p><table>
    <tr><td colspan="3">表1 深圳联通外籍来宾短期卡</td></tr>
    <tr><td>有效期</td><td>资费</td><td>流量</td></tr>
    <tr><td>15天</td><td>100元</td><td>50GB<script>track()</script></td></tr></table>"""
    doc = read_html(html.encode(), "t.html")
    (table,) = doc.tables
    assert table.caption == "表1 深圳联通外籍来宾短期卡"
    assert [r.cells for r in table.rows] == [("有效期", "资费", "流量"), ("15天", "100元", "50GB")]
    assert doc.text == "正文\n表1 深圳联通外籍来宾短期卡\n有效期\t资费\t流量\n15天\t100元\t50GB\n"


def test_article_time_wins_over_a_sidebar_time() -> None:
    html = """<div class="side"><time datetime="2024-12-01">旧闻</time></div>
    <article><h1>熊猫卡上线</h1><time datetime="2025-05-16T08:00">今日</time><p>正文</p></article>"""
    assert read_html(html.encode(), "a.html").published == dt.date(2025, 5, 16)
