"""Error types and the one currency for findings: a `Problem` with a source `Location`."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from followup.frozen import frozen


@frozen(order=True)
class Location:
    """A position in a file: 1-based line and column; 0 means unknown."""

    file: str
    line: int = 0
    col: int = 0

    def __str__(self) -> str:
        return f"{self.short()}:{self.col}" if self.line and self.col else self.short()

    def short(self) -> str:
        """`file:line` without the column, as used in explanations."""
        return f"{self.file}:{self.line}" if self.line else self.file


@frozen
class Problem:
    """One finding about a user's file: where, what, and which check found it."""

    loc: Location
    code: str
    message: str
    severity: str = "error"  # "error" | "warning"
    rule: str | None = None  # the policy rule id the problem is in, when there is one
    field: str = ""  # readable path of the offending field, e.g. applications[0].events[2].at

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.loc.file, self.loc.line, self.loc.col, self.code)

    def render(self) -> str:
        where = f"{self.loc}: "
        who = f"rule {self.rule}: " if self.rule else ""
        what = f"{self.field}: " if self.field else ""
        tag = "" if self.severity == "error" else f"{self.severity}: "
        return f"{where}{tag}{who}{what}{self.message} [{self.code}]"


QUOTE_LIMIT = 60
"""The most characters of a user's value that a message repeats (a file may be anything)."""


def clip(text: str, limit: int = QUOTE_LIMIT) -> str:
    """`text`, shortened to `limit` characters ending in '...' when longer."""
    return text if len(text) <= limit else text[: limit - 3] + "..."


def join_names(names: Iterable[str]) -> str:
    """ "A", "A and B", "A, B and C" (empty names left out)."""
    items = [name for name in names if name]
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


def quote(value: Any) -> str:
    """A user's value as a message repeats it: its repr, shortened."""
    return clip(repr(value))


def did_you_mean(
    word: str,
    known: Iterable[str] | Mapping[str, str],
    *,
    n: int = 1,
    cutoff: float = 0.6,
    template: str = "; did you mean {}?",
    otherwise: str = "",
) -> str:
    """The one did-you-mean: `template` filled with the closest of `known` (one, quoted) or the
    `n` closest (unquoted, comma-separated), else `otherwise`. A mapping is matched by its keys
    and suggests their values (`{"ada": "Ada"}` matches a lower-cased word, shows the name)."""
    import difflib

    close = difflib.get_close_matches(word, list(known), n=n, cutoff=cutoff)
    if isinstance(known, Mapping):
        close = [known[c] for c in close]
    if not close:
        return otherwise
    return template.format(repr(close[0]) if n == 1 else ", ".join(close))


class FollowupError(Exception):
    """A user-facing error: bad input or a bad policy. The CLI prints it on one line, exit 2."""

    def __init__(self, message: str, problems: list[Problem] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.problems: list[Problem] = problems or []


class InputError(FollowupError):
    """An events file, an option value or another input cannot be used."""


class PolicyError(FollowupError):
    """A policy did not validate. `problems` holds every problem found, sorted by position."""

    @classmethod
    def from_problems(cls, problems: list[Problem]) -> PolicyError:
        ordered = sorted(problems, key=Problem.sort_key)
        errors = [p for p in ordered if p.severity == "error"]
        first = (errors or ordered)[0].render()
        more = len(errors) - 1
        suffix = f" (and {more} more; run `followup validate` for all)" if more > 0 else ""
        return cls(first + suffix, ordered)


class InvalidInput(ValueError):
    """Bad input to the library (`followup.api`): `problems` lists every problem found, each as
    (code, path, message); `path` is the field, e.g. `applications[0].events[2].at` ("" for the
    whole input). Nothing is printed."""

    def __init__(self, problems: list[tuple[str, str, str]]) -> None:
        self.problems = problems
        shown = "; ".join(
            f"{path or 'input'}: {message} [{code}]" for code, path, message in problems
        )
        super().__init__(shown or "invalid input")
