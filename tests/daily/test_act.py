"""`followup done|dismiss|snooze ACTION_ID`: recorded in the events file, applied when statuses
are computed, stable across re-planning; unknown ids are exit 2 with did-you-mean."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pendulum
import pytest
from click.testing import CliRunner

from followup.cli import cli
from followup.dates.clock import FixedClock
from followup.events import load_events

NOW = FixedClock(pendulum.datetime(2026, 10, 7, 9, tz="Europe/London"))
GRACE = "acme-sre/thank-you-each-interviewer/2026-10-06/grace-hopper"
ALAN = "acme-sre/thank-you-each-interviewer/2026-10-06/alan-turing"
SAM = "acme-sre/thank-you-recruiter/2026-10-06"
FOLLOW_UP = "acme-sre/follow-up-after-first-round/2026-10-06"
MOVE_ON = "acme-sre/move-on-after-a-month-of-silence/2026-10-06"

EVENTS = """\
# comments survive
candidate: {name: Ada Lovelace, timezone: Europe/London}
applications:
  - id: acme-sre
    company: Acme
    role: Site Reliability Engineer
    industry: technology
    recruiter: {name: Sam Reed, email: sam@acme.example}
    events:
      - type: interview
        at: 2026-10-06T10:00
        interviewers:
          - {name: Grace Hopper, email: grace@acme.example}
          - {name: Alan Turing, email: alan@acme.example}
