"""Drafts: built-in templates per kind, greetings, closings, custom templates and their errors."""

from __future__ import annotations

import email.policy
import re
import shutil
from datetime import datetime
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from followup.drafts import (
    TEMPLATE_DIR,
    ActionInfo,
    ApplicationInfo,
    CandidateInfo,
    Contact,
    DecisionInfo,
    Draft,
    DraftContext,
    ExplanationInfo,
    InterviewInfo,
    builtin_template,
    call_window,
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


def make_action(kind: str, channel: str = "email", **extra: Any) -> ActionInfo:
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
    return action_info(action)


# The typed objects drafts are rendered from, written compactly as the plan's JSON shapes.


def action_info(data: dict[str, Any]) -> ActionInfo:
    why = data["explanation"]
    return ActionInfo(
        id=data["id"],
        kind=data["kind"],
        channel=data["channel"],
        opens=datetime.fromisoformat(data["not_before"]),
        closes=datetime.fromisoformat(data["due_by"]),
        application=data["application"],
        policy=data["policy"],
        rule=data["rule"],
        to=tuple(data["to"]),
        cc=tuple(data["cc"]),
        status=data["status"],
        explanation=ExplanationInfo(
            why["summary"], why["because"], tuple(why["cites"]), why["rule_source"], why["timing"]
        ),
    )


def moment(text: str | None) -> datetime | None:
    return None if text is None else datetime.fromisoformat(text)


def interview_info(data: dict[str, Any]) -> InterviewInfo:
    at = moment(data["at"])
    assert at is not None
    return InterviewInfo(
        at=at,
        round=data.get("round"),
        format=data.get("format"),
        decision_by=moment(data.get("decision_by")),
        topics=tuple(data.get("topics", ())),
        interviewers=tuple(Contact(**p) for p in data.get("interviewers", ())),
    )


def build_context(
    candidate: dict[str, Any],
    application: dict[str, Any],
    interview: dict[str, Any] | None = None,
    recipient: dict[str, Any] | None = None,
    *,
    recipients: tuple[dict[str, Any], ...] | list[dict[str, Any]] = (),
    decision: dict[str, Any] | None = None,
    covers: tuple[str, ...] | list[str] = (),
    final: bool = False,
    previous_follow_up: str | None = None,
    recipient_zone: str | None = None,
) -> DraftContext:
    people = list(recipients) or ([recipient] if recipient is not None else [])
    recruiter = application.get("recruiter")
    given = None
    if decision is not None:
        by = moment(decision["by"])
        assert by is not None
        giver = decision["given_by"]
        given = DecisionInfo(by, None if giver is None else Contact(**giver), decision["given_in"])
    return DraftContext(
        candidate=CandidateInfo(**candidate),
        application=ApplicationInfo(
            **{**application, "recruiter": None if recruiter is None else Contact(**recruiter)}
        ),
        interview=None if interview is None else interview_info(interview),
        recipients=tuple(Contact(**p) for p in people),
        decision=given,
        covers=tuple(covers),
        final=final,
        previous_follow_up=moment(previous_follow_up),
        recipient_zone=recipient_zone,
    )


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
    return build_context(
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


def test_context_is_frozen() -> None:
    context = make_context()
    with pytest.raises(AttributeError):
        context.recipients = ()  # type: ignore[misc]


# -- drafts say only what happened (issue 10) ----------------------------------------------------

WHITAKER = {
    "name": "Tom Whitaker",
    "honorific": "Mr.",
    "title": "Head of Operations",
    "email": "tom@northwind.example",
    "lead": True,
}
RITA_TO = ["Rita Moreno <rita@acme.example>"]
LATE_PHRASE = "I am sorry this note comes later than I intended."
TIMELINE_QUESTION = "when you expect to reach a decision"


def context_with(**extra: Any) -> DraftContext:
    """The usual interview (Dr. Hopper leads, Alan Turing, recruiter Rita) plus `extra`."""
    base: dict[str, Any] = {
        "candidate": {"name": "Ada Lovelace", "email": "ada@example.org"},
        "application": {
            "id": "acme-sre",
            "company": "Acme",
            "role": "Site Reliability Engineer",
            "recruiter": RECRUITER,
        },
        "interview": {
            "at": "2026-10-06T09:00:00+01:00",
            "round": 2,
            "format": "panel",
            "decision_by": None,
            "topics": ["peak-season staffing"],
            "interviewers": [GRACE, ALAN],
        },
    }
    base.update(extra)
    return build_context(**base)


def decision(given_by: dict[str, Any] | None, given_in: str = "interview") -> dict[str, Any]:
    return {"by": "2026-10-16T17:00:00+01:00", "given_by": given_by, "given_in": given_in}


def body_of(kind: str, context: DraftContext, channel: str = "email", **extra: Any) -> str:
    return render_draft(make_action(kind, channel, **extra), context).body


def test_a_recruiter_who_was_not_in_the_interview_is_thanked_for_arranging_it() -> None:
    body = body_of("thank_you", context_with(recipient=RECRUITER), to=RITA_TO)
    assert body.startswith("Dear Rita Moreno,\n")
    assert "Thank you for arranging my second interview" in body
    # Rita took no part in the conversation: nothing says she did.
    for invented in ("our conversation", "the time you gave me", "The conversation", "meet the"):
        assert invented not in body
    assert "peak-season staffing" in body  # what the interview was about, said as such


def test_a_recruiter_who_also_interviewed_gets_the_interviewers_note() -> None:
    recruiter = {**RECRUITER, "title": "Recruiter"}
    interview = {
        "at": "2026-10-06T09:00:00+01:00",
        "topics": ["peak-season staffing"],
        "interviewers": [GRACE, recruiter],
    }
    context = context_with(interview=interview, recipient=recruiter)
    body = body_of("thank_you", context, to=RITA_TO)
    assert "our conversation about peak-season staffing" in body
    assert "arranging" not in body


def test_a_follow_up_to_someone_else_says_who_gave_the_date() -> None:
    # Mr. Whitaker gave the date at the interview; the follow-up goes to the recruiter.
    interviewers = [WHITAKER, ALAN]
    context = context_with(
        recipient=RECRUITER,
        decision=decision(WHITAKER),
        interview={"at": "2026-10-06T09:00:00+01:00", "interviewers": interviewers},
    )
    body = body_of("follow_up", context, to=RITA_TO)
    assert (
        "I understood from Mr. Whitaker that a decision was expected by Friday 16 October 2026."
        in body
    )
    assert "you mentioned" not in body and "When we spoke" not in body


def test_a_follow_up_to_the_person_who_gave_the_date_says_you_mentioned() -> None:
    context = context_with(decision=decision(GRACE))
    body = body_of("follow_up", context)
    assert (
        "During our interview, you mentioned that you expected to reach a decision by "
        "Friday 16 October 2026." in body
    )
    assert "understood from" not in body


def test_a_date_from_the_recruiters_reply_is_theirs() -> None:
    context = context_with(recipient=RECRUITER, decision=decision(RECRUITER, "reply"))
    body = body_of("follow_up", context, to=RITA_TO)
    assert "In your last message, you mentioned that you expected to reach a decision by" in body
    to_grace = body_of("follow_up", context_with(decision=decision(RECRUITER, "reply")))
    assert "I understood from Rita Moreno that a decision was expected by" in to_grace
    assert "During our interview" not in to_grace


def test_a_date_whose_giver_is_unknown_is_not_attributed_to_anyone() -> None:
    body = body_of("follow_up", context_with(decision=decision(None)))
    assert "I understood that a decision was expected by Friday 16 October 2026." in body
    assert "you mentioned" not in body


def test_without_a_context_decision_the_interviews_date_is_its_leads() -> None:
    # The older context shape: only interview.decision_by; Dr. Hopper leads.
    assert "During our interview, you mentioned" in body_of("follow_up", make_context())
    to_rita = body_of("follow_up", make_context(recipient=RECRUITER), to=RITA_TO)
    assert "I understood from Dr. Hopper that a decision was expected" in to_rita


def test_a_call_says_who_gave_the_date() -> None:
    context = context_with(recipient=RECRUITER, decision=decision(WHITAKER))
    body = body_of("follow_up", context, "phone", to=RITA_TO)
    assert "you understood from Mr. Whitaker that a decision was expected by Friday" in body
    assert "Thank them again for arranging the interview." in body


def test_the_final_follow_up_is_shorter_says_it_is_the_last_and_differs_from_the_first() -> None:
    first = render_draft(make_action("follow_up"), context_with(decision=decision(GRACE)))
    final = render_draft(
        make_action("follow_up"),
        context_with(
            decision=decision(GRACE),
            final=True,
            previous_follow_up="2026-10-20T10:00:00+01:00",
        ),
    )
    assert "last note" in final.body and "last note" not in first.body
    assert "following my message of Tuesday 20 October 2026" in final.body
    assert len(final.body) < len(first.body) * 0.75
    assert final.subject == f"Re: {first.subject}"
    shared = set(first.body.split("\n")) & set(final.body.split("\n"))
    assert shared <= {"", "Dear Dr. Hopper,", "Sincerely,", "Ada Lovelace"}


def test_the_final_call_says_it_is_the_last() -> None:
    body = body_of("follow_up", context_with(final=True), "phone")
    assert "this is your last check-in" in body
    assert "This was your last follow-up" in body
    assert "Do not call again within a few days" not in body


@pytest.mark.parametrize("status", ["overdue", "lapsed"])
@pytest.mark.parametrize("to_recruiter", [False, True], ids=["interviewer", "recruiter"])
def test_a_late_thank_you_acknowledges_the_delay_once(status: str, to_recruiter: bool) -> None:
    extra: dict[str, Any] = {"status": status}
    context = context_with()
    if to_recruiter:
        extra["to"] = RITA_TO
        context = context_with(recipient=RECRUITER)
    body = body_of("thank_you", context, **extra)
    assert body.count(LATE_PHRASE) == 1
    on_time = body_of("thank_you", context, **{**extra, "status": "due"})
    assert LATE_PHRASE not in on_time


@pytest.mark.parametrize("to_recruiter", [False, True], ids=["interviewer", "recruiter"])
def test_a_thank_you_that_covers_the_timeline_question_asks_it(to_recruiter: bool) -> None:
    extra: dict[str, Any] = {"to": RITA_TO} if to_recruiter else {}
    recipient = RECRUITER if to_recruiter else GRACE
    asked = body_of(
        "thank_you", context_with(recipient=recipient, covers=["ask_timeline"]), **extra
    )
    assert TIMELINE_QUESTION in asked
    assert asked.count("?") == 1
    plain = body_of("thank_you", context_with(recipient=recipient), **extra)
    assert TIMELINE_QUESTION not in plain


def test_an_offer_reply_to_two_hiring_managers_greets_both() -> None:
    action = make_action("offer_reply", to=[*RITA_TO, "Grace Hopper <grace@acme.example>"])
    draft = render_draft(action, context_with(recipients=[RECRUITER, GRACE]))
    assert draft.body.startswith("Dear Rita Moreno and Dr. Hopper,\n")
    assert "Thank you both for offering me the Site Reliability Engineer position" in draft.body
    assert draft.body.count("\n- [") == 3  # the open questions to clarify (G19)
    assert draft.text().startswith(
        "To: Rita Moreno <rita@acme.example>, Dr. Grace Hopper <grace@acme.example>\n"
    )


# -- To: and Cc: lines ---------------------------------------------------------------------------


def test_text_starts_with_to_cc_and_subject_with_honorifics() -> None:
    action = make_action("thank_you", cc=["Alan Turing <alan@acme.example>", "Rita Moreno"])
    text = render_draft(action, make_context()).text()
    assert text.startswith(
        "To: Dr. Grace Hopper <grace@acme.example>\n"
        "Cc: Alan Turing <alan@acme.example>, Rita Moreno <rita@acme.example>\n"
        "Subject: Thank you - second interview for Site Reliability Engineer\n\n"
        "Dear Dr. Hopper,\n"
    )


def test_no_cc_line_without_copies_and_no_address_lines_for_a_call_or_a_note() -> None:
    letter = render_draft(make_action("follow_up"), make_context()).text()
    assert letter.startswith("To: Dr. Grace Hopper <grace@acme.example>\nSubject: ")
    assert "Cc:" not in letter
    for kind, channel in (("follow_up", "phone"), ("move_on", "note")):
        text = render_draft(make_action(kind, channel), make_context()).text()
        assert not text.startswith(("To:", "Subject:")) and "\nTo:" not in text


def test_a_person_without_an_email_is_named_on_the_to_line() -> None:
    action = make_action("thank_you", to=["Alan Turing"])
    context = make_context(recipient=None, interviewers=[{"name": "Alan Turing"}])
    draft = render_draft(action, context)
    assert draft.text().startswith("To: Alan Turing\nSubject: ")
    assert draft.body.startswith("Dear Alan Turing,\n")
    assert [p.name for p in draft.without_address()] == ["Alan Turing"]


# -- the .eml form -------------------------------------------------------------------------------


def parse_eml(data: bytes) -> EmailMessage:
    message = BytesParser(policy=email.policy.default).parsebytes(data)
    assert isinstance(message, EmailMessage)
    return message


def test_email_parses_back_to_the_same_headers_and_body() -> None:
    action = make_action("thank_you", cc=["Alan Turing <alan@acme.example>"])
    draft = render_draft(action, make_context(topics=["on-call"]))
    data = draft.email().as_bytes()
    message = parse_eml(data)
    assert message["From"] == "Ada Lovelace <ada@example.org>"
    assert message["To"] == '"Dr. Grace Hopper" <grace@acme.example>'
    assert [a.addr_spec for a in message["To"].addresses] == ["grace@acme.example"]
    assert message["To"].addresses[0].display_name == "Dr. Grace Hopper"
    assert message["Cc"] == "Alan Turing <alan@acme.example>"
    assert message["Subject"] == draft.subject
    assert message["X-Unsent"] == "1"
    assert message["Date"] is None and message["Message-ID"] is None  # set by the client
    body = message.get_body()
    assert body is not None and body.get_content().replace("\r\n", "\n") == draft.body
    assert b"\r\n" in data and b"\n" not in data.replace(b"\r\n", b"")  # CRLF, RFC 5322
    assert max(len(line) for line in data.split(b"\r\n")) <= 78
    assert render_draft(action, make_context(topics=["on-call"])).email().as_bytes() == data


def test_email_encodes_names_and_text_beyond_ascii() -> None:
    zoe = {"name": "Zoë Ångström", "honorific": "Dr.", "email": "zoe@acme.example", "lead": True}
    context = make_context(recipient=zoe, interviewers=[zoe], topics=["Kubernetes für alle"])
    draft = render_draft(make_action("thank_you", to=["Zoë Ångström <zoe@acme.example>"]), context)
    data = draft.email().as_bytes()
    assert data.isascii()
    message = parse_eml(data)
    assert message["To"].addresses[0].display_name == "Dr. Zoë Ångström"
    body = message.get_body()
    assert body is not None and "Dear Dr. Ångström," in body.get_content()
    assert "Kubernetes für alle" in body.get_content()


def test_email_without_the_candidates_address_has_no_from_and_skips_unaddressed_people() -> None:
    context = build_context(
        {"name": "Ada Lovelace"},
        {"id": "a", "company": "Acme", "role": "SRE"},
        {"at": "2026-10-06T09:00:00+01:00", "interviewers": [GRACE, {"name": "Alan Turing"}]},
    )
    action = make_action("thank_you", cc=["Alan Turing"])
    message = parse_eml(render_draft(action, context).email().as_bytes())
    assert message["From"] is None and message["Cc"] is None
    assert message["To"].addresses[0].addr_spec == "grace@acme.example"


def test_a_call_has_no_email_form() -> None:
    draft = render_draft(make_action("follow_up", "phone"), make_context())
    with pytest.raises(InputError, match=r"only an email draft can be written as \.eml"):
        draft.email()


# -- a call's window in both zones ---------------------------------------------------------------


def test_call_window_in_the_recipients_and_the_candidates_zone_across_dst() -> None:
    # 27 October 2026: London is back on GMT (25 Oct), New York still on EDT (until 1 Nov).
    opens = datetime(2026, 10, 27, 5, 0, tzinfo=ZoneInfo("America/New_York"))
    closes = datetime(2026, 10, 27, 13, 0, tzinfo=ZoneInfo("America/New_York"))
    assert call_window(opens, closes, "Europe/London", "America/New_York") == (
        "Tuesday 27 October 2026, 09:00 to 17:00 their time (London)"
        " = Tuesday 27 October 2026, 05:00 to 13:00 your time (New York)"
    )


def test_call_window_over_two_days_and_in_one_zone() -> None:
    opens = datetime(2026, 10, 20, 9, 0, tzinfo=ZoneInfo("Europe/London"))
    closes = datetime(2026, 10, 21, 17, 0, tzinfo=ZoneInfo("Europe/London"))
    assert call_window(opens, closes, "Europe/London", "Europe/London") == (
        "Tuesday 20 October 2026 09:00 to Wednesday 21 October 2026 17:00 your time and theirs"
        " (London)"
    )


def test_talking_points_give_the_window_in_the_recipients_local_time() -> None:
    action = make_action(
        "follow_up",
        "phone",
        to=RITA_TO,
        not_before="2026-10-20T04:00:00-04:00",
        due_by="2026-10-21T12:00:00-04:00",
    )
    context = context_with(
        candidate={"name": "Ada Lovelace", "timezone": "America/New_York"},
        recipient={**RECRUITER, "timezone": "Europe/London"},
    )
    body = render_draft(action, context).body
    assert (
        "When: Tuesday 20 October 2026 09:00 to Wednesday 21 October 2026 17:00 their time"
        " (London) = Tuesday 20 October 2026 04:00 to Wednesday 21 October 2026 12:00 your time"
        " (New York)." in body
    )
    # The plan's recipient zone wins over the person's own.
    other = context_with(
        candidate={"name": "Ada Lovelace", "timezone": "America/New_York"},
        recipient=RECRUITER,
        recipient_zone="Asia/Tokyo",
    )
    assert "their time (Tokyo)" in render_draft(action, other).body


# -- every variant keeps to G27 ------------------------------------------------------------------

VARIANTS = {
    "recruiter-thanks": ("thank_you", "email", {"to": RITA_TO}, {"recipient": RECRUITER}),
    "late-thanks": ("thank_you", "email", {"status": "lapsed"}, {}),
    "thanks-and-timeline": ("thank_you", "email", {}, {"covers": ["ask_timeline"]}),
    "final-follow-up": ("follow_up", "email", {}, {"final": True}),
    "final-call": ("follow_up", "phone", {}, {"final": True}),
    "attributed-date": ("follow_up", "email", {}, {"decision": decision(WHITAKER)}),
    "recruiter-timeline": ("ask_timeline", "email", {"to": RITA_TO}, {"recipient": RECRUITER}),
}


@pytest.mark.parametrize("name", sorted(VARIANTS))
def test_every_variant_follows_g27(name: str) -> None:
    kind, channel, action_extra, context_extra = VARIANTS[name]
    draft = render_draft(make_action(kind, channel, **action_extra), context_with(**context_extra))
    text = draft.text()
    assert "!" not in text and not EMOJI.search(text)
    assert "\n\n\n" not in draft.body and not draft.body.startswith(" ")
    assert not re.search(r"  |\n |\. \.", draft.body)  # no gaps left by the branches
    if channel == "email":
        assert draft.body.startswith("Dear ") and draft.body.endswith(
            "\nSincerely,\nAda Lovelace\n"
        )
