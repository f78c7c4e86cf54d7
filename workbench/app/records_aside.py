"""A large file's memory records made in a second process while this one writes them
(``workbench memory import`` of a streamed TMX).

Reading a unit and making its record (normalising, hashing, the index features) is about
as much work as writing it to the memory; on two cores the two run side by side. A forked
child reads the units and makes their records a batch at a time, in the file's order, and
hands each batch over a pipe (:mod:`workbench.core.memory.packed`); a thread of this
process receives and unpacks them (while the writer is in SQLite, which releases the
GIL) into a short queue (:data:`AHEAD` batches: memory stays bounded
whatever the file's size, and the child can run ahead while a transaction commits), and
the records come out of :func:`records_made_aside` in order, the same records the units
would have made here. What the child's units counted as left out (``left_out``) is added
to this process's counter once the last batch is in.

The child dies with this process (``PR_SET_PDEATHSIG`` and a watch of its parent, as the
pool's workers); it is killed when the caller stops reading early (an error while
writing, an interruption). An error in the child is raised here. With one core (or
``WORKBENCH_WORKERS=1``), without ``fork``, or when no core is free (the load average;
``WORKBENCH_WORKERS=2`` asks for the second process all the same), the records are made
in this process.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import pickle
import queue
import threading
from collections import Counter
from collections.abc import Generator, Iterable, Iterator
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any

from workbench.app.pool import _die_with_parent, cores
from workbench.core.memory import Context, MemoryUnit
from workbench.core.memory.bulk import make_records
from workbench.core.memory.packed import records_packed, unpack_records
from workbench.core.model.memory import MemoryRecord

Item = tuple[MemoryUnit, str, Context | None]

BATCH = 4096  # units whose records are made and handed over together
AHEAD = 4  # batches received and not yet written, at most (some 10 MB each)
_RECORDS, _DONE, _FAILED = b"R", b"D", b"E"


def records_made_aside(
    items: Iterable[Item], left_out: Counter[str], *, batch: int = BATCH
) -> Generator[MemoryRecord, None, None]:
    """The records of ``items`` (an iterable not started yet, which counts what it leaves
    out in ``left_out``), in order, made in a second process when there are two cores."""
    aside = RecordsAside(items, left_out, batch=batch)
    try:
        yield from aside.records()
    finally:
        aside.close()


class RecordsAside:
    """:func:`records_made_aside`, its second process started at once (to read a file
    while this process is still checking it); :meth:`close` ends it, read or not."""

    def __init__(self, items: Iterable[Item], left_out: Counter[str], *, batch: int = BATCH):
        self._items = items
        self._left_out = left_out
        self._batch = batch
        self._child: BaseProcess | None = None
        self._here = not _core_free() or "fork" not in multiprocessing.get_all_start_methods()
        if self._here:
            return  # made here, when read
        mp = multiprocessing.get_context("fork")
        self._receiving, sending = mp.Pipe(duplex=False)
        self._child = mp.Process(
            target=_make, args=(items, left_out, sending, os.getpid(), batch), daemon=True
        )
        self._child.start()
        sending.close()
        # each batch as (kind, its records or what ended the child), None: the child died
        self._received: queue.Queue[tuple[bytes, Any] | None] = queue.Queue(maxsize=AHEAD)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._receive, name="memory-records", daemon=True)
        self._thread.start()

    def _receive(self) -> None:
        try:
            while not self._stop.is_set():
                data = self._receiving.recv_bytes()
                kind, body = data[:1], data[1:]
                if kind == _RECORDS:  # unpacked here: while the writer is in SQLite (the
                    # GIL released), not after it
                    self._received.put((kind, unpack_records(body)))
                    continue
                self._received.put((kind, pickle.loads(body)))
                return
        except (EOFError, OSError):
            self._received.put(None)
        except Exception as exc:  # records that cannot be read: raised by the reader
            self._received.put((_FAILED, exc))

    def records(self) -> Iterator[MemoryRecord]:
        """The records, in order (read once)."""
        if self._here:
            yield from _made_here(self._items, self._batch)
            return
        if self._child is None:
            raise RuntimeError("the records were closed")
        while True:
            data = self._received.get()
            if data is None:
                raise RuntimeError("the process making the memory's records ended unexpectedly")
            kind, body = data
            if kind == _RECORDS:
                yield from body
            elif kind == _FAILED:
                raise body
            else:
                self._left_out.update(body)
                return

    def close(self) -> None:
        """End the second process (at once, if it is still making records)."""
        child, self._child = self._child, None
        if child is None:
            return
        self._stop.set()
        if child.is_alive():
            child.kill()
        child.join()
        while self._thread.is_alive():  # let a receiver blocked on a full queue see the end
            with contextlib.suppress(queue.Empty):
                self._received.get_nowait()
            self._thread.join(0.01)
        self._receiving.close()


def _core_free() -> bool:
    """Whether a second process would have a core of its own: two cores or more, and
    fewer busy (the load average of the last minute) than all but one; or as many
    workers as ``WORKBENCH_WORKERS`` says. On a busy machine the two processes would share
    one core, and handing the records over costs more than it saves (about 0.3 CPU
    seconds in 30,000 units)."""
    count = cores()
    if count < 2:
        return False
    if os.environ.get("WORKBENCH_WORKERS", "").isdigit():
        return True
    try:
        return os.getloadavg()[0] < count - 1
    except OSError:  # pragma: no cover - no load average on this system
        return True


def _made_here(items: Iterable[Item], batch: int) -> Iterator[MemoryRecord]:
    pending: list[Item] = []
    for item in items:
        pending.append(item)
        if len(pending) >= batch:
            yield from make_records(pending)
            pending.clear()
    yield from make_records(pending)


def _make(
    items: Iterable[Item], left_out: Counter[str], sending: Connection, parent: int, batch: int
) -> None:  # pragma: no cover - runs in the child (its work is tested through the parent)
    """In the child: each batch's records sent packed, then the counts left out (or the
    error that stopped it); then out at once (nothing of the parent's to tidy up)."""
    status = 0
    try:
        _die_with_parent(parent)
        pending: list[Item] = []
        for item in items:
            pending.append(item)
            if len(pending) >= batch:
                sending.send_bytes(_RECORDS + records_packed(pending))
                pending.clear()
        if pending:
            sending.send_bytes(_RECORDS + records_packed(pending))
        sending.send_bytes(_DONE + pickle.dumps(Counter(left_out)))
    except BaseException as exc:
        status = 1
        try:
            payload = pickle.dumps(exc)
            pickle.loads(payload)
        except Exception:
            payload = pickle.dumps(RuntimeError(f"{type(exc).__name__}: {exc}"))
        with contextlib.suppress(OSError):
            sending.send_bytes(_FAILED + payload)
    finally:
        with contextlib.suppress(OSError):
            sending.close()
        os._exit(status)
