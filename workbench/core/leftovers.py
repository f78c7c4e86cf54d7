"""Temporary files a killed run left behind, removed once the process that made them is gone.

Two kinds are made beside their final file, both named with the pid of their maker:

* ``.<name>.<pid>.<random>.tmp`` — an output being written by
  :func:`~workbench.core.textio.atomic_write`;
* ``.<name>.<pid>.creating`` (and its SQLite ``-journal``) — a project being built by the
  project store.

A ``kill -9`` in the middle leaves them (a ``.creating`` and its journal can be megabytes).
The next write of the same output, or the next creation or opening of the same project,
removes those whose pid names no running process. A file whose pid is alive (the maker
still writing, or a pid reused since) is left alone: nothing another process may be using is
ever removed.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
from pathlib import Path

TMP_SUFFIX = ".tmp"
CREATING_SUFFIX = ".creating"


def tmp_prefix(target: Path) -> str:
    """The start of the name of a temporary file for ``target`` made by this process."""
    return f".{target.name}.{os.getpid()}."


def creating_path(project: Path) -> Path:
    """Where this process builds ``project`` before renaming it into place."""
    return project.with_name(f".{project.name}.{os.getpid()}{CREATING_SUFFIX}")


def process_alive(pid: int) -> bool:
    """Whether ``pid`` names a running process (any user's); True when unsure."""
    if pid <= 0:
        return True
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True
    return True


def _candidates(target: Path) -> list[tuple[Path, int]]:
    """The leftovers of ``target`` in its folder: (path, pid of the maker)."""
    name = re.escape(target.name)
    pattern = re.compile(
        rf"^\.{name}\.(\d{{1,10}})(?:\.[A-Za-z0-9_]{{6,16}}\.tmp|\.creating(?:-journal)?)$"
    )
    found: list[tuple[Path, int]] = []
    try:
        entries = os.scandir(target.parent)
    except OSError:
        return found
    with entries:
        for entry in entries:
            m = pattern.match(entry.name)
            if m is not None:
                found.append((Path(entry.path), int(m.group(1))))
    return found


def remove_leftovers(target: Path | str) -> list[Path]:
    """Remove the temporary files of ``target`` whose maker is gone; the paths removed.
    Never raises (a folder that cannot be read or written keeps its leftovers)."""
    removed: list[Path] = []
    for path, pid in _candidates(Path(target)):
        if process_alive(pid):
            continue
        try:
            st = os.lstat(path)
        except OSError:
            continue
        if not stat.S_ISREG(st.st_mode):
            continue  # a symlink or anything else planted under such a name: not ours
        with contextlib.suppress(OSError):
            path.unlink()
            removed.append(path)
    return removed
