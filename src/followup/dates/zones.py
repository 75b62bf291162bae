"""Wall-clock times and instants in a time zone: the one daylight-saving convention.

A wall time (a date and a time of day, as a person reads a clock) becomes an instant in a
zone by the usual calendar convention (RFC 5545, java.time, Temporal's "compatible"): a time
the clocks go back over takes its first occurrence (`fold=0`), and a time in the hour they skip
moves forward by the length of the gap (02:30 on a night that jumps from 02:00 to 03:00 is
03:30). Everything in `followup.dates` that turns a wall time into an instant goes through
`localize` (docs/dates.md).
"""

from __future__ import annotations

import datetime as dt
import math
from functools import lru_cache
from typing import Final

import pendulum

Zone = pendulum.Timezone | pendulum.FixedTimezone
_ZONE_TYPES: Final = (
    pendulum.Timezone,
    pendulum.FixedTimezone,
)  # for isinstance: a tuple, made once
ZONE_TYPES: Final = _ZONE_TYPES
"""The types of pendulum's zones, whose name is their own (`zone_name` of any moment in one)."""
_NAMED: Final = pendulum.Timezone

_DAY: Final = dt.timedelta(days=1)
_UTC: Final = dt.UTC
_combine = dt.datetime.combine


def as_date(day: dt.date) -> dt.date:
    """The calendar date of a date or datetime, as a plain `datetime.date`."""
    if type(day) is dt.datetime:  # the plan's own moments: already a plain date
        return day.date()
    if isinstance(day, dt.datetime):
        day = day.date()
    return dt.date(day.year, day.month, day.day)


def zone_of(moment: dt.datetime) -> Zone:
    """The pendulum time zone of an aware datetime; ValueError for a naive one."""
    zone = moment.tzinfo
    if isinstance(zone, _ZONE_TYPES):
        return zone
    if zone is None:
        raise ValueError(f"{moment} has no time zone")
    found = pendulum.DateTime.instance(moment).timezone
    if found is None:  # pragma: no cover - pendulum converts every tzinfo it accepts
        raise ValueError(f"cannot use the time zone of {moment}")
    return found


def zone_name(moment: dt.datetime) -> str:
    """The name of an aware datetime's zone (`Europe/London`, `+01:00`), as pendulum's
    `timezone_name` gives it. A named zone's is its `key` (what pendulum's `name` property
    returns, read without its Python call)."""
    zone = moment.tzinfo
    if type(zone) is _NAMED:
        return zone.key
    return zone_of(moment).name


@lru_cache(maxsize=256)
def zone_named(name: str) -> Zone:
    """The time zone called `name` (an IANA name), looked up once (pendulum builds it afresh on
    every call, about 40 us); ValueError with a readable message."""
    try:
        return pendulum.timezone(name)
    except Exception:  # pendulum raises several types for unknown zones
        raise ValueError(
            f"{name!r} is not a time zone; use an IANA name such as Europe/London"
        ) from None


def is_zone(name: str) -> bool:
    """Whether `name` is a time zone `zone_named` knows (an IANA name such as Europe/London)."""
    try:
        zone_named(name)
    except ValueError:
        return False
    return True


def unknown_zone(name: str) -> str:
    """The one wording of a name that is no time zone (`is_zone`), with the closest IANA name
    whatever its case: the events file, the config file and the options say the same."""
    import zoneinfo

    from followup.errors import did_you_mean, quote

    by_fold = {z.casefold(): z for z in sorted(zoneinfo.available_timezones())}
    tip = did_you_mean(name.casefold(), by_fold)
    return f"unknown time zone {quote(name)}; use an IANA name such as Europe/London{tip}"


def in_zone(moment: dt.datetime, zone: Zone) -> dt.datetime:
    """An aware `moment` in `zone`, as a plain `datetime` (pendulum's `in_timezone` without its
    overhead: the date arithmetic of a plan works on plain datetimes, whose methods are C).
    Through UTC, so a reading that does not exist in `zone` (a wall time in a skipped hour,
    already tagged with `zone`) comes out as the wall time that does."""
    if type(moment) is not dt.datetime:  # a pendulum DateTime: its astimezone is Python
        moment = plain(moment)
    own = moment.tzinfo
    if type(own) is _NAMED and type(zone) is _NAMED:
        # What `astimezone` does, by the zones' own C methods: `astimezone` asks the zone for
        # `utcoffset` and `fromutc` by name, ~3,900 instructions a call and two calls here;
        # this way ~2,900 (~4,500 to another zone). The UTC reading, still tagged `own`:
        at = moment - own.utcoffset(moment)  # type: ignore[operator]  # a zone's: never None
        if own is not zone:
            at = _combine(at, at.time(), zone)  # not `replace(tzinfo=...)`: keywords cost more
        return zone.fromutc(at)
    return moment.astimezone(_UTC).astimezone(zone)


def plain(moment: dt.datetime) -> dt.datetime:
    """`moment` (a pendulum DateTime, say) as a plain `datetime`: the same reading, zone and
    fold (`timetz` keeps both; `combine`, unlike a constructor called with `fold=`, parses no
    keywords: ~400 instructions against ~2,000)."""
    return dt.datetime.combine(moment, moment.timetz())


