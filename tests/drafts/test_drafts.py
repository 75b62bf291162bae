"""Drafts: built-in templates per kind, greetings, closings, custom templates and their errors."""

from __future__ import annotations

import email.policy
import re
import shutil
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pendulum
import pytest
import yaml

from followup.actions import Action
from followup.documents import plan_of
from followup.drafts import (
    TEMPLATE_DIR,
    VARIABLES,
    Draft,
    builtin_template,
    call_window,
    check_template,
    draft_for,
    template_variables,
)
from followup.errors import InputError
from followup.events import Candidate, Event, Person
from followup.kinds import ActionKind, Channel, Status
from paths import ROOT

GRACE = {
    "name": "Grace Hopper",
    "honorific": "Dr.",
    "title": "Engineering Director",
    "email": "grace@acme.example",
    "lead": True,
}
ALAN = {"name": "Alan Turing", "email": "alan@acme.example", "lead": False}
RECRUITER = {"name": "Rita Moreno", "email": "rita@acme.example", "title": "Recruiter"}
ADA = Candidate(name="Ada Lovelace", timezone="Europe/London", email="ada@example.org")

EMOJI = re.compile(
    "[\U0001f000-\U0001faff\U00002600-\U000027bf\U0001f1e6-\U0001f1ff\U0000fe0f\U0000200d]"
)
ALL_KINDS = tuple(ActionKind)

# Drafts are rendered from the typed plan: a planned action of an example, with the parts a
# test is about replaced (the people, the interview, the decision date, the status...).
_PLAN = plan_of(
    yaml.safe_load((ROOT / "examples" / "tech-panel.yaml").read_text("utf-8")), "2026-10-07T09:00"
)
PROTO = next(a for a in _PLAN.actions if a.id == "acme-sre/thank-you-panel-lead/2026-10-06")
INTERVIEW: dict[str, Any] = {
    "at": "2026-10-06T09:00:00+01:00",
    "round": 2,
    "format": "panel",
    "decision_by": "2026-10-16T17:00:00+01:00",
    "topics": [],
    "interviewers": [GRACE, ALAN],
}


def moment(text: str) -> datetime:
    return pendulum.parse(text)  # type: ignore[return-value]


def people(entries: Sequence[dict[str, Any]]) -> tuple[Person, ...]:
    return tuple(Person(**entry) for entry in entries)


def interview_event(data: dict[str, Any]) -> Event:
    base = PROTO.trigger.interview
    assert base is not None
    full = {**INTERVIEW, "decision_by": None, "round": 1, "format": "one_on_one", **data}
    return replace(
        base,
        at=moment(full["at"]),
        round=full["round"],
        format=full["format"],
        decision_by=moment(full["decision_by"]) if full["decision_by"] else None,
        topics=tuple(full["topics"]),
        interviewers=people(full["interviewers"]),
        lead_assumed=False,
    )


def make_action(
    kind: str,
    channel: str = "email",
    *,
    to: Sequence[dict[str, Any]] | None = None,
    cc: Sequence[dict[str, Any]] = (),
    status: str = "due",
    not_before: str = "2026-10-06T10:00:00+01:00",
    due_by: str = "2026-10-07T10:00:00+01:00",
    interview: dict[str, Any] | None = INTERVIEW,
    recruiter: dict[str, Any] | None = RECRUITER,
    reply_decision: str | None = None,
    previous_follow_up: str | None = None,
    covers: tuple[str, ...] = (),
    recipient_zone: str = "Europe/London",
) -> Action:
    """A planned `kind` action by `channel` to `to` (Dr. Hopper unless given) after `interview`
    (Dr. Hopper leads, Alan Turing; its `decision_by` is the decision date unless a reply at
    `reply_decision` gave one); a follow-up after `previous_follow_up` is the last one."""
    event = interview_event(interview) if interview is not None else None
    app = replace(
        PROTO.application,
        company="Acme",
        role="Site Reliability Engineer",
        recruiter=Person(**recruiter) if recruiter else None,
    )
    decision_date, decision_event = None, None
    if event is not None and event.decision_by is not None:
        decision_date, decision_event = event.decision_by, event
    if reply_decision is not None:
        decision_date = moment(reply_decision)
        decision_event = replace(PROTO.trigger.event, type="response_received")
    trigger = replace(
        PROTO.trigger,
        interview=event,
        decision_date=decision_date,
        decision_event=decision_event,
    )
    if previous_follow_up is not None:
        sent = replace(PROTO.trigger.event, type="follow_up_sent", at=moment(previous_follow_up))
        trigger = replace(trigger, event=sent, last_follow_up=sent)
    return replace(
        PROTO,
        application=app,
        rule=rule_of(kind, channel),
        trigger=trigger,
        to=people([GRACE] if to is None else to),
        cc=people(cc),
        channel=Channel(channel),
        status=Status(status),
        not_before=moment(not_before),
        due_by=moment(due_by),
        covers=tuple(rule_of(k, "email") for k in covers),
        recipient_zone=recipient_zone,
    )


