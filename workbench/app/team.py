"""Projects in a team store (a PostgreSQL server): open one by name, making it from an
article on first use; list them. The editing rules are :class:`~workbench.core.session.Session`'s,
the same as for a project file."""

from __future__ import annotations

import hashlib
import queue
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from workbench.app.projects import read_article
from workbench.core.errors import ProjectError
from workbench.core.glossary.load import engine_for
from workbench.core.session import Session
from workbench.core.storage.journal import Draft
from workbench.core.storage.pg import (
    EVENTS_CHANNEL,
    MEMORY_CHANNEL,
    Listener,
    Notice,
    ServerUnreachable,
    masked,
    project_location,
)
from workbench.core.storage.pg_project import LEASE_SECONDS, PostgresProjectStore, project_names
from workbench.core.storage.protocols import TeamStorage
from workbench.core.textio import read_bytes


def open_team_project(
    url: str,
    name: str,
    *,
    article: Path | str | None = None,
    glossaries: Sequence[Path | str] = (),
    source: Path | str | None = None,
    read_only: bool = False,
    source_language: str = "",
    target_language: str = "",
    author: str | None = None,
) -> Session:
    """Project ``name`` in the store at ``url``; made from ``article`` when it has none yet.
    ``author``: who edits, takes segments and undoes (default: the settings' user; under
    ``workbench serve``, the signed-in user)."""
    location = project_location(url, name)
    gloss = [str(Path(g).resolve()) for g in glossaries]
    engine = engine_for(gloss)
    if name not in project_names(url, read_only=read_only):
        if article is None:
            raise ProjectError(f"{masked(url)}: no project named '{name}'")
        if read_only:
            raise ProjectError(f"{article}: has no project '{name}' yet (open it to create one)")
        article_path = Path(article)
        digest = hashlib.sha256(read_bytes(article_path, what="article")).hexdigest()
        document = read_article(
            article_path,
            source=source,
            source_language=source_language,
            target_language=target_language,
        )
        Session.create(
            location,
            document,
            engine,
            article=article_path,
            article_sha256=digest,
            glossaries=gloss,
        )
    session = Session.open_project(
        location, read_only=read_only, engine=engine if gloss else None, author=author
    )
    try:
        if gloss and not read_only and tuple(gloss) != session.glossary_paths:
            session.set_glossary_paths(gloss)
    except BaseException:
        session.close()
        raise
    return session


def team_projects(url: str, *, read_only: bool = True) -> list[str]:
    """The projects of the store (writable: its schema is made or upgraded first)."""
    return project_names(url, read_only=read_only)


def unreachable(error: BaseException) -> bool:
    """Whether ``error`` says the team store's server is away (the write waits in the
    local journal), not that it refused something."""
    return isinstance(error, ServerUnreachable)


def reader_of(session: Session) -> Session:
    """A read-only session of the same project of a team store, for another thread (an
    export in the background); close it after use."""
    store = session.storage
    if not isinstance(store, PostgresProjectStore):
        raise ProjectError(f"{session.project_path}: not a project in a team store")
    return Session.open_project(
        project_location(store.server.url, store.name), read_only=True, engine=session.engine
    )


def team_of(session: Session) -> TeamStorage | None:
    """The team side of a session's store (``None`` for a project file)."""
    store = session.storage
    return store if isinstance(store, TeamStorage) else None


@dataclass(frozen=True)
class CatchUp:
    """What happened elsewhere since the last look: segments others changed (already read
    into the session), and memory units others added (with who added them)."""

    changed: tuple[str, ...]
    memory_ids: tuple[int, ...]
    memory_by: tuple[str, ...]
    leases: bool = False  # someone took or let go of a segment: see ``being_edited``
    # with ``leases``: segment id -> "being edited by NAME" now (as :meth:`Desk.being_edited`)
    being_edited: Mapping[str, str] | None = None


