"""Where projects live by default.

A project for ``article.txt`` is ``<data dir>/projects/<stem>-<12 hex>.wbproj``, the hex being
the SHA-1 of the article's absolute path, so the same article always reopens the same
project. ``<data dir>`` is ``$WORKBENCH_HOME`` when set, else the platform's user data folder
(``~/.local/share/workbench`` on Linux, via platformdirs). ``--project PATH`` overrides it.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import platformdirs


def data_dir() -> Path:
    home = os.environ.get("WORKBENCH_HOME")
    if home:
        return Path(home)
    return Path(platformdirs.user_data_dir("workbench", appauthor=False))


def default_project_path(article: Path | str) -> Path:
    resolved = Path(article).resolve()
    digest = hashlib.sha1(str(resolved).encode("utf-8")).hexdigest()[:12]
    return data_dir() / "projects" / f"{resolved.stem}-{digest}.wbproj"


def damage(path: Path) -> str:
    """What is wrong with a ``.wbproj`` file that is not an SQLite database, in a few words."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        return f"cannot read it: {exc.strerror or exc}"
    if size == 0:
        return "the file is empty, 0 bytes"
    return "not an SQLite database; damaged or another kind of file"
