"""The segment list: one line per segment, drawn with Textual's line API.

Only the visible lines are rendered (``render_line``), so a 5,000-segment article costs no
more to show or scroll than a 20-segment one.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from workbench.core.session import SegmentState
from workbench.tui.literal import safe

MARKS = {"new": "·", "draft": "✎", "confirmed": "✓"}
MARK_STYLES = {
    "new": Style(color="grey62"),
    "draft": Style(color="yellow"),
    "confirmed": Style(color="green", bold=True),
}


class SegmentList(ScrollView, can_focus=False):
    """Status mark, QA marker, id and a one-line preview of each target."""

    DEFAULT_CSS = """
    SegmentList { width: 30%; min-width: 18; max-width: 40; border-right: solid $primary-darken-2; }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = {"segment-list--cursor"}

    class Selected(Message):
        def __init__(self, index: int) -> None:
            super().__init__()
            self.index = index

    def __init__(self, segments: Sequence[SegmentState], **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.segments = segments
        self.current = 0
        self.flags: dict[str, str] = {}  # segment id -> QA marker ("!" error, "?" warning)
        self.virtual_size = Size(34, len(segments))

    def set_segments(self, segments: Sequence[SegmentState]) -> None:
        self.segments = segments
        self.virtual_size = Size(34, len(segments))
        self.refresh()

    def move_to(self, index: int) -> None:
        self.current = index
        self.scroll_to_region_line(index)
        self.refresh()

    def scroll_to_region_line(self, index: int) -> None:
        top = self.scroll_offset.y
        height = max(1, self.size.height)
        if index < top:
            self.scroll_to(y=index, animate=False)
        elif index >= top + height:
            self.scroll_to(y=index - height + 1, animate=False)

    def render_line(self, y: int) -> Strip:
        row = y + self.scroll_offset.y
        width = self.size.width
        if row >= len(self.segments):
            return Strip.blank(width)
        seg = self.segments[row]
        cursor = row == self.current
        base = Style(bgcolor="#2a3f5f", bold=True) if cursor else Style()
        flag = self.flags.get(seg.id, " ")
        flag_style = Style(color="red", bold=True) if flag == "!" else Style(color="yellow")
        preview = safe(seg.target, one_line=True)
        parts = [
            Segment(MARKS.get(seg.status, "?"), MARK_STYLES.get(seg.status, Style()) + base),
            Segment(flag, flag_style + base),
            Segment(f"{seg.id:<8}", Style(color="grey50") + base),
            Segment(preview, base),
        ]
        return Strip(parts).crop(0, width).extend_cell_length(width, base)

    def on_click(self, event: events.Click) -> None:
        row = event.y + self.scroll_offset.y
        if 0 <= row < len(self.segments):
            self.post_message(self.Selected(row))