"""


def run(*args: str, now: FixedClock = NOW) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), obj={"clock": now})
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def events(tmp_path: Path) -> Path:
    path = tmp_path / "events.yaml"
    path.write_text(EVENTS)
    return path


def statuses(events: Path, as_of: str = "2026-10-07T09:00") -> dict[str, str]:
    import json

    out = run("plan", str(events), "--all", "--format", "json", "--as-of", as_of)[1]
    return {a["id"]: a["status"] for a in json.loads(out)["actions"]}


def test_done_records_a_thank_you_to_exactly_the_recipients(events: Path) -> None:
    code, out, err = run("done", GRACE, "--file", str(events), "--note", "by email")
    assert code == 0, err
    assert f"thank-you to Grace Hopper: due -> done  [{GRACE}]" in out
    assert f"[{ALAN}]" not in out  # Alan's note is still due
    last = load_events(events).applications[0].events[-1]
    assert (last.type, last.to, last.note) == (
        "thank_you_sent",
        ("grace@acme.example",),
        "by email",
    )
    assert events.read_text().startswith("# comments survive")
    assert (events.parent / "events.yaml.bak").read_text() == EVENTS
    code, _, err = run("done", GRACE, "--file", str(events))
    assert code == 2 and "already done" in err


def test_done_on_a_follow_up_records_a_follow_up(events: Path) -> None:
    later = FixedClock(pendulum.datetime(2026, 10, 14, 9, tz="Europe/London"))
    code, out, err = run("done", FOLLOW_UP, "--file", str(events), now=later)
    assert code == 0, err
    assert "recorded follow_up_sent" in out
    assert load_events(events).applications[0].events[-1].type == "follow_up_sent"


def test_done_on_a_call_records_a_follow_up_by_phone(tmp_path: Path) -> None:
    path = tmp_path / "events.yaml"
    decided = "        at: 2026-10-06T10:00\n        decision_by: 2026-10-09\n"
    path.write_text(EVENTS.replace("        at: 2026-10-06T10:00\n", decided))
    call = "acme-sre/follow-up-after-decision-date/2026-10-06"
    later = FixedClock(pendulum.datetime(2026, 10, 14, 9, tz="Europe/London"))
    code, out, err = run("done", call, "--file", str(path), now=later)
    assert (code, err) == (0, ""), err
    assert "recorded follow_up_sent for acme-sre" in out
    written = load_events(path, str(path)).applications[0].events[-1]
    assert (written.type, written.channel) == ("follow_up_sent", "phone")


def test_done_on_a_move_on_closes_the_waits_without_a_withdrawal(events: Path) -> None:
    later = FixedClock(pendulum.datetime(2026, 11, 9, 9, tz="Europe/London"))
    code, out, err = run("done", MOVE_ON, "--file", str(events), now=later)
    assert code == 0, err
    assert f"move-on: due -> done  [{MOVE_ON}]" in out
    app = load_events(events).applications[0]
    assert [e.type for e in app.events] == ["interview"]  # no withdrawal recorded
    assert [d.type for d in app.decisions] == ["moved_on"]
    status = run("status", str(events), "--as-of", "2026-11-09T09:00")[1]
    assert "moved on" in status


def test_dismiss_is_listed_with_the_reason_and_explained(events: Path) -> None:
    code, out, err = run(
        "dismiss", SAM, "--reason", "Sam only booked the room", "--file", str(events)
    )
    assert code == 0, err
    assert f"thank-you to Sam Reed: due -> dismissed  [{SAM}]" in out
    assert statuses(events)[SAM] == "dismissed"
    assert statuses(events, "2026-10-20T09:00")[SAM] == "dismissed"  # survives re-planning
    plan = run("plan", str(events), "--all", "--as-of", "2026-10-07T09:00")[1]
    assert "dismissed Wed 7 Oct 2026 09:00: Sam only booked the room" in plan
    assert SAM not in run("plan", str(events), "--as-of", "2026-10-07T09:00")[1]
    explained = run("explain", str(events), SAM, "--as-of", "2026-10-07T09:00")[1]
    assert "dismissed" in explained and "Sam only booked the room" in explained
    code, _, err = run("dismiss", SAM, "--reason", "again", "--file", str(events))
    assert code == 2 and "not open" in err


def test_snooze_reopens_the_action_later(events: Path) -> None:
    code, out, err = run("snooze", ALAN, "--until", "2026-10-07T12:00", "--file", str(events))
    assert code == 0, err
    assert f"thank-you to Alan Turing: due -> upcoming  [{ALAN}]" in out
    assert statuses(events, "2026-10-07T11:00")[ALAN] == "upcoming"
    assert statuses(events, "2026-10-07T13:00")[ALAN] == "due"
    assert statuses(events, "2026-10-06T12:00")[ALAN] == "due"  # not yet snoozed then
    code, _, err = run("snooze", ALAN, "--until", "2026-10-01", "--file", str(events))
    assert code == 2 and "not after now" in err


def test_snoozing_an_upcoming_action_says_when_it_now_opens(events: Path) -> None:
    """Its status stays `upcoming`, so a list of status changes alone printed nothing: the
    candidate could not tell the snooze took. The new window is printed instead."""
    code, out, err = run("snooze", FOLLOW_UP, "--until", "2026-10-20", "--file", str(events))
    assert code == 0, err
    assert out.splitlines()[1:] == [
        "  follow-up to Sam Reed: upcoming, now Tue 20 Oct 09:00 -> Wed 21 Oct 17:00"
        f"  [{FOLLOW_UP}]"
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["done", "acme-sre/thank-you-each-interviewer/2026-10-06/grace"], f"did you mean {GRACE}"),
        (["dismiss", "nothing/like/this", "--reason", "x"], "`followup plan --all` lists ids"),
        (["dismiss", SAM, "--reason", "  "], "--reason: say why"),
        (
            ["snooze", ALAN, "--until", "soon"],
            "--until: not a date-time: 'soon' (write e.g. 2026-10-08T09:00)",
        ),
        (["done", GRACE, "--at", "2026-10-08T09:00"], "in the future"),
    ],
)
def test_bad_input_is_one_line_and_changes_nothing(
    events: Path, args: list[str], message: str
) -> None:
    digest = hashlib.sha256(events.read_bytes()).hexdigest()
    code, out, err = run(*args, "--file", str(events))
    assert code == 2 and out == "" and err.count("\n") == 1 and message in err, err
    assert hashlib.sha256(events.read_bytes()).hexdigest() == digest


PHONE_SCREEN = """\
candidate: {name: Sam Carter, timezone: Europe/London}
applications:
  - id: riverside
    company: Riverside Logistics
    role: Transport Coordinator
    industry: logistics
    recruiter: {name: Priya Shah, email: priya.shah@riverside.example}
    events:
      - type: interview
        at: 2026-10-14T11:00
        format: phone
        interviewers:
          - {name: Priya Shah, email: priya.shah@riverside.example}
