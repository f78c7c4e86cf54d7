"""``workbench serve``: the editor in a browser, for the user or a team and nobody else.

An aiohttp application in front of textual-serve's :class:`AppService`, which runs one
``workbench edit … --user NAME`` process per browser session and relays the terminal over
``/ws``. What this module adds to textual-serve's own server:

* **sign-in** (:mod:`~workbench.tui.web.auth`): the start-up token (``/?token=…``, then an
  HttpOnly SameSite=Strict session cookie, the token compared in constant time), or the
  users of a users file (a sign-in form with an XSRF field); failed sign-ins limited per
  client address (429 after five a minute);
* **Host and Origin checks** on every request and on the WebSocket
  (:mod:`~workbench.tui.web.origins`);
* **nothing from other hosts**: our own page (:mod:`~workbench.tui.web.pages`), fonts and
  scripts served from here, a Content-Security-Policy naming no other host, no framing,
  no referrer, no MIME sniffing;
* a refused request gets a short page saying why and a line in the server log; the log
  never holds a token, a password or a query string.

The editor process is told who the user is (``--user``: every edit records them), where
exports may go (``--export-root``) and when to quit on its own (``--idle-timeout``).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import secrets
import shlex
import signal
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import textual_serve
from aiohttp import WSCloseCode, WSMsgType, web
from aiohttp.abc import AbstractAccessLogger
from textual_serve.app_service import AppService
from textual_serve.download_manager import DownloadManager

from workbench.tui.web.auth import Authenticator, LoginLimiter, Sessions
from workbench.tui.web.origins import OriginPolicy
from workbench.tui.web.pages import editor_page, login_page, refused_page

log = logging.getLogger("workbench.serve")

TEXTUAL_STATIC = Path(textual_serve.__file__).parent / "static"
ASSETS = Path(__file__).with_name("assets")
STOP_TIMEOUT = 15.0  # seconds an editor gets to save and quit before it is killed
MAX_TERMINAL = 1000  # columns or rows a browser may ask for

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@dataclass(frozen=True)
class ServeConfig:
    """``editor``: the ``workbench edit`` command line (without ``--user``)."""

    editor: tuple[str, ...]
    host: str
    port: int
    auth: Authenticator
    policy: OriginPolicy
    idle_minutes: float = 30.0
    title: str = "Workbench"


class PathOnlyAccessLog(AbstractAccessLogger):
    """One line per request: client, method, path (never the query: it may hold the token),
    status."""

    def log(self, request: web.BaseRequest, response: web.StreamResponse, time: float) -> None:
        self.logger.info(
            "%s %s %s %s", request.remote, request.method, request.path, response.status
        )


def _html(text: str, status: int = 200, **headers: str) -> web.Response:
    return web.Response(text=text, status=status, content_type="text/html", headers=headers)


def _redirect(location: str) -> web.Response:
    return web.Response(status=303, headers={"Location": location})


class WebServer:
    """The aiohttp application of one ``workbench serve`` run."""

    def __init__(self, config: ServeConfig) -> None:
        self.config = config
        self.port = config.port  # the port bound (port 0: known after start)
        self.sessions = Sessions()
        self.limiter = LoginLimiter()
        self.downloads = DownloadManager()
        self.sockets: set[web.WebSocketResponse] = set()

    # --- names ------------------------------------------------------------------------------
    @property
    def session_cookie(self) -> str:
        return f"workbench-session-{self.port}"  # cookies are not per port; names are

    @property
    def xsrf_cookie(self) -> str:
        return f"workbench-xsrf-{self.port}"

    # --- the application --------------------------------------------------------------------
    def application(self) -> web.Application:
        app = web.Application(middlewares=[self._errors, self._guard], client_max_size=64 * 1024)
        app.on_response_prepare.append(self._security_headers)
        app.on_shutdown.append(self._close_sockets)
        app.add_routes(
            [
                web.get("/", self.index),
                web.get("/login", self.login_form),
                web.post("/login", self.login),
                web.get("/ws", self.websocket),
                web.get("/download/{key}", self.download),
                web.static("/static", TEXTUAL_STATIC, show_index=False, follow_symlinks=False),
                web.static("/assets", ASSETS, show_index=False, follow_symlinks=False),
            ]
        )
        return app

    def refuse(self, request: web.Request, status: int, headline: str, reason: str) -> web.Response:
        """A short page saying why, and a line in the log (path only: no query)."""
        log.warning(
            "refused %s %s from %s: %s (%d)",
            request.method,
            request.path,
            request.remote,
            reason,
            status,
        )
        return _html(refused_page(status, headline, reason), status)

    @web.middleware
    async def _errors(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        """No stack trace ever reaches the browser."""
        try:
            return await handler(request)
        except web.HTTPException as exc:
            if exc.status < 400:
                raise
            return self.refuse(request, exc.status, exc.reason, "There is no such page here.")
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("error answering %s %s", request.method, request.path)
            return _html(
                refused_page(500, "Server error", "The server could not answer; see its log."),
                500,
            )

    @web.middleware
    async def _guard(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        """Host first (DNS rebinding), then Origin (other sites' pages)."""
        policy = self.config.policy
        if not policy.host_allowed(request.host):
            return self.refuse(
                request,
                403,
                "Forbidden",
                f"This server does not answer to the name {request.host[:100]!r} "
                "(Host header refused).",
            )
        request["host_ok"] = True
        origin = request.headers.get("Origin")
        if origin is None and request.path == "/ws":
            return self.refuse(request, 403, "Forbidden", "A WebSocket needs an Origin header.")
        if origin is not None and not policy.origin_allowed(
            origin, request.host, https=_forwarded_https(request)
        ):
            return self.refuse(
                request,
                403,
                "Forbidden",
                f"Requests from pages of {origin[:100]!r} are not accepted here.",
            )
        return await handler(request)

    async def _security_headers(self, request: web.Request, response: web.StreamResponse) -> None:
        connect = "'none'"
        if request.get("host_ok"):
            connect = f"'self' ws://{request.host} wss://{request.host}"
        response.headers["Content-Security-Policy"] = (
            "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            f"font-src 'self'; img-src 'self' data: blob:; connect-src {connect}; "
            "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
        )
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Cross-Origin-Opener-Policy"] = "same-origin"
        response.headers["Cross-Origin-Resource-Policy"] = "same-origin"
        if not request.path.startswith(("/static/", "/assets/")):
            response.headers["Cache-Control"] = "no-store"

    # --- who is asking ----------------------------------------------------------------------
    def user(self, request: web.Request) -> str | None:
        if self.config.auth.mode == "none":
            return self.config.auth.local_name
        return self.sessions.user(request.cookies.get(self.session_cookie))

    def _signed_in(self, request: web.Request, user: str) -> web.Response:
        response = _redirect("/")
        response.set_cookie(
            self.session_cookie,
            self.sessions.start(user),
            path="/",
            httponly=True,
            samesite="Strict",
            secure=request.secure or _forwarded_https(request),
        )
        log.info("%s signed in from %s", user, request.remote)
        return response

    def _too_many(self, request: web.Request, client: str) -> web.Response:
        response = self.refuse(
            request,
            429,
            "Too many attempts",
            "Too many failed sign-ins from this address; wait a minute and try again.",
        )
        response.headers["Retry-After"] = str(self.limiter.retry_after(client))
        return response

    # --- pages ------------------------------------------------------------------------------
    async def index(self, request: web.Request) -> web.StreamResponse:
        auth = self.config.auth
        token = request.query.get("token")
        if token is not None and auth.mode == "token":
            client = request.remote or "?"
            if self.limiter.blocked(client):
                return self._too_many(request, client)
            if not auth.token_matches(token):
                self.limiter.failed(client)
                return self.refuse(
                    request,
                    403,
                    "Forbidden",
                    "That token is not this server's (a restart makes a new one).",
                )
            return self._signed_in(request, auth.local_name)
        user = self.user(request)
        if user is None:
            if auth.mode == "users":
                return _redirect("/login")
            return self.refuse(
                request,
                401,
                "Unauthorized",
                "Open the address workbench serve printed when it started (it ends in "
                "?token=…); it is also in the token file it named. Signed in already? A "
                "link from another site does not carry the sign-in: reload this page.",
            )
        return _html(editor_page(self.config.title, user, self.config.idle_minutes))

    async def login_form(self, request: web.Request) -> web.StreamResponse:
        if self.config.auth.mode != "users":
            raise web.HTTPNotFound()
        if self.user(request) is not None:
            return _redirect("/")
        return self._login_page(request)

    def _login_page(
        self, request: web.Request, message: str = "", name: str = "", status: int = 200
    ) -> web.Response:
        xsrf = request.cookies.get(self.xsrf_cookie) or secrets.token_urlsafe(24)
        response = _html(login_page(self.config.title, xsrf, message=message, name=name), status)
        response.set_cookie(
            self.xsrf_cookie,
            xsrf,
            path="/login",
            httponly=True,
            samesite="Strict",
            secure=request.secure or _forwarded_https(request),
        )
        return response

    async def login(self, request: web.Request) -> web.StreamResponse:
        auth = self.config.auth
        if auth.mode != "users":
            raise web.HTTPNotFound()
        client = request.remote or "?"
        if self.limiter.blocked(client):
            return self._too_many(request, client)
        form = await request.post()
        expected = request.cookies.get(self.xsrf_cookie, "")
        given = str(form.get("_xsrf", ""))
        if not expected or not secrets.compare_digest(expected.encode(), given.encode()):
            return self.refuse(
                request,
                403,
                "Forbidden",
                "The sign-in form was not this server's or has expired; open /login again.",
            )
        name = str(form.get("name", "")).strip()
        password = str(form.get("password", ""))
        loop = asyncio.get_running_loop()
        if await loop.run_in_executor(None, auth.password_matches, name, password):
            return self._signed_in(request, name)
        self.limiter.failed(client)
        # The name only if it is a user's: a password typed into the name field stays out.
        who = repr(name) if name in auth.users else "an unknown name"
        log.warning("failed sign-in for %s from %s", who, client)
        return self._login_page(request, "Wrong name or password.", name, status=401)

    async def download(self, request: web.Request) -> web.StreamResponse:
        """A file the editor delivers to the browser (a screenshot from the palette)."""
        if self.user(request) is None:
            return self.refuse(request, 401, "Unauthorized", "Sign in first.")
        key = request.match_info["key"]
        try:
            meta = await self.downloads.get_download_metadata(key)
        except KeyError:
            raise web.HTTPNotFound() from None
        response = web.StreamResponse()
        content_type = meta.mime_type + (f"; charset={meta.encoding}" if meta.encoding else "")
        response.headers["Content-Type"] = content_type
        disposition = "inline" if meta.open_method == "browser" else "attachment"
        response.headers["Content-Disposition"] = (
            f"{disposition}; filename*=UTF-8''{quote(meta.file_name)}"
        )
        await response.prepare(request)
        async for chunk in self.downloads.download(key):
            await response.write(chunk)
        await response.write_eof()
        return response

    # --- the editor over a WebSocket ----------------------------------------------------------
    def editor_command(self, user: str) -> str:
        return shlex.join([*self.config.editor, "--user", user])

    async def websocket(self, request: web.Request) -> web.StreamResponse:
        user = self.user(request)
        if user is None:
            return self.refuse(request, 401, "Unauthorized", "Sign in first.")
        width = _size(request.query.get("width"), 80)
        height = _size(request.query.get("height"), 24)
        ws = web.WebSocketResponse(heartbeat=15, max_msg_size=1024 * 1024)
        await ws.prepare(request)

        async def close() -> None:
            await ws.close()

        service = AppService(
            self.editor_command(user),
            write_bytes=ws.send_bytes,
            write_str=ws.send_str,
            close=close,
            download_manager=self.downloads,
            debug=False,
        )
        self.sockets.add(ws)
        log.info("%s opened the editor from %s", user, request.remote)
        try:
            await service.start(width, height)
            relay = asyncio.create_task(self._relay(ws, service))
            editor = service._task  # ends when the editor process does
            assert editor is not None
            await asyncio.wait({relay, editor}, return_when=asyncio.FIRST_COMPLETED)
            relay.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await relay
        finally:
            await _stop(service)
            self.sockets.discard(ws)
            await ws.close()
            log.info("%s's editor session ended", user)
        return ws

    async def _relay(self, ws: web.WebSocketResponse, service: AppService) -> None:
        """The browser's messages to the editor (textual-serve's protocol); anything else is
        dropped, never an error."""
        async for message in ws:
            if message.type != WSMsgType.TEXT:
                continue
            try:
                envelope = json.loads(message.data)
            except ValueError:
                continue
            if not isinstance(envelope, list) or not envelope:
                continue
            kind = envelope[0]
            data = envelope[1] if len(envelope) > 1 else None
            if kind == "stdin" and isinstance(data, str):
                await service.send_bytes(data.encode("utf-8"))
            elif kind == "resize" and isinstance(data, dict):
                await service.set_terminal_size(
                    _size(data.get("width"), 80), _size(data.get("height"), 24)
                )
            elif kind == "ping":
                await ws.send_json(["pong", str(data)[:64]])
            elif kind == "blur":
                await service.blur()
            elif kind == "focus":
                await service.focus()

    async def _close_sockets(self, app: web.Application) -> None:
        """Shutting down: every editor saves and quits (their handlers stop them)."""
        for ws in list(self.sockets):
            await ws.close(code=WSCloseCode.GOING_AWAY, message=b"server shutting down")


def _forwarded_https(request: web.Request) -> bool:
    """A TLS reverse proxy says so in X-Forwarded-Proto (only used to mark cookies Secure
    and to accept the https:// form of the served origin)."""
    return request.headers.get("X-Forwarded-Proto", "").lower() == "https"


def _size(value: Any, default: int) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return default
    return min(max(number, 10), MAX_TERMINAL)


async def _stop(service: AppService) -> None:
    """Ask the editor to quit (it saves first); kill it if it has not after a while."""
    try:
        await asyncio.wait_for(service.stop(), STOP_TIMEOUT)
    except (TimeoutError, ConnectionError, RuntimeError):
        process = service._process
        if process is not None and process.returncode is None:
            log.warning("an editor did not quit in %.0f s: killed", STOP_TIMEOUT)
            with contextlib.suppress(ProcessLookupError):
                process.kill()


def bound_port(runner: web.AppRunner) -> int:
    address = runner.addresses[0]
    return int(address[1])


async def run(server: WebServer, on_ready: Callable[[int], None]) -> None:
    """Serve until SIGINT or SIGTERM; ``on_ready`` gets the bound port (``--port 0``)."""
    runner = web.AppRunner(
        server.application(),
        access_log_class=PathOnlyAccessLog,
        access_log=logging.getLogger("workbench.serve.access"),
        handle_signals=False,
        shutdown_timeout=STOP_TIMEOUT + 5,
    )
    await runner.setup()
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    try:
        site = web.TCPSite(runner, server.config.host, server.config.port)
        await site.start()
        server.port = bound_port(runner)
        on_ready(server.port)
        await stop.wait()
        log.info("shutting down")
    finally:
        await runner.cleanup()


def write_private(path: Path, text: str) -> None:
    """``text`` in a file only the user can read (0600, folder 0700)."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(text)
    os.chmod(tmp, 0o600)
    os.replace(tmp, path)
