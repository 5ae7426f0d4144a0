"""Failed tasks: queued work that will not succeed, kept once each with its error."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from telcoradar.store.schema import Base, FailedTaskRow
from telcoradar.store.sql import insert_ignore, utc

FAILED = Base.metadata.tables["failed_tasks"]
ERROR_CHARS = 4000


def record_failure(
    session: Session,
    *,
    task_id: str,
    task: str,
    error: str,
    uri: str | None = None,
    args: dict[str, Any] | None = None,
    attempts: int = 1,
) -> bool:
    """Keep a task that failed for good; a task id already kept is left as it is (False)."""
    result = session.connection().execute(
        insert_ignore(session, FAILED),
        {
            "task_id": task_id,
            "task": task,
            "uri": uri,
            "args": dict(args or {}),
            "error": error[:ERROR_CHARS],
            "attempts": attempts,
            "failed_at": utc(),
        },
    )
    return bool(result.rowcount)


def list_failed(session: Session, *, limit: int | None = None) -> Sequence[FailedTaskRow]:
    """Failed tasks, newest first."""
    query = select(FailedTaskRow).order_by(FailedTaskRow.failed_at.desc(), FailedTaskRow.id.desc())
    if limit is not None:
        query = query.limit(limit)
    return session.scalars(query).all()


def forget_failed(session: Session, task_id: str) -> bool:
    """Drop one failed task (e.g. after fixing the cause and queuing it again)."""
    row = session.scalar(select(FailedTaskRow).where(FailedTaskRow.task_id == task_id))
    if row is None:
        return False
    session.delete(row)
    session.flush()
    return True
