"""Rules every command keeps: one glossary default, usage errors in one line (exit 2), help
text for every option without markup, help that names what exists."""

from __future__ import annotations

import dataclasses
import json
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import click
import pytest
from click.testing import CliRunner, Result

from workbench.app.projects import open_existing
from workbench.cli import main
from workbench.commands.options import project_glossaries
from workbench.core.config import Config

REPO = Path(__file__).resolve().parents[2]
MT = "Southwest Aluminum makes plate for orbital ships.\n\nPrices rose.\n"


def _cli(*args: str | Path) -> Result:
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working folder holding an article and, as the repository does, ./glossaries."""
    shutil.copytree(REPO / "glossaries", tmp_path / "glossaries")
    (tmp_path / "a.txt").write_text(MT, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _checks(result: Result) -> set[str]:
    return {f["check"] for f in json.loads(result.stdout)["findings"]}


def test_qa_apply_and_record_use_the_glossaries_folder_by_default(folder: Path) -> None:
    qa = _cli("qa", "a.txt", "--format", "json")
    assert qa.exit_code == 1 and "glossary-mt-error" in _checks(qa)
    bare = _cli("qa", "a.txt", "--format", "json", "--no-glossary")
    assert bare.exit_code == 0 and "glossary-mt-error" not in _checks(bare)
    both = _cli("qa", "a.txt", "--no-glossary", "-g", "glossaries")
    assert both.exit_code == 2 and "cannot be used together" in both.stderr
    applied = _cli("apply", "a.txt", "-o", "out.txt")
    assert applied.exit_code == 0, applied.output
    assert "rail transit and shipbuilding" in (folder / "out.txt").read_text(encoding="utf-8")
    pe = folder / "pe.txt"
    pe.write_text(MT.replace("Prices", "The prices"), encoding="utf-8")
    recorded = _cli("record", "a.txt", "--pe", pe)
    assert recorded.exit_code == 0, recorded.output
    with open_existing(folder / "a.txt") as session:
        assert session.glossary_paths == (str((folder / "glossaries").resolve()),)
        events = [(e.origin, e.after) for e in session.events()]
    assert (
        "glossary-auto",
        "Southwest Aluminum makes plate for rail transit and shipbuilding.",
    ) in (events)  # pre-edited when it was made


def test_without_the_folder_no_glossary_and_apply_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.txt").write_text(MT, encoding="utf-8")
    qa = _cli("qa", "a.txt", "--format", "json")
    assert qa.exit_code == 0 and "glossary-mt-error" not in _checks(qa)
    applied = _cli("apply", "a.txt", "-o", "out.txt")
    assert applied.exit_code == 2
    assert applied.stderr == (
        "workbench: error: no glossary given and no ./glossaries folder (use --glossary PATH)\n"
    )


def test_a_project_keeps_its_own_glossaries(folder: Path) -> None:
    other = folder / "other.yaml"
    other.write_text(
        "glossary: other\nlanguages: {source: zh, target: en}\nentries:\n"
        "  - mt: Prices rose\n    correct: Prices climbed\n    apply: auto\n",
        encoding="utf-8",
    )
    project = folder / "a.wbproj"
    made = _cli("record", "a.txt", "--pe", "a.txt", "--project", project, "-g", other)
    assert made.exit_code == 0, made.output
    # qa PROJECT (in a folder with ./glossaries) checks with the project's own glossary
    qa = _cli("qa", project, "--format", "json")
    assert "glossary-mt-error" in _checks(qa)
    matched = {f["matched"] for f in json.loads(qa.stdout)["findings"]}
    assert "Prices rose" in matched and "orbital ships" not in matched
    # edit and record: a project that exists is given no default
    assert project_glossaries(folder / "a.txt", project, ()) == ()
    assert project_glossaries(folder / "new.txt", None, ()) == (Path("glossaries"),)
    assert project_glossaries(folder / "new.txt", None, (), no_glossary=True) == ()
    assert project_glossaries(folder / "a.txt", project, (other,)) == (other,)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["qa"], "Missing argument 'ARTICLE|PROJECT|DIR' (see 'workbench qa --help')"),
        (["qa", "--bogus", "x"], "No such option '--bogus' (see 'workbench qa --help')"),
        (["apply", "x.txt"], "Missing option '-o' / '--output' (see 'workbench apply --help')"),
        (
            ["stats", "x", "--format", "xml"],
            "Invalid value for '--format': 'xml' is not one of 'text', 'json' "
            "(see 'workbench stats --help')",
        ),
        (["nope"], "No such command 'nope' (see 'workbench --help')"),
        (["memory", "search"], "Missing argument 'TEXT' (see 'workbench memory search --help')"),
    ],
)
def test_a_usage_error_is_one_line_and_exit_2(args: list[str], message: str) -> None:
    result = _cli(*args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == f"workbench: error: {message}\n"


def test_usage_error_from_the_console_script() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "workbench", "qa"], capture_output=True, text=True, check=False
    )
    assert out.returncode == 2 and out.stdout == ""
    assert out.stderr.splitlines() == [
        "workbench: error: Missing argument 'ARTICLE|PROJECT|DIR' (see 'workbench qa --help')"
    ]


def _commands() -> Iterator[tuple[str, click.Command]]:
    ctx = click.Context(main)

    def walk(command: click.Command, path: str) -> Iterator[tuple[str, click.Command]]:
        yield path, command
        if isinstance(command, click.Group):
            for name in command.list_commands(ctx):
                sub = command.get_command(ctx, name)
                assert sub is not None
                yield from walk(sub, f"{path} {name}")

    yield from walk(main, "workbench")


def test_every_option_has_help_and_no_help_has_markup() -> None:
    missing = []
    marked = []
    for path, command in _commands():
        texts = [command.help or ""]
        for param in command.params:
            if isinstance(param, click.Option) and not param.hidden:
                if not param.help:
                    missing.append(f"{path} {param.opts[0]}")
                texts.append(param.help or "")
        marked += [path for t in texts if re.search(r"``|:(func|class|mod|meth):|\*\*", t)]
    assert missing == [] and marked == []
    assert len(list(_commands())) > 20  # every command and sub-command was looked at


def test_help_names_what_exists() -> None:
    record = _cli("record", "--help").stdout
    assert "CORRECTED" not in record and "--pe" in record
    keys = {f.name for f in dataclasses.fields(Config)}
    for args in (["apply", "--help"], ["memory", "search", "--help"]):
        text = " ".join(_cli(*args).stdout.split())
        assert "memory.path" not in text and "memory.min_score" not in text
        for key in re.findall(r"config file's '(\w+)' setting", text):
            assert key in keys
    search = " ".join(_cli("memory", "search", "--help").stdout.split())
    assert "'memory_min_score' setting" in search and "memory_min_score" in keys
    assert "'memory' setting" in " ".join(_cli("apply", "--help").stdout.split())


def test_stats_finds_a_project_made_with_project(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text(MT, encoding="utf-8")
    project = tmp_path / "elsewhere.wbproj"
    made = _cli("record", article, "--pe", article, "--project", project, "--no-glossary")
    assert made.exit_code == 0, made.output
    lost = _cli("stats", article)
    assert lost.exit_code == 2 and len(lost.stderr.splitlines()) == 1
    assert "for a project made with --project, give the project file" in lost.stderr
    for args in ([article, "--project", project], [project]):
        found = _cli("stats", *args, "--format", "json")
        assert found.exit_code == 0, found.output
        assert json.loads(found.stdout)["project"] == str(project)


def test_readme_apply_example_is_what_apply_prints(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    block = readme.split("$ workbench apply samples/chinalco-demo.mt.txt", 1)[1]
    command, shown = block.split("```", 1)[0].split("\n", 1)
    shutil.copytree(REPO / "samples", tmp_path / "samples")
    shutil.copytree(REPO / "glossaries", tmp_path / "glossaries")
    monkeypatch.chdir(tmp_path)
    result = _cli("apply", "samples/chinalco-demo.mt.txt", *command.split())
    assert result.exit_code == 0, result.output
    assert result.stdout == shown
