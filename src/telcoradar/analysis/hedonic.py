"""Hedonic price regression: what the market charges for a GB, a minute, a day.

The model (OLS, heteroskedasticity-robust HC3 standard errors):

    log(price) = a + b_gb·log(1+GB) + b_unl·unlimited + b_min·log(1+minutes)
                 + b_day·log(days) + operator effects [+ region effects] + e

Unlimited plans enter with GB = 0 and the `unlimited` dummy. Only base plans
whose regressors are known are fitted: a plan that does not state its data
or minutes, or its validity, is left out (unknown is not zero), and so are
trials, add-ons and plans priced in another currency; the result says how
many were left out and why. Daily quotas count over the validity.
Operator (and region) effects use
sum-to-zero (deviation) coding, so each operator's effect is measured against
the market average of operators, not against an arbitrary reference: its
premium is exp(effect) - 1 for the same allowances.

Implicit prices come from the elasticities at the sample means:
d price / d GB = b_gb · mean price / (1 + mean GB), and likewise for minutes
and (with log(days)) for days. Their 95% intervals scale the coefficient's
interval the same way.

Terms with no variation in the sample (say, every plan lasts 30 days) are
dropped and their implicit price reported as None.

Estimates an analyst would not sign are marked `reliable: false` with the
reason: a negative implicit price of a GB or a minute, a premium beyond
±200%, a 95% interval wider than the value, an operator with fewer than
`MIN_PLANS_PER_OPERATOR` plans; and the whole result when one of its
implicit prices or premiums is implausible or it rests on fewer than
`MIN_PLANS` plans. Every face (CLI, API, notebook, briefing) calls `fit`
with the same defaults, so they print the same numbers.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import numpy as np
import pandas as pd

from telcoradar.analysis.prices import Rates, common_currency, price_in, total_gb
from telcoradar.errors import InputError
from telcoradar.model import Plan

SPARE_DEGREES = 5  # refuse unless n >= k + SPARE_DEGREES
COLUMNS = ("operator", "region", "price", "gb", "unlimited", "minutes", "days")
CURRENCY = "CNY"  # the market every face fits by default: the plans priced in yuan
MIN_PLANS = 20  # fewer plans say more about noise than about prices
MIN_PLANS_PER_OPERATOR = 5
MAX_PREMIUM = 2.0  # ±200%


class HedonicError(InputError):
    """The sample cannot support the regression; the message says why in one line."""


@dataclass(frozen=True)
class Estimate:
    value: float
    low: float
    high: float
    reason: str = ""  # why it is not reliable; empty when it is

    @property
    def reliable(self) -> bool:
        return not self.reason

    def row(self, **extra: Any) -> dict[str, Any]:
        return {
            **extra,
            "value": self.value,
            "ci_low": self.low,
            "ci_high": self.high,
            "reliable": self.reliable,
            "reason": self.reason,
        }


def _checked(est: Estimate, *reasons: str) -> Estimate:
    """The estimate with the first reason that applies, and "interval wider than the value" if so."""
    found = [r for r in reasons if r]
    if est.high - est.low > abs(est.value):
        found.append("95% interval wider than the value")
    return dataclasses.replace(est, reason="; ".join(found)) if found else est


@dataclass(frozen=True)
class HedonicResult:
    n: int
    currency: str
    r_squared: float
    coefficients: dict[str, Estimate]  # on the log scale, by term name
    implicit: dict[str, Estimate | None]  # "gb", "minute", "day": currency per extra unit
    premiums: dict[str, Estimate]  # operator -> exp(effect) - 1 vs the market average
    region_premiums: dict[str, Estimate] = field(default_factory=dict)
    means: dict[str, float] = field(default_factory=dict)
    excluded: dict[str, int] = field(default_factory=dict)  # plans left out, by reason
    reasons: tuple[str, ...] = ()  # why the result as a whole is not reliable
    counts: dict[str, int] = field(default_factory=dict)  # plans fitted per operator

    @property
    def reliable(self) -> bool:
        return not self.reasons

    def summary(self) -> dict[str, Any]:
        """The fit's sample and verdict: n, what was left out and why, reliable and its reasons."""
        return {
            "n": self.n,
            "currency": self.currency,
            "r_squared": self.r_squared,
            "excluded": dict(self.excluded),
            "reliable": self.reliable,
            "reason": "; ".join(self.reasons),
        }

    def rows(self) -> list[dict[str, Any]]:
        """A flat table: implicit prices, then operator and region premiums (as fractions)."""
        out: list[dict[str, Any]] = []
        for name, est in self.implicit.items():
            if est is not None:
                out.append(est.row(kind="implicit_price", term=f"per {name}", unit=self.currency))
        for operator, est in self.premiums.items():
            out.append(est.row(kind="operator_premium", term=operator, unit="fraction"))
        for region, est in self.region_premiums.items():
            out.append(est.row(kind="region_premium", term=region, unit="fraction"))
        return out


