"""Key bindings of the editor, with ids a user keymap can rebind.

The user keymap is a JSON object of binding id -> keys in
``<config dir>/workbench/keymap.json`` (``~/.config/workbench/keymap.json`` on Linux), e.g.
``{"confirm": "ctrl+enter", "next_segment": "ctrl+down,alt+down"}``.
"""

from __future__ import annotations

import json
from pathlib import Path

import platformdirs
from textual.binding import Binding

EDITOR_BINDINGS: list[Binding] = [
    Binding("ctrl+s", "confirm", "Confirm+next", id="confirm", priority=True),
    Binding("alt+down", "next", "Next", id="next_segment", priority=True),
    Binding("alt+up", "previous", "Previous", id="previous_segment", priority=True),
    Binding(
        "alt+n",
        "next_unconfirmed",
        "Next unconfirmed",
        id="next_unconfirmed",
        priority=True,
        show=False,
    ),
    Binding("ctrl+r", "revert", "Revert", id="revert", priority=True),
    Binding("ctrl+g", "apply_offer", "Apply offer", id="apply_offer", priority=True),
    Binding("ctrl+d", "toggle_diff", "Diff", id="toggle_diff", priority=True),
    Binding("ctrl+f", "find_replace", "Find/replace", id="find_replace", priority=True),
    Binding("ctrl+t", "add_term", "Add term", id="add_term", priority=True),
    Binding("ctrl+e", "export", "Export", id="export", priority=True),
    Binding("ctrl+z", "undo", "Undo", id="undo", priority=True),
    Binding("ctrl+y", "redo", "Redo", id="redo", priority=True),
    Binding("f5", "qa", "QA", id="qa"),
    Binding("f6", "glossary", "Glossary", id="glossary"),
    Binding("f1", "help", "Help", id="help"),
    Binding("ctrl+q", "quit", "Quit", id="quit", priority=True),
]

DESCRIPTIONS = {
    "confirm": "Confirm the segment and go to the next unconfirmed one",
    "next_segment": "Next segment",
    "previous_segment": "Previous segment",
    "next_unconfirmed": "Next unconfirmed segment",
    "revert": "Revert the target to the MT after glossary fixes",
    "apply_offer": "Apply the first glossary offer",
    "toggle_diff": "Show or hide the word diff MT -> target",
    "find_replace": "Find and replace across the document",
    "add_term": "Add the selected MT text as a glossary entry",
    "export": "Export the corrected article",
    "undo": "Undo the last change of this segment",
    "redo": "Redo",
    "qa": "Check the whole document (QA)",
    "glossary": "Glossary entries: filter, edit, delete",
    "help": "This help",
    "quit": "Quit (everything is already saved)",
}


def keymap_path() -> Path:
    return Path(platformdirs.user_config_dir("workbench", appauthor=False)) / "keymap.json"


def load_user_keymap() -> tuple[dict[str, str], str | None]:
    """The user's keymap and a warning when the file cannot be used (never raises)."""
    path = keymap_path()
    if not path.exists():
        return {}, None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        return {}, f"{path}: keymap ignored ({exc})"
    known = {b.id for b in EDITOR_BINDINGS}
    if not isinstance(data, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in data.items()
    ):
        return {}, f"{path}: keymap ignored (expected an object of id -> keys)"
    unknown = sorted(set(data) - known)
    if unknown:
        return {k: v for k, v in data.items() if k in known}, (
            f"{path}: unknown binding ids ignored: {', '.join(unknown)}"
        )
    return dict(data), None
