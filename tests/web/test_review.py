"""The review queue over the API and on the dashboard: roles, CSRF, typed values, one winner."""

from __future__ import annotations

from typing import Any

from .conftest import Web, csrf_of


def queue(web: Web, role: str = "viewer", **params: Any) -> list[dict[str, Any]]:
    got = web.client.get("/api/review", params=params, headers=web.auth(role))
    assert got.status_code == 200, got.text
    items: list[dict[str, Any]] = got.json()
    return items


def plan_named(web: Web, name: str) -> dict[str, Any]:
    found = [i for i in queue(web, kind="plan") if i["fields"]["name"] == name]
    assert found, [i["fields"]["name"] for i in queue(web, kind="plan")]
    return min(found, key=lambda i: i["fields"]["period_days"] or 0)


def current(web: Web, name: str) -> list[dict[str, Any]]:
    plans = web.client.get("/api/plans", params={"limit": 500}, headers=web.auth()).json()["items"]
    return [p for p in plans if p["name"] == name]


def test_the_queue_lists_facts_with_evidence_least_sure_first(web: Web) -> None:
    items = queue(web)
    assert items and {i["kind"] for i in items} <= {"plan", "event", "figure"}
    assert [i["confidence"] for i in items] == sorted(i["confidence"] for i in items)
    assert all(i["evidence"]["quote"] and i["review"] == "pending" and i["version"] == 0 for i in items)
    assert all(i["confidence"] < 0.95 for i in queue(web, below=0.95))


def test_a_viewer_reads_but_may_not_decide(web: Web) -> None:
    item = plan_named(web, "熊猫卡")
    for action, body in (("accept", {}), ("correct", {"fields": {"price": "92"}}), ("reject", {})):
        got = web.client.post(f"/api/review/{item['id']}/{action}", json=body, headers=web.auth("viewer"))
        assert got.status_code == 403 and "needs the analyst role" in got.json()["detail"]
    assert web.client.get("/api/review/log", headers=web.auth("viewer")).json() == []


def test_an_analyst_corrects_and_the_plans_show_it(web: Web) -> None:
    item = plan_named(web, "熊猫卡")
    body = {"fields": {"price": "92"}, "version": 0, "reason": "the page says 92"}
    got = web.client.post(f"/api/review/{item['id']}/correct", json=body, headers=web.auth("analyst"))
    assert got.status_code == 200, got.text
    assert (got.json()["review"], got.json()["who"], got.json()["version"]) == ("corrected", "analyst", 1)
    shown = [p for p in current(web, "熊猫卡") if p["period_days"] == item["fields"]["period_days"]]
    assert [(p["price"], p["review"]) for p in shown] == [(92, "corrected")]
    log = web.client.get("/api/review/log", headers=web.auth("viewer")).json()
    assert [(e["who"], e["action"], e["new"]["price"], e["reason"]) for e in log] == [
        ("analyst", "correct", "92", "the page says 92")
    ]


def test_a_bad_value_is_422_in_one_line_and_an_unknown_fact_404(web: Web) -> None:
    item = plan_named(web, "熊猫卡")
    got = web.client.post(
        f"/api/review/{item['id']}/correct", json={"fields": {"price": "cheap"}}, headers=web.auth("analyst")
    )
    assert (got.status_code, got.json()["detail"]) == (422, "price: 'cheap' is not a number")
    got = web.client.post("/api/review/p99999/accept", json={}, headers=web.auth("analyst"))
    assert (got.status_code, got.json()["detail"]) == (404, "p99999: no such plan")


def test_two_analysts_on_one_fact_one_wins_the_other_gets_409(web: Web) -> None:
    item = plan_named(web, "熊猫卡")
    first = web.client.post(
        f"/api/review/{item['id']}/reject", json={"version": 0}, headers=web.auth("analyst")
    )
    second = web.client.post(
        f"/api/review/{item['id']}/correct",
        json={"fields": {"price": "92"}, "version": 0},
        headers=web.auth("admin"),
    )
    assert (first.status_code, second.status_code) == (200, 409)
    assert "analyst decided 'reject'" in second.json()["detail"]
    assert [e["who"] for e in web.client.get("/api/review/log", headers=web.auth()).json()] == ["analyst"]
    assert not [p for p in current(web, "熊猫卡") if p["period_days"] == item["fields"]["period_days"]]


def test_the_review_page_gives_forms_to_analysts_only_and_checks_csrf(web: Web) -> None:
    item = plan_named(web, "熊猫卡")
    viewer = web.login("viewer").get(f"/review?fact={item['id']}")
    assert viewer.status_code == 200 and 'id="review-quote"' in viewer.text
    assert (
        '<form method="post" action="/review/' not in viewer.text and '<input id="f_price"' not in viewer.text
    )
    web.client.cookies.clear()
    client = web.login("analyst")
    html = client.get(f"/review?fact={item['id']}").text
    assert 'id="review-correct"' in html and f'value="{item["fields"]["price"]}"' in html
    form = {"action": "correct", "version": "0", "f_price": "92", "f_name": item["fields"]["name"]}
    refused = client.post(f"/review/{item['id']}", data={**form, "csrf": "forged"}, follow_redirects=False)
    assert refused.status_code == 403
    done = client.post(f"/review/{item['id']}", data={**form, "csrf": csrf_of(html)}, follow_redirects=False)
    assert done.status_code == 303
    log = web.client.get("/api/review/log", headers=web.auth()).json()
    assert [(e["fact"], e["action"], e["new"]["price"]) for e in log] == [(item["id"], "correct", "92")]
