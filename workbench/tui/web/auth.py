"""Who may use ``workbench serve``: the start-up token, or the users of a users file; the
sessions (cookie values) given to those who signed in; failed sign-ins counted per client
address. No aiohttp here: :mod:`workbench.tui.web.server` asks these questions."""

from __future__ import annotations

import hmac
import secrets
import time
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Literal

from workbench.tui.web.users import verify_secret

Mode = Literal["token", "users", "none"]


@dataclass
class Authenticator:
    """``token``: one secret made at start (the URL printed); ``users``: names and hashed
    passwords or tokens; ``none``: loopback only, everyone local is ``local_name``."""

    mode: Mode
    token: str = ""
    users: Mapping[str, str] = field(default_factory=dict)
    local_name: str = ""

    def token_matches(self, given: str) -> bool:
        """Constant-time comparison with the start-up token."""
        if self.mode != "token" or not self.token:
            return False
        return hmac.compare_digest(given.encode("utf-8"), self.token.encode("utf-8"))

    def password_matches(self, name: str, password: str) -> bool:
        """Whether ``name`` is a user whose password (or token) is ``password``; an unknown
        name costs the same hash as a known one."""
        if self.mode != "users":
            return False
        return verify_secret(password, self.users.get(name))


class Sessions:
    """Session id (the cookie value, random, never the token) -> user name. In memory: a
    restart of the server signs everyone out."""

    def __init__(self) -> None:
        self._users: dict[str, str] = {}

    def start(self, user: str) -> str:
        session_id = secrets.token_urlsafe(32)
        self._users[session_id] = user
        return session_id

    def user(self, session_id: str | None) -> str | None:
        return self._users.get(session_id) if session_id else None

    def end(self, session_id: str) -> None:
        self._users.pop(session_id, None)


@dataclass
class LoginLimiter:
    """At most ``limit`` failed sign-ins (wrong token, wrong password) per client address in
    ``window`` seconds; after that every attempt is refused until the oldest failure ages."""

    limit: int = 5
    window: float = 60.0
    clock: Callable[[], float] = time.monotonic
    _failures: dict[str, deque[float]] = field(default_factory=dict)

    def _recent(self, client: str) -> deque[float]:
        now = self.clock()
        failures = self._failures.setdefault(client, deque())
        while failures and now - failures[0] >= self.window:
            failures.popleft()
        if not failures:
            del self._failures[client]  # nothing to remember: the table stays small
            return deque()
        return failures

    def blocked(self, client: str) -> bool:
        return len(self._recent(client)) >= self.limit

    def retry_after(self, client: str) -> int:
        failures = self._recent(client)
        if not failures:
            return 0
        return max(1, int(self.window - (self.clock() - failures[0])) + 1)

    def failed(self, client: str) -> None:
        self._recent(client)
        self._failures.setdefault(client, deque()).append(self.clock())
