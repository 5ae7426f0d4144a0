"""A small store (two captures of a tariff page, users of each role) and the app over it.

The store is built once per session and copied for each test, so that tests
may change it freely.
"""

from __future__ import annotations

import datetime as dt
import shutil
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

with warnings.catch_warnings():  # starlette asks for httpx2 in its test client; httpx is what we have
    warnings.filterwarnings("ignore", message=".*httpx.*", category=Warning)
    from fastapi.testclient import TestClient

from fastapi import FastAPI

from telcoradar.jobs.pipeline import ingest_bytes
from telcoradar.store import open_store
from telcoradar.store.access import add_user, create_token
from telcoradar.web import create_app
from telcoradar.web.config import WebConfig

FIXTURES = Path(__file__).with_name("fixtures")
PAGE_URI = "https://www.example.cn/inbound-cards.html"
MARCH = dt.datetime(2025, 3, 10, 8, 0, tzinfo=dt.UTC)
MAY = dt.datetime(2025, 5, 12, 8, 0, tzinfo=dt.UTC)
ROLES = ("viewer", "analyst", "admin")


@dataclass
class Web:
    app: FastAPI
    client: TestClient
    tokens: dict[str, str]
    url: str

    def auth(self, role: str = "viewer") -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[role]}"}

    def login(self, role: str = "viewer") -> TestClient:
        """The client, logged in to the dashboard as the user of `role`."""
        page = self.client.get("/login")
        csrf = page.text.split('name="csrf" value="', 1)[1].split('"', 1)[0]
        done = self.client.post(
            "/login",
            data={"username": role, "token": self.tokens[role], "csrf": csrf, "next": "/plans"},
            follow_redirects=False,
        )
        assert done.status_code == 303, done.text
        return self.client


def csrf_of(html: str) -> str:
    return html.split('name="csrf" value="', 1)[1].split('"', 1)[0]


@pytest.fixture(scope="session")
def template_store(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    path = tmp_path_factory.mktemp("web") / "template.sqlite"
    tokens: dict[str, str] = {}
    with open_store(f"sqlite:///{path}") as store:
        for name, when in (("march.html", MARCH), ("may.html", MAY)):
            data = (FIXTURES / name).read_bytes()
            ingest_bytes(store, data, PAGE_URI, content_type="text/html", fetched_at=when)
        with store.write() as session:
            for role in ROLES:
                add_user(session, role, role)
                tokens[role], _row = create_token(session, role, "tests")
    return path, tokens


def make_web(template: tuple[Path, dict[str, str]], tmp_path: Path, **config: object) -> Iterator[Web]:
    path, tokens = template
    target = tmp_path / "web.sqlite"
    shutil.copy(path, target)
    url = f"sqlite:///{target}"
    settings = WebConfig(database_url=url, secret="test-secret", **config)  # type: ignore[arg-type]
    app = create_app(config=settings)
    with TestClient(app) as client:
        yield Web(app, client, dict(tokens), url)


@pytest.fixture
def web(template_store: tuple[Path, dict[str, str]], tmp_path: Path) -> Iterator[Web]:
    yield from make_web(template_store, tmp_path)


@pytest.fixture
def small_web(template_store: tuple[Path, dict[str, str]], tmp_path: Path) -> Iterator[Web]:
    """The app with small body limits: 2 KiB for JSON, 4 KiB for uploads."""
    yield from make_web(template_store, tmp_path, max_body=2048, max_upload=4096)
