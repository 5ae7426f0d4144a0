"""What kind of plan a page says it is (base, addon, trial, auto), from `data/plan_kinds.toml`.

The name is read first (首日免费体验卡, 流量加油包, Data Pack); when it says nothing,
the words around the plan's price do (a pack "bought on top of" a plan, an
automatic block "charged when the allowance runs out"). A plan priced at zero
is a trial. Anything else is a base plan.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import lru_cache
from importlib import resources

from telcoradar.errors import ConfigError
from telcoradar.model import PLAN_KINDS, Plan

SOURCE = "plan_kinds.toml"
_KEYS = {"words", "suffixes", "context", "page"}


@dataclass(frozen=True)
class _Rule:
    kind: str
    name: re.Pattern[str] | None  # matched on the plan's name
    context: re.Pattern[str] | None  # matched on the text around its price
    page: re.Pattern[str] | None  # matched anywhere on the page, for data-only plans


def _word(word: str) -> str:
    escaped = re.escape(word.casefold())
    if word.isascii():  # Latin words as whole words
        return rf"(?<![a-z0-9]){escaped}(?![a-z0-9])"
    return escaped


def _either(parts: list[str]) -> re.Pattern[str] | None:
    return re.compile("|".join(parts)) if parts else None


@lru_cache(maxsize=1)
def rules() -> tuple[_Rule, ...]:
    """The vocabulary, one rule per kind, in the order of the file."""
    text = resources.files("telcoradar.data").joinpath(SOURCE).read_text(encoding="utf-8")
    data = tomllib.loads(text)
    out: list[_Rule] = []
    for kind, spec in data.items():
        if kind not in PLAN_KINDS or not isinstance(spec, dict):
            raise ConfigError(f"{SOURCE}: [{kind}] is not a plan kind ({', '.join(PLAN_KINDS)})")
        unknown = set(spec) - _KEYS
        if unknown:
            raise ConfigError(f"{SOURCE}: [{kind}] has unknown key(s) {', '.join(sorted(unknown))}")
        names = [_word(str(w)) for w in spec.get("words", [])]
        names += [re.escape(str(s).casefold()) + r"\s*$" for s in spec.get("suffixes", [])]
        context = [_word(str(w)) for w in spec.get("context", [])]
        page = [_word(str(w)) for w in spec.get("page", [])]
        out.append(_Rule(kind, _either(names), _either(context), _either(page)))
    return tuple(out)


def infer_kind(name: str) -> str:
    """The kind a plan's name says (the first rule that matches), "base" when none does."""
    folded = name.casefold()
    for rule in rules():
        if rule.name is not None and rule.name.search(folded):
            return rule.kind
    return "base"


def plan_kind(name: str, context: str, price: Decimal | None = None) -> str:
    """The kind of a plan from its name, then its price (free is a trial), then the words around it."""
    kind = infer_kind(name)
    if kind != "base":
        return kind
    if price is not None and price == 0:
        return "trial"
    folded = context.casefold()
    for rule in rules():
        if rule.context is not None and rule.context.search(folded):
            return rule.kind
    return "base"


def _data_only(plan: Plan) -> bool:
    return (
        (plan.data_gb is not None or plan.data_unlimited)
        and plan.voice_min is None
        and not plan.voice_unlimited
        and plan.sms is None
        and not plan.sms_unlimited
    )


def page_kinds(plans: list[Plan], text: str) -> list[Plan]:
    """Data-only base plans on a page whose words make them packs (a prepaid card's data plans)."""
    folded = text.casefold()
    for rule in rules():
        if rule.page is not None and rule.page.search(folded):
            return [replace(p, kind=rule.kind) if p.kind == "base" and _data_only(p) else p for p in plans]
    return plans
