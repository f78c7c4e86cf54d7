"""The records of a project: segments as stored, changes, effort, visits. Data only."""

from __future__ import annotations

from collections.abc import Callable, Mapping, MutableSequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from workbench.core.document import Document
from workbench.core.edits import Origin, Status
from workbench.core.inline_codes import InlineCode
from workbench.core.provenance import Provenance

HistoryStep = Literal["push", "undo", "redo", "none"]
# (segment id, check id, matched text) -> the reason the translator gave
IgnoredFindings = Mapping[tuple[str, str, str], str]


@dataclass(frozen=True)
class SegmentState:
    """A segment as the project holds it now: raw MT, ``pre`` (the MT after automatic
    glossary fixes), the current target and status."""

    id: str
    index: int
    paragraph: int
    source: str | None
    mt: str
    pre: str
    target: str
    status: Status
    note: str = ""
    codes: tuple[InlineCode, ...] = ()  # what the placeholders in its texts stand for
    mt_origin: Provenance = ""  # what ``mt`` is (machine translation, a file's target)
    target_origin: Provenance = ""  # where the target came from (``""``: not known)


@dataclass(frozen=True)
class StoredSegment:
    """A segment row: its state and its position in its undo history."""

    state: SegmentState
    hist_pos: int


@dataclass(frozen=True)
class OpenedProject:
    """What opening a project reads: every segment's state (a store may make them as they
    are first read), their positions in their undo histories, the index of each segment id,
    and the document, made when first asked for from rows already read (``document`` never
    reads the database: a worker thread may call it)."""

    states: MutableSequence[SegmentState]
    hist_pos: list[int]
    index: dict[str, int]
    document: Callable[[], Document]
    token: str = ""  # the store's mark of the project these were read from ("": none)


@dataclass(frozen=True)
class CreationStep:
    """A change made while a project is created: an automatic glossary fix (``detail``: the
    entry key) or a target carried by a bilingual file (``import``)."""

    origin: Origin
    detail: str
    after: str


@dataclass(frozen=True)
class Change:
    """One change to one segment's target and/or status, with the effort that went into it.

    ``history`` says what happens to the segment's undo history: ``push`` a new text at
    ``hist_pos`` (dropping any redo branch beyond it), ``undo``/``redo`` move to ``hist_pos``,
    ``none`` leaves it (status changes, effort without a change of text)."""

    segment_id: str
    origin: Origin
    before: str
    after: str
    status_before: Status
    status_after: Status
    history: HistoryStep
    hist_pos: int
    detail: str = ""
    keystrokes: int = 0
    active_ms: int = 0
    author: str = ""  # who made it (a ``workbench serve`` user); "" when not known
    target_origin: Provenance = ""  # where ``after`` came from (:mod:`~workbench.core.provenance`)


@dataclass(frozen=True)
class Effort:
    """Translator effort recorded for one segment, summed over its events."""

    keystrokes: int = 0
    active_ms: int = 0


@dataclass(frozen=True)
class ProjectInfo:
    """What a project knows about where it came from."""

    article: Path | None
    article_sha256: str | None
    glossaries: tuple[str, ...]


@dataclass(frozen=True)
class Visit:
    """The translator's time on one segment, from entering it to leaving it: ``active_ms``
    leaves out idle gaps over the pause threshold; ``first_edit_ms`` is the time from
    entering to the first change (None when nothing was changed)."""

    segment_id: str
    started: float
    ended: float
    active_ms: int
    first_edit_ms: int | None = None
    author: str = ""  # who (a team store records it; a project file does not)
