"""The Session API: what the TUI and the CLI both use to work on a project (SPEC section 9).

Every mutating call is one transaction in the project store, committed (``synchronous=FULL``)
before it returns: when a caller says "saved", it is on disk.

Undo/redo is per segment and survives reopening: each segment keeps the list of texts it has
had (its history) and a position in it. A change after an undo drops the redo branch.
Statuses: ``new`` until the translator changes the target (then ``draft``), ``confirmed``
by :meth:`Session.confirm`; changing a confirmed target makes it ``draft`` again.
"""

from __future__ import annotations

import hashlib
import json
import re
import time
from collections.abc import Sequence
from dataclasses import dataclass
from dataclasses import replace as evolve
from pathlib import Path

from workbench.core.document import Document, Segment
from workbench.core.edits import EditEvent, Status, word_ops
from workbench.core.errors import ProjectError, WorkbenchError
from workbench.core.glossary_engine import GlossaryEngine, Hit, apply_hit
from workbench.core.glossary_loader import load_glossaries
from workbench.core.metrics import (
    DocumentFigures,
    SegmentFigures,
    document_figures,
    segment_figures,
)
from workbench.core.projects import default_project_path
from workbench.core.store import Store, is_project_file, ops_to_json
from workbench.core.textio import read_bytes


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


def _engine(paths: Sequence[str]) -> GlossaryEngine:
    if not paths:
        return GlossaryEngine(())
    return GlossaryEngine(load_glossaries(list(paths)).entries)


