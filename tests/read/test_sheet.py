from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
from openpyxl import Workbook

from telcoradar.errors import InputError
from telcoradar.read.sheet import cell_text, read_csv, read_xlsx

from .conftest import assert_offsets


def _xlsx(book: Workbook) -> bytes:
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def _tariff_book() -> Workbook:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "入境套餐"
    sheet.append(["运营商", "套餐名", "有效期", "资费", "双倍资费"])
    sheet.append(["上海移动", "熊猫卡", "7天", 90, "=D2*2"])
    sheet.append(["", "", "15天", 130.0, None])
    sheet.append([None, None, None, None, None])  # an empty row
    sheet.append(["江西移动", "畅行卡", "7天", 70.5])  # ragged: shorter row
    sheet.append(["备注", "=1+1 是文本"])
    sheet["B6"].data_type = "s"  # text that only looks like a formula
    other = book.create_sheet("更新日期")
    other.append(["更新", dt.datetime(2025, 5, 16), dt.datetime(2025, 5, 16, 9, 30), True])
    book.create_sheet("空白")
    return book


def test_each_sheet_is_a_table_with_its_name_as_caption() -> None:
    doc = read_xlsx(_xlsx(_tariff_book()), "tariffs.xlsx")
    first, second = doc.tables  # the blank sheet gives no table
    assert first.caption == "入境套餐"
    assert [row.cells for row in first.rows] == [
        ("运营商", "套餐名", "有效期", "资费", "双倍资费"),
        ("上海移动", "熊猫卡", "7天", "90"),  # the formula is not evaluated: no value, trimmed
        ("", "", "15天", "130"),
        ("江西移动", "畅行卡", "7天", "70.5"),
        ("备注", "=1+1 是文本"),
    ]
    assert second.caption == "更新日期"
    assert second.rows[0].cells == ("更新", "2025-05-16", "2025-05-16 09:30:00", "TRUE")
    assert_offsets(doc)
    assert doc.text.startswith("入境套餐\n运营商\t套餐名")
    assert doc.content_type.endswith("spreadsheetml.sheet")


def test_formula_gives_the_value_saved_in_the_file_never_a_computed_one() -> None:
    data = _xlsx(_tariff_book())
    source = zipfile.ZipFile(io.BytesIO(data))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as target:
        for item in source.infolist():
            body = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                body = body.replace(b"<f>D2*2</f><v></v>", b"<f>D2*2</f><v>999</v>")
            target.writestr(item, body)
    doc = read_xlsx(buf.getvalue(), "cached.xlsx")
    assert doc.tables[0].rows[1].cells == ("上海移动", "熊猫卡", "7天", "90", "999")


def test_empty_workbook_is_refused() -> None:
    with pytest.raises(InputError) as caught:
        read_xlsx(_xlsx(Workbook()), "empty.xlsx")
    assert str(caught.value) == "empty.xlsx: spreadsheet has no cells with data"


def test_truncated_workbook_is_a_clear_error() -> None:
    data = _xlsx(_tariff_book())
    with pytest.raises(InputError) as caught:
        read_xlsx(data[: len(data) // 2], "cut.xlsx")
    message = str(caught.value)
    assert message.startswith("cut.xlsx: unreadable XLSX (BadZipFile")
    assert "\n" not in message


def test_csv_with_sniffed_delimiters() -> None:
    comma = "运营商,套餐名,有效期,资费\n浙江联通,浙江旅游卡,15天,159元\n,,30天,259元\n".encode()
    semicolon = "Plan;Price;Data\nSIM Only;£10;30GB\nUnlimited;£25;\n".encode()
    doc = read_csv(comma, "zj.csv")
    assert [r.cells for r in doc.tables[0].rows] == [
        ("运营商", "套餐名", "有效期", "资费"),
        ("浙江联通", "浙江旅游卡", "15天", "159元"),
        ("", "", "30天", "259元"),
    ]
    assert_offsets(doc)
    doc = read_csv(semicolon, "uk.csv")
    assert [r.cells for r in doc.tables[0].rows][1:] == [("SIM Only", "£10", "30GB"), ("Unlimited", "£25")]


def test_gbk_tsv_with_quoted_newline_and_ragged_rows() -> None:
    data = '套餐\t资费\t权益\n熊猫卡\t90元\t"咪咕视频\n来电显示"\n畅行卡\t70元\n\n'.encode("gbk")
    doc = read_csv(data, "export.tsv")
    assert doc.charset == "gb18030"
    assert [r.cells for r in doc.tables[0].rows] == [
        ("套餐", "资费", "权益"),
        ("熊猫卡", "90元", "咪咕视频来电显示"),
        ("畅行卡", "70元"),
    ]
    assert_offsets(doc)


def test_empty_csv_is_refused() -> None:
    with pytest.raises(InputError, match="CSV has no rows with data"):
        read_csv(b",,\n,,\n", "blank.csv")


@pytest.mark.parametrize(
    ("value", "text"),
    [(None, ""), (90.0, "90"), (0.1, "0.1"), (7, "7"), (False, "FALSE"), (dt.date(2025, 5, 1), "2025-05-01")],
)
def test_cell_text(value: object, text: str) -> None:
    assert cell_text(value) == text


def test_title_row_of_a_sheet_becomes_the_caption() -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["表1 浙江联通浙江旅游卡"])
    sheet.merge_cells("A1:C1")
    sheet.append(["有效期", "资费", "流量"])
    sheet.append(["15天", "159元", "40GB"])
    doc = read_xlsx(_xlsx(book), "zj.xlsx")
    assert doc.tables[0].caption == "表1 浙江联通浙江旅游卡"
    assert [r.cells for r in doc.tables[0].rows] == [("有效期", "资费", "流量"), ("15天", "159元", "40GB")]
