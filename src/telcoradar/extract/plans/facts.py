"""The facts of a plan as they appear in a phrase: price, data, minutes, texts, period.

`find_facts` lists every fact in a piece of text (a table cell, a clause, a
line) with its offsets, using the patterns of `units` and `periods`; the
table and prose extractors decide which plan each fact belongs to. Plan
names are `names`' business.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import cache, lru_cache
from importlib import resources

from telcoradar.extract.lang import units
from telcoradar.extract.lang.units import ARABIC_NUMBER, DataAmount, Money, Period
from telcoradar.extract.markets import vocabulary

__all__ = [
    "PER_UNIT",
    "Fact",
    "Facts",
    "cell_facts",
    "denied_before",
    "find_facts",
    "is_rate",
    "local_dollar",
    "none_of",
    "plan_words",
    "services",
    "unstruck",
]

LARGE_PRICE = Decimal(5000)  # unless currencies.toml gives the currency its own `large_price`
# after an amount, what makes it a per-unit rate: 0.1元/分钟, $0.5/個, 每分鐘, per MB
PER_UNIT = re.compile(
    r"\s*(?:(?i:paise|cents?|pence)\s+)?(?:/|／|每|per\s|a\s)\s*(?:\d+(?:[.,]\d+)?\s*(?=[Kk]))?"
    r"(?:分钟|分鐘|条|條|(?:个|個)(?!月)|次|则|則|秒|MB|GB|KB|Mo\b|Ko\b|Go\b"
    r"|(?i:min(?:ute)?s?|texts?|sms|mb|gb|kb|calls?|msgs?|messages?|seconds?|sec|minuto)(?![A-Za-z]))"
)


@dataclass(frozen=True, slots=True)
class Fact:
    # "money", "free", "data", "voice", "intl_voice", "sms", "period", "unlimited" or "directional"
    kind: str
    start: int
    end: int
    money: Money | None = None
    data: DataAmount | None = None
    count: int | None = None
    period: Period | None = None
    what: str = ""  # an "unlimited" fact: "voice", "sms" or "voice sms"; a "directional" one: its words
    daily: bool = False  # a data or texts amount given for each day ("1.5GB data per day")


@dataclass(slots=True)
class Facts:
    """The facts one plan gathers (the first of each kind wins)."""

    money: Money | None = None
    data: DataAmount | None = None
    voice: int | None = None
    intl_voice: int | None = None
    sms: int | None = None
    period: Period | None = None
    voice_unlimited: bool = False
    sms_unlimited: bool = False
    perks: tuple[str, ...] = ()
    per_day: bool = False  # the data (and texts) are daily quotas over the period
    intra_unlimited: bool = False  # the unlimited calls are within the operator's own network

    def add(self, fact: Fact) -> None:
        if fact.kind in ("money", "free") and self.money is None:
            self.money = fact.money
        elif fact.kind == "data" and self.data is None:
            self.data = fact.data
            self.per_day = self.per_day or fact.daily
        elif fact.kind == "voice" and self.voice is None:
            self.voice = fact.count
            if self.intra_unlimited:  # any-network minutes win over unlimited calls within the network
                self.voice_unlimited = self.intra_unlimited = False
        elif fact.kind == "intl_voice" and self.intl_voice is None:
            self.intl_voice = fact.count
        elif fact.kind == "sms" and self.sms is None:
            self.sms = fact.count
        elif fact.kind == "period" and self.period is None:
            self.period = fact.period
        elif fact.kind == "unlimited":
            if "intra" in fact.what and "voice" in fact.what:
                if self.voice is not None:
                    return
                self.intra_unlimited = not self.voice_unlimited
            self.voice_unlimited = self.voice_unlimited or "voice" in fact.what
            self.sms_unlimited = self.sms_unlimited or "sms" in fact.what
        elif fact.kind == "directional" and fact.what not in self.perks:
            self.perks = (*self.perks, fact.what)


_SCALED = re.compile(r"[万萬亿億千]|(?i:thousand|million|billion|trillion|\d\s*(?:k|m|mn|bn))\s*$")
# "free" in lower case, or "Free" before a lower-case word or a number (not Free Mobile, Free Wi-Fi)
# where a sentence, line or item starts; a capital Free within a sentence is a name ("ce forfait Free")
_STARTS = re.compile(r"(?:^|[.!?:;•*()\[\]\"“”«»\n–-])\s*$")
_FREE = re.compile(r"免费|免費|(?<![A-Za-z])(?:free|FREE|Free(?=\s+[a-z0-9]))(?![A-Za-z-])")
# "100 free SMS", "200 free minutes": "free" between a count and its unit prices nothing
_COUNT_BEFORE = re.compile(r"\d\s+$")
_UNIT_AFTER = re.compile(r"\s+(?i:sms(?:es)?|texts?|text messages|messages|minutes|mins)(?![A-Za-z])")
# an allowance that changes: "from 3GB to 5GB", "de 500 Mo à 1 Go", "von 2 GB auf 4 GB"
_CHANGE_FROM = re.compile(r"(?<![A-Za-z])(?i:from|de|von)\s+$")
_CHANGE_TO = re.compile(r"\s+(?i:to|à|a|auf)\s+(?=\d)")
_EAT_ALL = re.compile(
    r"吃到飽|吃到饱|無限上網|无限上网|上網無限|上网无限|流量無限|數據無限|(?<![非不])(?:無限數據|无限数据)"
)
_UNLIMITED_ALL = re.compile(
    r"(?i:unlimited\s+(?:talk|calls|minutes)?[\s,&]*(?:texts?|sms)?[\s,&]*(?:and\s+)?data)(?![A-Za-z])"
)
# Unlimited calls and texts: "unlimited UK minutes and texts", "Appels, SMS et MMS illimités", 国内通话不限时
_VOICE_WORDS = r"talk|calls?|calling|minutes|mins|voice|appels|anrufe|telefonie|telefonate|gespräche"
_SMS_WORDS = r"texts?|sms|mms|messages|texting"
_SERVICE = rf"(?:{_VOICE_WORDS}|{_SMS_WORDS})"
_UNLIMITED_CALLS = re.compile(
    rf"(?i:(?<![A-Za-z])unlimited\s+(?:(?:uk|us|eu|local|national|domestic|nationwide|anytime|standard|std|roaming)"
    rf"(?:\s*,\s*|\s+and\s+|\s+))*"
    rf"(?P<en>(?:data\s*(?:,|&|and)\s*)?{_SERVICE}(?:\s*(?:,|&|\+|/|and|et)\s*(?:{_SERVICE}|data))*)(?![A-Za-z])"
    rf"|(?<![A-Za-z'’])(?P<fr>{_SERVICE}(?:\s*(?:,|&|/|et|und)\s*{_SERVICE})*)\s+(?:illimités?|illimitées?|unbegrenzt)"
    rf"|(?P<flat>allnet|sms)-flat(?![A-Za-z])"
    rf"|flat(?:rate)?\s+(?:für|fuer|pour|for)\s+(?:telefonate|gespräche|anrufe|{_SERVICE})"
    rf"(?:\s+(?:und|et|and)\s+{_SERVICE})?(?![A-Za-z]))"
    r"|(?P<zh>(?:国内|國內|本地|全国|全國)?(?:通话|通話|语音|語音|电话|電話|短信|短訊)(?:时长|時長)?)"
    r"[ \t:：]{0,2}(?:不限量|不限时|不限時|无限量|無限量|无限|無限|不限)"
    r"|(?:无限|無限|不限)(?:量|时|時)?(?P<zh2>(?:国内|國內|本地|全国|全國)?(?:通话|通話|语音|語音|短信|短訊))"
)
# a card's label line over a value line that is only "unlimited" (本地通話分鐘 / 無限, 流動數據用量 / 任用);
# a bracketed note may stand under the label
_LABEL_OVER_UNLIMITED = re.compile(
    r"(?:(?P<voice>通话|通話|语音|語音|分鐘|分钟)|(?P<sms>短信|短訊)"
    r"|(?:數據|数据|流量|上網|上网)(?:用量|量)?)[ \t]*"
    r"(?:\n[ \t]*[(（][^\n]*)?(?:\n[ \t]*){1,3}"
    r"(?P<word>无限|無限|不限量?|任用|吃到飽|吃到饱)(?=[ \t]*(?:\n|$))"
)
# a "Label: value" line whose label names the service and whose value is only "unlimited" or a bare
# count ("Calls: Unlimited", "Texts: 500", "Appels : illimités"): the value is the label's allowance
_LABELLED_VALUE = re.compile(
    r"(?m)^[ \t]*(?P<label>[^\n:：\d]{2,30}?)[ \t]*[:：][ \t]*"
    r"(?P<value>(?i:unlimited|illimités?|illimitées?|unbegrenzt)|无限|無限|不限量?|\d{1,3}(?:,\d{3})*|\d+)"
    r"[ \t]*$"
)
_DATA_LABEL = re.compile(r"(?i:\bdata\b|données|datenvolumen|\bdaten\b|\binternet\b)|流量|数据|數據")
_DATA_IN_LIST = re.compile(r"(?i:\bdata\b)")
_SMS_ONLY = re.compile(rf"(?i:{_SMS_WORDS})|短信|短訊")
_VOICE_ANY = re.compile(rf"(?i:{_VOICE_WORDS}|allnet)|通话|通話|语音|語音|电话|電話")
# Directional data (定向流量: only some apps' traffic) is a perk, not the plan's data
_DIRECTIONAL_BEFORE = re.compile(r"定向[^，,；;。\n+＋\d]{0,6}$")
_DIRECTIONAL_AFTER = re.compile(r"[ \u3000]?定向")
_WITHIN_NETWORK = re.compile(
    r"\s+(?i:(?:within|on|in)\s+(?:the\s+|its\s+|their\s+)?(?:own\s+)?(?!(?:all|any|other|every)\b)"
    r"(?:[\w-]+\s+){0,3}network(?!s))"
)
_PER_CALL_AFTER = re.compile(r"\s*(?i:or\s+(?:less|shorter|under)|each\b|per\s+call|a\s+call)")
_PER_CALL_BEFORE = re.compile(r"(?i:\blast(?:ing|s)?\s+(?:up\s+to\s+|under\s+)?)$")
# Hotspot (tethering) data is a perk too: "FREE 3GB Hotspot", "hotspot data of 5GB"
_TETHERING_AFTER = re.compile(r"\s*(?i:(?:of\s+)?(?:mobile\s+)?(?:hotspot|tethering))")
_TETHERING_BEFORE = re.compile(r"(?i:(?:hotspot|tethering)\s*(?:data\s*)?(?:of\s*|:\s*)?)$")
_HOURS_OF_CALLS = re.compile(
    r"(?<![\d.])(\d{1,3})\s*(?:h|heures?|hours?)\s+(?:d['’]appels?|of (?:calls|talk))", re.I
)


def services(words: str) -> str:
    """Which services words name: "voice", "sms", "voice sms" ("Calls & texts") or ""."""
    return " ".join(
        name for name, pattern in (("voice", _VOICE_ANY), ("sms", _SMS_ONLY)) if pattern.search(words)
    )


_RANGE_BEFORE = re.compile(r"(?<![\d.,])(\d+(?:\.\d+)?)\s*[-–~～至到]\s*$")
_FIRST_DAY = re.compile(r"首日|当日|当天|(?i:24[\s-]*hours?)")
_GENERATION = re.compile(r"[2-6]\s*G(?![A-Za-z])")
_NOT_DATA_AFTER = re.compile(
    r"\s*(?:宽带|光纤|带宽|网络|基站|手机|终端|新通话|时代|技术|专网|(?i:broadband|fibre|fiber|network))"
)
_SPEED_BEFORE = re.compile(r"(?:提速|速率|网速|網速|宽带|寬頻|带宽|頻寬)(?:至|到)?\s*$")
_DATA_NEAR = re.compile(r"流量|上网|上網|数据|數據|(?i:data|internet|GB|MB)")
_PER_BEFORE = re.compile(r"(?:/|(?i:\bper))\s*$")
_PRICE_PER = re.compile(r"\d\s*/\s*$")  # "$88 / unlimited": a price for unlimited data
_NOT_UNLIMITED = re.compile(
    r"\s*(?:于|於|次数|通话|通話|语音|語音|短信|(?i:(?:UK|US|EU|local|national|domestic|anytime|standard"
    r"|international|intl|overseas|roaming|IDD)\s+)?"
    r"(?i:calls|minutes|mins|talk|texts|text|sms|messages))"
)
_INTL = re.compile(
    r"国际|國際|境外|港澳台|海外|国内外|(?i:international|intl|idd|overseas|abroad|roaming|worldwide)"
)
_QUALIFIED_MINUTES = re.compile(
    f"(?P<amount>{ARABIC_NUMBER})\\s+(?P<q>(?i:international|intl|IDD|overseas|local|domestic|national|anytime"
    f"|UK|US|EU|call|voice|talk))(?:\\s+(?i:call|voice|talk))?\\s+(?i:minutes|mins|min)(?![A-Za-z])"
)
# on-net calls without limit plus a count of base minutes (無限網內 + 2,150 基本): the count is the allowance
_ON_NET_PLUS = re.compile(
    f"(?:無限|无限)\\s*(?:網內|网内)\\s*[+＋]\\s*(?P<amount>{ARABIC_NUMBER})\\s*(?:基本|網外|网外)(?:分鐘|分钟)?"
)
_TO_ABROAD = re.compile(r"\s*(?:to|into)\s+(?:[A-Z]|\d+\s+countries|(?i:the\s+EU|other\s+countries))")
_INTL_QUALIFIER = re.compile(r"(?i:international|intl|IDD|overseas)")
_SMS_WORD = re.compile(r"短信|短彩信|(?i:sms|texts?|messages)")
_CLAUSE_BREAK = "，,；;。\n|+＋、"
# "3GB data per day", "1.4 GBs of high speed data per day", "1GB daily data", "100 SMS/day": a daily
# quota, not a one-day validity
_PER_DAY_AFTER = re.compile(
    r"\s*(?i:(?:of\s+)?(?:(?:high[- ]speed|mobile|internet|4G|5G)\s+){0,2}(?:data\s+|internet\s+)?"
    r"(?:per\s+day|a\s+day|each\s+day|every\s+day|daily|/\s*day|in\s+a\s+day)(?![A-Za-z]))"
)


def _line_start(text: str, pos: int, back: int) -> int:
    """`pos - back`, but not before the start of the line `pos` is on."""
    return max(pos - back, text.rfind("\n", 0, pos) + 1)


def _clause_start(text: str, pos: int) -> int:
    i = pos
    while i > 0 and text[i - 1] not in _CLAUSE_BREAK:
        i -= 1
    return i


def _clause_end(text: str, pos: int) -> int:
    i = pos
    while i < len(text) and text[i] not in _CLAUSE_BREAK:
        i += 1
    return i


def _near_intl(text: str, start: int, end: int) -> bool:
    """Whether a minutes amount is international: a qualifier in its clause, before or just after."""
    before = text[max(_clause_start(text, start), start - 12) : start]
    after = text[end : min(_clause_end(text, end), end + 14)]
    return bool(_INTL.search(before) or _INTL.search(after))


@cache
def plan_words(section: str) -> re.Pattern[str]:
    """The words of a `plan_words.toml` section as one pattern (Latin words whole, any case)."""
    raw = resources.files("telcoradar.data").joinpath("plan_words.toml").read_text("utf-8")
    words = tomllib.loads(raw)[section]["words"]
    if not words or not all(isinstance(w, str) and w.strip() == w and w for w in words):
        raise ValueError(f"plan_words.toml: [{section}] words must be non-empty strings")
    parts = [
        f"(?i:(?<![A-Za-z]){re.escape(w)}(?![A-Za-z]))" if w.isascii() else re.escape(w)
        for w in sorted(words, key=len, reverse=True)
    ]
    first = re.escape("".join(sorted({w[0] for w in words})))  # a cheap test before the alternation
    return re.compile(f"(?=(?i:[{first}]))(?:{'|'.join(parts)})")


@cache
def _denied() -> re.Pattern[str]:
    return re.compile(f"(?:{plan_words('denied').pattern})[ \t]?$")


_NONE_OF = {
    "voice": r"语音|語音|通话|通話|电话|電話",
    "data": r"流量|数据|數據|上网|上網",
    "sms": r"短信|短訊",
}


@cache
def _none_of() -> re.Pattern[str]:
    services = "|".join(f"(?P<{kind}>{words})" for kind, words in _NONE_OF.items())
    # 无通话费 (no call charges) and 无流量上限 (no data cap) deny a charge or a cap, not the service
    limit = r"(?![\u4e00-\u9fff]{0,2}?(?:费|費|上限|限制|限额|限額|封顶|封頂|限速))"
    return re.compile(f"(?:{plan_words('none').pattern})(?:国内|國內|本地|全国|全國)?(?:{services}){limit}")


# Latin services after a [none] word: "no internet data or talk time", "does not offer any data or
# calling benefits"; "no data cap", "no call charges" deny a cap or a charge, not the service
_LATIN_SERVICE = {
    "voice": r"talk\s?time|calls|calling(?:\s+benefits?)?|voice(?:\s+calls)?|minutes",
    "data": r"data|internet(?:\s+data)?|mobile\s+data",
    "sms": r"sms(?:es)?|texts|text\s+messages",
}
_LATIN_ANY = "|".join(f"(?:{w})" for w in _LATIN_SERVICE.values())
_LATIN_LIMIT = r"(?!\s*(?i:caps?|limits?|charges?|fees?|restrictions?|roll|speed|throttl|fair)|[A-Za-z])"


@cache
def _none_of_latin() -> re.Pattern[str]:
    one = rf"(?:{_LATIN_QUALIFIER})?(?:{_LATIN_ANY}){_LATIN_LIMIT}"
    return re.compile(
        rf"(?i:(?:{plan_words('none_latin').pattern})\s+{one}(?:\s*(?:,|or|nor|and|&)\s*{one})*)"
    )


_LATIN_QUALIFIER = r"(?:local|national|domestic|free|high[- ]speed)\s+"
_LATIN_NAMED = re.compile(
    "(?i:(?<![A-Za-z])(?:" + "|".join(f"(?P<{kind}>{w})" for kind, w in _LATIN_SERVICE.items()) + "))"
)
_LATIN_SKIP = re.compile(f"(?i:{_LATIN_QUALIFIER})")


def _latin_kinds(words: str) -> list[str]:
    """The services a Latin none-phrase names, in order ("no data or talk time" -> data, voice)."""
    found = [m.lastgroup for m in _LATIN_NAMED.finditer(_LATIN_SKIP.sub("", words))]
    return list(dict.fromkeys(k for k in found if k))


def _none_spans(text: str) -> list[tuple[int, int, str]]:
    """Each allowance `text` says a plan has none of, with where the phrase stands."""
    out = [(m.start(), m.end(), m.lastgroup) for m in _none_of().finditer(text) if m.lastgroup]
    for m in _none_of_latin().finditer(text):
        out.extend((m.start(), m.end(), kind) for kind in _latin_kinds(m.group(0)))
    return out


def none_of(text: str) -> set[str]:
    """The allowances `text` says a plan has none of (无语音通话, "no talk time" -> {"voice"})."""
    return {kind for _, _, kind in _none_spans(text)}


@cache
def _commitment() -> tuple[re.Pattern[str], re.Pattern[str]]:
    words = plan_words("commitment").pattern
    joint = r"[\s:：\-–]*(?:(?i:of|for|is|de|von|d'une?)\s*)?"
    return re.compile(f"(?:{words}){joint}$"), re.compile(f"{joint}(?:{words})")


def _contract_length(text: str, start: int, end: int) -> bool:
    """Whether the period at `start:end` is a contract's length ("24-month contract")."""
    before, after = _commitment()
    if before.search(text, max(0, start - 30), start) is not None:
        return True
    return after.match(text, end, end + 30) is not None


