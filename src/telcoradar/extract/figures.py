"""Market figures stated in prose: market sizes, user numbers, shares, growth rates.

Each number in a sentence is read with its scale and unit (504亿元, 6.62亿人,
2011.5 万人次, 680亿美元, 425.1万个, 280EFLOPS, 10%, £15.2bn, 40 million). It
becomes a `Figure` when the words before it (or, failing that, right after it:
"70%市场份额") name a measure from the lexicon (规模, 用户, 份额, revenue ...)
and the number is a market-sized one: it has a scale word or a unit of its
own, or it is large. A percentage after a growth word (同比增长, 年复合增长率,
半年增长率, up … year on year) is the growth rate of the figure before it, not
a figure. A clause that names no measure ("预计2025年将超过680亿元") measures
what the clause before it measured. Plan prices, dates and phone numbers have no
measure word and stay out. A figure that its sentence does not date takes the
reporting period its title or heading names (2025年一季度, Q1 2025): that
period's year and last day. Traditional characters are read folded to
simplified ones; the measure is quoted as written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from telcoradar.extract.certainty import confidence
from telcoradar.extract.dates import DateMatch, find_dates, last_year, reporting_period
from telcoradar.extract.events import document_year
from telcoradar.extract.lexicon import lexicon
from telcoradar.extract.operators import find_operators
from telcoradar.extract.text import fold, sentences
from telcoradar.extract.units import (
    ARABIC_NUMBER,
    CURRENCY_AFTER,
    CURRENCY_BEFORE,
    SCALE,
    parse_money,
    parse_number,
    states_currency,
)
from telcoradar.model import Document, Evidence, Figure

__all__ = ["extract_figures"]

_UNITS: dict[str, str] = {
    "%": "percent", "％": "percent", "percent": "percent", "per cent": "percent",
    "人次": "person-trips", "万人次": "person-trips",
    "人": "people", "名": "people", "位": "people", "people": "people", "users": "people",
    "visitors": "people",
    "户": "subscribers", "households": "households",
    "subscribers": "subscribers", "subscriptions": "subscribers", "connections": "subscribers",
    "customers": "subscribers", "lines": "subscribers",
    "个": "count", "家": "count", "座": "count", "部": "count", "台": "count", "张": "count", "条": "count",
    "EFLOPS": "EFLOPS", "PFLOPS": "PFLOPS", "TFLOPS": "TFLOPS", "EB": "EB", "PB": "PB", "TB": "TB",
    "GW": "GW", "MW": "MW",
}  # fmt: skip
_SCALED_UNITS = frozenset({"percent", "EFLOPS", "PFLOPS", "TFLOPS", "EB", "PB", "GW"})


def _unit_alternation() -> str:
    words = sorted(_UNITS, key=len, reverse=True)
    return "|".join(
        re.escape(w) + ("(?![A-Za-z])" if w[-1].isascii() and w[-1].isalpha() else "") for w in words
    )


_VALUE = re.compile(
    rf"(?:(?P<before>{CURRENCY_BEFORE})\s*)?"
    rf"(?P<num>(?:{ARABIC_NUMBER})(?P<scale>{SCALE})?)"
    rf"\s*(?:(?P<points>个百分点|percentage points?)|(?P<after>{CURRENCY_AFTER})"
    rf"|(?P<unit>{_unit_alternation()}))?"
)
_CLAUSE_END = re.compile(r"[，,；;：:（(）)。！？!?、]")
_DATE_LIKE = re.compile(r"\s*(?:年|月|日|号|G(?![A-Za-z])|-\d|/\d|\.\d)")
_LEADING = re.compile(
    r"^(?:其中|而|此外|另外|同时|届时|据预测|据统计|预计|到|至|截至|截止到?|目前|数据显示|显示|包括|如|"
    r"(?i:in|by|as of|at the end of|meanwhile|and|while|that))[\s,，]*"
)
_TRAILING = re.compile(
    r"(?:的|截至|截止到?|到|至|达到|高达|达|突破|超过|超|为|是|约|近|将|有望|预计|首次|增至|升至|降至|增长至|增加至|增加到|增加|上升至|减少至|增长到|达成|累计|已|共|全年|"
    r"(?i:reached|reach|rose to|grew to|fell to|stood at|totalled|totaled|hit|was|were|is|are|will|to|of|at|"
    r"about|around|nearly|almost|over|more than|expected|forecast|projected|estimated|predicted|valued|set|"
    r"be|a|an|the|some|exceed|surpass|top))"
    r"\s*$"
)
_INNER_VERB = re.compile(
    r"超过|突破|高于|超越|相当于|(?i:\b(?:expects?|forecasts?|predicts?|estimates?|says|said|shows?|believes?)\b)"
)
_SPACE_RUN = re.compile(r"\s+")
_DIGIT = re.compile(r"\d")
# English clauses joined by a conjunction: "revenue of £20.8bn and EE added 200,000 customers".
# A change named after its percentage: "a 3% rise in", "a 2% fall in".
_CHANGE_AFTER = re.compile(
    r"\s*(?:(?P<up>rise|increase|growth|jump|gain|climb)|(?P<down>decline|fall|drop|decrease))(?![A-Za-z])",
    re.I,
)
_CHANGE_IN = re.compile(
    r"^.*?[\d.]+\s*%\s*(?:rise|increase|growth|jump|gain|climb|decline|fall|drop|decrease)\s+in\s+", re.I
)
_EN_JOIN = re.compile(
    r"\s(?:and|while|whereas|but)\s(?=[A-Z]|(?:is|are|was|were|will|has|have|had|should|could)\b)"
)
_COMPARED = re.compile(r"(?:比|较|相比|同比|(?i:than|compared (?:with|to)|versus|vs\.?))\s*$")
_DECLINE = re.compile(r"下降|下滑|减少|降低|回落|下跌|(?i:\b(?:down|fell|declined?|decreased?|dropped)\b)")
_PER_USER = re.compile(r"ARPU|ARPPU|ARPA|每用户平均|户均|用户平均")
_COUNTED_LATER = re.compile(
    r"\s*(?:[a-z][a-z-]*,?\s+){1,6}?((?i:connections|customers|subscribers|subscriptions|lines))\b"
)
_GROWTH_TAIL = re.compile(r"(?:同比|按年|环比)?(?:增长|下降|上升|减少|下滑)\s*[\d.]+\s*[%％]$")
_THEN = re.compile(r"届时|(?i:\bby then\b)")
_THAT = re.compile(r"^(?i:that)\s+")
_AFTER_LEAD = re.compile(r"^(?:的|(?i:on|of|in|for|from)\s+)")
_TARGET_BEFORE = re.compile(r"(?:到|至|预计|有望|(?i:\bby|\buntil))\s*$")
_YEAR_WORD = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")
_NOW = re.compile(r"目前|当前|现已|如今|(?i:\b(?:currently|now|today)\b)")


@dataclass
class _Candidate:
    start: int
    end: int
    value: Decimal
    unit: str
    currency: str | None
    measure: str
    measured: bool  # the measure was named here, not carried from a clause before
    year: int | None
    date: DateMatch | None
    forecast: bool
    growth: tuple[Decimal, str] | None = None


def _growth_kind(before: str, after: str) -> str | None:
    """The kind of growth a percentage states, from the words around it, or None."""
    kinds = lexicon().growth.tags(before[-12:])
    kinds += [k for k in lexicon().growth.tags(after[:24]) if k != "plain"]
    if _CHANGE_AFTER.match(after):
        kinds.append("plain")  # a 3% rise in mobile revenue
    if not kinds:
        return None
    specific = [k for k in kinds if k != "plain"]
    return specific[-1] if specific else "growth"


def _measure(prefix: str, dates: list[DateMatch], clause_start: int) -> str:
    """The measured noun phrase in the words before a number."""
    text = prefix
    for d in reversed(dates):
        if d.start >= clause_start and d.end <= clause_start + len(prefix):
            text = text[: d.start - clause_start] + text[d.end - clause_start :]
    text = _SPACE_RUN.sub(" ", text).strip(" ，,")
    text = _CHANGE_IN.sub("", text)  # reported a 3% rise in mobile revenue -> mobile revenue
    while True:
        stripped = _LEADING.sub("", text).strip()
        stripped = _TRAILING.sub("", stripped).strip()
        stripped = _GROWTH_TAIL.sub(
            "", stripped
        ).strip()  # 收益增长3%至: the growth is no part of the measure
        if stripped == text:
            break
        text = stripped
    inner = list(_INNER_VERB.finditer(text))
    if inner:
        after = text[inner[-1].end() :].strip()
        before = text[: inner[0].start()].strip()
        text = after if lexicon().measures.search(after) else before
        text = _THAT.sub("", text)
    return text.strip(" 《》“”\"'")


_PEOPLE = re.compile(r"用户|人数|(?i:users|people|visitors|tourists)\s*$")
_SUBSCRIBERS = re.compile(
    r"(?:连接数?|户数目?|客户|(?i:subscribers|subscriptions|customers|connections|lines))\s*$"
)


def _unit_of_measure(measure: str) -> str:
    """The unit a bare number takes from its measure (用户超 500 万 -> people)."""
    if _PEOPLE.search(measure):
        return "people"
    return "subscribers" if _SUBSCRIBERS.search(measure) else "count"


def _value(m: re.Match[str]) -> tuple[Decimal, str, str | None] | None:
    """Value in base units, unit and currency of a number match."""
    if m.group("before") or m.group("after"):
        money = parse_money(m.group(0).strip())
        return (money.amount, money.currency, money.currency) if money else None
    value = parse_number(m.group("num"))
    if value is None:
        return None
    word = m.group("unit")
    unit = _UNITS.get(word, _UNITS.get(word.lower(), "count")) if word else "count"
    return value, unit, None


def _clause_bounds(sentence: str, start: int, end: int) -> tuple[int, int]:
    left = max((m.end() for m in _CLAUSE_END.finditer(sentence, 0, start)), default=0)
    left = max((m.end() for m in _EN_JOIN.finditer(sentence, left, start)), default=left)
    right_match = _CLAUSE_END.search(sentence, end)
    right = right_match.start() if right_match else len(sentence)
    join = _EN_JOIN.search(sentence, end, right)
    return left, join.start() if join else right


def _sentence_figures(
    sentence: str, dates: list[DateMatch], ref_year: int | None, carried: _Candidate | None = None
) -> list[_Candidate]:
    """The figures of one sentence; `carried` is the last one of the sentence before it runs on from (；)."""
    lex = lexicon()
    out: list[_Candidate] = []
    pending_growth: list[tuple[Decimal, str]] = []
    for m in _VALUE.finditer(sentence):
        if m.group("points") or (_DATE_LIKE.match(sentence, m.end()) and not m.group("unit")):
            continue
        if any(d.start <= m.start() < d.end for d in dates):
            continue
        parsed = _value(m)
        if parsed is None:
            continue
        value, unit, currency = parsed
        if value == value.to_integral_value():
            value = value.quantize(Decimal(1))
        left, right = _clause_bounds(sentence, m.start(), m.end())
        before, after = sentence[left : m.start()], sentence[m.end() : right]
        if unit == "percent":
            kind = _growth_kind(before, after)
            if kind is not None:
                target = next((c for c in reversed(out) if c.growth is None), None)
                named = lex.measures.search(before)
                if target is not None and named and named.group() not in target.measure:
                    continue  # 收入同比增长8.5%: the growth of another measure than the figure's
                change = _CHANGE_AFTER.match(after)
                if _DECLINE.search(before[-12:]) or (change and change.group("down")):
                    value = -value  # 同比下降3.2%, down 0.8%
                if target is not None:
                    target.growth = (value, kind)
                else:
                    pending_growth.append((value, kind))
                continue
        scaled = bool(m.group("scale")) or unit in _SCALED_UNITS or value >= 10000
        per_user = _PER_USER.search(sentence, max(0, left - 24), m.start())
        scaled = scaled or (currency is not None and per_user is not None)  # ARPU of £15.40
        digits = m.group("num").replace(",", "").replace(".", "")
        if not scaled or (digits.isdigit() and len(digits) >= 7 and not m.group("scale") and unit == "count"):
            continue  # a plan price, a small count, a phone number
        measure = _measure(before, dates, left)
        measured = bool(lex.measures.search(measure)) or unit == "person-trips"
        if not measure and left > 1 and sentence[left - 1] in "）)":
            # 后付客户每月平均消费（ARPU）为港币274元: the measure is the words and the bracket before.
            outer, _ = _clause_bounds(
                sentence, sentence.rfind("（" if sentence[left - 1] == "）" else "(", 0, left), left
            )
            measure = _measure(sentence[outer:left], dates, outer)
            measured = bool(lex.measures.search(measure))
        if measured and len(measure) <= 3 and left > 0 and sentence[left - 1] in "（(":
            # 量子密话（用户超 500 万）: the thing in front of the bracket owns the measure.
            outer, _ = _clause_bounds(sentence, left - 1, left - 1)
            measure = _measure(sentence[outer : left - 1], dates, outer) + measure
        hits = [h for h in lex.measures.finditer(after[:24]) if h.start() <= 14]
        if not measured and hits:
            measure, measured = _AFTER_LEAD.sub("", after[: hits[-1].end()].strip()), True  # 70%市场份额
        if not measured and m.group("unit") and lex.measures.fullmatch(m.group("unit")):
            measure, measured = m.group("unit"), True  # 2 million customers: the unit names the measure
        if not measured and not m.group("unit") and (later := _COUNTED_LATER.match(sentence, m.end())):
            measure, measured = later.group(1), True  # 45.9 million mobile and broadband connections
            unit = _UNITS[later.group(1).lower()]
        if not measured:
            last = out[-1] if out else carried
            bare = unit == "count" and not m.group("unit")  # 56亿 after 20亿户: the same measure
            counted = bare and last is not None and last.unit in ("people", "subscribers")
            previous = last if last is not None and (last.unit == unit or counted) else None
            if previous is None or measure:
                continue
            measure = previous.measure
        if unit == "count" and not m.group("unit"):
            unit = _unit_of_measure(measure)
        # The clause's date nearest the number ("valued at $250bn in 2024 and projected to reach
        # $1.2tn by 2030"), else the sentence's only date (截至2025年3月，…达5.6亿户); a date that
        # a comparison names (比上年末) dates no figure.
        clause_dates = [d for d in dates if left <= d.start < right]
        own = [d for d in dates if not _COMPARED.search(sentence, 0, d.start)]
        date = (
            min(clause_dates, key=lambda d: _distance(d, m.start(), m.end()))
            if clause_dates
            else (own[0] if len(own) == 1 else None)
        )
        if date is None and _THEN.search(sentence, left, right):
            date = next((d for d in reversed(dates) if d.end <= left), None)  # 届时 / by then
        years = {d.date.year for d in own}
        year = date.date.year if date else (next(iter(years)) if len(years) == 1 else None)
        if year is None and _NOW.search(sentence, 0, right):
            year = ref_year  # 目前…已达到 35EFLOPS: the document's own time
        forecast = bool(lex.forecast.search(sentence[left:right])) or (
            year is not None and ref_year is not None and year > ref_year
        )
        out.append(
            _Candidate(m.start(), m.end(), value, unit, currency, measure, measured, year, date, forecast)
        )
        if pending_growth and out[-1].growth is None:
            out[-1].growth = pending_growth.pop(0)
    return out


_HEADING_END = re.compile(r"[。！？；.!?;，,：:]\s*$")


def _is_heading(text: str, start: int, end: int) -> bool:
    """A whole short line without a sentence's closing punctuation."""
    whole = text[start - 1 : start] in ("", "\n") and text[end : end + 1] in ("", "\n")
    return whole and end - start <= 100 and not _HEADING_END.search(text[start:end])


