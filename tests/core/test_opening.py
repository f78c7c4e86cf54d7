"""Opening a project reads its segment rows once and makes their states as they are first
read, and the document when first asked for: what a session shows is what the store holds,
read the ordinary way, and the document can be asked for first from a worker thread."""

from __future__ import annotations

import threading
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from workbench.app.projects import open_article
from workbench.core.document import Document
from workbench.core.model.project import SegmentState
from workbench.core.storage.lazy_rows import LazyRows
from workbench.core.storage.project_store import ProjectStore

DATA = Path(__file__).resolve().parents[1] / "data"
XLIFF = DATA / "bilingual" / "okapi" / "chinalco-news.html.xlf"  # inline codes, origins
GLOSSARIES = Path(__file__).resolve().parents[2] / "glossaries"


def _stored(project: Path) -> tuple[Document, list[SegmentState], list[int]]:
    store = ProjectStore.open(project, read_only=True)
    try:
        rows = store.segments()
        return store.document(), [r.state for r in rows], [r.hist_pos for r in rows]
    finally:
        store.close()


def test_a_bilingual_project_opens_as_its_store_reads(tmp_path: Path) -> None:
    project = tmp_path / "x.wbproj"
    with open_article(XLIFF, project=project, glossaries=[GLOSSARIES]) as session:
        first = session.segments[0]
        session.set_target(first.id, first.target + " edited")
    document, states, positions = _stored(project)
    assert any(s.codes for s in document.segments) and any(s.origin for s in document.segments)
    with open_article(XLIFF, project=project, read_only=True) as session:
        assert session.segments[0].target.endswith(" edited")
        assert list(session.segments) == states
        assert session.segments == states and len(session.segments) == len(states)
        assert [session.can_undo(s.id) for s in states] == [p > 0 for p in positions]
        assert session.document == document
        assert session.render_target() == document.render([s.target for s in session.segments])


def test_the_document_is_made_in_a_worker_thread(tmp_path: Path) -> None:
    """The first ``session.document`` may come from a worker (the editor's export): it is
    made from rows read at opening, never through the project's connection (which
    refuses other threads)."""
    article = tmp_path / "a.txt"
    article.write_text("First sentence here. Second one.\n\nA new paragraph.\n")
    project = tmp_path / "a.wbproj"
    open_article(article, project=project).close()
    document, _, _ = _stored(project)
    with open_article(article, project=project) as session:
        made: list[Document] = []
        errors: list[BaseException] = []

        def work() -> None:
            try:
                made.append(session.document)
            except BaseException as exc:  # reported below
                errors.append(exc)

        worker = threading.Thread(target=work)
        worker.start()
        worker.join()
        assert errors == [] and made == [document]
        assert session.document is made[0]  # made once
        session.set_target("p2s1", "An edited paragraph.")
        assert session.render_target() == (
            "First sentence here. Second one.\n\nAn edited paragraph.\n"
        )


ops = st.lists(
    st.one_of(
        st.tuples(st.just("get"), st.integers(-12, 11)),
        st.tuples(st.just("set"), st.integers(-12, 11), st.integers(100, 200)),
        st.tuples(st.just("slice"), st.integers(-12, 12), st.integers(-12, 12)),
        st.tuples(st.just("insert"), st.integers(-12, 12), st.integers(100, 200)),
        st.tuples(st.just("del"), st.integers(-12, 11)),
    ),
    max_size=30,
)


