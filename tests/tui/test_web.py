"""``workbench serve`` as a browser (or an attacker's page) meets it: a real ``workbench serve``
process on a free loopback port and a real aiohttp client, over HTTP and the WebSocket."""

from __future__ import annotations

import asyncio
import os
import queue
import re
import shutil
import signal
import stat
import subprocess
import sys
import threading
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path

import aiohttp
import pytest
from click.testing import CliRunner

from workbench.cli import main
from workbench.core.errors import ProjectError
from workbench.core.session import Session

DATA = Path(__file__).with_name("data")
REPO = Path(__file__).resolve().parents[2]
EVIL = "http://evil.example"
WRONG = "hunter2-not-it"
NO_AUTH_ANYWHERE = ("--host", "0.0.0.0", "--no-auth", "--port", "0")
START_TIMEOUT = 30.0
EDITOR_TIMEOUT = 60.0  # a Textual app starting on a busy 2-core machine


@dataclass
class Served:
    proc: subprocess.Popen[str]
    base: str  # http://127.0.0.1:PORT
    url: str  # what was printed (with ?token=… in token mode)
    log: Path
    lines: list[str]

    @property
    def origin(self) -> str:
        return self.base

    @property
    def token(self) -> str:
        return self.url.split("?token=", 1)[1]

    def log_text(self) -> str:
        return self.log.read_text(encoding="utf-8")

    def wait_log(self, needle: str, timeout: float = EDITOR_TIMEOUT) -> None:
        deadline = time.monotonic() + timeout
        while needle not in self.log_text():
            assert time.monotonic() < deadline, f"{needle!r} not in the server log"
            time.sleep(0.1)


def start_server(args: list[str], cwd: Path, home: Path) -> Served:
    log = cwd / f"serve-{len(list(cwd.glob('serve-*.log')))}.log"
    env = {**os.environ, "WORKBENCH_HOME": str(home), "PYTHONPATH": str(REPO)}
    with log.open("w") as err:
        proc = subprocess.Popen(
            [sys.executable, "-m", "workbench", "serve", *args, "--port", "0"],
            cwd=cwd,
            stdout=subprocess.PIPE,
            stderr=err,
            text=True,
            env=env,
        )
    assert proc.stdout is not None
    lines: queue.Queue[str] = queue.Queue()

    def pump() -> None:
        for line in proc.stdout or ():
            lines.put(line)

    threading.Thread(target=pump, daemon=True).start()
    seen: list[str] = []
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        try:
            line = lines.get(timeout=0.2)
        except queue.Empty:
            if proc.poll() is not None:
                break
            continue
        seen.append(line)
        found = re.search(r"Open (http://[^ \n]+)", line)
        if found:
            url = found.group(1)
            return Served(proc, re.sub(r"/(\?.*)?$", "", url), url, log, seen)
    proc.kill()
    raise AssertionError(f"serve did not start: {seen} {log.read_text()}")


def stop_server(served: Served) -> None:
    if served.proc.poll() is None:
        served.proc.send_signal(signal.SIGTERM)
        try:
            served.proc.wait(timeout=40)
        except subprocess.TimeoutExpired:
            served.proc.kill()
            served.proc.wait()


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    shutil.copy(DATA / "article.txt", tmp_path / "article.txt")
    return tmp_path


@pytest.fixture
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("serve-home")


@pytest.fixture
def token_server(folder: Path, home: Path) -> Iterator[Served]:
    served = start_server(
        ["article.txt", "--project", str(folder / "p.wbproj")], cwd=folder, home=home
    )
    yield served
    stop_server(served)


@pytest.fixture
async def client() -> AsyncIterator[aiohttp.ClientSession]:
    # unsafe: keep cookies of an IP address host (browsers do; aiohttp does not by default)
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as session:
        yield session


async def sign_in_with_token(client: aiohttp.ClientSession, served: Served) -> str:
    async with client.get(served.url) as page:
        assert page.status == 200
        return await page.text()


