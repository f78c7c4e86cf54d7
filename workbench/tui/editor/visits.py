"""Time on a segment, as PET and CasMaCat measure it.

A visit is one enter/leave of a segment: :meth:`Visits.enter` starts it, :meth:`Visits.leave`
records it. Reloading the segment (after an undo, an offer, a replace, a memory match) is not
a new visit; any change of the text, whatever its origin, is an edit (:meth:`Visits.edited`),
so the first-edit delay is the time to the first change of any kind. The visit so far is
written (keyed by segment and start) whenever the editor saves, so a crash loses little.
"""

from __future__ import annotations

from collections.abc import Callable

from workbench.core.errors import WorkbenchError
from workbench.core.metrics import VisitClock
from workbench.core.session import Session


class Visits:
    """The visit of the segment being edited (``None`` between two)."""

    def __init__(
        self,
        session: Session,
        clock: Callable[[], float],
        pause_seconds: float,
        warn: Callable[[str], None],
    ) -> None:
        self.session = session
        self.clock = clock
        self.pause_seconds = pause_seconds  # idle gaps longer than this are not counted
        self.warn = warn  # says a visit could not be recorded
        self.current: VisitClock | None = None

    def enter(self, segment_id: str) -> None:
        """The translator arrived on a segment (a visit on it already going on goes on)."""
        if self.current is not None and self.current.segment_id == segment_id:
            return
        self.current = VisitClock(segment_id, self.clock(), self.pause_seconds)

    def touch(self) -> None:
        """Anything the translator did: it counts as time on the segment."""
        if self.current is not None:
            self.current.activity(self.clock())

    def edited(self) -> None:
        """The text changed (typing, an offer, a replace, a memory match, an undo...)."""
        if self.current is not None:
            self.current.edit(self.clock())

    def record(self) -> None:
        """Write the visit so far."""
        if self.current is None or self.session.read_only:
            return
        try:
            self.session.record_visit(self.current.visit())
        except WorkbenchError as exc:
            self.warn(str(exc))

    def leave(self) -> None:
        """The translator leaves the segment: the visit ends."""
        self.touch()
        self.record()
        self.current = None
