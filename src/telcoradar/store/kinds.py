"""What kind of plan a name says it is (base, addon, trial), from `data/plan_kinds.toml`.

The extractor decides a plan's kind from its page; the store keeps that
decision. Where it is the default ("base") and the name plainly says
otherwise (首日免费体验卡, 流量加油包, Data Pack), and for rows stored before
kinds existed, the kind comes from this vocabulary instead.
"""

from __future__ import annotations

from telcoradar.extract.plans.kinds import infer_kind
from telcoradar.model import Plan

__all__ = ["infer_kind", "kind_of", "repeatable"]


def kind_of(plan: Plan) -> str:
    """The plan's own kind, unless it is the default and its name says otherwise."""
    if plan.kind != "base":
        return plan.kind
    return infer_kind(plan.name)


def repeatable(kind: str, stated: bool = True) -> bool:
    """Whether a plan can be bought again: never a trial."""
    return stated and kind != "trial"
