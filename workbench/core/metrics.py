"""Effort figures: HTER, character distance, keystrokes, typing time, time on segment.

HTER is TER (TERCOM-equal, see :mod:`workbench.core.ter`) of the raw MT against the final
target, inline codes left out; ``hter_pre`` the same from ``pre`` (the MT after automatic
glossary fixes), i.e. the effort left to the translator after the glossary. Document
figures are corpus-level: total edits over total reference words.

Time, as PET and CasMaCat measure it: the editor keeps a :class:`VisitClock` per visit of a
segment (entering to leaving; any action counts) and an :class:`ActiveTimer` of keystrokes
(typing time). A gap longer than the pause threshold (default 30 s; ``pause_seconds`` in
the settings or ``WORKBENCH_PAUSE_SECONDS``) is not counted by either.

Who did the work: :func:`effort_split` shares HTER out between the glossary, the memory, the
translator and the reviewer (``workbench stats``).
"""

from __future__ import annotations

import hashlib
import json
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from rapidfuzz.distance import Levenshtein

from workbench.core.edits import EditEvent
from workbench.core.inline_codes import strip_codes
from workbench.core.memo import TextMemo, code_digest
from workbench.core.model.project import Effort, Visit
from workbench.core.ter import ter, ter_score


@dataclass(frozen=True, slots=True)
class SegmentEffort:
    """What the translator spent on one segment.

    ``time_ms`` is the time on the segment as PET and CasMaCat measure it: from entering the
    segment to leaving it, over all visits, without idle gaps over the pause threshold
    (reading, moving, selecting and glossary actions count, not only keystrokes).
    ``typing_ms`` is the time between keystrokes (idle gaps dropped too), from the edit log.
    ``first_edit_ms`` is the time from entering to the first change, in the visit where the
    first change happened (None: never changed in the editor)."""

    keystrokes: int = 0
    typing_ms: int = 0
    time_ms: int = 0
    visits: int = 0
    first_edit_ms: int | None = None


def segment_efforts(
    events: Mapping[str, Effort], visits: Iterable[Visit]
) -> dict[str, SegmentEffort]:
    """Per segment: keystrokes and typing time from the edit log's sums, time on the segment,
    visits and first-edit delay from the recorded visits (oldest first)."""
    time_ms: dict[str, int] = {}
    count: dict[str, int] = {}
    first_edit: dict[str, int] = {}
    for v in visits:
        time_ms[v.segment_id] = time_ms.get(v.segment_id, 0) + v.active_ms
        count[v.segment_id] = count.get(v.segment_id, 0) + 1
        if v.first_edit_ms is not None:
            first_edit.setdefault(v.segment_id, v.first_edit_ms)
    out: dict[str, SegmentEffort] = {}
    for sid in set(events) | set(time_ms):
        e = events.get(sid, Effort())
        out[sid] = SegmentEffort(
            keystrokes=e.keystrokes,
            typing_ms=e.active_ms,
            time_ms=time_ms.get(sid, 0),
            visits=count.get(sid, 0),
            first_edit_ms=first_edit.get(sid),
        )
    return out


@dataclass(frozen=True, slots=True)
class SegmentFigures:
    """Effort on one segment. HTER = TER edits / reference (final target) words, TERCOM-equal.

    ``seconds`` is the time on the segment (see :class:`SegmentEffort`), ``active_seconds``
    the typing time; ``seconds_per_word`` is ``seconds`` over the final target's words."""

    segment_id: str
    hter: float  # raw MT -> final target
    hter_pre: float  # pre (MT after glossary) -> final target: effort beyond the glossary
    edits: float  # TER edits MT -> final
    ref_words: int  # words in the final target
    char_distance: int  # Levenshtein distance MT -> final, in characters
    keystrokes: int = 0
    active_seconds: float = 0.0  # typing time: pauses over the threshold not counted
    seconds_per_word: float = 0.0
    edits_pre: float = 0.0
    seconds: float = 0.0  # time on the segment, entering to leaving, idle gaps dropped
    visits: int = 0
    first_edit_seconds: float | None = None


