"""Competitor moves: each once however many documents report it, with every mention on request."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, HTTPException, Path, Query

from telcoradar.model import DOMAINS, EVENT_KINDS
from telcoradar.store.browse import event_page
from telcoradar.store.facts import get_event, mentions_of
from telcoradar.web.deps import CurrentUser, StoreDep
from telcoradar.web.errors import ERROR_RESPONSES
from telcoradar.web.facts import event_out
from telcoradar.web.schemas import EventOut, EvidenceOut, Page

router = APIRouter(prefix="/api/events", tags=["events"], responses=ERROR_RESPONSES)


class EventDetail(EventOut):
    mentions: list[EvidenceOut]


@router.get("", response_model=Page[EventOut], summary="Competitor moves, newest first")
def list_events(
    store: StoreDep,
    _caller: CurrentUser,
    domain: Annotated[str | None, Query(pattern="^(" + "|".join(DOMAINS) + ")$")] = None,
    kind: Annotated[str | None, Query(pattern="^(" + "|".join(EVENT_KINDS) + ")$")] = None,
    operator: Annotated[str | None, Query(max_length=64)] = None,
    since: Annotated[dt.date | None, Query(description="Moves dated from this day on")] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> Page[EventOut]:
    with store.read() as session:
        total, rows = event_page(
            session, domain=domain, kind=kind, operator=operator, since=since, limit=limit, offset=offset
        )
        items = [event_out(event, mention) for event, mention in rows]
    return Page[EventOut](total=total, limit=limit, offset=offset, items=items)


@router.get("/{event_id}", response_model=EventDetail, summary="One move and every report of it")
def one_event(
    event_id: Annotated[int, Path(ge=1, le=2**62)], store: StoreDep, _caller: CurrentUser
) -> EventDetail:
    with store.read() as session:
        event = get_event(session, event_id)
        if event is None:
            raise HTTPException(404, f"no event {event_id}")
        mentions = [
            EvidenceOut(quote=m["quote"], start=m["start"], end=m["end"], snapshot_id=m["snapshot_id"])
            for m in mentions_of(session, event_id)
        ]
        base = event_out(event, None)
    return EventDetail(
        **{**base.model_dump(), "evidence": mentions[0] if mentions else None}, mentions=mentions
    )
