"""The briefing's charts: matplotlib (Agg), SVG with text kept as text.

`svg.fonttype = "none"` writes labels as <text> elements, so Chinese renders
with whatever CJK font the reader's browser has; the font list puts Noto Sans
CJK SC first. Each function takes already-selected facts and returns SVG
markup, and aggregates before it draws, so a
store of 100,000 plans still draws in well under a second.
"""

from __future__ import annotations

import hashlib
import io
import re
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
    from telcoradar.report.briefing import Context

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


def per_gb(ctx: Context, plans: Sequence[Plan]) -> str:
    """Price per GB of the base plans that state their data (trials and packs are not priced per GB)."""
    from telcoradar.analysis.prices import CurrencyError, load_rates, total_gb

    rates = load_rates()
    to_cny: dict[str, float | None] = {}
    points: dict[tuple[str, int], list[float]] = defaultdict(list)
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
            points[(plan.operator, plan.period_days)].append(float(plan.price) * rate / float(data))
    if not points:
        return ""
    operators = sorted({op for op, _d in points})
    colors = _colors(operators)
    with _figure() as fig:
        ax = fig.subplots()
        for op in operators:
            days = sorted(d for o, d in points if o == op)
            values = [median(points[(op, d)]) for d in days]
            ax.plot(days, values, "o-", color=colors[op], label=ctx.operator(op), alpha=0.85)
        ax.set_xlabel(ctx._("Validity (days)"))
        ax.set_ylabel(ctx._("Price per GB (CNY)"))
        ax.legend(fontsize=8, frameon=False, ncols=2)
        return to_svg(fig)


def baskets(ctx: Context, costs: Sequence[tuple[str, str, Decimal]]) -> str:
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
    height = 1.0 + 0.32 * len(names) * max(1, len(operators)) ** 0.5
    with _figure(7.2, height, margins=(3.0, 0.45, 0.5, 0.2)) as fig:
        ax = fig.subplots()
        for i, op in enumerate(operators):
            ys = [j + i * bar for j, b in enumerate(names) if (b, op) in best]
            xs = [float(best[(b, op)]) for b in names if (b, op) in best]
            ax.barh(ys, xs, height=bar, color=colors[op], label=op)
        ax.set_yticks([j + 0.4 - bar / 2 for j in range(len(names))])
        ax.set_yticklabels(names, fontsize=7)
        ax.invert_yaxis()
        ax.set_xlabel(ctx._("Cost (CNY)"))
        ax.legend(
            fontsize=8, frameon=False, ncols=min(4, len(operators)), loc="lower left", bbox_to_anchor=(0, 1)
        )
        return to_svg(fig)


def timeline(ctx: Context, events: Sequence[Event]) -> str:
    dated = [e for e in events if e.date and e.operators]
    if not dated:
        return ""
    operators = [op for op, _n in Counter(e.operators[0] for e in dated).most_common(8)]
    kinds = sorted({e.kind for e in dated})
    colors = _colors(kinds)
    with _figure(7.2, 1.3 + 0.4 * len(operators), margins=(1.2, 0.4, 0.7, 0.2)) as fig:
        ax = fig.subplots()
        for kind in kinds:
            chosen = [e for e in dated if e.kind == kind and e.operators[0] in operators]
            xs = [e.date for e in chosen]
            ys = [operators.index(e.operators[0]) for e in chosen]
            ax.scatter(xs, ys, color=colors[kind], label=ctx._("kind:" + kind), s=36, alpha=0.85)  # type: ignore[arg-type]
        ax.set_yticks(range(len(operators)))
        ax.set_yticklabels([ctx.operator(op) for op in operators])
        ax.set_ylim(-0.6, len(operators) - 0.4)
        ax.legend(fontsize=7, frameon=False, ncols=len(kinds), loc="lower left", bbox_to_anchor=(0, 1))
        ax.xaxis.set_major_formatter(DateFormatter("%Y-%m"))  # type: ignore[no-untyped-call]
        for label in ax.get_xticklabels():
            label.set_rotation(30)
            label.set_horizontalalignment("right")
        return to_svg(fig)


def activity(ctx: Context, events: Sequence[Event], operators: Sequence[str]) -> str:
    """A heatmap: moves counted by domain (rows) and operator (columns)."""
    counts = Counter((e.domain, e.operators[0]) for e in events if e.operators)
    domains = [d for d in DOMAINS if any((d, op) in counts for op in operators)]
    if not domains or not operators:
        return ""
    grid = [[counts.get((d, op), 0) for op in operators] for d in domains]
    with _figure(7.2, 0.7 + 0.4 * len(domains), margins=(1.2, 0.1, 0.4, 0.2)) as fig:
        ax = fig.subplots()
        ax.grid(False)
        ax.imshow(grid, cmap="Blues", aspect="auto", vmin=0)
        for i, row in enumerate(grid):
            for j, value in enumerate(row):
                ax.text(j, i, str(value), ha="center", va="center", color="#222" if value < 3 else "white")
        ax.set_xticks(range(len(operators)))
        ax.set_xticklabels([ctx.operator(op) for op in operators])
        ax.set_yticks(range(len(domains)))
        ax.set_yticklabels([ctx._("domain:" + d) for d in domains])
        return to_svg(fig)


def _scale(values: Sequence[float], unit: str, ctx: Context) -> tuple[float, str]:
    """A divisor and an axis label that keep tick labels short: 亿元, bn USD, 万人次 ..."""
    top = max(values)
    if ctx.lang == "zh":
        word = {"CNY": "元", "USD": "美元", "HKD": "港元", "people": "人", "visits": "人次"}.get(unit, unit)
        for scale, prefix in ((1e8, "亿"), (1e4, "万")):
            if top >= scale:
                return scale, prefix + word
        return 1.0, word
    for scale, suffix in ((1e9, "bn"), (1e6, "m")):
        if top >= scale:
            return scale, f"{unit} ({suffix})"
    return 1.0, unit


def figures(ctx: Context, found: Sequence[Figure]) -> str:
    """Market figures over years, one panel per measure: actual solid, forecast hatched and dashed."""
    series: dict[tuple[str, str], dict[int, Figure]] = defaultdict(dict)
    for figure in found:
        if figure.year is not None:
            series[(figure.measure, figure.currency or figure.unit)].setdefault(figure.year, figure)
    chosen = sorted(series, key=lambda k: (-len(series[k]), k))[:3]
    if not chosen:
        return ""
    with _figure(7.2, 2.8, margins=(0.6, 0.35, 0.45, 0.1)) as fig:
        axes = fig.subplots(1, len(chosen), squeeze=False)[0]
        for ax, key in zip(axes, chosen, strict=True):
            points = sorted(series[key].items())
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
            ax.set_title(key[0][:24], fontsize=8)
            ax.set_ylabel(label, fontsize=7)
            ax.ticklabel_format(axis="y", style="plain", useOffset=False)
        return to_svg(fig)
