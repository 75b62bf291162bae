"""The one way time enters the program: a `Clock`. Tests and `--as-of` use a fixed one."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Protocol

import pendulum

from followup.errors import InputError

_DATE_ONLY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class Clock(Protocol):
    def now(self) -> pendulum.DateTime: ...


@dataclass(frozen=True, slots=True)
class SystemClock:
    """The wall clock; used only when the user gives no `--as-of`."""

    def now(self) -> pendulum.DateTime:
        return pendulum.now("UTC")


@dataclass(frozen=True, slots=True)
class FixedClock:
    moment: pendulum.DateTime

    def now(self) -> pendulum.DateTime:
        return self.moment


def parse_as_of(text: str, timezone: str) -> pendulum.DateTime:
    """`2026-10-08T09:00`, `2026-10-08 09:00+01:00` or `2026-10-08` (midnight) in `timezone`."""
    try:
        parsed = pendulum.parse(text.strip(), tz=timezone, strict=False)
    except Exception:
        raise InputError(
            f"--as-of: not a date-time: {text!r} (write e.g. 2026-10-08T09:00)"
        ) from None
    if not isinstance(parsed, pendulum.DateTime):
        raise InputError(f"--as-of: not a date-time: {text!r} (write e.g. 2026-10-08T09:00)")
    return parsed.in_timezone(timezone)
