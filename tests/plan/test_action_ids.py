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


# -- names in other scripts and with accents ---------------------------------------------------

PANEL = """\
candidate: {name: Ada Lovelace, timezone: Europe/London}
applications:
  - id: acme
    company: Acme
    role: Engineer
    events:
      - type: interview
        at: 2026-10-06T10:00
        interviewers:
          - {name: María José García, email: mj@acme.example}
          - {name: Иван Петров, email: ivan@acme.example}
          - {name: 李伟, email: li@acme.example}
          - {name: 王芳, email: wang@acme.example}
          - {name: O'Brien-Smith, email: ob@acme.example}
"""


def test_each_interviewer_s_note_has_an_id_that_names_them(tmp_path: Path) -> None:
    """Five interviewers, five notes (G12), each id naming its person as one would type it:
    accents dropped, other scripts kept. Names without a Latin letter all became "x", and the
    two notes to Li Wei and Wang Fang were told apart only by a time (".../2026-10-06T1000/x")."""
    notes = {i for i in _ids(tmp_path, PANEL) if "/thank-you-each-interviewer/" in i}
    assert {i.rsplit("/", 1)[1] for i in notes} == {
        "maria-jose-garcia",
        "иван-петров",
        "李伟",
        "王芳",
        "o-brien-smith",
    }
    assert all(i.startswith("acme/thank-you-each-interviewer/2026-10-06/") for i in notes)


def test_a_dismissal_recorded_with_the_old_id_still_applies(tmp_path: Path) -> None:
    """Before, María José García's note had the id ".../mar-a-jos-garc-a": a dismissal recorded
    then must not bring the note back now that its id reads ".../maria-jose-garcia"."""
    old = "acme/thank-you-each-interviewer/2026-10-06/mar-a-jos-garc-a"
    dismissed = f"      - {{type: dismissed, at: 2026-10-06T12:00, action: {old}}}\n"
    path = tmp_path / "events.yaml"
    path.write_text(PANEL + dismissed, encoding="utf-8")
    result = plan(load_events(path), as_of=parse_as_of("2026-10-06T16:00", "Europe/London"))
    statuses = {a.id: a.status for a in result.actions}
    assert statuses["acme/thank-you-each-interviewer/2026-10-06/maria-jose-garcia"] == "dismissed"
    assert statuses["acme/thank-you-each-interviewer/2026-10-06/иван-петров"] == "due"


def test_a_command_given_the_old_id_finds_the_action(tmp_path: Path) -> None:
    """`followup done` with an id copied from a plan printed before the slugs changed records
    the thank-you to María José García; the id of a name without a Latin letter was "x" for
    every such person (Иван Петров, 李伟 and 王芳 all), so it names no one and is refused."""
    import pendulum
    from click.testing import CliRunner

    from followup.cli import cli
    from followup.dates.clock import FixedClock

    path = tmp_path / "events.yaml"
    path.write_text(PANEL, encoding="utf-8")
    now = FixedClock(pendulum.datetime(2026, 10, 6, 16, tz="Europe/London"))

    def run(*args: str) -> tuple[int, str]:
        result = CliRunner().invoke(cli, [*args, "--file", str(path)], obj={"clock": now})
        return result.exit_code, result.output

    head = "acme/thank-you-each-interviewer/2026-10-06"
    code, _ = run("done", f"{head}/mar-a-jos-garc-a")
    assert code == 0
    written = path.read_text(encoding="utf-8")
    assert "type: thank_you_sent" in written and "mj@acme.example" in written
    result = plan(load_events(path), as_of=parse_as_of("2026-10-06T17:00", "Europe/London"))
    statuses = {a.id: a.status for a in result.actions}
    assert statuses[f"{head}/maria-jose-garcia"] == "done"
    assert statuses[f"{head}/иван-петров"] == "due"

    before = path.read_text(encoding="utf-8")
    code, out = run("done", f"{head}/x")
    assert code == 2 and "no action" in out
    assert path.read_text(encoding="utf-8") == before
