"""`followup new` / `followup add`: edits keep comments, validate first, write atomically with a
.bak, print what changed, and leave the file byte-identical on any error."""

from __future__ import annotations

import hashlib
from pathlib import Path

import icalendar
import pendulum
import pytest
from click.testing import CliRunner

from followup.cli import cli
from followup.dates.clock import FixedClock
from followup.errors import InputError
from followup.events import load_events
from followup.record import Journal

NOW = FixedClock(pendulum.datetime(2026, 10, 7, 9, tz="Europe/London"))
PANEL = "acme-sre/thank-you-panel-lead/2026-10-06"

GRACE = (
    "{name: Grace Hopper, email: grace@acme.example, title: Director of Engineering, lead: true}"
)
STARTING = f"""\
# My job search - comments like this one survive every edit.
candidate: {{name: Ada Lovelace, timezone: Europe/London}}
applications:
  - id: acme-sre   # the SRE role
    company: Acme
    role: Site Reliability Engineer
    industry: technology
    recruiter: {{name: Sam Reed, email: sam@acme.example}}
    events:
      - type: interview
        at: 2026-10-06T10:00
        format: panel
        decision_by: 2026-10-13
        interviewers:
          - {GRACE}
          - {{name: Alan Turing, email: alan@acme.example}}
"""


