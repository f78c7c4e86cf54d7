"""The review screen: a second pair of eyes on a post-edit. It is the editor's review mode
(f8 in the editor, f8 again goes back; ``workbench review`` opens the editor in it).

Per segment it shows the source, the raw MT, the translator's text with the word diff MT ->
translator, and the reviewer's editable text (the target). The reviewer selects words in
the target (shift+arrows, ctrl+shift+arrows), presses f3 and picks a category and severity
from a list that filters as they type (:class:`MarkErrorScreen`), with an optional comment;
ctrl+s accepts the segment, ctrl+r rejects it (both go to the next), alt+up/alt+down move,
ctrl+d removes the segment's last error. The screen dismisses with the index of the segment
it was on, where the editor goes on.

The reviewer's corrections are ``review`` edits, saved (durably) before the screen moves
on or marks an error; the error spans are carried through every correction
(:func:`workbench.core.lqa.project.correct`).
"""

from __future__ import annotations

import contextlib
import dataclasses
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.css.query import NoMatches
from textual.screen import ModalScreen, Screen
from textual.widgets import Footer, Input, Label, OptionList, Static
from textual.widgets.option_list import Option
from textual.widgets.text_area import Document, TextAreaTheme

from workbench.app.reviewing import NewError, ReviewError, ReviewSetup, Verdict
from workbench.core.lqa.annotation import Span
from workbench.core.lqa.model import QAModel
from workbench.core.lqa.project import correct
from workbench.core.review_split import translator_texts
from workbench.core.session import Session
from workbench.core.visible import visible
from workbench.tui.literal import literal
from workbench.tui.render import word_diff
from workbench.tui.widgets.target import MARK, TAG, TargetArea

SPAN = "workbench.error"
SPAN_STYLE = "black on yellow"

Clock = Callable[[], float]


@dataclass(frozen=True)
class ErrorChoice:
    category: str
    severity: str
    comment: str


def choices(model: QAModel) -> list[tuple[str, str]]:
    """Every (category, severity) a reviewer can mark, the model's order."""
    return [
        (c.name, s)
        for c in model.categories
        if c.name.casefold() != "no-error"
        for s in model.severity_names
        if s.casefold() != "no-error"
    ]


def matches(query: str, label: str) -> bool:
    """Every word of ``query`` is in ``label`` (any case): "mis maj" finds
    "Accuracy/Mistranslation · Major"."""
    words = query.casefold().split()
    text = label.casefold()
    return all(w in text for w in words)


class MarkErrorScreen(ModalScreen[ErrorChoice | None]):
    """Pick a category and severity (type to filter, up/down to move, enter to pick), and
    an optional comment (tab to it); dismisses with an :class:`ErrorChoice` or None."""

    DEFAULT_CSS = """
    MarkErrorScreen { align: center middle; }
    MarkErrorScreen > Vertical {
        width: 76; max-width: 100%; height: auto; max-height: 100%;
        border: round $accent; background: $surface; padding: 0 1;
    }
    MarkErrorScreen OptionList { height: auto; max-height: 10; }
    MarkErrorScreen Input { height: 3; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
        Binding("down", "move(1)", "Next", show=False, priority=True),
        Binding("up", "move(-1)", "Previous", show=False, priority=True),
    ]

    def __init__(self, model: QAModel, span_text: str) -> None:
        super().__init__()
        self.items = [(c, s, f"{c} · {s}") for c, s in choices(model)]
        self.shown = list(self.items)
        self.span_text = span_text

    def compose(self) -> ComposeResult:
        with Vertical():
            shown = visible(self.span_text, one_line=True)
            what = f"«{shown}»" if self.span_text else "the whole segment"
            yield Label(Text(f"Mark an error on {what}"))
            filter_input = Input(placeholder="type to filter: e.g. mis maj", id="filter")
            filter_input.border_title = "category and severity"
            yield filter_input
            yield OptionList(*[Option(label) for _, _, label in self.items], id="kinds")
            comment = Input(placeholder="comment (optional), enter to mark", id="comment")
            comment.border_title = "comment"
            yield comment

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.highlighted = 0
        options.can_focus = False
        self.query_one("#filter", Input).focus()

    @on(Input.Changed, "#filter")
    def _filter(self, event: Input.Changed) -> None:
        self.shown = [item for item in self.items if matches(event.value, item[2])]
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options([Option(label) for _, _, label in self.shown])
        options.highlighted = 0 if self.shown else None

    def action_move(self, step: int) -> None:
        options = self.query_one(OptionList)
        if not self.shown:
            return
        current = options.highlighted or 0
        options.highlighted = max(0, min(len(self.shown) - 1, current + step))

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Input.Submitted)
    def _submit(self) -> None:
        options = self.query_one(OptionList)
        if not self.shown or options.highlighted is None:
            self.notify("No category and severity match; change the filter.", severity="warning")
            return
        category, severity, _ = self.shown[options.highlighted]
        comment = self.query_one("#comment", Input).value.strip()
        self.dismiss(ErrorChoice(category, severity, comment))


class ReviewArea(TargetArea):
    """The reviewer's editable text, with the marked error spans highlighted."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self._spans: tuple[Span, ...] = ()
        base = TextAreaTheme.get_builtin_theme("css")
        assert base is not None
        self.register_theme(
            dataclasses.replace(
                base,
                name="workbench-review",
                syntax_styles={
                    MARK: Style(color="green", underline=True),
                    TAG: Style(color="magenta", bold=True),
                    SPAN: Style.parse(SPAN_STYLE),
                },
            )
        )
        self.theme = "workbench-review"

    def set_spans(self, spans: tuple[Span, ...]) -> None:
        self._spans = spans
        self._build_highlight_map()
        self.refresh()

    def _build_highlight_map(self) -> None:
        super()._build_highlight_map()
        doc = self.document
        if not isinstance(doc, Document):
            return
        for span in getattr(self, "_spans", ()):
            start = doc.get_location_from_index(span.start)
            end = doc.get_location_from_index(span.end)
            for row in range(start[0], end[0] + 1):
                line = doc.get_line(row)
                a = start[1] if row == start[0] else 0
                b = end[1] if row == end[0] else len(line)
                self._highlights[row].append((len(line[:a].encode()), len(line[:b].encode()), SPAN))

    def selected_span(self) -> Span | None:
        """The selection as character offsets in the text (None: nothing selected)."""
        doc = self.document
        assert isinstance(doc, Document)
        a = doc.get_index_from_location(self.selection.start)
        b = doc.get_index_from_location(self.selection.end)
        if a == b:
            return None
        return Span(min(a, b), max(a, b))


