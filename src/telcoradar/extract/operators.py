"""Who and where: operator and region mentions in text and in table cells.

Names come from the registry (``data/operators.toml``, ``data/regions.toml``).
A full name or brand (中国移动, China Unicom, 咪咕, 天翼) counts wherever it
appears. A short name that is also an ordinary word (移动, 联通, 电信, 广电)
counts only with a cue, so that 移动支付, 移动互联网 and 电信诈骗 are not
operators:

- after a region: 上海移动, 北京联通, 江西省移动, Shanghai Telecom;
- before an operator word: 移动公司, 联通推出, 电信旗下, 移动营业厅;
- next to another operator: 移动、联通和电信;
- as the whole of a table cell (``resolve_operator``, or a tab-separated cell
  of a table line in ``Document.text``).

A full name followed by a region and 公司 takes the region too:
中国移动上海公司 is china-mobile in 上海.
"""

from __future__ import annotations

import bisect
import functools
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from telcoradar.errors import InputError
from telcoradar.extract.registry import Registry, registry

__all__ = [
    "OperatorMatch",
    "canonical_region",
    "find_operators",
    "find_region",
    "known_operators",
    "operator_id",
    "operator_label",
    "province_of",
    "region_at",
    "region_label",
    "resolve_operator",
    "select_operators",
]


@dataclass(frozen=True, slots=True)
class OperatorMatch:
    operator: str  # canonical id
    name: str  # as written
    region: str | None  # canonical region name
    start: int
    end: int


# Words after a short name that make it an operator: 移动公司, 联通推出, 电信旗下.
_CUE = (
    "分公司|公司|集团|营业厅|营业部|门店|官方|官网|公众号|客服|热线|卡(?!顿|住)|套餐|推出|发布|上线|旗下|联合"
    "|携手|宣布|正式|率先|首发|牵头|控股|研究院|政企"
)
# Looser cues for a short name that is seldom an ordinary word: 联通还, 联通在, 联通将. (移动将成为主流
# is about mobile devices, 电信将迎来 about the industry: they keep the strict cues.)
_LOOSE_CUE = (
    f"{_CUE}|还(?!是)|也(?!是)|已|将|均|则|于|在(?!线)|成立|投资|自研|自建|探索|签署|签订|签约|簽署|簽約"
)
_LOOSE_NAMES = frozenset({"联通", "聯通"})
# Words after a region + short name that make it an ordinary word again: 上海移动支付.
_NOT_AFTER = (
    "支付|互联|端|办公|应用|设备|终端|电源|硬盘|存储|机器人|医疗|警务|执法|通信技术|诈骗|网络诈骗|运营商"
    "|行业|业务经营|总局|技术|化|式|性"
)
# A Latin short name (Three, Free, CT) takes an English verb or a possessive: "Three is investing".
_LATIN_CUE = (
    r"(?:'s|’s| (?:is|has|had|was|will|said|says|launche[sd]|launching|announce[sd]|cuts?|raise[sd]"
    r"|invest(?:s|ed|ing)?|offers?|offered|plans|introduce[sd]|adds|added|reports|reported))(?![A-Za-z])"
)
_CUE_RE = re.compile(f"\\s?(?:{_CUE})|{_LATIN_CUE}")
_LOOSE_CUE_RE = re.compile(f"\\s?(?:{_LOOSE_CUE})")
_SEPARATOR = re.compile(r"[ \u3000]*(?:[、，,/]|和|与|及|以及|跟|&|and)[ \u3000]*")
_CELL_EDGE = "\t\r\n|"  # a table line in Document.text joins its cells with tabs
_PADDING = " \u3000"


_EDGE = "(?![A-Za-z0-9])"
_NATIONWIDE = re.compile(r"全国|全國|全网|全網")
_T = TypeVar("_T")


def _alt(words: list[str]) -> str:
    """One regex for many names, factored as a trie so that it stays fast; the longest name wins.

    A name that starts or ends with a Latin letter or digit must not touch another one
    (EE is not in SEE).
    """
    trie: dict[str, Any] = {}
    for word in set(words):
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = word
    first = "".join(sorted(trie))  # a cheap test of the first character keeps the scan fast
    return f"(?=[{re.escape(first)}])(?:{_trie_regex(trie, root=True)})"


