"""``workbench edit``: the Textual app. It opens on a Session (or asks for a file, or shows
why the project could not be opened), installs the keymap (the settings' preset, then the
user's keymap file) and offers every editor action in the command palette; the screens do
the rest (:mod:`workbench.tui.screens.editor`)."""

from __future__ import annotations

import asyncio
import contextlib
import signal
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from textual import events, messages
from textual.app import App, SystemCommand
from textual.screen import Screen

from workbench.app.projects import open_article
from workbench.core.config import Config, load_config
from workbench.core.confine import Confinement
from workbench.core.errors import WorkbenchError
from workbench.core.memory import Memory
from workbench.core.session import Session
from workbench.tui.keymap import EDITOR_BINDINGS, load_user_keymap
from workbench.tui.screens.editor import Clock, EditorScreen
from workbench.tui.screens.review import ReviewScreen
from workbench.tui.threads import use_daemon_threads

EXIT_SIGNALS = (signal.SIGTERM, signal.SIGHUP)

# What counts as someone working (not mouse moves, focus changes or resizes).
INPUT_EVENTS = (
    events.Key,
    events.Paste,
    events.MouseDown,
    events.MouseScrollUp,
    events.MouseScrollDown,
)


class WorkbenchApp(App[None]):
    """``workbench edit``: opens on a Session; without one it asks for a file, or, given
    ``error``, shows it (``workbench serve`` has no terminal to print it to)."""

    CSS_PATH = "app.tcss"
    TITLE = "Workbench"

    def __init__(
        self,
        session: Session | None = None,
        *,
        error: str | None = None,
        clock: Clock = time.time,
        memory: Memory | None = None,
        config: Config | None = None,
        config_warnings: Sequence[str] = (),
        confinement: Confinement | None = None,
        idle_timeout: float | None = None,
        review: bool = False,
        **open_args: Any,
    ) -> None:
        super().__init__()
        self.session = session
        self.review = review  # ``workbench review``: the editor opens in its review mode
        self.memory = memory  # the post-edit memory the editor uses (closed on exit)
        self.config = config  # read once where the program starts (None: read here)
        self.config_warnings = list(config_warnings)
        self.error = error
        self.clock = clock
        self.open_args = open_args
        # ``workbench serve``: what the browser user may write; seconds without input after
        # which the app saves and quits (releasing the project).
        self.confinement = confinement
        self.idle_timeout = idle_timeout
        self._last_input = time.monotonic()
        self._saved_before_exit = False

    def on_load(self) -> None:
        use_daemon_threads()  # the app's exit never waits for a busy worker

    def on_mount(self) -> None:
        self._save_on_signals()
        warnings = self.config_warnings
        if self.config is None:
            self.config, warnings = load_config()
        keymap, warning = load_user_keymap(self.config.keymap)
        if keymap:
            self.set_keymap(keymap)
        for message in [*warnings, *([warning] if warning else [])]:
            self.notify(message, severity="warning", markup=False)
        if self.idle_timeout:
            self.set_interval(min(self.idle_timeout / 4, 15.0), self._quit_when_idle)
        if self.error is not None:
            from workbench.tui.screens.dialogs import ErrorScreen

            self.push_screen(ErrorScreen(self.error))
        elif self.session is not None:
            self.push_screen(self._editor(self.session))
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
        self.push_screen(self._editor(self.session))

    def _editor(self, session: Session) -> EditorScreen:
        return EditorScreen(
            session,
            clock=self.clock,
            memory=self.memory,
            config=self.config,
            confinement=self.confinement,
            review=self.review,
        )

    def _save_review(self) -> None:
        """The reviewer's correction in the review mode, saved before the app ends."""
        for screen in self.screen_stack:
            if isinstance(screen, ReviewScreen) and screen.is_mounted:
                screen.leave()

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, INPUT_EVENTS):
            self._last_input = time.monotonic()
        await super().on_event(event)

    def _quit_when_idle(self) -> None:
        if self.idle_timeout and time.monotonic() - self._last_input >= self.idle_timeout:
            self.exit()  # on_exit_app saves first

    def on_exit_app(self, message: messages.ExitApp) -> None:
        """However the app is asked to end (ctrl+q, the browser leaving ``workbench serve``,
        the idle timeout, SIGTERM), what is typed is saved first: keys that arrived before
        the request may still wait in the target's queue, so the saving is queued behind
        them, and the app ends after it."""
        editor = next((s for s in self.screen_stack if isinstance(s, EditorScreen)), None)
        if self._saved_before_exit or editor is None or not editor.is_mounted:
            return
        message.prevent_default()  # App's own handler runs on the second request
        self._saved_before_exit = True

        def save_then_exit() -> None:
            self._save_review()
            editor.leave()
            self.post_message(messages.ExitApp())  # exit() again would drop its result

        if not editor.call_after_input(save_then_exit):
            save_then_exit()

    async def action_quit(self) -> None:
        """ctrl+q anywhere: the editor saves (or asks before dropping an unsaved change)."""
        editor = next((s for s in self.screen_stack if isinstance(s, EditorScreen)), None)
        if editor is None:
            self.exit()
            return
        self._save_review()
        while self.screen is not editor:
            self.pop_screen()
        await editor.action_quit()

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

    def _save_on_signals(self) -> None:
        """SIGTERM and SIGHUP (the terminal closed, the machine shutting down) save what
        was typed and not yet saved, then quit, instead of ending the process at once."""
        loop = asyncio.get_running_loop()
        for sig in EXIT_SIGNALS:
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                loop.add_signal_handler(sig, self._save_and_exit)

    def _save_and_exit(self) -> None:
        editor = next((s for s in self.screen_stack if isinstance(s, EditorScreen)), None)
        self._save_review()
        if editor is not None:
            editor.flush()
        self.exit()

    def on_unmount(self) -> None:
        with contextlib.suppress(RuntimeError):
            loop = asyncio.get_running_loop()
            for sig in EXIT_SIGNALS:
                with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                    loop.remove_signal_handler(sig)
        if self.session is not None:
            self.session.close()
        if self.memory is not None:
            self.memory.close()
