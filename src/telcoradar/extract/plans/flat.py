"""Tables that lost their grid: rebuilt from runs of typed values.

Pages captured as text often flatten a table to one line a row: a row
label followed by its values (`月費 $128 $168 $228`, `Data 30MB 200MB 1GB`),
a row's values wrapped over the next lines, or one cell a line between lone
`|` lines. A run of such rows, one of them prices and another allowances,
periods or minutes with as many values, is a table with the labels down its
first column; it goes down the same path as a table read from HTML. A label
may hold digits (`合約價(30個月)`, `Plan (18 months)`): what stands in
brackets is label, not value.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, replace

from telcoradar.extract.plans.facts import Fact, find_facts, services
from telcoradar.extract.plans.tables import header_field
from telcoradar.model import Row, Table

__all__ = ["cell_line_tables", "flat_tables", "pipe_cell_tables"]

_KINDS = frozenset({"money", "data", "period", "voice", "sms", "intl_voice"})
# a row whose label went astray is named by the kind of its values ("$45 $79 $99" is the price row)
_KIND_LABEL = {"money": "Price", "data": "Data", "period": "Validity", "voice": "Minutes", "sms": "SMS"}
_KIND_LABEL["intl_voice"] = "International minutes"
_BETWEEN = re.compile(r"[\s/|、,，;；*#^]*")
_BRACKETS = re.compile(r"[(（\[][^)）\]\n]{0,30}[)）\]]")
_UNLIMITED_LINE = re.compile(r"(?i:unlimited|illimités?|illimitées?|unbegrenzt)|不限量|無限|无限|不限")
_CELL = 24  # the longest line read as one cell's value
_LABEL_LINE = 40  # a short line with no value may sit between rows (a section label)
_GAP = 2  # lines of other text a table's rows may have between them
_PER = re.compile(r"[ \t]*")  # between a price and its period, which starts with / or "per"
_LONE_PIPE = re.compile(r"^[ \t]*\|[ \t]*$", re.MULTILINE)
_PLACEHOLDER = re.compile(r"(?<!\S)[-–—－](?!\S)")
# a validity of hours that are no whole day (連續1小時, 3 hours): a column whose period is no count of days
_RUNNING = re.compile(r"(?:連續|连续)(?=\d)")  # 連續24小時: "running", no part of the value
_HOURS = re.compile(r"(?<![\d.])(?P<n>\d{1,3})\s*(?:小時|小时|(?i:hours?|hrs?)(?![A-Za-z]))")
_NUMBER = re.compile(r"(?<!\S)\d[\d,]*(?:\.\d+)?(?!\S)")
_LABELLED = re.compile(r"^\s*(?P<label>\S(?:.*?\D)?)\s+(?P<values>(?:(?:[-–—－]|\d[\d,]*(?:\.\d+)?)\s*)+)$")
_RATE_LABEL = re.compile(
    r"[元$]\s*[/／]|[/／]\s*(?:秒|分|則|则|條|条|封包|(?i:sec|min|sms|mb|kb))|(?i:per\s)"
)
_NOT_A_ROW = ("•", "·", "-", "*", "(", "（")
_ALLOWANCES = frozenset({"data", "voice", "sms", "intl_voice"})
_LABEL_KINDS = {"price": "money", "voice": "voice", "sms": "sms", "period": "period"}


@dataclass(slots=True)
class _Line:
    start: int
    end: int
    label: str
    kind: str | None  # the kind of all its values, None for a line without any
    values: list[tuple[int, int]]  # offsets of each value


def _read_line(text: str, start: int, end: int, currency: str) -> _Line | None:
    """A line as a row label and values of one kind, or None when it is anything else."""
    line = text[start:end]
    masked = _BRACKETS.sub(lambda m: " " * len(m.group(0)), line)
    masked = _RUNNING.sub(lambda m: " " * len(m.group(0)), masked)
    facts = _priced_periods(
        masked, [f for f in find_facts(masked, currency, prose=False) if f.kind in _KINDS or f.kind == "free"]
    )
    if _UNLIMITED_LINE.fullmatch(line.strip()):
        return _Line(start, end, "", "unlimited", [(start, end)])  # "Unlimited" under a row label
    while len(facts) > 1 and facts[0].kind == "period" and _kind(facts[-1]) != "period":
        facts = facts[1:]  # 月費 $18 $49: the period word is the label's
    # 每月通話分鐘 - 30 60: the label gives the unit; 網內通話(元/秒) 0.03 0.095: rates, no allowances
    bare = [] if _RATE_LABEL.search(line) else _bare_values(masked)
    if bare and (not facts or facts[-1].end <= bare[0].start):
        facts = bare
    if not facts or not _DIGIT.search(masked):  # "Monthly Charge": a label
        stripped = line.strip()
        ok = 0 < len(stripped) <= _LABEL_LINE and not stripped.endswith((".", "。", ":", "："))
        return _Line(start, end, stripped, None, []) if ok else None
    kinds = {_kind(f) for f in facts if f.kind != "none"}
    if len(kinds) != 1:
        return None
    facts = sorted(facts + _placeholders(masked, facts), key=lambda f: f.start)
    pos = facts[0].start
    for f in facts:
        gap = _BETWEEN.fullmatch(masked, pos, f.start) if f.start >= pos else None
        if gap is None and f is not facts[0]:
            return None
        pos = max(pos, f.end)
    if _BETWEEN.fullmatch(masked, pos, len(masked)) is None:
        return None
    label = line[: facts[0].start].strip()
    if len(label) > 40:
        return None
    values = [(start + f.start, start + f.end) for f in facts]
    return _Line(start, end, label, kinds.pop(), values)


def _placeholders(line: str, facts: list[Fact]) -> list[Fact]:
    """The empty cells (-, —) among a row's values: a column the row has nothing for."""
    first = min(f.start for f in facts)
    out = []
    for m in _PLACEHOLDER.finditer(line):
        if any(f.start <= m.start() < f.end for f in facts):
            continue
        if m.start() < first and _PLACEHOLDER.sub("", line[m.end() : first]).strip():
            continue  # "Plan - Basic $10": a dash in the label
        out.append(Fact("none", m.start(), m.end()))
    for m in _HOURS.finditer(line):
        inside = any(f.start <= m.start() < f.end for f in facts)
        if int(m.group("n")) % 24 and line[: m.start()].strip() and not inside:
            out.append(Fact("none", m.start(), m.end()))
    return out


