"""The executive summary: five to eight sentences an analyst would put at the top.

Each sentence is a catalog template filled with the fields of stored facts:
the largest price moves, who is cheapest for the headline baskets and by how
much, the launches by domain, the market figures that changed, a reliable
premium. A sentence whose facts are missing is left out, never padded, and
every number in it links to its quote (or to a derived entry naming them).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from decimal import Decimal
from typing import TYPE_CHECKING

from telcoradar.model import Event, Figure
from telcoradar.report.analyses import Facts, Ranking, premium_reliable
from telcoradar.report.blocks import Context, Part, Section, Sentence, fill
from telcoradar.report.evidence import Num
from telcoradar.report.numbers import money, percent
from telcoradar.report.sections import MOVE_KINDS, figure_value, in_period, measure_label, plan_label

if TYPE_CHECKING:
    from telcoradar.report.blocks import BriefingInputs

MAX_SENTENCES = 8
PRICE_MOVES = 2
BASKETS = 3
DOMAINS_SHOWN = 2
FIGURES_SHOWN = 2
# Baskets an analyst quotes first when the store covers them; others follow in file order.
HEADLINE_BASKETS = ("visitor-7d-light", "visitor-30d-heavy", "visitor-15d-heavy", "itu-data-voice-high")


def price_sentences(ctx: Context, inputs: BriefingInputs) -> list[Sentence]:
    out = []
    for change in [c for c in inputs.changes if c.kind in ("price_cut", "price_rise")][:PRICE_MOVES]:
        if change.before is None or change.after is None:
            continue
        old = ctx.book.num(
            money(change.before.price, change.before.currency, ctx.lang), change.before.evidence
        )
        new = ctx.book.num(money(change.after.price, change.after.currency, ctx.lang), change.after.evidence)
        ev = ctx.book.derive(ctx._("change between two snapshots"), (old.ev, new.ev))
        pct = Num(percent(change.price_change_pct or Decimal(0), ctx.lang), ev)
        key = "summary:price_cut" if change.kind == "price_cut" else "summary:price_rise"
        out.append(
            Sentence(
                fill(ctx._(key), plan=plan_label(ctx, change.plan), old=old, new=new, pct=pct), change.kind
            )
        )
    return out


def count_sentence(ctx: Context, inputs: BriefingInputs) -> list[Sentence]:
    new = [c.plan for c in inputs.changes if c.kind == "new"]
    gone = [c.plan for c in inputs.changes if c.kind == "withdrawn"]
    if (not new and not gone) or inputs.since is None:
        return []
    start = ctx.book.derive(ctx._("period start: the day after the capture before the latest"), ())
    values: dict[str, Part] = {"since": Num(ctx.date(inputs.since), start)}
    for key, plans, note, none in (
        ("new", new, "plans new since the previous capture", "no plan new since the previous capture"),
        (
            "gone",
            gone,
            "plans withdrawn since the previous capture",
            "no plan withdrawn since the previous capture",
        ),
    ):
        cited = [ctx.book.cite(p.evidence) for p in plans[:20]]
        values[key] = Num(str(len(plans)), ctx.book.derive(ctx._(note if plans else none), cited))
    return [Sentence(fill(ctx._("summary:new_and_withdrawn"), **values), "new")]


def ordered_rankings(rankings: list[Ranking]) -> list[Ranking]:
    first = {name: i for i, name in enumerate(HEADLINE_BASKETS)}
    return sorted(rankings, key=lambda r: first.get(r.name, len(first)))


def basket_sentences(ctx: Context, facts: Facts) -> list[Sentence]:
    out = []
    for ranking in ordered_rankings([r for r in facts.rankings if r.best])[:BASKETS]:
        order = ranking.order
        top = ranking.best[order[0]]
        title = basket_ref(ctx, ranking)
        cost_ev = _option_evidence(ctx, top)
        values: dict[str, Part] = {
            "basket": title,
            "operator": ctx.operator(top.operator),
            "region": ctx.region(top.region) or ctx._("no region stated"),
            "cost": Num(money(top.cost, top.currency, ctx.lang), cost_ev),
        }
        if len(order) == 1:
            out.append(Sentence(fill(ctx._("summary:basket_only"), **values), "basket"))
            continue
        second = ranking.best[order[1]]
        second_ev = _option_evidence(ctx, second)
        gap = second.cost - top.cost
        gap_ev = ctx.book.derive(ctx._("difference between the two cheapest operators"), (cost_ev, second_ev))
        values |= {
            "next": ctx.operator(second.operator),
            "next_cost": Num(money(second.cost, second.currency, ctx.lang), second_ev),
            "gap": Num(money(gap, top.currency, ctx.lang), gap_ev),
            "gap_pct": Num(
                percent(gap / second.cost * 100 if second.cost else Decimal(0), ctx.lang, signed=False),
                gap_ev,
            ),
        }
        out.append(Sentence(fill(ctx._("summary:basket"), **values), "basket"))
    return out


def basket_ref(ctx: Context, ranking: Ranking) -> Num:
    """A basket's name, linked to its definition (its days and allowances are numbers too)."""
    from telcoradar.report.sections import basket_title

    title = basket_title(ctx, ranking.name, ranking.need.label or ranking.name)
    return Num(title, ctx.book.derive(ctx._("basket as defined") + ": " + ranking.need.describe(), ()))


