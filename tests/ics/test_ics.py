"""Calendar export: one VTODO per open action, stable UIDs, exact times, deterministic bytes."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from functools import cache
from pathlib import Path

import icalendar
import pendulum
import pytest

import rfc5545
from followup import api
from followup.actions import Action
from followup.atomic import write_atomically
from followup.errors import InputError
from followup.events import Person, load_events
from followup.ics import build_calendar, sequence_for, uid_for
from paths import ROOT

STAMP = "2026-10-06T12:00:00+01:00"
AS_OF = pendulum.instance(datetime.fromisoformat(STAMP))
EXAMPLE = ROOT / "examples" / "tech-panel.yaml"
GRACE = Person("Grace Hopper", "grace@acme.example")
ALAN = Person("Alan Turing", "alan@acme.example")


@cache
def planned() -> Action:
    """A thank-you of a real plan: the actions below are this one with other ids and times."""
    plan = api.plan(load_events(EXAMPLE), as_of=AS_OF)
    return next(a for a in plan.actions if a.id == "acme-sre/thank-you-panel-lead/2026-10-06")


def moment(text: str) -> pendulum.DateTime:
    return pendulum.instance(datetime.fromisoformat(text))


def make_action(
    action_id: str,
    *,
    status: str = "due",
    not_before: str = "2026-10-06T10:00:00+01:00",
    due_by: str = "2026-10-07T10:00:00+01:00",
    kind: str = "thank_you",
    channel: str = "email",
) -> Action:
    base = planned()
    rule = replace(base.rule, action=replace(base.rule.action, kind=kind))
    return replace(
        base,
        id=action_id,
        rule=rule,
        channel=channel,
        to=(GRACE,),
        cc=(ALAN,),
        not_before=moment(not_before),
        due_by=moment(due_by),
        status=status,
    )


def actions() -> list[Action]:
    return [
        make_action("acme-sre/thank-you/2026-10-06/grace-hopper"),
        make_action(
            "acme-sre/follow-up/2026-10-19/grace-hopper",
            kind="follow_up",
            channel="phone",
            status="overdue",
            not_before="2026-10-19T09:00:00-04:00",
            due_by="2026-10-20T17:00:00-04:00",
        ),
        make_action("acme-sre/thank-you/2026-10-06/alan-turing", status="done"),
        make_action("acme-sre/ask-timeline/2026-10-07/grace-hopper", status="cancelled"),
        make_action(
            "acme-sre/keep-in-touch/2026-10-01/grace-hopper",
            kind="keep_in_touch",
            status="upcoming",
            not_before="2026-10-01T08:00:00Z",
            due_by="2026-10-08T08:00:00Z",
        ),
    ]


def todos(data: bytes) -> list[icalendar.cal.Component]:
    calendar = icalendar.Calendar.from_ical(data)
    found: list[icalendar.cal.Component] = calendar.walk("VTODO")
    return found


def test_one_todo_per_action_sorted_by_start() -> None:
    found = todos(build_calendar(actions(), as_of=AS_OF, todo=True))
    ids = [str(todo["DESCRIPTION"]).rsplit("Action: ", 1)[1] for todo in found]
    assert ids == [
        "acme-sre/keep-in-touch/2026-10-01/grace-hopper",
        "acme-sre/ask-timeline/2026-10-07/grace-hopper",
        "acme-sre/thank-you/2026-10-06/alan-turing",
        "acme-sre/thank-you/2026-10-06/grace-hopper",
        "acme-sre/follow-up/2026-10-19/grace-hopper",
    ]
    assert [str(t["STATUS"]) for t in found] == [
        "NEEDS-ACTION",
        "CANCELLED",
        "COMPLETED",
        "NEEDS-ACTION",
        "NEEDS-ACTION",
    ]


@pytest.mark.parametrize(
    ("closed", "status"),
    [("done", "COMPLETED"), ("cancelled", "CANCELLED"), ("dismissed", "CANCELLED")],
)
def test_closed_actions_are_completed_or_cancelled(closed: str, status: str) -> None:
    action = make_action("a", status=closed)
    sent = next(e for e in action.application.events if e.type == "thank_you_sent")
    action = replace(action, done_by=replace(sent, at=moment("2026-10-06T18:00:00+01:00")))
    (todo,) = todos(build_calendar([action], as_of=AS_OF, todo=True))
    assert str(todo["STATUS"]) == status
    assert int(todo["SEQUENCE"]) == sequence_for(action, AS_OF)
    assert sequence_for(action, AS_OF) == sequence_for(make_action("a"), AS_OF) + 2
    if status == "COMPLETED":
        assert todo.decoded("COMPLETED") == datetime.fromisoformat("2026-10-06T17:00:00+00:00")
        assert int(todo["PERCENT-COMPLETE"]) == 100
    else:
        assert "COMPLETED" not in todo


def test_times_equal_the_actions_times() -> None:
    by_uid = {str(t["UID"]): t for t in todos(build_calendar(actions(), as_of=AS_OF, todo=True))}
    for action in actions():
        if action.status in {"done", "cancelled"}:
            continue
        todo = by_uid[uid_for(action.id)]
        start, due = todo["DTSTART"].dt, todo["DUE"].dt
        assert start.tzinfo is not None and due.tzinfo is not None
        assert start == action.not_before
        assert due == action.due_by
        assert todo["DTSTAMP"].dt == datetime.fromisoformat(STAMP)


def test_uid_stable_and_distinct() -> None:
    first = [str(t["UID"]) for t in todos(build_calendar(actions(), as_of=AS_OF, todo=True))]
    second = [str(t["UID"]) for t in todos(build_calendar(actions(), as_of=AS_OF, todo=True))]
    assert first == second
    assert len(set(first)) == len(first)
    assert all(uid.endswith("@interview-followup") for uid in first)
    assert uid_for("a/b") == uid_for("a/b") != uid_for("a/c")


def test_output_is_byte_identical_and_independent_of_input_order() -> None:
    data = build_calendar(actions(), as_of=AS_OF, todo=True)
    assert build_calendar(actions(), as_of=AS_OF, todo=True) == data
    assert build_calendar(list(reversed(actions())), as_of=AS_OF, todo=True) == data


def test_stamp_changes_output() -> None:
    other = moment("2026-10-07T12:00:00+01:00")
    assert build_calendar(actions(), as_of=AS_OF, todo=True) != build_calendar(
        actions(), as_of=other, todo=True
    )


def test_todo_fields() -> None:
    data = build_calendar(actions(), as_of=AS_OF, todo=True)
    calendar = icalendar.Calendar.from_ical(data)
    assert str(calendar["X-WR-CALNAME"]) == "Interview follow-ups"
    found = {str(t["UID"]): t for t in calendar.walk("VTODO")}
    thanks = found[uid_for("acme-sre/thank-you/2026-10-06/grace-hopper")]
    call = found[uid_for("acme-sre/follow-up/2026-10-19/grace-hopper")]
    assert str(thanks["SUMMARY"]) == "Thank-you note to Grace Hopper — Acme"
    assert str(call["SUMMARY"]) == "Follow-up call to Grace Hopper — Acme"
    assert str(thanks["STATUS"]) == "NEEDS-ACTION"
    assert int(call["PRIORITY"]) < int(thanks["PRIORITY"])
    assert thanks["CATEGORIES"].cats == ["thank_you"]
    description = str(thanks["DESCRIPTION"])
    rule = planned().rule
    for part in (
        "To: Grace Hopper <grace@acme.example>",
        "Cc: Alan Turing <alan@acme.example>",
        "What: Send a thank-you note by email to Grace Hopper <grace@acme.example>",
        f"Because: {rule.because}",
        f"Guidelines: {', '.join(rule.cites)}",
        f"Rule: {rule.id} ({rule.source})",
        "Action: acme-sre/thank-you/2026-10-06/grace-hopper",
    ):
        assert part in description


def test_titles_name_the_company_and_everyone_addressed() -> None:
    action = replace(make_action("x/y"), to=(GRACE, ALAN, Person("Sam Reed")))
    (todo,) = todos(build_calendar([action], as_of=AS_OF, todo=True))
    assert str(todo["SUMMARY"]) == "Thank-you note to Grace Hopper, Alan Turing and Sam Reed — Acme"
    nobody = replace(action, to=())
    (todo,) = todos(build_calendar([nobody], as_of=AS_OF, todo=True))
    assert str(todo["SUMMARY"]) == "Thank-you note — Acme"


def test_atomic_write_replaces_and_leaves_no_temp_files(tmp_path: Path) -> None:
    target = tmp_path / "plan.ics"
    target.write_bytes(b"old")
    data = build_calendar(actions(), as_of=AS_OF, todo=True)
    write_atomically(target, data, overwrite=True)
    assert target.read_bytes() == data
    assert [p.name for p in tmp_path.iterdir()] == ["plan.ics"]


def test_failed_write_is_an_input_error_and_leaves_nothing(tmp_path: Path) -> None:
    target = tmp_path / "plan.ics"
    target.mkdir()  # a directory cannot be replaced by a file
    with pytest.raises(InputError, match=r"plan\.ics: not a regular file"):
        write_atomically(target, b"data")
    assert [p.name for p in tmp_path.iterdir()] == ["plan.ics"]
    assert target.is_dir()


def test_write_into_missing_directory_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"plan\.ics: cannot write: "):
        write_atomically(tmp_path / "nope" / "plan.ics", b"data")


def events(data: bytes) -> list[icalendar.cal.Component]:
    found: list[icalendar.cal.Component] = icalendar.Calendar.from_ical(data).walk("VEVENT")
    return found


def test_events_with_alarms_by_default_and_rfc_5545_rules() -> None:
    data = build_calendar(actions(), as_of=AS_OF)
    rfc5545.check(data)
    found = {str(e["UID"]): e for e in events(data)}
    assert len(found) == 5 and not todos(data)
    thanks = found[uid_for("acme-sre/thank-you/2026-10-06/grace-hopper")]
    assert thanks.decoded("DTSTART") == datetime.fromisoformat("2026-10-06T09:00:00+00:00")
    assert thanks["DTSTART"].to_ical() == b"20261006T090000Z"
    assert thanks.decoded("DTEND") == datetime.fromisoformat("2026-10-07T09:00:00+00:00")
    assert str(thanks["STATUS"]) == "CONFIRMED" and str(thanks["TRANSP"]) == "TRANSPARENT"
    opening, closing = thanks.walk("VALARM")
    assert opening.decoded("TRIGGER") == timedelta(0)
    assert closing.decoded("TRIGGER") == -timedelta(hours=2)
    assert closing["TRIGGER"].params["RELATED"] == "END"
    for closed in (
        "acme-sre/thank-you/2026-10-06/alan-turing",
        "acme-sre/ask-timeline/2026-10-07/grace-hopper",
    ):
        event = found[uid_for(closed)]
        assert str(event["STATUS"]) == "CANCELLED" and not event.walk("VALARM")


def test_an_instant_window_has_no_dtend_and_one_alarm() -> None:
    at = "2026-10-06T10:00:00+01:00"
    data = build_calendar([make_action("x/y", not_before=at, due_by=at)], as_of=AS_OF)
    rfc5545.check(data)
    (event,) = events(data)
    assert "DTEND" not in event and len(event.walk("VALARM")) == 1


def test_to_dos_follow_rfc_5545_too() -> None:
    rfc5545.check(build_calendar(actions(), as_of=AS_OF, todo=True))
