"""``workbench apply``: pre-edited output, hit summary, and refusal of bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from hypothesis import given
from hypothesis import strategies as st

from workbench.cli import main

REPO = Path(__file__).resolve().parents[2]
GLOSSARY = (
    "glossary: g\nentries:\n  - mt: orbital ships\n    correct: rail transit and shipbuilding\n"
    "    apply: auto\n  - mt: thick plate\n    correct: heavy plate\n"
)


@pytest.fixture
def setup(tmp_path: Path) -> tuple[Path, Path]:
    gl = tmp_path / "g.yaml"
    gl.write_text(GLOSSARY)
    art = tmp_path / "a.txt"
    art.write_bytes(b"Orbital ships and thick plate.\r\n\r\nMore orbital ships.\r\n")
    return gl, art


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(main, ["apply", *map(str, args)])


def test_file_is_pre_edited_in_its_layout(setup: tuple[Path, Path], tmp_path: Path) -> None:
    gl, art = setup
    out = tmp_path / "out.txt"
    result = run(art, "-g", gl, "-o", out)
    assert result.exit_code == 0, result.output
    assert out.read_bytes() == (
        b"Rail transit and shipbuilding and thick plate.\r\n\r\n"
        b"More rail transit and shipbuilding.\r\n"
    )
    assert "      2        0  orbital ships -> rail transit and shipbuilding" in result.stdout
    assert "      0        1  thick plate -> heavy plate" in result.stdout


def test_folder_with_json_summary(setup: tuple[Path, Path], tmp_path: Path) -> None:
    gl, _art = setup
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "one.txt").write_text("orbital ships.\n")
    (folder / "two.md").write_text("# Orbital ships\n")
    out = tmp_path / "out"
    result = run(folder, "-g", gl, "-o", out, "--format", "json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["applied"] == 2
    assert (out / "one.txt").read_text() == "rail transit and shipbuilding.\n"
    assert (out / "two.md").read_text() == "# Rail transit and shipbuilding\n"


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"", "empty"), (b"\x00\x01bin", "binary"), (b"bad \xff", "not valid UTF-8")],
)
def test_bad_article_exit_2_nothing_written(
    setup: tuple[Path, Path], tmp_path: Path, content: bytes, message: str
) -> None:
    gl, art = setup
    art.write_bytes(content)
    out = tmp_path / "out.txt"
    result = run(art, "-g", gl, "-o", out)
    assert result.exit_code == 2
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not out.exists()


def test_bad_glossary_missing_input_and_overwrite(setup: tuple[Path, Path], tmp_path: Path) -> None:
    gl, art = setup
    out = tmp_path / "out.txt"
    bad = tmp_path / "bad.yaml"
    bad.write_text("glossary: g\nentries:\n  - mt: x\n    correct: !!python/object:os.system y\n")
    for args, message in [
        ((art, "-g", bad, "-o", out), f"{bad}:4:"),
        ((tmp_path / "missing.txt", "-g", gl, "-o", out), "no such file"),
        ((art, "-g", gl, "-o", art), "would overwrite the input"),
    ]:
        result = run(*args)
        assert result.exit_code == 2, result.output
        assert message in result.stderr
        assert "Traceback" not in result.output
    assert not out.exists()
    assert art.read_bytes().startswith(b"Orbital ships")


def test_folder_with_a_bad_file_writes_nothing(setup: tuple[Path, Path], tmp_path: Path) -> None:
    gl, _ = setup
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text("orbital ships\n")
    (folder / "zbad.txt").write_bytes(b"\xff\xfe")
    out = tmp_path / "out"
    result = run(folder, "-g", gl, "-o", out)
    assert result.exit_code == 2
    assert not (out / "good.txt").exists()


def test_real_console_script_on_the_demo(tmp_path: Path) -> None:
    out = tmp_path / "demo.txt"
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "workbench",
            "apply",
            "samples/chinalco-demo.mt.txt",
            "--glossary",
            "glossaries",
            "-o",
            str(out),
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stderr
    assert "pillar of the nation" in out.read_text()
    assert "fixes applied" in proc.stdout


def test_near_misses_are_offered_only_with_near(setup: tuple[Path, Path], tmp_path: Path) -> None:
    """By default the report counts exact suggestions; ``--near`` adds fuzzy near misses."""
    gl, _ = setup
    art = tmp_path / "near.txt"
    art.write_text("The orbit ships and thick plate. More orbital shipss here.\n")
    plain = run(art, "-g", gl, "-o", tmp_path / "plain.txt", "--format", "json")
    near = run(art, "-g", gl, "-o", tmp_path / "near.out.txt", "--format", "json", "--near")
    assert plain.exit_code == 0 and near.exit_code == 0, (plain.stderr, near.stderr)
    plain_rows = {r["mt"]: r for r in json.loads(plain.stdout)["entries"]}
    near_rows = {r["mt"]: r for r in json.loads(near.stdout)["entries"]}
    assert plain_rows["thick plate"]["offered"] == 1  # the suggestion, exact
    assert "orbital ships" not in plain_rows  # no exact hit, no near miss counted
    assert near_rows["orbital ships"]["offered"] == 2  # "orbit ships", "orbital shipss"
    assert near_rows["thick plate"]["offered"] == 1
    assert (tmp_path / "plain.txt").read_bytes() == (tmp_path / "near.out.txt").read_bytes()


def test_every_core_gives_the_serial_result(
    setup: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A folder (one task per article) and a long article (pieces cut at blank lines for a
    plain-text file, chunks of segments otherwise) give the same files and report with one
    worker and whole as with two workers and in pieces; BOM and CRLF kept."""
    import workbench.app.pre_editing as apply_command

    gl, _ = setup
    folder = tmp_path / "in"
    (folder / "deep").mkdir(parents=True)
    for i in range(5):
        (folder / ("deep" if i % 2 else "") / f"a{i}.txt").write_text(
            f"Article {i}: orbital ships.\n\nThick plate and orbit ships {i}.\n"
        )
    body = "".join(
        f"Line {i} has orbital ships and thick plate.\r\n{'  ' if i % 3 else ''}\r\n"
        f"Orbitl ships {i}; THICK PLATE.\r\n\r\n"
        for i in range(40)
    )
    long_txt = tmp_path / "long.txt"
    long_txt.write_bytes(b"\xef\xbb\xbf" + body.encode())
    long_de = tmp_path / "lang.txt"  # split by German rules, whole or in pieces
    long_de.write_text(
        "".join(
            f"Die Produktion stieg am 3. Mai um {i} Prozent. Orbital ships und thick plate "
            f"wurden bestellt, sagte Dr. Li.\n\n"
            for i in range(30)
        )
    )
    long_md = tmp_path / "long.md"
    long_md.write_text("# Title\n\n" + body.replace("\r\n", "\n"))
    seen = {}
    for workers, pieces in (("1", 10**9), ("2", 50)):
        monkeypatch.setenv("WORKBENCH_WORKERS", workers)
        monkeypatch.setattr(apply_command, "CHUNK", 10**9 if workers == "1" else 7)
        monkeypatch.setattr(apply_command, "SPLIT_CHARS", pieces)
        out_dir = tmp_path / f"out{workers}"
        got = []
        for source in (folder, long_txt, long_md, long_de):
            out = out_dir if source is folder else tmp_path / f"{workers}{source.name}"
            result = run(source, "-g", gl, "-o", out, "--near", "--format", "json")
            assert result.exit_code == 0, result.stderr
            got.append(json.loads(result.stdout)["entries"])
            if source is not folder:
                got.append(out.read_bytes())
        got.append({p.relative_to(out_dir): p.read_bytes() for p in sorted(out_dir.rglob("*.txt"))})
        seen[workers] = got
    assert seen["1"] == seen["2"]
    assert len(seen["1"][-1]) == 5
    assert seen["1"][2].startswith(b"\xef\xbb\xbf") and b"\r\n" in seen["1"][2]
    assert {r["mt"]: r["applied"] for r in seen["1"][1]}["orbital ships"] == 40


