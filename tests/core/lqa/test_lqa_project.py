"""A project's review: annotations in the project database, spans following the reviewer's
corrections, scores, translator vs reviewer HTER, and MQM TSV export/import."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from workbench.app.projects import open_article, open_existing
from workbench.cli import main
from workbench.core.lqa.annotation import Span
from workbench.core.lqa.project import correct, review_effort
from workbench.core.storage.review_store import NewError, ReviewStore

ARTICLE = "Headline here\n\nThe plant makes thick plate. Prices rose sharply today.\n"


def run(*args: object) -> Result:
    return CliRunner().invoke(main, [*map(str, args)])


@pytest.fixture
def reviewed(tmp_path: Path) -> Path:
    """An article post-edited by a translator, then reviewed: one error marked, one
    segment corrected by the reviewer, one accepted."""
    art = tmp_path / "a.txt"
    art.write_text(ARTICLE)
    with open_article(art) as s:
        s.set_target("p2s1", "The plant makes heavy plate.", keystrokes=12)
        s.confirm("p2s1")
        review = ReviewStore(s.store)
        review.set_meta({"reviewer": "rev", "translator": "tom", "system": "engine-x"})
        text = s.segment("p2s2").target
        start = text.index("sharply")
        review.add_errors(
            [
                NewError(
                    "p2s2", "rev", "Style/Awkward", "Minor", Span(start, start + 7), text, "meh"
                ),
                NewError("p2s2", "rev", "Fluency/Punctuation", "Minor", None, text),
            ]
        )
        correct(s, review, "p2s2", "Today, prices rose sharply.", keystrokes=20)
        review.set_verdict("p2s2", "rev", "rejected")
        review.set_verdict("p2s1", "rev", "accepted")
    return art


def test_the_span_follows_the_reviewers_correction(reviewed: Path) -> None:
    with open_existing(reviewed) as s:
        review = ReviewStore(s.store)
        errors = review.errors_on("p2s2", s.segment("p2s2").target)
        target = s.segment("p2s2").target
    assert target == "Today, prices rose sharply."
    first = errors[0].span
    assert first is not None and target[first.start : first.end] == "sharply"
    assert errors[1].span is None


def test_translator_and_reviewer_hter_are_separate(reviewed: Path) -> None:
    with open_existing(reviewed) as s:
        effort = review_effort(s)
        origins = [e.origin for e in s.events("p2s2")]
    assert "review" in origins
    seg = {x.segment_id: x for x in effort.segments}
    assert seg["p2s1"].translator_edits == 1 and seg["p2s1"].reviewer_edits == 0
    assert seg["p2s2"].translated == "Prices rose sharply today."
    assert seg["p2s2"].translator_edits == 0 and seg["p2s2"].reviewer_edits > 0
    assert seg["p2s2"].review_keystrokes == 20
    assert effort.reviewed_segments == 1
    assert effort.translator_hter > 0 and effort.reviewer_hter > 0


def test_lqa_score_of_a_project(reviewed: Path) -> None:
    result = run("lqa", "score", reviewed, "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    segs = {s["seg_id"]: s for s in data["segments"]}
    assert set(segs) == {"p2s1", "p2s2"}  # the headline was not reviewed
    assert segs["p2s2"]["penalty"] == pytest.approx(1.1) and segs["p2s1"]["penalty"] == 0
    assert data["systems"][0]["name"] == "engine-x"
    assert data["raters"][0]["name"] == "rev"


def test_export_then_import_into_another_copy(reviewed: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.tsv"
    result = run("lqa", "export", reviewed, "-o", out)
    assert result.exit_code == 0, result.output
    lines = out.read_text().splitlines()
    assert lines[0].split("\t") == [
        *[
            "system",
            "doc",
            "doc_id",
            "seg_id",
            "rater",
            "source",
            "target",
            "category",
            "severity",
            "comment",
        ]
    ]
    assert (
        "engine-x\ta.txt\t1\tp2s2\trev\t\tToday, prices rose <v>sharply</v>.\t"
        "Style/Awkward\tMinor\tmeh" in lines
    )
    assert (
        "engine-x\ta.txt\t1\tp2s1\trev\t\tThe plant makes heavy plate.\tNo-error\tNo-error\t"
        in (lines)
    )
    # the same scores from the file as from the project
    from_file = json.loads(run("lqa", "score", out, "--format", "json").stdout)
    from_project = json.loads(run("lqa", "score", reviewed, "--format", "json").stdout)
    assert from_file["segments"] == from_project["segments"]
    # a fresh project of the same article takes the annotations
    other = tmp_path / "b.txt"
    shutil.copy(reviewed, other)
    with open_article(other) as s:
        s.set_target("p2s2", "Today, prices rose sharply.")
    result = run("lqa", "import", out, "--project", other)
    assert result.exit_code == 0, result.output
    assert "imported 2 errors and 1 segments without errors" in result.stdout
    again = json.loads(run("lqa", "score", other, "--format", "json").stdout)
    assert again["segments"] == [
        {**s, "system": "MT", "doc": "b.txt"} for s in from_project["segments"]
    ]  # its own MT engine is not set


def test_a_bad_import_row_writes_nothing(reviewed: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.tsv"
    assert run("lqa", "export", reviewed, "-o", out).exit_code == 0
    text = out.read_text().replace("\tp2s1\t", "\tp9s9\t")
    out.write_text(text)
    other = tmp_path / "b.txt"
    shutil.copy(reviewed, other)
    open_article(other).close()
    result = run("lqa", "import", out, "--project", other)
    assert result.exit_code == 2
    line = next(n for n, row in enumerate(text.splitlines(), start=1) if "p9s9" in row)
    assert f"{out}:{line}: no segment 'p9s9'" in result.stderr
    with open_existing(other) as s:
        project = s.project_path
    conn = sqlite3.connect(project)
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    count = (
        conn.execute("SELECT count(*) FROM review_errors").fetchone()[0]
        if ("review_errors" in tables)
        else 0
    )
    conn.close()
    assert count == 0


def test_an_unreviewed_project_has_nothing_to_score(tmp_path: Path) -> None:
    art = tmp_path / "a.txt"
    art.write_text(ARTICLE)
    open_article(art).close()
    result = run("lqa", "score", art)
    assert result.exit_code == 2 and "nothing reviewed yet" in result.stderr


def test_review_refuses_bad_input_before_any_ui(tmp_path: Path) -> None:
    art = tmp_path / "a.txt"
    art.write_text(ARTICLE)
    result = run("review", art)
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        f"workbench: error: {art}: no project for this article yet "
        f"(run 'workbench edit {art}' first)"
    )
    open_article(art).close()
    bad = tmp_path / "m.yaml"
    bad.write_text("model: x\nseverities: {Major: heavy}\n")
    result = run("review", art, "--model", bad, "--reviewer", "rita")
    assert result.exit_code == 2 and f"{bad}:1: the model has no 'categories'" in (result.stderr)
    with open_existing(art) as s:
        assert ReviewStore(s.store).meta() == {}  # nothing saved


def test_projects_scored_together_per_translator_and_engine(tmp_path: Path) -> None:
    paths = []
    for name, translator, engine, severity in [
        ("a.txt", "tom", "engine-x", "Major"),
        ("b.txt", "ana", "engine-y", "Minor"),
    ]:
        art = tmp_path / name
        art.write_text(ARTICLE)
        with open_article(art) as s:
            review = ReviewStore(s.store)
            review.set_meta({"translator": translator, "system": engine})
            text = s.segment("p2s1").target
            review.add_errors([NewError("p2s1", "rev", "Accuracy", severity, None, text)])
            review.set_verdict("p1s1", "rev", "accepted")
        paths.append(art)
    result = run("lqa", "score", *paths, "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    translators = {g["name"]: g for g in data["translators"]}
    systems = {g["name"]: g["total_penalty"] for g in data["systems"]}
    assert set(translators) == {"tom", "ana"} and systems == {"engine-x": 5, "engine-y": 1}
    # tom: 5 points over 2 + 5 words rated
    assert translators["tom"]["per_1000_words"] == pytest.approx(5000 / 7)
    lines = run("lqa", "score", *paths).stdout.splitlines()
    assert "# translators" in lines and any(line.startswith("ana\t2\t2\t1\t") for line in lines)


def test_spans_follow_a_chain_of_corrections_and_a_missed_move(tmp_path: Path) -> None:
    art = tmp_path / "a.txt"
    art.write_text("Title\n\nThe board approved the new plan yesterday.\n")
    with open_article(art) as s:
        review = ReviewStore(s.store)
        text = s.segment("p2s1").target
        start = text.index("new plan")
        review.add_errors([NewError("p2s1", "rev", "Style", "Minor", Span(start, start + 8), text)])
        for after in (
            "The board finally approved the new plan yesterday.",
            "Yesterday, the board finally approved the new plan.",
            "Yesterday the board approved the new plan, finally.",
        ):
            correct(s, review, "p2s1", after)
        # an edit whose spans were not moved (a crash between the two writes)
        s.set_target("p2s1", "Yesterday the company board approved the new plan, finally.")
        current = s.segment("p2s1").target
        (error,) = review.errors_on("p2s1", current)
    assert error.span is not None and current[error.span.start : error.span.end] == "new plan"