def _bare_values(line: str) -> list[Fact]:
    """Bare numbers after a label that names their unit (售價 999 180, 效期 60 60, 通話分鐘 30 60)."""
    m = _LABELLED.match(line)
    if m is None:
        return []
    kind = _LABEL_KINDS.get(header_field(m.group("label")) or "")
    if kind is None:
        return []
    return [Fact(kind, v.start(), v.end()) for v in _NUMBER.finditer(line, m.start("values"))]


def _priced_periods(line: str, facts: list[Fact]) -> list[Fact]:
    """A price with its period ("$45/mth $79/mth") is one value: the period joins the price's cell."""
    out: list[Fact] = []
    for f in facts:
        prev = out[-1] if out else None
        if (
            f.kind == "period"
            and prev is not None
            and prev.kind == "money"
            and _PER.fullmatch(line, prev.end, f.start)
        ):
            out[-1] = replace(prev, end=f.end)
            continue
        out.append(f)
    return out


def _kind(fact: Fact) -> str:
    return "money" if fact.kind == "free" else fact.kind


def flat_tables(text: str, covered: list[tuple[int, int]], currency: str) -> list[Table]:
    """Tables rebuilt from label-and-values lines outside the `covered` spans."""
    starts = {s for s, _ in covered}
    covered_sorted = sorted(covered)
    tables: list[Table] = []
    block: list[_Line] = []
    gap = 0
    pos = 0
    while pos <= len(text):
        nl = text.find("\n", pos)
        end = len(text) if nl < 0 else nl
        lead = pos + len(text[pos:end]) - len(text[pos:end].lstrip())
        inside = pos in starts or any(s <= pos < e for s, e in covered_sorted)
        line = None if inside or lead >= end else _read_line(text, lead, end, currency)
        if line is None and not inside and lead >= end and block:
            pass  # a blank line between two rows
        elif line is None and not inside and lead < end and gap < _GAP and block:
            gap += 1  # a note between two rows of one table
        elif line is None:
            tables.extend(_table(text, block))
            block, gap = [], 0
        else:
            block.append(line)
            gap = 0
        if nl < 0:
            break
        pos = nl + 1
    tables.extend(_table(text, block))
    return tables


