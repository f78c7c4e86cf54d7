"""Spelling in the editor: misspelt words of the target marked (red, underlined) once typing
pauses, by the same rules as the ``spelling`` QA check, and f7 to go through them one by
one (:class:`~workbench.tui.screens.spelling.SpellingScreen`): take a suggestion with one
key, ``i`` adds the word to the personal list, ``n`` goes on to the next."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from textual.css.query import NoMatches
from textual.widgets.text_area import Document

from workbench.core.errors import WorkbenchError
from workbench.core.spelling import add_word, checker
from workbench.qa.spelling import misspelt_in

if TYPE_CHECKING:
    from workbench.tui.screens.editor import EditorScreen
    from workbench.tui.screens.spelling import SpellingAnswer
    from workbench.tui.widgets.target import TargetArea

log = logging.getLogger(__name__)

CONTEXT = 30  # characters shown either side of the word in the dialog


class SpellingFlow:
    def __init__(self, editor: EditorScreen) -> None:
        self.editor = editor

    @property
    def language(self) -> str:
        return self.editor.session.document.target_language or "en"

    def mark(self) -> None:
        """Mark the target's misspelt words (a segment's check takes well under a
        millisecond once the dictionary is loaded; it is loaded in a worker at start)."""
        editor = self.editor
        try:
            target = editor.target
            spans = misspelt_in(target.text, self.language, editor.session.engine)
        except NoMatches:
            return  # the editor is closing
        except Exception:  # spelling trouble must never take the editor down
            log.exception("spelling of segment %s failed", editor.state.id)
            spans = ()
        target.set_misspelt([(s.start, s.end, s.word) for s in spans])

    def next_word(self, after: int | None = None) -> None:
        """f7: the misspelt word at or after the cursor (or after ``after``), else the first
        of the segment, in the spelling dialog."""
        editor = self.editor
        editor.touch()
        if checker(self.language) is None:
            editor.note(f"spelling: no dictionary for '{self.language}'")
            return
        self.mark()
        target = editor.target
        words = target.misspelt
        if not words:
            editor.note("spelling: no misspelt word in this segment")
            return
        if after is None:
            cursor = _document(target).get_index_from_location(target.selection.end)
            here = [w for w in words if w[1] >= cursor]
        else:
            here = [w for w in words if w[0] >= after]
            if not here:
                editor.note("spelling: the end of the segment")
                return
        start, end, word = (here or words)[0]
        text = target.text
        context = text[max(0, start - CONTEXT) : end + CONTEXT].replace("\n", " ")
        remaining = len(words) - 1
        from workbench.tui.screens.spelling import SpellingScreen

        def answered(answer: SpellingAnswer | None) -> None:
            self._answered(answer, start, end, word)

        editor.app.push_screen(SpellingScreen(word, self.language, context, remaining), answered)

    def _answered(self, answer: SpellingAnswer | None, start: int, end: int, word: str) -> None:
        editor = self.editor
        if answer is None:
            editor.target.focus()
            return
        target = editor.target
        if answer.action == "take":
            if target.read_only or not editor.writable():
                return
            if target.text[start:end] != word:
                editor.note("spelling: the text changed; f7 again")
                return
            doc = _document(target)
            editor.count_keystroke()  # one key took it
            target.replace(
                answer.replacement,
                doc.get_location_from_index(start),
                doc.get_location_from_index(end),
            )
            editor.note(f"spelling: '{word}' -> '{answer.replacement}'")
            after = start + len(answer.replacement)
        elif answer.action == "add":
            try:
                path = add_word(word)
            except (WorkbenchError, OSError) as exc:
                editor.notify(str(exc), title="Not added", severity="error", markup=False)
                return
            editor.note(f"spelling: '{word}' added to {path.name}")
            editor.refresh_panels()  # its finding goes too
            after = end
        else:
            after = end
        self.mark()
        target.focus()
        if any(w[0] >= after for w in target.misspelt):
            self.next_word(after=after)


def _document(target: TargetArea) -> Document:
    doc = target.document
    assert isinstance(doc, Document)  # a plain-text TextArea holds a Document
    return doc