@dataclass(frozen=True)
class DocumentFigures:
    """Totals: HTER figures are corpus-level (sum of edits / sum of reference words)."""

    segments: tuple[SegmentFigures, ...]
    hter: float
    hter_pre: float
    char_distance: int
    keystrokes: int
    active_seconds: float
    words: int
    seconds_per_word: float
    confirmed: int
    total: int
    seconds: float = 0.0
    visits: int = 0


class ActiveTimer:
    """Accumulates active editing time from event times; pauses over the threshold are
    dropped. ``tick(now)`` returns the milliseconds added since the previous tick."""

    def __init__(self, threshold: float) -> None:
        self.threshold = threshold
        self._last: float | None = None
        self.total_ms = 0

    def tick(self, now: float) -> int:
        added = 0
        if self._last is not None:
            gap = now - self._last
            if 0 < gap <= self.threshold:
                added = round(gap * 1000)
        self._last = now
        self.total_ms += added
        return added

    def take(self) -> int:
        """The milliseconds accumulated since the last ``take`` (and reset)."""
        ms, self.total_ms = self.total_ms, 0
        return ms


class VisitClock:
    """Time on one segment as PET measures it: from entering to leaving, idle gaps over the
    threshold dropped. Call :meth:`activity` for anything the translator does (a key, a
    click, a move, a glossary action) and :meth:`edit` when the text changes; times are
    seconds since the epoch (any clock the caller chooses, e.g. a fake one in tests)."""

    def __init__(self, segment_id: str, now: float, threshold: float) -> None:
        self.segment_id = segment_id
        self.threshold = threshold
        self.started = now
        self._last = now
        self.active_ms = 0
        self.first_edit_ms: int | None = None

    def activity(self, now: float) -> None:
        gap = now - self._last
        if 0 < gap <= self.threshold:
            self.active_ms += round(gap * 1000)
        self._last = max(self._last, now)

    def edit(self, now: float) -> None:
        self.activity(now)
        if self.first_edit_ms is None:
            self.first_edit_ms = round((now - self.started) * 1000)

    def visit(self) -> Visit:
        """The visit so far (ended at the last activity)."""
        return Visit(self.segment_id, self.started, self._last, self.active_ms, self.first_edit_ms)


@dataclass(frozen=True, slots=True)
class TextFigures:
    """What of a segment's figures its three texts alone decide (the TER work)."""

    edits: float  # TER edits MT -> final
    ref_words: int  # words in the final target
    edits_pre: float  # TER edits pre -> final
    char_distance: int  # Levenshtein distance MT -> final, in characters


def text_figures(mt: str, pre: str, target: str) -> TextFigures:
    """TER from the MT and from ``pre`` and the character distance, inline codes left out."""
    mt, pre, target = strip_codes(mt), strip_codes(pre), strip_codes(target)
    result = ter(mt, target)
    edits_pre = result.edits if pre == mt else ter(pre, target).edits  # no glossary change
    return TextFigures(
        edits=result.edits,
        ref_words=result.ref_words,
        edits_pre=edits_pre,
        char_distance=Levenshtein.distance(mt, target),
    )


# What text figures depend on: this module and the TER below it, and the libraries they use.
_FIGURES_CODE = (("core/metrics.py", "core/ter.py", "core/inline_codes.py"), ("rapidfuzz",))
_FIGURES_FORMAT = b"workbench text figures 1\0"


Texts = tuple[str, str, str]  # (mt, pre, target)
FiguresSpread = Callable[
    [Callable[[None, Sequence[Texts]], list[TextFigures]], None, Iterator[Sequence[Texts]]],
    Iterator[list[TextFigures]],
]
"""How batches of texts get their figures: ``spread(text_figures_batch, None, batches)``
gives each batch's result in the order of the batches (it may compute some ahead, e.g. in
other processes; it reads the batches one after the other, as it needs them)."""


def text_figures_batch(_: None, texts: Sequence[Texts]) -> list[TextFigures]:
    """:func:`text_figures` of each (mt, pre, target) (a module-level function: a worker
    process calls it by name)."""
    return [text_figures(*t) for t in texts]