NAN = float("nan")


def _gb(plan: Plan) -> float:
    if plan.data_unlimited:
        return 0.0
    data = total_gb(plan)
    return NAN if data is None else float(data)  # not stated: left out, not zero


def plans_frame(
    plans: Sequence[Plan], currency: str | None = None, on: dt.date | None = None, rates: Rates | None = None
) -> tuple[pd.DataFrame, str]:
    """The regression's inputs, one row per plan (unstated allowances as NaN, left out by `fit_frame`).

    With `currency` None, the plans must share one currency; otherwise they are converted to it.
    """
    target = common_currency(plans, currency) or CURRENCY
    records = [
        (
            plan.operator,
            plan.region or "",
            float(price_in(plan, target, on, rates)),
            _gb(plan),
            1.0 if plan.data_unlimited else 0.0,
            float(plan.voice_min) if plan.voice_min is not None else (0.0 if plan.voice_unlimited else NAN),
            float(plan.period_days) if plan.period_days else NAN,
        )
        for plan in plans
    ]
    frame = pd.DataFrame.from_records(records, columns=list(COLUMNS))
    return frame, target


def market_sample(plans: Sequence[Plan], currency: str = CURRENCY) -> tuple[list[Plan], dict[str, int]]:
    """The plans the market model fits: base plans priced in `currency`; the others counted by reason."""
    kept: list[Plan] = []
    excluded: dict[str, int] = {}
    for plan in plans:
        reason = ""
        if plan.kind != "base":
            reason = f"{plan.kind} plans"
        elif plan.currency.upper() != currency.upper():
            reason = f"priced in {plan.currency.upper()}"
        if reason:
            excluded[reason] = excluded.get(reason, 0) + 1
        else:
            kept.append(plan)
    return kept, excluded


def usable_rows(frame: pd.DataFrame) -> tuple[pd.DataFrame, dict[str, int]]:
    """The rows the regression can use, and how many others there were by reason (first reason only)."""
    checks = (
        ("price not positive", ~(frame["price"] > 0)),
        ("validity not stated", frame["days"].isna() | ~(frame["days"] > 0)),
        ("data not stated", frame["gb"].isna()),
        ("minutes not stated", frame["minutes"].isna()),
    )
    left = pd.Series(False, index=frame.index)
    excluded: dict[str, int] = {}
    for reason, bad in checks:
        new = bad & ~left
        if int(new.sum()):
            excluded[reason] = int(new.sum())
        left |= bad
    return frame[~left], excluded


def _deviation(codes: np.ndarray, levels: int) -> np.ndarray:
    """Sum-to-zero coding: level j < last gets column j; the last level is -1 everywhere."""
    matrix = np.zeros((len(codes), levels - 1))
    for j in range(levels - 1):
        matrix[codes == j, j] = 1.0
    matrix[codes == levels - 1, :] = -1.0
    return matrix


def _design(rows: pd.DataFrame, by_region: bool) -> tuple[list[str], np.ndarray, dict[str, list[str]]]:
    """Term names, the design matrix (constant first) and the levels of each effect."""
    columns: dict[str, np.ndarray] = {
        "log1p_gb": np.log1p(rows["gb"].to_numpy(dtype=float)),
        "unlimited": rows["unlimited"].to_numpy(dtype=float),
        "log1p_minutes": np.log1p(rows["minutes"].to_numpy(dtype=float)),
        "log_days": np.log(rows["days"].to_numpy(dtype=float)),
    }
    columns = {name: values for name, values in columns.items() if np.ptp(values) > 0}
    effects: dict[str, list[str]] = {}
    for kind in ("operator", "region") if by_region else ("operator",):
        codes, levels = pd.factorize(rows[kind], sort=True)
        names = [str(level) for level in levels]
        if len(names) > 1:
            effects[kind] = names
            dev = _deviation(np.asarray(codes), len(names))
            for j, name in enumerate(names[:-1]):
                columns[f"{kind}[{name}]"] = dev[:, j]
    x = np.column_stack([np.ones(len(rows)), *columns.values()])
    return ["const", *columns], x, effects


