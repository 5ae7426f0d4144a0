"""Dashboard pages (server-rendered): tariffs, plan history, baskets, moves, operators, sources, snapshots.

Each page reads through the same functions as the API and renders a template.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, FastAPI, HTTPException, Query, Request
from fastapi.responses import RedirectResponse, Response

from telcoradar.analysis import strategy
from telcoradar.analysis.baskets import basket, load_baskets, need
from telcoradar.errors import InputError
from telcoradar.jobs.fetching import source_rows
from telcoradar.store import read
from telcoradar.store.plan_pages import PlanFilter, facets, plan_dicts, plan_page_rows, plan_versions
from telcoradar.store.read import instant
from telcoradar.store.snapshots import get_snapshot
from telcoradar.web import analysis, charts
from telcoradar.web.deps import LoginRequired, PageUser, StateDep, StoreDep
from telcoradar.web.facts import snapshot_facts, snapshot_marks
from telcoradar.web.highlight import pieces
from telcoradar.web.labels import term
from telcoradar.web.render import lang_of, page
from telcoradar.web.routes.snapshots import raw_download
from telcoradar.web.schemas import plan_out

router = APIRouter(include_in_schema=False)
PAGE_SIZE = 50
Text = Annotated[str | None, Query(max_length=100)]


def install_login_redirect(app: FastAPI) -> None:
    @app.exception_handler(LoginRequired)
    async def to_login(request: Request, _exc: LoginRequired) -> Response:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/login?next={quote(target)}", status_code=303)


def blank(value: str | None) -> str | None:
    return value or None


@router.get("/")
def home(_caller: PageUser) -> Response:
    return RedirectResponse("/plans", status_code=303)


@router.get("/plans")
def plans_page(
    request: Request,
    state: StateDep,
    caller: PageUser,
    operator: Text = None,
    region: Text = None,
    audience: Text = None,
    at: Annotated[str | None, Query(max_length=10)] = None,
    sort: Annotated[str, Query(max_length=20)] = "operator",
    page_no: Annotated[int, Query(alias="page", ge=1, le=100_000)] = 1,
) -> Response:
    try:
        day = dt.date.fromisoformat(at) if at else None
    except ValueError:
        raise InputError(at or "", "not a date (YYYY-MM-DD)") from None
    where = PlanFilter(blank(operator), blank(region), blank(audience), instant(day))
    with state.store.read() as session:
        offset = (page_no - 1) * PAGE_SIZE
        found = plan_page_rows(session, where, sort=sort, limit=PAGE_SIZE, offset=offset, memo=state.memo)
        total, rows = found[0], plan_dicts(found[1])
        menus = facets(session, state.memo)
    filters = {"operator": operator or "", "region": region or "", "audience": audience or "", "at": at or ""}

    def link(**changes: Any) -> str:
        query = {**filters, "sort": sort, "page": page_no, **changes}
        return "/plans?" + urlencode({k: v for k, v in query.items() if v not in ("", None)})

    return page(
        request,
        "plans.html",
        caller,
        plans=[plan_out(row) for row in rows],
        total=total,
        page_no=page_no,
        pages=max(1, -(-total // PAGE_SIZE)),
        menus=menus,
        filters=filters,
        sort=sort,
        link=link,
    )


@router.get("/plans/{key}")
def plan_page_history(request: Request, key: str, store: StoreDep, caller: PageUser) -> Response:
    with store.read() as session:
        versions = [plan_out(row) for row in plan_versions(session, key)]
    if not versions:
        raise HTTPException(404, f"no plan with key {key}")
    return page(request, "history.html", caller, versions=versions, plan=versions[-1])


@router.get("/compare")
def compare_page(
    request: Request,
    store: StoreDep,
    caller: PageUser,
    basket_name: Annotated[str | None, Query(alias="basket", max_length=64)] = None,
    days: Annotated[int | None, Query(ge=1, le=3650)] = None,
    gb: Annotated[float, Query(ge=0, le=100_000)] = 0,
    minutes: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
    region: Text = None,
) -> Response:
    baskets = load_baskets()
    chosen = basket_name or (None if days else next(iter(baskets)))
    wanted = basket(chosen) if chosen else need(days or 30, gb, minutes)
    result = analysis.compare(store, wanted, region=blank(region), at=None)
    with store.read() as session:
        menus = facets(session)
    lang = lang_of(request)
    title = term(lang, "basket", chosen, wanted.label) if chosen else wanted.describe()
    svg = charts.basket_chart(lang, title, result.options)
    return page(
        request,
        "compare.html",
        caller,
        baskets=baskets,
        chosen=chosen or "",
        days=days or "",
        gb=gb,
        minutes=minutes,
        region=region or "",
        menus=menus,
        result=result,
        need_label=title,
        chart=svg,
    )


@router.get("/moves")
def moves_page(
    request: Request,
    store: StoreDep,
    caller: PageUser,
    since: Annotated[str | None, Query(max_length=10)] = None,
) -> Response:
    try:
        start = dt.date.fromisoformat(since) if since else None
    except ValueError:
        raise InputError(since or "", "not a date (YYYY-MM-DD)") from None
    with store.read() as session:
        events = read.events(session, since=start)
    if start is None:
        # the year before the newest dated move the store holds, not before the clock: an archive
        # of last year's news still shows its moves
        dated = [e.date for e in events if e.date is not None]
        start = (max(dated) if dated else dt.date.today()) - dt.timedelta(days=365)
        events = [e for e in events if e.date is not None and e.date >= start]
    changes = analysis.moves(store, start, None, region=None, operator=None)
    events.sort(key=lambda e: e.date or dt.date.min, reverse=True)
    svg = charts.timeline_chart(lang_of(request), events)
    return page(request, "moves.html", caller, since=start, changes=changes, events=events, chart=svg)


@router.get("/operators")
def operators_page(request: Request, store: StoreDep, caller: PageUser, operator: Text = None) -> Response:
    with store.read() as session:
        events = read.events(session)
    profiles = strategy.profiles(events)
    money = strategy.money_announced(events)
    chosen = strategy.profile(events, operator) if operator else None
    mine = [e for e in events if operator in e.operators] if operator else []
    return page(
        request,
        "operators.html",
        caller,
        profiles=profiles,
        domain_counts={op: counts.most_common() for op, counts in strategy.domain_counts(events).items()},
        money_by={op: sorted(amounts.items()) for op, amounts in money.items()}
        | {p["operator"]: [] for p in profiles if p["operator"] not in money},
        chosen=chosen,
        operator=operator or "",
        events=sorted(mine, key=lambda e: e.date or dt.date.min, reverse=True),
        domains=analysis.strategy_of(store, None).domains,
    )


@router.get("/sources")
def sources_page(request: Request, store: StoreDep, caller: PageUser) -> Response:
    return page(request, "sources.html", caller, sources=source_rows(store))


@router.get("/upload")
def upload_page(request: Request, caller: PageUser) -> Response:
    return page(request, "upload.html", caller)


@router.get("/briefing")
def briefing_page(request: Request, caller: PageUser) -> Response:
    return page(request, "briefing.html", caller)


@router.get("/snapshots/{snapshot_id}")
def snapshot_page(request: Request, snapshot_id: int, store: StoreDep, caller: PageUser) -> Response:
    with store.read() as session:
        row = get_snapshot(session, snapshot_id)
        if row is None:
            raise HTTPException(404, f"no snapshot {snapshot_id}")
        facts = snapshot_facts(session, snapshot_id)
        text = pieces(row.text, snapshot_marks(session, row, lang_of(request)))
    return page(request, "snapshot.html", caller, facts=facts, pieces=text)


@router.get("/snapshots/{snapshot_id}/download")
def snapshot_download(snapshot_id: int, store: StoreDep, _caller: PageUser) -> Response:
    """The snapshot page's Download link: the captured bytes for a logged-in browser."""
    return raw_download(store, snapshot_id)


@router.get("/docs")
def docs_page(request: Request, caller: PageUser) -> Response:
    spec = request.app.openapi()
    operations = [
        {"method": method.upper(), "path": path, "summary": op.get("summary", ""), "tags": op.get("tags", [])}
        for path, methods in spec.get("paths", {}).items()
        for method, op in methods.items()
    ]
    return page(request, "docs.html", caller, operations=operations, spec=spec)