"""


def test_dismissing_a_thank_you_gives_back_the_question_it_carried(tmp_path: Path) -> None:
    """The recruiter's phone screen: one thank-you to Ms. Shah that asks, inside it, when they
    will decide (G6/G20, G9). Dismiss the thank-you and the question is not lost: it comes back
    as its own action to her, open, with its own id; the dismissed note no longer claims it."""
    import json

    path = tmp_path / "events.yaml"
    path.write_text(PHONE_SCREEN)
    as_of = "2026-10-14T13:00"
    now = FixedClock(pendulum.datetime(2026, 10, 14, 13, tz="Europe/London"))

    def plan() -> list[dict[str, object]]:
        out = run("plan", str(path), "--all", "--format", "json", "--as-of", as_of, now=now)[1]
        return list(json.loads(out)["actions"])

    before = {a["rule"]: a for a in plan()}
    thank_you = before["thank-you-each-interviewer"]
    assert thank_you["covers"] == ["ask-about-timeline"]
    assert "ask-about-timeline" not in before

    code, _, err = run(
        "dismiss",
        str(thank_you["id"]),
        "--reason",
        "no note for a screen",
        "--file",
        str(path),
        now=now,
    )
    assert code == 0, err
    after = {a["rule"]: a for a in plan()}
    assert after["thank-you-each-interviewer"]["status"] == "dismissed"
    assert after["thank-you-each-interviewer"]["covers"] == []
    question = after["ask-about-timeline"]
    assert question["to"] == ["Priya Shah <priya.shah@riverside.example>"]
    assert question["status"] in ("due", "upcoming")


SAME_DAY_OFFER = """\
candidate: {name: Mei Chen, timezone: America/Los_Angeles}
applications:
  - id: orbital
    company: Orbital Labs
    role: Backend Engineer
    industry: technology
    recruiter: {name: Chris Doyle, email: chris@orbital.example}
    events:
      - type: interview
        at: 2026-10-06T09:00
        round: 2
        interviewers:
          - {name: Nadia Petrova, email: nadia@orbital.example, hiring_manager: true}
      - {type: offer_received, at: 2026-10-06T15:30}