def _trie_regex(node: dict[str, Any], root: bool = False) -> str:
    branches = []
    for ch in sorted(k for k in node if k):
        edge = "(?<![A-Za-z0-9])" if root and ch.isascii() and ch.isalnum() else ""
        branches.append(edge + re.escape(ch) + _trie_regex(node[ch]))
    if "" in node:  # a name ends here: longer names first, then the end itself
        word = node[""]
        branches.append(_EDGE if word[-1].isascii() and word[-1].isalnum() else "")
    if len(branches) == 1:  # a plain sequence: no alternation to enclose
        return branches[0]
    return f"(?:{'|'.join(branches)})"


@dataclass(frozen=True, slots=True)
class _Patterns:
    alias: re.Pattern[str]  # full names anywhere
    context: re.Pattern[str]  # short names, any position (cues are checked after)
    regional: re.Pattern[str]  # region + name
    company: re.Pattern[str]  # full name + region + 公司
    region: re.Pattern[str]
    owner: dict[str, tuple[str, ...]]  # name -> operator ids (first is the default)
    context_names: frozenset[str]
    region_names: dict[str, str]  # every spelling -> canonical region


@functools.cache
def _patterns() -> _Patterns:
    reg = registry()
    owner: dict[str, tuple[str, ...]] = {}
    context_names: set[str] = set()
    after_region: set[str] = set()
    for op in reg.operators.values():
        owner.update({a: (op.id,) for a in (*op.aliases, *op.context, *op.after_region)})
        context_names.update(op.context)
        after_region.update(op.after_region)
    for shared in reg.shared.values():
        owner[shared.name] = shared.operators
        if shared.context:
            context_names.add(shared.name)
    owner = _case_variants(owner)
    region_names = _case_variants(reg.region_names)
    full = [n for n in owner if n not in context_names and n not in after_region]
    short = sorted(context_names)
    regions = _alt(list(region_names))
    return _Patterns(
        alias=re.compile(f"(?=({_alt(full)}))"),
        context=re.compile(f"(?=({_alt(short)}))"),
        regional=re.compile(
            f"(?=(?P<region>{regions})(?:省|市|自治区)? ?"
            f"(?P<name>{_alt(full + short + sorted(after_region))})(?!{_NOT_AFTER}))"
        ),
        company=re.compile(
            f"(?=(?P<name>{_alt(full)})(?:通信集团|通信|股份有限公司|集团)?(?P<region>{regions})(?:省|市)?"
            "(?P<tail>有限责任公司|有限公司|分公司|公司))"
        ),
        region=re.compile(f"(?=({regions}))"),
        owner=owner,
        context_names=frozenset(context_names),
        region_names=region_names,
    )


def _case_variants(names: Mapping[str, _T]) -> dict[str, _T]:
    """A name of several words also in lower, upper and title case: china mobile, HONG KONG."""
    out = dict(names)
    for name, value in names.items():
        if " " in name:
            for variant in (name.lower(), name.upper(), name.title()):
                out.setdefault(variant, value)
    return out


def _pick(reg: Registry, name: str, region: str | None) -> str:
    """The operator a name means, in a region: 移动 in 香港 is cmhk."""
    owners = _patterns().owner[name]
    op_id = owners[0]
    if region is not None and len(owners) > 1:
        country = reg.regions[region].country
        op_id = next((o for o in owners if reg.operators[o].country == country), op_id)
    return reg.operators[op_id].by_region.get(region, op_id) if region else op_id


def _span(m: re.Match[str], group: int | str = 1) -> tuple[int, int]:
    return m.start(group), m.end(group)


_MONEY_BEFORE = re.compile(r"(?:[$£€¥￥]|\b[A-Z]{2,3}|\bRs\.?|[\d.,])\s?$")
_UNIT_AFTER = re.compile(r"\s?(?:[.,]\d|(?i:days?|GB|MB|mins?|minutes|元|円))")


def _amount_not_name(text: str, start: int, end: int) -> bool:
    """Whether a name made of digits (1010) stands where an amount does: after money, before a unit."""
    return bool(_MONEY_BEFORE.search(text, max(0, start - 4), start) or _UNIT_AFTER.match(text, end))


