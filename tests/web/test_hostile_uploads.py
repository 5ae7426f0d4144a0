"""A hostile upload is refused in one line, stores nothing, and never stops the server answering."""

from __future__ import annotations

import threading
import time

from hostile import deep_html, xlsx_bomb

from .conftest import Web, csrf_of


def test_a_workbook_bomb_upload_is_refused_while_health_keeps_answering(web: Web) -> None:
    analyst = web.auth("analyst")
    before = web.client.get("/api/plans", headers=analyst).json()["total"]
    bomb = xlsx_bomb(200_000_000)
    done: dict[str, object] = {}

    def upload() -> None:
        files = {"file": ("bomb.xlsx", bomb, "application/octet-stream")}
        started = time.monotonic()
        done["response"] = web.client.post("/api/ingest", files=files, headers=analyst)
        done["seconds"] = time.monotonic() - started

    worker = threading.Thread(target=upload)
    worker.start()
    answers: list[float] = []
    while worker.is_alive() and len(answers) < 200:
        started = time.monotonic()
        assert web.client.get("/health").json() == {"status": "ok"}
        answers.append(time.monotonic() - started)
    worker.join(60)
    response = done["response"]
    assert response.status_code == 400  # type: ignore[attr-defined]
    assert response.json() == {  # type: ignore[attr-defined]
        "detail": "upload:bomb.xlsx: archive member xl/worksheets/sheet1.xml unpacks past 100.0 MB "
        "(190.7 MB declared; set TELCORADAR_MAX_UNPACKED_MB)"
    }
    assert float(done["seconds"]) < 30  # type: ignore[arg-type]
    assert answers and max(answers) < 2
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
