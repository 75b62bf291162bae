"""`followup new` and `followup add ...`: record what happened without editing YAML by hand.

Every command edits one events file (`--file`, else `followup.record.default_events_path()`),
checks the result before writing it atomically with a `.bak`, and prints the actions whose
status changed (the plan before and after, at the same moment: now). Any bad argument is one
line on stderr, exit 2, and the file is left byte-identical.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from followup.cli import UserError, cli
from followup.cli.options import (
    current_clock,
    load_policy_ref,
    policy_dir_option,
    policy_dirs,
    policy_option,
)
from followup.errors import FollowupError, did_you_mean
from followup.render.terminal import echo

if TYPE_CHECKING:
    import pendulum

    from followup.api import EventsFile, Journal, Person, Policy

F = TypeVar("F", bound=Callable[..., Any])

FILE_OPTION = click.option(
    "--file",
    "events_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The events file to edit. Default: $FOLLOWUP_EVENTS, else "
    "$XDG_DATA_HOME/interview-followup/events.yaml (~/.local/share/...).",
)
AT_OPTION = click.option(
    "--at",
    "at",
    metavar="DATETIME",
    help="When it happened (2026-10-06T10:00; your time zone unless an offset is given). "
    "Default: now.",
)


_AS_OF_KEY = "followup.record.as_of"


def _remember_as_of(ctx: click.Context, _param: click.Parameter, value: str | None) -> None:
    if value is not None:
        ctx.meta[_AS_OF_KEY] = value


AS_OF_OPTION = click.option(
    "--as-of",
    metavar="DATETIME",
    expose_value=False,
    callback=_remember_as_of,
    help="Record as if it were this moment: the default --at, the check that events are not in "
    "the future, and the statuses printed are as of it (ISO 8601; your time zone unless an "
    "offset is given). Default: now.",
)


def _edit_options(func: F) -> F:
    """--file, --as-of, and the policy options that decide which changes are printed."""
    return FILE_OPTION(AS_OF_OPTION(policy_option(policy_dir_option(func))))


def _path(events_file: Path | None) -> Path:
    from followup.api import default_events_path

    if events_file is not None:
        return events_file
    return default_events_path()


def _zone(journal: Journal) -> str:
    return journal.before.candidate.timezone if journal.before else "UTC"


def _now(timezone: str) -> pendulum.DateTime:
    """`--as-of` when given (read in `timezone` without an offset), else the clock's now."""
    ctx = click.get_current_context(silent=True)
    text = ctx.meta.get(_AS_OF_KEY) if ctx is not None else None
    if text is None:
        return current_clock().now().in_timezone(timezone)
    from followup.api import parse_as_of

    return parse_as_of(text, timezone)


def _print_changes(
    before: EventsFile | None, after: EventsFile, override: Policy | None, timezone: str
) -> None:
    """The plan's changes as of now; a broken registered policy is reported, the edit stands."""
    from followup.api import PolicyChooser, changes, load_registered

    dirs = policy_dirs() if override is None else ()  # a bad config file: exit 2
    now = _now(timezone)  # a bad --as-of: exit 2
    try:
        registered = load_registered(dirs) if override is None else []
        lines = changes(before, after, now, PolicyChooser(override, registered))
    except FollowupError as exc:
        echo(f"Warning: recorded, but the plan could not be computed: {exc}", err=True)
        return
    for line in lines:
        echo(f"  {line}")


