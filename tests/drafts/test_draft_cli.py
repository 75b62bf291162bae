"""`followup draft`: the rule's or a given template, To/Cc lines, what happened, atomic -o and
.eml drafts, one-line errors."""

from __future__ import annotations

import email.policy
import json
from datetime import datetime
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner

from followup.cli import cli
from paths import ROOT

EXAMPLE = str(ROOT / "examples" / "tech-panel.yaml")
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


def test_a_template_over_its_fixed_limit_does_not_point_at_max_input_size(tmp_path: Path) -> None:
    """The template limit is fixed (1 MiB): the refusal says what it is the limit of, and
    does not send the user to --max-input-size, which does not raise it."""
    path = tmp_path / "mine.j2"
    path.write_text("Dear {{ recipient.name }},\n" + "x" * (1024 * 1024))
    code, out, err = run(
        "draft", EXAMPLE, PANEL, *AS_OF, "--template", str(path), "--max-input-size", "50"
    )
    assert code == 2 and out == "" and err.count("\n") == 1, err
    assert "mine.j2" in err and "-byte limit of a template" in err
    assert "--max-input-size" not in err


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


# -- drafts say only what happened, from a realistic events file ---------------------------------

# Ada, in New York, had a second interview with Mr. Whitaker (lead) and Priya Nair, arranged by
# Ms. Reed, a recruiter in London who was not in the room. Mr. Whitaker said a decision would
# come by Friday 16 October.
NORTHWIND = """\
candidate: {name: Ada Lovelace, timezone: America/New_York, email: ada@example.org}
applications:
  - id: north
    company: Northwind
    role: Logistics Analyst
    industry: %(industry)s
    recruiter:
      {name: Sam Reed, honorific: Ms., email: sam@northwind.example, timezone: Europe/London}
    events:
      - type: interview
        at: 2026-10-06T10:00:00-04:00
        round: 2
        decision_by: 2026-10-16
        topics: [peak-season staffing]
        interviewers:
          - {name: Tom Whitaker, honorific: Mr., email: tom@northwind.example, lead: true}
          - {name: Priya Nair, email: priya@northwind.example}
%(more)s"""
THANKED = "      - {type: thank_you_sent, at: 2026-10-06T18:00:00-04:00}\n"
FIRST_FOLLOW_UP = "      - {type: follow_up_sent, at: 2026-10-20T10:00:00-04:00}\n"
TO_RECRUITER = "north/thank-you-recruiter/2026-10-06"
TO_LEAD = "north/thank-you-each-interviewer/2026-10-06/tom-whitaker"
CHECK_IN = "north/follow-up-after-decision-date/2026-10-06"
FINAL = "north/final-follow-up/2026-10-20"


def northwind(tmp_path: Path, more: str = "", industry: str = "logistics") -> str:
    path = tmp_path / "events.yaml"
    path.write_text(NORTHWIND % {"industry": industry, "more": more})
    return str(path)


def test_the_recruiter_is_thanked_for_arranging_not_for_a_conversation(tmp_path: Path) -> None:
    code, out, err = run("draft", northwind(tmp_path), TO_RECRUITER, "--as-of", "2026-10-06T15:00")
    assert code == 0, err
    assert out.startswith("To: Ms. Sam Reed <sam@northwind.example>\nSubject: ")
    assert "Dear Ms. Reed," in out and "Thank you for arranging my second interview" in out
    assert "our conversation about peak-season staffing" not in out
    code, out, _ = run("draft", northwind(tmp_path), TO_LEAD, "--as-of", "2026-10-06T15:00")
    assert "Dear Mr. Whitaker," in out and "our conversation about peak-season staffing" in out


def test_the_check_in_to_the_recruiter_says_who_gave_the_date(tmp_path: Path) -> None:
    events = northwind(tmp_path, THANKED)
    code, out, err = run("draft", events, CHECK_IN, "--as-of", "2026-10-19T09:00")
    assert code == 0, err
    assert out.startswith("To: Ms. Sam Reed <sam@northwind.example>\n")
    assert "I understood from Mr. Whitaker that a decision was expected by Friday 16 October" in out
    assert "you mentioned" not in out and "When we spoke" not in out


