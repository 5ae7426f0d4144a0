"""Dates in a sentence, with the precision the source gave them.

`find_dates` knows the shapes that competition reports and operator
announcements use: 2025年5月16日, 2025年5月, 2024年, 2025-05-16, 2025/5/16,
May 16, 2025, 16 May 2025, March 2025, "in 2024"; and the relative ones:
同年 (the running year: the nearest explicit year before, which the caller
tracks), 今年/本年/this year (the document's year), 去年/明年/前年, a month
or day without a year (3月1日, 3 March) in the running year, and the day words
同日/当日/当天/the same day and 次日/翌日/the next day, which count from the
running day (the last day-precise date before), as 本月/this month counts its
month. A month date stands for the
first of its month, a year date for 1 January.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from typing import NamedTuple

from telcoradar.model import DatePrecision, Document

__all__ = [
    "DateMatch",
    "dateline",
    "document_year",
    "find_dates",
    "find_move_dates",
    "last_day",
    "last_year",
    "reporting_period",
    "resolve_year",
]


class DateMatch(NamedTuple):
    date: dt.date
    precision: DatePrecision
    start: int
    end: int
    word: bool = False  # read from a word against the document's day (昨日, on Sunday)


_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
# Word edges for English words that also hold beside Chinese characters.
_L = r"(?<![A-Za-z0-9])"
_R = r"(?![A-Za-z0-9])"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:19|20)\d\d"
_ZH_MD = r"(?:\s*(?P<{m}>1[0-2]|0?[1-9])\s*月(?:\s*(?P<{d}>[12]\d|3[01]|0?[1-9])\s*[日号])?)"

_RELATIVE_ZH = {
    "同年": None,
    "当年": None,
    "今年": 0,
    "本年": 0,
    "去年": -1,
    "上年": -1,
    "前年": -2,
    "明年": 1,
}
_RELATIVE_EN = {"this year": 0, "last year": -1, "next year": 1, "the same year": None}
# Days counted from the running day. A day word opens a clause (同日，… / 次日中国联通…) and is
# not a validity (当日有效, 次日生效, 当天流量).
_SAME_DAY_ZH = ("同日", "当日", "当天", "同一天", "同一日", "同天")
_NEXT_DAY_ZH = ("次日", "翌日", "第二天", "隔日")
_DAY_WORD_ZH = (
    rf"(?:^|(?<=[，,；;：:\s（(]))(?P<dz>{'|'.join(_SAME_DAY_ZH + _NEXT_DAY_ZH)})"
    r"(?![有生起内即到达流用使开凌0-9０-９])"
)
# The running day's month: 本月/当月/同月 (not 本月有效, 当月流量).
_MONTH_WORD = (
    r"(?P<mw>本月|当月|同月|(?i:(?<![A-Za-z])(?:this|that|the same) month(?![A-Za-z])))"
    r"(?![有内起剩流套月费])"
)
_DAY_WORD_EN = (
    r"(?i:(?<![A-Za-z-])(?P<de>(?:on\s+)?(?:the|that)\s+same\s+day|later\s+that\s+day"
    r"|(?:on\s+)?the\s+(?:next|following)\s+day|a\s+day\s+later)(?![A-Za-z-]))"
)

_PATTERN = re.compile(
    "|".join(
        (
            rf"(?<!\d)(?P<iy>{_YEAR})[-/.](?P<im>1[0-2]|0?[1-9])[-/.](?P<id>[12]\d|3[01]|0?[1-9])(?!\d)",
            rf"(?<!\d)(?<!\d[-–~])(?P<zy>{_YEAR})\s*年{_ZH_MD.format(m='zm', d='zd')}?",
            rf"(?P<zr>{'|'.join(_RELATIVE_ZH)}){_ZH_MD.format(m='rm', d='rd')}?",
            r"(?<![\d.])(?P<nm>1[0-2]|0?[1-9])\s*月(?:\s*(?P<nd>[12]\d|3[01]|0?[1-9])\s*[日号])?",
            rf"{_L}(?P<a_m>{_MONTH})\s+(?P<a_d>{_DAY}){_R}(?:,?\s+(?P<a_y>{_YEAR}){_R})?",
            rf"{_L}(?P<b_d>{_DAY})\s+(?P<b_m>{_MONTH})(?:,?\s+(?P<b_y>{_YEAR}){_R})?",
            rf"{_L}(?P<c_m>{_MONTH}),?\s+(?P<c_y>{_YEAR}){_R}",
            rf"(?i:{_L}(?P<er>{'|'.join(_RELATIVE_EN)}){_R})",
            # 全年计划投资… and 年内 (not 三年内): the running year.
            r"(?P<fy>全年(?<![\d年]全年)(?=计划|预计|目标|将|力争|拟|资本|投资)"
            r"|年内(?<![一二三两四五六七八九十\d几数半多]年内)(?![容]))",
            rf"{_L}(?:[Ii]n|[Ss]ince|[Bb]y|[Dd]uring|[Uu]ntil|[Tt]hrough|[Ff]or|[Ee]arly|[Ll]ate|[Mm]id-?)"
            rf"\s+(?P<ey>{_YEAR}){_R}(?!\s*[-–]\s*\d)",
        )
    )
)

# Day and month words are rare: their own scan, behind their own cheap test.
_WORD_PATTERN = re.compile("|".join((_DAY_WORD_ZH, _DAY_WORD_EN, _MONTH_WORD)))
_WORD_HINT = re.compile(r"同日|当日|当天|同一|同天|次日|翌日|第二天|隔日|本月|当月|同月|(?i:day|month)")
_DIGIT = re.compile(r"\d")
_DATELINE_MARK = re.compile(r"[—–)）/电讯:：]|--| - ")
# Every date shape holds a digit, 年 or "year": a cheap test before the full scan.
_HINT = re.compile(r"[\d年]|(?i:year)")


def _month_number(word: str) -> int:
    return _MONTHS[word[:3].lower()]


def _day_number(word: str) -> int:
    return int(word.rstrip("stndrh"))


def _make(year: int | None, month: int | None, day: int | None) -> tuple[dt.date, DatePrecision] | None:
    if year is None:
        return None
    try:
        if month is None:
            return dt.date(year, 1, 1), "year"
        if day is None:
            return dt.date(year, month, 1), "month"
        return dt.date(year, month, day), "day"
    except ValueError:  # 2月30日
        return None


def _opt_int(value: str | None) -> int | None:
    return int(value) if value else None


def resolve_year(word: str, ref_year: int | None, running_year: int | None) -> int | None:
    """The year a relative word (同年, 今年, last year ...) stands for."""
    shift = _RELATIVE_ZH.get(word, _RELATIVE_EN.get(word.lower(), 0))
    if shift is None:  # 同年: the running year, else the document's
        return running_year if running_year is not None else ref_year
    return ref_year + shift if ref_year is not None else None


def _day_word(word: str, running_day: dt.date | None) -> tuple[dt.date, DatePrecision] | None:
    if running_day is None:
        return None
    word = " ".join(word.lower().split())
    later = word in _NEXT_DAY_ZH or "next" in word or "following" in word or "later" in word
    if word == "later that day":
        later = False
    return running_day + dt.timedelta(days=1 if later else 0), "day"


def _resolve(
    m: re.Match[str],
    ref_year: int | None,
    running_year: int | None,
    running_day: dt.date | None,
    here: int | None,
) -> tuple[dt.date, DatePrecision] | None:
    g = m.groupdict()
    if g.get("dz") or g.get("de"):
        return _day_word(g["dz"] or g["de"], running_day)
    if g.get("mw"):
        return (running_day.replace(day=1), "month") if running_day else None
    if g["fy"]:
        return _make(resolve_year("同年", ref_year, running_year), None, None)
    if g["iy"]:
        return _make(int(g["iy"]), int(g["im"]), int(g["id"]))
    if g["zy"]:
        return _make(int(g["zy"]), _opt_int(g["zm"]), _opt_int(g["zd"]))
    if g["zr"]:
        return _make(resolve_year(g["zr"], ref_year, running_year), _opt_int(g["rm"]), _opt_int(g["rd"]))
    if g["nm"]:
        return _make(here, int(g["nm"]), _opt_int(g["nd"]))
    if g["a_m"]:
        year = int(g["a_y"]) if g["a_y"] else here
        return _make(year, _month_number(g["a_m"]), _day_number(g["a_d"]))
    if g["b_m"]:
        year = int(g["b_y"]) if g["b_y"] else here
        return _make(year, _month_number(g["b_m"]), _day_number(g["b_d"]))
    if g["c_m"]:
        return _make(int(g["c_y"]), _month_number(g["c_m"]), None)
    if g["er"]:
        return _make(resolve_year(g["er"], ref_year, running_year), None, None)
    return _make(int(g["ey"]), None, None)


def _overlap(a: re.Match[str], b: re.Match[str]) -> bool:
    return a.start() < b.end() and b.start() < a.end()


def find_dates(
    sentence: str,
    ref_year: int | None = None,
    running_year: int | None = None,
    running_day: dt.date | None = None,
) -> list[DateMatch]:
    """Every date in `sentence`, left to right, with offsets into `sentence`.

    `ref_year` is the document's own year (for 今年, 去年 ...); `running_year`
    the year last stated before this sentence (for 同年 and yearless dates),
    falling back to `ref_year`; `running_day` the last day-precise date before
    it (for 同日, 次日, the same day). Both move on as the sentence states dates.
    A date that cannot be known is skipped.
    """
    return list(_find_dates(sentence, ref_year, running_year, running_day))


@lru_cache(maxsize=4096)  # a page reads the same sentence several times (and repeats its furniture)
def _find_dates(
    sentence: str, ref_year: int | None, running_year: int | None, running_day: dt.date | None
) -> tuple[DateMatch, ...]:
    found: list[DateMatch] = []
    matches = list(_PATTERN.finditer(sentence)) if _HINT.search(sentence) else []
    if _WORD_HINT.search(sentence):
        words = [w for w in _WORD_PATTERN.finditer(sentence) if not any(_overlap(w, m) for m in matches)]
        matches = sorted(matches + words, key=lambda m: m.start())
    for m in matches:
        here = running_year if running_year is not None else ref_year  # for a date without a year
        resolved = _resolve(m, ref_year, running_year, running_day, here)
        if resolved is not None:
            start = m.start("ey") if m.re is _PATTERN and m.group("ey") else m.start()
            found.append(DateMatch(resolved[0], resolved[1], start, m.end()))
            # A date read here is the running one for the rest of the sentence (…2024年2月…，同年10月).
            running_year = resolved[0].year
            running_day = last_day(found[-1:], running_day)
    return tuple(found)


def last_year(matches: list[DateMatch], running_year: int | None) -> int | None:
    """The running year after a sentence with these dates."""
    return matches[-1].date.year if matches else running_year


def last_day(matches: list[DateMatch], running_day: dt.date | None) -> dt.date | None:
    """The running day after a sentence with these dates.

    Its last day-precise date; a month date (a new, vaguer time) clears it, and a
    bare year (a forecast's 2030年) leaves it as it was.
    """
    days = [m.date for m in matches if m.precision == "day"]
    if days:
        return days[-1]
    return None if any(m.precision == "month" for m in matches) else running_day


# A dateline: a place (or none) and a date that open a paragraph, then a dash, 电 or
# a wire tag: "London, 1 June 2025 — ", "HONG KONG, June 3, 2025 /PRNewswire/ -- ",
# "北京，2025年4月22日——", "（2025年4月22日，北京）"; or a timeline's entry: "— July 10: ".
_PLACE = r"(?:[A-Z][A-Za-z.'-]*(?:\s+[A-Z][A-Za-z.'-]*){0,3}|[\u4e00-\u9fff]{1,10})"
_BEFORE_DATELINE = re.compile(
    rf"\s*(?:[—–•*-]+\s*)?[(（]?\s*(?:{_PLACE}\s*[,，]?\s*)?(?:\(?[A-Za-z]+\)?\s*)?$"
)
_AFTER_DATELINE = re.compile(
    rf"\s*(?:[)）]?\s*(?:[—–]+|--?\s|/[^/\n]{{1,30}}/\s*[-—–]*)|(?:电|讯)(?=[\s（(])"
    rf"|(?:[,，]\s*{_PLACE}\s*)?[)）]|\s*[:：](?!\s*\d))"
)


# A news agency's or paper's tag before the date: "C114讯 ", "新京报贝壳财经讯（记者某某）",
# "北京时间"; after it, 消息 or a comma.
_AGENCY = re.compile(r"\s*(?:[^\s，,。]{1,14}[讯电]\s*(?:[（(][^)）]{1,20}[)）])?\s*)?(?:北京时间)?\s*")
_AFTER_AGENCY = re.compile(r"(?:晚间|下午|上午|早间|凌晨|晚)?消息|(?<=[日号])\s*[，,]")
_AGENCY_MARK = re.compile(r"[讯电]|消息")


def dateline(paragraph: str, ref_year: int | None = None) -> DateMatch | None:
    """The date of a dateline that opens `paragraph`, if one does."""
    head = paragraph[:80]
    if not _DIGIT.search(head, 0, 40) or not (_DATELINE_MARK.search(head) or _AGENCY_MARK.search(head)):
        return None  # every dateline's date has a digit near the start, and a dash, 电 or bracket after
    for m in find_dates(head, ref_year):
        if m.precision == "year":
            return None
        if _BEFORE_DATELINE.fullmatch(head, 0, m.start) and _AFTER_DATELINE.match(head, m.end):
            return m
        agency = _AGENCY.fullmatch(head, 0, m.start)
        after = _AFTER_AGENCY.match(head, m.end)
        if agency and after and (agency.group().strip() or after.group().endswith("消息")):
            return m  # C114讯 2月13日消息 / 新京报讯（记者…）2月8日，
        return None
    return None


# A reporting period in a title or heading: 2025年一季度, 2025年上半年, 2024年度, Q1 2025,
# first quarter of 2025, H1 2025, full year 2024. The value is the period's last month.
_PERIOD_ZH = {
    "一季度": 3, "第一季度": 3, "1季度": 3, "一季报": 3, "Q1": 3,
    "二季度": 6, "第二季度": 6, "2季度": 6, "Q2": 6,
    "上半年": 6, "半年度": 6, "中期": 6, "半年报": 6, "H1": 6,
    "三季度": 9, "第三季度": 9, "3季度": 9, "前三季度": 9, "三季报": 9, "Q3": 9,
    "四季度": 12, "第四季度": 12, "4季度": 12, "Q4": 12, "下半年": 12, "H2": 12,
    "全年": 12, "年度": 12, "年报": 12,
}  # fmt: skip
_PERIOD_EN = {
    "first quarter": 3, "q1": 3, "second quarter": 6, "q2": 6, "first half": 6, "half year": 6,
    "half-year": 6, "h1": 6, "interim": 6, "third quarter": 9, "q3": 9, "nine months": 9,
    "fourth quarter": 12, "q4": 12, "second half": 12, "h2": 12, "full year": 12, "full-year": 12,
}  # fmt: skip
_PERIOD_WORDS_ZH = "|".join(sorted(_PERIOD_ZH, key=len, reverse=True))
_PERIOD_WORDS_EN = "|".join(re.escape(w) for w in sorted(_PERIOD_EN, key=len, reverse=True))
_PERIOD = re.compile(
    rf"(?<!\d)(?P<zy>{_YEAR})\s*年?\s*(?P<zp>{_PERIOD_WORDS_ZH})"
    rf"|(?i:{_L}(?P<ep>{_PERIOD_WORDS_EN}){_R})(?:\s+(?:of\s+)?(?:results\s+)?(?:FY\s*)?(?P<ey>{_YEAR}){_R})"
    rf"|(?i:{_L}(?P<ey2>{_YEAR})\s+(?P<ep2>{_PERIOD_WORDS_EN}){_R})"
)


_PERIOD_ENDED = re.compile(r"(?:ended|ending|截至|截止)\s*$", re.I)


def reporting_period(heading: str) -> tuple[int, dt.date] | None:
    """The year and last day of the reporting period a title or heading names, if it names one.

    "quarter ended 30 June 2025" and "截至2025年6月30日止三个月" name the period by its last day.
    """
    m = _PERIOD.search(heading)
    if m is None:
        ended = [
            d
            for d in find_dates(heading)
            if d.precision == "day" and _PERIOD_ENDED.search(heading, 0, d.start)
        ]
        return (ended[0].date.year, ended[0].date) if ended else None
    if m.group("zy"):
        year, month = int(m.group("zy")), _PERIOD_ZH[m.group("zp")]
    elif m.group("ey"):
        year, month = int(m.group("ey")), _PERIOD_EN[m.group("ep").lower()]
    else:
        year, month = int(m.group("ey2")), _PERIOD_EN[m.group("ep2").lower()]
    last = dt.date(year, 12, 31) if month == 12 else dt.date(year, month + 1, 1) - dt.timedelta(days=1)
    return year, last


# Words that date a move against the document's own day: 昨日, yesterday, on Sunday, last
# week (its month), last December, mid July, and the year in an event's name
# (2024中国联通合作伙伴大会). `find_dates` leaves them alone: a market figure's year never
# comes from them.
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_DAY_SHIFT_ZH = {"前天": -2, "前日": -2, "昨日": -1, "昨天": -1, "今日": 0, "今天": 0, "今晨": 0}
_ZH_WEEKDAY = "一二三四五六日天"
_MOVE_PATTERN = re.compile(
    "|".join(
        (
            rf"(?P<zs>{'|'.join(_DAY_SHIFT_ZH)})(?![0-9０-９]|头条)",
            rf"(?:^|(?<=[，,\s]))(?:上?(?:周|星期|礼拜))(?P<zd>[{_ZH_WEEKDAY}])(?![年月日末])",
            r"(?P<zw>本周|这周|上周|上个?月)",
            r"(?i:(?<![A-Za-z])(?P<es>yesterday|today)(?![A-Za-z]))",
            r"(?i:(?<![A-Za-z])(?P<ew>(?:earlier |later )?this week|last week|earlier this month|last month)"
            r"(?![A-Za-z]))",
            rf"(?i:(?<![A-Za-z])(?:on|said|announced|says)\s+(?:last\s+)?(?P<ed>{'|'.join(_WEEKDAYS)})(?![A-Za-z]))",
            rf"(?i:(?<![A-Za-z])(?P<en>(?:as\s+)?(?:from|of)|starting|effective|next|this\s+coming)\s+"
            rf"(?:next\s+)?(?P<ef>{'|'.join(_WEEKDAYS)})(?![A-Za-z]))",
            rf"(?<![A-Za-z])(?P<el>[Ll]ast)\s+(?P<elm>{_MONTH})(?![A-Za-z\s]*\d)",
            rf"(?<![A-Za-z])(?:[Ii]n|[Mm]id-?|[Ee]arly|[Ll]ate)\s+(?P<em>{_MONTH})(?!\s*\d)(?![A-Za-z])",
            rf"(?<!\d)(?P<cy>{_YEAR})(?=[\u4e00-\u9fffA-Za-z]{{2,16}}(?:大会|峰会|论坛|博览会|展览会|发布会|合作伙伴大会))",
        )
    )
)
_MOVE_HINT = re.compile(
    r"[前昨今本这上周星礼]|\d{4}[\u4e00-\u9fff]|(?i:day|week|month|last|mid|early|late|in )"
)


def _month_back(day: dt.date, months: int) -> dt.date:
    total = day.year * 12 + day.month - 1 - months
    return dt.date(total // 12, total % 12 + 1, 1)


def _move_word(
    m: re.Match[str], ref_day: dt.date | None, here: int | None
) -> tuple[dt.date, DatePrecision] | None:
    g = m.groupdict()
    if g["cy"]:
        return _make(int(g["cy"]), None, None)
    if g["em"]:
        return _make(here, _month_number(g["em"]), None)
    if ref_day is None:
        return None
    if g["zs"] or g["es"]:
        word = (g["zs"] or g["es"]).lower()
        return ref_day + dt.timedelta(days=_DAY_SHIFT_ZH.get(word, -1 if word == "yesterday" else 0)), "day"
    if g["zw"] or g["ew"]:
        word = (g["zw"] or g["ew"]).lower()
        back = 7 if word in ("上周", "last week") else 0
        if word in ("上月", "上个月", "last month"):
            return _month_back(ref_day, 1), "month"
        return (ref_day - dt.timedelta(days=back)).replace(day=1), "month"
    if g["ef"]:  # "as from Wednesday", "next Monday": the first such day from the document's
        ahead = (_WEEKDAYS.index(g["ef"].lower()) - ref_day.weekday()) % 7
        if "next" in m.group().lower():
            ahead = ahead or 7
        return ref_day + dt.timedelta(days=ahead), "day"
    if g["zd"] or g["ed"]:
        weekday = _ZH_WEEKDAY.index(g["zd"]) if g["zd"] else _WEEKDAYS.index(g["ed"].lower())
        weekday = min(weekday, 6)
        back = (ref_day.weekday() - weekday) % 7
        if "last" in m.group().lower() or m.group().lstrip("，, ").startswith("上"):
            back = back or 7
        return ref_day - dt.timedelta(days=back), "day"
    month = _month_number(g["elm"])
    year = ref_day.year - (1 if month >= ref_day.month else 0)
    return dt.date(year, month, 1), "month"


def find_move_dates(
    sentence: str,
    ref_year: int | None = None,
    running_year: int | None = None,
    running_day: dt.date | None = None,
    ref_day: dt.date | None = None,
) -> list[DateMatch]:
    """`find_dates`, and the words that date a move against the document's day `ref_day`.

    昨日/yesterday is the day before `ref_day`, "on Sunday" the last Sunday up to it,
    "as from Wednesday"/"next Monday" the first such day after it,
    本周/this week and 上月/last month its month, "last December" the last December
    before it; "in July" a month of the running year; 2024中国联通合作伙伴大会 the year
    of the event held there.
    """
    return list(_find_move_dates(sentence, ref_year, running_year, running_day, ref_day))


@lru_cache(maxsize=4096)
def _find_move_dates(
    sentence: str,
    ref_year: int | None,
    running_year: int | None,
    running_day: dt.date | None,
    ref_day: dt.date | None,
) -> tuple[DateMatch, ...]:
    found = find_dates(sentence, ref_year, running_year, running_day)
    if not _MOVE_HINT.search(sentence):
        return tuple(found)
    here = running_year if running_year is not None else ref_year
    for m in _MOVE_PATTERN.finditer(sentence):
        if any(d.start < m.end() and m.start() < d.end for d in found):
            continue
        resolved = _move_word(m, ref_day, here)
        if resolved is not None:
            found.append(DateMatch(resolved[0], resolved[1], m.start(), m.end(), word=True))
    return tuple(sorted(found, key=lambda d: d.start))


_YEAR_IN_TEXT = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")


def document_year(doc: Document) -> int | None:
    """The year a document speaks from: its publication date, else the latest year in its title."""
    if doc.published is not None:
        return doc.published.year
    if doc.published_year is not None:
        return doc.published_year
    years = [int(y) for y in _YEAR_IN_TEXT.findall(doc.title)]
    return max(years) if years else None
