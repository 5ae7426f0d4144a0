"""Alert targets are hostile input: webhooks pass the private-address guard, e-mails are one address.

Checked when a rule is made (a one-line refusal) and again at delivery, where
DNS is pinned and every redirect is checked before it is followed. A rule that
fails never stops the ones after it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from typer.testing import CliRunner

from telcoradar.cli import app
from telcoradar.errors import InputError
from telcoradar.jobs.alerts import add_rule, list_rules, run_alerts
from telcoradar.jobs.notify import DeliveryError, email_problem, send_webhook
from telcoradar.jobs.pipeline import ingest_bytes
from telcoradar.report.alerts import Message
from telcoradar.sources.guard import Guard
from telcoradar.store import Store, open_store
from telcoradar.store.schema import AlertRuleRow

PAGE = (
    "<html><head><meta charset='utf-8'><title>北京移动</title></head><body><h1>北京移动 灵动卡</h1><table>"
    "<tr><th>套餐名</th><th>有效期</th><th>资费</th><th>境内流量</th></tr>"
    "<tr><td>灵动卡</td><td>30天</td><td>{price}元</td><td>80GB</td></tr></table></body></html>"
)
POISON = "not an address\r\nBcc: a@b"
MESSAGE = Message("subject", "text", {"a": 1})


def fixed(answers: dict[str, list[str]]) -> Guard:
    """A guard whose resolver answers from `answers` (no DNS)."""
    return Guard(resolver=lambda host, _port: answers[host])


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """One price cut (280 → 250 yuan) between two captures."""
    with open_store(f"sqlite:///{tmp_path / 'alerts.sqlite'}") as opened:
        for price, month in ((280, 3), (250, 5)):
            data = PAGE.format(price=price).encode("utf-8")
            when = dt.datetime(2025, month, 1, tzinfo=dt.UTC)
            ingest_bytes(opened, data, "https://bj.example/", fetched_at=when)
        yield opened


def store_unchecked(store: Store, name: str, channel: str, target: str) -> None:
    """A rule written as an older version would have, without any check of its target."""
    with store.write() as session:
        session.add(
            AlertRuleRow(
                name=name,
                kind="price_cut",
                params={"min_pct": 5},
                channel=channel,
                target=target,
                lang="zh",
                enabled=True,
                created_at=dt.datetime.now(dt.UTC),
            )
        )


@pytest.mark.parametrize(
    ("url", "why"),
    [
        ("http://127.0.0.1:8080/hook", "127.0.0.1 is a loopback address"),
        ("http://10.1.2.3/hook", "10.1.2.3 is a private address"),
        ("http://169.254.169.254/latest/meta-data/", "a cloud metadata address, never fetched"),
        ("http://[::1]/hook", "::1 is a loopback address"),
        ("http://2130706433/hook", "2130706433 is 127.0.0.1, a loopback address"),
        ("http://localhost/hook", "localhost is a local name"),
        ("ftp://hooks.example/", "only http and https"),
        ("http://user:pw@hooks.example/", "user credentials"),
    ],
)
def test_a_webhook_to_a_private_address_is_refused_when_the_rule_is_made(
    store: Store, url: str, why: str
) -> None:
    with pytest.raises(InputError, match="refused") as info:
        add_rule(store, "hook", "price_cut", "webhook", url)
    text = str(info.value)
    assert why in text and text.startswith("hook: webhook target") and "\n" not in text
    assert list_rules(store) == []


def test_a_name_resolving_to_a_private_address_is_refused(store: Store) -> None:
    guard = fixed({"hooks.corp.example": ["93.184.216.34", "10.0.0.7"]})
    with pytest.raises(InputError, match=r"hooks\.corp\.example resolves to 10\.0\.0\.7, a private address"):
        add_rule(store, "hook", "event", "webhook", "https://hooks.corp.example/in", guard=guard)
    public = fixed({"hooks.public.example": ["93.184.216.34"]})
    add_rule(store, "hook", "event", "webhook", "https://hooks.public.example/in", guard=public)
    assert [r.target for r in list_rules(store)] == ["https://hooks.public.example/in"]


def test_allow_private_never_allows_metadata(store: Store) -> None:
    lenient = Guard(allow_private=True)
    add_rule(store, "lan", "event", "webhook", "http://10.1.2.3/hook", guard=lenient)
    with pytest.raises(InputError, match="cloud metadata address"):
        add_rule(store, "meta", "event", "webhook", "http://169.254.169.254/", guard=lenient)
    with pytest.raises(InputError, match="cloud metadata address"):
        add_rule(store, "meta", "event", "webhook", "http://[::ffff:169.254.169.254]/", guard=lenient)


def test_a_stored_loopback_webhook_is_refused_at_delivery(store: Store, httpserver: HTTPServer) -> None:
    httpserver.expect_request("/hook").respond_with_data("ok")
    store_unchecked(store, "old hook", "webhook", httpserver.url_for("/hook"))
    run = run_alerts(store)
    assert run.sent == [] and len(run.failed) == 1
    name, _key, reason = run.failed[0]
    assert name == "old hook" and "127.0.0.1 is a loopback address" in reason
    assert httpserver.log == []
    allowed = run_alerts(store, guard=Guard(allow_private=True))
    assert [n for n, _k in allowed.sent] == ["old hook"] and len(httpserver.log) == 1


def test_every_redirect_is_checked_before_it_is_followed(httpserver: HTTPServer) -> None:
    target = httpserver.url_for("/inside")
    httpserver.expect_request("/hook").respond_with_data("", status=307, headers={"Location": target})
    httpserver.expect_request("/inside").respond_with_data("secret")
    trusted = Guard(allow_hosts=frozenset({"localhost"}))  # the first hop, by name only
    hook = f"http://localhost:{httpserver.port}/hook"
    with pytest.raises(DeliveryError) as info:
        send_webhook(hook, None, MESSAGE, guard=trusted, attempts=1)
    assert f"redirected to {target}" in str(info.value) and "loopback address" in str(info.value)
    assert [request.path for request, _response in httpserver.log] == ["/hook"]


def test_a_redirect_the_guard_allows_is_followed_with_the_body(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/hook").respond_with_data(
        "", status=308, headers={"Location": httpserver.url_for("/moved")}
    )
    httpserver.expect_request("/moved", method="POST").respond_with_data("ok")
    status = send_webhook(httpserver.url_for("/hook"), None, MESSAGE, guard=Guard(allow_private=True))
    assert status == 200
    moved = httpserver.log[-1][0]
    assert moved.path == "/moved" and moved.get_json() == {"a": 1}


def test_dns_is_pinned_between_the_check_and_the_connection(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/hook").respond_with_data("ok")
    answers = iter([["93.184.216.34"], ["127.0.0.1"]])  # public when checked, loopback when connecting
    rebinding = Guard(resolver=lambda _host, _port: next(answers))
    hook = f"http://rebind.example:{httpserver.port}/hook"
    with pytest.raises(DeliveryError, match=r"rebind\.example resolves to 127\.0\.0\.1, a loopback address"):
        send_webhook(hook, None, MESSAGE, guard=rebinding, attempts=1)
    assert httpserver.log == []


@pytest.mark.parametrize(
    "address", [POISON, "a@b.c\nBcc: x@y.z", "one@a.example, two@b.example", "no-at-sign", "a@b", "<a@b.c>"]
)
def test_an_e_mail_target_is_one_plain_address(store: Store, address: str) -> None:
    assert email_problem(address) is not None
    with pytest.raises(InputError, match="email target") as info:
        add_rule(store, "mail", "event", "email", address)
    assert "\n" not in str(info.value) and "\r" not in str(info.value)
    assert email_problem("analyst@example.org") is None and email_problem("a.b+radar@mail.example.cn") is None


def test_a_poison_rule_is_recorded_and_the_others_still_run(store: Store, httpserver: HTTPServer) -> None:
    httpserver.expect_request("/hook").respond_with_data("ok")
    store_unchecked(store, "poison", "email", POISON)
    store_unchecked(store, "broken", "pigeon", "roof")
    store_unchecked(store, "after", "webhook", httpserver.url_for("/hook"))
    run = run_alerts(store, guard=Guard(allow_private=True))
    assert [name for name, _key in run.sent] == ["after"]
    failed = {name: reason for name, _key, reason in run.failed}
    assert set(failed) == {"poison", "broken"}
    assert "control characters or line breaks" in failed["poison"] and "\n" not in failed["poison"]
    assert "unknown channel 'pigeon'" in failed["broken"]
    assert len(httpserver.log) == 1


def test_the_cli_refuses_bad_targets_and_survives_a_poison_rule(
    store: Store, monkeypatch: pytest.MonkeyPatch, httpserver: HTTPServer
) -> None:
    monkeypatch.setenv("TELCORADAR_DATABASE_URL", store.url)
    runner = CliRunner()
    hook = httpserver.url_for("/hook")
    refused = runner.invoke(app, ["alerts", "add", "h", "--kind", "price_cut", "--webhook", hook])
    assert refused.exit_code == 1
    assert refused.output.count("\n") == 1
    assert "loopback address (use --allow-private to allow)" in refused.output
    poison = runner.invoke(app, ["alerts", "add", "p", "--kind", "price_cut", "--email", POISON])
    assert poison.exit_code == 1 and "control characters" in poison.output
    assert "Traceback" not in poison.output

    httpserver.expect_request("/hook").respond_with_data("ok")
    store_unchecked(store, "poison", "email", POISON)
    lenient = ["--kind", "price_cut", "--webhook", hook, "--allow-private"]
    added = runner.invoke(app, ["alerts", "add", "h", *lenient])
    assert added.exit_code == 0, added.output
    ran = runner.invoke(app, ["alerts", "run", "--allow-private"])
    assert ran.exit_code == 1 and "Traceback" not in ran.output
    assert "sent 1, already sent 0, failed 1" in ran.output and "failed poison:" in ran.output
    assert len(httpserver.log) == 1
