"""How sure the extractor is of a fact: the signals that lower its confidence, and by how much.

A fact starts certain (1.0); each flag multiplies that by its weight. The
flags name what the extractor did rather than read: a currency or operator
taken from the page's context, a period guessed from a header or a name, a
name made up to tell tiers apart, a value another statement on the page
contradicts, a date resolved from the context, a fact read from prose
rather than a table.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import TypeVar

WEIGHTS = {
    "currency_unknown": 0.7,  # a bare amount on a page of no known market
    "operator_unknown": 0.7,
    "conflicting_values": 0.6,  # another statement on the page gives this plan other values
    "period_guessed": 0.8,  # from a header, the name or the contents, not a period of its own
    "name_made_up": 0.8,  # tiers that share a name, told apart by an allowance or the price
    "currency_inferred": 0.85,  # a bare amount, its currency the market's
    "operator_inferred": 0.85,  # from the heading, the caption or the sentence before
    "date_from_context": 0.8,  # a dateline, the release's day, 今日 or the sentence before
    "year_guessed": 0.85,  # a figure's year from the document's date
    "prose": 0.9,  # read from running text rather than a table
}
T = TypeVar("T")


def confidence(flags: Iterable[str]) -> float:
    value = 1.0
    for flag in flags:
        value *= WEIGHTS.get(flag, 0.9)
    return round(value, 2)


def flagged(fact: T, *flags: str) -> T:
    """`fact` (a Plan, Event or Figure) with `flags` added and its confidence recomputed."""
    have = tuple(getattr(fact, "flags", ()))
    added = have + tuple(flag for flag in dict.fromkeys(flags) if flag not in have)
    if added == have:
        return fact
    return dataclasses.replace(fact, flags=added, confidence=confidence(added))  # type: ignore[type-var]
