"""The store's commands: db upgrade, ingest, reextract, plans, events, figures, and --db."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import fakedocs
from telcoradar.cli import app
from telcoradar.jobs import pipeline
from telcoradar.store.migrate import head_revision

runner = CliRunner()


@pytest.fixture(autouse=True)
def fake_steps(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pipeline, "default_steps", lambda: fakedocs.STEPS)


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_ingest_then_query_plans_events_and_figures(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'radar.sqlite'}"
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_bytes(fakedocs.generated(1))
    (docs / "b.txt").write_bytes(fakedocs.generated(2))
    (docs / "bad.txt").write_bytes(b"BAD not a page")

    code, out, err = run("--db", db, "ingest", str(docs))
    assert code == 1
    assert "2 stored, 0 unchanged, 1 failed: 9 plans, 2 events, 2 figures" in out
    assert err.strip().splitlines() == [f"error: {docs / 'bad.txt'}: not a tariff page"]

    (docs / "bad.txt").unlink()
    code, out, _ = run("--db", db, "ingest", str(docs))
    assert (code, out.split(",")[0]) == (0, "0 stored")

    code, out, _ = run("--db", db, "plans", "--region", "上海", "--at", "2099-01-01", "--json")
    plans = json.loads(out)
    assert code == 0 and len(plans) == 9
    assert {p["price"] for p in plans if p["name"] == "卡1" and p["period_days"] == 7} == {11.5}

    code, out, _ = run("--db", db, "events", "--domain", "tariff", "--since", "2025-03-01", "--json")
    assert code == 0 and [e["mentions"] for e in json.loads(out)] == [1, 1]
    code, out, _ = run("--db", db, "figures", "--json")
    assert sorted(f["value"] for f in json.loads(out)) == [1000, 2000]
    code, out, _ = run("--db", db, "plans")
    assert code == 0 and "卡2" in out


def test_plans_at_a_date_before_any_capture_is_empty_and_a_bad_date_is_refused(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'radar.sqlite'}"
    assert run("--db", db, "plans", "--at", "2000-01-01", "--json")[:2] == (0, "[]\n")
    code, _, err = run("--db", db, "plans", "--at", "1 March")
    assert code == 2 and "is not a date" in err


def test_ingest_captured_at_dates_the_snapshot_and_a_bad_date_is_wrong_usage(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'radar.sqlite'}"
    (tmp_path / "a.txt").write_bytes(fakedocs.generated(1))
    code, _, err = run("--db", db, "ingest", "--captured-at", "20/05/2025", str(tmp_path / "a.txt"))
    assert code == 2
    assert err.splitlines() == [
        "error: --captured-at: '20/05/2025' is not a date (YYYY-MM-DD or an ISO date-time)"
    ]
    assert run("--db", db, "plans", "--json")[1] == "[]\n"  # nothing was stored
    assert run("--db", db, "ingest", "--captured-at", "2025-05-20", str(tmp_path / "a.txt"))[0] == 0
    plans = json.loads(run("--db", db, "plans", "--json")[1])
    assert {p["valid_from"][:10] for p in plans} == {"2025-05-20"}


def sheet_rows(path: Path) -> int:
    from openpyxl import load_workbook

    sheet = load_workbook(path).active
    assert sheet is not None
    return sheet.max_row - 1


def test_plans_events_and_figures_write_every_field_to_a_file(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    db = f"sqlite:///{tmp_path / 'radar.sqlite'}"
    (tmp_path / "a.txt").write_bytes(fakedocs.generated(1))
    assert run("--db", db, "ingest", str(tmp_path / "a.txt"))[0] == 0
    stored = len(json.loads(run("--db", db, "plans", "--json")[1]))
    code, out, _ = run("--db", db, "plans", "--format", "xlsx", "--out", str(tmp_path / "plans.xlsx"))
    assert stored == 4 and (code, out.split()[:2]) == (0, ["wrote", "4"])
    assert sheet_rows(tmp_path / "plans.xlsx") == stored
    sheet = load_workbook(tmp_path / "plans.xlsx").active
    assert sheet is not None and sheet.freeze_panes == "A2"
    header = [cell.value for cell in sheet[1]]
    assert {"operator", "name", "price", "voice_min", "perks", "valid_from", "evidence"} <= set(header)
    assert sheet.cell(row=2, column=header.index("price") + 1).number_format == "#,##0.00"
    code, out, _ = run("--db", db, "events", "--format", "csv", "--out", str(tmp_path / "events.csv"))
    events = (tmp_path / "events.csv").read_text(encoding="utf-8-sig")
    assert code == 0 and events.startswith("date,date_precision,")
    code, out, _ = run("--db", db, "figures", "--out", str(tmp_path / "figures.csv"))
    assert code == 0 and "quote" in (tmp_path / "figures.csv").read_text(encoding="utf-8-sig").splitlines()[0]
    code, _, err = run("--db", db, "plans", "--format", "xlsx")
    assert code == 2 and "--format needs --out FILE" in err


def test_db_upgrade_and_reextract(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TELCORADAR_DATABASE_URL", f"sqlite:///{tmp_path / 'env.sqlite'}")
    code, out, _ = run("db", "upgrade")
    assert code == 0 and f"schema revision {head_revision()}" in out
    assert (tmp_path / "env.sqlite").exists()
    page = tmp_path / "p.txt"
    page.write_bytes(fakedocs.generated(3))
    assert run("ingest", str(page))[0] == 0
    code, out, _ = run("reextract")
    assert (code, out.split(" ")[0]) == (0, "0")
    code, out, _ = run("reextract", "--all")
    assert code == 0 and out.startswith("1 snapshots re-extracted: 3 plans, 1 events, 1 figures")
