"""Work spread over every core, with one progress bar on stderr.

``run_tasks(function, tasks, setup=...)`` calls ``function(task)`` for every task and returns
the results in the order of the tasks, whatever order the workers finish in, so a command
gives the same output as a serial run. With one core, or one task, it runs in this process.
Workers are forked where the platform allows it (they inherit what this process has built,
e.g. the glossary engine); elsewhere ``setup`` builds it again in each worker.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from contextlib import contextmanager
from typing import Any, TypeVar

import click

T = TypeVar("T")
R = TypeVar("R")

# What the current process's tasks share (the engine, options): set by ``setup``.
STATE: dict[str, Any] = {}
# One article larger than this is worked through in this process, in chunks: forked workers
# map the parent's pages too, so the memory of the whole process tree would grow with the
# article several times over (a folder's articles are read by the workers themselves).
POOL_MAX_BYTES = 8_000_000


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


def _init(setup: Callable[..., None] | None, args: tuple[Any, ...]) -> None:
    if setup is not None and not STATE:
        setup(*args)


@contextmanager
def _bar(length: int, label: str, show: bool) -> Iterator[Callable[[int], None]]:
    if not show:
        yield lambda n: None
        return
    with click.progressbar(length=length, label=label, file=sys.stderr, show_pos=True) as bar:
        yield bar.update


def run_tasks(
    function: Callable[[T], R],
    tasks: Sequence[T],
    *,
    setup: Callable[..., None] | None = None,
    setup_args: tuple[Any, ...] = (),
    label: str = "",
    progress: bool = True,
    workers: int | None = None,
) -> list[R]:
    """``[function(t) for t in tasks]``, spread over the cores, with a progress bar
    (``label``) on stderr when ``progress`` and there is more than one task. ``setup(*args)``
    fills :data:`STATE` once per process (here first, so forked workers inherit it)."""
    if setup is not None and not STATE:
        setup(*setup_args)
    count = min(workers or cores(), len(tasks))
    show = progress and len(tasks) > 1
    results: list[R | None] = [None] * len(tasks)
    with _bar(len(tasks), label, show) as advance:
        if count <= 1:
            for i, task in enumerate(tasks):
                results[i] = function(task)
                advance(1)
            return [r for r in results]  # type: ignore[misc]
        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
        with ProcessPoolExecutor(
            max_workers=count, mp_context=context, initializer=_init, initargs=(setup, setup_args)
        ) as pool:
            futures: dict[Future[R], int] = {
                pool.submit(function, task): i for i, task in enumerate(tasks)
            }
            for future in as_completed(futures):
                results[futures[future]] = future.result()
                advance(1)
    return [r for r in results]  # type: ignore[misc]
