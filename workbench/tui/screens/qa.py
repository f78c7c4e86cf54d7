"""The document-wide QA screen: every finding of a project, checked in a worker thread.

Enter on a finding closes the screen with that finding's segment id (the app moves there);
``i`` ignores the highlighted finding with a reason (recorded in the project store), ``u``
takes an ignore back; escape closes with ``None``. The columns fit the screen (the message
takes what the others leave), so "Ignored" is always in view. Text from files is shown
literally (Rich ``Text`` cells, never markup strings).
"""

from __future__ import annotations

from dataclasses import replace
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.coordinate import Coordinate
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Input, Label, Static

from workbench.core.errors import WorkbenchError
from workbench.core.findings import Finding
from workbench.core.glossary.engine import GlossaryEngine
from workbench.core.session import Session
from workbench.core.visible import visible
from workbench.qa.report import summary_line
from workbench.qa.runner import QaRun, project_run, run
from workbench.tui.literal import cell as _cell
from workbench.tui.literal import literal
from workbench.tui.screens.dialogs import MODAL_CSS, Modal, titled

SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}


class IgnoreReasonScreen(Modal):
    """Asks why a finding is ignored; dismisses with the reason, or ``None`` on escape."""

    DEFAULT_CSS = MODAL_CSS.format(name="IgnoreReasonScreen")

    def __init__(self, finding: Finding) -> None:
        super().__init__()
        self.finding = finding

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(Text(f"Ignore {self.finding.check} in {self.finding.segment_id}:"))
            yield Static(literal(self.finding.message))
            yield titled(
                Input(placeholder="reason (enter to ignore, escape to cancel)", id="reason"),
                "reason",
            )

    @on(Input.Submitted, "#reason")
    def _submitted(self, event: Input.Submitted) -> None:
        reason = event.value.strip()
        if reason:
            self.dismiss(reason)
        else:
            self.notify("Give a reason to ignore this finding.", severity="warning")


