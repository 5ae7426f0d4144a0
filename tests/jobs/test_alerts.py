"""Alerts: rules in the store, a signed webhook and an e-mail per new matching move, each sent once."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import socket
from collections.abc import Iterator
from email import message_from_bytes
from email.policy import default as default_policy
from typing import Any

import httpx
import pytest
from aiosmtpd.controller import Controller
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from telcoradar.errors import InputError
from telcoradar.jobs.alerts import Move, Rule, add_rule, list_rules, matches, moves_since, run_alerts
from telcoradar.jobs.notify import (
    SIGNATURE_HEADER,
    DeliveryError,
    Message,
    SmtpSettings,
    send_email,
    send_webhook,
)
from telcoradar.jobs.pipeline import ingest_bytes
from telcoradar.sources.guard import Guard
from telcoradar.store import Store, open_store

LOCAL = Guard(allow_private=True)  # the test servers listen on loopback

TABLE = """<html><head><meta charset="utf-8"><title>{title}</title></head><body><h1>{title}</h1>
<p>面向入境外籍来宾的短期卡。</p>
<table><tr><th>套餐名</th><th>有效期</th><th>资费</th><th>境内流量</th><th>境内语音</th><th>适用对象</th></tr>{rows}</table>
</body></html>"""
ROW = (
    "<tr><td>{name}</td><td>{days}天</td><td>{price}元</td><td>{gb}GB</td><td>100分钟</td>"
    + "<td>入境外籍来宾</td></tr>"
)
SECRET = "s3cret"


def page(title: str, *plans: tuple[str, int, int, int]) -> bytes:
    rows = "".join(ROW.format(name=n, days=d, price=p, gb=g) for n, d, p, g in plans)
    return TABLE.format(title=title, rows=rows).encode("utf-8")


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    march = dt.datetime(2025, 3, 15, 9, tzinfo=dt.UTC)
    may = dt.datetime(2025, 5, 20, 9, tzinfo=dt.UTC)
    bj, sh = "https://bj.example/card.html", "https://sh.example/card.html"
    with open_store(store_url) as opened:
        ingest_bytes(
            opened,
            page("北京移动 灵动卡", ("灵动卡", 15, 160, 50), ("灵动卡", 30, 280, 80)),
            bj,
            fetched_at=march,
        )
        ingest_bytes(opened, page("上海电信 短期卡", ("短期卡", 7, 100, 20)), sh, fetched_at=march)
        ingest_bytes(
            opened,
            page("北京移动 灵动卡", ("灵动卡", 15, 150, 50), ("灵动卡", 30, 250, 80)),
            bj,
            fetched_at=may,
        )
        ingest_bytes(
            opened,
            page("上海电信 短期卡", ("短期卡", 7, 85, 20), ("短期卡", 30, 195, 60)),
            sh,
            fetched_at=may,
        )
        yield opened


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Inbox:
    def __init__(self) -> None:
        self.messages: list[Any] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(message_from_bytes(envelope.content, policy=default_policy))
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp() -> Iterator[tuple[Inbox, SmtpSettings]]:
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield inbox, SmtpSettings(host="127.0.0.1", port=port, sender="radar@example.org")
    finally:
        controller.stop()


def test_rules_are_validated_and_stored(store: Store) -> None:
    add_rule(
        store, "cuts", "price_cut", "webhook", "http://127.0.0.1:1/hook", params={"min_pct": 10}, guard=LOCAL
    )
    with pytest.raises(InputError, match="unknown rule kind"):
        add_rule(store, "x", "everything", "webhook", "http://127.0.0.1:1/")
    with pytest.raises(InputError, match="unknown channel"):
        add_rule(store, "x", "event", "pigeon", "roof")
    with pytest.raises(InputError, match="unknown parameter 'region'"):
        add_rule(store, "x", "event", "email", "a@b.c", params={"region": ["上海"]})
    with pytest.raises(InputError, match="exists"):
        add_rule(store, "cuts", "event", "email", "a@b.c")
    assert [(r.name, r.kind, r.params) for r in list_rules(store)] == [("cuts", "price_cut", {"min_pct": 10})]


def test_moves_and_matching(store: Store) -> None:
    moves, sources = moves_since(store)
    kinds = sorted(
        (m.change.kind, m.change.plan.operator, m.change.plan.period_days) for m in moves if m.change
    )
    assert kinds == [
        ("new", "china-telecom", 30),
        ("price_cut", "china-mobile", 15),
        ("price_cut", "china-mobile", 30),
        ("price_cut", "china-telecom", 7),
    ]
    rival_cuts = Rule(
        1, "r", "price_cut", {"min_pct": 10, "exclude_operators": ["china-telecom"]}, "webhook", ""
    )
    assert [m.change.plan.period_days for m in moves if m.change and matches(rival_cuts, m)] == [30]
    visitors = Rule(2, "v", "new_plan", {"audience_words": ["外籍", "visitor"]}, "email", "")
    assert [m.change.plan.name for m in moves if m.change and matches(visitors, m)] == ["短期卡"]
    nobody = Rule(3, "n", "new_plan", {"regions": ["广州"]}, "email", "")
    assert not any(matches(nobody, m) for m in moves)
    assert all(sources.get(m.change.plan.evidence.snapshot or "") for m in moves if m.change)


def test_webhook_and_email_are_sent_once(
    store: Store, httpserver: HTTPServer, smtp: tuple[Inbox, SmtpSettings]
) -> None:
    inbox, settings = smtp
    received: list[Request] = []

    def hook(request: Request) -> Response:
        received.append(request)
        return Response("ok")

    httpserver.expect_request("/hook", method="POST").respond_with_handler(hook)
    add_rule(
        store,
        "rival cuts",
        "price_cut",
        "webhook",
        httpserver.url_for("/hook"),
        guard=LOCAL,
        secret=SECRET,
        params={"min_pct": 10, "regions": ["北京", "上海"], "exclude_operators": ["china-telecom"]},
    )
    add_rule(
        store,
        "visitor plans",
        "new_plan",
        "email",
        "analyst@example.org",
        lang="en",
        params={"audience_words": ["外籍", "visitor"]},
    )

    def email(address: str, secret: str | None, message: Message) -> int:
        return send_email(address, secret, message, smtp=settings)

    def webhook(url: str, secret: str | None, message: Message) -> int:
        return send_webhook(url, secret, message, guard=LOCAL)

    notifiers = {"webhook": webhook, "email": email}
    first = run_alerts(store, notifiers=notifiers, guard=LOCAL)
    assert [name for name, _key in first.sent] == ["rival cuts", "visitor plans"]
    assert first.failed == []

    assert len(received) == 1
    body = received[0].get_data()
    expected = "sha256=" + hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
    assert received[0].headers[SIGNATURE_HEADER] == expected
    payload = json.loads(body)
    assert payload["rule"] == "rival cuts"
    assert payload["change"]["price_before"] == 280 and payload["change"]["price_after"] == 250
    assert payload["change"]["price_change_pct"] == -10.7
    assert payload["text"] == "中国移动 · 北京 · 灵动卡 · 30天：由 ¥280 降价至 ¥250（−10.7%）"
    assert [e["uri"] for e in payload["change"]["evidence"]] == ["https://bj.example/card.html"] * 2

    assert len(inbox.messages) == 1
    mail = inbox.messages[0]
    assert mail["To"] == "analyst@example.org" and mail["From"] == "radar@example.org"
    subject = "".join(str(mail["Subject"]).split())  # header folding may move spaces around "·"
    assert "visitorplans:NewplanChinaTelecom·Shanghai·短期卡·30daysatCN¥195" in subject
    assert "短期卡" in mail.get_content()

    second = run_alerts(store, notifiers=notifiers, guard=LOCAL)
    assert second.sent == [] and second.failed == [] and second.already == 2
    assert len(received) == 1 and len(inbox.messages) == 1


def test_failed_delivery_is_retried_next_run(store: Store, httpserver: HTTPServer) -> None:
    calls: list[int] = []

    def flaky(request: Request) -> Response:
        calls.append(1)
        return Response("down", status=503)

    httpserver.expect_request("/hook").respond_with_handler(flaky)
    hook = httpserver.url_for("/hook")
    add_rule(store, "cuts", "price_cut", "webhook", hook, params={"min_pct": 20}, guard=LOCAL)
    add_rule(store, "all cuts", "price_cut", "webhook", hook, params={"min_pct": 5}, guard=LOCAL)

    def fast(url: str, secret: str | None, message: Message) -> int:
        return send_webhook(url, secret, message, attempts=3, wait=0, guard=LOCAL)

    first = run_alerts(store, notifiers={"webhook": fast}, guard=LOCAL)
    assert first.sent == [] and len(first.failed) == 3  # 15% (7 days, own cut counts here), 10.7%, 6.25%
    assert "HTTP 503 after 3 attempts" in first.failed[0][2]
    assert len(calls) == 9

    httpserver.clear()
    httpserver.expect_request("/hook").respond_with_data("ok")
    second = run_alerts(store, notifiers={"webhook": fast}, guard=LOCAL)
    assert len(second.sent) == 3 and second.failed == []


def test_webhook_errors_are_one_line() -> None:
    message = Message("s", "t", {"a": 1})
    with pytest.raises(DeliveryError) as info:
        send_webhook(f"http://127.0.0.1:{free_port()}/none", None, message, attempts=2, wait=0, guard=LOCAL)
    assert "after 2 attempts" in str(info.value) and "\n" not in str(info.value)
    transport = httpx.MockTransport(lambda request: httpx.Response(404))
    with httpx.Client(transport=transport) as client, pytest.raises(DeliveryError, match="HTTP 404"):
        send_webhook("http://127.0.0.1/x", None, message, client=client, guard=LOCAL)


def test_email_errors_are_one_line() -> None:
    with pytest.raises(DeliveryError, match=r"SMTP 127\.0\.0\.1"):
        send_email("a@b.c", None, Message("s", "t", {}), smtp=SmtpSettings(port=free_port(), timeout=2))


def test_a_move_without_change_or_event_never_matches() -> None:
    assert not matches(Rule(1, "r", "event", {}, "email", ""), Move("k"))
