"""A local journal of writes to a team store that the server has not acknowledged yet.

Before a change is sent, it is appended (and fsynced) to a file in the workbench data folder;
when the server commits it, it is taken out. If the server is away longer than the store
retries, or the editor dies meanwhile, the typed text is still on disk: the next time the
project is opened, each pending write is sent again with its write id, which the server
recognises when it did commit (never applied twice). The file names the project by a hash
of its location, without the URL (so no password is written).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from dataclasses import asdict, dataclass
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


class Journal:
    """The journal file of one project in one store."""

    def __init__(self, key: str) -> None:
        digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:24]
        self.path = data_dir() / "journal" / f"{digest}.jsonl"

    def add(self, pending: Pending) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        line = json.dumps(
            {
                "write_id": pending.write_id,
                "author": pending.author,
                "versions": pending.versions,
                "changes": [asdict(c) for c in pending.changes],
            },
            ensure_ascii=False,
        )
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            os.write(fd, (line + "\n").encode("utf-8"))
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
        """Take an acknowledged write out (the file is rewritten atomically)."""
        left = [p for p in self.pending() if p.write_id != write_id]
        if not left:
            with contextlib.suppress(FileNotFoundError):
                self.path.unlink()
            return
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text("", encoding="utf-8")
        os.replace(tmp, self.path)
        for p in left:
            self.add(p)
