"""A thank-you sent partway through a multi-day interview (G11, G12, G22, G26, G29).

Worked by hand. Ada Lovelace in London; Orbit Labs, a three-day on-site Tue 6 Oct 2026 09:00 -
Thu 8 Oct 17:00 BST: Grace Hopper (the hiring manager) and Alan Turing on Tuesday, Barbara
Liskov on Thursday. A careful coach: "thank each person you met, one note each (G12), within 24
hours (G11, G22). On the evening of the first day you may thank the people you met that day; the
ones you meet later still get theirs after the on-site." So:

- A note on Tuesday at 19:30, the first day over (from 17:00, the end of the working day), is a
  true record: the file is read, and the note completes the notes of those it names (`to:`);
  Barbara's stays due, 24 hours from the end: Thu 17:00 -> Fri 9 Oct 17:00. (The windows are in
  tests/scenarios/interview-ends.test.yaml.)
- Named nobody, it cannot say whose notes it was: none is ticked off and each says why.
- During the first day's interviews (Tuesday 12:00) no note can have been sent: refused, exit 2,
  at the `at`'s file:line:col, and `add thank-you --at` the same, the file untouched. A
  same-day interview is refused over its whole span, as before; so is an evening call that
  runs past midnight (22:00-01:00: one sitting, at most 12 hours).
- On a later day of the on-site (Wednesday 12:00, say over lunch) it is accepted: it comes after
  the first day.
"""

from __future__ import annotations

from pathlib import Path

from cli_support import run
from followup.events import load_events

ONSITE = """\
candidate: {name: Ada Lovelace, timezone: Europe/London}
applications:
  - id: orbit
    company: Orbit Labs
    role: Platform Engineer
    industry: aerospace
    events:
      - type: interview
        at: 2026-10-06T09:00
        ends: 2026-10-08T17:00
        interviewers:
          - {name: Grace Hopper, email: grace@orbit.example, hiring_manager: true}
          - {name: Alan Turing, email: alan@orbit.example}
          - {name: Barbara Liskov, email: barbara@orbit.example}
"""
THANKS = "      - {type: thank_you_sent, at: %s}\n"
UNNAMED = (
    "note: your thank-you of Tue 6 Oct 19:30, sent before the interview ended, does not say whom"
    " it thanked: it completes no note (list the people it thanked in its `to:` and send the"
    " others theirs)"
)
FIRST_DAY = (
    "a thank-you is sent once the interview has ended or, for the people met on its first day,"
    " once that day is over (from 2026-10-06 17:00)"
)


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "events.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _plan(path: Path, as_of: str = "2026-10-08T18:00") -> str:
    code, out, err = run("plan", str(path), "--as-of", as_of, "--policy", "generic", "--all")
    assert code == 0, err
    return " ".join(out.split())


def test_a_thank_you_on_the_first_evening_is_read(tmp_path: Path) -> None:
    for at in ("2026-10-06T17:00", "2026-10-06T19:30", "2026-10-07T12:00"):
        path = _write(tmp_path, ONSITE + THANKS % at)
        events = load_events(path).applications[0].events
        assert [e.type for e in events] == ["interview", "thank_you_sent"], at


def test_named_it_completes_those_notes_and_the_later_interviewer_still_gets_hers(
    tmp_path: Path,
) -> None:
    text = ONSITE + (
        "      - {type: thank_you_sent, at: 2026-10-06T19:30,"
        " to: [grace@orbit.example, alan@orbit.example]}\n"
    )
    plan = _plan(_write(tmp_path, text))
    assert "DONE Send a thank-you note by email to Grace Hopper" in plan
    assert "DONE Send a thank-you note by email to Alan Turing" in plan
    assert (
        "DUE Send a thank-you note by email to Barbara Liskov <barbara@orbit.example>"
        " window Thu 8 Oct 2026 17:00 -> Fri 9 Oct 2026 17:00"
    ) in plan
    assert "note:" not in plan


def test_named_nobody_it_completes_no_note_and_each_says_why(tmp_path: Path) -> None:
    plan = _plan(_write(tmp_path, ONSITE + THANKS % "2026-10-06T19:30"))
    assert "DONE" not in plan
    for name in ("Grace Hopper", "Alan Turing", "Barbara Liskov"):
        assert f"DUE Send a thank-you note by email to {name}" in plan
    assert plan.count(UNNAMED) == 3


def test_during_the_first_day_it_is_refused_on_one_line(tmp_path: Path) -> None:
    path = _write(tmp_path, ONSITE + THANKS % "2026-10-06T12:00")
    code, out, err = run("plan", str(path), "--as-of", "2026-10-08T18:00")
    assert (code, out) == (2, "")
    assert err == (
        f"Error: {path}:15:36: applications[0].events[1].at: a thank_you_sent dated during the"
        " interview round 1 (one_on_one) 2026-10-06 09:00-2026-10-08 17:00: "
        f"{FIRST_DAY} (check this `at`, or its `ends`)\n"
    )


def test_an_evening_call_past_midnight_is_one_sitting(tmp_path: Path) -> None:
    text = ONSITE.replace("T09:00", "T22:00").replace("2026-10-08T17:00", "2026-10-07T01:00")
    path = _write(tmp_path, text + THANKS % "2026-10-07T00:30")
    code, _, err = run("plan", str(path), "--as-of", "2026-10-08T18:00")
    assert code == 2
    assert err.endswith(": a thank-you is sent once the interview has ended (check this `at`,"
                        " or its `ends`)\n")  # fmt: skip


def test_add_thank_you_follows_the_same_rule(tmp_path: Path) -> None:
    path = _write(tmp_path, ONSITE)
    args = ["add", "thank-you", "orbit", "--file", str(path), "--as-of", "2026-10-06T20:00"]
    code, out, err = run(*args, "--at", "2026-10-06T12:00")
    assert (code, out) == (2, "")
    assert err == (
        "Error: a thank_you_sent at 2026-10-06 12:00 would be during the interview round 1"
        f" (one_on_one) 2026-10-06 09:00-2026-10-08 17:00: {FIRST_DAY}; check --at\n"
    )
    assert path.read_text(encoding="utf-8") == ONSITE
    code, _, err = run(*args, "--at", "2026-10-06T19:30", "--to", "grace@orbit.example")
    assert code == 0, err
    (_, thanks) = load_events(path).applications[0].events
    assert (thanks.type, thanks.to) == ("thank_you_sent", ("grace@orbit.example",))
