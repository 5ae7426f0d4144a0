from __future__ import annotations

import csv
import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from openpyxl import load_workbook

from telcoradar.analysis.export import WRITERS, export, neutralize
from telcoradar.errors import InputError

ROWS: list[dict[str, Any]] = [
    {"name": '=HYPERLINK("http://x","click")', "price": Decimal("99.5"), "change": Decimal("-10.0")},
    {"name": "+86 10086", "price": 79, "change": -3.5},
    {"name": "-1+1", "price": None, "change": None, "when": dt.date(2025, 5, 1)},
    {"name": "@SUM(A1:A2)", "price": Decimal(0), "change": 0},
    {"name": "\tcmd", "price": 1, "change": 1},
    {"name": "熊猫卡 7天", "price": 90, "change": 0, "perks": ("来电显示", "=1+1")},
]


def test_neutralize() -> None:
    assert neutralize("=1+1") == "'=1+1" and neutralize("\rx") == "'\rx" and neutralize("ok=") == "ok="
    assert neutralize(-5) == -5 and neutralize(Decimal("-1.5")) == Decimal("-1.5")


def test_xlsx_cells_are_inert_text_and_numbers_stay_numbers(tmp_path: Path) -> None:
    path = export(ROWS, tmp_path / "t.xlsx")
    sheet = load_workbook(path).active
    assert sheet is not None
    header = [c.value for c in sheet[1]]
    assert header == ["name", "price", "change", "when", "perks"]
    names = [sheet.cell(row=r, column=1) for r in range(2, 7)]
    for cell in names:
        assert cell.data_type == "s" and str(cell.value).startswith("'"), cell.value
    assert sheet.cell(row=7, column=1).value == "熊猫卡 7天"
    assert sheet.cell(row=7, column=5).value == "来电显示; =1+1"  # joined text starts safely
    change = sheet.cell(row=2, column=3)
    assert change.data_type == "n" and change.value == -10
    assert sheet.cell(row=3, column=2).value == 79


def test_xlsx_reads_as_a_sheet_frozen_header_sized_columns_and_formatted_numbers(tmp_path: Path) -> None:
    rows = [
        {"operator": "china-mobile", "name": "上海移动畅游卡 七天入境版", "price": Decimal("19.9"),
         "price_change_pct": Decimal("-12.5"), "data_gb": Decimal("0.5"), "period_days": 7,
         "valid_from": dt.datetime(2025, 3, 15, 17, 30, tzinfo=dt.timezone(dt.timedelta(hours=8))),
         "date": dt.date(2025, 5, 1), "recurring": True},
        {"operator": "csl", "name": "Visitor SIM", "price": 88, "price_change_pct": None, "data_gb": None,
         "period_days": 5, "valid_from": None, "date": None, "recurring": False},
    ]  # fmt: skip
    sheet = load_workbook(export(rows, tmp_path / "plans.xlsx")).active
    assert sheet is not None
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == "A1:I3"
    assert all(cell.font.b for cell in sheet[1]) and not sheet["A2"].font.b
    widths = {cell.value: sheet.column_dimensions[cell.column_letter].width for cell in sheet[1]}
    assert widths["name"] == 2 * 12 + 1 + 2  # twelve Chinese characters count double, one space, 2 of margin
    assert widths["operator"] == len("china-mobile") + 2 and widths["recurring"] == len("recurring") + 2
    price, pct, gb, days = (sheet.cell(row=2, column=c) for c in (3, 4, 5, 6))
    assert (price.value, price.data_type, price.number_format) == (19.9, "n", "#,##0.00")  # a number
    assert sheet["C3"].value == 88 and sheet["C3"].number_format == "#,##0.00"
    assert (pct.value, pct.number_format) == (-12.5, '0.0"%"')
    assert gb.number_format == "General" and days.number_format == "General"  # not money
    when = sheet["G2"]
    assert when.value == dt.datetime(2025, 3, 15, 9, 30)  # 17:30 in UTC+8, shown in UTC
    assert when.number_format == "yyyy-mm-dd hh:mm"
    assert sheet["H2"].value == dt.datetime(2025, 5, 1) and sheet["H2"].number_format == "yyyy-mm-dd"
    assert sheet["I2"].value is True and sheet["I2"].number_format == "General"


def test_xlsx_keeps_text_that_a_sheet_cannot_hold_as_far_as_it_can(tmp_path: Path) -> None:
    rows = [{"quote": "资费\x0b说明\x00\x1f：7天 \t 19元", "note": "长" * 40_000}]
    sheet = load_workbook(export(rows, tmp_path / "t.xlsx")).active
    assert sheet is not None
    assert sheet["A2"].value == "资费说明：7天 \t 19元"  # control characters dropped, the tab kept
    assert sheet["B2"].value == "长" * 32_767
    assert sheet.column_dimensions["B"].width == 60


def test_csv_and_dataframe(tmp_path: Path) -> None:
    frame = pd.DataFrame(ROWS)
    path = export(frame, tmp_path / "t.csv")
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[1][0].startswith("'=HYPERLINK") and rows[1][2] == "-10.0"
    assert rows[3][1] == ""  # missing stays empty


def test_parquet_round_trip(tmp_path: Path) -> None:
    pytest.importorskip("pyarrow")
    path = export(ROWS, tmp_path / "t.parquet")
    frame = pd.read_parquet(path)
    assert frame["name"].iloc[0].startswith("'=") and float(frame["price"].iloc[0]) == 99.5
    assert float(frame["change"].iloc[1]) == -3.5


def test_unknown_format(tmp_path: Path) -> None:
    assert set(WRITERS) == {"csv", "xlsx", "parquet"}
    with pytest.raises(InputError, match="unknown export format 'ods'"):
        export(ROWS, tmp_path / "t.ods")
    assert not list(tmp_path.iterdir())
