"""The ``workbench`` command line.

Each sub-command lives in its own module under :mod:`workbench.commands` and is imported only
when it runs (so ``workbench --help`` and the batch commands never import Textual). Any
:class:`~workbench.core.errors.WorkbenchError` becomes one line on stderr and exit code 2.
"""

from __future__ import annotations

import importlib
import logging
import os
import sys
from typing import Any

import click

from workbench import __version__
from workbench.core.errors import WorkbenchError

# name -> (module, attribute, one-line help shown in `workbench --help`)
COMMANDS: dict[str, tuple[str, str, str]] = {
    "edit": ("workbench.commands.edit", "command", "Open an article in the post-editing UI."),
    "apply": ("workbench.commands.apply", "command", "Pre-edit articles with a glossary."),
    "qa": ("workbench.commands.qa", "command", "Run quality checks; exit 1 on errors."),
    "import": ("workbench.commands.import_", "command", "Make a project from a file, no UI."),
    "export": ("workbench.commands.export", "command", "Export a project to a file."),
    "score": ("workbench.commands.score", "command", "HTER and edit distance per line pair."),
    "record": ("workbench.commands.record", "command", "Record a post-edit made elsewhere."),
    "stats": ("workbench.commands.stats", "command", "Progress and effort figures."),
    "glossary": ("workbench.commands.glossary", "group", "Glossary maintenance."),
    "memory": ("workbench.commands.memory", "group", "The post-edit memory."),
    "serve": ("workbench.commands.serve", "command", "Serve the UI in a web browser."),
    "review": ("workbench.commands.review", "command", "Review a post-edit: mark MQM errors."),
    "lqa": ("workbench.commands.lqa", "group", "MQM quality scores, reports and annotations."),
    "db": ("workbench.commands.db", "group", "A team store on a PostgreSQL server."),
}


def fail(message: str) -> None:
    """Print one line on stderr and exit 2 (bad input, nothing written)."""
    click.echo(f"workbench: error: {' '.join(message.split())}", err=True)
    sys.exit(2)


class LazyGroup(click.Group):
    """A group whose commands are imported on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        spec = COMMANDS.get(cmd_name)
        if spec is None:
            return None
        module_name, attr, _help = spec
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name == module_name:
                return _unavailable(cmd_name, _help)
            raise
        cmd = getattr(module, attr)
        assert isinstance(cmd, click.Command)
        return cmd

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, spec[2]) for name, spec in COMMANDS.items()]
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except WorkbenchError as exc:
            logging.getLogger("workbench.cli").info("refused: %s", exc)
            fail(str(exc))
        except KeyboardInterrupt:
            click.echo("workbench: interrupted", err=True)
            sys.exit(130)


def _unavailable(name: str, help_text: str) -> click.Command:
    @click.command(name, help=help_text, context_settings={"ignore_unknown_options": True})
    @click.argument("args", nargs=-1, type=click.UNPROCESSED)
    def stub(args: tuple[str, ...]) -> None:
        fail(f"'{name}' is not available in this build")

    return stub


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="workbench")
@click.option(
    "-v",
    "--verbose",
    is_flag=True,
    help="Also show the program's log on stderr (it always goes to the log file).",
)
def main(verbose: bool) -> None:
    """Workbench: post-edit machine translation with a domain glossary.

    The log is kept in the data folder (logs/workbench.log)."""
    from workbench.app.logs import setup_logging

    setup_logging(verbose=verbose)
    logging.getLogger("workbench.cli").debug("workbench %s: %s", __version__, sys.argv[1:])


def run() -> None:
    """The console script: :func:`main`, then out at once. Once a command has written its
    files and printed its report there is nothing left to do, and the interpreter's own
    teardown of a large run's objects took a tenth of a second (``apply`` on a 1,000,000-word
    article); so standard output and error are flushed and the process ends there. (Tests
    call :func:`main` in process, which exits the ordinary way.)"""
    try:
        main()
    except SystemExit as exc:
        code = exc.code
    else:  # pragma: no cover - click's standalone mode always raises SystemExit
        code = 0
    if code is None:
        status = 0
    elif isinstance(code, int):
        status = code
    else:
        click.echo(code, err=True)
        status = 1
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe: nothing more can be said there
            status = status or 1
    os._exit(status)
