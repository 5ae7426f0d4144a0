"""The briefing's sections, each built from the facts it is given and nothing else."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from typing import TYPE_CHECKING

from telcoradar.model import DOMAINS, Event, Figure, Plan
from telcoradar.report import charts
from telcoradar.report.analyses import Facts
from telcoradar.report.blocks import Cell, Context, Part, Phrase, Section, Sentence, TableBlock, fill
from telcoradar.report.evidence import Num
from telcoradar.report.facts import event_fact, join, perk_parts, plan_name
from telcoradar.report.glossary import measure_english, unit_word
from telcoradar.report.numbers import big, money, percent, plain

if TYPE_CHECKING:
    from telcoradar.analysis.moves import Change
    from telcoradar.report.blocks import BriefingInputs

MOVE_KINDS = ("launch", "partnership", "investment", "price_change", "network_build", "standard")
TOP = 10
PER_DOMAIN = 12  # moves shown per domain
TARIFF_COLUMNS = (
    "Operator",
    "Region",
    "Plan",
    "Audience",  # only when the plans are for more than one audience
    "Validity",
    "Price",
    "Domestic data",
    "Domestic minutes",
    "Intl minutes",
    "Perks and discounts",
    "Per GB",
    "Per day",
)


def plan_label(ctx: Context, plan: Plan) -> Phrase:
    """Operator · region · name · validity, the name linked to the plan's quote and marked as a name."""
    head = " · ".join(b for b in (ctx.operator(plan.operator), ctx.region(plan.region)) if b)
    tail = ctx.days(plan.period_days)
    return Phrase(
        (
            *((head + " · ",) if head else ()),
            ctx.book.num(plan.name, plan.evidence, "name"),
            *((" · ", ctx.book.num(tail, plan.evidence)) if tail else ()),
        )
    )


def change_sentence(ctx: Context, change: Change) -> Sentence:
    _ = ctx._
    plan = change.plan
    label = plan_label(ctx, plan)
    if change.kind in ("price_cut", "price_rise") and change.before and change.after:
        old = ctx.book.num(
            money(change.before.price, change.before.currency, ctx.lang), change.before.evidence
        )
        new = ctx.book.num(money(change.after.price, change.after.currency, ctx.lang), change.after.evidence)
        ev = ctx.book.derive(_("change between two snapshots"), (old.ev, new.ev))
        pct = percent(change.price_change_pct or Decimal(0), ctx.lang)
        if change.before.period_days != change.after.period_days:
            # analysis.moves pairs a validity withdrawn and one launched on the same day under one name
            template = _(
                "{plan}: validity changed from {old_days} to {new_days}, price from {old} to {new} ({pct})"
            )
            days = (ctx.days(change.before.period_days), ctx.days(change.after.period_days))
            return Sentence(
                fill(
                    template,
                    plan=label,
                    old_days=ctx.book.num(days[0], change.before.evidence),
                    new_days=ctx.book.num(days[1], change.after.evidence),
                    old=old,
                    new=new,
                    pct=Num(pct, ev),
                ),
                change.kind,
            )
        if change.kind == "price_cut":
            template = _("{plan}: price cut from {old} to {new} ({pct})")
        else:
            template = _("{plan}: price rise from {old} to {new} ({pct})")
        return Sentence(fill(template, plan=label, old=old, new=new, pct=Num(pct, ev)), change.kind)
    price = ctx.book.num(money(plan.price, plan.currency, ctx.lang), plan.evidence)
    template = (
        _("New plan {plan} at {price}") if change.kind == "new" else _("Withdrawn: {plan} (was {price})")
    )
    return Sentence(fill(template, plan=label, price=price), change.kind)


def event_sentence(ctx: Context, event: Event) -> Sentence:
    """A move with its source sentence (what an alert sends): date · operators: the quote."""
    when = ctx.date(event.date, event.date_precision) or ctx._("undated")
    sep = "、" if ctx.lang == "zh" else ", "
    quote = ctx.book.num(event.sentence, event.evidence, "quote")
    return Sentence(
        fill(
            ctx._("{date} · {operators}: {sentence}"),
            date=ctx.book.num(when, event.evidence),
            operators=sep.join(ctx.operator(o) for o in event.operators),
            sentence=quote,
        ),
        event.kind,
    )


