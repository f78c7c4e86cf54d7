"""The layers hold at run time: importing the domain never loads Textual or Rich.

The import-linter contracts in ``pyproject.toml`` (run by ``make test``) check every import
statement, those inside functions included; this test imports every module below the TUI
in a fresh interpreter and checks what actually got loaded.
"""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import workbench

BELOW_THE_TUI = ("workbench.core", "workbench.formats", "workbench.qa", "workbench.app")


def _modules() -> list[str]:
    return [
        info.name
        for info in pkgutil.walk_packages(workbench.__path__, "workbench.")
        if info.name.startswith(BELOW_THE_TUI)
    ]


def test_domain_modules_do_not_import_textual_or_rich() -> None:
    modules = _modules()
    assert {
        "workbench.core.glossary.engine",
        "workbench.core.storage.project_store",
        "workbench.app.projects",
    } <= set(modules)
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich'))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_cli_help_does_not_import_the_tui() -> None:
    code = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from workbench.cli import main\n"
        "r = CliRunner().invoke(main, ['--help'])\n"
        "assert r.exit_code == 0, r.output\n"
        "print(','.join(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
