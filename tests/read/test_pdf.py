from __future__ import annotations

import datetime as dt
import io

import pytest
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from telcoradar.errors import InputError
from telcoradar.read.pdf import read_pdf

from .conftest import assert_offsets

pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
ZH = ParagraphStyle("zh", fontName="STSong-Light", fontSize=11, leading=15)
EN = ParagraphStyle("en", fontName="Helvetica", fontSize=11, leading=15)


def _pdf(flowables: list[object], title: str = "") -> bytes:
    buf = io.BytesIO()
    SimpleDocTemplate(buf, pagesize=A4, title=title).build(flowables)
    return buf.getvalue()


def _grid(rows: list[list[str]], font: str, spans: list[tuple[tuple[int, int], tuple[int, int]]]) -> Table:
    table = Table(rows)
    style = [("FONTNAME", (0, 0), (-1, -1), font), ("GRID", (0, 0), (-1, -1), 0.5, colors.black)]
    style += [("SPAN", start, end) for start, end in spans]
    table.setStyle(TableStyle(style))
    return table


@pytest.fixture(scope="module")
def panda_pdf() -> bytes:
    rows = [
        ["运营商", "套餐名", "有效期", "资费", "境内流量"],
        ["上海移动", "熊猫卡", "7天", "90元", "30GB"],
        ["", "", "15天", "130元", "50GB"],
        ["", "", "30天", "200元", "80GB"],
    ]
    return _pdf(
        [
            Paragraph("2025年5月16日 上海移动推出熊猫卡，面向入境外籍人士。", ZH),
            Paragraph("表1 熊猫卡资费", ZH),
            Spacer(1, 6),
            _grid(rows, "STSong-Light", [((0, 1), (0, 3)), ((1, 1), (1, 3))]),
            Paragraph("来源：上海移动微信公众号", ZH),
        ],
        title="熊猫卡资费单",
    )


def test_cjk_tariff_table_with_merged_cells(panda_pdf: bytes) -> None:
    doc = read_pdf(panda_pdf, "panda.pdf")
    assert doc.title == "熊猫卡资费单"
    assert doc.published == dt.date(2025, 5, 16)
    assert doc.content_type == "application/pdf"
    (table,) = doc.tables
    assert table.caption == "表1 熊猫卡资费"
    assert [row.cells for row in table.rows] == [
        ("运营商", "套餐名", "有效期", "资费", "境内流量"),
        ("上海移动", "熊猫卡", "7天", "90元", "30GB"),
        ("上海移动", "熊猫卡", "15天", "130元", "50GB"),
        ("上海移动", "熊猫卡", "30天", "200元", "80GB"),
    ]
    assert_offsets(doc)
    lines = doc.text.split("\n")
    assert lines[0] == "2025年5月16日 上海移动推出熊猫卡，面向入境外籍人士。"
    assert lines[1] == "表1 熊猫卡资费"
    assert lines[2] == "运营商\t套餐名\t有效期\t资费\t境内流量"
    assert lines[6] == "来源：上海移动微信公众号"


def test_english_table_over_two_pages() -> None:
    rows = [["Plan", "Price", "Data"], ["SIM Only 30 days", "£10", "30GB"], ["Unlimited", "£25", "Unlimited"]]
    data = _pdf(
        [
            Paragraph("Vodafone UK price guide, 1 June 2025", EN),
            PageBreak(),
            Paragraph("Table 2 SIM only plans", EN),
            _grid(rows, "Helvetica", []),
        ]
    )
    doc = read_pdf(data, "vodafone.pdf")
    assert doc.title == "Vodafone UK price guide, 1 June 2025"
    assert doc.text.index("price guide") < doc.text.index("SIM only plans")
    (table,) = doc.tables
    assert table.caption == "Table 2 SIM only plans"
    assert table.rows[1].cells == ("SIM Only 30 days", "£10", "30GB")
    assert_offsets(doc)


def test_pdf_without_text_is_refused() -> None:
    buf = io.BytesIO()
    page = canvas.Canvas(buf)
    page.rect(100, 100, 200, 200)
    page.showPage()
    page.save()
    with pytest.raises(InputError) as caught:
        read_pdf(buf.getvalue(), "scan.pdf")
    assert str(caught.value) == "scan.pdf: PDF has no text layer (a scanned image?)"


def test_truncated_pdf_is_a_clear_error(panda_pdf: bytes) -> None:
    with pytest.raises(InputError) as caught:
        read_pdf(panda_pdf[:400], "cut.pdf")
    assert str(caught.value).startswith("cut.pdf: unreadable PDF (")
    assert "\n" not in str(caught.value)


def test_garbage_after_the_header() -> None:
    with pytest.raises(InputError, match="unreadable PDF"):
        read_pdf(b"%PDF-1.7\n" + bytes(range(256)) * 4, "junk.pdf")


def test_encrypted_pdf() -> None:
    buf = io.BytesIO()
    page = canvas.Canvas(buf, encrypt="secret")
    page.drawString(100, 700, "Confidential price list")
    page.showPage()
    page.save()
    with pytest.raises(InputError) as caught:
        read_pdf(buf.getvalue(), "locked.pdf")
    assert str(caught.value) == "locked.pdf: encrypted PDF (it needs a password)"
