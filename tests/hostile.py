"""Hostile documents built in the test: a small workbook that unpacks to a huge cell, deep HTML.

Nothing is stored on disk beyond what a test writes itself; the builders stream
their output so that making a bomb costs a few megabytes of memory at most.
"""

from __future__ import annotations

import io
import zipfile

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>"
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>'
)
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Plans" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    'Target="worksheets/sheet1.xml"/></Relationships>'
)
SHEET_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    '<row r="1"><c r="A1" t="inlineStr"><is><t>Plan</t></is></c>'
    '<c r="B1" t="inlineStr"><is><t>Price</t></is></c></row>'
    '<row r="2"><c r="A2" t="inlineStr"><is><t>'
)
SHEET_TAIL = '</t></is></c><c r="B2"><v>99</v></c></row></sheetData></worksheet>'


def xlsx_bomb(cell_chars: int = 200_000_000, *, declared: int | None = None) -> bytes:
    """A valid workbook whose cell A2 holds `cell_chars` letters (200 MB unpack to about 200 KB).

    `declared`, when given, is written as the sheet's uncompressed size in the archive's
    directory instead of the true one (a lying archive).
    """
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=cell_chars > 2**31) as sheet:
            sheet.write(SHEET_HEAD.encode())
            chunk = b"A" * (1 << 20)
            left = cell_chars
            while left > 0:
                sheet.write(chunk[: min(left, len(chunk))])
                left -= len(chunk)
            sheet.write(SHEET_TAIL.encode())
    data = buffer.getvalue()
    return data if declared is None else lie_about_size(data, "xl/worksheets/sheet1.xml", declared)


def lie_about_size(data: bytes, name: str, size: int) -> bytes:
    """The archive with `name`'s uncompressed size rewritten to `size` in both of its headers."""
    archive = zipfile.ZipFile(io.BytesIO(data))
    info = archive.getinfo(name)
    out = bytearray(data)
    # local file header: the uncompressed size is at offset 22
    out[info.header_offset + 22 : info.header_offset + 26] = size.to_bytes(4, "little")
    # central directory entry: signature PK\x01\x02, uncompressed size at offset 24
    encoded = name.encode()
    at = out.find(b"PK\x01\x02")
    while at != -1:
        length = int.from_bytes(out[at + 28 : at + 30], "little")
        if bytes(out[at + 46 : at + 46 + length]) == encoded:
            out[at + 24 : at + 28] = size.to_bytes(4, "little")
            break
        at = out.find(b"PK\x01\x02", at + 4)
    return bytes(out)


def small_workbook(rows: list[list[object]]) -> bytes:
    """An ordinary workbook with these rows (openpyxl), for comparison with the bombs."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def deep_html(depth: int = 200_000) -> bytes:
    """`depth` nested <div>s around one plan sentence (about 2.2 MB at 200,000)."""
    sentence = "<p>Shanghai Mobile 7-day visitor card: 50 yuan, 10GB</p>"
    return ("<html><body>" + "<div>" * depth + sentence + "</div>" * depth + "</body></html>").encode()