def _option_evidence(ctx: Context, option: object) -> int:
    plans = getattr(option, "plans", ())
    cited = [ctx.book.cite(plan.evidence) for plan, _count in plans]
    return cited[0] if len(cited) == 1 else ctx.book.derive(ctx._("sum of the plans bought"), cited)


def launch_sentences(ctx: Context, inputs: BriefingInputs) -> list[Sentence]:
    moves = [e for e in inputs.events if e.operators and e.kind in MOVE_KINDS and in_period(inputs, e)]
    launches = [e for e in moves if e.kind == "launch"]
    chosen, key = (launches, "summary:launches") if launches else (moves, "summary:moves")
    by_domain: dict[str, list[Event]] = defaultdict(list)
    for event in chosen:
        by_domain[event.domain].append(event)
    out = []
    for domain, events in sorted(by_domain.items(), key=lambda kv: (-len(kv[1]), kv[0]))[:DOMAINS_SHOWN]:
        total = ctx.book.derive(ctx._("moves counted"), [ctx.book.cite(e.evidence) for e in events[:20]])
        parts: list[Part] = []
        for i, (op, n) in enumerate(Counter(e.operators[0] for e in events).most_common(4)):
            mine = [ctx.book.cite(e.evidence) for e in events if e.operators[0] == op][:20]
            ev = mine[0] if len(mine) == 1 else ctx.book.derive(ctx._("moves counted"), mine)
            parts += [("、" if ctx.lang == "zh" else ", ")] if i else []
            parts += list(fill(ctx._("{operator} {n}"), operator=ctx.operator(op), n=Num(str(n), ev)))
        sentence = fill(
            ctx._(key), domain=ctx._("topic:" + domain), n=Num(str(len(events)), total), who=_phrase(parts)
        )
        out.append(Sentence(sentence, "launch"))
    return out


def _phrase(parts: list[Part]) -> Part:
    from telcoradar.report.blocks import Phrase

    return Phrase(tuple(parts))


def figure_sentences(ctx: Context, inputs: BriefingInputs) -> list[Sentence]:
    series: dict[tuple[str, str], dict[int, Figure]] = defaultdict(dict)
    for figure in inputs.figures:
        if figure.year is not None:
            series[(figure.measure, figure.currency or figure.unit)].setdefault(figure.year, figure)
    out = []
    changed = sorted((k for k in series if len(series[k]) >= 2), key=lambda k: (-len(series[k]), k))
    for key in changed[:FIGURES_SHOWN]:
        points = sorted(series[key].items())
        (y1, f1), (y2, f2) = points[0], points[-1]
        template = "summary:figure_change_forecast" if f2.forecast else "summary:figure_change"
        out.append(
            Sentence(
                fill(
                    ctx._(template),
                    measure=measure_label(ctx, f1),
                    y1=ctx.book.num(str(y1), f1.evidence),
                    v1=ctx.book.num(figure_value(ctx, f1), f1.evidence),
                    y2=ctx.book.num(str(y2), f2.evidence),
                    v2=ctx.book.num(figure_value(ctx, f2), f2.evidence),
                ),
                "figure",
            )
        )
    grown = [f for f in inputs.figures if f.growth_rate is not None and f.year is not None and not f.forecast]
    for figure in sorted(grown, key=lambda f: (-(f.year or 0), f.measure))[: FIGURES_SHOWN - len(out)]:
        assert figure.growth_rate is not None
        out.append(
            Sentence(
                fill(
                    ctx._("summary:figure_growth"),
                    measure=measure_label(ctx, figure),
                    year=ctx.book.num(str(figure.year), figure.evidence),
                    value=ctx.book.num(figure_value(ctx, figure), figure.evidence),
                    growth=ctx.book.num(percent(figure.growth_rate, ctx.lang, signed=False), figure.evidence),
                    kind=ctx._("growth:" + (figure.growth_kind or "")),
                ),
                "figure",
            )
        )
    return out


def premium_sentences(ctx: Context, facts: Facts) -> list[Sentence]:
    from telcoradar.report.sections import hedonic_evidence

    result = facts.hedonic
    if result is None:
        return []
    sure = [(op, est) for op, est in result.premiums.items() if premium_reliable(result, est)]
    if not sure:
        return []
    op, est = max(sure, key=lambda kv: abs(kv[1].value))
    ev = hedonic_evidence(ctx, facts)
    pct = Num(percent(Decimal(str(round(abs(est.value) * 100, 1))), ctx.lang, signed=False), ev)
    key = "summary:premium" if est.value > 0 else "summary:discount"
    return [Sentence(fill(ctx._(key), operator=ctx.operator(op), pct=pct), "premium")]


def summary_section(ctx: Context, inputs: BriefingInputs, facts: Facts) -> Section:
    section = Section("summary", ctx._("Summary"))
    groups = [
        price_sentences(ctx, inputs),
        count_sentence(ctx, inputs),
        basket_sentences(ctx, facts),
        launch_sentences(ctx, inputs),
        figure_sentences(ctx, inputs),
        premium_sentences(ctx, facts),
    ]
    for trim in (2, 3, 4, 0):  # over the limit: one fewer basket, launch, figure, price move in turn
        if sum(map(len, groups)) > MAX_SENTENCES and len(groups[trim]) > 1:
            groups[trim] = groups[trim][:-1]
    section.sentences = [s for group in groups for s in group][:MAX_SENTENCES]
    if not section.sentences:
        section.empty_reason = ctx._("The store holds no facts to summarise yet.")
    return section
