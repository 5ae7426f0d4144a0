"""`telcoradar users`, `telcoradar tokens` and `telcoradar serve`: who may use the web app, and running it.

Registered on the main app by `telcoradar.cli`; each command is a few lines over
`store.access` and `web.create_app`.
"""

from __future__ import annotations

from typing import Annotated

import typer

users_app = typer.Typer(help="Users of the web app and the API, each with a role.", no_args_is_help=True)
tokens_app = typer.Typer(help="API tokens: shown once when created, stored as SHA-256.", no_args_is_help=True)
Role = Annotated[
    str, typer.Option("--role", help="viewer (reads), analyst (also changes), admin (also users).")
]


@users_app.command("add")
def users_add(name: Annotated[str, typer.Argument(help="The user's name.")], role: Role = "viewer") -> None:
    """Add a user with a role: viewer, analyst or admin."""
    from telcoradar.cli.common import console, fail, open_db
    from telcoradar.errors import InputError
    from telcoradar.store.access import add_user

    with open_db() as store:
        try:
            with store.write() as session:
                add_user(session, name, role)
        except InputError as exc:
            fail(str(exc))
    console.print(
        f"added user {name} ({role}); give them a token: telcoradar tokens create {name}", markup=False
    )


@users_app.command("list")
def users_list() -> None:
    """List the users and their roles (tab-separated)."""
    from telcoradar.cli.common import open_db
    from telcoradar.store.access import list_users

    with open_db() as store, store.read() as session:
        for row in list_users(session):
            typer.echo(f"{row.name}\t{row.role}")


@users_app.command("remove")
def users_remove(name: Annotated[str, typer.Argument(help="The user's name.")]) -> None:
    """Remove a user and all their tokens."""
    from telcoradar.cli.common import console, fail, open_db
    from telcoradar.store.access import remove_user

    with open_db() as store, store.write() as session:
        removed = remove_user(session, name)
    if not removed:
        fail(f"{name}: no such user")
    console.print(f"removed user {name}", markup=False)


@tokens_app.command("create")
def tokens_create(
    name: Annotated[str, typer.Argument(help="The user the token is for.")],
    label: Annotated[str, typer.Option(help="What the token is for, e.g. 'laptop'.")] = "",
) -> None:
    """Create an API token for a user and print it (once: only its hash is kept)."""
    from telcoradar.cli.common import fail, open_db
    from telcoradar.errors import InputError
    from telcoradar.store.access import create_token

    with open_db() as store:
        try:
            with store.write() as session:
                secret, _row = create_token(session, name, label)
        except InputError as exc:
            fail(str(exc))
    typer.echo(secret)


@tokens_app.command("list")
def tokens_list(name: Annotated[str | None, typer.Argument(help="Only this user's tokens.")] = None) -> None:
    """List tokens (id, user, label, created; tab-separated), never their secrets."""
    from telcoradar.cli.common import open_db
    from telcoradar.store.access import list_tokens

    with open_db() as store, store.read() as session:
        for token, user in list_tokens(session, name):
            if token.digest.startswith("s:"):
                continue  # a dashboard session kept on the server (web/session.py), not a token
            created = token.created_at.isoformat(timespec="seconds")
            typer.echo(f"{token.id}\t{user}\t{token.label}\t{created}")


@tokens_app.command("revoke")
def tokens_revoke(token_id: Annotated[int, typer.Argument(help="The token's id (see tokens list).")]) -> None:
    """Revoke a token: API calls and dashboard sessions that use it stop working."""
    from telcoradar.cli.common import console, fail, open_db
    from telcoradar.store.access import revoke_token

    with open_db() as store, store.write() as session:
        done = revoke_token(session, token_id)
    if not done:
        fail(f"{token_id}: no such token")
    console.print(f"revoked token {token_id}", markup=False)


def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    workers: Annotated[int, typer.Option(help="Worker processes (one per CPU serves most).")] = 1,
) -> None:
    """Run the web app (API and dashboard) with uvicorn; TELCORADAR_SECRET keeps sessions across restarts."""
    import os
    import secrets

    from telcoradar.cli.common import database_url, fail

    try:
        import uvicorn

        from telcoradar.web import create_app
    except ImportError:
        fail("the web app needs its extra: pip install 'telcoradar[web]'")
    if workers <= 1:
        uvicorn.run(create_app(database_url()), host=host, port=port, log_level="info")
        return
    # Workers build the app themselves, from the environment: one database and one cookie secret for all.
    os.environ["TELCORADAR_DATABASE_URL"] = database_url()
    os.environ.setdefault("TELCORADAR_SECRET", secrets.token_urlsafe(32))
    create_app(database_url()).state.telcoradar.store.close()  # schema checked (or created) once, up front
    uvicorn.run("telcoradar.web.app:create_app", factory=True, host=host, port=port, workers=workers)