def denied_before(text: str, pos: int) -> bool:
    """Whether the words just before `pos` deny what follows (無需月費, 免月租, no monthly fee)."""
    return _denied().search(text, max(0, pos - 8), pos) is not None


def _large(currency: str) -> Decimal:
    return vocabulary().large_price(currency, LARGE_PRICE)


def find_facts(text: str, default_currency: str = "CNY", *, prose: bool = True) -> list[Fact]:
    """Every price, data amount, minutes, texts and period in `text`, in order of position.

    With `prose`, words that only look like facts are left out: 5G (a network),
    100M宽带 (a line speed), 不限于 (not a data allowance), a date's 30日.
    """
    return list(_remembered_facts(text, default_currency, prose))


@lru_cache(maxsize=4096)  # the units of a page are read again as lines, cards and pieces
def _remembered_facts(text: str, default_currency: str, prose: bool) -> tuple[Fact, ...]:
    return tuple(_read_facts(text, default_currency, prose))


def _read_facts(text: str, default_currency: str, prose: bool) -> list[Fact]:
    facts: list[Fact] = []
    taken: list[tuple[int, int]] = []

    def free_span(start: int, end: int) -> bool:
        return all(end <= s or start >= e for s, e in taken)

    def add(fact: Fact) -> None:
        facts.append(fact)
        taken.append((fact.start, fact.end))

    for m in units.MONEY.finditer(text):
        money = units.money_from_match(m, default_currency)
        if money is None:
            continue
        money = local_dollar(money, m.group(0), default_currency)
        if prose and (_SCALED.search(m.group("amount")) or money.amount > _large(money.currency)):
            continue  # 504亿元, 注册资金 30 亿元: a market or an investment, not a price
        start = m.start()
        low = _RANGE_BEFORE.search(text, max(0, start - 12), start) if not m.group("before") else None
        if low is not None and Decimal(low.group(1)) < money.amount:
            start, money = low.start(1), Money(Decimal(low.group(1)), money.currency)  # 79-109元: from 79
        add(Fact("money", start, m.end(), money=money))
    for fact in _labelled_values(text):
        if free_span(fact.start, fact.end):
            add(fact)
    for m in _UNLIMITED_CALLS.finditer(text):
        what = services(m.group(0))
        if _TO_ABROAD.match(text, m.end()):
            continue  # "unlimited calls to 50 countries": international, not the plan's own calls
        if what and free_span(m.start(), m.end()):
            if _WITHIN_NETWORK.match(text, m.end()):
                what += " intra"  # "unlimited calls within the Vodafone Idea network"
            add(Fact("unlimited", m.start(), m.end(), what=what))
            if _DATA_IN_LIST.search(m.group(0)):
                add(Fact("data", m.start(), m.end(), data=DataAmount(None, True)))  # unlimited data, calls…
    for m in _LABEL_OVER_UNLIMITED.finditer(text):
        start, end = m.span("word")  # the value line is the fact: the label line may name the plan
        if not free_span(start, end):
            continue
        if m.group("voice") or m.group("sms"):
            add(Fact("unlimited", start, end, what="voice" if m.group("voice") else "sms"))
        else:
            add(Fact("data", start, end, data=DataAmount(None, True)))
    for m in _FREE.finditer(text):
        if m.group(0) == "Free" and not _STARTS.search(text, max(0, m.start() - 4), m.start()):
            continue
        if _COUNT_BEFORE.search(text, max(0, m.start() - 4), m.start()) and _UNIT_AFTER.match(text, m.end()):
            continue
        if free_span(m.start(), m.end()):
            add(Fact("free", m.start(), m.end(), money=Money(Decimal(0), default_currency)))
    for m in units.DATA.finditer(text):
        if not free_span(m.start(), m.end()):
            continue
        if _CHANGE_FROM.search(text, max(0, m.start() - 12), m.start()) and _CHANGE_TO.match(text, m.end()):
            taken.append((m.start(), m.end()))  # "goes from 500MB to 1GB": the old allowance, no fact
            continue
        if m.group("unlimited"):
            if (
                prose
                and m.group("unlimited") not in ("不限量", "不限流量", "无限流量", "無限流量")
                and not _PRICE_PER.search(text, max(0, m.start() - 4), m.start())
                and (
                    _NOT_UNLIMITED.match(text, m.end())
                    or not _DATA_NEAR.search(
                        text, _line_start(text, m.start(), 8), min(len(text), m.end() + 10)
                    )
                )
            ):
                continue
        elif prose and m.group("unit")[:1] in "GgMm" and m.group("unit")[1:2] not in ("B", "b"):
            if _GENERATION.fullmatch(m.group(0)) and "流量" not in m.group(0):
                continue  # 5G is a network, not five gigabytes
            speed = _SPEED_BEFORE.search(text, max(0, m.start() - 8), m.start())
            if _NOT_DATA_AFTER.match(text, m.end()) or speed:
                continue  # 1000M宽带, 宽带免费提速至1000M: a line speed
        amount = units.data_from_match(m)
        if amount is None or (
            (m.group("unit") or "")[:1] in "Kk" and _PER_BEFORE.search(text, max(0, m.start() - 8), m.start())
        ):
            continue  # "$0.20/50KB": the unit of a rate, not an allowance
        lead = max(_clause_start(text, m.start()), m.start() - 16)
        if (
            _DIRECTIONAL_BEFORE.search(text, lead, m.start())
            or _DIRECTIONAL_AFTER.match(text, m.end())
            or _TETHERING_BEFORE.search(text, lead, m.start())
            or _TETHERING_AFTER.match(text, m.end())
        ):
            perk = text[lead : m.end()].split("\t")[-1].strip(" ：:")
            add(Fact("directional", m.start(), m.end(), what=re.sub(r"\s+", "", perk)))
        else:
            add(Fact("data", m.start(), m.end(), data=amount))
    for m in _EAT_ALL.finditer(text):
        if free_span(m.start(), m.end()):
            add(Fact("data", m.start(), m.end(), data=DataAmount(None, True)))
    for m in _UNLIMITED_ALL.finditer(text):
        add(Fact("data", m.start(), m.end(), data=DataAmount(None, True)))
    nones = _none_spans(text)  # 无语音通话, "no talk time": none at all
    free = [free_span(start, end) for start, end, _ in nones]  # one phrase may deny two services
    for (start, end, kind), unused in zip(nones, free, strict=True):
        if unused:
            amount = DataAmount(Decimal(0), False) if kind == "data" else None
            add(Fact(kind, start, end, data=amount, count=0 if kind != "data" else None))
    for m in _HOURS_OF_CALLS.finditer(text):
        if free_span(m.start(), m.end()):
            add(Fact("voice", m.start(), m.end(), count=int(m.group(1)) * 60))  # 2h d'appels
    for m in _ON_NET_PLUS.finditer(text):
        count = units.parse_minutes(m.group("amount"))
        if count is not None and free_span(m.start(), m.end()):
            add(Fact("voice", m.start(), m.end(), count=count))
    for m in _QUALIFIED_MINUTES.finditer(text):
        count = units.parse_minutes(m.group("amount"))
        if count is not None and free_span(m.start(), m.end()):
            kind = "intl_voice" if _INTL_QUALIFIER.fullmatch(m.group("q")) else "voice"
            add(Fact(kind, m.start(), m.end(), count=count))
    for m in units.MINUTES.finditer(text):
        unit = m.group("unit")
        if not free_span(m.start(), m.end()) or (prose and unit in ("分", "小时", "小時")):
            continue
        if prose and unit.casefold().startswith("h"):
            continue
        count = units.parse_minutes(m.group(0))
        if (
            count is None
            or _PER_CALL_AFTER.match(text, m.end())
            or _PER_CALL_BEFORE.search(text, max(0, m.start() - 24), m.start())
        ):
            continue  # "free calls that last 10 minutes or less": a limit on each call, not an allowance
        abroad = _near_intl(text, m.start(), m.end()) or _TO_ABROAD.match(text, m.end())
        kind = "intl_voice" if abroad else "voice"
        add(Fact(kind, m.start(), m.end(), count=count))
    for m in units.SMS.finditer(text):
        unit = m.group("unit") or ""
        if not free_span(m.start(), m.end()):
            continue
        if unit in ("条", "條") and not _SMS_WORD.search(
            text, _clause_start(text, m.start()), _clause_end(text, m.end())
        ):
            continue
        count = units.parse_sms(m.group(0))
        if count is not None:
            add(Fact("sms", m.start(), m.end(), count=count))
    _mark_daily(text, facts, taken)
    _add_periods(text, add, free_span, prose)
    facts.sort(key=lambda f: f.start)
    return _summed_columns(text, facts) if prose else facts


