"""The API's read and write operations, with real values from two captures of a tariff page."""

from __future__ import annotations

from .conftest import FIXTURES, PAGE_URI, Web


def plans(web: Web, **params: object) -> dict:  # type: ignore[type-arg]
    response = web.client.get("/api/plans", params=params, headers=web.auth())
    assert response.status_code == 200, response.text
    return response.json()  # type: ignore[no-any-return]


def test_plans_now_with_evidence(web: Web) -> None:
    page = plans(web)
    assert page["total"] == 4 and page["limit"] == 50 and page["offset"] == 0
    panda = next(p for p in page["items"] if p["name"] == "熊猫卡" and p["period_days"] == 7)
    assert panda["operator"] == "china-mobile" and panda["region"] == "上海"
    assert panda["price"] == 80 and panda["currency"] == "CNY" and panda["data_gb"] == 30
    assert panda["voice_min"] == 100 and panda["audience"]  # the table's 适用对象 column
    assert panda["valid_from"].startswith("2025-05-12") and panda["valid_to"] is None
    assert panda["evidence"]["quote"] == "上海移动\t熊猫卡\t7天\t80元\t30GB\t100分钟\t入境外籍来宾"
    assert panda["evidence"]["snapshot_id"] == 2


def test_plans_filtered_by_operator_region_audience_and_date(web: Web) -> None:
    assert plans(web, region="上海")["total"] == 2
    assert {p["region"] for p in plans(web, operator="china-unicom")["items"]} == {"北京", "深圳"}
    audience = plans(web)["items"][0]["audience"]
    assert plans(web, audience=audience)["total"] == 4
    assert plans(web, audience="students")["total"] == 0
    march = plans(web, region="上海", at="2025-03-31", sort="price")["items"]
    assert [(p["period_days"], p["price"]) for p in march] == [(7, 90), (30, 200)]
    assert plans(web, at="2025-01-01")["total"] == 0


def test_plans_sorted_and_paginated_with_a_total(web: Web) -> None:
    by_price = [p["price"] for p in plans(web, sort="price")["items"]]
    assert by_price == [60, 80, 100, 200]
    assert [p["price"] for p in plans(web, sort="-price")["items"]] == [200, 100, 80, 60]
    second = plans(web, sort="price", limit=2, offset=2)
    assert second["total"] == 4 and [p["price"] for p in second["items"]] == [100, 200]
    assert plans(web, offset=10)["items"] == []


def test_bad_parameters_are_422_with_one_line(web: Web) -> None:
    for params in ({"limit": 0}, {"limit": 501}, {"sort": "evil"}, {"at": "2025-13-01"}, {"offset": -1}):
        response = web.client.get("/api/plans", params=params, headers=web.auth())
        assert response.status_code == 422
        assert isinstance(response.json()["detail"], str)


def test_plan_history_shows_the_price_cut(web: Web) -> None:
    key = next(p["key"] for p in plans(web, region="上海", sort="price")["items"])
    history = web.client.get(f"/api/plans/{key}/history", headers=web.auth()).json()
    assert [(v["price"], v["valid_from"][:10], (v["valid_to"] or "")[:10]) for v in history] == [
        (90, "2025-03-10", "2025-05-12"),
        (80, "2025-05-12", ""),
    ]
    missing = web.client.get("/api/plans/" + "0" * 32 + "/history", headers=web.auth())
    assert missing.status_code == 404 and missing.json() == {"detail": f"no plan with key {'0' * 32}"}


def test_facets(web: Web) -> None:
    facets = web.client.get("/api/plans/facets", headers=web.auth()).json()
    assert facets["operator"] == ["china-mobile", "china-unicom"]
    assert facets["region"] == sorted(["上海", "北京", "深圳"])
    assert len(facets["audience"]) == 1


def test_events_and_figures_with_evidence(web: Web) -> None:
    events = web.client.get("/api/events", headers=web.auth()).json()
    assert events["total"] == 1
    event = events["items"][0]
    assert event["operators"] == ["china-unicom"] and event["kind"] == "partnership"
    assert event["domain"] == "inbound_travel" and event["date"] == "2025-05-12"
    assert event["counterparties"] == ["中国银联"] and event["evidence"]["snapshot_id"] == 2
    one = web.client.get(f"/api/events/{event['id']}", headers=web.auth()).json()
    assert [m["snapshot_id"] for m in one["mentions"]] == [2]
    assert (
        web.client.get("/api/events", params={"domain": "quantum"}, headers=web.auth()).json()["total"] == 0
    )
    assert web.client.get("/api/events/999", headers=web.auth()).status_code == 404
    figures = web.client.get("/api/figures", params={"measure": "入境"}, headers=web.auth()).json()
    assert figures["total"] == 1
    figure = figures["items"][0]
    assert figure["value"] == 64880000 and figure["unit"] == "person-trips" and figure["year"] == 2024
    assert figure["growth_rate"] == 60.8 and figure["evidence"]["quote"].startswith("2024年入境游客")