def _candidates(text: str) -> tuple[list[OperatorMatch], list[OperatorMatch]]:
    """Matches that count on their own, and short names that still need a neighbour."""
    reg, pat = registry(), _patterns()
    strong: list[OperatorMatch] = []
    weak: list[OperatorMatch] = []
    # Aliases first: on a tie they win (Taiwan Mobile is an operator, not 台湾 + Mobile).
    for m in pat.alias.finditer(text):
        start, end = _span(m)
        if m.group(1).isdigit() and _amount_not_name(text, start, end):
            continue  # "RM 1010 days": an amount, not the operator called 1010
        strong.append(OperatorMatch(_pick(reg, m.group(1), None), m.group(1), None, start, end))
    for m in pat.regional.finditer(text):
        region = pat.region_names[m.group("region")]
        start, end = m.start("region"), m.end("name")
        strong.append(OperatorMatch(_pick(reg, m.group("name"), region), text[start:end], region, start, end))
    for m in pat.company.finditer(text):
        region = pat.region_names[m.group("region")]
        start, end = m.start("name"), m.end("tail")
        strong.append(OperatorMatch(_pick(reg, m.group("name"), region), text[start:end], region, start, end))
    for m in pat.context.finditer(text):
        start, end = _span(m)
        found = OperatorMatch(_pick(reg, m.group(1), None), m.group(1), None, start, end)
        whole_cell = _is_cell(text, start, end)
        cue = _LOOSE_CUE_RE if found.name in _LOOSE_NAMES else _CUE_RE
        cued = len(found.name) > 1 and cue.match(text, end) is not None  # 沃 alone needs more: 沃尔沃卡车
        (strong if whole_cell or cued else weak).append(found)
    return strong, weak


class _Spans:
    """Non-overlapping spans kept sorted, so that an overlap test costs a bisection."""

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []

    def free(self, start: int, end: int) -> bool:
        i = bisect.bisect_right(self.starts, start)
        return (i == 0 or self.ends[i - 1] <= start) and (i == len(self.starts) or self.starts[i] >= end)

    def add(self, start: int, end: int) -> None:
        i = bisect.bisect_right(self.starts, start)
        self.starts.insert(i, start)
        self.ends.insert(i, end)