class QaScreen(Screen[str | None]):
    """All findings of a session's targets; dismisses with the chosen segment id."""

    DEFAULT_CSS = """
    QaScreen #qa-status { height: auto; padding: 0 1; background: $boost; }
    QaScreen DataTable { height: 1fr; }
    QaScreen #qa-detail { height: auto; max-height: 4; padding: 0 1; border-top: solid $primary; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close"),
        Binding("i", "ignore", "Ignore finding"),
        Binding("u", "unignore", "Un-ignore"),
        Binding("r", "recheck", "Re-run checks"),
    ]

    def __init__(self, session: Session, engine: GlossaryEngine | None = None) -> None:
        super().__init__()
        self.session = session
        self.engine = engine
        self.findings: tuple[Finding, ...] = ()
        self.segment_count = 0
        self.checked = False

    def compose(self) -> ComposeResult:
        yield Static(Text("Checking..."), id="qa-status")
        yield DataTable(cursor_type="row", zebra_stripes=True)
        yield Static(id="qa-detail")
        yield Footer()

    def _add_columns(self, width: int) -> None:
        """Columns that fit ``width``: the message takes what the others leave."""
        table = self.table
        fixed = (
            {"segment": 9, "severity": 8, "check": 22, "ignored": 18}
            if width >= 100
            else {"segment": 7, "severity": 8, "check": 16, "ignored": 12}
        )
        padding = 2 * (len(fixed) + 1) + 2  # cell padding and the scrollbar
        message = max(20, width - sum(fixed.values()) - padding)
        table.add_column("Segment", key="segment", width=fixed["segment"])
        table.add_column("Severity", key="severity", width=fixed["severity"])
        table.add_column("Check", key="check", width=fixed["check"])
        table.add_column("Message", key="message", width=message)
        table.add_column("Ignored", key="ignored", width=fixed["ignored"])

    def on_mount(self) -> None:
        self._add_columns(self.app.size.width)
        self.action_recheck()

    @property
    def table(self) -> DataTable[Text]:
        return self.query_one(DataTable)

    def _status(self, text: str) -> None:
        self.query_one("#qa-status", Static).update(Text(text))

    def action_recheck(self) -> None:
        """Read the project here (the session belongs to this thread), check in a worker."""
        qa = project_run(self.session, engine=self.engine)
        self.checked = False
        self._status(f"Checking {len(qa.segments)} segments...")
        self._check(qa)

    @work(thread=True, exclusive=True, group="qa")
    def _check(self, qa: QaRun) -> None:
        try:
            findings = run(qa)
        except Exception as exc:  # a check failing must not take the editor down
            self.app.call_from_thread(self._status, f"QA failed: {exc}")
            return
        self.app.call_from_thread(self._show, findings, len(qa.segments))

    def _show(self, findings: tuple[Finding, ...], segments: int) -> None:
        self.findings = findings
        self.segment_count = segments
        table = self.table
        table.clear()
        for n, f in enumerate(findings):
            table.add_row(
                _cell(f.segment_id),
                _cell(f.severity, SEVERITY_STYLE[f.severity]),
                _cell(f.check),
                _cell(f.message),
                _cell(f.reason if f.ignored else ""),
                key=str(n),
            )
        hint = "  enter: go to segment  i: ignore  u: un-ignore  r: re-run  escape: close"
        self._status(summary_line(findings, segments=segments) + ("" if not findings else hint))
        self.checked = True
        table.focus()

    def _highlighted(self) -> tuple[int, Finding] | None:
        row = self.table.cursor_row
        if not self.findings or not 0 <= row < len(self.findings):
            return None
        key = self.table.coordinate_to_cell_key(Coordinate(row, 0)).row_key.value
        n = int(key or 0)
        return n, self.findings[n]

    @on(DataTable.RowHighlighted)
    def _highlighted_row(self, event: DataTable.RowHighlighted | None) -> None:
        """The whole message of the highlighted finding (the table cuts long ones)."""
        current = self._highlighted()
        detail = self.query_one("#qa-detail", Static)
        if current is None:
            detail.update("")
            return
        found = current[1]
        text = Text(f"{found.segment_id} {found.check}: ", "bold")
        text.append(visible(found.message))
        if found.ignored:
            text.append(f" (ignored: {visible(found.reason)})", "dim")
        detail.update(text)

    @on(DataTable.RowSelected)
    def _selected(self, event: DataTable.RowSelected) -> None:
        n = int(event.row_key.value or 0)
        if 0 <= n < len(self.findings):
            self.dismiss(self.findings[n].segment_id)

    def action_close(self) -> None:
        self.dismiss(None)

    def action_ignore(self) -> None:
        current = self._highlighted()
        if current is None:
            return
        n, found = current
        if found.ignored:
            reason = visible(found.reason, one_line=True)
            self.notify(f"Already ignored: {reason} (u takes it back)", markup=False)
            return

        def ignore(reason: str | None) -> None:
            if reason is None:
                return
            try:
                self.session.ignore_finding(found.segment_id, found.check, found.matched, reason)
            except WorkbenchError as exc:
                self.notify(str(exc), severity="error", markup=False)
                return
            self._mark_ignored(n, reason)

        self.app.push_screen(IgnoreReasonScreen(found), ignore)

    def action_unignore(self) -> None:
        current = self._highlighted()
        if current is None:
            return
        n, found = current
        if not found.ignored:
            self.notify("This finding is not ignored.", markup=False)
            return
        try:
            self.session.unignore_finding(found.segment_id, found.check, found.matched)
        except WorkbenchError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        self._mark_ignored(n, None)

    def _mark_ignored(self, n: int, reason: str | None) -> None:
        """Mark every finding with the same ignore key (the store ignores by key), or
        unmark them (``reason`` None)."""
        target = self.findings[n]
        key = (target.segment_id, target.check, target.matched)
        updated = list(self.findings)
        for i, f in enumerate(updated):
            if (f.segment_id, f.check, f.matched) == key:
                updated[i] = replace(f, ignored=reason is not None, reason=reason or "")
                self.table.update_cell(str(i), "ignored", _cell(reason or ""))
        self.findings = tuple(updated)
        line = summary_line(self.findings, segments=self.segment_count)
        if reason is None:
            self._status(f"{line}  (ignore taken back)")
        else:
            self._status(f"{line}  (ignored: {visible(reason, one_line=True)})")
        self._highlighted_row(None)
