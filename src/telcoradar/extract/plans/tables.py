"""Tariff tables: find the header, map its cells to plan fields, yield one record a plan.

A header is found by its words (data file `headers.toml`), not by its place:
it may sit below a title row, span two rows (套餐内容 over 流量 | 语音), or
run down the first column (a transposed table, plans as columns). Empty
operator, region and name cells take the value above them; an empty perks
cell does too while the row continues the same plan.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from telcoradar.extract.plans.facts import find_facts
from telcoradar.model import Row, Table

__all__ = [
    "CARRIED",
    "Record",
    "header_data",
    "header_field",
    "is_header_word",
    "table_records",
    "text_tables",
]

CARRIED = ("operator", "region", "name", "audience")
_PLAN_FIELDS = frozenset({"price", "data", "voice", "intl_voice", "sms", "period", "name", "contents"})
_NON_ALNUM = re.compile(r"[\W_]+")


@dataclass(slots=True)
class Record:
    """One plan's cells by field, the header text of each, and the span of text that shows them."""

    cells: dict[str, str]
    headers: dict[str, str]
    start: int
    end: int
    carried: set[str] = field(default_factory=set)


@cache
def header_data() -> dict[str, Any]:
    raw = resources.files("telcoradar.data").joinpath("headers.toml").read_text("utf-8")
    return tomllib.loads(raw)


@cache
def _synonyms() -> tuple[tuple[str, str], ...]:
    """(normalized synonym, field) pairs from the data file."""
    fields: dict[str, list[str]] = header_data()["fields"]
    pairs = {(_normalize(word), name) for name, words in fields.items() for word in words}
    return tuple(sorted(pairs, key=lambda p: -len(p[0])))


@cache
def _refinements() -> tuple[tuple[str, str, tuple[str, ...]], ...]:
    """(field, refined field, words) from the data file's [refine] tables."""
    refine: dict[str, dict[str, Any]] = header_data().get("refine", {})
    return tuple(
        (str(spec["field"]), name, tuple(_normalize(w) for w in spec["words"]))
        for name, spec in refine.items()
    )


def _normalize(text: str) -> str:
    return _NON_ALNUM.sub("", text).casefold()


def is_header_word(text: str) -> bool:
    """Whether `text` is exactly a header synonym ("资费", "套餐", "Price")."""
    return _normalize(text) in _synonym_set()


@cache
def _synonym_set() -> frozenset[str]:
    return frozenset(word for word, _ in _synonyms())


@cache
def header_field(cell: str) -> str | None:
    """The field a header cell names, or None. The match ending last wins, then the longest."""
    norm = _normalize(cell)
    if not norm or len(norm) > 40:
        return None
    best: tuple[int, int] | None = None
    found: str | None = None
    for word, name in _synonyms():
        at = norm.rfind(word)
        if at < 0:
            continue
        score = (at + len(word), len(word))
        if best is None or score > best:
            best, found = score, name
    for base, refined, words in _refinements():
        if found == base and any(w in norm for w in words):
            return refined
    return found


_DIGIT = re.compile(r"\d")
_PROMO = re.compile(r"优惠|现价|活动|折后|(?i:promo|now|sale|offer|discounted)")


def _header_map(row: Row) -> dict[int, str]:
    """Column -> field for a row that reads as a header, else an empty map."""
    mapping: dict[int, str] = {}
    seen: set[str] = set()
    filled = 0
    for col, cell in enumerate(row.cells):
        if not cell.strip():
            continue
        filled += 1
        if _DIGIT.search(cell) and find_facts(cell):
            return {}  # a value (5 days, 30GB), so a body row
        name = header_field(cell)
        if name is None:
            continue
        if name not in seen:
            mapping[col] = name
            seen.add(name)
        elif name == "price" and _PROMO.search(cell):  # 原价 | 优惠价: the price paid is the offer
            mapping = {c: f for c, f in mapping.items() if f != "price"}
            mapping[col] = name
    if len(seen) < 2 or not seen & _PLAN_FIELDS or len(mapping) * 2 < filled:
        return {}
    return mapping


def _merge_subheader(mapping: dict[int, str], sub: dict[int, str]) -> dict[int, str]:
    """A second header row (流量 | 语音 under 套餐内容) refines the first."""
    merged = dict(mapping)
    for col, name in sub.items():
        if merged.get(col) in (None, "contents", name) or col not in mapping:
            merged[col] = name
    out: dict[int, str] = {}
    seen: set[str] = set()
    for col in sorted(merged):
        if merged[col] not in seen:
            out[col] = merged[col]
            seen.add(merged[col])
    return out


def table_records(table: Table) -> list[Record]:
    """One record a plan row (or plan column, when the table is transposed)."""
    rows = table.rows
    for index, row in enumerate(rows[:8]):
        mapping = _header_map(row)
        if not mapping:
            continue
        body = index + 1
        if body < len(rows):
            sub = _header_map(rows[body])
            if sub and not any(_DIGIT.search(c) for c in rows[body].cells):
                mapping = _merge_subheader(mapping, sub)
                body += 1
        if "price" not in mapping.values() and "name" not in mapping.values():
            return []
        # a sub-header row can be longer than the header above it: each column's words come from
        # the lowest header row that reaches it
        reach = [r.cells for r in rows[index:body]]
        headers = {
            name: next(c[col] for c in reversed(reach) if col < len(c)) for col, name in mapping.items()
        }
        return _row_records(rows[body:], mapping, headers, row.cells)
    return _column_records(rows) or _period_matrix(rows)


