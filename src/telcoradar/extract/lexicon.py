"""The keyword lexicon (data/lexicon.toml), loaded once and compiled to regexes.

Domains and kinds of events, advice words, organisation names and the
measure, forecast and growth words of market figures all live in the data
file; this module turns each list into one precompiled alternation, longest
keyword first, so that a scan over a sentence is a single regex pass.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from telcoradar.model import DOMAINS, EVENT_KINDS

__all__ = ["Lexicon", "keyword_pattern", "lexicon"]


def keyword_pattern(words: list[str], patterns: list[str] | None = None) -> re.Pattern[str]:
    """One regex for a keyword list: Latin-script words match whole and in any case."""
    parts: list[str] = []
    for word in sorted(set(words), key=len, reverse=True):
        escaped = re.escape(word)
        if word.isascii():
            escaped = f"(?i:(?<![A-Za-z]){escaped}(?![A-Za-z]))"
        parts.append(escaped)
    parts.extend(patterns or ())
    return re.compile("|".join(parts) if parts else r"(?!x)x")


def _tagged_pattern(groups: dict[str, list[str]], patterns: dict[str, list[str]]) -> re.Pattern[str]:
    """One regex over several keyword lists, each in a named group (the tag)."""
    alternatives: list[tuple[int, str]] = []
    for tag, words in groups.items():
        for word in words:
            escaped = re.escape(word)
            if word.isascii():
                escaped = f"(?i:(?<![A-Za-z]){escaped}(?![A-Za-z]))"
            alternatives.append((len(word), f"(?P<{tag}__{len(alternatives)}>{escaped})"))
    for tag, regexes in patterns.items():
        for regex in regexes:
            alternatives.append((len(regex), f"(?P<{tag}__{len(alternatives)}>{regex})"))
    alternatives.sort(key=lambda item: -item[0])
    return re.compile("|".join(alt for _, alt in alternatives))


def tag_of(match: re.Match[str]) -> str:
    """The tag (domain or kind) of a match of a tagged pattern."""
    name = match.lastgroup or ""
    return name.split("__", 1)[0]


@dataclass(frozen=True)
class Lexicon:
    domains: re.Pattern[str]  # tagged by domain
    kinds: re.Pattern[str]  # tagged by kind
    domain_priority: tuple[str, ...]
    kind_priority: tuple[str, ...]
    advice: re.Pattern[str]
    known_organisations: re.Pattern[str]
    organisation_suffixes: tuple[str, ...]
    generic_names: frozenset[str]
    measures: re.Pattern[str]
    forecast: re.Pattern[str]
    growth: re.Pattern[str]  # tagged by growth kind: cagr, yoy, hoh, qoq, plain


def _strings(table: dict[str, Any], key: str) -> list[str]:
    value = table.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"lexicon.toml: {key} must be a list of strings")
    return list(value)


@cache
def lexicon() -> Lexicon:
    """The lexicon, read from the package data once."""
    raw = tomllib.loads(resources.files("telcoradar").joinpath("data/lexicon.toml").read_text("utf-8"))
    domains: dict[str, Any] = raw["domains"]
    kinds: dict[str, Any] = raw["kinds"]
    unknown = (set(domains) - set(DOMAINS)) | (set(kinds) - set(EVENT_KINDS))
    if unknown:
        raise ValueError(f"lexicon.toml: unknown domain or kind {sorted(unknown)}")
    orgs: dict[str, Any] = raw["organisations"]
    figures: dict[str, Any] = raw["figures"]
    growth = {kind: _strings(figures, f"growth_{kind}") for kind in ("cagr", "yoy", "hoh", "qoq", "plain")}
    return Lexicon(
        domains=_tagged_pattern({d: _strings(t, "words") for d, t in domains.items()}, {}),
        kinds=_tagged_pattern(
            {k: _strings(t, "words") for k, t in kinds.items()},
            {k: _strings(t, "patterns") for k, t in kinds.items()},
        ),
        domain_priority=tuple(_strings(raw, "domain_priority")),
        kind_priority=tuple(_strings(raw, "kind_priority")),
        advice=keyword_pattern([], _strings(raw["advice"], "patterns")),
        known_organisations=keyword_pattern(_strings(orgs, "known")),
        organisation_suffixes=tuple(sorted(_strings(orgs, "suffixes"), key=len, reverse=True)),
        generic_names=frozenset(_strings(orgs, "generic")),
        measures=keyword_pattern(_strings(figures, "measures")),
        forecast=keyword_pattern(_strings(figures, "forecast")),
        growth=_tagged_pattern(growth, {}),
    )
