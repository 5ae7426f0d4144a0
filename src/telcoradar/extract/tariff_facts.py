"""The facts of a plan as they appear in a phrase: price, data, minutes, texts, period, name.

`find_facts` lists every fact in a piece of text (a table cell, a clause, a
line) with its offsets, using the patterns of `units` and `periods`; the
table and prose extractors decide which plan each fact belongs to.
`find_names` lists the plan names a phrase offers: a quoted name
(“熊猫卡”, 「吃货卡」, "Tourist SIM"), a Chinese noun phrase ending in
卡/套餐/包, or an English one ending in Plan/SIM/Pass/Card/Bundle.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from telcoradar.extract import units
from telcoradar.extract.operators import find_operators, find_region
from telcoradar.extract.units import ARABIC_NUMBER, DataAmount, Money, Period

__all__ = [
    "Fact",
    "Facts",
    "cell_facts",
    "find_facts",
    "find_names",
    "is_generic_name",
    "local_dollar",
    "services",
]

LARGE_PRICE = Decimal(5000)


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

    def add(self, fact: Fact) -> None:
        if fact.kind in ("money", "free") and self.money is None:
            self.money = fact.money
        elif fact.kind == "data" and self.data is None:
            self.data = fact.data
        elif fact.kind == "voice" and self.voice is None:
            self.voice = fact.count
        elif fact.kind == "intl_voice" and self.intl_voice is None:
            self.intl_voice = fact.count
        elif fact.kind == "sms" and self.sms is None:
            self.sms = fact.count
        elif fact.kind == "period" and self.period is None:
            self.period = fact.period
        elif fact.kind == "unlimited":
            self.voice_unlimited = self.voice_unlimited or "voice" in fact.what
            self.sms_unlimited = self.sms_unlimited or "sms" in fact.what
        elif fact.kind == "directional" and fact.what not in self.perks:
            self.perks = (*self.perks, fact.what)


_SCALED = re.compile(r"[万萬亿億千]|(?i:thousand|million|billion|trillion|\d\s*(?:k|m|mn|bn))\s*$")
# "free" in lower case, or "Free" before a lower-case word or a number (not Free Mobile, Free Wi-Fi)
_FREE = re.compile(r"免费|免費|(?<![A-Za-z])(?:free|FREE|Free(?=\s+[a-z0-9]))(?![A-Za-z-])")
_EAT_ALL = re.compile(r"吃到飽|吃到饱|無限上網|无限上网|上網無限|上网无限|流量無限|數據無限")
_UNLIMITED_ALL = re.compile(
    r"(?i:unlimited\s+(?:talk|calls|minutes)?[\s,&]*(?:texts?|sms)?[\s,&]*(?:and\s+)?data)(?![A-Za-z])"
)
# Unlimited calls and texts: "unlimited UK minutes and texts", "Appels, SMS et MMS illimités", 国内通话不限时
_VOICE_WORDS = r"talk|calls?|calling|minutes|mins|voice|appels|anrufe|telefonie"
_SMS_WORDS = r"texts?|sms|mms|messages|texting"
_SERVICE = rf"(?:{_VOICE_WORDS}|{_SMS_WORDS})"
_UNLIMITED_CALLS = re.compile(
    rf"(?i:(?<![A-Za-z])unlimited\s+(?:(?:uk|us|eu|local|national|domestic|nationwide|anytime|standard)\s+)?"
    rf"(?P<en>{_SERVICE}(?:\s*(?:,|&|\+|/|and|et)\s*{_SERVICE})*)(?![A-Za-z])"
    rf"|(?<![A-Za-z'’])(?P<fr>{_SERVICE}(?:\s*(?:,|&|/|et|und)\s*{_SERVICE})*)\s+(?:illimités?|illimitées?|unbegrenzt)"
    rf"|(?P<flat>allnet|sms)-flat(?![A-Za-z]))"
    r"|(?P<zh>(?:国内|國內|本地|全国|全國)?(?:通话|通話|语音|語音|电话|電話|短信|短訊)(?:时长|時長)?)"
    r"[ \t:：]{0,2}(?:不限量|不限时|不限時|无限量|無限量|无限|無限|不限)"
    r"|(?:无限|無限|不限)(?:量|时|時)?(?P<zh2>(?:国内|國內|本地|全国|全國)?(?:通话|通話|语音|語音|短信|短訊))"
)
_SMS_ONLY = re.compile(rf"(?i:{_SMS_WORDS})|短信|短訊")
_VOICE_ANY = re.compile(rf"(?i:{_VOICE_WORDS}|allnet)|通话|通話|语音|語音|电话|電話")
# Directional data (定向流量: only some apps' traffic) is a perk, not the plan's data
_DIRECTIONAL_BEFORE = re.compile(r"定向[^，,；;。\n+＋\d]{0,6}$")
_DIRECTIONAL_AFTER = re.compile(r"[ \u3000]?定向")
_HOURS_OF_CALLS = re.compile(
    r"(?<![\d.])(\d{1,3})\s*(?:h|heures?|hours?)\s+(?:d['’]appels|of (?:calls|talk))", re.I
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
_DATA_NEAR = re.compile(r"流量|上网|上網|数据|數據|(?i:data|internet|GB|MB)")
_NOT_UNLIMITED = re.compile(
    r"\s*(?:于|於|次数|通话|通話|语音|語音|短信|(?i:(?:UK|US|EU|local|national|domestic|anytime|standard)\s+)?"
    r"(?i:calls|minutes|mins|talk|texts|text|sms|messages))"
)
_INTL = re.compile(
    r"国际|國際|境外|港澳台|海外|国内外|(?i:international|intl|idd|overseas|abroad|roaming|worldwide)"
)
_QUALIFIED_MINUTES = re.compile(
    f"(?P<amount>{ARABIC_NUMBER})\\s+(?P<q>(?i:international|intl|IDD|overseas|local|domestic|national|anytime"
    f"|UK|US|EU|call|voice|talk))(?:\\s+(?i:call|voice|talk))?\\s+(?i:minutes|mins|min)(?![A-Za-z])"
)
_TO_ABROAD = re.compile(r"\s*(?:to|into)\s+(?:[A-Z]|\d+\s+countries|(?i:the\s+EU|other\s+countries))")
_INTL_QUALIFIER = re.compile(r"(?i:international|intl|IDD|overseas)")
_SMS_WORD = re.compile(r"短信|短彩信|(?i:sms|texts?|messages)")
_CLAUSE_BREAK = "，,；;。\n|+＋、"


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


def find_facts(text: str, default_currency: str = "CNY", *, prose: bool = True) -> list[Fact]:
    """Every price, data amount, minutes, texts and period in `text`, in order of position.

    With `prose`, words that only look like facts are left out: 5G (a network),
    100M宽带 (a line speed), 不限于 (not a data allowance), a date's 30日.
    """
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
        if prose and (_SCALED.search(m.group("amount")) or money.amount > LARGE_PRICE):
            continue  # 504亿元, 注册资金 30 亿元: a market or an investment, not a price
        start = m.start()
        low = _RANGE_BEFORE.search(text, max(0, start - 12), start) if not m.group("before") else None
        if low is not None and Decimal(low.group(1)) < money.amount:
            start, money = low.start(1), Money(Decimal(low.group(1)), money.currency)  # 79-109元: from 79
        add(Fact("money", start, m.end(), money=money))
    for m in _UNLIMITED_CALLS.finditer(text):
        what = services(m.group(0))
        if what and free_span(m.start(), m.end()):
            add(Fact("unlimited", m.start(), m.end(), what=what))
    for m in _FREE.finditer(text):
        if free_span(m.start(), m.end()):
            add(Fact("free", m.start(), m.end(), money=Money(Decimal(0), default_currency)))
    for m in units.DATA.finditer(text):
        if not free_span(m.start(), m.end()):
            continue
        if m.group("unlimited"):
            if (
                prose
                and m.group("unlimited") not in ("不限量", "不限流量", "无限流量", "無限流量")
                and (
                    _NOT_UNLIMITED.match(text, m.end())
                    or not _DATA_NEAR.search(
                        text, _line_start(text, m.start(), 8), min(len(text), m.end() + 8)
                    )
                )
            ):
                continue
        elif prose and m.group("unit")[:1] in "GgMm" and m.group("unit")[1:2] not in ("B", "b"):
            if _GENERATION.fullmatch(m.group(0)) and "流量" not in m.group(0):
                continue  # 5G is a network, not five gigabytes
            if _NOT_DATA_AFTER.match(text, m.end()):
                continue
        amount = units.data_from_match(m)
        if amount is None:
            continue
        lead = max(_clause_start(text, m.start()), m.start() - 16)
        if _DIRECTIONAL_BEFORE.search(text, lead, m.start()) or _DIRECTIONAL_AFTER.match(text, m.end()):
            perk = text[lead : m.end()].split("\t")[-1].strip(" ：:")
            add(Fact("directional", m.start(), m.end(), what=re.sub(r"\s+", "", perk)))
        else:
            add(Fact("data", m.start(), m.end(), data=amount))
    for m in _EAT_ALL.finditer(text):
        if free_span(m.start(), m.end()):
            add(Fact("data", m.start(), m.end(), data=DataAmount(None, True)))
    for m in _UNLIMITED_ALL.finditer(text):
        add(Fact("data", m.start(), m.end(), data=DataAmount(None, True)))
    for m in _HOURS_OF_CALLS.finditer(text):
        if free_span(m.start(), m.end()):
            add(Fact("voice", m.start(), m.end(), count=int(m.group(1)) * 60))  # 2h d'appels
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
        if count is None:
            continue
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
    _add_periods(text, add, free_span, prose)
    facts.sort(key=lambda f: f.start)
    return facts


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
        unit = m.group("unit_zh") or m.group("unit_en") or ""
        if (prose and unit in ("小时",)) or unit.casefold().startswith("h"):
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


def cell_facts(text: str, default_currency: str = "CNY") -> Facts:
    """The facts of one table cell or short phrase ("30GB+100分钟", "Unlimited talk, text and data")."""
    out = Facts()
    for fact in _cell_fact_list(text, default_currency):
        out.add(fact)
    return out


@lru_cache(maxsize=4096)
def _cell_fact_list(text: str, default_currency: str) -> tuple[Fact, ...]:
    return tuple(find_facts(text, default_currency, prose=False))


# --- names -------------------------------------------------------------------------

_QUOTED = re.compile(
    r"“([^”\n]{1,30})”|「([^」\n]{1,30})」|『([^』\n]{1,30})』|《([^》\n]{1,30})》|\"([^\"\n]{1,40})\""
)
_ZH_NAME = re.compile(
    r"[\u4e00-\u9fffA-Za-z0-9·+]{1,24}?(?:卡|套餐|流量包|权益包|包|计划|計劃|档|檔|(?i:card))"
    r"(?:[A-Za-z0-9]{0,4}(?:元|GB|G|天|日)?(?:档|檔|版|款|型))?(?:[（(][\u4e00-\u9fff]{1,6}版?[）)])?"
    r"(?=[^\u4e00-\u9fff]|$|月租|月费|月費|每月|含|包含|包括|提供|可|为|為|是|售|仅|只|的|则|則|于|在|面向|新增|升级|上线)"
)
_ZH_NAME_STOP = re.compile(
    r".*(?:推出了|推出|上线了|上线|发布了|发布|开发|办理|提供|开通|购买|订购|加购|价格|选择|包括|包含|还有|另有|加购|其中|例如|比如|是|的|了|和|与|及|或|在|为|将|对|向|从|于|款|种|张|个"
    r"|[一二三四五六七八九两几多]档)"
)
_EN_NAME = re.compile(
    r"\b(?:Forfait|Tarif)\s+[\w€$£.,]*[\w€$£](?:\s+[A-Z0-9][\w€]*)*"  # Forfait 2€, Forfait Free 5G
    r"|\b[A-Z][a-z]+(?:Pass|Plan|SIM|Bundle|Pack)\b"
    r"|(?:[A-Z0-9][\w+'&€$£-]*\s+){1,4}(?i:plan|sim|pass|card|bundle|pack|package|tariff|add-on|booster|goodybag)"
    r"(?![A-Za-z])"
    r"|(?:[A-Z0-9][\w+'&-]*\s+){0,4}(?:Plan|SIM|Pass|Card|Bundle|Pack|Package|Tariff|Add-on|Booster)(?![A-Za-z])"
)
_EN_LOWER_NAME = re.compile(
    r"(?i:\b(?:the|an?|its|our|their)\s+)((?:[a-z0-9][\w-]*\s+){1,3}(?:plan|pass|add-on|bundle|pack))\b"
)
_EN_VAGUE = re.compile(r"(?:new|this|that|same|other|cheapest|best|monthly|whole|entire|current)\s+\S+$")
_BRACKET_END = re.compile(r"[（(]([^）)]*)[）)]$")
_BRAND_BEFORE = re.compile(r"(?<![\w&])([A-Za-z][\w&]{1,20})[ \u00a0]+$")
_ARTICLE = re.compile(r"^(?:The|A|An|Our|Its|This|Their|New)\s+")
_LABEL = re.compile(r"^[\s#>*•·-]*(?:\*\*)?([^:：*\n]{2,30}?)(?:\*\*)?\s*[:：]")
_BOLD = re.compile(r"\*\*([^*\n]{2,40})\*\*")
_AMOUNT_LEAD = re.compile(r"\d+(?:\.\d+)?\s*(?:GB|G|MB|M|天|日|元)")  # 5G智享套餐, 5GB流量包, 7天卡
_GENERIC = re.compile(
    r"^[\d\s./／、~～-]*(?:天|日|月|年|周|元|个月|days?|months?)?[\s的]*"
    r"(?:套餐|卡|包|计划|流量包|权益包|档|版|款|(?i:plans?|sims?|pass|card|bundle|pack|package|tariff))$",
    re.IGNORECASE,
)
_NAME_WORDS = re.compile(r"^(?:多款|多个|一款|这款|该|此|本|各|其他|部分|相关|专属|短期|新)")


def is_generic_name(name: str) -> bool:
    """A name that names no plan: "7 天套餐", "套餐", "30-day plan", "多款权益包"."""
    return bool(_GENERIC.match(name.strip())) or bool(_NAME_WORDS.match(name.strip()))


def find_names(text: str) -> list[tuple[str, int, int]]:
    """Plan names offered by `text`, with offsets: quoted names first, then noun phrases."""
    out: list[tuple[str, int, int]] = []
    label = _LABEL.match(text)
    if label and _label_is_name(label.group(1)):
        out.append((label.group(1).strip(), label.start(1), label.end(1)))
    for m in _BOLD.finditer(text):
        out.append((m.group(1).strip(), m.start(1), m.end(1)))
    for m in _QUOTED.finditer(text):
        name = next(g for g in m.groups() if g is not None).strip()
        if name and not _looks_like_sentence(name) and not _NOT_PLAN_AFTER.match(text, m.end()):
            out.append((name, m.start(), m.end()))
    if out:
        return out
    for m in _ZH_NAME.finditer(text):
        raw = m.group(0)
        cut = _ZH_NAME_STOP.match(raw)
        name = raw[cut.end() :] if cut else raw
        if not _AMOUNT_LEAD.match(name):
            name = name.lstrip("0123456789/／、 ~～-")
        bracket = _BRACKET_END.search(name)
        if bracket and find_region(bracket.group(1)):
            name = name[: bracket.start()]  # 5G智享套餐（浙江版）: the region is no part of the name
        if len(name) >= 2 and not is_generic_name(name):
            out.append((name, m.end() - len(name), m.end()))
    for m in _EN_LOWER_NAME.finditer(text):
        name = m.group(1)
        if not _EN_VAGUE.match(name) and not any(s <= m.start(1) < e for _, s, e in out):
            out.append((name, m.start(1), m.end(1)))
    for m in _EN_NAME.finditer(text):
        name = _ARTICLE.sub("", m.group(0).strip())
        brand = _BRAND_BEFORE.search(text, max(0, m.end() - len(name) - 24), m.end() - len(name))
        if brand and find_operators(brand.group(1)):
            name = brand.group(1) + " " + name  # csl 5G Starter plan, giffgaff golden goodybag
        if not is_generic_name(name):
            out.append((name, m.end() - len(name), m.end()))
    out.sort(key=lambda t: t[1])
    return out


# “流量加油”活动, “入境通信服务专区”: a campaign or a place, not a plan
_NOT_PLAN_AFTER = re.compile(
    r"活动|行动|大会|仪式|专区|专席|服务区|计划(?!书)|品牌|战略|(?i:\s*(?:campaign|event|programme|program))"
)
_SENTENCE_LABEL = re.compile(r"[、，,]|^(?:该|此|这|其|它)")
_NOT_NAME_LABEL = re.compile(
    r"推荐|加购|备注|说明|提示|活动|注意|^注$|^(?:面向|适用|適用|适合|適合|针对|針對|仅限|僅限|另有|另设|此外)"
    r"|(?i:^notes?$|^tip$|^terms$|^for\s)"
)


def _label_is_name(label: str) -> bool:
    """A line's lead-in names a plan ("日租宝：", "Essentials Prepaid:"), not a field ("资费：", "Price:")."""
    from telcoradar.extract.tariff_tables import header_field, is_header_word  # tables use these facts

    if _DIGIT_MONEY.search(label) or _looks_like_sentence(label) or is_header_word(label):
        return False
    if _NOT_NAME_LABEL.search(label) or _SENTENCE_LABEL.search(label):
        return False
    if _PLAN_SUFFIX.search(label):
        return True
    return header_field(label) in (None, "name") and not label.strip().endswith(("上", "中", "外"))


_PLAN_SUFFIX = re.compile(r"(?:卡|套餐|包|宝|(?i:plan|sim|pass|card|bundle|pack))\s*$")


_DIGIT_MONEY = re.compile(r"[元$£€¥]|\d+\s*(?:GB|MB|分钟)")


def _looks_like_sentence(name: str) -> bool:
    return any(ch in name for ch in "。，,；;！？!?") or len(name.split()) > 6
