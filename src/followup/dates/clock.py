"""The one way time enters the program: a `Clock`. Tests and `--as-of` use a fixed one."""

from __future__ import annotations

from typing import Protocol

import pendulum

from followup.dates.zones import is_zone
from followup.frozen import frozen


class Clock(Protocol):
    def now(self) -> pendulum.DateTime: ...


@frozen
class SystemClock:
    """The wall clock; used only when the user gives no `--as-of`."""

    def now(self) -> pendulum.DateTime:
        return pendulum.now("UTC")

    def zone(self) -> str:
        """The system's time zone: $TZ when it names an IANA zone, else the zone the operating
        system is set to (/etc/localtime), else UTC."""
        import os

        for name in (os.environ.get("TZ", "").lstrip(":"), _local_zone_name()):
            if ((name and "/" in name) or name == "UTC") and is_zone(name):
                return name
        return "UTC"


def _local_zone_name() -> str:
    """The zone /etc/localtime links to (`.../zoneinfo/Europe/London`), if it does."""
    import os

    target = os.path.realpath("/etc/localtime")
    _, found, name = target.partition("/zoneinfo/")
    return name if found else ""


@frozen
class FixedClock:
    """A clock stopped at one moment (`--as-of`, tests)."""

    moment: pendulum.DateTime

    def now(self) -> pendulum.DateTime:
        return self.moment

    def zone(self) -> str:
        """The zone of the fixed moment: what a test says the system's zone is."""
        return self.moment.timezone_name or "UTC"