def as_pendulum(moment: dt.datetime) -> pendulum.DateTime:
    """An aware `moment` as a pendulum DateTime in its own zone: the same reading and fold
    (for what people's input becomes: events, options, invitations)."""
    fields = (moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second)
    if moment.fold:  # the second of two readings: `fold` is a keyword only
        return pendulum.DateTime(*fields, moment.microsecond, tzinfo=zone_of(moment), fold=1)
    # By position: a C constructor parsing keywords costs ~2,000 instructions more.
    return pendulum.DateTime(*fields, moment.microsecond, zone_of(moment))


def utc(moment: dt.datetime) -> dt.datetime:
    """`moment` in UTC. Compare instants this way: Python compares two datetimes of the
    same zone by wall-clock reading, ignoring `fold`, which is wrong in a repeated hour."""
    if type(moment) is not dt.datetime:  # a pendulum DateTime: its astimezone is Python
        moment = plain(moment)
    return moment.astimezone(_UTC)


def wall_time(moment: dt.datetime) -> dt.datetime:
    """The local wall-clock reading of `moment`, as a naive stdlib datetime (its `fold` kept:
    naive datetimes compare without it, and `localize` sets its own)."""
    return dt.datetime.combine(moment, moment.time())


def _readings(wall: dt.datetime, zone: Zone) -> list[dt.datetime]:
    """The two UTC instants a wall time can mean: with the zone's offset before (fold=0)
    and after (fold=1) a transition. They are equal away from transitions."""
    return [wall.replace(tzinfo=zone, fold=fold).astimezone(_UTC) for fold in (0, 1)]


def instants_at(wall: dt.datetime, zone: Zone) -> list[dt.datetime]:
    """Every instant whose local wall-clock time in `zone` is `wall`, earliest first:
    one normally, two in a repeated (fall-back) hour, none in a skipped (spring) hour."""
    found = {utc for utc in _readings(wall, zone) if wall_time(utc.astimezone(zone)) == wall}
    return [in_zone(utc, zone) for utc in sorted(found)]


def _transition_between(low: dt.datetime, high: dt.datetime, zone: Zone) -> dt.datetime:
    """The instant `zone` changes its UTC offset between `low` and `high` (aware datetimes
    with different offsets in `zone`, at most one transition between them)."""
    after = high.astimezone(zone).utcoffset()
    lo, hi = math.floor(low.timestamp()), math.ceil(high.timestamp())
    while hi - lo > 1:  # transitions fall on whole seconds
        mid = (lo + hi) // 2
        if dt.datetime.fromtimestamp(mid, zone).utcoffset() == after:
            hi = mid
        else:
            lo = mid
    return in_zone(dt.datetime.fromtimestamp(hi, _UTC), zone)


def transitions_on(day: dt.date, zone: Zone) -> list[dt.datetime]:
    """The instant the clocks change on `day` in `zone`, if they do (at most one found).
    A midnight skipped by the change counts as the start of its day."""
    start = min(_readings(dt.datetime.combine(day, dt.time()), zone))
    end = min(_readings(dt.datetime.combine(day + _DAY, dt.time()), zone))
    if start.astimezone(zone).utcoffset() == end.astimezone(zone).utcoffset():
        return []
    return [_transition_between(start, end, zone)]


def localize(wall: dt.datetime, zone: Zone) -> dt.datetime:
    """`wall` (a naive date and time of day) in `zone`, by the one convention: `fold=0`, the
    first occurrence of a repeated time and, for a skipped time, the offset from before the
    jump, which moves it forward by the length of the gap."""
    if wall.fold:  # `combine` keeps the fold of the time it is given
        wall = wall.replace(fold=0)
    # Not `wall.replace(tzinfo=zone, fold=0)`: parsing its keywords costs ~5,500 instructions.
    return in_zone(dt.datetime.combine(wall, wall.time(), zone), zone)


def days_later(moment: dt.datetime, days: dt.timedelta) -> dt.datetime:
    """`moment`'s wall-clock time `days` later, in its zone, by the convention of `localize`:
    Python's aware arithmetic keeps the wall time (and gives fold=0), and going through UTC moves
    a skipped time forward (the same as `localize` of the shifted wall time, without building
    it)."""
    if type(moment) is not dt.datetime:  # a pendulum DateTime: its arithmetic is Python
        moment = plain(moment)
    moved = moment + days
    zone = moved.tzinfo
    if type(zone) is _NAMED:  # through UTC by the zone's own C methods (see `in_zone`)
        return zone.fromutc(moved - zone.utcoffset(moved))  # type: ignore[operator]
    return moved.astimezone(_UTC).astimezone(zone_of(moment))


def same_wall_time_on(start: dt.datetime, day: dt.date) -> dt.datetime:
    """`start`'s local wall-clock time on another `day`, in `start`'s zone."""
    wall = dt.datetime.combine(day, wall_time(start).time())
    return localize(wall, zone_of(start))


@lru_cache(maxsize=8192)
def at_wall(day: dt.date, clock: dt.time, zone: Zone) -> dt.datetime:
    """`clock` on `day` in `zone` (memoised: working windows ask for the same openings and
    closings again and again)."""
    return localize(dt.datetime.combine(day, clock), zone)


def local_time(
    year: int,
    month: int,
    day: int,
    hour: int,
    minute: int,
    second: int = 0,
    microsecond: int = 0,
    *,
    tz: str | pendulum.Timezone | pendulum.FixedTimezone,
) -> pendulum.DateTime:
    """`pendulum.datetime(...)` by the convention of `localize` (pendulum alone takes the
    second of two occurrences)."""
    zone = zone_named(tz) if isinstance(tz, str) else tz
    wall = dt.datetime(year, month, day, hour, minute, second, microsecond)
    return as_pendulum(localize(wall, zone))
