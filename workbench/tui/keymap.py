"""Key bindings of the editor: the app's actions, the target's editing keys, presets for
what translators' hands already know, and the user's own keymap.

Every app binding has an ``id`` (a user keymap rebinds it) and a ``tooltip`` (the help and
the command palette show it), and is a priority binding: it works from the target pane and
no widget's own binding can shadow it. The target's editing keys (:data:`EDITING_KEYS`)
never use a key an app binding uses; a test checks it for every preset.

Presets (``keymap = "memoq"`` in the settings, see :mod:`workbench.core.config`):

* ``memoq`` and ``matecat`` confirm with ctrl+enter (ctrl+s too: many terminals send plain
  enter for ctrl+enter) and move with ctrl+up/ctrl+down;
* ``omegat`` goes to the next untranslated segment with ctrl+u and to the next segment
  with ctrl+n.

The user keymap is a JSON object of binding id -> keys in
``<config dir>/workbench/keymap.json`` (``~/.config/workbench/keymap.json`` on Linux), e.g.
``{"confirm": "ctrl+enter", "next_segment": "ctrl+down,alt+down"}``; it applies on top of
the preset.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from textual.binding import Binding

from workbench.core.config import KeymapPreset, config_dir


def _app(
    key: str, action: str, description: str, id: str, tooltip: str, *, show: bool = True
) -> Binding:
    return Binding(key, action, description, id=id, tooltip=tooltip, show=show, priority=True)


EDITOR_BINDINGS: list[Binding] = [
    _app(
        "ctrl+s",
        "confirm",
        "Confirm+next",
        "confirm",
        "Confirm the segment and go to the next unconfirmed one",
    ),
    _app("alt+down", "next", "Next", "next_segment", "Next segment"),
    _app("alt+up", "previous", "Previous", "previous_segment", "Previous segment"),
    _app(
        "alt+n",
        "next_unconfirmed",
        "Next unconfirmed",
        "next_unconfirmed",
        "Next unconfirmed segment",
        show=False,
    ),
    _app(
        "ctrl+r", "revert", "Revert", "revert", "Revert the target to the MT after glossary fixes"
    ),
    _app(
        "ctrl+g",
        "choose_offer",
        "Offers",
        "apply_offer",
        "Apply a glossary offer: the only one at once, else choose from the numbered list",
    ),
    _app(
        "ctrl+l",
        "choose_match",
        "Memory",
        "insert_match",
        "Insert a memory match: the only one at once, else choose from the numbered list",
    ),
    _app(
        "ctrl+k",
        "concordance",
        "Concordance",
        "concordance",
        "Search the memory and the glossary; enter inserts the text found",
    ),
    _app("ctrl+d", "toggle_diff", "Diff", "toggle_diff", "Show or hide the word diff MT -> target"),
    _app(
        "ctrl+f",
        "find_replace",
        "Find/replace",
        "find_replace",
        "Find and replace: the matches listed first; this segment, next or all",
    ),
    _app(
        "f7",
        "spelling",
        "Spelling",
        "spelling",
        "Misspelt words of the target one by one: a digit takes a suggestion, i adds the"
        " word to your list, n goes on",
    ),
    _app(
        "f4",
        "filter",
        "Filter",
        "filter",
        "Show only some segments: unconfirmed, with QA errors, containing a text",
    ),
    _app(
        "f2",
        "toggle_list",
        "List",
        "toggle_list",
        "Segment list: give it the keys (arrows, enter opens, escape back), again hides it",
    ),
    _app(
        "f3",
        "next_pane",
        "Next pane",
        "next_pane",
        "Focus the next pane: target, MT (shift+arrows select), memory, offers, findings"
        " (arrows scroll); escape goes back to the target",
    ),
    _app(
        "ctrl+t",
        "add_term",
        "Add term",
        "add_term",
        "Add the selected MT text as a glossary entry (f3 focuses the MT, shift+arrows select)",
    ),
    _app("ctrl+e", "export", "Export", "export", "Export the corrected article"),
    _app("ctrl+z", "undo", "Undo", "undo", "Undo the last change of this segment"),
    _app("ctrl+y", "redo", "Redo", "redo", "Redo"),
    _app("f5", "qa", "QA", "qa", "Check the whole document (QA)"),
    _app("f6", "glossary", "Glossary", "glossary", "Glossary entries: filter, edit, delete"),
    _app(
        "f8",
        "review",
        "Review",
        "review_mode",
        "Review mode: source, MT, the translator's text with its diff MT -> final and your"
        " text; select words, f3 marks an error, ctrl+s accepts, ctrl+r rejects; f8 comes back",
        show=False,
    ),
    _app("f1", "help", "Help", "help", "Every key, the editing keys too"),
    _app("ctrl+q", "quit", "Quit", "quit", "Quit (everything is already saved)"),
]

PRESETS: dict[KeymapPreset, dict[str, str]] = {
    "default": {},
    "memoq": {
        "confirm": "ctrl+enter,ctrl+s",
        "next_segment": "ctrl+down,alt+down",
        "previous_segment": "ctrl+up,alt+up",
    },
    "matecat": {
        "confirm": "ctrl+enter,ctrl+s",
        "next_segment": "ctrl+down,alt+down",
        "previous_segment": "ctrl+up,alt+up",
    },
    "omegat": {
        "next_unconfirmed": "ctrl+u,alt+n",
        "next_segment": "ctrl+n,alt+down",
    },
}


@dataclass(frozen=True)
class EditingKey:
    """A key of the target pane: its keys, the TextArea action and what it does."""

    keys: str
    action: str
    description: str


EDITING_KEYS: tuple[EditingKey, ...] = (
    EditingKey("left", "cursor_left", "Character left"),
    EditingKey("right", "cursor_right", "Character right"),
    EditingKey("up", "cursor_up", "Line up"),
    EditingKey("down", "cursor_down", "Line down"),
    EditingKey("ctrl+left", "cursor_word_left", "Word left"),
    EditingKey("ctrl+right", "cursor_word_right", "Word right"),
    EditingKey("ctrl+shift+left", "cursor_word_left(True)", "Select a word left"),
    EditingKey("ctrl+shift+right", "cursor_word_right(True)", "Select a word right"),
    EditingKey("home", "cursor_line_start", "Start of the line"),
    EditingKey("end", "cursor_line_end", "End of the line"),
    EditingKey("shift+home", "cursor_line_start(True)", "Select to the start of the line"),
    EditingKey("shift+end", "cursor_line_end(True)", "Select to the end of the line"),
    EditingKey("ctrl+home", "cursor_document_start", "Start of the target"),
    EditingKey("ctrl+end", "cursor_document_end", "End of the target"),
    EditingKey("ctrl+shift+home", "cursor_document_start(True)", "Select to the start"),
    EditingKey("ctrl+shift+end", "cursor_document_end(True)", "Select to the end"),
    EditingKey("pageup", "cursor_page_up", "Page up"),
    EditingKey("pagedown", "cursor_page_down", "Page down"),
    EditingKey("shift+up", "cursor_up(True)", "Select up"),
    EditingKey("shift+down", "cursor_down(True)", "Select down"),
    EditingKey("shift+left", "cursor_left(True)", "Select left"),
    EditingKey("shift+right", "cursor_right(True)", "Select right"),
    EditingKey("ctrl+a", "select_all", "Select all"),
    EditingKey("backspace", "delete_left", "Delete left"),
    EditingKey("delete", "delete_right", "Delete right"),
    EditingKey("ctrl+backspace,ctrl+w,alt+backspace", "delete_word_left", "Delete a word left"),
    EditingKey("ctrl+delete,alt+delete", "delete_word_right", "Delete a word right"),
    EditingKey("ctrl+x", "cut", "Cut"),
    EditingKey("ctrl+c", "copy", "Copy"),
    EditingKey("ctrl+v", "paste", "Paste"),
)


def editing_bindings() -> list[Binding]:
    """The target pane's bindings."""
    return [Binding(key.keys, key.action, key.description, show=False) for key in EDITING_KEYS]


