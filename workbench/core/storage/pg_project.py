"""A project on a PostgreSQL server (:class:`PostgresProjectStore`), named, shared by a team.

The same rows as an SQLite project (:mod:`workbench.core.storage.project_store`), each table
with a ``project`` column, plus what a team needs:

* **Optimistic concurrency.** Each segment row has a ``version``. The store remembers the
  version it last read or wrote of each segment; a write whose segment changed since (another
  translator confirmed it) is refused with a :class:`ProjectError` naming who changed it, and
  nothing of the transaction is written. :meth:`refresh` reads the others' changes.
* **Authors.** Every edit event and visit records who made it (``author``): effort per
  translator (:meth:`effort_by_author`).
* **Undo is per user.** An undo step over someone else's change is refused.
* **Leases.** :meth:`take_lease` gives one translator a segment for a while (``LEASE_SECONDS``,
  renewed while they work); a write to a segment leased by someone else is refused, and
  :meth:`leases` says who is on which segment ("being edited by NAME").
* **Notifications.** A change is announced on :data:`~workbench.core.storage.pg.EVENTS_CHANNEL`
  when it commits (listen with :class:`~workbench.core.storage.pg.Listener`).
* **No write twice, nothing lost.** Each :meth:`record` has a write id stored with its
  events; retried after a lost connection, a write that did commit is recognised and not
  applied again. Until the server acknowledges it, the write is kept in a local
  :class:`~workbench.core.storage.journal.Journal`, sent again when the project is reopened.
"""

from __future__ import annotations

import contextlib
import json
import time
import uuid
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, cast

import psycopg

from workbench.core.document import Document, Segment, SegmentOrigin
from workbench.core.edits import EditEvent, Origin, Status, word_ops
from workbench.core.errors import ProjectError
from workbench.core.inline_codes import CodeKind, InlineCode
from workbench.core.model.project import (
    Change,
    CreationStep,
    Effort,
    OpenedProject,
    ProjectInfo,
    SegmentState,
    StoredSegment,
    Visit,
)
from workbench.core.provenance import Provenance, of_text
from workbench.core.storage.journal import Journal, Pending
from workbench.core.storage.pg import (
    EVENTS_CHANNEL,
    Server,
    ServerError,
    ServerUnreachable,
    masked,
    notify,
    project_location,
    split_location,
)
from workbench.core.storage.project_store import (
    ops_from_json,
    ops_to_json,
    origin_of_row,
    origin_row,
)
from workbench.core.storage.sqlite import frozen_row

LEASE_SECONDS = 120.0

_EVENT_COLUMNS = (
    "seq, ts, segment_id, origin, before, after, ops, detail, keystrokes, active_ms,"
    " status_before, status_after, author"
)
_INSERT_EVENT = (
    "INSERT INTO events (project, ts, segment_id, origin, before, after, ops, detail,"
    " keystrokes, active_ms, status_before, status_after, author, write_id)"
    " VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)"
)
Conn = psycopg.Connection[Any]

# One change to one segment in one statement (a round trip and the server's work for one
# statement, not four): a pushed text drops the redo steps beyond it and takes its place in
# the undo history (the rows touched are not the same: a statement cannot touch one twice),
# the segment takes the text and a new version, the event is added.
_WRITE_CHANGE = (
    "WITH dropped AS (DELETE FROM history WHERE %(push)s AND project = %(project)s"
    " AND segment_id = %(segment)s AND pos > %(pos)s),"
    " pushed AS (INSERT INTO history (project, segment_id, pos, text, origin)"
    " SELECT %(project)s, %(segment)s, %(pos)s, %(after)s, %(target_origin)s WHERE %(push)s"
    " ON CONFLICT (project, segment_id, pos) DO UPDATE SET text = excluded.text,"
    " origin = excluded.origin),"
    " changed AS (UPDATE segments SET target = %(after)s, status = %(status)s,"
    " hist_pos = %(pos)s, target_origin = %(target_origin)s, version = version + 1,"
    " changed_by = %(author)s WHERE project = %(project)s AND id = %(segment)s),"
    " event AS (INSERT INTO events (project, ts, segment_id, origin, before, after, ops, detail,"
    " keystrokes, active_ms, status_before, status_after, author, write_id) VALUES"
    " (%(project)s, %(ts)s, %(segment)s, %(origin)s, %(before)s, %(after)s, %(ops)s, %(detail)s,"
    " %(keystrokes)s, %(active_ms)s, %(status_before)s, %(status)s, %(by)s, %(write_id)s))"
)
_AND_NOTIFY = " SELECT pg_notify(%(channel)s, n) FROM unnest(%(notices)s::text[]) AS n"


