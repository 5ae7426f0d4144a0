"""The demo: the bundled corpus into a fresh SQLite store, a briefing out.

The corpus (`data/demo/`) holds two dated captures of the same sources;
its `manifest.csv` gives each file the URI and capture time it stands for,
as any archive's manifest does for `telcoradar ingest`. The demo ingests the
folder the same way, oldest capture first, so the second capture moves the
plan versions forward and the briefing has price changes, new and withdrawn
plans to report, dated by the captures (`telcoradar ingest` on the folder by
hand gives the same store).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from telcoradar.errors import ConfigError
from telcoradar.jobs.pipeline import Target

DB_NAME = "telcoradar-demo.sqlite"


def corpus_folder() -> Path:
    """The bundled corpus on disk (package data is installed as files)."""
    return Path(str(resources.files("telcoradar").joinpath("data", "demo")))


@dataclass
class DemoResult:
    database: Path
    outputs: list[Path]
    findings: list[str]
    ingested: int = 0
    errors: list[tuple[str, str]] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # formats not written, with the reason


def demo_corpus() -> list[Target]:
    """The corpus files in ingestion order (oldest capture first), as its manifest dates them."""
    from telcoradar.jobs.pipeline import targets

    found, refused = targets([corpus_folder()])
    if refused:
        raise ConfigError(refused[0][1])
    return found


def run_demo(out_dir: str | Path = "demo-output", lang: str = "zh", pdf: bool = True) -> DemoResult:
    """Ingest the corpus into `out_dir`/telcoradar-demo.sqlite (made afresh) and write the briefing."""
    from telcoradar.jobs.briefing import gather
    from telcoradar.jobs.pipeline import ingest_paths
    from telcoradar.report import build_briefing, write_briefing
    from telcoradar.store import open_store

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    database = out / DB_NAME
    database.unlink(missing_ok=True)
    result = DemoResult(database=database, outputs=[], findings=[])
    store = open_store(f"sqlite:///{database}")
    try:
        report = ingest_paths(store, [corpus_folder()])
        result.ingested = len(report.results)
        result.errors = report.errors
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