def in_period(inputs: BriefingInputs, event: Event) -> bool:
    """A dated move between `since` and `as_of`; with no `since`, every move the store holds."""
    if inputs.since is None:
        return inputs.as_of is None or event.date is None or event.date <= inputs.as_of
    if event.date is None or event.date < inputs.since:
        return False
    return inputs.as_of is None or event.date <= inputs.as_of


def by_date(events: list[Event]) -> list[Event]:
    """Newest first, undated last."""
    return sorted(events, key=lambda e: (e.date is None, -(e.date.toordinal() if e.date else 0), e.sentence))


def headline_section(ctx: Context, inputs: BriefingInputs) -> Section:
    _ = ctx._
    section = Section("headlines", _("Headline moves"))
    prices = [c for c in inputs.changes if c.kind in ("price_cut", "price_rise")]  # largest first
    new = [c for c in inputs.changes if c.kind == "new"]
    gone = [c for c in inputs.changes if c.kind == "withdrawn"]
    moves = by_date(
        [
            e
            for e in inputs.events
            if e.kind in MOVE_KINDS and e.date is not None and in_period(inputs, e) and inputs.since
        ]
    )
    for change in prices[:TOP]:
        section.sentences.append(change_sentence(ctx, change))
    for change in sorted(new, key=lambda c: (c.plan.price == 0, ctx.plan_label(c.plan)))[:TOP]:
        section.sentences.append(change_sentence(ctx, change))
    for change in sorted(gone, key=lambda c: ctx.plan_label(c.plan))[:TOP]:
        section.sentences.append(change_sentence(ctx, change))
    for event in moves[:TOP]:
        section.sentences.append(event_fact(ctx, event, with_domain=True))
    if not section.sentences:
        section.empty_reason = (
            _("No plan changed and no move was reported in this period.")
            if inputs.since is not None
            else _("One capture is stored: changes show once a page has been captured twice.")
        )
    return section


def _cell_num(ctx: Context, value: Decimal | int | None, plan: Plan, suffix: str = "") -> Cell:
    if value is None:
        return "—"
    return ctx.book.num(plain(value, ctx.lang) + suffix, plan.evidence)


def perks_cell(ctx: Context, plan: Plan) -> Cell:
    """Perks and discounts (the extractor keeps a discount column among the perks) as written,
    and in English where the glossary has them."""
    items: list[Part] = perk_parts(ctx, plan.perks)
    if not items:
        return "—"
    return join(ctx, items)


def plan_row(ctx: Context, plan: Plan, audience: bool = False) -> tuple[Cell, ...]:
    from telcoradar.analysis.prices import unit_prices

    units = unit_prices(plan)
    cite = ctx.book.cite(plan.evidence)
    data: Cell = (
        ctx.book.num(ctx._("unlimited"), plan.evidence)
        if plan.data_unlimited
        else _cell_num(
            ctx, plan.data_gb, plan, " GB" + (ctx._("/day") if getattr(plan, "per_day", False) else "")
        )
    )
    shown = plan_name(ctx, plan)
    name = shown if isinstance(shown, Phrase) else Phrase((shown,))
    kind = getattr(plan, "kind", "base")
    if kind and kind != "base":
        name = Phrase((*name.parts, " · " + ctx._("plan:" + kind)))
    return (
        ctx.operator(plan.operator),
        ctx.region(plan.region) or "—",
        name,
        *((ctx.audience(plan.audience),) if audience else ()),
        _cell_num(ctx, plan.period_days, plan, ctx._(" days") if ctx.lang == "en" else "天"),
        Num(money(plan.price, plan.currency, ctx.lang), cite),
        data,
        _cell_num(ctx, plan.voice_min, plan),
        _cell_num(ctx, plan.intl_voice_min, plan),
        perks_cell(ctx, plan),
        Num(money(units.per_gb, plan.currency, ctx.lang, cents=True), cite) if units.per_gb else "—",
        Num(money(units.per_day, plan.currency, ctx.lang, cents=True), cite) if units.per_day else "—",
    )


