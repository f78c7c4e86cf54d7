"""The team in the editor, for a project in a team store (``--store URL --project NAME``).

* **One translator per segment.** Entering a segment takes it (a lease, renewed while the
  editor is on it); leaving it, or quitting, lets go. A segment someone else holds is shown
  read-only, as memoQ and Trados lock it, with "being edited by NAME" on the status line
  and in the target's title; it becomes editable as soon as they leave it.
* **The others, live.** The segment list shows "being edited by NAME" on the others'
  segments; their confirmations appear in the list, in the status line's count and, when
  this translator has nothing unsaved there, in the panes, within a second (the desk's
  LISTEN/NOTIFY wakes the UI with a message: never a store call from the listening thread).
* **Reconnecting.** When the server goes away (the desk stops hearing it, or a save waits
  for it longer than :data:`PATIENCE`), the status line says "reconnecting"; a save that was
  sent waits in the store's local journal, and what is typed meanwhile stays in the target
  (moving to another segment waits) and, at each pause in typing, is kept on this machine
  too (a draft, fsynced: a killed editor loses nothing; the next one saves it). Once the
  server is back, the journal is sent again (each write once), the others' changes are
  read, what was typed is saved, and the status line says so - unless someone else changed
  the segment meanwhile (after our lease ran out): then ours stays in the target, unsaved,
  and the translator is told whose change saving it would replace.
"""

from __future__ import annotations

import contextlib
import logging
from typing import TYPE_CHECKING

from textual.css.query import NoMatches
from textual.message import Message

from workbench.app.team import Desk, team_of, unreachable
from workbench.core.errors import WorkbenchError

if TYPE_CHECKING:
    from workbench.tui.screens.editor import EditorScreen

log = logging.getLogger(__name__)

PATIENCE = 2.0  # seconds a call waits for an absent server on the UI thread
RENEW_SECONDS = 45.0  # the segment's lease is renewed this often (it lasts 120 s)
RETRY_SECONDS = 1.0  # while reconnecting: how often to try the server again
RECONNECTING = "reconnecting…"


class TeamNews(Message):
    """The desk heard something from the others (in its listening thread)."""


class ServerState(Message):
    """The desk's connection to the server was lost (``up`` False) or is back (``up``
    True)."""

    def __init__(self, up: bool) -> None:
        super().__init__()
        self.up = up


class Waiting(Message):
    """A call to the store started waiting for the server (``waiting``), or ended."""

    def __init__(self, waiting: bool) -> None:
        super().__init__()
        self.waiting = waiting