_COLUMN_GAP = re.compile(r"[ \t]+")
_IN_MB = re.compile(r"(?i:MB|M)\s*$")


def _labelled_values(text: str) -> list[Fact]:
    """The allowances of "Label: value" lines, the value read as what the label names."""
    out: list[Fact] = []
    for m in _LABELLED_VALUE.finditer(text):
        label, value = m.group("label"), m.group("value")
        what = services(label)
        start, end = m.span("value")
        if not value[0].isdigit():
            if what:
                out.append(Fact("unlimited", start, end, what=what))
            elif _DATA_LABEL.search(label):
                out.append(Fact("data", start, end, data=DataAmount(None, True)))
        elif what in ("voice", "sms"):
            out.append(Fact(what, start, end, count=int(value.replace(",", ""))))
    return out


def _summed_columns(text: str, facts: list[Fact]) -> list[Fact]:
    """Data in GB and then in MB side by side in one row ("12GB 800MB": the data of two regions'
    columns) is one allowance, their sum; a list of sizes goes up, so it never reads like this.
    A table's row of one value a plan (Data 1GB 10MB) is read apart, not as prose."""
    out: list[Fact] = []
    for f in facts:
        last = out[-1] if out else None
        if (
            last is not None
            and last.kind == f.kind == "data"
            and last.data is not None
            and f.data is not None
            and last.data.gb is not None
            and f.data.gb is not None
            and not (last.daily or f.daily)
            and _COLUMN_GAP.fullmatch(text, last.end, f.start)
            and not _IN_MB.search(text, last.start, last.end)
            and _IN_MB.search(text, f.start, f.end)
            and f.data.gb < last.data.gb
        ):
            out[-1] = replace(last, end=f.end, data=DataAmount(last.data.gb + f.data.gb, False))
            continue
        out.append(f)
    return out


