"""f4: which segments the list shows. The dialog asks; the search runs in a worker thread
with a deadline (:func:`workbench.core.segment_filter.filtered`), so a regular expression
that backtracks for ever gives up and says so instead of freezing the editor."""

from __future__ import annotations

import contextlib
from collections.abc import Collection
from typing import TYPE_CHECKING

from textual.css.query import NoMatches

from workbench.core.errors import WorkbenchError
from workbench.core.model.project import SegmentState
from workbench.core.segment_filter import SegmentFilter, filtered

if TYPE_CHECKING:
    from workbench.tui.screens.editor import EditorScreen


class FilterFlow:
    """The filter the list shows (``spec``) and the work of applying one."""

    def __init__(self, editor: EditorScreen) -> None:
        self.editor = editor
        self.spec = SegmentFilter()

    def open(self) -> None:
        from workbench.tui.screens.dialogs import FilterScreen

        def done(spec: SegmentFilter | None) -> None:
            if spec is not None:
                self.apply(spec)

        self.editor.touch()
        self.editor.app.push_screen(FilterScreen(self.spec), done)

    def apply(self, spec: SegmentFilter, *, quiet: bool = False) -> None:
        """Show only the segments ``spec`` keeps (searched in a worker); moving follows."""
        editor = self.editor
        if spec.text:
            editor.note(f"filtering {spec.describe()}…")
        editor.run_worker(
            lambda: self._work(spec, list(editor.session.segments), set(editor.error_ids), quiet),
            thread=True,
            exclusive=True,
            group="filter",
        )

    def _work(
        self,
        spec: SegmentFilter,
        segments: list[SegmentState],
        error_ids: Collection[str],
        quiet: bool,
    ) -> None:
        try:
            rows = filtered(segments, spec, error_ids)
        except WorkbenchError as exc:  # a bad pattern, or one that gave up
            self.editor.app.call_from_thread(self._refused, str(exc))
            return
        self.editor.app.call_from_thread(self._done, spec, rows, quiet)

    def _refused(self, message: str) -> None:
        self.editor.notify(message, title="Filter not applied", severity="error", markup=False)
        self.editor.note(f"filter not applied: {message}")

    def _done(self, spec: SegmentFilter, rows: list[int], quiet: bool) -> None:
        with contextlib.suppress(NoMatches):  # the editor closed while the worker ran
            self._show(spec, rows, quiet)

    def _show(self, spec: SegmentFilter, rows: list[int], quiet: bool) -> None:
        editor = self.editor
        if spec.active and not rows and not quiet:
            editor.notify(f"No segment is {spec.describe()}.", markup=False)
            editor.note("filter not applied")
            return
        self.spec = spec
        editor.segment_list.show_rows(rows)
        if rows and editor.index not in rows and not quiet:
            editor.go(rows[0])
        editor.note(f"showing {len(rows)} of {len(editor.session.segments)}")
