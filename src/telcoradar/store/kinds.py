"""What kind of plan a name says it is (base, addon, trial), from `data/plan_kinds.toml`.

The extractor decides a plan's kind from its page; the store keeps that
decision. Where it is the default ("base") and the name plainly says
otherwise (首日免费体验卡, 流量加油包, Data Pack), and for rows stored before
kinds existed, the kind comes from this vocabulary instead.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from telcoradar.errors import ConfigError
from telcoradar.model import PLAN_KINDS, Plan

SOURCE = "plan_kinds.toml"


@dataclass(frozen=True)
class _Rule:
    kind: str
    pattern: re.Pattern[str]


def _word(word: str) -> str:
    escaped = re.escape(word.casefold())
    if word.isascii():  # Latin words as whole words
        return rf"(?<![a-z0-9]){escaped}(?![a-z0-9])"
    return escaped


@lru_cache(maxsize=1)
def rules() -> tuple[_Rule, ...]:
    text = resources.files("telcoradar.data").joinpath(SOURCE).read_text(encoding="utf-8")
    data = tomllib.loads(text)
    out: list[_Rule] = []
    for kind, spec in data.items():
        if kind not in PLAN_KINDS or not isinstance(spec, dict):
            raise ConfigError(f"{SOURCE}: [{kind}] is not a plan kind ({', '.join(PLAN_KINDS)})")
        unknown = set(spec) - {"words", "suffixes"}
        if unknown:
            raise ConfigError(f"{SOURCE}: [{kind}] has unknown key(s) {', '.join(sorted(unknown))}")
        parts = [_word(str(w)) for w in spec.get("words", [])]
        parts += [re.escape(str(s).casefold()) + r"\s*$" for s in spec.get("suffixes", [])]
        if parts:
            out.append(_Rule(kind, re.compile("|".join(parts))))
    return tuple(out)


def infer_kind(name: str) -> str:
    """The kind a plan's name says (the first rule that matches), "base" when none does."""
    folded = name.casefold()
    for rule in rules():
        if rule.pattern.search(folded):
            return rule.kind
    return "base"


def kind_of(plan: Plan) -> str:
    """The plan's own kind, unless it is the default and its name says otherwise."""
    if plan.kind != "base":
        return plan.kind
    return infer_kind(plan.name)


def repeatable(kind: str, stated: bool = True) -> bool:
    """Whether a plan can be bought again: never a trial."""
    return stated and kind != "trial"
