"""Small modal dialogs of the editor: find/replace, filter, add term, export, open file,
confirm, and the error screen shown instead of the editor when a project cannot open."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, ClassVar, TypeVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen, Screen
from textual.widget import Widget
from textual.widgets import Button, Checkbox, Input, Label, OptionList, Select, Static
from textual.widgets.option_list import Option

from workbench.core.document import Document
from workbench.core.errors import WorkbenchError
from workbench.core.segment_filter import SegmentFilter
from workbench.formats.registry import Format, suggested_suffix
from workbench.tui.literal import literal, short_path

MODAL_CSS = """
{name} {{ align: center middle; }}
{name} > Vertical {{
    width: 84; max-width: 100%; height: auto; max-height: 100%;
    border: round $accent; background: $surface; padding: 0 1;
}}
{name} #error {{ color: $error; height: auto; }}
{name} Horizontal {{ height: auto; }}
"""


W = TypeVar("W", bound=Widget)


def titled(widget: W, title: str | None = None) -> W:
    """A form field with its name in its border (its placeholder unless ``title``), so the
    field says what it is once it holds a value, at no extra height."""
    widget.border_title = title if title is not None else str(getattr(widget, "placeholder", ""))
    return widget


class Modal(ModalScreen[Any]):
    """A dialog: escape cancels (dismisses with None); ``show_error`` says what is wrong."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def action_cancel(self) -> None:
        self.dismiss(None)

    def show_error(self, message: str) -> None:
        self.query_one("#error", Static).update(literal(message, one_line=True))


class FindReplaceScreen(Modal):
    """Asks for find/replace text and options; dismisses with a dict or ``None``."""

    DEFAULT_CSS = MODAL_CSS.format(name="FindReplaceScreen")

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label("Find and replace in every target (recorded as replace-all edits)")
            yield titled(Input(placeholder="find", id="find"))
            yield titled(Input(placeholder="replace with", id="replace"))
            with Horizontal():
                yield Checkbox("match case", id="case")
                yield Checkbox("whole words", id="word")
                yield Checkbox("regular expression", id="regex")
            yield Static("", id="error")
            with Horizontal():
                yield Button("Replace all", variant="primary", id="go")
                yield Button("Cancel", id="cancel")

    @on(Input.Submitted)
    @on(Button.Pressed, "#go")
    def _go(self) -> None:
        find = self.query_one("#find", Input).value
        if not find:
            self.show_error("the text to find is empty")
            return
        self.dismiss(
            {
                "find": find,
                "replace": self.query_one("#replace", Input).value,
                "case_sensitive": self.query_one("#case", Checkbox).value,
                "whole_word": self.query_one("#word", Checkbox).value,
                "regex": self.query_one("#regex", Checkbox).value,
            }
        )

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(None)


class FilterScreen(Modal):
    """Chooses which segments the list shows; dismisses with a :class:`SegmentFilter`
    (an empty one shows every segment again) or ``None``."""

    DEFAULT_CSS = MODAL_CSS.format(name="FilterScreen")

    def __init__(self, current: SegmentFilter) -> None:
        super().__init__()
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label("Show only segments that are…")
            with Horizontal():
                yield Checkbox("unconfirmed", self.current.unconfirmed, id="unconfirmed")
                yield Checkbox("with QA errors", self.current.errors, id="errors")
            yield titled(
                Input(self.current.text, placeholder="containing (MT or target)", id="text")
            )
            yield Checkbox("regular expression", self.current.regex, id="regex")
            yield Static("", id="error")
            with Horizontal():
                yield Button("Filter", variant="primary", id="go")
                yield Button("Show all", id="all")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#text", Input).focus()

    @on(Input.Submitted)
    @on(Button.Pressed, "#go")
    def _go(self) -> None:
        spec = SegmentFilter(
            unconfirmed=self.query_one("#unconfirmed", Checkbox).value,
            errors=self.query_one("#errors", Checkbox).value,
            text=self.query_one("#text", Input).value,
            regex=self.query_one("#regex", Checkbox).value,
        )
        try:
            spec.pattern()
        except WorkbenchError as exc:
            self.show_error(str(exc))
            return
        self.dismiss(spec)

    @on(Button.Pressed, "#all")
    def _all(self) -> None:
        self.dismiss(SegmentFilter())

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(None)


class ChoiceScreen(Modal):
    """A numbered list to choose from (glossary offers, memory matches): a digit or enter
    on a row picks it; dismisses with its number (1-based) or ``None``."""

    DEFAULT_CSS = (
        MODAL_CSS.format(name="ChoiceScreen")
        + """
    ChoiceScreen OptionList { height: auto; max-height: 16; }
    """
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
        *[Binding(str(n), f"pick({n})", show=False) for n in range(1, 10)],
    ]

    def __init__(self, question: str, rows: Sequence[Text]) -> None:
        super().__init__()
        self.question = question
        self.rows = list(rows)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(f"{self.question} (a number, or enter)")
            yield OptionList(
                *[Option(Text(f"{n}. ") + row) for n, row in enumerate(self.rows, start=1)],
                id="choices",
            )

    def action_pick(self, number: int) -> None:
        if 1 <= number <= len(self.rows):
            self.dismiss(number)

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option_index + 1)


