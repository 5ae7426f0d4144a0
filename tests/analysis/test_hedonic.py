from __future__ import annotations

import dataclasses
import math
from decimal import Decimal

import numpy as np
import pytest

from telcoradar.analysis.hedonic import HedonicError, fit, fit_frame
from telcoradar.model import Plan

from .conftest import make_plan

TRUE = {"const": 1.2, "log1p_gb": 0.35, "unlimited": 0.6, "log1p_minutes": 0.08, "log_days": 0.55}
OPERATOR_EFFECT = {"china-mobile": 0.12, "china-telecom": -0.04, "china-unicom": -0.08}  # sums to zero


def generated_plans(n: int = 600, seed: int = 20250501) -> list[Plan]:
    rng = np.random.default_rng(seed)
    plans = []
    for i in range(n):
        operator = str(rng.choice(sorted(OPERATOR_EFFECT)))
        days = int(rng.choice([7, 10, 15, 30, 90]))
        unlimited = bool(rng.random() < 0.1)
        gb = 0 if unlimited else int(rng.choice([2, 5, 10, 20, 30, 50, 80, 100]))
        minutes = int(rng.choice([0, 50, 100, 200, 300, 500]))
        log_price = (
            TRUE["const"]
            + TRUE["log1p_gb"] * math.log1p(gb)
            + TRUE["unlimited"] * unlimited
            + TRUE["log1p_minutes"] * math.log1p(minutes)
            + TRUE["log_days"] * math.log(days)
            + OPERATOR_EFFECT[operator]
            + rng.normal(0, 0.05 + 0.05 * (days > 30))  # heteroskedastic noise
        )
        price = f"{math.exp(log_price):.2f}"
        plans.append(
            make_plan(
                operator, "R", f"p{i}", days, price, None if unlimited else gb, minutes, unlimited=unlimited
            )
        )
    return plans


def test_true_coefficients_recovered_within_intervals() -> None:
    result = fit(generated_plans())
    for term, true in TRUE.items():
        est = result.coefficients[term]
        assert est.low <= true <= est.high, (term, est)
    for operator, effect in OPERATOR_EFFECT.items():
        premium = result.premiums[operator]
        assert premium.low <= math.expm1(effect) <= premium.high, (operator, premium)
    assert result.premiums["china-mobile"].low > 0 > result.premiums["china-unicom"].high
    assert result.r_squared > 0.95 and result.n == 600
    # implicit price of a GB at the means: b_gb * mean price / (1 + mean GB), interval scaled alike
    gb = result.implicit["gb"]
    assert gb is not None
    scale = result.means["price"] / (1 + result.means["gb"])
    assert gb.value == pytest.approx(result.coefficients["log1p_gb"].value * scale)
    assert gb.low <= TRUE["log1p_gb"] * scale <= gb.high
    rows = result.rows()
    assert rows[0]["kind"] == "implicit_price" and {r["term"] for r in rows} >= set(OPERATOR_EFFECT)


def test_refuses_too_few_plans(table1: list[Plan]) -> None:
    # 17 plans, terms: const, GB, minutes, days, one operator contrast = 5; 17 >= 10 fits
    result = fit(table1)
    assert result.n == 17 and set(result.premiums) == {"china-mobile", "china-unicom"}
    with pytest.raises(HedonicError, match=r"^hedonic: 6 plans for 5 terms; need at least 10"):
        fit(table1[:4] + table1[8:10])


def test_constant_terms_are_dropped() -> None:
    plans = [make_plan("a" if i % 2 else "b", "R", f"p{i}", 30, 10 + i * 3, 5 + i, 100) for i in range(12)]
    result = fit(plans)
    assert result.implicit["day"] is None and result.implicit["minute"] is None
    assert result.implicit["gb"] is not None


def test_grouped_computation_equals_statsmodels() -> None:
    from telcoradar.analysis.hedonic import plans_frame

    plans = generated_plans(n=300, seed=11)
    frame, _ = plans_frame(plans * 4)  # each plan seen four times, as in daily captures
    frame["region"] = ["R1" if i % 3 else "R2" for i in range(len(frame))]
    exact = fit_frame(frame, by_region=True, method="statsmodels")
    grouped = fit_frame(frame, by_region=True, method="grouped")
    assert grouped.r_squared == pytest.approx(exact.r_squared, rel=1e-9)
    for term, est in exact.coefficients.items():
        other = grouped.coefficients[term]
        assert (other.value, other.low, other.high) == pytest.approx((est.value, est.low, est.high), rel=1e-7)
    for operator, est in exact.premiums.items():
        assert grouped.premiums[operator].low == pytest.approx(est.low, rel=1e-7)


