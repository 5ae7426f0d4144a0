"""The briefing's sections, each built from the facts it is given and nothing else."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from decimal import Decimal
from typing import TYPE_CHECKING

from telcoradar.model import DOMAINS, Event, Figure, Plan
from telcoradar.report import charts
from telcoradar.report.briefing import Cell, Context, Section, Sentence, TableBlock, fill
from telcoradar.report.evidence import Num
from telcoradar.report.numbers import big, money, percent, plain

if TYPE_CHECKING:
    from telcoradar.analysis.moves import Change
    from telcoradar.report.briefing import BriefingInputs

MOVE_KINDS = ("launch", "partnership", "investment", "price_change", "network_build", "standard")
TOP = 10
PER_CELL = 4  # moves shown per domain and operator
TOP_OPTIONS = 8  # cheapest operator-region options shown per basket


def change_sentence(ctx: Context, change: Change) -> Sentence:
    _ = ctx._
    plan = change.plan
    label = ctx.book.num(ctx.plan_label(plan), plan.evidence)
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
    when = ctx.date(event.date, event.date_precision) or ctx._("undated")
    who = (
        "、".join(ctx.operator(o) for o in event.operators)
        if ctx.lang == "zh"
        else ", ".join(ctx.operator(o) for o in event.operators)
    )
    quote = ctx.book.num(event.sentence, event.evidence)
    return Sentence(
        fill(
            ctx._("{date} · {operators}: {sentence}"),
            date=ctx.book.num(when, event.evidence),
            operators=who,
            sentence=quote,
        ),
        event.kind,
    )


def headline_section(ctx: Context, inputs: BriefingInputs) -> Section:
    _ = ctx._
    section = Section("headlines", _("Headline moves"))
    prices = [c for c in inputs.changes if c.kind in ("price_cut", "price_rise")]  # largest first
    new = [c for c in inputs.changes if c.kind == "new"]
    gone = [c for c in inputs.changes if c.kind == "withdrawn"]
    moves = sorted(
        (
            e
            for e in inputs.events
            if e.kind in MOVE_KINDS
            and (inputs.since is None or (e.date and e.date >= inputs.since))
            and (inputs.as_of is None or (e.date and e.date <= inputs.as_of))
        ),
        key=lambda e: (e.date is None, -(e.date.toordinal() if e.date else 0), e.sentence),
    )
    for change in prices[:TOP]:
        section.sentences.append(change_sentence(ctx, change))
    for change in sorted(new, key=lambda c: (c.plan.price == 0, ctx.plan_label(c.plan)))[:TOP]:
        section.sentences.append(change_sentence(ctx, change))
    for change in sorted(gone, key=lambda c: ctx.plan_label(c.plan))[:TOP]:
        section.sentences.append(change_sentence(ctx, change))
    for event in moves[:TOP]:
        section.sentences.append(event_sentence(ctx, event))
    if not section.sentences:
        section.empty_reason = _("No plan changed and no move was reported in this period.")
    dated = [e for e in inputs.events if e.date is not None]
    if dated:
        section.charts.append((_("Moves over time, by operator"), charts.timeline(ctx, dated)))
    return section


def _cell_num(ctx: Context, value: Decimal | int | None, plan: Plan, suffix: str = "") -> Cell:
    if value is None:
        return "—"
    return ctx.book.num(plain(value, ctx.lang) + suffix, plan.evidence)


def plan_row(ctx: Context, plan: Plan) -> tuple[Cell, ...]:
    from telcoradar.analysis.prices import unit_prices

    units = unit_prices(plan)
    cite = ctx.book.cite(plan.evidence)
    data: Cell = (
        ctx.book.num(ctx._("unlimited"), plan.evidence)
        if plan.data_unlimited
        else _cell_num(ctx, plan.data_gb, plan, " GB")
    )
    return (
        ctx.operator(plan.operator),
        ctx.book.num(plan.name, plan.evidence),
        _cell_num(ctx, plan.period_days, plan),
        Num(money(plan.price, plan.currency, ctx.lang), cite),
        data,
        _cell_num(ctx, plan.voice_min, plan),
        _cell_num(ctx, plan.intl_voice_min, plan),
        Num(money(units.per_gb, plan.currency, ctx.lang, cents=True), cite) if units.per_gb else "—",
        Num(money(units.per_day, plan.currency, ctx.lang, cents=True), cite) if units.per_day else "—",
    )


def tariff_section(ctx: Context, inputs: BriefingInputs, max_rows: int) -> Section:
    section = Section("tariffs", ctx._("Tariff comparison"))
    groups: dict[tuple[str, str], list[Plan]] = defaultdict(list)
    for plan in inputs.plans:
        groups[(plan.audience or "", plan.region or "")].append(plan)
    columns = tuple(
        ctx._(c)
        for c in ("Operator", "Plan", "Days", "Price", "Data", "Minutes", "Intl minutes", "Per GB", "Per day")
    )
    order = sorted(groups, key=lambda k: (-len(groups[k]), k))
    for audience, region in order[:12]:
        plans = sorted(
            groups[(audience, region)], key=lambda p: (p.operator, p.name, p.period_days or 0, p.price)
        )
        audience_label = ctx._("audience:" + audience) if audience else ctx._("All users")
        if audience_label.startswith("audience:"):
            audience_label = audience
        title = " · ".join(x for x in (audience_label, ctx.region(region) or ctx._("No region stated")) if x)
        section.tables.append(
            TableBlock(
                title, columns, [plan_row(ctx, p) for p in plans[:max_rows]], max(0, len(plans) - max_rows)
            )
        )
    if not section.tables:
        section.empty_reason = ctx._("No tariff plans are stored.")
    else:
        section.charts.append(
            (ctx._("Price per GB against validity, by operator"), charts.per_gb(ctx, inputs.plans))
        )
    return section


def basket_title(ctx: Context, name: str, label: str) -> str:
    """A basket's name in the briefing's language: the catalog's, else the data file's label."""
    translated = ctx._("basket:" + name)
    return label if translated == "basket:" + name else translated


def basket_section(ctx: Context, inputs: BriefingInputs) -> Section:
    from telcoradar.analysis.baskets import load_baskets
    from telcoradar.analysis.prices import CurrencyError
    from telcoradar.report.rankings import candidates, top_options

    section = Section("baskets", ctx._("Basket rankings"))
    columns = tuple(ctx._(c) for c in ("Rank", "Operator", "Region", "Plans bought", "Cost"))
    plotted: list[tuple[str, str, Decimal]] = []
    groups = candidates(inputs.plans)
    for name, need in load_baskets().items():
        try:
            options = top_options(groups, need, top=TOP_OPTIONS, currency="CNY", on=inputs.as_of)
        except CurrencyError:
            continue
        if not options:
            continue
        rows: list[tuple[Cell, ...]] = []
        for rank, option in enumerate(options, start=1):
            cited = [ctx.book.cite(plan.evidence) for plan, _count in option.plans]
            bought = " + ".join(f"{count}× {plan.name}" for plan, count in option.plans)
            ev = cited[0] if len(cited) == 1 else ctx.book.derive(ctx._("sum of the plans bought"), cited)
            rows.append(
                (
                    ctx.book.num(str(rank), option.plans[0][0].evidence),
                    ctx.operator(option.operator),
                    ctx.region(option.region),
                    Num(bought, ev),
                    Num(money(option.cost, option.currency, ctx.lang), ev),
                )
            )
            plotted.append((basket_title(ctx, name, name), ctx.operator(option.operator), option.cost))
        title = basket_title(ctx, name, str(getattr(need, "label", "") or name))
        section.tables.append(TableBlock(title, columns, rows))
    if not section.tables:
        section.empty_reason = ctx._("No stored plan covers any basket.")
    else:
        section.charts.append((ctx._("Cheapest basket cost by operator"), charts.baskets(ctx, plotted)))
    return section


def hedonic_section(ctx: Context, inputs: BriefingInputs) -> Section:
    """The market model as `telcoradar hedonic` fits it, on the same plans with the same defaults."""
    from telcoradar.analysis.hedonic import HedonicError, fit

    section = Section("hedonic", ctx._("Operator premium or discount"))
    try:
        result = fit(inputs.plans)
    except (HedonicError, ValueError, ZeroDivisionError) as exc:
        section.empty_reason = ctx._("Skipped: the regression could not be fitted.") + " " + str(exc)
        return section
    fitted = [p for p in inputs.plans if p.kind == "base" and p.currency == result.currency]
    sample = [ctx.book.cite(p.evidence) for p in fitted[:20]]
    ev = ctx.book.derive(
        ctx._(
            "hedonic regression of log price on data, minutes, validity and operator over {n} plans"
        ).format(n=result.n),
        sample,
    )
    columns = tuple(ctx._(c) for c in ("Operator", "Premium vs market", "95% interval", "Note"))
    rows: list[tuple[Cell, ...]] = []
    for operator, est in sorted(result.premiums.items(), key=lambda kv: kv[1].value):
        pct = percent(Decimal(str(round(est.value * 100, 1))), ctx.lang)
        low = percent(Decimal(str(round(est.low * 100, 1))), ctx.lang)
        high = percent(Decimal(str(round(est.high * 100, 1))), ctx.lang)
        note = ctx._("not reliable: {reason}").format(reason=est.reason) if est.reason else ""
        rows.append((ctx.operator(operator), Num(pct, ev), Num(f"{low} … {high}", ev), note))
    section.tables.append(TableBlock(ctx._("Same allowances, against the average operator"), columns, rows))
    notes = []
    if result.excluded:
        told = ", ".join(f"{count} ({reason})" for reason, count in result.excluded.items())
        notes.append(ctx._("Left out of the regression: {told}.").format(told=told))
    if not result.reliable:
        notes.append(ctx._("Not reliable: {reasons}.").format(reasons="; ".join(result.reasons)))
    section.sentences.extend(Sentence((note,), "note") for note in notes)
    return section


def domain_section(ctx: Context, inputs: BriefingInputs) -> Section:
    section = Section("domains", ctx._("Moves by domain and operator"))
    events = [e for e in inputs.events if e.operators]
    if not events:
        section.empty_reason = ctx._("No moves are stored.")
        return section
    counts = Counter(e.operators[0] for e in events)
    operators = [op for op, _n in counts.most_common(5)]
    columns = (ctx._("Domain"), *(ctx.operator(op) for op in operators))
    rows: list[tuple[Cell, ...]] = []
    for domain in DOMAINS:
        in_domain = [e for e in events if e.domain == domain]
        if not in_domain:
            continue
        row: list[Cell] = [ctx._("domain:" + domain)]
        for op in operators:
            mine = sorted(
                (e for e in in_domain if e.operators[0] == op),
                key=lambda e: (e.date or dt.date.min, e.sentence),
            )
            row.append(_cell_events(ctx, mine[-PER_CELL:]))
        rows.append(tuple(row))
    section.tables.append(TableBlock("", columns, rows))
    section.charts.append((ctx._("Activity by domain and operator"), charts.activity(ctx, events, operators)))
    return section


def _cell_events(ctx: Context, events: list[Event]) -> Cell:
    """The latest moves of one operator in one domain, each linked to its quote (dated unless it says)."""
    out = []
    for e in events:
        when = ctx.date(e.date, e.date_precision)
        dated = e.date is None or str(e.date.year) in e.sentence
        out.append(ctx.book.num(e.sentence if dated else f"{when} {e.sentence}", e.evidence))
    return tuple(out)


def figure_section(ctx: Context, inputs: BriefingInputs) -> Section:
    section = Section("figures", ctx._("Market figures"))
    columns = tuple(ctx._(c) for c in ("Measure", "Year", "Value", "Kind", "Growth", "Source"))
    rows: list[tuple[Cell, ...]] = []
    figures: list[Figure] = sorted(inputs.figures, key=lambda f: (f.measure, f.year or 0))
    for figure in figures[:40]:
        ev = ctx.book.cite(figure.evidence)
        info = ctx.book.sources.get(figure.evidence.snapshot or "")
        growth = (
            percent(figure.growth_rate, ctx.lang, signed=False)
            + " "
            + ctx._("growth:" + (figure.growth_kind or ""))
            if figure.growth_rate is not None
            else ""
        )
        rows.append(
            (
                ctx.book.num(figure.measure, figure.evidence),
                ctx.book.num(str(figure.year), figure.evidence) if figure.year else "",
                ctx.book.num(big(figure.value, figure.unit, ctx.lang, figure.currency), figure.evidence),
                ctx._("forecast") if figure.forecast else ctx._("actual"),
                ctx.book.num(growth, figure.evidence) if growth else "",
                ctx.book.num(
                    (info.title or info.uri) if info else ctx._("source") + f" {ev}", figure.evidence
                ),
            )
        )
    if not rows:
        section.empty_reason = ctx._("No market figures are stored.")
        return section
    section.tables.append(TableBlock("", columns, rows, max(0, len(figures) - 40)))
    chart = charts.figures(ctx, figures)
    if chart:
        section.charts.append((ctx._("Market figures over the years (forecasts hatched)"), chart))
    return section
