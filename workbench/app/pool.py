"""Work spread over every core, with one progress report.

``run_tasks(function, context, tasks)`` calls ``function(context, task)`` for every task and
returns the results in the order of the tasks, whatever order the workers finish in, so a
command gives the same output as a serial run. With one core, or one task, it runs in this
process. The ``context`` (the glossary engine, the options: a typed, frozen object) is what
every task shares: it is handed to each worker once, when the worker starts (forked workers
inherit it from this process's memory where the platform allows it; elsewhere it is pickled
once per worker), never per task.

Workers never outlive the command. Each asks the kernel to kill it when its parent dies
(``PR_SET_PDEATHSIG`` on Linux) and also watches its parent's pid (every platform), so a
``kill -9`` of ``workbench qa`` leaves no worker running; an interrupted or failing run
cancels the tasks not started and terminates the workers at once instead of waiting for them.
"""

from __future__ import annotations

import contextlib
import ctypes
import logging
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from contextlib import AbstractContextManager
from typing import Any, Protocol, TypeVar

log = logging.getLogger(__name__)

C = TypeVar("C")
T = TypeVar("T")
R = TypeVar("R")

# One article larger than this is worked through in this process, in chunks: forked workers
# map the parent's pages too, so the memory of the whole process tree would grow with the
# article several times over (a folder's articles are read by the workers themselves).
POOL_MAX_BYTES = 8_000_000
_PR_SET_PDEATHSIG = 1
_WATCH_SECONDS = 0.5


class Progress(Protocol):
    """How a caller shows progress: ``progress(length, label)`` opens a report (a bar in the
    CLI) and gives the function that advances it by ``n``."""

    def __call__(
        self, length: int, label: str
    ) -> AbstractContextManager[Callable[[int], None]]: ...


@contextlib.contextmanager
def no_progress(length: int, label: str) -> Iterator[Callable[[int], None]]:
    yield lambda n: None


def workers_for(size: int) -> int | None:
    """The workers for one input of ``size`` bytes: every core, or one above
    :data:`POOL_MAX_BYTES`."""
    return 1 if size > POOL_MAX_BYTES else None


def cores() -> int:
    """The cores this process may use (``WORKBENCH_WORKERS`` sets how many workers)."""
    wanted = os.environ.get("WORKBENCH_WORKERS", "")
    if wanted.isdigit() and int(wanted) > 0:
        return int(wanted)
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


# --- in a worker ---------------------------------------------------------------------------------
_worker_context: Any = None  # this worker's context, set once by _start_worker


def _start_worker(context: object, parent: int) -> None:
    global _worker_context
    _worker_context = context
    _die_with_parent(parent)


def _die_with_parent(parent: int) -> None:
    """End this process when ``parent`` ends, however it ends."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:  # the parent died before the kernel was asked
        os._exit(1)

    def watch() -> None:
        while True:
            time.sleep(_WATCH_SECONDS)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def _call(function: Callable[[Any, T], R], task: T) -> R:
    return function(_worker_context, task)


# --- in the command ------------------------------------------------------------------------------
def run_tasks(
    function: Callable[[C, T], R],
    context: C,
    tasks: Sequence[T],
    *,
    label: str = "",
    progress: Progress | None = None,
    workers: int | None = None,
) -> list[R]:
    """``[function(context, t) for t in tasks]``, spread over the cores, with a progress
    report (``progress(len(tasks), label)``) when there is more than one task. ``function``
    must be a module-level function (workers import it by name)."""
    count = min(workers or cores(), len(tasks))
    show = progress if progress is not None and len(tasks) > 1 else no_progress
    results: list[R | None] = [None] * len(tasks)
    with show(len(tasks), label) as advance:
        if count <= 1:
            for i, task in enumerate(tasks):
                results[i] = function(context, task)
                advance(1)
            return [r for r in results]  # type: ignore[misc]
        methods = multiprocessing.get_all_start_methods()
        mp = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
        pool = ProcessPoolExecutor(
            max_workers=count,
            mp_context=mp,
            initializer=_start_worker,
            initargs=(context, os.getpid()),
        )
        finished = False
        try:
            futures: dict[Future[R], int] = {
                pool.submit(_call, function, task): i for i, task in enumerate(tasks)
            }
            for future in as_completed(futures):
                results[futures[future]] = future.result()
                advance(1)
            finished = True
        finally:
            if finished:
                pool.shutdown(wait=True)
            else:  # interrupted or failed: no task left running, no worker left behind
                log.info("stopping %d worker(s) after an interruption or a failure", count)
                _terminate(pool)
    return [r for r in results]  # type: ignore[misc]


def _terminate(pool: ProcessPoolExecutor) -> None:
    processes = list((getattr(pool, "_processes", None) or {}).values())
    manager = getattr(pool, "_executor_manager_thread", None)  # shutdown forgets it
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        with contextlib.suppress(OSError, ValueError, AttributeError):
            process.kill()
    # The pool's own thread reaps the killed workers too: wait for it, or a worker it has
    # reaped but not yet marked may still look alive to ``multiprocessing.active_children``.
    if manager is not None:
        manager.join(timeout=5)
    for process in processes:
        with contextlib.suppress(OSError, ValueError, AttributeError):
            process.join(timeout=5)


def stream_tasks(
    function: Callable[[C, T], R],
    context: C,
    tasks: Iterable[T],
    *,
    workers: int | None = None,
    ahead: int = 2,
    light: Callable[[T], bool] | None = None,
) -> Generator[R, None, None]:
    """``function(context, t)`` for every task, given in the order of the tasks as they are
    read, with at most ``ahead`` tasks a worker waiting or running (a long run's results
    are never held together; ``tasks`` is read as the work goes on). The first task runs in
    this process, so that what it loads (dictionaries, models) is there before the workers
    are forked and inherit it; the others are spread over the cores. With one core, one
    task, or where processes cannot be forked (``context`` is never pickled), every task
    runs here; so does every task ``light`` says is light (e.g. an empty batch: no worker
    is started for it), in its turn. ``function`` must be a module-level function."""
    queue = iter(tasks)
    for first in queue:
        yield function(context, first)
        break
    count = workers or cores()
    if count <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        yield from (function(context, task) for task in queue)
        return
    pool: ProcessPoolExecutor | None = None
    waiting: deque[Future[R]] = deque()
    finished = False
    try:
        for task in queue:
            if light is not None and light(task):
                done: Future[R] = Future()
                done.set_result(function(context, task))
                waiting.append(done)
            else:
                if pool is None:
                    pool = ProcessPoolExecutor(
                        max_workers=count,
                        mp_context=multiprocessing.get_context("fork"),
                        initializer=_start_worker,
                        initargs=(context, os.getpid()),
                    )
                waiting.append(pool.submit(_call, function, task))
            while len(waiting) >= count * ahead:
                yield waiting.popleft().result()
        while waiting:
            yield waiting.popleft().result()
        finished = True
    finally:
        if pool is not None:
            if finished:
                pool.shutdown(wait=True)
            else:  # interrupted, failed, or no longer read: no worker left behind
                log.info("stopping %d worker(s): the results are no longer read", count)
                _terminate(pool)


def spread_batches(
    function: Callable[[C, Sequence[T]], R], context: C, batches: Iterator[Sequence[T]]
) -> Iterator[R]:
    """:func:`stream_tasks` over batches, an empty batch done here (a project exported again
    has every segment's work remembered: no worker is started for it)."""
    return stream_tasks(function, context, batches, light=_empty)


def _empty(batch: Sequence[object]) -> bool:
    return not batch
