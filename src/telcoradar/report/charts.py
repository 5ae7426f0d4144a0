"""The briefing's charts: matplotlib (Agg), SVG with text kept as text.

`svg.fonttype = "none"` writes labels as <text> elements, so Chinese renders
with whatever CJK font the reader's browser has; the font list puts Noto Sans
CJK SC first. Each function takes already-selected facts and returns SVG
markup, and aggregates before it draws, so a
store of 100,000 plans still draws in well under a second.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import math
import re
import textwrap
import warnings
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from decimal import Decimal
from statistics import median
from typing import TYPE_CHECKING, Any

import matplotlib

matplotlib.use("Agg")

from matplotlib import font_manager
from matplotlib.dates import DateFormatter
from matplotlib.figure import Figure as MplFigure

from telcoradar.model import DOMAINS, Event, Figure, Plan

if TYPE_CHECKING:
    from telcoradar.report.blocks import Context

FONTS = [
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "WenQuanYi Micro Hei",
    "Microsoft YaHei",
    "PingFang SC",
    "DejaVu Sans",
]
PALETTE = ["#1f6f8b", "#e4572e", "#29a36a", "#f3a712", "#7d5ba6", "#5c6b73", "#c03f8e", "#3a86ff"]
STYLE: Any = {
    "svg.fonttype": "none",
    "svg.hashsalt": "telcoradar",
    "font.family": "sans-serif",
    "font.sans-serif": FONTS,
    "font.size": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.color": "#e5e5e5",
    "figure.dpi": 100,
}
_fonts_checked = False
MAX_MARKERS = 400  # a timeline with more moves than this counts them by month


def _ensure_cjk_font() -> None:
    """Register system CJK fonts that matplotlib's cache predates (installed after first run)."""
    global _fonts_checked
    if _fonts_checked:
        return
    _fonts_checked = True
    names = {f.name for f in font_manager.fontManager.ttflist}
    if "Noto Sans CJK SC" in names:
        return
    for path in font_manager.findSystemFonts():
        if "NotoSansCJK" in path or "NotoSansSC" in path:
            try:
                font_manager.fontManager.addfont(path)
            except (OSError, RuntimeError, ValueError):
                continue


@contextmanager
def _figure(
    width: float = 7.2,
    height: float = 3.4,
    margins: tuple[float, float, float, float] = (0.8, 0.5, 0.55, 0.2),
) -> Iterator[MplFigure]:
    """A figure with fixed margins in inches (left, top, bottom, right): cheaper than a layout engine."""
    _ensure_cjk_font()
    left, top, bottom, right = margins
    with matplotlib.rc_context(STYLE), warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*[Gg]lyph.*missing.*")
        warnings.filterwarnings("ignore", message=".*findfont.*")
        fig = MplFigure(figsize=(width, height))
        fig.subplots_adjust(
            left=left / width,
            right=1 - right / width,
            bottom=bottom / height,
            top=1 - top / height,
            wspace=0.45,
        )
        yield fig


def to_svg(fig: MplFigure) -> str:
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", metadata={"Date": None})
    text = buffer.getvalue()
    text = text[text.index("<svg") :]
    # Several charts share one page: give each its own ids (matplotlib numbers them from 1 in every SVG).
    prefix = "c" + hashlib.sha1(text.encode("utf-8"), usedforsecurity=False).hexdigest()[:8] + "-"
    text = re.sub(r'\bid="([^"]+)"', lambda m: f'id="{prefix}{m.group(1)}"', text)
    text = re.sub(r"url\(#([^)]+)\)", lambda m: f"url(#{prefix}{m.group(1)})", text)
    text = re.sub(r'href="#([^"]+)"', lambda m: f'href="#{prefix}{m.group(1)}"', text)
    # Let the page size the chart: drop the fixed size, keep the viewBox.
    return re.sub(r'<svg([^>]*?) width="[^"]+" height="[^"]+"', r'<svg\1 class="chart"', text, count=1)


def _colors(keys: Sequence[str]) -> dict[str, str]:
    return {key: PALETTE[i % len(PALETTE)] for i, key in enumerate(keys)}


def _frame(fig: MplFigure, title: str, source: str) -> None:
    """Every chart says what it shows and where its numbers come from."""
    fig.suptitle(title, x=0.01, ha="left", fontsize=10, fontweight="bold")
    fig.text(0.01, 0.015, source, ha="left", va="bottom", fontsize=7, color="#5c6b73")