def _is_cell(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] fills a table cell (or the whole text), padding aside."""
    while start > 0 and text[start - 1] in _PADDING:
        start -= 1
    while end < len(text) and text[end] in _PADDING:
        end += 1
    return (start == 0 or text[start - 1] in _CELL_EDGE) and (end == len(text) or text[end] in _CELL_EDGE)


def _select(found: list[OperatorMatch], spans: _Spans) -> list[OperatorMatch]:
    """Longest first, never overlapping a span already taken."""
    chosen = []
    for m in sorted(found, key=lambda m: (-(m.end - m.start), m.start)):
        if spans.free(m.start, m.end):
            spans.add(m.start, m.end)
            chosen.append(m)
    return chosen


def _confirm_neighbours(items: list[OperatorMatch], confirmed: list[bool], text: str) -> None:
    """A short name next to an operator is one too (中国移动、联通), and so is a run of them (移动、联通)."""

    def linked(i: int, j: int) -> bool:
        if not 0 <= j < len(items):
            return False
        first, second = sorted((items[i], items[j]), key=lambda m: m.start)
        gap = text[first.end : second.start]
        if not gap or _SEPARATOR.fullmatch(gap) is None:
            return False
        return confirmed[j] or items[i].operator != items[j].operator

    for order in (range(len(items)), range(len(items) - 1, -1, -1)):
        for i in order:
            if not confirmed[i] and (linked(i, i - 1) or linked(i, i + 1)):
                confirmed[i] = True


def find_operators(text: str) -> list[OperatorMatch]:
    """Every operator mention in ``text``, in text order.

    Where mentions overlap the longest wins (中国移动香港 over 中国移动), so none overlap.
    """
    return list(_find_operators(text))


@functools.lru_cache(maxsize=1024)  # the readers of a page ask about the same lines and sentences
def _find_operators(text: str) -> tuple[OperatorMatch, ...]:
    strong, weak = _candidates(text)
    spans = _Spans()
    chosen = _select(strong, spans)
    weak = _select(weak, spans)
    items = sorted(chosen + weak, key=lambda m: m.start)
    strong_ids = {id(m) for m in chosen}
    confirmed = [id(m) in strong_ids for m in items]
    if weak:
        _confirm_neighbours(items, confirmed, text)
    return tuple(m for m, ok in zip(items, confirmed, strict=True) if ok)


def resolve_operator(name: str, region_hint: str | None = None) -> OperatorMatch | None:
    """The operator a table cell names: "移动" -> china-mobile; "北京移动" -> china-mobile in 北京.

    ``region_hint`` (e.g. the row's region cell) fills the region when the cell has none.
    Offsets point into ``name`` as given; when a cell names two operators the longer name wins.
    """
    cell = name.strip()
    if not cell:
        return None
    lead = len(name) - len(name.lstrip())
    nationwide = _NATIONWIDE.match(cell)
    if nationwide and nationwide.end() < len(cell):  # 全国移动: the operator, nationwide
        found = resolve_operator(cell[nationwide.end() :], region_hint)
        if found is not None:
            shift = lead + nationwide.end()
            return OperatorMatch(
                found.operator, found.name, found.region, found.start + shift, found.end + shift
            )
    folded = unicodedata.normalize("NFKC", cell)  # full-width letters; kept only if lengths agree
    matches = find_operators(folded if len(folded) == len(cell) else cell)
    if not matches:
        return None
    best = max(matches, key=lambda m: (m.end - m.start, -m.start))
    region = best.region or find_region(cell[: best.start] + " " + cell[best.end :])
    if region is None and region_hint:
        region = canonical_region(region_hint) or find_region(region_hint)
    operator = best.operator
    if region is not None and region != best.region and best.name in _patterns().owner:
        operator = _pick(registry(), best.name, region)
    return OperatorMatch(operator, cell[best.start : best.end], region, best.start + lead, best.end + lead)


def canonical_region(name: str) -> str | None:
    """The canonical name of a region spelled any known way: "上海市", "Shanghai" -> "上海"."""
    return _patterns().region_names.get(unicodedata.normalize("NFKC", name).strip())


def region_at(text: str, pos: int = 0) -> int | None:
    """The end of the region name (with 省/市/区 after it) that `text` opens with at `pos`, if any."""
    m = _patterns().region.match(text, pos)
    if m is None:
        return None
    end = m.end(1)
    return end + 1 if text[end : end + 1] in ("省", "市", "区") else end


def find_region(text: str) -> str | None:
    """The first region named in ``text``, as its canonical name: "中国移动上海公司" -> "上海"."""
    for m in _patterns().region.finditer(text):
        return _patterns().region_names[m.group(1)]
    return None


def province_of(region: str) -> str | None:
    """The province a region rolls up to: "深圳" -> "广东", "上海" -> "上海"; None for a country."""
    reg = registry()
    canonical = canonical_region(region)
    if canonical is None:
        return None
    found = reg.regions[canonical]
    if found.kind == "country":
        return None
    return found.province or found.name


def operator_label(operator_id: str, lang: str = "zh") -> str:
    """Display name of an operator ("china-mobile" -> "中国移动" / "China Mobile"); unknown ids as given."""
    op = registry().operators.get(operator_id)
    if op is None:
        return operator_id
    return op.zh if lang.startswith("zh") else op.en


def region_label(region: str, lang: str = "zh") -> str:
    """Display name of a region ("上海" -> "上海" / "Shanghai"); unknown regions as given."""
    canonical = canonical_region(region)
    if canonical is None:
        return region
    found = registry().regions[canonical]
    return found.name if lang.startswith("zh") else found.en


def known_operators() -> list[str]:
    """Canonical ids of every operator in the registry, in file order."""
    return list(registry().operators)


def operator_id(name: str) -> str | None:
    """The canonical id a user means by `name`: an id, a display name or an alias ("CMCC", "联通", "csl")."""
    reg = registry()
    text = name.strip()
    if text.lower() in reg.operators:
        return text.lower()
    for op in reg.operators.values():
        if text.casefold() in (op.zh.casefold(), op.en.casefold()):
            return op.id
    found = resolve_operator(text)
    return found.operator if found is not None and found.end - found.start == len(text) else None


def select_operators(
    present: Sequence[str], names: Sequence[str] = (), market: str | None = None
) -> list[str]:
    """The operators to compare: those `names` mean (in their order), else those `present`; of `market` only.

    Raises InputError for a name no operator answers to or a market no operator is in.
    """
    reg = registry()
    chosen: list[str] = []
    for name in names:
        found = operator_id(name)
        if found is None:
            raise InputError("--operator", f"{name!r} is no known operator (an id or a name, e.g. CMCC)")
        chosen.append(found)
    chosen = list(dict.fromkeys(chosen or present))
    if market is not None:
        code = market.strip().upper()
        if not any(op.country == code for op in reg.operators.values()):
            raise InputError("--market", f"{market!r} is no market of a known operator (e.g. CN, HK, GB)")
        chosen = [op for op in chosen if op in reg.operators and reg.operators[op].country == code]
    return chosen
