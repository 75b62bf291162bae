"""How a person is addressed in a message (G27): the surname a greeting pairs with the honorific.

A greeting is "Dear" with the person's honorific and surname ("Dear Dr. Hopper,", article 003).
The surname is read from the full name as written in the events file: the last word, less what
follows a surname rather than being one (a generational suffix or a degree: "Martin Luther King
Jr." is Dr. King, not Dr. Jr.), with the particles written before it ("Ludwig van Beethoven" is
Mr. van Beethoven, "Juan de la Cruz" Mr. de la Cruz). The first word is never a particle: it is
a given name ("Van Morrison" is Mr. Morrison).
"""

from __future__ import annotations

import re
import unicodedata

SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv", "phd", "md", "dds", "esq", "mba", "cpa"})
"""Words written after a surname that are not part of it (compared without dots, commas or case)."""

PARTICLES = frozenset(
    {"van", "von", "der", "den", "de", "da", "di", "du", "del", "della", "des", "la", "le", "ter"}
    | {"ten", "dos", "das", "zu", "bin", "ibn", "al", "el", "st"}
)
"""Words that, written before the last word, belong to the surname (compared as `SUFFIXES`)."""


def _bare(word: str) -> str:
    return word.strip(".,").lower()


def surname_of(name: str) -> str:
    """The surname in `name`: "Hopper" for "Grace Hopper", "King" for "Martin Luther King Jr.",
    "van Beethoven" for "Ludwig van Beethoven"; a name of one word is its own surname."""
    words = name.split()
    while len(words) > 1 and _bare(words[-1]) in SUFFIXES:
        words.pop()
    if not words:
        return name
    start = len(words) - 1
    while start > 1 and _bare(words[start - 1]) in PARTICLES:
        start -= 1
    return " ".join(words[start:]).rstrip(",")


def titled(honorific: str | None, name: str) -> str:
    """`name` after `honorific`, as on an envelope ("Dr. Grace Hopper"), without writing the
    honorific twice when the name already starts with it ("Dr. Grace Hopper" given as the name
    with the honorific "Dr." too)."""
    if not honorific:
        return name
    first = name.split(maxsplit=1)[0] if name.split() else ""
    if _bare(first) == _bare(honorific):
        return name
    return f"{honorific} {name}"


_NOT_IN_SLUG = re.compile(r"[\W_]+")
_NOT_IN_OLD_SLUG = re.compile(r"[^a-z0-9]+")


def slug_of(name: str) -> str:
    """A name as the last part of an action id: "grace-hopper". Accents are dropped ("María
    José García" is "maria-jose-garcia", as one types it) and letters of other scripts kept
    ("Иван Петров" is "иван-петров", "李伟" stays "李伟"): they were all dropped, so every name
    without a Latin letter was "x" and two such interviewers had ids told apart only by the
    interview's time. "x" is left for a name with no letter or digit at all."""
    bare = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    return _NOT_IN_SLUG.sub("-", bare.lower()).strip("-") or "x"


def old_slug_of(name: str) -> str:
    """The slug ids had before `slug_of` kept accented and non-Latin names: ASCII letters and
    digits only ("mar-a-jos-garc-a"). A dismissal or snooze recorded with such an id still
    applies (`followup.decisions`)."""
    return _NOT_IN_OLD_SLUG.sub("-", name.lower()).strip("-") or "x"
