"""The user's settings: ``<config dir>/workbench/config.toml`` (``~/.config/workbench`` on
Linux; ``$WORKBENCH_CONFIG`` names another file).

```toml
user = "ana"                # who: recorded with memory units (default: $USER)
keymap = "memoq"            # key preset: default | memoq | matecat | omegat
auto_propagate = true       # offer a confirmed target to repetitions (OmegaT-style)
memory = "~/tm/client.db"   # the post-edit memory file (default: the user data folder)
memory_min_score = 70       # the lowest fuzzy memory match offered, 1-100
pause_seconds = 30          # idle gaps longer than this are not counted as working time
database = "postgresql://ana@desk.example/news"  # a team store: projects and the memory
```

``$WORKBENCH_PAUSE_SECONDS`` overrides ``pause_seconds``; ``$WORKBENCH_DATABASE_URL``
overrides ``database``. The settings are read once where the
program starts (the command, the editor's app) and passed down.

A missing file means the defaults. A file that cannot be used never stops the program:
:func:`load_config` returns the defaults for what it could not read and one warning per
problem, which the commands and the editor show.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal

import platformdirs

KeymapPreset = Literal["default", "memoq", "matecat", "omegat"]
KEYMAP_PRESETS: tuple[KeymapPreset, ...] = ("default", "memoq", "matecat", "omegat")
DEFAULT_PAUSE_SECONDS = 30.0
DEFAULT_MEMORY_MIN_SCORE = 70.0


def config_dir() -> Path:
    return Path(platformdirs.user_config_dir("workbench", appauthor=False))


def config_path() -> Path:
    override = os.environ.get("WORKBENCH_CONFIG")
    return Path(override) if override else config_dir() / "config.toml"


def _default_user() -> str:
    return os.environ.get("USER") or os.environ.get("USERNAME") or "unknown"


@dataclass(frozen=True)
class Config:
    user: str = field(default_factory=_default_user)
    keymap: KeymapPreset = "default"
    auto_propagate: bool = True
    memory: Path | None = None
    pause_seconds: float = DEFAULT_PAUSE_SECONDS
    memory_min_score: float = DEFAULT_MEMORY_MIN_SCORE
    database: str | None = None  # a postgresql:// URL: the team store


def load_config(path: Path | None = None) -> tuple[Config, list[str]]:
    """The settings and a warning per problem (unknown key, wrong type, unreadable file),
    with ``$WORKBENCH_PAUSE_SECONDS`` over ``pause_seconds``."""
    config, warnings = _from_file(path or config_path())
    override = os.environ.get("WORKBENCH_PAUSE_SECONDS")
    if override is not None:
        try:
            seconds = float(override)
        except ValueError:
            warnings.append(f"WORKBENCH_PAUSE_SECONDS={override!r} is not a number; ignored")
        else:
            config = replace(config, pause_seconds=seconds)
    database = os.environ.get("WORKBENCH_DATABASE_URL")
    if database:
        config = replace(config, database=database)
    return config, warnings


def _from_file(p: Path) -> tuple[Config, list[str]]:
    if not p.exists():
        return Config(), []
    try:
        data = tomllib.loads(p.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        return Config(), [f"{p}: settings ignored ({exc})"]
    warnings: list[str] = []
    values: dict[str, object] = {}
    for key, value in data.items():
        problem = _check(key, value)
        if problem:
            warnings.append(f"{p}: {problem}; the default is used")
        else:
            values[key] = value
    config = Config(
        user=str(values.get("user", _default_user())),
        keymap=_preset(values.get("keymap", "default")),
        auto_propagate=bool(values.get("auto_propagate", True)),
        memory=Path(str(values["memory"])).expanduser() if "memory" in values else None,
        pause_seconds=float(str(values.get("pause_seconds", DEFAULT_PAUSE_SECONDS))),
        memory_min_score=float(str(values.get("memory_min_score", DEFAULT_MEMORY_MIN_SCORE))),
        database=str(values["database"]) if "database" in values else None,
    )
    return config, warnings


def _preset(value: object) -> KeymapPreset:
    for preset in KEYMAP_PRESETS:
        if value == preset:
            return preset
    return "default"


def _check(key: str, value: object) -> str | None:
    """Why ``key = value`` cannot be used, or None."""
    if key in ("user", "memory"):
        return None if isinstance(value, str) and value.strip() else f"'{key}' must be a text"
    if key == "database":
        ok = isinstance(value, str) and value.startswith(("postgresql://", "postgres://"))
        return None if ok else "'database' must be a postgresql:// URL"
    if key == "keymap":
        if value in KEYMAP_PRESETS:
            return None
        return f"'keymap' must be one of {', '.join(KEYMAP_PRESETS)}"
    if key == "auto_propagate":
        return None if isinstance(value, bool) else "'auto_propagate' must be true or false"
    if key == "memory_min_score":
        ok = isinstance(value, (int, float)) and not isinstance(value, bool) and 1 <= value <= 100
        return None if ok else "'memory_min_score' must be a number from 1 to 100"
    if key == "pause_seconds":
        ok = isinstance(value, (int, float)) and not isinstance(value, bool) and value > 0
        return None if ok else "'pause_seconds' must be a positive number"
    return f"unknown setting '{key}'"