def text_figures_many(texts: Sequence[Texts], memo: TextMemo | None = None) -> list[TextFigures]:
    """:func:`text_figures` of each (mt, pre, target), those computed before (same texts,
    same code) taken from ``memo`` if given and the others remembered there."""
    return next(text_figures_stream([texts], memo), [])


def text_figures_stream(
    batches: Iterable[Sequence[Texts]],
    memo: TextMemo | None = None,
    spread: FiguresSpread | None = None,
) -> Iterator[list[TextFigures]]:
    """:func:`text_figures_many` of each batch, in order; the batches still to compute
    handed to ``spread`` (default: computed here, one after the other)."""
    shared = _FIGURES_FORMAT + code_digest(*_FIGURES_CODE) if memo is not None else b""
    pending: deque[tuple[list[TextFigures | None], list[bytes], list[int]]] = deque()

    def to_compute() -> Iterator[Sequence[Texts]]:
        for texts in batches:
            if memo is None:
                pending.append(([None] * len(texts), [], list(range(len(texts)))))
                yield texts
                continue
            keys = [
                hashlib.blake2b(
                    shared + "\0".join(t).encode("utf-8", "surrogatepass"), digest_size=16
                ).digest()
                for t in texts
            ]
            known = memo.lookup(keys)
            stored = iter(json.loads("[" + ",".join(known[k] for k in keys if k in known) + "]"))
            found: list[TextFigures | None] = [
                TextFigures(*next(stored)) if k in known else None for k in keys
            ]
            fresh = [i for i, f in enumerate(found) if f is None]
            pending.append((found, keys, fresh))
            yield [texts[i] for i in fresh]

    compute = spread or _here
    for made in compute(text_figures_batch, None, to_compute()):
        found, keys, fresh = pending.popleft()
        for i, figures in zip(fresh, made, strict=True):
            found[i] = figures
        if memo is not None and fresh:
            memo.store(
                [
                    (keys[i], json.dumps([m.edits, m.ref_words, m.edits_pre, m.char_distance]))
                    for i, m in zip(fresh, made, strict=True)
                ]
            )
        yield [f for f in found if f is not None]


def _here(
    function: Callable[[None, Sequence[Texts]], list[TextFigures]],
    context: None,
    batches: Iterator[Sequence[Texts]],
) -> Iterator[list[TextFigures]]:
    return (function(context, texts) for texts in batches)


def segment_figures(
    segment_id: str,
    mt: str,
    pre: str,
    target: str,
    effort: SegmentEffort | None = None,
    *,
    texts: TextFigures | None = None,
) -> SegmentFigures:
    """Effort on one segment. Inline codes are not words: they are left out of every text
    before TER and the character distance (moving or deleting a tag is not an edit here).
    ``texts``: the :func:`text_figures` of the three texts, when computed already."""
    t = texts if texts is not None else text_figures(mt, pre, target)
    e = effort or SegmentEffort()
    words = len(strip_codes(target).split())
    seconds = e.time_ms / 1000
    return SegmentFigures(
        segment_id=segment_id,
        hter=ter_score(t.edits, t.ref_words),
        hter_pre=ter_score(t.edits_pre, t.ref_words),
        edits=t.edits,
        ref_words=t.ref_words,
        char_distance=t.char_distance,
        keystrokes=e.keystrokes,
        active_seconds=e.typing_ms / 1000,
        seconds_per_word=seconds / words if words else 0.0,
        edits_pre=t.edits_pre,
        seconds=seconds,
        visits=e.visits,
        first_edit_seconds=None if e.first_edit_ms is None else e.first_edit_ms / 1000,
    )


def document_figures(
    segments: Sequence[SegmentFigures], *, confirmed: int, total: int
) -> DocumentFigures:
    words = sum(s.ref_words for s in segments)
    seconds = sum(s.seconds for s in segments)
    return DocumentFigures(
        segments=tuple(segments),
        hter=ter_score(sum(s.edits for s in segments), words),
        hter_pre=ter_score(sum(s.edits_pre for s in segments), words),
        char_distance=sum(s.char_distance for s in segments),
        keystrokes=sum(s.keystrokes for s in segments),
        active_seconds=sum(s.active_seconds for s in segments),
        words=words,
        seconds_per_word=seconds / words if words else 0.0,
        confirmed=confirmed,
        total=total,
        seconds=seconds,
        visits=sum(s.visits for s in segments),
    )