def _mark_daily(text: str, facts: list[Fact], taken: list[tuple[int, int]]) -> None:
    """A data or texts amount followed by "per day" is a daily quota; its "per day" is no period."""
    for i, f in enumerate(facts):
        if f.kind not in ("data", "sms") or (f.data is not None and f.data.unlimited):
            continue
        m = _PER_DAY_AFTER.match(text, f.end)
        if m is not None:
            facts[i] = replace(f, daily=True)
            taken.append((m.start(), m.end()))


def _add_periods(text: str, add: object, free_span: object, prose: bool) -> None:
    assert callable(add) and callable(free_span)
    for m in units.PERIOD.finditer(text):
        if not free_span(m.start(), m.end()):
            continue
        count = m.group("count_zh") or m.group("count_en")
        if count and re.search(r"[/／、,，]", count):
            continue  # 7/15/30天 lists the choices; each plan states its own
        if m.group("unit_zh") in ("日", "天") and m.start() > 0 and text[m.start() - 1] in "月年":
            continue  # a date: 6月30日
        if (m.group("rate_zh") or m.group("rate_en")) and denied_before(text, m.start()):
            continue  # 無需月費, 免月租: no period at all
        if prose and _contract_length(text, m.start(), m.end()):
            continue  # "Commitment Period 24 Months": how long one is bound, not how long it lasts
        unit = m.group("unit_zh") or m.group("unit_en") or ""
        if (prose and unit in ("小时", "小時")) or unit.casefold().startswith("h"):
            continue
        period = units.parse_period(m.group(0))
        if period is not None:
            add(Fact("period", m.start(), m.end(), period=period))
    for m in _FIRST_DAY.finditer(text):
        if free_span(m.start(), m.end()):
            add(Fact("period", m.start(), m.end(), period=Period(1, False)))