"""


def test_done_on_an_offer_reply_that_carries_thanks_completes_them_too(tmp_path: Path) -> None:
    """The offer came the afternoon of the final interview, before any thank-you went out: one
    reply to Chris and Nadia thanks them for both (G12, G19). `done` on it records one
    thank_you_sent to both, so neither thank-you comes back on its own afterwards."""
    events = tmp_path / "events.yaml"
    events.write_text(SAME_DAY_OFFER)
    reply = "orbital/reply-to-offer/2026-10-06"
    as_of = "2026-10-06T16:00"
    before = statuses(events, as_of)
    assert {i for i, s in before.items() if s not in ("cancelled", "done")} == {reply}
    assert before[reply] == "due"  # the two thank-yous are inside it, not listed on their own
    afternoon = FixedClock(pendulum.datetime(2026, 10, 6, 17, tz="America/Los_Angeles"))
    code, out, err = run("done", reply, "--file", str(events), now=afternoon)
    assert code == 0, err
    assert f"offer-reply to Chris Doyle, Nadia Petrova: due -> done  [{reply}]" in out
    last = load_events(events).applications[0].events[-1]
    assert (last.type, last.to) == (
        "thank_you_sent",
        ("chris@orbital.example", "nadia@orbital.example"),
    )
    after = statuses(events, "2026-10-07T09:00")
    assert {i for i, s in after.items() if s != "cancelled"} == {
        reply,
        "orbital/thank-you-each-interviewer/2026-10-06/nadia-petrova",
        "orbital/thank-you-recruiter/2026-10-06",
    }
    assert {s for i, s in after.items() if s != "cancelled"} == {"done"}


def test_an_offer_reply_that_carries_thanks_says_so_in_its_draft_and_why_not(
    tmp_path: Path,
) -> None:
    events = tmp_path / "events.yaml"
    events.write_text(SAME_DAY_OFFER)
    reply = "orbital/reply-to-offer/2026-10-06"
    code, out, err = run("draft", str(events), reply, "--as-of", "2026-10-06T16:00")
    assert code == 0, err
    assert "To: Chris Doyle <chris@orbital.example>, Nadia Petrova <nadia@orbital.example>" in out
    assert "Thank you as well for the interview on Tuesday 6 October 2026" in out
    code, out, err = run(
        "explain", str(events), "--why-not", "thank-you-recruiter", "--application", "orbital",
        "--as-of", "2026-10-06T16:00",
    )  # fmt: skip
    assert code == 0, err
    assert f"its message goes inside {reply} [due]: one message to the same person" in out


def test_dismissing_an_offer_reply_gives_back_the_thank_yous_it_carried(tmp_path: Path) -> None:
    """You answered the offer by phone and dismiss the written reply: the thank-you notes it was
    carrying are still owed, each on its own again."""
    events = tmp_path / "events.yaml"
    events.write_text(SAME_DAY_OFFER)
    reply = "orbital/reply-to-offer/2026-10-06"
    afternoon = FixedClock(pendulum.datetime(2026, 10, 6, 17, tz="America/Los_Angeles"))
    code, _, err = run("dismiss", reply, "--reason", "answered by phone", "--file", str(events),
                       now=afternoon)  # fmt: skip
    assert code == 0, err
    after = statuses(events, "2026-10-06T17:30")
    assert after[reply] == "dismissed"
    assert after["orbital/thank-you-each-interviewer/2026-10-06/nadia-petrova"] == "due"
    assert after["orbital/thank-you-recruiter/2026-10-06"] == "due"


PANEL_OFFER = SAME_DAY_OFFER.replace(
    """        interviewers:
          - {name: Nadia Petrova, email: nadia@orbital.example, hiring_manager: true}
""",
    """        format: panel
        interviewers:
          - {name: Nadia Petrova, email: nadia@orbital.example, lead: true, hiring_manager: true}
          - {name: Owen Park, email: owen@orbital.example}
