"""End to end, through the CLI only: a month of a job search (issue 13).

new, new --applied, add interview --from-ics, import mail (--apply, twice), done, dismiss, snooze,
status and ics re-exports, each on its own day; at each step the status board and the calendar
are checked, every export against RFC 5545's rules, and the same day's export is byte-identical.
"""

from __future__ import annotations

import json
import mailbox
from email.message import EmailMessage
from pathlib import Path

import icalendar
import pendulum
import pytest
from click.testing import CliRunner

import rfc5545
from followup.cli import cli
from followup.dates.clock import FixedClock
from followup.ics import uid_for
from paths import ROOT

EXAMPLES = ROOT / "examples"
TZ = "Europe/London"
GRACE = "acme-sre/thank-you-each-interviewer/2026-10-06/grace-hopper"
ALAN = "acme-sre/thank-you-each-interviewer/2026-10-06/alan-turing"
SAM = "acme-sre/thank-you-recruiter/2026-10-06"
CHASER = "globex/follow-up-after-applying/2026-10-01"

INVITE = """\
BEGIN:VCALENDAR\r
VERSION:2.0\r
PRODID:-//Google Inc//Google Calendar 70.9054//EN\r
METHOD:REQUEST\r
BEGIN:VEVENT\r
UID:acme-interview@google.com\r
DTSTART;TZID=Europe/London:20261006T100000\r
DURATION:PT1H\r
SUMMARY:Acme - Technical interview\r
ORGANIZER;CN=Sam Reed:mailto:sam@acme.example\r
ATTENDEE;CN=Grace Hopper:mailto:grace@acme.example\r
ATTENDEE;CN=Alan Turing:mailto:alan@acme.example\r
ATTENDEE;CN=Ada Lovelace:mailto:ada@lovelace.example\r
LOCATION:https://meet.google.com/abc-defg-hij\r
END:VEVENT\r
END:VCALENDAR\r
"""


def mail(sender: str, to: str, subject: str, date: str, body: str, mid: str) -> EmailMessage:
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = sender, to, subject
    message["Date"], message["Message-ID"] = date, mid
    message.set_content(body)
    return message


ADA = "Ada Lovelace <ada@lovelace.example>"
FIRST_MAILS = [
    mail(ADA, "Grace Hopper <grace@acme.example>", "Thank you", "Tue, 06 Oct 2026 17:00:00 +0100",
         "Thank you for the conversation about on-call.", "<thanks-grace@lovelace>"),
]  # fmt: skip
LATER_MAILS = [
    *FIRST_MAILS,
    mail("Sam Reed <sam@acme.example>", ADA, "Your application", "Mon, 19 Oct 2026 11:00:00 +0100",
         "Unfortunately we have decided not to proceed.", "<no@acme>"),
]  # fmt: skip


class Search:
    """The CLI on one events file, with the clock set to each day in turn."""

    def __init__(self, tmp_path: Path) -> None:
        self.dir = tmp_path
        self.events = tmp_path / "events.yaml"
        self.env = {
            "FOLLOWUP_EVENTS": str(self.events),
            "FOLLOWUP_POLICY_DIR": str(EXAMPLES / "policies"),
        }
        self.now = FixedClock(pendulum.datetime(2026, 10, 1, 9, tz=TZ))

    def day(self, month_day: int, hour: int = 9) -> None:
        self.now = FixedClock(pendulum.datetime(2026, 10, month_day, hour, tz=TZ))

    def run(self, *args: str) -> str:
        result = CliRunner().invoke(cli, list(args), obj={"clock": self.now}, env=self.env)
        assert result.exit_code == 0, (args, result.stdout, result.stderr)
        return result.stdout

    def board(self) -> dict[str, dict[str, object]]:
        doc = json.loads(self.run("status", "--format", "json"))
        return {a["id"]: a for a in doc["applications"]}

    def calendar(self) -> dict[str, icalendar.cal.Component]:
        target = self.dir / "followups.ics"
        self.run("ics", "-o", str(target))
        data = target.read_bytes()
        again = self.dir / "again.ics"
        self.run("ics", "-o", str(again))
        assert again.read_bytes() == data  # the same day, the same bytes
        rfc5545.check(data)
        return {str(e["UID"]): e for e in icalendar.Calendar.from_ical(data).walk("VEVENT")}

    def mailbox(self, name: str, messages: list[EmailMessage]) -> Path:
        path = self.dir / name
        box = mailbox.mbox(path)
        for message in messages:
            box.add(message)
        box.close()
        return path


def entry(calendar: dict[str, icalendar.cal.Component], action_id: str) -> tuple[str, int]:
    event = calendar[uid_for(action_id)]
    return str(event["STATUS"]), int(event["SEQUENCE"])


