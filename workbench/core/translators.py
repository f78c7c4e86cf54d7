"""Effort per translator: who finished which segments (HTER over them), and each one's
keystrokes, typing time and time on segments, from the edit log and the visits.

A segment belongs to the translator who confirmed its final text (the last confirmation in
the edit log), or, not confirmed, who last changed its text; a segment nobody changed is
nobody's. A translator's HTER is corpus-level over their segments (TER edits over the
words of the final targets, as :func:`~workbench.core.metrics.document_figures`).
Keystrokes, typing time and edits are summed over the translator's own edit events, the
time on segments over their own visits, whoever owns the segment.

The name is the ``author`` of each event and visit: a project in a team store records
both; a project file records the events' author only when the editor was given one
(``workbench serve --users``), and no author for visits: a project file with one named
author (or none) has its visits counted for that one translator. ``""`` is a translator
whose name was not recorded (one person's project file, or what a team project's creation
did: a bilingual file's confirmed targets).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from workbench.core.edits import EditEvent
from workbench.core.metrics import DocumentFigures
from workbench.core.model.project import SegmentState, Visit
from workbench.core.ter import ter_score

UNNAMED = "(no name recorded)"  # how a report shows the translator ""

# Changes made for nobody in particular: the glossary fixing the MT when a project is made.
_NOT_A_TRANSLATOR = frozenset({"glossary-auto"})


@dataclass(frozen=True)
class TranslatorFigures:
    """One translator's share of a project (see the module's rules)."""

    author: str  # "" when the name was not recorded
    segments: int  # segments whose final text they confirmed (or last changed)
    words: int  # words of those final targets
    hter: float  # raw MT -> final, over their segments
    hter_pre: float  # MT after the glossary -> final, over their segments
    edits: int  # changes of a text they made
    touched: int  # segments they changed
    keystrokes: int
    typing_seconds: float
    seconds: float  # time on segments, entering to leaving, idle gaps dropped
    visits: int

    @property
    def shown(self) -> str:
        return self.author or UNNAMED


def owners(events: Iterable[EditEvent], segments: Sequence[SegmentState]) -> dict[str, str]:
    """Segment id -> the translator whose final text it holds (see the module's rules);
    segments nobody changed or confirmed are left out."""
    confirmed_by: dict[str, str] = {}
    changed_by: dict[str, str] = {}
    for e in events:
        if e.origin in _NOT_A_TRANSLATOR:
            continue
        if e.before != e.after:
            changed_by[e.segment_id] = e.author
        if e.status_after == "confirmed" and e.status_before != "confirmed":
            confirmed_by[e.segment_id] = e.author
        elif e.status_after == "confirmed" and e.before != e.after:
            confirmed_by[e.segment_id] = e.author  # changed while confirmed: theirs now
    out: dict[str, str] = {}
    for s in segments:
        if s.status == "confirmed" and s.id in confirmed_by:
            out[s.id] = confirmed_by[s.id]
        elif s.id in changed_by:
            out[s.id] = changed_by[s.id]
    return out


@dataclass(frozen=True)
class TranslatorLog:
    """What the figures per translator need of the edit log, read in one pass (so the
    log need not be held while the figures are computed): who owns each segment
    (:func:`owners`), the named authors, and per author the changes of a text, the
    segments changed, keystrokes and typing milliseconds."""

    owners: dict[str, str]
    named: frozenset[str]
    edits: dict[str, int]
    touched: dict[str, frozenset[str]]
    keystrokes: dict[str, int]
    typing_ms: dict[str, int]
    keyed: frozenset[str]  # authors with events that carry keystrokes or typing time


def translator_log(events: Iterable[EditEvent], segments: Sequence[SegmentState]) -> TranslatorLog:
    """The edit log's share of :func:`translator_figures` (see :class:`TranslatorLog`)."""
    events = events if isinstance(events, Sequence) else tuple(events)
    named = frozenset(e.author for e in events if e.author)
    edits: dict[str, int] = {}
    touched: dict[str, set[str]] = {}
    keys: dict[str, int] = {}
    typing_ms: dict[str, int] = {}
    for e in events:
        if e.origin in _NOT_A_TRANSLATOR:
            continue
        if e.before != e.after:
            edits[e.author] = edits.get(e.author, 0) + 1
            touched.setdefault(e.author, set()).add(e.segment_id)
        if e.keystrokes or e.active_ms:
            keys[e.author] = keys.get(e.author, 0) + e.keystrokes
            typing_ms[e.author] = typing_ms.get(e.author, 0) + e.active_ms
    return TranslatorLog(
        owners=owners(events, segments),
        named=named,
        edits=edits,
        touched={a: frozenset(t) for a, t in touched.items()},
        keystrokes=keys,
        typing_ms=typing_ms,
        keyed=frozenset(keys),
    )


def translator_figures(
    figures: DocumentFigures,
    segments: Sequence[SegmentState],
    events: Sequence[EditEvent],
    visits: Sequence[Visit],
) -> tuple[TranslatorFigures, ...]:
    """Per translator, most words finished first (then by name)."""
    return figures_per_translator(translator_log(events, segments), figures, visits)


def figures_per_translator(
    log: TranslatorLog, figures: DocumentFigures, visits: Sequence[Visit]
) -> tuple[TranslatorFigures, ...]:
    """:func:`translator_figures` from the edit log's share read before
    (:func:`translator_log`)."""
    visit_default = next(iter(log.named)) if len(log.named) == 1 else ""
    by_id = {f.segment_id: f for f in figures.segments}
    acc: dict[str, dict[str, float]] = {}

    def row(author: str) -> dict[str, float]:
        return acc.setdefault(
            author,
            dict.fromkeys(
                ("segments", "words", "edits_mt", "edits_pre", "edits", "keys", "typing_ms",
                 "time_ms", "visits"),
                0.0,
            ),
        )  # fmt: skip

    for sid, author in log.owners.items():
        fig = by_id.get(sid)
        if fig is None:
            continue
        r = row(author)
        r["segments"] += 1
        r["words"] += fig.ref_words
        r["edits_mt"] += fig.edits
        r["edits_pre"] += fig.edits_pre
    for author, count in log.edits.items():
        row(author)["edits"] += count
    for author in log.keyed:
        r = row(author)
        r["keys"] += log.keystrokes[author]
        r["typing_ms"] += log.typing_ms[author]
    for v in visits:
        r = row(v.author or visit_default)
        r["time_ms"] += v.active_ms
        r["visits"] += 1
    out = [
        TranslatorFigures(
            author=author,
            segments=int(r["segments"]),
            words=int(r["words"]),
            hter=ter_score(r["edits_mt"], int(r["words"])),
            hter_pre=ter_score(r["edits_pre"], int(r["words"])),
            edits=int(r["edits"]),
            touched=len(log.touched.get(author, ())),
            keystrokes=int(r["keys"]),
            typing_seconds=r["typing_ms"] / 1000,
            seconds=r["time_ms"] / 1000,
            visits=int(r["visits"]),
        )
        for author, r in acc.items()
    ]
    return tuple(sorted(out, key=lambda t: (-t.words, -t.keystrokes, t.author)))
