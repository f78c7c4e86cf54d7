"""The ``workbench`` command line.

Each sub-command lives in its own module under :mod:`workbench.commands` and is imported only
when it runs (so ``workbench --help`` and the batch commands never import Textual). Any
:class:`~workbench.core.errors.WorkbenchError` becomes one line on stderr and exit code 2.
"""

from __future__ import annotations

import errno
import importlib
import logging
import os
import sys
from collections.abc import Sequence
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

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        """Click's ``main``, with a usage error (a missing argument, an unknown option, a
        bad value) said in one line on stderr, exit 2, like every other bad input."""
        forward = {"args": args, "prog_name": prog_name, "complete_var": complete_var, **extra}
        if not standalone_mode:
            return super().main(standalone_mode=False, **forward)
        try:
            code = super().main(standalone_mode=False, **forward)
        except click.exceptions.NoArgsIsHelpError as exc:  # "workbench", "workbench memory"
            click.echo(exc.ctx.get_help() if exc.ctx is not None else exc.format_message())
            sys.exit(2)
        except click.UsageError as exc:
            names: list[str] = []  # the sub-commands, whatever the program was called
            ctx = exc.ctx
            while ctx is not None and ctx.parent is not None:
                names.insert(0, ctx.info_name or "")
                ctx = ctx.parent
            where = " ".join(["workbench", *names])
            fail(f"{exc.format_message().rstrip('.')} (see '{where} --help')")
        except click.ClickException as exc:
            exc.show()
            sys.exit(exc.exit_code)
        except click.Abort:
            click.echo("workbench: aborted", err=True)
            sys.exit(1)
        sys.exit(code if isinstance(code, int) else 0)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except WorkbenchError as exc:
            logging.getLogger("workbench.cli").info("refused: %s", exc)
            fail(str(exc))
        except KeyboardInterrupt:
            click.echo("workbench: interrupted", err=True)
            sys.exit(130)
        except Exception as exc:
            message = fault_line(exc)
            if message is None:
                raise
            logging.getLogger(__name__).debug("a fault of the machine", exc_info=True)
            fail(message)


# What the file system or a database can do under any command: one line, never a traceback
# (the stores name their file themselves; this is the net below them).
_FS_FAULTS = {errno.ENOSPC, errno.EROFS, errno.EACCES, errno.EPERM, errno.EDQUOT, errno.EIO}


def fault_line(exc: BaseException) -> str | None:
    """The one line for a fault of the machine (full disk, read-only file system, damaged
    database) that reached the command line unnamed, else None."""
    if isinstance(exc, OSError) and exc.errno in _FS_FAULTS:
        where = f"{exc.filename}: " if exc.filename else ""
        return f"{where}{exc.strerror or exc}"
    from workbench.core.storage.faults import fault

    if type(exc).__module__ == "sqlite3":
        reason = fault(exc)
        detail = " ".join(str(exc).split())[:80]
        if reason == "the file is damaged":
            return f"a project or memory file is damaged and cannot be read ({detail})"
        return f"a project or memory file cannot be used ({reason or detail})"
    return None


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
