"""The command line's progress report: one click progress bar on stderr."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import click


@contextmanager
def bar(length: int, label: str) -> Iterator[Callable[[int], None]]:
    """A bar of ``length`` steps labelled ``label``; gives the function that advances it."""
    with click.progressbar(length=length, label=label, file=sys.stderr, show_pos=True) as b:
        yield b.update
