"""The program's log: a rotating file in the data folder (``<data dir>/logs/workbench.log``,
1 MB, 3 old files kept), and, with ``workbench --verbose``, the same lines on stderr.

Set up once where the program starts (:func:`setup_logging`, called by the ``workbench``
command). Modules log through ``logging.getLogger(__name__)``; every broad ``except`` that
keeps the program going logs what it caught. Nothing secret reaches the log: a password in a
database URL and a ``token=`` value are masked by :class:`Redact` before any handler writes.
"""

from __future__ import annotations

import logging
import logging.handlers
import re
import sys
from pathlib import Path

from workbench.core.projects import data_dir

LOG_BYTES = 1_000_000
LOG_BACKUPS = 3
FORMAT = "%(asctime)s %(process)d %(name)s %(levelname)s %(message)s"
_URL_PASSWORD = re.compile(r"(?P<scheme>[a-z][a-z0-9+.-]*://[^:/@\s]*):[^@\s]*@", re.IGNORECASE)
_SECRET_PARAM = re.compile(r"(?P<key>\b(?:token|password|passwd|pwd)=)[^&\s\"']+", re.IGNORECASE)
_HANDLER_NAME = "workbench"


def redact(text: str) -> str:
    """``text`` with URL passwords and ``token=``/``password=`` values replaced by ``***``."""
    text = _URL_PASSWORD.sub(r"\g<scheme>:***@", text)
    return _SECRET_PARAM.sub(r"\g<key>***", text)


class Redact(logging.Filter):
    """Masks secrets in a record's message (after its arguments are merged in)."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = redact(message)
        if masked != message:
            record.msg, record.args = masked, None
        return True


def log_path() -> Path:
    return data_dir() / "logs" / "workbench.log"


def setup_logging(*, verbose: bool = False) -> Path | None:
    """Send the program's log to the rotating file (when its folder can be written) and,
    when ``verbose``, to stderr. Returns the file, or ``None`` when there is none. Safe to
    call more than once (the handlers are replaced)."""
    root = logging.getLogger("workbench")
    for handler in [h for h in root.handlers if h.get_name() == _HANDLER_NAME]:
        root.removeHandler(handler)
        handler.close()
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    root.propagate = False
    formatter = logging.Formatter(FORMAT)
    path: Path | None = log_path()
    try:
        assert path is not None
        path.parent.mkdir(parents=True, exist_ok=True)
        file_handler: logging.Handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=LOG_BYTES, backupCount=LOG_BACKUPS, encoding="utf-8", delay=True
        )
    except OSError:  # a read-only home: the program works without its log file
        path = None
        file_handler = logging.NullHandler()
    handlers = [file_handler]
    if verbose:
        handlers.append(logging.StreamHandler(sys.stderr))
    for handler in handlers:
        handler.set_name(_HANDLER_NAME)
        handler.setFormatter(formatter)
        handler.addFilter(Redact())
        root.addHandler(handler)
    return path