def _rows(block: list[_Line]) -> list[tuple[str, int, int, list[tuple[int, int]], str]]:
    """(label, start, end, values, kind) of each row: a line without a label continues the row above."""
    rows: list[tuple[str, int, int, list[tuple[int, int]], str]] = []
    served = ""  # the last label line that names services ("Calls + SMS"), for an "Unlimited" below it
    for line in block:
        if line.kind is None:
            served = line.label if services(line.label) else served
            continue
        if line.kind == "unlimited":
            if served:
                rows.append((served, line.start, line.end, list(line.values), line.kind))
            served = ""
            continue
        if not line.label and rows and rows[-1][4] == line.kind and rows[-1][2] < line.start:
            label, start, _, values, kind = rows[-1]
            rows[-1] = (label, start, line.end, values + line.values, kind)
        else:
            rows.append((line.label, line.start, line.end, list(line.values), line.kind))
    return rows


def _table(text: str, block: list[_Line]) -> list[Table]:
    rows = _rows(block)
    counts = [len(r[3]) for r in rows if r[4] == "money"]
    width = max(counts, default=0)
    if width < 2:
        return []
    kept = [r for r in rows if len(r[3]) == width or (len(r[3]) == 1 and r[4] != "money")]
    if not any(r[4] != "money" and len(r[3]) == width for r in kept):
        return []
    out: list[Row] = []
    for label, start, end, values, kind in kept:
        cells = [text[a:b] for a, b in values]
        if kind in _ALLOWANCES:  # 通話分鐘 - 30 60: the plan without a value has none of it
            cells = ["0" if _PLACEHOLDER.fullmatch(c) else c for c in cells]
        if len(cells) == 1 and (label.startswith(_NOT_A_ROW) or "•" in label):
            continue  # "• 上網傳輸量12GB": a list item of one cell, not a row of its own
        if len(cells) == 1:
            cells = cells * width  # one value for every column: "Validity 30 days"
        out.append(Row((label or _KIND_LABEL[kind], *cells), start, end))
    return [Table(tuple(out), start=out[0].start, end=out[-1].end)] if out else []


def cell_line_tables(text: str, covered: list[tuple[int, int]], currency: str) -> list[Table]:
    """Tables flattened to one cell a line: a row label on its line, then its values one a line
    (售價 / 999 / 180 / 300, 效期 / 60 / 60 / 120); a bracketed line ((1,024MB)) restates the
    value above. Rows as wide as the price row make the table."""
    starts = sorted(s for s, _ in covered)
    ends = dict(covered)
    rows: list[tuple[str, int, int, list[tuple[int, int]], str]] = []
    label: tuple[str, int, int] | None = None
    values: list[tuple[int, int]] = []
    kinds: set[str] = set()

    def close() -> None:
        if label is not None and len(values) >= 2 and len(kinds) <= 1:
            kind = kinds.pop() if kinds else _LABEL_KINDS.get(header_field(label[0]) or "", "")
            if kind:
                rows.append((label[0], label[1], values[-1][1], list(values), kind))

    for m in re.finditer(r"[^\n]+", text):
        line = m.group(0).strip()
        if not line or _BRACKETS.fullmatch(line):
            continue
        i = bisect.bisect_right(starts, m.start()) - 1
        if i >= 0 and m.start() < ends[starts[i]]:  # a row of a table read already
            close()
            label, values, kinds = None, [], set()
            continue
        kind = _cell_kind(line, currency)
        if kind is None:  # a label: it opens the next row
            close()
            label = (line, m.start(), m.end()) if len(line) <= _LABEL_LINE else None
            values, kinds = [], set()
        elif label is not None:
            values.append((m.start(), m.end()))
            if kind not in ("number", "none"):
                kinds.add(kind)
    close()
    return _cell_line_table(text, rows)


