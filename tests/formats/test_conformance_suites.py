"""The published conformance files: the OASIS XLIFF 2 TC test suite and the LISA TMX
compliance kit (``tests/data/xliff2-test-suite``, ``tests/data/tmx-compliance-kit``; origin
and licence in their READMEs).

Valid files are imported and written back unchanged (``--to original``, compared as XML
trees); invalid ones are refused with one line and exit 2, but for those the README lists
as not detected yet (still read, never a crash)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from tests.formats.test_original_roundtrip import canonical
from tests.schemas import validate_tmx
from workbench.app.projects import open_existing
from workbench.cli import main

DATA = Path(__file__).resolve().parents[1] / "data"
SUITE = DATA / "xliff2-test-suite"
KIT = DATA / "tmx-compliance-kit"
VALID = sorted(SUITE.glob("*/valid/*.xlf"))
INVALID = sorted(SUITE.glob("*/invalid/*.xlf"))
NOT_DETECTED = {
    line.strip()
    for line in (SUITE / "not-detected.txt").read_text(encoding="utf-8").splitlines()
    if line.strip() and not line.startswith("#")
}
EMPTY = {"core/valid/almostEmpty.xlf"}  # a <file> without a unit: nothing to translate


def cli(*args: object) -> Result:
    return CliRunner().invoke(main, [str(a) for a in args])


def _rel(path: Path) -> str:
    return path.relative_to(SUITE).as_posix()


def _one_line_refusal(result: Result) -> None:
    assert result.exit_code == 2, (result.exit_code, result.output, result.exception)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("workbench: error: "), result.stderr


@pytest.mark.parametrize("path", VALID, ids=_rel)
def test_valid_xliff2_files_import_and_go_back_unchanged(path: Path, tmp_path: Path) -> None:
    project = tmp_path / "p.wbproj"
    result = cli("import", path, "--project", project)
    if _rel(path) in EMPTY:
        _one_line_refusal(result)
        assert "no translation units" in result.stderr
        return
    assert result.exit_code == 0, result.stderr
    out = tmp_path / "out.xlf"
    assert cli("export", project, "--to", "original", "-o", out).exit_code == 0
    assert canonical(out.read_bytes()) == canonical(path.read_bytes())


def test_everything_core_keeps_the_nearest_translate() -> None:
    """``translate="yes"`` on a unit inside a ``translate="no"`` file: the unit is read."""
    from workbench.formats.registry import read_document

    doc = read_document(SUITE / "core" / "valid" / "everything-core.xlf")
    assert doc.segments and {s.origin.unit_id for s in doc.segments if s.origin} >= {"tu1"}


@pytest.mark.parametrize("path", INVALID, ids=_rel)
def test_invalid_xliff2_files_are_refused_with_one_line(path: Path, tmp_path: Path) -> None:
    result = cli("import", path, "--project", tmp_path / "p.wbproj")
    if _rel(path) in NOT_DETECTED:
        assert result.exit_code == 0, f"{_rel(path)} is detected now: remove it from the list"
        return
    _one_line_refusal(result)
    assert not (tmp_path / "p.wbproj").exists()


def test_the_not_detected_list_names_only_invalid_files() -> None:
    assert {_rel(p) for p in INVALID} >= NOT_DETECTED


KIT_FILES = sorted(KIT.glob("*.tmx"))


def _kit_import(path: Path, project: Path) -> Result:
    result = cli("import", path, "--project", project)
    if result.exit_code == 2 and "pass --source-lang and --target-lang" in result.stderr:
        _one_line_refusal(result)
        langs = re.search(r"\(([^)]*)\)", result.stderr)
        assert langs is not None
        source, target = [x.strip() for x in langs.group(1).split(",")][:2]
        result = cli(
            "import", path, "--project", project, "--source-lang", source, "--target-lang", target
        )
    return result


@pytest.mark.parametrize("path", KIT_FILES, ids=lambda p: p.name)
def test_tmx_kit_files_import_and_go_back_unchanged(path: Path, tmp_path: Path) -> None:
    project = tmp_path / "p.wbproj"
    result = _kit_import(path, project)
    assert result.exit_code == 0, result.stderr
    out = tmp_path / "out.tmx"
    assert cli("export", project, "--to", "original", "-o", out).exit_code == 0
    assert canonical(out.read_bytes()) == canonical(path.read_bytes())
    assert out.read_bytes()[:2] == path.read_bytes()[:2]  # UTF-16 stays UTF-16


@pytest.mark.parametrize("path", KIT_FILES, ids=lambda p: p.name)
def test_tmx_kit_files_edited_still_validate(path: Path, tmp_path: Path) -> None:
    project = tmp_path / "p.wbproj"
    assert _kit_import(path, project).exit_code == 0
    with open_existing(project, read_only=False) as session:
        for state in list(session.segments):
            session.set_target(state.id, f"edited {state.target}")
    out = tmp_path / "out.tmx"
    assert cli("export", project, "--to", "original", "-o", out).exit_code == 0
    version = re.search(rb'<tmx version="([\d.]+)"', out.read_bytes().replace(b"\x00", b""))
    assert version is not None
    assert validate_tmx(out.read_bytes(), version=version.group(1).decode()) == []
    again = tmp_path / "again.wbproj"
    assert _kit_import(out, again).exit_code == 0
    with open_existing(again) as session:
        assert all(s.target.startswith("edited ") for s in session.segments)
