"""The editor driven with Pilot: every key and flow, and what the project holds after."""

from __future__ import annotations

import json
from pathlib import Path

from textual.widgets import Input, Static, TextArea

from tests.tui.helpers import editor, shown, until
from workbench.app.projects import open_article
from workbench.core.session import Session
from workbench.tui.app import WorkbenchApp
from workbench.tui.keymap import EDITOR_BINDINGS
from workbench.tui.render import highlighted
from workbench.tui.screens.dialogs import ConfirmScreen
from workbench.tui.screens.editor import EditorScreen

SIZE = (120, 40)


async def test_opens_on_pre_with_focus_and_highlights(session: Session) -> None:
    app = WorkbenchApp(session)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        ed = editor(app)
        await pilot.press("alt+down", "alt+down")
        await pilot.pause()
        assert ed.state.id == "p2s1"
        assert isinstance(app.focused, TextArea) and app.focused.id == "target"
        assert ed.target.text == (
            "Southwest Aluminum serves aerospace, rail transit and shipbuilding and cars."
        )
        assert shown(app, "#mt") == "Southwest Aluminium serves aerospace, orbital ships and cars."
        mt = highlighted(ed.state.mt, session.mt_hits(ed.state.id))
        styles = {mt.plain[s.start : s.end]: str(s.style) for s in mt.spans}
        assert styles == {
            "Southwest Aluminium": "black on green",
            "orbital ships": "black on green",
        }
        assert shown(app, "#status").startswith("p2s1 new  0/5 ✓ 0%")


async def test_typing_is_saved_with_keystrokes_and_survives_reopen(
    session: Session, workspace: tuple[Path, Path]
) -> None:
    app = WorkbenchApp(session)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("space", "N", "e", "w", ".")
        await until(pilot, lambda: "saved" in shown(app, "#status"))  # after a 0.5 s pause
        assert session.segments[0].target == "Chinalco news New."
        await pilot.press("alt+down", "alt+down", "alt+down")
        await pilot.pause()
    reopened = open_article(workspace[0])
    assert reopened.segments[0].target == "Chinalco news New."
    assert reopened.segments[0].status == "draft"
    assert reopened.current == 3
    assert reopened.figures().keystrokes == 5
    reopened.close()


async def test_navigation_flushes_without_waiting(session: Session) -> None:
    app = WorkbenchApp(session)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("x", "alt+down")  # no pause: saved on the move
        await pilot.pause()
        assert session.segments[0].target == "Chinalco newsx"
        await pilot.press("alt+up")
        await pilot.pause()
        assert editor(app).index == 0


async def test_confirm_moves_to_next_unconfirmed_and_warns_on_errors(session: Session) -> None:
    app = WorkbenchApp(session)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert session.segments[0].status == "confirmed"
        assert editor(app).index == 1
        await pilot.press("alt+down")  # p2s1 (fine after the glossary)
        await pilot.press("alt+down")  # p2s2: "thick plate" still there is only a warning
        await pilot.pause()
        ed = editor(app)
        ed.target.load_text("It contains orbital ships still.")  # an error-level finding
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await pilot.pause()
        assert session.segments[ed.index].status != "confirmed"
        await pilot.press("ctrl+s", "y")
        await pilot.pause()
        assert session.segments[3].status == "confirmed"


async def test_revert_undo_redo_apply_offer(session: Session) -> None:
    app = WorkbenchApp(session)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("alt+down", "alt+down", "alt+down")
        await pilot.pause()
        ed = editor(app)
        assert ed.state.id == "p2s2"
        await pilot.press("ctrl+g")  # the first offer: thick plate -> heavy plate
        await pilot.pause()
        assert ed.target.text == "The company makes heavy plate."
        assert session.events(ed.state.id)[-1].origin == "glossary-suggestion"
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert ed.target.text == "The company makes thick plate."
        await pilot.press("ctrl+y")
        await pilot.pause()
        assert ed.target.text == "The company makes heavy plate."
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert ed.target.text == session.segments[ed.index].pre


async def test_diff_toggle(session: Session) -> None:
    app = WorkbenchApp(session)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("alt+down", "alt+down")
        await pilot.pause()
        diff = app.screen.query_one("#diff", Static)
        assert not diff.display
        await pilot.press("ctrl+d")
        await pilot.pause()
        assert diff.display
        plain = shown(app, "#diff")
        assert "orbital ships" in plain and "rail transit and shipbuilding" in plain
        await pilot.press("ctrl+d")
        await pilot.pause()
        assert not diff.display


