"""Aligning a post-edit made elsewhere with the MT segments."""

from __future__ import annotations

import pytest

from workbench.core.alignment import align_paragraph, align_post_edit
from workbench.core.document import Document
from workbench.core.errors import InputError
from workbench.core.segmentation import segment_text


def doc(text: str) -> Document:
    gaps, segs = segment_text(text)
    return Document(name="x", segments=segs, gaps=gaps)


def test_same_count_pairs_in_order() -> None:
    assert align_post_edit(doc("A one. B two.\n\nC."), doc("A 1. B 2.\n\nC!")) == [
        "A 1.",
        "B 2.",
        "C!",
    ]


def test_split_and_merge_inside_a_paragraph() -> None:
    mt = ["The plant makes heavy plate for ships and trains.", "It grew.", "Prices rose."]
    pe = [
        "The plant makes heavy plate.",
        "It serves shipbuilding and rail transit.",
        "It grew.",
        "Prices rose.",
    ]
    assert align_paragraph(mt, pe) == [
        "The plant makes heavy plate. It serves shipbuilding and rail transit.",
        "It grew.",
        "Prices rose.",
    ]
    merged = align_paragraph(
        ["Short one.", "Short two.", "Third sentence here."],
        ["Short one and short two.", "Third sentence here."],
    )
    assert merged == ["Short one and short two.", "", "Third sentence here."]


def test_paragraph_mismatch_is_refused() -> None:
    with pytest.raises(InputError, match="cannot align"):
        align_post_edit(doc("A. B.\n\nC."), doc("A. B. C. D."))
