"""The file results are remembered in between runs (:class:`~workbench.core.memo.TextMemo`:
QA findings, :mod:`workbench.qa.memo`, and the TER work of the effort figures,
:func:`~workbench.core.metrics.text_figures_many`, make the keys and the encoded results;
this keeps them): one SQLite file in the data folder's cache, a table per kind, shared by
every project.

It is a cache: a file that cannot be opened, read or written (locked by another run for
longer than a moment, corrupt, on a read-only disk) only means the work is done again; it
never fails a command. A table keeps at most :data:`MAX_ROWS` results, the earliest stored
forgotten first (a segment's findings take about 250 bytes: 100 MB at most). Each call
opens the file and closes it again, so one cache may be used from any thread.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

MAX_ROWS = 400_000
TABLES = frozenset({"findings", "figures"})
_LOOKUP = 500  # keys per query
_BUSY_SECONDS = 2.0


class MemoCache:
    """Results (text) by key in table ``table`` of the SQLite file at ``path`` (made when
    first written)."""

    def __init__(self, path: Path, table: str, max_rows: int = MAX_ROWS) -> None:
        if table not in TABLES:
            raise ValueError(f"no memo table {table!r}")
        self.path = path
        self.table = table
        self.max_rows = max_rows

    @contextlib.contextmanager
    def _connection(self, *, write: bool) -> Iterator[sqlite3.Connection]:
        if write:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(self.path, timeout=_BUSY_SECONDS, isolation_level=None)
        try:
            if write:
                conn.execute("PRAGMA journal_mode=WAL")
                conn.execute("PRAGMA synchronous=NORMAL")
                conn.execute(
                    f"CREATE TABLE IF NOT EXISTS {self.table} "
                    "(key BLOB PRIMARY KEY, data TEXT NOT NULL)"
                )
            yield conn
        finally:
            conn.close()

    def lookup(self, keys: Sequence[bytes]) -> Mapping[bytes, str]:
        if not keys or not self.path.exists():
            return {}
        found: dict[bytes, str] = {}
        try:
            with self._connection(write=False) as conn:
                for start in range(0, len(keys), _LOOKUP):
                    part = keys[start : start + _LOOKUP]
                    marks = ",".join("?" * len(part))
                    query = f"SELECT key, data FROM {self.table} WHERE key IN ({marks})"
                    found.update(conn.execute(query, part))
        except (sqlite3.Error, OSError):
            return {}
        return found

    def store(self, items: Sequence[tuple[bytes, str]]) -> None:
        if not items:
            return
        with contextlib.suppress(sqlite3.Error, OSError), self._connection(write=True) as conn:
            conn.execute("BEGIN IMMEDIATE")
            try:
                conn.executemany(
                    f"INSERT OR REPLACE INTO {self.table} (key, data) VALUES (?, ?)", items
                )
                last = conn.execute(f"SELECT max(rowid) FROM {self.table}").fetchone()[0] or 0
                conn.execute(f"DELETE FROM {self.table} WHERE rowid <= ?", (last - self.max_rows,))
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