async def read_screen(ws: aiohttp.ClientWebSocketResponse, needle: bytes) -> bytes:
    """The editor's output until ``needle`` shows."""
    seen = b""
    deadline = time.monotonic() + EDITOR_TIMEOUT
    while needle not in seen:
        left = deadline - time.monotonic()
        assert left > 0, f"{needle!r} never drawn"
        message = await ws.receive(timeout=left)
        assert message.type == aiohttp.WSMsgType.BINARY, message
        seen += message.data
    return seen


def ws_url(served: Served) -> str:
    return served.base.replace("http://", "ws://") + "/ws?width=100&height=30"


# --- the token ---------------------------------------------------------------------------------
async def test_the_token_lets_in_and_nothing_else_does(
    token_server: Served, client: aiohttp.ClientSession, home: Path
) -> None:
    served = token_server
    async with client.get(served.base + "/") as page:
        assert page.status == 401
        text = await page.text()
        assert "?token=" in text and "Traceback" not in text
    async with client.get(served.base + "/?token=not-the-token") as page:
        assert page.status == 403
    async with client.get(served.url, allow_redirects=False) as page:
        assert page.status == 303 and page.headers["Location"] == "/"
        cookie = page.headers["Set-Cookie"]
        assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
        assert served.token not in cookie  # a session id, not the token
    async with client.get(served.base + "/") as page:
        assert page.status == 200
        assert 'class="textual-terminal"' in await page.text()
    # the token file: the printed address, readable only by the user
    token_file = home / "serve" / f"{served.base.rsplit(':', 1)[1]}.url"
    assert token_file.read_text().strip() == served.url
    assert stat.S_IMODE(token_file.stat().st_mode) == 0o600
    log = served.log_text()
    assert served.token not in log and "refused GET / from 127.0.0.1" in log
    stop_server(served)
    assert not token_file.exists()


async def test_the_editor_runs_over_the_websocket_only_for_the_signed_in(
    token_server: Served, client: aiohttp.ClientSession
) -> None:
    served = token_server
    with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
        await client.ws_connect(ws_url(served), headers={"Origin": served.origin})
    assert refused.value.status == 401
    await sign_in_with_token(client, served)
    async with client.ws_connect(ws_url(served), headers={"Origin": served.origin}) as ws:
        await read_screen(ws, b"Chinalco news")


async def test_failed_sign_ins_are_limited_per_address(
    token_server: Served, client: aiohttp.ClientSession
) -> None:
    served = token_server
    for _ in range(5):
        async with client.get(served.base + "/?token=guess") as page:
            assert page.status == 403
    async with client.get(served.url) as page:  # even the right token, for a minute
        assert page.status == 429 and int(page.headers["Retry-After"]) > 0
    assert "Too many failed sign-ins" in served.log_text()


# --- Origin and Host ---------------------------------------------------------------------------
async def test_a_foreign_origin_is_refused_on_the_page_and_the_websocket(
    token_server: Served, client: aiohttp.ClientSession
) -> None:
    served = token_server
    await sign_in_with_token(client, served)
    async with client.get(served.base + "/", headers={"Origin": EVIL}) as page:
        assert page.status == 403
        assert "evil.example" in await page.text()
    for headers in ({"Origin": EVIL}, {"Origin": "null"}, {}):
        with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
            await client.ws_connect(ws_url(served), headers=headers)
        assert refused.value.status == 403
    assert f"refused GET /ws from 127.0.0.1: Requests from pages of '{EVIL}'" in served.log_text()


async def test_a_rebinding_host_name_is_refused(
    token_server: Served, client: aiohttp.ClientSession
) -> None:
    served = token_server
    port = served.base.rsplit(":", 1)[1]
    for host in (f"evil.example:{port}", f"127.0.0.1:{port}; script-src *"):
        async with client.get(served.url, headers={"Host": host}) as page:
            assert page.status == 403
            assert "Host header refused" in await page.text()
    async with client.get(served.url, headers={"Host": f"localhost:{port}"}) as page:
        assert page.status == 200  # a loopback server's own names


