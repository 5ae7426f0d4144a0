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
period's year and last day; else the year its paragraph, then the document,
last stated (`figure_years`). Traditional characters are read folded to
simplified ones; the measure is quoted as written (`figure_phrases`). A
headline that the body restates is one figure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from telcoradar.extract.certainty import confidence
from telcoradar.extract.figures.phrases import as_written, measure_before, unit_of_measure
from telcoradar.extract.figures.values import SCALED_UNITS, UNITS, VALUE, counts_sites, value_of
from telcoradar.extract.figures.years import (
    COMPARED,
    TARGET_BEFORE,
    LeadYear,
    PlanYear,
    figure_date,
    find_periods,
)
from telcoradar.extract.lang.dates import DateMatch, document_year, find_dates, last_year, reporting_period
from telcoradar.extract.lang.lexicon import lexicon
from telcoradar.extract.lang.text import fold, mask_markup, sentences
from telcoradar.extract.lang.units import states_currency
from telcoradar.extract.operators import OperatorMatch, find_operators
from telcoradar.model import Document, Evidence, Figure

__all__ = ["extract_figures"]

_CLAUSE_END = re.compile(r"[，,；;：:（(）)。！？!?、]")
_DATE_LIKE = re.compile(r"\s*(?:年|月|日|号|G(?![A-Za-z])|-\d|/\d|\.\d)")
_DIGIT = re.compile(r"\d")
# English clauses joined by a conjunction: "revenue of £20.8bn and EE added 200,000 customers".
# A change named after its percentage: "a 3% rise in", "a 2% fall in".
_CHANGE_AFTER = re.compile(
    r"\s*(?:(?P<up>rise|increase|growth|jump|gain|climb)|(?P<down>decline|fall|drop|decrease))(?![A-Za-z])",
    re.I,
)
_EN_JOIN = re.compile(
    r"\s(?:and|while|whereas|but)\s(?=[A-Z]|(?:is|are|was|were|will|has|have|had|should|could|can|may|also)\b)"
    r"|\s[–—]+\s"  # a dash between spaces opens an aside: "4.7 billion users – a number expected to rise"
)
# Words that point back at the figure before: "a figure expected to reach", 这一数字, and the
# same measure at another time: "up from 3.5 million in January".
_ANAPHORA = re.compile(
    r"(?i:(?:a|the|this|that|which)?\s*(?:figure|number|total)?|(?:up|down|rising|falling|increasing)?\s*from"
    r"|(?:as\s+)?against|compared\s+(?:with|to))"
    r"|这一数字|该数字"
)
_DECLINE = re.compile(r"下降|下滑|减少|降低|回落|下跌|(?i:\b(?:down|fell|declined?|decreased?|dropped)\b)")
_FROM_TO = re.compile(
    r"[从由][^，,；;]*?[\d.]+\s*[%％]?(?:提升|提高|上升|增长|增加|下降|降低|减少|回落)?[至到]\s*$"
)
_GROWTH_MEASURE = re.compile(r"(?:增速|增长率|增幅|(?i:\bgrowth(?:\s+rate)?))\s*$")
_HOLDER = re.compile(r"([A-Z][\w&.-]*(?:\s[A-Z][\w&.-]*){0,2})\s(?:has|holds|had|held|commands)")
_BY_YEAR = re.compile(r"到\s*20\d\d|(?i:by\s+20\d\d)")
_SELF_NAMED = frozenset({"EFLOPS", "PFLOPS", "TFLOPS", "EB", "PB", "TB", "GW", "MW", "person-trips"})
_PER_UNIT = re.compile(r"每|(?i:\b(?:per|each)\s(?!cent))")
_PER_USER = re.compile(r"ARPU|ARPPU|ARPA|每用户平均|户均|用户平均")
_COUNTED_LATER = re.compile(
    r"\s*(?:[a-z][a-z-]*,?\s+){1,6}?((?i:connections|customers|subscribers|subscriptions|lines))\b"
)
_EN_LIST = re.compile(r"\s(?:and|or)\s")
_EN_AFTER = re.compile(r"\s*(?:in|of)\s", re.I)
_AFTER_LEAD = re.compile(r"^(?:的|(?i:on|of|in|for|from)\s+)")
_YEAR_WORD = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")
_EXPLICIT_YEAR = re.compile(r"(?:19|20)\d\d")
_PRIOR_YEAR = re.compile(r"上年|上一年|(?i:the previous year|the prior year)")
# A value of the year before, named after it: "Rs 6,986 crore in the year-ago period".
_YEAR_AGO = re.compile(
    r"[^,，;；]{0,30}?(?i:\b(?:the\s+year[- ]ago\s+(?:period|quarter)|a\s+year\s+(?:earlier|ago|before)"
    r"|(?:the\s+)?(?:last|previous|prior)\s+fiscal|the\s+same\s+(?:period|quarter)\s+last\s+year)\b)"
)
_YEAR_END = re.compile(r"年底|年末|(?i:\b(?:year-end|end of the year)\b)")
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
    year_ago: bool = False  # the value of the year before the one the sentence speaks of
    holder: str | None = None  # the operator the clause gives the figure to ("Vodafone has 25 per cent")


