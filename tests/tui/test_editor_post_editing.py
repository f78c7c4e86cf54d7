"""A full day of post-editing (issue 24), checked as the translator sees it and as the
project holds it: find/replace that shows before it changes and never demotes a confirmed
segment silently, enter that adds no stray line break, undo/redo keeping the confirmed
status, searches that give up instead of freezing, honest visit figures, keyboard-only
work (list, MT selection, panels), and the last confirm under a filter."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Checkbox, Input, OptionList

from tests.tui.helpers import editor, shown
from workbench.app.projects import open_article
from workbench.core.session import Session
from workbench.tui.app import WorkbenchApp
from workbench.tui.editor.find_replace import FindReplaceScreen
from workbench.tui.editor.panels import PanelBox, share
from workbench.tui.screens.dialogs import AddTermScreen

SIZE = (120, 40)
STUCK = "a" * 40 + "b"


class FakeClock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


def focus_id(app: WorkbenchApp) -> str | None:
    return app.focused.id if app.focused is not None else None


async def settle(pilot: object) -> None:
    from textual.pilot import Pilot

    assert isinstance(pilot, Pilot)
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


# --- find and replace ---------------------------------------------------------------------
async def test_find_replace_lists_matches_and_leaves_confirmed_segments_alone(
    session: Session,
) -> None:
    session.confirm("p2s2")  # "The company makes thick plate." is right: confirmed
    app = WorkbenchApp(session)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+f")
        await pilot.pause()
        app.screen.query_one("#find", Input).value = "the"
        app.screen.query_one("#replace", Input).value = "THE"
        await pilot.pause(0.4)
        await settle(pilot)
        count = shown(app, "#count")
        assert count == ("3 match(es) in 2 segment(s); 1 in confirmed segments, left alone (✓)"), (
            count
        )
        options = app.screen.query_one("#matches", OptionList)
        rows = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert rows[0].startswith("p2s2") and "✓ The company makes" in rows[0]
        assert rows[1].startswith("p3s1") and "He said the plant" in rows[1]
        assert options.highlighted == 1  # the first match a replace may change
        await pilot.click("#next")  # replaces "the plant" only
        await settle(pilot)
        assert session.segment("p3s1").target == "He said THE plant is a pillar of the nation."
        assert options.highlighted == 2  # and moves on to "the nation"
        await pilot.click("#all")
        await settle(pilot)
        assert not isinstance(app.screen, FindReplaceScreen)
        assert session.segment("p3s1").target == "He said THE plant is a pillar of THE nation."
        confirmed = session.segment("p2s2")
        assert (confirmed.target, confirmed.status) == (
            "The company makes thick plate.",
            "confirmed",
        )
        assert "confirmed segments left alone" in shown(app, "#status")
        await pilot.press("ctrl+f")  # the fields keep the last search
        await pilot.pause()
        assert app.screen.query_one("#find", Input).value == "the"
        assert app.screen.query_one("#replace", Input).value == "THE"
        assert not app.screen.query_one("#confirmed", Checkbox).value
        app.screen.query_one("#confirmed", Checkbox).value = True  # the user opts in
        await pilot.pause(0.4)
        await settle(pilot)
        assert "replacing makes them draft" in shown(app, "#count")
        await pilot.click("#all")
        await settle(pilot)
        assert session.segment("p2s2").target == "THE company makes thick plate."
        assert session.segment("p2s2").status == "draft"
        origins = [e.origin for e in session.events("p3s1")][-2:]
        assert origins == ["replace-all", "replace-all"]


async def test_replace_in_this_segment_only(session: Session) -> None:
    session.set_current(4)  # p3s1
    app = WorkbenchApp(session)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+f")
        await pilot.pause()
        app.screen.query_one("#find", Input).value = "the"
        app.screen.query_one("#replace", Input).value = "a"
        await pilot.press("enter")  # enter lists, it does not replace
        await settle(pilot)
        assert session.segment("p2s2").target == "The company makes thick plate."
        await pilot.click("#here")
        await settle(pilot)
        assert session.segment("p3s1").target == "He said a plant is a pillar of a nation."
        assert session.segment("p2s2").target == "The company makes thick plate."


async def test_a_backtracking_pattern_gives_up_and_says_so(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("workbench.core.text_search.SEARCH_SECONDS", 0.3)
    session.set_target("p1s2", STUCK)
    app = WorkbenchApp(session)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+f")
        await pilot.pause()
        app.screen.query_one("#regex", Checkbox).value = True
        app.screen.query_one("#find", Input).value = "(a|aa)+$"
        await pilot.press("enter")
        await settle(pilot)
        assert "search gave up after 0.3 s" in shown(app, "#count")
        await pilot.click("#all")  # nothing listed: nothing replaced
        await settle(pilot)
        assert isinstance(app.screen, FindReplaceScreen)
        await pilot.press("escape")
        await pilot.pause()
        # the f4 filter gives up too, and the editor still answers
        await pilot.press("f4")
        await pilot.pause()
        app.screen.query_one("#regex", Checkbox).value = True
        app.screen.query_one("#text", Input).value = "(a|aa)+$"
        await pilot.press("enter")
        await settle(pilot)
        assert "filter not applied: search gave up" in shown(app, "#status")
        assert len(editor(app).segment_list.rows) == 5
        # the pattern of the report is answered at once by the regex engine
        await pilot.press("f4")
        await pilot.pause()
        app.screen.query_one("#regex", Checkbox).value = True
        app.screen.query_one("#text", Input).value = "(a+)+b"
        await pilot.press("enter")
        await settle(pilot)
        assert editor(app).segment_list.rows == [1]
        assert session.segment("p1s2").target == STUCK


# --- enter and line breaks ----------------------------------------------------------------
BREAKS = """<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
  <file source-language="zh" target-language="en" datatype="plaintext" original="a.txt">
    <body>
      <trans-unit id="1"><source>第一行
