"""The Session API: what the TUI and the CLI both use to work on a project (SPEC section 9).

CONTRACT STUB: shapes and signatures are fixed, the implementation is in progress.
Every mutating call commits to the project store before it returns.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from workbench.core.document import Document
from workbench.core.edits import EditEvent, Status
from workbench.core.glossary_engine import GlossaryEngine, Hit
from workbench.core.metrics import DocumentFigures


@dataclass(frozen=True)
class SegmentState:
    """A segment as the project holds it now."""

    id: str
    index: int
    paragraph: int
    source: str | None
    mt: str
    pre: str
    target: str
    status: Status
    note: str = ""


class Session:
    """An open project. Use :meth:`open`; close with :meth:`close` or as a context manager."""

    document: Document
    project_path: Path
    engine: GlossaryEngine
    read_only: bool

    @classmethod
    def open(
        cls,
        article: Path | str,
        *,
        project: Path | str | None = None,
        glossaries: Sequence[Path | str] = (),
        source: Path | str | None = None,
        read_only: bool = False,
    ) -> Session:
        raise NotImplementedError

    @classmethod
    def open_project(cls, project: Path | str, *, read_only: bool = False) -> Session:
        """Open an existing project database (the document is stored in it)."""
        raise NotImplementedError

    @classmethod
    def load(cls, path: Path | str, *, read_only: bool = True) -> Session:
        """``ARTICLE|PROJECT`` on the command line: a project file opens as it is, an article
        opens the project of that article (which must exist; ``ProjectError`` otherwise)."""
        raise NotImplementedError

    # --- reading -----------------------------------------------------------------------
    @property
    def segments(self) -> Sequence[SegmentState]:
        raise NotImplementedError

    def segment(self, segment_id: str) -> SegmentState:
        raise NotImplementedError

    @property
    def current(self) -> int:
        """Index of the segment the translator is on (persisted)."""
        raise NotImplementedError

    def set_current(self, index: int) -> None:
        raise NotImplementedError

    def events(self, segment_id: str | None = None) -> Sequence[EditEvent]:
        raise NotImplementedError

    def offers(self, segment_id: str) -> tuple[Hit, ...]:
        """Glossary offers (suggestions and near misses) in the current target."""
        raise NotImplementedError

    def mt_hits(self, segment_id: str) -> tuple[Hit, ...]:
        """Glossary hits and near misses in the raw MT (for highlighting)."""
        raise NotImplementedError

    def figures(self) -> DocumentFigures:
        """Effort figures per segment and for the document (see :mod:`workbench.core.metrics`)."""
        raise NotImplementedError

    def ignored_findings(self) -> dict[tuple[str, str, str], str]:
        """QA findings ignored by the translator: (segment id, check id, matched text) -> reason."""
        raise NotImplementedError

    def ignore_finding(self, segment_id: str, check: str, matched: str, reason: str) -> None:
        raise NotImplementedError

    def render_target(self) -> str:
        """The corrected article text in the original layout."""
        raise NotImplementedError

    # --- changing (each commits before returning) ---------------------------------------
    def set_target(
        self, segment_id: str, text: str, *, origin: str = "typing", keystrokes: int = 0,
        active_ms: int = 0, detail: str = "",
    ) -> SegmentState:
        raise NotImplementedError

    def confirm(self, segment_id: str) -> SegmentState:
        raise NotImplementedError

    def revert(self, segment_id: str) -> SegmentState:
        """Target back to ``pre`` (recorded as a ``revert`` event)."""
        raise NotImplementedError

    def undo(self, segment_id: str) -> SegmentState | None:
        raise NotImplementedError

    def redo(self, segment_id: str) -> SegmentState | None:
        raise NotImplementedError

    def apply_offer(self, segment_id: str, hit: Hit) -> SegmentState:
        raise NotImplementedError

    def replace_all(
        self, find: str, replace: str, *, case_sensitive: bool = False, whole_word: bool = False,
        regex: bool = False,
    ) -> int:
        """Replace in every target; one ``replace-all`` event per changed segment; returns the
        number of segments changed."""
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError

    def __enter__(self) -> Session:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
