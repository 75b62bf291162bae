"""A policy whose send window never opens: refused when it is read, not when a plan searches."""

from __future__ import annotations

from followup.dates.windows import MAX_CLOSED_STRETCH, longest_closed_stretch
from followup.errors import Location, Problem
from followup.policy.model import Policy


def send_day_problems(policy: Policy) -> list[Problem]:
    """A `no-send-day` problem when weekends and holidays close the send window for more than
    MAX_CLOSED_STRETCH days in a row (`plan` would look ten years ahead and fail)."""
    settings = policy.settings
    window = settings.send_window
    if window is None:
        return []
    days, start = longest_closed_stretch(window, settings.calendar)
    if days <= MAX_CLOSED_STRETCH:
        return []
    origins = settings.origins
    loc = origins.get("holidays") or origins.get("send_window") or Location(policy.source)
    message = (
        f"the send window allows no day for {days} days in a row from {start} (weekends and "
        f"holidays.extra), more than the {MAX_CLOSED_STRETCH} a plan can look past"
    )
    return [Problem(loc, "no-send-day", message, field="settings.holidays")]
