"""The Session: an open project and the domain rules of post-editing it.

The TUI and every command work on a project through a Session. Every mutating call is one
transaction in the :mod:`project store <workbench.core.storage.project_store>`, committed
(``synchronous=FULL``) before it returns: when a caller says "saved", it is on disk.

The rules kept here:

* **Statuses:** ``new`` until the target changes (then ``draft``); ``confirmed`` by
  :meth:`Session.confirm`; changing a confirmed target makes it ``draft`` again.
* **Undo/redo** is per segment and survives reopening: each segment keeps the texts it has
  had (its history) and a position in it; a change after an undo drops the redo branch.
* **What an edit is:** a change of target text, with its origin (``typing``,
  ``glossary-suggestion``, ``replace-all``, ``revert``, ``undo``...), the translator effort
  measured for it, and a status change when there is one. Effort without a change of text
  (typed, then deleted) is recorded too, without an undo step.

Opening: :meth:`Session.create` makes a project from a document, :meth:`Session.open_project`
opens one. Making a project from a *file* (reading the article, pairing a source, finding
the project of an article) is :mod:`workbench.app`'s job.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Mapping, MutableSequence, Sequence
from dataclasses import replace as evolve
from pathlib import Path

from workbench.core.document import Document, Segment
from workbench.core.edits import EditEvent, Origin, Status
from workbench.core.errors import ProjectError, WorkbenchError
from workbench.core.glossary.engine import GlossaryEngine, Hit, apply_hit
from workbench.core.glossary.load import engine_for
from workbench.core.inline_codes import parse_display
from workbench.core.memo import TextMemo
from workbench.core.metrics import (
    DocumentFigures,
    EffortSplit,
    FiguresSpread,
    SegmentEffort,
    SegmentFigures,
    document_figures,
    effort_split,
    segment_efforts,
    segment_figures,
    text_figures_stream,
)
from workbench.core.model.memory import MemoryMatch
from workbench.core.model.project import (
    Change,
    CreationStep,
    HistoryStep,
    IgnoredFindings,
    OpenedProject,
    SegmentState,
    Visit,
)
from workbench.core.provenance import Provenance, after_edit
from workbench.core.storage import backends
from workbench.core.storage.protocols import ProjectStorage, TeamStorage
from workbench.core.text_search import SearchSpec, replacement_plan
from workbench.core.translators import (
    TranslatorFigures,
    TranslatorLog,
    figures_per_translator,
    translator_log,
)

_FIGURES_BATCH = 2_000  # segments whose TER is looked up in a memo together


class Session:
    """An open project. Use :meth:`open_project`; close with :meth:`close` or as a context
    manager."""

    def __init__(
        self,
        store: ProjectStorage,
        engine: GlossaryEngine,
        read_only: bool,
        created: OpenedProject | None = None,
    ) -> None:
        self._store = store
        self.project_path = store.path
        self.engine = engine
        self.read_only = read_only
        info = store.info()
        self.article_path = info.article
        self.article_sha256 = info.article_sha256
        self.glossary_paths: tuple[str, ...] = info.glossaries
        opened = store.opened(created)  # states made when first read, the document when asked
        self._document: Document | None = None
        self._make_document: Callable[[], Document] | None = opened.document
        self._states: MutableSequence[SegmentState] = opened.states
        self._hist_pos: list[int] = opened.hist_pos
        self._index = opened.index
        self._current = min(store.current(), max(0, len(self._states) - 1))
        self._figures: dict[str, tuple[tuple[str, SegmentEffort], SegmentFigures]] = {}
        self._ignored: dict[tuple[str, str, str], str] = store.ignored_findings()
        self.author = ""  # recorded with every change (the ``workbench serve`` user)

    # --- creating and opening ----------------------------------------------------------------
    @staticmethod
    def create(
        project: Path | str,
        document: Document,
        engine: GlossaryEngine,
        *,
        article: Path | None = None,
        article_sha256: str = "",
        glossaries: Sequence[str] = (),
    ) -> OpenedProject | None:
        """Make a new project for ``document``: every segment pre-edited with the engine's
        automatic fixes (each fix its own ``glossary-auto`` event and undo step), and a
        target a bilingual file carried recorded as an ``import`` edit. Returns what
        opening it would read (for :meth:`open_project`'s ``created``), when the store can
        tell without reading it back."""
        meta = {
            "article": str(article.resolve()) if article is not None else "",
            "article_sha256": article_sha256,
            "glossaries": json.dumps(list(glossaries)),
            "created": f"{time.time():.3f}",
        }
        fixes: dict[str, tuple[CreationStep, ...]] = {}  # a repeated text is fixed once
        steps = [creation_steps(engine, seg, fixes) for seg in document.segments]
        return backends.create_project(project, document, meta, steps, time.time())

    @classmethod
    def open_project(
        cls,
        project: Path | str,
        *,
        read_only: bool = False,
        engine: GlossaryEngine | None = None,
        author: str | None = None,
        created: OpenedProject | None = None,
    ) -> Session:
        """Open an existing project file, with ``engine`` or else the glossaries the project
        was last used with (those that still exist). ``author`` (a team store): who the
        edits, leases and undo steps are recorded for (default: the settings' user).
        ``created``: what :meth:`create` returned, used instead of reading the segments
        again if the project is still as it was made."""
        store = backends.open_project(
            project if backends.is_server(project) else Path(project),
            read_only=read_only,
            author=author,
        )
        try:
            if engine is None:
                paths = [g for g in store.info().glossaries if Path(g).exists()]
                engine = engine_for(paths)
        except BaseException:
            store.close()
            raise
        session = cls(store, engine, read_only, created)
        session.author = author or ""
        return session

    @property
    def document(self) -> Document:
        """The project's document (its segments' raw texts, the gaps between them, its
        languages), made from the rows read at opening the first time it is asked for."""
        document = self._document
        if document is None:
            make = self._make_document
            assert make is not None
            document = self._document = make()
            self._make_document = None
        return document

    @property
    def store(self) -> ProjectStorage:
        """The project's store (for the review's tables,
        :mod:`workbench.core.storage.review_store`)."""
        return self._store

    # --- reading -----------------------------------------------------------------------------
    @property
    def segments(self) -> Sequence[SegmentState]:
        return self._states

    def segment(self, segment_id: str) -> SegmentState:
        try:
            return self._states[self._index[segment_id]]
        except KeyError:
            raise WorkbenchError(f"no segment '{segment_id}' in this project") from None

    @property
    def current(self) -> int:
        """Index of the segment the translator is on (persisted)."""
        return self._current

    def events(self, segment_id: str | None = None, *, ops: bool = True) -> Sequence[EditEvent]:
        """The edit log (``ops=False``: each event's word operations left empty, not read)."""
        return self._store.events(segment_id, ops=ops)

    def offers(self, segment_id: str) -> tuple[Hit, ...]:
        """Glossary offers (hits of any kind and near misses) in the current target."""
        return self.engine.offers(self.segment(segment_id).target)

    def mt_hits(self, segment_id: str) -> tuple[Hit, ...]:
        """Glossary hits and near misses in the raw MT (for highlighting)."""
        return self.engine.offers(self.segment(segment_id).mt)

    def can_undo(self, segment_id: str) -> bool:
        return self._hist_pos[self._index[segment_id]] > 0

    def can_redo(self, segment_id: str) -> bool:
        i = self._index[segment_id]
        return self._hist_pos[i] + 1 < self._store.history_len(segment_id)

    def effort(self) -> dict[str, SegmentEffort]:
        """Per segment: keystrokes and typing time from the edit log, time on the segment,
        visits and first-edit delay from the recorded visits."""
        return segment_efforts(self._store.effort(), self._store.visits())

    def figures(
        self,
        effort: dict[str, SegmentEffort] | None = None,
        *,
        memo: TextMemo | None = None,
        spread: FiguresSpread | None = None,
    ) -> DocumentFigures:
        """Effort figures per segment and for the document (TER cached per segment state,
        and in ``memo`` between runs if given: :func:`~workbench.core.metrics.text_figures_many`;
        the TER work handed to ``spread`` if given, e.g. over every core).

        The database is read only for ``effort`` when it is not given, so a UI can call
        ``session.figures(session.effort())`` with the TER work in a worker thread."""
        if effort is None:
            effort = self.effort()
        states = list(self._states)
        efforts = [effort.get(s.id, SegmentEffort()) for s in states]
        todo = [
            i
            for i, (s, e) in enumerate(zip(states, efforts, strict=True))
            if (cached := self._figures.get(s.id)) is None or cached[0] != (s.target, e)
        ]
        step = _FIGURES_BATCH
        parts = [todo[start : start + step] for start in range(0, len(todo), step)]
        batches = ([(states[i].mt, states[i].pre, states[i].target) for i in p] for p in parts)
        for part, texts in zip(parts, text_figures_stream(batches, memo, spread), strict=True):
            for i, t in zip(part, texts, strict=True):
                s, e = states[i], efforts[i]
                self._figures[s.id] = (
                    (s.target, e),
                    segment_figures(s.id, s.mt, s.pre, s.target, e, texts=t),
                )
        out = [self._figures[s.id][1] for s in states]
        confirmed = sum(1 for s in states if s.status == "confirmed")
        return document_figures(out, confirmed=confirmed, total=len(states))

    def translators(
        self,
        figures: DocumentFigures | None = None,
        events: Sequence[EditEvent] | None = None,
        *,
        log: TranslatorLog | None = None,
    ) -> tuple[TranslatorFigures, ...]:
        """Effort per translator (:mod:`workbench.core.translators`; reads the edit log,
        unless ``events`` is the edit log read already or ``log`` its share read before,
        and the visits)."""
        if log is None:
            log = translator_log(self._store.events() if events is None else events, self._states)
        return figures_per_translator(log, figures or self.figures(), self._store.visits())

    def effort_split(self, figures: DocumentFigures | None = None) -> EffortSplit:
        """HTER split into glossary, memory and translator work (reads the edit log)."""
        return effort_split(figures or self.figures(), self._store.events())

    def ignored_findings(self) -> IgnoredFindings:
        """QA findings ignored by the translator: (segment id, check id, matched) -> reason."""
        return dict(self._ignored)

    def render_target(self) -> str:
        """The corrected article text in the original layout."""
        return self.document.render([s.target for s in self._states])

    def encode_target(self) -> bytes:
        """The corrected article's bytes (BOM kept as in the input)."""
        return self.document.encode([s.target for s in self._states])

    # --- changing (each commits before returning) --------------------------------------------
    def _writable(self) -> None:
        if self.read_only:
            raise ProjectError(f"{self.project_path}: the project is open read-only")

    def set_current(self, index: int) -> None:
        index = max(0, min(index, len(self._states) - 1))
        if index == self._current:
            return
        self._current = index
        if not self.read_only:
            self._store.set_current(index)

    def record_visit(self, visit: Visit) -> None:
        """Record (or update, while it goes on) the translator's time on a segment."""
        self._writable()
        self.segment(visit.segment_id)
        self._store.record_visit(visit)

    def set_glossary_paths(self, paths: Sequence[str]) -> None:
        """Remember the glossaries this project is used with (reopening loads them)."""
        self._writable()
        self._store.set_glossary_paths(paths)
        self.glossary_paths = tuple(paths)

    def ignore_finding(self, segment_id: str, check: str, matched: str, reason: str) -> None:
        self._writable()
        self.segment(segment_id)
        self._store.ignore_finding(segment_id, check, matched, reason)
        self._ignored[(segment_id, check, matched)] = reason

    def unignore_finding(self, segment_id: str, check: str, matched: str) -> None:
        """Take back an ignore: the finding counts again."""
        self._writable()
        self._store.unignore_finding(segment_id, check, matched)
        self._ignored.pop((segment_id, check, matched), None)

    def _change(
        self,
        state: SegmentState,
        text: str,
        *,
        origin: Origin,
        status: Status,
        history: HistoryStep = "push",
        keystrokes: int = 0,
        active_ms: int = 0,
        detail: str = "",
        copied: Provenance = "",
        restored: Provenance = "",
    ) -> Change:
        """A change of ``state``; where its text comes from follows from ``origin``
        (``copied``: a propagated target's; ``restored``: an undo step's)."""
        pos = self._hist_pos[state.index]
        pos += {"push": 1, "redo": 1, "undo": -1, "none": 0}[history]
        if history in ("undo", "redo"):
            where = restored
        elif history == "none":  # a status, or effort without a change of text
            where = state.target_origin
        else:
            where = after_edit(
                origin, current=state.target_origin, mt=state.mt_origin, copied=copied
            )
        return Change(
            segment_id=state.id,
            origin=origin,
            before=state.target,
            after=text,
            status_before=state.status,
            status_after=status,
            history=history,
            hist_pos=pos,
            detail=detail,
            keystrokes=keystrokes,
            active_ms=active_ms,
            author=self.author,
            target_origin=where,
        )

    def _commit(self, changes: Sequence[Change]) -> None:
        """Write the changes in one transaction, then update what the session holds."""
        self._writable()
        self._store.record(changes)
        for c in changes:
            i = self._index[c.segment_id]
            self._hist_pos[i] = c.hist_pos
            self._states[i] = evolve(
                self._states[i],
                target=c.after,
                status=c.status_after,
                target_origin=c.target_origin,
            )

    def _apply(self, change: Change) -> SegmentState:
        self._commit([change])
        return self._states[self._index[change.segment_id]]

    def set_target(
        self,
        segment_id: str,
        text: str,
        *,
        origin: Origin = "typing",
        keystrokes: int = 0,
        active_ms: int = 0,
        detail: str = "",
    ) -> SegmentState:
        state = self.segment(segment_id)
        if text == state.target and keystrokes == 0 and active_ms == 0:
            return state
        if text == state.target:
            # Effort without a change (typed then deleted): count it, keep the history.
            return self._apply(
                self._change(
                    state,
                    text,
                    origin=origin,
                    status=state.status,
                    history="none",
                    keystrokes=keystrokes,
                    active_ms=active_ms,
                    detail=detail,
                )
            )
        return self._apply(
            self._change(
                state,
                text,
                origin=origin,
                status="draft",
                keystrokes=keystrokes,
                active_ms=active_ms,
                detail=detail,
            )
        )

    def import_targets(
        self, texts: Mapping[str, str], details: Mapping[str, str], *, confirm: bool = False
    ) -> int:
        """Record a post-edit made elsewhere, in one transaction: every target that differs
        becomes an ``import`` edit (``details`` names where it came from, per segment; a
        merge names the segments it spans), and with ``confirm`` every segment of ``texts``
        ends ``confirmed`` (a finished post-edit). Returns the number of targets changed."""
        self._writable()
        changes: list[Change] = []
        changed = 0
        for segment_id, text in texts.items():
            state = self.segment(segment_id)
            detail = details.get(segment_id, "")
            if text != state.target:
                status: Status = "confirmed" if confirm else "draft"
                changes.append(
                    self._change(state, text, origin="import", status=status, detail=detail)
                )
                changed += 1
            elif confirm and state.status != "confirmed":
                changes.append(
                    self._change(state, text, origin="status", status="confirmed", history="none")
                )
        if changes:
            self._commit(changes)
        return changed

    def confirm(self, segment_id: str) -> SegmentState:
        state = self.segment(segment_id)
        if state.status == "confirmed":
            return state
        return self._apply(
            self._change(state, state.target, origin="status", status="confirmed", history="none")
        )

    def revert(self, segment_id: str) -> SegmentState:
        """Target back to ``pre`` (recorded as a ``revert`` event)."""
        state = self.segment(segment_id)
        if state.target == state.pre:
            return state
        return self._apply(self._change(state, state.pre, origin="revert", status="draft"))

    def _step(self, segment_id: str, direction: HistoryStep) -> SegmentState | None:
        state = self.segment(segment_id)
        pos = self._hist_pos[state.index] + (-1 if direction == "undo" else 1)
        if pos < 0:
            return None
        text = self._store.history_text(segment_id, pos)
        if text is None:
            return None
        status: Status = "new" if state.status == "new" else "draft"
        if direction == "redo" and self._undone_status(segment_id) == "confirmed":
            status = "confirmed"  # redo puts back the text and the status it had
        return self._apply(
            self._change(
                state,
                text,
                origin="undo" if direction == "undo" else "redo",
                status=status,
                history=direction,
                restored=self._store.history_origin(segment_id, pos),
            )
        )

    def _undone_status(self, segment_id: str) -> Status | None:
        """The status the segment had before the undo a redo now takes back: undos and
        redos pair up like brackets, newest first."""
        open_redos = 0
        for event in reversed(self._store.events(segment_id)):
            if event.origin == "redo":
                open_redos += 1
            elif event.origin == "undo":
                if open_redos == 0:
                    return event.status_before
                open_redos -= 1
        return None

    def undo(self, segment_id: str) -> SegmentState | None:
        """The segment's previous text back (``None`` when there is nothing to undo)."""
        return self._step(segment_id, "undo")

    def redo(self, segment_id: str) -> SegmentState | None:
        """The undone text again (``None`` when there is nothing to redo)."""
        return self._step(segment_id, "redo")

    def apply_offer(self, segment_id: str, hit: Hit) -> SegmentState:
        state = self.segment(segment_id)
        if state.target[hit.start : hit.end] != hit.matched:
            raise WorkbenchError(
                f"{segment_id}: the offer for '{hit.matched}' no longer matches the target"
            )
        return self._apply(
            self._change(
                state,
                apply_hit(state.target, hit),
                origin="glossary-suggestion",
                status="draft",
                detail=hit.entry.key,
            )
        )

    def replace_all(
        self,
        find: str,
        replace: str,
        *,
        case_sensitive: bool = False,
        whole_word: bool = False,
        regex: bool = False,
        include_confirmed: bool = False,
    ) -> int:
        """Replace in every target (confirmed ones only with ``include_confirmed``),
        atomically; one ``replace-all`` event per changed segment; returns the number of
        segments changed. A pattern that takes too long raises ``SearchTimeout``."""
        self._writable()
        spec = SearchSpec(find, replace, case_sensitive, whole_word, regex, include_confirmed)
        return self.replace_texts(replacement_plan(self._states, spec), spec.detail)

    def replace_texts(self, texts: Mapping[str, str], detail: str) -> int:
        """Record a find/replace (:func:`~workbench.core.text_search.replacement_plan`):
        each target that changes is one ``replace-all`` edit, in one transaction; returns
        the number of segments changed."""
        self._writable()
        changes = [
            self._change(
                state, texts[state.id], origin="replace-all", status="draft", detail=detail
            )
            for state in (self.segment(sid) for sid in texts)
            if texts[state.id] != state.target
        ]
        if changes:
            self._commit(changes)
        return len(changes)

    def propagate(self, segment_id: str) -> list[str]:
        """Repetitions: give this segment's target to every other segment with the same raw
        MT that is not confirmed and has another target, atomically; one ``propagation``
        event (and undo step) per changed segment; returns the ids changed, in order."""
        self._writable()
        state = self.segment(segment_id)
        changes = [
            self._change(
                other,
                state.target,
                origin="propagation",
                status="draft",
                detail=segment_id,
                copied=state.target_origin,
            )
            for other in self._states
            if other.id != state.id
            and other.mt == state.mt
            and other.status != "confirmed"
            and other.target != state.target
        ]
        if changes:
            self._commit(changes)
        return [c.segment_id for c in changes]

    def insert_match(self, segment_id: str, match: MemoryMatch) -> SegmentState:
        """Replace the target by a memory match's final text (a ``memory`` edit, undoable;
        ``detail`` names the kind, score and unit). Tag tokens in it become this segment's
        inline codes; one that names no code of the segment is a ``TagError``."""
        state = self.segment(segment_id)
        # the memory holds inline codes as tag tokens: back to this segment's placeholders
        text = parse_display(match.target, state.codes) if state.codes else match.target
        if text == state.target:
            return state
        return self._apply(
            self._change(
                state,
                text,
                origin="memory",
                status="draft",
                detail=f"{match.kind} {match.score:.0f}% unit {match.unit_id}",
            )
        )

    @property
    def storage(self) -> ProjectStorage:
        """The store (a team store offers more: see ``protocols.TeamStorage``)."""
        return self._store

    def reload(self, ids: Sequence[str] | None = None) -> list[str]:
        """Read the segments again (others' changes, in a team store); the ids that changed.
        ``ids``: only those segments (what the others' notices named), where the store can
        read some without the rest."""
        store = self._store
        if ids is not None and isinstance(store, TeamStorage):
            rows = store.segments_of(ids)
        else:
            rows = store.segments()
        changed = []
        for row in rows:
            i = self._index.get(row.state.id)
            if i is not None and (self._states[i], self._hist_pos[i]) != (row.state, row.hist_pos):
                self._states[i] = row.state
                self._hist_pos[i] = row.hist_pos
                changed.append(row.state.id)
        return changed

    def close(self) -> None:
        self._store.close()

    def __enter__(self) -> Session:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def creation_steps(
    engine: GlossaryEngine,
    seg: Segment,
    fixes: dict[str, tuple[CreationStep, ...]] | None = None,
) -> Sequence[CreationStep]:
    """A new segment's first changes: each automatic glossary fix (applied right to left so
    every step's spans stay valid), then the target a bilingual file carried, if any, then
    the status the file gave it (``status``), so a file's statuses survive even where its
    target equals the MT.

    A file's own translation that it marks draft or confirmed (a target without a separate
    raw MT) is the translator's work: the glossary does not pre-edit it.

    ``fixes``: the automatic fixes of texts already seen (they depend on the text alone),
    filled as texts are met: a document's repetitions are fixed once, and an article's
    segments with the same text share one tuple of steps (what the store writes once)."""
    steps: list[CreationStep] = []
    current = seg.text
    finished = seg.target is None and seg.status in ("draft", "confirmed")
    if not finished:
        auto = fixes.get(seg.text) if fixes is not None else None
        if auto is None:
            made: list[CreationStep] = []
            for hit in reversed(engine.apply_auto(seg.text).applied):
                current = apply_hit(current, hit)
                made.append(CreationStep("glossary-auto", hit.entry.key, current))
            auto = tuple(made)
            if fixes is not None:
                fixes[seg.text] = auto
        if seg.target is None and seg.status is None:  # an article's segment: no more steps
            return auto
        steps.extend(auto)
        if auto:
            current = auto[-1].after
    status: Status = "new"
    if seg.target is not None and seg.target != current:
        steps.append(CreationStep("import", "bilingual file", seg.target))
        status = "draft"
        current = seg.target
    if seg.status is not None and seg.status != status:
        steps.append(CreationStep("status", "bilingual file", current))
    return steps