@given(
    st.lists(
        st.sampled_from(["One.", "Two lines\nhere.", "\n", "\n\n", " \n", "\r\n", "x"]),
        max_size=30,
    ),
    st.integers(1, 6),
)
def test_split_at_blank_lines_keeps_paragraphs_whole(pieces: list[str], parts: int) -> None:
    from workbench.app.pre_editing import split_at_blank_lines
    from workbench.core.segmentation import segment_text

    text = "".join(pieces)
    split = split_at_blank_lines(text, parts)
    assert "".join(split) == text
    assert len(split) <= max(parts, 1)
    whole = [s.text for s in segment_text(text)[1]]
    assert [s.text for piece in split for s in segment_text(piece)[1]] == whole


def test_an_article_too_large_for_the_pool_is_streamed_with_the_same_result(
    setup: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An article above the pool's limit (a one-line article has no blank line to cut it
    at) is pre-edited a chunk of segments at a time in the command's process: the same
    bytes (BOM and CRLF kept) and the same report as the whole document's."""
    import workbench.app.pool as pool
    import workbench.app.pre_editing as apply_command

    gl, _ = setup
    one_line = tmp_path / "one.txt"
    one_line.write_text(
        " ".join(
            f"Sentence {i} has orbital ships, an thick plate; Orbitl shipss {i}." for i in range(60)
        )
    )
    paragraphs = tmp_path / "paragraphs.txt"
    body = "".join(f"Orbital ships {i}.\r\nThick plate, orbit ships.\r\n\r\n" for i in range(30))
    paragraphs.write_bytes(b"\xef\xbb\xbf" + body.encode())
    seen = {}
    for limit in (10**9, 100):
        monkeypatch.setattr(pool, "POOL_MAX_BYTES", limit)
        monkeypatch.setattr(apply_command, "STREAMED_CHUNK", 500 if limit > 100 else 7)
        monkeypatch.setattr(apply_command, "SPOOL_IN_MEMORY", 10**9 if limit > 100 else 50)
        got = []
        for source in (one_line, paragraphs):
            out = tmp_path / f"{limit}-{source.name}"
            result = run(source, "-g", gl, "-o", out, "--near", "--format", "json")
            assert result.exit_code == 0, result.stderr
            got += [json.loads(result.stdout)["entries"], out.read_bytes()]
        seen[limit] = got
    assert seen[100] == seen[10**9]
    entries = {r["mt"]: r for r in seen[100][0]}
    assert entries["orbital ships"]["applied"] == 60
    assert entries["orbital ships"]["offered"] == 60  # "Orbitl shipss", a near miss
    assert seen[100][3].startswith(b"\xef\xbb\xbf") and b"\r\n" in seen[100][3]