def _growth_kind(before: str, after: str) -> str | None:
    """The kind of growth a percentage states, from the words around it, or None."""
    kinds = lexicon().growth.tags(
        before[-20:] if before[-1:].isascii() else before[-12:]
    )  # grew more than 30%
    kinds += [k for k in lexicon().growth.tags(after[:24]) if k != "plain"]
    if _CHANGE_AFTER.match(after):
        kinds.append("plain")  # a 3% rise in mobile revenue
    if not kinds:
        return None
    specific = [k for k in kinds if k != "plain"]
    return specific[-1] if specific else "growth"


def _subject(sentence: str, before: int, dates: list[DateMatch]) -> str | None:
    """The measure the sentence's first clause names, for a later clause that names none."""
    first = _CLAUSE_END.search(sentence, 0, before)
    clause = sentence[: first.start() if first else before]
    named = list(lexicon().measures.finditer(clause))
    return measure_before(clause[: named[-1].end()], dates, 0) if named else None


def _clause_bounds(sentence: str, start: int, end: int) -> tuple[int, int]:
    left = max((m.end() for m in _CLAUSE_END.finditer(sentence, 0, start)), default=0)
    left = max((m.end() for m in _EN_JOIN.finditer(sentence, left, start)), default=left)
    right_match = _CLAUSE_END.search(sentence, end)
    right = right_match.start() if right_match else len(sentence)
    join = _EN_JOIN.search(sentence, end, right)
    return left, join.start() if join else right


_ID_DIGITS = 18  # a value of 10^18 or more (in its unit) is an identifier, not a figure