def run(path: Path | None, *args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    where = ["--file", str(path)] if path is not None else []
    result = CliRunner().invoke(cli, [*args, *where], obj={"clock": NOW}, env=env)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def events(tmp_path: Path) -> Path:
    path = tmp_path / "events.yaml"
    path.write_text(STARTING)
    return path


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_thank_you_is_recorded_and_the_plan_change_is_shown(events: Path) -> None:
    code, out, err = run(events, "add", "thank-you", "acme-sre", "--to", "grace@acme.example")
    assert code == 0, err
    assert f"thank-you to Grace Hopper: due -> done  [{PANEL}]" in out
    text = events.read_text()
    assert text.startswith(STARTING)  # comments, order, flow style and long lines untouched
    assert "type: thank_you_sent" in text and "2026-10-07T09:00:00+01:00" in text
    assert (events.parent / "events.yaml.bak").read_text() == STARTING
    assert sorted(p.name for p in events.parent.iterdir()) == ["events.yaml", "events.yaml.bak"]


def test_the_bak_holds_the_version_before_the_last_edit(events: Path) -> None:
    assert run(events, "add", "thank-you", "acme-sre", "--to", "Grace Hopper")[0] == 0
    first = events.read_bytes()
    assert run(events, "add", "follow-up", "acme-sre")[0] == 0
    assert (events.parent / "events.yaml.bak").read_bytes() == first


def test_the_whole_loop_from_new_to_a_calendar_reminder(tmp_path: Path) -> None:
    """`followup new` to a recorded thank-you and a reminder for the follow-up, no hand edits."""
    path = tmp_path / "fresh" / "events.yaml"
    env = {"FOLLOWUP_EVENTS": str(path)}
    code, out, err = run(
        None,
        "new",
        "globex",
        "--company",
        "Globex",
        "--role",
        "Analyst",
        "--recruiter",
        "Sam Reed <sam@globex.example>",
        "--name",
        "Ada Lovelace",
        "--timezone",
        "Europe/London",
        env=env,
    )
    assert code == 0, err
    assert "tracking globex (Globex, Analyst)" in out
    code, out, err = run(
        None,
        "add",
        "interview",
        "globex",
        "--at",
        "2026-10-06T14:00",
        "--interviewer",
        "Hank Scorpio <hank@globex.example>",
        "--topic",
        "the data pipeline",
        env=env,
    )
    assert code == 0, err
    assert "thank-you to Hank Scorpio: due  [globex/thank-you-each-interviewer/" in out
    code, out, _ = run(None, "due", "--as-of", "2026-10-07T09:00", env=env)
    assert code == 0 and "DUE NOW" in out and "Hank Scorpio" in out
    action = "globex/thank-you-each-interviewer/2026-10-06/hank-scorpio"
    code, out, _ = run(None, "draft", action, "--as-of", "2026-10-07T09:00", env=env)
    assert code == 0 and "the data pipeline" in out
    code, out, _ = run(None, "add", "thank-you", "globex", "--to", "Hank Scorpio", env=env)
    assert code == 0 and f"thank-you to Hank Scorpio: due -> done  [{action}]" in out
    code, out, _ = run(None, "add", "reply", "globex", "--decision-by", "2026-10-20", env=env)
    assert code == 0
    assert "follow-up to Sam Reed: upcoming  [globex/follow-up-after-decision-date/" in out
    ics = tmp_path / "followups.ics"
    assert run(None, "ics", "--as-of", "2026-10-07T10:00", "-o", str(ics), env=env)[0] == 0
    reminders = list(icalendar.Calendar.from_ical(ics.read_bytes()).walk("VEVENT"))
    live = [t for t in reminders if str(t["STATUS"]) == "CONFIRMED"]
    assert any("follow-up-after-decision-date" in str(t["DESCRIPTION"]) for t in live)
    assert not any(action in str(t["DESCRIPTION"]) for t in live)  # done: cancelled
    load_events(path)  # still a valid events file


def test_a_new_file_is_valid_and_has_no_bak(tmp_path: Path) -> None:
    path = tmp_path / "e.yaml"
    code, _, err = run(path, "new", "x", "--company", "A", "--role", "B", "--name", "Ada")
    assert code == 0, err
    loaded = load_events(path)
    assert loaded.candidate.timezone == "Europe/London"  # the clock stands for the system
    assert loaded.applications[0].events == ()
    assert [p.name for p in tmp_path.iterdir()] == ["e.yaml"]


def test_an_interview_keeps_every_detail(events: Path) -> None:
    code, _, err = run(
        events,
        "add",
        "interview",
        "acme-sre",
        "--at",
        "2026-10-20T15:00",  # scheduled: an interview may be in the future
        "--round",
        "3",
        "--format",
        "video",
        "--interviewer",
        "Barbara Liskov <barbara@acme.example>",
        "--interviewer",
        "Edsger Dijkstra",
        "--lead",
        "edsger dijkstra",
        "--interviewer-timezone",
        "America/New_York",
        "--decision-by",
        "2026-10-27",
        "--topic",
        "chaos drills",
    )
    assert code == 0, err
    event = next(e for e in load_events(events).applications[0].events if e.round == 3)
    assert event.format == "video" and event.topics == ("chaos drills",)
    assert [(p.name, p.email, p.lead, p.timezone) for p in event.interviewers] == [
        ("Barbara Liskov", "barbara@acme.example", False, "America/New_York"),
        ("Edsger Dijkstra", None, True, "America/New_York"),
    ]
    assert event.decision_by == pendulum.datetime(2026, 10, 27, 17, tz="Europe/London")


def test_a_surname_that_is_not_the_last_word_is_recorded_for_the_greeting(
    events: Path,
) -> None:
    """G27: "Dear Dr. García López," for María José García López (a double surname), "Dear Mr.
    Wang," for Wang Wei (the family name first): `--surname` names words of one interviewer's
    name, in any case; the file keeps them as the name spells them, and the draft greets so."""
    code, _, err = run(
        events,
        *("add", "interview", "acme-sre", "--at", "2026-10-20T15:00", "--format", "panel"),
        *("--interviewer", "Dr. María José García López <mj@acme.example>"),
        *("--interviewer", "Mr. Wang Wei <wang@acme.example>", "--lead", "mj@acme.example"),
        *("--surname", "garcía  LÓPEZ", "--surname", "wang"),
    )
    assert code == 0, err
    event = next(e for e in load_events(events).applications[0].events if e.round == 2)
    assert [(p.name, p.given_surname, p.formal_name) for p in event.interviewers] == [
        ("María José García López", "García López", "Dr. García López"),
        ("Wang Wei", "Wang", "Mr. Wang"),
    ]
    action = "acme-sre/thank-you-panel-lead/2026-10-20"
    code, out, err = run(None, "draft", str(events), action, "--as-of", "2026-10-20T17:00")
    assert code == 0 and "\n\nDear Dr. García López,\n" in out, out + err
    assert "surname" not in err  # given, not guessed: nothing to check


def test_a_period_they_gave_is_written_as_the_date_it_ends(events: Path) -> None:
    """ "We will decide within two weeks", said at the interview on Thu 8 Oct (G21: wait until
    the end of the period): the file gets the date the period ends, Thu 22 Oct, which like any
    date alone means the end of that working day; the user is told the sum."""
    code, _, err = run(
        events,
        *("add", "interview", "acme-sre", "--at", "2026-10-08T14:00", "--decision-by", "2w"),
    )
    assert code == 0, err
    assert (
        "--decision-by 2w: the interview of Thu 8 Oct 2026 14:00 + 2w = Thu 22 Oct 2026; "
        "written as decision_by: 2026-10-22" in err
    )
    assert "decision_by: '2026-10-22'" in events.read_text()
    event = next(e for e in load_events(events).applications[0].events if e.round == 2)
    assert event.decision_by == pendulum.datetime(2026, 10, 22, 17, tz="Europe/London")


def test_a_period_in_hours_is_written_as_the_moment_it_ends(events: Path) -> None:
    # a reply on Wed 7 Oct 09:00 (now): "you will hear from us within 48 hours"
    code, _, err = run(events, "add", "reply", "acme-sre", "--decision-by", "48 hours")
    assert code == 0, err
    # the sum names the moment it ends, as written, not only the day
    assert (
        "--decision-by 48 hours: the reply of Wed 7 Oct 2026 09:00 + 48h = Fri 9 Oct 2026 09:00; "
        "written as decision_by: 2026-10-09T09:00:00+01:00" in err
    )
    reply = load_events(events).applications[0].events[-1]
    assert reply.decision_by == pendulum.datetime(2026, 10, 9, 9, tz="Europe/London")


def test_the_endings_are_recorded(events: Path) -> None:
    code, out, _ = run(events, "add", "rejected", "acme-sre", "--at", "2026-10-07T08:30")
    assert code == 0
    assert f"thank-you to Grace Hopper: due -> cancelled  [{PANEL}]" in out
    assert "gracious-reply to Sam Reed: due  [acme-sre/gracious-reply-to-rejection/" in out
    for verb, kind in [("offer", "offer_received"), ("withdrawn", "withdrawn")]:
        assert run(events, "add", verb, "acme-sre", "--at", "2026-10-07T08:45")[0] == 0
        assert f"type: {kind}" in events.read_text()


@pytest.mark.parametrize(
    "text",
    [
        "candidate:\n    name: Ada\n    timezone: Europe/London\napplications:\n"
        "-   id: acme   # four spaces, dashes flush\n    company: Acme\n    role: SRE\n"
        "    events:\n    -   type: interview\n        at: 2026-10-06T10:00\n",
        "candidate: {name: Ada, timezone: Europe/London}\napplications:\n- id: acme\n"
        "  company: Acme\n  role: SRE\n  events:\n  - type: interview\n"
        "    at: 2026-10-06T10:00  # two spaces\n",
    ],
)
def test_the_files_own_indentation_is_kept(tmp_path: Path, text: str) -> None:
    path = tmp_path / "e.yaml"
    path.write_text(text)
    assert run(path, "add", "follow-up", "acme")[0] == 0
    assert path.read_text().startswith(text)
    assert load_events(path).applications[0].events[-1].type == "follow_up_sent"


BAD_ARGUMENTS = [
    (["add", "follow-up", "acme-srx"], "no application 'acme-srx'; did you mean 'acme-sre'?"),
    (["add", "follow-up", "zzz"], "no application 'zzz'; known: acme-sre"),
    (
        ["add", "thank-you", "acme-sre", "--to", "Grace Hoper"],
        "--to 'Grace Hoper': not an interviewer or recruiter of acme-sre "
        "(Alan Turing, Grace Hopper, Sam Reed); did you mean 'Grace Hopper'?",
    ),
    (["add", "thank-you", "acme-sre", "--to", "bob@x.example"], "not an interviewer or recruiter"),
    (
        ["add", "follow-up", "acme-sre", "--at", "2026-12-01T10:00"],
        "--at 2026-12-01T10:00: that is in the future",
    ),
    (
        ["add", "reply", "acme-sre", "--at", "2026-13-01T10:00"],
        "--at: not a date-time: '2026-13-01T10:00'",
    ),
    (["add", "reply", "acme-sre", "--at", "yesterday"], "--at: not a date-time: 'yesterday'"),
    (
        ["add", "reply", "acme-sre", "--at", "2026-10-06"],
        "--at: needs a time as well as a date: '2026-10-06' (write e.g. 2026-10-06T10:00)",
    ),
    (
        ["add", "reply", "acme-sre", "--decision-by", "soon"],
        # a period is as good as a date: the error says both
        "--decision-by: not a date-time: 'soon' (write e.g. 2026-10-08T09:00), or the period "
        "they gave (2w, 10d, 1mo, 48h)",
    ),
    (
        ["add", "reply", "acme-sre", "--decision-by", "2026-10-01"],
        "--decision-by 2026-10-01: is before the reply itself (2026-10-01 < 2026-10-07)",
    ),
    (
        # how many calendar days five working days span depends on the employer's holidays
        ["add", "reply", "acme-sre", "--decision-by", "5bd"],
        "--decision-by 5bd: working days end on a date that depends on the employer's holidays",
    ),
    (
        ["add", "thank-you", "acme-sre", "--at", "2026-10-01T10:00"],
        "a thank_you_sent at 2026-10-01 10:00 would come before the first interview of "
        "acme-sre (2026-10-06 10:00); check --at",
    ),
    (
        ["add", "interview", "acme-sre", "--lead", "Nobody", "--interviewer", "Grace Hopper"],
        "--lead 'Nobody': not one of the --interviewer names or emails (Grace Hopper)",
    ),
    (
        [
            "add",
            "interview",
            "acme-sre",
            "--lead",
            "Hopper",
            "--interviewer",
            "Grace Hopper",
            "--interviewer",
            "Mary Hopper",
        ],
        "--lead 'Hopper': not exactly one of the --interviewer names or emails",
    ),
    (
        ["add", "interview", "acme-sre", "--interviewer", "Ann Lee", "--surname", "Smith"],
        "--surname 'Smith': not whole words of one of the --interviewer names (Ann Lee)",
    ),
    (
        ["add", "interview", "acme-sre", "--interviewer", "Ann Lee", "--surname", "Le"],
        "--surname 'Le': not whole words of one of the --interviewer names",  # a word, not part
    ),
    (
        [
            *("add", "interview", "acme-sre", "--interviewer", "Ana García Ruiz"),
            *("--interviewer", "Luis García Ortega", "--surname", "García"),
        ],
        "--surname 'García': not whole words of exactly one of the --interviewer names",
    ),
    (["add", "interview", "acme-sre", "--interviewer", "<x@y.example>"], "give a name as well"),
    (["add", "interview", "acme-sre", "--interviewer", "Grace <grace"], "write a person as"),
    (
        ["add", "interview", "acme-sre", "--interviewer", "G", "--interviewer-timezone", "Mars/X"],
        "--interviewer-timezone: unknown time zone 'Mars/X'",
    ),
    (
        ["add", "interview", "acme-sre", "--interviewer-timezone", "Europe/Paris"],
        "give the --interviewer names as well",
    ),
    (
        ["add", "interview", "acme-sre", "--at", "2026-10-08T10:00", "--decision-by", "2026-10-01"],
        "--decision-by 2026-10-01: is before the interview itself (2026-10-01 < 2026-10-08)",
    ),
    (
        [
            "add",
            "interview",
            "acme-sre",
            "--at",
            "2026-10-08T10:00",
            "--decision-by",
            "2026-10-08T09:30",
        ],
        "--decision-by 2026-10-08T09:30: is before the interview itself (2026-10-08 09:30 <"
        " 2026-10-08 10:00)",
    ),
    (["add", "follow-up", "acme-sre", "--policy", "nope"], "unknown policy 'nope'"),
    (["new", "acme-sre", "--company", "A", "--role", "B"], "application 'acme-sre' already exists"),
    (["new", "bad id", "--company", "A", "--role", "B"], "'bad id': use only letters, digits"),
    (
        ["new", "x", "--company", "A", "--role", "B", "--recruiter", "<sam@x.example>"],
        "give a name as well",
    ),
]


@pytest.mark.parametrize(("args", "message"), BAD_ARGUMENTS)
def test_bad_arguments_leave_the_file_byte_identical(
    events: Path, args: list[str], message: str
) -> None:
    before = digest(events)
    code, _, err = run(events, *args)
    assert code == 2, err
    assert err.count("\n") == 1 and message in err, err
    assert err.startswith("Error: ") and "Traceback" not in err
    assert digest(events) == before
    assert sorted(p.name for p in events.parent.iterdir()) == ["events.yaml"]


def test_an_event_before_any_interview_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "e.yaml"
    assert run(path, "new", "x", "--company", "A", "--role", "B", "--name", "Ada")[0] == 0
    before = digest(path)
    code, _, err = run(path, "add", "thank-you", "x")
    assert code == 2 and "x has no interview yet: record it first" in err
    assert digest(path) == before


def test_a_new_file_needs_a_name_and_a_real_zone(tmp_path: Path) -> None:
    code, _, err = run(tmp_path / "e.yaml", "new", "x", "--company", "A", "--role", "B")
    assert code == 2 and "needs your --name" in err
    code, _, err = run(
        tmp_path / "e.yaml", "new", "x", "--company", "A", "--role", "B", "--name", "Ada",
        "--timezone", "Europe/Lndon",
    )  # fmt: skip
    assert (
        code == 2
        and (
            "--timezone: unknown time zone 'Europe/Lndon'; use an IANA name such as Europe/London; "
            "did you mean 'Europe/London'?"
        )
        in err
    )
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("missing.yaml", None, "no such file (start one with `followup new`)"),
        ("e.json", '{"candidate": {"name": "A"}, "applications": []}', "only YAML events files"),
        ("e.yaml", "candidate: {name: A}\napplications:\n  - id: x\n", "e.yaml:3"),
        ("e.yaml", "candidate: [\n", "e.yaml"),
    ],
)
def test_a_file_that_cannot_be_edited_is_left_alone(
    tmp_path: Path, name: str, content: str | None, message: str
) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_text(content)
    code, _, err = run(path, "add", "follow-up", "x")
    assert code == 2 and err.count("\n") == 1 and message in err, err
    assert (path.read_text() if content is not None else None) == content
    assert [p.name for p in tmp_path.iterdir()] == ([name] if content is not None else [])


