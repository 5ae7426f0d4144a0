"""What an analyst checks first, on a store of the survey's shapes captured on 2025-05-20.

The store holds Table 1's seventeen visitor cards, a free first-day card for
new arrivals, a monthly perks pack with no data, and three short cards whose
data is not stated. By hand: ten days with 20 GB cost 80 yuan at 浙江
(its 15-day card); the free card is listed apart, never bought ten times;
the cards without data are not comparable rather than free GB; the hedonic
model leaves the trial, the pack and the three cards out and says so. Every
face that shows the model (CLI, HTTP API, notebook, briefing) shows the same
numbers.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

import telcoradar
from analysis.conftest import make_plan, store_capture, table1_plans
from telcoradar.cli import app
from telcoradar.jobs.briefing import gather
from telcoradar.model import Document, Extraction, Plan
from telcoradar.report import build_briefing
from telcoradar.report.analyses import analyse
from telcoradar.store import open_store

CAPTURED = dt.datetime(2025, 5, 20, tzinfo=dt.UTC)
MAX_PREMIUM = 2.0
SHORT_CARDS = ((7, 85), (15, 125), (30, 195))  # days, yuan; data not stated


def survey_shapes() -> list[Plan]:
    # 浙江 sells two tiers under one name; the table tells them apart by their minutes, as the extractor does
    tiers = [
        dataclasses.replace(p, name=f"{p.name} {p.voice_min}分钟") if p.region == "浙江" else p
        for p in table1_plans()
    ]
    return [
        *tiers,
        make_plan("china-mobile", "上海", "首日流量体验卡", 1, 0, 3, kind="trial", repeatable=False),
        make_plan("china-mobile", "上海", "出行权益包", 30, "8.9", None, perks=("出行券",), kind="addon"),
        *(make_plan("china-telecom", "上海", "短期卡", d, p, None, 300) for d, p in SHORT_CARDS),
    ]


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    url = f"sqlite:///{tmp_path / 'survey.sqlite'}"
    plans = tuple(survey_shapes())
    text = "\n".join(f"{p.operator} {p.region} {p.name} {p.period_days} {p.price}" for p in plans)
    survey = Extraction(Document(source="survey", text=text), plans=plans)
    store_capture(url, survey, "https://example.test/survey-2025-05", CAPTURED)
    monkeypatch.setenv("TELCORADAR_DATABASE_URL", url)
    yield url


def cli_json(*args: str) -> object:
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_ten_days_and_20_gb_start_at_the_zhejiang_15_day_card_and_no_trial_covers_a_basket(db: str) -> None:
    options = cli_json("compare", "--days", "10", "--gb", "20", "--json")
    assert isinstance(options, list)
    first = options[0]
    assert (first["operator"], first["region"], first["cost"]) == ("china-unicom", "浙江", 80)
    assert "china-telecom" not in {o["operator"] for o in options}  # its data is not stated
    with open_store(db) as store:
        inputs = gather(store)
    assert inputs.as_of == CAPTURED.date()
    facts = analyse(inputs)
    assert facts.rankings, "the baskets file ranks something on these plans"
    for ranking in facts.rankings:
        for option in ranking.options + list(ranking.best.values()):
            for plan, _copies in option.plans:
                assert plan.kind != "trial" and plan.price > 0, (ranking.name, plan.name)
                assert plan.kind == "base" or plan.data_gb, (ranking.name, plan.name)  # no perks pack
    briefing = build_briefing(inputs, "en")
    assert briefing.as_of == dt.date(2025, 5, 20) and briefing.period == "2025-05-20"


def test_hedonic_json_states_no_implausible_number_without_saying_so(db: str) -> None:
    body = cli_json("hedonic", "--json")
    assert isinstance(body, dict)
    assert body["excluded"] == {"trial plans": 1, "addon plans": 1, "data not stated": 3}
    assert body["n"] == 17
    for row in body["estimates"]:
        implausible = (row["kind"] == "implicit_price" and row["value"] < 0) or (
            row["kind"] == "operator_premium" and abs(row["value"]) > MAX_PREMIUM
        )
        if implausible:
            assert row["reliable"] is False and row["reason"], row
    assert "china-telecom" not in {r["term"] for r in body["estimates"]}


def test_hedonic_agrees_to_the_cent_in_the_cli_the_http_api_the_notebook_and_the_briefing(db: str) -> None:
    import warnings

    with warnings.catch_warnings():  # starlette asks for httpx2 in its test client; httpx is what we have
        warnings.filterwarnings("ignore", message=".*httpx.*", category=Warning)
        from fastapi.testclient import TestClient

    from telcoradar.store.access import add_user, create_token
    from telcoradar.web import create_app
    from telcoradar.web.config import WebConfig

    def cents(rows: list[dict[str, object]]) -> dict[tuple[str, str], Decimal]:
        return {(str(r["kind"]), str(r["term"])): round(Decimal(str(r["value"])), 2) for r in rows}

    cli = cli_json("hedonic", "--json")
    assert isinstance(cli, dict)
    with open_store(db) as store, store.write() as session:
        add_user(session, "ana", "analyst")
        token, _row = create_token(session, "ana", "checks")
    with TestClient(create_app(config=WebConfig(database_url=db, secret="s"))) as client:
        response = client.get("/api/hedonic", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200, response.text
    api = response.json()
    with telcoradar.open(db) as radar:
        notebook = radar.hedonic()
        briefing_model = analyse(gather(radar.store)).hedonic
        table = build_briefing(gather(radar.store), "en").section("hedonic").tables[0]
    assert briefing_model is not None
    expected = cents(cli["estimates"])
    assert len(expected) == 5  # per GB, per minute, per day; China Mobile and China Unicom
    assert cents(api["estimates"]) == expected
    assert cents(notebook.rows()) == expected
    assert cents(briefing_model.rows()) == expected
    assert (api["n"], api["reliable"], api["reason"]) == (cli["n"], cli["reliable"], cli["reason"])
    shown = {str(row[0]): row[1].text.replace("−", "-") for row in table.rows}  # type: ignore[union-attr]
    premiums = {r["term"]: r["value"] for r in cli["estimates"] if r["kind"] == "operator_premium"}
    assert shown == {
        "China Mobile": f"{premiums['china-mobile'] * 100:+.1f}%",
        "China Unicom": f"{premiums['china-unicom'] * 100:+.1f}%",
    }
