"""A glossary set that loaded without error is remembered (keyed by the files' bytes):
loading it again gives an equal set, and any change to a file is read and checked in full."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from workbench.core.errors import GlossaryError
from workbench.core.glossary.load import load_glossaries, validate_glossaries

GLOSSARY = """\
glossary: g
entries:
  - mt: [orbital ships, orbit ships]
    correct: rail transit
    apply: auto
    note: "ñ"
  - term: Southwest Aluminum
    forbidden: [Southwest Aluminium]
"""


def _cache() -> Path:
    return Path(os.environ["WORKBENCH_HOME"]) / "cache" / "glossaries"


def test_second_load_comes_from_the_cache_and_equals_the_first(tmp_path: Path) -> None:
    path = tmp_path / "g.yaml"
    path.write_text(GLOSSARY, encoding="utf-8")
    first = load_glossaries([path])
    cache = list(_cache().glob("*.json"))
    assert len(cache) == 1
    second = load_glossaries([path])
    assert second == first == validate_glossaries([path])[0]
    assert second.entries[0].patterns == ("orbital ships", "orbit ships")
    # the cache is what was read: marking it shows through
    cache[0].write_text(cache[0].read_text().replace("rail transit", "from the cache"))
    assert load_glossaries([path]).entries[0].correction == "from the cache"


def test_a_changed_file_is_checked_again(tmp_path: Path) -> None:
    path = tmp_path / "g.yaml"
    path.write_text(GLOSSARY, encoding="utf-8")
    load_glossaries([path])
    path.write_text(GLOSSARY + "  - mt: orbital ships\n    correct: other\n", encoding="utf-8")
    with pytest.raises(GlossaryError, match="corrected to"):
        load_glossaries([path])


def test_a_damaged_cache_file_is_ignored(tmp_path: Path) -> None:
    path = tmp_path / "g.yaml"
    path.write_text(GLOSSARY, encoding="utf-8")
    first = load_glossaries([path])
    for cached in _cache().glob("*.json"):
        cached.write_text('{"glossaries": [{"header": [1]}]}')
    assert load_glossaries([path]) == first
