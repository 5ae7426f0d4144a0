"""The review queue over the API: list, accept, correct, reject, and the audit log.

Any user reads; deciding needs the analyst role. A decision says the version
of the fact's decision the caller saw (0: none yet); when someone decided
since, the answer is 409 and nothing is written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, HTTPException, Path, Query
from pydantic import BaseModel, Field

from telcoradar.jobs import review
from telcoradar.model import to_json
from telcoradar.store.decisions import Conflict, UnknownFact
from telcoradar.store.review_fields import FieldError
from telcoradar.web.deps import CurrentUser, RequireAnalyst, StoreDep
from telcoradar.web.errors import ERROR_RESPONSES, ErrorOut

router = APIRouter(
    prefix="/api/review",
    tags=["review"],
    responses={
        **ERROR_RESPONSES,
        409: {"model": ErrorOut, "description": "Decided meanwhile by someone else"},
    },
)
FactPath = Annotated[
    str, Path(pattern="^[pefPEF][0-9]{1,18}$", description="p12 a plan, e3 an event, f7 a figure")
]
T = TypeVar("T")


class DecisionIn(BaseModel):
    version: int | None = Field(default=None, ge=0, description="The decision's version you saw (0: none)")
    reason: str | None = Field(default=None, max_length=2000)


class CorrectionIn(DecisionIn):
    fields: dict[str, str] = Field(description="FIELD: VALUE as text, checked as the extractor's values")


class DecisionOut(BaseModel):
    fact: str
    decision: int
    kind: str
    action: str
    review: str
    fields: dict[str, str]
    reason: str | None
    who: str
    decided_at: dt.datetime
    version: int
    matched: int = Field(description="How many stored facts it applies to")


def guarded(call: Callable[[], T]) -> T:
    """A review call with its errors as statuses: 404 unknown fact, 422 bad value, 409 decided meanwhile."""
    try:
        return call()
    except UnknownFact as exc:
        raise HTTPException(404, str(exc).strip("'\"")) from None
    except FieldError as exc:
        raise HTTPException(422, str(exc)) from None
    except Conflict as exc:
        raise HTTPException(409, str(exc)) from None


def _decide(store: Any, fact: str, action: str, who: str, body: DecisionIn, **extra: Any) -> DecisionOut:
    done = guarded(
        lambda: review.decide(store, fact, action, who=who, version=body.version, reason=body.reason, **extra)
    )
    return DecisionOut(**done)


@router.get("", summary="Facts awaiting review, least confident first")
def list_review(
    store: StoreDep,
    _caller: CurrentUser,
    kind: Annotated[str | None, Query(pattern="^(plan|event|figure)$")] = None,
    below: Annotated[float | None, Query(ge=0, le=1)] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> list[dict[str, Any]]:
    items = review.review_queue(store, kind=kind, below=below, limit=limit)
    return list(to_json(items))


@router.post("/{fact}/accept", response_model=DecisionOut, summary="Say a fact is right")
def accept(fact: FactPath, body: DecisionIn, store: StoreDep, caller: RequireAnalyst) -> DecisionOut:
    return _decide(store, fact, "accept", caller.name, body)


@router.post("/{fact}/correct", response_model=DecisionOut, summary="Correct fields of a fact")
def correct(fact: FactPath, body: CorrectionIn, store: StoreDep, caller: RequireAnalyst) -> DecisionOut:
    return _decide(store, fact, "correct", caller.name, body, fields=body.fields)


@router.post(
    "/{fact}/reject", response_model=DecisionOut, summary="Say a fact is wrong: it leaves every read"
)
def reject(fact: FactPath, body: DecisionIn, store: StoreDep, caller: RequireAnalyst) -> DecisionOut:
    return _decide(store, fact, "reject", caller.name, body)


@router.get("/log", summary="Who decided what and when, with the values before and after")
def review_log(
    store: StoreDep,
    _caller: CurrentUser,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    fact: Annotated[str | None, Query(max_length=24)] = None,
) -> list[dict[str, Any]]:
    return list(to_json(review.review_log(store, limit=limit, fact=fact)))


@router.get("/orphans", summary="Decisions that match nothing in their page's newest capture")
def orphans(store: StoreDep, _caller: CurrentUser) -> list[dict[str, Any]]:
    return list(to_json(review.orphans(store)))
