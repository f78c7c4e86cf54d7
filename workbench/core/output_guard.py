"""What an output must never replace, whatever ``--force`` says.

* A database of the workbench (a project, the memory: any SQLite file) and the files SQLite
  keeps beside it — ``-wal`` (committed edits not yet copied into the database: replacing it
  loses them), ``-shm``, ``-journal`` — and the project's ``.lock``.
* Anything that is not a regular file, except a character device or a FIFO, which are
  written into (``-o /dev/null``, a pipe to another program), never renamed over: ``-o
  /dev/null --force`` run as root must not replace the system's ``/dev/null``. A block device,
  a socket or anything else is refused.

Only the caller's own checks (symlinks, folders, inputs, ``--force``) live in
:func:`workbench.core.textio.check_output_path`, which calls :func:`refuse_reason`.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Literal

SQLITE_HEADER = b"SQLite format 3\x00"
# Files SQLite or the project store keep beside a database, by the ending of their name.
SIDECARS = {
    "-wal": "write-ahead log",
    "-shm": "shared-memory index",
    "-journal": "rollback journal",
    ".lock": "lock file",
}

TargetKind = Literal["missing", "regular", "stream", "other"]


def is_database(path: Path) -> bool:
    """Whether ``path`` is an SQLite database (a project or a memory of the workbench)."""
    try:
        with open(path, "rb") as fh:
            return fh.read(16) == SQLITE_HEADER
    except OSError:
        return False


def target_kind(path: Path) -> TargetKind:
    """``missing``, a ``regular`` file, a ``stream`` (character device or FIFO: written
    into, never replaced) or ``other`` (block device, socket...: refused)."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return "missing"
    if stat.S_ISREG(mode):
        return "regular"
    if stat.S_ISCHR(mode) or stat.S_ISFIFO(mode):
        return "stream"
    return "other"


def refuse_reason(target: Path) -> str | None:
    """Why ``target`` must not be written at all (one line, without the path), or None."""
    kind = target_kind(target)
    if kind == "other":
        return "is not a regular file (a block device or a socket); refusing to write to it"
    if kind == "regular" and is_database(target):
        return "is a workbench project or memory (an SQLite database); refusing to replace it"
    for ending, what in SIDECARS.items():
        if target.name.endswith(ending) and len(target.name) > len(ending):
            base = target.with_name(target.name[: -len(ending)])
            if is_database(base):
                return f"is the {what} of the database {base}; refusing to replace it"
    return None
