"""`formatting.moment_texts`: the ISO text of a moment written from tables (`_iso_written`) is
`isoformat`'s, for any date-time, fold and zone (named, fixed offsets with seconds or
microseconds, zones of local mean time, none), pendulum's or plain; its `when` is `when`'s."""

from __future__ import annotations

import datetime as dt

import pendulum
from hypothesis import example, given, settings
from hypothesis import strategies as st

from followup.dates import formatting
from followup.dates.zones import plain, zone_named

ZONES = (
    "Europe/London",
    "America/New_York",
    "Australia/Lord_Howe",  # a half-hour change
    "Asia/Kolkata",
    "Europe/Amsterdam",  # +00:19:32 before 1937
    "Africa/Monrovia",  # -00:44:30 before 1972
    "UTC",
)
FIXED = st.builds(
    dt.timezone,
    st.timedeltas(min_value=dt.timedelta(hours=-23, minutes=-59), max_value=dt.timedelta(hours=23)),
)


@settings(max_examples=500)
@given(
    wall=st.datetimes(min_value=dt.datetime(1, 1, 2), max_value=dt.datetime(9999, 12, 30)),
    zone=st.sampled_from(ZONES).map(zone_named) | FIXED | st.none(),
    fold=st.sampled_from((0, 1)),
    whole_seconds=st.booleans(),
    as_pendulum=st.booleans(),
)
@example(dt.datetime(2026, 10, 25, 1, 30), zone_named("Europe/London"), 1, True, False)
@example(dt.datetime(1900, 5, 1, 12, 0), zone_named("Europe/Amsterdam"), 0, True, False)
@example(dt.datetime(999, 5, 1, 12, 0), zone_named("UTC"), 0, True, False)
def test_the_iso_text_is_isoformat(
    wall: dt.datetime,
    zone: dt.tzinfo | None,
    fold: int,
    whole_seconds: bool,
    as_pendulum: bool,
) -> None:
    moment = wall.replace(tzinfo=zone, fold=fold)
    if whole_seconds:  # the plan's moments: the table's way (with microseconds, isoformat's)
        moment = moment.replace(microsecond=0)
    if as_pendulum and zone is not None:
        moment = pendulum.instance(plain(moment), tz=zone)
    expected = moment.isoformat()
    # twice: the first of an offset may be isoformat's, the second is the tables'
    assert formatting._iso_written(moment) == expected
    assert formatting._iso_written(moment) == expected
    assert formatting.moment_texts(moment) == (expected, formatting.when(moment))
