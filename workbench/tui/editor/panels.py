"""The panels under the texts: memory matches, glossary offers, QA findings, the word diff.

Each panel is its own scrollable box (f3 focuses the next one; arrows and page keys
scroll it; escape goes back to the target). The rows the panels get are shared by need
(:func:`share`): a panel gets what it needs when everything fits, and when it does not, no
panel takes the rows of the others - a long memory match cannot hide the offers and the
findings under it.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Static

NAMES = ("memory", "offers", "findings", "diff")


def share(needs: Sequence[int], total: int) -> list[int]:
    """Rows for each panel: what it needs when all fit; else the rows are dealt out evenly
    and what a small panel does not use goes to the others (water filling). Every panel
    that needs rows gets at least one while there are rows."""
    heights = [0] * len(needs)
    left = max(0, total)
    open_ = [i for i, need in enumerate(needs) if need > 0]
    while open_ and left > 0:
        fair = max(1, left // len(open_))
        still: list[int] = []
        for i in open_:
            give = min(fair, needs[i] - heights[i], left)
            heights[i] += give
            left -= give
            if heights[i] < needs[i]:
                still.append(i)
        open_ = still
    return heights


class PanelBox(VerticalScroll, can_focus=True):
    """One panel: a Static that scrolls when it is taller than its share."""

    DEFAULT_CSS = """
    PanelBox { height: auto; scrollbar-size-vertical: 1; }
    PanelBox:focus { background: $boost; }
    """

    def __init__(self, name: str) -> None:
        super().__init__(id=f"{name}-box", classes="panel")
        self.panel_name = name
        self.content = Text()

    def compose(self) -> ComposeResult:
        yield Static(id=self.panel_name)

    def show(self, content: Text) -> None:
        self.content = content
        self.query_one(Static).update(content)

    def need(self, console: Console, width: int) -> int:
        """Rows the content takes at ``width`` columns (0 when there is nothing)."""
        if not self.display or not self.content.plain.strip():
            return 0
        return len(self.content.wrap(console, max(1, width)))


class Panels(Vertical):
    """The panel boxes, sized by need whenever one changes or the screen resizes."""

    def compose(self) -> ComposeResult:
        for name in NAMES:
            yield PanelBox(name)

    def box(self, name: str) -> PanelBox:
        return self.query_one(f"#{name}-box", PanelBox)

    def show(self, name: str, content: Text) -> None:
        self.box(name).show(content)
        self.relayout()

    def set_shown(self, name: str, shown: bool) -> None:
        box = self.box(name)
        box.display = shown
        box.query_one(Static).display = shown
        self.relayout()

    def boxes(self) -> list[PanelBox]:
        return list(self.query(PanelBox))

    def relayout(self) -> None:
        height = self.content_region.height or self.size.height
        width = self.content_region.width or self.size.width
        if not height or not width:
            self.call_after_refresh(self._relayout_once)
            return
        boxes = self.boxes()
        console = self.app.console
        needs = [box.need(console, width - 1) for box in boxes]
        gaps = max(0, sum(1 for need in needs if need) - 1)  # a blank row between panels
        heights = share(needs, height - gaps)
        last = max((i for i, rows in enumerate(heights) if rows), default=-1)
        for i, (box, rows) in enumerate(zip(boxes, heights, strict=True)):
            box.styles.height = rows
            box.styles.margin = (0, 0, 1 if rows and i < last else 0, 0)

    def _relayout_once(self) -> None:
        if self.size.height:
            self.relayout()

    def on_resize(self) -> None:
        self.relayout()
