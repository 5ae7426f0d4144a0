"""The briefing as data: what the report says, each number tied to its evidence.

`build_briefing(inputs, lang)` turns plain facts (current plans, plan changes,
events, figures and the snapshots they came from) into a `Briefing`; the
renderers in `report/render.py` only lay it out. No sentence is made here
unless a stored fact fills it: every section is built from the inputs, and an
empty input gives an empty section with a stated reason, never filler text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from telcoradar.report import profiles, sections, summary
from telcoradar.report.analyses import analyse
from telcoradar.report.blocks import BriefingInputs, Context, Section, Sentence
from telcoradar.report.evidence import EvidenceBook, EvidenceEntry
from telcoradar.report.i18n import translator


@dataclass
class Briefing:
    lang: str
    title: str
    as_of: dt.date | None
    since: dt.date | None
    sections: list[Section]
    evidence: list[EvidenceEntry]
    headlines: list[Sentence]
    sources: int = 0  # snapshots the facts come from
    first_capture: dt.date | None = None

    @property
    def period(self) -> str:
        """The span the briefing covers: from `since` (else the oldest capture) to the newest capture."""
        start = self.since or self.first_capture
        if self.as_of is None:
            return start.isoformat() if start else ""
        if start is None or start >= self.as_of:
            return self.as_of.isoformat()
        return f"{start.isoformat()} – {self.as_of.isoformat()}"

    def section(self, key: str) -> Section:
        return next(s for s in self.sections if s.key == key)


def build_briefing(inputs: BriefingInputs, lang: str = "zh", max_rows: int = 120) -> Briefing:
    _ = translator(lang)
    ctx = Context(lang=lang, book=EvidenceBook(sources=dict(inputs.sources), verified=inputs.verified), _=_)
    facts = analyse(inputs)
    lead = summary.summary_section(ctx, inputs, facts)
    headline = sections.headline_section(ctx, inputs)
    built = [
        lead,
        headline,
        profiles.operator_sections(ctx, inputs, facts),
        sections.tariff_section(ctx, inputs, max_rows),
        sections.basket_section(ctx, inputs, facts),
        sections.hedonic_section(ctx, inputs, facts),
        sections.domain_section(ctx, inputs),
        sections.figure_section(ctx, inputs),
    ]
    return Briefing(
        lang=lang,
        title=_("Competition briefing"),
        as_of=inputs.as_of,
        since=inputs.since,
        sections=built,
        evidence=ctx.book.entries,
        headlines=pick_headlines(headline.sentences),
        sources=len(inputs.sources),
        first_capture=inputs.first_capture,
    )


def pick_headlines(sentences: Sequence[Sentence], count: int = 3) -> list[Sentence]:
    """The top finding of each kind in turn (price change, new plan, a rival's move, withdrawal)."""
    order = (("price_cut", "price_rise"), ("new",), ("launch", "partnership", "investment"), ("withdrawn",))
    picked: list[Sentence] = []
    for kinds in order:
        found = next((s for s in sentences if s.kind in kinds), None)
        if found is not None:
            picked.append(found)
    picked += [s for s in sentences if s not in picked]
    return picked[:count]
