"""Dates and times written for people: every format the outputs use, in one place.

English names through strftime (the C locale's names are the English ones), so the bytes do
not depend on pendulum's locale tables.
"""

from __future__ import annotations

import datetime as dt


def hh_mm(t: dt.time) -> str:
    """A time of day as HH:MM, with seconds only when it has some."""
    return f"{t:%H:%M:%S}" if t.second or t.microsecond else f"{t:%H:%M}"


def long_day(moment: dt.datetime, dated: bool) -> str:
    """`Saturday 3 Oct 10:00` (dated) or `Saturday 10:00`: pendulum's `dddd D MMM HH:mm` and
    `dddd HH:mm` in English, through strftime (the C locale's names are the English ones)."""
    if dated:
        return f"{moment:%A} {moment.day} {moment:%b %H:%M}"
    return f"{moment:%A %H:%M}"


def short_day(moment: dt.datetime) -> str:
    """`Sat 3 Oct 10:00`: pendulum's `ddd D MMM HH:mm` in English, through strftime."""
    return f"{moment:%a} {moment.day} {moment:%b %H:%M}"
