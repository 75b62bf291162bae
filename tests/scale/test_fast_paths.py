"""The shortcuts taken for speed give exactly what the general code gives."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import subprocess
import sys
from dataclasses import fields, replace
from pathlib import Path
from typing import Any

import pendulum
import pytest
import yaml
from hypothesis import example, given, settings
from hypothesis import strategies as st

from followup.actions import copied
from followup.api import plan
from followup.dates.reading import (
    DATE_ONLY_HOUR,
    in_supported_years,
    parse_as_of,
    parse_iso_minutes,
    parse_moment_text,
    read_moment,
)
from followup.dates.zones import as_pendulum, localize, zone_named
from followup.digest import sha256
from followup.events import load_events
from followup.source import OPENSSL_FROM, parse_document, text_digest
from paths import ROOT

ZONES = ("Europe/London", "America/New_York", "Australia/Sydney", "Asia/Kolkata", "UTC")


@st.composite
def iso_texts(draw: st.DrawFn) -> str:
    """Mostly valid ISO date-times, near DST changes, some impossible (31 June, hour 24)."""
    year = draw(st.sampled_from((2026, 2027, 2028)))
    month = draw(st.sampled_from((2, 3, 4, 6, 10, 11)))
    day = draw(st.integers(1, 31))
    hour, minute = draw(st.integers(0, 24)), draw(st.sampled_from((0, 1, 30, 59)))
    text = f"{year}-{month:02d}-{day:02d}{draw(st.sampled_from('T '))}{hour:02d}:{minute:02d}"
    if draw(st.booleans()):
        text += f":{draw(st.integers(0, 59)):02d}"
    offset = draw(st.sampled_from(("", "", "Z", "+00:00", "+01:00", "-05:00", "+05:30", "-00:00")))
    return text + offset


@settings(max_examples=500)
@given(text=iso_texts(), tz=st.sampled_from(ZONES))
def test_iso_shortcut_reads_like_pendulum(text: str, tz: str) -> None:
    fast = parse_iso_minutes(text, tz)
    try:
        slow = pendulum.parse(text, tz=tz, strict=False)
    except Exception:  # pendulum refuses it: so must the shortcut
        assert fast is None
        return
    assert isinstance(slow, pendulum.DateTime)
    if fast is None:  # declined: the general parser decides, nothing is lost
        return
    assert fast.in_timezone(tz) == slow.in_timezone(tz)
    assert fast.in_timezone(tz).isoformat() == slow.in_timezone(tz).isoformat()


@settings(max_examples=500)
@given(text=iso_texts(), tz=st.sampled_from(ZONES))
@example(text="2026-03-29T01:30", tz="Europe/London")  # a skipped hour
@example(text="2026-10-25T01:30", tz="Europe/London")  # a repeated hour
@example(text="2026-10-25T01:30+00:00", tz="Europe/London")  # its second reading, by offset
def test_a_moment_read_in_its_own_zone_is_not_converted_again(text: str, tz: str) -> None:
    """`read_moment` keeps a wall-clock time it read in `tz` as it is: converting it to `tz`
    again (as it did) gives the same reading, fold and zone."""
    fast = parse_iso_minutes(text, tz)
    if fast is None or not in_supported_years(fast):
        return
    moment, date_only = read_moment(text, tz)
    converted = fast.in_timezone(tz)
    assert not date_only
    assert (moment.isoformat(), moment.fold, moment.timezone_name) == (
        converted.isoformat(),
        converted.fold,
        converted.timezone_name,
    )


@settings(max_examples=300)
@given(
    day=st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2199, 12, 31)),
    zone=st.sampled_from(ZONES),
    shown=st.sampled_from(ZONES),
)
def test_date_alone_shortcut_reads_like_the_parser(day: dt.date, zone: str, shown: str) -> None:
    text = day.isoformat()
    try:
        parsed = parse_moment_text(text, zone)
    except ValueError:  # the parser refuses it (1900-01-01 east of UTC): so must the shortcut
        with pytest.raises(ValueError):
            read_moment(text, shown, date_timezone=zone)
        return
    wall = dt.datetime(parsed.year, parsed.month, parsed.day, DATE_ONLY_HOUR)
    expected = as_pendulum(localize(wall, zone_named(zone))).in_timezone(shown)
    moment, date_only = read_moment(text, shown, date_timezone=zone)
    assert date_only
    assert (moment, moment.isoformat(), moment.timezone_name) == (
        expected,
        expected.isoformat(),
        expected.timezone_name,
    )


def test_iso_shortcut_declines_what_it_does_not_know() -> None:
    for text in ("2026-02-30T10:00", "2026-13-01T10:00", "2026-10-06", "next tuesday", "10:00"):
        assert parse_iso_minutes(text, "Europe/London") is None
    taken = parse_iso_minutes("2026-03-29T01:30", "Europe/London")  # skipped by the clocks
    assert taken is not None and taken == pendulum.parse("2026-03-29T01:30", tz="Europe/London")


SCALARS = """\
plain: word
quoted: "two words"
single: 'it''s'
folded: >
  one
  two
