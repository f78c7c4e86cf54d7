"""Inline codes in the editor: shown as tag tokens, kept whole while typing, saved as the
codes they stand for and written back by ``export --to original``."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.tui.helpers import editor, shown
from workbench.app.projects import open_article
from workbench.cli import main
from workbench.core.session import Session
from workbench.tui.app import WorkbenchApp
from workbench.tui.widgets.target import token_spans, whole_tokens

REPO = Path(__file__).resolve().parents[2]
ANGULAR = REPO / "tests" / "data" / "bilingual" / "angular" / "messages.fr.xlf"
SIZE = (120, 40)


@pytest.mark.parametrize(
    ("start", "end", "key", "expected"),
    [
        (9, 9, "backspace", (4, 9)),  # right after a token: it goes whole
        (4, 4, "delete", (4, 9)),  # right before one
        (6, 6, "x", (9, 9)),  # typing inside a token types after it
        (6, 6, "backspace", (4, 9)),  # deleting inside one takes it whole
        (2, 6, "ctrl+x", (2, 9)),  # a selection cutting into a token covers it
        (1, 2, "x", (1, 2)),  # elsewhere nothing changes
        (9, 9, "ctrl+backspace", (4, 9)),
        (10, 10, "backspace", (10, 10)),  # one character further: an ordinary backspace
    ],
)
def test_edits_take_tokens_whole(start: int, end: int, key: str, expected: tuple[int, int]) -> None:
    spans = token_spans("Hi, ⟨x:A⟩ there", ["⟨x:A⟩"])
    assert spans == [(4, 9)]
    assert whole_tokens(spans, start, end, key) == expected


@pytest.fixture
def xliff(tmp_path: Path) -> Path:
    path = tmp_path / "messages.fr.xlf"
    shutil.copy(ANGULAR, path)
    return path


def _segment_with_codes(session: Session) -> int:
    return next(s.index for s in session.segments if s.codes)


async def test_codes_show_as_tokens_and_survive_editing(xliff: Path, tmp_path: Path) -> None:
    session = open_article(xliff)
    index = _segment_with_codes(session)
    state = session.segments[index]
    tokens = [c.token for c in state.codes]
    assert "⟨x:INTERPOLATION⟩" in tokens
    app = WorkbenchApp(session)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        ed = editor(app)
        ed.go(index)
        await pilot.pause()
        assert "⟨x:INTERPOLATION⟩" in ed.target.text and "\ue000" not in ed.target.text
        assert "⟨x:INTERPOLATION⟩" in shown(app, "#mt")
        # put the cursor inside the first token and type: the text goes after the token
        first = ed.target.text.index("⟨x:INTERPOLATION⟩") + 3
        ed.target.move_cursor(ed.target.document.get_location_from_index(first))  # type: ignore[attr-defined]
        await pilot.press("!")
        assert "⟨x:INTERPOLATION⟩!" in ed.target.text
        # backspace twice: the "!" then the whole token
        await pilot.press("backspace", "backspace")
        assert "⟨x:INTERPOLATION⟩" not in ed.target.text.split(",")[0]
        await pilot.press("ctrl+z")  # the session's undo: the token is back
        await pilot.pause()
        assert "⟨x:INTERPOLATION⟩" in ed.target.text
        await pilot.press("ctrl+end", "space", "o", "k")
        await pilot.press("ctrl+s")
        await pilot.pause()
        if "Confirm anyway" in str(app.screen.query("Static").first().render()):
            await pilot.press("y")
        await pilot.pause()
    with Session.open_project(session.project_path, read_only=True) as reader:
        saved = reader.segments[index]
        assert saved.target.endswith(" ok") and saved.codes == state.codes
        assert sum(1 for ch in saved.target if "\ue000" <= ch <= "\uf8ff") == len(state.codes)
    out = tmp_path / "back.xlf"
    result = CliRunner().invoke(
        main, ["export", str(session.project_path), "--to", "original", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    back = out.read_text(encoding="utf-8")
    assert back.count('<x id="INTERPOLATION" equiv-text="{{ user.firstName }}"/>') >= 2
    assert "nouvelles alertes. ok</target>" in back


async def test_a_broken_token_is_not_saved_and_says_why(xliff: Path) -> None:
    session = open_article(xliff)
    index = _segment_with_codes(session)
    app = WorkbenchApp(session)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        ed = editor(app)
        ed.go(index)
        await pilot.pause()
        before = session.segments[index].target
        broken = ed.target.text.replace("⟨x:INTERPOLATION⟩", "⟨x:INTERPOL", 1)
        ed.target.load_text(broken)  # as a paste of a piece of a token would leave it
        assert not ed.flush()
        status = shown(app, "#status")
        assert status.count("NOT SAVED") == 1 and "⟨x:INTERPOL⟩" not in status
        assert session.segments[index].target == before