class AddTermScreen(Modal):
    """Asks for the MT text (prefilled with the selection) and its correction."""

    DEFAULT_CSS = MODAL_CSS.format(name="AddTermScreen")

    def __init__(self, mt: str, target_file: str) -> None:
        super().__init__()
        self.mt = mt
        self.target_file = target_file

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(Text(f"New glossary entry in {short_path(self.target_file)}"))
            yield titled(Input(self.mt, placeholder="MT text to find", id="mt"))
            yield titled(Input(placeholder="correction", id="correct"))
            yield titled(
                Select(
                    [("suggest (offered)", "suggest"), ("auto (pre-applied)", "auto")],
                    value="suggest",
                    allow_blank=False,
                    id="apply",
                ),
                "apply",
            )
            yield titled(Input(placeholder="note: why the MT gets it wrong", id="note"), "note")
            yield Static("", id="error")
            with Horizontal():
                yield Button("Add", variant="primary", id="go")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#correct" if self.mt else "#mt", Input).focus()

    @on(Input.Submitted)
    @on(Button.Pressed, "#go")
    def _go(self) -> None:
        mt = self.query_one("#mt", Input).value.strip()
        correct = self.query_one("#correct", Input).value.strip()
        if not mt or not correct:
            self.show_error("both the MT text and the correction are needed")
            return
        self.dismiss(
            {
                "mt": mt,
                "correct": correct,
                "apply": str(self.query_one("#apply", Select).value),
                "note": self.query_one("#note", Input).value.strip() or None,
            }
        )

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(None)


class ExportScreen(Modal):
    """Chooses an export format and output path; dismisses with (format, path). The path
    follows the format (each format has its own default name) until the user edits it.
    ``check`` (``workbench serve``) refuses, in the dialog, a path the browser may not write."""

    DEFAULT_CSS = MODAL_CSS.format(name="ExportScreen")

    def __init__(
        self,
        choices: Sequence[Format],
        folder: Path,
        stem: str,
        document: Document,
        *,
        check: Callable[[str], Path] | None = None,
    ) -> None:
        super().__init__()
        self.check = check
        self.choices = list(choices)
        self.folder = folder
        self.stem = stem
        self.document = document

    def default_path(self, name: str) -> str:
        spec = next(f for f in self.choices if f.name == name)
        return str(self.folder / f"{self.stem}{suggested_suffix(spec, self.document)}")

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label("Export")
            yield titled(
                Select(
                    [(f.description, f.name) for f in self.choices],
                    value=self.choices[0].name,
                    allow_blank=False,
                    id="format",
                ),
                "format",
            )
            yield titled(
                Input(self.default_path(self.choices[0].name), placeholder="output file", id="path")
            )
            yield Static("", id="error")
            with Horizontal():
                yield Button("Export", variant="primary", id="go")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#path", Input).focus()

    @on(Select.Changed, "#format")
    def _format_changed(self, event: Select.Changed) -> None:
        """Follow the format with the default file name, unless the user typed another."""
        field = self.query_one("#path", Input)
        if field.value in {self.default_path(f.name) for f in self.choices} or not field.value:
            field.value = self.default_path(str(event.value))

    @on(Input.Submitted)
    @on(Button.Pressed, "#go")
    def _go(self) -> None:
        path = self.query_one("#path", Input).value.strip()
        if not path:
            self.show_error("give an output file")
            return
        if self.check is not None:
            try:
                self.check(path)
            except WorkbenchError as exc:
                self.show_error(str(exc))
                return
        self.dismiss((str(self.query_one("#format", Select).value), path))

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(None)


class OpenFileScreen(Modal):
    """Asks for an article to open; dismisses with its path."""

    DEFAULT_CSS = MODAL_CSS.format(name="OpenFileScreen")

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label("Open an article (.txt, .md, .xlf, .tmx, .tsv)")
            yield titled(Input(placeholder="path to the article", id="path"))
            yield Static("", id="error")

    @on(Input.Submitted)
    def _go(self, event: Input.Submitted) -> None:
        path = Path(event.value.strip()).expanduser()
        if not path.is_file():
            self.show_error(f"{path}: no such file")
            return
        self.dismiss(path)


class ConfirmScreen(Modal):
    """A yes/no question; dismisses with True or False."""

    DEFAULT_CSS = MODAL_CSS.format(name="ConfirmScreen")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Yes"),
        Binding("n,escape", "answer(False)", "No"),
    ]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(literal(self.question))
            yield Label("y: yes    n: no")

    def action_answer(self, value: bool) -> None:
        self.dismiss(value)


class ErrorScreen(Screen[None]):
    """Shown instead of the editor when the project cannot be opened and there is no
    terminal to print to (``workbench serve``: the browser shows this page)."""

    DEFAULT_CSS = """
    ErrorScreen { align: center middle; }
    ErrorScreen > Vertical {
        width: 84; max-width: 100%; height: auto; border: round $error; padding: 0 1;
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [Binding("q,escape,enter", "app.quit", "Quit")]

    def __init__(self, message: str) -> None:
        super().__init__()
        self.message = message

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(Text("Workbench cannot open this project", style="bold"))
            yield Static(literal(self.message), id="message")
            yield Label("q: quit")
