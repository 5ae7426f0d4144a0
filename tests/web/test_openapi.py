"""schemathesis against the app's OpenAPI document: no server error, no response outside the schema.

Every operation is called with an admin token and generated parameters and
bodies (25 examples each). Fetching goes to a fetcher that refuses every URL,
so no test leaves the machine.
"""

from __future__ import annotations

import shutil
import warnings
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

with warnings.catch_warnings():
    warnings.filterwarnings("ignore", category=Warning)
    import schemathesis
    from schemathesis.checks import not_a_server_error
    from schemathesis.specs.openapi.checks import (
        content_type_conformance,
        response_schema_conformance,
        status_code_conformance,
    )

from telcoradar.sources import FetchError
from telcoradar.web import create_app
from telcoradar.web.config import WebConfig

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning", "ignore::UserWarning")


class NoNetwork:
    """A fetcher that refuses every URL without touching the network."""

    max_bytes = 1_000_000

    def __enter__(self) -> NoNetwork:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def fetch(self, url: str, **_options: Any) -> Any:
        raise FetchError(url, "refused in tests")


@pytest.fixture(scope="module")
def admin(template_store: tuple[Path, dict[str, str]], tmp_path_factory: pytest.TempPathFactory) -> Any:
    path, tokens = template_store
    target = tmp_path_factory.mktemp("openapi") / "web.sqlite"
    shutil.copy(path, target)
    config = WebConfig(database_url=f"sqlite:///{target}", secret="s", max_upload=64 * 1024)
    app = create_app(config=config, fetcher=NoNetwork)  # type: ignore[arg-type]
    headers = {"Authorization": f"Bearer {tokens['admin']}"}
    return app, headers


def test_api_conforms_to_its_schema(admin: Any) -> None:
    app, headers = admin
    api = schemathesis.openapi.from_asgi("/openapi.json", app, headers=headers)
    failures: list[str] = []
    operations = 0
    statuses: Counter[int] = Counter()
    for result in api.get_all_operations():
        operation = result.ok()
        operations += 1

        @given(case=operation.as_strategy())
        @settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def run(case: Any) -> None:
            response = case.call_and_validate(headers=headers, checks=CHECKS)
            statuses[response.status_code] += 1

        try:
            run()
        except Exception as exc:  # collect every operation's failure, then report them all
            failures.append(f"{operation.label}: {type(exc).__name__}: {str(exc)[:2000]}")
    assert operations >= 25
    assert failures == []
    assert statuses[200] + statuses[201] > 10 * operations // 2, statuses  # most operations also succeed
    assert not any(status >= 500 for status in statuses)