def editing_keys() -> set[str]:
    return {k.strip() for key in EDITING_KEYS for k in key.keys.split(",")}


def keymap_path() -> Path:
    return config_dir() / "keymap.json"


def load_user_keymap(preset: KeymapPreset = "default") -> tuple[dict[str, str], str | None]:
    """The preset's keys with the user's keymap on top, and a warning when the keymap file
    cannot be used (never raises)."""
    keys = dict(PRESETS[preset])
    path = keymap_path()
    if not path.exists():
        return keys, None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        return keys, f"{path}: keymap ignored ({exc})"
    known = {b.id for b in EDITOR_BINDINGS}
    if not isinstance(data, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in data.items()
    ):
        return keys, f"{path}: keymap ignored (expected an object of id -> keys)"
    keys.update({k: v for k, v in data.items() if k in known})
    unknown = sorted(set(data) - known)
    if unknown:
        return keys, f"{path}: unknown binding ids ignored: {', '.join(unknown)}"
    clash = sorted(
        f"{k} ({v})"
        for k, v in data.items()
        if k in known and editing_keys() & {x.strip() for x in v.split(",")}
    )
    if clash:
        return keys, f"{path}: these bindings take editing keys of the target: {', '.join(clash)}"
    return keys, None


def effective_keys(keymap: dict[str, str]) -> dict[str, str]:
    """Binding id -> the keys it has with ``keymap`` applied."""
    return {b.id or "": keymap.get(b.id or "", b.key) for b in EDITOR_BINDINGS}


def enter_confirms(keymap: dict[str, str]) -> bool:
    """Whether enter in a one-line segment confirms: the keymap confirms with ctrl+enter
    (which many terminals send as plain enter) or with enter."""
    keys = effective_keys(keymap).get("confirm", "")
    return bool({"enter", "ctrl+enter"} & {k.strip() for k in keys.split(",")})


def key_of(keymap: dict[str, str], binding_id: str) -> str:
    """The first key of a binding, as the status line names it."""
    return effective_keys(keymap).get(binding_id, "").split(",")[0].strip()
