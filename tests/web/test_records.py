"""One record shape: the API, the CLI's --json and the notebook give a plan the same fields."""

from __future__ import annotations

import json

from typer.testing import CliRunner

import telcoradar
from telcoradar.cli import app
from telcoradar.store.records import EVIDENCE_FIELDS, PLAN_FIELDS
from telcoradar.web.schemas import EvidenceOut, PlanOut

from .conftest import Web


def faces(web: Web) -> tuple[list[dict[str, object]], list[dict[str, object]], list[dict[str, object]]]:
    """The current plans as GET /api/plans, `telcoradar plans --json` and `open().plans()` give them."""
    api = web.client.get("/api/plans", params={"limit": 500}, headers=web.auth()).json()["items"]
    result = CliRunner().invoke(app, ["--db", web.url, "plans", "--json"])
    assert result.exit_code == 0, result.stderr
    cli = json.loads(result.stdout)
    with telcoradar.open(web.url) as radar:
        notebook = radar.plans().to_dict("records")
    return api, cli, notebook


def test_the_three_faces_give_a_plan_the_same_fields(web: Web) -> None:
    api, cli, notebook = faces(web)
    assert len(api) == len(cli) == len(notebook) > 0
    for rows in (api, cli, notebook):
        assert {tuple(row) for row in rows} == {PLAN_FIELDS}
    assert set(PlanOut.model_fields) == set(PLAN_FIELDS)
    assert tuple(EvidenceOut.model_fields) == EVIDENCE_FIELDS
    assert {"voice_unlimited", "sms_unlimited", "evidence"} <= set(PLAN_FIELDS)


def test_the_three_faces_agree_on_the_values(web: Web) -> None:
    api, cli, notebook = faces(web)
    by_key = {row["key"]: row for row in api}
    assert {row["key"] for row in cli} == set(by_key) == {row["key"] for row in notebook}
    for row in cli:
        same = by_key[row["key"]]
        assert (row["price"], row["data_gb"], row["voice_unlimited"]) == (
            same["price"],
            same["data_gb"],
            same["voice_unlimited"],
        )
        assert row["evidence"] == same["evidence"] and row["evidence"]["quote"]
    for row in notebook:
        same = by_key[row["key"]]
        assert float(row["price"]) == same["price"]
        assert row["evidence"] == same["evidence"]
        assert row["valid_from"].isoformat() == same["valid_from"]
