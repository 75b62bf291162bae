"""`followup draft`: the rule's or a given template, atomic -o, one-line errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from followup.cli import cli

EXAMPLE = str(Path(__file__).resolve().parent.parent / "examples" / "tech-panel.yaml")
AS_OF = ["--as-of", "2026-10-07T09:00"]
PANEL = "acme-sre/thank-you-panel-lead/2026-10-06"
STATUS_CHECK = "acme-sre/follow-up-after-decision-date/2026-10-06"
PANEL_HEADERS = (
    "To: Director Grace Hopper <grace@acme.example>\n"
    "Cc: Alan Turing <alan@acme.example>, Katherine Johnson <katherine@acme.example>\n"
)

POLICY = """\
policy: my-panel
extends: generic
rules:
  - id: thank-you-panel-lead
    when: {event: interview, format: panel}
    action:
      kind: thank_you
      channel: email
      to: lead_interviewer
      cc: other_interviewers
      template: templates/panel.j2
    timing: {anchor: interview, not_before: 0h, due_by: 24h}
    done_when: [thank_you_sent]
    because: One note to the lead.
    cites: [G26]
"""


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def policy(tmp_path: Path) -> Path:
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "panel.j2").write_text(
        "Subject: Thank you, {{ recipient.name }}\n\n"
        "Dear {{ recipient.name }},\nthank you for the {{ application.role }} panel.\n"
        "{{ candidate.name }}\n"
    )
    path = tmp_path / "my-panel.yaml"
    path.write_text(POLICY)
    return path


def test_draft_prints_subject_and_body_following_g27() -> None:
    code, out, _ = run("draft", EXAMPLE, PANEL, *AS_OF)
    assert code == 0
    assert out.startswith(PANEL_HEADERS)
    assert "Dear Director Hopper," in out and "Sincerely,\nAda Lovelace" in out
    assert "on-call load" in out  # a topic from the interview (G16)
    assert "!" not in out


def test_a_call_gets_talking_points_not_a_subject() -> None:
    code, out, _ = run("draft", EXAMPLE, STATUS_CHECK, *AS_OF, "--policy", "fast-paced")
    assert code == 0
    assert not out.startswith("Subject:")
    assert out.startswith("Call Sam Reed at Acme") and "Talking points:" in out


def test_the_rules_template_is_found_next_to_the_policy(policy: Path) -> None:
    code, out, err = run("draft", EXAMPLE, PANEL, *AS_OF, "--policy", str(policy))
    assert code == 0, err
    assert out == (
        f"{PANEL_HEADERS}Subject: Thank you, Grace Hopper\n\n"
        "Dear Grace Hopper,\nthank you for the Site Reliability Engineer panel.\nAda Lovelace\n"
    )


def test_a_given_template_wins_over_the_rules(policy: Path, tmp_path: Path) -> None:
    mine = tmp_path / "mine.j2"
    mine.write_text("Hello {{ recipient.name }}\n")
    code, out, _ = run(
        "draft", EXAMPLE, PANEL, *AS_OF, "--policy", str(policy), "--template", str(mine)
    )
    assert code == 0 and out == "Hello Grace Hopper\n"


def test_a_rules_template_that_is_missing_is_one_line(policy: Path) -> None:
    (policy.parent / "templates" / "panel.j2").unlink()
    code, _, err = run("draft", EXAMPLE, PANEL, *AS_OF, "--policy", str(policy))
    assert code == 2 and err.count("\n") == 1
    assert "panel.j2: template file not found" in err


def test_draft_writes_atomically_and_refuses_to_overwrite(tmp_path: Path) -> None:
    target = tmp_path / "note.txt"
    code, out, err = run("draft", EXAMPLE, PANEL, *AS_OF, "-o", str(target))
    assert code == 0 and out == "" and f"wrote {target}" in err
    first = target.read_bytes()
    assert first.startswith(PANEL_HEADERS.encode())
    code, _, err = run("draft", EXAMPLE, PANEL, *AS_OF, "-o", str(target))
    assert code == 2 and "already exists; use --force" in err
    assert target.read_bytes() == first
    assert [p.name for p in tmp_path.iterdir()] == ["note.txt"]
    target.write_text("old")
    assert run("draft", EXAMPLE, PANEL, *AS_OF, "-o", str(target), "--force")[0] == 0
    assert target.read_bytes() == first


@pytest.mark.parametrize(
    ("template", "message"),
    [
        ("Subject: hi\n\nDear {{ recipient.nickname }},\n", "missing field"),
        ("Dear {{ recipient.name }\n", "template syntax error"),
        (None, "template file not found"),
    ],
)
def test_a_bad_template_is_one_line(tmp_path: Path, template: str | None, message: str) -> None:
    path = tmp_path / "mine.j2"
    if template is not None:
        path.write_text(template)
    code, out, err = run("draft", EXAMPLE, PANEL, *AS_OF, "--template", str(path))
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "mine.j2" in err and message in err, err


def test_a_template_field_the_events_file_lacks_names_the_field(tmp_path: Path) -> None:
    path = tmp_path / "mine.j2"
    path.write_text("Dear {{ recipient.nickname }},\n")
    _, _, err = run("draft", EXAMPLE, PANEL, *AS_OF, "--template", str(path))
    assert "nickname" in err


def test_draft_unknown_action_suggests_ids() -> None:
    code, _, err = run("draft", EXAMPLE, "acme-sre/thank-you-panel-lead/2026-10-07", *AS_OF)
    assert code == 2 and f"did you mean {PANEL}" in err and err.count("\n") == 1


def test_draft_of_a_missing_events_file() -> None:
    code, _, err = run("draft", "/nonexistent/e.yaml", PANEL)
    assert code == 2 and "no such file" in err


def test_output_into_a_missing_folder_is_one_line(tmp_path: Path) -> None:
    code, _, err = run("draft", EXAMPLE, PANEL, *AS_OF, "-o", str(tmp_path / "no" / "x.txt"))
    assert code == 2 and "cannot write" in err and err.count("\n") == 1


def test_draft_reads_the_daily_events_file_when_none_is_given(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The daily loop: `followup draft ACTION_ID` drafts from the file `followup add` edits.
    monkeypatch.setenv("FOLLOWUP_EVENTS", EXAMPLE)
    code, out, _ = run("draft", PANEL, *AS_OF)
    assert code == 0
    assert out == run("draft", EXAMPLE, PANEL, *AS_OF)[1]
    assert "Dear Director Hopper," in out


def test_draft_with_three_arguments_is_a_usage_error() -> None:
    code, _, err = run("draft", EXAMPLE, PANEL, "extra", *AS_OF)
    assert code == 2
    assert "expected [EVENTS] ACTION_ID, got 3 arguments" in err


@pytest.mark.parametrize(
    ("template", "message"),
    [
        # A template can come with a policy someone else wrote: no way out to the system.
        ("{{ cycler.__init__.__globals__.os.popen('touch pwned').read() }}\n", "not allowed"),
        ("{% include 'evil.j2' %}\n", "it includes itself without end"),
    ],
    ids=["escape-to-os", "includes-itself"],
)
def test_a_hostile_template_is_refused_on_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, template: str, message: str
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "evil.j2").write_text(template)
    code, out, err = run("draft", EXAMPLE, PANEL, *AS_OF, "--template", "evil.j2")
    assert code == 2 and out == ""
    assert err.startswith("Error: evil.j2") and message in err and err.count("\n") == 1
    assert not (tmp_path / "pwned").exists()
