"""Reading user files strictly and writing outputs atomically (never half-written, never
over an input).

Every reader of user text goes through :func:`read_text` (or :func:`decode_text`), so that
a missing, binary, empty or undecodable file is refused the same way everywhere, and UTF-16
with a byte-order mark (what Windows editors save as "Unicode") is read like UTF-8; every
writer goes through :func:`atomic_write`, so that an output never replaces its input,
never follows a planted symlink, and is either complete or absent.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from workbench.core.errors import InputError, OutputError
from workbench.core.leftovers import remove_leftovers, tmp_prefix
from workbench.core.output_guard import refuse_reason, target_kind

BOM = "\ufeff"
Encoding = Literal["utf-8", "utf-16-le", "utf-16-be"]

# Byte-order marks, longest first (a UTF-32LE mark starts like the UTF-16LE one).
_UTF32_BOMS = (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")
_BOMS: tuple[tuple[bytes, Encoding], ...] = (
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
_NAMES: dict[Encoding, str] = {"utf-8": "UTF-8", "utf-16-le": "UTF-16LE", "utf-16-be": "UTF-16BE"}

# Limits, measured (README "Limits"): a batch command holds an article as text, segments
# and results, about 8x its size at 100 MB; a project holds it several times over as rows
# and objects, 20x and more, so projects take smaller articles.
MB = 1_000_000
MAX_INPUT_BYTES = 200 * MB  # any file the workbench reads
MAX_PROJECT_BYTES = 8 * MB  # an article made into a project (edit, record, serve)
MAX_LINE_WORDS = 1000  # a line of `workbench score` (TER's shift search grows fast)
MAX_SCORE_BYTES = 20 * MB  # a file of `workbench score` (about 150,000 sentence lines)


def check_size(path: Path | str, limit: int, what: str) -> None:
    """Refuse, before reading it, a file larger than ``limit`` bytes (one line naming the
    limit)."""
    p = Path(path)
    try:
        size = p.stat().st_size
    except OSError:
        return  # reading it will say what is wrong
    if size > limit and p.is_file():
        raise InputError(  # names the documented limit only (README "Limits")
            f"{p}: larger than the {limit / MB:g} MB limit for {what} (split it into smaller files)"
        )


@dataclass(frozen=True)
class TextFile:
    """A decoded text file. ``text`` excludes the BOM; ``bom`` says whether there was one;
    ``encoding`` is the one the bytes were in (UTF-16 only ever with a BOM)."""

    path: Path
    text: str
    bom: bool
    encoding: Encoding = "utf-8"

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
        """The bytes of ``text`` (default: the file's own) in the file's encoding, with the
        file's BOM restored."""
        body = self.text if text is None else text
        return ((BOM if self.bom else "") + body).encode(self.encoding)

    def encode_chunks(self, texts: Iterable[str]) -> tuple[bytes, ...]:
        """:meth:`encode` of the text made of ``texts``, one after the other, in as many
        pieces (never joined into one string)."""
        chunks = [text.encode(self.encoding) for text in texts]
        if self.bom:
            chunks.insert(0, BOM.encode(self.encoding))
        return tuple(chunks)


def a_or_an(word: str) -> str:
    """``word`` after its indefinite article ("a file", "an article")."""
    return f"{'an' if word[:1].lower() in 'aeiou' else 'a'} {word}"


def read_bytes(path: Path | str, *, what: str = "file") -> bytes:
    """Read a file's bytes or raise :class:`InputError` with one clear line."""
    p = Path(path)
    check_size(p, MAX_INPUT_BYTES, a_or_an(what))
    try:
        if p.is_dir():
            raise InputError(f"{p}: is a folder, expected {a_or_an(what)}")
        data = p.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{p}: no such {what}") from None
    except PermissionError:
        raise InputError(f"{p}: permission denied") from None
    except OSError as exc:
        raise InputError(f"{p}: cannot read ({exc.strerror or exc})") from None
    return data


def detect_encoding(data: bytes) -> tuple[Encoding, int]:
    """The encoding its byte-order mark declares (UTF-8 without one) and the mark's length."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding, len(bom)
    return "utf-8", 0


def _binary_hint(data: bytes) -> str:
    """What NUL bytes suggest: UTF-16 without a byte-order mark when every other byte of
    the start is NUL, else a binary file."""
    head = data[:400]
    if len(head) >= 4 and (
        head[0::2].count(0) == len(head[0::2]) or head[1::2].count(0) == len(head[1::2])
    ):
        return (
            "looks like UTF-16 without a byte-order mark; save it as UTF-8 (or UTF-16 with a BOM)"
        )
    return "looks like a binary file (NUL bytes), expected UTF-8 text"


def decode_text(data: bytes, path: Path | str, *, what: str = "file") -> TextFile:
    """Decode text strictly: UTF-8 with or without a BOM, or UTF-16LE/BE with their BOM.
    Empty, binary (NUL), UTF-32 and invalid input is refused with one line naming the file
    and the line where the bad bytes are."""
    p = Path(path)
    if not data.strip():
        raise InputError(f"{p}: the {what} is empty")
    if data.startswith(_UTF32_BOMS):
        raise InputError(f"{p}: UTF-32 text is not supported; save it as UTF-8")
    encoding, skip = detect_encoding(data)
    if encoding == "utf-8" and b"\x00" in data:
        raise InputError(f"{p}: {_binary_hint(data)}")
    body = data[skip:]
    try:
        text = body.decode(encoding)
    except UnicodeDecodeError as exc:
        good = body[: exc.start - exc.start % (1 if encoding == "utf-8" else 2)]
        line = good.decode(encoding, errors="replace").count("\n") + 1
        if exc.reason == "truncated data":
            detail = "an odd number of bytes"
        else:
            detail = f"byte 0x{body[exc.start]:02x} at offset {exc.start + skip}"
        raise InputError(f"{p}:{line}: not valid {_NAMES[encoding]} ({detail})") from None
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise InputError(f"{p}:{line}: a NUL character in {_NAMES[encoding]} text (binary data?)")
    if not text.strip():
        raise InputError(f"{p}: the {what} is empty")
    return TextFile(path=p, text=text, bom=skip > 0, encoding=encoding)


def read_text(path: Path | str, *, what: str = "file") -> TextFile:
    """Read a text file strictly (see :func:`decode_text`)."""
    return decode_text(read_bytes(path, what=what), path, what=what)


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False


def check_output_path(
    target: Path | str, *, protect: Iterable[Path | str] = (), overwrite: bool = True
) -> Path:
    """Refuse an output path that is a symlink, a folder, one of the ``protect`` inputs, a
    database of the workbench or a file beside one, a block device or socket
    (:mod:`workbench.core.output_guard`), or (``overwrite=False``, what the commands pass
    without ``--force``) a file that exists. A character device or a FIFO is written into,
    with or without ``--force``: nothing is replaced."""
    t = Path(target)
    if t.is_symlink():
        raise OutputError(f"{t}: is a symbolic link; refusing to write through it")
    if t.is_dir():
        raise OutputError(f"{t}: is a folder, expected a file name")
    for p in protect:
        pp = Path(p)
        if _same_file(t, pp) or t.resolve() == pp.resolve():
            raise OutputError(f"{t}: would overwrite the input {pp}; choose another output")
    reason = refuse_reason(t)
    if reason is not None:
        raise OutputError(f"{t}: {reason}")
    if not t.parent.exists():
        raise OutputError(f"{t.parent}: no such folder")
    if not overwrite and t.exists() and target_kind(t) != "stream":
        raise OutputError(f"{t}: exists; use --force to replace it")
    return t


def atomic_write(
    target: Path | str,
    data: bytes | str | Iterable[bytes],
    *,
    protect: Iterable[Path | str] = (),
    overwrite: bool = True,
) -> Path:
    """Write ``data`` (bytes, text as UTF-8, or byte chunks one after the other) to
    ``target`` atomically: temp file in the same folder, fsync, rename.

    Refuses (``OutputError``) what :func:`check_output_path` refuses. On any failure no
    partial file is left and an existing ``target`` is untouched. A character device or a
    FIFO (``/dev/null``, a pipe) is written into directly, never replaced. The temporary
    files of runs killed while writing ``target`` are removed first
    (:mod:`workbench.core.leftovers`).
    """
    t = check_output_path(target, protect=protect, overwrite=overwrite)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    chunks = (payload,) if isinstance(payload, bytes) else payload
    if target_kind(t) == "stream":
        _write_stream(t, chunks)
        return t
    remove_leftovers(t)
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=tmp_prefix(t), suffix=".tmp", dir=t.parent)
    except OSError as exc:
        raise OutputError(f"{t}: cannot write ({exc.strerror or exc})") from None
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as fh:
            for chunk in chunks:
                fh.write(chunk)
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


def _write_stream(target: Path, chunks: Iterable[bytes]) -> None:
    """Write into a character device or a FIFO as it is (no temporary file, no rename)."""
    flags = os.O_WRONLY | os.O_NOFOLLOW | os.O_NOCTTY | os.O_CLOEXEC
    try:
        fd = os.open(target, flags)
    except OSError as exc:
        raise OutputError(f"{target}: cannot write ({exc.strerror or exc})") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            mode = os.fstat(fh.fileno()).st_mode
            if not (stat.S_ISCHR(mode) or stat.S_ISFIFO(mode)):
                raise OutputError(f"{target}: replaced while being opened; nothing written")
            for chunk in chunks:
                fh.write(chunk)
    except OSError as exc:
        raise OutputError(f"{target}: cannot write ({exc.strerror or exc})") from None


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
