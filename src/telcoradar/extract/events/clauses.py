"""What one clause of a move states: its kind, the operators that make it, its money, its domain.

A sentence splits into clauses where a date or a connective opens a move of its
own (…1.0 计划，2024 年 11 月，推出…2.0 计划 / …，并与腾讯合作…). A clause's kind is
the first in the lexicon's priority among its keywords, leaving out a label
(**内容创作方面：**) and background ("following the merger of Vodafone and
Three"); the operators that make it are those named before its keyword; its
money is the first amount after that keyword; its domain weighs its keywords
with the section it sits in.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from decimal import Decimal
from itertools import pairwise

from telcoradar.extract.lang.dates import DateMatch
from telcoradar.extract.lang.lexicon import lexicon
from telcoradar.extract.lang.units import NUMBER, find_money, parse_number
from telcoradar.extract.operators import OperatorMatch

__all__ = [
    "LABEL",
    "amount",
    "best_domain",
    "clause_domain",
    "clause_kind",
    "domain_scores",
    "english_subject_before",
    "heading_domain",
    "kind_words",
    "named_before",
    "segments",
    "subjects",
]

LABEL = re.compile(r"^\*\*[^*]{1,20}[：:]\*\*")  # **内容创作方面：**
_FUND_AMOUNT = re.compile(rf"(?P<n>{NUMBER})\s*(?:元)?的?[^，。；,]{{0,20}}?(?:资金|基金|投资)")
# The words between a clause's comma and the date that opens it.
_CLAUSE_OPENER = re.compile(
    r"(?<=[，,])\s*(?:(?:此外|另外|同时|随后|其后|之后|其中)\s*[，,]?\s*)?(?:[在于]\s*)?$"
)
_CONNECTIVE = re.compile(
    r"(?<=[，,])\s*(?:同时|此外|另外|随后|其后|另(?=设|建|投)|并(?=宣布|发布|推出|与|和|携手|联合|签署|正式|上线|开通))"
)
# Background, not the move: "as competition intensifies following the merger of Vodafone and Three".
_BACKGROUND = re.compile(
    r"(?i:\b(?:following|after|since|amid|despite|ahead of|before)\s+(?:the|its|their|a)\s+"
    r"(?:[\w-]+\s+){0,3}?(?:merger|acquisition|takeover|deal|launch|partnership|investment)\b"
    r"(?:\s+(?:of|with|between|by)\s+[A-Z][\w&'-]*(?:\s+(?:and\s+)?[A-Z][\w&'-]*)*)?)"
)
_LATIN = re.compile(r"[A-Za-z]{3}")
# Partners as those a move serves, not a partnership: 向合作伙伴开放API接口.
_BENEFICIARY = re.compile(
    r"(?:向|面向|为|对|给)(?:全球|广大|各类|生态|各界)?合作伙伴"
    # partners at large, named by no one: 联合头部生态合作伙伴, 携手产业各方, 与产业链上下游
    r"|(?:联合|携手|与|和|同)(?:产业|生态|头部|各方|上下游|广大|全球|多家|各界|行业|各|产学研|产、学)[^，,。；]{0,12}?"
    r"(?:合作伙伴|伙伴|各方|上下游)(?:合作伙伴|伙伴|企业)?"
)


# A build or partner word that names a need, a way or a prospect: 部署需求, 建设方案, 合作空间.
_NOUN_USE = re.compile(
    r"(?:部署|建设|组网)(?=需求|能力|方案|经验|模式|成本|周期|难度|门槛|方式)|合作(?=规划|空间|前景|潜力|需求)"
    r"|(?:灵活|一键|本地化|私有化|预|进行)部署"
)

_GOVERNMENT_WEIGHT = 1.5  # a partnership with a public body counts as much as a section's name


def domain_scores(text: str) -> Counter[str]:
    return Counter(lexicon().domains.tags(text))


def heading_domain(text: str) -> str | None:
    scores = domain_scores(text)
    if not scores:
        return None
    return best_domain(scores)


def best_domain(scores: dict[str, float] | Counter[str]) -> str:
    order = lexicon().domain_priority
    return max(scores, key=lambda d: (scores[d], -order.index(d) if d in order else -99))


def clause_domain(text: str, section: str | None, weight: float, kind: str) -> str:
    if section == "tariff" and kind not in ("launch", "price_change"):
        section = None  # a tariff page's investment or build is not a tariff move
    # Tariff words are common in any operator text: they weigh half, and nothing for a deal or
    # a build (AT&T buys a prepaid brand: an acquisition, not a tariff move).
    tariff = 0.5 if kind in ("launch", "price_change") else 0.0
    scores = {d: n * (tariff if d == "tariff" else 1.0) for d, n in domain_scores(text).items()}
    scores = {d: n for d, n in scores.items() if n > 0}
    if section is not None:
        scores[section] = scores.get(section, 0.0) + weight
    if kind == "partnership" and lexicon().government.search(text):
        scores["digital_government"] = scores.get("digital_government", 0.0) + _GOVERNMENT_WEIGHT
    return best_domain(scores) if scores else "other"


def kind_words(text: str) -> list[tuple[str, int, int]]:
    """The kind keywords of a text, leaving out a label and background ("following the merger of")."""
    return list(_kind_words(text))


@functools.lru_cache(maxsize=1024)
def _kind_words(text: str) -> tuple[tuple[str, int, int], ...]:
    # A clause is read for its kind several times (its kind, its subject, a quotation): once is enough.
    label = LABEL.match(text)
    skip = [(0, label.end())] if label else []
    if _LATIN.search(text):
        skip += [m.span() for m in _BACKGROUND.finditer(text)]
    if "伙伴" in text or "各方" in text or "上下游" in text:
        skip += [m.span() for m in _BENEFICIARY.finditer(text)]
    skip += [m.span() for m in _NOUN_USE.finditer(text)]
    return tuple(w for w in lexicon().kinds.matches(text) if not any(a <= w[1] < b for a, b in skip))


def clause_kind(text: str) -> str | None:
    found = {tag for tag, _, _ in kind_words(text)}
    return next((k for k in lexicon().kind_priority if k in found), None)


def named_before(offset: int, segment: str, kind: str, mentions: list[OperatorMatch]) -> list[OperatorMatch]:
    """The operators named before the move's word (`segment` starts at `offset` in the text)."""
    words = [start for tag, start, _ in kind_words(segment) if tag == kind]
    return [m for m in mentions if words and m.end - offset <= words[0]]