def test_intervals_are_statsmodels_hc3() -> None:
    import statsmodels.api as sm

    from telcoradar.analysis.hedonic import _design, plans_frame

    frame, _ = plans_frame(generated_plans(n=120, seed=3))
    result = fit_frame(frame)
    names, x, _ = _design(frame, False)
    reference = sm.OLS(np.log(frame["price"].to_numpy()), x).fit(cov_type="HC3")
    low, high = reference.conf_int()[names.index("log1p_gb")]
    assert (result.coefficients["log1p_gb"].low, result.coefficients["log1p_gb"].high) == pytest.approx(
        (low, high)
    )


def _with_short_cards(plans: list[Plan]) -> list[Plan]:
    """Table 1 and, as on an operator's page, short cards that state neither data nor minutes."""
    cards = [
        make_plan("china-telecom", "上海", "短期卡", days, price, None) for days, price in ((7, 50), (15, 90))
    ]
    trial = make_plan("china-mobile", "上海", "首日流量体验卡", 1, 0, 3, 0, kind="trial", repeatable=False)
    pack = make_plan("china-mobile", "上海", "美食券包", 30, 5, None, kind="addon")
    return [*plans, *cards, trial, pack]


def test_plans_that_do_not_state_data_or_minutes_are_left_out_not_read_as_zero(table1: list[Plan]) -> None:
    result = fit(_with_short_cards(table1))
    assert result.n == 17 and "china-telecom" not in result.premiums
    assert result.excluded == {"trial plans": 1, "addon plans": 1, "data not stated": 2}
    # Table 1's data, minutes and days move together: its price of a GB is not one to sign
    gb = result.implicit["gb"]
    assert gb is not None and gb.value < 0 and "negative implicit price of a gb" in gb.reason
    assert not result.reliable
    assert result.summary()["excluded"] == result.excluded


def test_the_same_sample_with_unknown_read_as_zero_would_not_be_fitted_like_this(table1: list[Plan]) -> None:
    # what reading "not stated" as 0 GB and 0 minutes did: the short cards enter as free of data
    zeros = [dataclasses.replace(p, data_gb=Decimal(0), voice_min=0) if p.data_gb is None else p
             for p in _with_short_cards(table1) if p.kind == "base"]  # fmt: skip
    assert fit(zeros).n == 19 and "china-telecom" in fit(zeros).premiums


def test_implausible_estimates_are_marked_with_their_reason() -> None:
    # one operator sells the same allowances at eight times the price of the others, with 3 plans only
    plans = [make_plan("a", "R", f"a{i}", 30, 20 + i, 10 + i, 100 + 10 * i) for i in range(10)]
    plans += [make_plan("b", "R", f"b{i}", 30, 21 + i, 10 + i, 105 + 10 * i) for i in range(10)]
    plans += [make_plan("c", "R", f"c{i}", 30, 8 * (20 + i), 10 + i, 100 + 10 * i) for i in range(3)]
    result = fit(plans)
    premium = result.premiums["c"]
    assert premium.value > 2 and not premium.reliable
    assert "premium beyond ±200%" in premium.reason and "only 3 plans of this operator" in premium.reason
    assert not result.reliable
    assert (
        "an operator premium beyond ±200%" in result.reasons and "fewer than 5 plans for c" in result.reasons
    )
    row = next(r for r in result.rows() if r["term"] == "c")
    assert row["reliable"] is False and row["reason"] == premium.reason


def test_a_negative_price_of_a_gb_is_marked() -> None:
    # bigger cards priced lower: the data coefficient comes out negative
    plans = [
        make_plan("a" if i % 2 else "b", "R", f"p{i}", 7 + i, 100 - 3 * i, 5 + 4 * i, 100 + i)
        for i in range(24)
    ]
    result = fit(plans)
    gb = result.implicit["gb"]
    assert gb is not None and gb.value < 0 and "negative implicit price of a gb" in gb.reason
    assert "negative implicit price of a gb" in result.reasons