def _record(
    events_file: Path | None,
    policy_ref: str | None,
    app_id: str,
    event_type: str,
    at: str | None,
    fields: dict[str, Any] | None = None,
    *,
    future_ok: bool = False,
    check: Callable[[Journal, pendulum.DateTime], None] | None = None,
    zone: str | None = None,
) -> None:
    """Add one event to an application, or fail with one line and change nothing. `zone`: write
    the time in this zone rather than the candidate's (an invitation's own zone)."""
    from followup.api import Journal, parse_moment

    path = _path(events_file)
    override = load_policy_ref(policy_ref) if policy_ref is not None else None
    with Journal.editing(path) as journal:
        tz = _zone(journal)
        now = _now(tz)
        moment = now if at is None else parse_moment("--at", at, tz, date_ok=False)
        if not future_ok and moment > now:
            raise UserError(f"--at {at}: that is in the future; record events once they happen")
        journal.check_event(app_id, event_type, moment)
        if check is not None:
            check(journal, moment)
        written = moment.in_timezone(zone) if zone else moment
        event = {"type": event_type, "at": written.replace(microsecond=0).isoformat()}
        journal.add_event(app_id, {**event, **(fields or {})})
        after = journal.save()
    echo(f"recorded {event_type} for {app_id} in {path}")
    _print_changes(journal.before, after, override, tz)


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
    events_file: Path | None,
) -> None:
    """Start tracking an application (and the events file, the first time)."""
    from ruamel.yaml.comments import CommentedMap

    from followup.api import Journal, check_timezone, parse_moment, parse_person

    path = _path(events_file)
    fields: dict[str, Any] = {"id": app_id, "company": company, "role": role}
    if industry:
        fields["industry"] = industry
        _warn_unknown_industry(industry)
    if recruiter:
        fields["recruiter"] = parse_person(recruiter)
    zone = timezone or _default_timezone()
    if not path.exists():
        if not candidate_name:
            raise UserError(f"{path}: a new events file needs your --name (and --timezone)")
        check_timezone(zone, "--timezone")
    create = {"name": candidate_name, "timezone": zone}
    if candidate_email:
        if "@" not in candidate_email or any(c in candidate_email for c in " <>"):
            raise UserError(f"--email {candidate_email!r}: not an email address")
        create["email"] = candidate_email.strip()
    with Journal.editing(path, create=create) as journal:
        if journal.original is None and not candidate_name:  # removed since the check
            raise UserError(f"{path}: a new events file needs your --name (and --timezone)")
        journal.add_application(fields)
        if applied is not None:
            tz = _zone(journal) if journal.before else zone
            now = _now(tz)
            moment = (
                now if applied == "now" else parse_moment("--applied", applied, tz, date_ok=False)
            )
            if moment > now:
                raise UserError(f"--applied {applied}: that is in the future")
            at = moment.replace(microsecond=0).isoformat()
            entry = CommentedMap({"type": "applied", "at": at})
            entry.fa.set_flow_style()
            journal.data["applications"][-1]["events"].append(entry)
        journal.save()
    echo(f"tracking {app_id} ({company}, {role}) in {path}")


def _default_timezone() -> str:
    """`new --timezone` when not given: the config file's, else the system's (from the clock,
    so that tests fix it)."""
    from followup.api import load_config

    configured = load_config().timezone
    if configured:
        return configured
    zone = getattr(current_clock(), "zone", None)
    return str(zone()) if callable(zone) else "UTC"


def _warn_unknown_industry(industry: str) -> None:
    """An industry no policy names is planned with `generic`: say so, with a did-you-mean."""
    from followup.api import builtin_policies, load_registered

    dirs = policy_dirs()  # a broken config file is an error (exit 2)
    try:
        policies = [*load_registered(dirs), *builtin_policies()]
    except FollowupError:
        return  # a broken registered policy is reported where it is used
    known = sorted({i for p in policies for i in p.industries})
    if industry.lower() in known:
        return
    tip = did_you_mean(industry.lower(), known)
    echo(
        f"Warning: --industry {industry!r}: no policy names it, so `generic` plans it{tip}",
        err=True,
    )


