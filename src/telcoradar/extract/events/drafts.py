"""Drafts of events, and the passes that drop the ones a document states twice.

The event walker (prose.py) turns each sentence that states a move into a
`Draft`. News states a move more than once: the headline, then the lead
sentence; a numbered point ("一是加快智算基础设施建设。"), then the sentence that
gives its detail; a lead paragraph, then the body with the same amount. These
passes keep the detailed statement and drop the others.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from telcoradar.extract.lang.dates import DateMatch
from telcoradar.extract.operators import OperatorMatch

__all__ = ["Draft", "drop_restated", "drop_same_deals", "merge_mentions"]

_SENTENCE_END = re.compile(r"[。！？；.!?;，,]\s*$")
# A numbered point that the sentences after it spell out.
_TOPIC = re.compile(r"[\s*]*(?:[一二三四五六七八九十]是|首先|其次|再次|第[一二三四五六七八九十][，,、])")
_TOPIC_MAX = 30


@dataclass
class Draft:
    operators: list[OperatorMatch]
    kind: str
    domain: str
    start: int
    end: int
    date: DateMatch | None
    amount: tuple[Decimal, str] | None
    counterparties: list[str]
    quoted: set[str] = field(default_factory=set)
    paragraph: int = 0  # the number of the line (paragraph) it was read from
    refers_back: bool = False  # 此次合作…, the deal…: it speaks of the move just told
    flags: list[str] = field(default_factory=list)  # what was not read from its clause (certainty.py)

    @property
    def operator_ids(self) -> set[str]:
        return {o.operator for o in self.operators}


def _is_headline(text: str, start: int, end: int) -> bool:
    """A whole line without a sentence's closing punctuation."""
    whole_line = text[start - 1 : start] in ("", "\n") and text[end : end + 1] in ("", "\n")
    return whole_line and not _SENTENCE_END.search(text[start:end])


def _restates(headline: Draft, later: Draft) -> bool:
    return (
        (headline.date is None or later.date is None or headline.date.date == later.date.date)
        and headline.kind == later.kind
        and headline.operator_ids == later.operator_ids
    )


def drop_restated(text: str, drafts: list[Draft]) -> list[Draft]:
    """Drop headlines and numbered points whose move the sentences after them state with more detail.

    A headline's move may come back anywhere in the paragraph after it (the lead
    may open with another move); a numbered point's in the next draft of its own
    paragraph.
    """
    kept: list[Draft] = []
    for i, draft in enumerate(drafts):
        after = drafts[i + 1 :]
        if _is_headline(text, draft.start, draft.end):
            lead = [d for d in after[:4] if d.paragraph == draft.paragraph + 1] or after[:1]
            if any(_restates(draft, d) for d in lead):
                continue
        topic = _TOPIC.match(text, draft.start) and draft.end - draft.start <= _TOPIC_MAX
        if (
            topic
            and after
            and after[0].paragraph == draft.paragraph
            and after[0].operator_ids == draft.operator_ids
        ):
            continue
        kept.append(draft)
    return kept


def drop_same_deals(drafts: list[Draft]) -> list[Draft]:
    """Keep the first statement of each deal.

    A deal is an operator's move of one kind with one amount (a lead restating
    the body), or with the same partners ("他表示，中国移动将与中国银联携手…"
    after "中国移动与中国银联签署…"), unless the two are dated apart.
    """
    kept: list[Draft] = []
    seen: dict[tuple[object, ...], DateMatch | None] = {}
    for draft in drafts:
        ops = tuple(sorted(draft.operator_ids))
        keys: list[tuple[object, ...]] = []
        if draft.amount is not None:
            keys.append((ops, draft.kind, draft.amount))
        if draft.counterparties:
            keys.append((ops, draft.kind, frozenset(draft.counterparties)))
        if any(k in seen and _same_time(seen[k], draft.date) for k in keys):
            continue
        for k in keys:
            seen.setdefault(k, draft.date)
        kept.append(draft)
    return kept


def _same_time(a: DateMatch | None, b: DateMatch | None) -> bool:
    return a is None or b is None or a.date == b.date


# The words of a statement that say what moved: CJK character pairs, Latin words, numbers.
_LINK_TARGET = re.compile(r"\]\([^)]*\)")
_TOKEN = re.compile(r"[\u4e00-\u9fff]+|[A-Za-z][A-Za-z0-9+-]{2,}|\d+(?:\.\d+)?")
_SAME_OBJECT = 0.4  # share of the shorter statement's words the longer repeats


