"""What both PostgreSQL stores share: telling a server URL from a file, hiding its password,
one connection pool per store (psycopg 3 + psycopg_pool), the server schema and its versioned
migrations (``schema_version``), retrying a transaction across a lost connection, and
listening for notifications (LISTEN/NOTIFY).

A store location on a server is a URL, ``postgresql://user[:password]@host[:port]/database``;
a project on it is named: ``URL#NAME`` (see :func:`project_location`). The password in a URL
is never printed, logged or stored: every message goes through :func:`masked`.
"""

from __future__ import annotations

import contextlib
import json
import logging
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import psycopg
from psycopg_pool import ConnectionPool, PoolTimeout

from workbench.core.errors import ProjectError

log = logging.getLogger(__name__)

SCHEMES = ("postgresql://", "postgres://")
CONNECT_TIMEOUT = 5  # seconds to reach the server before a URL is called unreachable
POOL_WAIT = 1.0  # seconds to wait for a pooled connection before saying "reconnecting"
RETRY_SECONDS = 30.0  # how long a transaction is retried while the server is away
EVENTS_CHANNEL = "workbench_events"  # a segment changed: {"project", "segment", "author", ...}
MEMORY_CHANNEL = "workbench_memory"  # units added: {"ids": [...], "who": ...}
MIGRATION_LOCK = 0x57424442  # pg_advisory_xact_lock key: one migrating process at a time

