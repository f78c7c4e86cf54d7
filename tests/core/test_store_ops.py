"""The word operations stored with each event are the JSON of the dataclass, field by
field (written without ``asdict``, which a book's creation cannot afford)."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from workbench.core.edits import word_ops
from workbench.core.storage.project_store import ops_from_json, ops_to_json

words = st.lists(st.sampled_from(["orbital", "ships", "rail", "é", '"x"', "a\\b"]), max_size=8)


@given(words, words)
def test_ops_json_is_asdict_json_and_reads_back(before: list[str], after: list[str]) -> None:
    ops = word_ops(" ".join(before), " ".join(after))
    text = ops_to_json(ops)
    assert text == json.dumps([asdict(op) for op in ops], ensure_ascii=False)
    assert ops_from_json(text) == ops


def test_rows_read_back_equal_the_dataclasses(tmp_path: Path) -> None:
    """Rows are built without ``__init__`` (for speed); they are equal to, and hash like,
    the dataclasses built the ordinary way, and every field is set."""
    from dataclasses import fields

    from workbench.core.document import Document, Segment
    from workbench.core.glossary.engine import GlossaryEngine
    from workbench.core.model.project import SegmentState
    from workbench.core.session import Session
    from workbench.core.storage.project_store import ProjectStore

    doc = Document(
        "a.txt", (Segment("p1s1", 1, "One."), Segment("p1s2", 1, "Two.")), ("", " ", "\n")
    )
    Session.create(tmp_path / "p.wbproj", doc, GlossaryEngine(()))
    store = ProjectStore.open(tmp_path / "p.wbproj", read_only=True)
    try:
        assert store.document() == doc
        assert hash(store.document().segments) == hash(doc.segments)
        row = store.segments()[1]
        expected = SegmentState(
            "p1s2",
            1,
            1,
            None,
            "Two.",
            "Two.",
            "Two.",
            "new",
            "",
            mt_origin="mt",
            target_origin="mt",
        )
        assert row.state == expected and row.hist_pos == 0
        assert {f.name for f in fields(SegmentState)} == set(vars(row.state))
        segment = store.document().segments[0]  # a dataclass with slots: no __dict__
        assert all(hasattr(segment, f.name) for f in fields(Segment))
        assert not hasattr(segment, "__dict__")
    finally:
        store.close()