def test_a_file_changed_while_editing_is_not_overwritten(events: Path) -> None:
    journal = Journal.open(events)
    journal.add_event("acme-sre", {"type": "follow_up_sent", "at": "2026-10-07T09:00:00+01:00"})
    events.write_text(STARTING + "# edited meanwhile\n")
    with pytest.raises(InputError, match="changed while being edited"):
        journal.save()
    assert events.read_text() == STARTING + "# edited meanwhile\n"
    assert not (events.parent / "events.yaml.bak").exists()


def test_an_edit_the_events_checks_refuse_names_no_line(events: Path) -> None:
    journal = Journal.open(events)
    journal.add_event("acme-sre", {"type": "follow_up_sent", "at": "not a time"})
    with pytest.raises(InputError) as caught:
        journal.save()
    message = str(caught.value)
    assert message.startswith(f"{events}: not changed, the edit would be invalid: applications[0]")
    assert "not a date-time" in message
    assert events.read_text() == STARTING


def test_a_broken_policy_directory_does_not_lose_the_record(events: Path, tmp_path: Path) -> None:
    policies = tmp_path / "policies"
    policies.mkdir()
    (policies / "bad.yaml").write_text("policy: bad\nrules: 3\n")
    code, out, err = run(
        events, "add", "follow-up", "acme-sre", env={"FOLLOWUP_POLICY_DIR": str(policies)}
    )
    assert code == 0 and "recorded follow_up_sent" in out
    assert "Warning: recorded, but the plan could not be computed" in err
    assert "follow_up_sent" in events.read_text()