def test_basket_comparison_by_name_and_by_need(web: Web) -> None:
    named = web.client.get("/api/compare", params={"basket": "visitor-7d-light"}, headers=web.auth()).json()
    assert named["need"]["days"] == 7
    costs = {(o["operator"], o["region"]): o["cost"] for o in named["options"]}
    assert costs[("china-unicom", "北京")] == 60 and costs[("china-mobile", "上海")] == 80
    need = web.client.get("/api/compare", params={"days": 14, "gb": 50}, headers=web.auth()).json()
    shanghai = next(o for o in need["options"] if o["region"] == "上海")
    assert shanghai["cost"] == 160 and shanghai["plans"][0]["count"] == 2
    both = web.client.get("/api/compare", params={"basket": "x", "days": 3}, headers=web.auth())
    assert both.status_code == 400
    unknown = web.client.get("/api/compare", params={"basket": "nope"}, headers=web.auth())
    assert unknown.status_code == 400 and unknown.json()["detail"].startswith("nope: no such basket")
    assert len(web.client.get("/api/baskets", headers=web.auth()).json()) >= 3


def test_hedonic_says_why_it_cannot_fit_four_plans(web: Web) -> None:
    response = web.client.get("/api/hedonic", headers=web.auth())
    assert response.status_code == 400
    assert "plans" in response.json()["detail"]


def test_moves_since_a_date(web: Web) -> None:
    moves = web.client.get("/api/moves", params={"since": "2025-04-01"}, headers=web.auth()).json()
    assert [(m["kind"], m["name"], m["price_before"], m["price_after"], m["date"]) for m in moves] == [
        ("price_cut", "熊猫卡", 90, 80, "2025-05-12")
    ]
    assert web.client.get("/api/moves", headers=web.auth()).status_code == 422


def test_strategy(web: Web) -> None:
    out = web.client.get("/api/strategy", headers=web.auth()).json()
    assert out["profiles"][0]["operator"] == "china-unicom" and out["profiles"][0]["partners"] == "中国银联"
    assert any(d["domain"] == "inbound_travel" and d["events"] == 1 for d in out["domains"])
    named = web.client.get("/api/strategy?operator=联通", headers=web.auth()).json()
    assert {p["operator"] for p in named["profiles"]} == {d["operator"] for d in named["domains"]} == {
        "china-unicom"
    }
    hong_kong = web.client.get("/api/strategy?market=HK", headers=web.auth()).json()
    assert hong_kong == {"profiles": [], "domains": []}
    unknown = web.client.get("/api/strategy?operator=Nobody", headers=web.auth())
    assert unknown.status_code == 400 and "'Nobody' is no known operator" in unknown.text


def test_snapshots_text_marks_and_raw_bytes(web: Web) -> None:
    listed = web.client.get("/api/snapshots", headers=web.auth()).json()
    assert listed["total"] == 2 and [s["seq"] for s in listed["items"]] == [2, 1]
    facts = web.client.get("/api/snapshots/2", headers=web.auth()).json()
    assert facts["snapshot"]["uri"] == PAGE_URI and len(facts["plans"]) == 4
    assert len(facts["events"]) == 1 and len(facts["figures"]) == 1
    text = web.client.get("/api/snapshots/2/text", headers=web.auth()).json()
    kinds = sorted(m["kind"] for m in text["marks"])
    assert kinds == ["event", "figure", "plan", "plan", "plan", "plan"]
    for mark in text["marks"]:
        assert mark["end"] > mark["start"]
    first = next(m for m in text["marks"] if m["kind"] == "event")
    assert text["text"][first["start"] : first["end"]].startswith("2025年5月12日")
    raw = web.client.get("/api/snapshots/1/raw", headers=web.auth())
    assert raw.content == (FIXTURES / "march.html").read_bytes()
    assert raw.headers["content-disposition"].startswith("attachment")
    assert raw.headers["content-type"] == "application/octet-stream"
    assert raw.headers["x-content-type-options"] == "nosniff"
    assert web.client.get("/api/snapshots/9/raw", headers=web.auth()).status_code == 404


