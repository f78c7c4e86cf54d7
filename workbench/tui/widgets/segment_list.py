"""The segment list: one line per segment, drawn with Textual's line API.

Only the visible lines are rendered (``render_line``), so a 5,000-segment article costs no
more to show or scroll than a 20-segment one; moving the cursor or changing a segment's
QA marker repaints only the lines that changed. It shows every segment, or the rows a
filter keeps (:meth:`show_rows`). A click posts :class:`SegmentList.Selected`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from workbench.core.model.project import SegmentState
from workbench.tui.render import shown

MARKS = {"new": "·", "draft": "✎", "confirmed": "✓"}
MARK_STYLES = {
    "new": Style(color="grey62"),
    "draft": Style(color="yellow"),
    "confirmed": Style(color="green", bold=True),
}
CURSOR_STYLE = Style(bgcolor="#2a3f5f", bold=True)


class SegmentList(ScrollView, can_focus=False):
    """Status mark, QA marker, id and a one-line preview of each target."""

    DEFAULT_CSS = """
    SegmentList { width: 30%; min-width: 18; max-width: 40; border-right: solid $primary-darken-2; }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = {"segment-list--cursor"}

    cursor: reactive[int] = reactive(0, repaint=False)

    class Selected(Message):
        """The user clicked a segment (``index``: its index in the document)."""

        def __init__(self, index: int) -> None:
            super().__init__()
            self.index = index

    def __init__(self, segments: Sequence[SegmentState], **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.segments = segments
        self._flags: dict[str, str] = {}  # segment id -> QA marker ("!" error, "?" warning)
        self._index_of = {s.id: s.index for s in segments}
        self.rows: list[int] = list(range(len(segments)))
        self._row_of: dict[int, int] = {i: i for i in self.rows}
        self.virtual_size = Size(34, len(self.rows))

    @property
    def flags(self) -> Mapping[str, str]:
        return self._flags

    def show_rows(self, rows: Sequence[int]) -> None:
        """Show only these segments (document indexes, in order)."""
        self.rows = list(rows)
        self._row_of = {index: row for row, index in enumerate(self.rows)}
        self.virtual_size = Size(34, len(self.rows))
        self.refresh()
        self._scroll_into_view(self.cursor)

    def watch_cursor(self, old: int, new: int) -> None:
        for index in (old, new):
            row = self._row_of.get(index)
            if row is not None:
                self.refresh_line(row)
        self._scroll_into_view(new)

    def _scroll_into_view(self, index: int) -> None:
        row = self._row_of.get(index)
        if row is None:
            return
        top = self.scroll_offset.y
        height = max(1, self.size.height)
        if row < top:
            self.scroll_to(y=row, animate=False)
        elif row >= top + height:
            self.scroll_to(y=row - height + 1, animate=False)

    def refresh_segment(self, segment_id: str) -> None:
        """Repaint one segment's line (its status or text changed)."""
        row = self._row_of.get(self._index_of.get(segment_id, -1))
        if row is not None:
            self.refresh_line(row)

    def set_flag(self, segment_id: str, flag: str | None) -> None:
        """Set or clear one segment's QA marker."""
        if self._flags.get(segment_id) == flag:
            return
        if flag is None:
            self._flags.pop(segment_id, None)
        else:
            self._flags[segment_id] = flag
        self.refresh_segment(segment_id)

    def set_flags(self, flags: Mapping[str, str], *, keep: str | None = None) -> None:
        """Replace every QA marker (``keep``: a segment whose marker stays as it is, the one
        being edited, whose panel is fresher than a document-wide run)."""
        new = dict(flags)
        if keep is not None:
            kept = self._flags.get(keep)
            new.pop(keep, None)
            if kept is not None:
                new[keep] = kept
        changed = {
            sid for sid in new.keys() | self._flags.keys() if new.get(sid) != self._flags.get(sid)
        }
        self._flags = new
        for segment_id in changed:
            self.refresh_segment(segment_id)

    def render_line(self, y: int) -> Strip:
        row = y + self.scroll_offset.y
        width = self.size.width
        if row >= len(self.rows):
            return Strip.blank(width)
        index = self.rows[row]
        seg = self.segments[index]
        base = CURSOR_STYLE if index == self.cursor else Style()
        flag = self._flags.get(seg.id, " ")
        flag_style = Style(color="red", bold=True) if flag == "!" else Style(color="yellow")
        parts = [
            Segment(MARKS.get(seg.status, "?"), MARK_STYLES.get(seg.status, Style()) + base),
            Segment(flag, flag_style + base),
            Segment(f"{seg.id:<7} ", Style(color="grey50") + base),
            Segment(shown(seg.target, seg.codes, one_line=True), base),
        ]
        return Strip(parts).crop(0, width).extend_cell_length(width, base)

    def on_click(self, event: events.Click) -> None:
        row = event.y + self.scroll_offset.y
        if 0 <= row < len(self.rows):
            self.post_message(self.Selected(self.rows[row]))
