"""The keyword lexicon (data/lexicon.toml), loaded once and compiled to regexes.

Domains and kinds of events, advice words, organisation names and the
measure, forecast and growth words of market figures all live in the data
file; this module turns each list into one precompiled alternation, longest
keyword first, so that a scan over a sentence is a single regex pass.
Keywords are folded to simplified Chinese (`text.fold`); the extractors fold a
document once, before any pattern reads it.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from telcoradar.extract.lang.text import fold
from telcoradar.model import DOMAINS, EVENT_KINDS

__all__ = ["Lexicon", "Tagger", "keyword_pattern", "lexicon"]


def keyword_pattern(words: list[str], patterns: list[str] | None = None) -> re.Pattern[str]:
    """One regex for a keyword list: Latin-script words match whole and in any case."""
    parts: list[str] = []
    for word in sorted({fold(w) for w in words}, key=len, reverse=True):
        escaped = re.escape(word)
        if word.isascii():
            escaped = f"(?i:(?<![A-Za-z]){escaped}(?![A-Za-z]))"
        parts.append(escaped)
    folded = [fold(w) for w in words]
    if parts and not patterns and all(folded):  # a cheap test of the first character before the alternation
        first = re.escape("".join(sorted({w[0] for w in folded})))
        return re.compile(f"(?=(?i:[{first}]))(?:{'|'.join(parts)})")
    parts.extend(patterns or ())
    return re.compile("|".join(parts) if parts else r"(?!x)x")


_LATIN_LETTER = re.compile("[A-Za-z]")
_SEEN_LIMIT = 4096  # texts whose matches a tagger keeps


class Tagger:
    """Finds the keywords of several tagged lists (domains, kinds) in one pass each.

    Chinese keywords go in one plain alternation and Latin-script ones in
    another, so that the regex engine can skip ahead by first character; the
    tag of a match is a dictionary look-up.
    """

    def __init__(self, groups: dict[str, list[str]], patterns: dict[str, list[str]]) -> None:
        self._tags: dict[str, str] = {}
        cjk: list[str] = []
        latin: list[str] = []
        for tag, words in groups.items():
            for word in map(fold, words):
                self._tags.setdefault(word.casefold(), tag)
                (latin if word.isascii() else cjk).append(word)
        self._cjk = re.compile(
            "|".join(re.escape(w) for w in sorted(cjk, key=len, reverse=True)) or r"(?!x)x"
        )
        latin_alt = "|".join(re.escape(w) for w in sorted(latin, key=len, reverse=True))
        self._latin = re.compile(rf"(?<![A-Za-z])(?:{latin_alt})(?![A-Za-z])" if latin else r"(?!x)x", re.I)
        # All patterns in one alternation, one named group a tag: one scan, not one a pattern.
        self._pattern_tags = [tag for tag, regexes in patterns.items() if regexes]
        alternation = "|".join(
            f"(?P<t{i}>{'|'.join(f'(?:{r})' for r in patterns[tag])})"
            for i, tag in enumerate(self._pattern_tags)
        )
        self._patterns = re.compile(alternation) if alternation else None
        # A page asks about the same clause many times (and repeats its furniture): remember answers.
        self._seen: dict[str, tuple[tuple[str, int, int], ...]] = {}

    def matches(self, text: str) -> list[tuple[str, int, int]]:
        """(tag, start, end) of every keyword in `text` (folded by `text.fold`), in order."""
        found = self._seen.get(text)
        if found is None:
            if len(self._seen) >= _SEEN_LIMIT:
                self._seen.clear()
            found = self._seen[text] = tuple(self._scan(text))
        return list(found)

    def _scan(self, text: str) -> list[tuple[str, int, int]]:
        found = [(self._tags[m.group().casefold()], m.start(), m.end()) for m in self._cjk.finditer(text)]
        if _LATIN_LETTER.search(text):
            found += [
                (self._tags[m.group().casefold()], m.start(), m.end()) for m in self._latin.finditer(text)
            ]
        found += [
            (self._pattern_tags[int(m.lastgroup[1:])], m.start(), m.end())  # type: ignore[index]
            for m in (self._patterns.finditer(text) if self._patterns else ())
        ]
        return sorted(found, key=lambda item: item[1])

    def tags(self, text: str) -> list[str]:
        """The tag of every keyword in `text`, in order."""
        return [tag for tag, _, _ in self.matches(text)]


@dataclass(frozen=True)
class Lexicon:
    domains: Tagger
    kinds: Tagger
    domain_priority: tuple[str, ...]
    kind_priority: tuple[str, ...]
    advice: re.Pattern[str]
    statistics: re.Pattern[str]  # running totals (累计, 截至目前, to date): figures, not moves
    government: re.Pattern[str]  # public bodies, whose partnerships with operators are digital government
    known_organisations: re.Pattern[str]
    organisation_suffixes: tuple[str, ...]
    generic_names: frozenset[str]
    measures: re.Pattern[str]
    forecast: re.Pattern[str]
    growth: Tagger  # tagged by growth kind: cagr, yoy, hoh, qoq, plain


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
        domains=Tagger({d: _strings(t, "words") for d, t in domains.items()}, {}),
        kinds=Tagger(
            {k: _strings(t, "words") for k, t in kinds.items()},
            {k: _strings(t, "patterns") for k, t in kinds.items()},
        ),
        domain_priority=tuple(_strings(raw, "domain_priority")),
        kind_priority=tuple(_strings(raw, "kind_priority")),
        advice=keyword_pattern([], _strings(raw["advice"], "patterns")),
        statistics=keyword_pattern([], _strings(raw["statistics"], "patterns")),
        government=keyword_pattern([], _strings(raw["government"], "patterns")),
        known_organisations=keyword_pattern(_strings(orgs, "known")),
        organisation_suffixes=tuple(sorted(_strings(orgs, "suffixes"), key=len, reverse=True)),
        generic_names=frozenset(_strings(orgs, "generic")),
        measures=keyword_pattern(_strings(figures, "measures")),
        forecast=keyword_pattern(_strings(figures, "forecast"), _strings(figures, "forecast_patterns")),
        growth=Tagger(growth, {}),
    )
