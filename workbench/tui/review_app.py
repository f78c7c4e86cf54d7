"""``workbench review``: the Textual app of the review screen."""

from __future__ import annotations

import time

from textual.app import App

from workbench.core.lqa.model import QAModel
from workbench.core.session import Session
from workbench.tui.screens.review import Clock, ReviewScreen


class ReviewApp(App[None]):
    """Opens the review screen on a session (opened for writing by the command)."""

    TITLE = "Workbench review"

    def __init__(
        self, session: Session, model: QAModel, reviewer: str, *, clock: Clock = time.time
    ) -> None:
        super().__init__()
        self.session = session
        self.model = model
        self.reviewer = reviewer
        self.clock = clock

    def on_mount(self) -> None:
        self.push_screen(ReviewScreen(self.session, self.model, self.reviewer, clock=self.clock))

    def on_unmount(self) -> None:
        self.session.close()