_DOLLARS = frozenset({"HKD", "TWD", "SGD", "AUD", "CAD", "NZD", "MOP"})
_YUAN_DOLLARS = frozenset({"TWD", "HKD", "MOP"})
_NAMED_YUAN = re.compile(r"人民币|人民幣|RMB|CNY|[¥￥]|(?i:yuan)")
_NAMED_DOLLAR = re.compile(r"US\$|USD|(?i:US dollars?)|美元|美金")


def local_dollar(money: Money, written: str, default_currency: str) -> Money:
    """A bare "$" is the page's own dollar ($148 in Hong Kong is HKD); so is a bare 元 in Taiwan."""
    if money.currency == "USD" and default_currency in _DOLLARS and not _NAMED_DOLLAR.search(written):
        return Money(money.amount, default_currency)
    if money.currency == "CNY" and default_currency in _YUAN_DOLLARS and not _NAMED_YUAN.search(written):
        return Money(money.amount, default_currency)
    return money


def is_rate(cell: str) -> bool:
    """Whether a price cell states a per-unit rate ("$0.2/分鐘", "0.1元/条"), not a plan's price."""
    m = units.MONEY.search(cell)
    return m is not None and PER_UNIT.match(cell, m.end()) is not None


def cell_facts(text: str, default_currency: str = "CNY") -> Facts:
    """The facts of one table cell or short phrase ("30GB+100分钟", "Unlimited talk, text and data")."""
    out = Facts()
    for fact in _cell_fact_list(text, default_currency):
        out.add(fact)
    return out


@lru_cache(maxsize=4096)
def _cell_fact_list(text: str, default_currency: str) -> tuple[Fact, ...]:
    return tuple(find_facts(unstruck(text), default_currency, prose=False))


_STRUCK_CELL = re.compile(r"~~[^~\n]{1,40}~~")


def unstruck(cell: str) -> str:
    """`cell` with its struck-out text blanked ("~~£16~~ £12": the price paid stays where it was)."""
    return _STRUCK_CELL.sub(lambda m: " " * len(m.group(0)), cell) if "~~" in cell else cell
