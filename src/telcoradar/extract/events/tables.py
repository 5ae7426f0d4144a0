"""Moves listed in a table: a row an operator, a column its cases.

Reports sum up what each operator has done in a table whose header names a
column of cases or initiatives (企业 | 核心战略 | 标杆案例). Each row whose first
cell is an operator states a move of that operator: the case cell's own kind
word gives the kind (a launch when it has none, as a flagship system or
platform is), and its words or the section give the domain. A row dates
nothing: the move is as dated as the table says, which is not at all.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from telcoradar.extract.events.clauses import clause_domain, clause_kind
from telcoradar.extract.operators import OperatorMatch

__all__ = ["CaseColumn", "case_column"]

# A header cell over the operators' moves: 标杆案例, 典型举措, 重点项目, "key initiatives".
_CASE_HEADER = re.compile(r"案例|举措|实践|项目|动作|进展|(?i:\bcases?\b|initiatives?|projects?|moves?)")


@dataclass(frozen=True)
class CaseColumn:
    """The column of cases of one table, read row by row."""

    index: int

    def row(
        self,
        start: int,
        line: str,
        mentions: Callable[[int, int], list[OperatorMatch]],
        section: tuple[str | None, float],
    ) -> tuple[list[OperatorMatch], str, str, int, int] | None:
        """(operators, kind, domain, start, end) of the move a row states, if it states one."""
        cells = _cells(line)
        if len(cells) <= self.index:
            return None
        first_start, first_end = cells[0]
        operators = mentions(start + first_start, start + first_end)
        case_start, case_end = cells[self.index]
        case = line[case_start:case_end]
        if not operators or not case.strip(" -:"):
            return None
        kind = clause_kind(case) or "launch"
        return operators, kind, clause_domain(case, *section, kind), start + case_start, start + case_end


def case_column(line: str) -> CaseColumn | None:
    """The case column of a table whose header is `line`, if it has one (not the first)."""
    cells = _cells(line)
    for index, (a, b) in enumerate(cells[1:], start=1):
        if _CASE_HEADER.search(line, a, b):
            return CaseColumn(index)
    return None


def _cells(line: str) -> list[tuple[int, int]]:
    """(start, end) of each cell of a tab-separated or Markdown row, its padding left out."""
    bar = line.startswith("|")
    edge = "|" if bar else "\t"
    spans = []
    at = 1 if bar else 0
    for cell in (line.strip().strip("|") if bar else line).split(edge):
        lead = len(cell) - len(cell.lstrip())
        spans.append((at + lead, at + max(lead, len(cell.rstrip()))))
        at += len(cell) + 1
    return spans
