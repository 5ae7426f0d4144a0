"""Plans on offer (filtered, sorted, paginated) and one plan's versions over time."""

from __future__ import annotations

import datetime as dt
import json
from typing import Annotated

from fastapi import APIRouter, HTTPException, Path, Query
from fastapi.responses import Response

from telcoradar.store.plan_pages import SORTS, PlanFilter, facets, plan_page_rows, plan_versions
from telcoradar.store.read import instant
from telcoradar.web.deps import CurrentUser, StateDep, StoreDep
from telcoradar.web.errors import ERROR_RESPONSES
from telcoradar.web.schemas import Facets, Page, PlanOut, plan_item, plan_out

router = APIRouter(prefix="/api/plans", tags=["plans"], responses=ERROR_RESPONSES)
SORT_PATTERN = "^-?(" + "|".join(SORTS) + ")$"
KEY_PATTERN = "^[0-9a-f]{32}$"
Text = Annotated[str | None, Query(max_length=100)]


@router.get("", response_model=Page[PlanOut], summary="Plans on offer now or at a date")
async def list_plans(
    state: StateDep,
    _caller: CurrentUser,
    operator: Text = None,
    region: Text = None,
    audience: Text = None,
    at: Annotated[dt.date | None, Query(description="Plans on offer at the end of this day (UTC)")] = None,
    sort: Annotated[str, Query(pattern=SORT_PATTERN, description="A column, '-' first for descending")] = (
        "operator"
    ),
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> Response:
    # On the event loop: a page is a few indexed lookups, about what a hop to the thread pool costs.
    where = PlanFilter(operator=operator, region=region, audience=audience, at=instant(at))
    with state.store.read() as session:
        total, rows = plan_page_rows(session, where, sort=sort, limit=limit, offset=offset, memo=state.memo)
    page = {"total": total, "limit": limit, "offset": offset, "items": [plan_item(row) for row in rows]}
    # Serialized directly: the tests check these items against PlanOut's schema.
    return Response(json.dumps(page, ensure_ascii=False, check_circular=False), media_type="application/json")


@router.get("/facets", response_model=Facets, summary="Operators, regions and audiences of current plans")
def plan_facets(state: StateDep, _caller: CurrentUser) -> Facets:
    with state.store.read() as session:
        return Facets(**facets(session, state.memo))


@router.get("/{key}/history", response_model=list[PlanOut], summary="Every version of one plan")
def plan_history(
    key: Annotated[str, Path(pattern=KEY_PATTERN)], store: StoreDep, _caller: CurrentUser
) -> list[PlanOut]:
    with store.read() as session:
        rows = plan_versions(session, key)
    if not rows:
        raise HTTPException(404, f"no plan with key {key}")
    return [plan_out(row) for row in rows]
