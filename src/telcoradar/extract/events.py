"""Competitor moves stated in prose: who launched, partnered, invested, built what, when.

A sentence (or the part of it that a new date opens: "…1.0 计划，2024 年 11 月，
推出…2.0 计划") becomes an `Event` when it names an operator and a kind of
move from the lexicon. The operator may also come from the sentences before it
in the same paragraph, or from the section heading ("## 中国移动"), since Chinese
reports drop the subject once it is known. The domain comes from the sentence's
keywords, weighed with the domain of the section it sits in. Sentences that
advise (应, 需, 建议, should) are not moves unless they carry a date. A sentence
that only elaborates the previous move (it repeats one of its quoted names and
adds partners) is folded into that move, whose evidence then spans both.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from itertools import pairwise

from telcoradar.extract.counterparties import find_counterparties
from telcoradar.extract.dates import DateMatch, dateline, find_dates, last_day, last_year
from telcoradar.extract.event_drafts import Draft, drop_restated, drop_same_deals
from telcoradar.extract.lexicon import lexicon
from telcoradar.extract.operators import OperatorMatch, find_operators
from telcoradar.extract.text import fold, lines, sentences
from telcoradar.extract.units import NUMBER, find_money, parse_number
from telcoradar.model import Document, Event, Evidence

__all__ = ["document_year", "extract_events"]

_SENTENCE_PUNCT = re.compile(r"[。！？；，,：:.!?;]")
_CAPTION = re.compile(
    r"^(?:图\s*\d|表\s*\d|图表|来源|数据来源|资料来源|注[：:]|Figure\s|Table\s|Source"
    r"|发布时间|发布日期|发表时间|更新时间|日期[：:]|时间[：:]|作者[：:]|编辑[：:]|责任编辑"
    r"|(?i:published|posted|updated|date)\s*[:：])"
)
_LABEL = re.compile(r"^\*\*[^*]{1,20}[：:]\*\*")  # **内容创作方面：**
_QUOTED = re.compile(r"“([^”]{2,30})”|「([^」]{2,30})」|\"([^\"]{2,30})\"")
_FUND_AMOUNT = re.compile(rf"(?P<n>{NUMBER})\s*(?:元)?的?[^，。；,]{{0,20}}?(?:资金|基金|投资)")
_GENERIC_SUBJECT = re.compile(r"运营商|(?i:\boperators\b)")
_NO_SUBJECT = re.compile(r"(?:\d{4}\s*年[^，,]*[，,]\s*)?(?:与|和|同(?![日年月天时期一])|跟|联合|携手)")
# The words between a clause's comma and the date that opens it.
_CLAUSE_OPENER = re.compile(
    r"(?<=[，,])\s*(?:(?:此外|另外|同时|随后|其后|之后|其中)\s*[，,]?\s*)?(?:[在于]\s*)?$"
)
_CONNECTIVE = re.compile(
    r"(?<=[，,])\s*(?:同时|此外|另外|随后|其后|并(?=宣布|发布|推出|与|和|携手|联合|签署|正式|上线|开通))"
)
# 截至2025年4月 dates a status (用户数已突破…), not the move in the same sentence.
_STATUS_DATE = re.compile(r"(?:截至|截止到?|(?i:as of|as at))\s*$")
# An English sentence names its subject: one without an operator takes the operator
# before it only through a pronoun or "the company" (not "The same day, Sky Mobile cut…").
_EN_CLAUSE = re.compile(r"[A-Za-z]{3}")
_EN_OTHER_SUBJECT = re.compile(
    r"^(?:[^,]{0,40},\s*)?(?!(?:It|Its|They|Their|This|He|She|We|Our|Both|Also|Separately|Meanwhile"
    r"|Today|Later|Earlier|In addition|Additionally|Together|The (?:combined |merged |new |enlarged )?"
    r"(?:company|operator|group|firm|carrier|business|telco|provider|joint venture|partners?)|The two)\b)"
    r"(?:The\s+)?[A-Z][A-Za-z0-9&'-]*"
)
# A subject that points back to the operator named last, across paragraphs.
_ANAPHOR = re.compile(
    r"(?:[^,，]{0,40}[,，]\s*)?(?:该公司|该运营商|该集团|(?:It|The (?:combined |merged |new |enlarged )?"
    r"(?:company|operator|group|firm|carrier|business|telco|provider))\b)"
)
_AT_THE_EVENT = re.compile(
    r"[\s*]*(?:在|于)?(?:本次|此次)?(?:大?会上|会议上|会议期间|大会期间|发布会上|活动上|活动现场|仪式上|论坛上|峰会上|展会上)"
    r"|(?i:\s*(?:at|during) the (?:event|launch|conference|summit|ceremony|show))"
)
# A sentence about the deal just stated: its terms, not a move of its own.
_DEAL_TERMS = re.compile(
    r"[\s*]*(?:根据|按照|依据)(?:该|此|本)?(?:协议|合作协议|框架协议)"
    r"|(?i:under the (?:deal|agreement|partnership|terms))"
)
# Background, not the move: "as competition intensifies following the merger of Vodafone and Three".
_BACKGROUND = re.compile(
    r"(?i:\b(?:following|after|since|amid|despite|ahead of|before)\s+(?:the|its|their|a)\s+"
    r"(?:[\w-]+\s+){0,3}?(?:merger|acquisition|takeover|deal|launch|partnership|investment)\b"
    r"(?:\s+(?:of|with|between|by)\s+[A-Z][\w&'-]*(?:\s+(?:and\s+)?[A-Z][\w&'-]*)*)?)"
)
_LATIN = re.compile(r"[A-Za-z]{3}")
_TODAY = re.compile(r"今日|今天|(?i:\btoday\b)")
_YEAR_IN_TEXT = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")


@dataclass
class _Heading:
    level: int
    domain: str | None
    operators: list[OperatorMatch]


def document_year(doc: Document) -> int | None:
    """The year a document speaks from: its publication date, else the latest year in its title."""
    if doc.published is not None:
        return doc.published.year
    years = [int(y) for y in _YEAR_IN_TEXT.findall(doc.title)]
    return max(years) if years else None


def _release_date(text: str, ref_year: int | None) -> DateMatch | None:
    """The date a release is issued on: a dateline or a line of its own near the top."""
    for start, end in lines(text[:1000])[:6]:
        line = text[start:end].strip("*_# ()（）")
        found = dateline(line, ref_year)
        if found is not None:
            return found
        dates = find_dates(line, ref_year)
        if (
            len(dates) == 1
            and dates[0].precision == "day"
            and len(line) - (dates[0].end - dates[0].start) <= 4
        ):
            return dates[0]
    return None


def _heading_level(line: str) -> int | None:
    if line.startswith("#"):
        return len(line) - len(line.lstrip("#"))
    bare = line.strip("* ")
    if (
        bare
        and len(bare) <= 24
        and "\t" not in line
        and not _SENTENCE_PUNCT.search(bare)
        and not _CAPTION.match(bare)
    ):
        return 7
    return None


def _domain_scores(text: str) -> Counter[str]:
    return Counter(lexicon().domains.tags(text))


def _heading_domain(text: str) -> str | None:
    scores = _domain_scores(text)
    if not scores:
        return None
    return _best(scores)


def _best(scores: dict[str, float] | Counter[str]) -> str:
    order = lexicon().domain_priority
    return max(scores, key=lambda d: (scores[d], -order.index(d) if d in order else -99))


def _section_domain(stack: list[_Heading]) -> str | None:
    domains = [h.domain for h in reversed(stack) if h.domain]
    specific = [d for d in domains if d != "tariff"]
    return specific[0] if specific else (domains[0] if domains else None)


def _section_operators(stack: list[_Heading]) -> list[OperatorMatch]:
    for heading in reversed(stack):
        if heading.operators:
            return heading.operators
    return []


def _domain(text: str, section: str | None, kind: str) -> str:
    if section == "tariff" and kind not in ("launch", "price_change"):
        section = None  # a tariff page's investment or build is not a tariff move
    # Tariff words are common in any operator text: they weigh half.
    scores = {d: n * (0.5 if d == "tariff" else 1.0) for d, n in _domain_scores(text).items()}
    if section is not None:
        scores[section] = scores.get(section, 0.0) + 1.5
    return _best(scores) if scores else "other"


def _kind_words(text: str) -> list[tuple[str, int, int]]:
    """The kind keywords of a text, leaving out a label and background ("following the merger of")."""
    label = _LABEL.match(text)
    skip = [(0, label.end())] if label else []
    if _LATIN.search(text):
        skip += [m.span() for m in _BACKGROUND.finditer(text)]
    return [w for w in lexicon().kinds.matches(text) if not any(a <= w[1] < b for a, b in skip)]


def _kind(text: str) -> str | None:
    found = {tag for tag, _, _ in _kind_words(text)}
    return next((k for k in lexicon().kind_priority if k in found), None)


def _subjects(offset: int, segment: str, kind: str, mentions: list[OperatorMatch]) -> list[OperatorMatch]:
    """The operators that make the move: those named before its word, if any are."""
    words = [start for tag, start, _ in _kind_words(segment) if tag == kind]
    before = [m for m in mentions if words and m.end - offset <= words[0]]
    return before or mentions


def _amount(text: str, kind: str) -> tuple[Decimal, str] | None:
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


def _segments(sentence: str, dates: list[DateMatch]) -> list[tuple[int, int]]:
    """Split a sentence where a clause opens a move of its own.

    A clause opens one when a date starts it (…，2024 年 11 月，推出… / …，此外，在
    2025 年…) or a connective does (…扶持资金，同时还设立…), and the words before
    it already state a move.
    """
    openers = [m.start() for d in dates if (m := _CLAUSE_OPENER.search(sentence, 0, d.start))]
    openers += [m.start() for m in _CONNECTIVE.finditer(sentence)]
    cuts = [0]
    for at in sorted(set(openers)):
        if at > cuts[-1] and _kind(sentence[cuts[-1] : at]) and _kind(sentence[at:]):
            cuts.append(at)
    cuts.append(len(sentence))
    return [(a, b) for a, b in pairwise(cuts) if sentence[a:b].strip("，, ")]


def _quoted(text: str) -> set[str]:
    return {next(g for g in m.groups() if g) for m in _QUOTED.finditer(text)}


def _elaborates(draft: Draft, quoted: set[str], ops: list[OperatorMatch], dated: bool) -> bool:
    if dated or not quoted or not draft.quoted:
        return False
    if not {o.operator for o in ops} <= {o.operator for o in draft.operators}:
        return False
    return any(a in b or b in a for a in quoted for b in draft.quoted)


def _unique(ids: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(ids))


class _Walker:
    """One pass over a document's lines, keeping the heading stack and the running year."""

    def __init__(self, doc: Document, ref_year: int | None) -> None:
        self.original = doc.text
        self.text = fold(doc.text)  # traditional characters read as simplified, offsets kept
        self.ref_year = ref_year
        self.running_year: int | None = None
        self.running_day: dt.date | None = None
        self.dateline: DateMatch | None = None  # the paragraph's, which its undated moves take
        self.release = _release_date(self.text, ref_year)  # what "today" / 今日 means
        self.sentence_date: DateMatch | None = None  # the date of a move earlier in the sentence
        self.stack: list[_Heading] = []
        self.drafts: list[Draft] = []
        self.last_in_paragraph: Draft | None = None
        self.paragraph = 0
        self.last_operators: list[OperatorMatch] = []
        self.mentions = find_operators(self.text)  # one pass; looked up by offset below
        self.mention_starts = [m.start for m in self.mentions]

    def _mentions(self, start: int, end: int) -> list[OperatorMatch]:
        """The operator mentions inside text[start:end]."""
        i = bisect_left(self.mention_starts, start)
        found: list[OperatorMatch] = []
        while i < len(self.mentions) and self.mentions[i].start < end:
            if self.mentions[i].end <= end:
                found.append(self.mentions[i])
            i += 1
        return found

    def run(self) -> list[Draft]:
        for number, (start, end) in enumerate(lines(self.text)):
            self.paragraph = number
            line = self.text[start:end]
            level = _heading_level(line)
            if level is not None:
                while self.stack and self.stack[-1].level >= level:
                    self.stack.pop()
                # A news headline (it states a move) is no section topic: its domain stays its own.
                domain = None if _kind(line) and self._mentions(start, end) else _heading_domain(line)
                self.stack.append(_Heading(level, domain, self._mentions(start, end)))
                self.last_in_paragraph = None
                continue
            if "\t" not in line and not _CAPTION.match(line.lstrip("*# ")):
                self._paragraph(start, end)
        return self.drafts

    def _paragraph(self, start: int, end: int) -> None:
        carried: list[OperatorMatch] = []
        self.last_in_paragraph = None
        self.dateline = dateline(self.text[start:end], self.ref_year)
        for s, e in sentences(self.text[start:end]):
            sentence = self.text[start + s : start + e]
            dates = find_dates(sentence, self.ref_year, self.running_year, self.running_day)
            self.running_year = last_year(dates, self.running_year)
            moves = [d for d in dates if not _STATUS_DATE.search(sentence, 0, d.start)]
            self.running_day = last_day(moves, self.running_day)  # 截至4月底 is no new day
            self.sentence_date = None
            for a, b in _segments(sentence, dates):
                own = [d._replace(start=d.start - a, end=d.end - a) for d in dates if a <= d.start < b]
                carried = self._segment(start + s + a, sentence[a:b], own, carried)

    def _date(self, segment: str, dates: list[DateMatch]) -> DateMatch | None:
        """A move's date: its own (not a status date), else its sentence's, event's, dateline's, release's."""
        if dates:
            date = next((d for d in dates if not _STATUS_DATE.search(segment, 0, d.start)), None)
        elif self.sentence_date is not None:
            date = self.sentence_date  # …推出新套餐，并与腾讯合作…: the clause before dates both
        elif self.running_day is not None and _AT_THE_EVENT.match(segment):
            date = DateMatch(self.running_day, "day", 0, 0)  # 会上…: the day of the event just named
        else:
            date = self.dateline or (self.release if _TODAY.search(segment) else None)
        self.sentence_date = date or self.sentence_date
        return date

    def _segment(
        self, offset: int, segment: str, dates: list[DateMatch], carried: list[OperatorMatch]
    ) -> list[OperatorMatch]:
        mentions = self._mentions(offset, offset + len(segment))
        known = carried or _section_operators(self.stack)
        if not known and _ANAPHOR.match(segment.lstrip("，, ")):
            known = self.last_operators  # "The operator has also signed…" in a new paragraph
        if mentions:
            carried = mentions
            self.last_operators = mentions
        kind = _kind(segment)
        if kind is None or (lexicon().advice.search(segment) and not dates) or _DEAL_TERMS.match(segment):
            return carried
        if lexicon().statistics.search(segment):
            return carried  # 累计签约 2 万名作家: a running total, not a move
        label = _LABEL.match(segment)
        body = segment[label.end() :] if label else segment
        if not mentions and _GENERIC_SUBJECT.search(segment):
            return carried  # 其他省市运营商也推出了…: operators at large, not the one in the heading
        if not mentions and _EN_CLAUSE.match(body.lstrip()) and _EN_OTHER_SUBJECT.match(body.lstrip()):
            return carried  # an English subject that is not a known operator
        if mentions and _NO_SUBJECT.match(body.lstrip("，, ")):
            operators = known + mentions  # 与中国移动香港公司合作…: the subject is the section's operator
        else:
            operators = _subjects(offset, segment, kind, mentions) or known
        if not operators:
            return carried
        lead = len(segment) - len(segment.lstrip("，, "))
        taken = [(m.start - offset, m.end - offset) for m in mentions]
        parties = find_counterparties(segment, taken, self.original[offset : offset + len(segment)])
        quoted = _quoted(segment)
        previous = self.last_in_paragraph
        if previous is not None and _elaborates(previous, quoted, mentions, bool(dates)):
            previous.counterparties += [
                p for p in parties if not any(p in q for q in previous.counterparties)
            ]
            previous.end = offset + len(segment)
            return carried
        draft = Draft(
            operators=operators,
            kind=kind,
            domain=_domain(segment, _section_domain(self.stack), kind),
            start=offset + lead,
            end=offset + len(segment.rstrip("，, ")),
            date=self._date(segment, dates),
            amount=_amount(segment, kind) if kind in ("investment", "price_change") else None,
            counterparties=parties,
            quoted=quoted,
            paragraph=self.paragraph,
        )
        self.drafts.append(draft)
        self.last_in_paragraph = draft
        return carried


