"""f8: the editor's review mode. The current project is reviewed on the review screen
(:class:`workbench.tui.screens.review.ReviewScreen`: source, MT, the translator's text with
its word diff MT -> final, the reviewer's editable text; errors marked on spans, segments
accepted or rejected), starting on the segment the editor is on; f8 there comes back to the
editor on the segment reviewed last.

What is typed in the editor is saved and the translator's visit ends before the review
starts, so the reviewer's time and corrections (``review`` edits) are never counted as the
translator's. The QA model and the reviewer's name are the project's review settings, else
the default model and the user of the settings (:func:`workbench.app.reviewing.start_review`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from workbench.app.reviewing import start_review
from workbench.core.errors import WorkbenchError

if TYPE_CHECKING:
    from workbench.tui.screens.editor import EditorScreen


class ReviewMode:
    """Switches the editor into the review and back."""

    def __init__(self, editor: EditorScreen) -> None:
        self.editor = editor

    def open(self) -> None:
        from workbench.tui.screens.review import ReviewScreen

        editor = self.editor
        editor.touch()
        if not editor.flush():
            return
        try:
            setup = start_review(editor.session, user=editor.config.user)
        except WorkbenchError as exc:
            editor.notify(str(exc), title="No review", severity="error", markup=False)
            return
        editor.visits.leave()
        before = {s.id: s.target for s in editor.session.segments}
        screen = ReviewScreen(editor.session, setup, clock=editor.clock, start=editor.index)
        editor.app.push_screen(screen, lambda index: self._back(index, before))

    def _back(self, index: int | None, before: dict[str, str]) -> None:
        """The editor again, on segment ``index``, showing what the reviewer changed."""
        editor = self.editor
        changed = [s.id for s in editor.session.segments if before.get(s.id) != s.target]
        for segment_id in changed:
            editor.segment_list.refresh_segment(segment_id)
        editor.load_segment(editor.index if index is None else index)
        editor.note(f"review mode left: {len(changed)} segment(s) corrected")
        editor.refresh_hter()
        editor.checks.refresh_markers()
