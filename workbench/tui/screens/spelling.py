"""f7: one misspelt word of the target and what to do with it.

The dictionary's near words are listed at once; Hunspell's own suggestions (up to a second
for a new word) are looked up in a worker and added when they come. A digit or enter takes a
suggestion, ``i`` adds the word to the personal word list (it is never flagged again),
``n`` leaves it and goes on to the next misspelt word, escape closes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, Literal

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from workbench.core.spelling import checker
from workbench.tui.screens.dialogs import MODAL_CSS, Modal

MAX_SHOWN = 9  # a digit takes each


@dataclass(frozen=True)
class SpellingAnswer:
    """What the translator chose: ``take`` (with the replacement), ``add`` or ``skip``."""

    action: Literal["take", "add", "skip"]
    replacement: str = ""


class SpellingScreen(Modal):
    """Dismisses with a :class:`SpellingAnswer`, or ``None`` (escape)."""

    DEFAULT_CSS = (
        MODAL_CSS.format(name="SpellingScreen")
        + """
    SpellingScreen OptionList { height: auto; max-height: 11; }
    SpellingScreen #keys { color: $text-muted; }
    """
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Close"),
        Binding("i", "add", "Add to my words"),
        Binding("n", "skip", "Next word"),
        *[Binding(str(n), f"pick({n})", show=False) for n in range(1, MAX_SHOWN + 1)],
    ]

    def __init__(self, word: str, language: str, context: str, remaining: int) -> None:
        super().__init__()
        self.word = word
        self.language = language
        self.context = context
        self.remaining = remaining
        spell = checker(language)
        self.dictionary = spell.name if spell is not None else language
        self.offers: list[str] = list(spell.quick_suggestions(word)) if spell else []

    def compose(self) -> ComposeResult:
        with Vertical():
            more = f" ({self.remaining} more in this segment)" if self.remaining else ""
            yield Label(
                Text.assemble(
                    ("Spelling: ", "bold"),
                    (self.word, "bold red"),
                    f" is not in the {self.dictionary} dictionary{more}",
                )
            )
            yield Static(Text(self.context), id="context")
            yield OptionList(id="offers")
            yield Static(
                "a number or enter: take it · i: add to my words · n: next word · escape: close",
                id="keys",
            )

    def on_mount(self) -> None:
        self._show(searching=True)
        self._look_up()

    def _show(self, *, searching: bool = False) -> None:
        options = self.query_one("#offers", OptionList)
        highlighted = options.highlighted
        options.clear_options()
        for n, offer in enumerate(self.offers[:MAX_SHOWN], start=1):
            options.add_option(Option(Text(f"{n}. {offer}"), id=f"offer-{n}"))
        if searching:
            options.add_option(Option(Text("looking for more suggestions…", "dim"), disabled=True))
        elif not self.offers:
            options.add_option(Option(Text("no suggestions", "dim"), disabled=True))
        if self.offers:
            options.highlighted = highlighted if highlighted is not None else 0
        options.focus()

    @work(thread=True, exclusive=True, group="suggestions")
    def _look_up(self) -> None:
        spell = checker(self.language)
        found = spell.suggestions(self.word, MAX_SHOWN) if spell is not None else ()
        self.app.call_from_thread(self._found, found)

    def _found(self, found: tuple[str, ...]) -> None:
        if not self.is_attached:
            return  # dismissed while the lookup ran
        self.offers = list(dict.fromkeys((*self.offers, *found)))[:MAX_SHOWN]
        self._show()

    def action_pick(self, number: int) -> None:
        if 1 <= number <= len(self.offers):
            self.dismiss(SpellingAnswer("take", self.offers[number - 1]))

    def action_add(self) -> None:
        self.dismiss(SpellingAnswer("add"))

    def action_skip(self) -> None:
        self.dismiss(SpellingAnswer("skip"))

    @on(OptionList.OptionSelected, "#offers")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.action_pick(event.option_index + 1)
