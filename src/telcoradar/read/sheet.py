"""Spreadsheets to Document: CSV (delimiter sniffed) and XLSX (each sheet a Table).

XLSX is opened read-only with cached values: a formula is never evaluated,
a cell holds what the file says it showed (nothing, if no value was saved).
Each row is written as a tab-joined line; rows keep their own length.

A workbook is a ZIP archive: its members' sizes are measured before it is
opened (`limits.check_archive`), a cell's text is cut at Excel's own 32,767
characters, and the document's budget is checked after every row.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal

from telcoradar.errors import InputError
from telcoradar.model import Document
from telcoradar.read import limits
from telcoradar.read.charset import decode
from telcoradar.read.writer import TextWriter, reason, squash

MAX_ROWS = 200_000  # across all sheets; more is no tariff sheet
_DELIMITERS = ",;\t|"


def read_csv(data: bytes, source: str, charset: str | None = None) -> Document:
    """Read a CSV (or TSV) file as one Table."""
    text, used = decode(data, charset, source)
    text = text.lstrip("\ufeff")
    sample = text[:8192]
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, delimiters=_DELIMITERS)
    except csv.Error:
        first = sample.split("\n", 1)[0]
        dialect = csv.excel_tab if first.count("\t") > first.count(",") else csv.excel
    try:
        rows = _rows(csv.reader(io.StringIO(text, newline=""), dialect))
    except csv.Error as error:
        raise InputError(source, f"malformed CSV ({error})") from None
    if not rows:
        raise InputError(source, "CSV has no rows with data")
    out = TextWriter()
    out.table(rows)
    return out.document(data, source, "text/csv", charset=used)


def read_xlsx(data: bytes, source: str, charset: str | None = None) -> Document:
    """Read every worksheet of an XLSX workbook as a Table captioned with the sheet's name."""
    from openpyxl import load_workbook

    limits.check_archive(data, source)
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # zipfile, XML and openpyxl errors on damaged files
        raise InputError(source, f"unreadable XLSX ({reason(error)})") from None
    out = TextWriter()
    count = 0
    try:
        for sheet in book.worksheets:
            if hasattr(sheet, "reset_dimensions"):
                sheet.reset_dimensions()  # stored dimensions may be wrong; read what is there
            rows = _rows(sheet.iter_rows(values_only=True), count)
            count += len(rows)
            if len(rows) >= 3 and len(rows[0]) == 1 and len(rows[1]) >= 2:
                out.table(rows[1:], caption=rows[0][0])  # a title row above the header
            elif rows:
                out.table(rows, caption=str(sheet.title))
    except InputError as error:
        raise InputError(source, error.problem) from None
    except Exception as error:
        raise InputError(source, f"unreadable XLSX ({reason(error)})") from None
    finally:
        book.close()
    if not out.tables:
        raise InputError(source, "spreadsheet has no cells with data")
    return out.document(data, source, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def _rows(source_rows: Iterable[Sequence[object]], before: int = 0) -> list[list[str]]:
    """Rows as cell texts, trailing empty cells trimmed and empty rows dropped."""
    rows: list[list[str]] = []
    for values in source_rows:
        limits.check()
        cells = [cell_text(value) for value in values]
        while cells and not cells[-1]:
            cells.pop()
        if cells:
            rows.append(cells)
            if before + len(rows) > MAX_ROWS:
                raise InputError("<sheet>", f"more than {MAX_ROWS} rows")
    return rows


def cell_text(value: object) -> str:
    """A cell value as text: whole floats without ".0", dates in ISO form, booleans as TRUE/FALSE."""
    if value is None:
        return ""
    if isinstance(value, str):
        return limits.clip(squash(limits.clip(value, 4 * limits.MAX_CELL)))
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, (dt.date, dt.time, Decimal, int)):
        return value.isoformat() if isinstance(value, (dt.date, dt.time)) else str(value)
    return limits.clip(squash(limits.clip(str(value), 4 * limits.MAX_CELL)))
