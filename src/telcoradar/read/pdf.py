"""PDF to Document with pdfplumber: each page's text lines and ruled tables, in reading order.

Tables are found from their ruling lines; a merged cell (which pdfplumber
reports once, with None where it reaches) is repeated in every row and
column it covers, as in HTML. The text outside the tables becomes lines.
Library errors on truncated, corrupt or encrypted files become InputError.
"""

from __future__ import annotations

import io
from typing import Any

from telcoradar.errors import InputError
from telcoradar.model import Document
from telcoradar.read.writer import TextWriter, find_date, reason, squash

Box = tuple[float, float, float, float]
_DATE_WINDOW = 1500
_NO_TITLE = {"(anonymous)", "untitled", "(untitled)", "unknown"}


def read_pdf(data: bytes, source: str, charset: str | None = None) -> Document:
    """Read a PDF's text layer; a scanned PDF without one is refused."""
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    out = TextWriter()
    title = ""
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            if not pdf.pages:
                raise InputError(source, "PDF has no pages")
            meta_title = pdf.metadata.get("Title")
            title = meta_title.strip() if isinstance(meta_title, str) else ""
            if title.lower() in _NO_TITLE:
                title = ""
            for page in pdf.pages:
                _page(page, out)
                page.close()  # free the page's parsed objects as we go
    except InputError:
        raise
    except Exception as error:  # pdfminer raises many types on damaged files
        inner = error.args[0] if error.args and isinstance(error.args[0], Exception) else error
        if isinstance(inner, (PDFPasswordIncorrect, PDFEncryptionError)):
            raise InputError(source, "encrypted PDF (it needs a password)") from None
        raise InputError(source, f"unreadable PDF ({reason(inner)})") from None
    text = out.text()
    if not text.strip():
        raise InputError(source, "PDF has no text layer (a scanned image?)")
    if not title:
        title = next((line.strip() for line in text.split("\n") if line.strip()), "")[:100]
    return out.document(
        data,
        source,
        "application/pdf",
        charset="",
        title=title,
        published=find_date(text[:_DATE_WINDOW]),
        published_from="text",
    )


def _page(page: Any, out: TextWriter) -> None:
    """Write one page: its lines and tables sorted by their top edge."""
    tables = page.find_tables()
    rest = page
    for table in tables:
        rest = rest.outside_bbox(table.bbox)
    items: list[tuple[float, int, list[list[str]] | str]] = [
        (float(line["top"]), 1, line["text"]) for line in rest.extract_text_lines()
    ]
    items += [(float(table.bbox[1]), 0, grid(table)) for table in tables]
    items.sort(key=lambda item: (item[0], item[1]))
    for _, _, item in items:
        if isinstance(item, str):
            line = squash(item)
            if line:
                out.line(line)
        elif item:
            out.table(item)


def grid(table: Any) -> list[list[str]]:
    """A pdfplumber table as rows of cell texts, merged cells repeated where they reach."""
    texts: list[list[str | None]] = table.extract()
    boxes: list[list[Box | None]] = [list(row.cells) for row in table.rows]
    columns: list[Box] = [column.bbox for column in table.columns]
    anchors = {
        box: squash(texts[i][j] or "")
        for i, row in enumerate(boxes)
        for j, box in enumerate(row)
        if box is not None
    }
    out: list[list[str]] = []
    for row in boxes:
        top, bottom = _row_span(row)
        cells = []
        for j, box in enumerate(row):
            if box is not None:
                cells.append(anchors[box])
                continue
            x = (columns[j][0] + columns[j][2]) / 2 if j < len(columns) else -1.0
            y = (top + bottom) / 2
            cover = next((b for b in anchors if b[0] <= x <= b[2] and b[1] <= y <= b[3]), None)
            cells.append(anchors[cover] if cover is not None else "")
        if any(cells):
            out.append(cells)
    return out


def _row_span(row: list[Box | None]) -> tuple[float, float]:
    """The vertical extent of a row: its cells that start in it, not those merged from above."""
    present = [box for box in row if box is not None]
    if not present:
        return (0.0, 0.0)
    return min(box[1] for box in present), min(box[3] for box in present)
