"""Faults between an editor and the team store, on a real server: a restart mid-edit, a
server away for a while (the write waits, then lands once), a server away too long (the
typed text stays in the local journal and is sent when the project is opened again), and a
write retried after it did commit (not applied twice)."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from tests.storage.pgserver import Server
from workbench.app.team import open_team_project
from workbench.core.errors import ProjectError
from workbench.core.glossary.load import engine_for
from workbench.core.model.project import Change
from workbench.core.session import Session
from workbench.core.storage import backends
from workbench.core.storage.journal import Pending
from workbench.core.storage.pg import ServerUnreachable, project_location
from workbench.core.storage.pg_project import PostgresProjectStore

ARTICLE = "Copper output rose in May. Zinc prices fell sharply.\n"


def _project(pg_url: str, tmp_path: Path) -> str:
    article = tmp_path / "metals.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    open_team_project(pg_url, "metals", article=article).close()
    return project_location(pg_url, "metals")


def _open(location: str) -> tuple[Session, PostgresProjectStore]:
    store = backends.open_project(location, author="ana")
    assert isinstance(store, PostgresProjectStore)
    return Session(store, engine_for([]), read_only=False), store


def _typing(location: str, segment_id: str) -> list[str]:
    with Session.open_project(location, read_only=True) as check:
        return [e.after for e in check.events(segment_id) if e.origin == "typing"]


def test_a_restart_mid_edit_reconnects(pg_server: Server, pg_url: str, tmp_path: Path) -> None:
    location = _project(pg_url, tmp_path)
    session, store = _open(location)
    flags: list[bool] = []
    store.server.on_reconnecting = flags.append
    sid = session.segments[0].id
    session.set_target(sid, "Copper output climbed in May.")
    pg_server.restart()
    session.set_target(sid, "Copper output climbed again in May.")
    session.close()
    assert _typing(location, sid) == [
        "Copper output climbed in May.",
        "Copper output climbed again in May.",
    ]


def test_a_write_waits_for_the_server_and_lands_once(
    pg_server: Server, pg_url: str, tmp_path: Path
) -> None:
    location = _project(pg_url, tmp_path)
    session, store = _open(location)
    flags: list[bool] = []
    store.server.on_reconnecting = flags.append
    sid = session.segments[0].id
    pg_server.stop()
    errors: list[BaseException] = []

    def type_it() -> None:
        try:
            session.set_target(sid, "Typed while the server was away.")
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    writer = threading.Thread(target=type_it)
    writer.start()
    time.sleep(1.5)
    assert writer.is_alive()  # waiting ("reconnecting"), not failed
    pg_server.start()
    writer.join(30)
    assert not errors, errors
    assert flags == [True, False]  # the editor was told: reconnecting, then back
    assert store.journal.pending() == []
    session.close()
    assert _typing(location, sid) == ["Typed while the server was away."]


def test_a_server_away_too_long_keeps_the_text_in_the_journal(
    pg_server: Server, pg_url: str, tmp_path: Path
) -> None:
    location = _project(pg_url, tmp_path)
    session, store = _open(location)
    store.server.retry_seconds = 1.0
    sid = session.segments[0].id
    pg_server.stop()
    try:
        with pytest.raises(ServerUnreachable, match="kept on this machine"):
            session.set_target(sid, "Typed before the crash.")
        (pending,) = store.journal.pending()
        assert pending.changes[0].after == "Typed before the crash."
        assert "@" not in store.journal.path.read_text() or "***" in store.journal.path.read_text()
    finally:
        pg_server.start()
    session.close()
    again, store2 = _open(location)  # replays the journal
    assert again.segment(sid).target == "Typed before the crash."
    assert store2.journal.pending() == []
    again.close()
    third, _store3 = _open(location)
    third.close()
    assert _typing(location, sid) == ["Typed before the crash."]


def test_a_write_sent_twice_is_applied_once(pg_url: str, tmp_path: Path) -> None:
    location = _project(pg_url, tmp_path)
    session, store = _open(location)
    state = session.segments[0]
    change = Change(state.id, "typing", state.target, "Once.", "new", "draft", "push", 1)
    pending = Pending("write-1", "ana", {}, (change,))
    store._send(pending)
    store._send(pending)  # the acknowledgement was lost: sent again
    session.close()
    assert _typing(location, state.id) == ["Once."]


def test_a_refused_write_is_not_kept(pg_url: str, tmp_path: Path) -> None:
    location = _project(pg_url, tmp_path)
    ana, ana_store = _open(location)
    ben_store = backends.open_project(location, author="ben")
    ben = Session(ben_store, engine_for([]), read_only=False)
    sid = ana.segments[0].id
    ben.set_target(sid, "Ben first.")
    with pytest.raises(ProjectError, match="changed by ben"):
        ana.set_target(sid, "Ana second.")
    assert ana_store.journal.pending() == []
    ana.close()
    ben.close()
