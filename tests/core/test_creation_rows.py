"""A new project's rows: written many a statement (``storage.sqlite.insert_rows``) and a
repeated text's creation steps worked out once, the store holds what a row at a time gave."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.core.document import Document, Segment
from workbench.core.glossary.load import engine_for
from workbench.core.session import Session
from workbench.core.storage.sqlite import ROWS_PER_INSERT, insert_rows

TABLE = (
    "CREATE TABLE t (seq INTEGER PRIMARY KEY AUTOINCREMENT, a TEXT, b INTEGER, c REAL,"
    " d BLOB, e TEXT NOT NULL)"
)
value = st.one_of(
    st.none(), st.text(max_size=8), st.integers(-(2**63), 2**63 - 1), st.floats(allow_nan=False)
)
row = st.tuples(value, value, value, st.binary(max_size=4), st.text(max_size=8))


def _table(rows: list[tuple[object, ...]], *, many: bool) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(":memory:")
    conn.execute(TABLE)
    if many:
        insert_rows(conn, "INSERT INTO t (a, b, c, d, e)", rows, 5)
    else:
        conn.executemany("INSERT INTO t (a, b, c, d, e) VALUES (?, ?, ?, ?, ?)", rows)
    out = conn.execute("SELECT * FROM t ORDER BY seq").fetchall()
    out.append(conn.execute("SELECT seq FROM sqlite_sequence").fetchone() or (None,))
    conn.close()
    return out


@settings(max_examples=30, deadline=None)
@given(
    st.lists(row, max_size=12),
    st.sampled_from([0, 1, ROWS_PER_INSERT - 1, ROWS_PER_INSERT, ROWS_PER_INSERT + 1]),
)
def test_insert_rows_writes_what_a_row_at_a_time_writes(
    rows: list[tuple[object, ...]], more: int
) -> None:
    """The same rows, values, order and ``AUTOINCREMENT`` numbers, whole statements or not."""
    rows = rows + [(i, i, float(i), b"x", str(i)) for i in range(more)]
    assert _table(rows, many=True) == _table(rows, many=False)


def test_insert_rows_keeps_within_sqlites_limit_of_variables() -> None:
    """An SQLite built with a lower limit (999 before 3.32): fewer rows a statement, the
    same table."""
    rows: list[tuple[object, ...]] = [(str(i), i, float(i), b"", "e") for i in range(1000)]
    conn = sqlite3.connect(":memory:")
    conn.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, 999)
    conn.execute(TABLE)
    insert_rows(conn, "INSERT INTO t (a, b, c, d, e)", rows, 5)
    assert conn.execute("SELECT a, b, c, d, e FROM t ORDER BY seq").fetchall() == rows


def test_insert_rows_refuses_a_row_as_sqlite_would() -> None:
    conn = sqlite3.connect(":memory:")
    conn.execute(TABLE)
    rows: list[tuple[object, ...]] = [(None, 1, 1.0, b"", "x")] * ROWS_PER_INSERT
    rows[7] = (None, 1, 1.0, b"", None)
    try:
        insert_rows(conn, "INSERT INTO t (a, b, c, d, e)", rows, 5)
    except sqlite3.IntegrityError as exc:
        assert "NOT NULL" in str(exc)
    else:
        raise AssertionError("a NULL in a NOT NULL column was written")


GLOSSARY = (
    "glossary: g\nentries:\n  - mt: orbital ships\n    correct: rail transit\n    apply: auto\n"
)


def test_repeated_texts_with_other_targets_and_statuses_keep_their_own_rows(
    tmp_path: Path,
) -> None:
    """Segments of one text: an article's (fixed by the glossary), a bilingual file's with
    a target of its own (an ``import`` step, a draft), with the same target confirmed, and
    with only a status: each gets its own target, status, events and undo steps."""
    gl = tmp_path / "g.yaml"
    gl.write_text(GLOSSARY)
    line = "It serves orbital ships."
    segs = (
        Segment("p1s1", 1, line),
        Segment("p2s1", 2, line, target="Its own target.", status="draft"),
        Segment("p3s1", 3, line),
        Segment("p4s1", 4, line, target="Its own target.", status="confirmed"),
        Segment("p5s1", 5, line, status="confirmed"),
        Segment("p6s1", 6, "Nothing to fix."),
    )
    doc = Document("d.xlf", segs, ("",) + (" ",) * len(segs), format="xliff")
    project = tmp_path / "p.wbproj"
    created = Session.create(project, doc, engine_for([str(gl)]))
    fixed = "It serves rail transit."
    want = [
        ("p1s1", fixed, "new", ["glossary-auto"], [line, fixed]),
        ("p2s1", "Its own target.", "draft", ["glossary-auto", "import"],
         [line, fixed, "Its own target."]),
        ("p3s1", fixed, "new", ["glossary-auto"], [line, fixed]),
        ("p4s1", "Its own target.", "confirmed", ["glossary-auto", "import", "status"],
         [line, fixed, "Its own target."]),
        ("p5s1", line, "confirmed", ["status"], [line]),
        ("p6s1", "Nothing to fix.", "new", [], ["Nothing to fix."]),
    ]  # fmt: skip
    for opened in (created, None):  # the rows just written, then read back
        with Session.open_project(project, created=opened) as s:
            for sid, target, status, origins, undo in want:
                seg = s.segment(sid)
                assert (seg.mt, seg.target, seg.status) == (undo[0], target, status), sid
                assert [e.origin for e in s.events(sid)] == origins, sid
                steps = [s.store.history_text(sid, pos) for pos in range(len(undo) + 1)]
                assert steps == [*undo, None], sid
