"""ctrl+e: choose a format and a file, confirm replacing an existing one, export in a worker.

The worker reads the project through its own read-only session (SQLite connections belong
to their thread; WAL lets it read while the editor writes; a project in a team store is
read by its name on the same server: :func:`workbench.app.exporting.reading_copy`)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from workbench.app.exporting import export_project, reading_copy
from workbench.core.errors import WorkbenchError
from workbench.formats.registry import formats

if TYPE_CHECKING:
    from workbench.tui.screens.editor import EditorScreen


class ExportFlow:
    def __init__(self, editor: EditorScreen) -> None:
        self.editor = editor

    def open(self) -> None:
        editor = self.editor
        editor.touch()
        if not editor.flush():
            return
        from workbench.tui.screens.dialogs import ConfirmScreen, ExportScreen

        session = editor.session
        choices = formats("project", writable=True)
        article = session.article_path
        base = article if article is not None else session.project_path
        if base.is_relative_to(Path.cwd()):
            base = base.relative_to(Path.cwd())  # shorter to read and to edit
        # under ``workbench serve``: only paths inside the allowed folder
        check = editor.confinement.export_path if editor.confinement is not None else None

        def done(choice: tuple[str, str] | None) -> None:
            if not choice:
                return
            fmt, out = choice[0], Path(choice[1])
            if check is not None:
                try:
                    out = check(choice[1])
                except WorkbenchError as exc:
                    editor.note(f"export refused: {exc}")
                    return
            if not out.exists():
                self.run(fmt, out, False)
                return

            def replace(yes: bool | None) -> None:
                if yes:
                    self.run(fmt, out, True)
                else:
                    editor.note("export cancelled: the file exists")

            editor.app.push_screen(ConfirmScreen(f"{out} exists. Replace it?"), replace)

        editor.app.push_screen(
            ExportScreen(choices, base.parent, base.stem, session.document, check=check), done
        )

    def run(self, fmt: str, out: Path, force: bool) -> None:
        self.editor.run_worker(
            lambda: self._work(fmt, out, force), thread=True, exclusive=True, group="export"
        )

    def _work(self, fmt: str, out: Path, force: bool) -> None:
        editor = self.editor
        call = editor.app.call_from_thread
        call(editor.note, f"exporting {fmt} to {out}…")
        try:
            with reading_copy(editor.session) as reader:
                written = export_project(reader, fmt, out, force=force)
        except WorkbenchError as exc:
            call(editor.notify, str(exc), title="Export failed", severity="error", markup=False)
            call(editor.note, f"export failed: {exc}")
            return
        call(editor.note, f"exported {fmt}: {written}")
