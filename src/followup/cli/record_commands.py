"""`followup new` and `followup add ...`: record what happened without editing YAML by hand."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from followup.cli import UserError, cli
from followup.cli.options import current_clock
from followup.errors import FollowupError

if TYPE_CHECKING:
    import pendulum

    from followup.events import EventsFile

FILE_OPTION = click.option(
    "--file",
    "events_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The events file to edit. Default: $FOLLOWUP_EVENTS, else "
    "$XDG_DATA_HOME/interview-followup/events.yaml (~/.local/share/...).",
)
AT_OPTION = click.option("--at", "at", metavar="DATETIME", help="When it happened. Default: now.")


def _path(events_file: Path | None) -> Path:
    from followup.journal import default_events_path

    return events_file or default_events_path()


def _now(timezone: str) -> pendulum.DateTime:
    return current_clock().now().in_timezone(timezone)


def _moment(text: str | None, timezone: str, *, may_be_future: bool) -> str:
    """`--at` as an ISO date-time in the candidate's zone; never in the future for past events."""
    from followup.clock import parse_as_of

    now = _now(timezone)
    moment = now if text is None else parse_as_of(text, timezone)
    if not may_be_future and moment > now:
        raise UserError(f"--at {text}: that is in the future; record events once they happen")
    return moment.replace(microsecond=0).isoformat()


def _changes(before: EventsFile | None, after: EventsFile, timezone: str) -> list[str]:
    """What the edit changed in the plan, as of now: new actions and changed statuses."""
    from followup.api import plan

    now = _now(timezone)
    old = {a.id: a.status for a in plan(before, as_of=now).actions} if before else {}
    lines = []
    for action in plan(after, as_of=now).actions:
        was = old.get(action.id)
        if was is None and action.is_open:
            lines.append(f"{action.id}: {action.status}")
        elif was is not None and was != action.status:
            lines.append(f"{action.id}: {was} -> {action.status}")
    return lines


def _record(
    events_file: Path | None, app_id: str, event: dict[str, Any], *, future_ok: bool = False
) -> None:
    from followup.journal import Journal

    path = _path(events_file)
    try:
        journal = Journal.open(path)
        before = journal.checked()[1]
        tz = before.candidate.timezone
        at = _moment(event.pop("at", None), tz, may_be_future=future_ok)
        event = {"type": event.pop("type"), "at": at, **event}
        journal.add_event(app_id, event)
        after = journal.save()
    except FollowupError as exc:
        raise UserError(str(exc)) from None
    click.echo(f"recorded {event['type']} for {app_id} in {path}")
    for line in _changes(before, after, tz):
        click.echo(f"  {line}")


@cli.command("new")
@click.argument("app_id", metavar="APP")
@click.option("--company", required=True)
@click.option("--role", required=True)
@click.option("--industry", default="", help="Chooses the default policy (e.g. technology).")
@click.option("--recruiter", metavar='"NAME <EMAIL>"', help="The recruiter, if there is one.")
@click.option("--name", "candidate_name", help="Your name (needed when the file is new).")
@click.option("--timezone", default="UTC", show_default=True, help="Your time zone (new file).")
@FILE_OPTION
def new_command(
    app_id: str,
    company: str,
    role: str,
    industry: str,
    recruiter: str | None,
    candidate_name: str | None,
    timezone: str,
    events_file: Path | None,
) -> None:
    """Start tracking an application (and the events file, the first time)."""
    from followup.journal import Journal, parse_person

    path = _path(events_file)
    try:
        if not path.exists() and not candidate_name:
            raise UserError(f"{path}: a new events file needs your --name (and --timezone)")
        journal = Journal.open(path, create={"name": candidate_name, "timezone": timezone})
        fields: dict[str, Any] = {"id": app_id, "company": company, "role": role}
        if industry:
            fields["industry"] = industry
        if recruiter:
            fields["recruiter"] = parse_person(recruiter)
        journal.add_application(fields)
        journal.save()
    except FollowupError as exc:
        raise UserError(str(exc)) from None
    click.echo(f"tracking {app_id} ({company}, {role}) in {path}")


@cli.group("add")
def add_group() -> None:
    """Record an event: interview, thank-you, follow-up, reply, rejected, offer, withdrawn."""


