"""`telcoradar extract`: one document in, its facts out, with the address it came from."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from telcoradar.cli import app

runner = CliRunner()

PAGE = "中国移动上海公司推出熊猫卡，7天有效，资费48元，含国内流量10GB，国内通话100分钟。\n"


def test_extract_json_carries_the_url_given(tmp_path: Path) -> None:
    page = tmp_path / "panda.txt"
    page.write_text(PAGE, encoding="utf-8")
    result = runner.invoke(app, ["extract", str(page), "--json", "--url", "https://sh.10086.cn/card"])
    assert result.exit_code == 0, result.stderr
    payload = json.loads(result.stdout)
    assert payload["document"]["url"] == "https://sh.10086.cn/card"
    assert payload["document"]["source"] == str(page)


def test_extract_without_url_has_none(tmp_path: Path) -> None:
    page = tmp_path / "panda.txt"
    page.write_text(PAGE, encoding="utf-8")
    result = runner.invoke(app, ["extract", str(page), "--json"])
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["document"]["url"] is None


def test_extract_refuses_an_address_that_is_not_http(tmp_path: Path) -> None:
    page = tmp_path / "panda.txt"
    page.write_text(PAGE, encoding="utf-8")
    result = runner.invoke(app, ["extract", str(page), "--url", "file:///etc/passwd"])
    assert result.exit_code == 1
    assert result.stderr.strip() == "error: file:///etc/passwd: not an http(s) address"


def test_every_fact_says_how_sure_it_is(tmp_path: Path) -> None:
    page = tmp_path / "news.md"
    page.write_text(
        "---\ndate: 2025-03-05\n---\n## 上海移动\n\n套餐\t资费\t流量\n畅聊卡\t39元\t10GB\n\n"
        "北京讯 3月5日消息，中国联通与某银行签署战略合作协议。\n\n据测算，中国微短剧市场规模达到504亿元。\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["extract", str(page), "--json"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    facts = [("plans", out["plans"]), ("events", out["events"]), ("figures", out["figures"])]
    assert all(records for _kind, records in facts)
    for _kind, records in facts:
        assert all(0 < r["confidence"] <= 1 and isinstance(r["flags"], list) for r in records)
    assert out["plans"][0]["flags"] == ["operator_inferred"] and out["plans"][0]["confidence"] == 0.85
    assert out["events"][0]["flags"] == ["date_from_context"] and out["events"][0]["date"] == "2025-03-05"
    assert out["figures"][0]["flags"] == ["year_guessed"] and out["figures"][0]["year"] == 2025
