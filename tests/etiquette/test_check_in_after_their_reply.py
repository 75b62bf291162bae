"""One more check-in after the date they gave in a reply, even after two follow-ups (G21, G23,
G28, G2), and never more than two attempts without a response between two replies (G9, G17).

Worked by hand from the articles. Ada Lovelace lives in London; Acme's office is in New York
(the application's `timezone`), and so is its recruiter, Ms. Sam Reed. Interview Monday 2
November 2026 10:00 New York with Dr. Grace Hopper, no decision date given; thanks the same
afternoon. Not sure when she will hear back, Ada waits a week (G24) and emails Ms. Reed on Tue
10 Nov, then once more on Wed 18 Nov. No answer - until Fri 20 Nov 11:00, when Ms. Reed replies:
"we will decide by Friday 4 December" (a bare date: 17:00 New York).

A coach who read the articles: "She answered. Your two emails were not attempts *without a
response* (G28): nothing says move on, and nothing says you have used up your follow-ups. Her
date is a new allotted period: wait until its end (G21), then two or three more working days
(G23; don't wait a whole week past it, G2), and write to her - she gave the date - in her
working hours, New York time. If that goes unanswered too, the usual spacing and endings
apply: one final follow-up a week or so later (G29), then move on (G28, G30). And never more
than two unanswered attempts between two of her replies, nor a chase before her date (G9,
G17, G21)." Until 2026-12-01 every built-in policy said nothing after 4 December: the two
follow-ups of November had used up `max_follow_ups`, counted per interview.

Each policy keeps its own ranges (tests/policy/test_guideline_ranges.py), windows kept to whole
working days 09:00-17:00 New York (14:00-22:00 London); notes to yourself (move on) keep
Ada's time, London:

- the check-in after Fri 4 Dec 17:00 (G23): generic an email, +2bd..+3bd = Tue 8 Dec 09:00 ->
  Wed 9 Dec 17:00; fast-paced a call to her (G3, G7), +2bd = Tue 8 Dec 09:00 -> 17:00;
  conservative an email, +3bd = Wed 9 Dec 09:00 -> 17:00;
- a reply without a date, Fri 20 Nov 11:00 (G24): generic +1w..+10d = Fri 27 Nov 09:00 -> Mon
  30 Nov 17:00; fast-paced +1w..+8d = Fri 27 Nov 09:00 -> Sat 28 Nov, so Mon 30 Nov 17:00;
  conservative +10d..+2w = Mon 30 Nov 09:00 -> Fri 4 Dec 17:00;
- the final follow-up after a check-in sent Tue 8 Dec 10:00 (G29): generic +1w..+10d = Tue 15
  Dec 09:00 -> Fri 18 Dec 17:00; fast-paced +1w..+8d = Tue 15 Dec 09:00 -> Wed 16 Dec 17:00;
  conservative +10d..+2w = Fri 18 Dec 09:00 -> Tue 22 Dec 17:00;
- moving on after that final one, sent Tue 15 Dec 10:00 (15:00 London, G28): generic +1w..+2w
  = Tue 22 Dec 15:00 -> Tue 29 Dec 15:00; fast-paced +1w..+10d = Tue 22 Dec 15:00 -> Fri 25
  Dec 15:00; conservative +10d..+2w = Fri 25 Dec 15:00 -> Tue 29 Dec 15:00 (London);
- a rejection on Wed 2 Dec 14:00 (G10): a gracious reply to her from then until +2d = Fri 4
  Dec 17:00 (conservative +3d = Sat 5 Dec, so Mon 7 Dec 17:00).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from cli_support import run

POLICIES = ("generic", "fast-paced", "conservative")
NEW_YORK, LONDON = ZoneInfo("America/New_York"), ZoneInfo("Europe/London")
SAM = "Sam Reed <sam@acme.example>"
DATE_PASSED = "2026-12-04T17:00"  # Ms. Reed's date, New York
BEFORE = [  # the interview, the thanks and two follow-ups nobody answered
    {
        "type": "interview",
        "at": "2026-11-02T10:00:00-05:00",
        "interviewers": [
            {"name": "Grace Hopper", "honorific": "Dr.", "email": "grace@acme.example"}
        ],
    },
    {
        "type": "thank_you_sent",
        "at": "2026-11-02T15:00:00-05:00",
        "to": ["grace@acme.example", "sam@acme.example"],
    },
    {"type": "follow_up_sent", "at": "2026-11-10T10:00:00-05:00", "to": ["sam@acme.example"]},
    {"type": "follow_up_sent", "at": "2026-11-18T10:00:00-05:00", "to": ["sam@acme.example"]},
]
REPLY = {"type": "response_received", "at": "2026-11-20T11:00:00-05:00"}
DATED_REPLY = {**REPLY, "decision_by": "2026-12-04"}


def _sent(at: str) -> dict[str, Any]:
    return {"type": "follow_up_sent", "at": f"{at}:00-05:00", "to": ["sam@acme.example"]}


def _plan(tmp_path: Path, events: list[dict[str, Any]], policy: str, as_of: str) -> list[Any]:
    """Every action of the plan as of `as_of` (New York time), `--all`."""
    app = {
        "id": "acme",
        "company": "Acme",
        "role": "Analyst",
        "timezone": "America/New_York",
        "recruiter": {
            "name": "Sam Reed",
            "honorific": "Ms.",
            "email": "sam@acme.example",
            "phone": "+1 212 555 0100",
        },
        "events": events,
    }
    doc = {
        "candidate": {"name": "Ada Lovelace", "timezone": "Europe/London"},
        "applications": [app],
    }
    path = tmp_path / "events.json"
    path.write_text(json.dumps(doc))
    moment = f"{as_of}-05:00"
    code, out, err = run(
        "plan", str(path), "--as-of", moment, "--policy", policy, "--all", "--format", "json"
    )
    assert code == 0, err
    actions: list[Any] = json.loads(out)["actions"]
    return actions


def _local(moment: str, zone: ZoneInfo) -> str:
    return dt.datetime.fromisoformat(moment).astimezone(zone).strftime("%a %d %b %H:%M")


def _open(actions: list[Any], kind: str) -> list[tuple[str, str, list[str], str, str]]:
    """The open actions of `kind`: rule, channel, recipients and window (New York for a
    message, London for a note to yourself)."""
    return [
        (
            a["rule"],
            a["channel"],
            a["to"],
            _local(a["not_before"], LONDON if a["channel"] == "note" else NEW_YORK),
            _local(a["due_by"], LONDON if a["channel"] == "note" else NEW_YORK),
        )
        for a in actions
        if a["kind"] == kind and a["status"] in ("upcoming", "due", "overdue")
    ]


CHECK_IN = {
    "generic": ("email", "Tue 08 Dec 09:00", "Wed 09 Dec 17:00"),
    "fast-paced": ("phone", "Tue 08 Dec 09:00", "Tue 08 Dec 17:00"),
    "conservative": ("email", "Wed 09 Dec 09:00", "Wed 09 Dec 17:00"),
}


@pytest.mark.parametrize("policy", POLICIES)
def test_their_new_date_passed_one_check_in_to_the_person_who_gave_it(
    tmp_path: Path, policy: str
) -> None:
    """The situation of the module docstring, as of Mon 7 Dec 08:00 New York: her date has
    passed, and the plan's one follow-up is the check-in 2-3 working days after it (G23), to
    Ms. Reed, in her hours. Before: nothing until moving on a month after her date."""
    actions = _plan(tmp_path, [*BEFORE, DATED_REPLY], policy, "2026-12-07T08:00")
    channel, opens, due = CHECK_IN[policy]
    assert _open(actions, "follow_up") == [
        ("follow-up-after-decision-date", channel, [SAM], opens, due)
    ]
    # Nothing said to move on: she answered (G28); a month past her date would be (G30).
    assert _open(actions, "move_on") == [
        (
            "move-on-after-silence-past-decision-date",
            "note",
            [],
            "Mon 04 Jan 22:00",
            "Mon 11 Jan 22:00",
        )
    ]


@pytest.mark.parametrize("policy", POLICIES)
def test_no_chase_before_their_date(tmp_path: Path, policy: str) -> None:
    """As of Fri 4 Dec noon, five hours before her date: the check-in waits for it (G21), and
    nothing is due now."""
    actions = _plan(tmp_path, [*BEFORE, DATED_REPLY], policy, "2026-12-04T12:00")
    follow_ups = _open(actions, "follow_up")
    assert [f[0] for f in follow_ups] == ["follow-up-after-decision-date"]
    assert [a["id"] for a in actions if a["status"] in ("due", "overdue")] == []
    opens = dt.datetime.fromisoformat(
        next(a for a in actions if a["rule"] == "follow-up-after-decision-date")["not_before"]
    )
    assert opens > dt.datetime.fromisoformat(f"{DATE_PASSED}:00-05:00")


REPLY_WITHOUT_DATE = {
    "generic": ("Fri 27 Nov 09:00", "Mon 30 Nov 17:00"),
    "fast-paced": ("Fri 27 Nov 09:00", "Mon 30 Nov 17:00"),
    "conservative": ("Mon 30 Nov 09:00", "Fri 04 Dec 17:00"),
}


@pytest.mark.parametrize("policy", POLICIES)
def test_a_reply_without_a_date_after_two_follow_ups_one_check_in_a_week_on(
    tmp_path: Path, policy: str
) -> None:
    """Ms. Reed replies on Fri 20 Nov without a date ("still interviewing"). It answers both
    emails (G28): not sure when she will decide, Ada waits at least a week (G24) and checks in
    once more, by email to Ms. Reed. Before: cancelled, "2 follow-ups already sent"."""
    actions = _plan(tmp_path, [*BEFORE, REPLY], policy, "2026-11-21T09:00")
    opens, due = REPLY_WITHOUT_DATE[policy]
    assert _open(actions, "follow_up") == [
        ("follow-up-after-reply-without-date", "email", [SAM], opens, due)
    ]
    assert [m[0] for m in _open(actions, "move_on")] == ["move-on-after-a-month-of-silence"]


FINAL = {
    "generic": ("Tue 15 Dec 09:00", "Fri 18 Dec 17:00"),
    "fast-paced": ("Tue 15 Dec 09:00", "Wed 16 Dec 17:00"),
    "conservative": ("Fri 18 Dec 09:00", "Tue 22 Dec 17:00"),
}
MOVE_ON = {
    "generic": ("Tue 22 Dec 15:00", "Tue 29 Dec 15:00"),
    "fast-paced": ("Tue 22 Dec 15:00", "Fri 25 Dec 15:00"),
    "conservative": ("Fri 25 Dec 15:00", "Tue 29 Dec 15:00"),
}


@pytest.mark.parametrize("policy", POLICIES)
def test_after_their_date_the_usual_spacing_then_two_unanswered_end_it(
    tmp_path: Path, policy: str
) -> None:
    """Ada checks in on Tue 8 Dec 10:00; no answer. That is one attempt without a response
    since the reply: one final follow-up a week or so later (G29). She sends it on Tue 15 Dec
    10:00; no answer again. Two attempts without a response: no third (G9, G17), move on a
    week or so later (G28; the move-on is a note to herself, London time)."""
    checked_in = [*BEFORE, DATED_REPLY, _sent("2026-12-08T10:00")]
    actions = _plan(tmp_path, checked_in, policy, "2026-12-09T08:00")
    opens, due = FINAL[policy]
    assert _open(actions, "follow_up") == [("final-follow-up", "email", [SAM], opens, due)]

    both = [*checked_in, _sent("2026-12-15T10:00")]
    actions = _plan(tmp_path, both, policy, "2026-12-16T08:00")
    assert _open(actions, "follow_up") == []
    opens, due = MOVE_ON[policy]
    assert _open(actions, "move_on") == [("move-on-after-two-follow-ups", "note", [], opens, due)]


GRACIOUS_REPLY = {
    "generic": ("Wed 02 Dec 14:00", "Fri 04 Dec 17:00"),
    "fast-paced": ("Wed 02 Dec 14:00", "Fri 04 Dec 17:00"),
    "conservative": ("Wed 02 Dec 14:00", "Mon 07 Dec 17:00"),
}


@pytest.mark.parametrize("policy", POLICIES)
def test_a_rejection_after_the_reply_ends_the_check_ins(tmp_path: Path, policy: str) -> None:
    """Ms. Reed writes on Wed 2 Dec 14:00, before her date: another candidate was chosen. No
    check-in, no move-on: a gracious reply to her (G10) within 2 days (3 in conservative), in
    her hours; the check-in after her date is cancelled by the rejection."""
    rejected = {"type": "rejected", "at": "2026-12-02T14:00:00-05:00"}
    actions = _plan(tmp_path, [*BEFORE, DATED_REPLY, rejected], policy, "2026-12-02T15:00")
    assert _open(actions, "follow_up") == []
    assert _open(actions, "move_on") == []
    opens, due = GRACIOUS_REPLY[policy]
    assert _open(actions, "gracious_reply") == [
        ("gracious-reply-to-rejection", "email", [SAM], opens, due)
    ]
    check_in = next(a for a in actions if a["rule"] == "follow-up-after-decision-date")
    assert check_in["status"] == "cancelled"
    assert check_in["explanation"]["status_reason"].startswith("cancelled: rejected")


@pytest.mark.parametrize("policy", POLICIES)
def test_two_chases_before_their_date_leave_no_check_in_after_it(
    tmp_path: Path, policy: str
) -> None:
    """The limit still holds between two replies (G9, G17): had Ada chased twice after the
    reply and before the date (Tue 24 Nov, Tue 1 Dec), nobody answering, the check-in after
    the date would be a third attempt without a response. It is not planned, and the reason
    names what the limit counts."""
    chased = [*BEFORE, DATED_REPLY, _sent("2026-11-24T10:00"), _sent("2026-12-01T10:00")]
    actions = _plan(tmp_path, chased, policy, "2026-12-07T08:00")
    assert _open(actions, "follow_up") == []
    check_in = next(a for a in actions if a["rule"] == "follow-up-after-decision-date")
    assert check_in["explanation"]["status_reason"] == (
        "cancelled: 2 follow-ups without a response already sent since their last reply "
        "(response_received 2026-11-20 16:00, event 4) (settings.max_follow_ups)"
    )
    code, out, _ = run(
        "explain",
        str(tmp_path / "events.json"),
        "--why-not",
        "follow-up-after-decision-date",
        "--as-of",
        "2026-12-07T08:00-05:00",
        "--policy",
        policy,
    )
    assert code == 0
    assert "2 follow-ups without a response already sent since their last reply" in out