def source_line(ctx: Context, evidence_snapshots: Sequence[str | None]) -> str:
    n = len({s for s in evidence_snapshots if s})
    return ctx._("Source: {n} captured documents, quoted under Sources and evidence").format(n=n)


def per_gb(ctx: Context, plans: Sequence[Plan]) -> str:
    """Price per GB of each operator's base plans that state their data, within each region."""
    from telcoradar.analysis.prices import CurrencyError, load_rates, total_gb

    rates = load_rates()
    to_cny: dict[str, float | None] = {}
    points: dict[tuple[str, str], list[float]] = defaultdict(list)
    snapshots: set[str | None] = set()
    for plan in plans:
        data = total_gb(plan)
        if not plan.period_days or plan.kind != "base" or plan.price <= 0 or not data:
            continue
        if plan.currency not in to_cny:
            try:
                to_cny[plan.currency] = float(rates.to_base(plan.currency))
            except CurrencyError:
                to_cny[plan.currency] = None
        rate = to_cny[plan.currency]
        if rate is not None:
            points[(plan.region or "", plan.operator)].append(float(plan.price) * rate / float(data))
            snapshots.add(plan.evidence.snapshot)
    if not points:
        return ""
    per_region = Counter(r for r, _o in points)
    regions = [r for r, _n in per_region.most_common(14)]
    regions.sort(key=lambda r: min(median(points[(r, o)]) for rr, o in points if rr == r))
    operators = sorted({o for r, o in points if r in regions})
    colors = _colors(operators)
    height = 1.3 + 0.28 * len(regions)
    with _figure(7.2, height, margins=(1.1, 0.75, 0.75, 0.2)) as fig:
        ax = fig.subplots()
        for y, region in enumerate(regions):
            values = [median(points[(region, o)]) for o in operators if (region, o) in points]
            ax.plot([min(values), max(values)], [y, y], color="#c9d1d6", linewidth=2, zorder=1)
        for op in operators:
            ys = [y for y, r in enumerate(regions) if (r, op) in points]
            xs = [median(points[(r, op)]) for r in regions if (r, op) in points]
            ax.scatter(xs, ys, color=colors[op], label=ctx.operator(op), s=40, zorder=2)
        ax.set_yticks(range(len(regions)))
        ax.set_yticklabels([ctx.region(r) or ctx._("No region stated") for r in regions])
        ax.invert_yaxis()
        ax.set_xlabel(ctx._("Price per GB (CNY), median of the operator's plans in the region"))
        ax.set_ylabel(ctx._("Region"))
        ax.set_xlim(left=0)
        ax.legend(
            fontsize=8, frameon=False, ncols=min(4, len(operators)), loc="lower left", bbox_to_anchor=(0, 1)
        )
        _frame(fig, ctx._("Price per GB by operator, within each region"), source_line(ctx, list(snapshots)))
        return to_svg(fig)


def baskets(ctx: Context, costs: Sequence[tuple[str, str, Decimal]], source: str = "") -> str:
    """Grouped horizontal bars: for each basket, the cheapest cost each operator reaches."""
    best: dict[tuple[str, str], Decimal] = {}
    for basket, operator, cost in costs:
        key = (basket, operator)
        best[key] = min(cost, best.get(key, cost))
    names = list(dict.fromkeys(b for b, _o in best))[:10]
    operators = sorted({o for _b, o in best})[:8]
    if not names:
        return ""
    colors = _colors(operators)
    bar = 0.8 / max(1, len(operators))
    height = 1.5 + 0.32 * len(names) * max(1, len(operators)) ** 0.5
    with _figure(7.2, height, margins=(3.0, 0.75, 0.75, 0.2)) as fig:
        ax = fig.subplots()
        for i, op in enumerate(operators):
            ys = [j + i * bar for j, b in enumerate(names) if (b, op) in best]
            xs = [float(best[(b, op)]) for b in names if (b, op) in best]
            ax.barh(ys, xs, height=bar, color=colors[op], label=op)
        ax.set_yticks([j + 0.4 - bar / 2 for j in range(len(names))])
        ax.set_yticklabels([textwrap.shorten(n, 44, placeholder="…") for n in names], fontsize=7)
        ax.invert_yaxis()
        ax.set_xlabel(ctx._("Cost (CNY)"))
        ax.set_ylabel(ctx._("Basket"))
        ax.legend(
            fontsize=8, frameon=False, ncols=min(4, len(operators)), loc="lower left", bbox_to_anchor=(0, 1)
        )
        _frame(
            fig, ctx._("Cheapest basket cost by operator"), source or ctx._("Source: the tariff table above")
        )
        return to_svg(fig)