def subjects(offset: int, segment: str, kind: str, mentions: list[OperatorMatch]) -> list[OperatorMatch]:
    """The operators that make the move: those named before its word, if any are."""
    return named_before(offset, segment, kind, mentions) or mentions


def amount(text: str, kind: str) -> tuple[Decimal, str] | None:
    """The money of a move: the first amount after its kind's word, else the largest one.

    天翼云收入达到275亿元，AI算力投资将超过100亿元: the investment is the 100亿.
    """
    money = [(m, s) for m, s, _ in find_money(text) if m.amount > 0]
    if money:
        words = [start for tag, start, _ in lexicon().kinds.matches(text) if tag == kind]
        after = [(m, s) for m, s in money if words and s >= words[0]]
        best = after[0][0] if after else max(money, key=lambda item: item[0].amount)[0]
        return best.amount, best.currency
    fund = _FUND_AMOUNT.search(text)
    if fund:
        value = parse_number(fund.group("n"))
        if value is not None and value >= 10000:
            return value, "CNY"
    return None


def segments(sentence: str, dates: list[DateMatch]) -> list[tuple[int, int]]:
    """Split a sentence where a clause opens a move of its own.

    A clause opens one when a date starts it (…，2024 年 11 月，推出… / …，此外，在
    2025 年…) or a connective does (…扶持资金，同时还设立…), and the words before
    it already state a move.
    """
    openers = [m.start() for d in dates if (m := _CLAUSE_OPENER.search(sentence, 0, d.start))]
    openers += [m.start() for m in _CONNECTIVE.finditer(sentence)]
    cuts = [0]
    for at in sorted(set(openers)):
        if at > cuts[-1] and clause_kind(sentence[cuts[-1] : at]) and clause_kind(sentence[at:]):
            cuts.append(at)
    cuts.append(len(sentence))
    return [(a, b) for a, b in pairwise(cuts) if sentence[a:b].strip("，, ")]


_EN_LEAD = re.compile(r"^(?:[^,]{0,40},\s*)?")
_EN_NOT_SUBJECT = frozenset(
    re.findall(
        r"\w+",
        "has have had will would is are was were also today now then it its they their this that he she we "
        "our both jointly recently officially formally just already and said says announced the a an "
        "operator company group firm carrier business telco provider combined merged new enlarged two",
    )
)


def english_subject_before(segment: str, kind: str) -> bool:
    """Whether an English clause names a subject of its own before its move's word.

    "The regulator launched a review of EE pricing": the regulator launched, not EE.
    A date or adverb before a comma, auxiliaries and pronouns are no subject.
    """
    words = [start for tag, start, _ in kind_words(segment) if tag == kind]
    if not words:
        return False
    before = segment[: words[0]]
    before = before[_EN_LEAD.match(before).end() :]  # type: ignore[union-attr]
    tokens = re.findall(r"[A-Za-z][A-Za-z'-]*", before)
    return any(t.lower() not in _EN_NOT_SUBJECT for t in tokens)
