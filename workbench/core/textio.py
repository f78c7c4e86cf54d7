"""Reading user files strictly and writing outputs atomically (never half-written, never
over an input).

Every reader of user text goes through :func:`read_text`, so that a missing, binary, empty
or non-UTF-8 file is refused the same way everywhere; every writer goes through
:func:`atomic_write`, so that an output never replaces its input, never follows a planted
symlink, and is either complete or absent.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from workbench.core.errors import InputError, OutputError

BOM = "\ufeff"

# Limits, measured (README "Limits"): a batch command holds an article as text, segments
# and results, about 8x its size at 100 MB; a project holds it several times over as rows
# and objects, 20x and more, so projects take smaller articles.
MB = 1_000_000
MAX_INPUT_BYTES = 200 * MB  # any file the workbench reads
MAX_PROJECT_BYTES = 8 * MB  # an article made into a project (edit, record, serve)
MAX_LINE_WORDS = 1000  # a line of `workbench score` (TER's shift search grows fast)


def check_size(path: Path | str, limit: int, what: str) -> None:
    """Refuse, before reading it, a file larger than ``limit`` bytes (one line naming the
    limit)."""
    p = Path(path)
    try:
        size = p.stat().st_size
    except OSError:
        return  # reading it will say what is wrong
    if size > limit and p.is_file():
        raise InputError(
            f"{p}: {size / MB:,.1f} MB is over the {limit / MB:g} MB limit for {what} "
            "(split it into smaller files)"
        )


@dataclass(frozen=True)
class TextFile:
    """A decoded text file. ``text`` excludes the BOM; ``bom`` says whether there was one."""

    path: Path
    text: str
    bom: bool

    @property
    def newline(self) -> str:
        """The file's line-ending convention: ``"\\n"``, ``"\\r\\n"``, ``"mixed"`` or ``""``."""
        crlf = self.text.count("\r\n")
        lf = self.text.count("\n") - crlf
        if crlf and lf:
            return "mixed"
        if crlf:
            return "\r\n"
        return "\n" if lf else ""

    def encode(self, text: str | None = None) -> bytes:
        """The bytes of ``text`` (default: the file's own) with the file's BOM restored."""
        body = self.text if text is None else text
        return ((BOM if self.bom else "") + body).encode("utf-8")


def read_bytes(path: Path | str, *, what: str = "file") -> bytes:
    """Read a file's bytes or raise :class:`InputError` with one clear line."""
    p = Path(path)
    check_size(p, MAX_INPUT_BYTES, f"a {what}")
    try:
        if p.is_dir():
            raise InputError(f"{p}: is a folder, expected a {what}")
        data = p.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{p}: no such {what}") from None
    except PermissionError:
        raise InputError(f"{p}: permission denied") from None
    except OSError as exc:
        raise InputError(f"{p}: cannot read ({exc.strerror or exc})") from None
    return data


def decode_text(data: bytes, path: Path | str, *, what: str = "file") -> TextFile:
    """Decode UTF-8 (with or without BOM) strictly; refuse empty, binary and non-UTF-8 input."""
    p = Path(path)
    if not data.strip():
        raise InputError(f"{p}: the {what} is empty")
    if b"\x00" in data:
        raise InputError(f"{p}: looks like a binary file (NUL bytes), expected UTF-8 text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(
            f"{p}:{line}: not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start})"
        ) from None
    bom = text.startswith(BOM)
    if bom:
        text = text[1:]
    if not text.strip():
        raise InputError(f"{p}: the {what} is empty")
    return TextFile(path=p, text=text, bom=bom)


def read_text(path: Path | str, *, what: str = "file") -> TextFile:
    """Read a UTF-8 text file strictly (see :func:`decode_text`)."""
    return decode_text(read_bytes(path, what=what), path, what=what)


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False


def check_output_path(target: Path | str, *, protect: Iterable[Path | str] = ()) -> Path:
    """Refuse an output path that is a symlink, a folder, or one of the ``protect`` inputs."""
    t = Path(target)
    if t.is_symlink():
        raise OutputError(f"{t}: is a symbolic link; refusing to write through it")
    if t.is_dir():
        raise OutputError(f"{t}: is a folder, expected a file name")
    for p in protect:
        pp = Path(p)
        if _same_file(t, pp) or t.resolve() == pp.resolve():
            raise OutputError(f"{t}: would overwrite the input {pp}; choose another output")
    if not t.parent.exists():
        raise OutputError(f"{t.parent}: no such folder")
    return t


def atomic_write(
    target: Path | str, data: bytes | str, *, protect: Iterable[Path | str] = ()
) -> Path:
    """Write ``data`` to ``target`` atomically: temp file in the same folder, fsync, rename.

    Refuses (``OutputError``) symlinks, folders and paths equal to a ``protect`` input. On any
    failure no partial file is left and an existing ``target`` is untouched.
    """
    t = check_output_path(target, protect=protect)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp_name = tempfile.mkstemp(prefix=f".{t.name}.", suffix=".tmp", dir=t.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        with contextlib.suppress(OSError):
            os.chmod(tmp, 0o644)
        os.replace(tmp, t)
        _fsync_dir(t.parent)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise OutputError(f"{t}: cannot write ({exc.strerror or exc})") from None
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    return t


def _fsync_dir(folder: Path) -> None:
    try:
        dfd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dfd)
    except OSError:
        pass
    finally:
        os.close(dfd)
