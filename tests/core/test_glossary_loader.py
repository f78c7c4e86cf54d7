"""Every rejection of the strict glossary reader names the file and the line."""

from __future__ import annotations

from pathlib import Path

import pytest

from workbench.core.errors import GlossaryError
from workbench.core.glossary.load import load_glossaries, validate_glossaries
from workbench.core.glossary.yaml_reader import load_glossary

HEAD = "glossary: g\nentries:\n"


def write(tmp_path: Path, text: str | bytes, name: str = "g.yaml") -> Path:
    p = tmp_path / name
    if isinstance(text, bytes):
        p.write_bytes(text)
    else:
        p.write_text(text, encoding="utf-8")
    return p


def test_loads_a_valid_glossary(tmp_path: Path) -> None:
    p = write(
        tmp_path,
        HEAD + "  - mt: [orbital ships, orbit ships]\n    correct: rail transit and shipbuilding\n"
        "    apply: auto\n    note: no\n  - term: Southwest Aluminum\n"
        "    forbidden: Southwest Aluminium\n  - mt: no\n    correct: '012'\n",
    )
    g = load_glossary(p)
    assert [e.patterns for e in g.entries] == [
        ("orbital ships", "orbit ships"),
        ("Southwest Aluminium",),
        ("no",),
    ]
    assert g.entries[0].apply == "auto" and g.entries[0].note == "no"
    assert g.entries[1].kind == "term" and g.entries[1].correction == "Southwest Aluminum"
    assert g.entries[2].correction == "012"  # YAML 1.1 would have made these bool and int
    assert g.entries[0].line == 3 and g.entries[0].file == str(p)


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        (HEAD + "  - mt: a\n    correct: !!python/object:os.system b\n", 4, "tags are not allowed"),
        (HEAD + "  - mt: &x a\n    correct: b\n", 3, "anchors"),
        (HEAD + "  - mt: a\n    correct: b\n  - mt: *x\n    correct: c\n", 5, "alias"),
        (HEAD + "  - mt: a\n    mt: b\n    correct: c\n", 4, "duplicate key 'mt'"),
        (HEAD + "  - mt: a\n    correct: b\n    colour: red\n", 5, "unknown field 'colour'"),
        (HEAD + "  - mt: ''\n    correct: b\n", 3, "mt is empty"),
        (HEAD + "  - mt: '   '\n    correct: b\n", 3, "mt is empty"),
        (HEAD + "  - mt: a\n    correct: b\n    case_sensitive: yes\n", 5, "true or false"),
        (HEAD + "  - mt: a\n    correct: b\n    apply: always\n", 5, "auto or suggest"),
        (HEAD + "  - mt: [x, [y]]\n    correct: b\n", 3, "must be a string"),
        (HEAD + "  - mt: a\n", 3, "no 'correct'"),
        (HEAD + "  - mt: a\n    correct: b\n  - mt: A\n    correct: c\n", 5, "corrected to 'c'"),
        (HEAD + "  - mt: a\n    correct: b x\n  - mt: b\n    correct: a y\n", 3, "cycle"),
        ("glossary: g\nentries: [\n", 3, "invalid YAML"),
        ("title: t\nentries: []\n", 1, "no 'glossary' id"),
        ("glossary: g\nextra: 1\nentries: []\n", 2, "unknown field 'extra'"),
        ("- a\n- b\n", 1, "must be a mapping"),
    ],
)
def test_rejections_name_file_and_line(tmp_path: Path, text: str, line: int, message: str) -> None:
    p = write(tmp_path, text)
    with pytest.raises(GlossaryError) as info:
        load_glossaries([p])
    error = info.value
    assert message in str(error)
    assert error.line == line, str(error)
    assert str(error).startswith(f"{p}:{line}: ")
    assert "\n" not in str(error)


def test_non_utf8_names_the_line(tmp_path: Path) -> None:
    p = write(tmp_path, b"glossary: g\nentries:\n  - mt: caf\xe9\n    correct: b\n")
    with pytest.raises(GlossaryError, match=r":3: not valid UTF-8"):
        load_glossaries([p])


def test_layers_conflict_across_files_and_duplicate_ids(tmp_path: Path) -> None:
    folder = tmp_path / "gl"
    folder.mkdir()
    write(folder, "glossary: a\nentries:\n  - mt: x\n    correct: y\n", "a.yaml")
    write(folder, "glossary: b\nentries:\n  - mt: X\n    correct: z\n", "b.yaml")
    _, errors = validate_glossaries([folder])
    assert any("corrected to 'z'" in str(e) and "b.yaml:3" in str(e) for e in errors)
    write(folder, "glossary: b\nentries:\n  - mt: q\n    correct: z\n", "b.yaml")
    write(folder, "glossary: a\nentries:\n  - mt: r\n    correct: s\n", "c.yaml")
    with pytest.raises(GlossaryError, match="glossary id 'a' is already used"):
        load_glossaries([folder])


def test_folder_order_and_missing_paths(tmp_path: Path) -> None:
    folder = tmp_path / "gl"
    folder.mkdir()
    write(folder, "glossary: z\nentries:\n  - mt: x\n    correct: y\n", "2.yaml")
    write(folder, "glossary: a\nentries:\n  - mt: p\n    correct: q\n", "1.yml")
    assert [g.id for g in load_glossaries([folder]).glossaries] == ["a", "z"]
    with pytest.raises(GlossaryError, match="no such glossary"):
        load_glossaries([tmp_path / "missing.yaml"])
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(GlossaryError, match=r"no \.yaml glossary"):
        load_glossaries([empty])


def test_self_expanding_correction_is_allowed(tmp_path: Path) -> None:
    p = write(tmp_path, HEAD + "  - mt: SWA\n    correct: Southwest Aluminum (SWA)\n")
    assert load_glossaries([p]).entries[0].correction == "Southwest Aluminum (SWA)"
