"""Opening a project's ``.lock`` file without harming anything that is not ours.

The lock file only ever holds the pid of the process that has the project open for writing.
It is opened with ``O_NOFOLLOW`` (a planted symlink ``p.wbproj.lock -> important.txt`` is
refused, never followed and truncated), must be a regular file, and is rewritten only when
it is empty or holds a pid: a file of that name with anything else in it is left as it is.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from workbench.core.errors import ProjectError

_MAX_PID_BYTES = 32


def open_lock_file(path: Path) -> int:
    """The descriptor of the lock file at ``path`` (made when missing), or ProjectError when
    it is a symlink, not a regular file, or holds something other than a pid."""
    flags = os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC
    try:
        fd = os.open(path, flags, 0o644)
    except OSError as exc:
        if path.is_symlink():
            raise ProjectError(
                f"{path}: the project's lock file is a symbolic link; refusing to follow it "
                "(remove it if nothing else uses it)"
            ) from None
        raise ProjectError(f"{path}: cannot open the lock file ({exc.strerror or exc})") from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise ProjectError(f"{path}: the project's lock file is not a regular file")
        if st.st_size > _MAX_PID_BYTES or not _is_pid(os.pread(fd, _MAX_PID_BYTES, 0)):
            raise ProjectError(
                f"{path}: this file is not a workbench lock file (it holds something other "
                "than a process id); move it away to open the project"
            )
    except BaseException:
        os.close(fd)
        raise
    return fd


def _is_pid(data: bytes) -> bool:
    text = data.strip()
    return not text or text.isdigit()


def write_pid(fd: int) -> None:
    """Make the lock file (ours: checked by :func:`open_lock_file`) hold this process's pid."""
    os.ftruncate(fd, 0)
    os.pwrite(fd, str(os.getpid()).encode(), 0)
