"""A smoke test in a real terminal: open the demo in tmux, press every app key from the
target and check what the screen shows.

``make test`` runs it when tmux is installed (``python tests/tmux_smoke.py``; exit 0 when
all is well, 1 with the screen that was wrong). It catches what Pilot cannot: keys as a
terminal really sends them (alt+digit, F-keys after escape), the real console script, the
real layout at 100x30.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SESSION = f"wb-smoke-{os.getpid()}"


def tmux(*args: str) -> str:
    return subprocess.run(["tmux", *args], capture_output=True, text=True, check=False).stdout


def screen() -> str:
    return tmux("capture-pane", "-p", "-t", SESSION)


def wait_for(text: str, timeout: float = 15.0) -> str:
    deadline = time.monotonic() + timeout
    shown = ""
    while time.monotonic() < deadline:
        shown = screen()
        if text in shown:
            return shown
        time.sleep(0.1)
    raise AssertionError(f"the screen never showed {text!r}:\n{shown}")


def tmux_key(key: str) -> str:
    """A Textual key name as tmux's send-keys spells it."""
    names = {"down": "Down", "up": "Up", "enter": "Enter", "escape": "Escape"}
    mods = {"ctrl": "C-", "alt": "M-"}
    *modifiers, base = key.split("+")
    base = names.get(base, base.upper() if base.startswith("f") and base[1:].isdigit() else base)
    return "".join(mods[m] for m in modifiers) + base


def press(key: str, pause: float = 0.6) -> str:
    tmux("send-keys", "-t", SESSION, tmux_key(key))
    time.sleep(pause)
    return screen()


# key -> what the screen must show after it (a dialog or screen that escape closes)
SCREENS = {
    "f1": "Workbench keys",
    "f5": "Severity",
    "f6": "MT / forbidden",
    "ctrl+e": "Export",
    "ctrl+f": "Find and replace",
    "f4": "Show only segments",
    "ctrl+t": "New glossary entry",
    "ctrl+k": "Concordance",
}


def main() -> int:
    if shutil.which("tmux") is None:
        print("tmux smoke: tmux is not installed, nothing to do")
        return 0
    exe = Path(sys.executable).with_name("workbench")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        article = folder / "demo.txt"
        shutil.copy(REPO / "samples" / "chinalco-demo.mt.txt", article)
        shutil.copytree(REPO / "glossaries", folder / "glossaries")
        env = f"WORKBENCH_HOME={folder / 'home'} XDG_CONFIG_HOME={folder / 'config'} "
        command = f"{env}TERM=xterm-256color {exe} edit {article} --glossary {folder}/glossaries"
        tmux("new-session", "-d", "-s", SESSION, "-x", "100", "-y", "30", command + "; sleep 3")
        try:
            return run_keys(folder)
        except AssertionError as exc:
            print(f"tmux smoke: FAILED: {exc}")
            return 1
        finally:
            tmux("kill-session", "-t", SESSION)


def press_until(key: str, *texts: str, timeout: float = 30.0) -> str:
    """Press ``key``, then wait until the screen shows one of ``texts`` (a loaded machine
    can take seconds to draw); the screen, whether it showed one or not."""
    press(key, 0.2)
    deadline = time.monotonic() + timeout
    shown = screen()
    while time.monotonic() < deadline and not any(t in shown for t in texts):
        time.sleep(0.2)
        shown = screen()
    return shown


def run_keys(folder: Path) -> int:
    wait_for("Target p1s1", timeout=90)  # a loaded machine takes a while to start
    press("alt+down")
    press("x")
    typed = wait_for("Target p1s2", timeout=30)
    for key, expected in SCREENS.items():
        shown = press_until(key, expected)
        assert expected in shown, f"{key} did not show {expected!r}:\n{shown}"
        press("escape", 0.8)
        back = wait_for("Target p1s2", timeout=30)
        assert "Target p1s2" in back, f"escape after {key} did not come back:\n{back}"
    shown = press_until("ctrl+l", "memory", "Memory")
    assert "memory" in shown.lower(), f"ctrl+l did nothing:\n{shown}"
    shown = press_until("ctrl+g", "no offer", "applied")
    assert "no offer" in shown or "applied" in shown, f"ctrl+g did nothing:\n{shown}"
    shown = press_until("ctrl+d", "Diff MT -> target")
    assert "Diff MT -> target" in shown, f"ctrl+d showed no diff:\n{shown}"
    shown = press("f2", 1.0)  # the list takes the keys
    press("f2", 0.6)  # and hides
    shown = press_until("ctrl+s", "confirmed", "Confirm anyway")
    assert "confirmed" in shown or "Confirm anyway" in shown, f"ctrl+s:\n{shown}"
    if "Confirm anyway" in shown:
        press_until("y", "confirmed")
    press("ctrl+q", 2.0)
    deadline = time.monotonic() + 30
    while "Target" in screen() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert "Target" not in screen(), "ctrl+q did not quit"
    del typed
    projects = list((folder / "home" / "projects").glob("*.wbproj"))
    assert len(projects) == 1, projects
    stats = subprocess.run(
        [str(Path(sys.executable).with_name("workbench")), "stats", str(projects[0])],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "WORKBENCH_HOME": str(folder / "home")},
    )
    assert "1 confirmed" in stats.stdout and "typing 1" in stats.stdout, stats.stdout
    print("tmux smoke: every screen opened from the target, the edit and the confirm were saved")
    return 0


if __name__ == "__main__":
    sys.exit(main())
