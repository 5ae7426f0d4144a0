"""Competitor moves stated in prose: who launched, partnered, invested, built what, when.

A sentence (or a clause of it that opens a move of its own, see clauses.py)
becomes an `Event` when it names an operator and a kind of move from the
lexicon. The operator may also come from the sentences before it in the same
paragraph, from the section heading ("## 中国移动"), since Chinese reports drop
the subject once it is known, or, for "the operator"/"it"/该公司, from the last
one named. Sentences that advise (应, 需, 建议, should) are not moves unless
they carry a date, nor are running totals (累计, 截至目前, to date) and the
terms of a deal just stated (根据协议). A move's date is its clause's own (not a
status date after 截至), else its sentence's, the day of the event just named
(会上, at the event), its paragraph's dateline ("London, 1 June 2025 —"), or
the release's date for "today". A sentence that only elaborates the previous
move (it repeats one of its quoted names and adds partners) is folded into
that move, whose evidence then spans both; restated headlines and deals are
dropped (drafts.py). Traditional characters are read folded to
simplified ones; quotes keep the text as written.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left
from dataclasses import dataclass

from telcoradar.extract.certainty import confidence
from telcoradar.extract.events.clauses import (
    LABEL,
    amount,
    clause_domain,
    clause_kind,
    english_subject_before,
    heading_domain,
    kind_words,
    named_before,
    segments,
    subjects,
)
from telcoradar.extract.events.counterparties import find_counterparties
from telcoradar.extract.events.drafts import Draft, drop_restated, drop_same_deals, merge_mentions
from telcoradar.extract.events.tables import CaseColumn, case_column
from telcoradar.extract.lang.dates import (
    DateMatch,
    dateline,
    document_year,
    find_dates,
    find_move_dates,
    last_day,
    last_year,
)
from telcoradar.extract.lang.lexicon import lexicon
from telcoradar.extract.lang.text import fold, lines, mask_markup, sentences
from telcoradar.extract.operators import OperatorMatch, find_operators, region_at
from telcoradar.extract.shared_names import settle_shared
from telcoradar.model import Document, Event, Evidence
from telcoradar.read.text import inline_text

__all__ = ["extract_events"]

_SENTENCE_PUNCT = re.compile(r"[。！？；，,：:.!?;]")
_CAPTION = re.compile(
    r"^(?:图\s*\d|表\s*\d|图表|来源|数据来源|资料来源|注[：:]|Figure\s|Table\s|Source"
    r"|发布时间|发布日期|发表时间|更新时间|日期[：:]|时间[：:]|作者[：:]|编辑[：:]|责任编辑"
    r"|(?i:published|posted|updated|date)\s*[:：])"
)
_QUOTED = re.compile(r"“([^”]{2,30})”|「([^」]{2,30})」|\"([^\"]{2,30})\"")
_GENERIC_SUBJECT = re.compile(r"运营商|(?i:\boperators\b)")
_NO_SUBJECT = re.compile(r"(?:\d{4}\s*年[^，,]*[，,]\s*)?(?:与|和|同(?![日年月天时期一])|跟|联合|携手)")
# 截至2025年4月 dates a status (用户数已突破…), not the move in the same sentence.
_STATUS_DATE = re.compile(r"(?:截至|截止到?|(?i:as of|as at))\s*$")
_DEADLINE = re.compile(r"\s*(?:之前|以前|前(?![往进沿端台])|为止)")
# 预计明年投入使用, 力争到2027年, "expected by 2026": when a goal is due, not when the move was made.
_TARGET_DATE = re.compile(
    r"(?:预计|力争|争取|有望|目标(?:是|为)?|(?<![达收])到|(?i:\bby|\bexpected (?:in|by)))\s*(?:在|于|至)?\s*$"
)
# An English sentence names its subject: one without an operator takes the operator
# before it only through a pronoun or "the company" (not "The same day, Sky Mobile cut…").
_EN_CLAUSE = re.compile(r"[A-Za-z]{3}")
# A subject that points back to the operator named last, across paragraphs.
_ANAPHOR = re.compile(
    r"(?:[^,，]{0,40}[,，]\s*)?(?:该公司|该运营商|该集团|(?:It|The (?:combined |merged |new |enlarged )?"
    r"(?:company|operator|group|firm|carrier|business|telco|provider))\b)"
)
_AT_THE_EVENT = re.compile(
    r"[\s*]*(?:在|于)?(?:本次|此次)?(?:签约|签署|启动|发布|开幕)?(?:大?会上|会议上|会议期间|大会期间|发布会上|活动上|活动现场|仪式上|论坛上|峰会上|展会上)"
    r"|(?i:\s*(?:at|during) the (?:event|launch|conference|summit|ceremony|show))"
)
# A sentence about the deal just stated: its terms, not a move of its own.
_DEAL_TERMS = re.compile(
    r"[\s*]*(?:根据|按照|依据)(?:该|此|本)?(?:协议|合作协议|框架协议)"
    r"|(?i:under the (?:deal|agreement|partnership|terms))"
)
# A country after a group's name: its subsidiary there, which the registry does not hold.
_ABROAD = re.compile(
    r"\s+(?:Spain|Italy|Portugal|Netherlands|Ireland|Greece|Turkey|Türkiye|Egypt|India|Australia|New Zealand"
    r"|Romania|Czech|Albania|Belgium|Poland|Austria|Switzerland|Sweden|Norway|Denmark|Finland|Hungary|Qatar"
    r"|Ghana|Kenya|South Africa|Japan|Korea|Singapore|Malaysia|Brazil|Mexico|Canada)\b"
)
_PARENT = re.compile(r"\s*(?:'s|’s|旗下的?|旗下子公司|的子公司)\s*")
# A statement about the move just told: 此次合作将…, 本次签约…, "the deal", "the joint venture".
_BACK_REFERENCE = re.compile(
    r"(?:此次|本次|这次|该|这一|此项|上述)(?:[^，,。]{0,8}?)(?:合作|签约|协议|发布|推出|投资|收购|交易|合资|行动计划)"
    r"|见证(?:了)?(?:签约|签署|合作)"
    r"|(?i:\b(?:the|this|that)\s+(?:[a-z-]+\s+)?"
    r"(?:deal|agreement|partnership|(?:joint[- ])?venture|transaction|tie-up|purchase|acquisition|merger"
    r"|takeover)\b)"
)
_BACK_REFERENCE_WITHIN = 40  # where it opens the statement, not in its middle
_DEALS = frozenset({"investment", "partnership"})
# A Markdown front matter block (after at most two lines, such as a source line).
_FRONT_MATTER = re.compile(r"\A(?:[^\n]*\n){0,2}?---[ \t]*\n.*?\n---[ \t]*(?:\n|\Z)", re.S)
# A clause that opens on someone's words (丛亮指出，… / 他表示，…): an official's or a
# guest's view, not a move, unless the speaker is an operator or the company itself.
_REMARK = re.compile(
    r"[\s*]*(?!据|该公司|公司|双方|集团|其)(?P<who>[^，,。；：:“”\"]{1,10}?)"
    r"(?:说|指出|表示|强调|认为|提出|介绍|透露|坦言|称)[，,：:]"
)
# A paragraph of prose: sentences that end, long enough to tell news.
_LEAD = re.compile(r"[。！？.!?]")
_LEAD_LENGTH = 40
# A year that names an occasion (2025年亚冬会举办之际), not the time of the move.
_OCCASION = re.compile(r"[^，,。；]{0,24}?(?:之际|前夕|期间|举办|召开|来临)")
_EDITION = re.compile(r"\s*年?\s*版|(?i:\s+edition\b)")
_CLAUSE_EDGE = re.compile(r"[，,；;：:]")
_PLACE_VERB = re.compile(r"(?:正在|正|将|已|要|大力|持续|积极|全力|坚持|加快|充分)")
_WITH = re.compile(r"与|和|同|跟|携手|联合|(?i:\b(?:with|and)\b)")
_TIMELINE_MARKS = " \t—–•*-"
_TODAY = re.compile(r"今日|今天|(?i:\btoday\b)")


@dataclass
class _Heading:
    level: int
    domain: str | None
    operators: list[OperatorMatch]
    weight: float = 1.5  # how much its domain counts against a clause's own words


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


def _in_title(sentence: str, date: DateMatch) -> bool:
    """Whether a date names a work, not a time: 《…2025…》, （2025版）, 2025 edition."""
    opened = sentence.count("《", 0, date.start) > sentence.count("》", 0, date.start)
    return opened or bool(_EDITION.match(sentence, date.end))


def _stated_at(text: str, doc: Document) -> int | None:
    """Where the document's date is stated: 0 when declared (meta, front matter, address),
    else the end of its first mention near the top, if there is one."""
    if doc.published_from != "text":
        return 0
    return next((d.end for d in find_dates(text[:1500]) if d.date == doc.published), None)


def _published(doc: Document) -> DateMatch | None:
    return DateMatch(doc.published, "day", 0, 0) if doc.published else None


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


def _section_domain(stack: list[_Heading]) -> tuple[str | None, float]:
    headings = [h for h in reversed(stack) if h.domain]
    specific = [h for h in headings if h.domain != "tariff"]
    chosen = specific[0] if specific else (headings[0] if headings else None)
    return (chosen.domain, chosen.weight) if chosen else (None, 0.0)


def _section_operators(stack: list[_Heading]) -> list[OperatorMatch]:
    for heading in reversed(stack):
        if heading.operators:
            return heading.operators
    return []


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
        # Traditional characters read as simplified, link targets and tags blanked, offsets kept.
        self.text = mask_markup(fold(doc.text))
        self.ref_year = ref_year
        self.running_year: int | None = None
        self.running_day: dt.date | None = None
        self.dateline: DateMatch | None = None  # the paragraph's, which its undated moves take
        self.timeline: DateMatch | None = None  # the date of the timeline entry being told
        self.cases: CaseColumn | None = None  # the column of operators' cases of the table being read
        self.release = _release_date(self.text, ref_year) or _published(doc)  # what "today" / 今日 means
        # The day 昨日, "on Sunday" count from, and where the text has stated it: a date the
        # reader merely found in the text dates only what comes after it.
        self.today = self.release.date if self.release else None
        self.today_at = _stated_at(fold(doc.text), doc) if self.today == doc.published else 0
        self.lead: int | None = None  # the number of the lead paragraph
        self.paragraph_start = 0
        self.lead_day: dt.date | None = None
        self.sentence_date: DateMatch | None = None  # the date of a move earlier in the sentence
        self.stack: list[_Heading] = []
        self.drafts: list[Draft] = []
        self.last_in_paragraph: Draft | None = None
        self.paragraph = 0
        self.last_operators: list[OperatorMatch] = []
        # One pass; looked up by offset below. A shared name (Vodafone) is the one the text
        # means; "Vodafone Egypt" is no operator we know.
        found = [m for m in find_operators(self.text) if not _ABROAD.match(self.text, m.end)]
        found = settle_shared(self.text, found)
        # "BT Group's EE", "Singtel's Optus": the parent only names whose unit moves.
        self.mentions = [
            m
            for i, m in enumerate(found)
            if i + 1 == len(found) or not _PARENT.fullmatch(self.text, m.end, found[i + 1].start)
        ]
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
        front = _FRONT_MATTER.match(self.text)
        for number, (start, end) in enumerate(lines(self.text)):
            self.paragraph = number
            line = self.text[start:end]
            if front is not None and start < front.end():
                continue  # its date, tags, title and summary: the body states what they restate
            if "\t" in line or (line.startswith("|") and (self.cases or case_column(line))):
                self._table_row(start, line)
                continue
            self.cases = None
            level = _heading_level(line)
            if level is not None:
                while self.stack and self.stack[-1].level >= level:
                    self.stack.pop()
                # An article's title that states a move is a weaker topic than a section's
                # name: a clause's own domain word outweighs it.
                headline = level == 1 and bool(clause_kind(line) and self._mentions(start, end))
                weight = 0.75 if headline else 1.5
                self.stack.append(_Heading(level, heading_domain(line), self._mentions(start, end), weight))
                self.last_in_paragraph = None
                self.timeline = None
                continue
            if not _CAPTION.match(line.lstrip("*# ")):
                self._paragraph(start, end)
        return self.drafts

    def _table_row(self, start: int, line: str) -> None:
        """A table's header opens its column of cases; each row after it may state a move."""
        if self.cases is None:
            if not self._mentions(start, start + len(line.split("\t", 1)[0])):
                self.cases = case_column(line)
            return
        found = self.cases.row(start, line, self._mentions, _section_domain(self.stack))
        if found is not None:
            operators, kind, domain, a, b = found
            self.drafts.append(Draft(operators, kind, domain, a, b, None, None, [], paragraph=self.paragraph))

    def _paragraph(self, start: int, end: int) -> None:
        carried: list[OperatorMatch] = []
        self.last_in_paragraph = None
        found = dateline(self.text[start:end], self.ref_year)
        if found is not None:  # "— July 10: …" opens a timeline's entry, whose next paragraphs it dates
            entry = not self.text[start : start + found.start].strip(_TIMELINE_MARKS)
            self.timeline = found._replace(start=-1, end=-1) if entry else None
        self.dateline = found or self.timeline
        self.paragraph_start = start
        if self.lead is None and _LEAD.search(self.text, start, end) and end - start >= _LEAD_LENGTH:
            self.lead = self.paragraph  # the first paragraph of prose: the news of the day
        for s, e in sentences(self.text[start:end]):
            sentence = self.text[start + s : start + e]
            today = self.today if self.today_at is not None and start + s >= self.today_at else None
            self.lead_day = today if self.paragraph == self.lead else None
            dates = find_move_dates(sentence, self.ref_year, self.running_year, self.running_day, today)
            self.running_year = last_year(dates, self.running_year)
            moves = [d for d in dates if not _STATUS_DATE.search(sentence, 0, d.start)]
            self.running_day = last_day(moves, self.running_day)  # 截至4月底 is no new day
            self.sentence_date = None
            if self.dateline is not None:  # the dateline dates the paragraph, not its first clause
                dates = [d for d in dates if s + d.start != self.dateline.start]
            dates = [d for d in dates if not _in_title(sentence, d)]
            for a, b in segments(sentence, dates):
                own = [d._replace(start=d.start - a, end=d.end - a) for d in dates if a <= d.start < b]
                carried = self._segment(start + s + a, sentence[a:b], own, carried)

    def _date(self, segment: str, dates: list[DateMatch]) -> DateMatch | None:
        """A move's date: its own (not a status date), else its sentence's, event's, dateline's, release's.

        A goal's date in a year to come (预计明年投入使用, 力争到2027年) is none of the move's own,
        nor is an offer's deadline (6月30日前免收租金)."""
        dates = [
            d
            for d in dates
            if not (_TARGET_DATE.search(segment, 0, d.start) and self._ahead(d))
            and not _DEADLINE.match(segment, d.end)
        ]
        if dates:
            # A date the clause writes out before one read from a word (today, last month).
            moves = [d for d in dates if not _STATUS_DATE.search(segment, 0, d.start)]
            if not moves and clause_kind(segment) == "network_build":
                moves = dates  # 截至5月底已建成14万个基站: the build is the status
            date = next((d for d in moves if not d.word), moves[0] if moves else None)
            if date is not None and self.dateline is not None and _OCCASION.match(segment, date.end):
                date = self.dateline  # C114讯 2月10日消息，2025年亚冬会举办之际…: the dateline's day
        elif self.sentence_date is not None:
            date = self.sentence_date  # …推出新套餐，并与腾讯合作…: the clause before dates both
        elif self.running_day is not None and _AT_THE_EVENT.match(segment):
            date = DateMatch(self.running_day, "day", 0, 0)  # 会上…: the day of the event just named
        else:
            date = self.dateline or (self.release if _TODAY.search(segment) else None)
            if date is None and self.lead_day is not None:
                date = DateMatch(self.lead_day, "day", 0, 0)  # the lead reports the day's news
        self.sentence_date = date or self.sentence_date
        return date

    @staticmethod
    def _public_act(offset: int, segment: str, kind: str, mentions: list[OperatorMatch]) -> bool:
        """Whether a public body, and no operator, is named before the clause's move word as its
        subject (not as the partner: 并与上海市政府签署…)."""
        spans = [(m.start - offset, m.end - offset) for m in mentions]
        words = [
            at for tag, at, _ in kind_words(segment) if tag == kind and not any(a <= at < b for a, b in spans)
        ]
        if not words or any(b <= words[0] for _, b in spans):
            return False
        body = lexicon().government.search(segment, 0, words[0])
        return body is not None and not _WITH.search(segment, 0, body.start())

    @staticmethod
    def _place_acts(segment: str, kind: str) -> bool:
        """Whether a place is the subject of the move word's clause: …，苏州正大力推进…建设."""
        words = [start for tag, start, _ in kind_words(segment) if tag == kind]
        if not words:
            return False
        opening = max((m.end() for m in _CLAUSE_EDGE.finditer(segment, 0, words[0])), default=0)
        opening += len(segment[opening:]) - len(segment[opening:].lstrip())
        end = region_at(segment, opening)
        return end is not None and _PLACE_VERB.match(segment, end) is not None

    def _ahead(self, date: DateMatch) -> bool:
        """Whether `date` falls in a year after the document's (unknown: taken as ahead)."""
        return self.today is None or date.date.year > self.today.year

    @staticmethod
    def _refers_back(segment: str, kind: str, dated: bool) -> bool:
        """Whether the clause speaks of the move just told: 此次合作… at its start, or, for
        an undated deal, "the venture" anywhere (what each parent brings to it)."""
        found = _BACK_REFERENCE.search(segment.lstrip("，, "))
        if found is None:
            return False
        return found.start() < _BACK_REFERENCE_WITHIN or (not dated and kind in _DEALS)

    def _quoted_at(self, offset: int, segment: str, kind: str) -> bool:
        """Whether the clause's move word stands inside a quotation opened in its paragraph."""
        words = [start for tag, start, _ in kind_words(segment) if tag == kind]
        if not words:
            return False
        before = self.text[self.paragraph_start : offset + words[0]]
        curly = before.count("“") - before.count("”")
        return curly > 0 or (curly == 0 and before.count('"') % 2 == 1)

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
        remark = _REMARK.match(segment.lstrip("，, "))
        if remark and not self._mentions(
            offset, offset + len(segment) - len(segment.lstrip("，, ")) + remark.end()
        ):
            return carried
        kind = clause_kind(segment)
        if kind is not None and self._quoted_at(offset, segment, kind):
            return carried  # “We are proud to partner…”: a spokesman's words, not the report's
        if kind is None or (lexicon().advice.search(segment) and not dates) or _DEAL_TERMS.match(segment):
            return carried
        if self._public_act(offset, segment, kind, mentions):
            return carried  # 国资委发布…，中国电信…入选: the body's act, not the operator's
        if lexicon().statistics.search(segment):
            return carried  # 累计签约 2 万名作家: a running total, not a move
        label = LABEL.match(segment)
        body = segment[label.end() :] if label else segment
        if not mentions and _GENERIC_SUBJECT.search(segment):
            return carried  # 其他省市运营商也推出了…: operators at large, not the one in the heading
        if not mentions and self._place_acts(segment, kind):
            return carried  # 苏州正大力推进…: the city's plan, not the operator's move
        # An English clause with a subject of its own: "The same day, Sky Mobile cut…" and
        # "The regulator launched a review of EE pricing" are no moves of a known operator,
        # but "Samsung partners with EE" is EE's partnership.
        if (
            _EN_CLAUSE.match(body.lstrip())
            and english_subject_before(segment, kind)
            and not named_before(offset, segment, kind, mentions)
            and (not mentions or kind != "partnership")
        ):
            return carried
        if mentions and _NO_SUBJECT.match(body.lstrip("，, ")):
            operators = known + mentions  # 与中国移动香港公司合作…: the subject is the section's operator
        else:
            operators = subjects(offset, segment, kind, mentions) or known
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
        date = self._date(segment, dates)
        flags = []
        if date is not None and (not dates or date.word or date is self.dateline):
            flags.append("date_from_context")  # a dateline, the release's day, 今日, the clause before
        if not mentions:
            flags.append("operator_inferred")  # the section's operator, or the paragraph's
        draft = Draft(
            operators=operators,
            kind=kind,
            domain=clause_domain(segment, *_section_domain(self.stack), kind),
            start=offset + lead,
            end=offset + len(segment.rstrip("，, ")),
            date=date,
            amount=amount(segment, kind) if kind in ("investment", "price_change") else None,
            counterparties=parties,
            quoted=quoted,
            paragraph=self.paragraph,
            refers_back=self._refers_back(segment, kind, bool(dates)),
            flags=flags,
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
    drafts = drop_same_deals(drop_restated(doc.text, _Walker(doc, year).run()))
    for d in merge_mentions(mask_markup(fold(doc.text)), drafts):
        quote = doc.text[d.start : d.end]
        region = next((o.region for o in d.operators if o.region), None)
        event = Event(
            operators=_unique([o.operator for o in d.operators]),
            kind=d.kind,
            domain=d.domain,
            sentence=inline_text(quote),
            evidence=Evidence(quote=quote, start=d.start, end=d.end),
            date=d.date.date if d.date else None,
            date_precision=d.date.precision if d.date else None,
            amount=d.amount[0] if d.amount else None,
            currency=d.amount[1] if d.amount else None,
            counterparties=tuple(d.counterparties),
            region=region,
            confidence=confidence(d.flags),
            flags=tuple(d.flags),
        )
        # The same deal restated later (中国电信控股国盾量子) is one move.
        key = (event.operators, event.kind, event.domain, event.date, event.amount, event.counterparties)
        if key in seen and (event.counterparties or event.amount is not None):
            continue
        seen.add(key)
        events.append(event)
    return events
