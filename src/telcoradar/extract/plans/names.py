"""Plan names in a phrase: quoted, a Chinese noun phrase, an English one, a card's label.

`find_names` lists the plan names a phrase offers: a quoted name
(“熊猫卡”, 「吃货卡」, "Tourist SIM"), a line's lead-in label ("日租宝："), a
bold name, a Chinese noun phrase ending in 卡/套餐/包 (with its tier or
variant: 128元档, 7天版, （校园版）), or an English one ending in
Plan/SIM/Pass/Card/Bundle, with the brand written before it (csl 5G Starter
plan) and French leads (Forfait 2€).
"""

from __future__ import annotations

import re

from telcoradar.extract.operators import find_operators, find_region
from telcoradar.extract.plans.tables import header_field

__all__ = ["find_names", "is_generic_name"]

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
    r"\b(?i:Forfait|Tarif)\s+[\w€$£.,]*[\w€$£](?:\s+[A-Z0-9][\w€]*)*"  # Forfait 2€, Forfait Free 5G
    r"|(?:HK\$|[£$€])\d+(?:\.\d+)?\s+(?i:plan|sim|pass|bundle|pack|goodybag|add-on)(?![A-Za-z])"  # £10 bundle
    r"|\b[A-Z][a-z]+(?:Pass|Plan|SIM|Bundle|Pack)\b"
    r"|(?:[A-Z0-9][\w+'&€$£-]*\s+){1,4}(?i:plan|sim|pass|card|bundle|pack|package|tariff|add-on|booster|goodybag)"
    r"(?![A-Za-z])"
    r"|(?:[A-Z0-9][\w+'&-]*\s+){0,4}(?:Plan|SIM|Pass|Card|Bundle|Pack|Package|Tariff|Add-on|Booster)(?![A-Za-z])"
)
_EN_LOWER_NAME = re.compile(
    r"(?i:\b(?:the|an?|its|our|their)\s+)((?:[a-z0-9][\w-]*\s+){1,3}(?:plan|pass|add-on|bundle|pack))\b"
)
# a kind of plan named in lower case without an article: "a 7-day China and Macau data pass"
_EN_KIND_NAME = re.compile(
    r"(?<![\w-])((?:data|travel|day|roaming|tourist|student|family|hotspot|prepaid|sim-only|top-up)"
    r"\s+(?:pass|plan|pack|bundle|add-on|booster))(?![\w-])"
)
_EN_VAGUE = re.compile(r"(?:new|this|that|same|other|cheapest|best|monthly|whole|entire|current)\s+\S+$")
_FORMAL_OPERATOR = re.compile(r"中国(?:移动|联通|电信|广电)|中國(?:移動|聯通|電信|廣電)")
_BRACKET_END = re.compile(r"[（(]([^）)]*)[）)]$")
_BRAND_BEFORE = re.compile(r"(?<![\w&])([A-Za-z][\w&]{1,20})[ \u00a0]+$")
_ARTICLE = re.compile(r"^(?:The|A|An|Our|Its|This|Their|New)\s+")
_LABEL = re.compile(r"^[\s#>*•·-]*(?:\*\*)?([^:：*\n]{2,30}?)(?:\*\*)?\s*[:：]")
_BOLD = re.compile(r"\*\*([^*\n]{2,40})\*\*")
_LABEL_AFTER = re.compile(r"\s*[:：]")
_AMOUNT_LEAD = re.compile(r"\d+(?:\.\d+)?\s*(?:GB|G|MB|M|天|日|元)")  # 5G智享套餐, 5GB流量包, 7天卡
_GENERIC = re.compile(
    r"^[\d\s./／、~～-]*(?:天|日|月|年|周|元|个月|月费|月費|月租|年费|年費|days?|months?)?[\s的]*"
    r"(?:套餐|卡|包|计划|計劃|流量包|权益包|档|版|款|(?i:plans?|sims?|pass|card|bundle|pack|package|tariff))$",
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
        if _LABEL_AFTER.match(text, m.end()) and header_field(m.group(1)) not in (None, "name"):
            continue  # **资费说明**：, **Price**: a label of what follows, not a name
        out.append((m.group(1).strip(), m.start(1), m.end(1)))
    for m in _QUOTED.finditer(text):
        name = next(g for g in m.groups() if g is not None).strip()
        if name and not _looks_like_sentence(name) and not _NOT_PLAN_AFTER.match(text, m.end()):
            out.append((name, m.start(), m.end()))
    if out:
        return out
    for m in _ZH_NAME.finditer(text):
        start, end = m.start(), m.end()
        cut = _ZH_NAME_STOP.match(m.group(0))
        start += cut.end() if cut else 0
        name = text[start:end]
        if not _AMOUNT_LEAD.match(name):
            name = name.lstrip("0123456789/／、 ~～-")
            start = end - len(name)
        if name[:1].isdigit() and start >= 2 and text[start - 1] == "." and text[start - 2].isdigit():
            while start > 0 and (text[start - 1].isdigit() or text[start - 1] == "."):
                start -= 1  # 4.5G本地數據卡, not 5G本地數據卡
            name = text[start:end]
        owner = _FORMAL_OPERATOR.match(name)
        if owner and len(name) - owner.end() >= 2 and not is_generic_name(name[owner.end() :]):
            start, name = (
                start + owner.end(),
                name[owner.end() :],
            )  # 中国电信星卡 is 星卡 (not 中国电信短期卡)
        bracket = _BRACKET_END.search(name)
        if bracket and find_region(bracket.group(1)):
            end, name = start + bracket.start(), name[: bracket.start()]  # 5G智享套餐（浙江版）: no region
        if len(name) >= 2 and not is_generic_name(name):
            out.append((name, start, end))
    for m in _EN_LOWER_NAME.finditer(text):
        name = m.group(1)
        if not _EN_VAGUE.match(name) and not any(s <= m.start(1) < e for _, s, e in out):
            out.append((name, m.start(1), m.end(1)))
    for m in _EN_KIND_NAME.finditer(text):
        if not any(s <= m.start(1) < e or m.start(1) <= s < m.end(1) for _, s, e in out):
            out.append((m.group(1), m.start(1), m.end(1)))
    for m in _EN_NAME.finditer(text):
        name = _ARTICLE.sub("", m.group(0).strip())
        brand = _BRAND_BEFORE.search(text, max(0, m.end() - len(name) - 24), m.end() - len(name))
        if brand and find_operators(brand.group(1)):
            name = brand.group(1) + " " + name  # csl 5G Starter plan, giffgaff golden goodybag
        if not is_generic_name(name):
            out.append((name, m.end() - len(name), m.end()))
    if not out:
        subject = _EN_SUBJECT.match(text)
        if subject and not _is_operator(subject.group(1)):
            out.append((subject.group(1), subject.start(1), subject.end(1)))
    out.sort(key=lambda t: t[1])
    return out


# A sentence that opens with a capitalised name and prices it: "Vodafone Red 50GB costs £14 a month"
_EN_SUBJECT = re.compile(
    r"^\s*(?:The\s+)?((?:[A-Z][\w+&-]*|\d+\s?GB)(?:\s+(?:[A-Z0-9][\w+&-]*|\d+\s?GB)){0,4})"
    r"(?=\s+(?:now\s+)?(?:costs?|is|are|at|for)\s+(?:just\s+|only\s+|now\s+)?(?:[£$€]|HK\$|US\$|\d))"
)
_NOT_SUBJECT = re.compile(r"^(?:It|This|That|These|Prices?|Plans?|Tariffs?|Each|All|Both|Our|Its|Their)\b")


def _is_operator(words: str) -> bool:
    """A sentence's subject that is only an operator's name, or no name at all ("It", "Prices")."""
    if _NOT_SUBJECT.match(words):
        return True
    found = find_operators(words)
    return bool(found) and sum(m.end - m.start for m in found) >= len(words.replace(" ", "")) - 1


# “流量加油”活动, “入境通信服务专区”: a campaign or a place, not a plan
_NOT_PLAN_AFTER = re.compile(
    r"活动|行动|大会|仪式|专区|专席|服务区|计划(?!书)|品牌|战略|(?i:\s*(?:campaign|event|programme|program))"
)
_SENTENCE_LABEL = re.compile(r"[、，,]|^(?:该|此|这|其|它)")
_NOT_NAME_LABEL = re.compile(
    r"推荐|加购|备注|備註|说明|說明|提示|活动|活動|注意|^注$|^(?:面向|适用|適用|适合|適合|针对|針對|仅限|僅限|另有|另设|此外)"
    r"|(?i:^notes?$|^tip$|^terms$|^for\s)"
)


def _label_is_name(label: str) -> bool:
    """A line's lead-in names a plan ("日租宝：", "Essentials Prepaid:"), not a field ("资费：", "Price:")."""
    from telcoradar.extract.plans.tables import header_field, is_header_word  # tables use these facts

    if _PRICED_CARD.match(label):
        return True  # Hong Kong cards are named by their price: "$88 旅客儲值卡："
    if _DIGIT_MONEY.search(label) or _looks_like_sentence(label) or is_header_word(label):
        return False
    if _NOT_NAME_LABEL.search(label) or _SENTENCE_LABEL.search(label):
        return False
    if _PLAN_SUFFIX.search(label):
        return True
    return header_field(label) in (None, "name") and not label.strip().endswith(("上", "中", "外"))


_PRICED_CARD = re.compile(r"^\s*(?:HK)?\$\d+\s*[\u4e00-\u9fff]{1,10}(?:卡|計劃|计划)\s*$")
_PLAN_SUFFIX = re.compile(r"(?:卡|套餐|包|宝|(?i:plan|sim|pass|card|bundle|pack))\s*$")


_DIGIT_MONEY = re.compile(r"[元$£€¥]|\d+\s*(?:GB|MB|分钟)")


def _looks_like_sentence(name: str) -> bool:
    return any(ch in name for ch in "。，,；;！？!?") or len(name.split()) > 6