def rule_of(kind: str, channel: str) -> Any:
    spec = replace(PROTO.rule.action, kind=ActionKind(kind), channel=Channel(channel))
    return replace(PROTO.rule, action=spec, because="an interview ended")


def render(
    kind: str,
    channel: str = "email",
    template: Path | None = None,
    candidate: Candidate = ADA,
    **changes: Any,
) -> Draft:
    return draft_for(make_action(kind, channel, **changes), candidate, template)


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
    draft = render(kind, channel)
    assert draft.template_name == EXPECTED_TEMPLATE[kind, channel]
    assert draft.channel == channel


@pytest.mark.parametrize(("kind", "channel"), sorted(LETTERS))
def test_letters_greet_with_honorific_and_close_sincerely(kind: str, channel: str) -> None:
    draft = render(kind, channel)
    assert draft.subject
    assert draft.body.startswith("Dear Dr. Hopper,\n")
    assert draft.body.endswith("\nSincerely,\nAda Lovelace\n")
    assert "Subject:" not in draft.body


@pytest.mark.parametrize(("kind", "channel"), sorted(EXPECTED_TEMPLATE))
def test_rendered_drafts_have_no_exclamation_marks_or_emoji(kind: str, channel: str) -> None:
    draft = render(kind, channel, interview={**INTERVIEW, "topics": ["on-call"]})
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
    assert render(kind, channel).subject == subject


def test_greeting_without_honorific_uses_full_name() -> None:
    assert render("thank_you", to=[ALAN]).body.startswith("Dear Alan Turing,\n")


def test_greeting_of_a_message_to_nobody_names_the_interviews_lead() -> None:
    draft = render("follow_up", to=[])
    assert draft.body.startswith("Dear Dr. Hopper,\n")


def test_greeting_falls_back_without_anyone_to_address() -> None:
    draft = render("follow_up", to=[], interview={**INTERVIEW, "interviewers": []})
    assert draft.body.startswith("Dear Hiring Manager,\n")


def test_follow_up_mentions_interview_date_promised_date_and_interest() -> None:
    body = render("follow_up").body
    assert "Tuesday 6 October 2026" in body
    assert "by Friday 16 October 2026" in body
    assert "keen on this role" in body
    assert "[restate" in body


def test_follow_up_without_promised_date_does_not_invent_one() -> None:
    body = render("follow_up", interview={**INTERVIEW, "decision_by": None}).body
    assert "decision" not in body


@pytest.mark.parametrize(
    ("topics", "present", "absent"),
    [
        (["the on-call rotation"], "our conversation about the on-call rotation", "[mention"),
        ([], "[mention one specific topic you discussed", "our conversation about"),
    ],
)
def test_thank_you_topic_or_placeholder(topics: list[str], present: str, absent: str) -> None:
    body = render("thank_you", interview={**INTERVIEW, "topics": topics}).body
    assert present in body
    assert absent not in body


def test_panel_thank_you_addresses_lead_and_mentions_panel() -> None:
    body = render("thank_you", cc=[ALAN]).body
    assert body.startswith("Dear Dr. Hopper,\n")
    assert "the whole panel, including Alan Turing" in body


def test_single_thank_you_does_not_mention_a_panel() -> None:
    assert "panel" not in render("thank_you").body


def test_thank_you_to_recruiter_thanks_for_arranging() -> None:
    body = render("thank_you", to=[RECRUITER]).body
    assert body.startswith("Dear Rita Moreno,\n")
    assert "Thank you for arranging my second interview" in body