def extract_events(doc: Document, ref_year: int | None = None) -> list[Event]:
    """The competitor moves stated in `doc`, in document order.

    `ref_year` is the year that 今年/去年 refer to; by default the document's
    publication year (or the latest year in its title).
    """
    year = ref_year if ref_year is not None else document_year(doc)
    events: list[Event] = []
    seen: set[tuple[object, ...]] = set()
    for d in drop_same_deals(drop_restated(doc.text, _Walker(doc, year).run())):
        quote = doc.text[d.start : d.end]
        region = next((o.region for o in d.operators if o.region), None)
        event = Event(
            operators=_unique([o.operator for o in d.operators]),
            kind=d.kind,
            domain=d.domain,
            sentence=quote,
            evidence=Evidence(quote=quote, start=d.start, end=d.end),
            date=d.date.date if d.date else None,
            date_precision=d.date.precision if d.date else None,
            amount=d.amount[0] if d.amount else None,
            currency=d.amount[1] if d.amount else None,
            counterparties=tuple(d.counterparties),
            region=region,
        )
        # The same deal restated later (中国电信控股国盾量子) is one move.
        key = (event.operators, event.kind, event.domain, event.date, event.amount, event.counterparties)
        if key in seen and (event.counterparties or event.amount is not None):
            continue
        seen.add(key)
        events.append(event)
    return events