def _distance(date: DateMatch, start: int, end: int) -> int:
    """Characters between a date and a number; a date before wins a tie."""
    return start - date.end if date.end <= start else date.start - end + 1


def _as_written(measure: str, folded: str, sentence: str) -> str:
    """The measure in the sentence's own characters (traditional stays traditional).

    The measure is the folded sentence's words with dates taken out, so its
    characters are found in order, from where its first two are.
    """
    if folded is sentence:
        return measure
    at = folded.find(measure[:2])
    picked: list[str] = []
    for i in range(max(at, 0), len(folded)):
        if len(picked) == len(measure):
            break
        if folded[i] == measure[len(picked)]:
            picked.append(sentence[i])
    return "".join(picked) if at >= 0 and len(picked) == len(measure) else measure


def extract_figures(doc: Document, ref_year: int | None = None) -> list[Figure]:
    """The market figures stated in `doc`, in document order."""
    year = ref_year if ref_year is not None else document_year(doc)
    running: int | None = None
    period = reporting_period(doc.title)
    figures: list[Figure] = []
    text = fold(doc.text)
    carried: _Candidate | None = None  # the last figure, for a clause after ； that names no measure
    carried_end = 0
    title_years = [int(y) for y in _YEAR_WORD.findall(fold(doc.title))]
    fallback = max(title_years) if title_years else year  # the title's year, else the document's
    lead_year: int | None = None  # the last year the paragraph stated before this sentence
    previous_end = 0
    for start, end in sentences(text):
        folded = text[start:end]
        if _is_heading(text, start, end):
            period = reporting_period(folded) or period
        if "\n" in text[previous_end:start]:
            lead_year = None
        previous_end = end
        dates = find_dates(folded, year, running)
        running = last_year(dates, running)
        stated = [  # a comparison's year (比上年) or a target's (到2030年) is no year the paragraph speaks of
            d
            for d in dates
            if not _COMPARED.search(folded, 0, d.start)
            and not _TARGET_BEFORE.search(folded, 0, d.start)
            and (year is None or d.date.year <= year)
        ]
        paragraph_year, lead_year = lead_year, last_year(stated, lead_year)
        if "\t" in folded or not _DIGIT.search(folded):
            continue
        runs_on = carried is not None and "\n" not in text[carried_end:start]
        candidates = _sentence_figures(folded, dates, year, carried if runs_on else None)
        if not candidates:
            continue
        carried, carried_end = candidates[-1], end
        sentence = doc.text[start:end]
        operators = find_operators(folded)
        evidence = Evidence(quote=sentence, start=start, end=end)
        for c in candidates:
            precise = c.date is not None and c.date.precision != "year"
            undated = c.year is None and period is not None
            flags = []
            if c.year is None and period is None:
                c.year = paragraph_year or fallback
                if c.year is not None and paragraph_year is None:
                    flags.append("year_guessed")  # the title's or the document's year
            if c.currency and not states_currency(sentence, c.currency):
                flags.append("currency_inferred")
            figure = Figure(
                measure=_as_written(c.measure, folded, sentence),
                value=c.value,
                unit=c.unit,
                evidence=evidence,
                year=period[0] if undated and period else c.year,
                date=period[1] if undated and period else c.date.date if precise and c.date else None,
                forecast=c.forecast,
                growth_rate=c.growth[0] if c.growth else None,
                growth_kind=c.growth[1] if c.growth else None,
                currency=c.currency,
                operator=operators[0].operator if operators else None,
                confidence=confidence(flags),
                flags=tuple(flags),
            )
            figures.append(figure)
    return figures