# --- what the page loads -----------------------------------------------------------------------
async def test_the_page_loads_nothing_from_another_host(
    token_server: Served, client: aiohttp.ClientSession
) -> None:
    served = token_server
    html = await sign_in_with_token(client, served)
    async with client.get(served.base + "/") as page:
        csp = page.headers["Content-Security-Policy"]
        assert page.headers["X-Content-Type-Options"] == "nosniff"
        assert page.headers["Referrer-Policy"] == "no-referrer"
    assert "frame-ancestors 'none'" in csp and "script-src 'self';" in csp
    hosts = set(re.findall(r"(?:https?|wss?)://([^ ;]+)", csp))
    assert hosts == {served.base.removeprefix("http://")}
    assert "<script>" not in html  # no inline script: the policy forbids it
    links = re.findall(r'(?:src|href)="([^"]*)"', html)
    assert links and all(link.startswith("/") and not link.startswith("//") for link in links)
    for link in links:
        async with client.get(served.base + link) as asset:
            assert asset.status == 200, link
            if link.endswith(".css"):
                css = await asset.text()
                urls = re.findall(r"url\(([^)]*)\)", css)
                assert all(not re.match(r"[\"']?(https?:)?//", u) for u in urls), urls
    assert not re.search(r"https?://|//fonts\.", html)


# --- binding -----------------------------------------------------------------------------------
def test_a_non_loopback_host_without_authentication_refuses_to_start(folder: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "workbench", "serve", "article.txt", *NO_AUTH_ANYWHERE],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1 and "needs authentication" in proc.stderr
    assert proc.stdout == ""


async def test_a_non_loopback_host_with_the_token_warns_about_tls(
    folder: Path, home: Path, client: aiohttp.ClientSession
) -> None:
    served = start_server(["article.txt", "--host", "0.0.0.0"], cwd=folder, home=home)
    try:
        assert "TLS belongs to a reverse proxy" in served.log_text()
        port = served.base.rsplit(":", 1)[1]
        async with client.get(f"http://127.0.0.1:{port}/?token={served.token}") as page:
            assert page.status == 200  # an IP address cannot be a rebinding name
    finally:
        stop_server(served)


# --- a team ------------------------------------------------------------------------------------
def add_user(users: Path, name: str) -> str:
    result = CliRunner().invoke(main, ["serve", "adduser", str(users), name, "--generate-token"])
    assert result.exit_code == 0, result.output
    found = re.search(r"token for \S+ \(shown once[^)]*\): (\S+)", result.stdout)
    assert found is not None
    return found.group(1)


async def sign_in(client: aiohttp.ClientSession, served: Served, name: str, secret: str) -> int:
    async with client.get(served.base + "/login") as form:
        assert form.status == 200
        xsrf = re.search(r'name="_xsrf" value="([^"]+)"', await form.text())
    assert xsrf is not None
    data = {"_xsrf": xsrf.group(1), "name": name, "password": secret}
    async with client.post(
        served.base + "/login", data=data, headers={"Origin": served.origin}
    ) as page:
        return page.status


async def type_in_editor(served: Served, name: str, secret: str, text: str) -> None:
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as client:
        assert await sign_in(client, served, name, secret) == 200
        async with client.ws_connect(ws_url(served), headers={"Origin": served.origin}) as ws:
            await read_screen(ws, b"Chinalco news")
            await ws.send_json(["stdin", text])
            # the text drawn (the editor has it), then closed before the 0.5 s save delay:
            # quitting saves
            await read_screen(ws, text.strip().encode())
    served.wait_log(f"{name}'s editor session ended")


