"""``workbench qa``: reports, exit codes 0/1/2, bad input."""

from __future__ import annotations

import itertools
import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from workbench.app.projects import open_article
from workbench.cli import main

# The test articles' names (Liangzhi, Xipeng...) are in the user's word list, as a
# translator of such news has them: spelling says nothing of them here.
pytestmark = pytest.mark.usefixtures("sample_names_known")

GLOSSARY = """\
glossary: metals-news
title: Metals industry news, zh-en MT fixes
languages: {source: zh, target: en}
entries:
  - mt: orbital ships
    correct: rail transit and shipbuilding
    source: 轨道交通、船舶
    apply: auto
  - term: Southwest Aluminum
    forbidden: [Southwest Aluminium]
"""

POST_EDITED = (
    "Southwest Aluminum will expand applications in aerospace, 轨道交通 and cars.\n\n"
    "Tang Liangzhi praised the the plant.\n"
)


def _qa(*args: str | Path) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["qa", *map(str, args)])
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def glossary(tmp_path: Path) -> Path:
    path = tmp_path / "metals.yaml"
    path.write_text(GLOSSARY, encoding="utf-8")
    return path


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "article.txt"
    path.write_text(POST_EDITED, encoding="utf-8")
    return path


def test_text_report_and_exit_1_on_errors(article: Path) -> None:
    code, out, err = _qa(article)
    assert code == 1, err
    lines = out.splitlines()
    assert lines[0].startswith("p1s1 error source-script: Chinese text '轨道交通'")
    assert lines[1] == "p2s1 warning repeated-word: repeated word 'the the'"
    assert lines[-1] == "1 error, 1 warning, 0 info in 2 segments"
    assert err == ""


def test_json_report(article: Path) -> None:
    code, out, _ = _qa(article, "--format", "json")
    assert code == 1
    data = json.loads(out)
    assert [(f["segment"], f["check"], f["severity"]) for f in data["findings"]] == [
        ("p1s1", "source-script", "error"),
        ("p2s1", "repeated-word", "warning"),
    ]
    assert all(f["message"] for f in data["findings"])
    assert data["summary"]["error"] == 1 and data["summary"]["segments"] == 2


def test_warnings_only_exit_0(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("Tang Liangzhi praised the the plant.\n", encoding="utf-8")
    code, out, _ = _qa(path)
    assert code == 0
    assert "repeated-word" in out


def test_sample_article_is_clean_without_a_glossary_and_not_with_one(
    metals_news: Path, glossary: Path
) -> None:
    code, out, _ = _qa(metals_news, "--no-glossary")  # (the repository has ./glossaries)
    assert code == 0, out
    assert out == "0 errors, 0 warnings, 0 info in 41 segments\n"
    code, out, _ = _qa(metals_news, "--glossary", glossary, "--format", "json")
    assert code == 1
    checks = {(f["check"], f["matched"]) for f in json.loads(out)["findings"]}
    assert checks == {
        ("glossary-mt-error", "orbital ships"),
        ("glossary-forbidden", "Southwest Aluminium"),
    }


def test_article_is_checked_as_it_stands_glossary_not_applied(
    tmp_path: Path, glossary: Path
) -> None:
    path = tmp_path / "a.txt"
    path.write_text("Southwest Aluminium makes plates for orbital ships.\n", encoding="utf-8")
    code, out, _ = _qa(path, "--glossary", glossary)
    assert code == 1
    assert "glossary-forbidden" in out and "glossary-mt-error" in out
    assert path.read_text(encoding="utf-8").startswith("Southwest Aluminium")  # untouched


def test_source_file_aligned_by_segment(tmp_path: Path) -> None:
    target = tmp_path / "a.txt"
    target.write_text("On July 12, Tang Liangzhi visited Southwest Aluminum.\n", encoding="utf-8")
    source = tmp_path / "a.zh.txt"
    source.write_text("7月21日，唐良智到西南铝调研。\n", encoding="utf-8")
    code, out, _ = _qa(target, "--source", source, "--format", "json")
    assert code == 0  # numbers are warnings
    matched = sorted(f["matched"] for f in json.loads(out)["findings"] if f["check"] == "numbers")
    assert matched == ["12", "21"]


def _bad(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("empty.txt", b""),
        ("blank.txt", b" \n\n"),
        ("binary.txt", b"\x00\x01\x02PNG"),
        ("latin1.txt", "Caf\u00e9 au lait.\n".encode("latin-1")),
    ],
)
def test_bad_article_exit_2_one_line(tmp_path: Path, name: str, data: bytes) -> None:
    code, out, err = _qa(_bad(tmp_path, name, data))
    assert code == 2
    assert out == ""
    assert len(err.strip().splitlines()) == 1 and err.startswith("workbench: error:")