class Session:
    """An open project. Use :meth:`open`; close with :meth:`close` or as a context manager."""

    def __init__(self, store: Store, engine: GlossaryEngine, read_only: bool) -> None:
        self.store = store
        self.project_path = store.path
        self.engine = engine
        self.read_only = read_only
        self.document: Document = store.document()
        meta = store.meta()
        self.article_path = Path(meta["article"]) if meta.get("article") else None
        self.glossary_paths: tuple[str, ...] = tuple(json.loads(meta.get("glossaries", "[]")))
        self._states: list[SegmentState] = []
        self._hist_pos: list[int] = []
        for row in store.rows():
            idx, sid, paragraph, source, mt, pre, target, status, note, hist_pos = row
            self._states.append(
                SegmentState(sid, idx, paragraph, source, mt, pre, target, status, note)
            )
            self._hist_pos.append(hist_pos)
        self._index = {s.id: s.index for s in self._states}
        self._current = min(int(store.state("current", "0")), max(0, len(self._states) - 1))
        self._figures: dict[str, tuple[tuple[str, int, int], SegmentFigures]] = {}

    # --- opening ---------------------------------------------------------------------------
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
        """Open the project of ``article`` (creating it on first use)."""
        article_path = Path(article)
        data = read_bytes(article_path, what="article")
        digest = hashlib.sha256(data).hexdigest()
        project_path = Path(project) if project is not None else default_project_path(article)
        if project_path.exists() and project_path.resolve() == article_path.resolve():
            raise ProjectError(f"{project_path}: the project cannot be the article itself")
        gloss = [str(Path(g).resolve()) for g in glossaries]
        engine = _engine(gloss)
        if not project_path.exists():
            if read_only:
                raise ProjectError(f"{article_path}: has no project yet (open it to create one)")
            from workbench.formats.registry import read_document

            document = read_document(article_path)
            if source is not None:
                from workbench.core.source_alignment import align_source, read_source

                document = align_source(document, read_source(source))
            steps = [_creation_steps(engine, seg) for seg in document.segments]
            meta = {
                "article": str(article_path.resolve()),
                "article_sha256": digest,
                "glossaries": json.dumps(gloss),
                "created": f"{time.time():.3f}",
            }
            Store.create(project_path, document, meta, steps, time.time())
        store = Store.open(project_path, read_only=read_only)
        try:
            stored = store.meta()
            if stored.get("article_sha256") not in (None, digest):
                raise ProjectError(
                    f"{article_path}: the article changed since its project was created "
                    f"({project_path}); use --project to start a new project"
                )
            if not gloss:
                gloss = list(json.loads(stored.get("glossaries", "[]")))
                engine = _engine([g for g in gloss if Path(g).exists()])
            elif not read_only:
                with store.transaction() as conn:
                    conn.execute(
                        "INSERT OR REPLACE INTO meta VALUES ('glossaries', ?)", (json.dumps(gloss),)
                    )
        except BaseException:
            store.close()
            raise
        return cls(store, engine, read_only)

    @classmethod
    def open_project(cls, project: Path | str, *, read_only: bool = False) -> Session:
        """Open an existing project database (the document is stored in it)."""
        store = Store.open(Path(project), read_only=read_only)
        try:
            gloss = json.loads(store.meta().get("glossaries", "[]"))
            engine = _engine([g for g in gloss if Path(g).exists()])
        except BaseException:
            store.close()
            raise
        return cls(store, engine, read_only)

    @classmethod
    def load(cls, path: Path | str, *, read_only: bool = True) -> Session:
        """``ARTICLE|PROJECT`` on the command line: a project file opens as it is, an article
        opens the project of that article (which must exist; ``ProjectError`` otherwise)."""
        p = Path(path)
        if not p.exists():
            raise ProjectError(f"{p}: no such article or project")
        if is_project_file(p):
            return cls.open_project(p, read_only=read_only)
        project = default_project_path(p)
        if not project.exists():
            raise ProjectError(
                f"{p}: no project for this article yet (run 'workbench edit {p}' first)"
            )
        read_bytes(p, what="article")
        return cls.open(p, project=project, read_only=read_only)

    # --- reading ---------------------------------------------------------------------------
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

    def set_current(self, index: int) -> None:
        index = max(0, min(index, len(self._states) - 1))
        if index == self._current:
            return
        self._current = index
        if not self.read_only:
            with self.store.transaction() as conn:
                conn.execute("INSERT OR REPLACE INTO state VALUES ('current', ?)", (str(index),))

    def events(self, segment_id: str | None = None) -> Sequence[EditEvent]:
        return self.store.events(segment_id)

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
        return self._hist_pos[i] + 1 < self.store.history_len(segment_id)

    def effort(self) -> dict[str, tuple[int, int]]:
        """Keystrokes and active milliseconds per segment, summed over the edit log."""
        effort: dict[str, tuple[int, int]] = {}
        for sid, keys, ms in self.store.conn.execute(
            "SELECT segment_id, SUM(keystrokes), SUM(active_ms) FROM events GROUP BY segment_id"
        ):
            effort[sid] = (int(keys or 0), int(ms or 0))
        return effort

    def figures(self, effort: dict[str, tuple[int, int]] | None = None) -> DocumentFigures:
        """Effort figures per segment and for the document (TER cached per segment state).

        The database is read only for ``effort`` when it is not given, so a UI can call
        ``session.figures(session.effort())`` with the TER work in a worker thread."""
        if effort is None:
            effort = self.effort()
        states = list(self._states)
        out: list[SegmentFigures] = []
        for s in states:
            keys, ms = effort.get(s.id, (0, 0))
            stamp = (s.target, keys, ms)
            cached = self._figures.get(s.id)
            if cached is None or cached[0] != stamp:
                fig = segment_figures(s.id, s.mt, s.pre, s.target)
                fig = evolve(
                    fig,
                    keystrokes=keys,
                    active_seconds=ms / 1000,
                    seconds_per_word=(ms / 1000 / fig.ref_words) if fig.ref_words else 0.0,
                )
                cached = (stamp, fig)
                self._figures[s.id] = cached
            out.append(cached[1])
        confirmed = sum(1 for s in states if s.status == "confirmed")
        return document_figures(out, confirmed=confirmed, total=len(states))

    def ignored_findings(self) -> dict[tuple[str, str, str], str]:
        """QA findings ignored by the translator: (segment id, check id, matched) -> reason."""
        return {
            (r[0], r[1], r[2]): r[3]
            for r in self.store.conn.execute(
                "SELECT segment_id, check_id, matched, reason FROM ignored_findings"
            )
        }

    def ignore_finding(self, segment_id: str, check: str, matched: str, reason: str) -> None:
        self._writable()
        self.segment(segment_id)
        with self.store.transaction() as conn:
            conn.execute(
                "INSERT OR REPLACE INTO ignored_findings VALUES (?, ?, ?, ?, ?)",
                (segment_id, check, matched, reason, time.time()),
            )

    def render_target(self) -> str:
        """The corrected article text in the original layout."""
        return self.document.render([s.target for s in self._states])

    def encode_target(self) -> bytes:
        """The corrected article's bytes (BOM kept as in the input)."""
        return self.document.encode([s.target for s in self._states])

    # --- changing (each commits before returning) ------------------------------------------
    def _writable(self) -> None:
        if self.read_only:
            raise ProjectError(f"{self.project_path}: the project is open read-only")

    def _record(
        self,
        segment_id: str,
        text: str,
        *,
        origin: str,
        status: Status | None = None,
        history: str = "push",
        keystrokes: int = 0,
        active_ms: int = 0,
        detail: str = "",
    ) -> SegmentState:
        """Write one change (target and/or status) with its event, atomically."""
        self._writable()
        state = self.segment(segment_id)
        i = state.index
        new_status: Status = status if status is not None else state.status
        pos = self._hist_pos[i]
        with self.store.transaction() as conn:
            if history == "push":
                conn.execute(
                    "DELETE FROM history WHERE segment_id = ? AND pos > ?", (segment_id, pos)
                )
                pos += 1
                conn.execute("INSERT INTO history VALUES (?, ?, ?)", (segment_id, pos, text))
            elif history == "undo":
                pos -= 1
            elif history == "redo":
                pos += 1
            conn.execute(
                "UPDATE segments SET target = ?, status = ?, hist_pos = ? WHERE id = ?",
                (text, new_status, pos, segment_id),
            )
            conn.execute(
                "INSERT INTO events (ts, segment_id, origin, before, after, ops, detail,"
                " keystrokes, active_ms, status_before, status_after)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    time.time(),
                    segment_id,
                    origin,
                    state.target,
                    text,
                    ops_to_json(word_ops(state.target, text)),
                    detail,
                    keystrokes,
                    active_ms,
                    state.status,
                    new_status,
                ),
            )
        self._hist_pos[i] = pos
        new_state = evolve(state, target=text, status=new_status)
        self._states[i] = new_state
        return new_state

    def set_target(
        self,
        segment_id: str,
        text: str,
        *,
        origin: str = "typing",
        keystrokes: int = 0,
        active_ms: int = 0,
        detail: str = "",
    ) -> SegmentState:
        state = self.segment(segment_id)
        if text == state.target and keystrokes == 0 and active_ms == 0:
            return state
        if text == state.target:
            # Effort without a change (typed then deleted): count it, keep the history.
            return self._record(
                segment_id,
                text,
                origin=origin,
                history="none",
                keystrokes=keystrokes,
                active_ms=active_ms,
                detail=detail,
            )
        return self._record(
            segment_id,
            text,
            origin=origin,
            status="draft",
            keystrokes=keystrokes,
            active_ms=active_ms,
            detail=detail,
        )

    def confirm(self, segment_id: str) -> SegmentState:
        state = self.segment(segment_id)
        if state.status == "confirmed":
            return state
        return self._record(
            segment_id, state.target, origin="status", status="confirmed", history="none"
        )

    def unconfirm(self, segment_id: str) -> SegmentState:
        state = self.segment(segment_id)
        if state.status != "confirmed":
            return state
        return self._record(
            segment_id, state.target, origin="status", status="draft", history="none"
        )

    def revert(self, segment_id: str) -> SegmentState:
        """Target back to ``pre`` (recorded as a ``revert`` event)."""
        state = self.segment(segment_id)
        if state.target == state.pre:
            return state
        return self._record(segment_id, state.pre, origin="revert", status="draft")

    def undo(self, segment_id: str) -> SegmentState | None:
        state = self.segment(segment_id)
        pos = self._hist_pos[state.index]
        if pos == 0:
            return None
        text = self.store.history_text(segment_id, pos - 1)
        if text is None:
            return None
        status: Status = "new" if state.status == "new" else "draft"
        return self._record(segment_id, text, origin="undo", status=status, history="undo")

    def redo(self, segment_id: str) -> SegmentState | None:
        state = self.segment(segment_id)
        pos = self._hist_pos[state.index]
        text = self.store.history_text(segment_id, pos + 1)
        if text is None:
            return None
        status: Status = "new" if state.status == "new" else "draft"
        return self._record(segment_id, text, origin="redo", status=status, history="redo")

    def apply_offer(self, segment_id: str, hit: Hit) -> SegmentState:
        state = self.segment(segment_id)
        if state.target[hit.start : hit.end] != hit.matched:
            raise WorkbenchError(
                f"{segment_id}: the offer for '{hit.matched}' no longer matches the target"
            )
        return self._record(
            segment_id,
            apply_hit(state.target, hit),
            origin="glossary-suggestion",
            status="draft",
            detail=hit.entry.key,
        )

    def replace_all(
        self,
        find: str,
        replace: str,
        *,
        case_sensitive: bool = False,
        whole_word: bool = False,
        regex: bool = False,
    ) -> int:
        """Replace in every target, atomically; one ``replace-all`` event per changed segment;
        returns the number of segments changed."""
        self._writable()
        if not find:
            raise WorkbenchError("find: the text to find is empty")
        pattern_text = find if regex else re.escape(find)
        if whole_word:
            pattern_text = rf"(?<!\w){pattern_text}(?!\w)"
        try:
            pattern = re.compile(pattern_text, 0 if case_sensitive else re.IGNORECASE)
        except re.error as exc:
            raise WorkbenchError(f"find: not a valid regular expression ({exc})") from None
        changes: list[tuple[int, str]] = []
        for state in self._states:
            if regex:
                try:
                    new = pattern.sub(replace, state.target)
                except (re.error, IndexError) as exc:
                    raise WorkbenchError(f"replace: {exc}") from None
            else:
                new = pattern.sub(lambda _m: replace, state.target)
            if new != state.target:
                changes.append((state.index, new))
        if not changes:
            return 0
        detail = f"{find} -> {replace}"
        now = time.time()
        with self.store.transaction() as conn:
            for i, new in changes:
                state = self._states[i]
                pos = self._hist_pos[i]
                conn.execute(
                    "DELETE FROM history WHERE segment_id = ? AND pos > ?", (state.id, pos)
                )
                conn.execute("INSERT INTO history VALUES (?, ?, ?)", (state.id, pos + 1, new))
                conn.execute(
                    "UPDATE segments SET target = ?, status = 'draft', hist_pos = ? WHERE id = ?",
                    (new, pos + 1, state.id),
                )
                conn.execute(
                    "INSERT INTO events (ts, segment_id, origin, before, after, ops, detail,"
                    " status_before, status_after) VALUES (?, ?, 'replace-all', ?, ?, ?, ?, ?, ?)",
                    (
                        now,
                        state.id,
                        state.target,
                        new,
                        ops_to_json(word_ops(state.target, new)),
                        detail,
                        state.status,
                        "draft",
                    ),
                )
        for i, new in changes:
            self._hist_pos[i] += 1
            self._states[i] = evolve(self._states[i], target=new, status="draft")
        return len(changes)

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Session:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _creation_steps(engine: GlossaryEngine, seg: Segment) -> list[tuple[str, str, str]]:
    """A new segment's first changes as (origin, detail, text) steps: each automatic
    glossary fix (applied right to left so every step's spans stay valid), then the target
    a bilingual file carried, if any."""
    applied = engine.apply_auto(seg.text).applied
    steps: list[tuple[str, str, str]] = []
    current = seg.text
    for hit in reversed(applied):
        current = apply_hit(current, hit)
        steps.append(("glossary-auto", hit.entry.key, current))
    if seg.target is not None and seg.target != current:
        steps.append(("import", "bilingual file", seg.target))
    return steps