def test_the_policy_option_decides_what_is_shown(events: Path) -> None:
    code, out, _ = run(events, "add", "thank-you", "acme-sre", "--policy", "conservative")
    assert code == 0 and "thank-you to Grace Hopper: due -> done" in out


def test_the_default_file_comes_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from followup.record import default_events_path

    monkeypatch.setenv("FOLLOWUP_EVENTS", str(tmp_path / "mine.yaml"))
    assert default_events_path() == tmp_path / "mine.yaml"
    monkeypatch.delenv("FOLLOWUP_EVENTS")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert default_events_path() == tmp_path / "xdg" / "interview-followup" / "events.yaml"
    monkeypatch.delenv("XDG_DATA_HOME")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert default_events_path() == tmp_path / ".local/share/interview-followup/events.yaml"


def test_a_private_file_keeps_a_private_backup(events: Path) -> None:
    events.chmod(0o600)
    assert run(events, "add", "follow-up", "acme-sre")[0] == 0
    assert events.stat().st_mode & 0o777 == 0o600
    assert (events.parent / "events.yaml.bak").stat().st_mode & 0o777 == 0o600


def test_as_of_replays_a_past_day(events: Path) -> None:
    # The clock says 7 Oct 09:00; --as-of puts the user back at 6 Oct 18:00, when the note went.
    code, out, err = run(
        events,
        "add",
        "thank-you",
        "acme-sre",
        "--to",
        "Grace Hopper",
        "--as-of",
        "2026-10-06T18:00",
    )
    assert code == 0, err
    assert "at: '2026-10-06T18:00:00+01:00'" in events.read_text()  # the default --at
    assert f"thank-you to Grace Hopper: due -> done  [{PANEL}]" in out


