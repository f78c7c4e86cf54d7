"""What an export writes: a project's document and segments, plus the figures, QA
findings and edit log for the formats that show them (the registry says which)."""

from __future__ import annotations

from dataclasses import dataclass

from workbench.core.document import Document
from workbench.core.edits import EditEvent
from workbench.core.findings import Finding
from workbench.core.metrics import DocumentFigures
from workbench.core.store import SegmentState


@dataclass(frozen=True)
class ProjectView:
    """A project as an export writer sees it (plain data, safe to use on any thread)."""

    document: Document
    segments: tuple[SegmentState, ...]
    events: tuple[EditEvent, ...] = ()
    figures: DocumentFigures | None = None
    findings: tuple[Finding, ...] = ()

    @property
    def targets(self) -> list[str]:
        return [s.target for s in self.segments]

    def render_target(self) -> str:
        """The corrected article text in the original layout."""
        return self.document.render(self.targets)

    def encode_target(self) -> bytes:
        """The corrected article's bytes (BOM kept as in the input)."""
        return self.document.encode(self.targets)
