"""`telcoradar worker`, `telcoradar beat` and `telcoradar failed`: running the pipeline on Celery workers.

Registered on the main app by `telcoradar.cli`; each command is a few lines over
`jobs.celery_app` and `store.failed`.
"""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from celery import Celery

SCALE_EXTRA = "Celery is not installed: pip install 'telcoradar[scale]'"


def _celery() -> Celery:
    from telcoradar.cli.common import fail

    try:
        from telcoradar.jobs.celery_app import app
    except ImportError:
        fail(SCALE_EXTRA)
    return app


def worker(
    concurrency: Annotated[
        int | None, typer.Option("--concurrency", "-c", help="Worker processes (default: one a CPU).")
    ] = None,
    beat: Annotated[
        bool, typer.Option("--beat", help="Also run the schedule (one such worker only).")
    ] = False,
    loglevel: Annotated[str, typer.Option("--loglevel", help="DEBUG, INFO, WARNING or ERROR.")] = "INFO",
) -> None:
    """Run a Celery worker that fetches, reads, extracts and stores queued work (TELCORADAR_BROKER_URL)."""
    app = _celery()
    argv = ["worker", f"--loglevel={loglevel}", "--pool=prefork"]
    if concurrency:
        argv.append(f"--concurrency={concurrency}")
    if beat:
        argv += ["--beat", f"--schedule={_schedule_file()}"]
    app.worker_main(argv=argv)


def beat(
    loglevel: Annotated[str, typer.Option("--loglevel", help="DEBUG, INFO, WARNING or ERROR.")] = "INFO",
) -> None:
    """Run the schedule: every minute, queue a fetch for each source that is due. Run one beat only."""
    app = _celery()
    app.start(argv=["beat", f"--loglevel={loglevel}", f"--schedule={_schedule_file()}"])


def _schedule_file() -> str:
    from telcoradar.config import data_dir

    folder = data_dir()
    folder.mkdir(parents=True, exist_ok=True)
    return str(folder / "celerybeat-schedule")


def failed(
    limit: Annotated[int, typer.Option("--limit", help="Show at most this many, newest first.")] = 50,
    as_json: Annotated[bool, typer.Option("--json", help="Print the failed tasks as a JSON list.")] = False,
) -> None:
    """List the queued documents and sources the workers could not use, with their errors."""
    from telcoradar.cli.common import console, open_db
    from telcoradar.store.failed import list_failed

    with open_db() as store, store.read() as session:
        rows = [
            {
                "task_id": row.task_id,
                "task": row.task,
                "uri": row.uri,
                "error": row.error,
                "attempts": row.attempts,
                "failed_at": row.failed_at.isoformat(timespec="seconds"),
                "args": row.args,
            }
            for row in list_failed(session, limit=limit)
        ]
    if as_json:
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
        return
    if not rows:
        console.print("no failed tasks", markup=False)
    for row in rows:
        what = row["uri"] or json.dumps(row["args"], ensure_ascii=False)
        console.print(f"{row['failed_at']}  {row['task']}  {what}", markup=False, soft_wrap=True)
        console.print(f"    {row['error']}", markup=False, soft_wrap=True)