literal: |
  keep
  lines
unicode: "caf\\u00e9 \\U0001F600"
number_like: "42"
int: 42
float: 1.5
bool: true
null_value: ~
list: [a, "b", 3, false]
"""


def test_strings_read_without_the_constructor_are_what_pyyaml_builds() -> None:
    assert parse_document(SCALARS, "s.yaml").value == yaml.safe_load(SCALARS)


def test_builtin_industries_read_without_loading_match_the_loaded_policies() -> None:
    from followup.planner import builtin_industries
    from followup.policy import builtin_names, load_policy

    found = builtin_industries()
    assert list(found) == list(builtin_names())
    for name, industries in found.items():
        assert industries == frozenset(load_policy(name).industries), name


def test_holiday_countries_from_the_registry_match_the_package_list() -> None:
    import holidays

    from followup.dates.holiday_data import _countries_from_package

    assert _countries_from_package() == frozenset(holidays.list_supported_countries())


def test_settling_events_read_whole_or_by_listed_positions_give_the_same_plan(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An application of a few events gives `_status` all its later events to read, a longer
    one only the positions listed per rule and recipients: every action of 300 synthetic
    applications (follow-ups over the limit, early follow-ups, booked rounds, rejections)
    comes out the same either way."""
    from followup import actions
    from followup.events import load_events
    from followup.planner import plan
    from followup.render.json_render import render_json_files

    sys.path.insert(0, str(ROOT / "benchmarks"))
    from synth import generate, write_document

    path = tmp_path / "apps.json"
    write_document(generate(300, 3), path)
    events = load_events(path, "apps.json")
    as_of = pendulum.datetime(2026, 11, 15, 9, tz=events.candidate.timezone)
    outputs = []
    for few in (0, 1_000_000):
        monkeypatch.setattr(actions, "_FEW_EVENTS", few)
        outputs.append(render_json_files([plan(events, as_of=as_of)], include_all=True))
    assert outputs[0] == outputs[1]
    assert '"status": "cancelled"' in outputs[0] and '"status": "done"' in outputs[0]


@given(st.binary(max_size=300))
def test_the_digest_without_openssl_is_hashlibs(data: bytes) -> None:
    assert sha256(data).hexdigest() == hashlib.sha256(data).hexdigest()
    kept = sha256()
    kept.update(data[:7])
    kept.update(data[7:])
    assert kept.hexdigest() == hashlib.sha256(data).hexdigest()