def tariff_section(ctx: Context, inputs: BriefingInputs, max_rows: int) -> Section:
    """Every current plan in one table, grouped by operator and region, like a magazine's Table 1."""
    section = Section("tariffs", ctx._("Tariff comparison"))
    if not inputs.plans:
        section.empty_reason = ctx._("No tariff plans are stored.")
        return section
    audiences = {p.audience for p in inputs.plans}
    several = len(audiences) > 1
    columns = tuple(ctx._(c) for c in TARIFF_COLUMNS if c != "Audience" or several)
    order = sorted(
        inputs.plans,
        key=lambda p: (p.operator, p.region or "", p.audience or "", p.name, p.period_days or 0, p.price),
    )
    shown = order[:max_rows]
    starts = frozenset(
        i
        for i, p in enumerate(shown)
        if i == 0 or (p.operator, p.region) != (shown[i - 1].operator, shown[i - 1].region)
    )
    title = "" if several else ctx.audience(next(iter(audiences)))
    section.tables.append(
        TableBlock(
            title,
            columns,
            [plan_row(ctx, p, several) for p in shown],
            max(0, len(order) - max_rows),
            sortable=True,
            starts=starts,
        )
    )
    chart = charts.per_gb(ctx, inputs.plans)
    if chart:
        section.charts.append((ctx._("Price per GB by operator, within each region"), chart))
    return section


def basket_title(ctx: Context, name: str, label: str) -> str:
    """A basket's name in the briefing's language: the catalog's, else the data file's label."""
    translated = ctx._("basket:" + name)
    return label if translated in ("basket:" + name, "") else translated


def basket_section(ctx: Context, inputs: BriefingInputs, facts: Facts) -> Section:
    section = Section("baskets", ctx._("Basket rankings"))
    columns = tuple(ctx._(c) for c in ("Rank", "Operator", "Region", "Plans bought", "Cost"))
    plotted: list[tuple[str, str, Decimal]] = []
    for ranking in facts.rankings:
        name, need = ranking.name, ranking.need
        rows: list[tuple[Cell, ...]] = []
        for rank, option in enumerate(ranking.options, start=1):
            cited = [ctx.book.cite(plan.evidence) for plan, _count in option.plans]
            ev = cited[0] if len(cited) == 1 else ctx.book.derive(ctx._("sum of the plans bought"), cited)
            bought: list[Part] = []
            for i, (plan, count) in enumerate(option.plans):
                bought += [" + "] if i else []
                bought += [Num(f"{count}×", cited[i]), " ", Num(plan.name, cited[i], "name")]
            rows.append(
                (
                    ctx.book.num(str(rank), option.plans[0][0].evidence),
                    ctx.operator(option.operator),
                    ctx.region(option.region),
                    Phrase(tuple(bought)),
                    Num(money(option.cost, option.currency, ctx.lang), ev),
                )
            )
        for op in ranking.order:
            plotted.append((basket_title(ctx, name, name), ctx.operator(op), ranking.best[op].cost))
        title = basket_title(ctx, name, str(getattr(need, "label", "") or name))
        section.tables.append(TableBlock(title, columns, rows))
    if not section.tables:
        section.empty_reason = ctx._("No stored plan covers any basket.")
    else:
        section.charts.append((ctx._("Cheapest basket cost by operator"), charts.baskets(ctx, plotted)))
    return section


def hedonic_evidence(ctx: Context, facts: Facts) -> int:
    assert facts.hedonic is not None
    sample = [ctx.book.cite(p.evidence) for p in facts.hedonic_plans[:20]]
    return ctx.book.derive(
        ctx._(
            "hedonic regression of log price on data, minutes, validity and operator over {n} plans"
        ).format(n=facts.hedonic.n),
        sample,
    )


def hedonic_section(ctx: Context, inputs: BriefingInputs, facts: Facts) -> Section:
    section = Section("hedonic", ctx._("Operator premium or discount"))
    result = facts.hedonic
    if result is None:
        skipped = ctx._("Skipped: the regression could not be fitted.")
        section.empty_reason = f"{skipped} {facts.hedonic_skip}"
        return section
    if result.excluded:
        told = ", ".join(f"{count} ({reason})" for reason, count in result.excluded.items())
        section.notes.append(ctx._("Left out of the regression: {told}.").format(told=told))
    if not result.reliable:
        # an implausible fit keeps its numbers (they agree with the CLI and the API) under a warning
        section.notes.append(ctx._("Not reliable: {reasons}.").format(reasons="; ".join(result.reasons)))
    ev = hedonic_evidence(ctx, facts)
    columns = tuple(ctx._(c) for c in ("Operator", "Premium vs market", "Likely range", "Reliable"))
    rows: list[tuple[Cell, ...]] = []
    doubts = []
    for operator, est in sorted(result.premiums.items(), key=lambda kv: kv[1].value):
        pct = percent(Decimal(str(round(est.value * 100, 1))), ctx.lang)
        low = percent(Decimal(str(round(est.low * 100, 1))), ctx.lang)
        high = percent(Decimal(str(round(est.high * 100, 1))), ctx.lang)
        sure = ctx._("no") if est.reason or not result.reliable else ctx._("yes")
        rows.append((ctx.operator(operator), Num(pct, ev), Num(f"{low} … {high}", ev), sure))
        if est.reason:
            doubts.append(f"{ctx.operator(operator)}: {est.reason}")
    section.tables.append(TableBlock(ctx._("Same allowances, against the average operator"), columns, rows))
    section.notes.append(ctx._("The likely range is the 95% confidence interval of the premium."))
    if doubts:
        section.notes.append(ctx._("Not reliable: {reasons}.").format(reasons="; ".join(doubts)))
    return section


