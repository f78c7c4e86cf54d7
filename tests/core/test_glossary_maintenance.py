"""Lint warnings, appending entries safely, and mining corrections for new entries."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.app.projects import open_article
from workbench.core.edits import EditEvent, Origin
from workbench.core.errors import GlossaryError
from workbench.core.glossary.lint import lint
from workbench.core.glossary.mining import (
    SegmentText,
    corpus_of,
    in_context,
    mine,
    replaced_phrases,
    tokenize,
)
from workbench.core.glossary.writer import append_entry


def test_lint_warnings(tmp_path: Path) -> None:
    p = tmp_path / "g.yaml"
    p.write_text(
        "glossary: g\nentries:\n"
        "  - mt: orbital ships\n    correct: rail transit and shipbuilding\n    note: n\n"
        "  - mt: ships\n    correct: vessels\n    note: n\n"
        "  - mt: SWA\n    correct: Southwest Aluminum (SWA)\n    note: n\n"
        "  - mt: south west aluminum\n    correct: southwest aluminum (SWA)\n"
    )
    found = {(f.line, f.code) for f in lint([p])}
    assert (6, "shadowed") in found  # "ships" inside "orbital ships"
    assert (9, "chain") in found  # correction contains its own pattern "SWA"
    assert (12, "chain") in found  # contains "SWA" of line 9
    assert (12, "capitalisation") in found
    assert (12, "no-note") in found
    assert all(f.severity == "warning" for f in lint([p]))


def test_lint_errors_with_file_and_line(tmp_path: Path) -> None:
    p = tmp_path / "g.yaml"
    p.write_text("glossary: g\nentries:\n  - mt: x\n    correct: y\n    bogus: 1\n")
    (finding,) = lint([p])
    assert (finding.severity, finding.line) == ("error", 5)
    assert str(finding).startswith(f"{p}:5: error: unknown field 'bogus'")


def test_append_keeps_comments_and_refuses_conflicts(tmp_path: Path) -> None:
    p = tmp_path / "g.yaml"
    original = "# keep me\nglossary: g\nentries:\n  # first\n  - mt: a\n    correct: b\n"
    p.write_text(original)
    append_entry(
        p,
        {
            "mt": "orbital ships",
            "correct": 'rail transit "and" shipbuilding',
            "apply": "auto",
            "note": "no",
        },
    )
    text = p.read_text()
    assert text.startswith(original)
    g = append_entry(p, {"term": "Southwest Aluminum", "forbidden": ["Southwest Aluminium"]})
    assert [e.correction for e in g.entries] == [
        "b",
        'rail transit "and" shipbuilding',
        "Southwest Aluminum",
    ]
    assert g.entries[1].note == "no"  # "no" stays a string
    before = p.read_bytes()
    with pytest.raises(GlossaryError, match="corrected to"):
        append_entry(p, {"mt": "Orbital Ships", "correct": "something else"})
    other = tmp_path / "other.yaml"
    other.write_text("glossary: o\nentries:\n  - mt: thick plate\n    correct: heavy plate\n")
    with pytest.raises(GlossaryError, match="corrected to"):
        append_entry(p, {"mt": "thick plate", "correct": "thick sheet"}, layers=[other])
    assert p.read_bytes() == before


def pairs(before: str, after: str) -> set[tuple[str, str]]:
    return set(replaced_phrases(before, after))


def test_a_changed_phrase_and_nothing_made_of_function_words() -> None:
    found = pairs(
        "It serves aerospace, orbital ships, automobile fields.",
        "It serves aerospace, rail transit and shipbuilding, automobile fields.",
    )
    assert found == {("orbital ships", "rail transit and shipbuilding")}
    assert pairs("he said that the output rose", "He said that its output rose") == set()
    assert pairs("Aug 12,2020 10:26CST", "Aug 12, 2020 10:26 CST") == set()
    assert pairs("from the field", "in the field") == set()


def test_shared_function_words_do_not_tie_unrelated_phrases() -> None:
    # a word diff ties the MT's "and" to the first "and" of the post-edit; both ways are
    # candidates, so the corpus decides
    found = pairs(
        "three customers from aviation, orbital ships and automobile fields.",
        "three customers in the aviation, rail transit and shipbuilding, and automotive sectors.",
    )
    assert ("orbital ships", "rail transit and shipbuilding") in found
    assert ("automobile fields", "automotive sectors") in found
    assert ("orbital ships", "rail transit") in found


def test_a_changed_word_grows_to_its_phrase() -> None:
    found = pairs(
        "and the export of thick plate reached 35,000 tons.",
        "and its heavy plate exports reached 35,000 tons.",
    )
    assert ("thick plate", "heavy plate") in found and ("thick", "heavy") in found
    assert all(any(c.isalpha() for c in mt) for mt, _ in found)


def _event(seq: int, sid: str, origin: Origin, before: str, after: str) -> EditEvent:
    return EditEvent(seq=seq, ts=0.0, segment_id=sid, origin=origin, before=before, after=after)


def test_mining_counts_translator_corrections_only() -> None:
    events = [
        _event(1, "a", "typing", "in orbital ships and cars", "in rail ships and cars"),
        _event(
            2, "a", "typing", "in rail ships and cars", "in rail transit and shipbuilding and cars"
        ),
        _event(3, "b", "import", "Orbital ships grew.", "Rail transit and shipbuilding grew."),
        _event(4, "c", "glossary-auto", "orbital ships", "rail transit and shipbuilding"),
        _event(5, "d", "typing", "a one-off typo", "a one-off fix"),
    ]
    other = [_event(1, "x", "typing", "the orbital ships", "the rail transit and shipbuilding")]
    corpus = corpus_of("p1", events) + corpus_of("p2", other)
    (s,) = mine(corpus, min_count=2)
    # a sentence-initial capital is the same correction; glossary-made changes are not evidence
    assert (s.mt, s.correct, s.count, s.seen, s.consistency) == (
        "orbital ships",
        "rail transit and shipbuilding",
        3,
        3,
        1.0,
    )
    assert {e.segment_id for e in s.examples} == {"a", "b", "x"}


def test_consistency_counts_segments_left_alone_or_corrected_otherwise() -> None:
    corpus = [
        SegmentText("p", "1", "The thick plate sold.", "The heavy plate sold."),
        SegmentText("p", "2", "Wide thick plate is rare.", "Wide heavy plate is rare."),
        SegmentText("p", "3", "Exports of thick plate rose.", "Heavy plate exports rose."),
        SegmentText("p", "4", "The thick plate stayed.", "The thick plate stayed."),  # left alone
        SegmentText("p", "5", "A thick plate mill.", "A plate mill for heavy gauges."),
    ]
    (s,) = mine(corpus, min_count=2)
    # one suggestion, not one per neighbour ("wide thick plate", "exports of thick plate")
    assert (s.mt, s.correct, s.count, s.seen) == ("thick plate", "heavy plate", 3, 5)
    assert s.consistency == 3 / 5
    assert mine(corpus, min_count=2, min_consistency=0.7) == []


def test_known_fixes_and_their_neighbours_are_left_out() -> None:
    corpus = [
        SegmentText(
            "p",
            str(i),
            f"Case {i}: the orbital ships grew.",
            f"Case {i}: the rail transit and shipbuilding grew.",
        )
        for i in range(3)
    ]
    assert [s.mt for s in mine(corpus)] == ["orbital ships"]
    assert mine(corpus, known=[("orbital ships", "rail transit and shipbuilding")]) == []


def test_in_context() -> None:
    text = (
        "SMM: August 10, Southwest Aluminium held a signing ceremony with three customers "
        "from aviation, orbital ships and automobile fields."
    )
    start = text.index("orbital ships")
    assert in_context(text, (start, start + 13)) == (
        "…with three customers from aviation, «orbital ships» and automobile fields."
    )


WORDS = ["mill", "orders", "rolled", "export", "grew", "Chongqing", "line", "copper"]
FILLER = st.sampled_from([*WORDS, "the", "of", "and", ","])


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.lists(FILLER, min_size=2, max_size=6),
        min_size=2,
        max_size=6,
    ),
    st.sampled_from(["orbital ships", "important weapon of the country", "thick plate"]),
    st.sampled_from(["rail transit and shipbuilding", "pillar of the nation", "heavy sheet"]),
)
def test_a_correction_made_everywhere_is_found(
    sentences: list[list[str]], mt: str, correct: str
) -> None:
    corpus = []
    for n, words in enumerate(sentences):
        head = " ".join(words[: len(words) // 2])
        tail = " ".join(words[len(words) // 2 :])
        before = f"{head} {mt} {tail}."
        corpus.append(SegmentText("p", str(n), before, before.replace(mt, correct)))
    found = mine(corpus, min_count=2)
    assert (found[0].mt, found[0].correct, found[0].consistency) == (mt, correct, 1.0)
    assert found[0].count == len(sentences)
    for s in found:
        assert any(t.kind == "content" for t in tokenize(s.mt))


def test_suggest_from_real_sessions(tmp_path: Path) -> None:
    art = tmp_path / "a.txt"
    art.write_text(
        "The orbital ships grew.\n\nMore orbital ships came.\n\n"
        "New orbital ships left.\n\nNo ships.\n"
    )
    with open_article(art) as s:
        for seg in s.segments:
            s.set_target(
                seg.id, seg.target.replace("orbital ships", "rail transit and shipbuilding")
            )
        corpus = corpus_of("a", list(s.events()), [(x.id, x.target) for x in s.segments])
    assert len(corpus) == 4
    (suggestion,) = mine(corpus, min_count=2)
    assert (suggestion.mt, suggestion.correct, suggestion.count) == (
        "orbital ships",
        "rail transit and shipbuilding",
        3,
    )
    assert suggestion.consistency == 1.0
