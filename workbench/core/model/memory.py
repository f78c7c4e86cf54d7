"""The records of the post-edit memory: units, what is written and read back, and what a
lookup answers (a match, a concordance hit). Data only."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from workbench.core.edits import DiffChunk
from workbench.core.inline_codes import InlineCode

Basis = Literal["mt", "source"]
MatchKind = Literal["context", "exact", "fuzzy"]
Field = Literal["mt", "source", "target"]


@dataclass(frozen=True)
class MemoryUnit:
    """One unit of the post-edit memory: the raw MT and the final target a translator made of
    it (``mt`` is ``None`` for a unit imported from a translation memory that never had one),
    the source when known, languages, where it came from and who made it when.

    ``origin`` says how it got in: ``confirmed`` (a segment confirmed in a workbench project,
    or imported from one) or the name of the format it was imported from (``tmx``,
    ``xliff``...). Its texts hold inline codes as tag tokens (``⟨1⟩``); ``codes`` are those
    codes as the file had them (their native XML, in the format ``code_format``), so an
    export in that format writes them back as they were."""

    source: str | None
    mt: str | None
    target: str
    source_lang: str = ""
    target_lang: str = ""
    project: str = ""
    article: str = ""
    segment_id: str = ""
    who: str = ""
    when: float = 0.0
    origin: str = "confirmed"
    codes: tuple[InlineCode, ...] = ()
    code_format: str = ""


@dataclass(frozen=True)
class MemoryRecord:
    """A unit to write, with what the memory's rules derived from it: its identity ``key``
    (a re-confirmed segment has the same key, so it is updated, not added), the normalised
    texts matched on (``mt_norm``: the MT, or the target when there is no MT) and their
    hashes, the hashes of its neighbours (for in-context matches) and its index features."""

    unit: MemoryUnit
    key: str
    mt_norm: str
    src_norm: str | None
    mt_hash: int
    src_hash: int | None
    ctx_mt: int | None
    ctx_src: int | None
    features: tuple[int, ...]


@dataclass(frozen=True)
class StoredUnit:
    """A unit as the memory holds it."""

    id: int
    unit: MemoryUnit
    mt_norm: str
    src_norm: str | None
    ctx_mt: int | None
    ctx_src: int | None


@dataclass(frozen=True)
class MatchKey:
    """What a fuzzy lookup keeps in memory for each unit: the normalised texts it is scored
    on and its languages (for the language filter)."""

    id: int
    mt_norm: str
    src_norm: str | None
    source_lang: str
    target_lang: str


@dataclass(frozen=True)
class MatchTexts:
    """The normalised texts of many units, as columns (``ids[i]`` has ``mt_norm[i]``)."""

    ids: tuple[int, ...]
    mt_norm: tuple[str, ...]
    src_norm: tuple[str | None, ...]


@dataclass(frozen=True)
class IndexReads:
    """What one fuzzy lookup reads of the index, read at once (a server: one round trip):
    the highest unit id, per side (``m``, ``s``) the document frequency of each of the
    query's terms and the postings of those chosen (rarest first, ``(df, term)`` order,
    up to the budget; at least one), the ids of the units with the query's hashes, and the
    texts of the units added since the caller's last read (its warm texts kept up to date in
    the same round trip)."""

    max_id: int
    df: dict[str, dict[int, int]]
    postings: dict[str, list[tuple[int, bytes]]]
    exact: tuple[int, ...]
    # the texts of the units added after the id the caller already holds (None: not asked)
    added: MatchTexts | None = None


@dataclass(frozen=True)
class AddResult:
    added: int
    updated: int
    unchanged: int


@dataclass(frozen=True)
class MemoryCounts:
    """Figures for ``workbench memory stats``."""

    units: int
    by_origin: tuple[tuple[str, int], ...]
    by_languages: tuple[tuple[str, str, int], ...]
    by_who: tuple[tuple[str, int], ...]
    projects: int
    first: float | None
    last: float | None
    terms: int
    postings: int


@dataclass(frozen=True)
class MemoryMatch:
    """One offer from the memory for the current segment.

    ``score`` is ``fuzz.ratio`` of the normalised texts compared (``basis``: the MT, or the
    source when both have one) with their inline codes taken out, less ``code_penalty``
    points for the codes that differ (:mod:`workbench.core.memory.codes`). ``mt`` and
    ``target`` are the earlier raw MT (``None`` when the unit came from a translation memory
    without one) and the earlier final text; ``diff`` is the word diff from the earlier MT
    (its target when it has no MT) to the current MT: what changed since
    (``DiffChunk.removed``: earlier words, ``added``: current words)."""

    unit_id: int
    score: float
    exact: bool
    in_context: bool
    basis: Basis
    mt: str | None
    target: str
    source: str | None
    origin: str
    who: str
    when: float
    project: str
    article: str
    segment_id: str
    diff: tuple[DiffChunk, ...]
    code_penalty: float = 0.0

    @property
    def kind(self) -> MatchKind:
        return "context" if self.in_context else "exact" if self.exact else "fuzzy"


@dataclass(frozen=True)
class ConcordanceHit:
    """A unit containing the searched words, with the spans to mark in each of its texts
    (``(start, end)`` character offsets in ``mt``, ``source`` and ``target``)."""

    unit_id: int
    mt: str | None
    source: str | None
    target: str
    origin: str
    who: str
    when: float
    project: str
    article: str
    segment_id: str
    spans: tuple[tuple[Field, int, int], ...]