def test_sources_add_get_remove(web: Web) -> None:
    analyst = web.auth("analyst")
    added = web.client.post(
        "/api/sources",
        json={
            "uri": "https://www.example.cn/x.html",
            "name": "x",
            "operator": "china-mobile",
            "every": "12h",
        },
        headers=analyst,
    ).json()
    assert added["every"] == "12h" and added["kind"] == "url" and added["last_fetched_at"] is None
    assert web.client.get(f"/api/sources/{added['id']}", headers=web.auth()).json()["name"] == "x"
    again = web.client.post("/api/sources", json={"uri": "https://www.example.cn/x.html"}, headers=analyst)
    assert again.status_code == 400 and again.json()["detail"].endswith("already a source")
    for uri in ("/etc/passwd", "file:///etc/passwd", "ftp://example.cn/x"):
        assert web.client.post("/api/sources", json={"uri": uri}, headers=analyst).status_code == 400
    assert web.client.delete(f"/api/sources/{added['id']}", headers=analyst).status_code == 204
    assert web.client.delete(f"/api/sources/{added['id']}", headers=analyst).status_code == 404


def test_fetch_refuses_private_addresses_by_default(web: Web) -> None:
    analyst = web.auth("analyst")
    source = web.client.post(
        "/api/sources", json={"uri": "http://127.0.0.1:9/x.html"}, headers=analyst
    ).json()
    outcome = web.client.post(f"/api/sources/{source['id']}/fetch", headers=analyst).json()
    assert outcome["state"] == "error" and "loopback" in outcome["error"]
    listed = web.client.get(f"/api/sources/{source['id']}", headers=analyst).json()
    assert listed["last_error"] and listed["last_fetched_at"]


def test_ingest_an_upload_then_the_same_bytes_again(web: Web) -> None:
    data = (FIXTURES / "upload.md").read_bytes()
    files = {"file": ("../../杭州 cards.md", data, "text/markdown")}
    first = web.client.post("/api/ingest", files=files, headers=web.auth("analyst"))
    assert first.status_code == 201
    body = first.json()
    assert body["uri"] == "upload:杭州 cards.md" and body["new"] and body["plans"] == 2
    again = web.client.post("/api/ingest", files=files, headers=web.auth("analyst")).json()
    assert again["new"] is False and again["snapshot_id"] == body["snapshot_id"]
    assert plans(web, region="浙江")["total"] == 2
    empty = web.client.post(
        "/api/ingest", files={"file": ("e.txt", b"", "text/plain")}, headers=web.auth("analyst")
    )
    assert empty.status_code == 400


def test_briefings_as_html_and_markdown(web: Web) -> None:
    html = web.client.post("/api/briefings", params={"lang": "en"}, headers=web.auth("analyst"))
    assert html.status_code == 200 and html.headers["content-type"].startswith("text/html")
    assert html.headers["content-disposition"].startswith('attachment; filename="briefing-')
    assert "Competition briefing" in html.text and "熊猫卡" in html.text
    md = web.client.post("/api/briefings", params={"format": "md", "lang": "zh"}, headers=web.auth("analyst"))
    assert md.headers["content-type"].startswith("text/markdown") and md.text.startswith("# ")
    bad = web.client.post("/api/briefings", params={"format": "pdf"}, headers=web.auth("analyst"))
    assert bad.status_code == 422


def test_users_and_tokens(web: Web) -> None:
    admin = web.auth("admin")
    assert web.client.get("/api/me", headers=web.auth("analyst")).json()["role"] == "analyst"
    made = web.client.post("/api/users", json={"name": "lin", "role": "analyst"}, headers=admin)
    assert made.status_code == 201
    assert web.client.post("/api/users", json={"name": "lin"}, headers=admin).status_code == 400
    assert web.client.post("/api/users", json={"name": "x", "role": "root"}, headers=admin).status_code == 422
    token = web.client.post("/api/users/lin/tokens", json={"label": "laptop"}, headers=admin).json()
    assert token["token"].startswith("tr_") and token["label"] == "laptop"
    lin = {"Authorization": f"Bearer {token['token']}"}
    assert web.client.get("/api/me", headers=lin).json()["name"] == "lin"
    role = web.client.put("/api/users/lin/role", json={"role": "viewer"}, headers=admin).json()
    assert role["role"] == "viewer"
    assert web.client.post("/api/ingest", files={"file": ("a.txt", b"x")}, headers=lin).status_code == 403
    listed = web.client.get("/api/users/lin/tokens", headers=admin).json()
    assert [t["label"] for t in listed] == ["laptop"] and "token" not in listed[0]
    assert web.client.delete(f"/api/tokens/{token['id']}", headers=admin).status_code == 204
    assert web.client.get("/api/me", headers=lin).status_code == 401
    assert web.client.delete("/api/users/lin", headers=admin).status_code == 204
    assert web.client.delete("/api/users/lin", headers=admin).status_code == 404
    assert [u["name"] for u in web.client.get("/api/users", headers=admin).json()] == [
        "viewer",
        "analyst",
        "admin",
    ]


