"""Analysis: basket comparisons, the hedonic regression, plan moves and operator strategy."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, HTTPException, Query

from telcoradar.analysis.baskets import basket, need
from telcoradar.web import analysis
from telcoradar.web.analysis import BasketOut, ChangeOut, Comparison, HedonicOut, StrategyOut
from telcoradar.web.deps import CurrentUser, StoreDep
from telcoradar.web.errors import ERROR_RESPONSES

router = APIRouter(prefix="/api", tags=["analysis"], responses=ERROR_RESPONSES)
Region = Annotated[str | None, Query(max_length=64)]
At = Annotated[dt.date | None, Query(description="Plans on offer at the end of this day (default: now)")]
Currency = Annotated[str, Query(pattern="^[A-Z]{3}$", description="Compare prices in this currency")]


@router.get("/baskets", response_model=list[BasketOut], summary="The named usage baskets")
def list_baskets(_caller: CurrentUser) -> list[BasketOut]:
    return analysis.all_baskets()


@router.get("/compare", response_model=Comparison, summary="The cheapest way each operator covers a need")
def compare(
    store: StoreDep,
    _caller: CurrentUser,
    basket_name: Annotated[str | None, Query(alias="basket", max_length=64)] = None,
    days: Annotated[int | None, Query(ge=1, le=3650)] = None,
    gb: Annotated[float, Query(ge=0, le=100_000)] = 0,
    minutes: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
    intl_minutes: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
    region: Region = None,
    at: At = None,
    currency: Currency = "CNY",
) -> Comparison:
    if (basket_name is None) == (days is None):
        raise HTTPException(400, "give either basket=NAME or days=N (with gb, minutes)")
    wanted = basket(basket_name) if basket_name is not None else need(days or 1, gb, minutes, intl_minutes)
    return analysis.compare(store, wanted, region=region, at=at, currency=currency)


@router.get("/hedonic", response_model=HedonicOut, summary="Implicit prices and operator premiums")
def hedonic(
    store: StoreDep,
    _caller: CurrentUser,
    region: Region = None,
    by_region: bool = False,
    at: At = None,
    currency: Currency = "CNY",
) -> HedonicOut:
    return analysis.hedonic(store, region=region, by_region=by_region, at=at, currency=currency)


@router.get("/moves", response_model=list[ChangeOut], summary="New, withdrawn and changed plans since a date")
def moves(
    store: StoreDep,
    _caller: CurrentUser,
    since: Annotated[dt.date, Query(description="Changes from this day on")],
    until: Annotated[dt.date | None, Query(description="Changes before this day")] = None,
    region: Region = None,
    operator: Annotated[str | None, Query(max_length=64)] = None,
) -> list[ChangeOut]:
    return analysis.moves(store, since, until, region=region, operator=operator)


@router.get("/strategy", response_model=StrategyOut, summary="Operators' moves by domain, partners and money")
def strategy(
    store: StoreDep,
    _caller: CurrentUser,
    since: Annotated[dt.date | None, Query(description="Moves dated from this day on")] = None,
    operator: Annotated[
        list[str] | None,
        Query(max_length=64, description="Only these operators: ids, names or aliases (repeatable)"),
    ] = None,
    market: Annotated[str | None, Query(max_length=8, description="Only operators of this market")] = None,
) -> StrategyOut:
    return analysis.strategy_of(store, since, operator or (), market)