def _sentence_figures(
    sentence: str,
    dates: list[DateMatch],
    ref_year: int | None,
    carried: _Candidate | None = None,
    antecedent: _Candidate | None = None,
) -> list[_Candidate]:
    """The figures of one sentence.

    `carried` is the last figure of the sentence before, when this one runs on from it (；);
    `antecedent` the last figure of the document, which "this figure" points back at.
    """
    lex = lexicon()
    out: list[_Candidate] = []
    pending_growth: list[tuple[Decimal, str]] = []
    for m in VALUE.finditer(sentence):
        if m.group("points") or (_DATE_LIKE.match(sentence, m.end()) and not m.group("unit")):
            continue
        if any(d.start <= m.start() < d.end for d in dates):
            continue
        parsed = value_of(m)
        if parsed is None:
            continue
        value, unit, currency = parsed
        if value.adjusted() >= _ID_DIGITS:
            continue  # 订单号10000000010000000001: an order or account number, no market figure
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
        scaled = bool(m.group("scale")) or unit in SCALED_UNITS or value >= 10000
        per_user = _PER_USER.search(sentence, max(0, left - 24), m.start())
        scaled = scaled or (currency is not None and per_user is not None)  # ARPU of £15.40
        sites = counts_sites(sentence, m.end(), value) if unit == "count" and not currency else None
        scaled = scaled or sites is not None  # 54个基站, 2,444 Optus sites: small, yet a figure
        digits = m.group("num").replace(",", "").replace(".", "")
        if not scaled or (digits.isdigit() and len(digits) >= 7 and not m.group("scale") and unit == "count"):
            continue  # a plan price, a small count, a phone number
        measure = measure_before(before, dates, left)
        holders: list[OperatorMatch] = []
        if out and _FROM_TO.search(before):
            measure = out[-1].measure  # 比例从上年的15.6%提升至15.9%: the same measure, later
        before_figure: _Candidate | None = None  # the figure whose measure this one takes
        if _PER_UNIT.search(measure) and per_user is None:
            continue  # 每个基站获200万元资助: a rate per unit, not a market total
        measured = bool(lex.measures.search(measure)) or unit == "person-trips"
        if unit == "percent" and not measured and (holder := _HOLDER.fullmatch(measure)):
            measure, measured = f"{holder.group(1)} share", True  # "Vodafone has 25 per cent": its share
            holders = find_operators(holder.group(1))
        if not measure and left > 1 and sentence[left - 1] in "）)":
            # 后付客户每月平均消费（ARPU）为港币274元: the measure is the words and the bracket before.
            outer, _ = _clause_bounds(
                sentence, sentence.rfind("（" if sentence[left - 1] == "）" else "(", 0, left), left
            )
            measure = measure_before(sentence[outer:left], dates, outer)
            measured = bool(lex.measures.search(measure))
        if measured and len(measure) <= 3 and left > 0 and sentence[left - 1] in "（(":
            # 量子密话（用户超 500 万）: the thing in front of the bracket owns the measure.
            outer, _ = _clause_bounds(sentence, left - 1, left - 1)
            measure = measure_before(sentence[outer : left - 1], dates, outer) + measure
        reach = 32 if _EN_AFTER.match(after) else 14  # KRW 17.9 trillion in consolidated revenue
        words_after = after[: reach + 10]
        if joined := _EN_LIST.search(words_after):
            words_after = words_after[: joined.start()]  # "36 per cent of the market and 27.5 million"
        hits = [h for h in lex.measures.finditer(words_after) if h.start() <= reach]
        if not measured and hits:
            measure, measured = _AFTER_LEAD.sub("", after[: hits[-1].end()].strip()), True  # 70%市场份额
        if not measured and not measure and pending_growth and (subject := _subject(sentence, left, dates)):
            measure, measured = subject, True  # AI revenue grew 30% in 2024, reaching KRW 60 billion
        if not measured and m.group("unit") and lex.measures.fullmatch(m.group("unit")):
            measure, measured = m.group("unit"), True  # 2 million customers: the unit names the measure
        if not measured and sites is not None:
            measure, measured = sites, True
        if not measured and not m.group("unit") and (later := _COUNTED_LATER.match(sentence, m.end())):
            measure, measured = later.group(1), True  # 45.9 million mobile and broadband connections
            unit = UNITS[later.group(1).lower()]
        if not measured:
            last = out[-1] if out else carried
            if last is None and measure and _ANAPHORA.fullmatch(measure):
                last = antecedent  # "By 2030, this figure is expected to rise to $11 trillion"
            bare = unit == "count" and not m.group("unit")  # 56亿 after 20亿户: the same measure
            counted = bare and last is not None and last.unit in ("people", "subscribers")
            # 57% of homes (16.6 million): the count in brackets counts what the share measures
            bracketed = bare and left > 0 and sentence[left - 1] in "(（" and last is not None
            counted = counted or (bracketed and last is not None and last.unit == "percent")
            previous = last if last is not None and (last.unit == unit or counted) else None
            # 31.6EFLOPS智算规模。其中中国移动预计建设6.9EFLOPS: a unit of its own kind names its measure
            own_kind = previous is not None and unit in _SELF_NAMED
            if previous is None or (measure and not own_kind and not _ANAPHORA.fullmatch(measure)):
                continue
            measure, before_figure = previous.measure, previous
        if unit == "count" and not m.group("unit"):
            unit = unit_of_measure(measure)
        if unit == "percent" and _GROWTH_MEASURE.search(measure):
            continue  # "revenue growth slowed from 2.9% to 1.9%": a growth rate alone is no figure
        said = [w.group() for w in lex.forecast.finditer(sentence, left, right)]
        ahead = bool(said)
        date = figure_date(sentence, dates, (left, right), (m.start(), m.end()), ahead)
        years = {d.date.year for d in dates if not COMPARED.search(sentence, 0, d.start)}
        year = date.date.year if date else (next(iter(years)) if len(years) == 1 else None)
        if year is None and _NOW.search(sentence, 0, right):
            year = ref_year  # 目前…已达到 35EFLOPS: the document's own time
        if year is None and before_figure is not None:
            year = before_figure.year  # 其中…6.9EFLOPS: a part of the figure before, of its year
        if ahead and all(_BY_YEAR.fullmatch(w) for w in said) and year and ref_year and year < ref_year:
            ahead = False  # 到2024年底拥有 in a 2025 report: a year gone by is no forecast
        forecast = ahead or (year is not None and ref_year is not None and year > ref_year)
        out.append(
            _Candidate(m.start(), m.end(), value, unit, currency, measure, measured, year, date, forecast)
        )
        out[-1].year_ago = bool(_YEAR_AGO.match(sentence, m.end(), right))
        out[-1].holder = holders[0].operator if holders else None
        if pending_growth and out[-1].growth is None:
            out[-1].growth = pending_growth.pop(0)
    return out


