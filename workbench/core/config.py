"""The user's configuration: ``<config dir>/workbench/config.toml``.

``<config dir>`` is the platform's user config folder (``~/.config`` on Linux, via
platformdirs; ``$XDG_CONFIG_HOME`` moves it). The file is optional; every key has a default::

    user = "li.wei"                # who is recorded with each memory unit (default: $USER)

    [memory]
    path = "~/tm/client-a.wbmem"   # the post-edit memory (default: <data dir>/memory.wbmem)
    auto_propagate = true          # confirming offers the target to repetitions (default true)
    min_score = 70                 # lowest fuzzy match shown, 1-100 (default 70)

Like glossaries, the file is read strictly: bad TOML, an unknown key or a value of the wrong
type is one line naming the file (:class:`~workbench.core.errors.ConfigError`), never a
silent default. A relative ``memory.path`` is relative to the config file's folder.
"""

from __future__ import annotations

import getpass
import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import platformdirs

from workbench.core.errors import ConfigError

DEFAULT_MIN_SCORE = 70.0


@dataclass(frozen=True)
class Config:
    """What the configuration file says, defaults filled in. ``memory_path`` is ``None``
    when the file names none (the memory then lives in the data folder)."""

    user: str
    memory_path: Path | None = None
    auto_propagate: bool = True
    min_score: float = DEFAULT_MIN_SCORE


def config_path() -> Path:
    return Path(platformdirs.user_config_dir("workbench", appauthor=False)) / "config.toml"


def default_user() -> str:
    """``$USER`` (or ``$USERNAME``), else the login name, else ``""``."""
    for var in ("USER", "USERNAME", "LOGNAME"):
        if os.environ.get(var):
            return os.environ[var]
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return ""


def _typed(path: Path, table: dict[str, Any], key: str, kind: type, where: str) -> Any:
    value = table[key]
    # bool is an int in Python: a number where a switch is expected (or the reverse) is refused
    ok = isinstance(value, kind) and not (kind is not bool and isinstance(value, bool))
    if kind is float and isinstance(value, int) and not isinstance(value, bool):
        ok = True
    if not ok:
        raise ConfigError(
            f"{path}: {where}{key} must be {_NAMES[kind]}, not {type(value).__name__}"
        )
    return value


_NAMES = {str: "a string", bool: "true or false", float: "a number"}
_TOP = {"user": str, "memory": dict}
_MEMORY = {"path": str, "auto_propagate": bool, "min_score": float}


def load_config(path: Path | None = None) -> Config:
    """Read the configuration (``path`` or :func:`config_path`); a missing file gives the
    defaults."""
    path = path or config_path()
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return Config(user=default_user())
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read ({exc.strerror})") from None
    try:
        table = tomllib.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: not valid UTF-8") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc})") from None
    for key in table:
        if key not in _TOP:
            raise ConfigError(f"{path}: unknown key '{key}' (known: user, [memory])")
    user = _typed(path, table, "user", str, "") if "user" in table else default_user()
    memory = table.get("memory", {})
    if not isinstance(memory, dict):
        raise ConfigError(f"{path}: memory must be a table ([memory])")
    for key in memory:
        if key not in _MEMORY:
            known = ", ".join(_MEMORY)
            raise ConfigError(f"{path}: unknown key 'memory.{key}' (known: {known})")
    values = {
        k: _typed(path, memory, k, kind, "memory.") for k, kind in _MEMORY.items() if k in memory
    }
    memory_path = None
    if "path" in values:
        if not values["path"].strip():
            raise ConfigError(f"{path}: memory.path is empty")
        memory_path = Path(values["path"]).expanduser()
        if not memory_path.is_absolute():
            memory_path = path.parent / memory_path
    min_score = float(values.get("min_score", DEFAULT_MIN_SCORE))
    if not 1 <= min_score <= 100:
        raise ConfigError(f"{path}: memory.min_score must be between 1 and 100, not {min_score:g}")
    return Config(
        user=user,
        memory_path=memory_path,
        auto_propagate=values.get("auto_propagate", True),
        min_score=min_score,
    )