def _event_label(ctx: Context, event: Event) -> str:
    """A short label for a move: the product it names (in English when known), else its kind."""
    from telcoradar.report.facts import quoted_names
    from telcoradar.report.glossary import has_cjk, name_english, plan_english

    for name in quoted_names(event.sentence):
        if ctx.lang == "zh":
            return name[:10]
        english = plan_english(name) or name_english(name) or (None if has_cjk(name) else name)
        if english:
            return textwrap.shorten(english, 22, placeholder="…")
    return ctx._("kind:" + event.kind)


def _largest(events: Sequence[Event], count: int) -> list[Event]:
    """The moves worth a label: those with an amount (largest first), then the latest dated to the day."""
    return sorted(
        events,
        key=lambda e: (
            e.amount is None,
            -(e.amount or 0),
            e.date_precision != "day",
            -(e.date.toordinal() if e.date else 0),
        ),
    )[:count]


def timeline(ctx: Context, events: Sequence[Event]) -> str:
    """Moves on a time axis: one row an operator, one colour a kind, the largest moves labelled."""
    from matplotlib.dates import AutoDateLocator, date2num

    dated = [e for e in events if e.date and e.operators]
    if not dated:
        return ""
    operators = [op for op, _n in Counter(e.operators[0] for e in dated).most_common(8)]
    dated = [e for e in dated if e.operators[0] in operators]
    kinds = sorted({e.kind for e in dated})
    colors = _colors(kinds)
    # One marker per operator, kind and day; a crowded store is counted by month, the marker sized by count.
    monthly = len(dated) > MAX_MARKERS
    points: Counter[tuple[str, str, dt.date]] = Counter()
    for e in dated:
        assert e.date is not None
        day = e.date.replace(day=15) if monthly else e.date
        points[(e.kind, e.operators[0], day)] += 1
    with _figure(7.2, 1.9 + 0.5 * len(operators), margins=(1.2, 0.75, 0.8, 0.3)) as fig:
        ax = fig.subplots()
        for kind in kinds:
            chosen = [(op, day, n) for (k, op, day), n in points.items() if k == kind]
            xs = [day for _op, day, _n in chosen]
            ys = [operators.index(op) for op, _day, _n in chosen]
            sizes = [36 * (1 + math.log2(n)) for _op, _day, n in chosen]
            ax.scatter(xs, ys, color=colors[kind], label=ctx._("kind:" + kind), s=sizes, alpha=0.8, zorder=2)  # type: ignore[arg-type]
        for i, event in enumerate(_largest(dated, 6)):
            assert event.date is not None
            ax.annotate(
                _event_label(ctx, event),
                (float(date2num(event.date)), operators.index(event.operators[0])),  # type: ignore[no-untyped-call]
                xytext=(4, 7 if i % 2 == 0 else -11),
                textcoords="offset points",
                fontsize=7,
                color="#1d2a33",
            )
        ax.set_yticks(range(len(operators)))
        ax.set_yticklabels([ctx.operator(op) for op in operators])
        ax.set_ylim(-0.6, len(operators) - 0.4)
        ax.set_xlabel(ctx._("Date of the move"))
        ax.set_ylabel(ctx._("Operator"))
        ax.legend(fontsize=7, frameon=False, ncols=len(kinds), loc="lower left", bbox_to_anchor=(0, 1))
        ax.xaxis.set_major_locator(AutoDateLocator(minticks=3, maxticks=7))  # type: ignore[no-untyped-call]
        ax.xaxis.set_major_formatter(DateFormatter("%Y-%m"))  # type: ignore[no-untyped-call]
        _frame(
            fig, ctx._("Moves over time, by operator"), source_line(ctx, [e.evidence.snapshot for e in dated])
        )
        return to_svg(fig)


