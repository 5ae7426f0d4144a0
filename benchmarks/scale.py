"""Scale-out: documents/s ingesting 5,000 generated pages into PostgreSQL with 1 and with 2 Celery workers.

For each worker count, in one run: a fresh PostgreSQL database, the pages
staged in its blob table (as `telcoradar ingest --distributed` does; not
timed), N worker processes (`celery worker -c 1`) started and ready, then
the clock runs from queuing the 5,000 tasks until the 5,000th snapshot is
stored. Prints documents/s for each and the ratio (target >= 1.7x on a
2-core machine), with the CPU the workers got and the load average, since
PostgreSQL, Redis and anything else running share the same cores. Figures
only; nothing is asserted.

`python benchmarks/scale.py [COUNT]`. PostgreSQL and Redis from
TELCORADAR_TEST_POSTGRES_URL and TELCORADAR_TEST_REDIS_URL (default: both on
127.0.0.1); without them it says so and exits.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url

from telcoradar.jobs import celery_app, distributed
from telcoradar.store import open_store
from telcoradar.store.schema import SnapshotRow

COUNT = 5000
POSTGRES = (
    os.environ.get("TELCORADAR_TEST_POSTGRES_URL")
    or "postgresql+psycopg://postgres:postgres@127.0.0.1/postgres"
)
REDIS = os.environ.get("TELCORADAR_TEST_REDIS_URL") or "redis://127.0.0.1:6379/0"
BROKER = REDIS.rsplit("/", 1)[0] + "/14"


def run(workers: int, folder: Path, count: int) -> tuple[float, float]:
    """Seconds for `workers` worker processes to store `count` staged pages, and the CPU seconds they used."""
    name = f"telcoradar_scale_{uuid.uuid4().hex[:8]}"
    admin = create_engine(POSTGRES, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(POSTGRES).set(database=name).render_as_string(hide_password=False)
    queue = f"telcoradar-scale-{uuid.uuid4().hex[:8]}"
    env = dict(os.environ, TELCORADAR_DATABASE_URL=url, TELCORADAR_BROKER_URL=BROKER, TELCORADAR_QUEUE=queue)
    celery_app.app.close()
    celery_app.app.conf.update(celery_app.celery_config(env))
    processes: list[subprocess.Popen[bytes]] = []
    logs = Path(tempfile.mkdtemp(prefix="telcoradar-scale-"))
    try:
        with open_store(url) as store:
            staged = distributed.stage_paths(store, [folder], max_bytes=1 << 26).staged
            for index in range(workers):
                log = logs / f"w{index}.log"
                with log.open("wb") as out:
                    command = [sys.executable, "-m", "celery", "-A", "telcoradar.jobs.celery_app", "worker"]
                    command += ["-c", "1", "--pool=prefork", "-n", f"w{index}@%h", "--loglevel=INFO"]
                    command += ["--without-gossip", "--without-mingle", "--without-heartbeat"]
                    processes.append(subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT))
            for index in range(workers):
                while b" ready." not in (logs / f"w{index}.log").read_bytes():
                    time.sleep(0.1)
            start = time.perf_counter()
            celery_app.queue_documents(staged)
            while True:
                with store.read() as session:
                    done = session.scalar(select(func.count()).select_from(SnapshotRow)) or 0
                if done >= count:
                    seconds = time.perf_counter() - start
                    break
                time.sleep(0.25)
    finally:
        before = _children_cpu()
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(30)
        celery_app.app.close()
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
    return seconds, _children_cpu() - before


def _children_cpu() -> float:
    """CPU seconds used by finished child processes (the workers and their pool processes)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def reachable() -> str | None:
    try:
        import redis

        redis.Redis.from_url(BROKER).ping()
        create_engine(POSTGRES).connect().close()
    except Exception as exc:
        return f"{type(exc).__name__}: {exc}"
    return None


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else COUNT
    problem = reachable()
    if problem:
        print(f"skipped: needs PostgreSQL and Redis ({problem})")
        return
    print(f"{os.cpu_count()} CPUs; PostgreSQL and Redis on this machine")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        size = 0
        for index, (_uri, data) in enumerate(corpus.pages(count)):
            (folder / f"page-{index:05d}.html").write_bytes(data)
            size += len(data)
        print(f"{count} pages, {size / 1e6:.1f} MB")
        rates = {}
        for workers in (1, 2):
            seconds, cpu = run(workers, folder, count)
            rates[workers] = count / seconds
            noun = "worker " if workers == 1 else "workers"
            print(
                f"{workers} {noun}   {seconds:7.1f} s  {rates[workers]:7.1f} docs/s  "
                f"(workers used {cpu / seconds:.2f} CPUs, {cpu / count * 1000:.0f} ms CPU a document; "
                f"load average {os.getloadavg()[0]:.1f})"
            )
    print(f"2 workers / 1 worker: {rates[2] / rates[1]:.2f}x (target >= 1.7x)")


if __name__ == "__main__":
    main()
