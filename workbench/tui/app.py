"""``workbench edit``: the Textual app. It opens on a Session (or asks for a file), installs
the user's keymap and offers every editor action in the command palette; the screens do
the rest (:mod:`workbench.tui.screens.editor`)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from textual.app import App, SystemCommand
from textual.screen import Screen

from workbench.core.errors import WorkbenchError
from workbench.core.session import Session
from workbench.tui.keymap import EDITOR_BINDINGS, load_user_keymap
from workbench.tui.screens.editor import EditorScreen
from workbench.workspace import open_article


class WorkbenchApp(App[None]):
    """``workbench edit``: opens on a Session (or asks for a file when given none)."""

    CSS_PATH = "app.tcss"
    TITLE = "Workbench"

    def __init__(self, session: Session | None = None, **open_args: Any) -> None:
        super().__init__()
        self.session = session
        self.open_args = open_args

    def on_mount(self) -> None:
        keymap, warning = load_user_keymap()
        if keymap:
            self.set_keymap(keymap)
        if warning:
            self.notify(warning, severity="warning", markup=False)
        if self.session is not None:
            self.push_screen(EditorScreen(self.session))
        else:
            from workbench.tui.screens.dialogs import OpenFileScreen

            self.push_screen(OpenFileScreen(), self._open)

    def _open(self, path: Path | None) -> None:
        if path is None:
            self.exit()
            return
        try:
            self.session = open_article(path, **self.open_args)
        except WorkbenchError as exc:
            from workbench.tui.screens.dialogs import OpenFileScreen

            self.notify(str(exc), severity="error", markup=False)
            self.push_screen(OpenFileScreen(), self._open)
            return
        self.push_screen(EditorScreen(self.session))

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        if isinstance(screen, EditorScreen):
            for binding in EDITOR_BINDINGS:
                action = binding.action
                yield SystemCommand(
                    f"{binding.description} ({binding.key})",
                    binding.tooltip or binding.description,
                    lambda action=action, screen=screen: screen.run_action(action),
                )

    def on_unmount(self) -> None:
        if self.session is not None:
            self.session.close()
