"""Sessions end on the server: a copied cookie opens nothing after logout, a role change or removal."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import text

from telcoradar.store import open_store

from .conftest import Web, csrf_of

COOKIE = "telcoradar_session"


def copied_cookie(web: Web, role: str) -> str:
    client = web.login(role)
    assert client.get("/plans", follow_redirects=False).status_code == 200
    cookie = client.cookies.get(COOKIE)
    assert cookie
    return cookie


def replay(web: Web, cookie: str) -> int:
    """The status of /plans for a browser that kept a copy of the cookie."""
    web.client.cookies.clear()
    web.client.cookies.set(COOKIE, cookie)
    return int(web.client.get("/plans", follow_redirects=False).status_code)


def test_a_cookie_copied_before_logout_opens_nothing_after_it(web: Web) -> None:
    cookie = copied_cookie(web, "viewer")
    assert replay(web, cookie) == 200  # the copy works while the session lasts
    csrf = csrf_of(web.client.get("/plans").text)
    assert web.client.post("/logout", data={"csrf": csrf}, follow_redirects=False).status_code == 303
    assert replay(web, cookie) == 303
    # the token itself still works for the API and for a new login
    assert web.client.get("/api/plans", headers=web.auth("viewer")).status_code == 200
    web.client.cookies.clear()
    assert web.login("viewer").get("/plans", follow_redirects=False).status_code == 200


def test_logging_out_ends_only_that_session(web: Web) -> None:
    first = copied_cookie(web, "viewer")
    web.client.cookies.clear()
    second = copied_cookie(web, "viewer")
    csrf = csrf_of(web.client.get("/plans").text)
    web.client.post("/logout", data={"csrf": csrf}, follow_redirects=False)
    assert replay(web, second) == 303
    assert replay(web, first) == 200


def test_a_role_change_ends_the_session(web: Web) -> None:
    cookie = copied_cookie(web, "analyst")
    changed = web.client.put("/api/users/analyst/role", json={"role": "viewer"}, headers=web.auth("admin"))
    assert changed.status_code == 200
    assert replay(web, cookie) == 303


def test_removing_the_user_ends_the_session(web: Web) -> None:
    cookie = copied_cookie(web, "viewer")
    assert web.client.delete("/api/users/viewer", headers=web.auth("admin")).status_code == 204
    assert replay(web, cookie) == 303


def test_a_revoked_token_ends_a_copied_session(web: Web) -> None:
    cookie = copied_cookie(web, "viewer")
    tokens = web.client.get("/api/users/viewer/tokens", headers=web.auth("admin")).json()
    assert [t["label"] for t in tokens] == ["tests"]  # the session is no token
    assert web.client.delete(f"/api/tokens/{tokens[0]['id']}", headers=web.auth("admin")).status_code == 204
    assert replay(web, cookie) == 303


def test_a_session_older_than_its_hours_ends_on_the_server(web: Web) -> None:
    cookie = copied_cookie(web, "viewer")
    long_ago = dt.datetime.now(dt.UTC) - dt.timedelta(hours=13)
    with open_store(web.url) as store, store.write() as session:
        session.execute(
            text("UPDATE api_tokens SET created_at = :when WHERE digest LIKE 's:%'"), {"when": long_ago}
        )
    assert replay(web, cookie) == 303


def test_a_session_secret_is_no_api_token(web: Web) -> None:
    copied_cookie(web, "admin")
    with open_store(web.url) as store, store.read() as session:
        digests = [row[0] for row in session.execute(text("SELECT digest FROM api_tokens"))]
    sessions = [d for d in digests if d.startswith("s:")]
    assert len(sessions) == 1 and len(sessions[0]) == 64
    assert web.client.get("/api/plans", headers={"Authorization": "Bearer " + sessions[0]}).status_code == 401
