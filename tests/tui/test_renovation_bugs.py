"""Regression tests for three bugs fixed in the renovation (each failed before the fix)."""

from __future__ import annotations

from pathlib import Path

from textual.app import App
from textual.widgets import DataTable, Input, Static

from workbench.app.projects import open_article
from workbench.core.glossary.yaml_reader import load_glossary
from workbench.tui.app import WorkbenchApp
from workbench.tui.screens.dialogs import ConfirmScreen
from workbench.tui.screens.editor import EditorScreen
from workbench.tui.screens.glossary import GlossaryScreen

EN_ZH_XLIFF = """<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
  <file original="news.txt" source-language="en" target-language="zh-CN" datatype="plaintext">
    <body>
      <trans-unit id="1"><source>Southwest Aluminum signed new orders.</source>
        <target>西南铝签署了新订单。</target></trans-unit>
      <trans-unit id="2"><source>Output rose by 18.5% year on year.</source>
        <target>产量同比增长18.5%。</target></trans-unit>
    </body>
  </file>
</xliff>
"""


async def test_editor_checks_a_chinese_target_as_chinese(tmp_path: Path) -> None:
    """Bug 1: the editor ran QA without the document's target language, so every segment of
    an en->zh project showed a source-script error and ctrl+s asked "Confirm anyway?"."""
    xlf = tmp_path / "news.xlf"
    xlf.write_text(EN_ZH_XLIFF, encoding="utf-8")
    session = open_article(xlf)
    assert session.document.target_language.lower().startswith("zh")
    app = WorkbenchApp(session)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, EditorScreen)
        assert screen.findings(screen.target.text) == []
        findings = screen.query_one("#findings", Static).render()
        assert "source-script" not in str(getattr(findings, "plain", findings))
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, ConfirmScreen)
        assert session.segments[0].status == "confirmed"


GLOSSARY = (
    "glossary: g\nentries:\n"
    "  - mt: thick plate\n    correct: heavy plate\n    domain: aluminium\n"
    "    pos: noun\n    source: 厚板\n    note: MT calque\n"
)


class GlossaryHost(App[None]):
    def __init__(self, paths: list[str]) -> None:
        super().__init__()
        self.paths = paths

    def on_mount(self) -> None:
        self.push_screen(GlossaryScreen(self.paths, None))


async def test_editing_an_entry_keeps_its_domain_and_part_of_speech(tmp_path: Path) -> None:
    """Bug 2: saving an entry from the glossary screen silently dropped ``domain`` and
    ``pos``."""
    gl = tmp_path / "g.yaml"
    gl.write_text(GLOSSARY, encoding="utf-8")
    app = GlossaryHost([str(gl)])
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        app.screen.query_one(DataTable).focus()
        await pilot.press("e")
        await pilot.pause()
        app.screen.query_one("#correction", Input).value = "heavy plates"
        await pilot.press("enter")
        await pilot.pause()
    (entry,) = load_glossary(gl).entries
    assert entry.correction == "heavy plates"
    assert (entry.domain, entry.pos, entry.source, entry.note) == (
        "aluminium",
        "noun",
        "厚板",
        "MT calque",
    )


async def test_clicking_a_segment_in_the_list_opens_it(
    workspace: tuple[Path, Path],
) -> None:
    """Bug 3: ``SegmentList.Selected`` was posted on a click but never handled."""
    article, glossary = workspace
    session = open_article(article, glossaries=[glossary])
    app = WorkbenchApp(session)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, EditorScreen)
        assert screen.index == 0
        await pilot.click("#segments", offset=(3, 2))
        await pilot.pause()
        assert screen.index == 2
        assert screen.target.text == session.segments[2].target
        assert session.current == 2