""",
)
PANEL_NOTE = "orbital/thank-you-panel-lead/2026-10-06"
OWEN = f"{PANEL_NOTE}/owen-park"


def _open_actions(events: Path, as_of: str) -> dict[str, tuple[list[str], list[str]]]:
    import json

    out = run("plan", str(events), "--format", "json", "--as-of", as_of)[1]
    return {a["id"]: (a["to"], a["cc"]) for a in json.loads(out)["actions"]}


def test_after_a_panel_the_offer_reply_thanks_the_lead_and_the_panelist_keeps_his_note(
    tmp_path: Path,
) -> None:
    """The offer came the afternoon of a panel: the reply to Chris and Nadia thanks them for
    the interview too; Owen, copied on the panel's note but not a reader of the reply, gets his
    own note. `done` on the reply leaves his note due; `done` on his note records a thank-you
    to him alone, and then nothing is left to send."""
    events = tmp_path / "events.yaml"
    events.write_text(PANEL_OFFER)
    reply = "orbital/reply-to-offer/2026-10-06"
    assert PANEL_OFFER != SAME_DAY_OFFER
    before = _open_actions(events, "2026-10-06T16:00")
    assert before == {
        reply: (
            ["Chris Doyle <chris@orbital.example>", "Nadia Petrova <nadia@orbital.example>"],
            [],
        ),
        OWEN: (["Owen Park <owen@orbital.example>"], []),
    }
    afternoon = FixedClock(pendulum.datetime(2026, 10, 6, 16, 30, tz="America/Los_Angeles"))
    code, _, err = run("done", reply, "--file", str(events), now=afternoon)
    assert code == 0, err
    assert set(_open_actions(events, "2026-10-06T17:00")) == {OWEN}
    evening = FixedClock(pendulum.datetime(2026, 10, 6, 17, 30, tz="America/Los_Angeles"))
    code, out, err = run("done", OWEN, "--file", str(events), now=evening)
    assert code == 0, err
    assert f"thank-you to Owen Park: due -> done  [{OWEN}]" in out
    last = load_events(events).applications[0].events[-1]
    assert (last.type, last.to) == ("thank_you_sent", ("owen@orbital.example",))
    assert _open_actions(events, "2026-10-06T18:00") == {}
    done = statuses(events, "2026-10-06T18:00")
    assert done[reply] == done[PANEL_NOTE] == done[OWEN] == "done"


def test_dismissing_the_offer_reply_after_a_panel_gives_each_note_back_once(
    tmp_path: Path,
) -> None:
    """Dismissing the reply gives its thanks back: Nadia's note (no longer copying Owen, who
    has his own) and Chris's; Owen still gets one note, not a copy and a note."""
    events = tmp_path / "events.yaml"
    events.write_text(PANEL_OFFER)
    afternoon = FixedClock(pendulum.datetime(2026, 10, 6, 17, tz="America/Los_Angeles"))
    code, _, err = run("dismiss", "orbital/reply-to-offer/2026-10-06", "--reason", "by phone",
                       "--file", str(events), now=afternoon)  # fmt: skip
    assert code == 0, err
    assert _open_actions(events, "2026-10-06T17:30") == {
        PANEL_NOTE: (["Nadia Petrova <nadia@orbital.example>"], []),
        OWEN: (["Owen Park <owen@orbital.example>"], []),
        "orbital/thank-you-recruiter/2026-10-06": (["Chris Doyle <chris@orbital.example>"], []),
    }


def test_explain_shows_the_window_a_snooze_moved(events: Path) -> None:
    """`not_before = anchor + 1w = ...` gives the window as it ends up; the snooze's line says
    which window it moved, as the working-hours line does, so the arithmetic can be followed."""
    assert run("snooze", FOLLOW_UP, "--until", "2026-10-20", "--file", str(events))[0] == 0
    out = run("explain", str(events), FOLLOW_UP, "--as-of", "2026-10-07T09:00")[1]
    assert (
        "snoozed Wed 7 Oct 2026 09:00 until Tue 20 Oct 2026 09:00: "
        "Tue 13 Oct 09:00 -> Wed 14 Oct 17:00 becomes Tue 20 Oct 09:00 -> Wed 21 Oct 17:00"
    ) in " ".join(out.split())


PANEL = """\
candidate: {name: Ada Lovelace, timezone: Europe/London}
applications:
  - id: acme-sre
    company: Acme
    role: Site Reliability Engineer
    industry: technology
    events:
      - type: interview
        at: 2026-10-06T10:00
        format: panel
        interviewers:
          - {name: Grace Hopper, email: grace@acme.example, lead: true}
          - {name: Alan Turing, email: alan@acme.example}
          - {name: Katherine Johnson, email: katherine@acme.example}
"""


def test_done_on_a_panel_note_records_everyone_it_was_copied_to(tmp_path: Path) -> None:
    """G26: one overarching note to the person in charge, copying the other panelists. The
    message reached all three, so `done` records a thank-you to all three: the events file says
    who was thanked (it recorded the lead alone)."""
    events = tmp_path / "events.yaml"
    events.write_text(PANEL)
    note = "acme-sre/thank-you-panel-lead/2026-10-06"
    assert statuses(events)[note] == "due"
    code, out, err = run("done", note, "--file", str(events))
    assert code == 0, err
    assert f"due -> done  [{note}]" in out
    last = load_events(events).applications[0].events[-1]
    assert (last.type, last.to) == (
        "thank_you_sent",
        ("grace@acme.example", "alan@acme.example", "katherine@acme.example"),
    )
    assert statuses(events)[note] == "done"
