"""The Celery app: the pipeline's pieces as tasks for workers fed by Redis.

Configured from the environment (`TELCORADAR_BROKER_URL`, and
`TELCORADAR_DATABASE_URL` for the store every worker writes to). Results are
not kept: the store is the result. Start a worker with `telcoradar worker`
(or `celery -A telcoradar.jobs.celery_app worker`), the schedule with
`telcoradar beat`.

Delivery guarantees, in order:

- a message is acknowledged after its task ran (acks_late), and put back
  when the worker running it dies (reject_on_worker_lost, and Redis's
  visibility timeout when the whole worker is gone);
- running a task twice stores once (the SHA-256 check of `ingest_bytes`);
- transient errors (database or network connections) are retried with
  exponential backoff, at most MAX_RETRIES times;
- anything else, and transient errors after the last retry, go to the
  `failed_tasks` table with their error, as does a message delivered
  MAX_DELIVERIES times without its task ever finishing (a document that
  kills its worker): a poison document never loops.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from collections.abc import Mapping
from typing import Any

from celery import Celery, Task
from celery.signals import worker_process_shutdown
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from telcoradar.config import Settings
from telcoradar.errors import InputError
from telcoradar.jobs import distributed
from telcoradar.jobs.pipeline import Steps, default_steps
from telcoradar.sources import Fetcher
from telcoradar.store import Store, open_store
from telcoradar.store.failed import record_failure
from telcoradar.store.sql import utc

log = logging.getLogger(__name__)

QUEUE = "telcoradar"
VISIBILITY_TIMEOUT = 3600  # seconds before a message taken by a vanished worker is delivered again
TIME_LIMIT = 600  # seconds one task may run
MAX_RETRIES = 5
MAX_DELIVERIES = 3  # deliveries of one attempt that never finished before it counts as poison
CHECK_DUE_EVERY = 60.0
TRANSIENT: tuple[type[BaseException], ...] = (
    OperationalError,
    InterfaceError,
    PoolTimeout,
    ConnectionError,
    TimeoutError,
)


def celery_config(env: Mapping[str, str] = os.environ) -> dict[str, Any]:
    """Celery settings from the environment; see the module docstring for why each is set."""
    visibility = int(env.get("TELCORADAR_VISIBILITY_TIMEOUT") or VISIBILITY_TIMEOUT)
    limit = int(env.get("TELCORADAR_TASK_TIME_LIMIT") or TIME_LIMIT)
    return {
        "broker_url": env.get("TELCORADAR_BROKER_URL") or Settings.from_env().broker_url,
        "result_backend": env.get("TELCORADAR_RESULT_BACKEND") or None,
        "task_ignore_result": True,
        "task_default_queue": env.get("TELCORADAR_QUEUE") or QUEUE,
        "task_serializer": "json",
        "accept_content": ["json"],
        "task_acks_late": True,
        "task_reject_on_worker_lost": True,
        "worker_prefetch_multiplier": 1,
        # a document that hangs its extractor is stopped and kept as failed; keep it below the
        # visibility timeout, or Redis hands a task still running to a second worker
        "task_soft_time_limit": limit,  # raised inside the task: kept in failed_tasks like any error
        "task_time_limit": limit + 30,  # the pool process is killed if the task ignores the first
        "broker_connection_retry_on_startup": True,
        "broker_transport_options": {
            "visibility_timeout": visibility,
            # look for messages of vanished workers a few times per visibility timeout
            "unacked_restore_interval": max(1, min(10, visibility // 4)),
            "unacked_restore_throttle": 1,
        },
        "beat_schedule": {
            "check-due-sources": {"task": "telcoradar.enqueue_due", "schedule": CHECK_DUE_EVERY},
        },
        "timezone": "UTC",
    }


app = Celery("telcoradar")
app.conf.update(celery_config())


class _Process:
    """What one worker process opens once: the store, the extractors, an HTTP client."""

    pid = -1
    store: Store | None = None
    steps: Steps | None = None
    fetcher: Fetcher | None = None


def _mine() -> type[_Process]:
    if _Process.pid != os.getpid():  # a forked child opens its own connections
        _Process.pid, _Process.store, _Process.steps, _Process.fetcher = os.getpid(), None, None, None
    return _Process


def close_worker() -> None:
    """Close what this process opened (a worker shutting down, or a test switching databases)."""
    own = _mine()
    if own.store is not None:
        own.store.close()
    if own.fetcher is not None:
        own.fetcher.close()
    own.store, own.steps, own.fetcher = None, None, None


def _on_shutdown(**_: Any) -> None:
    close_worker()


worker_process_shutdown.connect(_on_shutdown, weak=False)


def worker_store() -> Store:
    own = _mine()
    if own.store is None:
        own.store = open_store(Settings.from_env().database_url)
    return own.store


def worker_steps() -> Steps:
    own = _mine()
    if own.steps is None:
        own.steps = default_steps()
    return own.steps


def worker_fetcher() -> Fetcher:
    own = _mine()
    if own.fetcher is None:
        allow_private = os.environ.get("TELCORADAR_ALLOW_PRIVATE", "") in ("1", "true", "yes")
        own.fetcher = Fetcher(allow_private=allow_private, max_bytes=Settings.from_env().max_bytes)
    return own.fetcher


class PipelineTask(Task):  # type: ignore[misc]
    """Late acknowledgement, retries on transient errors, failures kept in the store."""

    acks_late = True
    reject_on_worker_lost = True
    autoretry_for = TRANSIENT
    max_retries = MAX_RETRIES
    retry_backoff = 2
    retry_backoff_max = 300
    retry_jitter = True

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        count = deliveries(self.request.id, self.request.retries)
        if count > MAX_DELIVERIES:
            error = f"delivered {count} times without finishing: the worker died running it"
            self.keep_failure(error, kwargs)
            return None
        try:
            return super().__call__(*args, **kwargs)
        except InputError as exc:  # a document that cannot be used: kept, acknowledged, never retried
            self.keep_failure(str(exc), kwargs)
            return None

    def on_failure(self, exc: Exception, task_id: str, args: Any, kwargs: Any, einfo: Any) -> None:
        """Any other error, and a transient one after the last retry, is kept with its type and message."""
        name, message = type(exc).__name__, str(exc)
        wrapped: Any = exc
        if hasattr(wrapped, "exc_cls_name"):  # an exception Celery could not pickle, wrapped
            name, message = wrapped.exc_cls_name, " ".join(map(str, wrapped.exc_args)) or message
        self.keep_failure(f"{name}: {message}", kwargs)

    def keep_failure(self, error: str, kwargs: Mapping[str, Any]) -> None:
        uri = kwargs.get("uri")
        try:
            with worker_store().write() as session:
                record_failure(
                    session,
                    task_id=str(self.request.id),
                    task=str(self.name),
                    error=error,
                    uri=str(uri) if uri is not None else None,
                    args=_plain(kwargs),
                    attempts=int(self.request.retries or 0) + 1,
                )
        except Exception:  # the store itself is down: say so in the log, never loop
            log.exception("could not record failed task %s: %s", self.request.id, error)


def deliveries(task_id: str | None, retries: int | None) -> int:
    """How often this attempt of a task has been delivered (1 the first time); 1 without Redis."""
    url = str(app.conf.broker_url or "")
    if not task_id or not url.startswith(("redis://", "rediss://", "unix://")):
        return 1
    key = f"telcoradar:deliveries:{task_id}:{retries or 0}"
    try:
        with _redis(url).pipeline() as pipe:
            pipe.incr(key)
            pipe.expire(key, 7 * 86400)
            count, _ = pipe.execute()
    except Exception:  # no count without Redis: the message is still acknowledged late
        log.warning("could not count deliveries of task %s", task_id, exc_info=True)
        return 1
    return int(count)


_REDIS: dict[str, Any] = {}


def _redis(url: str) -> Any:
    key = f"{os.getpid()}:{url}"
    if key not in _REDIS:
        import redis

        _REDIS[key] = redis.Redis.from_url(url)
    return _REDIS[key]


def _plain(kwargs: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v if isinstance(v, str | int | float | bool | None) else str(v) for k, v in kwargs.items()}


@app.task(base=PipelineTask, bind=True, name="telcoradar.ingest_document")  # type: ignore[untyped-decorator]
def ingest_document(
    self: PipelineTask,
    uri: str,
    sha256: str | None = None,
    captured_at: str | None = None,
    content_type: str | None = None,
) -> dict[str, Any]:
    """Read, extract and store one document: staged bytes by digest, a URL, or a shared file."""
    result = distributed.ingest_staged(
        worker_store(),
        uri,
        sha256,
        max_bytes=Settings.from_env().max_bytes,
        captured_at=captured_at,
        content_type=content_type,
        steps=worker_steps(),
        fetch=worker_fetcher().fetch,
    )
    return {"snapshot_id": result.snapshot_id, "new": result.new, "plans": result.plans}


@app.task(base=PipelineTask, bind=True, name="telcoradar.fetch_source")  # type: ignore[untyped-decorator]
def fetch_source(self: PipelineTask, source_id: int, queued_at: str | None = None) -> str | None:
    """Fetch one registered source and store what changed; skipped if fetched since it was queued."""
    when = dt.datetime.fromisoformat(queued_at) if queued_at else None
    outcome = distributed.fetch_queued(
        worker_store(), worker_fetcher(), source_id, queued_at=when, steps=worker_steps()
    )
    return None if outcome is None else outcome.summary()


@app.task(base=PipelineTask, bind=True, name="telcoradar.enqueue_due")  # type: ignore[untyped-decorator]
def enqueue_due(self: PipelineTask, everything: bool = False) -> int:
    """Queue a fetch for every due source (the beat schedule runs this every minute)."""
    return queue_sources(distributed.due_source_ids(worker_store(), everything=everything))


def queue_sources(source_ids: list[int]) -> int:
    queued_at = utc().isoformat()
    for source_id in source_ids:
        fetch_source.apply_async(kwargs={"source_id": source_id, "queued_at": queued_at})
    return len(source_ids)


def queue_documents(staged: list[distributed.Staged]) -> int:
    """Queue one ingest task a document, in one connection to the broker."""
    with app.producer_or_acquire() as producer:
        for item in staged:
            ingest_document.apply_async(kwargs=item.as_kwargs(), producer=producer)
    return len(staged)