# --- who did the work: glossary, memory, translator --------------------------------------------
EffortSource = Literal["glossary", "memory", "translator", "reviewer"]
SOURCES: tuple[EffortSource, ...] = ("glossary", "memory", "translator", "reviewer")
SOURCE_OF: dict[str, EffortSource] = {
    "glossary-auto": "glossary",
    "glossary-suggestion": "glossary",
    "memory": "memory",
    "propagation": "memory",
    "typing": "translator",
    "replace-all": "translator",
    "revert": "translator",
    "import": "translator",
    "review": "reviewer",
}


@dataclass(frozen=True)
class SegmentSplit:
    """A segment's TER edits (raw MT -> final) shared out by who made the changes."""

    segment_id: str
    glossary: float
    memory: float
    translator: float
    reviewer: float = 0.0


@dataclass(frozen=True)
class EffortSplit:
    """Document HTER split into the work of the glossary, the memory, the translator and
    the reviewer: ``hter_glossary + hter_memory + hter_translator + hter_reviewer == hter``.

    Each segment's TER edits are shared in proportion to the words the changes still in
    effect changed (the word operations of each edit event; an undone edit no longer
    counts, a redone one counts again). Glossary: ``glossary-auto`` and
    ``glossary-suggestion``; memory: ``memory`` and ``propagation``; translator: typing,
    replace-all, revert and imported post-edits; reviewer: ``review`` (the corrections made
    in ``workbench review``)."""

    hter_glossary: float
    hter_memory: float
    hter_translator: float
    segments: tuple[SegmentSplit, ...]
    hter_reviewer: float = 0.0


def _words_changed(event: EditEvent) -> int:
    return sum(max(op.a_end - op.a_start, op.b_end - op.b_start) for op in event.ops)


def _shares(events: Iterable[EditEvent]) -> dict[str, dict[EffortSource, int]]:
    """Per segment, the words changed by each source, counting only changes in effect."""
    stacks: dict[str, list[tuple[EffortSource, int]]] = {}
    positions: dict[str, int] = {}
    for event in events:
        stack = stacks.setdefault(event.segment_id, [])
        pos = positions.get(event.segment_id, 0)
        if event.origin == "undo":
            pos = max(0, pos - 1)
        elif event.origin == "redo":
            pos = min(len(stack), pos + 1)
        elif event.before != event.after and event.origin in SOURCE_OF:
            del stack[pos:]
            stack.append((SOURCE_OF[event.origin], _words_changed(event)))
            pos += 1
        positions[event.segment_id] = pos
    out: dict[str, dict[EffortSource, int]] = {}
    for sid, stack in stacks.items():
        totals: dict[EffortSource, int] = dict.fromkeys(SOURCES, 0)
        for source, words in stack[: positions[sid]]:
            totals[source] += words
        out[sid] = totals
    return out


def effort_split(figures: DocumentFigures, events: Iterable[EditEvent]) -> EffortSplit:
    """Split the document's HTER by who made the changes (see :class:`EffortSplit`)."""
    shares = _shares(events)
    segments = []
    for fig in figures.segments:
        share = shares.get(fig.segment_id, {})
        total = sum(share.values())
        if total == 0:  # no recorded change explains the edits: the translator's
            parts = {"glossary": 0.0, "memory": 0.0, "translator": fig.edits, "reviewer": 0.0}
        else:
            parts = {k: fig.edits * share.get(k, 0) / total for k in SOURCES}
        segments.append(
            SegmentSplit(
                fig.segment_id,
                parts["glossary"],
                parts["memory"],
                parts["translator"],
                parts["reviewer"],
            )
        )
    all_edits = sum(fig.edits for fig in figures.segments)

    def part(name: str) -> float:
        edits = sum(float(getattr(s, name)) for s in segments)
        return figures.hter * edits / all_edits if all_edits else 0.0

    return EffortSplit(
        hter_glossary=part("glossary"),
        hter_memory=part("memory"),
        hter_translator=part("translator"),
        segments=tuple(segments),
        hter_reviewer=part("reviewer"),
    )
