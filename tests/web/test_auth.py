"""Nobody gets in without a token; roles decide who may change what; sessions and forms are guarded."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import text

from telcoradar.store import open_store

from .conftest import Web, csrf_of

WRITES_FOR_ANALYSTS = [
    ("post", "/api/sources", {"json": {"uri": "https://www.example.cn/a.html"}}),
    ("delete", "/api/sources/1", {}),
    ("post", "/api/sources/1/fetch", {}),
    ("post", "/api/ingest", {"files": {"file": ("a.txt", b"hello", "text/plain")}}),
    ("post", "/api/briefings", {}),
    ("get", "/api/alerts", {}),
    ("post", "/api/alerts", {"json": {"name": "a", "kind": "event", "channel": "email", "target": "a@b.cn"}}),
    ("delete", "/api/alerts/1", {}),
]
ADMIN_ONLY = [
    ("get", "/api/users", {}),
    ("post", "/api/users", {"json": {"name": "zoe", "role": "viewer"}}),
    ("put", "/api/users/viewer/role", {"json": {"role": "analyst"}}),
    ("delete", "/api/users/viewer", {}),
    ("get", "/api/users/viewer/tokens", {}),
    ("post", "/api/users/viewer/tokens", {"json": {}}),
    ("delete", "/api/tokens/1", {}),
]


def api_operations(web: Web) -> list[tuple[str, str]]:
    """Every API operation in the OpenAPI document, path parameters filled with a plausible value."""
    spec = web.client.get("/openapi.json", headers=web.auth("admin")).json()
    out = []
    for path, methods in spec["paths"].items():
        filled = re.sub(r"\{key\}", "0" * 32, path)
        filled = re.sub(r"\{name\}", "viewer", filled)
        filled = re.sub(r"\{[a-z_]+\}", "1", filled)
        out.extend((method, filled) for method in methods)
    return out


def test_health_answers_without_credentials(web: Web) -> None:
    assert web.client.get("/health").json() == {"status": "ok"}


def test_every_api_operation_but_health_refuses_a_missing_token(web: Web) -> None:
    operations = api_operations(web)
    assert len(operations) >= 25
    for method, path in operations:
        response = web.client.request(method, path)
        if path == "/health":
            assert response.status_code == 200
            continue
        assert response.status_code == 401, (method, path, response.text)
        assert response.json() == {"detail": "a Bearer token is required"}
        assert response.headers["www-authenticate"] == "Bearer"


def test_unknown_and_malformed_tokens_are_refused(web: Web) -> None:
    for value in ("Bearer tr_nope", "Bearer " + "x" * 500, "Basic dmlld2VyOng=", "Bearer"):
        response = web.client.get("/api/plans", headers={"Authorization": value})
        assert response.status_code == 401
        assert "detail" in response.json()


def test_openapi_needs_a_token(web: Web) -> None:
    assert web.client.get("/openapi.json").status_code == 401
    spec = web.client.get("/openapi.json", headers=web.auth()).json()
    assert spec["info"]["title"] == "telcoradar"
    assert "/api/plans" in spec["paths"]


@pytest.mark.parametrize(("method", "path", "kwargs"), WRITES_FOR_ANALYSTS + ADMIN_ONLY)
def test_a_viewer_may_not_write(web: Web, method: str, path: str, kwargs: dict[str, object]) -> None:
    response = web.client.request(method, path, headers=web.auth("viewer"), **kwargs)  # type: ignore[arg-type]
    assert response.status_code == 403
    assert response.json()["detail"] == "viewer is a viewer; this needs the " + (
        "admin role" if (method, path, kwargs) in ADMIN_ONLY else "analyst role"
    )


@pytest.mark.parametrize(("method", "path", "kwargs"), ADMIN_ONLY)
def test_an_analyst_may_not_manage_users(web: Web, method: str, path: str, kwargs: dict[str, object]) -> None:
    response = web.client.request(method, path, headers=web.auth("analyst"), **kwargs)  # type: ignore[arg-type]
    assert response.status_code == 403


def test_an_analyst_may_add_sources_and_a_viewer_may_read_them(web: Web) -> None:
    added = web.client.post(
        "/api/sources", json={"uri": "https://www.example.cn/a.html"}, headers=web.auth("analyst")
    )
    assert added.status_code == 201
    listed = web.client.get("/api/sources", headers=web.auth("viewer")).json()
    assert [s["uri"] for s in listed] == ["https://www.example.cn/a.html"]


def test_tokens_are_stored_as_digests_only(web: Web) -> None:
    with open_store(web.url) as store, store.read() as session:
        stored = [row[0] for row in session.execute(text("SELECT digest FROM api_tokens"))]
        dump = "\n".join(str(row) for row in session.execute(text("SELECT * FROM api_tokens")))
    assert len(stored) == 3 and all(re.fullmatch(r"[0-9a-f]{64}", d) for d in stored)
    for secret in web.tokens.values():
        assert secret.startswith("tr_") and len(secret) > 40
        assert secret not in dump


def test_pages_redirect_to_login_without_a_session(web: Web) -> None:
    for path in (
        "/",
        "/plans",
        "/compare",
        "/moves",
        "/operators",
        "/sources",
        "/upload",
        "/briefing",
        "/docs",
    ):
        response = web.client.get(path, follow_redirects=False)
        assert response.status_code == 303, path
        assert response.headers["location"].startswith("/login?next=")


def test_the_api_does_not_take_the_session_cookie(web: Web) -> None:
    client = web.login("admin")
    assert client.get("/plans").status_code == 200
    assert client.get("/api/plans").status_code == 401


def test_login_sets_a_signed_http_only_lax_cookie(web: Web) -> None:
    page = web.client.get("/login")
    response = web.client.post(
        "/login",
        data={"username": "viewer", "token": web.tokens["viewer"], "csrf": csrf_of(page.text)},
        follow_redirects=False,
    )
    assert response.status_code == 303
    cookie = response.headers["set-cookie"]
    assert "telcoradar_session=" in cookie and "HttpOnly" in cookie and "SameSite=lax" in cookie
    assert web.client.get("/plans").status_code == 200


def test_login_refuses_a_wrong_token_another_users_token_and_a_missing_csrf(web: Web) -> None:
    csrf = csrf_of(web.client.get("/login").text)
    wrong = web.client.post("/login", data={"username": "viewer", "token": "tr_wrong", "csrf": csrf})
    assert wrong.status_code == 401
    other = web.client.post("/login", data={"username": "viewer", "token": web.tokens["admin"], "csrf": csrf})
    assert other.status_code == 401
    forged = web.client.post(
        "/login", data={"username": "viewer", "token": web.tokens["viewer"], "csrf": "x"}
    )
    assert forged.status_code == 403


def test_a_tampered_cookie_is_no_session(web: Web) -> None:
    web.client.cookies.set("telcoradar_session", "eyJjc3JmIjoieCIsInVpZCI6MywidGlkIjozfQ.forged.sig")
    assert web.client.get("/plans", follow_redirects=False).status_code == 303


def test_forms_need_the_sessions_csrf_token(web: Web) -> None:
    client = web.login("analyst")
    data = {"uri": "https://www.example.cn/b.html", "every": "1d"}
    assert client.post("/sources", data=data, follow_redirects=False).status_code == 403
    assert client.post("/sources", data={**data, "csrf": "guess"}, follow_redirects=False).status_code == 403
    csrf = csrf_of(client.get("/sources").text)
    done = client.post("/sources", data={**data, "csrf": csrf}, follow_redirects=False)
    assert done.status_code == 303
    assert "https://www.example.cn/b.html" in client.get("/sources").text


def test_a_viewer_sees_no_forms_and_is_refused_when_posting(web: Web) -> None:
    client = web.login("viewer")
    page = client.get("/sources").text
    assert 'action="/sources"' not in page
    csrf = csrf_of(page)
    refused = client.post("/sources", data={"uri": "https://www.example.cn/c.html", "csrf": csrf})
    assert refused.status_code == 403


def test_revoking_the_token_ends_its_sessions(web: Web) -> None:
    client = web.login("viewer")
    assert client.get("/plans", follow_redirects=False).status_code == 200
    tokens = client.get("/api/users/viewer/tokens", headers=web.auth("admin")).json()
    revoked = client.delete(f"/api/tokens/{tokens[0]['id']}", headers=web.auth("admin"))
    assert revoked.status_code == 204
    assert client.get("/plans", follow_redirects=False).status_code == 303
    assert client.get("/api/plans", headers=web.auth("viewer")).status_code == 401


def test_logout_clears_the_session(web: Web) -> None:
    client = web.login("viewer")
    csrf = csrf_of(client.get("/plans").text)
    assert client.post("/logout", data={"csrf": csrf}, follow_redirects=False).status_code == 303
    assert client.get("/plans", follow_redirects=False).status_code == 303


def test_login_never_redirects_off_site(web: Web) -> None:
    for target in ("//evil.example/", "https://evil.example/", "/\\evil.example"):
        csrf = csrf_of(web.client.get("/login").text)
        response = web.client.post(
            "/login",
            data={"username": "viewer", "token": web.tokens["viewer"], "csrf": csrf, "next": target},
            follow_redirects=False,
        )
        assert response.headers["location"] == "/plans"


def test_a_revoked_token_is_refused_at_once_though_it_was_just_verified(web: Web) -> None:
    assert web.client.get("/api/plans", headers=web.auth("viewer")).status_code == 200
    tokens = web.client.get("/api/users/viewer/tokens", headers=web.auth("admin")).json()
    assert web.client.delete(f"/api/tokens/{tokens[0]['id']}", headers=web.auth("admin")).status_code == 204
    assert web.client.get("/api/plans", headers=web.auth("viewer")).status_code == 401


def test_a_role_change_applies_at_once_though_the_token_was_just_verified(web: Web) -> None:
    assert web.client.get("/api/users", headers=web.auth("analyst")).status_code == 403
    changed = web.client.put("/api/users/analyst/role", json={"role": "admin"}, headers=web.auth("admin"))
    assert changed.status_code == 200
    assert web.client.get("/api/users", headers=web.auth("analyst")).status_code == 200


def test_a_token_deleted_by_another_process_is_refused_within_seconds(web: Web) -> None:
    verified = web.app.state.telcoradar.verified
    clock = [1000.0]
    verified.clock = lambda: clock[0]
    assert web.client.get("/api/plans", headers=web.auth("viewer")).status_code == 200
    with open_store(web.url) as store, store.write() as session:  # as the CLI of another process would
        users = text("DELETE FROM api_tokens WHERE user_id IN (SELECT id FROM users WHERE name = :name)")
        session.execute(users, {"name": "viewer"})
    clock[0] += 1
    assert web.client.get("/api/plans", headers=web.auth("viewer")).status_code == 200  # still remembered
    clock[0] += verified.seconds
    assert web.client.get("/api/plans", headers=web.auth("viewer")).status_code == 401
