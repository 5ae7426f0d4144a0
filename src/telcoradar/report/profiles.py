"""One section per operator: its moves in the period, its plans, its basket ranks, its premium.

Like a magazine's 北京联通 / 上海移动 pages: what the operator did (by domain,
short dated fact sentences), what it sells now to the audiences the store
covers (one line per plan name and region, every validity and price on it),
where it ranks among operators for each basket, and its premium over the
market for the same allowances when the regression holds for it.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from decimal import Decimal
from typing import TYPE_CHECKING

from telcoradar.model import DOMAINS, Event, Plan
from telcoradar.report.analyses import Facts, premium_reliable
from telcoradar.report.blocks import Context, Part, Section, Sentence, fill
from telcoradar.report.evidence import Num
from telcoradar.report.facts import event_fact, plan_name
from telcoradar.report.numbers import money, percent
from telcoradar.report.sections import by_date, in_period

if TYPE_CHECKING:
    from telcoradar.report.blocks import BriefingInputs

MAX_OPERATORS = 8
MOVES_PER_DOMAIN = 4
PLAN_LINES = 8
BASKET_LINES = 4


def operators_covered(inputs: BriefingInputs) -> list[str]:
    """Operators with plans or moves, the busiest first."""
    counts: Counter[str] = Counter()
    for plan in inputs.plans:
        counts[plan.operator] += 1
    for event in inputs.events:
        for op in event.operators[:1]:
            counts[op] += 5  # a move says more about an operator than one more plan
    return [op for op, _n in counts.most_common(MAX_OPERATORS)]


def move_lines(ctx: Context, events: list[Event]) -> list[Sentence]:
    out: list[Sentence] = []
    for domain in DOMAINS:
        mine = by_date([e for e in events if e.domain == domain])[:MOVES_PER_DOMAIN]
        for event in mine:
            fact = event_fact(ctx, event, with_operator=False)
            out.append(Sentence((ctx._("domain:" + domain) + " · ", *fact.parts), event.kind))
    return out


def plan_lines(ctx: Context, plans: list[Plan]) -> list[Sentence]:
    groups: dict[tuple[str, str, str], list[Plan]] = defaultdict(list)
    for plan in plans:
        groups[(plan.region or "", plan.audience or "", plan.name)].append(plan)
    order = sorted(groups, key=lambda k: (-len(groups[k]), k))[:PLAN_LINES]
    out: list[Sentence] = []
    for key in sorted(order):
        same = sorted(groups[key], key=lambda p: (p.period_days or 0, p.price))
        first = same[0]
        parts: list[Part] = []
        region = ctx.region(first.region)
        if region:
            parts.append(region + " · ")
        parts.append(plan_name(ctx, first))
        parts.append(ctx._(": "))
        for i, plan in enumerate(same[:6]):
            if i:
                parts.append(" · ")
            days = ctx.days(plan.period_days)
            if days:
                parts += [ctx.book.num(days, plan.evidence), " "]
            parts.append(ctx.book.num(money(plan.price, plan.currency, ctx.lang), plan.evidence))
        out.append(Sentence(tuple(parts), "plan"))
    return out


def basket_lines(ctx: Context, operator: str, facts: Facts) -> list[Sentence]:
    from telcoradar.report.summary import basket_ref

    out: list[Sentence] = []
    for ranking in facts.rankings:
        if operator not in ranking.best or len(out) >= BASKET_LINES:
            continue
        order = ranking.order
        option = ranking.best[operator]
        cited = [ctx.book.cite(p.evidence) for p, _n in option.plans]
        ev = cited[0] if len(cited) == 1 else ctx.book.derive(ctx._("sum of the plans bought"), cited)
        firsts = [ctx.book.cite(ranking.best[op].plans[0][0].evidence) for op in order]
        ranked = ctx.book.derive(ctx._("operators that cover the basket"), firsts)
        values: dict[str, Part] = {
            "basket": basket_ref(ctx, ranking),
            "rank": Num(str(order.index(operator) + 1), ev),
            "of": Num(str(len(order)), ranked),
            "cost": Num(money(option.cost, option.currency, ctx.lang), ev),
            "region": ctx.region(option.region) or ctx._("no region stated"),
        }
        out.append(Sentence(fill(ctx._("profile:basket_rank"), **values), "basket"))
    return out


def premium_line(ctx: Context, operator: str, facts: Facts) -> list[Sentence]:
    from telcoradar.report.sections import hedonic_evidence

    result = facts.hedonic
    est = result.premiums.get(operator) if result else None
    if result is None or est is None or not premium_reliable(result, est):
        return []
    pct = Num(
        percent(Decimal(str(round(abs(est.value) * 100, 1))), ctx.lang, signed=False),
        hedonic_evidence(ctx, facts),
    )
    key = "profile:premium" if est.value > 0 else "profile:discount"
    return [Sentence(fill(ctx._(key), pct=pct), "premium")]


def operator_sections(ctx: Context, inputs: BriefingInputs, facts: Facts) -> Section:
    section = Section("operators", ctx._("Operators"))
    for op in operators_covered(inputs):
        sub = Section("op-" + op, ctx.operator(op), cls="operator")
        events = [e for e in inputs.events if e.operators and e.operators[0] == op and in_period(inputs, e)]
        moves = Section(
            "op-" + op + "-moves", ctx._("Moves in the period"), sentences=move_lines(ctx, events)
        )
        plans = Section(
            "op-" + op + "-plans",
            ctx._("Plans on offer"),
            sentences=plan_lines(ctx, [p for p in inputs.plans if p.operator == op]),
        )
        ranks = Section(
            "op-" + op + "-ranks",
            ctx._("Basket ranks and premium"),
            sentences=basket_lines(ctx, op, facts) + premium_line(ctx, op, facts),
        )
        sub.subsections = [s for s in (moves, plans, ranks) if s.sentences]
        if sub.subsections:
            section.subsections.append(sub)
    if not section.subsections:
        section.empty_reason = ctx._("No operator has plans or moves in the store.")
    return section