# The key that leaves the review mode has the id of the editor's key that enters it, so a
# user keymap that moves one moves both.
LEAVE_KEY = "f8"
LEAVE_ID = "review_mode"


class ReviewScreen(Screen[int]):
    """The review of one project (see the module docstring)."""

    DEFAULT_CSS = """
    ReviewScreen #rv-status { height: 1; padding: 0 1; background: $boost; }
    ReviewScreen VerticalScroll { height: auto; max-height: 60%; }
    ReviewScreen .pane { height: auto; padding: 0 1; border: round $primary-darken-2; }
    ReviewScreen ReviewArea { height: 1fr; min-height: 4; }
    ReviewScreen #rv-errors { height: auto; max-height: 7; padding: 0 1;
        border: round $warning-darken-2; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        # the footer shows them in this order: the way back to the editor fits 80 columns
        Binding("f3", "mark", "Mark error", priority=True),
        Binding("ctrl+s", "verdict('accepted')", "Accept", priority=True),
        Binding("ctrl+r", "verdict('rejected')", "Reject", priority=True),
        Binding(LEAVE_KEY, "leave", "Editor", id=LEAVE_ID, priority=True),
        Binding("ctrl+d", "unmark", "Unmark last", priority=True),
        Binding("alt+down", "move(1)", "Next", priority=True),
        Binding("alt+up", "move(-1)", "Previous", priority=True),
        Binding("f1", "help", "Help", priority=True),
        Binding("ctrl+q", "app.quit", "Quit", priority=True),
    ]

    def __init__(
        self, session: Session, setup: ReviewSetup, *, clock: Clock = time.time, start: int = 0
    ) -> None:
        super().__init__()
        self.session = session
        self.review = setup.review
        self.model: QAModel = setup.model
        self.reviewer = setup.reviewer
        self.clock = clock
        self.index = max(0, min(start, len(session.segments) - 1))
        self.translated = translator_texts(session.events())
        self.keystrokes = 0
        self.started = clock()

    # --- layout -----------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield Static(id="rv-status")
        with VerticalScroll():
            yield self._pane("rv-source", "source")
            yield self._pane("rv-mt", "MT")
            yield self._pane("rv-diff", "translator: MT → final")
        area = ReviewArea(id="rv-target", soft_wrap=True, show_line_numbers=False)
        area.border_title = "reviewer (edit, select words, f3 marks an error)"
        yield area
        errors = Static(id="rv-errors")
        errors.border_title = "errors"
        yield errors
        yield Footer()

    @staticmethod
    def _pane(widget_id: str, title: str) -> Static:
        pane = Static(id=widget_id, classes="pane")
        pane.border_title = title
        return pane

    def on_mount(self) -> None:
        area = self.query_one(ReviewArea)
        area.on_keystroke = self._keystroke
        self.show_segment()
        area.focus()

    def _keystroke(self) -> None:
        self.keystrokes += 1

    @property
    def area(self) -> ReviewArea:
        return self.query_one(ReviewArea)

    @property
    def segment_id(self) -> str:
        return self.session.segments[self.index].id

    def show_segment(self) -> None:
        s = self.session.segments[self.index]
        translated = self.translated.get(s.id, s.target)
        self.query_one("#rv-source", Static).update(
            literal(s.source) if s.source else Text("(no source)", "dim")
        )
        self.query_one("#rv-mt", Static).update(literal(s.mt))
        self.query_one("#rv-diff", Static).update(word_diff(s.mt, translated))
        self.area.load_text(s.target)
        self.area.read_only = self.session.read_only
        self.keystrokes = 0
        self.started = self.clock()
        self._show_errors()

    def _show_errors(self) -> None:
        s = self.session.segments[self.index]
        text = self.area.text
        errors = self.review.errors_on(s.id, text)
        self.area.set_spans(tuple(e.span for e in errors if e.span is not None))
        out = Text()
        for n, e in enumerate(errors, start=1):
            out.append(f"{n}. {e.severity} ", "bold")
            out.append(f"{e.category}: ")
            out.append(self._span_text(e, text), SPAN_STYLE)
            if e.comment:
                out.append(f"  ({visible(e.comment, one_line=True)})", "dim")
            if n < len(errors):
                out.append("\n")
        if not errors:
            out.append("No errors marked.", "dim")
        self.query_one("#rv-errors", Static).update(out)
        verdict = self.review.verdicts().get(s.id)
        total = len(self.session.segments)
        status = Text(f"Review {self.index + 1}/{total}  {s.id}  ", "bold")
        status.append(f"{s.status}  ")
        if verdict is not None:
            style = "green" if verdict.verdict == "accepted" else "red"
            status.append(verdict.verdict, f"bold {style}")
        else:
            status.append("not reviewed", "dim")
        status.append(f"  reviewer {visible(self.reviewer, one_line=True)}  model {self.model.id}")
        self.query_one("#rv-status", Static).update(status)

    @staticmethod
    def _span_text(error: ReviewError, text: str) -> str:
        if error.span is None:
            return "(whole segment)"
        return "«" + visible(text[error.span.start : error.span.end], one_line=True) + "»"

    # --- saving ----------------------------------------------------------------------------
    def save(self) -> None:
        """The reviewer's correction of this segment, durable when this returns."""
        if self.session.read_only:
            return
        s = self.session.segments[self.index]
        text = self.area.text
        if text == s.target:
            return
        self.translated.setdefault(s.id, s.target)
        active_ms = int((self.clock() - self.started) * 1000)
        correct(
            self.session,
            self.review,
            s.id,
            text,
            keystrokes=self.keystrokes,
            active_ms=max(0, active_ms),
        )
        self.keystrokes = 0
        self.started = self.clock()

    # --- actions ---------------------------------------------------------------------------
    def action_mark(self) -> None:
        if self.session.read_only:
            self.notify("The project is open read-only.", severity="warning")
            return
        self.save()
        span = self.area.selected_span()
        text = self.area.text
        words = text[span.start : span.end] if span is not None else ""

        def marked(choice: ErrorChoice | None) -> None:
            if choice is None:
                return
            self.review.add_errors(
                [
                    NewError(
                        self.segment_id,
                        self.reviewer,
                        choice.category,
                        choice.severity,
                        span,
                        text,
                        choice.comment,
                    )
                ]
            )
            self._show_errors()
            self.area.focus()

        self.app.push_screen(MarkErrorScreen(self.model, words), marked)

    def action_unmark(self) -> None:
        errors = self.review.errors(self.segment_id)
        if errors and not self.session.read_only:
            self.review.delete_error(errors[-1].id)
            self._show_errors()

    def action_verdict(self, verdict: Verdict) -> None:
        if self.session.read_only:
            self.notify("The project is open read-only.", severity="warning")
            return
        self.save()
        self.review.set_verdict(self.segment_id, self.reviewer, verdict)
        self.action_move(1)

    def action_move(self, step: int) -> None:
        self.save()
        new = max(0, min(len(self.session.segments) - 1, self.index + step))
        if new == self.index:
            self._show_errors()
            return
        self.index = new
        self.show_segment()

    def action_help(self) -> None:
        from workbench.tui.screens.help import HelpScreen

        self.app.push_screen(HelpScreen(self.app))

    def leave(self) -> None:
        """The app is closing (ctrl+q, a signal, the browser gone): save the correction."""
        with contextlib.suppress(NoMatches):  # the screen may be closing
            self.save()

    def action_leave(self) -> None:
        """Back to the editor, on the segment reviewed last."""
        self.save()
        self.dismiss(self.index)
