"""Regular expressions typed by the user (`followup test --run`), with bounded work.

Python's `re` backtracks without limit: `(a|aa)+$` against a long enough name runs for minutes
and cannot be interrupted. These patterns go to the `regex` module (the same syntax as `re` for
everything `re` accepts) with one time budget for all the matching of a run, and the pattern's
length is capped. Past either limit: one `InputError` line, exit 2.
"""

from __future__ import annotations

import time

import regex

from followup.errors import InputError

MAX_PATTERN_LENGTH = 1000
"""Characters in a pattern; a name filter needs a few dozen."""

MATCH_BUDGET = 1.0
"""Seconds of matching for the whole run; real filters need microseconds per name."""


class NameFilter:
    """`search` a compiled user pattern against names, within MATCH_BUDGET seconds in all."""

    def __init__(self, pattern: str, option: str, *, budget: float = MATCH_BUDGET) -> None:
        self.option = option
        self.text = pattern
        if len(pattern) > MAX_PATTERN_LENGTH:
            raise InputError(
                f"{option}: a pattern of {len(pattern)} characters, over the limit of "
                f"{MAX_PATTERN_LENGTH}"
            )
        try:
            self.compiled = regex.compile(pattern, flags=regex.VERSION0)
        except (regex.error, RecursionError, OverflowError) as exc:
            raise InputError(f"{option}: not a regular expression: {exc}") from None
        self.budget = budget
        self.deadline: float | None = None

    def search(self, name: str) -> bool:
        if self.deadline is None:
            self.deadline = time.monotonic() + self.budget
        left = max(self.deadline - time.monotonic(), 0.001)
        try:
            return self.compiled.search(name, timeout=left) is not None
        except TimeoutError:
            raise InputError(
                f"{self.option} {self.text!r}: gave up after {self.budget:g} s of matching: "
                "the pattern backtracks too much (nested repeats like (a|aa)+?); simplify it"
            ) from None
