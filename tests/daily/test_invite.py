"""`followup add interview APP --from-ics invite.ics`: an invitation read into an interview."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pendulum
import pytest
from click.testing import CliRunner

from followup.cli import cli
from followup.dates.clock import FixedClock
from followup.errors import InputError
from followup.events import load_events
from followup.invite import read_invite, video_link

NOW = FixedClock(pendulum.datetime(2026, 10, 7, 9, tz="Europe/London"))


def invite(*lines: str) -> bytes:
    body = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//test//test//EN",
        "BEGIN:VEVENT",
        "UID:abc@example",
        *lines,
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return ("\r\n".join(body) + "\r\n").encode()


GOOGLE = invite(
    "DTSTART;TZID=America/New_York:20261006T100000",
    "DTEND;TZID=America/New_York:20261006T104500",
    "SUMMARY:Acme - Technical interview",
    "ORGANIZER;CN=Sam Reed:mailto:sam@acme.example",
    'ATTENDEE;CN="Hopper, Grace";ROLE=REQ-PARTICIPANT:mailto:grace@acme.example',
    "ATTENDEE;CN=Alan Turing:mailto:alan@acme.example",
    "ATTENDEE:mailto:katherine.johnson@acme.example",
    "ATTENDEE;CN=Ada Lovelace:mailto:ada@lovelace.example",
    "ATTENDEE;CUTYPE=ROOM;CN=Room 4:mailto:room4@acme.example",
    "LOCATION:Zoom",
    "DESCRIPTION:Join: https://acme.zoom.us/j/123456",
)


def test_a_google_invitation() -> None:
    found = read_invite(GOOGLE, "i.ics", me=["Ada Lovelace"], not_interviewers=["sam@acme.example"])
    assert found.start == pendulum.datetime(2026, 10, 6, 10, tz="America/New_York")
    assert found.zone == "America/New_York"
    assert found.length == timedelta(minutes=45)
    assert found.people == [
        {"name": "Grace Hopper", "email": "grace@acme.example"},
        {"name": "Alan Turing", "email": "alan@acme.example"},
        {"name": "Katherine Johnson", "email": "katherine.johnson@acme.example"},
    ]
    assert found.format == "video" and "zoom.us" in found.format_reason
    assert any("Katherine Johnson" in w and "no name" in w for w in found.warnings)
    assert any("recruiter" in w for w in found.warnings)


TEAMS = (
    "https://teams.microsoft.com/l/meetup-join/19%3ameeting_NjM0ZDk4%40thread.v2/0"
    "?context=%7b%22Tid%22%3a%2272f988bf%22%7d"
)


@pytest.mark.parametrize(
    ("text", "link"),
    [
        ("Join: https://acme.zoom.us/j/8501234?pwd=aBc1.1", "https://acme.zoom.us/j/8501234?pwd=aBc1.1"),
        ("Zoom: https://us02web.zoom.us/j/85012345678.", "https://us02web.zoom.us/j/85012345678"),
        (f"Microsoft Teams meeting\nJoin on your computer: {TEAMS}\nMeeting ID: 1", TEAMS),
        (f"Click here to join <{TEAMS}>", TEAMS),  # Outlook's plain text
        ("(https://meet.google.com/abc-defg-hij)", "https://meet.google.com/abc-defg-hij"),
        ("Meet at https://meet.google.com/abc-defg-hij, then", "https://meet.google.com/abc-defg-hij"),
        ("https://acme.webex.com/acme/j.php?MTID=m1234abcd!", "https://acme.webex.com/acme/j.php?MTID=m1234abcd"),
        # a port, a host in capitals, no path before the query, a host written with its root dot
        ("https://video.zoom.us:8443/j/123?pwd=x", None),
        ("HTTPS://ACME.ZOOM.US/J/123", None),
        ("https://meet.google.com?authuser=1", None),
        ("https://zoom.us./j/123", None),
        ('<a href="https://acme.webex.com/meet/grace">Join</a>', "https://acme.webex.com/meet/grace"),
        # no video: a look-alike host, an address at a video company, a plain web page
        ("https://notzoom.us/j/123", ""),
        ("https://zoom.us.evil.example/j/123", ""),
        ("Questions? write to recruiting@zoom.us", ""),
        ("https://acme.example/careers", ""),
        ("https://:8443/j/123", ""),
        ("https://[zoom.us/j/1 then https://zoom.us/j/2", "https://zoom.us/j/2"),  # not a crash
    ],
)  # fmt: skip
def test_video_links_as_invitations_write_them(text: str, link: str | None) -> None:
    """The link is found with a port, a query, in capitals, inside HTML or brackets, without the
    punctuation of the sentence around it (None: the text is the link); not on a look-alike."""
    expected = text if link is None else (link or None)
    assert video_link(text) == expected


@pytest.mark.parametrize(
    "address", ["@acme.example", "grace@", "g@acme@example", "<g@acme.example>"]
)
def test_an_attendee_whose_address_is_no_address_is_left_out(address: str) -> None:
    data = invite(
        "DTSTART;TZID=America/New_York:20261006T100000",
        "DTEND;TZID=America/New_York:20261006T104500",
        "ATTENDEE;CN=Alan Turing:mailto:alan@acme.example",
        f"ATTENDEE;CN=Grace Hopper:mailto:{address}",
    )
    found = read_invite(data, "i.ics", me=[], not_interviewers=[])
    assert found.people == [{"name": "Alan Turing", "email": "alan@acme.example"}]
    assert found.warnings == [f"ATTENDEE 'mailto:{address}': not an email address, left out"]


def test_utc_duration_phone_and_outlook_zone_names() -> None:
    found = read_invite(
        invite(
            "DTSTART:20261006T140000Z",
            "DURATION:PT30M",
            "LOCATION:+44 20 7946 0958",
            "ORGANIZER;CN=Grace Hopper:mailto:grace@acme.example",
        ),
        "i.ics",
    )
    assert found.start == pendulum.datetime(2026, 10, 6, 14, tz="UTC") and found.zone is None
    assert found.length == timedelta(minutes=30)
    assert found.format == "phone"
    outlook = read_invite(
        invite("DTSTART;TZID=Eastern Standard Time:20261006T100000", "DURATION:PT1H"), "i.ics"
    )
    assert outlook.zone == "America/New_York"
    assert outlook.format == "one_on_one"


def test_floating_time_and_missing_end_are_reported() -> None:
    found = read_invite(invite("DTSTART:20261006T100000"), "i.ics", timezone="Europe/London")
    assert found.start == pendulum.datetime(2026, 10, 6, 10, tz="Europe/London")
    assert any("no time zone" in w for w in found.warnings)
    assert any("no DTEND or DURATION" in w for w in found.warnings)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"hello", "not an iCalendar file"),
        (b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n", "no event"),
        (invite("DTSTART;VALUE=DATE:20261006"), "is a whole day"),
        (invite("SUMMARY:no start"), "no start"),
    ],
)
def test_unreadable_invitations_are_input_errors(data: bytes, message: str) -> None:
    with pytest.raises(InputError, match=message):
        read_invite(data, "i.ics")


EVENTS = """\
candidate: {name: Ada Lovelace, timezone: Europe/London, email: ada@lovelace.example}
applications:
  - id: acme-sre
    company: Acme
    role: Site Reliability Engineer
    industry: technology
    recruiter: {name: Sam Reed, email: sam@acme.example}
