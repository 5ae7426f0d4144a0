"""The analysis commands: compare, hedonic, moves, frontier, strategy, and table exports."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from analysis.conftest import fill_store
from telcoradar.cli import app
from telcoradar.errors import UsageError

runner = CliRunner()


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    url = f"sqlite:///{tmp_path / 'cli.sqlite'}"
    fill_store(url)
    monkeypatch.setenv("TELCORADAR_DATABASE_URL", url)
    return tmp_path


def test_compare_basket_json(env: Path) -> None:
    result = runner.invoke(app, ["compare", "--basket", "visitor-30d-heavy", "--json"])
    assert result.exit_code == 0, result.output
    options = json.loads(result.stdout)
    # 浙江's two 30-day tiers share one plan key in the store, so its options differ from Table 1's
    assert [(o["region"], o["cost"]) for o in options][:2] == [("深圳", 200), ("上海", 260)]
    first = options[0]
    assert first["operator"] == "china-unicom" and first["currency"] == "CNY"
    assert first["plans"] == [
        {
            "name": "深圳外籍来宾短期卡",
            "kind": "base",
            "price": 100,
            "currency": "CNY",
            "period_days": 15,
            "data_gb": 50,
            "data_unlimited": False,
            "voice_min": 200,
            "intl_voice_min": 100,
            "count": 2,
            "evidence": first["plans"][0]["evidence"],
        }
    ]
    assert first["plans"][0]["evidence"]["quote"]


def test_compare_visitor_question_in_one_region(env: Path) -> None:
    result = runner.invoke(
        app, ["compare", "--days", "10", "--gb", "20", "--minutes", "50", "--region", "深圳", "--json"]
    )
    assert result.exit_code == 0, result.output
    assert [(o["region"], o["cost"], o["plans"][0]["period_days"]) for o in json.loads(result.stdout)] == [
        ("深圳", 100, 15)
    ]
    assert runner.invoke(app, ["compare", "--basket", "visitor-7d-light"]).exit_code == 0


def test_compare_usage_errors(env: Path) -> None:
    assert runner.invoke(app, ["compare"]).exit_code == 2
    result = runner.invoke(app, ["compare", "--basket", "nope"])
    # main() turns the UsageError into "error: ..." on stderr and exit code 2
    assert isinstance(result.exception, UsageError) and "nope: no such basket" in str(result.exception)


def test_moves_to_xlsx(env: Path) -> None:
    out = env / "moves.xlsx"
    result = runner.invoke(app, ["moves", "--since", "2025-04-01", "--format", "xlsx", "--out", str(out)])
    assert result.exit_code == 0, result.output
    sheet = load_workbook(out).active
    assert sheet is not None
    header = [c.value for c in sheet[1]]
    row = dict(zip(header, [c.value for c in sheet[2]], strict=True))
    assert (
        row["kind"] == "price_cut"
        and row["region"] == "浙江"
        and row["price_change_pct"] == pytest.approx(-16.7)
    )
    lags = runner.invoke(app, ["moves", "--since", "2025-01-01", "--lags", "--json"])
    assert lags.exit_code == 0 and json.loads(lags.stdout) == []  # one operator per region: no rivals


def test_frontier_strategy_and_hedonic(env: Path) -> None:
    frontier = runner.invoke(app, ["frontier", "--json"])
    assert frontier.exit_code == 0 and {r["band"] for r in json.loads(frontier.stdout)} == {
        "≤7",
        "8–15",
        "16–31",
    }
    assert runner.invoke(app, ["strategy", "--json"]).stdout.strip() == "[]"
    hedonic = runner.invoke(app, ["hedonic", "--json"])
    assert hedonic.exit_code == 0, hedonic.output
    body = json.loads(hedonic.stdout)
    rows = body["estimates"]
    assert rows[0]["kind"] == "implicit_price" and rows[0]["term"] == "per gb"
    # 15 plans of two operators (浙江's two 15-day and two 30-day tiers share a key each): fewer than 20
    assert body["n"] == 15 and body["reliable"] is False and "only 15 plans" in body["reason"]
    for row in rows:
        negative = row["value"] < 0 and row["term"] in ("per gb", "per minute")
        implausible = negative or (row["kind"] == "operator_premium" and abs(row["value"]) > 2)
        assert not implausible or (row["reliable"] is False and row["reason"])
    few = runner.invoke(app, ["hedonic", "--region", "上海"])
    assert few.exit_code == 1 and str(few.exception) == "hedonic: 3 plans for 4 terms; need at least 9"


def test_compare_names_the_plans_it_cannot_compare(env: Path) -> None:
    result = runner.invoke(app, ["compare", "--basket", "visitor-30d-heavy"])
    assert result.exit_code == 0, result.output
    # 北京's Smart Card and 浙江's cards without international calls in Table 1 leave them unstated
    assert "not comparable, allowance not stated:" in result.stdout
    assert "灵动卡 Smart Card 30d (international minutes not stated)" in result.stdout


@pytest.fixture
def moves_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """Moves of two mainland groups and of a Hong Kong operator, captured on one day."""
    import datetime as dt

    from analysis.conftest import store_capture
    from telcoradar.model import Document, Event, Evidence, Extraction

    said = [
        (("china-mobile",), "quantum", "移动发布量子加密通话。", dt.date(2025, 5, 6)),
        (("china-unicom",), "quantum", "联通推出抗量子手机。", dt.date(2025, 5, 16)),
        (("csl",), "inbound_travel", "csl推出访客储值卡。", dt.date(2025, 4, 2)),
        (("csl",), "quantum", "csl试点量子密钥分发。", dt.date(2025, 3, 9)),
    ]
    text = "\n".join(s for _ops, _domain, s, _date in said)
    events = []
    for ops, domain, sentence, day in said:
        start = text.index(sentence)
        evidence = Evidence(sentence, start, start + len(sentence))
        events.append(Event(ops, "launch", domain, sentence, evidence, day))
    url = f"sqlite:///{tmp_path / 'moves.sqlite'}"
    news = Extraction(Document(source="news", text=text), events=tuple(events))
    store_capture(url, news, "https://example.test/news", dt.datetime(2025, 5, 20, tzinfo=dt.UTC))
    monkeypatch.setenv("TELCORADAR_DATABASE_URL", url)
    return url


def strategy_rows(*args: str) -> list[tuple[str, str, int]]:
    result = runner.invoke(app, ["strategy", "--json", *args])
    assert result.exit_code == 0, result.output
    return [(r["domain"], r["operator"], r["events"]) for r in json.loads(result.stdout)]


def test_strategy_compares_every_stored_operator_or_those_named_or_of_a_market(moves_env: str) -> None:
    assert strategy_rows() == [
        ("quantum", "csl", 1),
        ("quantum", "china-mobile", 1),
        ("quantum", "china-unicom", 1),
        ("inbound_travel", "csl", 1),
        ("inbound_travel", "china-mobile", 0),
        ("inbound_travel", "china-unicom", 0),
    ]
    assert strategy_rows("--market", "HK") == [("quantum", "csl", 1), ("inbound_travel", "csl", 1)]
    named = strategy_rows("--operator", "联通", "--operator", "CMCC", "--domain", "quantum")
    assert named == [("quantum", "china-unicom", 1), ("quantum", "china-mobile", 1)]
    bad = runner.invoke(app, ["strategy", "--operator", "Nobody Telecom"])
    assert bad.exit_code == 2
    assert bad.stderr.splitlines() == [
        "error: --operator: 'Nobody Telecom' is no known operator (an id or a name, e.g. CMCC)"
    ]