def test_missing_file_folder_bad_glossary_bad_format_exit_2(tmp_path: Path, article: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    for args in (
        [tmp_path / "nope.txt"],
        [empty],
        [article, "--glossary", _bad(tmp_path, "g.yaml", b"glossary: [unclosed\n")],
        [article, "--glossary", tmp_path / "missing.yaml"],
        [article, "--format", "xml"],
    ):
        code, out, err = _qa(*args)
        assert code == 2, args
        assert out == ""
        assert len(err.strip().splitlines()) >= 1


def test_misaligned_source_exit_2(tmp_path: Path, article: Path) -> None:
    source = tmp_path / "s.zh.txt"
    source.write_text("西南铝。\n", encoding="utf-8")  # one paragraph against two
    code, out, err = _qa(article, "--source", source)
    assert code == 2 and out == ""
    assert "paragraphs" in err and len(err.strip().splitlines()) == 1


def test_project_checks_targets_against_mt_and_honours_ignored(
    tmp_path: Path, glossary: Path
) -> None:
    from workbench.core.session import Session

    article = tmp_path / "mt.txt"
    article.write_text(
        "SWA will expand applications in aerospace, orbital ships and cars.\n\n"
        "In 2020 output rose by 100 billion yuan.\n",
        encoding="utf-8",
    )
    project = tmp_path / "mt.wbproj"
    with open_article(article, project=project, glossaries=[glossary]) as session:
        first, second = session.segments
        assert "rail transit and shipbuilding" in first.target  # auto fix applied as pre
        session.set_target(first.id, first.mt)  # the translator put the MT error back
        session.set_target(second.id, second.target.replace("100", "10"))
    code, out, err = _qa(project, "--format", "json")
    assert code == 1, err
    found = json.loads(out)["findings"]
    assert ("p1s1", "glossary-mt-error", "error") in {
        (f["segment"], f["check"], f["severity"]) for f in found
    }
    assert {f["matched"] for f in found if f["check"] == "numbers"} == {
        "100 billion",
        "10 billion",
    }
    with Session.open_project(project) as session:
        session.ignore_finding("p1s1", "glossary-mt-error", "orbital ships", "client's term")
    code, out, _ = _qa(project)
    assert code == 0
    assert "[ignored: client's term]" in out
    code, _, err = _qa(project, "--source", article)
    assert code == 2 and "--source" in err


def test_real_subprocess(article: Path) -> None:
    exe = Path(sys.executable).with_name("workbench")
    proc = subprocess.run(
        [str(exe), "qa", str(article), "--format", "json"], capture_output=True, text=True
    )
    assert proc.returncode == 1, proc.stderr
    assert json.loads(proc.stdout)["summary"]["error"] == 1
    missing = subprocess.run(
        [str(exe), "qa", str(article) + ".missing"], capture_output=True, text=True
    )
    assert missing.returncode == 2 and missing.stdout == ""
    assert missing.stderr.count("\n") == 1 and "Traceback" not in missing.stderr


def test_repeated_findings_are_capped_per_check_and_segment(tmp_path: Path) -> None:
    """A one-line segment with hundreds of repeated words lists 20 per check and segment
    and one finding that counts the rest, in the text and in the JSON report."""
    from workbench.qa.model import MAX_PER_CHECK

    article = tmp_path / "one-line.txt"
    article.write_text("Aluminum output rose " + "the " * 400 + "and  prices  rose  " * 10)
    code, out, _ = _qa(article, "--format", "json")
    assert code == 0
    findings = json.loads(out)["findings"]
    repeated = [f for f in findings if f["check"] == "repeated-word"]
    spaces = [f for f in findings if f["check"] == "double-space"]
    assert len(repeated) == MAX_PER_CHECK + 1
    assert repeated[-1]["message"] == "379 more repeated-word findings in this segment (not listed)"
    assert len(spaces) == MAX_PER_CHECK + 1
    assert spaces[-1]["matched"] == f"+{29 - MAX_PER_CHECK}"  # 10 x 3 gaps, the last at the end
    code, text, _ = _qa(article)
    assert "379 more repeated-word findings in this segment" in text
    assert len(text.splitlines()) < 60


def test_folder_over_every_core_equals_the_serial_run(
    tmp_path: Path, glossary: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``qa DIR`` checks every article (a process pool, one progress bar on stderr); the
    report is the same with one worker or two, and the exit code sums up all files."""
    folder = tmp_path / "articles"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.txt").write_text(POST_EDITED)
    (folder / "sub" / "b.md").write_text("Clean text here.\n\nThe price rose by 5%.\n")
    (folder / "c.txt").write_text("Southwest Aluminium said that the the orders rose.\n")
    reports = {}
    for workers in ("1", "2"):
        monkeypatch.setenv("WORKBENCH_WORKERS", workers)
        for fmt in ("text", "json"):
            result = CliRunner().invoke(
                main, ["qa", str(folder), "-g", str(glossary), "--format", fmt]
            )
            assert result.exit_code == 1, result.stderr
            reports[workers, fmt] = result.stdout
    assert reports["1", "text"] == reports["2", "text"]
    assert reports["1", "json"] == reports["2", "json"]
    data = json.loads(reports["2", "json"])
    assert [f["path"] for f in data["files"]] == [
        str(folder / "a.txt"),
        str(folder / "c.txt"),
        str(folder / "sub" / "b.md"),
    ]
    assert data["summary"]["segments"] == sum(f["summary"]["segments"] for f in data["files"])
    checks = {f["check"] for f in data["files"][1]["findings"]}
    assert {"glossary-forbidden", "repeated-word"} <= checks
    assert reports["1", "text"].splitlines()[-1].startswith("3 files: ")


@pytest.mark.parametrize(
    ("one_line", "suffix"), [(True, ".txt"), (False, ".txt"), (True, ".md"), (False, ".md")]
)
def test_large_article_streamed_gives_the_documents_findings(
    tmp_path: Path, glossary: Path, monkeypatch: pytest.MonkeyPatch, one_line: bool, suffix: str
) -> None:
    """An article too large for the pool is checked in one pass over its segments, which
    are never all held: the report is the one its document gives, byte for byte (the same
    ids, findings and order), with a progress bar on stderr."""
    import workbench.app.pool as pool

    sentences = [
        "Southwest Aluminium signed new orders for the the plant.",
        "Die Produktion stieg im vergangenen Jahr um zehn Prozent, sagte der Sprecher.",
        "The 轨道交通 market grew by 5%.",
        "Prices rose again ，and the plant expanded.",
        "Clean text here with nothing to report at all.",
    ]
    parts = [sentences[(i * 7) % len(sentences)] for i in range(2 * 2000 + 300)]
    if one_line:
        text = " ".join(parts)
    else:
        text = "\n\n".join(" ".join(parts[i : i + 9]) for i in range(0, len(parts), 9)) + "\n"
        if suffix == ".md":  # headings and list items are units of their own
            text = "# Southwest Aluminium news\n\n- the the orders\n- 轨道交通 plates\n\n" + text
    article = tmp_path / f"long{suffix}"
    article.write_text(text, encoding="utf-8")
    reports = {}
    for limit, fmt in itertools.product((10**9, 0), ("json", "text")):
        # the pool's limit above, then below, the article's size (then its findings are
        # written as they are found, never all held)
        monkeypatch.setattr(pool, "POOL_MAX_BYTES", limit)
        monkeypatch.setenv("WORKBENCH_WORKERS", "1")
        result = CliRunner().invoke(
            main, ["qa", str(article), "-g", str(glossary), "--format", fmt]
        )
        assert result.exit_code == 1, result.stderr
        reports[limit, fmt] = result.stdout
        if limit == 0:
            assert "Checking" in result.stderr
    segments = len(parts) + (3 if suffix == ".md" and not one_line else 0)
    assert reports[0, "text"] == reports[10**9, "text"]
    assert reports[0, "text"].endswith(f" in {segments} segments\n")
    assert reports[0, "json"] == reports[10**9, "json"]
    data = json.loads(reports[0, "json"])
    assert data["summary"]["segments"] == segments
    checks = {f["check"] for f in data["findings"]}
    assert {"glossary-forbidden", "repeated-word", "source-script", "wrong-language"} <= checks


def test_long_article_over_two_workers_equals_one(
    tmp_path: Path, glossary: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A long article's chunks checked by two workers (their findings sent back as plain
    rows) give the report one worker gives, byte for byte: the same findings, fields,
    suggestions and order."""
    sentences = [
        "Southwest Aluminium signed new orders for the the plant.",
        "The recieve of teh new orders was expected, sadi the spokesman.",
        "Die Produktion stieg im vergangenen Jahr um zehn Prozent, sagte der Sprecher.",
        "The 轨道交通 market grew by 5%.",
    ]
    parts = [sentences[(i * 7) % len(sentences)] for i in range(2 * 2000 + 300)]
    article = tmp_path / "long.txt"
    article.write_text("\n\n".join(parts) + "\n", encoding="utf-8")
    reports = {}
    for workers in ("1", "2"):
        monkeypatch.setenv("WORKBENCH_WORKERS", workers)
        result = CliRunner().invoke(
            main, ["qa", str(article), "-g", str(glossary), "--format", "json"]
        )
        assert result.exit_code == 1, result.stderr
        reports[workers] = result.stdout
    assert reports["1"] == reports["2"]
    found = json.loads(reports["2"])["findings"]
    spelling = [f for f in found if f["check"] == "spelling" and f["matched"] == "recieve"]
    assert len(spelling) == len(parts) // len(sentences)
    assert "receive" in spelling[0]["suggestions"]
    checks = {f["check"] for f in found}
    assert {"glossary-forbidden", "repeated-word", "source-script", "wrong-language"} <= checks
