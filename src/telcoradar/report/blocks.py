"""What a briefing is made of: text parts, sentences, tables, sections, and the facts it is handed.

Every module that builds a part of the briefing (`sections`, `profiles`,
`summary`, `facts`, `charts`, `analyses`) shares these types; `briefing`
puts the parts together.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from telcoradar.analysis.moves import Change
from telcoradar.extract.operators import operator_label, region_label
from telcoradar.model import Event, Figure, Plan
from telcoradar.report.evidence import EvidenceBook, Num, SourceInfo


@dataclass(frozen=True)
class Span:
    """Text shown as written in its source: a name (`cls="name"`) or the source's words (`"quote"`)."""

    text: str
    cls: str = "name"


@dataclass(frozen=True)
class Phrase:
    """Several parts that read as one piece of text (a name and its translation)."""

    parts: tuple[Part, ...]

    @property
    def text(self) -> str:
        return "".join(p if isinstance(p, str) else p.text for p in self.parts)


Part = str | Num | Span | Phrase  # a sentence is literal text, linked numbers and names


@dataclass
class BriefingInputs:
    plans: Sequence[Plan]  # the plans current at `as_of`
    changes: Sequence[Change] = ()  # analysis.moves.diff between `since` and now
    events: Sequence[Event] = ()
    figures: Sequence[Figure] = ()
    sources: dict[str, SourceInfo] = field(default_factory=dict)  # by snapshot SHA-256
    since: dt.date | None = None
    as_of: dt.date | None = None  # the newest capture's day: what the briefing is dated
    first_capture: dt.date | None = None  # the oldest capture's day
    # The evidence (snapshot SHA-256, start, end) of facts an analyst accepted or corrected.
    verified: frozenset[tuple[str, int, int]] = frozenset()


@dataclass(frozen=True)
class Sentence:
    parts: tuple[Part, ...]
    kind: str = ""

    @property
    def text(self) -> str:
        return "".join(p if isinstance(p, str) else p.text for p in self.parts)


Cell = str | Num | Span | Phrase | tuple[Part, ...]  # a table cell: one part, or several on lines


@dataclass
class TableBlock:
    title: str
    columns: tuple[str, ...]
    rows: list[tuple[Cell, ...]]
    hidden: int = 0  # rows left out to keep the table readable
    sortable: bool = False  # the HTML sorts it by a click on a column heading
    starts: frozenset[int] = frozenset()  # rows that open a group (operator and region)


@dataclass
class Section:
    key: str
    title: str
    sentences: list[Sentence] = field(default_factory=list)
    tables: list[TableBlock] = field(default_factory=list)
    charts: list[tuple[str, str]] = field(default_factory=list)  # (caption, SVG)
    empty_reason: str = ""
    subsections: list[Section] = field(default_factory=list)
    cls: str = ""  # the HTML class of the section ("operator")
    notes: list[str] = field(default_factory=list)  # plain lines after the tables (single figures ...)


def fill(template: str, **values: Part) -> tuple[Part, ...]:
    """Split a translated "{name}" template into literal parts and the given values."""
    parts: list[Part] = []
    rest = template
    while "{" in rest:
        head, _, tail = rest.partition("{")
        name, _, rest = tail.partition("}")
        if head:
            parts.append(head)
        parts.append(values[name])
    if rest:
        parts.append(rest)
    return tuple(parts)


@dataclass
class Context:
    """What the section builders share: the language, the gettext function, the evidence book."""

    lang: str
    book: EvidenceBook
    _: Callable[[str], str]

    def operator(self, operator_id: str | None) -> str:
        return operator_label(operator_id, self.lang) if operator_id else ""

    def region(self, region: str | None) -> str:
        return region_label(region, self.lang) if region else ""

    def days(self, days: int | None) -> str:
        if days is None:
            return ""
        return (self._("{n} day") if days == 1 else self._("{n} days")).format(n=days)

    def plan_label(self, plan: Plan) -> str:
        bits = [
            self.operator(plan.operator),
            self.region(plan.region),
            plan.name,
            self.days(plan.period_days),
        ]
        return " · ".join(b for b in bits if b)

    def date(self, day: dt.date | None, precision: str | None = "day") -> str:
        """A date at its precision: 2025-05-16 (16 May 2025 in English), 2025-05, 2025."""
        if day is None:
            return ""
        if precision == "year":
            return self._("{y}").format(y=day.year)
        if precision == "month":
            return f"{day.year}-{day.month:02d}"
        if self.lang == "en":
            from babel.dates import format_date

            return format_date(day, "d MMM y", locale="en_GB")
        return day.isoformat()

    def audience(self, audience: str | None) -> str:
        """An audience in the briefing's language: 入境外籍来宾 / inbound visitors; the words of an
        audience cell that names a known audience (来宾, 外籍 ...) read as that audience."""
        if not audience:
            return self._("All users")
        label = self._("audience:" + audience)
        if label.startswith("audience:"):
            from telcoradar.extract.plans.audience import audience_of

            known = audience_of(audience)
            label = self._("audience:" + known) if known else label
        return audience if label.startswith("audience:") else label
