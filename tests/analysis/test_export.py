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
