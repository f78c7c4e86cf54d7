"""The editor as ``workbench serve`` runs it (``edit --export-root DIR --user NAME``): the
export dialog writes only inside DIR, only the glossaries given at start may change, and
every edit records the user."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input, Static

from tests.tui.helpers import shown
from workbench.core.confine import Confinement
from workbench.core.session import Session
from workbench.tui.app import WorkbenchApp
from workbench.tui.screens.dialogs import AddTermScreen, ExportScreen

SIZE = (120, 40)


async def test_the_export_dialog_refuses_paths_outside_the_folder(
    session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    root = tmp_path / "exports"
    root.mkdir()
    app = WorkbenchApp(session, confinement=Confinement.of(root))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+e")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ExportScreen)
        field = dialog.query_one("#path", Input)
        for typed, why in [
            ("~/.bashrc", "'~' is not expanded"),
            (str(home / ".bashrc"), "outside the export folder"),
            (f"{root}/../../.profile", "'..' is not allowed"),
        ]:
            field.value = typed
            await pilot.press("enter")
            await pilot.pause()
            assert app.screen is dialog  # still asking
            error = str(dialog.query_one("#error", Static).render())
            assert why in error and str(root) in error
        field.value = str(root / "done.txt")
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "exported" in shown(app, "#status")
    assert (root / "done.txt").read_text().startswith("Chinalco news")
    assert list(home.iterdir()) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["article.txt", "glossary.yaml", "home", "exports"]
    )


async def test_only_glossaries_given_at_start_take_new_terms(
    session: Session, workspace: tuple[Path, Path]
) -> None:
    article, glossary = workspace
    before = glossary.read_bytes()
    # started without --glossary: the project remembers one, the browser may not change it
    app = WorkbenchApp(session, confinement=Confinement.of(article.parent))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert not isinstance(app.screen, AddTermScreen)
        assert any("No glossary file" in str(n.message) for n in app._notifications)
    assert glossary.read_bytes() == before


async def test_a_glossary_given_at_start_takes_new_terms(
    session: Session, workspace: tuple[Path, Path]
) -> None:
    article, glossary = workspace
    app = WorkbenchApp(session, confinement=Confinement.of(article.parent, [glossary]))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert isinstance(app.screen, AddTermScreen)


async def test_edits_record_the_served_user(session: Session) -> None:
    session.author = "ana"
    app = WorkbenchApp(session)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("space", "X")
        await pilot.press("ctrl+q")  # saves before quitting
        await pilot.pause()
    with Session.open_project(session.project_path, read_only=True) as reopened:
        typed = [(e.author, e.after) for e in reopened.events() if e.origin == "typing"]
    assert typed == [("ana", "Chinalco news X")]