def test_a_call_gives_the_window_in_the_recruiters_time_and_the_candidates(tmp_path: Path) -> None:
    events = northwind(tmp_path, THANKED, industry="technology")  # fast-paced: a call
    as_of = ["--as-of", "2026-10-19T09:00"]
    code, out, err = run("draft", events, CHECK_IN, *as_of)
    assert code == 0, err
    assert out.startswith("Call Ms. Reed at Northwind")
    assert "understood from Mr. Whitaker" in out
    plan = json.loads(run("plan", events, *as_of, "--format", "json", "--all")[1])
    action = next(a for a in plan["actions"] if a["id"] == CHECK_IN)
    opens = datetime.fromisoformat(action["not_before"])
    london = opens.astimezone(ZoneInfo("Europe/London"))
    new_york = opens.astimezone(ZoneInfo("America/New_York"))
    when = next(line for line in out.splitlines() if line.startswith("When: "))
    there, _, here = when.partition(" = ")
    assert f"{london.day} {london:%B %Y}" in there and f"{london:%H:%M} to " in there
    assert there.endswith("their time (London)")
    assert f"{new_york.day} {new_york:%B %Y}" in here and f"{new_york:%H:%M} to " in here
    assert "your time (New York)" in here


def test_a_call_gives_the_number_the_events_file_has_for_the_person(tmp_path: Path) -> None:
    events = northwind(tmp_path, THANKED, industry="technology")  # fast-paced: a call
    as_of = ["--as-of", "2026-10-19T09:00"]
    assert "Number:" not in run("draft", events, CHECK_IN, *as_of)[1]
    text = Path(events).read_text().replace("timezone: Europe/London}", (
        'timezone: Europe/London, phone: "+44 20 7946 0018"}'
    ))  # fmt: skip
    Path(events).write_text(text)
    code, out, err = run("draft", events, CHECK_IN, *as_of)
    assert code == 0, err
    assert out.startswith("Call Ms. Reed at Northwind")
    assert "\nNumber: +44 20 7946 0018\n" in out


def test_the_final_follow_up_says_it_is_the_last_and_is_not_the_first_again(
    tmp_path: Path,
) -> None:
    events = northwind(tmp_path, THANKED + FIRST_FOLLOW_UP)
    _, first, _ = run("draft", events, CHECK_IN, "--as-of", "2026-10-19T09:00")
    code, final, err = run("draft", events, FINAL, "--as-of", "2026-10-28T09:00")
    assert code == 0, err
    assert "this will be my last note" in final
    assert "following my message of Tuesday 20 October 2026" in final
    assert len(final) < len(first) and final != first
    assert text_parts(final)[0]["To"] == text_parts(first)[0]["To"]  # the same person
    first_lines = {line for line in text_parts(first)[1].splitlines() if len(line) > 20}
    assert not first_lines & set(text_parts(final)[1].splitlines())


def test_a_late_thank_you_says_sorry_for_the_delay(tmp_path: Path) -> None:
    events = northwind(tmp_path)
    _, on_time, _ = run("draft", events, TO_LEAD, "--as-of", "2026-10-06T15:00")
    code, late, err = run("draft", events, TO_LEAD, "--as-of", "2026-10-09T09:00")
    assert code == 0, err
    assert "I am sorry this note comes later than I intended." in late
    assert "sorry" not in on_time


def test_a_thank_you_snoozed_past_three_days_still_says_sorry(tmp_path: Path) -> None:
    """G11: more than 3 days after the interview (Tue 6 Oct 10:00) a thank-you is late, even when
    a snooze to Sun 11 Oct makes its window open then ("due", not "overdue")."""
    snoozed = (
        "      - {type: snoozed, at: 2026-10-06T18:00:00-04:00, until: 2026-10-11T09:00:00-04:00,\n"
        f"         action: {TO_LEAD}}}\n"
    )
    events = northwind(tmp_path, snoozed)
    assert plan_action(events, TO_LEAD, "2026-10-11T10:00")["status"] == "due"
    code, out, err = run("draft", events, TO_LEAD, "--as-of", "2026-10-11T10:00")
    assert code == 0, err
    assert "I am sorry this note comes later than I intended." in out
    snoozed_briefly = snoozed.replace("2026-10-11T09:00", "2026-10-07T09:00")
    events = northwind(tmp_path, snoozed_briefly)
    _, out, _ = run("draft", events, TO_LEAD, "--as-of", "2026-10-07T10:00")
    assert "sorry" not in out


