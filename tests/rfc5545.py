"""RFC 5545's rules for the properties `followup ics` writes, checked on parsed output."""

from __future__ import annotations

from datetime import datetime, timedelta

import icalendar

_ONCE = {
    "VEVENT": ("UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "STATUS", "SEQUENCE", "TRANSP"),
    "VTODO": ("UID", "DTSTAMP", "DTSTART", "DUE", "SUMMARY", "STATUS", "SEQUENCE", "COMPLETED"),
    "VALARM": ("ACTION", "TRIGGER", "DESCRIPTION"),
}
_STATUSES = {
    "VEVENT": {"TENTATIVE", "CONFIRMED", "CANCELLED"},
    "VTODO": {"NEEDS-ACTION", "COMPLETED", "IN-PROCESS", "CANCELLED"},
}


def _utc(component: icalendar.cal.Component, name: str) -> datetime:
    value = component.decoded(name)
    assert isinstance(value, datetime) and value.utcoffset() == timedelta(0), (name, value)
    return value


def check(data: bytes) -> icalendar.Calendar:
    """Parse `data` and assert the rules; returns the calendar."""
    assert data.endswith(b"\r\n") and b"\n" not in data.replace(b"\r\n", b"")
    for line in data.split(b"\r\n"):
        assert len(line) <= 75, line  # 3.1: lines are folded at 75 octets
    calendar = icalendar.Calendar.from_ical(data)
    for name in ("PRODID", "VERSION"):
        assert data.count(f"\r\n{name}:".encode()) == 1, name
    for component in calendar.subcomponents:
        kind = component.name
        assert kind in ("VEVENT", "VTODO"), kind
        for name in _ONCE[kind]:
            assert not isinstance(component.get(name), list), f"{name} twice"
        for required in ("UID", "DTSTAMP", "DTSTART"):
            assert required in component, required
        assert str(component["STATUS"]) in _STATUSES[kind]
        sequence = component.decoded("SEQUENCE")
        assert isinstance(sequence, int) and sequence >= 0
        assert 0 <= int(component["PRIORITY"]) <= 9
        start = _utc(component, "DTSTART")
        _utc(component, "DTSTAMP")
        if kind == "VEVENT":
            assert not ("DTEND" in component and "DURATION" in component)
            if "DTEND" in component:
                assert _utc(component, "DTEND") > start  # 3.6.1: DTEND later than DTSTART
            assert str(component["TRANSP"]) in ("OPAQUE", "TRANSPARENT")
        else:
            assert not ("DUE" in component and "DURATION" in component)
            assert _utc(component, "DUE") >= start  # 3.8.2.3
            if "COMPLETED" in component:
                assert str(component["STATUS"]) == "COMPLETED"
                _utc(component, "COMPLETED")  # 3.8.2.1: in UTC
            if "PERCENT-COMPLETE" in component:
                assert 0 <= int(component["PERCENT-COMPLETE"]) <= 100
        for alarm in component.subcomponents:
            assert alarm.name == "VALARM"
            for name in _ONCE["VALARM"]:
                assert not isinstance(alarm.get(name), list), f"{name} twice"
            assert str(alarm["ACTION"]) == "DISPLAY"
            assert str(alarm.get("DESCRIPTION", ""))  # 3.6.6: DISPLAY needs DESCRIPTION
            trigger = alarm["TRIGGER"]
            assert isinstance(alarm.decoded("TRIGGER"), timedelta)
            if trigger.params.get("RELATED") == "END":  # 3.8.6.3: needs DTEND or DURATION
                assert "DTEND" in component or "DURATION" in component
    return calendar
