"""`telcoradar alerts add|list|run`: standing rules that send new moves to a webhook or by e-mail.

Registered on the main app by `telcoradar.cli`; each command is a few lines over
`jobs.alerts`.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import typer

from telcoradar.cli.common import AllowPrivate

alerts_app = typer.Typer(
    help="Alert rules: new moves sent to a webhook (signed JSON) or by e-mail, each once.",
    no_args_is_help=True,
)
Many = Annotated[list[str] | None, typer.Option(help="Repeat to give several.")]


@alerts_app.command("add")
def alerts_add(
    name: Annotated[str, typer.Argument(help="A name for the rule.")],
    kind: Annotated[str, typer.Option("--kind", help="price_cut, new_plan, withdrawn or event.")],
    webhook: Annotated[str | None, typer.Option("--webhook", help="POST each alert as JSON here.")] = None,
    email: Annotated[str | None, typer.Option("--email", help="Mail each alert to this address.")] = None,
    secret: Annotated[
        str | None, typer.Option("--secret", help="Sign webhook bodies (X-Telcoradar-Signature: sha256=...).")
    ] = None,
    min_pct: Annotated[
        float | None, typer.Option("--min-pct", help="price_cut: smallest cut, percent.")
    ] = None,
    region: Many = None,
    operator: Many = None,
    exclude: Annotated[list[str] | None, typer.Option(help="Operators to ignore (your own).")] = None,
    audience: Annotated[
        list[str] | None, typer.Option(help="Plans: a word of the audience, name or quote (外籍, visitor).")
    ] = None,
    domain: Annotated[list[str] | None, typer.Option(help="event: only these domains.")] = None,
    lang: Annotated[str, typer.Option("--lang", help="Language of the messages: zh or en.")] = "zh",
    allow_private: AllowPrivate = False,
) -> None:
    """Add a rule, e.g. --kind price_cut --min-pct 10 --region 上海 --exclude china-telecom --webhook URL."""
    from telcoradar.cli.common import console, fail, known, open_db, usage
    from telcoradar.errors import InputError
    from telcoradar.jobs.alerts import add_rule
    from telcoradar.model import DOMAINS
    from telcoradar.sources.guard import Guard

    if (webhook is None) == (email is None):
        usage("give one of --webhook URL or --email ADDRESS")
    known("--lang", lang, ("zh", "en"))
    for name in domain or ():
        known("--domain", name, DOMAINS)
    params = {
        "min_pct": min_pct,
        "regions": region,
        "operators": operator,
        "exclude_operators": exclude,
        "audience_words": audience,
        "domains": domain,
    }
    channel, target = ("webhook", webhook) if webhook else ("email", email)
    with open_db() as store:
        try:
            add_rule(
                store,
                name,
                kind,
                channel,
                str(target),
                params={k: v for k, v in params.items() if v},
                secret=secret,
                lang=lang,
                guard=Guard(allow_private=allow_private),
            )
        except InputError as exc:
            fail(str(exc))
    console.print(f"added rule {name}: {kind} -> {channel} {target}", markup=False, soft_wrap=True)


@alerts_app.command("list")
def alerts_list() -> None:
    """List the rules with their filters and where they send."""
    from telcoradar.cli.common import console, open_db
    from telcoradar.jobs.alerts import list_rules

    with open_db() as store:
        rules = list_rules(store)
    for rule in rules:
        state = "" if rule.enabled else " (disabled)"
        line = f"{rule.name}{state}: {rule.kind} {rule.params} -> {rule.channel} {rule.target}"
        console.print(line, markup=False, soft_wrap=True)


@alerts_app.command("run")
def alerts_run(
    since: Annotated[
        str | None,
        typer.Option("--since", help="Moves from this day on (default: since the previous capture)."),
    ] = None,
    allow_private: AllowPrivate = False,
) -> None:
    """Send what each rule matches among the new moves; what was sent before is not sent again."""
    from telcoradar.cli.common import console, open_db, usage
    from telcoradar.jobs.alerts import run_alerts
    from telcoradar.sources.guard import Guard

    try:
        day = dt.date.fromisoformat(since) if since else None
    except ValueError:
        usage(f"--since: {since!r} is not a date (YYYY-MM-DD)")
    with open_db() as store:
        run = run_alerts(store, since=day, guard=Guard(allow_private=allow_private))
    console.print(f"sent {len(run.sent)}, already sent {run.already}, failed {len(run.failed)}", markup=False)
    for name, _key, reason in run.failed:
        console.print(f"failed {name}: {reason}", markup=False, soft_wrap=True)
    if run.failed:
        raise typer.Exit(1)
