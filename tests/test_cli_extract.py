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