# Each version's statements, applied in order, each version in its own transaction.
MIGRATIONS: dict[int, str] = {
    1: """
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE TABLE projects (
    id BIGSERIAL PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    current_idx INTEGER NOT NULL DEFAULT 0,
    original BYTEA NOT NULL DEFAULT ''
);
CREATE TABLE project_meta (
    project BIGINT NOT NULL REFERENCES projects ON DELETE CASCADE,
    key TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (project, key)
);
CREATE TABLE gaps (
    project BIGINT NOT NULL REFERENCES projects ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    text TEXT NOT NULL,
    PRIMARY KEY (project, idx)
);
CREATE TABLE segments (
    project BIGINT NOT NULL REFERENCES projects ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    id TEXT NOT NULL,
    paragraph INTEGER NOT NULL,
    source TEXT,
    mt TEXT NOT NULL,
    pre TEXT NOT NULL,
    target TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('new', 'draft', 'confirmed')),
    note TEXT NOT NULL DEFAULT '',
    hist_pos INTEGER NOT NULL DEFAULT 0,
    version INTEGER NOT NULL DEFAULT 0,
    changed_by TEXT NOT NULL DEFAULT '',
    lease_holder TEXT,
    lease_until DOUBLE PRECISION,
    PRIMARY KEY (project, id),
    UNIQUE (project, idx)
);
CREATE TABLE history (
    project BIGINT NOT NULL REFERENCES projects ON DELETE CASCADE,
    segment_id TEXT NOT NULL,
    pos INTEGER NOT NULL,
    text TEXT NOT NULL,
    PRIMARY KEY (project, segment_id, pos)
);
CREATE TABLE events (
    seq BIGSERIAL PRIMARY KEY,
    project BIGINT NOT NULL REFERENCES projects ON DELETE CASCADE,
    ts DOUBLE PRECISION NOT NULL,
    segment_id TEXT NOT NULL,
    origin TEXT NOT NULL,
    before TEXT NOT NULL,
    after TEXT NOT NULL,
    ops TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT '',
    keystrokes INTEGER NOT NULL DEFAULT 0,
    active_ms INTEGER NOT NULL DEFAULT 0,
    status_before TEXT,
    status_after TEXT,
    author TEXT NOT NULL DEFAULT '',
    write_id TEXT
);
CREATE INDEX events_segment ON events (project, segment_id, seq);
CREATE INDEX events_write ON events (write_id) WHERE write_id IS NOT NULL;
CREATE TABLE ignored_findings (
    project BIGINT NOT NULL REFERENCES projects ON DELETE CASCADE,
    segment_id TEXT NOT NULL,
    check_id TEXT NOT NULL,
    matched TEXT NOT NULL,
    reason TEXT NOT NULL,
    ts DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (project, segment_id, check_id, matched)
);
CREATE TABLE visits (
    project BIGINT NOT NULL REFERENCES projects ON DELETE CASCADE,
    segment_id TEXT NOT NULL,
    started DOUBLE PRECISION NOT NULL,
    ended DOUBLE PRECISION NOT NULL,
    active_ms INTEGER NOT NULL,
    first_edit_ms INTEGER,
    author TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (project, segment_id, started)
);
CREATE TABLE codes (
    project BIGINT NOT NULL REFERENCES projects ON DELETE CASCADE,
    segment_id TEXT NOT NULL,
    n INTEGER NOT NULL,
    char TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('open', 'close', 'standalone')),
    pair TEXT NOT NULL,
    xml TEXT NOT NULL,
    label TEXT NOT NULL,
    nests INTEGER NOT NULL DEFAULT 0,
    data TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (project, segment_id, n)
);
CREATE TABLE origins (
    project BIGINT NOT NULL REFERENCES projects ON DELETE CASCADE,
    segment_id TEXT NOT NULL,
    file INTEGER NOT NULL,
    unit INTEGER NOT NULL,
    unit_id TEXT NOT NULL,
    part INTEGER NOT NULL,
    part_id TEXT NOT NULL,
    PRIMARY KEY (project, segment_id)
);
CREATE TABLE memory_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE memory_units (
    id BIGINT PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    source TEXT,
    mt TEXT,
    target TEXT NOT NULL,
    source_lang TEXT NOT NULL,
    target_lang TEXT NOT NULL,
    project TEXT NOT NULL,
    article TEXT NOT NULL,
    segment_id TEXT NOT NULL,
    who TEXT NOT NULL,
    ts DOUBLE PRECISION NOT NULL,
    origin TEXT NOT NULL,
    mt_norm TEXT NOT NULL,
    src_norm TEXT,
    mt_hash BIGINT NOT NULL,
    src_hash BIGINT,
    ctx_mt BIGINT,
    ctx_src BIGINT
);
CREATE INDEX memory_units_mt_hash ON memory_units (mt_hash);
CREATE INDEX memory_units_src_hash ON memory_units (src_hash);
CREATE INDEX memory_units_mt_trgm ON memory_units USING gin (mt_norm gin_trgm_ops);
CREATE TABLE memory_terms (term BIGINT PRIMARY KEY, df INTEGER NOT NULL, chunks INTEGER NOT NULL);
CREATE TABLE memory_postings (
    term BIGINT NOT NULL,
    chunk INTEGER NOT NULL,
    ids BYTEA NOT NULL,
    PRIMARY KEY (term, chunk)
);
INSERT INTO memory_meta VALUES ('next_id', '1');
""",
    # where each target and undo step came from (core/provenance.py); a unit's name, groups
    # and notes one by one (the project file's schema 5); a memory unit's inline codes as
    # the file had them (the memory file's schema 2)
    2: """
ALTER TABLE segments ADD COLUMN mt_origin TEXT NOT NULL DEFAULT '';
ALTER TABLE segments ADD COLUMN target_origin TEXT NOT NULL DEFAULT '';
ALTER TABLE history ADD COLUMN origin TEXT NOT NULL DEFAULT '';
ALTER TABLE origins ADD COLUMN unit_name TEXT NOT NULL DEFAULT '';
ALTER TABLE origins ADD COLUMN groups TEXT NOT NULL DEFAULT '';
ALTER TABLE origins ADD COLUMN notes TEXT NOT NULL DEFAULT '';
ALTER TABLE memory_units ADD COLUMN codes TEXT NOT NULL DEFAULT '';
""",
    # the segments held (leases) found without reading every segment of the project: taking
    # a segment lets go of the translator's others, and that scanned the whole project (3.6
    # ms of the server's CPU for each segment entered in a 5,000-segment project)
    3: """
CREATE INDEX segments_leases ON segments (project, lease_holder) WHERE lease_holder IS NOT NULL;
""",
}
SCHEMA_VERSION = max(MIGRATIONS)


class ServerError(ProjectError):
    """The server cannot be reached, refuses the login, has no such database, or a
    transaction failed there. The message never holds the URL's password."""


class ServerUnreachable(ServerError):
    """The server did not answer for :data:`RETRY_SECONDS` (restarting, network down)."""


def is_server_url(location: object) -> bool:
    return isinstance(location, str) and location.startswith(SCHEMES)


def project_location(url: str, name: str) -> str:
    """The location of project ``name`` in the store at ``url``."""
    if not name or "#" in name:
        raise ServerError(f"'{name}': a project on a server needs a name (without '#')")
    return f"{url}#{name}"


def split_location(location: str) -> tuple[str, str]:
    """``URL#NAME`` -> (URL, NAME); NAME is ``""`` when there is none."""
    url, _sep, name = location.partition("#")
    return url, urllib.parse.unquote(name)