def _cell_kind(line: str, currency: str) -> str | None:
    """The kind of a line that is one cell's value ("999", "60GB", "-"), or None for other text."""
    if _PLACEHOLDER.fullmatch(line):
        return "none"
    if _NUMBER.fullmatch(line):
        return "number"
    if len(line) > _CELL or not _DIGIT.search(line):
        return None  # a cell's value is short and has a number
    masked = _BRACKETS.sub("", line).strip()
    facts = [f for f in find_facts(masked, currency, prose=False) if f.kind in _KINDS]
    if len(facts) == 1 and facts[0].start == 0 and facts[0].end == len(masked):
        return _kind(facts[0])
    return None


def _cell_line_table(text: str, rows: list[tuple[str, int, int, list[tuple[int, int]], str]]) -> list[Table]:
    widths = [len(r[3]) for r in rows if r[4] == "money"]
    if not widths:
        return []
    width = max(widths)
    kept = [r for r in rows if len(r[3]) == width]
    if width < 2 or not any(r[4] != "money" for r in kept):
        return []
    out = [
        Row((label, *(text[a:b].strip() for a, b in values)), start, end)
        for label, start, end, values, _ in kept
    ]
    return [Table(tuple(out), start=out[0].start, end=out[-1].end)]


def pipe_cell_tables(text: str, covered: list[tuple[int, int]]) -> list[Table]:
    """Tables flattened to one cell a line, the cells of a row parted by lone `|` lines (a row ends
    where two cells meet without one); rows as wide as the first (the header) make the table."""
    if not _LONE_PIPE.search(text):
        return []
    starts = {s for s, _ in covered}
    groups: list[list[tuple[int, int]]] = []
    after_pipe = False
    for m in re.finditer(r"[^\n]+", text):
        line = m.group(0).strip()
        if m.start() in starts:
            after_pipe = False
            groups.append([])
            continue
        if line == "|":
            after_pipe = bool(groups and groups[-1])
            continue
        if after_pipe:
            groups[-1].append((m.start(), m.end()))
        else:
            groups.append([(m.start(), m.end())])
        after_pipe = False
    groups = [row for cells in groups for row in _rows_of(text, cells)]
    tables: list[Table] = []
    run: list[Row] = []
    for cells in [*groups, []]:
        if len(cells) >= 2 and (not run or len(cells) == len(run[0].cells)):
            run.append(Row(tuple(text[a:b].strip() for a, b in cells), cells[0][0], cells[-1][1]))
            continue
        if len(run) >= 2:
            tables.append(Table(tuple(run), start=run[0].start, end=run[-1].end))
        run = []
        if len(cells) >= 2:
            run.append(Row(tuple(text[a:b].strip() for a, b in cells), cells[0][0], cells[-1][1]))
    return tables


_DIGIT = re.compile(r"\d")


def _rows_of(text: str, cells: list[tuple[int, int]]) -> list[list[tuple[int, int]]]:
    """A group of cells as rows: when every cell of a table is parted by `|` alike, the header's
    cells (the leading cells without a digit) give the width, and the rest is cut to rows of it."""
    width = 0
    while width < len(cells) and not _DIGIT.search(text[cells[width][0] : cells[width][1]]):
        width += 1
    if width < 2 or len(cells) < 2 * width or width == len(cells):
        return [cells]
    whole = len(cells) // width * width
    return [cells[i : i + width] for i in range(0, whole, width)]