async def test_find_replace_records_replace_all(session: Session) -> None:
    app = WorkbenchApp(session)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+f")
        await pilot.pause()
        app.screen.query_one("#find", Input).value = "company"
        app.screen.query_one("#replace", Input).value = "firm"
        await pilot.press("enter")  # enter lists the matches; replacing takes a button
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert session.segments[3].target == "The company makes thick plate."
        assert "1 match(es) in 1 segment(s)" in shown(app, "#count")
        await pilot.click("#all")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert session.segments[3].target == "The firm makes thick plate."
        assert [e.origin for e in session.events("p2s2")][-1] == "replace-all"
        assert "replaced in 1 segment" in shown(app, "#status")


async def test_add_term_from_the_mt(session: Session, workspace: tuple[Path, Path]) -> None:
    app = WorkbenchApp(session)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+t")
        await pilot.pause()
        app.screen.query_one("#mt", Input).value = "The company"
        app.screen.query_one("#correct", Input).value = "The firm"
        await pilot.press("enter")
        await pilot.pause()
        text = workspace[1].read_text()
        assert text.endswith('  - mt: "The company"\n    correct: "The firm"\n    apply: suggest\n')
        await pilot.press("alt+down", "alt+down", "alt+down")
        await pilot.pause()
        assert "The company -> The firm" in shown(app, "#offers")


async def test_add_term_conflict_is_refused(session: Session, workspace: tuple[Path, Path]) -> None:
    before = workspace[1].read_bytes()
    app = WorkbenchApp(session)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+t")
        await pilot.pause()
        app.screen.query_one("#mt", Input).value = "thick plate"
        app.screen.query_one("#correct", Input).value = "thin plate"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, EditorScreen)
    assert workspace[1].read_bytes() == before


async def test_export_writes_the_corrected_article(
    session: Session, workspace: tuple[Path, Path]
) -> None:
    out = workspace[0].with_name("out.txt")
    app = WorkbenchApp(session)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+e")
        await pilot.pause()
        app.screen.query_one("#path", Input).value = str(out)
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
    assert out.read_bytes() == session.encode_target()
    assert b"rail transit and shipbuilding" in out.read_bytes()


async def test_help_and_palette_list_every_binding(session: Session) -> None:
    app = WorkbenchApp(session)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        titles = [c.title for c in app.get_system_commands(app.screen)]
        for binding in EDITOR_BINDINGS:
            assert f"{binding.description} ({binding.key})" in titles, binding.id
        await pilot.press("f1")
        await pilot.pause()
        assert type(app.screen).__name__ == "HelpScreen"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, EditorScreen)


async def test_user_keymap_rebinds(session: Session, tmp_path: Path) -> None:
    from workbench.tui.keymap import keymap_path

    path = keymap_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"next_segment": "ctrl+n", "bogus": "x"}))
    app = WorkbenchApp(session)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert editor(app).index == 1


LITERAL = (
    "Markup [bold]x[/] and [@click=app.quit]quit[/] and [link=http://x]y[/link].\n\n"
    "Escape \x1b[31mred\x1b[0m and bell \x07 here.\n"
)


async def test_file_text_is_shown_literally(tmp_path: Path) -> None:
    article = tmp_path / "lit.txt"
    article.write_text(LITERAL)
    session = open_article(article)
    app = WorkbenchApp(session)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        mt = shown(app, "#mt")
        assert mt == "Markup [bold]x[/] and [@click=app.quit]quit[/] and [link=http://x]y[/link]."
        await pilot.click("#mt")
        await pilot.pause()
        assert app.is_running
        await pilot.press("alt+down")
        await pilot.pause()
        assert shown(app, "#mt") == "Escape ␛[31mred␛[0m and bell ␇ here."
        assert "\x1b" not in editor(app).target.text
    session.close()


async def test_export_dialog_offers_every_format(
    session: Session, workspace: tuple[Path, Path]
) -> None:
    from textual.widgets import Select

    app = WorkbenchApp(session)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+e")
        await pilot.pause()
        select = app.screen.query_one("#format", Select)
        select.value = "report"
        await pilot.pause()
        path = app.screen.query_one("#path", Input)
        assert path.value.endswith("article.report.html")  # not the web page's name
        path.focus()
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "exported" in shown(app, "#status")
    report = workspace[0].with_name("article.report.html").read_text()
    assert "Post-editing report" in report


async def test_segment_list_marks_qa_findings_of_every_segment(session: Session) -> None:
    from workbench.tui.widgets.segment_list import SegmentList

    app = WorkbenchApp(session)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.8)  # markers are computed in a worker started after opening
        await app.workers.wait_for_complete()
        await pilot.pause()
        flags = app.screen.query_one(SegmentList).flags
        assert flags.get("p2s2") == "?"  # "thick plate" left in: a warning, not yet visited
        assert "p1s1" not in flags
