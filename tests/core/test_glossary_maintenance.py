"""Lint warnings, appending entries safely, and mining corrections for new entries."""

from __future__ import annotations

from pathlib import Path

import pytest

from workbench.core.edits import EditEvent
from workbench.core.errors import GlossaryError
from workbench.core.glossary.lint import lint
from workbench.core.glossary.mining import mine, replaced_phrases
from workbench.core.glossary.writer import append_entry
from workbench.workspace import open_article


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


def test_replaced_phrases_merge_adjacent_operations() -> None:
    assert replaced_phrases(
        "It serves aerospace, orbital ships, automobile fields.",
        "It serves aerospace, rail transit and shipbuilding, automobile fields.",
    ) == [("orbital ships", "rail transit and shipbuilding")]


def _event(seq: int, sid: str, origin: str, before: str, after: str) -> EditEvent:
    return EditEvent(seq=seq, ts=0.0, segment_id=sid, origin=origin, before=before, after=after)  # type: ignore[arg-type]


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
    (s,) = mine([("p1", events), ("p2", other)], min_count=2)
    assert (s.mt.casefold(), s.count) == ("orbital ships", 2)
    # "Orbital ships"→"Rail..." differs in case from the others: counted apart, consistency < 1
    assert s.correct == "rail transit and shipbuilding" and s.consistency < 1


def test_suggest_from_real_sessions(tmp_path: Path) -> None:
    art = tmp_path / "a.txt"
    art.write_text(
        "The orbital ships grew.\n\nMore orbital ships came.\n\nNew orbital ships left.\n"
    )
    with open_article(art) as s:
        for seg in s.segments:
            s.set_target(
                seg.id, seg.target.replace("orbital ships", "rail transit and shipbuilding")
            )
        events = list(s.events())
    (suggestion,) = mine([("a", events)], min_count=2)
    assert (suggestion.mt, suggestion.correct, suggestion.count) == (
        "orbital ships",
        "rail transit and shipbuilding",
        3,
    )
    assert suggestion.consistency == 1.0