async def test_two_users_each_see_their_name_on_their_edits(folder: Path, home: Path) -> None:
    users = folder / "team.users"
    ana, ben = add_user(users, "ana"), add_user(users, "ben")
    assert ana not in users.read_text() and stat.S_IMODE(users.stat().st_mode) == 0o600
    project = folder / "p.wbproj"
    served = start_server(
        ["article.txt", "--users", str(users), "--project", str(project)], cwd=folder, home=home
    )
    try:
        await type_in_editor(served, "ana", ana, " (ana)")
        await type_in_editor(served, "ben", ben, " (ben)")
    finally:
        stop_server(served)
    with Session.open_project(project, read_only=True) as session:
        typed = [(e.author, e.after) for e in session.events() if e.origin == "typing"]
    assert typed == [("ana", "Chinalco news (ana)"), ("ben", "Chinalco news (ana) (ben)")]
    log = served.log_text()
    assert ana not in log and ben not in log and "ana signed in" in log


async def test_a_team_server_asks_for_a_name_and_password(
    folder: Path, home: Path, client: aiohttp.ClientSession
) -> None:
    users = folder / "team.users"
    token = add_user(users, "ana")
    served = start_server(["article.txt", "--users", str(users)], cwd=folder, home=home)
    try:
        async with client.get(served.base + "/", allow_redirects=False) as page:
            assert page.status == 303 and page.headers["Location"] == "/login"
        async with client.post(  # no XSRF field: refused
            served.base + "/login", data={"name": "ana", "password": token}
        ) as page:
            assert page.status == 403
        assert await sign_in(client, served, "ana", WRONG) == 401
        assert await sign_in(client, served, "nobody", token) == 401
        assert await sign_in(client, served, "ana", token) == 200
        async with client.get(served.base + "/") as page:
            assert "Opening the editor for ana" in await page.text()
        async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as other:
            for _ in range(3):  # five failures in all from this address
                assert await sign_in(other, served, "ana", WRONG) == 401
            assert await sign_in(other, served, "ana", token) == 429  # even the right one
        log = served.log_text()
        assert "failed sign-in for 'ana'" in log and "failed sign-in for an unknown name" in log
        assert token not in log and WRONG not in log
    finally:
        stop_server(served)


async def test_an_idle_session_saves_and_ends(
    folder: Path, home: Path, client: aiohttp.ClientSession
) -> None:
    project = folder / "p.wbproj"
    served = start_server(
        ["article.txt", "--project", str(project), "--idle-timeout", "0.05"],  # 3 seconds
        cwd=folder,
        home=home,
    )
    try:
        await sign_in_with_token(client, served)
        async with client.ws_connect(ws_url(served), headers={"Origin": served.origin}) as ws:
            await read_screen(ws, b"Chinalco news")
            await ws.send_json(["stdin", "!"])
            started = time.monotonic()
            while (await ws.receive(timeout=30)).type == aiohttp.WSMsgType.BINARY:
                pass  # the editor quits on its own, and the server closes the socket
            assert 2.5 < time.monotonic() - started < 30
        served.wait_log("editor session ended")
        with Session.open_project(project) as session:  # the lock is released
            assert session.segments[0].target == "Chinalco news!"
    finally:
        stop_server(served)


async def test_stopping_the_server_saves_what_was_typed(
    folder: Path, home: Path, client: aiohttp.ClientSession
) -> None:
    project = folder / "p.wbproj"
    served = start_server(["article.txt", "--project", str(project)], cwd=folder, home=home)
    try:
        await sign_in_with_token(client, served)
        async with client.ws_connect(ws_url(served), headers={"Origin": served.origin}) as ws:
            await read_screen(ws, b"Chinalco news")
            await ws.send_json(["stdin", "?"])
            await asyncio.sleep(0.2)
            served.proc.send_signal(signal.SIGTERM)  # the socket still open
            while (await ws.receive(timeout=40)).type == aiohttp.WSMsgType.BINARY:
                pass
        assert served.proc.wait(timeout=40) == 0
    finally:
        stop_server(served)
    # the editor saves and ends on its own signal; the lock is free once it has
    session = None
    for _ in range(200):
        try:
            session = Session.open_project(project)
            break
        except ProjectError:
            await asyncio.sleep(0.1)
    assert session is not None, "the editor never released the project"
    with session:
        assert session.segments[0].target == "Chinalco news?"
    assert "editor session ended" in served.log_text()