def _password(url: str) -> str | None:
    with contextlib.suppress(ValueError):
        return urllib.parse.urlsplit(url).password
    return None


def masked(url: str) -> str:
    """``url`` with its password (if any) replaced by ``***``."""
    try:
        parts = urllib.parse.urlsplit(url)
    except ValueError:
        return "postgresql://***"
    if not parts.password:
        return url
    user = parts.username or ""
    host = parts.hostname or ""
    if parts.port is not None:
        host = f"{host}:{parts.port}"
    return urllib.parse.urlunsplit(parts._replace(netloc=f"{user}:***@{host}"))


def scrub(text: str, url: str) -> str:
    """``text`` (a driver's message) with the URL masked and its password removed."""
    out = text.replace(url, masked(url))
    password = _password(url)
    if password:
        out = out.replace(password, "***")
        out = out.replace(urllib.parse.quote(password, safe=""), "***")
    return " ".join(out.split())


def _reason(exc: BaseException) -> str:
    """The first line of a driver's error (psycopg's have details on further lines)."""
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


def connect(url: str, *, autocommit: bool = False) -> psycopg.Connection[Any]:
    """One connection (for a first check, listening or migrating), errors as one line."""
    try:
        return psycopg.connect(url, autocommit=autocommit, connect_timeout=CONNECT_TIMEOUT)
    except psycopg.Error as exc:
        raise ServerError(f"{masked(url)}: cannot connect ({scrub(_reason(exc), url)})") from None


def schema_version(conn: psycopg.Connection[Any]) -> int:
    row = conn.execute("SELECT to_regclass('schema_version') IS NOT NULL").fetchone()
    if row is None or not row[0]:
        return 0
    got = conn.execute("SELECT MAX(version) FROM schema_version").fetchone()
    return int(got[0]) if got and got[0] is not None else 0


def migrate(url: str) -> tuple[int, int]:
    """Create or upgrade the schema at ``url``: (version before, version now). Each version
    is one transaction; two processes migrating at once take turns (an advisory lock)."""
    with connect(url) as conn:
        try:
            with conn.transaction():
                conn.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK,))
                conn.execute(
                    "CREATE TABLE IF NOT EXISTS schema_version"
                    " (version INTEGER PRIMARY KEY, applied DOUBLE PRECISION NOT NULL)"
                )
                before = schema_version(conn)
                if before > SCHEMA_VERSION:
                    raise ServerError(
                        f"{masked(url)}: schema {before} is newer than this workbench "
                        f"(it reads 1 to {SCHEMA_VERSION})"
                    )
                for target in range(before + 1, SCHEMA_VERSION + 1):
                    conn.execute(MIGRATIONS[target].encode())
                    conn.execute(
                        "INSERT INTO schema_version VALUES (%s, %s)", (target, time.time())
                    )
        except psycopg.Error as exc:
            raise ServerError(
                f"{masked(url)}: cannot create the schema ({scrub(_reason(exc), url)})"
            ) from None
    return before, SCHEMA_VERSION


def check_schema(url: str, conn: psycopg.Connection[Any], *, read_only: bool) -> None:
    """Bring the schema up to date (writing) or refuse one this workbench cannot read."""
    version = schema_version(conn)
    conn.rollback()
    if version == SCHEMA_VERSION:
        return
    if read_only or version > SCHEMA_VERSION:
        raise ServerError(
            f"{masked(url)}: server schema {version} is not the one this workbench reads "
            f"({SCHEMA_VERSION}); run 'workbench db init URL'"
        )
    migrate(url)