def test_as_of_is_the_limit_for_events_that_already_happened(events: Path) -> None:
    before = digest(events)
    code, _, err = run(
        events,
        "add",
        "follow-up",
        "acme-sre",
        "--at",
        "2026-10-06T19:00",
        "--as-of",
        "2026-10-06T18:00",
    )
    assert (code, err) == (
        2,
        "Error: --at 2026-10-06T19:00: that is in the future; record events once they happen\n",
    )
    assert digest(events) == before


def test_an_unreadable_as_of_is_one_line_and_changes_nothing(events: Path) -> None:
    before = digest(events)
    code, _, err = run(events, "add", "follow-up", "acme-sre", "--as-of", "2026-13-01")
    assert (code, err) == (
        2,
        "Error: --as-of: not a date-time: '2026-13-01' (write e.g. 2026-10-08T09:00)\n",
    )
    assert digest(events) == before


def test_the_lead_is_named_as_people_say_it(tmp_path: Path) -> None:
    # "Director Grace Hopper" is recorded as written; --lead takes her name, surname or email
    events = tmp_path / "events.yaml"
    new = ["new", "acme", "--company", "Acme", "--role", "SRE", "--name", "Ada", "--file"]
    assert CliRunner().invoke(cli, [*new, str(events)]).exit_code == 0
    for lead in ("Grace Hopper", "grace@acme.example", "Hopper"):
        args = [
            "add",
            "interview",
            "acme",
            "--file",
            str(events),
            "--at",
            "2026-10-06T10:00",
            "--as-of",
            "2026-10-06T12:00",
            "--format",
            "panel",
            "--lead",
            lead,
            "--interviewer",
            "Director Grace Hopper <grace@acme.example>",
            "--interviewer",
            "Alan Turing <alan@acme.example>",
        ]
        result = CliRunner().invoke(cli, args)
        assert result.exit_code == 0, result.output
        text = events.read_text(encoding="utf-8")
        assert text.count("lead: true") == 1
        events.write_text(text.split("    events:")[0] + "    events: []\n", encoding="utf-8")


def test_a_coffee_chat_is_recorded_as_an_informal_interview(events: Path) -> None:
    # every format the events file takes can be recorded; under generic an informal meeting's
    # thank-you is due at the 48-hour mark (G15): Tue 6 Oct 16:00 -> Thu 8 Oct 16:00
    code, out, err = run(
        events,
        "add",
        "interview",
        "acme-sre",
        "--at",
        "2026-10-06T16:00",
        "--format",
        "informal",
        "--interviewer",
        "Barbara Liskov <barbara@acme.example>",
        "--policy",
        "generic",
    )
    assert code == 0, err
    event = next(e for e in load_events(events).applications[0].events if e.round == 2)
    assert event.format == "informal"
    line = (
        "thank-you to Barbara Liskov: due  [acme-sre/thank-you-informal/2026-10-06/barbara-liskov]"
    )
    assert line in out, out
