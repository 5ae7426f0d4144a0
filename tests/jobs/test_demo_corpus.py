"""The bundled demo corpus: every manifest entry exists, binaries match their script."""

from __future__ import annotations

import csv
import datetime as dt
import importlib.util
from importlib import resources
from pathlib import Path

import openpyxl
import pdfplumber

from telcoradar.jobs.demo import demo_corpus

_spec = importlib.util.spec_from_file_location(
    "make_demo_binaries", Path(__file__).with_name("make_demo_binaries.py")
)
assert _spec and _spec.loader
_builder = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_builder)
write_all = _builder.write_all

DEMO = Path(str(resources.files("telcoradar") / "data" / "demo"))


def manifest() -> list[dict[str, str]]:
    with (DEMO / "manifest.csv").open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_manifest_lists_existing_files_with_two_capture_dates() -> None:
    files = manifest()
    assert len(files) >= 15
    for entry in files:
        assert (DEMO / entry["file"]).is_file(), entry
        assert entry["url"].startswith("demo://")
    days = {dt.datetime.fromisoformat(entry["captured_at"]).date() for entry in files}
    assert days == {dt.date(2025, 3, 15), dt.date(2025, 5, 20)}


def test_every_demo_file_is_listed_and_ingested_oldest_capture_first() -> None:
    listed = {entry["file"] for entry in manifest()}
    on_disk = {str(p.relative_to(DEMO)) for p in DEMO.rglob("*") if p.is_file() and p.name != "manifest.csv"}
    assert listed == on_disk
    order = [t.captured_at for t in demo_corpus()]
    assert len(order) == len(listed) and order == sorted(order)  # type: ignore[type-var]


def test_binaries_match_their_script(tmp_path: Path) -> None:
    write_all(tmp_path)
    for made in tmp_path.rglob("*.pdf"):
        committed = DEMO / made.relative_to(tmp_path)
        with pdfplumber.open(made) as a, pdfplumber.open(committed) as b:
            assert a.pages[0].extract_text() == b.pages[0].extract_text()
    for made in tmp_path.rglob("*.xlsx"):
        committed = DEMO / made.relative_to(tmp_path)
        rows_a = list(openpyxl.load_workbook(made).active.iter_rows(values_only=True))  # type: ignore[union-attr]
        rows_b = list(openpyxl.load_workbook(committed).active.iter_rows(values_only=True))  # type: ignore[union-attr]
        assert rows_a == rows_b


def test_snapshots_differ_so_moves_appear() -> None:
    march = (DEMO / "2025-03" / "beijing-mobile-smart-card.html").read_text(encoding="utf-8")
    may = (DEMO / "2025-05" / "beijing-mobile-smart-card.html").read_text(encoding="utf-8")
    assert "280元" in march and "250元" in may