# -- -o NAME.eml ---------------------------------------------------------------------------------


def read_eml(path: Path) -> EmailMessage:
    message = BytesParser(policy=email.policy.default).parsebytes(path.read_bytes())
    assert isinstance(message, EmailMessage)
    return message


def text_parts(text: str) -> tuple[dict[str, str], str]:
    head, _, body = text.partition("\n\n")
    return dict(line.split(": ", 1) for line in head.splitlines()), body


def test_eml_is_the_printed_draft_as_a_message_a_mail_client_opens(tmp_path: Path) -> None:
    target = tmp_path / "note.eml"
    code, out, err = run("draft", EXAMPLE, PANEL, *AS_OF, "-o", str(target))
    assert code == 0 and out == "" and f"wrote {target}" in err
    headers, body = text_parts(run("draft", EXAMPLE, PANEL, *AS_OF)[1])
    message = read_eml(target)
    assert message["X-Unsent"] == "1"
    assert message["To"].addresses[0].display_name == "Director Grace Hopper"
    assert message["To"].addresses[0].addr_spec == "grace@acme.example"
    assert [a.addr_spec for a in message["Cc"].addresses] == [
        "alan@acme.example",
        "katherine@acme.example",
    ]
    assert message["Subject"] == headers["Subject"]
    assert message["From"] is None  # the example gives no address for the candidate
    assert message["Date"] is None
    content = message.get_body()
    assert content is not None and content.get_content().replace("\r\n", "\n") == body
    # Deterministic: the same inputs, the same bytes.
    again = tmp_path / "again.eml"
    assert run("draft", EXAMPLE, PANEL, *AS_OF, "-o", str(again))[0] == 0
    assert again.read_bytes() == target.read_bytes()


def test_eml_from_is_the_candidate_and_to_has_the_honorific(tmp_path: Path) -> None:
    target = tmp_path / "Thanks.EML"
    events = northwind(tmp_path)
    code, _, err = run("draft", events, TO_LEAD, "--as-of", "2026-10-06T15:00", "-o", str(target))
    assert code == 0, err
    message = read_eml(target)
    assert message["From"] == "Ada Lovelace <ada@example.org>"
    assert message["To"] == '"Mr. Tom Whitaker" <tom@northwind.example>'
    assert message["Subject"] == "Thank you - second interview for Logistics Analyst"


