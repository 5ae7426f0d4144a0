"""Organisations named beside an operator in a sentence: its partners, targets and platforms.

Three cues, each cheap: a name the lexicon knows (华为, 抖音, 中国银联, Samsung);
a name ending in an organisation suffix (…银行, …公司, …量子, …实验室), read back
to the word that introduces it (与, 联合, 及, 、, 控股 ...); and a list of names
after 与/联合/携手 that ends at a partnering verb (与永盛视源达成…, 与中文在线、
山海、九州等…). English names are capitalised word runs after with/and/in/acquire.
Names that are operators, or generic words (企业, 平台), are left out.
"""

from __future__ import annotations

import re
from functools import cache

from telcoradar.extract.lang.lexicon import lexicon

__all__ = ["find_counterparties"]

_NAME_CHAR = r"[\u4e00-\u9fffA-Za-z0-9·&]"
# Words after which a name starts (read backwards from a suffix).
_LEAD = re.compile(
    r"(?:与|联合|携手|和|及|、|控股|注资|投资了?|入股|收购|并购|通过|旗下的?|是|了|如|例如|包括|等|打造|推出|发布|成立|设立"
    r"|[^\u4e00-\u9fffA-Za-z0-9·&])"
)
# A name ends before one of these.
_END = (
    r"(?=、|及|和|等|达成|结为|结成|签署|签订|签约|开展|进行|合作|共同|联合|携手|打造|推出|发布|建立|成立|宣布"
    r"|[，,。；;：:（(）)“”\"\s]|$)"
)
# After 与/联合/携手 a list of names must end at a list word or a verb, not at punctuation
# (量子计算与通信融合技术。 is no partner).
_LIST_END = (
    r"(?=、|及|和|等|达成|结为|结成|签署|签订|签约|开展|进行|合作|共同|联合|携手|打造|推出|发布|建立|成立|宣布"
    r"|[在于](?=[\u4e00-\u9fff]{2,6}?(?:签署|签订|举行|举办|召开|达成)))"
)
_PARTNER_LIST = re.compile(rf"(?:与|联合|携手)(?P<first>{_NAME_CHAR}{{2,14}}?){_LIST_END}")
_LIST_NEXT = re.compile(rf"(?:、|及|和)(?P<name>{_NAME_CHAR}{{2,14}}?){_LIST_END}")
_PARTNER_AND = re.compile(
    rf"和(?P<name>{_NAME_CHAR}{{2,14}}?)(?=达成|签署|签订|签约|开展|进行|合作|共同|联合|携手)"
)
_EN_NAME = re.compile(
    r"(?:\bwith|\band|\bin|\bfrom|\bacquires?|\bacquired|\bacquiring|\bbuys|\bbought)\s+"
    r"(?P<name>[A-Z][\w&'.-]*(?:\s+(?:[A-Z][\w&'.-]*|of|&))*)"
)
_EN_STOP_WORDS = (
    "The A An It Its This That These Their January February March April May June July August September "
    "October November December UK US EU China Hong Kong Britain London AI 5G 4G Germany France Europe "
    "Italy Spain Ireland Netherlands Belgium Austria Poland Portugal Taiwan Macau Asia America Africa"
)
_EN_STOP = frozenset(_EN_STOP_WORDS.split())


@cache
def _suffix_pattern() -> re.Pattern[str]:
    suffixes = "|".join(re.escape(s) for s in lexicon().organisation_suffixes)
    return re.compile(rf"(?:{suffixes}){_END}")


def _suffix_names(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for m in _suffix_pattern().finditer(text):
        end = m.end()
        window_start = max(0, m.start() - 14)
        start = window_start
        for lead in _LEAD.finditer(text, window_start, m.start()):
            start = lead.end()
        if m.start() - start >= 2:
            spans.append((start, end))
    return spans


def _partner_lists(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for m in _PARTNER_LIST.finditer(text):
        spans.append(m.span("first"))
        pos = m.end("first")
        while (nxt := _LIST_NEXT.match(text, pos)) is not None:
            spans.append(nxt.span("name"))
            pos = nxt.end("name")
    spans.extend(m.span("name") for m in _PARTNER_AND.finditer(text))
    return spans


def _english_names(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for m in _EN_NAME.finditer(text):
        words = [w.rstrip(".,;:") for w in m.group("name").split(". ")[0].split()]
        while words and words[-1] in {"of", "&"}:
            words.pop()
        while words and words[0] in _EN_STOP:
            words.pop(0)
        if words:
            joined = " ".join(words).rstrip(".,")
            start = text.index(joined, m.start("name"))
            spans.append((start, start + len(joined)))
    return spans


_VERB_START = re.compile(
    r"(?:打造|推出|发布|开发|开展|进行|建设|建立|成立|宣布|共同|合作|签署|达成|启动|研发|制作|出品|举办|构建|搭建"
    r"|探索|推动|实现|提供|生产|孵化|招募|培养|优化|并|而|还|又|也|将|在|对|向|为)"
)


_NOT_NAME = re.compile(r"的|(?:合资|子|分)公司$|领域|方面|深化|业务$|技术$")


def find_counterparties(text: str, taken: list[tuple[int, int]], original: str | None = None) -> list[str]:
    """Organisation names in `text`, in order, skipping the spans in `taken` (operator mentions).

    `original` is the text as written when `text` is its folded form: names are
    found in `text` and quoted from `original`.
    """
    source = text if original is None else original
    lex = lexicon()
    spans = [m.span() for m in lex.known_organisations.finditer(text)]
    spans += _suffix_names(text) + _partner_lists(text) + _english_names(text)
    kept: list[tuple[int, int]] = []
    for start, end in sorted(set(spans), key=lambda s: (s[0], -(s[1] - s[0]))):
        name = text[start:end]
        if name in lex.generic_names or name.isdigit() or _VERB_START.match(name) or _NOT_NAME.search(name):
            continue
        if any(start < t_end and t_start < end for t_start, t_end in taken):
            continue
        if any(k_start <= start and end <= k_end for k_start, k_end in kept):
            continue  # inside a longer name already kept (银联 in 中国银联)
        kept = [k for k in kept if not (start <= k[0] and k[1] <= end)]
        kept.append((start, end))
    names = list(dict.fromkeys(source[start:end] for start, end in sorted(kept)))
    return [n for n in names if not any(n != other and n in other for other in names)]