def domain_section(ctx: Context, inputs: BriefingInputs) -> Section:
    """One subsection per domain: its moves as dated fact sentences, newest first, linked to their quotes."""
    section = Section("domains", ctx._("Moves by domain"))
    events = [e for e in inputs.events if e.operators]
    if not events:
        section.empty_reason = ctx._("No moves are stored.")
        return section
    for domain in DOMAINS:
        mine = by_date([e for e in events if e.domain == domain])
        if not mine:
            continue
        sub = Section("domain-" + domain, ctx._("domain:" + domain))
        sub.sentences = [event_fact(ctx, e) for e in mine[:PER_DOMAIN]]
        if len(mine) > PER_DOMAIN:
            sub.notes.append(ctx._("{n} earlier moves not shown.").format(n=len(mine) - PER_DOMAIN))
        section.subsections.append(sub)
    dated = [e for e in events if e.date is not None]
    if dated:
        section.charts.append((ctx._("Moves over time, by operator"), charts.timeline(ctx, dated)))
    counts = Counter(e.operators[0] for e in events)
    operators = [op for op, _n in counts.most_common(5)]
    section.charts.append((ctx._("Activity by domain and operator"), charts.activity(ctx, events, operators)))
    return section


def measure_label(ctx: Context, figure: Figure) -> Num:
    """A figure's label linked to its quote: as written, or in English from the measures glossary."""
    if ctx.lang == "en":
        english = measure_english(figure.measure)
        if english:
            return ctx.book.num(english, figure.evidence)
        return ctx.book.num(figure.measure, figure.evidence, "quote")
    return ctx.book.num(figure.measure, figure.evidence)


def figure_value(ctx: Context, figure: Figure) -> str:
    if figure.unit in ("CNY", "USD", "HKD", "percent") or figure.currency:
        return big(figure.value, figure.unit, ctx.lang, figure.currency)
    number = big(figure.value, "count", ctx.lang)
    word = unit_word(figure.unit, ctx.lang)
    if ctx.lang == "zh":
        return number.removesuffix("个") + (word if word != "个" else "")
    return f"{number} {word}".strip()


def figure_section(ctx: Context, inputs: BriefingInputs) -> Section:
    section = Section("figures", ctx._("Market figures"))
    columns = tuple(ctx._(c) for c in ("Measure", "Year", "Value", "Kind", "Growth", "Source"))
    rows: list[tuple[Cell, ...]] = []
    figures: list[Figure] = sorted(inputs.figures, key=lambda f: (f.measure, f.year or 0))
    for figure in figures[:40]:
        info = ctx.book.sources.get(figure.evidence.snapshot or "")
        growth = (
            percent(figure.growth_rate, ctx.lang, signed=False)
            + " "
            + ctx._("growth:" + (figure.growth_kind or ""))
            if figure.growth_rate is not None
            else ""
        )
        source = (info.title or info.uri) if info else ctx._("source")
        rows.append(
            (
                measure_label(ctx, figure),
                ctx.book.num(str(figure.year), figure.evidence) if figure.year else "—",
                ctx.book.num(figure_value(ctx, figure), figure.evidence),
                ctx._("forecast") if figure.forecast else ctx._("actual"),
                ctx.book.num(growth, figure.evidence) if growth else "—",
                ctx.book.num(source, figure.evidence, "name"),
            )
        )
    if not rows:
        section.empty_reason = ctx._("No market figures are stored.")
        return section
    section.tables.append(TableBlock("", columns, rows, max(0, len(figures) - 40)))
    chart = charts.figures(ctx, figures)
    if chart:
        section.charts.append((ctx._("Market figures with two or more years (forecasts hatched)"), chart))
    return section