@cli.group("add")
def add_group() -> None:
    """Record an event (applied, interview, thank-you, follow-up, reply, rejected, offer,
    withdrawn) or a contact.

    The file edited is --file, else $FOLLOWUP_EVENTS, else
    $XDG_DATA_HOME/interview-followup/events.yaml (~/.local/share/interview-followup/events.yaml).
    Comments and ordering are kept, the previous version is saved as events.yaml.bak, and the
    actions whose status changed are printed."""


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
    type=click.Choice(["one_on_one", "panel", "phone", "video"]),
    help="Default: one_on_one (with --from-ics: what the invitation suggests).",
)
@click.option(
    "--from-ics",
    "invite_path",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="FILE",
    help="Read the time, the interviewers and the format from an invitation (.ics). Options "
    "given as well win; what could not be read is said on stderr.",
)
@click.option(
    "--interviewer", "interviewers", multiple=True, metavar='"NAME <EMAIL>"', help="Repeatable."
)
@click.option("--lead", metavar="NAME", help="Which interviewer led (panels).")
@click.option(
    "--interviewer-timezone",
    "their_timezone",
    metavar="ZONE",
    help="The interviewers' time zone when it is not yours (send windows use it).",
)
@click.option("--decision-by", metavar="DATE", help="When they said they would decide.")
@click.option("--topic", "topics", multiple=True, help="Something you discussed (for drafts).")
@_edit_options
def add_interview(
    app_id: str,
    at: str | None,
    round_: int | None,
    fmt: str | None,
    invite_path: Path | None,
    interviewers: tuple[str, ...],
    lead: str | None,
    their_timezone: str | None,
    decision_by: str | None,
    topics: tuple[str, ...],
    events_file: Path | None,
    policy_ref: str | None,
) -> None:
    """An interview (one in the future is a booked round: no status check before it).

    With --from-ics FILE, an invitation (from your calendar or the email that brought it): its
    start with its time zone, its length, the organizer and attendees (not you: your name and
    the candidate email of the events file are left out, and neither is the recruiter) and a
    video link or phone number for the format."""
    from followup.api import check_decision_by, parse_person

    zone: str | None = None
    note: str | None = None
    people = [parse_person(text, their_timezone) for text in interviewers]
    if invite_path is not None:
        invite_at, fmt, zone, note = _read_invite(
            invite_path, events_file, app_id, at, fmt, their_timezone, people
        )
        at = at or invite_at
    fmt = fmt or "one_on_one"
    if their_timezone and not people:
        raise UserError("--interviewer-timezone: give the --interviewer names as well")
    if lead is not None:
        wanted = " ".join(lead.split()).casefold()

        def named(person: dict[str, Any]) -> bool:
            name = str(person["name"]).casefold()
            email = str(person.get("email") or "").casefold()
            return wanted in (name, email) or name.endswith(" " + wanted)

        leads = [p for p in people if named(p)]
        if len(leads) != 1:
            names = ", ".join(str(p["name"]) for p in people) or "none given"
            raise UserError(
                f"--lead {lead!r}: not {'exactly ' if leads else ''}one of the --interviewer "
                f"names or emails ({names})"
            )
        leads[0]["lead"] = True
    fields: dict[str, Any] = {"round": round_ or 1, "format": fmt}
    if decision_by:
        fields["decision_by"] = decision_by.strip()
    if topics:
        fields["topics"] = list(topics)
    if people:
        fields["interviewers"] = people
    if note:
        fields["note"] = note

    def check(journal: Journal, moment: pendulum.DateTime) -> None:
        if decision_by:
            check_decision_by(decision_by, moment, _zone(journal), "interview")
        earlier = [e for e in journal.known(app_id).events if e.type == "interview"]
        for event in earlier:
            if event.at == moment:
                raise UserError(
                    f"{app_id} already has an interview at {moment:%Y-%m-%d %H:%M} "
                    f"({event.loc.short()}): the same interview twice? check --at"
                )
        before = [e for e in earlier if e.at < moment]
        if round_ is None and before:
            fields["round"] = max(e.round for e in before) + 1
            latest = max(before, key=lambda e: e.at)
            echo(
                f"round {fields['round']}: the next after the interview of "
                f"{latest.at:%Y-%m-%d %H:%M} (give --round to change it)",
                err=True,
            )

    _record(
        events_file,
        policy_ref,
        app_id,
        "interview",
        at,
        fields,
        future_ok=True,
        check=check,
        zone=zone,
    )


def _read_invite(
    path: Path,
    events_file: Path | None,
    app_id: str,
    at: str | None,
    fmt: str | None,
    their_timezone: str | None,
    people: list[dict[str, Any]],
) -> tuple[str, str, str | None, str | None]:
    """Read an invitation for `add interview --from-ics`: (the --at text, the format, the zone
    to write the time in, a note), adding its people to `people`; warnings go to stderr."""
    from followup.api import Journal, describe_length, read_invite, read_text

    journal = Journal.open(_path(events_file))
    tz = _zone(journal)
    candidate = journal.before.candidate if journal.before else None
    app = journal.known(app_id)
    me = [candidate.name, candidate.email or ""] if candidate else []
    recruiter = [app.recruiter.name, app.recruiter.email or ""] if app.recruiter else []
    data = read_text(path, str(path)).encode("utf-8")
    invite = read_invite(data, str(path), me=me, timezone=tz, not_interviewers=recruiter)
    for warning in invite.warnings:
        echo(f"{path}: {warning}", err=True)
    if at is not None:
        echo(f"{path}: --at {at} given: the invitation's start is not used", err=True)
    zone = invite.zone if invite.zone and invite.zone != tz else None
    known = {k for p in people for k in (p["name"].casefold(), p.get("email", "").casefold())}
    for person in invite.people:
        if {person["name"].casefold(), person.get("email", "").casefold()} & (known - {""}):
            continue
        if their_timezone or zone:
            person["timezone"] = their_timezone or zone
        people.append(person)
    chosen = fmt or invite.format
    length = describe_length(invite.length) if invite.length else None
    names = ", ".join(p["name"] for p in invite.people) or "no interviewers"
    echo(
        f"{path}: {invite.start:%a %d %b %Y %H:%M} ({invite.zone or invite.start.timezone_name})"
        f"{', ' + length if length else ''}; {names}; format {chosen}"
        + ("" if fmt else f" ({invite.format_reason})"),
        err=True,
    )
    note_parts = [f"invitation: {invite.summary}" if invite.summary else "from an invitation"]
    if length:
        note_parts.append(length)
    return invite.start.isoformat(), chosen, zone, ", ".join(note_parts)