_HEADING_END = re.compile(r"[。！？；.!?;，,：:]\s*$")


def _is_heading(text: str, start: int, end: int) -> bool:
    """A whole short line without a sentence's closing punctuation."""
    whole = text[start - 1 : start] in ("", "\n") and text[end : end + 1] in ("", "\n")
    return whole and end - start <= 100 and not _HEADING_END.search(text[start:end])


def _rebased(sentence: str, dates: list[DateMatch]) -> list[DateMatch]:
    """上年 and "the previous year" count back from the year the sentence states, not the document's."""
    stated = [d.date.year for d in dates if _EXPLICIT_YEAR.fullmatch(sentence, d.start, d.start + 4)]
    if len(set(stated)) != 1:
        return dates
    base = stated[0]
    return [
        DateMatch(d.date.replace(year=base - 1, month=1, day=1), "year", d.start, d.end)
        if _PRIOR_YEAR.fullmatch(sentence, d.start, d.end)
        else d
        for d in dates
    ]


def _dates(sentence: str, year: int | None, running: int | None) -> list[DateMatch]:
    """The sentence's dates; a year a comparison names (较2024年同期) lends no year to 1月29日 after it."""
    found = _rebased(sentence, find_dates(sentence, year, running))
    compared = [d for d in found if COMPARED.search(sentence, 0, d.start)]
    if not compared or len(compared) == len(found):
        return found
    masked = list(sentence)
    for d in compared:
        masked[d.start : d.end] = " " * (d.end - d.start)
    again = find_dates("".join(masked), year, running)
    return sorted(again + compared, key=lambda d: d.start)


def _with_periods(dates: list[DateMatch], periods: list[DateMatch]) -> list[DateMatch]:
    """The sentence's dates and reporting periods in order; a period wins over a date inside it."""
    if not periods:
        return dates
    kept = [d for d in dates if not any(p.start < d.end and d.start < p.end for p in periods)]
    return sorted(kept + periods, key=lambda d: d.start)


