"""`@frozen`: the one way to declare a record (a value: equal by its fields, hashable, never
changed in place; `dataclasses.replace` makes a changed copy).

It is frozen for the type checker (mypy reports any assignment to a field) but not at run time:
there it is a slotted dataclass whose `__eq__`, `__hash__`, `__repr__` (and with `order=True`
the comparisons) are the ones a frozen dataclass generates, made without generating code. A
dataclass writes each method's source text and `exec`s it: about 0.1-0.3 ms a method on
CPython 3.11, and a frozen one has six or more, while a plan's command loads about 40 records;
its `__init__` also set each field through `object.__setattr__` (0.3-0.8 us a field against
15 ns for a plain store). Only `__init__` is still generated. See docs/performance.md.

The records a plan reads most are declared as slotted dataclasses instead (`events.Person`,
`Event`, `Decision`, `Application`, and `actions.Action`): in a module compiled with mypyc a
dataclass is a native class, whose fields compiled code reads in the object's struct where it
looks up a `@frozen` record's by name. They are treated as immutable all the same, but mypy does
not enforce it for them.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from operator import attrgetter
from typing import Any, TypeVar, dataclass_transform, overload

T = TypeVar("T")


@overload
def frozen(cls: type[T], /) -> type[T]: ...


@overload
def frozen(*, order: bool = False) -> Callable[[type[T]], type[T]]: ...


@dataclass_transform(frozen_default=True, field_specifiers=(field,))
def frozen(cls: type[T] | None = None, /, *, order: bool = False) -> Any:
    """`@frozen` or `@frozen(order=True)` (compared field by field, as tuples are)."""

    def make(cls: type[T]) -> type[T]:
        # A method the class writes itself stays (as with a dataclass), but not the
        # `__hash__ = None` Python sets in a class that writes its own `__eq__`.
        own = set(cls.__dict__)
        if "__eq__" in own and cls.__dict__.get("__hash__", 0) is None:
            own.discard("__hash__")
        record = dataclass(cls, slots=True, eq=False, repr=False)
        for name, method in _methods(record, order).items():
            if name not in own:
                setattr(record, name, method)
        return record

    return make if cls is None else make(cls)


def _values(names: list[str]) -> Callable[[Any], tuple[Any, ...]]:
    """The named fields' values as a tuple (what a dataclass compares and hashes)."""
    if len(names) == 1:
        one = attrgetter(names[0])
        return lambda record: (one(record),)
    if not names:
        return lambda record: ()
    return attrgetter(*names)  # a tuple, made in C


def _compare(op: Callable[[Any, Any], Any], key: Callable[[Any], Any]) -> Callable[..., Any]:
    """`op` on two records' tuples of values, as a dataclass's `__eq__` and `__lt__` do."""

    def method(self: Any, other: Any) -> Any:
        if other.__class__ is self.__class__:
            return op(key(self), key(other))
        return NotImplemented

    return method


def _methods(cls: type, order: bool) -> dict[str, Callable[..., Any]]:
    every = fields(cls)
    key = _values([f.name for f in every if f.compare])
    hashed = _values([f.name for f in every if (f.compare if f.hash is None else f.hash)])
    shown = [f.name for f in every if f.repr]

    def __hash__(self: Any) -> int:
        return hash(hashed(self))

    def __repr__(self: Any) -> str:
        listed = ", ".join(f"{name}={getattr(self, name)!r}" for name in shown)
        return f"{self.__class__.__qualname__}({listed})"

    methods = {"__eq__": _compare(operator.eq, key), "__hash__": __hash__, "__repr__": __repr__}
    if order:
        for name in ("__lt__", "__le__", "__gt__", "__ge__"):
            methods[name] = _compare(getattr(operator, name), key)
    for name, method in methods.items():
        method.__name__ = name
        method.__qualname__ = f"{cls.__qualname__}.{name}"
    return methods