def _row_records(
    rows: tuple[Row, ...], mapping: dict[int, str], headers: dict[str, str], header_cells: tuple[str, ...]
) -> list[Record]:
    out: list[Record] = []
    last: dict[str, str] = {}
    for row in rows:
        cells = {name: row.cells[col].strip() for col, name in mapping.items() if col < len(row.cells)}
        if not any(cells.values()):
            continue
        if row.cells == header_cells:
            continue  # a repeated header
        carried: set[str] = set()
        for name in CARRIED:
            if not cells.get(name) and last.get(name):
                cells[name] = last[name]
                carried.add(name)
        if "name" in carried and not cells.get("perks") and last.get("perks"):
            cells["perks"] = last["perks"]
            carried.add("perks")
        last = {name: value for name, value in cells.items() if value}
        last.update({name: cells[name] for name in CARRIED if cells.get(name)})
        out.append(Record(cells, headers, row.start, row.end, carried))
    return out


def _column_records(rows: tuple[Row, ...]) -> list[Record]:
    """Plans as columns: the first column names the fields (套餐 | 资费 | 流量 | 语音)."""
    labelled: list[tuple[Row, str]] = []
    seen: set[str] = set()
    for row in rows:
        if len(row.cells) < 2:
            continue
        name = header_field(row.cells[0])
        label = row.cells[0]
        if name is not None and name not in seen and not (_DIGIT.search(label) and find_facts(label)):
            labelled.append((row, name))
            seen.add(name)
    if "price" not in seen or len(seen) < 2:
        return []
    top = rows[0]
    top_money = any(f.kind == "money" for c in top.cells[1:] for f in find_facts(c))
    if "name" not in seen and top is not labelled[0][0] and not top_money:
        labelled.insert(0, (top, "name"))  # | Card | Plan A | Plan B |: the top row names the plans
    width = max(len(row.cells) for row, _ in labelled)
    start, end = labelled[0][0].start, labelled[-1][0].end
    headers = {name: row.cells[0] for row, name in labelled}
    out: list[Record] = []
    for col in range(1, width):
        cells = {name: row.cells[col].strip() for row, name in labelled if col < len(row.cells)}
        if cells.get("price"):
            out.append(Record(cells, headers, start, end))
    return out


def _period_matrix(rows: tuple[Row, ...]) -> list[Record]:
    """Prices by period: 套餐 | 7天 | 15天 | 30天, then 畅行卡 | 70元 | 110元 | 150元."""
    if len(rows) < 2 or len(rows[0].cells) < 2:
        return []
    top = rows[0].cells
    lead = header_field(top[0]) if top[0].strip() else "name"
    periods = {col: cell for col, cell in enumerate(top) if col > 0 and _only_period(cell)}
    if lead not in ("name", "operator") or len(periods) < len(top) - 2 or not periods:
        return []
    out: list[Record] = []
    last_name = ""
    for row in rows[1:]:
        label = row.cells[0].strip() if row.cells else ""
        last_name = label or last_name
        for col, header in periods.items():
            cell = row.cells[col].strip() if col < len(row.cells) else ""
            if cell:
                cells = {lead: last_name, "price": cell, "period": header}
                out.append(Record(cells, {"price": header, "period": header}, row.start, row.end))
    return out


def _only_period(cell: str) -> bool:
    facts = find_facts(cell)
    return len(facts) == 1 and facts[0].kind == "period"


# --- tables written as text --------------------------------------------------------

_PIPE_RULE = re.compile(r"^\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?$")


_TABLE_LINE = re.compile(r"^[^\n\t]*\t[^\n\t]*\t[^\n]*$|^[ \t]*\|[^\n|]*\|[^\n|]*\|[^\n]*$", re.MULTILINE)


def text_tables(text: str, covered: list[tuple[int, int]]) -> list[Table]:
    """Tables written in the text itself (tab-separated or Markdown pipe rows) outside `covered` spans.

    Readers that keep tables as grids cover their rows; plain text and
    Markdown may carry a table only as lines.
    """
    if "\t" not in text and "|" not in text:
        return []
    covered_starts = {s for s, _ in covered}
    tables: list[Table] = []
    run: list[Row] = []
    kind = ""
    last_end = -2
    for m in _TABLE_LINE.finditer(text):
        pos = m.start()
        line = m.group(0).rstrip("\r")
        row_kind, cells, lead = _split_line(line)
        usable = bool(row_kind) and pos not in covered_starts
        if not (usable and pos == last_end + 1 and row_kind == kind):
            if len(run) >= 2:
                tables.append(Table(tuple(run), start=run[0].start, end=run[-1].end))
            run = []
        if usable:
            if cells is not None:
                run.append(Row(cells, pos + lead, pos + len(line.rstrip())))
            kind = row_kind
        last_end = m.end()
    if len(run) >= 2:
        tables.append(Table(tuple(run), start=run[0].start, end=run[-1].end))
    return tables


def _split_line(line: str) -> tuple[str, tuple[str, ...] | None, int]:
    """(kind, cells, lead): kind "tab" or "pipe" or ""; a pipe table's rule line has no cells."""
    if line.count("\t") >= 2:
        lead = len(line) - len(line.lstrip(" "))
        return "tab", tuple(c.strip() for c in line[lead:].rstrip().split("\t")), lead
    stripped = line.strip()
    if stripped.startswith("|") and stripped.count("|") >= 3:
        if _PIPE_RULE.match(stripped):
            return "pipe", None, 0
        lead = len(line) - len(line.lstrip())
        return "pipe", tuple(c.strip() for c in stripped.strip("|").split("|")), lead
    return "", None, 0
