"""The editing facade: what the editor (and ``record``) does with an open project beyond one
:class:`~workbench.core.session.Session` call.

:class:`Editing` holds the session, the post-edit memory attached to it and the settings
read once at start. It confirms (confirm, remember, propagate), reloads the glossary after
the translator or the glossary screen changed it, looks up memory matches, and closes what
it holds. The TUI keeps the layout and the keys; the rules of what a confirm does live here,
so a command, the browser and the terminal editor confirm the same way.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from workbench.core.config import Config
from workbench.core.errors import WorkbenchError
from workbench.core.glossary.engine import GlossaryEngine
from workbench.core.glossary.load import engine_for
from workbench.core.memory import (
    Memory,
    MemoryMatch,
    complete_from_project,
    memory_matches,
    remember_confirmed,
)
from workbench.core.model.project import SegmentState
from workbench.core.session import Session

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Confirmation:
    """What confirming did: the segment's new state, whether it went into the memory, and
    the ids of the repetitions that received its target."""

    state: SegmentState
    remembered: bool
    propagated: tuple[str, ...]


class Editing:
    """One open project as the editor works on it: the session, its memory (or none) and
    the settings. Closing it closes both."""

    def __init__(
        self, session: Session, *, memory: Memory | None = None, config: Config | None = None
    ) -> None:
        self.session = session
        self.memory = memory
        self.config = config if config is not None else Config()
        self._complete_memory()

    # --- confirming --------------------------------------------------------------------------
    def confirm(self, segment_id: str, *, propagate: bool | None = None) -> Confirmation:
        """Confirm the segment (saved), put it into the memory (when one is open for
        writing), then, with ``propagate`` (default: the settings' ``auto_propagate``), give
        its target to every other unconfirmed segment with the same MT (``propagation``
        edits, undoable per segment). A memory that cannot be written raises
        :class:`~workbench.core.errors.MemoryFileError` after the confirmation is saved; an
        empty target is refused (:meth:`refusal`: ``WorkbenchError``, nothing saved)."""
        spread = self.config.auto_propagate if propagate is None else propagate
        refusal = self.refusal(segment_id)
        if refusal is not None:
            raise WorkbenchError(refusal)
        state = self.session.confirm(segment_id)
        propagated = tuple(self.session.propagate(segment_id)) if spread else ()
        remembered = False
        if self.memory is not None and not self.memory.read_only:
            result = remember_confirmed(self.session, self.memory, [segment_id])
            remembered = result.added + result.updated + result.unchanged > 0
        return Confirmation(state, remembered, propagated)

    def refusal(self, segment_id: str) -> str | None:
        """Why the segment cannot be confirmed, or None: an empty target where there is
        something to translate would become an empty final text (in the file written back,
        the memory, the exports), so it is refused; confirm the segment once it has a
        translation. (A segment with nothing to translate may stay empty.)"""
        state = self.session.segment(segment_id)
        if state.status == "confirmed" or state.target.strip():
            return None
        if not state.mt.strip() and not (state.source or "").strip():
            return None
        return f"{segment_id}: not confirmed: the target is empty (type the translation first)"

    # --- the memory ----------------------------------------------------------------------------
    def matches(self, index: int) -> tuple[MemoryMatch, ...]:
        """The memory's offers for segment ``index`` (none without a memory)."""
        if self.memory is None:
            return ()
        return memory_matches(self.session, index, self.memory)

    def attach_memory(self, memory: Memory | None) -> None:
        """Use ``memory`` from now on (closing the one held before, if another)."""
        if self.memory is not None and self.memory is not memory:
            self.memory.close()
        self.memory = memory
        self._complete_memory()

    def _complete_memory(self) -> None:
        """Give the memory the confirmed segments of this project it lacks: a crash
        between a confirmation's project commit and its memory commit (or a memory that
        could not be written then) left them out. Cheap when none is missing; never stops
        an opening."""
        if self.memory is not None and not self.session.read_only:
            result = complete_from_project(self.session, self.memory)
            if result.added or result.updated:
                log.info(
                    "memory completed: %d confirmed segments added, %d updated",
                    result.added,
                    result.updated,
                )

    # --- the glossary --------------------------------------------------------------------------
    def reload_glossary(self, paths: Sequence[str | Path] | None = None) -> GlossaryEngine:
        """Read the glossary files again (``paths``, default the project's) and use the new
        engine for offers, hits and QA; a file that no longer loads raises its one-line
        error and the engine in use stays."""
        chosen = list(self.session.glossary_paths) if paths is None else [str(p) for p in paths]
        engine = engine_for(chosen)
        self.session.engine = engine
        log.info("glossary reloaded: %d entries from %s", len(engine.entries), chosen)
        return engine

    # --- closing -------------------------------------------------------------------------------
    def close(self) -> None:
        try:
            self.session.close()
        finally:
            if self.memory is not None:
                self.memory.close()
                self.memory = None

    def __enter__(self) -> Editing:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
