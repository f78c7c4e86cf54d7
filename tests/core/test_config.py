"""The user's settings: defaults, a valid file, and a bad file that never stops the program."""

from __future__ import annotations

from pathlib import Path

import pytest

from workbench.core.config import Config, load_config


def test_missing_file_means_defaults(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("USER", "ana")
    config, warnings = load_config(tmp_path / "none.toml")
    assert config == Config(user="ana") and warnings == []
    assert (config.keymap, config.auto_propagate, config.pause_seconds) == ("default", True, 30.0)


def test_valid_settings(tmp_path: Path) -> None:
    p = tmp_path / "config.toml"
    p.write_text(
        'user = "li"\nkeymap = "memoq"\nauto_propagate = false\nmemory = "~/tm.db"\n'
        "pause_seconds = 12.5\n"
    )
    config, warnings = load_config(p)
    assert warnings == []
    assert (config.user, config.keymap, config.auto_propagate) == ("li", "memoq", False)
    assert config.memory == Path("~/tm.db").expanduser() and config.pause_seconds == 12.5


def test_bad_values_warn_and_fall_back(tmp_path: Path) -> None:
    p = tmp_path / "config.toml"
    p.write_text('keymap = "emacs"\npause_seconds = -1\ncolour = "red"\nauto_propagate = "yes"\n')
    config, warnings = load_config(p)
    assert config.keymap == "default" and config.pause_seconds == 30.0
    assert config.auto_propagate is True
    assert len(warnings) == 4 and all(w.startswith(f"{p}: ") for w in warnings)
    assert any("unknown setting 'colour'" in w for w in warnings)
    p.write_text("keymap = [")
    config, warnings = load_config(p)
    assert config == Config(user=config.user) and "settings ignored" in warnings[0]


def test_pause_threshold_from_settings_and_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    p = tmp_path / "config.toml"
    p.write_text("pause_seconds = 7\n")
    monkeypatch.setenv("WORKBENCH_CONFIG", str(p))
    monkeypatch.delenv("WORKBENCH_PAUSE_SECONDS", raising=False)
    assert load_config()[0].pause_seconds == 7.0
    monkeypatch.setenv("WORKBENCH_PAUSE_SECONDS", "3")
    assert load_config()[0].pause_seconds == 3.0


def test_team_store_from_settings_and_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("WORKBENCH_DATABASE_URL", raising=False)
    p = tmp_path / "config.toml"
    p.write_text('database = "postgresql://ana@desk/news"\n')
    config, warnings = load_config(p)
    assert warnings == [] and config.database == "postgresql://ana@desk/news"
    monkeypatch.setenv("WORKBENCH_DATABASE_URL", "postgresql://ben@other/desk")
    assert load_config(p)[0].database == "postgresql://ben@other/desk"
    monkeypatch.delenv("WORKBENCH_DATABASE_URL")
    p.write_text('database = "/tmp/team.db"\n')
    config, warnings = load_config(p)
    assert config.database is None
    assert warnings == [f"{p}: 'database' must be a postgresql:// URL; the default is used"]
