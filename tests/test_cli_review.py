"""`telcoradar review`: on a report of inbound cards, decisions last through reextract and a new capture."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from telcoradar.cli import app

REPORT = (Path(__file__).parent / "store" / "fixtures" / "inbound-report.md").read_bytes()
runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def ok(*args: str) -> str:
    code, out, err = run(*args)
    assert code == 0, (args, out, err)
    return out


def setup(tmp_path: Path) -> tuple[str, Path, dict[str, str]]:
    db = f"sqlite:///{tmp_path / 'radar.sqlite'}"
    page = tmp_path / "report.md"
    page.write_bytes(REPORT)
    ok("--db", db, "ingest", str(page))
    items = json.loads(ok("--db", db, "review", "list", "--kind", "plan", "--json"))
    ids = {f"{i['fields']['name']}/{i['fields']['period_days']}": i["id"] for i in items}
    assert len(ids) == 6 and all(i["review"] == "pending" and i["evidence"]["quote"] for i in items)
    return db, page, ids


def plans(db: str) -> dict[str, dict[str, Any]]:
    return {f"{p['name']}/{p['period_days']}": p for p in json.loads(ok("--db", db, "plans", "--json"))}


def test_a_correction_and_a_rejection_survive_reextract_all(tmp_path: Path) -> None:
    db, _page, ids = setup(tmp_path)
    out = ok("--db", db, "review", "correct", ids["熊猫卡/7"], "price=92", "--who", "li")
    assert out.strip() == f"{ids['熊猫卡/7']}: corrected price=92 (by li)"
    trial = ids["首日3GB免费流量体验卡/1"]
    ok("--db", db, "review", "reject", trial, "--why", "a free welcome offer", "--who", "li")
    ok("--db", db, "reextract", "--all")
    shown = plans(db)
    assert (shown["熊猫卡/7"]["price"], shown["熊猫卡/7"]["review"]) == (92, "corrected")
    assert (shown["熊猫卡/15"]["price"], shown["熊猫卡/15"]["review"]) == (130, "pending")
    assert not [name for name in shown if "首日" in name]
    log = json.loads(ok("--db", db, "review", "log", "--json"))
    assert [(e["fact"], e["action"], e["who"], e["reason"]) for e in log] == [
        (trial, "reject", "li", "a free welcome offer"),
        (ids["熊猫卡/7"], "correct", "li", None),
    ]
    assert (log[1]["old"]["price"], log[1]["new"]["price"]) == ("90", "92")
    assert "price: 90→92" in ok("--db", db, "review", "log")
    waiting = json.loads(ok("--db", db, "review", "list", "--json"))
    assert {i["fields"].get("name") for i in waiting if i["kind"] == "plan"} == {
        "熊猫卡",
        "畅行卡",
        "浙江旅游卡",
    }


def test_a_new_capture_with_one_plan_changed_keeps_the_other_decisions(tmp_path: Path) -> None:
    db, page, ids = setup(tmp_path)
    ok("--db", db, "review", "correct", ids["熊猫卡/7"], "price=92", "--who", "li")
    ok("--db", db, "review", "accept", ids["畅行卡/7"], "--who", "wang")
    ok("--db", db, "review", "accept", ids["浙江旅游卡/15"], "--who", "wang")
    page.write_bytes(REPORT.replace("159元".encode(), "169元".encode()))
    assert "1 stored" in ok("--db", db, "ingest", str(page))
    shown = plans(db)
    assert (shown["熊猫卡/7"]["price"], shown["熊猫卡/7"]["review"]) == (92, "corrected")
    assert shown["畅行卡/7"]["review"] == "accepted"
    assert (shown["浙江旅游卡/15"]["price"], shown["浙江旅游卡/15"]["review"]) == (169, "pending")
    code, out, err = run("--db", db, "review", "list", "--json")
    assert code == 0 and "1 decision(s) match nothing" in err
    assert "浙江旅游卡" in {i["fields"].get("name") for i in json.loads(out)}
    lost = json.loads(ok("--db", db, "review", "orphans", "--json"))
    assert [(d["action"], d["who"], "159元" in d["quote"]) for d in lost] == [("accept", "wang", True)]


def test_a_bad_value_is_a_one_line_error_and_exit_2(tmp_path: Path) -> None:
    db, _page, ids = setup(tmp_path)
    panda = ids["熊猫卡/7"]
    for args, message in (
        (["price=ninety"], "error: price: 'ninety' is not a number"),
        (["period_days=0"], "error: period_days: '0' is not a period of at least one day"),
        (["data_gb=lots"], "error: data_gb: 'lots' is not an amount of data (30, 30GB, 500MB)"),
        (["colour=red"], "error: 'colour' is not a field of a plan"),
        (["price"], "error: 'price' is not FIELD=VALUE"),
    ):
        code, _out, err = run("--db", db, "review", "correct", panda, *args)
        assert code == 2 and err.startswith(message) and len(err.strip().splitlines()) == 1
    code, _out, err = run("--db", db, "review", "accept", "p999")
    assert (code, err.strip()) == (1, "error: p999: no such plan")
    code, _out, err = run("--db", db, "review", "list", "--kind", "tariff")
    assert code == 2
    assert json.loads(ok("--db", db, "review", "log", "--json")) == []
    assert plans(db)["熊猫卡/7"]["price"] == 90


def test_a_stale_version_is_refused(tmp_path: Path) -> None:
    db, _page, ids = setup(tmp_path)
    panda = ids["熊猫卡/7"]
    ok("--db", db, "review", "accept", panda, "--who", "li", "--version", "0")
    code, _out, err = run("--db", db, "review", "reject", panda, "--who", "wang", "--version", "0")
    assert code == 1 and err.startswith(f"error: {panda}: li decided 'accept' at ") and "look again" in err
    assert plans(db)["熊猫卡/7"]["review"] == "accepted"


def test_export_cases_writes_the_quote_the_fields_and_the_reason(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db, _page, ids = setup(tmp_path)
    ok(
        "--db",
        db,
        "review",
        "correct",
        ids["熊猫卡/7"],
        "price=92",
        "--why",
        "the operator's own page says 92",
    )
    ok("--db", db, "review", "reject", ids["首日3GB免费流量体验卡/1"], "--why", "not a tariff")
    ok("--db", db, "review", "accept", ids["畅行卡/7"])
    cases = tmp_path / "cases"
    assert ok("--db", db, "review", "export-cases", str(cases)).strip() == f"wrote 2 cases to {cases}"
    expected = {p.name: json.loads(p.read_text("utf-8")) for p in sorted(cases.glob("*.expected.json"))}
    corrected, rejected = expected.values()
    assert corrected["plans"][0]["price"] == 92 and corrected["plans"][0]["name"] == "熊猫卡"
    assert corrected["plans"][0]["period_days"] == 7 and corrected["plans"][0]["region"] == "上海"
    assert corrected["review"]["reason"] == "the operator's own page says 92"
    assert rejected["plans"] == [] and rejected["review"]["reason"] == "not a tariff"
    quotes = sorted(p.read_text("utf-8") for p in cases.glob("*.txt"))
    assert any("熊猫卡" in q and "90元" in q for q in quotes) and any("首日" in q for q in quotes)
    assert all(len(q) < 200 for q in quotes)  # the quote, not the document
    monkeypatch.syspath_prepend(str(Path(__file__).parent / "extract" / "gate"))
    import scoring

    monkeypatch.setattr(scoring, "CASES", cases)
    scored = {path.name: [expected for expected, _got in pairs] for path, _kind, pairs in scoring.runs()}
    assert len(scored) == 2  # the gate reads them as its own cases


def test_baskets_and_the_briefing_follow_the_decisions(tmp_path: Path) -> None:
    db, _page, ids = setup(tmp_path)
    ok("--db", db, "review", "correct", ids["熊猫卡/7"], "price=92")
    ok("--db", db, "review", "reject", ids["畅行卡/7"], "--why", "a regional card, not on sale")
    ok("--db", db, "review", "accept", ids["浙江旅游卡/15"])
    cheapest = json.loads(ok("--db", db, "compare", "--days", "7", "--gb", "1", "--json"))
    mobile = [(c["region"], c["cost"]) for c in cheapest if c["operator"] == "china-mobile"]
    assert mobile == [("上海", 92)]  # the rejected card is in no basket, the corrected price is used
    moves = json.loads(ok("--db", db, "moves", "--since", "2000-01-01", "--json"))  # what alerts are sent on
    assert {m["name"] for m in moves} == {"熊猫卡", "浙江旅游卡", "首日3GB免费流量体验卡"}
    out = tmp_path / "briefing.md"
    ok("--db", db, "brief", "--out", str(out))
    text = out.read_text("utf-8")
    verified = [line for line in text.splitlines() if "经分析师核实" in line]
    assert len(verified) == 2 and any("熊猫卡" in line for line in verified)
    assert any("浙江旅游卡" in line for line in verified)
    assert "畅行卡" not in text