def test_phone_follow_up_is_talking_points() -> None:
    draft = render("follow_up", "phone")
    assert draft.subject is None
    assert "Talking points:" in draft.body
    assert "Friday 16 October 2026" in draft.body
    assert "Dear" not in draft.body


def test_offer_reply_thanks_and_lists_open_questions() -> None:
    body = render("offer_reply", interview=None).body
    assert "Thank you for offering me the Site Reliability Engineer position" in body
    assert body.count("\n- [") == 3


def test_gracious_reply_asks_to_be_considered_later() -> None:
    body = render("gracious_reply").body
    assert "Thank you for letting me know" in body
    assert "considered for future openings" in body


def test_move_on_note_says_keep_applying_and_quotes_the_reason() -> None:
    body = render("move_on").body
    assert "Keep applying" in body
    assert "Why now: an interview ended" in body


@pytest.mark.parametrize("kind", ALL_KINDS)
def test_every_kind_has_a_builtin_template(kind: ActionKind) -> None:
    assert builtin_template(kind, Channel.EMAIL).is_file()


# -- the built-in template files themselves ------------------------------------------------------


@pytest.mark.parametrize("name", sorted(p.name for p in TEMPLATE_DIR.glob("*.j2")))
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
    draft = render("thank_you", template=custom)
    assert draft.body.endswith("\nKind regards,\nAda Lovelace\n")
    assert draft.template_name == str(custom)


def test_a_template_saved_with_a_byte_order_mark_keeps_its_subject(tmp_path: Path) -> None:
    custom = tmp_path / "notepad.j2"
    custom.write_bytes("Subject: Hello\n{{ greeting }}\n".encode("utf-8-sig"))
    draft = render("thank_you", template=custom)
    assert (draft.subject, draft.body) == ("Hello", "Dear Dr. Hopper,\n")


def test_a_template_that_is_not_utf8_is_named_with_its_line_and_column(tmp_path: Path) -> None:
    custom = tmp_path / "latin1.j2"
    custom.write_bytes("Subject: x\nMerci, {{ greeting }}\nDéjà\n".encode("latin-1"))
    with pytest.raises(InputError) as error:
        render("thank_you", template=custom)
    # named as given, as every other problem of the template is (not by its name alone)
    assert error.value.message == f"{custom}:3:2: not UTF-8 text (bad byte at offset 34)"


def test_custom_template_subject_is_split_off(tmp_path: Path) -> None:
    custom = tmp_path / "short.j2"
    custom.write_text(
        "Subject: Hello {{ recipient.name }}\n{{ greeting }}\n\n"
        "See you at {{ application.company }}.\n",
        encoding="utf-8",
    )
    draft = render("thank_you", template=custom)
    assert draft == Draft(
        action_id=draft.action_id,
        channel="email",
        subject="Hello Grace Hopper",
        body="Dear Dr. Hopper,\n\nSee you at Acme.\n",
        template_name=str(custom),
        to=(Person(**GRACE),),
        sender=Person(name="Ada Lovelace", email="ada@example.org"),
    )


EVERY_VARIABLE = """\
{{ candidate.name }}|{{ candidate.email }}|{{ candidate.phone }}|{{ candidate.timezone }}
{{ application.id }}|{{ application.company }}|{{ application.role }}|{{ application.industry }}
{{ application.recruiter.name }}|{{ interview.at | long_date }}|{{ interview.round }}
{{ interview.format }}|{{ interview.decision_by | long_date }}|{{ interview.topics | names }}
{{ interview.interviewers | map(attribute="surname") | join(",") }}|{{ interview.lead.name }}
{% for p in [recipient, addressee] + addressees %}{{ p.name }}/{{ p.title }}/{{ p.honorific }}/
{{- p.email }}/{{ p.phone }}/{{ p.lead }}/{{ p.timezone }}/{{ p.surname }}/{{ p.formal_name }}/
{{- p.titled_name }};{% endfor %}.
{{ action.id }}|{{ action.kind }}|{{ action.channel }}|{{ action.application }}|{{ action.policy }}
{{ action.rule }}|{{ action.to | join(",") }}|{{ action.cc | join(",") }}|{{ action.to_names }}
{{ action.cc_names }}|{{ action.not_before }}|{{ action.due_by }}|{{ action.status }}
{{ action.explanation.summary }}|{{ action.explanation.because }}
{{ action.explanation.cites | join(",") }}|{{ action.explanation.rule_source }}
{{ action.explanation.timing | length > 0 }}
{{ greeting }}|{{ closing }}|{{ signature }}|{{ interview_label }}|{{ interview_date }}
{{ decision_date }}|{{ topic }}|{{ topics }}|{{ panel }}|{{ cc_names }}|{{ recipient_role }}
{{ decision.by | long_date }}|{{ decision.given_by.name }}|{{ decision.given_in }}
{{ decision_from_addressee }}|{{ final }}|{{ previous_follow_up_date }}|{{ late }}
{{ asks_timeline }}|{{ call_window }}
"""


