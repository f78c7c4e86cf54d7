"""Confirming an empty target is refused, in the editing facade and in the editor: it would
write an empty final text into the file written back (``state="translated"``), the memory
and every export. The segment keeps its status; a segment with nothing to translate may
still be confirmed empty."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from tests.tui.helpers import editor, shown
from workbench.app.editing import Editing
from workbench.app.projects import open_existing
from workbench.cli import main
from workbench.core.errors import WorkbenchError
from workbench.core.memory import open_memory
from workbench.tui.app import WorkbenchApp
from workbench.tui.screens.dialogs import ConfirmScreen

X = "{urn:oasis:names:tc:xliff:document:1.2}"
XLIFF = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">'
    '<file original="a" source-language="en" target-language="de" datatype="plaintext"><body>'
    '<trans-unit id="1"><source>Copper rose.</source></trans-unit>'
    '<trans-unit id="2"><source>Zinc fell.</source>'
    '<target state="needs-review-translation">Zink fiel.</target></trans-unit>'
    '<trans-unit id="3"><source></source></trans-unit>'
    "</body></file></xliff>"
)


def _project(tmp_path: Path) -> Path:
    original = tmp_path / "todo.xlf"
    original.write_text(XLIFF, encoding="utf-8")
    project = tmp_path / "p.wbproj"
    result = CliRunner().invoke(main, ["import", str(original), "--project", str(project)])
    assert result.exit_code == 0, result.stderr
    return project


def _original_out(project: Path, tmp_path: Path) -> bytes:
    out = tmp_path / "out.xlf"
    args = ["export", str(project), "--to", "original", "-o", str(out), "--force"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.stderr
    return out.read_bytes()


def test_the_facade_refuses_an_empty_target_and_saves_nothing(tmp_path: Path) -> None:
    project = _project(tmp_path)
    memory = open_memory(tmp_path / "m.wbmem")
    with open_existing(project, read_only=False) as session:
        editing = Editing(session, memory=memory)
        empty, filled, nothing = (s.id for s in session.segments)
        events = len(session.events())
        with pytest.raises(WorkbenchError, match="not confirmed: the target is empty"):
            editing.confirm(empty)
        assert session.segment(empty).status == "new"
        assert len(session.events()) == events
        session.set_target(filled, "")  # emptied by the translator
        with pytest.raises(WorkbenchError, match="the target is empty"):
            editing.confirm(filled)
        assert session.segment(filled).status == "draft"
        assert editing.confirm(nothing).state.status == "confirmed"  # nothing to translate
        session.set_target(empty, "Kupfer stieg.")
        assert editing.confirm(empty).state.status == "confirmed"
    assert memory.counts().units == 1  # only the translation went into the memory
    memory.close()
    root = etree.fromstring(_original_out(project, tmp_path))
    targets = {tu.get("id"): tu.find(f"{X}target") for tu in root.iter(f"{X}trans-unit")}
    assert (targets["1"].text, targets["1"].get("state")) == ("Kupfer stieg.", "translated")
    # the emptied draft is written back empty, but never as a finished translation
    assert (targets["2"].text, targets["2"].get("state")) == (None, "needs-review-translation")


async def test_the_editor_says_why_and_confirms_nothing(tmp_path: Path) -> None:
    project = _project(tmp_path)
    session = open_existing(project, read_only=False)
    app = WorkbenchApp(session)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert editor(app).target.text == ""
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, ConfirmScreen)  # refused before QA asks
        assert "not confirmed: the target is empty" in shown(app, "#status")
        assert session.segments[0].status == "new"
    with open_existing(project) as again:
        assert again.segments[0].status == "new"
        assert [e.origin for e in again.events(again.segments[0].id)] == []
