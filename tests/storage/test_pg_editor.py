"""The editor on a project in the team store, against a real server: two editors (two apps,
different translators) on one project see each other - "being edited by NAME" in the
segment list and a locked target, confirmations within a second, "reconnecting" while the
server is away and nothing typed lost -, the export from the open editor, and the
signed-in user of ``workbench serve`` (``--user``) as the one who takes and edits."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from tests.storage.pgserver import Server
from tests.tui.helpers import editor, shown
from workbench.app.team import Desk, open_team_project
from workbench.core.config import Config
from workbench.core.session import Session
from workbench.core.storage.pg import project_location
from workbench.tui.app import WorkbenchApp
from workbench.tui.widgets.segment_list import SegmentList

ARTICLE = (
    "Copper output rose in May.\n\n"
    "Zinc prices fell sharply.\n\n"
    "The smelter in Yunnan restarted.\n\n"
    "Analysts expect more supply.\n"
)
SIZE = (120, 40)


@pytest.fixture
def project(pg_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """The project "metals" in the team store; returns the store's URL."""
    monkeypatch.chdir(tmp_path)
    article = tmp_path / "metals.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    open_team_project(pg_url, "metals", article=article).close()
    return pg_url


def _app(url: str, who: str) -> WorkbenchApp:
    session = open_team_project(url, "metals", author=who)
    return WorkbenchApp(session, config=Config(user=who, auto_propagate=False))


def _row(app: WorkbenchApp, segment_id: str) -> str:
    """The segment list's line of ``segment_id``, as the user sees it."""
    segment_list = app.screen.query_one(SegmentList)
    index = next(s.index for s in segment_list.segments if s.id == segment_id)
    row = segment_list.rows.index(index) - segment_list.scroll_offset.y
    return segment_list.render_line(row).text


async def _until(pilot: Pilot[None], what: Callable[[], bool], seconds: float = 5.0) -> float:
    """Wait until ``what`` holds (the app keeps running); the seconds it took."""
    start = time.monotonic()
    while not what():
        if time.monotonic() - start > seconds:
            raise AssertionError(f"not within {seconds} s")
        await pilot.pause(0.05)
    return time.monotonic() - start


def _stored(url: str, segment_id: str) -> tuple[str, str]:
    with Session.open_project(project_location(url, "metals"), read_only=True) as check:
        state = check.segment(segment_id)
        return state.target, state.status


async def test_a_segment_one_translator_is_on_is_locked_for_the_other(project: str) -> None:
    alice, bob = _app(project, "alice"), _app(project, "bob")
    async with alice.run_test(size=SIZE) as a, bob.run_test(size=SIZE) as b:
        first = editor(alice).state.id
        await a.pause()
        await b.pause()
        # both open on the first segment: alice came first, bob sees it locked
        await _until(b, lambda: "being edited by alice" in _row(bob, first))
        assert "being edited by alice" in shown(bob, "#status")
        assert editor(bob).target.read_only
        assert "being edited by alice" in str(editor(bob).target.border_title)
        await b.press(*"Bob")
        await b.pause()
        assert "Bob" not in editor(bob).target.text
        assert "being edited by bob" not in _row(alice, first)
        # alice moves on: the first segment is bob's now, hers is the second
        await a.press("alt+down")
        second = editor(alice).state.id
        await _until(b, lambda: not editor(bob).target.read_only)
        await _until(b, lambda: "being edited by alice" in _row(bob, second))
        assert "being edited by alice" not in _row(bob, first)
        assert "yours now" in shown(bob, "#status")
        await _until(a, lambda: "being edited by bob" in _row(alice, first))
        await b.press("home", *"Bob ", "ctrl+s")
        await b.pause()
    assert _stored(project, first) == ("Bob Copper output rose in May.", "confirmed")


