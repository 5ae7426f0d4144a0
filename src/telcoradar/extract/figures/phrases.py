"""The words that name what a market figure measures.

`measure_before` reads the measured noun phrase in the words before a number:
it drops the dates, the verbs and hedges around it (达到, 约, reached, nearly),
a growth stated on the way (收入增长3%至, rose 5 percent to), an earlier value
("slowed from 2.9% in Q3 to") and what a masked link leaves behind.
`unit_of_measure` is the unit a bare count takes from its measure (用户 ->
people, 基站 -> stations), and `as_written` quotes a measure read from folded
text in the sentence's own characters.
"""

from __future__ import annotations

import re

from telcoradar.extract.lang.dates import DateMatch
from telcoradar.extract.lang.lexicon import lexicon

__all__ = ["as_written", "measure_before", "unit_of_measure"]

_LEADING = re.compile(
    r"^(?:[*•·]+|其中|而|使(?!用)|让|实现|此外|另外|同时|届时|据预测|据统计|预计|到|至|截至|截止到?|目前|数据显示|显示|包括|如|"
    r"(?i:in|by|as of|at the end of|meanwhile|and|while|that))[\s,，]*"
)
_TRAILING = re.compile(
    r"(?:的|截至|截止到?|到|至|达到|高达|达|提升|提高|从|由|突破|超过|超|为|是|约|近|将|有望|预计|首次|增至|升至|降至|增长至|增加至|增加到|增加|上升至|减少至|增长到|达成|累计|已|共|全年|"
    r"(?<![A-Za-z])(?i:reached|reaching|reach|rose to|grew to|fell to|stood at|totalled|totaled|hit|"
    r"was|were|is|are|will|to|of|at|"
    r"about|around|nearly|almost|over|more than|expected|forecast|projected|estimated|predicted|valued|set|"
    r"rise|grow|be|a|an|the|some|exceed|surpass|top))"
    r"\s*$"
)
_INNER_VERB = re.compile(
    r"超过|突破|高于|超越|相当于|(?i:\b(?:expects?|forecasts?|predicts?|estimates?|says|said|shows?|believes?)\b)"
)
_SPACE_RUN = re.compile(r"\s+")
# What a masked Markdown link leaves: 移动[互联网]   用户 -> 移动互联网用户.
_LINK_MARK = re.compile(r"[\[\]]|(?<=[\u4e00-\u9fff\]]) (?=[\u4e00-\u9fff\[])")
_CHANGE_IN = re.compile(
    r"^.*?[\d.]+\s*%\s*(?:rise|increase|growth|jump|gain|climb|decline|fall|drop|decrease)\s+in\s+", re.I
)
# "revenue growth slowed from 2.9% in Q3 to": the earlier value is no part of the measure.
_EN_FROM = re.compile(r"(?:^|\s+)(?:[a-z]+\s+)?from(?:\s+\S*\d.*)?$", re.I)
_GROWTH_TAIL = re.compile(
    r"(?:同比|按年|环比)?(?:增长|下降|上升|减少|下滑)\s*[\d.]+\s*[%％]$"
    r"|\s(?i:rose|grew|fell|increased|decreased|declined|jumped|climbed|dropped|(?:was\s+)?(?:up|down))\s+"
    r"(?i:by\s+)?[\d.]+\s*(?:%|(?i:percent|per cent))(?:\s+(?i:year[- ]on[- ]year|year[- ]over[- ]year))?$"
)
_THAT = re.compile(r"^(?i:that)\s+")


def measure_before(prefix: str, dates: list[DateMatch], clause_start: int) -> str:
    """The measured noun phrase in the words before a number."""
    text = prefix
    for d in reversed(dates):
        if d.start >= clause_start and d.end <= clause_start + len(prefix):
            text = text[: d.start - clause_start] + text[d.end - clause_start :]
    text = _LINK_MARK.sub("", _SPACE_RUN.sub(" ", text)).strip(" ，,")
    # reported a 3% rise in mobile revenue -> mobile revenue; slowed from 2.9% to -> (nothing)
    text = _EN_FROM.sub("", _CHANGE_IN.sub("", text))
    while True:
        stripped = _LEADING.sub("", text).strip()
        stripped = _TRAILING.sub("", stripped).strip()
        # 收益增长3%至: the growth is no part of the measure
        stripped = _GROWTH_TAIL.sub("", stripped).strip()
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


_PEOPLE = re.compile(r"用户|人数|人口|(?i:users|people|visitors|tourists)\s*$")
_STATIONS = re.compile(r"基站|(?i:base\s*stations?|sites|towers|masts)\s*$")
_SUBSCRIBERS = re.compile(
    r"(?:连接数?|户数目?|客户|(?i:subscribers|subscriptions|customers|connections|lines|subscriber base))\s*$"
)


def unit_of_measure(measure: str) -> str:
    """The unit a bare number takes from its measure (用户超 500 万 -> people)."""
    if _PEOPLE.search(measure):
        return "people"
    if _STATIONS.search(measure):
        return "stations"
    return "subscribers" if _SUBSCRIBERS.search(measure) else "count"


def as_written(measure: str, folded: str, sentence: str) -> str:
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
