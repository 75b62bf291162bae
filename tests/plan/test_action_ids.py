"""Issue 13: an action's id stays the same when a second interview is recorded the same day."""

from __future__ import annotations

from pathlib import Path

from followup.api import plan
from followup.dates.reading import parse_as_of
from followup.events import load_events

FIRST = """\
candidate: {name: Ada Lovelace, timezone: Europe/London}
applications:
  - id: acme
    company: Acme
    role: Engineer
    events:
      - {type: interview, at: 2026-10-06T10:00, interviewers: [{name: Grace Hopper}]}
"""
SECOND = (
    "      - {type: interview, at: 2026-10-06T15:00, round: 2,\n"
    "         interviewers: [{name: Alan Turing}]}\n"
)


def _ids(tmp_path: Path, text: str) -> set[str]:
    path = tmp_path / "events.yaml"
    path.write_text(text, encoding="utf-8")
    result = plan(load_events(path), as_of=parse_as_of("2026-10-06T16:00", "Europe/London"))
    return {a.id for a in result.actions}


def test_the_first_interviews_ids_survive_a_second_interview_that_day(tmp_path: Path) -> None:
    before = _ids(tmp_path, FIRST)
    after = _ids(tmp_path, FIRST + SECOND)
    assert "acme/thank-you-each-interviewer/2026-10-06/grace-hopper" in before
    kept = {i for i in before if "thank-you" in i}
    assert kept <= after  # the calendar's entries for the morning keep their UIDs
    assert "acme/thank-you-each-interviewer/2026-10-06/alan-turing" in after
    # a rule both interviews start gets the plain id for the morning, a time for the afternoon
    assert "acme/move-on-after-a-month-of-silence/2026-10-06" in after
    assert "acme/move-on-after-a-month-of-silence/2026-10-06T1500" in after
