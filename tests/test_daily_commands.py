"""`followup due`, `followup draft` and `followup ics` through the CLI, error paths included."""

from __future__ import annotations

from pathlib import Path

import icalendar
import pytest
from click.testing import CliRunner

from followup.cli import cli

EXAMPLE = str(Path(__file__).resolve().parent.parent / "examples" / "tech-panel.yaml")
AS_OF = ["--as-of", "2026-10-07T09:00"]
PANEL = "acme-sre/thank-you-panel-lead/2026-10-06"


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), env=env)
    return result.exit_code, result.stdout, result.stderr


def test_due_groups_by_urgency_and_says_what_to_do() -> None:
    code, out, _ = run("due", EXAMPLE, *AS_OF)
    assert code == 0
    assert out.index("DUE NOW") < out.index("COMING UP")
    assert "Send a thank-you note to Grace Hopper" in out and PANEL in out
    assert "\x1b[" not in out  # not a terminal: no colour


def test_due_today_leaves_out_what_opens_later() -> None:
    code, out, _ = run("due", EXAMPLE, *AS_OF, "--today")
    assert code == 0 and "DUE NOW" in out and "COMING UP" not in out


@pytest.mark.parametrize(("flag", "code"), [([], 0), (["--fail-if-overdue"], 1)])
def test_due_exit_code_only_fails_on_request(flag: list[str], code: int) -> None:
    late = ["--as-of", "2026-10-20T09:00"]  # the thank-yous and the status check are overdue
    result, out, _ = run("due", EXAMPLE, *late, *flag)
    assert "OVERDUE" in out and result == code


def test_due_with_nothing_open() -> None:
    code, out, _ = run("due", EXAMPLE, "--as-of", "2026-09-01T09:00")
    assert code == 0 and out == "Nothing to do.\n"


def test_draft_prints_subject_and_body_following_g27() -> None:
    code, out, _ = run("draft", EXAMPLE, PANEL, *AS_OF)
    assert code == 0
    assert out.startswith("Subject: ")
    assert "Dear Director Hopper," in out and "Sincerely,\nAda Lovelace" in out
    assert "on-call load" in out  # a topic from the interview (G16)
    assert "!" not in out


def test_draft_writes_atomically_and_refuses_to_overwrite(tmp_path: Path) -> None:
    target = tmp_path / "note.txt"
    assert run("draft", EXAMPLE, PANEL, *AS_OF, "-o", str(target))[0] == 0
    first = target.read_bytes()
    code, _, err = run("draft", EXAMPLE, PANEL, *AS_OF, "-o", str(target))
    assert code == 2 and "already exists; use --force" in err
    assert target.read_bytes() == first
    assert [p.name for p in tmp_path.iterdir()] == ["note.txt"]


def test_draft_with_a_template_missing_a_field_is_one_line(tmp_path: Path) -> None:
    template = tmp_path / "mine.j2"
    template.write_text("Subject: hi\n\nDear {{ recipient.nickname }},\n")
    code, _, err = run("draft", EXAMPLE, PANEL, *AS_OF, "--template", str(template))
    assert code == 2
    assert err.count("\n") == 1 and "mine.j2" in err and "nickname" in err


def test_draft_unknown_action_suggests_ids() -> None:
    code, _, err = run("draft", EXAMPLE, "acme-sre/thank-you-panel-lead/2026-10-07", *AS_OF)
    assert code == 2 and f"did you mean {PANEL}" in err


def test_ics_round_trips_with_stable_uids(tmp_path: Path) -> None:
    target = tmp_path / "plan.ics"
    assert run("ics", EXAMPLE, *AS_OF, "-o", str(target))[0] == 0
    calendar = icalendar.Calendar.from_ical(target.read_bytes())
    todos = [c for c in calendar.walk() if c.name == "VTODO"]
    _, out, _ = run("plan", EXAMPLE, *AS_OF, "--format", "json")
    import json

    open_actions = json.loads(out)["actions"]
    assert len(todos) == len(open_actions) == 4
    again = icalendar.Calendar.from_ical(run("ics", EXAMPLE, *AS_OF)[1].encode())
    assert sorted(str(t["UID"]) for t in todos) == sorted(
        str(t["UID"]) for t in again.walk() if t.name == "VTODO"
    )
    panel = next(t for t in todos if PANEL in str(t["DESCRIPTION"]))
    assert panel.decoded("DUE").isoformat() == "2026-10-07T09:00:00+00:00"


def test_due_reads_the_default_events_file() -> None:
    code, out, _ = run("due", *AS_OF, env={"FOLLOWUP_EVENTS": EXAMPLE})
    assert code == 0 and PANEL in out
