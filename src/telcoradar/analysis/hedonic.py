"""Hedonic price regression: what the market charges for a GB, a minute, a day.

The model (OLS, heteroskedasticity-robust HC3 standard errors):

    log(price) = a + b_gb·log(1+GB) + b_unl·unlimited + b_min·log(1+minutes)
                 + b_day·log(days) + operator effects [+ region effects] + e

Unlimited plans enter with GB = 0 and the `unlimited` dummy; an allowance a
plan does not state counts as zero. Operator (and region) effects use
sum-to-zero (deviation) coding, so each operator's effect is measured against
the market average of operators, not against an arbitrary reference: its
premium is exp(effect) - 1 for the same allowances.

Implicit prices come from the elasticities at the sample means:
d price / d GB = b_gb · mean price / (1 + mean GB), and likewise for minutes
and (with log(days)) for days. Their 95% intervals scale the coefficient's
interval the same way.

Terms with no variation in the sample (say, every plan lasts 30 days) are
dropped and their implicit price reported as None.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import numpy as np
import pandas as pd

from telcoradar.analysis.prices import Rates, common_currency, price_in
from telcoradar.errors import InputError
from telcoradar.model import Plan

SPARE_DEGREES = 5  # refuse unless n >= k + SPARE_DEGREES
COLUMNS = ("operator", "region", "price", "gb", "unlimited", "minutes", "days")


class HedonicError(InputError):
    """The sample cannot support the regression; the message says why in one line."""


@dataclass(frozen=True)
class Estimate:
    value: float
    low: float
    high: float

    def row(self, **extra: Any) -> dict[str, Any]:
        return {**extra, "value": self.value, "ci_low": self.low, "ci_high": self.high}


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


def plans_frame(
    plans: Sequence[Plan], currency: str | None = None, on: dt.date | None = None, rates: Rates | None = None
) -> tuple[pd.DataFrame, str]:
    """The regression's inputs, one row per usable plan (positive price, stated validity)."""
    target = common_currency(plans, currency) or "CNY"
    records = [
        (
            plan.operator,
            plan.region or "",
            float(price_in(plan, target, on, rates)),
            float(plan.data_gb or 0) if not plan.data_unlimited else 0.0,
            1.0 if plan.data_unlimited else 0.0,
            float(plan.voice_min or 0),
            float(plan.period_days or 0),
        )
        for plan in plans
    ]
    frame = pd.DataFrame.from_records(records, columns=list(COLUMNS))
    return frame, target


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
    frame: pd.DataFrame, currency: str = "CNY", by_region: bool = False, method: str = "auto"
) -> HedonicResult:
    """Fit the model on a frame with the columns of `plans_frame`.

    `method`: "statsmodels" (OLS with HC3), "grouped" (the same numbers from
    the distinct regressor rows, for large panels), or "auto" (grouped above
    `GROUPED_ABOVE` observations).
    """
    usable = frame[(frame["price"] > 0) & (frame["days"] > 0)]
    n = len(usable)
    if n == 0:
        raise HedonicError("hedonic", "no plans with a positive price and a stated validity")
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
        implicit[unit] = (
            None if coef is None else Estimate(coef.value * scale, coef.low * scale, coef.high * scale)
        )

    def premiums(kind: str) -> dict[str, Estimate]:
        levels = effects.get(kind, [])
        out: dict[str, Estimate] = {}
        for j, level in enumerate(levels):
            if j < len(levels) - 1:
                weights = {f"{kind}[{level}]": 1.0}
            else:  # the last level's effect is minus the sum of the others
                weights = {f"{kind}[{other}]": -1.0 for other in levels[:-1]}
            value, low, high = contrast(weights)
            out[level] = Estimate(math.expm1(value), math.expm1(low), math.expm1(high))
        return out

    return HedonicResult(
        n=n,
        currency=currency,
        r_squared=r_squared,
        coefficients=coefficients,
        implicit=implicit,
        premiums=premiums("operator"),
        region_premiums=premiums("region"),
        means=means,
    )


def fit(
    plans: Sequence[Plan],
    *,
    by_region: bool = False,
    currency: str | None = None,
    on: dt.date | None = None,
    rates: Rates | None = None,
) -> HedonicResult:
    """Fit the hedonic model on plans (all in one currency, or converted to `currency`)."""
    frame, target = plans_frame(plans, currency, on, rates)
    return fit_frame(frame, target, by_region=by_region)


def as_decimal(value: float, places: int = 2) -> Decimal:
    """A float estimate rounded for display as money."""
    return Decimal(str(round(value, places)))
