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
    Binding(
        "ctrl+s",
        "confirm",
        "Confirm+next",
        id="confirm",
        priority=True,
        tooltip="Confirm the segment and go to the next unconfirmed one",
    ),
    Binding("alt+down", "next", "Next", id="next_segment", priority=True, tooltip="Next segment"),
    Binding(
        "alt+up",
        "previous",
        "Previous",
        id="previous_segment",
        priority=True,
        tooltip="Previous segment",
    ),
    Binding(
        "alt+n",
        "next_unconfirmed",
        "Next unconfirmed",
        id="next_unconfirmed",
        priority=True,
        show=False,
        tooltip="Next unconfirmed segment",
    ),
    Binding(
        "ctrl+r",
        "revert",
        "Revert",
        id="revert",
        priority=True,
        tooltip="Revert the target to the MT after glossary fixes",
    ),
    Binding(
        "ctrl+g",
        "apply_offer",
        "Apply offer",
        id="apply_offer",
        priority=True,
        tooltip="Apply the first glossary offer",
    ),
    Binding(
        "ctrl+d",
        "toggle_diff",
        "Diff",
        id="toggle_diff",
        priority=True,
        tooltip="Show or hide the word diff MT -> target",
    ),
    Binding(
        "ctrl+f",
        "find_replace",
        "Find/replace",
        id="find_replace",
        priority=True,
        tooltip="Find and replace across the document",
    ),
    Binding(
        "ctrl+t",
        "add_term",
        "Add term",
        id="add_term",
        priority=True,
        tooltip="Add the selected MT text as a glossary entry",
    ),
    Binding(
        "ctrl+e",
        "export",
        "Export",
        id="export",
        priority=True,
        tooltip="Export the corrected article",
    ),
    Binding(
        "ctrl+z",
        "undo",
        "Undo",
        id="undo",
        priority=True,
        tooltip="Undo the last change of this segment",
    ),
    Binding("ctrl+y", "redo", "Redo", id="redo", priority=True, tooltip="Redo"),
    Binding("f5", "qa", "QA", id="qa", tooltip="Check the whole document (QA)"),
    Binding(
        "f6",
        "glossary",
        "Glossary",
        id="glossary",
        tooltip="Glossary entries: filter, edit, delete",
    ),
    Binding("f1", "help", "Help", id="help", tooltip="This help"),
    Binding(
        "ctrl+q",
        "quit",
        "Quit",
        id="quit",
        priority=True,
        tooltip="Quit (everything is already saved)",
    ),
]


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
