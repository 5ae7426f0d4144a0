"""How text is cut into the units that state plans.

A paragraph line is cut into sentences. Short lines that do not end like a
sentence run together as a plan card ("Essential / £10 a month / 12GB
data"). A run whose blank-line blocks, or whose lines, each state a price
and an allowance is a list: each block or line is a unit of its own. Table
rows are no units; the table extractor reads them.
"""

from __future__ import annotations

import bisect
import itertools
import re

from telcoradar.extract.lang.text import sentences
from telcoradar.extract.lang.units import CURRENCY_AFTER, CURRENCY_BEFORE, CURRENCY_FIRST
from telcoradar.extract.plans.facts import find_facts
from telcoradar.extract.plans.names import find_names

__all__ = ["CANDIDATE", "line_spans", "units"]

_SHORT_LINE = 80
# the lookahead on first characters only makes the search fast; it matches what the alternation does
CANDIDATE = re.compile(
    f"(?=[{CURRENCY_FIRST}元$£€¥￥免fFgGkK])"
    f"(?:{CURRENCY_BEFORE}|{CURRENCY_AFTER}|[元$£€¥￥]|免费|免費|(?i:free|gratuit|kostenlos))"
)
_BLOCK = re.compile(r"[^\n]+(?:\n[ \t]*[^\s][^\n]*)*")
_SENTENCE_END = ("。", "！", "？", ".", "!", "?", "；")
_WORDY = re.compile(r"[A-Za-z]{3}|[\u4e00-\u9fff]{2}")
_ALLOWANCE_WORDS = re.compile(
    r"流量|通话|通話|语音|語音|短信|短訊|分钟|分鐘|有效|數據|数据|(?i:data|minutes|mins|texts|calls|hotspot|données|appels)"
)


def units(text: str, covered: list[tuple[int, int]], currency: str) -> list[tuple[int, int, bool]]:
    """(start, end, is_card) of every unit outside the `covered` spans (table rows), in text order."""
    starts = sorted(s for s, _ in covered)
    ends = dict(covered)
    return _split_lists(text, _raw_units(text, starts, ends), currency)


def _raw_units(text: str, starts: list[int], ends: dict[int, int]) -> list[tuple[int, int, bool]]:
    """(start, end, is_card_run) of each sentence of a long line and each run of short lines."""
    out: list[tuple[int, int, bool]] = []
    run_start = run_end = -1
    pos = 0
    length = len(text)
    while pos < length:
        nl = text.find("\n", pos)
        end = length if nl < 0 else nl
        i = bisect.bisect_right(starts, end) - 1
        in_table = i >= 0 and ends[starts[i]] > pos
        line = text[pos:end]
        stripped = line.strip()
        heading = stripped.startswith("#")
        prose = len(stripped) > _SHORT_LINE or stripped.endswith(_SENTENCE_END)
        if run_start >= 0 and (in_table or prose or heading):
            out.append((run_start, run_end, True))
            run_start = -1
        if not in_table and stripped:
            lead = pos + len(line) - len(line.lstrip())
            if prose:
                if CANDIDATE.search(stripped):
                    out.extend((lead + s, lead + e, False) for s, e in sentences(stripped))
            else:
                if run_start < 0:
                    run_start = lead
                run_end = lead + len(stripped)
        pos = end + 1
    if run_start >= 0:
        out.append((run_start, run_end, True))
    return out


def _split_lists(text: str, found: list[tuple[int, int, bool]], currency: str) -> list[tuple[int, int, bool]]:
    """A run of short lines where each priced line also states an allowance is a list: a unit a line."""
    out: list[tuple[int, int, bool]] = []
    for start, end, card in found:
        if not card or "\n" not in text[start:end] or not CANDIDATE.search(text, start, end):
            out.append((start, end, card))
            continue
        for pieces in (_blocks(text, start, end), _cards(text, start, end), _lines(text, start, end)):
            if _one_plan_each(text, pieces, currency):
                out.extend((lo, hi, True) for lo, hi in pieces)
                break
        else:
            out.append((start, end, card))
    return out


def _blocks(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The blank-line separated blocks of a run."""
    out = []
    for m in _BLOCK.finditer(text, start, end):
        out.append((m.start(), m.end()))
    return out


def _cards(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Plan cards run together (a name line, a price line, allowance lines, the next name line…):
    a piece opens at each line that names a plan right above a price."""
    lines = _lines(text, start, end)
    cuts = [
        i
        for i in range(len(lines) - 1)
        if _priced(text[lines[i + 1][0] : lines[i + 1][1]]) and _names_card(text[lines[i][0] : lines[i][1]])
    ]
    if len(cuts) < 2:
        return []
    pieces = [(lines[0][0], lines[cuts[0] - 1][1])] if cuts[0] > 0 else []  # a lead-in line
    bounds = [*cuts, len(lines)]
    pieces += [(lines[a][0], lines[b - 1][1]) for a, b in itertools.pairwise(bounds)]
    return pieces


def _priced(line: str) -> bool:
    return any(f.kind in ("money", "free") for f in find_facts(line))


def _names_card(line: str) -> bool:
    """A short line that names a plan: "大王卡", "Forfait 2€", "Basic 16GB", "畅游卡7天版"."""
    stripped = line.strip()
    if not 2 <= len(stripped) <= 40 or stripped.endswith(_SENTENCE_END):
        return False
    facts = find_facts(stripped)
    names = find_names(stripped)
    if any(len(name) * 5 >= len(stripped) * 3 for name, _, _ in names):
        return True
    if any(f.kind not in ("data", "period") for f in facts):
        return False
    rest = stripped
    for f in reversed(facts):
        rest = rest[: f.start] + " " + rest[f.end :]
    return bool(_WORDY.search(rest)) and not _ALLOWANCE_WORDS.search(rest)


def _lines(text: str, start: int, end: int) -> list[tuple[int, int]]:
    return [(start + lo, start + hi) for lo, hi in line_spans(text[start:end]) if hi > lo]


def _one_plan_each(text: str, pieces: list[tuple[int, int]], currency: str) -> bool:
    """Whether most priced pieces state an allowance too (a list of plans, one a piece)."""
    if len(pieces) < 2:
        return False
    priced = stated = 0
    for lo, hi in pieces:
        kinds = {f.kind for f in find_facts(text[lo:hi], currency)}
        if kinds & {"money", "free"}:
            priced += 1
            stated += bool(kinds - {"money", "free", "period"})
    return priced >= 2 and stated * 2 > priced


def line_spans(unit: str) -> list[tuple[int, int]]:
    spans = []
    pos = 0
    for line in unit.split("\n"):
        spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    return spans