def test_a_month_of_a_search(tmp_path: Path) -> None:
    s = Search(tmp_path)
    # Thu 1 Oct: two applications, one just sent (a start-up: its policy follows up after applying)
    s.run("new", "acme-sre", "--company", "Acme", "--role", "Site Reliability Engineer",
          "--industry", "technology", "--recruiter", "Sam Reed <sam@acme.example>",
          "--name", "Ada Lovelace", "--email", "ada@lovelace.example",
          "--timezone", TZ)  # fmt: skip
    s.run("new", "globex", "--company", "Globex", "--role", "Founding Engineer",
          "--industry", "startup", "--recruiter", "Hank Scorpio <hank@globex.example>",
          "--applied")  # fmt: skip
    board = s.board()
    assert board["globex"]["stage"] == "applied" and board["acme-sre"]["stage"] == "applied"
    assert board["globex"]["next_action"]["id"] == CHASER  # type: ignore[index]
    status = s.run("status")
    assert status.splitlines()[-1] == "2 applications: 2 applied."

    # Mon 5 Oct: the invitation arrives; recorded from the .ics (the interview is tomorrow)
    s.day(5)
    invite = tmp_path / "invite.ics"
    invite.write_text(INVITE, newline="")
    out = s.run("add", "interview", "acme-sre", "--from-ics", str(invite))
    assert "recorded interview for acme-sre" in out
    assert s.board()["acme-sre"]["stage"] == "applied"  # tomorrow's interview is not known yet

    # Tue 6 Oct 18:00: the thank-you to Grace went out from the mail client; import it
    s.day(6, 18)
    proposals = s.run("import", "mail", str(s.mailbox("sent.mbox", FIRST_MAILS)))
    assert "-> thank_you_sent (acme-sre) to grace@acme.example" in " ".join(proposals.split())
    out = s.run("import", "mail", str(tmp_path / "sent.mbox"), "--apply")
    assert f"thank-you to Grace Hopper: due -> done  [{GRACE}]" in out
    board = s.board()
    assert board["acme-sre"]["stage"] == "interviewing"

    # Wed 7 Oct: the morning's calendar; Alan thanked by hand, Sam's note dismissed
    s.day(7)
    morning = s.calendar()
    assert entry(morning, ALAN)[0] == "CONFIRMED" and morning[uid_for(ALAN)].walk("VALARM")
    assert entry(morning, GRACE)[0] == "CANCELLED"
    assert "DUE thank-you to Alan Turing" in " ".join(s.run("status").split())
    assert f"due -> done  [{ALAN}]" in s.run("done", ALAN, "--note", "sent from my phone")
    assert f"due -> dismissed  [{SAM}]" in s.run("dismiss", SAM, "--reason", "only booked the room")
    later = s.calendar()
    for action_id in (ALAN, SAM):
        assert entry(later, action_id)[0] == "CANCELLED"
        assert entry(later, action_id)[1] > entry(morning, action_id)[1]
    plan = s.run("plan", "--all")
    assert "dismissed Wed 7 Oct 2026 09:00: only booked the room" in plan

    # Fri 9 Oct: Globex's chaser is due; not this week
    s.day(9)
    assert s.board()["globex"]["next_action"]["status"] == "due"  # type: ignore[index]
    friday = s.calendar()
    assert f"due -> upcoming  [{CHASER}]" in s.run("snooze", CHASER, "--until", "2026-10-12")
    snoozed = s.calendar()
    assert entry(snoozed, CHASER)[0] == "CONFIRMED"
    assert entry(snoozed, CHASER)[1] > entry(friday, CHASER)[1]
    assert snoozed[uid_for(CHASER)].decoded("DTSTART") == pendulum.datetime(2026, 10, 12, 8)
    assert "UPCOMING follow-up to Hank Scorpio, Mon 12 Oct 09:00" in " ".join(
        s.run("status").split()
    )

    # Tue 13 Oct: the chaser sent
    s.day(13)
    assert f"due -> done  [{CHASER}]" in s.run("done", CHASER)
    assert entry(s.calendar(), CHASER)[0] == "CANCELLED"

    # Tue 20 Oct: the mailbox again; the thank-you is not recorded twice, the rejection is new
    s.day(20)
    inbox = s.mailbox("all.mbox", LATER_MAILS)
    out = s.run("import", "mail", str(inbox), "--apply")
    assert "1 proposed (1 already recorded; --verbose lists them)" in " ".join(out.split())
    assert "gracious-reply to Sam Reed: due" in out
    board = s.board()
    assert board["acme-sre"]["stage"] == "rejected"
    assert board["acme-sre"]["days_since_last_contact"] == 0

    # Fri 30 Oct: where everything stands; the calendar keeps nothing stale
    s.day(30)
    status = s.run("status")
    assert status.splitlines()[-1] == "2 applications: 1 applied, 1 rejected."
    final = s.calendar()
    live = {u for u, e in final.items() if str(e["STATUS"]) == "CONFIRMED"}
    assert uid_for(GRACE) not in live and uid_for(ALAN) not in live and uid_for(CHASER) not in live
    text = s.events.read_text()
    assert "Unfortunately" not in text and "on-call" not in text  # no mail text kept
    assert (tmp_path / "events.yaml.bak").exists()


def test_the_same_interview_twice_is_refused_and_rounds_count_on(tmp_path: Path) -> None:
    s = Search(tmp_path)
    s.run("new", "acme", "--company", "Acme", "--role", "SRE", "--name", "Ada", "--timezone", TZ)
    s.day(6, 18)
    s.run("add", "interview", "acme", "--at", "2026-10-06T10:00")
    result = CliRunner().invoke(
        cli, ["add", "interview", "acme", "--at", "2026-10-06T10:00"],
        obj={"clock": s.now}, env=s.env,
    )  # fmt: skip
    assert result.exit_code == 2 and "the same interview twice" in result.stderr
    s.run("add", "interview", "acme", "--at", "2026-10-06T15:00")
    s.day(20)
    s.run("add", "interview", "acme", "--at", "2026-10-20T10:00")
    from followup.events import load_events

    rounds = [e.round for e in load_events(s.events).applications[0].events]
    assert rounds == [1, 2, 3]


@pytest.mark.parametrize("command", ["done", "dismiss", "snooze"])
def test_acting_needs_an_events_file(tmp_path: Path, command: str) -> None:
    extra = {"done": [], "dismiss": ["--reason", "r"], "snooze": ["--until", "2026-10-10"]}
    result = CliRunner().invoke(
        cli, [command, "x/y/z", *extra[command]], env={"FOLLOWUP_EVENTS": str(tmp_path / "no.yaml")}
    )
    assert result.exit_code == 2 and result.stderr.count("\n") == 1