"""


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), obj={"clock": NOW})
    return result.exit_code, result.stdout, result.stderr


def test_add_interview_from_an_invitation(tmp_path: Path) -> None:
    events, ics = tmp_path / "events.yaml", tmp_path / "invite.ics"
    events.write_text(EVENTS)
    ics.write_bytes(GOOGLE)
    code, out, err = run(
        "add", "interview", "acme-sre", "--from-ics", str(ics), "--file", str(events)
    )
    assert code == 0, err
    assert "thank-you to Grace Hopper: due" in out
    assert "no name (CN); recorded as 'Katherine Johnson'" in err
    assert "format video (a video link in DESCRIPTION" in err
    text = events.read_text()
    assert "2026-10-06T10:00:00-04:00" in text  # the invitation's zone kept
    assert "ada@lovelace.example" not in text.split("events:")[1]  # not the candidate
    (interview,) = load_events(events).applications[0].events
    assert interview.format == "video"
    assert [p.name for p in interview.interviewers] == [
        "Grace Hopper",
        "Alan Turing",
        "Katherine Johnson",
    ]
    assert {p.timezone for p in interview.interviewers} == {"America/New_York"}
    assert interview.note == "invitation: Acme - Technical interview, 45 min"


def test_options_win_over_the_invitation(tmp_path: Path) -> None:
    events, ics = tmp_path / "events.yaml", tmp_path / "invite.ics"
    events.write_text(EVENTS)
    ics.write_bytes(GOOGLE)
    code, _, err = run(
        "add", "interview", "acme-sre", "--from-ics", str(ics), "--format", "panel",
        "--lead", "Alan Turing", "--at", "2026-10-06T16:00", "--file", str(events),
    )  # fmt: skip
    assert code == 0, err
    assert "--at 2026-10-06T16:00 given" in err
    (interview,) = load_events(events).applications[0].events
    assert interview.format == "panel" and interview.lead is not None
    assert interview.lead.name == "Alan Turing"  # type: ignore[union-attr]
    assert interview.at == pendulum.datetime(2026, 10, 6, 16, tz="Europe/London")


def test_a_bad_invitation_is_one_line_and_the_file_is_unchanged(tmp_path: Path) -> None:
    events, ics = tmp_path / "events.yaml", tmp_path / "invite.ics"
    events.write_text(EVENTS)
    ics.write_bytes(b"\xff\xfe not a calendar")
    code, out, err = run(
        "add", "interview", "acme-sre", "--from-ics", str(ics), "--file", str(events)
    )
    assert code == 2 and out == "" and err.count("\n") == 1, err
    assert events.read_text() == EVENTS
    code, _, err = run(
        "add",
        "interview",
        "acme-sre",
        "--from-ics",
        str(tmp_path / "none.ics"),
        "--file",
        str(events),
    )
    assert code == 2 and "no such file" in err


def test_the_invitation_s_end_is_recorded_and_the_thank_you_waits_for_it(tmp_path: Path) -> None:
    # GOOGLE: 10:00-10:45 New York = 15:00-15:45 London. At 15:30 London the interview is still
    # going on: the notes are coming up, from its end.
    events, ics = tmp_path / "events.yaml", tmp_path / "invite.ics"
    events.write_text(EVENTS)
    ics.write_bytes(GOOGLE)
    code, out, err = run(
        "add", "interview", "acme-sre", "--from-ics", str(ics), "--file", str(events),
        "--as-of", "2026-10-06T15:30",
    )  # fmt: skip
    assert code == 0, err
    assert "thank-you to Grace Hopper: upcoming" in out
    assert "ends: '2026-10-06T10:45:00-04:00'" in events.read_text()  # DTEND, in its own zone
    (interview,) = load_events(events).applications[0].events
    assert interview.ends == pendulum.datetime(2026, 10, 6, 10, 45, tz="America/New_York")
    code, out, _ = run("due", str(events), "--as-of", "2026-10-06T15:30")
    assert code == 0 and "DUE NOW" not in out
    assert "from Tue 6 Oct 15:45" in out


def test_an_invitation_s_duration_gives_the_end(tmp_path: Path) -> None:
    events, ics = tmp_path / "events.yaml", tmp_path / "invite.ics"
    events.write_text(EVENTS)
    ics.write_bytes(invite("DTSTART:20261006T140000Z", "DURATION:PT1H30M"))
    code, _, err = run(
        "add", "interview", "acme-sre", "--from-ics", str(ics), "--file", str(events)
    )
    assert code == 0, err
    (interview,) = load_events(events).applications[0].events
    assert interview.ends == pendulum.datetime(2026, 10, 6, 15, 30, tz="UTC")


def test_with_at_given_the_invitation_s_end_is_not_used_either(tmp_path: Path) -> None:
    events, ics = tmp_path / "events.yaml", tmp_path / "invite.ics"
    events.write_text(EVENTS)
    ics.write_bytes(GOOGLE)
    code, _, err = run(
        "add", "interview", "acme-sre", "--from-ics", str(ics), "--at", "2026-10-06T16:00",
        "--file", str(events),
    )  # fmt: skip
    assert code == 0, err
    assert "the invitation's start and end are not used" in err
    (interview,) = load_events(events).applications[0].events
    assert interview.ends is None


@pytest.mark.parametrize(
    ("ends", "written"),
    [
        ("11:30", "2026-10-06T11:30:00+01:00"),
        ("11:30:00", "2026-10-06T11:30:00+01:00"),  # seconds, as --at takes them
        ("2026-10-06T12:15", "2026-10-06T12:15:00+01:00"),
    ],
)
def test_ends_is_recorded_after_the_start(tmp_path: Path, ends: str, written: str) -> None:
    events = tmp_path / "events.yaml"
    events.write_text(EVENTS)
    code, _, err = run(
        "add", "interview", "acme-sre", "--at", "2026-10-06T10:00", "--ends", ends,
        "--file", str(events),
    )  # fmt: skip
    assert code == 0, err
    assert (
        f"        at: '2026-10-06T10:00:00+01:00'\n        ends: '{written}'\n"
        in events.read_text()
    )


@pytest.mark.parametrize(
    ("args", "zone"),
    [
        # --at in New York time: 23:30 is New York's too (90 minutes, not 20 hours 30)
        (["--at", "2026-10-06T22:00-04:00"], "America/New_York"),
        # --at in your time beside an invitation in New York's: 23:30 is yours, as --at is
        (["--at", "2026-10-06T22:00", "--from-ics", "invite.ics"], "Europe/London"),
    ],
)
def test_ends_is_read_in_the_zone_at_is_written_in(
    tmp_path: Path, args: list[str], zone: str
) -> None:
    events = tmp_path / "events.yaml"
    events.write_text(EVENTS)
    (tmp_path / "invite.ics").write_bytes(GOOGLE)
    args = [str(tmp_path / a) if a.endswith(".ics") else a for a in args]
    code, _, err = run(
        "add", "interview", "acme-sre", *args, "--ends", "23:30", "--file", str(events),
        "--as-of", "2026-10-08T09:00",
    )  # fmt: skip
    assert code == 0, err
    (interview,) = load_events(events).applications[0].events
    assert interview.ends == pendulum.datetime(2026, 10, 6, 23, 30, tz=zone)
    assert interview.ends - interview.at == timedelta(minutes=90)


@pytest.mark.parametrize(
    ("ends", "message"),
    [
        (
            "09:30",
            "Error: --ends 09:30: is not after the interview's start "
            "(2026-10-06 09:30 <= 2026-10-06 10:00)\n",
        ),
        (
            "2026-11-06T11:30",
            "Error: --ends 2026-11-06T11:30: is more than 3 days after the interview's start "
            "(2026-11-06 11:30, started 2026-10-06 10:00): check its date\n",
        ),
        ("noon", "Error: --ends: not a time: 'noon' (write e.g. 11:30 or 2026-10-08T09:00)\n"),
    ],
)
def test_a_wrong_ends_changes_nothing(tmp_path: Path, ends: str, message: str) -> None:
    events = tmp_path / "events.yaml"
    events.write_text(EVENTS)
    code, out, err = run(
        "add", "interview", "acme-sre", "--at", "2026-10-06T10:00", "--ends", ends,
        "--file", str(events),
    )  # fmt: skip
    assert (code, out, err) == (2, "", message)
    assert events.read_text() == EVENTS


def test_an_invitation_to_coffee_is_not_taken_for_an_informal_meeting(tmp_path: Path) -> None:
    """An invitation titled "Coffee with the design team" may be an informal meeting (002: the
    thank-you may wait until the 48-hour mark, G15), or a formal round held over coffee; only
    the candidate knows. Taken for informal wrongly, the thank-yous would slip from 24 to 48
    hours; a thank-you within 24 hours is never wrong (G11, G22). So the invitation's format
    stands (one interviewer in person: one_on_one) and stderr says what to write if it was
    informal; with --format given, nothing is said."""
    events, ics = tmp_path / "events.yaml", tmp_path / "invite.ics"
    events.write_text(EVENTS)
    ics.write_bytes(
        invite(
            "DTSTART;TZID=Europe/London:20261006T100000",
            "DTEND;TZID=Europe/London:20261006T110000",
            "SUMMARY:Coffee with the design team",
            "ORGANIZER;CN=Grace Hopper:mailto:grace@acme.example",
            "LOCATION:Kaffeehaus\\, 12 High Street",
        )
    )
    code, out, err = run(
        "add", "interview", "acme-sre", "--from-ics", str(ics), "--file", str(events)
    )
    assert code == 0, err
    assert (
        "recorded as one_on_one, though the title says 'Coffee' (Coffee with the design team): "
        "if it is an informal meeting, write `format: informal` in the events file" in err
    )
    assert "thank-you-each-interviewer" in out
    (interview,) = load_events(events).applications[0].events
    assert interview.format == "one_on_one"
    events.write_text(EVENTS)
    code, _, err = run(
        "add", "interview", "acme-sre", "--from-ics", str(ics), "--format", "informal",
        "--file", str(events),
    )  # fmt: skip
    assert code == 0, err
    assert "title says" not in err
    assert load_events(events).applications[0].events[0].format == "informal"
