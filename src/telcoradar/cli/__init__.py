"""The `telcoradar` command: a thin face over jobs/, analysis/ and report/.

`app` holds the global options; each module below registers the commands of
one stage of the flow, in the order a newcomer meets them.
"""

from __future__ import annotations

import sys

# isort: off
# Importing a module registers its commands; --help lists them in this order.
from telcoradar.cli import query, collect, analyze, report, review, alerts, web, scale
from telcoradar.cli.app import app

# isort: on
from telcoradar.cli.common import err_console
from telcoradar.errors import ConfigError, InputError, UsageError

app.add_typer(review.review_app, name="review")
app.add_typer(alerts.alerts_app, name="alerts")
app.add_typer(web.users_app, name="users")
app.add_typer(web.tokens_app, name="tokens")
app.command()(web.serve)
app.command()(scale.worker)
app.command()(scale.beat)
app.command()(scale.failed)

__all__ = ["analyze", "app", "collect", "main", "query", "report", "review"]


def main() -> None:
    try:
        app()
    except (InputError, ConfigError) as exc:
        err_console.print(f"error: {exc}", markup=False, highlight=False, soft_wrap=True)
        sys.exit(2 if isinstance(exc, UsageError) else 1)
