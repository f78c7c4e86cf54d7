"""The domain (core, formats, qa) never imports Textual or Rich."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import workbench.core
import workbench.formats
import workbench.qa


def _modules() -> list[str]:
    names = []
    for pkg in (workbench.core, workbench.formats, workbench.qa):
        names.append(pkg.__name__)
        for info in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + "."):
            names.append(info.name)
    return names


def test_domain_modules_do_not_import_textual_or_rich() -> None:
    modules = _modules()
    assert "workbench.core.glossary_engine" in modules
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