class TeamFlow:
    """The editor's desk at a team store (nothing at all for a project file)."""

    def __init__(self, editor: EditorScreen) -> None:
        self.editor = editor
        self.desk: Desk | None = None
        self.holder: str | None = None  # who holds the segment shown, when someone else does
        self.offline = False
        self.conflict: str | None = None  # a segment whose unsaved text would replace another's

    def holds_back(self, segment_id: str) -> bool:
        """Whether typing in ``segment_id`` is not saved at each pause: it holds our text
        over someone else's change, saved only when the translator moves on or confirms."""
        return self.conflict == segment_id

    @property
    def active(self) -> bool:
        return self.desk is not None

    def start(self) -> None:
        """Join the desk (on mount): listen, show who is on which segment."""
        editor = self.editor
        if team_of(editor.session) is None:
            return

        # called in other threads: only post messages (thread-safe), the UI thread acts
        def wake() -> None:
            editor.post_message(TeamNews())

        def connection(up: bool) -> None:
            editor.post_message(ServerState(up))

        def waiting(waits: bool) -> None:
            editor.post_message(Waiting(waits))

        self.desk = Desk(editor.session, wake=wake, on_connection=connection, patience=PATIENCE)
        self.desk.on_reconnecting(waiting)
        editor.set_interval(RENEW_SECONDS, self._every_while)
        editor.set_interval(RETRY_SECONDS, self._retry)
        self.show_leases()

    def close(self) -> None:
        """Let go of the segment and stop listening (the editor is closing)."""
        if self.desk is None:
            return
        desk, self.desk = self.desk, None
        if not self.offline and not self.editor.session.read_only:
            with contextlib.suppress(WorkbenchError):
                desk.leave()
        desk.close()

    # --- the segment shown -------------------------------------------------------------------
    def enter(self, segment_id: str) -> None:
        """The editor shows ``segment_id``: take it, or say who has it (read-only here)."""
        if segment_id != self.conflict:
            self.conflict = None
        if self.desk is None or self.editor.session.read_only:
            return
        holder: str | None = None
        if not self.offline:
            try:
                holder = self.desk.enter(segment_id)
            except WorkbenchError as exc:
                self._failed(exc)
        self._hold(holder)

    def _hold(self, holder: str | None) -> None:
        self.holder = holder
        editor = self.editor
        editor.target.read_only = editor.session.read_only or holder is not None
        if holder is not None:
            editor.status_note = f"read-only until {holder} leaves it"

    def renew(self) -> None:
        """Keep the segment while the editor is on it; take it if its holder left (or their
        lease ran out: an editor that died lets go of nothing)."""
        if self.desk is None or self.offline or self.editor.session.read_only:
            return
        before = self.holder
        self.enter(self.editor.state.id)
        if before != self.holder:
            self._segment_changed_hands(before)

    def _every_while(self) -> None:
        self.renew()
        self.show_leases()  # leases that ran out are announced by no one

    def _segment_changed_hands(self, before: str | None) -> None:
        editor = self.editor
        editor.title_target()
        if self.holder is None and before is not None:
            editor.note(f"{before} left segment {editor.state.id}: it is yours now")
        elif self.holder is not None:
            editor.note(self.status())

    def writable(self) -> bool:
        """Whether the segment shown may change here (else the status line says why)."""
        if self.holder is not None:
            self.editor.note(f"segment {self.editor.state.id} is being edited by {self.holder}")
            return False
        if self.offline:
            self.editor.note("the server is away: changes wait for it")
            return False
        return True

    def status(self) -> str:
        """What the status line says of the team ("" when nothing)."""
        if self.offline:
            return RECONNECTING
        if self.holder is not None:
            return f"being edited by {self.holder}"
        return ""

    def title(self) -> str:
        return f", being edited by {self.holder}" if self.holder is not None else ""

    # --- the others --------------------------------------------------------------------------
    def show_leases(self) -> None:
        if self.desk is None or self.offline:
            return
        try:
            notes = self.desk.being_edited()
        except WorkbenchError as exc:
            self._failed(exc)
            return
        with contextlib.suppress(NoMatches):
            self.editor.segment_list.set_notes(notes)

    def catch_up(self) -> None:
        """Show what the others did: their segments in the list (and in the panes when
        nothing is unsaved here), who is on which segment, new memory units."""
        editor = self.editor
        if self.desk is None or self.offline or not editor.is_mounted:
            return  # after reconnecting, the news is read then
        try:
            news = self.desk.catch_up()
        except WorkbenchError as exc:
            self._failed(exc)
            return
        current = editor.state.id
        for segment_id in news.changed:
            editor.segment_list.refresh_segment(segment_id)
        if current in news.changed:
            if editor.unsaved():
                editor.notify(
                    f"Segment {current} was changed by someone else while you typed.",
                    severity="warning",
                    markup=False,
                )
            else:
                editor.show_again(f"segment {current} updated by the team")
        elif news.changed:
            editor.note(f"{len(news.changed)} segment(s) updated by the team")
        if news.changed:
            editor.refresh_hter()
        if news.leases:
            if news.being_edited is not None:  # kept from the notices: no query
                with contextlib.suppress(NoMatches):
                    editor.segment_list.set_notes(dict(news.being_edited))
            if self.holder is not None:
                self.renew()
        if news.memory_ids and editor.editing.memory is not None:
            editor.memory.look_up(editor.index)

    # --- the server away and back ------------------------------------------------------------
    def server_state(self, up: bool) -> None:
        if not up:
            self.went_away()
        elif self.offline:
            self.resume()

    def went_away(self) -> None:
        if self.desk is None or self.offline:
            return
        self.offline = True
        log.warning("the team store is away: reconnecting")
        self.editor.note("the server is away: what you type stays here")

    def _failed(self, exc: WorkbenchError) -> None:
        if unreachable(exc):
            self.went_away()
        else:
            self.editor.notify(str(exc), severity="error", markup=False)

    # --- what is typed while the server is away ----------------------------------------------
    def keep_draft(self) -> None:
        """The server is away: keep what the target holds on this machine (fsynced), to be
        saved when it is back, or by the next editor if this one is killed meanwhile."""
        editor = self.editor
        if self.desk is None:
            return
        try:
            text = editor.stored_text()
            sid = editor.state.id
            self.desk.keep_draft(
                sid,
                text,
                base=self.desk.expected(sid, editor.shown_text),
                keystrokes=editor.keystrokes,
                active_ms=editor.timer.total_ms,
            )
        except (WorkbenchError, OSError) as exc:
            editor.note(f"NOT KEPT on this machine: {exc}")
            return
        editor.note("not sent yet: kept on this machine")

    def saved(self, segment_id: str) -> None:
        """A save of ``segment_id`` reached the server: its draft is not needed any more."""
        if segment_id == self.conflict:
            self.conflict = None
        if self.desk is not None:
            with contextlib.suppress(OSError):
                self.desk.drop_draft(segment_id)

    def restore_drafts(self) -> None:
        """An earlier editor was closed or killed while the server was away: save what it
        kept, where the segment still holds the text it was typed over; elsewhere (someone
        changed the segment meanwhile) show it in the target, unsaved, and say whose change
        it would replace."""
        editor = self.editor
        if self.desk is None or editor.session.read_only:
            return
        for draft in self.desk.drafts():
            try:
                state = editor.session.segment(draft.segment_id)
            except WorkbenchError:
                self.desk.drop_draft(draft.segment_id)  # the segment is gone
                continue
            if state.target == draft.text:
                self.desk.drop_draft(draft.segment_id)
            elif state.target == draft.base:
                try:
                    editor.session.set_target(
                        draft.segment_id,
                        draft.text,
                        keystrokes=draft.keystrokes,
                        active_ms=draft.active_ms,
                    )
                except WorkbenchError as exc:
                    editor.notify(str(exc), title="Not restored", severity="error", markup=False)
                    continue
                self.desk.drop_draft(draft.segment_id)
                editor.segment_list.refresh_segment(draft.segment_id)
                if draft.segment_id == editor.state.id:
                    editor.show_again("restored what you typed while the server was away")
                editor.notify(
                    f"Segment {draft.segment_id}: what you typed while the server was away "
                    "is saved.",
                    markup=False,
                )
            else:
                self._conflict(draft.segment_id, draft.text, draft.keystrokes)

    def _conflict(self, segment_id: str, text: str, keystrokes: int) -> None:
        """``text`` was typed in ``segment_id`` while the server was away, and someone else
        changed the segment meanwhile: go there and show ours in the target, unsaved (theirs
        is what the segment holds, and stays in its history); saving ours is the
        translator's choice, made knowing."""
        editor = self.editor
        index = next((i for i, s in enumerate(editor.session.segments) if s.id == segment_id), None)
        if index is None:
            return
        if editor.index != index:
            editor.go(index)
        if editor.state.id != segment_id:
            return
        who = editor.session.segment(segment_id)
        self.conflict = segment_id
        editor.put_unsaved(text, keystrokes)
        editor.notify(
            f"Segment {segment_id} was changed by someone else while the server was away. "
            f"Yours is in the target, not saved: moving on or confirming saves it over "
            f"theirs ({who.target!r}), which stays in the segment's history.",
            title="Changed by someone else",
            severity="warning",
            timeout=30,
            markup=False,
        )

    def saving_failed(self, exc: WorkbenchError) -> bool:
        """A save failed with ``exc``: True when the server is away (the save waits in the
        journal and is sent when it is back)."""
        if self.desk is None or not unreachable(exc):
            return False
        self.went_away()
        return True

    def _retry(self) -> None:
        if self.offline and self.desk is not None and self.desk.connected:
            self.resume()

    def resume(self) -> None:
        """The server is back: send the journal, read the others' changes, save what was
        typed meanwhile, take the segment again."""
        editor = self.editor
        if self.desk is None or not self.offline or not editor.is_mounted:
            return
        sid = editor.state.id
        expected = self.desk.expected(sid, editor.shown_text)
        try:
            refused = self.desk.resume()
        except WorkbenchError as exc:
            if not unreachable(exc):
                editor.notify(str(exc), severity="error", markup=False)
            return  # still away: tried again in a moment
        self.offline = False
        log.info("the team store is back")
        for reason in refused:
            editor.notify(reason, title="Not saved", severity="error", markup=False)
        for state in editor.session.segments:
            editor.segment_list.refresh_segment(state.id)
        if not editor.unsaved():
            self.saved(sid)  # a draft kept meanwhile was typed away again
            editor.show_again("reconnected")
        elif editor.session.segment(sid).target != expected:
            # someone else changed it while the server was away (their lease came after
            # ours ran out): ours stays in the target, not saved over theirs unasked
            self._conflict(sid, editor.stored_text(), editor.keystrokes)
            editor.note("reconnected: someone else changed this segment meanwhile")
            return
        elif not editor.flush():
            return
        self.enter(editor.state.id)
        editor.title_target()
        self.show_leases()
        self.catch_up()
        editor.note("reconnected: saved")
