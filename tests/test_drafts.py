"""Drafts: built-in templates per kind, greetings, closings, custom templates and their errors."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from followup.drafts import (
    TEMPLATE_DIR,
    Contact,
    Draft,
    DraftContext,
    builtin_template,
    list_templates,
    render_draft,
)
from followup.errors import InputError

GRACE = {
    "name": "Grace Hopper",
    "honorific": "Dr.",
    "title": "Engineering Director",
    "email": "grace@acme.example",
    "lead": True,
}
ALAN = {"name": "Alan Turing", "email": "alan@acme.example", "lead": False}
RECRUITER = {"name": "Rita Moreno", "email": "rita@acme.example", "title": "Recruiter"}

EMOJI = re.compile(
    "[\U0001f000-\U0001faff\U00002600-\U000027bf\U0001f1e6-\U0001f1ff\U0000fe0f\U0000200d]"
)
ALL_KINDS = (
    "thank_you",
    "follow_up",
    "move_on",
    "gracious_reply",
    "offer_reply",
    "keep_in_touch",
    "ask_timeline",
    "reconsider",
)


def make_action(kind: str, channel: str = "email", **extra: Any) -> dict[str, Any]:
    action: dict[str, Any] = {
        "id": f"acme-sre/{kind}/2026-10-06/grace-hopper",
        "application": "acme-sre",
        "policy": "generic",
        "rule": "some-rule",
        "kind": kind,
        "channel": channel,
        "to": ["Grace Hopper <grace@acme.example>"],
        "cc": [],
        "not_before": "2026-10-06T10:00:00+01:00",
        "due_by": "2026-10-07T10:00:00+01:00",
        "status": "due",
        "explanation": {
            "summary": "Send a thank-you note",
            "because": "an interview ended",
            "cites": ["G11"],
            "rule_source": "policies/generic.yaml:12",
            "matched_events": [0],
            "timing": "within 24 hours",
            "cancelled_by": None,
        },
    }
    action.update(extra)
    return action


def make_context(
    *,
    topics: list[str] | None = None,
    recipient: dict[str, Any] | None = GRACE,
    interviewers: list[dict[str, Any]] | None = None,
    decision_by: str | None = "2026-10-16",
    with_interview: bool = True,
) -> DraftContext:
    interview = {
        "at": "2026-10-06T09:00:00+01:00",
        "round": 2,
        "format": "panel",
        "decision_by": decision_by,
        "topics": topics or [],
        "interviewers": interviewers if interviewers is not None else [GRACE, ALAN],
    }
    return DraftContext.from_dicts(
        candidate={"name": "Ada Lovelace", "email": "ada@example.org"},
        application={
            "id": "acme-sre",
            "company": "Acme",
            "role": "Site Reliability Engineer",
            "industry": "technology",
            "recruiter": RECRUITER,
        },
        interview=interview if with_interview else None,
        recipient=recipient,
    )


# -- built-in templates, table-driven over kinds -------------------------------------------------

EXPECTED_TEMPLATE = {
    ("thank_you", "email"): "thank_you.email.j2",
    ("follow_up", "email"): "follow_up.email.j2",
    ("follow_up", "phone"): "follow_up.phone.j2",
    ("gracious_reply", "email"): "gracious_reply.email.j2",
    ("offer_reply", "email"): "offer_reply.email.j2",
    ("move_on", "email"): "move_on.note.j2",
    ("keep_in_touch", "email"): "keep_in_touch.email.j2",
    ("ask_timeline", "email"): "ask_timeline.email.j2",
    ("reconsider", "phone"): "reconsider.note.j2",
}
LETTERS = {key for key, name in EXPECTED_TEMPLATE.items() if name.endswith(".email.j2")}


@pytest.mark.parametrize(("kind", "channel"), sorted(EXPECTED_TEMPLATE))
def test_template_selection_by_kind_and_channel(kind: str, channel: str) -> None:
    draft = render_draft(make_action(kind, channel), make_context())
    assert draft.template_name == EXPECTED_TEMPLATE[kind, channel]
    assert draft.channel == channel


@pytest.mark.parametrize(("kind", "channel"), sorted(LETTERS))
def test_letters_greet_with_honorific_and_close_sincerely(kind: str, channel: str) -> None:
    draft = render_draft(make_action(kind, channel), make_context())
    assert draft.subject
    assert draft.body.startswith("Dear Dr. Hopper,\n")
    assert draft.body.endswith("\nSincerely,\nAda Lovelace\n")
    assert "Subject:" not in draft.body


@pytest.mark.parametrize(("kind", "channel"), sorted(EXPECTED_TEMPLATE))
def test_rendered_drafts_have_no_exclamation_marks_or_emoji(kind: str, channel: str) -> None:
    draft = render_draft(make_action(kind, channel), make_context(topics=["on-call"]))
    text = f"{draft.subject or ''}\n{draft.body}"
    assert "!" not in text
    assert not EMOJI.search(text)
    assert "\n\n\n" not in draft.body
    assert draft.body.endswith("\n")
    assert not draft.body.endswith("\n\n")


@pytest.mark.parametrize(
    ("kind", "channel", "subject"),
    [
        ("follow_up", "email", "Follow-up on Candidate for Site Reliability Engineer"),
        ("thank_you", "email", "Thank you - second interview for Site Reliability Engineer"),
        ("follow_up", "phone", None),
        ("move_on", "email", None),
        ("reconsider", "email", None),
    ],
)
def test_subjects(kind: str, channel: str, subject: str | None) -> None:
    assert render_draft(make_action(kind, channel), make_context()).subject == subject


def test_greeting_without_honorific_uses_full_name() -> None:
    context = make_context(recipient=ALAN)
    draft = render_draft(make_action("thank_you", to=["Alan Turing <alan@acme.example>"]), context)
    assert draft.body.startswith("Dear Alan Turing,\n")


def test_greeting_found_from_to_when_no_recipient_given() -> None:
    draft = render_draft(make_action("follow_up"), make_context(recipient=None))
    assert draft.body.startswith("Dear Dr. Hopper,\n")


def test_greeting_falls_back_without_anyone_to_address() -> None:
    context = make_context(recipient=None, interviewers=[])
    draft = render_draft(make_action("follow_up", to=[]), context)
    assert draft.body.startswith("Dear Hiring Manager,\n")


def test_follow_up_mentions_interview_date_promised_date_and_interest() -> None:
    body = render_draft(make_action("follow_up"), make_context()).body
    assert "Tuesday 6 October 2026" in body
    assert "by Friday 16 October 2026" in body
    assert "keen on this role" in body
    assert "[restate" in body


def test_follow_up_without_promised_date_does_not_invent_one() -> None:
    body = render_draft(make_action("follow_up"), make_context(decision_by=None)).body
    assert "expected to have news" not in body


@pytest.mark.parametrize(
    ("topics", "present", "absent"),
    [
        (["the on-call rotation"], "our conversation about the on-call rotation", "[mention"),
        ([], "[mention one specific topic you discussed", "our conversation about"),
    ],
)
def test_thank_you_topic_or_placeholder(topics: list[str], present: str, absent: str) -> None:
    body = render_draft(make_action("thank_you"), make_context(topics=topics)).body
    assert present in body
    assert absent not in body


def test_panel_thank_you_addresses_lead_and_mentions_panel() -> None:
    action = make_action("thank_you", cc=["Alan Turing <alan@acme.example>"])
    body = render_draft(action, make_context(recipient=None)).body
    assert body.startswith("Dear Dr. Hopper,\n")
    assert "the whole panel, including Alan Turing" in body


def test_single_thank_you_does_not_mention_a_panel() -> None:
    body = render_draft(make_action("thank_you"), make_context()).body
    assert "panel" not in body


def test_thank_you_to_recruiter_thanks_for_arranging() -> None:
    action = make_action("thank_you", to=["Rita Moreno <rita@acme.example>"])
    body = render_draft(action, make_context(recipient=RECRUITER)).body
    assert body.startswith("Dear Rita Moreno,\n")
    assert "Thank you for arranging my second interview" in body


def test_phone_follow_up_is_talking_points() -> None:
    draft = render_draft(make_action("follow_up", "phone"), make_context())
    assert draft.subject is None
    assert "Talking points:" in draft.body
    assert "Friday 16 October 2026" in draft.body
    assert "Dear" not in draft.body


def test_offer_reply_thanks_and_lists_open_questions() -> None:
    body = render_draft(make_action("offer_reply"), make_context(with_interview=False)).body
    assert "Thank you for offering me the Site Reliability Engineer position" in body
    assert body.count("\n- [") == 3


def test_gracious_reply_asks_to_be_considered_later() -> None:
    body = render_draft(make_action("gracious_reply"), make_context()).body
    assert "Thank you for letting me know" in body
    assert "considered for future openings" in body


def test_move_on_note_says_keep_applying_and_quotes_the_reason() -> None:
    body = render_draft(make_action("move_on"), make_context()).body
    assert "Keep applying" in body
    assert "Why now: an interview ended" in body


@pytest.mark.parametrize("kind", ALL_KINDS)
def test_every_kind_has_a_builtin_template(kind: str) -> None:
    assert builtin_template(kind, "email").is_file()


def test_unknown_kind_is_an_input_error() -> None:
    with pytest.raises(InputError, match="no built-in template for action kind 'sing'"):
        render_draft(make_action("sing"), make_context())


# -- the built-in template files themselves ------------------------------------------------------


def test_list_templates_matches_the_directory() -> None:
    names = list_templates()
    assert names == sorted(p.name for p in TEMPLATE_DIR.glob("*.j2"))
    assert set(EXPECTED_TEMPLATE.values()) <= set(names)


@pytest.mark.parametrize("name", list_templates())
def test_builtin_templates_have_no_exclamation_marks_or_emoji(name: str) -> None:
    text = (TEMPLATE_DIR / name).read_text(encoding="utf-8")
    assert "!" not in text, f"{name} contains '!'"
    assert not EMOJI.search(text), f"{name} contains an emoji"


# -- custom templates ----------------------------------------------------------------------------


def test_copied_and_edited_builtin_template_is_used(tmp_path: Path) -> None:
    custom = tmp_path / "my_thanks.j2"
    shutil.copy(TEMPLATE_DIR / "thank_you.email.j2", custom)
    text = custom.read_text(encoding="utf-8").replace("{{ closing }}", "Kind regards,")
    custom.write_text(text, encoding="utf-8")
    draft = render_draft(make_action("thank_you"), make_context(), template=custom)
    assert draft.body.endswith("\nKind regards,\nAda Lovelace\n")
    assert draft.template_name == str(custom)


def test_custom_template_subject_is_split_off(tmp_path: Path) -> None:
    custom = tmp_path / "short.j2"
    custom.write_text(
        "Subject: Hello {{ recipient.name }}\n{{ greeting }}\n\n"
        "See you at {{ application.company }}.\n",
        encoding="utf-8",
    )
    draft = render_draft(make_action("thank_you"), make_context(), template=custom)
    assert draft == Draft(
        channel="email",
        subject="Hello Grace Hopper",
        body="Dear Dr. Hopper,\n\nSee you at Acme.\n",
        template_name=str(custom),
        to=(Contact(**GRACE),),
        sender=Contact(name="Ada Lovelace", email="ada@example.org"),
    )


@pytest.mark.parametrize(
    ("source", "line", "field"),
    [
        ("Hi\n\n{{ candidate.linkedin }}\n", 3, "'candidate.linkedin'"),
        ("{{ application.salary }}\n", 1, "'application.salary'"),
        ("a\n{{ action.explanation.score }}\n", 2, "'action.explanation.score'"),
        ("a\nb\n{{ nickname }}\n", 3, "'nickname': no such variable"),
        ("{{ recipient.nickname }}\n", 1, "'nickname' on a person"),
    ],
)
def test_custom_template_missing_field_names_file_line_and_field(
    tmp_path: Path, source: str, line: int, field: str
) -> None:
    custom = tmp_path / "custom.j2"
    custom.write_text(source, encoding="utf-8")
    with pytest.raises(InputError) as info:
        render_draft(make_action("thank_you"), make_context(), template=custom)
    message = str(info.value)
    assert message.startswith(f"{custom}:{line}: missing field {field}")
    assert "\n" not in message


def test_custom_template_field_of_absent_interview(tmp_path: Path) -> None:
    custom = tmp_path / "custom.j2"
    custom.write_text("{{ interview.at }}\n", encoding="utf-8")
    context = make_context(with_interview=False)
    expected = r"custom\.j2:1: missing field 'at': its parent is not set"
    with pytest.raises(InputError, match=expected):
        render_draft(make_action("offer_reply"), context, template=custom)


def test_custom_template_syntax_error_names_the_line(tmp_path: Path) -> None:
    custom = tmp_path / "broken.j2"
    custom.write_text("Subject: x\nline two\n{{ greeting \n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        render_draft(make_action("thank_you"), make_context(), template=custom)
    assert str(info.value).startswith(f"{custom}:3: template syntax error: ")


def test_custom_template_that_does_not_exist(tmp_path: Path) -> None:
    missing = tmp_path / "nope.j2"
    with pytest.raises(InputError, match="template file not found"):
        render_draft(make_action("thank_you"), make_context(), template=missing)


# -- the context ---------------------------------------------------------------------------------


def test_context_rejects_missing_required_fields() -> None:
    with pytest.raises(InputError, match=r"application\.role: missing"):
        DraftContext.from_dicts({"name": "Ada"}, {"id": "a", "company": "Acme"})


def test_context_rejects_bad_dates() -> None:
    with pytest.raises(InputError, match=r"interview\.at: not an ISO date-time"):
        DraftContext.from_dicts(
            {"name": "Ada"}, {"id": "a", "company": "Acme", "role": "SRE"}, {"at": "tomorrow"}
        )


def test_context_is_frozen() -> None:
    context = make_context()
    with pytest.raises(AttributeError):
        context.recipient = None  # type: ignore[misc]
