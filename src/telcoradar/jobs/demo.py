"""The demo: the bundled corpus into a fresh SQLite store, a briefing out.

The corpus (`data/demo/`) holds two dated captures of the same sources;
`manifest.toml` lists each file with the URI and capture time it stands for.
Files are ingested in the manifest's order, so the second capture moves the
plan versions forward and the briefing has price changes, new and withdrawn
plans to report.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from telcoradar.errors import ConfigError

DB_NAME = "telcoradar-demo.sqlite"


@dataclass(frozen=True)
class CorpusFile:
    path: str
    uri: str
    fetched_at: dt.datetime
    content_type: str | None

    def read_bytes(self) -> bytes:
        return resources.files("telcoradar").joinpath("data", "demo", *self.path.split("/")).read_bytes()


@dataclass
class DemoResult:
    database: Path
    outputs: list[Path]
    findings: list[str]
    ingested: int = 0
    errors: list[tuple[str, str]] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # formats not written, with the reason


def demo_corpus() -> list[CorpusFile]:
    """The corpus files in ingestion order."""
    text = resources.files("telcoradar").joinpath("data", "demo", "manifest.toml").read_text(encoding="utf-8")
    entries: list[dict[str, Any]] = tomllib.loads(text)["file"]
    files = [
        CorpusFile(str(e["path"]), str(e["uri"]), _aware(e["fetched_at"]), e.get("content_type"))
        for e in entries
    ]
    return sorted(files, key=lambda f: f.fetched_at)


def _aware(value: dt.datetime | dt.date) -> dt.datetime:
    if not isinstance(value, dt.datetime):
        value = dt.datetime.combine(value, dt.time(9), tzinfo=dt.UTC)
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def run_demo(out_dir: str | Path = "demo-output", lang: str = "zh", pdf: bool = True) -> DemoResult:
    """Ingest the corpus into `out_dir`/telcoradar-demo.sqlite (made afresh) and write the briefing."""
    from telcoradar.errors import InputError
    from telcoradar.jobs.briefing import gather
    from telcoradar.jobs.pipeline import ingest_bytes
    from telcoradar.report import build_briefing, write_briefing
    from telcoradar.store import open_store

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    database = out / DB_NAME
    database.unlink(missing_ok=True)
    result = DemoResult(database=database, outputs=[], findings=[])
    store = open_store(f"sqlite:///{database}")
    try:
        for item in demo_corpus():
            try:
                ingest_bytes(
                    store,
                    item.read_bytes(),
                    item.uri,
                    content_type=item.content_type,
                    fetched_at=item.fetched_at,
                )
                result.ingested += 1
            except InputError as exc:
                result.errors.append((item.uri, str(exc)))
        briefing = build_briefing(gather(store), lang)
    finally:
        store.close()
    for suffix in (".html", ".md", ".pdf"):
        if suffix == ".pdf" and not pdf:
            continue
        try:
            result.outputs.append(write_briefing(briefing, out / f"briefing{suffix}"))
        except ConfigError as exc:
            result.skipped.append(f"{suffix}: {exc}")
    result.findings = [sentence.text for sentence in briefing.headlines]
    return result
