"""Which operator a shared name means: Vodafone, O2, Three, 沃达丰.

The registry lists names that several operators use (``[[shared]]`` in
data/operators.toml) and reads them as the first owner unless a region says
otherwise. In news the market is told by the text: "Vodafone ... to bring 4G
to Spain" is Vodafone Spain, and in an article that names Vodafone Idea a bare
"Vodafone" is the same company. A mention is settled by the market its
sentence names (data/countries.toml), else by the one owner the document
names in full; otherwise it stays as the registry reads it.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Mapping

from telcoradar.extract.operators import OperatorMatch
from telcoradar.extract.registry import RegistryError, check_entry, data_file, parse_toml, registry

__all__ = ["settle_shared"]

_SENTENCE_EDGE = re.compile(r"[。！？；!?;\n]|\.(?:\s|$)")
_REACH = 300  # characters either side of a mention that its sentence may span


@functools.cache
def _country_names() -> tuple[re.Pattern[str], Mapping[str, str]]:
    """One pattern of every market name, and the market code of each name."""
    data = parse_toml("countries.toml", data_file("countries.toml"))
    codes: dict[str, str] = {}
    for i, raw in enumerate(data.get("country", [])):
        entry = check_entry(
            f"countries.toml: country {i + 1}", raw, {"code": str, "names": list}, ("code", "names")
        )
        for name in entry["names"]:
            if name in codes:
                raise RegistryError(f"countries.toml: {name!r} is listed twice")
            codes[name] = entry["code"]
    alternation = "|".join(re.escape(n) for n in sorted(codes, key=len, reverse=True))
    return re.compile(rf"(?<![A-Za-z])(?:{alternation})(?![A-Za-z])"), codes


def _sentence(text: str, start: int, end: int) -> str:
    left = max(0, start - _REACH)
    edges = [m.end() for m in _SENTENCE_EDGE.finditer(text, left, start)]
    right = _SENTENCE_EDGE.search(text, end, min(len(text), end + _REACH))
    return text[edges[-1] if edges else left : right.start() if right else min(len(text), end + _REACH)]


def settle_shared(text: str, mentions: list[OperatorMatch]) -> list[OperatorMatch]:
    """`mentions` (found in `text`) with each shared name read as the operator the text means."""
    reg = registry()
    pattern, codes = _country_names()
    named = {m.operator for m in mentions if m.name not in reg.shared}
    settled: list[OperatorMatch] = []
    for m in mentions:
        shared = reg.shared.get(m.name)
        if shared is None or len(shared.operators) < 2 or m.region is not None:
            settled.append(m)
            continue
        markets = {codes[c.group()] for c in pattern.finditer(_sentence(text, m.start, m.end))}
        by_market = [o for o in shared.operators if reg.operators[o].country in markets]
        in_full = [o for o in shared.operators if o in named]
        choice = by_market if len(by_market) == 1 else in_full if len(in_full) == 1 else []
        settled.append(dataclasses.replace(m, operator=choice[0]) if choice else m)
    return settled