# Take a segment (a lease) and let go of any other this translator holds, in one statement:
# the two updates touch other rows; the holder is read from the statement's snapshot (who
# had it when it began), and the notice goes out only when the segment was taken.
_TAKE_LEASE = (
    "WITH freed AS (UPDATE segments SET lease_holder = NULL, lease_until = NULL"
    " WHERE project = %(project)s AND lease_holder = %(me)s AND id <> %(segment)s),"
    " took AS (UPDATE segments SET lease_holder = %(me)s,"
    " lease_until = extract(epoch FROM clock_timestamp()) + %(seconds)s"
    " WHERE project = %(project)s AND id = %(segment)s AND (lease_holder IS NULL"
    " OR lease_holder = %(me)s OR lease_until < extract(epoch FROM clock_timestamp()))"
    " RETURNING id)"
    " SELECT EXISTS (SELECT 1 FROM took),"
    " (SELECT lease_holder FROM segments WHERE project = %(project)s AND id = %(segment)s),"
    " (SELECT pg_notify(%(channel)s, %(notice)s) FROM took)"
)


class PostgresProjectStore:
    """One named project on a server. Open with :meth:`open`, make one with :meth:`create`."""

    def __init__(
        self, server: Server, name: str, project_id: int, *, read_only: bool, author: str
    ) -> None:
        self.server = server
        self.name = name
        self.location = project_location(masked(server.url), name)
        self.path = Path(name)  # what the editor shows; the project has no file
        self.read_only = read_only
        self.author = author
        self._id = project_id
        self._versions: dict[str, int] = {}
        self.journal = Journal(f"{self.location}\n{author}")
        self.replay_refused: list[str] = []  # journalled writes the server refused

    # --- creating and opening ----------------------------------------------------------------
    @classmethod
    def create(
        cls,
        location: str,
        document: Document,
        meta: Mapping[str, str],
        steps: Sequence[Sequence[CreationStep]],
        now: float,
    ) -> None:
        """Make project ``NAME`` at ``URL#NAME`` in one transaction (whole or not at all)."""
        from workbench.core.storage.project_store import _creation_rows

        url, name = split_location(location)
        server = Server(url)
        try:
            project_location(url, name)

            def work(conn: Conn) -> None:
                row = conn.execute(
                    "INSERT INTO projects (name, original) VALUES (%s, %s)"
                    " ON CONFLICT (name) DO NOTHING RETURNING id",
                    (name, document.original),
                ).fetchone()
                if row is None:
                    raise ProjectError(f"{masked(url)}: a project named '{name}' exists already")
                _insert_document(conn, int(row[0]), document, meta, steps, now, _creation_rows)

            server.run(f"cannot create project '{name}'", work)
            # fresh planner statistics: with the last ones (taken before this project's
            # rows) the server took a segment by scanning the whole project (16 ms for 4,924
            # segments instead of 0.3: the project looked like a few rows)
            server.run(
                "cannot analyse the project",
                lambda conn: conn.execute("ANALYZE segments, history, codes"),
                write=False,
            )
        finally:
            server.close()

    @classmethod
    def open(
        cls, location: str, *, read_only: bool = False, author: str = ""
    ) -> PostgresProjectStore:
        url, name = split_location(location)
        if not name:
            raise ProjectError(f"{masked(url)}: name the project (--project NAME)")
        server = Server(url, read_only=read_only)
        try:
            row = server.run(
                "cannot open the project",
                lambda conn: conn.execute(
                    "SELECT id FROM projects WHERE name = %s", (name,)
                ).fetchone(),
            )
            if row is None:
                raise ProjectError(f"{masked(url)}: no project named '{name}'")
        except BaseException:
            server.close()
            raise
        store = cls(server, name, int(row[0]), read_only=read_only, author=author)
        if not read_only:
            try:
                store._replay()
            except BaseException:
                server.close()
                raise
        return store

    def close(self) -> None:
        if not self.read_only:
            self.release_lease()
        self.server.close()

    def _read(self, what: str, sql: str, params: Sequence[object] = ()) -> list[Any]:
        return cast(
            list[Any],
            self.server.run(what, lambda conn: conn.execute(sql, params).fetchall(), write=False),
        )

    # --- reading -----------------------------------------------------------------------------
    def _meta(self) -> dict[str, str]:
        rows = self._read(
            "cannot read the project", "SELECT key, value FROM project_meta WHERE project = %s",
            (self._id,),
        )  # fmt: skip
        return {str(k): str(v) for k, v in rows}

    def info(self) -> ProjectInfo:
        meta = self._meta()
        return ProjectInfo(
            article=Path(meta["article"]) if meta.get("article") else None,
            article_sha256=meta.get("article_sha256"),
            glossaries=tuple(json.loads(meta.get("glossaries", "[]"))),
        )

    def codes(self, ids: Sequence[str] | None = None) -> dict[str, tuple[InlineCode, ...]]:
        """Each segment's inline codes (``ids``: of those segments only)."""
        out: dict[str, list[InlineCode]] = {}
        sql = "SELECT segment_id, char, kind, pair, xml, label, nests, data FROM codes"
        if ids is None:
            rows = self._read(
                "cannot read the project",
                sql + " WHERE project = %s ORDER BY segment_id, n",
                (self._id,),
            )
        else:
            rows = self._read(
                "cannot read the project",
                sql + " WHERE project = %s AND segment_id = ANY(%s) ORDER BY segment_id, n",
                (self._id, list(ids)),
            )
        for r in rows:
            out.setdefault(r[0], []).append(
                InlineCode(r[1], cast(CodeKind, r[2]), r[3], r[4], r[5], bool(r[6]), r[7])
            )
        return {sid: tuple(codes) for sid, codes in out.items()}

    def origins(self) -> dict[str, SegmentOrigin]:
        return {
            r[0]: origin_of_row(r[1:])
            for r in self._read(
                "cannot read the project",
                "SELECT segment_id, file, unit, unit_id, part, part_id, unit_name, groups, notes"
                " FROM origins WHERE project = %s",
                (self._id,),
            )
        }

    def original(self) -> bytes:
        rows = self._read(
            "cannot read the project", "SELECT original FROM projects WHERE id = %s", (self._id,)
        )
        return bytes(rows[0][0]) if rows else b""

    def document(self) -> Document:
        meta = self._meta()
        gaps = tuple(
            r[0]
            for r in self._read(
                "cannot read the project",
                "SELECT text FROM gaps WHERE project = %s ORDER BY idx",
                (self._id,),
            )
        )
        codes = self.codes()
        origins = self.origins()
        names = (
            "id", "paragraph", "text", "source", "note", "mt_origin", "target", "status",
            "codes", "origin",
        )  # fmt: skip
        segments = tuple(
            frozen_row(
                Segment,
                names,
                (*r[:5], of_text(r[5]), None, None, codes.get(r[0], ()), origins.get(r[0])),
            )
            for r in self._read(
                "cannot read the project",
                "SELECT id, paragraph, mt, source, note, mt_origin FROM segments"
                " WHERE project = %s ORDER BY idx",
                (self._id,),
            )
        )
        return Document(
            name=meta.get("name", ""),
            segments=segments,
            gaps=gaps,
            bom=meta.get("bom") == "1",
            newline=meta.get("newline", "\n"),
            format=meta.get("format", "txt"),
            source_language=meta.get("source_language", ""),
            target_language=meta.get("target_language", ""),
            original=self.original(),
            files=tuple(json.loads(meta.get("files", "[]"))),
            notices=tuple(json.loads(meta.get("notices", "[]"))),
        )

    def segments(self) -> list[StoredSegment]:
        return self._segments(None)

    def segments_of(self, ids: Sequence[str]) -> list[StoredSegment]:
        """The segments with these ids as they are now (in project order): what others
        changed, read without the rest of the project; later writes to them are checked
        against these versions."""
        return self._segments(sorted(set(ids))) if ids else []

    def _segments(self, ids: list[str] | None) -> list[StoredSegment]:
        names = (
            "index", "id", "paragraph", "source", "mt", "pre", "target", "status", "note", "codes",
            "mt_origin", "target_origin",
        )  # fmt: skip
        columns = (
            "SELECT idx, id, paragraph, source, mt, pre, target, status, note, hist_pos, version,"
            " mt_origin, target_origin FROM segments WHERE project = %s"
        )
        if ids is None:
            codes = self.codes()
            rows = self._read("cannot read the project", columns + " ORDER BY idx", (self._id,))
            self._versions = {r[1]: int(r[10]) for r in rows}
        else:
            codes = self.codes(ids)
            rows = self._read(
                "cannot read the project",
                columns + " AND id = ANY(%s) ORDER BY idx",
                (self._id, ids),
            )
            self._versions.update((r[1], int(r[10])) for r in rows)
        return [
            frozen_row(
                StoredSegment,
                ("state", "hist_pos"),
                (
                    frozen_row(
                        SegmentState,
                        names,
                        (*r[:9], codes.get(r[1], ()), of_text(r[11]), of_text(r[12])),
                    ),
                    r[9],
                ),
            )
            for r in rows
        ]

    def opened(self, created: OpenedProject | None = None) -> OpenedProject:
        rows = self.segments()
        document = self.document()
        return OpenedProject(
            states=[r.state for r in rows],
            hist_pos=[r.hist_pos for r in rows],
            index={r.state.id: r.state.index for r in rows},
            document=lambda: document,
        )

    def events(self, segment_id: str | None = None, *, ops: bool = True) -> list[EditEvent]:
        """The edit log, oldest first (``ops=False``: without each edit's word operations,
        left empty, for a reader that does not show them: they take most of the reading)."""
        sql = f"SELECT {_EVENT_COLUMNS} FROM events WHERE project = %s"
        params: tuple[object, ...] = (self._id,)
        if segment_id is not None:
            sql += " AND segment_id = %s"
            params = (self._id, segment_id)
        return [
            EditEvent(
                seq=r[0],
                ts=r[1],
                segment_id=r[2],
                origin=cast(Origin, r[3]),
                before=r[4],
                after=r[5],
                ops=(ops_from_json(r[6]) if r[6] else word_ops(r[4], r[5])) if ops else (),
                detail=r[7],
                keystrokes=r[8],
                active_ms=r[9],
                status_before=cast(Status | None, r[10]),
                status_after=cast(Status | None, r[11]),
                author=r[12],
            )
            for r in self._read("cannot read the edit log", sql + " ORDER BY seq", params)
        ]

    def authors(self) -> dict[int, str]:
        """Who made each edit event, by event ``seq``."""
        return {
            int(r[0]): str(r[1])
            for r in self._read(
                "cannot read the edit log",
                "SELECT seq, author FROM events WHERE project = %s",
                (self._id,),
            )
        }

    def history_len(self, segment_id: str) -> int:
        rows = self._read(
            "cannot read the undo history",
            "SELECT COUNT(*) FROM history WHERE project = %s AND segment_id = %s",
            (self._id, segment_id),
        )
        return int(rows[0][0])

    def history_text(self, segment_id: str, pos: int) -> str | None:
        rows = self._read(
            "cannot read the undo history",
            "SELECT text FROM history WHERE project = %s AND segment_id = %s AND pos = %s",
            (self._id, segment_id, pos),
        )
        return None if not rows else str(rows[0][0])

    def history_origin(self, segment_id: str, pos: int) -> Provenance:
        rows = self._read(
            "cannot read the undo history",
            "SELECT origin FROM history WHERE project = %s AND segment_id = %s AND pos = %s",
            (self._id, segment_id, pos),
        )
        return "" if not rows else of_text(str(rows[0][0]))

    def current(self) -> int:
        rows = self._read(
            "cannot read the project", "SELECT current_idx FROM projects WHERE id = %s",
            (self._id,),
        )  # fmt: skip
        return int(rows[0][0]) if rows else 0

    def effort(self) -> dict[str, Effort]:
        return {
            sid: Effort(int(keys or 0), int(ms or 0))
            for sid, keys, ms in self._read(
                "cannot read the edit log",
                "SELECT segment_id, SUM(keystrokes), SUM(active_ms) FROM events"
                " WHERE project = %s GROUP BY segment_id",
                (self._id,),
            )
        }

    def effort_by_author(self) -> dict[str, dict[str, Effort]]:
        """Keystrokes and active milliseconds per translator, then per segment."""
        out: dict[str, dict[str, Effort]] = {}
        for author, sid, keys, ms in self._read(
            "cannot read the edit log",
            "SELECT author, segment_id, SUM(keystrokes), SUM(active_ms) FROM events"
            " WHERE project = %s GROUP BY author, segment_id",
            (self._id,),
        ):
            out.setdefault(author, {})[sid] = Effort(int(keys or 0), int(ms or 0))
        return out

    def visits(self) -> list[Visit]:
        return [
            Visit(r[0], r[1], r[2], r[3], r[4], r[5])
            for r in self._read(
                "cannot read the visits",
                "SELECT segment_id, started, ended, active_ms, first_edit_ms, author FROM visits"
                " WHERE project = %s ORDER BY started",
                (self._id,),
            )
        ]

    def ignored_findings(self) -> dict[tuple[str, str, str], str]:
        return {
            (r[0], r[1], r[2]): r[3]
            for r in self._read(
                "cannot read the project",
                "SELECT segment_id, check_id, matched, reason FROM ignored_findings"
                " WHERE project = %s",
                (self._id,),
            )
        }

    # --- a team at work ----------------------------------------------------------------------
    def refresh(self) -> list[StoredSegment]:
        """The segments as they are now on the server (others' changes included); later
        writes are checked against these versions."""
        return self.segments()

    def take_lease(self, segment_id: str, seconds: float = LEASE_SECONDS) -> str | None:
        """Hold ``segment_id`` for ``seconds`` (and let go of any other segment held).
        Returns ``None`` when it is ours now, else the name of who holds it."""

        def work(conn: Conn) -> str | None:
            for _attempt in range(3):
                row = conn.execute(
                    _TAKE_LEASE,
                    {
                        "project": self._id,
                        "me": self.author,
                        "segment": segment_id,
                        "seconds": seconds,
                        "channel": EVENTS_CHANNEL,
                        "notice": json.dumps(
                            {**self._notice(segment_id, "lease"), "seconds": seconds},
                            ensure_ascii=False,
                        ),
                    },
                ).fetchone()
                assert row is not None  # one row, always
                taken, holder, _notified = row
                if taken:
                    return None
                if holder is not None:
                    return str(holder)
                # not taken and nobody held it when the statement began: it does not
                # exist, or another's lease was taken and let go meanwhile (ask again)
                there = conn.execute(
                    "SELECT 1 FROM segments WHERE project = %s AND id = %s",
                    (self._id, segment_id),
                ).fetchone()
                if there is None:
                    raise ProjectError(f"{self.name}: no segment '{segment_id}'")
            raise ProjectError(f"{self.name}: segment '{segment_id}' is being taken by others")

        # one statement, one round trip (autocommit: its own transaction)
        return cast(str | None, self.server.run("cannot take the segment", work, write=False))

    def release_lease(self, segment_id: str | None = None) -> None:
        """Let go of ``segment_id`` (or of every segment this translator holds)."""

        def work(conn: Conn) -> None:
            sql = (
                "UPDATE segments SET lease_holder = NULL, lease_until = NULL"
                " WHERE project = %s AND lease_holder = %s"
            )
            params: tuple[object, ...] = (self._id, self.author)
            if segment_id is not None:
                sql += " AND id = %s"
                params = (*params, segment_id)
            for (sid,) in conn.execute(sql + " RETURNING id", params).fetchall():
                notify(conn, EVENTS_CHANNEL, self._notice(str(sid), "release"))

        with contextlib.suppress(ServerError):  # unreachable: the lease expires by itself
            self.server.run("cannot release the segment", work)

    def leases(self) -> dict[str, str]:
        """Segments being edited by someone else now: segment id -> their name."""
        return {
            str(r[0]): str(r[1])
            for r in self._read(
                "cannot read the leases",
                "SELECT id, lease_holder FROM segments WHERE project = %s"
                " AND lease_holder IS NOT NULL AND lease_holder <> %s"
                " AND lease_until >= extract(epoch FROM clock_timestamp())",
                (self._id, self.author),
            )
        }

    def _notice(self, segment_id: str, what: str) -> dict[str, Any]:
        return {
            "project": self.name,
            "segment": segment_id,
            "author": self.author,
            "what": what,
            "ts": time.time(),
        }

    # --- writing (each method is one transaction) --------------------------------------------
    def _writable(self) -> None:
        if self.read_only:
            raise ProjectError(f"{self.name}: the project is open read-only")

    def record(self, changes: Sequence[Change]) -> None:
        """Write changes with their undo steps and events, atomically, if no segment was
        changed by someone else since this store read it and none is leased to another.
        The write is kept in the local journal until the server acknowledges it."""
        self._writable()
        if not changes:
            return
        ids = {c.segment_id for c in changes}
        versions = {sid: self._versions[sid] for sid in sorted(ids) if sid in self._versions}
        pending = Pending(uuid.uuid4().hex, self.author, versions, tuple(changes))
        self.journal.add(pending)
        try:
            self._send(pending)
        except ServerUnreachable as exc:
            raise ServerUnreachable(
                f"{exc}; the change is kept on this machine and sent when the project "
                "is opened again"
            ) from None
        except ProjectError:
            self.journal.done(pending.write_id)  # refused by the server: not to be sent again
            raise
        self.journal.done(pending.write_id)

    def resend(self) -> list[str]:
        """Send what this translator wrote but the server did not acknowledge yet (kept in
        the journal while it was away); returns why the server refused any of it."""
        self._writable()
        before = len(self.replay_refused)
        self._replay()
        return self.replay_refused[before:]

    def _replay(self) -> None:
        """Send again what a previous session wrote but the server did not acknowledge."""
        for pending in self.journal.pending():
            if pending.author != self.author:
                continue
            try:
                self._send(pending)
            except ServerUnreachable:
                raise
            except ProjectError as exc:
                self.replay_refused.append(str(exc))
            self.journal.done(pending.write_id)

    def _send(self, pending: Pending) -> None:
        changes = pending.changes
        write_id = pending.write_id
        versions = pending.versions

        def work(conn: Conn) -> dict[str, int]:
            ids = sorted({c.segment_id for c in changes})
            # the reads (whether this write was made already, the segments locked), then the
            # writes: two statements, two round trips in all
            rows = conn.execute(
                "SELECT id, version, changed_by, lease_holder,"
                " lease_until >= extract(epoch FROM clock_timestamp()),"
                " EXISTS (SELECT 1 FROM events WHERE write_id = %s)"
                " FROM segments WHERE project = %s AND id = ANY(%s) ORDER BY id FOR UPDATE",
                (write_id, self._id, ids),
            ).fetchall()
            done = bool(rows[0][5]) if rows else False
            now_versions = {str(r[0]): int(r[1]) for r in rows}
            if done:  # committed before the connection dropped: not again
                return now_versions
            undone = {c.segment_id for c in changes if c.history == "undo"}
            for sid, version, changed_by, holder, held, _done in rows:
                if sid in undone and changed_by and changed_by != self.author:
                    raise ProjectError(
                        f"{self.name}: the last change to segment {sid} is {changed_by}'s; "
                        "you can undo only your own"
                    )
                if holder and holder != self.author and held:
                    raise ProjectError(
                        f"{self.name}: segment {sid} is being edited by {holder}; "
                        "your change was not saved"
                    )
                if sid in versions and versions[sid] != version:
                    raise ProjectError(
                        f"{self.name}: segment {sid} was changed by {changed_by or 'someone'} "
                        "since you read it; your change was not saved (reload to see theirs)"
                    )
            missing = set(ids) - set(now_versions)
            if missing:
                raise ProjectError(f"{self.name}: no segment '{sorted(missing)[0]}'")
            now = time.time()
            with conn.pipeline():
                self._write_changes(conn, changes, now, write_id, ids)
            for c in changes:
                now_versions[c.segment_id] += 1
            return now_versions

        self._versions.update(self.server.run("the change was not saved", work))

    def _write_changes(
        self, conn: Conn, changes: Sequence[Change], now: float, write_id: str, ids: list[str]
    ) -> None:
        """The statements of one acknowledged write (sent at once: see :meth:`_send`): one
        statement a change (its undo step, the segment, the event), the notices of the
        segments changed with the last."""
        last_status = {c.segment_id: c.status_after for c in changes}
        notices = [
            json.dumps(
                {**self._notice(sid, "change"), "status": last_status[sid]}, ensure_ascii=False
            )
            for sid in ids
        ]
        for n, c in enumerate(changes):
            params: dict[str, object] = {
                "project": self._id,
                "segment": c.segment_id,
                "pos": c.hist_pos,
                "push": c.history == "push",
                "after": c.after,
                "target_origin": c.target_origin,
                "status": c.status_after,
                "author": self.author,
                "ts": now,
                "origin": c.origin,
                "before": c.before,
                "ops": ops_to_json(word_ops(c.before, c.after)),
                "detail": c.detail,
                "keystrokes": c.keystrokes,
                "active_ms": c.active_ms,
                "status_before": c.status_before,
                "by": c.author or self.author,
                "write_id": write_id,
            }
            if n < len(changes) - 1:
                conn.execute(_WRITE_CHANGE + " SELECT 1", params)
            else:  # the notices go out (at commit) with the last change
                params.update(channel=EVENTS_CHANNEL, notices=notices)
                conn.execute(_WRITE_CHANGE + _AND_NOTIFY, params)

    def record_visit(self, visit: Visit) -> None:
        self._writable()
        self.server.run(
            "the visit was not saved",
            lambda conn: conn.execute(
                "INSERT INTO visits VALUES (%s, %s, %s, %s, %s, %s, %s)"
                " ON CONFLICT (project, segment_id, started) DO UPDATE SET ended = excluded.ended,"
                " active_ms = excluded.active_ms, first_edit_ms = excluded.first_edit_ms",
                (
                    self._id,
                    visit.segment_id,
                    visit.started,
                    visit.ended,
                    visit.active_ms,
                    visit.first_edit_ms,
                    self.author,
                ),
            ),
        )

    def set_current(self, index: int) -> None:
        self._writable()
        self.server.run(
            "cannot save the position",
            lambda conn: conn.execute(
                "UPDATE projects SET current_idx = %s WHERE id = %s", (index, self._id)
            ),
        )

    def set_glossary_paths(self, paths: Sequence[str]) -> None:
        self._writable()
        self.server.run(
            "cannot save the glossaries",
            lambda conn: conn.execute(
                "INSERT INTO project_meta VALUES (%s, 'glossaries', %s)"
                " ON CONFLICT (project, key) DO UPDATE SET value = excluded.value",
                (self._id, json.dumps(list(paths))),
            ),
        )

    def ignore_finding(self, segment_id: str, check: str, matched: str, reason: str) -> None:
        self._writable()
        self.server.run(
            "cannot save the finding",
            lambda conn: conn.execute(
                "INSERT INTO ignored_findings VALUES (%s, %s, %s, %s, %s, %s)"
                " ON CONFLICT (project, segment_id, check_id, matched)"
                " DO UPDATE SET reason = excluded.reason, ts = excluded.ts",
                (self._id, segment_id, check, matched, reason, time.time()),
            ),
        )

    def unignore_finding(self, segment_id: str, check: str, matched: str) -> None:
        self._writable()
        self.server.run(
            "cannot save the finding",
            lambda conn: conn.execute(
                "DELETE FROM ignored_findings WHERE project = %s AND segment_id = %s"
                " AND check_id = %s AND matched = %s",
                (self._id, segment_id, check, matched),
            ),
        )