async def test_a_confirmation_shows_in_the_others_editor_within_a_second(project: str) -> None:
    alice, bob = _app(project, "alice"), _app(project, "bob")
    async with alice.run_test(size=SIZE) as a, bob.run_test(size=SIZE) as b:
        await a.press("alt+down", "alt+down")  # alice on the third segment
        third = editor(alice).state.id
        await b.pause()
        assert "0/4" in shown(bob, "#status")
        await a.press("end", *" Output resumed.", "ctrl+s")
        await a.pause()
        assert editor(alice).session.segment(third).status == "confirmed"
        took = await _until(b, lambda: "✓" in _row(bob, third)[:1], seconds=3.0)
        assert took < 1.0, took
        assert editor(bob).session.segment(third).target.endswith("Output resumed.")
        await _until(b, lambda: "1/4" in shown(bob, "#status"))
        # bob goes there: the panes show alice's text, confirmed
        await b.press("alt+down", "alt+down")
        await b.pause()
        assert editor(bob).target.text == "The smelter in Yunnan restarted. Output resumed."
        assert "confirmed" in str(editor(bob).target.border_title)


async def test_the_others_confirmation_updates_the_segment_shown(project: str) -> None:
    """Bob looks at a segment alice is editing (locked for him): her confirmation appears
    in his target pane as it happens."""
    alice, bob = _app(project, "alice"), _app(project, "bob")
    async with alice.run_test(size=SIZE) as a, bob.run_test(size=SIZE) as b:
        first = editor(alice).state.id
        await _until(b, lambda: editor(bob).target.read_only)
        await a.press("home", *"Refined ", "ctrl+s")
        await _until(b, lambda: editor(bob).target.text.startswith("Refined "))
        assert editor(bob).session.segment(first).status == "confirmed"


async def test_server_restart_mid_edit_reconnects_and_loses_nothing(
    pg_server: Server, project: str
) -> None:
    alice = _app(project, "alice")
    async with alice.run_test(size=SIZE) as a:
        screen = editor(alice)
        first = screen.state.id
        await a.press("end", *" Output", "ctrl+s")  # confirmed, on to the second
        await a.pause()
        second = screen.state.id
        await a.press("end", *" Before.")
        pg_server.stop()
        try:
            await _until(a, lambda: "reconnecting" in shown(alice, "#status"))
            await a.press(*" During.")
            await a.pause(0.8)  # past the save delay: the save waits for the server
            assert "reconnecting" in shown(alice, "#status")
            assert screen.target.text.endswith("Before. During.")
        finally:
            pg_server.start()
        back = await _until(a, lambda: "reconnecting" not in shown(alice, "#status"), seconds=20)
        assert back < 10, back
        assert "reconnected" in shown(alice, "#status")
        await a.press(*" After.")
        await a.press("alt+up")  # saved on leaving the segment
        await a.pause()
        assert screen.state.id == first
    assert _stored(project, first) == ("Copper output rose in May. Output", "confirmed")
    assert _stored(project, second)[0] == "Zinc prices fell sharply. Before. During. After."
    with Session.open_project(project_location(project, "metals"), read_only=True) as check:
        typed = [e.after for e in check.events(second) if e.origin == "typing"]
    assert typed[-1] == "Zinc prices fell sharply. Before. During. After."
    assert len(typed) == len(set(typed))  # nothing applied twice


