"""Plain text and Markdown to Document.

The text is kept verbatim (line endings made "\\n"), so every offset a later
stage quotes is an offset into what the author wrote. Two table shapes are
recognised in place: Markdown pipe tables (the |---| line skipped) and
tab-separated blocks, the shape a table takes when copied out of a report or
a spreadsheet, continuation rows with empty leading cells included. A row's
cells stay as written; carrying a merged cell down is the extractor's job.
"""

from __future__ import annotations

import hashlib
import re

from telcoradar.model import Document, Table
from telcoradar.read.charset import decode
from telcoradar.read.published import front_matter_date
from telcoradar.read.writer import caption_like, find_date, make_table

_PIPE_START = re.compile(r"^\s*(?:[-*+]\s+)?\|")  # "- |" too: a table pasted into a list item
_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")
_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
# Inline Markdown a reader does not read: a link's target (its text stays), emphasis marks, escapes
_LINK = re.compile(r"!?\[([^\[\]\n]*)\]\([^()\s]*(?:\([^()\s]*\)[^()\s]*)*\)")
_EMPHASIS = re.compile(r"\*\*|__|~~|`")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|~])")
_BR = re.compile(r"<br\s*/?>", re.IGNORECASE)
_DATE_WINDOW = 1500


def read_text(data: bytes, source: str, charset: str | None = None) -> Document:
    """Read plain text; tab-separated blocks and pipe tables become Tables."""
    return _read(data, source, charset, "text/plain")


def read_markdown(data: bytes, source: str, charset: str | None = None) -> Document:
    """Read Markdown verbatim; pipe tables and tab-separated blocks become Tables."""
    return _read(data, source, charset, "text/markdown")


def _read(data: bytes, source: str, charset: str | None, content_type: str) -> Document:
    raw, used = decode(data, charset, source)
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    declared = front_matter_date(text)
    found = declared or find_date(text[:_DATE_WINDOW])
    return Document(
        source=source,
        text=text,
        tables=tuple(find_tables(text)),
        title=_title(text, markdown=content_type == "text/markdown"),
        content_type=content_type,
        charset=used,
        published=found,
        published_from=("front-matter" if declared else "text") if found else None,
        sha256=hashlib.sha256(data).hexdigest(),
    )


def find_tables(text: str) -> list[Table]:
    """Every pipe table and tab-separated block in `text`, with offsets of their lines."""
    lines = text.split("\n")
    starts = [0] * len(lines)
    pos = 0
    for i, line in enumerate(lines):
        starts[i] = pos
        pos += len(line) + 1
    tables: list[Table] = []
    i = 0
    while i < len(lines):
        end, rows = _pipe_table(lines, i)
        if not rows:
            end, rows = _tab_block(lines, i)
        if not rows:
            i += 1
            continue
        placed = [(cells, starts[k], starts[k] + len(lines[k])) for k, cells in rows]
        table = make_table(placed, _caption(lines, i))
        if table is not None:
            tables.append(table)
        i = end
    return tables


def _pipe_table(lines: list[str], i: int) -> tuple[int, list[tuple[int, list[str]]]]:
    """A pipe table whose header is line i: (line after it, [(line index, cells)])."""
    if i + 1 >= len(lines) or "|" not in lines[i] or not _SEPARATOR.match(lines[i + 1]):
        return i, []
    if "|" not in lines[i + 1] and not _PIPE_START.match(lines[i]):
        return i, []  # a "---" under plain text is a setext heading, not a table
    rows = [(i, _pipe_cells(lines[i]))]
    j = i + 2
    while j < len(lines) and "|" in lines[j] and lines[j].strip():
        rows.append((j, _pipe_cells(lines[j])))
        j += 1
    return j, [(k, cells) for k, cells in rows if any(cells)]


def _pipe_cells(line: str) -> list[str]:
    line = re.sub(r"^\s*(?:[-*+]\s+)?", "", line).strip()
    if line.startswith("|"):
        line = line[1:]
    if line.endswith("|") and not line.endswith("\\|"):
        line = line[:-1]
    cells = re.split(r"(?<!\\)\|", line)
    return [_plain(cell.replace("\\|", "|")) for cell in cells]


def _plain(cell: str) -> str:
    """A Markdown cell's text: links to their text, emphasis marks and <br> gone."""
    return inline_text(_BR.sub(" ", cell))


def inline_text(markdown: str) -> str:
    """Markdown as a reader sees it: `[中国联通](https://…)` reads 中国联通, `**bold**` reads bold.

    For text shown beside its evidence (a cell, a caption, an event's sentence):
    the evidence keeps what was written, with its offsets into the source.
    """
    if "[" in markdown:
        markdown = _LINK.sub(r"\1", markdown)
    if "*" in markdown or "_" in markdown or "~" in markdown or "`" in markdown:
        markdown = _EMPHASIS.sub("", markdown)
    if "\\" in markdown:
        markdown = _ESCAPE.sub(r"\1", markdown)
    return " ".join(markdown.split())


def _tab_row(line: str, least: int) -> bool:
    return line.count("\t") >= 2 and sum(1 for cell in line.split("\t") if cell.strip()) >= least


def _tab_block(lines: list[str], i: int) -> tuple[int, list[tuple[int, list[str]]]]:
    """Two or more consecutive lines with two or more tabs; later lines may hold one value only."""
    if i + 1 >= len(lines) or not (_tab_row(lines[i], 2) and _tab_row(lines[i + 1], 2)):
        return i, []
    j = i
    while j < len(lines) and _tab_row(lines[j], 1):
        j += 1
    return j, [(k, [cell.strip() for cell in lines[k].split("\t")]) for k in range(i, j)]


def _caption(lines: list[str], i: int) -> str:
    """The nearest non-blank line above a table, when it reads as a caption."""
    for k in range(i - 1, max(-1, i - 4), -1):
        line = lines[k].strip()
        if not line:
            continue
        heading = _HEADING.match(line)
        text = _plain(heading.group(2) if heading else line)
        return text if caption_like(text, heading is not None) and "|" not in text else ""
    return ""


def _title(text: str, markdown: bool) -> str:
    head = text[:4000].split("\n")
    if markdown:
        found = [m for m in map(_HEADING.match, head) if m]
        best = min(found, key=lambda m: len(m.group(1)), default=None)
        if best is not None:
            return _plain(best.group(2))
    for line in head:
        if line.strip():
            line = _plain(line)
            return line if caption_like(line) else ""
    return ""