class Server:
    """A connection pool to one database, with retries across a lost connection."""

    def __init__(self, url: str, *, read_only: bool = False, max_size: int = 4) -> None:
        self.url = url
        first = connect(url)  # a wrong URL, login or database: one line, before any pool
        try:
            check_schema(url, first, read_only=read_only)
        finally:
            first.close()
        self._pool: ConnectionPool[psycopg.Connection[Any]] = ConnectionPool(
            url,
            min_size=1,
            max_size=max_size,
            # autocommit: a read is one round trip; a write opens its own transaction.
            # A connection the server dropped (restart) fails on use: run() retries on a
            # new one (a check before every use would double each round trip).
            kwargs={"connect_timeout": CONNECT_TIMEOUT, "autocommit": True},
            open=True,
            name="workbench",
        )
        self.on_reconnecting: Callable[[bool], None] | None = None  # "reconnecting" on/off
        self.retry_seconds = RETRY_SECONDS

    def close(self) -> None:
        try:
            self._pool.close()
        except Exception as exc:  # closing must not fail the caller
            log.debug("%s: closing the pool: %s", masked(self.url), scrub(str(exc), self.url))

    @contextlib.contextmanager
    def connection(self) -> Iterator[psycopg.Connection[Any]]:
        """A pooled connection (autocommit: see :meth:`run` for transactions)."""
        with self._pool.connection(timeout=POOL_WAIT) as conn:
            yield conn

    def run(
        self, what: str, work: Callable[[psycopg.Connection[Any]], Any], *, write: bool = True
    ) -> Any:
        """Run ``work`` in one transaction (``write=False``: a single read, no transaction
        round trips); when the connection is lost (server restart,
        network), wait and run it again, up to :data:`RETRY_SECONDS`. ``work`` must be safe
        to run again (writers check a write id: see the project store). Other database
        errors and the last connection error become a one-line :class:`ServerError`."""
        deadline = time.monotonic() + self.retry_seconds
        delay = 0.1
        reconnecting = False
        try:
            while True:
                try:
                    with self.connection() as conn:
                        if not write:
                            return work(conn)
                        with conn.transaction():
                            return work(conn)
                except (psycopg.OperationalError, PoolTimeout) as exc:
                    if isinstance(exc, psycopg.errors.QueryCanceled):
                        raise ServerError(f"{what}: {scrub(_reason(exc), self.url)}") from None
                    if time.monotonic() > deadline:
                        raise ServerUnreachable(
                            f"{masked(self.url)}: {what}: the server is unreachable "
                            f"({scrub(_reason(exc), self.url)})"
                        ) from None
                    if not reconnecting:
                        log.warning(
                            "%s: %s: reconnecting (%s)",
                            masked(self.url),
                            what,
                            scrub(_reason(exc), self.url),
                        )
                        if self.on_reconnecting is not None:
                            self.on_reconnecting(True)
                    reconnecting = True
                    time.sleep(delay)
                    delay = min(delay * 2, 1.0)
                except psycopg.Error as exc:
                    raise ServerError(
                        f"{masked(self.url)}: {what} ({scrub(_reason(exc), self.url)})"
                    ) from None
        finally:
            if reconnecting and self.on_reconnecting is not None:
                self.on_reconnecting(False)


@dataclass(frozen=True)
class Notice:
    channel: str
    payload: dict[str, Any]


class Listener:
    """LISTEN on channels in a thread of its own; each notification is given to ``callback``
    (in that thread). Reconnects when the server goes away; ``on_state`` (in that thread)
    is told when the connection is lost (``False``) and listening again (``True``).
    :meth:`close` stops it."""

    def __init__(
        self,
        url: str,
        channels: tuple[str, ...],
        callback: Callable[[Notice], None],
        on_state: Callable[[bool], None] | None = None,
    ) -> None:
        self.url = url
        self.channels = channels
        self.callback = callback
        self.on_state = on_state
        self._stop = threading.Event()
        self._ready = threading.Event()
        self._conn: psycopg.Connection[Any] | None = None
        self._thread = threading.Thread(target=self._loop, name="workbench-listen", daemon=True)
        self._thread.start()

    def wait_ready(self, timeout: float = 10.0) -> bool:
        return self._ready.wait(timeout)

    @property
    def listening(self) -> bool:
        """Connected and listening now."""
        return self._ready.is_set()

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                with psycopg.connect(
                    self.url, autocommit=True, connect_timeout=CONNECT_TIMEOUT
                ) as conn:
                    self._conn = conn
                    for channel in self.channels:
                        conn.execute(f"LISTEN {channel}")
                    self._ready.set()
                    if self.on_state is not None:
                        self.on_state(True)
                    while not self._stop.is_set():
                        for note in conn.notifies(timeout=0.5):
                            with contextlib.suppress(ValueError):
                                self.callback(Notice(note.channel, json.loads(note.payload)))
            except psycopg.Error as exc:
                log.info(
                    "%s: listening again (%s)", masked(self.url), scrub(_reason(exc), self.url)
                )
                if self._ready.is_set() and self.on_state is not None:
                    self.on_state(False)
                self._ready.clear()
                self._stop.wait(0.5)

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)


def notify(conn: psycopg.Connection[Any], channel: str, payload: dict[str, Any]) -> None:
    """Send a notification, delivered when the transaction commits."""
    conn.execute("SELECT pg_notify(%s, %s)", (channel, json.dumps(payload, ensure_ascii=False)))
