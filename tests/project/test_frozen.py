"""`@frozen` records behave as frozen dataclasses do: equal, hashed (so a set's order, and with it
an output's, is the same), ordered and shown by their fields."""

from __future__ import annotations

import dataclasses
import pickle

import pytest

from followup.errors import Location
from followup.frozen import frozen


@frozen
class Made:
    """A record with fields left out of comparing and hashing."""

    name: str
    count: int = 0
    note: str = dataclasses.field(default="", compare=False)
    cache: dict[str, int] = dataclasses.field(default_factory=dict, compare=False, hash=False)


@dataclasses.dataclass(frozen=True, slots=True)
class Generated:
    """The same record as a frozen dataclass."""

    name: str
    count: int = 0
    note: str = dataclasses.field(default="", compare=False)
    cache: dict[str, int] = dataclasses.field(default_factory=dict, compare=False, hash=False)


@frozen
class One:
    """One field: still hashed as a tuple."""

    name: str


@dataclasses.dataclass(frozen=True)
class GeneratedOne:
    """The same as a frozen dataclass."""

    name: str


@pytest.mark.parametrize("values", [("a",), ("a", 2), ("b", 3, "x"), ("", -1, "y", {"k": 1})])
def test_a_record_equals_hashes_and_shows_as_a_frozen_dataclass(values: tuple[object, ...]) -> None:
    made, generated = Made(*values), Generated(*values)  # type: ignore[arg-type]
    assert hash(made) == hash(generated)
    assert repr(made) == repr(generated).replace("Generated", "Made")
    assert made == Made(*values) and made != Made("other")  # type: ignore[arg-type]
    assert made == dataclasses.replace(made, note="else")  # `note` is not compared
    assert made != generated  # another class is never equal
    assert hash(One("a")) == hash(GeneratedOne("a"))


def test_locations_order_as_tuples_of_their_fields() -> None:
    places = [Location("b.yaml", 2, 1), Location("a.yaml", 9, 9), Location("b.yaml", 1, 5)]
    assert sorted(places) == sorted(places, key=lambda p: (p.file, p.line, p.col))
    assert Location("a", 1) <= Location("a", 1) < Location("a", 2)
    assert Location("b") > Location("a") and Location("b") >= Location("b")
    with pytest.raises(TypeError):
        _ = Location("a") < ("a", 0, 0)  # type: ignore[operator]


def test_a_record_survives_pickling() -> None:
    """`--jobs` sends applications and actions between processes."""
    made = Made("a", 2, "x", {"k": 1})
    again = pickle.loads(pickle.dumps(made))
    assert again == made and again.note == "x" and again.cache == {"k": 1}


@frozen
class OwnEquality:
    """Writes its own `__eq__` (case-blind) and `__repr__`: both stay, and the hash is made."""

    name: str

    def __eq__(self, other: object) -> bool:
        return isinstance(other, OwnEquality) and self.name.lower() == other.name.lower()

    def __repr__(self) -> str:
        return f"<{self.name}>"


@dataclasses.dataclass(frozen=True)
class GeneratedOwnEquality:
    """The same as a frozen dataclass."""

    name: str

    def __eq__(self, other: object) -> bool:
        return isinstance(other, GeneratedOwnEquality) and self.name.lower() == other.name.lower()


def test_methods_a_record_writes_itself_stay() -> None:
    assert OwnEquality("Ada") == OwnEquality("ADA") and repr(OwnEquality("Ada")) == "<Ada>"
    assert hash(OwnEquality("Ada")) == hash(GeneratedOwnEquality("Ada"))
