"""The segment list: one line per segment, drawn with Textual's line API.

Only the visible lines are rendered (``render_line``), so a 5,000-segment article costs no
more to show or scroll than a 20-segment one; moving the cursor or changing a segment's
QA marker repaints only the lines that changed. It shows every segment, or the rows a
filter keeps (:meth:`show_rows`). In a team store, a segment someone else is on shows who
("being edited by NAME", :meth:`set_notes`) instead of its text. A click posts
:class:`SegmentList.Selected`; so does enter when the list has the focus (f2), after the
arrows, page keys, home and end moved its highlight; escape posts :class:`SegmentList.Left`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
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
NOTE_STYLE = Style(color="magenta", italic=True)
HIGHLIGHT_STYLE = Style(reverse=True)


class SegmentList(ScrollView, can_focus=True):
    """Status mark, QA marker, id and a one-line preview of each target."""

    DEFAULT_CSS = """
    SegmentList { width: 30%; min-width: 18; max-width: 40; border-right: solid $primary-darken-2; }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = {"segment-list--cursor"}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "move(-1)", "Up", show=False),
        Binding("down", "move(1)", "Down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("home", "edge(-1)", "First", show=False),
        Binding("end", "edge(1)", "Last", show=False),
        Binding("enter", "choose", "Go to segment"),
        Binding("escape", "leave", "Back to the target"),
    ]

    cursor: reactive[int] = reactive(0, repaint=False)
    highlight: reactive[int] = reactive(0, repaint=False)  # row the keys move (focused)

    class Selected(Message):
        """The user clicked a segment, or chose it with enter (``index``: its index in the
        document)."""

        def __init__(self, index: int) -> None:
            super().__init__()
            self.index = index

    class Left(Message):
        """Escape in the list: back to the target."""

    def __init__(self, segments: Sequence[SegmentState], **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.segments = segments
        self._flags: dict[str, str] = {}  # segment id -> QA marker ("!" error, "?" warning)
        self._notes: dict[str, str] = {}  # segment id -> "being edited by NAME"
        self._index_of = {s.id: s.index for s in segments}
        self.rows: list[int] = list(range(len(segments)))
        self._row_of: dict[int, int] = {i: i for i in self.rows}
        self.virtual_size = Size(34, len(self.rows))

    @property
    def flags(self) -> Mapping[str, str]:
        return self._flags

    @property
    def notes(self) -> Mapping[str, str]:
        return self._notes

    def set_notes(self, notes: Mapping[str, str]) -> None:
        """Replace the notes shown instead of segments' texts ("being edited by NAME")."""
        new = dict(notes)
        changed = new.keys() ^ self._notes.keys() | {
            sid for sid in new.keys() & self._notes.keys() if new[sid] != self._notes[sid]
        }
        self._notes = new
        for segment_id in changed:
            self.refresh_segment(segment_id)

    def show_rows(self, rows: Sequence[int]) -> None:
        """Show only these segments (document indexes, in order)."""
        self.rows = list(rows)
        self._row_of = {index: row for row, index in enumerate(self.rows)}
        self.virtual_size = Size(34, len(self.rows))
        self.refresh()
        self._scroll_into_view(self.cursor)
        self.highlight = self._row_of.get(self.cursor, 0)

    def watch_cursor(self, old: int, new: int) -> None:
        for index in (old, new):
            row = self._row_of.get(index)
            if row is not None:
                self.refresh_line(row)
        self._scroll_into_view(new)
        self.highlight = self._row_of.get(new, self.highlight)

    def watch_highlight(self, old: int, new: int) -> None:
        if not self.has_focus:
            return  # the highlight is drawn only while the list has the keys
        for row in (old, new):
            if 0 <= row < len(self.rows):
                self.refresh_line(row)
        if 0 <= new < len(self.rows):
            self._scroll_into_view(self.rows[new])

    def on_focus(self) -> None:
        self.highlight = self._row_of.get(self.cursor, 0)
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    def _move_to(self, row: int) -> None:
        if self.rows:
            self.highlight = max(0, min(row, len(self.rows) - 1))

    def action_move(self, step: int) -> None:
        self._move_to(self.highlight + step)

    def action_page(self, step: int) -> None:
        self._move_to(self.highlight + step * max(1, self.size.height - 1))

    def action_edge(self, step: int) -> None:
        self._move_to(0 if step < 0 else len(self.rows) - 1)

    def action_choose(self) -> None:
        if 0 <= self.highlight < len(self.rows):
            self.post_message(self.Selected(self.rows[self.highlight]))

    def action_leave(self) -> None:
        self.post_message(self.Left())

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
        if self.has_focus and row == self.highlight:
            base += HIGHLIGHT_STYLE
        flag = self._flags.get(seg.id, " ")
        flag_style = Style(color="red", bold=True) if flag == "!" else Style(color="yellow")
        parts = [
            Segment(MARKS.get(seg.status, "?"), MARK_STYLES.get(seg.status, Style()) + base),
            Segment(flag, flag_style + base),
            Segment(f"{seg.id:<7} ", Style(color="grey50") + base),
        ]
        note = self._notes.get(seg.id)
        if note is None:
            parts.append(Segment(shown(seg.target, seg.codes, one_line=True), base))
        else:
            parts.append(Segment(note, NOTE_STYLE + base))
        return Strip(parts).crop(0, width).extend_cell_length(width, base)

    def on_click(self, event: events.Click) -> None:
        row = event.y + self.scroll_offset.y
        if 0 <= row < len(self.rows):
            self.post_message(self.Selected(self.rows[row]))
