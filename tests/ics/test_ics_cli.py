"""`followup ics`: actions as events with alarms (or to-dos) with stable UIDs, parsed back with
icalendar."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import icalendar
import pytest
from click.testing import CliRunner

import rfc5545
from followup.cli import cli
from paths import ROOT

EXAMPLE = str(ROOT / "examples" / "tech-panel.yaml")
AS_OF = ["--as-of", "2026-10-07T09:00"]
PANEL = "acme-sre/thank-you-panel-lead/2026-10-06"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def todos(data: bytes | str, kind: str = "VTODO") -> list[icalendar.cal.Component]:
    raw = data.encode() if isinstance(data, str) else data
    return list(icalendar.Calendar.from_ical(raw).walk(kind))


def open_events(data: bytes | str) -> list[icalendar.cal.Component]:
    return [e for e in todos(data, "VEVENT") if str(e["STATUS"]) != "CANCELLED"]


def test_ics_round_trips_one_event_per_open_action(tmp_path: Path) -> None:
    target = tmp_path / "plan.ics"
    code, out, _ = run("ics", EXAMPLE, *AS_OF, "-o", str(target))
    assert code == 0 and out == ""
    rfc5545.check(target.read_bytes())
    found = open_events(target.read_bytes())
    _, plan, _ = run("plan", EXAMPLE, *AS_OF, "--format", "json")
    open_actions = json.loads(plan)["actions"]
    assert len(found) == len(open_actions) == 4
    panel = next(t for t in found if PANEL in str(t["DESCRIPTION"]))
    assert panel.decoded("DTEND") == datetime(2026, 10, 7, 9, tzinfo=UTC)
    assert panel.walk("VALARM")
    _, everything, _ = run("plan", EXAMPLE, *AS_OF, "--format", "json", "--all")
    assert len(todos(target.read_bytes(), "VEVENT")) == len(json.loads(everything)["actions"])


def test_ics_dash_output_is_standard_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert run("ics", EXAMPLE, *AS_OF, "-o", "-") == run("ics", EXAMPLE, *AS_OF)
    assert not (tmp_path / "-").exists()


def test_ics_todo_round_trips_one_todo_per_open_action(tmp_path: Path) -> None:
    target = tmp_path / "plan.ics"
    code, out, _ = run("ics", EXAMPLE, *AS_OF, "--todo", "-o", str(target))
    assert code == 0 and out == ""
    rfc5545.check(target.read_bytes())
    found = [t for t in todos(target.read_bytes()) if str(t["STATUS"]) == "NEEDS-ACTION"]
    _, plan, _ = run("plan", EXAMPLE, *AS_OF, "--format", "json")
    open_actions = json.loads(plan)["actions"]
    assert len(found) == len(open_actions) == 4
    panel = next(t for t in found if PANEL in str(t["DESCRIPTION"]))
    assert panel.decoded("DUE") == datetime(2026, 10, 7, 9, tzinfo=UTC)
    assert panel.decoded("DTSTART") == datetime(2026, 10, 6, 9, tzinfo=UTC)
    assert panel.decoded("DTSTAMP") == datetime(2026, 10, 7, 8, tzinfo=UTC)  # = as_of
    assert str(panel["SUMMARY"]) == "Thank-you note to Grace Hopper — Acme"
    assert "To: Grace Hopper <grace@acme.example>" in str(panel["DESCRIPTION"])
    assert "Alan Turing" in str(panel["DESCRIPTION"])  # cc


def test_uids_are_stable_so_reimporting_updates(tmp_path: Path) -> None:
    first = {str(t["UID"]): t for t in open_events(run("ics", EXAMPLE, *AS_OF)[1])}
    later = {
        str(t["UID"]): t for t in open_events(run("ics", EXAMPLE, "--as-of", "2026-10-16T09:00")[1])
    }
    shared = set(first) & set(later)
    assert shared  # the status check is open on both days, under the same UID
    assert len(set(first)) == len(first)
    again = run("ics", EXAMPLE, *AS_OF)[1]
    assert again == run("ics", EXAMPLE, *AS_OF)[1]  # byte-identical for the same input


def test_nothing_open_is_an_empty_calendar(tmp_path: Path) -> None:
    # withdrawn the day of the interview: every action is cancelled
    events = tmp_path / "events.yaml"
    events.write_text(
        "candidate: {name: Ada, timezone: Europe/London}\n"
        "applications:\n"
        "  - {id: a, company: Acme, role: SRE, events: [\n"
        "      {type: interview, at: 2026-10-01T10:00, interviewers: [{name: Grace Hopper}]},\n"
        "      {type: withdrawn, at: 2026-10-01T12:00}]}\n",
        encoding="utf-8",
    )
    code, out, _ = run("ics", str(events), "--as-of", "2026-10-02T09:00")
    assert code == 0 and open_events(out) == []
    assert "BEGIN:VCALENDAR" in out


def test_output_replaces_an_older_export(tmp_path: Path) -> None:
    target = tmp_path / "plan.ics"
    target.write_text("old")
    assert run("ics", EXAMPLE, *AS_OF, "-o", str(target))[0] == 0
    assert len(open_events(target.read_bytes())) == 4
    assert [p.name for p in tmp_path.iterdir()] == ["plan.ics"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["ics", "/nonexistent/e.yaml"], "no such file"),
        (["ics", EXAMPLE, "--as-of", "someday"], "--as-of: not a date-time"),
        (["ics", EXAMPLE, "-o", "/nonexistent/dir/plan.ics"], "cannot write"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(args: list[str], message: str) -> None:
    code, out, err = run(*args)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and message in err, err


def test_ics_reads_the_daily_events_file_when_none_is_given(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("FOLLOWUP_EVENTS", EXAMPLE)
    code, out, _ = run("ics", *AS_OF)
    assert code == 0
    assert out == run("ics", EXAMPLE, *AS_OF)[1]
    assert icalendar.Calendar.from_ical(out).walk("VEVENT")


def test_reexport_after_acting_cancels_the_same_uid_with_a_higher_sequence(
    tmp_path: Path,
) -> None:
    events = tmp_path / "events.yaml"
    events.write_text(Path(EXAMPLE).read_text())
    before = {str(e["UID"]): e for e in todos(run("ics", str(events), *AS_OF)[1], "VEVENT")}
    before_todo = {str(t["UID"]): t for t in todos(run("ics", str(events), *AS_OF, "--todo")[1])}
    with events.open("a") as handle:  # the thank-you to Grace is sent
        handle.write(
            "      - {type: thank_you_sent, at: 2026-10-07T08:30:00+01:00,"
            " to: [grace@acme.example]}\n"
        )
    out = run("ics", str(events), *AS_OF)[1]
    assert out == run("ics", str(events), *AS_OF)[1]
    after = {str(e["UID"]): e for e in todos(out, "VEVENT")}
    uid = next(u for u, e in before.items() if PANEL in str(e["DESCRIPTION"]))
    assert str(before[uid]["STATUS"]) == "CONFIRMED"
    assert str(after[uid]["STATUS"]) == "CANCELLED" and not after[uid].walk("VALARM")
    assert int(after[uid]["SEQUENCE"]) > int(before[uid]["SEQUENCE"])
    todo = {str(t["UID"]): t for t in todos(run("ics", str(events), *AS_OF, "--todo")[1])}[uid]
    assert str(todo["STATUS"]) == "COMPLETED"
    assert todo.decoded("COMPLETED") == datetime(2026, 10, 7, 7, 30, tzinfo=UTC)
    assert int(todo["SEQUENCE"]) > int(before_todo[uid]["SEQUENCE"])
    # the sequence never goes down as time passes
    for day in ("2026-10-08", "2026-10-20", "2026-12-01"):
        later = {
            str(e["UID"]): e for e in todos(run("ics", str(events), "--as-of", day)[1], "VEVENT")
        }
        for key, event in after.items():
            assert int(later[key]["SEQUENCE"]) >= int(event["SEQUENCE"])
        after = later
