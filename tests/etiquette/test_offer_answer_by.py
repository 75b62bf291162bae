"""An offer that says by when they want your answer (`answer_by`, G19: thank the hiring managers
and clarify what is open *before* you decide).

Worked by hand. Nora Quinn in London; Albion Foods (`generic`), the recruiter Ms. Hannah Lee and
the hiring manager Mr. Mark Evans. Offer by phone Thu 15 Oct 11:00 BST; without a date the reply
is due by the end of the next working day, Fri 16 Oct 17:00 BST (the windows are in
tests/scenarios/offer-answer-by.test.yaml).

- "Let us know by noon on Friday": due Fri 12:00, not 17:00. On Fri 09:30 the plan says so and
  names their date; `explain` shows the 1 working day held to it; the draft promises the answer
  by then, with the time ("12:00 on Friday 16 October 2026").
- "By Friday 23 October", nothing sent by Mon 19 Oct: overdue (late by one working day), but
  the coach would not have her ask for a date they gave: reply now, say sorry, ask in time to
  decide by the 23rd. The draft says sorry once and promises the answer by then.
- "By Friday 16 October", nothing sent by Mon 19 Oct: their date has passed too: reply now, say
  sorry and, if she needs more time, ask whether they can give it; the draft asks for it.
- Only an offer has it; before the offer it is refused at its file:line:col, exit 2; and
  `followup add offer --answer-by` writes it (and refuses a date before the offer).
"""

from __future__ import annotations

from pathlib import Path

from cli_support import run
from followup.events import load_events

EVENTS = """\
candidate: {name: Nora Quinn, timezone: Europe/London}
applications:
  - id: albion
    company: Albion Foods
    role: Supply Chain Lead
    industry: food
    recruiter: {name: Hannah Lee, honorific: Ms., email: hannah.lee@albion.example}
    events:
      - type: interview
        at: 2026-10-06T10:00
        round: 2
        interviewers:
          - {name: Mark Evans, honorific: Mr., email: mark.evans@albion.example,
             hiring_manager: true}
      - {type: thank_you_sent, at: 2026-10-06T15:00}
"""
OFFER = "      - {type: offer_received, at: 2026-10-15T11:00, answer_by: %s}\n"
REPLY = "albion/reply-to-offer/2026-10-15"
ASK_DATE = "by when they need your answer"
SORRY = "I am sorry that my reply comes later than I intended."


def _events(tmp_path: Path, answer_by: str) -> Path:
    path = tmp_path / "events.yaml"
    path.write_text(EVENTS + OFFER % answer_by, encoding="utf-8")
    return path


def _out(*args: str) -> str:
    code, out, err = run(*args, "--policy", "generic")
    assert code == 0, err
    return " ".join(out.split())


def test_an_answer_wanted_at_noon_makes_the_reply_due_at_noon(tmp_path: Path) -> None:
    path = str(_events(tmp_path, "2026-10-16T12:00"))
    plan = _out("plan", path, "--as-of", "2026-10-16T09:30")
    assert "DUE Thank them for the offer" in plan
    assert "window Thu 15 Oct 2026 11:00 -> Fri 16 Oct 2026 12:00" in plan
    assert (
        "note: they want your answer by Fri 16 Oct 12:00: thank them and ask your open questions"
        " in time to decide by then (G19)"
    ) in plan
    explained = _out("explain", path, REPLY, "--as-of", "2026-10-16T09:30")
    assert (
        "due_by = anchor + 1 business day, no later than answer_date 2026-10-16T12:00:00+01:00"
        " = 2026-10-16T12:00:00+01:00"
    ) in explained
    assert "due by the date they gave, Fri 16 Oct 12:00 in Europe/London, not Fri 16 Oct 17:00" in (
        explained
    )
    draft = _out("draft", path, REPLY, "--as-of", "2026-10-16T09:30")
    assert "I will give you my answer by 12:00 on Friday 16 October 2026, as you asked." in draft
    assert SORRY not in draft and ASK_DATE not in draft


def test_late_before_their_date_reply_now_without_asking_for_a_date(tmp_path: Path) -> None:
    path = str(_events(tmp_path, "2026-10-23"))
    plan = _out("plan", path, "--as-of", "2026-10-19T10:00")
    assert "OVERDUE Thank them for the offer" in plan
    assert (
        "note: reply now and say sorry for the delay: they want your answer by Fri 23 Oct 17:00,"
        " so ask your open questions in time to decide by then (G19)"
    ) in plan
    assert ASK_DATE not in plan
    draft = _out("draft", path, REPLY, "--as-of", "2026-10-19T10:00")
    assert draft.count(SORRY) == 1
    assert "I will give you my answer by Friday 23 October 2026, as you asked." in draft
    assert "Could you also let me know" not in draft


def test_past_their_date_reply_now_and_ask_for_more_time(tmp_path: Path) -> None:
    path = str(_events(tmp_path, "2026-10-16"))
    plan = _out("plan", path, "--as-of", "2026-10-19T10:00")
    assert (
        "note: the date they wanted your answer by, Fri 16 Oct 17:00, has passed: reply now, say"
        " sorry for the delay and, if you need more time to decide, ask whether they can give it"
    ) in plan
    assert ASK_DATE not in plan
    draft = _out("draft", path, REPLY, "--as-of", "2026-10-19T10:00")
    assert draft.count(SORRY) == 1
    assert (
        "I know that you asked for my answer by Friday 16 October 2026: if I need a little more"
        " time to decide, could you give it to me?"
    ) in draft