@add_group.command("interview")
@click.argument("app_id", metavar="APP")
@AT_OPTION
@click.option("--round", "round_", type=click.IntRange(min=1), default=1, show_default=True)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["one_on_one", "panel", "phone", "video"]),
    default="one_on_one",
    show_default=True,
)
@click.option("--interviewer", "interviewers", multiple=True, metavar='"NAME <EMAIL>"')
@click.option("--lead", metavar="NAME", help="Which interviewer led (panels).")
@click.option("--decision-by", metavar="DATE", help="When they said they would decide.")
@click.option("--topic", "topics", multiple=True, help="Something you discussed (for drafts).")
@FILE_OPTION
def add_interview(
    app_id: str,
    at: str | None,
    round_: int,
    fmt: str,
    interviewers: tuple[str, ...],
    lead: str | None,
    decision_by: str | None,
    topics: tuple[str, ...],
    events_file: Path | None,
) -> None:
    """An interview (it may be in the future: it counts once it has happened)."""
    from followup.journal import parse_person

    try:
        people = [parse_person(text) for text in interviewers]
    except FollowupError as exc:
        raise UserError(str(exc)) from None
    if lead is not None:
        leads = [p for p in people if p["name"].lower() == lead.lower()]
        if not leads:
            raise UserError(f"--lead {lead!r}: not one of the --interviewer names")
        leads[0]["lead"] = True
    event: dict[str, Any] = {"type": "interview", "at": at, "round": round_, "format": fmt}
    if decision_by:
        event["decision_by"] = decision_by
    if topics:
        event["topics"] = list(topics)
    if people:
        event["interviewers"] = people
    _record(events_file, app_id, event, future_ok=True)


def _known_people(events_file: Path | None, app_id: str) -> list[Any]:
    from followup.journal import Journal

    try:
        journal = Journal.open(_path(events_file))
        app = journal.checked()[1]
    except FollowupError as exc:
        raise UserError(str(exc)) from None
    found = next((a for a in app.applications if a.id == app_id), None)
    if found is None:
        try:
            journal.application(app_id)  # raises with a did-you-mean
        except FollowupError as exc:
            raise UserError(str(exc)) from None
    assert found is not None
    people = [p for e in found.events for p in e.interviewers]
    return people + ([found.recruiter] if found.recruiter else [])


@add_group.command("thank-you")
@click.argument("app_id", metavar="APP")
@click.option("--to", "to", multiple=True, metavar="NAME|EMAIL", help="Who you thanked.")
@AT_OPTION
@FILE_OPTION
def add_thank_you(
    app_id: str, to: tuple[str, ...], at: str | None, events_file: Path | None
) -> None:
    """A thank-you note you sent (to everyone, or to the people given with --to)."""
    people = _known_people(events_file, app_id)
    for token in to:
        if not any(p.matches(token) for p in people):
            names = ", ".join(sorted({p.name for p in people})) or "none recorded"
            raise UserError(
                f"--to {token!r}: not an interviewer or recruiter of {app_id} ({names})"
            )
    event: dict[str, Any] = {"type": "thank_you_sent", "at": at}
    if to:
        event["to"] = list(to)
    _record(events_file, app_id, event)


@add_group.command("follow-up")
@click.argument("app_id", metavar="APP")
@AT_OPTION
@FILE_OPTION
def add_follow_up(app_id: str, at: str | None, events_file: Path | None) -> None:
    """A status follow-up you sent or a call you made."""
    _record(events_file, app_id, {"type": "follow_up_sent", "at": at})


@add_group.command("reply")
@click.argument("app_id", metavar="APP")
@click.option("--decision-by", metavar="DATE", help="A new date they gave for the decision.")
@AT_OPTION
@FILE_OPTION
def add_reply(
    app_id: str, decision_by: str | None, at: str | None, events_file: Path | None
) -> None:
    """They answered (without a decision yet)."""
    event: dict[str, Any] = {"type": "response_received", "at": at}
    if decision_by:
        event["decision_by"] = decision_by
    _record(events_file, app_id, event)


def _ending(name: str, event_type: str, doc: str) -> None:
    @add_group.command(name, help=doc)
    @click.argument("app_id", metavar="APP")
    @AT_OPTION
    @FILE_OPTION
    def command(app_id: str, at: str | None, events_file: Path | None) -> None:
        _record(events_file, app_id, {"type": event_type, "at": at})


_ending("rejected", "rejected", "They turned you down.")
_ending("offer", "offer_received", "They made you an offer.")
_ending("withdrawn", "withdrawn", "You withdrew from the process.")