class Desk:
    """One translator at a project in a team store. :meth:`enter` takes the segment (a
    lease: others see "being edited by NAME"); the desk listens to the server, and
    ``wake`` (called in the listening thread, e.g. the UI's ``call_from_thread``) says when
    :meth:`catch_up` has something: others' confirmations and new memory units, within a
    second of their commit."""

    def __init__(
        self,
        session: Session,
        *,
        wake: Callable[[], None] | None = None,
        on_connection: Callable[[bool], None] | None = None,
        patience: float | None = None,
        on_notice: Callable[[Notice], None] | None = None,
    ) -> None:
        """``on_connection`` (called in the listening thread) is told when the connection to
        the server is lost (``False``) and back (``True``); ``patience``: seconds a write
        waits for an absent server before it is kept in the journal (the editor's UI
        cannot wait the store's default half minute); ``on_notice`` (in the listening
        thread) is given each notice of the others as it comes (e.g. to time it)."""
        team = team_of(session)
        if team is None or not isinstance(session.storage, PostgresProjectStore):
            raise ProjectError(f"{session.project_path}: not a project in a team store")
        self.session = session
        self.team = team
        self.author = team.author
        store = session.storage
        self._store = store
        if patience is not None:
            store.server.retry_seconds = patience
        self._project = store.name
        self._wake = wake
        self._on_notice = on_notice
        self._notices: queue.SimpleQueue[Notice] = queue.SimpleQueue()
        # who holds which segment, kept from the lease notices: author -> (segment, until on
        # this machine's monotonic clock); None until read from the server, and again after
        # the connection was lost (notices sent meanwhile were never heard)
        self._holders: dict[str, tuple[str, float]] | None = None
        self._holders_lock = threading.Lock()
        self._on_connection = on_connection
        self._listener = Listener(
            store.server.url, (EVENTS_CHANNEL, MEMORY_CHANNEL), self._heard, self._connection
        )

    def on_reconnecting(self, callback: Callable[[bool], None] | None) -> None:
        """``callback(True)`` when a call to the server starts waiting for it (in the thread
        of the call), ``callback(False)`` when that call ended."""
        self._store.server.on_reconnecting = callback

    @property
    def connected(self) -> bool:
        """Whether the desk hears the server now."""
        return self._listener.listening

    def resume(self) -> list[str]:
        """The server is back: send what waited in the journal (each write once), then
        read the others' changes into the session. Returns why the server refused any
        of what waited (e.g. someone else changed the segment meanwhile)."""
        refused = self._store.resend()
        self.session.reload()
        return refused

    # --- typed while the server is away ------------------------------------------------------
    def expected(self, segment_id: str, shown: str) -> str:
        """What the server holds for ``segment_id`` once the journal is sent: the last
        waiting write's text for it, else ``shown`` (the text the editor loaded)."""
        after = shown
        for pending in self._store.journal.pending():
            if pending.author == self.author:
                for change in pending.changes:
                    if change.segment_id == segment_id:
                        after = change.after
        return after

    def keep_draft(
        self, segment_id: str, text: str, *, base: str, keystrokes: int, active_ms: int
    ) -> None:
        """Keep what was typed in ``segment_id`` on this machine (fsynced) until a save
        sends it: a killed editor loses nothing typed while the server was away."""
        self._store.journal.keep(Draft(segment_id, text, base, keystrokes, active_ms))

    def drafts(self) -> list[Draft]:
        """What an earlier editor kept and never sent (it was closed or killed while the
        server was away)."""
        return self._store.journal.drafts()

    def drop_draft(self, segment_id: str) -> None:
        self._store.journal.drop(segment_id)

    def wait_listening(self, timeout: float = 10.0) -> bool:
        return self._listener.wait_ready(timeout)

    def _connection(self, up: bool) -> None:  # in the listening thread
        if not up:
            with self._holders_lock:
                self._holders = None  # read them again: lease notices may have been missed
        if self._on_connection is not None:
            self._on_connection(up)

    def _heard(self, notice: Notice) -> None:
        if notice.channel == EVENTS_CHANNEL and (
            notice.payload.get("project") != self._project
            or notice.payload.get("author") == self.author
        ):
            return
        if notice.channel == MEMORY_CHANNEL and notice.payload.get("who") == self.author:
            return
        self._notices.put(notice)
        if self._on_notice is not None:
            self._on_notice(notice)
        if self._wake is not None:
            self._wake()

    def enter(self, segment_id: str) -> str | None:
        """Take ``segment_id``: ``None`` when it is ours, else who is editing it."""
        return self.team.take_lease(segment_id)

    def leave(self) -> None:
        self.team.release_lease()

    def being_edited(self) -> dict[str, str]:
        """Segment id -> "being edited by NAME", for the others' segments, read from the
        server (:meth:`catch_up` then keeps them up to date from the notices alone)."""
        leases = self.team.leases()
        until = time.monotonic() + LEASE_SECONDS  # at the latest: renewed leases are announced
        with self._holders_lock:
            self._holders = {who: (sid, until) for sid, who in leases.items()}
        return {sid: f"being edited by {who}" for sid, who in leases.items()}

    def _held(self, leases: list[Notice]) -> dict[str, str] | None:
        """The others' leases after these notices (in the order heard), or ``None`` when
        they are not known here (never read, or the connection was lost since)."""
        with self._holders_lock:
            holders = self._holders
            if holders is None:
                return None
            for notice in leases:
                p = notice.payload
                who, sid = str(p.get("author", "")), p.get("segment")
                if not isinstance(sid, str):
                    continue
                if p.get("what") == "lease":  # taking one lets go of any other they held
                    seconds = float(p.get("seconds") or LEASE_SECONDS)
                    for other in [a for a, (s, _u) in holders.items() if s == sid]:
                        del holders[other]  # an expired lease taken over
                    holders[who] = (sid, time.monotonic() + seconds)
                elif holders.get(who, ("", 0.0))[0] == sid:
                    del holders[who]
            now = time.monotonic()
            return {sid: f"being edited by {who}" for who, (sid, u) in holders.items() if u >= now}

    def catch_up(self) -> CatchUp:
        """Read what others did since the last call (their segments into the session)."""
        segments: set[str] = set()
        every = False  # a change that names no segment (read them all)
        leases: list[Notice] = []
        ids: list[int] = []
        who: list[str] = []
        while True:
            try:
                notice = self._notices.get_nowait()
            except queue.Empty:
                break
            if notice.channel == EVENTS_CHANNEL:
                what = notice.payload.get("what")
                if what == "change":
                    segment = notice.payload.get("segment")
                    if isinstance(segment, str):
                        segments.add(segment)
                    else:
                        every = True
                if what in ("lease", "release"):
                    leases.append(notice)
            else:
                ids.extend(int(i) for i in notice.payload.get("ids", []))
                who.append(str(notice.payload.get("who", "")))
        if every:
            changed = tuple(self.session.reload())
        else:  # only the segments the notices named, not the whole project
            changed = tuple(self.session.reload(sorted(segments))) if segments else ()
        held: dict[str, str] | None = None
        if leases:  # kept from the notices; read from the server only when not known here
            held = self._held(leases)
            if held is None:
                held = self.being_edited()
        return CatchUp(changed, tuple(ids), tuple(who), bool(leases), held)

    def close(self) -> None:
        self._listener.close()
