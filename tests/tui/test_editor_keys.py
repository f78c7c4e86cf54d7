"""Every app key works from the target, no widget binding shadows one, and the target's own
editing keys work as editors' do (ctrl+home/end, select all, word-wise delete)."""

from __future__ import annotations

from pathlib import Path

import pytest

from workbench.core.config import KEYMAP_PRESETS
from workbench.core.session import Session
from workbench.tui.app import WorkbenchApp
from workbench.tui.keymap import EDITOR_BINDINGS, PRESETS, editing_keys, effective_keys
from workbench.tui.screens.editor import EditorScreen
from workbench.tui.widgets.target import TargetArea

SIZE = (120, 40)


def _keys(value: str) -> list[str]:
    return [k.strip() for k in value.split(",")]


@pytest.mark.parametrize("preset", KEYMAP_PRESETS)
def test_no_app_key_is_an_editing_key_or_bound_twice(preset: str) -> None:
    keys = effective_keys(PRESETS[preset])  # type: ignore[index]
    flat = [k for value in keys.values() for k in _keys(value)]
    assert len(flat) == len(set(flat)), f"a key is bound twice in {preset}"
    assert not set(flat) & editing_keys()
    target_keys = set(TargetArea._merge_bindings().key_to_bindings)
    assert not set(flat) & target_keys  # the target never sees an app key first


def _press_key(binding_key: str) -> str:
    return _keys(binding_key)[0]


@pytest.mark.parametrize(
    "binding",
    [b for b in EDITOR_BINDINGS if b.id != "quit"],
    ids=[b.id or b.key for b in EDITOR_BINDINGS if b.id != "quit"],
)
async def test_every_app_key_works_from_the_target(session: Session, binding: object) -> None:
    from textual.binding import Binding

    assert isinstance(binding, Binding)
    app = WorkbenchApp(session)
    calls: list[tuple[str, tuple[object, ...]]] = []
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, EditorScreen)
        name, _, params = binding.action.partition("(")
        original = getattr(screen, f"action_{name}")

        def spy(*args: object) -> None:
            calls.append((name, args))

        setattr(screen, f"action_{name}", spy)
        await pilot.press("x", "y")  # typing first: the key must work mid-edit
        before = screen.target.text
        assert app.focused is screen.target
        await pilot.press(_press_key(binding.key))
        await pilot.pause()
        assert calls, f"{binding.key} did not reach {binding.action} from the target"
        if params:
            assert calls[0][1] == (int(params.rstrip(")")),)
        assert screen.target.text == before  # the key did not edit the text
        setattr(screen, f"action_{name}", original)


async def test_f6_while_typing_opens_the_glossary_and_keeps_the_text(session: Session) -> None:
    """F6 used to select the whole line (TextArea's own binding); the next key replaced it."""
    from workbench.tui.screens.glossary import GlossaryScreen

    app = WorkbenchApp(session)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, EditorScreen)
        await pilot.press("space", "o", "k")
        text = screen.target.text
        await pilot.press("f6")
        await pilot.pause()
        assert isinstance(app.screen, GlossaryScreen)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("z")
        assert screen.target.text == text + "z"


async def test_editing_keys(session: Session) -> None:
    app = WorkbenchApp(session)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, EditorScreen)
        target = screen.target
        target.load_text("one two three\nfour five")
        target.move_cursor((1, 4))
        await pilot.press("ctrl+home")
        assert target.cursor_location == (0, 0)
        await pilot.press("ctrl+end")
        assert target.cursor_location == (1, 9)
        await pilot.press("ctrl+backspace")
        assert target.text == "one two three\nfour "
        await pilot.press("ctrl+home", "ctrl+delete")
        assert target.text == " two three\nfour "
        await pilot.press("ctrl+a")
        assert target.selected_text == " two three\nfour "
        await pilot.press("Z")
        assert target.text == "Z"


def test_user_keymap_taking_an_editing_key_is_warned(tmp_path: Path) -> None:
    from workbench.tui.keymap import keymap_path, load_user_keymap

    path = keymap_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('{"confirm": "ctrl+a"}')
    keys, warning = load_user_keymap()
    assert keys["confirm"] == "ctrl+a"
    assert warning is not None and "editing keys" in warning and "confirm (ctrl+a)" in warning
    keys, warning = load_user_keymap("memoq")
    assert keys["confirm"] == "ctrl+a"  # the user's keymap goes on top of the preset
    assert keys["next_segment"] == "ctrl+down,alt+down"
