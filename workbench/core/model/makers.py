"""Positional constructors of frozen dataclasses for code that makes one per unit of a
large file (``memory import``: a segment, its origin, a memory unit and its record each).

A frozen dataclass's ``__init__`` sets each field with ``object.__setattr__`` by name
(some microseconds a record); :func:`maker` gives a function that takes every field in
order and sets them straight (a slotted class through its slots' descriptors, any other
through its ``__dict__``), for classes without ``__post_init__``. The object is the one
``__init__`` would make (equal, same hash)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields
from typing import Any, TypeVar

T = TypeVar("T")


def maker(cls: type[T]) -> Callable[..., T]:
    """``cls(*values)`` with every field given, in order, without the frozen ``__init__``."""
    if hasattr(cls, "__post_init__"):
        raise TypeError(f"{cls.__name__} has a __post_init__: use its __init__")
    names = [f.name for f in fields(cls)]  # type: ignore[arg-type]
    args = ", ".join(names)
    if "__slots__" in cls.__dict__:
        setters = "".join(f"    _set_{n}(obj, {n})\n" for n in names)
        scope: dict[str, Any] = {f"_set_{n}": cls.__dict__[n].__set__ for n in names}
    else:
        setters = "    d = obj.__dict__\n" + "".join(f"    d[{n!r}] = {n}\n" for n in names)
        scope = {}
    scope.update(_new=object.__new__, _cls=cls)
    source = f"def make({args}):\n    obj = _new(_cls)\n{setters}    return obj\n"
    exec(source, scope)
    make: Callable[..., T] = scope["make"]
    make.__doc__ = f"{cls.__name__}(*fields), set straight"
    return make
