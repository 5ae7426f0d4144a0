"""The analyses a briefing quotes in several places, run once: basket rankings and the hedonic fit.

The summary, the operator sections and the basket and premium sections all
read the same `Facts`, so a number says the same thing wherever it appears.
Reliability of a premium is the analysis layer's call when it says
(`reliable` on the result or the estimate); when it does not, a premium is
shown as a finding only if its interval excludes zero and stays within ±200%.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from telcoradar.model import Plan

if TYPE_CHECKING:
    from telcoradar.analysis.baskets import Need, Option
    from telcoradar.analysis.hedonic import Estimate, HedonicResult
    from telcoradar.report.blocks import BriefingInputs

TOP_OPTIONS = 8  # cheapest operator-region options shown per basket
MAX_OPERATORS = 8  # operators ranked per basket
MAX_PREMIUM = 2.0  # a premium beyond ±200% is not a finding


@dataclass
class Ranking:
    name: str
    need: Need
    options: list[Option]  # the cheapest operator-region options, cheapest first
    best: dict[str, Option] = field(default_factory=dict)  # each operator's cheapest option

    @property
    def order(self) -> list[str]:
        """Operators from cheapest to dearest by their best option."""
        return sorted(self.best, key=lambda op: (self.best[op].cost, op))


@dataclass
class Facts:
    rankings: list[Ranking] = field(default_factory=list)
    hedonic: HedonicResult | None = None
    hedonic_plans: Sequence[Plan] = ()
    hedonic_skip: str = ""  # "few" (too few plans) or the fit's error message


def countable(plans: Sequence[Plan]) -> list[Plan]:
    """Plans a comparison may count: not trials (free, or once per customer).

    A plan at no price is a trial whatever its kind says: nobody buys a free card to cover a stay.
    Add-ons stay: the basket search stacks them on a base plan of their operator.
    """
    return [p for p in plans if getattr(p, "kind", "base") != "trial" and p.price > 0]


def rank_baskets(plans: Sequence[Plan], on: Any = None) -> list[Ranking]:
    from telcoradar.analysis.baskets import load_baskets
    from telcoradar.analysis.prices import CurrencyError
    from telcoradar.report.rankings import candidates, top_options

    groups = candidates(countable(plans))
    operators = [op for op, _n in Counter(op for op, _r in groups).most_common(MAX_OPERATORS)]
    out: list[Ranking] = []
    for name, need in load_baskets().items():
        try:
            options = top_options(groups, need, top=TOP_OPTIONS, currency="CNY", on=on)
            if not options:
                continue
            ranking = Ranking(name, need, options)
            for option in options:  # cheapest first: an operator's first option is its best
                ranking.best.setdefault(option.operator, option)
            for op in operators:
                if op in ranking.best:
                    continue
                mine = {k: v for k, v in groups.items() if k[0] == op}
                found = top_options(mine, need, top=1, currency="CNY", on=on)
                if found:
                    ranking.best[op] = found[0]
        except CurrencyError:
            continue
        out.append(ranking)
    return out


def fit_hedonic(facts: Facts, plans: Sequence[Plan]) -> None:
    """The market model as `telcoradar hedonic` fits it: the same sample rules and defaults."""
    from telcoradar.analysis.hedonic import HedonicError, fit, market_sample

    try:
        facts.hedonic = fit(plans)
    except (HedonicError, ValueError, ZeroDivisionError) as exc:
        facts.hedonic_skip = str(exc) or type(exc).__name__
        return
    facts.hedonic_plans = market_sample(plans, facts.hedonic.currency)[0]


def premium_reliable(result: HedonicResult, estimate: Estimate) -> bool:
    """Whether a premium can be stated as a finding (the analysis layer's flag when it gives one)."""
    if getattr(result, "reliable", True) is False:
        return False
    flag = getattr(estimate, "reliable", None)
    if flag is not None:
        return bool(flag)
    return abs(estimate.value) <= MAX_PREMIUM and estimate.low * estimate.high > 0


def analyse(inputs: BriefingInputs) -> Facts:
    facts = Facts(rankings=rank_baskets(inputs.plans, inputs.as_of))
    fit_hedonic(facts, inputs.plans)
    return facts
