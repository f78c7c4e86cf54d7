"""The path guard of ``workbench serve``: a path typed in the browser writes only inside the
export folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from workbench.core.confine import Confinement
from workbench.core.errors import OutputError


@pytest.fixture
def root(tmp_path: Path) -> Path:
    folder = tmp_path / "exports"
    (folder / "sub").mkdir(parents=True)
    return folder


def test_paths_inside_the_folder_are_allowed(root: Path) -> None:
    guard = Confinement.of(root)
    assert guard.export_path(str(root / "a.txt")) == root.resolve() / "a.txt"
    assert guard.export_path("sub/b.md", cwd=root) == root.resolve() / "sub" / "b.md"
    assert guard.export_path("  c.html ", cwd=root) == root.resolve() / "c.html"


@pytest.mark.parametrize(
    ("typed", "why"),
    [
        ("~/.bashrc", "'~' is not expanded"),
        ("~", "'~' is not expanded"),
        ("../../.bashrc", "'..' is not allowed"),
        ("sub/../../x.txt", "'..' is not allowed"),
        ("/etc/passwd", "outside the export folder"),
        (".bashrc", "hidden files"),
        ("sub/.config/autostart.txt", "hidden files"),
        (".", "outside the export folder"),  # the folder itself is no file
        ("", "give an output file"),
    ],
)
def test_paths_that_leave_the_folder_are_refused(root: Path, typed: str, why: str) -> None:
    with pytest.raises(OutputError, match=why.replace("(", r"\(")):
        Confinement.of(root).export_path(typed, cwd=root)


def test_a_symlink_cannot_lead_out(root: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (root / "door").symlink_to(outside)
    (root / "profile.txt").symlink_to(tmp_path / "victim.txt")
    guard = Confinement.of(root)
    for typed in ("door/x.txt", "profile.txt"):
        with pytest.raises(OutputError, match="outside the export folder"):
            guard.export_path(typed, cwd=root)


def test_a_relative_path_is_relative_to_the_working_folder(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(root / "sub")
    assert Confinement.of(root).export_path("x.txt") == root.resolve() / "sub" / "x.txt"
    monkeypatch.chdir(root.parent)
    with pytest.raises(OutputError):
        Confinement.of(root).export_path("x.txt")
    assert not os.path.exists(root.parent / "x.txt")


def test_only_the_glossaries_given_at_start_may_change(tmp_path: Path) -> None:
    given, remembered = tmp_path / "given.yaml", tmp_path / "old.yaml"
    guard = Confinement.of(tmp_path, [given])
    assert guard.glossary_paths([str(remembered), str(given)]) == [str(given)]
    assert Confinement.of(tmp_path).glossary_paths([str(given)]) == []