@given(st.lists(st.integers(0, 99), max_size=12), ops)
def test_lazy_rows_behave_as_the_list_of_their_records(raw: list[int], steps: list[tuple]) -> None:  # type: ignore[type-arg]
    built: list[int] = []

    def build(value: int) -> str:
        built.append(value)
        return f"r{value}"

    lazy: LazyRows[str] = LazyRows([(v,) for v in raw], lambda r: build(r[0]))
    plain = [f"r{v}" for v in raw]
    assert built == []  # nothing made before it is read
    for step in steps:
        kind, index = step[0], step[1]
        if kind == "slice":
            assert lazy[index : step[2]] == plain[index : step[2]]
        elif kind == "insert":
            lazy.insert(index, f"n{step[2]}")
            plain.insert(index, f"n{step[2]}")
        elif not -len(plain) <= index < len(plain):
            continue
        elif kind == "get":
            assert lazy[index] == plain[index]
        elif kind == "set":
            lazy[index] = plain[index] = f"s{step[2]}"
        else:
            del lazy[index]
            del plain[index]
        assert len(lazy) == len(plain)
    assert list(lazy) == plain and lazy == plain and list(reversed(lazy)) == plain[::-1]
    assert len(built) <= len(raw)  # each row made at most once


def test_a_new_project_opens_with_the_rows_it_was_made_of(tmp_path: Path) -> None:
    """Creating then opening (``workbench edit`` the first time) takes the rows just written
    instead of reading them back: the same states, positions and document as a read."""
    project = tmp_path / "x.wbproj"
    with open_article(XLIFF, project=project, glossaries=[GLOSSARIES]) as session:
        made = (list(session.segments), [session.can_undo(s.id) for s in session.segments])
        made_document = session.document
    document, states, positions = _stored(project)
    assert made == (states, [p > 0 for p in positions]) and made_document == document


def test_rows_from_creation_are_not_taken_once_the_project_changed(tmp_path: Path) -> None:
    from workbench.core.glossary.engine import GlossaryEngine
    from workbench.core.session import Session
    from workbench.formats.registry import read_document

    project = tmp_path / "x.wbproj"
    created = Session.create(project, read_document(XLIFF), GlossaryEngine(()))
    assert created is not None
    with Session.open_project(project) as other:  # another process, before ours opens it
        first = other.segments[0]
        other.set_target(first.id, "Changed elsewhere.")
    with Session.open_project(project, created=created) as session:
        assert session.segments[0].target == "Changed elsewhere."
        assert session.can_undo(first.id)
        assert list(session.segments) == _stored(project)[1]


def test_a_status_the_schema_refuses_makes_no_project(tmp_path: Path) -> None:
    """Creation checks statuses and code kinds itself (SQLite's CHECKs are not run on its
    bulk insert): a bad one still leaves no project and no temporary file behind."""
    from typing import cast

    import pytest

    from workbench.core.document import Segment
    from workbench.core.edits import Status
    from workbench.core.errors import ProjectError
    from workbench.core.glossary.engine import GlossaryEngine
    from workbench.core.inline_codes import CodeKind, InlineCode
    from workbench.core.session import Session

    bad_status = Segment("p1s1", 1, "One.", target="Uno.", status=cast(Status, "done"))
    code = InlineCode("\ue000", cast(CodeKind, "empty"), "1", "<x/>", "x")
    bad_kind = Segment("p1s1", 1, "One \ue000.", codes=(code,))
    for segment, column in ((bad_status, "status"), (bad_kind, "kind")):
        doc = Document("a.xlf", (segment,), ("", ""))
        with pytest.raises(ProjectError, match=f"CHECK constraint failed: {column}"):
            Session.create(tmp_path / "p.wbproj", doc, GlossaryEngine(()))
        assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_a_row_set_while_a_worker_makes_it_keeps_what_was_set() -> None:
    """A worker making a state from the row read at opening, while the main thread records
    an edit of that segment: the edit stays (the worker's record does not overwrite it)."""
    started, go_on = threading.Event(), threading.Event()

    def build(row: tuple[int]) -> str:
        started.set()
        go_on.wait(0.5)  # the main thread sets the row meanwhile (or waits for the lock)
        return f"read{row[0]}"

    lazy: LazyRows[str] = LazyRows([(0,), (1,)], build)
    worker = threading.Thread(target=lambda: lazy[0])
    worker.start()
    assert started.wait(5)
    lazy[0] = "edited"
    go_on.set()
    worker.join()
    assert lazy[0] == "edited" and lazy[1] == "read1"
