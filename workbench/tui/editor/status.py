"""What the editor's status line says, as a pure function of what the editor knows."""

from __future__ import annotations

from collections.abc import Sequence

from workbench.core.model.project import SegmentState
from workbench.core.segment_filter import SegmentFilter
from workbench.tui.render import StatusItem

ALARM = (
    "NOT SAVED",
    "not saved yet",
    "the server is away",
    "export failed",
    "filter not applied",
    "search gave up",
)


def status_items(
    segments: Sequence[SegmentState],
    state: SegmentState,
    note: str,
    *,
    read_only: bool,
    spec: SegmentFilter,
    shown: int,
    hter: str,
    project: str,
    team: str = "",
) -> list[StatusItem]:
    """The status line's parts, most important first when the line is narrow. ``team``: what
    the team store says of this segment ("reconnecting", "being edited by NAME")."""
    done = sum(1 for s in segments if s.status == "confirmed")
    style = (
        "bold red"
        if note.startswith(ALARM)
        else ("green" if note.startswith(("saved", "exported")) else "")
    )
    items = [
        StatusItem(f"{state.id} {state.status}", "bold", 1),
        StatusItem(f"{done}/{len(segments)} ✓ {100 * done // max(1, len(segments))}%", "", 2),
        StatusItem(note, style, 1, shrink=True),
    ]
    if read_only:
        items.insert(0, StatusItem("READ-ONLY", "bold yellow", 0))
    if team:
        style = "bold red" if team.startswith("reconnecting") else "bold magenta"
        items.insert(0, StatusItem(team, style, 0, shrink=True))
    if spec.active:
        items.append(StatusItem(f"filter {spec.describe()}: {shown}", "cyan", 3))
    if hter:
        items.append(StatusItem(hter, "", 4))
    items.append(StatusItem(project, "dim", 6, shrink=True))
    return items


def after_confirm(
    segments: Sequence[SegmentState], rows: Sequence[int], next_index: int | None
) -> str | None:
    """What to tell after a confirm that found no next unconfirmed segment among the rows
    shown: every segment confirmed, or only those the filter shows (``None``: there is a
    next one)."""
    if next_index is not None:
        return None
    left = sum(1 for s in segments if s.status != "confirmed")
    if not left:
        return "Every segment is confirmed."
    if len(rows) < len(segments):
        return f"Every segment shown is confirmed; {left} hidden by the filter are not (f4)."
    return f"{left} segment(s) are not confirmed."
