"""The bundled demo corpus: every manifest entry exists, binaries match their script."""

from __future__ import annotations

import importlib.util
import tomllib
from importlib import resources
from pathlib import Path

import openpyxl
import pdfplumber

_spec = importlib.util.spec_from_file_location(
    "make_demo_binaries", Path(__file__).with_name("make_demo_binaries.py")
)
assert _spec and _spec.loader
_builder = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_builder)
write_all = _builder.write_all

DEMO = Path(str(resources.files("telcoradar") / "data" / "demo"))


def manifest() -> list[dict[str, object]]:
    with (DEMO / "manifest.toml").open("rb") as fh:
        return list(tomllib.load(fh)["file"])


def test_manifest_lists_existing_files_in_date_order() -> None:
    files = manifest()
    assert len(files) >= 15
    for entry in files:
        assert (DEMO / str(entry["path"])).is_file(), entry
    dates = [entry["fetched_at"] for entry in files]
    assert dates == sorted(dates)  # type: ignore[type-var]
    assert len(set(dates)) >= 2


def test_every_demo_file_is_listed() -> None:
    listed = {str(entry["path"]) for entry in manifest()}
    on_disk = {str(p.relative_to(DEMO)) for p in DEMO.rglob("*") if p.is_file() and p.name != "manifest.toml"}
    assert listed == on_disk


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
