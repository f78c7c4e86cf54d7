"""``workbench db init|check|copy``: a team store on a PostgreSQL server.

``init URL`` creates or upgrades the schema; ``check URL`` says whether the server answers,
which schema it has and what it holds; ``copy SOURCE DEST`` moves a project or a memory
between an SQLite file and the server, losslessly, in either direction. A wrong URL, a
refused login or a missing database is one line and exit 2; the password in a URL is never
shown."""

from __future__ import annotations

from pathlib import Path

import click

SCHEMES = ("postgresql://", "postgres://")


@click.group("db")
def group() -> None:
    """A team store on a PostgreSQL server (postgresql://user@host/database)."""


def _url(value: str) -> str:
    from workbench.core.errors import InputError

    if not value.startswith(SCHEMES):
        raise InputError(f"'{value}' is not a postgresql:// URL")
    return value


@group.command("init")
@click.argument("url")
def init_command(url: str) -> None:
    """Create the schema at URL, or upgrade it to this workbench's version."""
    from workbench.core.storage.pg import masked, migrate

    before, now = migrate(_url(url))
    what = "created" if before == 0 else "upgraded" if before < now else "up to date"
    click.echo(f"{masked(url)}: schema {now} ({what})")


@group.command("check")
@click.argument("url")
def check_command(url: str) -> None:
    """Whether URL answers, its schema version, and its projects and memory units."""
    from workbench.core.errors import ProjectError
    from workbench.core.storage.pg import SCHEMA_VERSION, connect, masked, schema_version

    with connect(_url(url)) as conn:
        version = schema_version(conn)
        server = conn.execute("SHOW server_version").fetchone()
        if version != SCHEMA_VERSION:
            raise ProjectError(
                f"{masked(url)}: schema {version}, this workbench needs {SCHEMA_VERSION}; "
                "run 'workbench db init URL'"
            )
        projects = conn.execute("SELECT name FROM projects ORDER BY name").fetchall()
        units = conn.execute("SELECT COUNT(*) FROM memory_units").fetchone()
    click.echo(f"{masked(url)}: PostgreSQL {server[0] if server else '?'}, schema {version}")
    click.echo(f"projects  {len(projects)}" + (": " if projects else ""), nl=not projects)
    if projects:
        click.echo(", ".join(str(p[0]) for p in projects))
    click.echo(f"memory    {units[0] if units else 0} units")


@group.command("copy")
@click.argument("source")
@click.argument("dest")
@click.option(
    "--project",
    "name",
    metavar="NAME",
    help="The project's name in the store (to the store: default the file's name without "
    "its suffix; from the store: required, else the store's memory is copied).",
)
def copy_command(source: str, dest: str, name: str | None) -> None:
    """Copy a project or a memory from SOURCE to DEST, one a file and the other a
    postgresql:// URL. A project file goes to the store as --project NAME; a memory file
    fills the store's (empty) memory. From the store, --project NAME copies that project
    to a new file, else the store's memory goes to a new memory file."""
    from workbench.core.errors import InputError
    from workbench.core.storage import transfer
    from workbench.core.storage.pg import masked
    from workbench.core.storage.sqlite import MEMORY_APPLICATION_ID, is_project_file

    if source.startswith(SCHEMES) == dest.startswith(SCHEMES):
        raise InputError("db copy: one of SOURCE and DEST must be a file, the other a URL")
    if dest.startswith(SCHEMES):
        path = Path(source)
        if not is_project_file(path):
            raise InputError(f"{path}: not a workbench project or memory")
        if _application_id(path) == MEMORY_APPLICATION_ID:
            memory = transfer.read_memory_file(path)
            transfer.write_memory_server(dest, memory)
            click.echo(f"copied {len(memory.units)} memory units to {masked(dest)}")
            return
        target = name or path.stem
        rows = transfer.read_project_file(path)
        transfer.write_project_server(dest, target, rows)
        click.echo(
            f"copied {path} to {masked(dest)} as '{target}': {rows.count('segments')} segments,"
            f" {rows.count('events')} edits, {rows.count('history')} undo steps"
        )
        return
    out = Path(dest)
    if name is None:
        memory = transfer.read_memory_server(source)
        transfer.write_memory_file(out, memory)
        click.echo(f"copied {len(memory.units)} memory units to {out}")
        return
    rows = transfer.read_project_server(source, name)
    transfer.write_project_file(out, rows)
    click.echo(
        f"copied '{name}' to {out}: {rows.count('segments')} segments,"
        f" {rows.count('events')} edits, {rows.count('history')} undo steps"
    )


def _application_id(path: Path) -> int:
    with path.open("rb") as fh:
        header = fh.read(100)
    return int.from_bytes(header[68:72], "big")
