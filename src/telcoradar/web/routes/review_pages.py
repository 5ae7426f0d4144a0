"""The review page: the queue beside one fact, its quote marked in its snapshot, and its fields to edit.

Viewers see the queue and the evidence; analysts and admins also get the
forms (accept, correct, reject) and the keys: j/k move, a accepts, e edits
(Enter saves the correction), r rejects. Every form carries the CSRF token
and the version of the decision the page showed.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse, Response

from telcoradar.jobs import review
from telcoradar.store.review_fields import as_text
from telcoradar.web.deps import PageAnalyst, PageUser, StoreDep
from telcoradar.web.highlight import Mark, pieces
from telcoradar.web.render import page
from telcoradar.web.routes.review import guarded

router = APIRouter(include_in_schema=False)
FIELD_PREFIX = "f_"


@router.get("/review")
def review_page(
    request: Request,
    store: StoreDep,
    caller: PageUser,
    fact: Annotated[str | None, Query(max_length=24)] = None,
    kind: Annotated[str | None, Query(pattern="^(plan|event|figure)$")] = None,
) -> Response:
    items = review.review_queue(store, kind=kind, limit=200)
    at = next((i for i, item in enumerate(items) if item["id"] == fact), 0)
    selected = items[at] if items else None
    context: dict[str, Any] = {"items": items, "selected": selected, "kind": kind or "", "pieces": []}
    context["titles"] = {item["id"]: title(item["fields"]) for item in items}
    if selected is not None:
        evidence = selected["evidence"]
        text, begin = review.snapshot_window(
            store, evidence["snapshot_id"], evidence["start"], evidence["end"]
        )
        mark = Mark(selected["kind"], evidence["start"] - begin, evidence["end"] - begin, selected["id"])
        context["pieces"] = pieces(text, [mark])
        context["fields"] = [
            (name, as_text(value)) for name, value in selected["fields"].items() if name != "sentence"
        ]
        context["next_id"] = items[(at + 1) % len(items)]["id"]
        context["prev_id"] = items[at - 1]["id"]
    return page(request, "review.html", caller, can_decide=caller.may("analyst"), **context)


def title(fields: dict[str, Any]) -> str:
    """A fact's line in the queue: a plan's name, days and price; a figure's measure; a move's words."""
    if "price" in fields:
        days = f" · {fields['period_days']}d" if fields["period_days"] else ""
        return f"{fields['name']}{days} · {as_text(fields['price'])} {fields['currency']}"
    if "measure" in fields:
        return f"{fields['measure']} {as_text(fields['value'])} {fields['unit']}"
    return str(fields.get("sentence", ""))[:80]


@router.post("/review/{fact}")
async def review_form(request: Request, fact: str, store: StoreDep, caller: PageAnalyst) -> Response:
    form = await request.form()
    action = str(form.get("action", ""))
    version = str(form.get("version", ""))
    reason = str(form.get("why", "")).strip() or None
    posted = {k[len(FIELD_PREFIX) :]: str(v) for k, v in form.items() if k.startswith(FIELD_PREFIX)}
    options: dict[str, Any] = {
        "who": caller.name,
        "reason": reason,
        "version": int(version) if version.isdigit() else None,
    }
    if action == "correct":
        options["fields"] = guarded(lambda: review.changed_fields(store, fact, posted))
    guarded(lambda: review.decide(store, fact, action, **options))
    target = str(form.get("next", "")) or ""
    return RedirectResponse(
        f"/review?fact={target}" if target and target != fact else "/review", status_code=303
    )