第二行</source><target>First line
second line</target></trans-unit>
      <trans-unit id="2"><source>一行</source><target>One line.</target></trans-unit>
    </body>
  </file>
</xliff>
"""


@pytest.fixture
def breaks(tmp_path: Path) -> Session:
    path = tmp_path / "b.xlf"
    path.write_text(BREAKS, encoding="utf-8")
    return open_article(path, project=tmp_path / "b.wbproj")


async def test_enter_adds_no_line_break_to_a_one_line_segment(breaks: Session) -> None:
    breaks.set_current(1)
    app = WorkbenchApp(breaks)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("end", "enter")
        await settle(pilot)
        assert "no line break: none in source or MT" in shown(app, "#status")
        assert "ctrl+s confirms" in shown(app, "#status")
        await pilot.press("X")
        await settle(pilot)
        ed = editor(app)
        assert ed.target.text == "One line.X"
        # where the source has a break, enter adds one, and it is shown as ¶
        await pilot.press("alt+up")
        await pilot.press("ctrl+home", "end", "enter", "Y")
        await settle(pilot)
        assert ed.target.text == "First line\nY\nsecond line"
        assert ed.target.get_line(0).plain == "First line¶"
        assert ed.target.get_line(2).plain == "second line"
        assert breaks.segment("p2s1").target == "One line.X"


async def test_a_pasted_line_break_becomes_a_space_in_a_one_line_segment(
    breaks: Session,
) -> None:
    from textual import events

    breaks.set_current(1)
    app = WorkbenchApp(breaks)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        ed = editor(app)
        await pilot.press("end")
        app.post_message(events.Paste(" Two\r\nlines \n pasted."))  # as the terminal pastes
        await settle(pilot)
        assert ed.target.text == "One line. Two lines pasted."
        app.copy_to_clipboard("A\nB")
        await pilot.press("ctrl+v")  # the app's own clipboard
        await settle(pilot)
        assert ed.target.text == "One line. Two lines pasted.A B"
        assert ed.flush()
        assert breaks.effort()["p2s1"].keystrokes == 2  # a paste is one action, as ctrl+v is
        # where the source has a break, a pasted one stays
        await pilot.press("alt+up", "ctrl+home", "end", "ctrl+v")
        await settle(pilot)
        assert ed.target.text == "First lineA\nB\nsecond line"
    assert breaks.segment("p2s1").target == "One line. Two lines pasted.A B"


async def test_enter_confirms_where_the_preset_confirms_with_ctrl_enter(
    breaks: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "config.toml"
    config.write_text('keymap = "memoq"\n')
    monkeypatch.setenv("WORKBENCH_CONFIG", str(config))
    breaks.set_current(1)
    app = WorkbenchApp(breaks)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        state = breaks.segment("p2s1")
        assert (state.target, state.status) == ("One line.", "confirmed")


async def test_qa_panel_reports_a_break_the_mt_does_not_have(session: Session) -> None:
    session.set_target("p2s2", "The company makes\nheavy plate.")
    session.set_current(3)
    app = WorkbenchApp(session)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "a line break that the MT does not have" in shown(app, "#findings")
        assert editor(app).target.get_line(0).plain == "The company makes¶"


# --- undo/redo, figures -------------------------------------------------------------------
async def test_undo_then_redo_gives_back_the_confirmed_status(session: Session) -> None:
    app = WorkbenchApp(session)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("end", "space", "X", "ctrl+s")
        await settle(pilot)
        await pilot.press("alt+up")
        await settle(pilot)
        assert session.segment("p1s1").status == "confirmed"
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert session.segment("p1s1").status == "draft"
        await pilot.press("ctrl+y")
        await settle(pilot)
        assert editor(app).target.border_title == "Target p1s1 (confirmed)"
        state = session.segment("p1s1")
        assert (state.target, state.status) == ("Chinalco news X", "confirmed")


async def test_offers_undo_and_replace_are_edits_of_one_visit(session: Session) -> None:
    clock = FakeClock()
    session.set_current(3)  # p2s2: "thick plate" has a suggestion
    app = WorkbenchApp(session, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        clock.now += 5
        await pilot.press("ctrl+g")  # apply the offer: the first edit, 5 s in
        await settle(pilot)
        clock.now += 2
        await pilot.press("ctrl+z")
        clock.now += 1
        await pilot.press("ctrl+y")
        await settle(pilot)
        await pilot.press("ctrl+f")
        await pilot.pause()
        app.screen.query_one("#find", Input).value = "company"
        app.screen.query_one("#replace", Input).value = "firm"
        await pilot.press("enter")
        await settle(pilot)
        await pilot.click("#here")
        await settle(pilot)
        await pilot.press("escape")
        await pilot.pause()
        clock.now += 1
        await pilot.press("alt+down")  # leaving: one visit ends
        await settle(pilot)
        assert session.segment("p2s2").target == "The firm makes heavy plate."
    with Session.open_project(session.project_path, read_only=True) as reader:
        figures = {f.segment_id: f for f in reader.figures().segments}
    assert figures["p2s2"].visits == 1
    assert figures["p2s2"].first_edit_seconds == pytest.approx(5)
    assert figures["p2s2"].seconds == pytest.approx(9)


# --- keyboard only ------------------------------------------------------------------------
async def test_the_segment_list_takes_arrows_and_enter(session: Session) -> None:
    app = WorkbenchApp(session)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        ed = editor(app)
        await pilot.press("f2")
        assert focus_id(app) == "segments"
        await pilot.press("down", "down", "down", "up", "enter")
        await settle(pilot)
        assert ed.index == 2 and focus_id(app) == "target"
        await pilot.press("f2", "end", "escape")  # escape: back to the target, no move
        assert ed.index == 2 and focus_id(app) == "target"


async def test_the_segment_list_takes_the_keys_in_a_narrow_terminal(session: Session) -> None:
    app = WorkbenchApp(session)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        ed = editor(app)
        await pilot.press("f2")
        assert ed.segment_list.region.width == 80
        await pilot.press("down", "home", "enter")
        await settle(pilot)
        assert ed.index == 0 and ed.segment_list.region.width == 0


async def test_mt_text_selected_from_the_keyboard_becomes_a_glossary_entry(
    session: Session,
) -> None:
    session.set_current(2)  # p2s1: "Southwest Aluminium serves aerospace, ..."
    app = WorkbenchApp(session)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f3")
        mt = app.screen.query_one("#mt")
        assert app.focused is mt
        await pilot.press("ctrl+right", "ctrl+right", "right")  # after "Southwest Aluminium "
        await pilot.press(*["shift+right"] * len("serves aerospace"))
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert isinstance(app.screen, AddTermScreen)
        assert app.screen.query_one("#mt", Input).value == "serves aerospace"


def test_panels_share_the_rows_by_need() -> None:
    assert share([2, 3, 1], 10) == [2, 3, 1]  # all fit
    assert share([12, 3, 2], 6) == [2, 2, 2]  # none hides the others
    assert share([12, 1, 2], 9) == [6, 1, 2]  # what small ones leave goes to the big one
    assert share([0, 4, 0], 3) == [0, 3, 0]
    assert share([5, 5, 5], 2) == [1, 1, 0]


async def test_at_80x24_offers_and_findings_are_not_hidden_under_the_memory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.tui.test_snapshots import _memory_app

    app = _memory_app(tmp_path, monkeypatch)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.5)
        await settle(pilot)
        panels = app.screen.query_one("#panels")
        for name in ("memory", "offers", "findings"):
            box = app.screen.query_one(f"#{name}-box", PanelBox)
            if box.content.plain.strip():
                assert box.region.height >= 1, name
                assert panels.region.contains_region(box.region), name
        memory = app.screen.query_one("#memory-box")
        await pilot.press("f3", "f3")  # target -> MT -> the memory panel
        assert app.focused is memory
        await pilot.press("down")  # arrows scroll a panel that has more than it shows
        await pilot.press("escape")
        assert app.focused is editor(app).target


# --- filter and the last confirm ----------------------------------------------------------
async def test_the_last_confirm_under_a_filter_does_not_say_everything_is_confirmed(
    session: Session,
) -> None:
    app = WorkbenchApp(session)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f4")
        await pilot.pause()
        app.screen.query_one("#text", Input).value = "Chinalco"
        await pilot.press("enter")
        await settle(pilot)
        assert editor(app).segment_list.rows == [0]
        await pilot.press("ctrl+s")
        await settle(pilot)
        messages = [n.message for n in app._notifications]
        assert "Every segment is confirmed." not in messages
        assert "Every segment shown is confirmed; 4 hidden by the filter are not (f4)." in messages


# --- trouble in a worker is logged, not swallowed -----------------------------------------
async def test_a_failing_check_is_logged_and_the_editor_goes_on(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    import logging

    def broken(*args: object, **kwargs: object) -> tuple[()]:
        raise RuntimeError("check exploded")

    records: list[logging.LogRecord] = []
    handler = logging.Handler(logging.ERROR)
    handler.emit = records.append  # type: ignore[method-assign,assignment]
    logger = logging.getLogger("workbench.tui.editor.checks")
    logger.addHandler(handler)  # wherever the app's log setup sends it, this sees it
    monkeypatch.setattr("workbench.tui.editor.checks.run", broken)
    app = WorkbenchApp(session)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause(0.8)
            await settle(pilot)
            await pilot.press("alt+down")
            await settle(pilot)
            assert editor(app).index == 1 and shown(app, "#findings") == ""
    finally:
        logger.removeHandler(handler)
    messages = [r.getMessage() for r in records]
    assert "QA of segment p1s1 failed" in messages
    assert "QA of the document (list markers) failed" in messages
    assert all(r.exc_info and "check exploded" in str(r.exc_info[1]) for r in records)
