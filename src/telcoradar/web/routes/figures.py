"""Market figures: sizes, users, growth, each with the quote it came from."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from telcoradar.store.browse import figure_page
from telcoradar.web.deps import CurrentUser, StoreDep
from telcoradar.web.errors import ERROR_RESPONSES
from telcoradar.web.facts import figure_out
from telcoradar.web.schemas import FigureOut, Page

router = APIRouter(prefix="/api/figures", tags=["figures"], responses=ERROR_RESPONSES)


@router.get("", response_model=Page[FigureOut], summary="Market figures with their evidence")
def list_figures(
    store: StoreDep,
    _caller: CurrentUser,
    measure: Annotated[str | None, Query(max_length=100, description="Measures containing this text")] = None,
    operator: Annotated[str | None, Query(max_length=64)] = None,
    year: Annotated[int | None, Query(ge=1900, le=2200)] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> Page[FigureOut]:
    with store.read() as session:
        total, rows = figure_page(
            session, measure=measure, operator=operator, year=year, limit=limit, offset=offset
        )
        items = [figure_out(row) for row in rows]
    return Page[FigureOut](total=total, limit=limit, offset=offset, items=items)