def test_every_documented_variable_has_its_value(tmp_path: Path) -> None:
    custom = tmp_path / "every.j2"
    custom.write_text(EVERY_VARIABLE, encoding="utf-8")
    interview = {**INTERVIEW, "topics": ["on-call", "SLOs"]}
    candidate = replace(ADA, phone="+44 20 7946 0000")
    body = render("thank_you", template=custom, cc=[ALAN], interview=interview, candidate=candidate)
    grace = "Grace Hopper/Engineering Director/Dr./grace@acme.example/None/True/None/Hopper/"
    assert body.body.split("\n") == [
        "Ada Lovelace|ada@example.org|+44 20 7946 0000|Europe/London",
        "acme-sre|Acme|Site Reliability Engineer|technology",
        "Rita Moreno|Tuesday 6 October 2026|2",
        "panel|Friday 16 October 2026|on-call and SLOs",
        "Hopper,Turing|Grace Hopper",
        f"{grace}Dr. Hopper/Dr. Grace Hopper;" * 3 + ".",
        f"acme-sre/thank-you-panel-lead/2026-10-06|thank_you|email|acme-sre|{PROTO.policy.name}",
        "thank-you-panel-lead|Grace Hopper <grace@acme.example>|Alan Turing <alan@acme.example>"
        "|['Grace Hopper']",
        "['Alan Turing']|2026-10-06T10:00:00+01:00|2026-10-07T10:00:00+01:00|due",
        "Send a thank-you note by email to Grace Hopper <grace@acme.example> (cc Alan Turing "
        "<alan@acme.example>) (Acme), between Tue 6 Oct 2026 10:00 and Wed 7 Oct 2026 10:00."
        "|an interview ended",
        f"{','.join(PROTO.rule.cites)}|{PROTO.rule.source}",
        "True",
        "Dear Dr. Hopper,|Sincerely,|Ada Lovelace|second interview|Tuesday 6 October 2026",
        "Friday 16 October 2026|on-call|['on-call', 'SLOs']|True|['Alan Turing']|interviewer",
        "Friday 16 October 2026|Grace Hopper|interview",
        "True|False|None|False",
        "False|None",
        "",
    ]


@pytest.mark.parametrize(
    ("source", "where", "field"),
    [  # found before rendering; the action's fields while rendering: where the line spells it
        ("Hi\n\n{{ candidate.linkedin }}\n", "3:4", "'candidate.linkedin'"),
        ("{{ application.salary }}\n", "1:4", "'application.salary'"),
        ("{{ interview.room }}\n", "1:4", "'interview.room'"),
        ("a\n{{ action.explanation.score }}\n", "2:4", "'action.explanation.score'"),
        ("a\n{{ action.score }}\n", "2:4", "'action.score'"),
        ("{% for p in addressees %}\n  {{ p.nickname }}\n{% endfor %}\n", "2:8", "'nickname' on"),
        ("{{ decision.place }}\n", "1:4", "'decision.place'"),
        ("a\nb\n{{ nickname }}\n", "3:4", "'nickname': no such variable"),
        ("{{ recipient.nickname }}\n", "1:4", "'nickname' on a person"),
        # the plan's objects show templates only the documented fields
        ("{{ application.events }}\n", "1:4", "'application.events'"),
        ("{{ application.source }}\n", "1:4", "'application.source'"),
        ("{{ interview.source }}\n", "1:4", "'interview.source'"),
        ("{{ recipient.hiring_manager }}\n", "1:4", "'hiring_manager' on a person"),
    ],
)
def test_custom_template_missing_field_names_file_line_and_field(
    tmp_path: Path, source: str, where: str, field: str
) -> None:
    custom = tmp_path / "custom.j2"
    custom.write_text(source, encoding="utf-8")
    with pytest.raises(InputError) as info:
        render("thank_you", template=custom)
    message = str(info.value)
    assert message.startswith(f"{custom}:{where}: missing field {field}")
    assert "\n" not in message


