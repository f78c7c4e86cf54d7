"""``workbench serve``: the same editor in a web browser, for the user or a team and nobody
else (the web code is :mod:`workbench.tui.web`); ``workbench serve adduser`` writes a users
file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from workbench.commands.options import (
    glossary_option,
    memory_option,
    project_option,
    source_option,
    store_option,
)


class ServeCommand(click.Command):
    """``workbench serve ARTICLE [OPTIONS]`` serves; ``workbench serve adduser FILE NAME``
    writes a users file (an article called ``adduser``: give it as ``./adduser``)."""

    def make_context(
        self,
        info_name: str | None,
        args: list[str],
        parent: click.Context | None = None,
        **extra: Any,
    ) -> click.Context:
        if args and args[0] == "adduser":
            return adduser.make_context(f"{info_name} adduser", args[1:], parent, **extra)
        return super().make_context(info_name, args, parent, **extra)


@click.command(
    "serve",
    cls=ServeCommand,
    epilog="workbench serve adduser FILE NAME: add a user to a users file (--help: more).",
)
@click.argument("article", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@glossary_option
@source_option
@project_option
@memory_option
@store_option
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on; anything but loopback needs authentication (the token or "
    "--users) and a TLS reverse proxy in front.",
)
@click.option(
    "--port",
    default=8000,
    show_default=True,
    type=click.IntRange(0, 65535),
    help="The port to listen on.",
)
@click.option(
    "--users",
    "users_file",
    type=click.Path(path_type=Path),
    help="A team: users sign in with a name and password (or token) from FILE "
    "(written by 'workbench serve adduser'). Default: one token made at start.",
    metavar="FILE",
)
@click.option(
    "--no-auth",
    is_flag=True,
    help="No token and no sign-in (loopback addresses only).",
)
@click.option(
    "--allow-origin",
    "allow_origins",
    multiple=True,
    metavar="URL",
    help="Also accept pages of this origin (e.g. https://mt.example.org, a reverse proxy's "
    "address); its host name is accepted in Host too. Repeatable.",
)
@click.option(
    "--export-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="The folder exports from the browser may be written in (default: the article's).",
)
@click.option(
    "--idle-timeout",
    "idle_minutes",
    default=30.0,
    show_default=True,
    type=click.FloatRange(min=0),
    metavar="MINUTES",
    help="End a browser session after this long without typing (it saves and releases the "
    "project); 0: never.",
)
def command(
    article: Path,
    glossaries: tuple[Path, ...],
    source: Path | None,
    project: Path | None,
    memory_path: Path | None,
    store: str | None,
    host: str,
    port: int,
    users_file: Path | None,
    no_auth: bool,
    allow_origins: tuple[str, ...],
    export_dir: Path | None,
    idle_minutes: float,
) -> None:
    """Serve the editor for ARTICLE at http://HOST:PORT: open the address printed at start
    (it holds a token), or, with --users, sign in. One project: a second browser session is
    shown an error page while the first holds it, unless the project is in a team store
    (--store), where each browser session is one more translator."""
    import os

    from workbench.commands.store import chosen_store
    from workbench.tui.web.launch import ServeRequest, serve

    server = chosen_store(store)
    if server is not None:
        # to each browser session's editor through its environment, never its command line
        # (which others on the machine can read): the URL may hold a password
        os.environ["WORKBENCH_DATABASE_URL"] = server

    serve(
        ServeRequest(
            article=article,
            glossaries=glossaries,
            source=source,
            project=project,
            memory=memory_path,
            host=host,
            port=port,
            users_file=users_file,
            no_auth=no_auth,
            allow_origins=allow_origins,
            export_dir=export_dir,
            idle_minutes=idle_minutes,
        )
    )


@click.command("adduser")
@click.argument("users_file", metavar="FILE", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("name")
@click.option(
    "--generate-token",
    is_flag=True,
    help="Make a random token for NAME and print it once, instead of asking for a password.",
)
def adduser(users_file: Path, name: str, generate_token: bool) -> None:
    """Add NAME to the users file FILE (made if missing, readable only by you), or give them a
    new password. Only a salted hash is stored."""
    import secrets

    from workbench.core.errors import InputError
    from workbench.tui.web.users import MIN_PASSWORD, add_user, check_name

    check_name(name)
    if generate_token:
        secret = secrets.token_urlsafe(24)
    else:
        secret = click.prompt(
            f"Password for {name}", hide_input=True, confirmation_prompt=True, err=True
        )
        if len(secret) < MIN_PASSWORD:
            raise InputError(f"a password is at least {MIN_PASSWORD} characters")
    new = add_user(users_file, name, secret)
    click.echo(f"{'added' if new else 'changed the password of'} {name} in {users_file}", err=True)
    if generate_token:
        click.echo(f"token for {name} (shown once; sign in with it as the password): {secret}")
