"""Plans stated in prose and in lists: "7 天套餐的费用为 85 元", "£10 a month for 12GB".

The text is read in units: a sentence of a paragraph, or a run of short
lines (a plan card: a name line, a price line, allowance lines). A unit is
cut into clauses at commas, colons and line ends. Each price is an anchor,
one plan; the other facts of its clause belong to it, and the facts of a
clause with no price go to the anchor they lean on: the one after them when
the unit states facts before prices (7 天套餐 85 元), else the one before
(HK$98 for 8 days, 10GB data). Amounts that are not prices (a market of
504亿元, 注册资金 30 亿元, a deposit, a voucher, a per-minute rate) are no
anchors.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from telcoradar.extract.lang.units import CURRENCY_AFTER, CURRENCY_BEFORE, Period
from telcoradar.extract.operators import OperatorMatch, find_operators
from telcoradar.extract.plans.context import Context
from telcoradar.extract.plans.facts import PER_UNIT, Fact, Facts, find_facts, plan_words
from telcoradar.extract.plans.names import find_names
from telcoradar.extract.plans.segments import CANDIDATE, line_spans, units
from telcoradar.extract.plans.tables import header_field, is_header_word

__all__ = ["Draft", "prose_drafts"]

_CLAUSE = re.compile(r"[，；;：:\n]|(?<!\d),|,(?!\d)|\s[-–—|]\s")
_NOT_PRICE = re.compile(
    r"ARPU|首月|次月|均价|单价|單價|平均|人均|户均|资金|投资|融资|授信|规模|收入|营收|票房|估值|基金|补贴|罚款|租金|押金|保证金|代金券|优惠券|红包|立减|减免"
    r"|返还|返现|加碼|加码|预存|預繳|预缴|按金|機價|机价|直降|封顶|封頂|保留费|工本费|折合|折算|购机|安装费|调测费|工本费|卡费|违约金|手续费|滞纳金|积分|满\d|减\d|手机(?!卡)|终端|抵扣|充值|充\d|赠送|送|价值|價值|折扣|至多|最高减|市值|利润|销售额|产值|增加值|成本|预算|超出|套餐外|超过"
    r"|(?i:deposit|rent|revenue|market|invest|fund|subsid|valuation|voucher|cashback|discount|save|saving"
    r"|credit|top[- ]?up|worth|balance|(?<!unlimited )talk\s*-?time|bonus\s+value|stored\s+value"
    r"|penalty|fine|overage|excess|off\b"
    r"|extra\s+\w+\s+costs?"
    r"|rises?|raise|raising|increases?|average|avg|spend|spent|fell|fallen|dropped"
    r"|delivery|upfront|activation|connection fee|set-?up fee|admin fee|late fee|administration fee"
    r"|licen[cs]e fee|thereafter"
    r"|carte\s+sim\s+à|frais|anschluss"
    r"|iphone|galaxy|pixel|handset|phones?\b|涨|上调|提价|降价|下调)"
)
_RATE_BEFORE = re.compile(
    r"(?:每|/|(?i:per\s))\s*(?:GB|MB|G|M|分钟|分鐘|条|(?i:minute|min|text|sms|second|sec|gb|mb|kb))"
    r"\s*(?:约|仅|只需|為|为|收取|收费|收費|计费|計費|[)）]|:)?\s*$"
)
_PERKS = re.compile(
    r"(?:提供|包含|含有?|赠送|附赠|附带|带有?|送|赠|享有?|另享)([^，。；,;]{2,60}?)"
    r"(?:等(?:多项|多种|多款|[\u4e00-\u9fff]{1,3}?)?|(?:多项|多种|多款)?)(?:权益|福利|特权|会员权益)"
)
_PERK_SPLIT = re.compile(r"[、,，/]|以及|和|及")
_AFTER_NOT_PRICE = re.compile(
    r"\s*(?:(?i:(?:per|a|for each|each)\s+(?:additional|extra|further)|off\b|credit|cashback|voucher"
    r"|discount|(?:worth\s+)?(?:of\s+)?talk\s*-?time)|每增加|每超出|抵用|代金|优惠券|返)"
)
_BOUND_BEFORE = re.compile(
    r"(?i:\b(?:under|below|less than|more than|over|above|cheaper than|capped at|a cap of|a maximum of"
    r"|moins de|plus de|unter|über|bis zu))\s*$"
)
# "原价199元 现价99元", "was £20, now £15": the struck-out price is no offer
_STRUCK_BEFORE = re.compile(
    r"(?:原价|原價|原售价|划线价|劃線價|门市价|門市價"
    r"|(?i:\bwas|\brrp|\bnormally|\busually|\binstead of|\bpreviously|\bformerly"
    r"|\bau lieu de|\banstatt|\bstatt))"
    r"\s*[:：]?\s*$"
)
_STRUCK_AFTER = re.compile(r"[ \t]*~~")  # "~~£22~~ £18": a price struck out in Markdown
_MEMBERS_GAP_AFTER = re.compile(r"[ \t]*(?:€|(?:/|par|per|a|pro)[ \t]*(?:mois|month|monat)\w*)?[ \t]*")
_MEMBERS_GAP_BEFORE = re.compile(r"[ \t]+(?:[\w-]+[ \t]+)?$")  # "aux abonnés Freebox 15,99 €"


def _members_only(unit: str, fact: Fact) -> bool:
    """Whether the price at `fact` is one only customers of another product pay."""
    words = plan_words("members_only")
    after = _MEMBERS_GAP_AFTER.match(unit, fact.end)
    if after is not None and words.match(unit, after.end()):
        return True
    lead = unit[max(0, fact.start - 40) : fact.start]
    return any(_MEMBERS_GAP_BEFORE.fullmatch(lead, m.end()) for m in words.finditer(lead))


_RANGE_SPAN = re.compile(r"\d+(?:\.\d+)?\s*[-–~～至到]\s*\S.*", re.S)
_RANGE_DASH = re.compile(r"\s*[-–~～至到]\s*")
_AND_UP = re.compile(r"\s*\+\s*(?=[/／)）]|$)")
_THRESHOLD_BEFORE = re.compile(
    r"(?:余额|餘額|累计消费|累計消費|消费达|消費達|消费满|消費滿|达到|達到|不少于|不少於|不低于|不低於|≥|>="
    r"|(?i:balance of|spend of|at least|minimum of))\s*$"
)
_HAN_GAP = re.compile(r"(?<=[\u4e00-\u9fff]) (?=[\u4e00-\u9fff])")
# after a price: a prepayment, or a handset price plus one ($1,480 + $5,800 (預繳金額))
_PREPAID_AFTER = re.compile(
    r"\s*(?:[+＋]\s*(?:HK|MOP)?\$?\s*[\d,]+(?:\.\d+)?\s*)?[(（]?\s*(?:預繳|预缴|預付金額|按金|押金|(?i:prepayment|deposit))"
)
_RATE_IN_MONEY = re.compile(
    r"每\s*(?:分钟|分鐘|条|條|GB|MB)\s*(?:港幣|港币|澳門幣|澳门币|人民幣|人民币|新台幣)\s*$"
)
_COMPUTED_BEFORE = re.compile(r"[=＝]\s*$")
# the label line over a price that opens its line and names what the amount is, not a plan:
# a handset's price under a contract, a call credit that comes with the plan (優惠國內語音通信費)
_AMOUNT_LABEL = re.compile(
    r"合約優惠|合约优惠|上台機價|上台机价|機價|机价|(?i:handset price|device price)|.{0,12}(?:通信費|通信费)"
)
_EQUIVALENT_BEFORE = re.compile(
    rf"(?:{CURRENCY_BEFORE}\s*[\d.,]+|[\d.,]+\s*{CURRENCY_AFTER})[^()（）]{{0,16}}[(（]\s*"
    r"(?:(?i:i\.e\.|just|only|that's|or|equivalent to|works out (?:at|to))\s*|约|合|折合|相当于)?$"
)
_SHARED_KINDS = frozenset({"data", "voice", "sms", "intl_voice", "unlimited"})
_DELTA_BEFORE = re.compile(r"(?:(?i:\bby)|降价|降低|减少|下调|上调|涨价|提高|便宜|优惠)\s*(?:了)?\s*$")
_CUE = re.compile(
    r"套餐|卡|包|流量|月租|月费|资费|话费|通话|语音|短信|月費|資費|話費|通話|語音|短訊|數據|計劃|分鐘"
    r"|(?i:GB|MB|分钟|plan|data|sim|bundle|pass|tariff|minutes"
    r"|mins|texts|contract|prepaid|pay as you go|validity|month|/mo|forfait|mois|monat|tarif|données|appels"
    r"|Go\b|Mo\b)"
)
_FACT_WORDS = re.compile(
    r"流量|通话|语音|短信|分钟|有效|通話|語音|短訊|分鐘|數據|(?i:data|minutes|mins|texts|calls|roaming|month)"
)
_MONTHLY = re.compile(
    r"(?i:monthly|per month|a month|each month|/month|pay monthly)|每月|按月|包月|月费|月費|月租"
)
_ALTERNATIVE = re.compile(r"\s*(?:or|或|或者)\s*(?:just\s+|only\s+)?(?=[$£€¥￥]|HK\$|\d)")
_REFERENCE = re.compile(r"该|此|这|其|它|(?i:\bit\b|\bthis\b|\bthe (?:card|plan|pass|sim|bundle)\b)")
_CANDIDATE_OR_DATE = re.compile(
    CANDIDATE.pattern + r"|\d{4}\s*年|\d{1,2}\s*月\s*\d{1,2}\s*日|\d{4}-\d{1,2}|^[\d\s./:-]+$"
)
_WORDY = re.compile(r"[A-Za-z]{3}|[\u4e00-\u9fff]{2}")
_BONUS = re.compile(r"另有|另赠|赠送|加送|额外|另送|(?i:bonus|extra|additional|plus)")
_INCLUDES = re.compile(r"(?:含|包含|包括|提供|內含|(?i:includes?|including|with))\s*$")
_BRACKET_AFTER = re.compile(r"\s*[(（]([^()（）]{1,40})[)）]")
_CONTINUED = frozenset({"data", "voice", "intl_voice", "sms", "period", "unlimited"})
# a list item, or a sentence that takes up one of a group just introduced ("The first is priced at")
_LIST_ITEM = re.compile(r"\s*(?:[-•·*▪]|\d{1,2}[.)]\s|(?i:the (?:first|second|third|next|last|other)\b))")
_DAYS_HINT = re.compile(r"\d\s*-?\s*(?i:days?|jours?|tage?n?)\b")
_VALUE_FIRST = re.compile(rf"\s*[-•·*]?\s*(?:{CURRENCY_BEFORE}|[$£€¥￥]|\d)")
_MARKUP = re.compile(r"^[#>*\-•·\s]+|[*_`]+$")


@dataclass(slots=True)
class Draft:
    """A plan found in prose, before the operator and key are settled."""

    facts: Facts
    name: str
    start: int  # evidence span
    end: int
    anchor: int  # absolute offset of the price
    operator: OperatorMatch | None = None
    spans: list[tuple[int, int]] = field(default_factory=list)
    perks: tuple[str, ...] = ()
    period_from_context: bool = False  # the validity came from a lead-in or a heading, not its own text


def prose_drafts(text: str, covered: list[tuple[int, int]], ctx: Context, currency: str) -> list[Draft]:
    """Every plan stated in the text outside the `covered` spans (table rows)."""
    drafts: list[Draft] = []
    last_names: list[tuple[str, int]] = []
    last_end = -10
    heading: list[tuple[str, int]] = []
    carried: list[tuple[str, int]] = []
    last_line: tuple[int, Period | None] = (-10, None)
    last_drafts: list[
        Draft
    ] = []  # the one plan the sentence before priced  # the end of a one-line card, its row label's period
    intro: Period | None = None  # the validity a list's lead-in gives its items ("valid for 28 days.")
    for start, end, card in units(text, covered, currency):
        unit = text[start:end]
        item = _LIST_ITEM.match(unit) is not None
        if not item:
            intro = _intro_period(unit, currency)
        # a short line just above ("5G智享套餐（浙江版）") names what this line prices
        near = 0 < start - last_end <= 2 and "\n" in text[last_end:start]
        # so does the clause before a ；when it named the plan ("5天档…；10天档…")
        goes_on = 0 <= start - last_end <= 1 and text[last_end - 1 : last_end] in ("；", ";")
        above, heading = (heading if near else carried if goes_on else []), []
        carried = []
        last_end = end
        if last_drafts and not card and _goes_on(text, last_drafts, start, end, currency):
            continue
        if not CANDIDATE.search(unit) or not _CUE.search(unit):
            tail = unit.rfind("\n") + 1
            if len(unit) - tail <= 40:
                heading = [(n, start + tail + s) for n, s, _ in find_names(unit[tail:])]
            if "“" in unit or "「" in unit:
                last_names = [(n, start + s) for n, s, _ in find_names(unit)] or last_names
            continue
        found = _unit_drafts(text, start, end, card, currency, ctx, above, last_names)
        label = _label_period(unit, currency) if card and "\n" not in unit.strip() else None
        if label is None and found and 0 <= start - last_line[0] <= 1 and _VALUE_FIRST.match(unit):
            for d in found:  # a row label over several rows ("365-Day $68 / 8GB", "$148 / 50GB")
                if d.facts.period is None:
                    d.facts.period = last_line[1]
            label = last_line[1]
        last_line = (end, label) if label is not None else (-10, None)
        if (
            card
            and any(d.facts.period is None for d in found)
            and _MONTHLY.search(text, max(0, start - 300), start)
        ):
            for d in found:  # a list under "monthly goodybags": each item is monthly
                if d.facts.period is None:
                    d.facts.period, d.period_from_context = Period(30, True), True
        if item and intro is not None:
            for d in found:  # "-Rs 95 recharge: …" under "packs which are valid for 28 days"
                if d.facts.period is None:
                    d.facts.period, d.period_from_context = intro, True
        elif found:
            intro = None
        drafts.extend(found)
        last_drafts = found if found and not card else []
        carried = [(found[-1].name, start)] if found and found[-1].name else []
        names = [(n, start + s) for n, s, _ in find_names(unit)]
        if names:
            last_names = names
    return drafts


def _intro_period(unit: str, currency: str) -> Period | None:
    """The one validity in days a sentence states ("packs which are valid for 28 days")."""
    if not _DAYS_HINT.search(unit):
        return None
    found = {f.period for f in find_facts(unit, currency) if f.kind == "period" and f.period}
    counted = {p for p in found if not p.recurring}
    return counted.pop() if len(counted) == 1 else None


def _goes_on(text: str, drafts: list[Draft], start: int, end: int, currency: str) -> bool:
    """Whether the sentence at start:end goes on about the plans just priced ("Dieses gilt 30 Tage
    für 100 Megabyte.", "Both plans come with unlimited calling."): it follows in the same
    paragraph, opens with a word that refers back (to all of them when several), and prices
    nothing; its allowances join the plans."""
    between = text[drafts[-1].end : start]
    if start < drafts[-1].end or between.strip() or "\n" in between:
        return False
    lead = start + len(text[start:end]) - len(text[start:end].lstrip())
    words = plan_words("continues" if len(drafts) == 1 else "continues_all")
    if words.match(text, lead) is None:
        return False
    facts = find_facts(text[start:end], currency)
    if any(f.kind in ("money", "free") for f in facts):
        return False
    added = False
    for draft in drafts:
        for f in facts:
            if f.kind in _CONTINUED and _accepts(draft.facts, f):
                draft.facts.add(f)
                draft.end = end
                added = True
    return added


def _label_period(unit: str, currency: str) -> Period | None:
    """The period a one-line row states as its label, before its price ("365-Day $68 / 8GB")."""
    facts = find_facts(unit, currency)
    first = next((f for f in facts if f.kind in ("money", "period")), None)
    if first is None or first.kind != "period" or not any(f.kind == "money" for f in facts):
        return None
    return first.period


def _clauses(unit: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    prev = 0
    for m in _CLAUSE.finditer(unit):
        if m.start() > prev:
            spans.append((prev, m.start()))
        prev = m.end()
    if prev < len(unit):
        spans.append((prev, len(unit)))
    return spans


def _is_anchor(unit: str, fact: Fact, clause: tuple[int, int], facts: list[Fact]) -> bool:
    lo, hi = clause
    if fact.kind == "free":
        if any(f.kind == "money" for f in facts):
            return False  # 199元套餐…副卡免月费: "free" qualifies a priced plan
        if _BONUS.search(unit, lo, fact.start):
            return False  # 另有3GB免费流量: a bonus of another plan
        return any(f.kind == "data" and lo <= f.start < hi for f in facts)
    if fact.kind != "money":
        return False
    if _in_range(unit, fact, facts):
        return False  # 8-39元/月, 从99元到599元不等: the span of several plans, none of them
    if PER_UNIT.match(unit, fact.end) or _RATE_BEFORE.search(unit, max(lo, fact.start - 16), fact.start):
        return False  # 0.1元/分钟, 每GB约2元: a rate, not a plan
    if _AFTER_NOT_PRICE.match(unit, fact.end):
        return False  # "£2.50 per additional day", "£5 off": a charge on top, or a saving
    if _STRUCK_BEFORE.search(unit, max(0, fact.start - 14), fact.start):
        return False  # "was £20", "au lieu de 15,99 €", "statt 19,95 €": the old price
    if _STRUCK_AFTER.match(unit, fact.end):
        return False  # "~~£22~~ £18"
    if _members_only(unit, fact):
        return False  # "2 € ou 0 € pour les abonnés Freebox": the price for everyone is the offer
    if _COMPUTED_BEFORE.search(unit, max(0, fact.start - 3), fact.start):
        return False  # 129×12=1548元: a sum worked out, not an offer
    if _THRESHOLD_BEFORE.search(unit, max(lo, fact.start - 8), fact.start):
        return False  # 余额≥300元, 累计消费达60元: a condition, not a price
    if _BOUND_BEFORE.search(unit, max(lo, fact.start - 24), fact.start):
        return False  # "packs priced under Rs 100", "capped at CNY 600": a bound, not a price
    if _EQUIVALENT_BEFORE.search(unit, max(0, fact.start - 30), fact.start):
        return False  # "$60/3 months ($20/month)": the same price put another way
    if _DELTA_BEFORE.search(unit, max(lo, fact.start - 8), fact.start):
        return False  # "cut the price by £2 a month", 降价10元: a change, not a price
    if _ALTERNATIVE.match(unit, lo) and any(f.kind == "money" and f.end <= lo for f in facts):
        return False  # "$65/mo., or $45/mo. with auto pay": the same plan at a discount
    if _PREPAID_AFTER.match(_despaced(unit[fact.end : fact.end + 40])):
        return False  # $6,080 (預繳金額): a prepayment, not a plan
    if _under_amount_label(unit, fact):
        return False  # 合約優惠 / $1,920: what the handset costs on the plan, not a plan
    if _RATE_IN_MONEY.search(unit, max(lo, fact.start - 12), fact.start):
        return False  # 每分鐘港幣$0.50: a rate written with the money's name
    window = _despaced(unit[max(lo, fact.start - 60) : min(hi, fact.end + 8)])
    return not _NOT_PRICE.search(window)


def _under_amount_label(unit: str, fact: Fact) -> bool:
    """Whether a price opens its line right under a line that labels it a handset's price or a credit."""
    line_start = unit.rfind("\n", 0, fact.start) + 1
    if unit[line_start : fact.start].strip() or line_start == 0:
        return False
    above = unit[unit.rfind("\n", 0, line_start - 1) + 1 : line_start - 1]
    return _AMOUNT_LABEL.fullmatch(_despaced(above).strip()) is not None


def _despaced(text: str) -> str:
    """Text written with a space between every Han character (預 繳 金 額), closed up for matching."""
    return _HAN_GAP.sub("", text)


def _in_range(unit: str, fact: Fact, facts: list[Fact]) -> bool:
    if _RANGE_SPAN.fullmatch(unit[fact.start : fact.end]) or _AND_UP.match(unit, fact.end):
        return True
    for other in facts:
        if other.kind != "money" or other is fact:
            continue
        lo, hi = (other, fact) if other.end <= fact.start else (fact, other)
        if hi.start - lo.end <= 4 and _RANGE_DASH.fullmatch(unit, lo.end, hi.start):
            return True
    return False


def _unit_drafts(
    text: str,
    start: int,
    end: int,
    card: bool,
    currency: str,
    ctx: Context,
    above: list[tuple[str, int]],
    last_names: list[tuple[str, int]],
) -> list[Draft]:
    unit = text[start:end]
    clauses = _clauses(unit)
    clause_starts = [s for s, _ in clauses]
    facts = find_facts(unit, currency)

    def clause_of(pos: int) -> int:
        return max(0, bisect.bisect_right(clause_starts, pos) - 1)

    anchors = [f for f in facts if _is_anchor(unit, f, clauses[clause_of(f.start)], facts)]
    anchors = [
        a for i, a in enumerate(anchors) if not any(b.money == a.money for b in anchors[i + 1 :])
    ]  # "Forfait 2€ at €2 a month", "5G套餐128元档 … 月费：128元": the name repeats the price
    if not anchors:
        return []
    name_lines = _name_lines(unit, clauses, facts) if card else []
    if card:
        names = [(n, lo + s, lo + e) for lo, hi in line_spans(unit) for n, s, e in find_names(unit[lo:hi])]
        names = sorted(names + name_lines, key=lambda t: t[1])
    else:
        names = find_names(unit)
    # a price inside a name (5G智享套餐128元档) is no price of its own when the unit states one elsewhere
    named = [a for a in anchors if any(s <= a.start and a.end <= e for _, s, e in names)]
    if named and len(named) < len(anchors):
        anchors = [a for a in anchors if a not in named]
    others = [f for f in facts if f not in anchors and f.kind not in ("money", "free")]
    plans = [Facts() for _ in anchors]
    spans: list[list[tuple[int, int]]] = [[(a.start, a.end)] for a in anchors]
    by_clause: dict[int, list[int]] = {}
    for k, a in enumerate(anchors):
        plans[k].add(a)
        by_clause.setdefault(clause_of(a.start), []).append(k)
    # an allowance in a card's name line ("Essentials 12GB") repeats the card's own
    others = [f for f in others if not any(s <= f.start < e for _, s, e in name_lines)]
    anchor_clauses = sorted(by_clause)
    loose = [f for f in others if clause_of(f.start) not in by_clause]
    prefix = _leans_forward([clause_of(f.start) for f in loose], anchor_clauses)
    # the facts of an anchor's own clause first, then the loose ones nearest first
    ordered = [f for f in others if clause_of(f.start) in by_clause]
    ordered += sorted(loose, key=lambda f: _distance(clause_of(f.start), anchor_clauses))
    bracketed = _bracketed(unit, anchors, others) | _paired(anchors, loose, clause_of)
    ordered = [f for f in ordered if id(f) in bracketed] + [f for f in ordered if id(f) not in bracketed]
    for f in ordered:
        c = clause_of(f.start)
        if id(f) in bracketed:
            target = bracketed[id(f)]
        elif c in by_clause:
            ks = by_clause[c]
            k = _within(f, [anchors[i] for i in ks], others, clauses[c])
            target = ks[k]
        else:
            target = _lean(c, anchor_clauses, by_clause, prefix)
        if _accepts(plans[target], f):
            plans[target].add(f)
            spans[target].append((f.start, f.end))
    _share_leading(anchors, loose, plans)
    drafts: list[Draft] = []
    for k, a in enumerate(anchors):
        name, span = _name_for(k, anchors, names, clauses, clause_of, by_clause)
        if span is not None:
            spans[k].append(span)
        if not name and above:
            name = above[-1][0]
        elif not name and last_names and start - last_names[-1][1] < 400 and _REFERENCE.search(unit):
            name = last_names[-1][0]
        lo = min(s for s, _ in spans[k])
        hi = max(e for _, e in spans[k])
        ev_start, ev_end = (start + clauses[clause_of(lo)][0], start + clauses[clause_of(hi - 1)][1])
        if not card:
            ev_start, ev_end = start, end
        until = anchors[k + 1].start if k + 1 < len(anchors) else len(unit)
        drafts.append(
            Draft(plans[k], name, ev_start, ev_end, start + a.start, perks=_perks(unit, a.end, until))
        )
    for d in drafts:
        d.operator = _operator(ctx, start, end, d.anchor)
    return drafts


def _bracketed(unit: str, anchors: list[Fact], others: list[Fact]) -> dict[int, int]:
    """Facts in brackets right after a price are that price's own: "69,000 KRW (100GB)"."""
    out: dict[int, int] = {}
    for k, a in enumerate(anchors):
        m = _BRACKET_AFTER.match(unit, a.end)
        if m is not None:
            for f in others:
                if m.start(1) <= f.start and f.end <= m.end(1):
                    out[id(f)] = k
    return out


def _paired(anchors: list[Fact], loose: list[Fact], clause_of: object) -> dict[int, int]:
    """Prices listed in one clause and as many values of a kind listed in another pair in order:
    "from 128 yuan to 598 yuan, with 30 GB to 300 GB of data"."""
    assert callable(clause_of)
    out: dict[int, int] = {}
    if len(anchors) < 2 or len({clause_of(a.start) for a in anchors}) != 1:
        return out
    groups: dict[tuple[int, str], list[Fact]] = {}
    for f in loose:
        groups.setdefault((clause_of(f.start), f.kind), []).append(f)
    for found in groups.values():
        if len(found) == len(anchors):
            out.update({id(f): k for k, f in enumerate(found)})
    return out


def _share_leading(anchors: list[Fact], loose: list[Fact], plans: list[Facts]) -> None:
    """Allowances stated once before a list of prices ("2 GB data: $60/3 months, $108/6 months")
    belong to every price of the list, not to the first alone."""
    if len(anchors) < 2:
        return
    lead = [f for f in loose if f.end <= anchors[0].start and f.kind in _SHARED_KINDS]
    if not lead or any(p.data is not None for p in plans[1:]):
        return
    for plan in plans[1:]:
        for f in lead:
            if _accepts(plan, f):
                plan.add(f)


def _perks(unit: str, start: int, end: int) -> tuple[str, ...]:
    """The benefits a plan's words list: 提供随心GO、龙腾随心行等多项权益 -> (随心GO, 龙腾随心行)."""
    m = _PERKS.search(unit, start, end)
    if m is None:
        return ()
    parts = (p.split("等")[0].strip() for p in _PERK_SPLIT.split(m.group(1)))
    return tuple(p for p in parts if 1 < len(p) <= 20)


def _leans_forward(fact_clauses: list[int], anchor_clauses: list[int]) -> bool:
    """Whether the unit states facts before their price: most loose facts sit nearer the next price."""
    forward = backward = 0
    for c in fact_clauses:
        before = [c - a for a in anchor_clauses if a < c]
        after = [a - c for a in anchor_clauses if a > c]
        d_prev = min(before) if before else None
        d_next = min(after) if after else None
        if d_next is not None and (d_prev is None or d_next < d_prev):
            forward += 1
        elif d_prev is not None and (d_next is None or d_prev < d_next):
            backward += 1
    return forward > backward


def _distance(c: int, anchor_clauses: list[int]) -> int:
    return min(abs(c - a) for a in anchor_clauses)


def _accepts(plan: Facts, fact: Fact) -> bool:
    kind = fact.kind
    current = {
        "data": plan.data,
        "voice": plan.voice,
        "intl_voice": plan.intl_voice,
        "sms": plan.sms,
        "period": plan.period,
    }.get(kind)
    return current is None


def _within(f: Fact, anchors: list[Fact], others: list[Fact], clause: tuple[int, int]) -> int:
    """Which of several anchors in one clause a fact belongs to (facts before prices, or after)."""
    if len(anchors) == 1:
        return 0
    lo, hi = clause
    # the first fact of the same kind shows the layout ("a monthly fee of X for unlimited data" leans back)
    first_fact = next((o for o in others if lo <= o.start < hi and o.kind == f.kind), f)
    if first_fact.start < anchors[0].start:  # "7天85元、15天125元": each price closes its facts
        for i, a in enumerate(anchors):
            if f.end <= a.start:
                return i
        return len(anchors) - 1
    for i in range(len(anchors) - 1, -1, -1):  # "HK$98 8 days 10GB HK$148 15 days 20GB"
        if anchors[i].end <= f.start:
            return i
    return 0


def _lean(c: int, anchor_clauses: list[int], by_clause: dict[int, list[int]], prefix: bool) -> int:
    """The anchor a loose fact belongs to: the nearer price, or on a tie the side the unit leans to."""
    after = [a for a in anchor_clauses if a > c]
    before = [a for a in anchor_clauses if a < c]
    if after and (not before or after[0] - c < c - before[-1] or (after[0] - c == c - before[-1] and prefix)):
        return by_clause[after[0]][0]
    return by_clause[before[-1]][-1]


def _name_lines(unit: str, clauses: list[tuple[int, int]], facts: list[Fact]) -> list[tuple[str, int, int]]:
    """In a plan card, a short line that is neither a label nor an allowance names the plan.

    "Plus" and "Essentials 12GB" name plans; "套餐月费", "国内流量" and
    "不限量（40GB后限速）" do not.
    """
    out: list[tuple[str, int, int]] = []
    for lo, hi in clauses:
        line_start = lo == 0 or unit[lo - 1] == "\n"
        line_end = hi == len(unit) or unit[hi] == "\n"
        if not (line_start and line_end):
            continue
        inside = [f for f in facts if lo <= f.start < hi]
        raw = unit[lo:hi]
        name = _MARKUP.sub("", raw.strip()).strip()
        if (
            not 2 <= len(name) <= 40
            or _CANDIDATE_OR_DATE.search(name)
            or _PREPAID_AFTER.match(_despaced(name))
        ):
            continue  # (預繳金額) labels an amount, it names no plan
        if inside:
            if any(f.kind in ("money", "free", "period") for f in inside):
                continue
            lead = _MARKUP.sub("", unit[lo : inside[0].start]).strip()
            if _INCLUDES.search(lead):
                continue  # 套餐含 40GB…: the plan's allowance, not a name
            if _WORDY.search(lead) and not _FACT_WORDS.search(lead) and header_field(lead) in (None, "name"):
                out.append((name, lo, hi))
        elif (
            not _FACT_WORDS.search(name) and not is_header_word(name) and header_field(name) in (None, "name")
        ):
            out.append((name, lo, hi))
    return out


def _name_for(
    k: int,
    anchors: list[Fact],
    names: list[tuple[str, int, int]],
    clauses: list[tuple[int, int]],
    clause_of: object,
    by_clause: dict[int, list[int]],
) -> tuple[str, tuple[int, int] | None]:
    """The name nearest the anchor: in its clause, then the clauses before, then after."""
    assert callable(clause_of)
    if not names:
        return "", None
    a = anchors[k]
    c = clause_of(a.start)
    own = [n for n in names if clause_of(n[1]) == c]
    if own:
        peers = by_clause[c]
        if len(peers) > 1:
            idx = peers.index(k)
            own = [n for n in own if _owner(n[1], [anchors[i] for i in peers]) == idx] or own
        best = min(own, key=lambda n: abs(n[1] - a.start))
        return best[0], (best[1], best[2])
    earlier = [n for n in names if clause_of(n[1]) < c]
    if earlier:
        best = earlier[-1]
        return best[0], (best[1], best[2])
    nxt = [a2 for a2 in sorted(by_clause) if a2 > c]
    limit = nxt[0] if nxt else len(clauses)
    later = [n for n in names if c < clause_of(n[1]) < limit]
    if later:
        return later[0][0], (later[0][1], later[0][2])
    return "", None


def _owner(pos: int, anchors: list[Fact]) -> int:
    """The anchor a name in a shared clause goes with: the nearest one."""
    return min(range(len(anchors)), key=lambda i: abs(anchors[i].start - pos))


def _operator(ctx: Context, start: int, end: int, anchor: int) -> OperatorMatch | None:
    """The operator named in the unit before the price, else after it, else the one in context."""
    inside = [
        OperatorMatch(m.operator, m.name, m.region, start + m.start, start + m.end)
        for m in find_operators(ctx.text[start:end])
    ]
    before = [m for m in inside if m.start < anchor]
    if before:
        regional = [m for m in before if m.region is not None and m.operator == before[-1].operator]
        return ctx.complete(regional[-1] if regional else before[-1], anchor)
    if inside:
        return ctx.complete(inside[0], anchor)
    return ctx.operator_at(start)
