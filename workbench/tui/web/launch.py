"""Starting ``workbench serve``: check the options (a non-loopback address needs
authentication), make the token, print the address and write it to a file only the user can
read, then serve until interrupted."""

from __future__ import annotations

import asyncio
import contextlib
import getpass
import logging
import secrets
import sys
from dataclasses import dataclass
from pathlib import Path

import click

from workbench.core.errors import InputError, WorkbenchError
from workbench.core.projects import data_dir
from workbench.tui.web.auth import Authenticator
from workbench.tui.web.origins import OriginPolicy, is_loopback
from workbench.tui.web.server import ServeConfig, WebServer, run, write_private
from workbench.tui.web.users import read_users


@dataclass(frozen=True)
class ServeRequest:
    """The options of ``workbench serve`` as given."""

    article: Path
    glossaries: tuple[Path, ...] = ()
    source: Path | None = None
    project: Path | None = None
    memory: Path | None = None
    host: str = "127.0.0.1"
    port: int = 8000
    users_file: Path | None = None
    no_auth: bool = False
    allow_origins: tuple[str, ...] = ()
    export_dir: Path | None = None
    idle_minutes: float = 30.0


def editor_command(request: ServeRequest, export_root: Path) -> tuple[str, ...]:
    """The ``workbench edit`` command each browser session runs (``--user`` is added per
    session)."""
    parts = [sys.executable, "-m", "workbench", "edit", str(request.article), "--errors-in-ui"]
    for g in request.glossaries:
        parts += ["--glossary", str(g)]
    if request.source is not None:
        parts += ["--source", str(request.source)]
    if request.project is not None:
        parts += ["--project", str(request.project)]
    if request.memory is not None:
        parts += ["--memory", str(request.memory)]
    parts += ["--export-root", str(export_root)]
    if request.idle_minutes:
        parts += ["--idle-timeout", f"{request.idle_minutes * 60:g}"]
    return tuple(parts)


def authenticator(request: ServeRequest) -> Authenticator:
    local = _local_name()
    if request.users_file is not None:
        if request.no_auth:
            raise InputError("--no-auth and --users exclude each other")
        users = read_users(request.users_file)
        if not users:
            raise InputError(
                f"{request.users_file}: no users yet (add one: workbench serve adduser "
                f"{request.users_file} NAME)"
            )
        return Authenticator("users", users=users)
    if request.no_auth:
        if not is_loopback(request.host):
            raise WorkbenchError(
                f"--host {request.host} is not a loopback address: serving it needs "
                "authentication (leave out --no-auth, or give --users FILE)"
            )
        return Authenticator("none", local_name=local)
    return Authenticator("token", token=secrets.token_urlsafe(32), local_name=local)


def _local_name() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "local"


def export_root(request: ServeRequest) -> Path:
    """``--export-dir``, else the article's folder."""
    if request.export_dir is None:
        return request.article.resolve().parent
    if not request.export_dir.is_dir():
        raise InputError(f"--export-dir {request.export_dir}: no such folder")
    return request.export_dir.resolve()


def token_file(port: int) -> Path:
    return data_dir() / "serve" / f"{port}.url"


def serve(request: ServeRequest) -> None:
    """Check everything, then serve until SIGINT/SIGTERM. Bad options: a WorkbenchError
    (one line, exit 2) before anything is bound or written."""
    auth = authenticator(request)
    policy = OriginPolicy.for_binding(request.host, request.allow_origins)
    root = export_root(request)
    config = ServeConfig(
        editor=editor_command(request, root),
        host=request.host,
        port=request.port,
        auth=auth,
        policy=policy,
        idle_minutes=request.idle_minutes,
    )
    server_log_on_stderr()
    if not is_loopback(request.host):
        click.echo(
            f"workbench: warning: serving {request.host} over plain HTTP; TLS belongs to a "
            "reverse proxy in front of this server (README: 'Serving a team over HTTPS')",
            err=True,
        )
    written: list[Path] = []

    def ready(port: int) -> None:
        shown = _shown_host(request.host)
        base = f"http://{shown}:{port}/"
        click.echo(f"workbench serve: {request.article} (exports go inside {root})")
        if auth.mode == "token":
            url = f"{base}?token={auth.token}"
            path = token_file(port)
            write_private(path, url + "\n")
            written.append(path)
            click.echo(f"Open {url}")
            click.echo(f"(the address is also in {path}, readable only by you)")
        elif auth.mode == "users":
            click.echo(f"Open {base} and sign in with a name from {request.users_file}")
        else:
            click.echo(f"Open {base} (no authentication: this machine's users only)")
        sys.stdout.flush()

    server = WebServer(config)
    try:
        asyncio.run(run(server, ready))
    except OSError as exc:
        raise WorkbenchError(f"cannot serve on {request.host}:{request.port} ({exc})") from None
    finally:
        for path in written:
            with contextlib.suppress(OSError):
                path.unlink()


def server_log_on_stderr() -> None:
    """A server's log is watched: ``workbench.serve`` lines (requests, sign-ins, refusals)
    go to stderr too, besides the program's log file (unless ``--verbose`` sent them there
    already), through the same secret-masking filter."""
    from workbench.app.logs import FORMAT, Redact

    program = logging.getLogger("workbench")
    if any(
        isinstance(h, logging.StreamHandler) and getattr(h, "stream", None) is sys.stderr
        for h in program.handlers
    ):
        return
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter(FORMAT))
    handler.addFilter(Redact())
    serve_log = logging.getLogger("workbench.serve")
    serve_log.addHandler(handler)
    serve_log.setLevel(logging.INFO)


def _shown_host(host: str) -> str:
    if host in ("0.0.0.0", "::", ""):
        import socket

        return socket.gethostname()
    return f"[{host}]" if ":" in host else host