def extract_figures(doc: Document, ref_year: int | None = None) -> list[Figure]:
    """The market figures stated in `doc`, in document order."""
    year = ref_year if ref_year is not None else document_year(doc)
    running: int | None = None
    period = reporting_period(doc.title)
    figures: list[Figure] = []
    text = mask_markup(fold(doc.text))  # a link's address is no prose: 15542 in /share-price-15542.html
    carried: _Candidate | None = None  # the last figure, for a clause after ； that names no measure
    carried_end = 0
    title_years = [int(y) for y in _YEAR_WORD.findall(fold(doc.title))]
    fallback = max(title_years) if title_years else year  # the title's year, else the document's
    lead_year: int | None = None  # the last year the paragraph stated before this sentence
    lead = LeadYear(year)  # the last recent year the document stated before this sentence
    plan = PlanYear(year)  # the year of the plan that leads the section
    previous_end = 0
    for start, end in sentences(text):
        folded = text[start:end]
        if _is_heading(text, start, end):
            period = reporting_period(folded) or period
            plan.heading()
        if "\n" in text[previous_end:start]:
            lead_year = None
        previous_end = end
        found = _dates(folded, year, running)
        running = last_year([d for d in found if not COMPARED.search(folded, 0, d.start)], running)
        dates = _with_periods(found, find_periods(folded, doc.published))
        stated = [  # a comparison's year (比上年) or a target's (到2030年) is no year the paragraph speaks of
            d
            for d in dates
            if not COMPARED.search(folded, 0, d.start)
            and not TARGET_BEFORE.search(folded, 0, d.start)
            and (year is None or d.date.year <= year)
        ]
        paragraph_year, lead_year = lead_year, last_year(stated, lead_year)
        document_lead = lead.year
        lead.saw(last_year(stated, None))
        if "\t" in folded or not _DIGIT.search(folded):
            continue
        runs_on = carried is not None and "\n" not in text[carried_end:start]
        candidates = _sentence_figures(folded, dates, year, carried if runs_on else None, carried)
        plan.saw(folded, dates, bool(candidates))
        if not candidates:
            continue
        target = plan.target_year(folded)
        carried, carried_end = candidates[-1], end
        sentence = doc.text[start:end]
        operators = find_operators(folded)
        evidence = Evidence(quote=sentence, start=start, end=end)
        for c in candidates:
            precise = c.date is not None and c.date.precision != "year"
            if c.year is None and target is not None:
                c.year, c.forecast = target, True  # 2025年…突破：实现地市级覆盖率超60%
            undated = c.year is None and period is not None
            flags = []
            if c.year is None and period is None:
                c.year = paragraph_year or document_lead or fallback
                if c.forecast and not _YEAR_END.search(folded):
                    # an undated forecast looks ahead from the document (else its title), not from a past year
                    c.year = year if year is not None else fallback
                if c.year is not None and paragraph_year is None:
                    flags.append("year_guessed")  # the lead's, the title's or the document's year
            if c.currency and not states_currency(sentence, c.currency):
                flags.append("currency_inferred")
            if c.year_ago and undated and period:
                c.year, undated = period[0] - 1, False
            elif c.year_ago and c.year is not None:
                c.year -= 1  # Rs 6,986 crore in the year-ago period
            figure = Figure(
                measure=as_written(c.measure, folded, sentence),
                value=c.value,
                unit=c.unit,
                evidence=evidence,
                year=period[0] if undated and period else c.year,
                date=period[1] if undated and period else c.date.date if precise and c.date else None,
                forecast=c.forecast,
                growth_rate=c.growth[0] if c.growth else None,
                growth_kind=c.growth[1] if c.growth else None,
                currency=c.currency,
                operator=c.holder or (operators[0].operator if operators else None),
                confidence=confidence(flags),
                flags=tuple(flags),
            )
            figures.append(figure)
    return _once(figures, text)


def _once(figures: list[Figure], text: str) -> list[Figure]:
    """Each figure once: a headline or a lead that the body restates is one figure.

    A headline's figure gives way to the body's with the same value, unit and currency (the
    headline seldom says the year); two figures of the body are one when the year and the
    forecast agree too. A share also needs the same measure (5% of one thing is not 5% of
    another), and the same number for two named operators is two figures.
    """

    def key(f: Figure) -> tuple[object, ...]:
        return (f.value, f.unit, f.currency, f.measure if f.unit == "percent" else "")

    def same_operator(a: Figure, b: Figure) -> bool:
        return not (a.operator and b.operator and a.operator != b.operator)

    heading = [_is_heading(text, f.evidence.start, f.evidence.end) for f in figures]
    body = [f for f, h in zip(figures, heading, strict=True) if not h]
    out: list[Figure] = []
    for f, is_heading in zip(figures, heading, strict=True):
        if is_heading and any(key(b) == key(f) and same_operator(b, f) for b in body):
            continue
        if any(
            key(o) == key(f) and (o.year, o.forecast) == (f.year, f.forecast) and same_operator(o, f)
            for o in out
        ):
            continue
        out.append(f)
    return out