def test_eml_keeps_an_existing_file_and_never_replaces_an_input(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    target = tmp_path / "note.eml"
    target.write_bytes(b"mine")
    code, _, err = run("draft", EXAMPLE, PANEL, *AS_OF, "-o", str(target))
    assert code == 2 and "already exists; use --force" in err and err.count("\n") == 1
    assert target.read_bytes() == b"mine"
    assert run("draft", EXAMPLE, PANEL, *AS_OF, "-o", str(target), "--force")[0] == 0
    assert read_eml(target)["X-Unsent"] == "1"
    # An events file may have any name; -o never writes onto the command's own input.
    events = tmp_path / "events.eml"
    events.write_bytes(Path(EXAMPLE).read_bytes())
    code, _, err = run("draft", "events.eml", PANEL, *AS_OF, "-o", "./events.eml", "--force")
    assert code == 2 and "that is an input of this command" in err
    assert events.read_bytes() == Path(EXAMPLE).read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["events.eml", "note.eml"]


def test_a_call_cannot_be_written_as_eml(tmp_path: Path) -> None:
    target = tmp_path / "call.eml"
    code, out, err = run(
        "draft", EXAMPLE, STATUS_CHECK, *AS_OF, "--policy", "fast-paced", "-o", str(target)
    )
    assert code == 2 and out == "" and err.count("\n") == 1
    assert "is a phone action, not an email" in err
    assert not target.exists()


def test_eml_warns_about_recipients_without_an_address(tmp_path: Path) -> None:
    events = tmp_path / "events.yaml"
    events.write_text(Path(EXAMPLE).read_text().replace(", email: katherine@acme.example", ""))
    target = tmp_path / "note.eml"
    code, _, err = run("draft", str(events), PANEL, *AS_OF, "-o", str(target))
    assert code == 0
    assert "warning: no email address for Katherine Johnson" in err
    message = read_eml(target)
    assert [a.addr_spec for a in message["Cc"].addresses] == ["alan@acme.example"]
    _, out, _ = run("draft", str(events), PANEL, *AS_OF)
    assert "Cc: Alan Turing <alan@acme.example>, Katherine Johnson\n" in out


# -- what the plan decided: covered questions, two hiring managers, fallbacks, zones -------------

# No decision date this time; Mr. Whitaker is the hiring manager; the office is in London.
NORTHWIND_OFFICE = """\
candidate: {name: Ada Lovelace, timezone: America/New_York, email: ada@example.org}
applications:
  - id: north
    company: Northwind
    role: Logistics Analyst
    industry: %(industry)s
    timezone: Europe/London
    recruiter: {name: Sam Reed, honorific: Ms., email: sam@northwind.example}
    events:
      - type: interview
        at: 2026-10-06T10:00:00-04:00
        round: 2
%(decision)s        topics: [peak-season staffing]
        interviewers:
          - {name: Tom Whitaker, honorific: Mr., email: tom@northwind.example, hiring_manager: true}
          - {name: Priya Nair, email: priya@northwind.example}
%(more)s"""
OFFER = "      - {type: offer_received, at: 2026-10-20T11:00:00-04:00}\n"


def northwind_office(
    tmp_path: Path, more: str = "", industry: str = "logistics", decision: str = ""
) -> str:
    path = tmp_path / "office.yaml"
    path.write_text(NORTHWIND_OFFICE % {"industry": industry, "more": more, "decision": decision})
    return str(path)


def plan_action(events: str, action_id: str, as_of: str) -> dict[str, object]:
    code, out, err = run("plan", events, "--as-of", as_of, "--format", "json", "--all")
    assert code == 0, err
    return next(a for a in json.loads(out)["actions"] if a["id"] == action_id)


def test_the_recruiters_thank_you_asks_the_timeline_it_covers(tmp_path: Path) -> None:
    events, as_of = northwind_office(tmp_path), "2026-10-06T15:00"
    assert plan_action(events, TO_RECRUITER, as_of)["covers"] == ["ask-about-timeline"]
    code, out, err = run("draft", events, TO_RECRUITER, "--as-of", as_of)
    assert code == 0, err
    assert "Thank you for arranging my second interview" in out
    assert "when you expect to reach a decision" in out
    # Mr. Whitaker's own thank-you covers nothing: it does not ask again.
    assert plan_action(events, TO_LEAD, as_of)["covers"] == []
    _, lead, _ = run("draft", events, TO_LEAD, "--as-of", as_of)
    assert "our conversation about peak-season staffing" in lead
    assert "when you expect to reach a decision" not in lead


def test_a_lapsed_thank_you_still_drafts_with_an_apology(tmp_path: Path) -> None:
    events, as_of = northwind_office(tmp_path), "2026-10-20T09:00"
    assert plan_action(events, TO_LEAD, as_of)["status"] == "lapsed"
    code, out, _ = run("draft", events, TO_LEAD, "--as-of", as_of)
    assert code == 0 and "I am sorry this note comes later than I intended." in out


def test_the_offer_reply_thanks_the_recruiter_and_the_hiring_manager(tmp_path: Path) -> None:
    events, as_of = northwind_office(tmp_path, OFFER), "2026-10-20T15:00"
    reply = "north/reply-to-offer/2026-10-20"
    code, out, err = run("draft", events, reply, "--as-of", as_of)
    assert code == 0, err
    assert out.startswith(
        "To: Ms. Sam Reed <sam@northwind.example>, Mr. Tom Whitaker <tom@northwind.example>\n"
        "Subject: Re: Offer for Logistics Analyst\n\nDear Ms. Reed and Mr. Whitaker,\n"
        "\nThank you both for offering me"
    )
    assert "clarify" in out and out.count("\n- [") == 3  # the open questions (G19)
    target = tmp_path / "offer.eml"
    assert run("draft", events, reply, "--as-of", as_of, "-o", str(target))[0] == 0
    message = read_eml(target)
    assert [a.addr_spec for a in message["To"].addresses] == [
        "sam@northwind.example",
        "tom@northwind.example",
    ]
    assert message["From"] == "Ada Lovelace <ada@example.org>"


def test_a_call_reads_the_window_in_the_offices_zone(tmp_path: Path) -> None:
    # Ms. Reed has no zone of her own: the application's office zone (London) is hers.
    events = northwind_office(
        tmp_path, THANKED, industry="technology", decision="        decision_by: 2026-10-16\n"
    )
    as_of = "2026-10-19T09:00"
    action = plan_action(events, CHECK_IN, as_of)
    assert action["channel"] == "phone" and action["recipient_timezone"] == "Europe/London"
    code, out, err = run("draft", events, CHECK_IN, "--as-of", as_of)
    assert code == 0, err
    assert "their time (London) = " in out and "your time (New York)" in out
    # A bare date from Mr. Whitaker, the hiring manager who led the interview.
    assert "understood from Mr. Whitaker that a decision was expected by Friday 16 October" in out


def test_a_call_with_nobody_to_call_falls_back_to_an_email_draft(tmp_path: Path) -> None:
    path = tmp_path / "globex.yaml"
    path.write_text(
        "candidate: {name: Ada Lovelace, timezone: America/New_York}\n"
        "applications:\n"
        "  - id: globex\n"
        "    company: Globex\n"
        "    role: Data Engineer\n"
        "    industry: technology\n"
        "    events:\n"
        "      - type: interview\n"
        "        at: 2026-10-06T10:00:00-04:00\n"
        "        decision_by: 2026-10-16\n"
        "        interviewers:\n"
        "          - {name: Hank Scorpio, title: CEO, email: hank@globex.example}\n"
    )
    check_in = "globex/follow-up-after-decision-date/2026-10-06"
    assert plan_action(str(path), check_in, "2026-10-19T15:00")["channel"] == "email"
    code, out, err = run("draft", str(path), check_in, "--as-of", "2026-10-19T15:00")
    assert code == 0, err
    assert out.startswith("To: Hank Scorpio <hank@globex.example>\nSubject: Follow-up on ")
    assert "During our interview, you mentioned that you expected to reach a decision by" in out
    assert "Talking points" not in out


COFFEE = """\
candidate: {name: Ada Lovelace, timezone: Europe/London}
applications:
  - id: folio
    company: Folio Press
    role: Designer
    recruiter: {name: Sam Reed, honorific: Ms., email: sam@folio.example}
    events:
      - type: interview
        at: 2026-10-06T10:00
        format: informal
        interviewers:
          - {name: Grace Hopper, honorific: Ms., email: grace@folio.example}
"""


def test_a_coffee_chats_notes_call_it_an_informal_interview(tmp_path: Path) -> None:
    # a coffee chat is not written up as a formal interview: the notes say what it was
    events = tmp_path / "events.yaml"
    events.write_text(COFFEE)
    at = ["--as-of", "2026-10-07T15:00"]
    code, out, err = run(
        "draft", str(events), "folio/thank-you-informal/2026-10-06/grace-hopper", *at
    )
    assert code == 0, err
    assert "Subject: Thank you - informal interview for Designer" in out
    assert "during my informal interview for the Designer position" in out
    code, out, err = run("draft", str(events), "folio/thank-you-recruiter-informal/2026-10-06", *at)
    assert code == 0, err
    assert "Thank you for arranging my informal interview for the Designer position" in out
    assert "when you expect to reach a decision" in out  # the question rides in her note