@pytest.mark.parametrize("size", [0, OPENSSL_FROM - 1, OPENSSL_FROM, OPENSSL_FROM + 4099])
def test_a_files_digest_is_the_same_from_either_library(size: int) -> None:
    # From OPENSSL_FROM bytes on, a file is hashed by hashlib; below, by CPython's own module.
    data = bytes(range(256)) * (size // 256) + b"x" * (size % 256)
    assert text_digest(data) == sha256(data).hexdigest() == hashlib.sha256(data).hexdigest()


def test_a_plan_does_not_load_openssl(tmp_path: Path) -> None:
    """Importing hashlib loads libcrypto (about 3 ms of a one-application plan's start-up)."""
    events = tmp_path / "events.json"
    events.write_text(json.dumps({"candidate": {"name": "Ada"}, "applications": []}), "utf-8")
    script = (
        "import sys\nfrom followup.cli import main\n"
        f"sys.argv = ['followup', 'plan', {str(events)!r}, '--format', 'json',"
        " '--as-of', '2026-10-07T09:00']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print('hashlib' in sys.modules, '_hashlib' in sys.modules, file=sys.stderr)"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.stderr.strip() == "False False", done.stderr
    digest = hashlib.sha256(events.read_bytes()).hexdigest()
    assert json.loads(done.stdout)["events_files"][0]["sha256"] == digest


def test_a_copied_action_is_what_dataclasses_replace_makes() -> None:
    # `copied` stands in for dataclasses.replace on the hot path: every field, in its order.
    events = load_events(ROOT / "examples" / "tech-panel.yaml")
    actions = plan(events, as_of=parse_as_of("2026-10-07T09:00", "Europe/London")).actions
    assert actions
    for action in actions:
        copy = copied(action)
        assert copy is not action
        assert all(getattr(copy, f.name) is getattr(action, f.name) for f in fields(action))
        copy.id = "changed"
        assert action.id != "changed" and copy == replace(action, id="changed")


def test_plan_writer_writes_each_action_as_the_document_writer_writes_its_dict(
    tmp_path: Path,
) -> None:
    """`plan --format json` writes each action's text directly (`action_json`, a rule's parts
    written once); `action_to_dict` written by `json.dumps` is the contract: every action of
    every status, of every example and of 300 synthetic applications, the same text both ways."""
    from followup.planner import plan
    from followup.render.json_render import action_json, action_to_dict

    sys.path.insert(0, str(ROOT / "benchmarks"))
    from synth import generate, write_document

    write_document(generate(300, 5), tmp_path / "apps.json")
    files = [(tmp_path / "apps.json", "2026-11-15T09:00")]
    files += [(p, "2026-10-07T09:00") for p in sorted((ROOT / "examples").glob("*.yaml"))]
    statuses, covers = set(), 0
    for path, as_of in files:
        for action in plan(load_events(path), as_of=parse_as_of(as_of, "UTC")).actions:
            written = json.dumps(action_to_dict(action), indent=2, ensure_ascii=False)
            assert action_json(action) == written.replace("\n", "\n    ")
            statuses.add(action.status)
            covers += bool(action.covers)
    assert len(statuses) >= 4 and covers  # done, cancelled, open ones; merged messages


@settings(max_examples=300)
@given(
    minutes=st.integers(0, 3 * 366 * 1440),
    fold=st.sampled_from((0, 1)),
    zone=st.sampled_from((*ZONES, "America/Sao_Paulo")),
)
def test_plain_and_localize_without_keywords_give_what_the_keyword_calls_gave(
    minutes: int, fold: int, zone: str
) -> None:
    """`plain` and `localize` build datetimes by `datetime.combine` (C parses no keywords):
    the same reading, zone, fold and type as the constructor with `fold=` and
    `replace(tzinfo=zone, fold=0)` gave, around every change of the clocks of 2026-2028."""
    from followup.dates.zones import in_zone, localize, plain

    tz = zone_named(zone)
    wall = (dt.datetime(2026, 1, 1) + dt.timedelta(minutes=minutes)).replace(fold=fold)
    expected = in_zone(wall.replace(tzinfo=tz, fold=0), tz)
    got = localize(wall, tz)
    assert (got.isoformat(), got.tzinfo, got.fold, type(got)) == (
        expected.isoformat(),
        expected.tzinfo,
        expected.fold,
        dt.datetime,
    )
    moment = as_pendulum(wall.replace(tzinfo=tz))
    copy = plain(moment)
    assert type(copy) is dt.datetime
    assert (copy.isoformat(), copy.tzinfo, copy.fold) == (
        moment.isoformat(),
        moment.tzinfo,
        moment.fold,
    )


@given(
    st.datetimes(
        min_value=dt.datetime(1990, 1, 1),
        max_value=dt.datetime(2100, 12, 31),
    ),
    st.sampled_from((*ZONES, "Australia/Lord_Howe", "+05:30", "-03:30", "Z")),
    st.integers(0, 1),
)
@example(dt.datetime(2026, 10, 25, 1, 30), "Europe/London", 1)  # the repeated hour, second time
@example(dt.datetime(2026, 3, 29, 1, 30), "Europe/London", 0)  # a skipped hour
@example(dt.datetime(2026, 11, 1, 1, 30, 0, 999_999), "America/New_York", 0)
def test_a_facts_stamp_is_timestamp(wall: dt.datetime, zone: str, fold: int) -> None:
    # `facts.stamp` goes through a plain datetime: the same float as `timestamp()` for a
    # pendulum DateTime in a named zone (either fold, in a gap) or at a fixed offset.
    from followup.facts import stamp

    if zone[0] in "+-Z":
        seconds = 0 if zone == "Z" else int(zone[:3]) * 3600 + int(zone[0] + zone[4:]) * 60
        tz: dt.tzinfo = pendulum.FixedTimezone(seconds)
    else:
        tz = zone_named(zone)
    fields_ = (wall.year, wall.month, wall.day, wall.hour, wall.minute, wall.second)
    moment = pendulum.DateTime(*fields_, wall.microsecond, tzinfo=tz, fold=fold)
    assert stamp(moment) == moment.timestamp()
    assert stamp(dt.datetime.combine(moment, moment.timetz())) == moment.timestamp()


def test_whole_days_across_a_dst_change_count_elapsed_time() -> None:
    # London's clocks go back on 2026-10-25: 09:00 on the 24th to 08:30 on the 25th reads 23.5
    # hours apart but 24.5 hours pass; forward on 2026-03-29: 09:30 to 10:15 next day reads
    # 24.75 hours but 23.75 pass. Whole days count what passes.
    from followup.facts import _as_of_stamp, stamp, whole_days

    london = zone_named("Europe/London")
    before = pendulum.DateTime(2026, 10, 24, 9, 0, tzinfo=london)
    after = pendulum.DateTime(2026, 10, 25, 8, 30, tzinfo=london)  # 24 h 30 min later
    assert whole_days(stamp(before), stamp(after)) == 1
    spring = pendulum.DateTime(2026, 3, 28, 9, 30, tzinfo=london)
    next_day = pendulum.DateTime(2026, 3, 29, 10, 15, tzinfo=london)
    assert whole_days(stamp(spring), stamp(next_day)) == 0
    assert _as_of_stamp(after) == after.timestamp()
    assert _as_of_stamp(before) == before.timestamp()  # another moment: not the last one's
    assert _as_of_stamp(before) == before.timestamp()


@settings(max_examples=300)
@given(
    start=st.datetimes(min_value=dt.datetime(1, 1, 1), max_value=dt.datetime(9999, 12, 30)),
    length=st.none() | st.timedeltas(min_value=dt.timedelta(0), max_value=dt.timedelta(days=2)),
    kind=st.sampled_from(("interview", "follow_up_sent", "offer_received")),
    zone=st.sampled_from(ZONES),
)
def test_an_events_phrase_is_written_as_by_format_specs(
    start: dt.datetime, length: dt.timedelta | None, kind: str, zone: str
) -> None:
    # `Event.describe` and an action id's date write `%Y-%m-%d %H:%M` from a table of two-digit
    # texts (`formatting.TWO_DIGITS`): the same text as five format specs, years under 1000 too.
    from followup.dates.formatting import TWO_DIGITS, year_text
    from followup.events import Event

    at = pendulum.instance(start.replace(second=0, microsecond=0), tz=zone)
    ends = at + length if length is not None and start.year < 9999 else None
    event: Any = Event.__new__(Event)
    event.type, event.at, event.ends, event.round, event.format = kind, at, ends, 2, "panel"
    when = f"{at.year:04d}-{at.month:02d}-{at.day:02d} {at.hour:02d}:{at.minute:02d}"
    if kind == "interview":
        if ends is not None:
            day = f"{ends.year:04d}-{ends.month:02d}-{ends.day:02d} "
            when += f"-{'' if ends.date() == at.date() else day}{ends.hour:02d}:{ends.minute:02d}"
        expected = f"interview round 2 (panel) {when}"
    else:
        expected = f"{kind} {when}"
    assert event.describe() == expected
    assert year_text(at.year) == f"{at.year:04d}"
    assert TWO_DIGITS[at.month] + TWO_DIGITS[at.minute] == f"{at.month:02d}{at.minute:02d}"