def _check_recipients(app_id: str, to: tuple[str, ...]) -> Callable[[Journal, Any], None]:
    """`--to` must name an interviewer or the recruiter of the application (name or email)."""

    def check(journal: Journal, _moment: Any) -> None:
        app = journal.known(app_id)
        people: list[Person] = [p for e in app.events for p in e.interviewers]
        if app.recruiter is not None:
            people.append(app.recruiter)
        for token in to:
            if any(p.matches(token) for p in people):
                continue
            names = sorted({p.name for p in people})
            spellings = names + sorted({p.email for p in people if p.email})
            tip = did_you_mean(token, spellings)
            known = ", ".join(names) or "none recorded"
            raise UserError(
                f"--to {token!r}: not an interviewer or recruiter of {app_id} ({known}){tip}"
            )

    return check


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
    events_file: Path | None,
    policy_ref: str | None,
) -> None:
    """A thank-you note you sent (to everyone, or to the people given with --to)."""
    fields: dict[str, Any] = {"to": [t.strip() for t in to]} if to else {}
    check = _check_recipients(app_id, to)
    _record(events_file, policy_ref, app_id, "thank_you_sent", at, fields, check=check)


@add_group.command("follow-up")
@click.argument("app_id", metavar="APP")
@AT_OPTION
@_edit_options
def add_follow_up(
    app_id: str, at: str | None, events_file: Path | None, policy_ref: str | None
) -> None:
    """A status follow-up you sent or a call you made."""
    _record(events_file, policy_ref, app_id, "follow_up_sent", at)


@add_group.command("reply")
@click.argument("app_id", metavar="APP")
@click.option("--decision-by", metavar="DATE", help="A new date they gave for the decision.")
@AT_OPTION
@_edit_options
def add_reply(
    app_id: str,
    decision_by: str | None,
    at: str | None,
    events_file: Path | None,
    policy_ref: str | None,
) -> None:
    """They answered (without a decision yet)."""
    from followup.api import check_decision_by

    fields = {"decision_by": decision_by.strip()} if decision_by else {}

    def check(journal: Journal, moment: pendulum.DateTime) -> None:
        if decision_by:
            check_decision_by(decision_by, moment, _zone(journal), "reply")

    _record(events_file, policy_ref, app_id, "response_received", at, fields, check=check)


def _ending(name: str, event_type: str, doc: str) -> None:
    @add_group.command(name, help=doc)
    @click.argument("app_id", metavar="APP")
    @AT_OPTION
    @_edit_options
    def command(
        app_id: str, at: str | None, events_file: Path | None, policy_ref: str | None
    ) -> None:
        _record(events_file, policy_ref, app_id, event_type, at)


_ending("applied", "applied", "You applied (tracked before any interview).")
_ending("rejected", "rejected", "They turned you down.")
_ending("offer", "offer_received", "They made you an offer.")
_ending("withdrawn", "withdrawn", "You withdrew from the process.")


@add_group.command("contact")
@click.argument("app_id", metavar="APP")
@click.argument("person", metavar='"NAME <EMAIL>"')
@click.option("--title", help="Their job title (e.g. 'Talent Partner').")
@click.option("--honorific", help="How to address them (e.g. 'Dr.').")
@click.option("--timezone", "their_timezone", metavar="ZONE", help="Their time zone.")
@click.option("--replace", is_flag=True, help="Replace the recruiter already recorded.")
@_edit_options
def add_contact(
    app_id: str,
    person: str,
    title: str | None,
    honorific: str | None,
    their_timezone: str | None,
    replace: bool,
    events_file: Path | None,
    policy_ref: str | None,
) -> None:
    """Add the recruiter or HR contact of an application (the hiring contact that status
    follow-ups go to)."""
    from ruamel.yaml.comments import CommentedMap

    from followup.api import Journal, parse_person

    path = _path(events_file)
    override = load_policy_ref(policy_ref) if policy_ref is not None else None
    contact = parse_person(person, their_timezone)
    if title:
        contact["title"] = title.strip()
    if honorific:
        contact["honorific"] = honorific.strip()
    with Journal.editing(path) as journal:
        app = journal.known(app_id)
        if app.recruiter is not None and not replace:
            raise UserError(
                f"{app_id} already has a recruiter ({app.recruiter.display()}); "
                "add --replace to replace them"
            )
        entry = journal.application(app_id)
        entry["recruiter"] = CommentedMap(contact)
        if "events" in entry:  # keep `events` last, where people expect it
            entry.move_to_end("events")
        after = journal.save()
        tz = _zone(journal)
    echo(f"recorded contact {contact['name']} for {app_id} in {path}")
    _print_changes(journal.before, after, override, tz)
