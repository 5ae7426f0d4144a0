"""What every reader shares: writing a Document line by line, so that each
table row knows where its line sits in the text, and the small text rules
(whitespace, captions, a publication date near the top)."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable, Sequence

from telcoradar.model import Document, Row, Table

_SPACE = re.compile(r"[\s\u200b\u200c\u200d\ufeff]+")
_HAN = r"[\u2e80-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]"
# A line break between two Chinese characters is no word gap (CSS Text segment-break rule).
_HAN_BREAK = re.compile(rf"(?<={_HAN})[ \t\r\f\v\u3000]*\n\s*(?={_HAN})")
_CAPTION = re.compile(r"^(?:附?表|Table|TABLE)\s*[0-9０-９一二三四五六七八九十]", re.IGNORECASE)
_SENTENCE_END = ("。", "！", "？", "!", "?", ";", "；")
_DATE = re.compile(
    r"(?<!\d)((?:19|20)\d{2})\s*(?:年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日|([-/.])(\d{1,2})\4(\d{1,2})(?!\d))"
)

_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MONTH = (
    r"(?P<month>(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\b\.?)"
)
_EN_DATE = re.compile(
    rf"\b(?:(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH}|{_MONTH.replace('month', 'm2')}\s+(?P<d2>\d{{1,2}})"
    rf"(?:st|nd|rd|th)?,?)\s+(?P<year>(?:19|20)\d{{2}})\b",
    re.IGNORECASE,
)


def squash(text: str) -> str:
    """Collapse whitespace to single spaces, dropping line breaks inside Chinese text."""
    if "\n" in text:
        text = _HAN_BREAK.sub("", text)
    return _SPACE.sub(" ", text).strip()


def caption_like(line: str, heading: bool = False) -> bool:
    """Whether a line just before a table reads as its caption ("表1 …", a heading, a short title)."""
    line = line.strip()
    if not line or len(line) > 80 or "\t" in line:
        return False
    if _CAPTION.match(line) or heading:
        return True
    return len(line) <= 40 and not line.endswith(_SENTENCE_END)


def find_date(text: str) -> dt.date | None:
    """The first valid calendar date written as 2025年5月16日, 2025-05-16, 2025/5/16,
    2025.05.16, 16 May 2025 or May 16, 2025."""
    found: list[tuple[int, dt.date]] = []
    for m in _DATE.finditer(text):
        year, month, day = m.group(1), m.group(2) or m.group(5), m.group(3) or m.group(6)
        try:
            found.append((m.start(), dt.date(int(year), int(month), int(day))))
            break
        except ValueError:
            continue
    for m in _EN_DATE.finditer(text):
        month = _MONTHS.index((m.group("month") or m.group("m2"))[:3].lower()) + 1
        day = int(m.group("day") or m.group("d2"))
        try:
            found.append((m.start(), dt.date(int(m.group("year")), month, day)))
            break
        except ValueError:
            continue
    return min(found)[1] if found else None


def reason(error: BaseException) -> str:
    """A library exception as a short phrase for a one-line InputError."""
    message = str(error).strip()
    first = message.splitlines()[0][:120] if message else ""
    name = type(error).__name__
    return f"{name}: {first}" if first else name


def make_table(rows: Iterable[tuple[Sequence[str], int, int]], caption: str = "") -> Table | None:
    """A Table from (cells, start, end) rows; None when there are no rows."""
    made = tuple(Row(tuple(cells), start, end) for cells, start, end in rows)
    if not made:
        return None
    return Table(rows=made, caption=caption, start=made[0].start, end=made[-1].end)


class TextWriter:
    """Accumulates lines of a Document's text and the tables among them."""

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._pos = 0
        self.tables: list[Table] = []
        self._last = ""  # the last line written since the last table, for captions
        self._last_heading = False

    def line(self, text: str, heading: bool = False) -> tuple[int, int]:
        """Write one line (no newline inside) and return its offsets."""
        start = self._pos
        self._parts.append(text)
        self._parts.append("\n")
        self._pos += len(text) + 1
        self._last, self._last_heading = text, heading
        return start, start + len(text)

    def table(self, rows: Sequence[Sequence[str]], caption: str = "") -> Table | None:
        """Write each row as a tab-joined line and record the Table.

        Without a caption of its own, a first row that is one cell merged across
        the whole table (a title row) becomes the caption; failing that, the line
        just before the table, when it reads like one.
        """
        if not caption and len(rows) >= 3 and len(rows[0]) >= 2 and rows[0][0] and len(set(rows[0])) == 1:
            caption, rows = rows[0][0], rows[1:]
        if not caption and caption_like(self._last, self._last_heading):
            caption = self._last.strip()
        elif caption:
            self.line(caption)
        placed = []
        for cells in rows:
            start, end = self.line("\t".join(cells))
            placed.append((cells, start, end))
        table = make_table(placed, caption)
        if table is not None:
            self.tables.append(table)
        self._last, self._last_heading = "", False
        return table

    def text(self) -> str:
        return "".join(self._parts)

    def document(
        self,
        data: bytes,
        source: str,
        content_type: str,
        charset: str = "utf-8",
        title: str = "",
        published: dt.date | None = None,
        published_from: str | None = None,
    ) -> Document:
        return Document(
            source=source,
            text=self.text(),
            tables=tuple(self.tables),
            title=title,
            content_type=content_type,
            charset=charset,
            published=published,
            published_from=published_from if published else None,
            sha256=hashlib.sha256(data).hexdigest(),
        )
