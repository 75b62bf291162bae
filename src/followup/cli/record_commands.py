"""`followup new` and `followup add ...`: record what happened without editing YAML by hand.

Every command edits one events file (`--file`, else `followup.record.default_events_path()`),
checks the result before writing it atomically with a `.bak`, and prints the actions whose
status (or open window) changed (the plan before and after, at the same moment: now). Any bad
argument is one line on stderr, exit 2, and the file is left byte-identical.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from followup.cli import UserError, cli
from followup.cli.options import (
    A_FILE,
    current_clock,
    policy_dir_option,
    policy_dirs,
    policy_option,
    remembered,
    request_option,
)
from followup.render.terminal import echo

if TYPE_CHECKING:
    from followup.api import Edit, EditRequest

F = TypeVar("F", bound=Callable[..., Any])

FILE_OPTION = request_option(
    "--file",
    "events_file",
    type=A_FILE,
    help="The events file to edit. Default: $FOLLOWUP_EVENTS, else the config file's "
    "events_file, else $XDG_DATA_HOME/interview-followup/events.yaml (~/.local/share/...).",
)
AT_OPTION = click.option(
    "--at",
    "at",
    metavar="DATETIME",
    help="When it happened (2026-10-06T10:00; your time zone unless an offset is given). "
    "Default: now.",
)


AS_OF_OPTION = request_option(
    "--as-of",
    metavar="DATETIME",
    help="Record as if it were this moment: nothing recorded may be after it, the statuses "
    "printed are as of it, and so is --at where the command has one (ISO 8601; your time zone "
    "unless an offset is given). Default: now.",
)


def _edit_options(func: F) -> F:
    """--file, --as-of, and the policy options that decide which changes are printed."""
    return FILE_OPTION(AS_OF_OPTION(policy_option(policy_dir_option(func))))


def _note(text: str) -> None:
    echo(text, err=True)


def edit_request() -> EditRequest:
    """The request of an editing command: --file, --as-of, --policy, --policy-dir (then
    FOLLOWUP_POLICY_DIR and the config file's), the clock; notes go to stderr."""
    from followup.api import EditRequest

    events_file, as_of, policy = (remembered(n) for n in ("events_file", "as_of", "policy_ref"))
    return EditRequest(events_file, as_of, policy, policy_dirs, current_clock(), _note)


def say(edit: Edit) -> None:
    """What was recorded, then the actions whose status it changed (a broken registered policy
    is reported, the edit stands)."""
    echo(edit.said)
    lines, problem = edit.changes()
    if problem is not None:
        echo(f"Warning: recorded, but the plan could not be computed: {problem}", err=True)
    for line in lines:
        echo(f"  {line}")


@cli.command("new")
@click.argument("app_id", metavar="APP")
@click.option("--company", required=True)
@click.option("--role", required=True)
@click.option("--industry", default="", help="Chooses the default policy (e.g. technology).")
@click.option(
    "--recruiter",
    metavar='"NAME <EMAIL>"',
    help="The recruiter, if there is one ('Dr. Sam Reed, Talent Lead <sam@acme.example>' sets "
    "the honorific and title too).",
)
@click.option("--name", "candidate_name", help="Your name (needed when the file is new).")
@click.option(
    "--email",
    "candidate_email",
    metavar="ADDRESS",
    help="Your own address (new file): `import mail` tells your messages by it, and "
    "`--from-ics` leaves you out of the interviewers.",
)
@click.option(
    "--timezone",
    default=None,
    help="Your time zone (new file). Default: the config file's, else the system's.",
)
@click.option(
    "--applied",
    "applied",
    is_flag=False,
    flag_value="now",
    default=None,
    metavar="[DATETIME]",
    help="Record that you applied (now, or at DATETIME): tracked before any interview.",
)
@FILE_OPTION
@AS_OF_OPTION
def new_command(
    app_id: str,
    company: str,
    role: str,
    industry: str,
    recruiter: str | None,
    candidate_name: str | None,
    candidate_email: str | None,
    timezone: str | None,
    applied: str | None,
) -> None:
    """Start tracking an application (and the events file, the first time)."""
    from followup.api import new_application

    fields: dict[str, Any] = {"id": app_id, "company": company, "role": role}
    if industry:
        fields["industry"] = industry
    candidate = {"name": candidate_name, "timezone": timezone, "email": candidate_email}
    edit = new_application(edit_request(), fields, candidate, recruiter=recruiter, applied=applied)
    echo(edit.said)


@cli.group("add")
def add_group() -> None:
    """Record an event (applied, interview, thank-you, follow-up, reply, rejected, offer,
    withdrawn) or a contact.

    The file edited is --file, else $FOLLOWUP_EVENTS, else the config file's events_file
    (`followup config show`), else $XDG_DATA_HOME/interview-followup/events.yaml
    (~/.local/share/interview-followup/events.yaml).
    Comments and ordering are kept, the previous version is saved as events.yaml.bak, and the
    actions whose status (or open window) changed are printed."""


@add_group.command("interview")
@click.argument("app_id", metavar="APP")
@AT_OPTION
@click.option(
    "--round",
    "round_",
    type=click.IntRange(min=1),
    default=None,
    help="Default: the round after the application's latest earlier interview (1 for the first).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["one_on_one", "panel", "phone", "video", "informal"]),  # events.FORMATS
    help="Default: one_on_one (with --from-ics: what the invitation suggests). informal: a "
    "coffee chat, a lunch, an informal meeting.",
)
@click.option(
    "--from-ics",
    "invite_path",
    type=A_FILE,
    metavar="FILE",
    help="Read the time, the interviewers and the format from an invitation (.ics). Options "
    "given as well win; what could not be read is said on stderr.",
)
@click.option(
    "--interviewer", "interviewers", multiple=True, metavar='"NAME <EMAIL>"', help="Repeatable."
)
@click.option("--lead", metavar="NAME", help="Which interviewer led (panels).")
@click.option(
    "--surname",
    "surnames",
    multiple=True,
    help="An interviewer's surname when it is not their name's last word, for the greeting "
    "(repeatable: 'García López' for María José García López: Dear Dr. García López).",
)
@click.option(
    "--interviewer-timezone",
    "their_timezone",
    metavar="ZONE",
    help="The interviewers' time zone when it is not yours (send windows use it).",
)
@click.option(
    "--ends",
    metavar="TIME",
    help="When it ended: a time (11:30, the day of --at) or a date and time. Thank-you notes "
    "and check-ins count from it (else from the start). With --from-ics: the invitation's end.",
)
@click.option(
    "--decision-by",
    metavar="DATE|PERIOD",
    help="When they said they would decide: a date, or the period they gave (2w, 10d, 1mo, 48h) "
    "counted from the interview.",
)
@click.option("--topic", "topics", multiple=True, help="Something you discussed (for drafts).")
@_edit_options
def add_interview(
    app_id: str,
    at: str | None,
    ends: str | None,
    round_: int | None,
    fmt: str | None,
    invite_path: Path | None,
    interviewers: tuple[str, ...],
    lead: str | None,
    surnames: tuple[str, ...],
    their_timezone: str | None,
    decision_by: str | None,
    topics: tuple[str, ...],
) -> None:
    """An interview (one in the future is a booked round: no status check before it).

    With --from-ics FILE, an invitation (from your calendar or the email that brought it): its
    start with its time zone, its length, the organizer and attendees (not you: your name and
    the candidate email of the events file are left out, and neither is the recruiter) and a
    video link or phone number for the format."""
    from followup.api import add_event, mark_lead, parse_person, read_invitation, set_surnames

    request = edit_request()
    zone: str | None = None
    note: str | None = None
    people = [parse_person(text, their_timezone, "--interviewer-timezone") for text in interviewers]
    if invite_path is not None:
        invite_at, fmt, zone, note, invite_ends = read_invitation(
            request, invite_path, app_id, at, fmt, their_timezone, people
        )
        at, ends = at or invite_at, ends or invite_ends
    if their_timezone and not people:
        raise UserError("--interviewer-timezone: give the --interviewer names as well")
    if lead is not None:
        mark_lead(people, lead)
    set_surnames(people, surnames)
    fields: dict[str, Any] = {"ends": ends.strip()} if ends else {}  # written after `at`
    fields.update(round=round_, format=fmt or "one_on_one")
    if decision_by:
        fields["decision_by"] = decision_by.strip()
    if topics:
        fields["topics"] = list(topics)
    if people:
        fields["interviewers"] = people
    if note:
        fields["note"] = note
    say(add_event(request, app_id, "interview", at, fields, zone=zone))


@add_group.command("thank-you")
@click.argument("app_id", metavar="APP")
@click.option(
    "--to", "to", multiple=True, metavar="NAME|EMAIL", help="Who you thanked (repeatable)."
)
@AT_OPTION
@_edit_options
def add_thank_you(
    app_id: str,
    to: tuple[str, ...],
    at: str | None,
) -> None:
    """A thank-you note you sent (to everyone, or to the people given with --to)."""
    from followup.api import add_event

    fields = {"to": list(to)} if to else {}
    say(add_event(edit_request(), app_id, "thank_you_sent", at, fields))


@add_group.command("reply")
@click.argument("app_id", metavar="APP")
@click.option(
    "--decision-by",
    metavar="DATE|PERIOD",
    help="A new date they gave for the decision, or the period they gave (2w, 10d) counted from "
    "their reply.",
)
@AT_OPTION
@_edit_options
def add_reply(
    app_id: str,
    decision_by: str | None,
    at: str | None,
) -> None:
    """They answered (without a decision yet)."""
    from followup.api import add_event

    fields = {"decision_by": decision_by.strip()} if decision_by else {}
    say(add_event(edit_request(), app_id, "response_received", at, fields))


@add_group.command("offer")
@click.argument("app_id", metavar="APP")
@click.option(
    "--answer-by",
    metavar="DATE",
    help="When they want your answer (a date alone: 17:00 that day, their time).",
)
@AT_OPTION
@_edit_options
def add_offer(app_id: str, answer_by: str | None, at: str | None) -> None:
    """They made you an offer."""
    from followup.api import add_event

    fields = {"answer_by": answer_by.strip()} if answer_by else {}
    say(add_event(edit_request(), app_id, "offer_received", at, fields))


def _ending(name: str, event_type: str, doc: str) -> None:
    @add_group.command(name, help=doc)
    @click.argument("app_id", metavar="APP")
    @AT_OPTION
    @_edit_options
    def command(app_id: str, at: str | None) -> None:
        from followup.api import add_event

        say(add_event(edit_request(), app_id, event_type, at))


_ending("follow-up", "follow_up_sent", "A status follow-up you sent or a call you made.")
_ending("applied", "applied", "You applied (tracked before any interview).")
_ending("rejected", "rejected", "They turned you down.")
_ending("withdrawn", "withdrawn", "You withdrew from the process.")


@add_group.command("contact")
@click.argument("app_id", metavar="APP")
@click.argument("person", metavar='"NAME <EMAIL>"')
@click.option("--title", help="Their job title (e.g. 'Talent Partner').")
@click.option("--honorific", help="How to address them (e.g. 'Dr.').")
@click.option(
    "--surname",
    help="What a greeting puts after the honorific when it is not the name's last word "
    "('García' for María José García López: Dear Ms. García).",
)
@click.option("--timezone", "their_timezone", metavar="ZONE", help="Their time zone.")
@click.option("--replace", is_flag=True, help="Replace the recruiter already recorded.")
@_edit_options
def add_contact(
    app_id: str,
    person: str,
    title: str | None,
    honorific: str | None,
    surname: str | None,
    their_timezone: str | None,
    replace: bool,
) -> None:
    """Add the recruiter or HR contact of an application (the hiring contact that status
    follow-ups go to)."""
    from followup.api import parse_person, set_contact

    contact = parse_person(person, their_timezone)
    if title:
        contact["title"] = title.strip()
    if honorific:
        contact["honorific"] = honorific.strip()
    if surname and surname.strip():
        contact["surname"] = " ".join(surname.split())
    say(set_contact(edit_request(), app_id, contact, replace=replace))


@cli.command("reschedule")
@click.argument("app_id", metavar="APP")
@click.option(
    "--from",
    "old",
    required=True,
    metavar="DATETIME",
    help="When the interview was to be, as recorded (2026-10-06T10:00).",
)
@click.option("--to", "new", required=True, metavar="DATETIME", help="Its new time.")
@click.option(
    "--ends",
    metavar="TIME",
    help="When it will end: a time (11:30, the day of --to) or a date and time. Default: as "
    "long as before.",
)
@click.option(
    "--decision-by",
    metavar="DATE|PERIOD",
    help="When they now say they will decide: a date (2026-10-23), a date and time, or the "
    "period they gave, counted from --to (2w, 10d, 1mo, 48h). Default: the recorded one stays, "
    "if it is still after --to.",
)
@click.option(
    "--no-decision-by",
    "drop_decision_by",
    is_flag=True,
    help="Drop the recorded decision date (they did not give a new one).",
)
@_edit_options
def reschedule_command(
    app_id: str,
    old: str,
    new: str,
    ends: str | None,
    decision_by: str | None,
    drop_decision_by: bool,
) -> None:
    """They moved an interview: it starts at --to instead of --from.

    The thank-yous and check-ins count from the new time, and nothing is planned for the time
    it no longer takes place. Its round, interviewers and booking stay; so does its decision
    date unless --decision-by or --no-decision-by says otherwise (a move past that date is
    refused until one of them does)."""
    from followup.api import reschedule

    say(
        reschedule(
            edit_request(),
            app_id,
            old,
            new,
            ends,
            decision_by,
            drop_decision_by=drop_decision_by,
        )
    )
