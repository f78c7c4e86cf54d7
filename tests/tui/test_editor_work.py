"""What a post-editor does in the editor, checked as they see it and as the project holds it:
control characters, read-only projects, unsaved changes, exports over existing files, the
error page under serve, the status line, filters, numbered offers, auto-fix marks, the
source pane, narrow terminals and time on segment."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from textual.widgets import Checkbox, Input

from tests.tui.helpers import editor, shown
from workbench.app.projects import open_article
from workbench.cli import main
from workbench.core.errors import ProjectError
from workbench.core.session import Session
from workbench.tui import render
from workbench.tui.app import WorkbenchApp
from workbench.tui.screens.dialogs import (
    ChoiceScreen,
    ConfirmScreen,
    ErrorScreen,
    ExportScreen,
    FilterScreen,
)

SIZE = (120, 40)


CONTROLS = "Alert \x1b[31mred\x1b[0m and bell \x07 and \u202eevil and \u200fمرحبا here."


@pytest.fixture
def control_article(tmp_path: Path) -> Path:
    article = tmp_path / "c.txt"
    article.write_text(f"Title.\n\n{CONTROLS}\n", encoding="utf-8")
    return article


async def test_visiting_a_segment_with_control_characters_writes_nothing(
    control_article: Path,
) -> None:
    session = open_article(control_article)
    events_before = len(session.events())
    app = WorkbenchApp(session)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("alt+down")
        await pilot.pause()
        ed = editor(app)
        assert "␛[31mred" in ed.target.text and "␇" in ed.target.text
        assert "<U+202E>" in ed.target.text and "<U+200F>" in ed.target.text
        await pilot.press("alt+up", "alt+down", "alt+up")
        await pilot.pause()
    reopened = open_article(control_article)
    assert reopened.segments[1].target == CONTROLS
    assert [e.origin for e in reopened.events()][events_before:] == []
    reopened.close()


async def test_editing_a_segment_with_control_characters_keeps_them(
    control_article: Path,
) -> None:
    session = open_article(control_article)
    app = WorkbenchApp(session)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("alt+down")
        await pilot.press("ctrl+end", "space", "O", "K")
        await pilot.press("alt+up")
        await pilot.pause()
    reopened = open_article(control_article)
    assert reopened.segments[1].target == CONTROLS + " OK"
    assert "\u200f" in reopened.segments[1].target  # the RLM of the Arabic word survives
    reopened.close()


async def test_read_only_project_opens_without_typing(session: Session) -> None:
    project = session.project_path
    article = session.article_path
    session.close()
    assert article is not None
    reader = open_article(article, project=project, read_only=True)
    app = WorkbenchApp(reader)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        ed = editor(app)
        before = ed.target.text
        await pilot.press("a", "b", "ctrl+s", "ctrl+r")
        await pilot.pause()
        assert ed.target.text == before
        assert shown(app, "#status").startswith("READ-ONLY")
        assert reader.segments[0].status == "new"


def test_unwritable_project_is_refused_before_the_editor(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = session.project_path
    article = session.article_path
    session.close()
    real_access = os.access

    def access(path: object, mode: int) -> bool:
        if mode == os.W_OK and str(path) == str(project):
            return False
        return real_access(path, mode)  # type: ignore[arg-type]

    monkeypatch.setattr("workbench.core.storage.project_store.os.access", access)
    result = CliRunner().invoke(main, ["edit", str(article), "--project", str(project)])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert "cannot be written (no write permission on the file)" in result.stderr
    assert "--read-only" in result.stderr


async def test_quit_with_an_unsaved_change_asks_first(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = WorkbenchApp(session)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        ed = editor(app)

        def disk_full(*args: object, **kwargs: object) -> None:
            raise ProjectError("disk full")

        monkeypatch.setattr(session, "set_target", disk_full)
        await pilot.press("space", "X")
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert "NOT SAVED" in app.screen.question and "disk full" in app.screen.question
        await pilot.press("n")
        await pilot.pause()
        assert app.is_running and ed.target.text.endswith(" X")
        assert shown(app, "#status").count("NOT SAVED") == 1


async def test_export_over_an_existing_file_asks_first(
    session: Session, workspace: tuple[Path, Path]
) -> None:
    existing = workspace[0].with_name("article.corrected.txt")
    existing.write_text("keep me")
    app = WorkbenchApp(session)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+e")
        await pilot.pause()
        assert isinstance(app.screen, ExportScreen)
        assert app.screen.query_one("#path", Input).value == str(existing)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await pilot.pause()
        assert existing.read_text() == "keep me"
        assert "cancelled" in shown(app, "#status")
        await pilot.press("ctrl+e")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("y")
        await app.workers.wait_for_complete()
        await pilot.pause()
    assert existing.read_text().startswith("Chinalco news")


async def test_serve_shows_a_project_error_in_the_page(session: Session) -> None:
    """Under ``workbench serve`` the editor command runs with --errors-in-ui: a project
    another process holds is shown on an error page, not only on the server console."""
    from workbench.commands.edit import make_app

    article = session.article_path
    assert article is not None
    app = make_app(article, None, (), None, errors_in_ui=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ErrorScreen)
        message = shown(app, "#message")
        assert "open in another workbench process" in message
        await pilot.press("q")
    with pytest.raises(ProjectError):
        make_app(article, None, (), None)


def test_status_line_keeps_the_most_important_items() -> None:
    items = [
        render.StatusItem("p12s3 draft", priority=1),
        render.StatusItem("40/120 ✓ 33%", priority=2),
        render.StatusItem("saved: replaced in 12 segment(s)", priority=1, shrink=True),
        render.StatusItem("HTER 0.213, after glossary 0.104", priority=4),
        render.StatusItem("a-very-long-project-name-1234567890.wbproj", priority=6, shrink=True),
    ]
    wide = render.status_line(items, 200).plain
    assert wide.endswith("a-very-long-project-name-1234567890.wbproj")
    narrow = render.status_line(items, 96).plain
    assert len(narrow) <= 96
    assert narrow.startswith("p12s3 draft  40/120 ✓ 33%  saved: replaced in 12 segment(s)")
    assert "HTER 0.213" in narrow and "project" not in narrow
    eighty = render.status_line(items, 78).plain
    assert "HTER" not in eighty and "saved: replaced in 12 segment(s)" in eighty
    tiny = render.status_line(items, 40).plain
    assert tiny.startswith("p12s3 draft") and len(tiny) <= 40 and "HTER" not in tiny


async def test_status_line_fits_80_columns(session: Session) -> None:
    app = WorkbenchApp(session)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.5)
        await app.workers.wait_for_complete()
        await pilot.pause()
        status = shown(app, "#status")
        assert status.startswith("p1s1 new  0/5 ✓ 0%")
        assert len(status) <= 78 and "project:" not in status


async def test_filter_shows_unconfirmed_segments_and_moving_follows_it(
    session: Session,
) -> None:
    session.confirm("p1s2")
    session.confirm("p2s2")
    app = WorkbenchApp(session)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        ed = editor(app)
        await pilot.press("f4")
        await pilot.pause()
        assert isinstance(app.screen, FilterScreen)
        app.screen.query_one("#unconfirmed", Checkbox).value = True
        await pilot.press("enter")
        await pilot.pause()
        assert [session.segments[i].id for i in ed.segment_list.rows] == ["p1s1", "p2s1", "p3s1"]
        await pilot.press("alt+down")
        assert ed.state.id == "p2s1"
        await pilot.press("alt+down")
        assert ed.state.id == "p3s1"
        assert "filter unconfirmed: 3" in shown(app, "#status")
        await pilot.press("f4")
        await pilot.pause()
        app.screen.query_one("#unconfirmed", Checkbox).value = False
        app.screen.query_one("#text", Input).value = "plate|weapon"
        app.screen.query_one("#regex", Checkbox).value = True
        await pilot.press("enter")
        await pilot.pause()
        assert [session.segments[i].id for i in ed.segment_list.rows] == ["p2s2", "p3s1"]
        await pilot.press("f4")
        await pilot.pause()
        app.screen.query_one("#text", Input).value = "(unclosed"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, FilterScreen)
        assert "not a valid regular expression" in shown(app, "#error")


async def test_numbered_offers_apply_the_chosen_one(tmp_path: Path) -> None:
    glossary = tmp_path / "g.yaml"
    glossary.write_text(
        "glossary: g\nentries:\n"
        "  - mt: thick plate\n    correct: heavy plate\n"
        "  - mt: forgings\n    correct: forged parts\n"
    )
    article = tmp_path / "a.txt"
    article.write_text("It makes thick plate and forgings.\n")
    session = open_article(article, glossaries=[glossary])
    app = WorkbenchApp(session)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        offers = shown(app, "#offers")
        assert "1. suggestion: thick plate -> heavy plate" in offers
        assert "2. suggestion: forgings -> forged parts" in offers
        await pilot.press("ctrl+g")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceScreen)
        await pilot.press("2")
        await pilot.pause()
        assert editor(app).target.text == "It makes thick plate and forged parts."
        await pilot.press("ctrl+g")  # one offer left: applied at once
        await pilot.pause()
        assert editor(app).target.text == "It makes heavy plate and forged parts."
        await pilot.press("ctrl+g")
        await pilot.pause()
        assert "no offer to apply" in shown(app, "#status")
        assert session.events()[-1].origin == "glossary-suggestion"


async def test_automatic_fixes_are_marked_in_the_target(session: Session) -> None:
    app = WorkbenchApp(session)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("alt+down", "alt+down")
        await pilot.pause()
        target = editor(app).target
        line = target.document.get_line(0)
        marked = {
            line.encode()[start:end].decode()
            for start, end, name in target._highlights[0]
            if name == "workbench.autofix"
        }
        assert marked == {"Southwest Aluminum", "rail transit and shipbuilding"}
        target.load_text("Southwest Aluminum serves aerospace and cars.")
        target.set_marks(["Southwest Aluminum", "rail transit and shipbuilding"])
        assert [h[:2] for h in target._highlights[0]] == [(0, 18)]


async def test_source_pane_shows_source_terms(tmp_path: Path) -> None:
    glossary = tmp_path / "g.yaml"
    glossary.write_text(
        "glossary: g\nentries:\n  - mt: thick plate\n    correct: heavy plate\n    source: 厚板\n"
    )
    mt = tmp_path / "a.txt"
    mt.write_text("It makes thick plate.\n")
    source = tmp_path / "a.zh.txt"
    source.write_text("它生产厚板。\n", encoding="utf-8")
    session = open_article(mt, glossaries=[glossary], source=source)
    app = WorkbenchApp(session)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert shown(app, "#source") == "它生产厚板。"
        text = render.source_text("它生产厚板。", session.engine.source_hits("它生产厚板。"))
        assert [(text.plain[s.start : s.end], str(s.style)) for s in text.spans] == [
            ("厚板", render.SOURCE_TERM_STYLE)
        ]
        no_source = open_article(tmp_path / "a.txt", project=tmp_path / "p2.wbproj")
        assert no_source.segments[0].source is None
        no_source.close()


async def test_narrow_terminal_hides_the_list_behind_f2(session: Session) -> None:
    app = WorkbenchApp(session)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        ed = editor(app)
        assert ed.has_class("narrow")
        assert not ed.segment_list.display or ed.segment_list.region.width == 0
        await pilot.press("f2")
        await pilot.pause()
        assert ed.segment_list.region.width == 80
        await pilot.press("f2")
        await pilot.pause()
        mt = app.screen.query_one("#mt-pane").region
        target = ed.target.region
        assert mt.width == target.width == 80 and mt.y < target.y  # stacked, full width


async def test_mt_follows_the_target_when_it_scrolls(tmp_path: Path) -> None:
    long = " ".join(f"Sentence part {n} of a long segment," for n in range(60)) + " end."
    article = tmp_path / "long.txt"
    article.write_text(long + "\n")
    session = open_article(article)
    app = WorkbenchApp(session)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        ed = editor(app)
        await pilot.press("ctrl+home")
        await pilot.pause()
        pane = app.screen.query_one("#mt-pane")
        assert pane.scroll_y == 0
        await pilot.press("ctrl+end")
        await pilot.pause()
        assert ed.target.scroll_y > 0
        assert pane.scroll_y == pytest.approx(pane.max_scroll_y, abs=1)


class FakeClock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


async def test_time_on_segment_counts_reading_and_drops_idle_gaps(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WORKBENCH_PAUSE_SECONDS", "30")
    clock = FakeClock()
    app = WorkbenchApp(session, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        clock.now += 4  # reading the MT: 4 s, no key pressed yet
        await pilot.press("ctrl+d")  # an action: the reading time counts
        clock.now += 2
        await pilot.press("space")  # first edit 6 s after entering
        clock.now += 100  # a coffee break: over the 30 s threshold, not counted
        await pilot.press("x")
        clock.now += 3
        await pilot.press("alt+down")  # leaving: 3 s since the last key count
        await pilot.pause()
        clock.now += 5
        await pilot.press("alt+up")  # a second visit of p1s1 after 5 s on p1s2
        clock.now += 1
        await pilot.press("alt+down")
        await pilot.pause()
    with Session.open_project(session.project_path, read_only=True) as reader:
        figures = {f.segment_id: f for f in reader.figures().segments}
    first = figures["p1s1"]
    assert first.seconds == pytest.approx(4 + 2 + 3 + 1)
    assert first.visits == 2 and first.first_edit_seconds == pytest.approx(6)
    assert first.keystrokes == 2
    assert figures["p1s2"].seconds == pytest.approx(5)
    assert figures["p1s2"].first_edit_seconds is None
    result = CliRunner().invoke(main, ["stats", str(session.project_path)])
    # p1s1 twice, p1s2 once; the last visit (p1s2 again) was open when the app stopped
    assert "time           15.0 s on segments, 3 visits" in result.stdout
    assert "first edit     6.0 s after entering (median of 1 segments)" in result.stdout


async def test_segment_list_repaints_only_the_lines_that_change(session: Session) -> None:
    app = WorkbenchApp(session)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.8)
        await app.workers.wait_for_complete()
        await pilot.pause()
        seg_list = editor(app).segment_list
        painted: list[int] = []
        original = seg_list.refresh_line

        def spy(y: int) -> None:
            painted.append(y)
            original(y)

        seg_list.refresh_line = spy  # type: ignore[method-assign]
        seg_list.set_flags({**seg_list.flags, "p3s1": "!"})
        assert painted == [4]  # p3s1 is the fifth line
        painted.clear()
        seg_list.cursor = 2
        assert sorted(painted) == [0, 2]  # the old and the new cursor line