def test_their_date_is_named_in_their_time_too(tmp_path: Path) -> None:
    path = _events(tmp_path, "2026-10-16")
    text = path.read_text(encoding="utf-8").replace(
        "    industry: food\n", "    industry: food\n    timezone: America/New_York\n"
    )
    path.write_text(text, encoding="utf-8")
    plan = _out("plan", str(path), "--as-of", "2026-10-16T09:30")
    assert "they want your answer by Fri 16 Oct 22:00 (17:00 in America/New_York)" in plan


def test_only_an_offer_has_it_and_not_before_the_offer(tmp_path: Path) -> None:
    path = tmp_path / "events.yaml"
    bad = EVENTS.replace("at: 2026-10-06T15:00}", "at: 2026-10-06T15:00, answer_by: 2026-10-09}")
    path.write_text(bad, encoding="utf-8")
    code, out, err = run("plan", str(path), "--as-of", "2026-10-16T09:30")
    assert (code, out) == (2, "")
    assert err == (
        f"Error: {path}:15:65: applications[0].events[1].answer_by: only an offer asks for your"
        " answer by a date\n"
    )
    path.write_text(EVENTS + OFFER % "2026-10-14", encoding="utf-8")
    code, out, err = run("plan", str(path), "--as-of", "2026-10-16T09:30")
    assert (code, out) == (2, "")
    assert err == (
        f"Error: {path}:16:65: applications[0].events[2].answer_by: is before the offer itself"
        " (2026-10-14 < 2026-10-15)\n"
    )
    said_today = OFFER.replace("answer_by", "decision_by") % "2026-10-15"
    path.write_text(EVENTS + said_today, encoding="utf-8")
    code, _, err = run("plan", str(path), "--as-of", "2026-10-16T09:30")
    assert code == 2
    assert err.endswith(
        "decision_by: only an interview or a response can set it (the date they want your"
        " answer by is `answer_by`)\n"
    )


def test_an_offer_today_wanted_today_counts_from_the_offer(tmp_path: Path) -> None:
    # "Let us know by the end of today", said at 11:00: 17:00 that day, after the offer.
    (_, _, offer) = load_events(_events(tmp_path, "2026-10-15")).applications[0].events
    assert offer.answer_by is not None and offer.answer_by.isoformat() == (
        "2026-10-15T17:00:00+01:00"
    )


def test_add_offer_writes_answer_by(tmp_path: Path) -> None:
    path = tmp_path / "events.yaml"
    path.write_text(EVENTS, encoding="utf-8")
    args = ["add", "offer", "albion", "--file", str(path), "--as-of", "2026-10-15T12:00"]
    code, out, err = run(*args, "--at", "2026-10-15T11:00", "--answer-by", "2026-10-14")
    assert (code, out) == (2, "")
    assert (
        err
        == "Error: --answer-by 2026-10-14: is before the offer itself (2026-10-14 < 2026-10-15)\n"
    )
    assert path.read_text(encoding="utf-8") == EVENTS
    code, _, err = run(*args, "--at", "2026-10-15T11:00", "--answer-by", "2026-10-16T12:00")
    assert code == 0, err
    offer = load_events(path).applications[0].events[-1]
    assert offer.type == "offer_received" and offer.answer_by is not None
    assert offer.answer_by.isoformat() == "2026-10-16T12:00:00+01:00"


OWN_POLICY = """\
policy: own
format_version: 1
description: generic, and a note to yourself to decide by the date they want your answer
extends: generic
rules:
  - id: decide-by-their-date
    summary: Decide by the date they want your answer
    when: {event: offer_received, has_answer_date: true}
    action: {kind: reconsider, channel: note, to: candidate}
    timing: {anchor: trigger, not_before: 0h, due_by: 1w, deadline: answer_date}
    done_when: [withdrawn]
    because: Weigh the offer and decide by the date they gave.
    cites: [G19]
"""


def test_a_policy_of_your_own_can_hold_a_note_to_the_date_they_gave(tmp_path: Path) -> None:
    # The `has_answer_date` fact and `deadline: answer_date` are the policy's to use: a note to
    # yourself (no working hours) due at their date itself, and none for an offer without one.
    policy = tmp_path / "own.yaml"
    policy.write_text(OWN_POLICY, encoding="utf-8")
    path = str(_events(tmp_path, "2026-10-19T12:00"))
    code, out, err = run("plan", path, "--as-of", "2026-10-16T09:30", "--policy", str(policy))
    assert code == 0, err
    plan = " ".join(out.split())
    assert (
        "DUE Weigh the warning signs before going further window Thu 15 Oct 2026 11:00 -> Mon 19"
        " Oct 2026 12:00"
    ) in plan
    (tmp_path / "events.yaml").write_text(EVENTS + OFFER.replace(", answer_by: %s", ""), "utf-8")
    code, out, err = run("plan", path, "--as-of", "2026-10-16T09:30", "--policy", str(policy))
    assert code == 0, err
    assert "Weigh the warning signs" not in out
