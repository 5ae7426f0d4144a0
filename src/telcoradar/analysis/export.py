"""Tables out: CSV, XLSX and Parquet, safe to open in a spreadsheet.

Text from sources ends up in cells. A cell whose text starts with `=`, `+`,
`-` or `@` (or a tab or carriage return) would be run as a formula by Excel,
LibreOffice or Google Sheets, so such text is prefixed with a single quote
and stays inert text. Numbers stay numbers (a negative price change is a
number, not text). Column names are treated the same way.

`WRITERS` maps a format name to its writer; `export` picks one by name or by
the file's suffix.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import pandas as pd

from telcoradar.errors import ConfigError, InputError

RISKY_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

Table = pd.DataFrame | Sequence[Mapping[str, Any]]


def neutralize(value: Any) -> Any:
    """Text that a spreadsheet would run as a formula, made inert; anything else unchanged."""
    if isinstance(value, str) and value.startswith(RISKY_PREFIXES):
        return "'" + value
    return value


def _cell(value: Any) -> Any:
    """A value as a spreadsheet cell: scalars kept, collections joined, text neutralized."""
    if value is None or isinstance(value, (bool, int, float, Decimal, dt.date, dt.datetime)):
        return value
    if isinstance(value, (list, tuple, set, frozenset)):
        return neutralize("; ".join(str(v) for v in value))
    if isinstance(value, dict):
        return neutralize(json.dumps(value, ensure_ascii=False, default=str))
    return neutralize(str(value))


def records(table: Table) -> tuple[list[str], list[list[Any]]]:
    """Column names and rows of cells, from a DataFrame or a list of dicts."""
    if isinstance(table, pd.DataFrame):
        columns = [str(c) for c in table.columns]
        rows = [[None if _isna(v) else v for v in row] for row in table.itertuples(index=False, name=None)]
    else:
        columns = []
        for row in table:
            columns.extend(k for k in row if k not in columns)
        rows = [[row.get(c) for c in columns] for row in table]
    return [str(neutralize(c)) for c in columns], [[_cell(v) for v in row] for row in rows]


def plain_rows(table: Table) -> list[dict[str, Any]]:
    """A table as a list of dicts, missing values as None (for the screen and JSON; not neutralized)."""
    if isinstance(table, pd.DataFrame):
        return [
            {str(k): (None if _isna(v) else v) for k, v in row.items()} for row in table.to_dict("records")
        ]
    return [dict(row) for row in table]


def _isna(value: Any) -> bool:
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def write_csv(table: Table, path: Path) -> None:
    columns, rows = records(table)
    with path.open("w", encoding="utf-8-sig", newline="") as handle:  # BOM: Excel reads UTF-8 Chinese
        writer = csv.writer(handle)
        writer.writerow(columns)
        writer.writerows(["" if v is None else v for v in row] for row in rows)


def write_xlsx(table: Table, path: Path) -> None:
    """A sheet an analyst can read: a bold, frozen header with filters, columns sized to their text,
    money as numbers with two decimals, percentages with one, dates as dates (UTC)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import Cell
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    columns, rows = records(table)
    formats = [_number_format(name) for name in columns]
    book = Workbook(write_only=True)
    sheet = book.create_sheet("telcoradar")
    sheet.freeze_panes = "A2"
    for index, width in enumerate(_widths(columns, rows), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    if columns:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{len(rows) + 1}"
    bold, shade = Font(bold=True), PatternFill("solid", fgColor="DDE3EA")

    def cell(value: Any, number_format: str | None = None) -> Cell:
        out = WriteOnlyCell(sheet, value=_xlsx_value(value))
        if isinstance(out.value, str):
            out.data_type = "s"  # text, even if it looks like a formula
        elif isinstance(value, dt.datetime):
            out.number_format = "yyyy-mm-dd hh:mm"
        elif isinstance(value, dt.date):
            out.number_format = "yyyy-mm-dd"
        elif (
            number_format is not None
            and isinstance(value, (int, float, Decimal))
            and not isinstance(value, bool)
        ):
            out.number_format = number_format
        return out

    header = []
    for name in columns:
        head = cell(name)
        head.font, head.fill = bold, shade
        header.append(head)
    sheet.append(header)
    for row in rows:
        sheet.append([cell(v, f) for v, f in zip(row, formats, strict=True)])
    book.save(path)


# Columns holding money (a price, a cost, an amount) get two decimals; *_pct columns hold percentages.
MONEY_WORDS = ("price", "cost", "amount", "overage", "per_gb")
MONEY_FORMAT = "#,##0.00"
PERCENT_FORMAT = '0.0"%"'
XLSX_CELL = 32_767  # characters a cell can hold
XLSX_WIDTHS = (6, 60)  # narrowest and widest column, in characters
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # control characters an XLSX cell cannot hold


def _number_format(column: str) -> str | None:
    name = column.lower()
    if name.endswith("_pct"):
        return PERCENT_FORMAT
    return MONEY_FORMAT if any(word in name for word in MONEY_WORDS) else None


def _xlsx_value(value: Any) -> Any:
    """A cell value openpyxl can store: datetimes in UTC without a zone, text without control characters."""
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value.astimezone(dt.UTC).replace(tzinfo=None)
    if isinstance(value, str):
        return _ILLEGAL.sub("", value)[:XLSX_CELL]
    return value


def _widths(columns: list[str], rows: list[list[Any]], sample: int = 1000) -> list[float]:
    """Each column's width: its widest text among the header and the first `sample` rows, within bounds."""
    widest = [_display_width(name) for name in columns]
    for row in rows[:sample]:
        for i, value in enumerate(row):
            if value is not None:
                text = value.strftime("%Y-%m-%d %H:%M") if isinstance(value, dt.datetime) else str(value)
                widest[i] = max(widest[i], _display_width(text))
    low, high = XLSX_WIDTHS
    return [float(min(high, max(low, width + 2))) for width in widest]


def _display_width(text: str) -> int:
    """Characters on screen, a Chinese character counting two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text[:200])


def write_parquet(table: Table, path: Path) -> None:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as exc:
        raise ConfigError("Parquet export needs pyarrow: pip install 'telcoradar[parquet]'") from exc
    columns, rows = records(table)
    arrays = []
    for i in range(len(columns)):
        values = [row[i] for row in rows]
        if any(isinstance(v, Decimal) for v in values) and not all(
            v is None or isinstance(v, Decimal) for v in values
        ):
            values = [Decimal(str(v)) if isinstance(v, (int, float)) else v for v in values]
        arrays.append(pa.array(values))
    pq.write_table(pa.Table.from_arrays(arrays, names=columns), path)


Writer = Callable[[Table, Path], None]
WRITERS: dict[str, Writer] = {"csv": write_csv, "xlsx": write_xlsx, "parquet": write_parquet}


def export(table: Table, path: str | Path, format: str | None = None) -> Path:
    """Write `table` to `path` in `format` (default: from the suffix). Returns the path."""
    path = Path(path)
    kind = (format or path.suffix.lstrip(".")).lower()
    writer = WRITERS.get(kind)
    if writer is None:
        raise InputError(str(path), f"unknown export format {kind!r} (known: {', '.join(WRITERS)})")
    tmp = path.with_name(path.name + ".part")
    try:
        writer(table, tmp)
        tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)
    return path


def formats() -> Iterable[str]:
    return WRITERS.keys()