def _statsmodels_hc3(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray, float]:
    import statsmodels.api as sm

    result = sm.OLS(y, x).fit(cov_type="HC3")
    return np.asarray(result.params), np.asarray(result.cov_params()), float(result.rsquared)


def _grouped_hc3(rows: pd.DataFrame, by_region: bool) -> tuple[list[str], np.ndarray, np.ndarray, float]:
    """The same OLS and HC3 covariance, computed from the distinct regressor rows.

    Plans observed day after day repeat the same regressors. Rows with equal
    regressors share their leverage h, so the HC3 meat sum_i x_i x_i' e_i^2 /
    (1 - h_i)^2 needs only each group's count, mean and within-group sum of
    squares: exact, and fast where an SVD of the full matrix is not.
    """
    keys = ["operator", "region", "gb", "unlimited", "minutes", "days"]
    logs = rows.assign(ly=np.log(rows["price"].to_numpy(dtype=float)))
    logs["ly2"] = logs["ly"] ** 2
    groups = logs.groupby(keys, sort=False, observed=True).agg(
        n=("ly", "size"), total=("ly", "sum"), squares=("ly2", "sum")
    )
    groups = groups.reset_index()
    names, x, _ = _design(groups, by_region)
    count = groups["n"].to_numpy(dtype=float)
    total = groups["total"].to_numpy(dtype=float)
    mean = total / count
    within = np.maximum(groups["squares"].to_numpy(dtype=float) - total * mean, 0.0)
    xtx = (x * count[:, None]).T @ x
    inverse = np.linalg.inv(xtx)
    beta = inverse @ (x.T @ total)
    leverage = np.minimum(np.einsum("ij,jk,ik->i", x, inverse, x), 1 - 1e-12)
    residual = mean - x @ beta
    squared = within + count * residual**2
    meat = (x * (squared / (1 - leverage) ** 2)[:, None]).T @ x
    grand = total.sum() / count.sum()
    r_squared = 1 - squared.sum() / (float(groups["squares"].sum()) - count.sum() * grand**2)
    return names, beta, inverse @ meat @ inverse, float(r_squared)


GROUPED_ABOVE = 20_000  # observations above which the grouped computation is used
Z95 = 1.959963984540054  # HC3 intervals are normal-based, as statsmodels reports them