def project_names(url: str, *, read_only: bool = True) -> list[str]:
    """The names of the projects in the store at ``url`` (writable: the schema is made or
    upgraded first)."""
    server = Server(url, read_only=read_only)
    try:
        rows = server.run(
            "cannot list the projects",
            lambda conn: conn.execute("SELECT name FROM projects ORDER BY name").fetchall(),
        )
    finally:
        server.close()
    return [str(r[0]) for r in rows]


def _insert_document(
    conn: Conn,
    project: int,
    document: Document,
    meta: Mapping[str, str],
    steps: Sequence[Sequence[CreationStep]],
    now: float,
    creation_rows: Any,
) -> None:
    """The rows of a new project (as :func:`project_store._insert_document` writes them)."""
    all_meta = {
        **meta,
        "name": document.name,
        "bom": "1" if document.bom else "0",
        "newline": document.newline,
        "format": document.format,
        "source_language": document.source_language,
        "target_language": document.target_language,
        "files": json.dumps(list(document.files), ensure_ascii=False),
        "notices": json.dumps(list(document.notices), ensure_ascii=False),
    }
    with conn.cursor() as cur:
        cur.executemany(
            "INSERT INTO project_meta VALUES (%s, %s, %s)",
            [(project, k, v) for k, v in sorted(all_meta.items())],
        )
        cur.executemany(
            "INSERT INTO gaps VALUES (%s, %s, %s)",
            [(project, i, g) for i, g in enumerate(document.gaps)],
        )
        rows: list[tuple[object, ...]] = []
        history: list[tuple[object, ...]] = []
        events: list[tuple[object, ...]] = []
        codes: list[tuple[object, ...]] = []
        origins: list[tuple[object, ...]] = []
        for i, (seg, seg_steps) in enumerate(zip(document.segments, steps, strict=True)):
            pre, status, hist_pos, seg_history, seg_events = creation_rows(seg, seg_steps, now)
            target = seg_history[hist_pos][2]
            history.extend((project, *h) for h in seg_history)
            events.extend((project, *e, "", None) for e in seg_events)
            rows.append(
                (project, i, seg.id, seg.paragraph, seg.source, seg.text, pre, target, status,
                 seg.note, hist_pos, seg_history[0][3],
                 seg_history[hist_pos][3] if target else "")
            )  # fmt: skip
            codes.extend(
                (project, seg.id, n, c.char, c.kind, c.pair, c.xml, c.label, int(c.nests), c.data)
                for n, c in enumerate(seg.codes)
            )
            if seg.origin is not None:
                origins.append((project, seg.id, *origin_row(seg.origin)))
        with cur.copy(
            "COPY segments (project, idx, id, paragraph, source, mt, pre, target, status, note,"
            " hist_pos, mt_origin, target_origin) FROM STDIN"
        ) as copy:
            for row in rows:
                copy.write_row(row)
        with cur.copy("COPY history (project, segment_id, pos, text, origin) FROM STDIN") as copy:
            for row in history:
                copy.write_row(row)
        cur.executemany(_INSERT_EVENT, events)
        cur.executemany("INSERT INTO codes VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)", codes)
        cur.executemany(
            "INSERT INTO origins (project, segment_id, file, unit, unit_id, part, part_id,"
            " unit_name, groups, notes) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
            origins,
        )