async def test_a_save_the_server_did_not_take_waits_in_the_journal(
    pg_server: Server, project: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The server goes away just before a save (the desk has not noticed yet): the save
    waits 2 s, then is kept in the local journal and the editor says "reconnecting"; once
    the server is back the journal is sent, once, and the editor says so."""
    # the save is the test's own (flush): no pause in typing saves first, however slow
    monkeypatch.setattr("workbench.tui.screens.editor.SAVE_DELAY", 30.0)
    alice = _app(project, "alice")
    async with alice.run_test(size=SIZE) as a:
        screen = editor(alice)
        first = screen.state.id
        store = screen.session.storage
        await a.press("end", *" Kept.")
        pg_server.stop()
        try:
            started = time.monotonic()
            assert not screen.flush()  # the save after the pause in typing
            assert time.monotonic() - started < 5  # the UI waited 2 s, not half a minute
            assert "reconnecting" in shown(alice, "#status")
            (pending,) = store.journal.pending()  # type: ignore[attr-defined]
            assert pending.changes[0].after == "Copper output rose in May. Kept."
            assert screen.target.text == "Copper output rose in May. Kept."
        finally:
            pg_server.start()
        await _until(a, lambda: "reconnected" in shown(alice, "#status"), seconds=20)
        assert store.journal.pending() == []  # type: ignore[attr-defined]
        assert "saved" in shown(alice, "#status")
    assert _stored(project, first) == ("Copper output rose in May. Kept.", "draft")
    with Session.open_project(project_location(project, "metals"), read_only=True) as check:
        typed = [e.after for e in check.events(first) if e.origin == "typing"]
    # a loaded machine may save a pause inside " Kept." too; the journal's write is sent once
    assert typed[-1] == "Copper output rose in May. Kept."
    assert len(typed) == len(set(typed))


async def test_typed_while_the_server_is_away_survives_the_editor(
    pg_server: Server, project: str
) -> None:
    """What is typed while the server is away is kept on this machine at each pause
    (fsynced), not only in the editor's memory: the editor ends before the server is back
    (as a killed one would), and the next editor saves it, once, with its keystrokes."""
    alice = _app(project, "alice")
    async with alice.run_test(size=SIZE) as a:
        screen = editor(alice)
        first = screen.state.id
        desk = screen.team.desk
        assert desk is not None
        pg_server.stop()
        try:
            await _until(a, lambda: "reconnecting" in shown(alice, "#status"))
            await a.press("end", *" Offline.")
            await _until(a, lambda: "kept on this machine" in shown(alice, "#status"))
            (draft,) = desk.drafts()
            assert (draft.segment_id, draft.text) == (first, "Copper output rose in May. Offline.")
            assert draft.base == "Copper output rose in May."
            assert draft.keystrokes == len(" Offline.")  # the letters typed
            alice.exit()
            await a.pause()
        finally:
            pg_server.start()
    assert _stored(project, first)[0] == "Copper output rose in May."  # nothing sent yet

    again = _app(project, "alice")
    async with again.run_test(size=SIZE) as a:
        await a.pause()
        screen = editor(again)
        assert screen.team.desk is not None and screen.team.desk.drafts() == []
        assert screen.target.text == "Copper output rose in May. Offline."
    assert _stored(project, first) == ("Copper output rose in May. Offline.", "draft")
    with Session.open_project(project_location(project, "metals"), read_only=True) as check:
        typed = [e for e in check.events(first) if e.origin == "typing"]
    assert [e.after for e in typed] == ["Copper output rose in May. Offline."]
    assert typed[0].keystrokes == len(" Offline.")


async def test_a_kept_draft_never_replaces_another_translators_change_unasked(
    project: str,
) -> None:
    """A draft kept while the server was away, over a segment someone else changed since
    (their lease came after ours ran out): the next editor shows ours in the target, not
    saved, says so, and does not save it at a pause in typing; moving on saves it (the
    translator's choice), and theirs stays in the segment's history."""
    mine = open_team_project(project, "metals", author="alice")
    first = mine.segments[0].id
    desk = Desk(mine)
    desk.keep_draft(
        first, "Alice typed this.", base="Copper output rose in May.", keystrokes=17, active_ms=900
    )
    desk.close()
    mine.close()
    with open_team_project(project, "metals", author="bob") as bob:
        bob.set_target(first, "Bob changed this.", keystrokes=5)

    alice = _app(project, "alice")
    async with alice.run_test(size=SIZE) as a:
        await a.pause()
        screen = editor(alice)
        assert screen.state.id == first
        assert screen.target.text == "Alice typed this."
        assert screen.unsaved()
        titles = [n.title for n in alice._notifications]
        assert "Changed by someone else" in titles
        await a.press("end", "!")
        await a.pause(1.0)  # past the save delay: held back, not saved over Bob's
        assert _stored(project, first)[0] == "Bob changed this."
        assert screen.team.desk is not None and len(screen.team.desk.drafts()) == 1
        await a.press("alt+down")  # moving on saves it: the translator's choice
        await a.pause()
        assert screen.team.desk.drafts() == []
    assert _stored(project, first)[0] == "Alice typed this.!"
    with Session.open_project(project_location(project, "metals"), read_only=True) as check:
        afters = [e.after for e in check.events(first)]
    assert afters[-2:] == ["Bob changed this.", "Alice typed this.!"]


async def test_export_from_the_editor_of_a_server_project(project: str, tmp_path: Path) -> None:
    out = tmp_path / "metals.out.txt"
    alice = _app(project, "alice")
    async with alice.run_test(size=SIZE) as a:
        await a.press("end", *" Exported.")
        await a.press("ctrl+e")
        await a.pause()
        alice.screen.query_one("#path", Input).value = str(out)
        await a.press("enter")
        await alice.workers.wait_for_complete()
        await a.pause()
        assert "exported" in shown(alice, "#status")
    assert "workbench-listen" not in [t.name for t in threading.enumerate()]
    assert out.read_text(encoding="utf-8").startswith("Copper output rose in May. Exported.")


async def test_the_signed_in_user_takes_and_edits(
    project: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``workbench serve --store URL --project NAME`` runs ``workbench edit ... --user
    NAME``: the segment is taken, and the edits recorded, in that user's name, not the
    settings' user's."""
    from workbench.commands.edit import make_app

    monkeypatch.setenv("USER", "settings-user")
    app = make_app(None, None, (), Path("metals"), store=project, author="carol")
    assert app.session is not None
    other = open_team_project(project, "metals", author="dave")
    desk = Desk(other)
    try:
        async with app.run_test(size=SIZE) as pilot:
            first = editor(app).state.id
            await pilot.pause()
            assert desk.being_edited() == {first: "being edited by carol"}
            await pilot.press("end", *" Carol.", "ctrl+s")
            await pilot.pause()
        who = [t.author for t in other.translators()]
        assert who == ["carol"]
    finally:
        desk.close()
        other.close()


# --- snapshots ------------------------------------------------------------------------------


TEAM_SCREENS = {
    "list": ("f2",),  # the segment list with a segment another translator is on
    "locked": ("alt+down", "alt+down"),  # that segment shown: locked, who is on it
}


@pytest.mark.parametrize("size", [(120, 40), (80, 24)], ids=["120x40", "80x24"])
@pytest.mark.parametrize("screen", list(TEAM_SCREENS))
def test_snapshot_being_edited_by(
    snap_compare: Any,
    project: str,
    monkeypatch: pytest.MonkeyPatch,
    screen: str,
    size: tuple[int, int],
) -> None:
    """Ben is on the third segment: ana's segment list says so, and the segment is
    locked when she goes there."""
    from tests.tui.test_snapshots import keys

    monkeypatch.setenv("XDG_CONFIG_HOME", "/home/translator/.config")
    ben = open_team_project(project, "metals", author="ben")
    desk = Desk(ben)
    assert desk.enter(ben.segments[2].id) is None
    app = _app(project, "ana")
    try:
        assert snap_compare(app, terminal_size=size, run_before=keys(*TEAM_SCREENS[screen]))
    finally:
        desk.close()
        ben.close()


@pytest.mark.parametrize("size", [(120, 40), (80, 24)], ids=["120x40", "80x24"])
def test_snapshot_reconnecting(
    snap_compare: Any,
    pg_server: Server,
    project: str,
    monkeypatch: pytest.MonkeyPatch,
    size: tuple[int, int],
) -> None:
    """The server went away while ana was typing: the status line says so."""
    from tests.tui.test_snapshots import settle

    monkeypatch.setenv("XDG_CONFIG_HOME", "/home/translator/.config")
    app = _app(project, "ana")

    async def run_before(pilot: Any) -> None:
        await settle(pilot)
        await pilot.press("end", *" Still typing")
        pg_server.stop()
        await _until(pilot, lambda: "reconnecting" in shown(app, "#status"), 20)
        # past the save delay (however long a loaded machine takes): the typing is kept
        await _until(pilot, lambda: "kept on this machine" in shown(app, "#status"), 20)
        await settle(pilot)

    try:
        assert snap_compare(app, terminal_size=size, run_before=run_before)
    finally:
        pg_server.start()
