"""A local journal of writes to a team store that the server has not acknowledged yet.

Before a change is sent, it is appended (and fsynced) to a file in the workbench data folder;
when the server commits it, it is taken out. If the server is away longer than the store
retries, or the editor dies meanwhile, the typed text is still on disk: the next time the
project is opened, each pending write is sent again with its write id, which the server
recognises when it did commit (never applied twice). The file names the project by a hash
of its location, without the URL (so no password is written).

Beside it, the **drafts**: what the translator typed while the server was away and that no
save has sent yet (the editor cannot wait for the server on every pause in typing). Each is
written, fsynced, over the previous draft of its segment, with the text it was typed over
(``base``): if the editor is killed meanwhile, the next editor on the project restores it,
and only over that same text (someone else's change made meanwhile is never overwritten
without the translator being told).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

from workbench.core.model.project import Change
from workbench.core.projects import data_dir


@dataclass(frozen=True)
class Pending:
    """A write not yet acknowledged: its id, author, the segment versions it was made
    against, and its changes."""

    write_id: str
    author: str
    versions: dict[str, int]
    changes: tuple[Change, ...]


@dataclass(frozen=True)
class Draft:
    """Text typed in a segment while the server was away, not sent yet: ``base`` is the
    segment's target it replaces (what the server holds once the journal is sent), with
    the effort spent on it."""

    segment_id: str
    text: str
    base: str
    keystrokes: int
    active_ms: int


def _write_synced(path: Path, data: str) -> None:
    """Replace ``path`` with ``data`` atomically, on disk before this returns."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.write(fd, data.encode("utf-8"))
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(tmp, path)
    with contextlib.suppress(OSError):  # the rename itself, where the folder can be synced
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


# a change's fields are plain values: read by name (``asdict`` copies recursively, deeply)
_CHANGE_FIELDS = tuple(f.name for f in fields(Change))


def _line(pending: Pending) -> str:
    """A pending write as one line of the journal."""
    data = {
        "write_id": pending.write_id,
        "author": pending.author,
        "versions": pending.versions,
        "changes": [{name: getattr(c, name) for name in _CHANGE_FIELDS} for c in pending.changes],
    }
    return json.dumps(data, ensure_ascii=False) + "\n"


class Journal:
    """The journal file of one project in one store."""

    def __init__(self, key: str) -> None:
        digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:24]
        self.path = data_dir() / "journal" / f"{digest}.jsonl"
        self.drafts_path = self.path.with_name(f"{digest}.drafts.json")

    def add(self, pending: Pending) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            os.write(fd, _line(pending).encode("utf-8"))
            os.fsync(fd)
        finally:
            os.close(fd)

    def pending(self) -> list[Pending]:
        """The writes still waiting, oldest first (a torn last line is ignored)."""
        try:
            lines = self.path.read_text(encoding="utf-8").splitlines()
        except FileNotFoundError:
            return []
        out = []
        for line in lines:
            try:
                data: dict[str, Any] = json.loads(line)
                out.append(
                    Pending(
                        data["write_id"],
                        data["author"],
                        {str(k): int(v) for k, v in data["versions"].items()},
                        tuple(Change(**c) for c in data["changes"]),
                    )
                )
            except (ValueError, KeyError, TypeError):
                continue
        return out

    def done(self, write_id: str) -> None:
        """Take an acknowledged write out: the others are written to a new file, which
        replaces the journal only once it is on disk (a process killed meanwhile leaves
        the old journal, never an emptied one)."""
        left = [p for p in self.pending() if p.write_id != write_id]
        if not left:
            with contextlib.suppress(FileNotFoundError):
                self.path.unlink()
            return
        _write_synced(self.path, "".join(map(_line, left)))

    # --- drafts: typed while the server was away, not sent yet ---------------------------------
    def drafts(self) -> list[Draft]:
        """The drafts kept, by segment (an unreadable file holds none)."""
        try:
            data = json.loads(self.drafts_path.read_text(encoding="utf-8"))
            return [Draft(**d) for d in data]
        except FileNotFoundError:
            return []
        except (ValueError, TypeError):
            return []

    def keep(self, draft: Draft) -> None:
        """Keep ``draft`` (over any earlier draft of its segment), on disk when this returns."""
        left = [d for d in self.drafts() if d.segment_id != draft.segment_id]
        _write_synced(self.drafts_path, json.dumps([asdict(d) for d in [*left, draft]]))

    def drop(self, segment_id: str) -> None:
        """The draft of ``segment_id`` was saved (or given up): take it out."""
        drafts = self.drafts()
        left = [d for d in drafts if d.segment_id != segment_id]
        if len(left) == len(drafts):
            return
        if not left:
            with contextlib.suppress(FileNotFoundError):
                self.drafts_path.unlink()
            return
        _write_synced(self.drafts_path, json.dumps([asdict(d) for d in left]))
