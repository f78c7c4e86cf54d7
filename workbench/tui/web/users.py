"""The users file of ``workbench serve --users FILE``: one ``name:hash`` line per user.

Passwords and generated tokens are stored only as salted scrypt hashes (``hashlib.scrypt``,
in the standard library: no new dependency; scrypt is memory-hard, one of the functions
OWASP recommends for passwords). The parameters are kept in each hash, so they can change
without invalidating older lines::

    # workbench serve users
    ana:scrypt$16384$8$5$<salt, base64>$<hash, base64>

The file is written atomically and readable only by its owner (0600). ``#`` starts a comment.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import hmac
import os
import re
from pathlib import Path

from workbench.core.errors import InputError, OutputError

# OWASP's minimum scrypt configurations include N=2^14, r=8, p=5 (16 MiB per hash).
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 5
MAX_SECRET = 1024  # characters: hashing time must not grow with what a client sends
MIN_PASSWORD = 8
NAME = re.compile(r"^\w[\w.@-]{0,63}$")
HEADER = "# workbench serve users: name:scrypt$N$r$p$salt$hash (workbench serve adduser)\n"


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _scrypt(secret: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(
        secret.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=128 * 1024 * 1024, dklen=32
    )


def hash_secret(secret: str) -> str:
    """A new salted hash of ``secret``."""
    salt = os.urandom(16)
    digest = _scrypt(secret, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${_b64(salt)}${_b64(digest)}"


def _parse(stored: str) -> tuple[int, int, int, bytes, bytes] | None:
    parts = stored.split("$")
    if len(parts) != 6 or parts[0] != "scrypt":
        return None
    try:
        n, r, p = int(parts[1]), int(parts[2]), int(parts[3])
        salt, digest = base64.b64decode(parts[4], validate=True), base64.b64decode(parts[5])
    except ValueError:
        return None
    if n < 2 or n & (n - 1) or not 0 < r <= 64 or not 0 < p <= 64 or len(digest) != 32:
        return None
    return n, r, p, salt, digest


# Checked against when the name is unknown, so a wrong name takes as long as a wrong password
# (the same work; what it is compared with does not matter).
_DUMMY = f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${_b64(bytes(16))}${_b64(bytes(32))}"


def verify_secret(secret: str, stored: str | None) -> bool:
    """Whether ``secret`` matches ``stored`` (compared in constant time). ``None`` (no such
    user) costs one hash like any other answer."""
    parsed = _parse(stored if stored is not None else _DUMMY)
    if parsed is None or len(secret) > MAX_SECRET:
        return False
    n, r, p, salt, digest = parsed
    return hmac.compare_digest(_scrypt(secret, salt, n, r, p), digest) and stored is not None


def check_name(name: str) -> str:
    if not NAME.match(name):
        raise InputError(
            f"'{name}': a user name is 1 to 64 letters, digits, '.', '@', '_' or '-', "
            "starting with a letter or digit"
        )
    return name


def read_users(path: Path) -> dict[str, str]:
    """name -> stored hash. A missing, unreadable or malformed file is an :class:`InputError`
    naming the file (and the line)."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(f"{path}: no such users file (see workbench serve adduser)") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read the users file ({exc})") from None
    users: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        name, sep, stored = line.partition(":")
        if not sep or not NAME.match(name) or _parse(stored) is None:
            raise InputError(f"{path}:{number}: expected name:scrypt$N$r$p$salt$hash")
        if name in users:
            raise InputError(f"{path}:{number}: user '{name}' is listed twice")
        users[name] = stored
    return users


def add_user(path: Path, name: str, secret: str) -> bool:
    """Add ``name`` to the users file (made if missing), or give them a new secret. Returns
    True when the user was new. The file is replaced atomically, mode 0600."""
    check_name(name)
    if len(secret) > MAX_SECRET:
        raise InputError(f"a password is at most {MAX_SECRET} characters")
    users = read_users(path) if path.exists() else {}
    new = name not in users
    users[name] = hash_secret(secret)
    text = HEADER + "".join(f"{n}:{h}\n" for n, h in users.items())
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise OutputError(f"{path}: cannot write the users file ({exc})") from None
    return new
