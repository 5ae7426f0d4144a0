"""Two real Celery workers on Redis and PostgreSQL: every document stored once, none lost to a killed worker.

The workers are `celery -A telcoradar.jobs.celery_app worker` processes on a
queue of their own (a unique name per run, in Redis database 15, so runs
never see each other's messages) with a visibility timeout of a few seconds,
so that the message of a killed worker comes back within the test.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from sqlalchemy import func, select

from telcoradar.jobs import celery_app, distributed
from telcoradar.store import Store, open_store
from telcoradar.store.failed import list_failed
from telcoradar.store.schema import PlanObservationRow, SnapshotRow

pytestmark = [pytest.mark.redis, pytest.mark.postgres, pytest.mark.slow]

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"
sys.path.insert(0, str(BENCHMARKS))
import corpus  # noqa: E402

VISIBILITY = 4  # seconds before the message of a vanished worker is delivered again
TEST_DB = 15


@dataclass
class Cluster:
    env: dict[str, str]
    store: Store
    logs: Path
    workers: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)
    starts: dict[str, int] = field(default_factory=dict)

    def start(self, name: str) -> subprocess.Popen[bytes]:
        """Start worker `name`, logging to `name`.log (a restarted one to `name`-2.log, and so on)."""
        command = [sys.executable, "-m", "celery", "-A", "telcoradar.jobs.celery_app", "worker"]
        command += ["-c", "1", "--pool=prefork", "-n", f"{name}@%h", "--loglevel=INFO"]
        command += ["--without-gossip", "--without-mingle", "--without-heartbeat"]
        self.starts[name] = self.starts.get(name, 0) + 1
        with self.log(name).open("wb") as log:
            process = subprocess.Popen(
                command, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )
        self.workers[name] = process
        return process

    def log(self, name: str) -> Path:
        start = self.starts[name]
        return self.logs / (f"{name}.log" if start == 1 else f"{name}-{start}.log")

    def wait_ready(self, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        for name, process in self.workers.items():
            log = self.log(name)
            while b" ready." not in log.read_bytes():
                assert process.poll() is None, log.read_text(errors="replace")
                assert time.monotonic() < deadline, f"{name} not ready: {log.read_text(errors='replace')}"
                time.sleep(0.1)

    def kill(self, name: str) -> None:
        """SIGKILL the worker and its pool process at once: nothing gets to acknowledge or clean up."""
        process = self.workers[name]
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(10)

    def stop(self) -> None:
        for process in self.workers.values():
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.workers.values():
            try:
                process.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(5)

    def snapshots(self) -> tuple[int, int]:
        with self.store.read() as session:
            row = session.execute(select(func.count(), func.count(SnapshotRow.uri.distinct()))).one()
            return int(row[0]), int(row[1])


def redis_db(url: str, number: int) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{number}"))


@pytest.fixture(scope="module")
def cluster(
    module_postgres_url: str, redis_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Cluster]:
    queue = f"telcoradar-test-{uuid.uuid4().hex[:8]}"
    env = dict(os.environ)
    env.update(
        TELCORADAR_DATABASE_URL=module_postgres_url,
        TELCORADAR_BROKER_URL=redis_db(redis_url, TEST_DB),
        TELCORADAR_QUEUE=queue,
        TELCORADAR_VISIBILITY_TIMEOUT=str(VISIBILITY),
    )
    saved = dict(celery_app.app.conf)
    celery_app.app.close()  # no broker connection made with other settings is reused
    celery_app.app.conf.update(celery_app.celery_config(env))
    store = open_store(module_postgres_url)  # creates the schema before the workers open it
    cluster = Cluster(env, store, tmp_path_factory.mktemp("workers"))
    try:
        cluster.start("w1")
        cluster.start("w2")
        cluster.wait_ready()
        yield cluster
    finally:
        cluster.stop()
        store.close()
        celery_app.app.close()
        celery_app.app.conf.update(saved)
        _drop_queue(env["TELCORADAR_BROKER_URL"], queue)


def _drop_queue(url: str, queue: str) -> None:
    import redis

    client = redis.Redis.from_url(url)
    try:
        client.delete(queue)
    finally:
        client.close()


def write_pages(folder: Path, count: int, seed: int) -> list[Path]:
    folder.mkdir()
    paths = []
    for index, (_uri, data) in enumerate(corpus.pages(count, seed=seed)):
        path = folder / f"page-{index:03d}.html"
        path.write_bytes(data)
        paths.append(path)
    return paths


def wait_for(predicate: object, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():  # type: ignore[operator]
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.2)


def test_two_workers_store_every_document_once_and_a_killed_worker_loses_none(
    cluster: Cluster, tmp_path: Path
) -> None:
    write_pages(tmp_path / "docs", 200, seed=11)
    staged = distributed.stage_paths(cluster.store, [tmp_path / "docs"], max_bytes=1 << 26)
    assert len(staged.staged) == 200 and not staged.errors
    queued = celery_app.queue_documents(staged.staged)
    queued += celery_app.queue_documents(staged.staged[:20])  # twenty documents queued twice
    assert queued == 220

    wait_for(lambda: cluster.snapshots()[0] >= 50, 60, "a quarter of the documents")
    wait_for(lambda: in_hand(cluster, "w1"), 10, "w1 to hold a task")
    cluster.kill("w1")  # mid-run: its document in hand is neither acknowledged nor finished
    killed_with = in_hand(cluster, "w1")

    wait_for(lambda: cluster.snapshots()[1] == 200, 75, "all 200 documents")
    # the message the killed worker held comes back after the visibility timeout, to the one worker
    # left, and is done there (w1 stays down until then, so the redelivery cannot go to it instead)
    assert killed_with
    wait_for(
        lambda: killed_with <= task_ids(cluster, "w2", "succeeded"),
        VISIBILITY + 30,
        "the killed worker's task to be done again by w2",
    )
    cluster.start("w1")  # back to two workers for the next tests
    cluster.wait_ready()
    time.sleep(VISIBILITY + 2)  # let any redelivered message run: it must store nothing more
    total, uris = cluster.snapshots()
    assert (total, uris) == (200, 200)
    with cluster.store.read() as session:
        seqs = set(session.scalars(select(SnapshotRow.seq)))
        planned = session.scalar(select(func.sum(SnapshotRow.plan_count)))
        observed = session.scalar(select(func.count()).select_from(PlanObservationRow))
        failed = list_failed(session)
    assert seqs == {1}  # no URI captured twice
    assert planned and planned == observed  # every stored document stored whole
    assert failed == []


def task_ids(cluster: Cluster, worker: str, state: str) -> set[str]:
    text = cluster.log(worker).read_text(errors="replace")
    return set(re.findall(rf"telcoradar\.ingest_document\[([0-9a-f-]+)\] {state}", text))


def in_hand(cluster: Cluster, worker: str) -> set[str]:
    """Tasks the worker has received and not finished (with one process and prefetch 1: at most one)."""
    return task_ids(cluster, worker, "received") - task_ids(cluster, worker, "succeeded")


def test_a_poison_document_is_kept_with_its_error_and_not_retried(cluster: Cluster, tmp_path: Path) -> None:
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"%PDF-1.4\nnot really a PDF\n")
    staged = distributed.stage_paths(cluster.store, [bad], max_bytes=1 << 20)
    celery_app.queue_documents(staged.staged)

    def kept() -> bool:
        with cluster.store.read() as session:
            return any(row.uri == bad.resolve().as_uri() for row in list_failed(session))

    wait_for(kept, 30, "the failed task")
    time.sleep(VISIBILITY + 2)  # a message that came back would run again and count another attempt
    with cluster.store.read() as session:
        rows = [row for row in list_failed(session) if row.uri == bad.resolve().as_uri()]
    assert len(rows) == 1
    assert rows[0].task == "telcoradar.ingest_document"
    assert "unreadable PDF" in rows[0].error and rows[0].attempts == 1
    import redis

    client = redis.Redis.from_url(cluster.env["TELCORADAR_BROKER_URL"])
    try:
        assert client.llen(cluster.env["TELCORADAR_QUEUE"]) == 0
    finally:
        client.close()


def test_a_pool_process_killed_mid_task_has_its_task_run_again(cluster: Cluster, tmp_path: Path) -> None:
    """Only the process running the task dies: the worker rejects the message back to the queue at once."""
    write_pages(tmp_path / "docs", 30, seed=12)
    staged = distributed.stage_paths(cluster.store, [tmp_path / "docs"], max_bytes=1 << 26)
    before = cluster.snapshots()[1]
    celery_app.queue_documents(staged.staged)
    wait_for(lambda: cluster.snapshots()[1] >= before + 5, 60, "a few documents")
    wait_for(lambda: in_hand(cluster, "w2"), 10, "w2 to hold a task")
    (child,) = pool_processes(cluster.workers["w2"].pid)
    os.kill(child, signal.SIGKILL)
    killed_with = in_hand(cluster, "w2")

    wait_for(lambda: cluster.snapshots()[1] == before + 30, 60, "all 30 documents")
    total, uris = cluster.snapshots()
    assert total == uris == before + 30
    assert killed_with

    def succeeded() -> set[str]:
        return set().union(*(task_ids(cluster, name, "succeeded") for name in cluster.workers))

    # A worker logs "succeeded" after its commit, so the log can lag the stored count.
    wait_for(lambda: killed_with <= succeeded(), 30, "the killed task to succeed on a second delivery")
    assert "WorkerLostError" in cluster.log("w2").read_text(errors="replace")
    ours = {item.uri for item in staged.staged}
    with cluster.store.read() as session:
        assert [row.uri for row in list_failed(session) if row.uri in ours] == []


def pool_processes(pid: int) -> list[int]:
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    return [int(child) for child in children]
