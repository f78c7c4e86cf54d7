"""What an export writes: a project's document and segments, plus the figures, QA
findings and edit log for the formats that show them (the registry says which)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field

from workbench.core.document import Document
from workbench.core.edits import EditEvent
from workbench.core.findings import Finding
from workbench.core.inline_codes import display
from workbench.core.metrics import DocumentFigures
from workbench.core.model.project import SegmentState
from workbench.core.review_split import ReviewSplit
from workbench.core.translators import TranslatorFigures


@dataclass(frozen=True)
class ProjectView:
    """A project as an export writer sees it (plain data, safe to use on any thread; the
    findings may be a run of the checks made as they are read, built on the session's
    thread from plain data too)."""

    document: Document
    segments: tuple[SegmentState, ...]
    events: tuple[EditEvent, ...] = ()
    figures: DocumentFigures | None = None
    findings: Iterable[Finding] = ()  # in segment order; may be made while read (once)
    translators: tuple[TranslatorFigures, ...] = ()  # with the figures: effort per translator
    # What the effort exports need of the edit log (its "log"), read without holding it:
    glossary_hits: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # details
    owners: Mapping[str, str] = field(default_factory=dict)  # who finished each segment
    review: ReviewSplit | None = None  # translator and reviewer HTER, when reviewed
    source_option: str = ""  # --source-lang given to the export
    target_option: str = ""  # --target-lang given to the export

    def segments_with_findings(self) -> Iterator[tuple[SegmentState, list[Finding]]]:
        """Each segment with its QA findings. The findings are read once, alongside the
        segments (they come in segment order, possibly made as they are read: a large
        project's findings are never all held)."""
        pending = iter(self.findings)
        upcoming = next(pending, None)
        for s in self.segments:
            mine: list[Finding] = []
            while upcoming is not None and upcoming.segment_id == s.id:
                mine.append(upcoming)
                upcoming = next(pending, None)
            yield s, mine

    def languages(self) -> tuple[str, str]:
        """The (source, target) languages an export states: the options, else the
        project's (BCP 47 as written; ``""`` when unknown)."""
        doc = self.document
        return (
            self.source_option or doc.source_language,
            self.target_option or doc.target_language,
        )

    @property
    def targets(self) -> list[str]:
        return [s.target for s in self.segments]

    def render_target(self) -> str:
        """The corrected article text in the original layout (inline codes of a bilingual
        file shown as their tag tokens, never as placeholder characters)."""
        if not any(s.codes for s in self.segments):
            return self.document.render(self.targets)
        return self.document.render([display(s.target, s.codes).text for s in self.segments])

    def encode_target(self) -> bytes:
        """The corrected article's bytes (BOM kept as in the input)."""
        return self.document.encode(self.targets)