def test_a_private_attribute_of_the_plan_is_not_allowed(tmp_path: Path) -> None:
    custom = tmp_path / "custom.j2"
    custom.write_text("{{ application.__class__ }}\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"custom\.j2:1:1: not allowed in a template"):
        render("thank_you", template=custom)


def test_custom_template_field_of_absent_interview(tmp_path: Path) -> None:
    custom = tmp_path / "custom.j2"
    custom.write_text("{{ interview.at }}\n", encoding="utf-8")
    expected = r"custom\.j2:1:14: missing field 'at': its parent is not set"  # at `at`
    with pytest.raises(InputError, match=expected):
        render("offer_reply", template=custom, interview=None)


def test_custom_template_syntax_error_names_the_line(tmp_path: Path) -> None:
    custom = tmp_path / "broken.j2"
    custom.write_text("Subject: x\nline two\n{{ greeting \n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        render("thank_you", template=custom)
    assert str(info.value).startswith(f"{custom}:3:13: template syntax error: ")  # its end


@pytest.mark.parametrize(
    ("source", "where"),
    [
        ("Subject: x\n{{ greeting }\n", "2:13"),  # unexpected '}': the brace
        ("{{ greeting }} and {{ topic x }}\n", "1:29"),  # got 'x': where it is written
        ("{% for p in addressees %}\n{{ p.name }}\n{% endif %}\n", "3:4"),  # the unknown tag
        ("Hi\r\n{{ greeting $ }}\n", "2:13"),  # the character the lexer refused (CRLF text)
        ('{{ "unclosed }}\nmore\n', "1:4"),  # the string that never ends
        ("{{ topic | shout }}\n", "1:12"),  # no filter named 'shout'
        ("Hi\n{% if late %}\nsorry\n", "3:6"),  # unexpected end: where the text ends
        ("Hi\n{% set %}\n", "2:1"),  # "expected an expression": the only tag on the line
        # Jinja names the line only; two tags could hold the fault: the column is not made up
        ("{{ topic | shout }} {{ topics | shout }}\n", "1"),
    ],
)
def test_a_template_syntax_error_is_at_its_line_and_column(
    tmp_path: Path, source: str, where: str
) -> None:
    custom = tmp_path / "broken.j2"
    custom.write_bytes(source.encode("utf-8"))
    with pytest.raises(InputError) as info:
        render("thank_you", template=custom)
    assert str(info.value).startswith(f"{custom}:{where}: template syntax error: ")
    assert [p.code for p in info.value.problems] == ["template-syntax"]


def test_custom_template_that_does_not_exist(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="template file not found"):
        render("thank_you", template=tmp_path / "nope.j2")


# -- drafts say only what happened (issue 10) ----------------------------------------------------

WHITAKER = {
    "name": "Tom Whitaker",
    "honorific": "Mr.",
    "title": "Head of Operations",
    "email": "tom@northwind.example",
    "lead": True,
}
LATE_PHRASE = "I am sorry this note comes later than I intended."
TIMELINE_QUESTION = "when you expect to reach a decision"
PEAK = {**INTERVIEW, "decision_by": None, "topics": ["peak-season staffing"]}
"""The usual interview (Dr. Hopper leads, Alan Turing; recruiter Rita), no decision date."""


def body_of(kind: str, channel: str = "email", **changes: Any) -> str:
    return render(kind, channel, **{"interview": PEAK, **changes}).body


def test_a_recruiter_who_was_not_in_the_interview_is_thanked_for_arranging_it() -> None:
    body = body_of("thank_you", to=[RECRUITER])
    assert body.startswith("Dear Rita Moreno,\n")
    assert "Thank you for arranging my second interview" in body
    # Rita took no part in the conversation: nothing says she did.
    for invented in ("our conversation", "the time you gave me", "The conversation", "meet the"):
        assert invented not in body
    assert "peak-season staffing" in body  # what the interview was about, said as such


def test_a_recruiter_who_also_interviewed_gets_the_interviewers_note() -> None:
    interview = {"at": PEAK["at"], "topics": PEAK["topics"], "interviewers": [GRACE, RECRUITER]}
    body = body_of("thank_you", to=[RECRUITER], interview=interview)
    assert "our conversation about peak-season staffing" in body
    assert "arranging" not in body


def test_a_follow_up_to_someone_else_says_who_gave_the_date() -> None:
    # Mr. Whitaker gave the date at the interview; the follow-up goes to the recruiter.
    interview = {**PEAK, "interviewers": [WHITAKER, ALAN], "decision_by": "2026-10-16T17:00+01:00"}
    body = body_of("follow_up", to=[RECRUITER], interview=interview)
    assert (
        "I understood from Mr. Whitaker that a decision was expected by Friday 16 October 2026."
        in body
    )
    assert "you mentioned" not in body and "When we spoke" not in body


def test_a_follow_up_to_the_person_who_gave_the_date_says_you_mentioned() -> None:
    body = body_of("follow_up", interview={**PEAK, "decision_by": "2026-10-16T17:00+01:00"})
    assert (
        "During our interview, you mentioned that you expected to reach a decision by "
        "Friday 16 October 2026." in body
    )
    assert "understood from" not in body


def test_a_date_from_the_recruiters_reply_is_theirs() -> None:
    reply = "2026-10-16T17:00:00+01:00"
    body = body_of("follow_up", to=[RECRUITER], reply_decision=reply)
    assert "In your last message, you mentioned that you expected to reach a decision by" in body
    to_grace = body_of("follow_up", reply_decision=reply)
    assert "I understood from Rita Moreno that a decision was expected by" in to_grace
    assert "During our interview" not in to_grace


def test_a_date_from_a_reply_without_a_recruiter_is_the_interviews_leads() -> None:
    body = body_of("follow_up", to=[ALAN], recruiter=None, reply_decision="2026-10-16T17:00Z")
    assert "I understood from Dr. Hopper that a decision was expected by" in body


def test_a_date_whose_giver_is_unknown_is_not_attributed_to_anyone() -> None:
    interview = {**PEAK, "interviewers": [], "decision_by": "2026-10-16T17:00+01:00"}
    body = body_of("follow_up", to=[RECRUITER], interview=interview)
    assert "I understood that a decision was expected by Friday 16 October 2026." in body
    assert "you mentioned" not in body


def test_a_call_says_who_gave_the_date() -> None:
    interview = {**PEAK, "interviewers": [WHITAKER, ALAN], "decision_by": "2026-10-16T17:00+01:00"}
    body = body_of("follow_up", "phone", to=[RECRUITER], interview=interview)
    assert "you understood from Mr. Whitaker that a decision was expected by Friday" in body
    # no thank_you_sent reached her: the call is her thanks, not thanks "again"
    assert "- Thank them for arranging the interview: you have not thanked them in writing" in body


def test_the_final_follow_up_is_shorter_says_it_is_the_last_and_differs_from_the_first() -> None:
    dated = {**PEAK, "decision_by": "2026-10-16T17:00+01:00"}
    first = render("follow_up", interview=dated)
    final = render("follow_up", interview=dated, previous_follow_up="2026-10-20T10:00:00+01:00")
    assert "last note" in final.body and "last note" not in first.body
    assert "following my message of Tuesday 20 October 2026" in final.body
    assert len(final.body) < len(first.body) * 0.75
    assert final.subject == f"Re: {first.subject}"
    shared = set(first.body.split("\n")) & set(final.body.split("\n"))
    assert shared <= {"", "Dear Dr. Hopper,", "Sincerely,", "Ada Lovelace"}


def test_the_final_call_says_it_is_the_last() -> None:
    body = body_of("follow_up", "phone", previous_follow_up="2026-10-20T10:00:00+01:00")
    assert "this is your last check-in" in body
    assert "This was your last follow-up" in body
    assert "Do not call again within a few days" not in body


@pytest.mark.parametrize("status", ["overdue", "lapsed"])
@pytest.mark.parametrize("to_recruiter", [False, True], ids=["interviewer", "recruiter"])
def test_a_late_thank_you_acknowledges_the_delay_once(status: str, to_recruiter: bool) -> None:
    to = [RECRUITER] if to_recruiter else [GRACE]
    body = body_of("thank_you", to=to, status=status)
    assert body.count(LATE_PHRASE) == 1
    assert LATE_PHRASE not in body_of("thank_you", to=to, status="due")


@pytest.mark.parametrize("to_recruiter", [False, True], ids=["interviewer", "recruiter"])
def test_a_thank_you_that_covers_the_timeline_question_asks_it(to_recruiter: bool) -> None:
    to = [RECRUITER] if to_recruiter else [GRACE]
    asked = body_of("thank_you", to=to, covers=("ask_timeline",))
    assert TIMELINE_QUESTION in asked
    assert asked.count("?") == 1
    assert TIMELINE_QUESTION not in body_of("thank_you", to=to)


def test_an_offer_reply_to_two_hiring_managers_greets_both() -> None:
    draft = render("offer_reply", to=[RECRUITER, GRACE], interview=PEAK)
    assert draft.body.startswith("Dear Rita Moreno and Dr. Hopper,\n")
    assert "Thank you both for offering me the Site Reliability Engineer position" in draft.body
    assert draft.body.count("\n- [") == 3  # the open questions to clarify (G19)
    assert draft.text().startswith(
        "To: Rita Moreno <rita@acme.example>, Dr. Grace Hopper <grace@acme.example>\n"
    )


# -- To: and Cc: lines ---------------------------------------------------------------------------


def test_text_starts_with_to_cc_and_subject_with_honorifics() -> None:
    text = render("thank_you", cc=[ALAN, RECRUITER]).text()
    assert text.startswith(
        "To: Dr. Grace Hopper <grace@acme.example>\n"
        "Cc: Alan Turing <alan@acme.example>, Rita Moreno <rita@acme.example>\n"
        "Subject: Thank you - second interview for Site Reliability Engineer\n\n"
        "Dear Dr. Hopper,\n"
    )


def test_no_cc_line_without_copies_and_no_address_lines_for_a_call_or_a_note() -> None:
    letter = render("follow_up").text()
    assert letter.startswith("To: Dr. Grace Hopper <grace@acme.example>\nSubject: ")
    assert "Cc:" not in letter
    for kind, channel in (("follow_up", "phone"), ("move_on", "note")):
        text = render(kind, channel).text()
        assert not text.startswith(("To:", "Subject:")) and "\nTo:" not in text


def test_a_person_without_an_email_is_named_on_the_to_line() -> None:
    alan = {"name": "Alan Turing"}
    draft = render("thank_you", to=[alan], interview={**INTERVIEW, "interviewers": [alan]})
    assert draft.text().startswith("To: Alan Turing\nSubject: ")
    assert draft.body.startswith("Dear Alan Turing,\n")
    assert [p.name for p in draft.without_address()] == ["Alan Turing"]


# -- the .eml form -------------------------------------------------------------------------------


def parse_eml(data: bytes) -> EmailMessage:
    message = BytesParser(policy=email.policy.default).parsebytes(data)
    assert isinstance(message, EmailMessage)
    return message


def test_email_parses_back_to_the_same_headers_and_body() -> None:
    interview = {**INTERVIEW, "topics": ["on-call"]}
    draft = render("thank_you", cc=[ALAN], interview=interview)
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
    assert render("thank_you", cc=[ALAN], interview=interview).email().as_bytes() == data


def test_email_encodes_names_and_text_beyond_ascii() -> None:
    zoe = {"name": "Zoë Ångström", "honorific": "Dr.", "email": "zoe@acme.example", "lead": True}
    interview = {**INTERVIEW, "interviewers": [zoe], "topics": ["Kubernetes für alle"]}
    data = render("thank_you", to=[zoe], interview=interview).email().as_bytes()
    assert data.isascii()
    message = parse_eml(data)
    assert message["To"].addresses[0].display_name == "Dr. Zoë Ångström"
    body = message.get_body()
    assert body is not None and "Dear Dr. Ångström," in body.get_content()
    assert "Kubernetes für alle" in body.get_content()


def test_email_without_the_candidates_address_has_no_from_and_skips_unaddressed_people() -> None:
    alan = {"name": "Alan Turing"}
    interview = {**INTERVIEW, "interviewers": [GRACE, alan]}
    candidate = replace(ADA, email=None)
    draft = render("thank_you", cc=[alan], interview=interview, candidate=candidate)
    message = parse_eml(draft.email().as_bytes())
    assert message["From"] is None and message["Cc"] is None
    assert message["To"].addresses[0].addr_spec == "grace@acme.example"


def test_a_call_has_no_email_form() -> None:
    with pytest.raises(InputError, match=r"is a phone action, not an email: write it with -o"):
        render("follow_up", "phone").email()


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
    new_york = replace(ADA, timezone="America/New_York")
    window = {"not_before": "2026-10-20T04:00:00-04:00", "due_by": "2026-10-21T12:00:00-04:00"}
    body = body_of("follow_up", "phone", candidate=new_york, to=[RECRUITER], **window)
    assert (
        "When: Tuesday 20 October 2026 09:00 to Wednesday 21 October 2026 17:00 their time"
        " (London) = Tuesday 20 October 2026 04:00 to Wednesday 21 October 2026 12:00 your time"
        " (New York)." in body
    )
    # The plan's recipient zone is the one the window is given in.
    tokyo = body_of("follow_up", "phone", candidate=new_york, recipient_zone="Asia/Tokyo", **window)
    assert "their time (Tokyo)" in tokyo


# -- every variant keeps to G27 ------------------------------------------------------------------

FINAL = {"previous_follow_up": "2026-10-20T10:00:00+01:00"}
VARIANTS: dict[str, tuple[str, str, dict[str, Any]]] = {
    "recruiter-thanks": ("thank_you", "email", {"to": [RECRUITER]}),
    "late-thanks": ("thank_you", "email", {"status": "lapsed"}),
    "thanks-and-timeline": ("thank_you", "email", {"covers": ("ask_timeline",)}),
    "final-follow-up": ("follow_up", "email", FINAL),
    "final-call": ("follow_up", "phone", FINAL),
    "attributed-date": (
        "follow_up",
        "email",
        {"interview": {**PEAK, "interviewers": [WHITAKER], "decision_by": "2026-10-16"}},
    ),
    "recruiter-timeline": ("ask_timeline", "email", {"to": [RECRUITER]}),
}


@pytest.mark.parametrize("name", sorted(VARIANTS))
def test_every_variant_follows_g27(name: str) -> None:
    kind, channel, changes = VARIANTS[name]
    draft = render(kind, channel, **{"interview": PEAK, **changes})
    text = draft.text()
    assert "!" not in text and not EMOJI.search(text)
    assert "\n\n\n" not in draft.body and not draft.body.startswith(" ")
    assert not re.search(r"  |\n |\. \.", draft.body)  # no gaps left by the branches
    if channel == "email":
        assert draft.body.startswith("Dear ") and draft.body.endswith(
            "\nSincerely,\nAda Lovelace\n"
        )


def test_the_names_a_template_is_checked_against_are_the_names_it_gets() -> None:
    # `followup validate` and a user's template are checked against VARIABLES before rendering
    for kind in ActionKind:
        action = make_action(kind, "email")
        assert set(template_variables(action, ADA)) == VARIABLES, kind


def test_a_template_that_guards_a_field_is_not_refused(tmp_path: Path) -> None:
    custom = tmp_path / "custom.j2"
    custom.write_text(
        "Subject: Hi\n{{ candidate.linkedin | default('') }}"
        "{% if candidate.github is defined %}{{ candidate.github }}{% endif %}"
        "{% for p in interview.interviewers %}{{ p.name }}{% endfor %}{% set x = 1 %}{{ x }}\n",
        encoding="utf-8",
    )
    assert render("thank_you", template=custom).subject == "Hi"


@pytest.mark.parametrize("name", sorted(p.name for p in TEMPLATE_DIR.glob("*.j2")))
def test_a_copy_of_a_builtin_template_is_read_without_a_problem(tmp_path: Path, name: str) -> None:
    # users copy these to start their own (docs/daily-use.md): `followup validate` and
    # `draft --template` must not find fault with the copy
    copy = tmp_path / name
    shutil.copy(TEMPLATE_DIR / name, copy)
    check_template(copy)
    kind, channel, _ = name.split(".")
    assert render(kind, "email" if channel == "note" else channel, template=copy).body