def activity(ctx: Context, events: Sequence[Event], operators: Sequence[str]) -> str:
    """A heatmap: moves counted by domain (rows) and operator (columns)."""
    counts = Counter((e.domain, e.operators[0]) for e in events if e.operators)
    domains = [d for d in DOMAINS if any((d, op) in counts for op in operators)]
    if not domains or not operators:
        return ""
    grid = [[counts.get((d, op), 0) for op in operators] for d in domains]
    with _figure(7.2, 1.5 + 0.4 * len(domains), margins=(1.4, 0.45, 0.85, 0.2)) as fig:
        ax = fig.subplots()
        ax.grid(False)
        top = max(max(row) for row in grid) or 1
        ax.imshow(grid, cmap="Blues", aspect="auto", vmin=0, vmax=top)
        for i, row in enumerate(grid):
            for j, value in enumerate(row):
                ax.text(
                    j, i, str(value), ha="center", va="center", color="#222" if value < top * 0.6 else "white"
                )
        ax.set_xticks(range(len(operators)))
        ax.set_xticklabels([ctx.operator(op) for op in operators])
        ax.set_yticks(range(len(domains)))
        ax.set_yticklabels([ctx._("domain:" + d) for d in domains])
        ax.set_xlabel(ctx._("Operator"))
        ax.set_ylabel(ctx._("Domain"))
        _frame(
            fig,
            ctx._("Moves by domain and operator (count)"),
            source_line(ctx, [e.evidence.snapshot for e in events]),
        )
        return to_svg(fig)


def _scale(values: Sequence[float], unit: str, ctx: Context) -> tuple[float, str]:
    """A divisor and an axis label that keep tick labels short: 亿元, CNY bn, 万人次, m visits ..."""
    from telcoradar.report.glossary import unit_word

    top = max(abs(v) for v in values)
    word = unit_word(unit, ctx.lang)
    if unit == "percent":
        return 1.0, "%"
    if ctx.lang == "zh":
        for scale, prefix in ((1e8, "亿"), (1e4, "万")):
            if top >= scale:
                return scale, prefix + (word if word != "个" else "")
        return 1.0, word
    for scale, suffix in ((1e9, "bn"), (1e6, "m"), (1e3, "thousand")):
        if top >= scale:
            return scale, f"{word} ({suffix})".strip() if word else suffix
    return 1.0, word


def series(found: Sequence[Figure]) -> dict[tuple[str, str], dict[int, Figure]]:
    """Figures by measure and unit, one a year; a chart needs two years or more of one measure."""
    out: dict[tuple[str, str], dict[int, Figure]] = defaultdict(dict)
    for figure in found:
        if figure.year is not None:
            out[(figure.measure, figure.currency or figure.unit)].setdefault(figure.year, figure)
    return {k: v for k, v in out.items() if len(v) >= 2}


def figures(ctx: Context, found: Sequence[Figure]) -> str:
    """Market figures over years, one panel per measure with two points or more: forecasts hatched."""
    from telcoradar.report.glossary import measure_english

    by_measure = series(found)
    chosen = sorted(by_measure, key=lambda k: (-len(by_measure[k]), k))[:3]
    if not chosen:
        return ""
    snapshots = [f.evidence.snapshot for k in chosen for f in by_measure[k].values()]
    with _figure(7.2, 3.2, margins=(0.75, 0.8, 0.8, 0.15)) as fig:
        axes = fig.subplots(1, len(chosen), squeeze=False)[0]
        for ax, key in zip(axes, chosen, strict=True):
            points = sorted(by_measure[key].items())
            years = [str(y) for y, _f in points]
            values = [float(f.value) for _y, f in points]
            scale, label = _scale(values, key[1], ctx)
            bars = ax.bar(years, [v / scale for v in values], color="#1f6f8b", width=0.6)
            for bar, (_y, f) in zip(bars, points, strict=True):
                if f.forecast:
                    bar.set_facecolor("white")
                    bar.set_edgecolor("#1f6f8b")
                    bar.set_hatch("///")
                    bar.set_linestyle("--")
            name = key[0] if ctx.lang == "zh" else (measure_english(key[0]) or key[0])
            ax.set_title(
                textwrap.shorten(name, 30, placeholder="…") if ctx.lang == "en" else name[:16], fontsize=8
            )
            ax.set_ylabel(label, fontsize=7)
            ax.set_xlabel(ctx._("Year"), fontsize=7)
            ax.ticklabel_format(axis="y", style="plain", useOffset=False)
        _frame(fig, ctx._("Market figures over the years (forecasts hatched)"), source_line(ctx, snapshots))
        return to_svg(fig)
