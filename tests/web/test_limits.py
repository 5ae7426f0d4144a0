"""Bodies over the limit are refused with 413 and a JSON detail, by Content-Length or while streaming."""

from __future__ import annotations

from collections.abc import Iterator

from .conftest import Web, csrf_of


def test_an_oversized_upload_is_413(small_web: Web) -> None:
    files = {"file": ("big.html", b"<p>" + b"x" * 100_000 + b"</p>", "text/html")}
    response = small_web.client.post("/api/ingest", files=files, headers=small_web.auth("analyst"))
    assert response.status_code == 413
    assert response.json()["detail"].startswith("request body larger than")


def test_an_upload_just_over_the_document_limit_is_413(small_web: Web) -> None:
    # Within the multipart slack, so the body passes; the document itself is over 4 KiB.
    files = {"file": ("big.txt", b"x" * 5000, "text/plain")}
    response = small_web.client.post("/api/ingest", files=files, headers=small_web.auth("analyst"))
    assert response.status_code == 413
    assert response.json() == {"detail": "big.txt: larger than the limit of 4096 bytes"}


def test_a_streamed_body_without_length_is_cut_off(small_web: Web) -> None:
    def chunks() -> Iterator[bytes]:
        for _ in range(100):
            yield b"{" + b" " * 1000

    response = small_web.client.post(
        "/api/sources",
        content=chunks(),
        headers={**small_web.auth("analyst"), "Content-Type": "application/json"},
    )
    assert response.status_code == 413
    assert response.json() == {"detail": "request body larger than 2048 bytes"}


def test_a_large_json_body_is_413_before_it_is_read(small_web: Web) -> None:
    body = {"uri": "https://www.example.cn/" + "a" * 5000}
    response = small_web.client.post("/api/sources", json=body, headers=small_web.auth("analyst"))
    assert response.status_code == 413


def test_a_malformed_content_length_is_400(small_web: Web) -> None:
    response = small_web.client.post(
        "/api/sources", content=b"{}", headers={**small_web.auth("analyst"), "Content-Length": "abc"}
    )
    assert response.status_code in (400, 413)


def test_an_oversized_dashboard_upload_is_refused(small_web: Web) -> None:
    client = small_web.login("analyst")
    csrf = csrf_of(client.get("/upload").text)
    files = {"file": ("big.html", b"x" * 100_000, "text/html")}
    response = client.post("/upload", data={"csrf": csrf}, files=files, headers={"Accept": "text/html"})
    assert response.status_code == 413
    assert "request body larger than" in response.text
