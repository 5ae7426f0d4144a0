"""`telcoradar review list|accept|correct|reject|log|orphans|export-cases`: the analyst's word on facts.

Registered on the main app by `telcoradar.cli`; each command is a few lines
over `jobs.review`. A value that is no value of its field is a one-line
error and exit 2; an unknown fact, or one decided meanwhile, exit 1.
"""

from __future__ import annotations

import getpass
import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer

from telcoradar.cli.common import AsJson, console, err_console, fail, open_db

review_app = typer.Typer(
    help="Review: accept, correct or reject the facts telcoradar is unsure of; each decision lasts.",
    no_args_is_help=True,
)
FactId = Annotated[str, typer.Argument(help="The fact's id from `review list` (p12, e3, f7).")]
Who = Annotated[
    str | None, typer.Option("--who", help="Who decides (default: TELCORADAR_USER, or the login name).")
]
Version = Annotated[
    int | None,
    typer.Option("--version", help="The decision's version you saw (0: none); refused if it changed."),
]
Why = Annotated[str | None, typer.Option("--why", help="Why, in a few words (kept in the log).")]


def _who(who: str | None) -> str:
    return who or os.environ.get("TELCORADAR_USER") or getpass.getuser()


def _print_json(value: Any) -> None:
    from telcoradar.model import to_json

    sys.stdout.write(json.dumps(to_json(value), ensure_ascii=False, indent=2) + "\n")


@contextmanager
def _decisions() -> Iterator[None]:
    from telcoradar.store.decisions import Conflict, UnknownFact
    from telcoradar.store.review_fields import FieldError

    try:
        yield
    except FieldError as exc:
        err_console.print(f"error: {exc}", markup=False, highlight=False, soft_wrap=True)
        raise typer.Exit(2) from None
    except (UnknownFact, Conflict) as exc:
        fail(str(exc).strip("'\""))


def _decide(fact: str, action: str, **options: Any) -> None:
    from telcoradar.jobs.review import decide

    with _decisions(), open_db() as store:
        done = decide(store, fact, action, **options)
    fields = " ".join(f"{k}={v}" for k, v in done["fields"].items())
    console.print(
        f"{fact}: {done['review']} {fields}".rstrip() + f" (by {done['who']})", markup=False, soft_wrap=True
    )


@review_app.command("list")
def review_list(
    kind: Annotated[str | None, typer.Option("--kind", help="plan, event or figure.")] = None,
    below: Annotated[
        float | None, typer.Option("--below", help="Only facts less sure than this (0-1).")
    ] = None,
    limit: Annotated[int, typer.Option(help="At most this many.")] = 200,
    as_json: AsJson = False,
) -> None:
    """Facts awaiting review, least confident first, each with its id, fields, flags and evidence."""
    from telcoradar.jobs.review import orphans, review_queue
    from telcoradar.views import table

    if kind is not None and kind not in ("plan", "event", "figure"):
        err_console.print(f"error: --kind: {kind!r} is not plan, event or figure", markup=False)
        raise typer.Exit(2)
    with open_db() as store:
        items = review_queue(store, kind=kind, below=below, limit=limit)
        lost = orphans(store)
    if as_json:
        _print_json(items)
    else:
        rows = (
            [
                i["id"],
                f"{i['confidence']:.2f}",
                ",".join(i["flags"]),
                _summary(i["fields"]),
                i["evidence"]["quote"],
            ]
            for i in items
        )
        console.print(table("Awaiting review", ["id", "confidence", "flags", "fields", "quote"], rows))
    if lost:
        err_console.print(
            f"{len(lost)} decision(s) match nothing in their page's newest capture: see `review orphans`",
            markup=False,
        )


def _summary(fields: dict[str, Any]) -> str:
    from telcoradar.store.review_fields import as_text

    return " ".join(f"{k}={as_text(v)}" for k, v in fields.items() if v not in (None, [], ""))


@review_app.command("accept")
def review_accept(fact: FactId, who: Who = None, version: Version = None, why: Why = None) -> None:
    """Say a fact is right as extracted."""
    _decide(fact, "accept", who=_who(who), version=version, reason=why)


@review_app.command("correct")
def review_correct(
    fact: FactId,
    assignments: Annotated[
        list[str], typer.Argument(help="FIELD=VALUE, e.g. price=92 period_days=7 data_gb=30GB.")
    ],
    who: Who = None,
    version: Version = None,
    why: Why = None,
) -> None:
    """Correct fields of a fact; each value is checked as the extractor's (Decimal price, days, GB, ...)."""
    from telcoradar.store.decisions import parse_fact_id
    from telcoradar.store.review_fields import parse_assignments

    with _decisions():
        kind, _row = parse_fact_id(fact)
        fields = parse_assignments(kind, assignments)
    _decide(fact, "correct", fields=fields, who=_who(who), version=version, reason=why)


@review_app.command("reject")
def review_reject(fact: FactId, why: Why = None, who: Who = None, version: Version = None) -> None:
    """Say a fact is wrong (not a plan, not a move): it leaves plans, baskets, alerts and briefings."""
    _decide(fact, "reject", who=_who(who), version=version, reason=why)


@review_app.command("log")
def review_log(
    limit: Annotated[int, typer.Option(help="At most this many, newest first.")] = 100,
    fact: Annotated[str | None, typer.Option("--fact", help="Only the decisions on this fact id.")] = None,
    as_json: AsJson = False,
) -> None:
    """Who decided what, when, with the values before and after."""
    from telcoradar.jobs.review import review_log as read_log
    from telcoradar.views import table

    with open_db() as store:
        entries = read_log(store, limit=limit, fact=fact)
    if as_json:
        _print_json(entries)
        return
    rows = (
        [e["at"].strftime("%Y-%m-%d %H:%M"), e["who"], e["fact"], e["action"], _changes(e), e["reason"] or ""]
        for e in entries
    )
    console.print(table("Review log", ["at (UTC)", "who", "fact", "action", "changed", "why"], rows))


def _changes(entry: dict[str, Any]) -> str:
    old, new = entry["old"], entry["new"]
    return " ".join(f"{k}: {old.get(k)}→{v}" for k, v in new.items() if old.get(k) != v)


@review_app.command("orphans")
def review_orphans(as_json: AsJson = False) -> None:
    """Decisions that match nothing in their page's newest capture (the page changed under them)."""
    from telcoradar.jobs.review import orphans
    from telcoradar.views import table

    with open_db() as store:
        lost = orphans(store)
    if as_json:
        _print_json(lost)
        return
    rows = ([d["decision"], d["kind"], d["action"], d["who"], d["source"], d["quote"]] for d in lost)
    console.print(
        table("Decisions that match nothing", ["decision", "kind", "action", "who", "source", "quote"], rows)
    )


@review_app.command("export-cases")
def review_export_cases(
    folder: Annotated[Path, typer.Argument(help="Where to write the gate cases (created if missing).")],
) -> None:
    """Write the corrected and rejected facts as extraction gate cases: the quote, the fields, the reason."""
    from telcoradar.jobs.review import export_cases

    with open_db() as store:
        written = export_cases(store, folder)
    console.print(f"wrote {len(written)} cases to {folder}", markup=False, soft_wrap=True)
