"""Aligning a post-edit made elsewhere with the MT segments."""

from __future__ import annotations

import pytest

from workbench.core.alignment import Aligned, align_paragraph, align_post_edit, split_merged
from workbench.core.document import Document
from workbench.core.errors import InputError
from workbench.core.metrics import document_figures, segment_figures
from workbench.core.segmentation import segment_text


def doc(text: str) -> Document:
    gaps, segs = segment_text(text)
    return Document(name="x", segments=segs, gaps=gaps)


def texts(aligned: list[Aligned]) -> list[str]:
    return [a.text for a in aligned]


def test_same_count_pairs_in_order() -> None:
    assert texts(align_post_edit(doc("A one. B two.\n\nC."), doc("A 1. B 2.\n\nC!"))) == [
        "A 1.",
        "B 2.",
        "C!",
    ]


def test_split_inside_a_paragraph_goes_to_one_segment() -> None:
    mt = ["The plant makes heavy plate for ships and trains.", "It grew.", "Prices rose."]
    pe = [
        "The plant makes heavy plate.",
        "It serves shipbuilding and rail transit.",
        "It grew.",
        "Prices rose.",
    ]
    assert texts(align_paragraph(mt, pe)) == [
        "The plant makes heavy plate. It serves shipbuilding and rail transit.",
        "It grew.",
        "Prices rose.",
    ]


def test_a_merged_sentence_is_cut_between_its_two_segments() -> None:
    merged = align_paragraph(
        ["Short one.", "Short two.", "Third sentence here."],
        ["Short one and short two.", "Third sentence here."],
    )
    assert [a.group for a in merged] == [(0, 1), (0, 1), ()]
    assert merged[0].text.startswith("Short one") and merged[1].text.endswith("short two.")
    assert f"{merged[0].text} {merged[1].text}" == "Short one and short two."
    assert merged[2] == Aligned("Third sentence here.")


def test_split_merged_follows_the_words() -> None:
    first = "The company said that the orders cover thick plate and forgings."
    second = "The total amount is more than 2 billion yuan."
    pe = (
        "The company said that the orders, which cover heavy plate and forgings, "
        "are worth more than 2 billion yuan in total."
    )
    a, b = split_merged(first, second, pe)
    assert a + " " + b == pe
    assert a.endswith("forgings,") and b.startswith("are worth")
    assert split_merged("", "Whole thing here.", "Whole thing here.") == ("", "Whole thing here.")


def test_merging_two_sentences_does_not_inflate_hter() -> None:
    """Merging two MT sentences used to give the merged text to the first segment and an
    empty target to the second: all of the second sentence counted as inserted, then
    deleted. Cut between both segments, HTER is that of the edits actually made."""
    mt = [
        "SMM: August 10, Southwest Aluminium held a signing ceremony with three customers.",
        "The orders cover thick plate, forgings and extruded profiles.",
        "The company will expand.",
    ]
    pe = [
        "SMM: On August 10, Southwest Aluminum held a signing ceremony with three "
        "customers, whose orders cover heavy plate, forgings and extruded profiles.",
        "The company will expand.",
    ]
    aligned = align_paragraph(mt, pe)
    assert aligned[0].group == aligned[1].group == (0, 1)
    assert aligned[0].text + " " + aligned[1].text == pe[0]

    def hter(targets: list[str]) -> float:
        pairs = enumerate(zip(mt, targets, strict=True))
        figs = [segment_figures(f"s{i}", m, m, t) for i, (m, t) in pairs]
        return document_figures(figs, confirmed=0, total=len(figs)).hter

    old_way = [pe[0], "", pe[1]]  # what the aligner recorded before
    assert hter(texts(aligned)) < hter(old_way)
    # the cut costs at most the one edit where the two sentences were joined
    single = segment_figures("m", " ".join(mt[:2]), " ".join(mt[:2]), pe[0])
    cut = [segment_figures(f"s{i}", mt[i], mt[i], aligned[i].text) for i in (0, 1)]
    assert sum(f.edits for f in cut) <= single.edits + 1


def test_an_added_sentence_joins_the_one_before_and_nothing_is_lost() -> None:
    aligned = align_paragraph(
        ["First sentence of the paragraph.", "Second one."],
        ["First sentence of the paragraph.", "A new sentence the translator added.", "Second."],
    )
    joined = " ".join(texts(aligned))
    assert "A new sentence the translator added." in joined
    assert texts(aligned)[1].endswith("Second.")


def test_a_line_ending_in_punctuation_is_not_split_off() -> None:
    """sentencex cuts "…group!--" into "…group!" and "--": the post-edit had three segments
    against one, and the alignment misplaced text. The dashes stay with their sentence."""
    mt = doc("Title\n\nScan the QR code and join the group.\n")
    pe = doc("Title\n\nScan the QR code to join the group!--\n")
    assert [s.text for s in pe.segments] == ["Title", "Scan the QR code to join the group!--"]
    assert texts(align_post_edit(mt, pe)) == ["Title", "Scan the QR code to join the group!--"]
    two = doc("Hello there. Join us!--\n")
    assert [s.text for s in two.segments] == ["Hello there.", "Join us!--"]


def test_paragraph_mismatch_is_refused() -> None:
    with pytest.raises(InputError, match="cannot align"):
        align_post_edit(doc("A. B.\n\nC."), doc("A. B. C. D."))