def fit_frame(
    frame: pd.DataFrame,
    currency: str = CURRENCY,
    by_region: bool = False,
    method: str = "auto",
    excluded: dict[str, int] | None = None,
) -> HedonicResult:
    """Fit the model on a frame with the columns of `plans_frame` (rows with NaN regressors left out).

    `method`: "statsmodels" (OLS with HC3), "grouped" (the same numbers from
    the distinct regressor rows, for large panels), or "auto" (grouped above
    `GROUPED_ABOVE` observations). `excluded` counts plans left out before.
    """
    usable, dropped = usable_rows(frame)
    left_out = dict(excluded or {})
    for reason, count in dropped.items():
        left_out[reason] = left_out.get(reason, 0) + count
    n = len(usable)
    if n == 0:
        told = ", ".join(f"{count} {reason}" for reason, count in left_out.items())
        raise HedonicError(
            "hedonic",
            "no plans with a positive price and stated validity, data and minutes"
            + (f" ({told})" if told else ""),
        )
    names, x, effects = _design(usable, by_region)
    k = len(names)
    if n < k + SPARE_DEGREES:
        hint = " (or drop region effects)" if "region" in effects else ""
        raise HedonicError("hedonic", f"{n} plans for {k} terms; need at least {k + SPARE_DEGREES}{hint}")
    if np.linalg.matrix_rank(x.T @ x) < k:
        raise HedonicError("hedonic", "terms are collinear (e.g. one operator only sells unlimited plans)")
    if method == "grouped" or (method == "auto" and n > GROUPED_ABOVE):
        names, params, cov, r_squared = _grouped_hc3(usable, by_region)
    else:
        params, cov, r_squared = _statsmodels_hc3(x, np.log(usable["price"].to_numpy(dtype=float)))

    def contrast(weights: dict[str, float]) -> tuple[float, float, float]:
        vector = np.array([weights.get(name, 0.0) for name in names])
        value = float(vector @ params)
        half = Z95 * math.sqrt(max(float(vector @ cov @ vector), 0.0))
        return value, value - half, value + half

    coefficients = {name: Estimate(*contrast({name: 1.0})) for name in names}
    mean_price = float(usable["price"].mean())
    means = {
        "price": mean_price,
        "gb": float(usable["gb"].mean()),
        "minutes": float(usable["minutes"].mean()),
        "days": float(usable["days"].mean()),
    }
    scales = {
        "gb": ("log1p_gb", mean_price / (1 + means["gb"])),
        "minute": ("log1p_minutes", mean_price / (1 + means["minutes"])),
        "day": ("log_days", mean_price / means["days"]),
    }
    implicit: dict[str, Estimate | None] = {}
    for unit, (term, scale) in scales.items():
        coef = coefficients.get(term)
        if coef is None:
            implicit[unit] = None
            continue
        est = Estimate(coef.value * scale, coef.low * scale, coef.high * scale)
        negative = (
            f"negative implicit price of a {unit}" if unit in ("gb", "minute") and est.value < 0 else ""
        )
        implicit[unit] = _checked(est, negative)
    counts = {str(k): int(v) for k, v in usable["operator"].value_counts().items()}

    def premiums(kind: str) -> dict[str, Estimate]:
        levels = effects.get(kind, [])
        out: dict[str, Estimate] = {}
        for j, level in enumerate(levels):
            if j < len(levels) - 1:
                weights = {f"{kind}[{level}]": 1.0}
            else:  # the last level's effect is minus the sum of the others
                weights = {f"{kind}[{other}]": -1.0 for other in levels[:-1]}
            value, low, high = contrast(weights)
            est = Estimate(math.expm1(value), math.expm1(low), math.expm1(high))
            beyond = "premium beyond ±200%" if abs(est.value) > MAX_PREMIUM else ""
            few = ""
            if kind == "operator" and counts.get(level, 0) < MIN_PLANS_PER_OPERATOR:
                few = f"only {counts.get(level, 0)} plans of this operator"
            out[level] = _checked(est, beyond, few)
        return out

    operator_premiums = premiums("operator")
    reasons: list[str] = []
    if n < MIN_PLANS:
        reasons.append(f"only {n} plans (at least {MIN_PLANS} wanted)")
    for unit, price in implicit.items():
        if price is not None and unit in ("gb", "minute") and price.value < 0:
            reasons.append(f"negative implicit price of a {unit}")
    if any(abs(est.value) > MAX_PREMIUM for est in operator_premiums.values()):
        reasons.append("an operator premium beyond ±200%")
    few = sorted(op for op, est in operator_premiums.items() if counts.get(op, 0) < MIN_PLANS_PER_OPERATOR)
    if few:
        reasons.append(f"fewer than {MIN_PLANS_PER_OPERATOR} plans for {', '.join(few)}")

    return HedonicResult(
        n=n,
        currency=currency,
        r_squared=r_squared,
        coefficients=coefficients,
        implicit=implicit,
        premiums=operator_premiums,
        region_premiums=premiums("region"),
        means=means,
        excluded=left_out,
        reasons=tuple(reasons),
        counts=counts,
    )


def fit(
    plans: Sequence[Plan],
    *,
    by_region: bool = False,
    currency: str = CURRENCY,
    on: dt.date | None = None,
    rates: Rates | None = None,
) -> HedonicResult:
    """Fit the market model on the base plans priced in `currency` (see the module's docstring)."""
    sample, excluded = market_sample(plans, currency)
    frame, target = plans_frame(sample, currency.upper(), on, rates)
    return fit_frame(frame, target, by_region=by_region, excluded=excluded)


def as_decimal(value: float, places: int = 2) -> Decimal:
    """A float estimate rounded for display as money."""
    return Decimal(str(round(value, places)))
