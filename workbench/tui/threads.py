"""The threads the app's workers run in: daemon threads the app's exit never waits for.

Textual runs a thread worker through the event loop's default executor, and at exit
``asyncio.run`` waits for that executor's threads (and the interpreter joins them again):
a worker still busy -- the QA markers of an 80,000-segment project, a memory loading its
texts -- kept a blank terminal for minutes after ``ctrl+q``. The app cancels its workers on
exit (the long ones stop at their next chunk); with :class:`DaemonExecutor` as the loop's
default executor nothing waits for a thread that has not seen that yet.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")


class DaemonExecutor(ThreadPoolExecutor):
    """Each call in a daemon thread of its own; :meth:`shutdown` never waits. (A subclass
    of ``ThreadPoolExecutor`` because asyncio takes nothing else as a default executor.)"""

    def submit(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> Future[T]:
        future: Future[T] = Future()

        def body() -> None:
            if not future.set_running_or_notify_cancel():
                return
            try:
                result = fn(*args, **kwargs)
            except BaseException as exc:  # handed to whoever awaits the future
                future.set_exception(exc)
            else:
                future.set_result(result)

        threading.Thread(target=body, name="workbench-worker", daemon=True).start()
        return future

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        """Nothing to wait for: the threads are daemons, and cancelled workers stop on
        their own."""


def use_daemon_threads() -> None:
    """Run the current event loop's executor jobs (Textual's thread workers) in daemon
    threads (call from inside the app, on its loop)."""
    asyncio.get_running_loop().set_default_executor(DaemonExecutor())
