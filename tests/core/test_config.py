"""``config.toml``: defaults, every key, strict refusals."""

from __future__ import annotations

from pathlib import Path

import pytest

from workbench.core.config import Config, config_path, load_config
from workbench.core.errors import ConfigError


def test_defaults_without_a_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("USER", "li.wei")
    assert load_config(tmp_path / "none.toml") == Config(user="li.wei")
    assert config_path().parts[-2:] == ("workbench", "config.toml")


def test_every_key(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(
        'user = "anna.k"\n[memory]\npath = "tm/client.wbmem"\nauto_propagate = false\n'
        "min_score = 75.5\n"
    )
    assert load_config(path) == Config(
        user="anna.k",
        memory_path=tmp_path / "tm" / "client.wbmem",
        auto_propagate=False,
        min_score=75.5,
    )
    path.write_text('[memory]\npath = "~/x.wbmem"\nmin_score = 80\n')
    config = load_config(path)
    assert config.memory_path == Path("~/x.wbmem").expanduser() and config.min_score == 80


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("user = 3\n", "user must be a string, not int"),
        ("[memory]\nmin_score = true\n", "memory.min_score must be a number, not bool"),
        ("[memory]\nmin_score = 0\n", "between 1 and 100"),
        ("[memory]\npath = ''\n", "memory.path is empty"),
        ("[memory]\nwho = 'x'\n", "unknown key 'memory.who'"),
        ("memory = 3\n", "memory must be a table"),
        ("user = \n", "not valid TOML"),
    ],
)
def test_refusals_name_the_file(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "config.toml"
    path.write_text(text)
    with pytest.raises(ConfigError, match=message) as info:
        load_config(path)
    assert str(info.value).startswith(f"{path}: ") and "\n" not in str(info.value)