def _words(text: str, draft: Draft) -> set[str]:
    spans = [(o.start, o.end) for o in draft.operators if draft.start <= o.start < draft.end]
    chars = list(text[draft.start : draft.end])
    for a, b in spans:
        chars[a - draft.start : b - draft.start] = " " * (b - a)
    body = _LINK_TARGET.sub("]", "".join(chars))
    words: set[str] = set()
    for token in _TOKEN.findall(body):
        if "\u4e00" <= token[0] <= "\u9fff":
            words.update(token[i : i + 2] for i in range(max(1, len(token) - 1)))
        else:
            words.add(token.lower())
    return words


def _covers(a: DateMatch | None, b: DateMatch | None) -> bool:
    """Whether two dates can name one time: either unknown, or the finer inside the coarser."""
    if a is None or b is None:
        return True
    coarse, fine = (a, b) if _rank(a) <= _rank(b) else (b, a)
    if coarse.precision == "year":
        return coarse.date.year == fine.date.year
    if coarse.precision == "month":
        return coarse.date.replace(day=1) == fine.date.replace(day=1)
    return coarse.date == fine.date


def _rank(date: DateMatch | None) -> int:
    return {"year": 1, "month": 2, "day": 3}.get(date.precision, 0) if date else 0


def _same_move(a: Draft, b: Draft, words: dict[int, set[str]]) -> bool:
    if (a.operator_ids, a.kind, a.domain) != (b.operator_ids, b.kind, b.domain):
        return False
    if _other_partners(a, b):
        return False
    if a.amount is not None and b.amount is not None and a.amount != b.amount:
        return False
    if not _covers(a.date, b.date):
        return False
    wa, wb = words[id(a)], words[id(b)]
    return bool(wa and wb) and len(wa & wb) / min(len(wa), len(wb)) >= _SAME_OBJECT


def _fold_into(keep: Draft, other: Draft, dated: bool = True) -> None:
    keep.counterparties += [p for p in other.counterparties if p not in keep.counterparties]
    keep.operators += [o for o in other.operators if o.operator not in keep.operator_ids]
    keep.amount = keep.amount or other.amount
    if dated and _rank(other.date) > _rank(keep.date) and _covers(keep.date, other.date):
        keep.date = other.date


def _shares_party(text: str, earlier: Draft, later: Draft) -> bool:
    """Whether the later statement's operators take part in the earlier move: as its
    operators, or named in its quote (Optus's deal with Vocus, then Vocus's gain from it)."""
    if earlier.operator_ids & later.operator_ids:
        return True
    quote = text[earlier.start : earlier.end]
    return any(o.name in quote for o in later.operators)


# A statement that adds a move of its own: 还, 此外, 另外, 同时, 又, also, another.
_ANOTHER = re.compile(r"还|此外|另外|另一|同时|又|(?i:\b(?:also|another|additionally|meanwhile)\b)")


def _other_partners(a: Draft, b: Draft) -> bool:
    return bool(a.counterparties and b.counterparties and not set(a.counterparties) & set(b.counterparties))


def _goes_on(text: str, last: Draft, draft: Draft) -> bool:
    """Whether an undated statement right after a move in its paragraph goes on telling it:
    the same operators, kind and domain, and no word that adds another move."""
    return (
        draft.date is None
        and draft.paragraph == last.paragraph
        and (draft.operator_ids, draft.kind, draft.domain) == (last.operator_ids, last.kind, last.domain)
        and not _other_partners(draft, last)
        and (draft.amount is None or last.amount is None or draft.amount == last.amount)
        and _ANOTHER.search(text, draft.start, draft.end) is None
    )


def merge_mentions(text: str, drafts: list[Draft]) -> list[Draft]:
    """One draft a move.

    Two mentions with the same operators, kind and domain, compatible dates,
    partners and money, that repeat each other's words are one move (a headline
    and its lead, a lead and the body); a statement that points back at the move
    just told (此次合作, 本次发布, the deal) is part of it. The move keeps the
    quote that dates it most precisely. Two launches of one operator with other
    names stay two.
    """
    words = {id(d): _words(text, d) for d in drafts}
    kept: list[Draft] = []
    for draft in drafts:
        if draft.refers_back:
            earlier = next((k for k in reversed(kept) if _shares_party(text, k, draft)), None)
            if earlier is not None:
                _fold_into(earlier, draft, dated=False)  # "first announced on June 5": not its date
                continue
        if kept and _goes_on(text, kept[-1], draft):
            _fold_into(kept[-1], draft)
            continue
        same = next((k for k in kept if _same_move(k, draft, words)), None)
        if same is None:
            kept.append(draft)
            continue
        if _rank(draft.date) > _rank(same.date):
            _fold_into(draft, same)
            kept[kept.index(same)] = draft
        else:
            _fold_into(same, draft)
    return kept