def test_an_admin_cannot_lock_themselves_out(web: Web) -> None:
    admin = web.auth("admin")
    assert web.client.delete("/api/users/admin", headers=admin).status_code == 400
    assert web.client.put("/api/users/admin/role", json={"role": "viewer"}, headers=admin).status_code == 400
    mine = web.client.get("/api/users/admin/tokens", headers=admin).json()[0]["id"]
    assert web.client.delete(f"/api/tokens/{mine}", headers=admin).status_code == 400


def test_alert_rules(web: Web) -> None:
    analyst = web.auth("analyst")
    rule = {
        "name": "shanghai cuts",
        "kind": "price_cut",
        "channel": "webhook",
        "target": "https://hooks.example.cn/radar",
        "params": {"regions": ["上海"], "min_pct": 5},
        "secret": "s3cret",
        "lang": "en",
    }
    made = web.client.post("/api/alerts", json=rule, headers=analyst)
    assert made.status_code == 201
    body = made.json()
    assert body["params"]["regions"] == ["上海"] and body["params"]["min_pct"] == 5
    assert body["signed"] is True and "secret" not in body and "s3cret" not in made.text
    assert web.client.post("/api/alerts", json=rule, headers=analyst).status_code == 400
    odd = {**rule, "name": "x", "params": {"colour": "red"}}
    assert web.client.post("/api/alerts", json=odd, headers=analyst).status_code == 422
    listed = web.client.get("/api/alerts", headers=analyst).json()
    assert [r["name"] for r in listed] == ["shanghai cuts"]
    assert web.client.delete(f"/api/alerts/{body['id']}", headers=analyst).status_code == 204
    assert web.client.delete(f"/api/alerts/{body['id']}", headers=analyst).status_code == 404


def test_alert_targets_are_checked_by_the_api(web: Web) -> None:
    analyst = web.auth("analyst")
    base = {"name": "hook", "kind": "event", "channel": "webhook"}
    for target, why in (
        ("http://127.0.0.1:9/hook", "127.0.0.1 is a loopback address"),
        ("http://169.254.169.254/latest/", "a cloud metadata address"),
        ("http://[::1]/", "::1 is a loopback address"),
        ("http://0x0a000001/", "a private address"),
    ):
        made = web.client.post("/api/alerts", json={**base, "target": target}, headers=analyst)
        assert made.status_code == 400 and why in made.json()["detail"], made.text
    mail = {**base, "channel": "email", "target": "not an address\r\nBcc: a@b"}
    made = web.client.post("/api/alerts", json=mail, headers=analyst)
    assert made.status_code == 400 and "control characters" in made.json()["detail"]
    assert web.client.get("/api/alerts", headers=analyst).json() == []


def test_the_plans_list_matches_its_model(web: Web) -> None:
    from telcoradar.web.schemas import PlanOut

    for item in plans(web)["items"]:
        model = PlanOut.model_validate(item)
        assert model.model_dump(mode="json", exclude={"valid_from", "valid_to"}) == {
            k: v for k, v in item.items() if k not in ("valid_from", "valid_to")
        }
        assert model.valid_from.tzinfo is not None


def test_the_plans_list_says_what_each_plans_history_says(web: Web) -> None:
    import datetime as dt

    items = plans(web, limit=500)["items"]
    assert items
    for item in items:
        history = web.client.get(f"/api/plans/{item['key']}/history", headers=web.auth()).json()
        (current,) = [version for version in history if version["valid_to"] is None]
        times = ("valid_from", "valid_to")
        assert {k: v for k, v in item.items() if k not in times} == {
            k: v for k, v in current.items() if k not in times
        }
        start = dt.datetime.fromisoformat(item["valid_from"])
        assert start == dt.datetime.fromisoformat(current["valid_from"])
