"""A hostile upload is refused in one line, stores nothing, and never stops the server answering."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest

from hostile import deep_html, xlsx_bomb
from telcoradar.jobs.pipeline import ingest_bytes
from telcoradar.web.routes import ingest as ingest_route

from .conftest import Web, csrf_of


def test_a_workbook_bomb_upload_is_refused_while_health_keeps_answering(
    web: Web, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The upload is read off the event loop: /health answers while the reader is still at work.

    The reader is held until a health check has been answered, so a reader on the
    event loop would hold that check too and the upload would see it unanswered;
    no clock decides the outcome.
    """
    analyst = web.auth("analyst")
    before = web.client.get("/api/plans", headers=analyst).json()["total"]
    reading, answered = threading.Event(), threading.Event()
    seen: dict[str, object] = {}

    def held_ingest(*args: Any, **kwargs: Any) -> Any:
        reading.set()
        seen["answered while reading"] = answered.wait(30)
        return ingest_bytes(*args, **kwargs)

    monkeypatch.setattr(ingest_route, "ingest_bytes", held_ingest)

    def upload() -> None:
        files = {"file": ("bomb.xlsx", xlsx_bomb(200_000_000), "application/octet-stream")}
        seen["response"] = web.client.post("/api/ingest", files=files, headers=analyst)

    worker = threading.Thread(target=upload)
    worker.start()
    assert reading.wait(30)
    assert web.client.get("/health").json() == {"status": "ok"}
    answered.set()
    worker.join(60)
    assert seen["answered while reading"] is True
    response = seen["response"]
    assert response.status_code == 400  # type: ignore[attr-defined]
    assert response.json() == {  # type: ignore[attr-defined]
        "detail": "upload:bomb.xlsx: archive member xl/worksheets/sheet1.xml unpacks past 100.0 MB "
        "(190.7 MB declared; set TELCORADAR_MAX_UNPACKED_MB)"
    }
    assert web.client.get("/api/plans", headers=analyst).json()["total"] == before


def test_a_deeply_nested_upload_is_read(web: Web) -> None:
    page = deep_html(200_000).replace(
        b"</body>",
        "<h1>北京移动 灵动卡</h1><table><tr><th>套餐名</th><th>有效期</th><th>资费</th><th>境内流量</th></tr>"
        "<tr><td>灵动卡</td><td>30天</td><td>280元</td><td>80GB</td></tr></table></body>".encode(),
    )
    files = {"file": ("deep.html", page, "text/html")}
    started = time.monotonic()
    response = web.client.post("/api/ingest", files=files, headers=web.auth("analyst"))
    assert time.monotonic() - started < 20
    assert response.status_code == 201, response.text
    assert response.json()["plans"] == 2  # the card in the nested text and the one in the table


def test_a_workbook_bomb_through_the_dashboard_is_an_error_page(web: Web) -> None:
    client = web.login("analyst")
    csrf = csrf_of(client.get("/upload").text)
    response = client.post(
        "/upload",
        data={"csrf": csrf},
        files={"file": ("bomb.xlsx", xlsx_bomb(200_000_000), "application/vnd.ms-excel")},
        headers={"Accept": "text/html"},
        follow_redirects=False,
    )
    assert response.status_code == 400
    assert "unpacks past 100.0 MB" in response.text
