"""What `followup new`, `add ...`, `done`/`dismiss`/`snooze` and `import mail --apply` record.

Each command builds one `EditRequest` (the events file, `--as-of`, `--policy`, the policy folders,
the clock and where notes go) and calls one function here. Every edit goes through `_edit`: the
file is opened with `record.Journal.editing` (the edit lock held from the read to the rename), the
change is made on the round-trip data (comments and ordering kept), checked as `followup plan`
would read it and written atomically with a `.bak`. Every problem is an `InputError` and leaves the
file byte-identical. The `Edit` returned says what was written; `Edit.changes()` lists the actions
whose status (or open window) it changed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from followup.dates.clock import Clock, SystemClock
from followup.dates.formatting import short_day
from followup.errors import FollowupError, InputError, did_you_mean
from followup.events import DECISION_TYPES
from followup.frozen import frozen
from followup.kinds import CHANNELS
from followup.record import (
    Journal,
    check_decision_by,
    check_ends,
    check_timezone,
    decision_by_period,
    default_events_path,
    is_email,
    parse_person,
    read_option_moment,
)

if TYPE_CHECKING:
    import pendulum

    from followup.actions import Action
    from followup.events import EventsFile, Person
    from followup.mailimport import Scan
    from followup.policy import Policy

COMPLETING_EVENTS = ("thank_you_sent", "follow_up_sent", "reply_sent")
"""The events of yours `done` may record, in order of preference among a rule's done_when."""


def _ignore(_note: str) -> None:
    """Notes go nowhere unless the caller says where."""


@frozen
class EditRequest:
    """What a recording command asks: the events file (None: `default_events_path()`),
    `--as-of` (text; None: the clock's now), `--policy` and the policy folders (for the changes
    printed and the plan `done` reads), the clock, and `notify`, which receives each note for the
    person (stderr) as soon as it is known."""

    path: Path | None = None
    as_of: str | None = None
    policy: str | None = None
    policy_dirs: Sequence[Path] | Callable[[], Sequence[Path]] = ()
    clock: Clock = field(default_factory=SystemClock)
    notify: Callable[[str], None] = _ignore

    @property
    def file(self) -> Path:
        return self.path if self.path is not None else default_events_path()

    def now(self, timezone: str) -> pendulum.DateTime:
        """`--as-of` (read in `timezone` without an offset), else the clock's now."""
        from followup.dates.reading import parse_as_of

        if self.as_of is not None:
            return parse_as_of(self.as_of, timezone)
        return self.clock.now().in_timezone(timezone)

    def override(self) -> Policy | None:
        """`--policy`, loaded: a bad one is an error before anything is read or written."""
        from followup.api import policy_ref

        return policy_ref(self.policy, self.policy_dirs) if self.policy else None


@frozen
class Edit:
    """An edit made: the file, what to say about it, and what the file meant before and after
    (`after` None: nothing needed writing)."""

    request: EditRequest
    said: str
    before: EventsFile | None
    after: EventsFile | None
    timezone: str

    def changes(self) -> tuple[list[str], str | None]:
        """What the edit changed in the plan as of now, one line per action (new open actions,
        changed statuses, open actions whose window moved, open actions no longer planned, in
        plan order:
        `thank-you to Grace Hopper: due -> done  [acme-sre/thank-you-panel-lead/2026-10-06]`);
        or why the plan could not be computed (a broken registered policy or config file: the
        edit stands)."""
        from followup.api import policy_chooser
        from followup.planner import plan

        assert self.after is not None
        now = self.request.now(self.timezone)
        try:
            chooser = policy_chooser(self.request.policy, self.request.policy_dirs)
            old = (
                {a.id: a for a in plan(self.before, as_of=now, chooser=chooser).actions}
                if self.before
                else {}
            )
            new = plan(self.after, as_of=now, chooser=chooser).actions
        except FollowupError as exc:
            return [], str(exc)
        lines = []
        before = set(old)
        for action in new:
            was = old.pop(action.id, None)
            if was is None and action.is_open:
                lines.append(f"{action.label}: {action.status}  [{action.id}]")
                if action.notes and action.id.rpartition("/")[0] in before:
                    # split off an action this edit changed (a panel's note recorded as sent to
                    # the lead alone leaves the others owed theirs): why it is there at all
                    lines.append(f"    why: {action.notes[-1]}")
            elif was is not None and was.status != action.status:
                lines.append(f"{action.label}: {was.status} -> {action.status}  [{action.id}]")
            elif was is not None and action.is_open and _window(was) != _window(action):
                opens, due = _window(action)  # a snooze, a new zone: the same status, a new time
                lines.append(
                    f"{action.label}: {action.status}, now {opens} -> {due}  [{action.id}]"
                )
        for action_id, action in old.items():
            if action.is_open:
                lines.append(f"{action.label}: {action.status} -> no longer planned  [{action_id}]")
        return lines, None


def _window(action: Action) -> tuple[str, str]:
    """`Mon 19 Oct 09:00`, `Fri 23 Oct 17:00`: an action's window as `followup status` shows it."""
    return short_day(action.not_before), short_day(action.due_by)


def _edit(
    request: EditRequest,
    change: Callable[[Journal], str | None],
    *,
    create: dict[str, Any] | None = None,
) -> Edit:
    """Load `--policy` (a bad one changes nothing), open the file under its lock, let `change`
    edit it (it returns what to say; None: nothing to write) and write it checked."""
    path = request.file
    request.override()
    with Journal.editing(path, create=create) as journal:
        said = change(journal)
        after = journal.save() if said is not None else None
    return Edit(request, said or "", journal.before, after, journal.timezone)


def _moment(
    option: str, text: str | None, now: pendulum.DateTime, timezone: str, future: str | None
) -> pendulum.DateTime:
    """`--at` (or `--applied`) in `timezone`, default now; `future`: the end of the message
    refusing a moment after now (None: the future is allowed)."""
    moment = now if text is None else read_option_moment(option, text, timezone, date_ok=False)[0]
    if future is not None and moment > now:
        raise InputError(f"{option} {text}: that is in the future{future}")
    return moment


# -- new -----------------------------------------------------------------------------------------
def new_application(
    request: EditRequest,
    fields: dict[str, Any],
    candidate: dict[str, Any],
    *,
    recruiter: str | None = None,
    applied: str | None = None,
) -> Edit:
    """Start tracking an application (`fields`: id, company, role, industry; `recruiter`:
    "NAME <EMAIL>"), and the events file the first time (`candidate`: name, timezone, email).
    `applied`: record that you applied, now (`"now"`) or then."""
    path = request.file
    if fields.get("industry"):
        _warn_unknown_industry(request, fields["industry"])
    if recruiter:
        fields["recruiter"] = parse_person(recruiter)
    zone = candidate.get("timezone") or _default_timezone(request)
    if not path.exists():
        if not candidate.get("name"):
            raise InputError(f"{path}: a new events file needs your --name (and --timezone)")
        check_timezone(zone, "--timezone")
    create = {"name": candidate.get("name"), "timezone": zone}
    email = candidate.get("email")
    if email:
        if not is_email(email.strip()):
            raise InputError(f"--email {email!r}: not an email address")
        create["email"] = email.strip()

    def change(journal: Journal) -> str:
        if journal.original is None and not candidate.get("name"):  # removed since the check
            raise InputError(f"{path}: a new events file needs your --name (and --timezone)")
        events = []
        if applied is not None:
            tz = journal.timezone if journal.before else zone
            text = None if applied == "now" else applied
            moment = _moment("--applied", text, request.now(tz), tz, "")
            events.append({"type": "applied", "at": moment.replace(microsecond=0).isoformat()})
        journal.add_application(fields, events)
        return f"tracking {fields['id']} ({fields['company']}, {fields['role']}) in {path}"

    return _edit(request, change, create=create)


def _default_timezone(request: EditRequest) -> str:
    """The zone of a new file when not given: the config file's, else the system's (from the
    clock, so that tests fix it)."""
    from followup.config import load_config

    configured = load_config().timezone
    if configured:
        return configured
    zone = getattr(request.clock, "zone", None)
    return str(zone()) if callable(zone) else "UTC"


def _warn_unknown_industry(request: EditRequest, industry: str) -> None:
    """An industry no policy names is planned with `generic`: say so, with a did-you-mean."""
    from followup.api import policy_dirs_of
    from followup.planner import builtin_policies
    from followup.policy.registry import load_registered

    dirs = policy_dirs_of(request.policy_dirs)  # a broken config file is an error (exit 2)
    try:
        policies = [*load_registered(dirs), *builtin_policies()]
    except FollowupError:
        return  # a broken registered policy is reported where it is used
    known = sorted({i for p in policies for i in p.industries})
    if industry.lower() in known:
        return
    tip = did_you_mean(industry.lower(), known)
    request.notify(
        f"Warning: --industry {industry!r}: no policy names it, so `generic` plans it{tip}"
    )


# -- add ...  ------------------------------------------------------------------------------------
def add_event(
    request: EditRequest,
    app_id: str,
    event_type: str,
    at: str | None,
    fields: dict[str, Any] | None = None,
    *,
    zone: str | None = None,
) -> Edit:
    """Add one event to an application (`at`: `--at` text; None: now). An interview may be in
    the future; a `decision_by` must not be before its event; a thank-you's `to` must name
    people of the application; an interview without a `round` comes after the latest earlier one.
    `zone`: write the time in this zone rather than the candidate's (an invitation's own zone);
    an interview's `ends` is written next to its start, in the same zone (a time alone is read
    on the day and in the zone of `at` as the user wrote it, as in the events file)."""
    extra = dict(fields or {})

    def change(journal: Journal) -> str:
        tz = journal.timezone
        future = None if event_type == "interview" else "; record events once they happen"
        now = request.now(tz)
        moment = _moment("--at", at, now, tz, future)
        if event_type == "interview" and moment > now and "booked_at" not in extra:
            # a round still to come is known from now on, not all along: a plan replayed as
            # of an earlier day (`--as-of`, the timeline) keeps the check-in it had then
            extra["booked_at"] = now.replace(microsecond=0).isoformat()
        journal.check_event(app_id, event_type, moment)
        if extra.get("decision_by"):
            what = "interview" if event_type == "interview" else "reply"
            extra["decision_by"] = _decision_by(request, extra["decision_by"], moment, tz, what)
        if extra.get("answer_by"):
            check_decision_by(extra["answer_by"], moment, tz, "offer", "--answer-by")
        if event_type == "interview":
            _interview_round(request, journal, app_id, moment, extra)
        written = moment.in_timezone(zone) if zone else moment
        if extra.get("ends"):  # a time alone: on the day and in the zone --at is written in
            end = check_ends(extra["ends"], moment, at or written.isoformat(), tz)
            extra["ends"] = (
                (end.in_timezone(zone) if zone else end).replace(microsecond=0).isoformat()
            )
        if extra.get("to"):
            extra["to"] = _recipients(journal, app_id, extra["to"])
        return _append(journal, app_id, event_type, written, extra)

    return _edit(request, change)


# -- reschedule --------------------------------------------------------------------------------
def reschedule(
    request: EditRequest,
    app_id: str,
    old: str,
    new: str,
    ends: str | None = None,
    decision_by: str | None = None,
    *,
    drop_decision_by: bool = False,
) -> Edit:
    """They moved an interview: the one of `app_id` at `old` (`--from`) now starts at `new`
    (`--to`). Its `at` is written again, and its `ends` too (the same length, unless `ends`
    gives the new end); its round, people and booking stay. The thank-yous and check-ins count
    from the new time, and nothing is planned for the time it no longer takes place (a second
    `add interview` would ask for a thank-you for a meeting that never was).

    Its decision date stays unless `decision_by` gives the new one (a date, or a period counted
    from the new time) or `drop_decision_by` removes it. A move past the date they gave is
    refused with both ways named: the date was said for the old slot, and whether it moves with
    the interview is theirs to say, not ours to guess (a chase before a promised date, G21)."""

    def change(journal: Journal) -> str:
        tz = journal.timezone
        was = read_option_moment("--from", old, tz, date_ok=False)[0]
        moment = read_option_moment("--to", new, tz, date_ok=False)[0]
        interviews = [e for e in journal.known(app_id).events if e.type == "interview"]
        event = next((e for e in interviews if e.at == was), None)
        if event is None:
            listed = ", ".join(f"{e.at:%Y-%m-%d %H:%M}" for e in interviews) or "none"
            raise InputError(
                f"--from {old}: {app_id} has no interview at {was:%Y-%m-%d %H:%M} "
                f"(its interviews: {listed})"
            )
        if moment == was:
            raise InputError(f"--to {new}: that is when it is already (--from {old})")
        entry = journal.application(app_id)["events"][event.source.path[-1]]
        entry["at"] = moment.replace(microsecond=0).isoformat()
        if ends:
            end: pendulum.DateTime | None = check_ends(ends, moment, new, tz)
        else:
            end = moment + (event.ends - event.at) if event.ends is not None else None
        if end is not None:
            entry["ends"] = end.replace(microsecond=0).isoformat()
        kept = _moved_decision(request, entry, moment, tz, new, decision_by, drop_decision_by)
        return (
            f"moved the interview of {app_id} from {was:%a %-d %b %Y %H:%M} to "
            f"{moment:%a %-d %b %Y %H:%M} in {journal.path}{kept}"
        )

    return _edit(request, change)


def _decision_by(
    request: EditRequest, text: str, moment: pendulum.DateTime, tz: str, what: str
) -> str:
    """`--decision-by` for the `what` (interview, reply) at `moment`, as it is written to the
    file: a period made a date (said on `request.notify`), checked not to come before it."""
    written, said = decision_by_period(text, moment, what)
    check_decision_by(written, moment, tz, what)
    if said is not None:
        request.notify(said)
    return written


def _moved_decision(
    request: EditRequest,
    entry: dict[str, Any],
    moment: pendulum.DateTime,
    tz: str,
    new: str,
    decision_by: str | None,
    drop: bool,
) -> str:
    """A moved interview's `decision_by` (`entry`, the interview as written): the new one
    given, dropped, or kept when it still comes after the new time; what to add to the
    message."""
    if decision_by is not None and drop:
        raise InputError("--decision-by and --no-decision-by: give one or the other")
    if drop:
        if entry.pop("decision_by", None) is None:
            raise InputError("--no-decision-by: this interview has no decision date")
        return "; its decision date is dropped"
    if decision_by is not None:
        entry["decision_by"] = written = _decision_by(
            request, decision_by.strip(), moment, tz, "interview"
        )
        return f"; decision date {written}"
    kept = entry.get("decision_by")
    if kept is None:
        return ""
    try:
        check_decision_by(str(kept), moment, tz, "interview")
    except InputError:
        raise InputError(
            f"--to {new}: the decision date they gave ({kept}) would come before the interview: "
            "give the new one with --decision-by (a date, or the period they gave: 2w), or "
            "drop it with --no-decision-by"
        ) from None
    return f"; its decision date stays {kept} (--decision-by to change it)"


def _append(
    journal: Journal, app_id: str, kind: str, moment: pendulum.DateTime, fields: dict[str, Any]
) -> str:
    """Add the event (or decision) `kind` at `moment` to an application; what to say."""
    journal.add_event(
        app_id, {"type": kind, "at": moment.replace(microsecond=0).isoformat(), **fields}
    )
    return f"recorded {kind} for {app_id} in {journal.path}"


def _interview_round(
    request: EditRequest,
    journal: Journal,
    app_id: str,
    moment: pendulum.DateTime,
    fields: dict[str, Any],
) -> None:
    """Refuse the same interview twice; a `round` of None becomes the one after the latest
    earlier interview (1 for the first)."""
    earlier = [e for e in journal.known(app_id).events if e.type == "interview"]
    for event in earlier:
        if event.at == moment:
            raise InputError(
                f"{app_id} already has an interview at {moment:%Y-%m-%d %H:%M} "
                f"({event.loc.short()}): the same interview twice? check --at"
            )
    before = [e for e in earlier if e.at < moment]
    if fields.get("round") is None:
        fields["round"] = max(e.round for e in before) + 1 if before else 1
        if before:
            latest = max(before, key=lambda e: e.at)
            request.notify(
                f"round {fields['round']}: the next after the interview of "
                f"{latest.at:%Y-%m-%d %H:%M} (give --round to change it)"
            )


def _recipients(journal: Journal, app_id: str, to: Iterable[str]) -> list[str]:
    """`to`, stripped; each must name an interviewer or the recruiter of the application (name
    or email)."""
    app = journal.known(app_id)
    people: list[Person] = [p for e in app.events for p in e.interviewers]
    if app.recruiter is not None:
        people.append(app.recruiter)
    for token in to:
        if any(p.matches(token) for p in people):
            continue
        names = sorted({p.name for p in people})
        tip = did_you_mean(token, names + sorted({p.email for p in people if p.email}))
        known = ", ".join(names) or "none recorded"
        raise InputError(
            f"--to {token!r}: not an interviewer or recruiter of {app_id} ({known}){tip}"
        )
    return [t.strip() for t in to]


def mark_lead(people: list[dict[str, Any]], lead: str) -> None:
    """Mark the one interviewer `lead` names (name, surname or email) as the lead."""
    wanted = " ".join(lead.split()).casefold()

    def named(person: dict[str, Any]) -> bool:
        name = str(person["name"]).casefold()
        email = str(person.get("email") or "").casefold()
        return wanted in (name, email) or name.endswith(" " + wanted)

    leads = [p for p in people if named(p)]
    if len(leads) != 1:
        names = ", ".join(str(p["name"]) for p in people) or "none given"
        raise InputError(
            f"--lead {lead!r}: not {'exactly ' if leads else ''}one of the --interviewer "
            f"names or emails ({names})"
        )
    leads[0]["lead"] = True


def set_surnames(people: list[dict[str, Any]], surnames: tuple[str, ...]) -> None:
    """Give each interviewer the surname (`--surname`) that is whole words of their name and of
    no one else's, spelt as in the name: "García López" for María José García López, "Wang" for
    Wang Wei (a greeting pairs it with the honorific, G27; without it, the name's last word is
    taken)."""
    for text in surnames:
        wanted = text.casefold().split()
        found = [(p, s) for p in people if (s := _words_in(str(p["name"]), wanted)) is not None]
        if len(found) != 1:
            names = ", ".join(str(p["name"]) for p in people) or "none given"
            raise InputError(
                f"--surname {text!r}: not whole words of {'exactly ' if found else ''}one of the "
                f"--interviewer names ({names})"
            )
        person, surname = found[0]
        person["surname"] = surname


def _words_in(name: str, wanted: list[str]) -> str | None:
    """The words of `name` that are `wanted` (casefolded words, in order), as `name` spells
    them; None when they are not in it or `wanted` is empty."""
    words = name.split()
    folded = [word.casefold() for word in words]
    size = len(wanted)
    for start in range(len(words) - size + 1 if size else 0):
        if folded[start : start + size] == wanted:
            return " ".join(words[start : start + size])
    return None


def read_invitation(
    request: EditRequest,
    path: Path,
    app_id: str,
    at: str | None,
    interview_format: str | None,
    their_timezone: str | None,
    people: list[dict[str, Any]],
) -> tuple[str, str, str | None, str, str | None]:
    """Read an invitation for `add interview --from-ics`: (the --at text, the format, the zone
    to write the time in, a note, the end: DTEND or DURATION, None when not read or when `at`
    is given), adding its people to `people` (not you, not the recruiter,
    not those given already); what it says goes to `request.notify`."""
    from followup.invite import describe_length, informal_word, read_invite
    from followup.source import read_text

    journal = Journal.open(request.file)
    tz = journal.timezone
    candidate = journal.before.candidate if journal.before else None
    app = journal.known(app_id)
    me = [candidate.name, candidate.email or ""] if candidate else []
    recruiter = [app.recruiter.name, app.recruiter.email or ""] if app.recruiter else []
    data = read_text(path, str(path)).encode("utf-8")
    invite = read_invite(data, str(path), me=me, timezone=tz, not_interviewers=recruiter)
    for warning in invite.warnings:
        request.notify(f"{path}: {warning}")
    if at is not None:
        request.notify(f"{path}: --at {at} given: the invitation's start and end are not used")
    zone = invite.zone if invite.zone and invite.zone != tz else None
    known = {k for p in people for k in (p["name"].casefold(), p.get("email", "").casefold())}
    for person in invite.people:
        if {person["name"].casefold(), person.get("email", "").casefold()} & (known - {""}):
            continue
        if their_timezone or zone:
            person["timezone"] = their_timezone or zone
        people.append(person)
    chosen = interview_format or invite.format
    length = describe_length(invite.length) if invite.length else None
    names = ", ".join(p["name"] for p in invite.people) or "no interviewers"
    request.notify(
        f"{path}: {invite.start:%a %d %b %Y %H:%M} ({invite.zone or invite.start.timezone_name})"
        f"{', ' + length if length else ''}; {names}; format {chosen}"
        + ("" if interview_format else f" ({invite.format_reason})")
    )
    word = None if interview_format else informal_word(invite.summary)
    if word is not None:
        request.notify(
            f"{path}: recorded as {chosen}, though the title says '{word}' ({invite.summary}): "
            "if it is an informal meeting, write `format: informal` in the events file (its "
            "thank-yous may then wait until the 48-hour mark, G15)"
        )
    note_parts = [f"invitation: {invite.summary}" if invite.summary else "from an invitation"]
    if length:
        note_parts.append(length)
    ends = invite.start + invite.length if invite.length and at is None else None
    return (
        invite.start.isoformat(),
        chosen,
        zone,
        ", ".join(note_parts),
        ends.isoformat() if ends else None,
    )


def set_contact(
    request: EditRequest, app_id: str, contact: dict[str, Any], *, replace: bool = False
) -> Edit:
    """Set the recruiter (the hiring contact status follow-ups go to) of an application."""

    def change(journal: Journal) -> str:
        app = journal.known(app_id)
        if app.recruiter is not None and not replace:
            raise InputError(
                f"{app_id} already has a recruiter ({app.recruiter.display()}); "
                "add --replace to replace them"
            )
        journal.set_recruiter(app_id, contact)
        return f"recorded contact {contact['name']} for {app_id} in {journal.path}"

    return _edit(request, change)


# -- done, dismiss, snooze -----------------------------------------------------------------------
Entry = Callable[["Action", "pendulum.DateTime", str], dict[str, Any]]
"""Makes the entry to record for an action (its moment, the candidate's zone): an event or a
decision, `type` first."""


def act(request: EditRequest, action_id: str, at: str | None, entry: Entry) -> Edit:
    """Find the action as of now (any status), let `entry` make the entry to add and record it
    (see `followup.decisions`)."""
    from followup.actions import one_email_with
    from followup.api import find_action, policy_chooser
    from followup.planner import plan

    def change(journal: Journal) -> str:
        assert journal.before is not None  # editing refuses a missing file
        tz = journal.timezone
        now = request.now(tz)
        moment = _moment("--at", at, now, tz, "; record it once it happens")
        chooser = policy_chooser(request.policy, request.policy_dirs)
        found = plan(journal.before, as_of=now, chooser=chooser)
        action = find_action(found, action_id, str(journal.path))
        fields = entry(action, moment, tz)
        kind, app_id = fields.pop("type"), action.application.id
        if kind not in DECISION_TYPES:
            journal.check_event(app_id, kind, moment)
        if kind not in ("dismissed", "snoozed"):  # one message for two actions (G9, G12, G17)
            paired = one_email_with(found.actions, found.as_of).get(action.id, ())
            for other in (*action.shared_with, *paired):
                by_phone = "phone" in (action.channel, other.channel)  # thanks said on a call
                medium = "call" if by_phone else CHANNELS[other.channel].medium
                request.notify(
                    f"one {medium} with {other.id}: if your {'call' if by_phone else 'message'} "
                    f"covered it too, record that with `followup done {other.id}`"
                )
        return _append(journal, app_id, kind, moment, fields)

    return _edit(request, change)


def completing(note: str | None) -> Entry:
    """`done`: the event that completes the action (a thank-you to everyone it reached, a
    follow-up, a reply), else a decision that it is done (a move-on, a note to yourself)."""

    def entry(action: Action, _moment: pendulum.DateTime, _tz: str) -> dict[str, Any]:
        if action.status in ("done", "cancelled"):
            raise InputError(f"{action.id} is already {action.status}: {action.status_reason}")
        fields: dict[str, Any] = {"note": note} if note else {}
        thank_you, *others = COMPLETING_EVENTS  # a thank-you comes first for a thank-you only
        thanks = (action.kind, *(rule.action.kind for rule in action.covers))  # and one it carries
        preferred = COMPLETING_EVENTS if "thank_you" in thanks else (*others, thank_you)
        for event_type in preferred:
            if event_type in action.rule.done_when:
                if action.to:  # a thank-you: everyone it reached, those copied too (a panel)
                    reached = (
                        (*action.to, *action.cc) if event_type == "thank_you_sent" else action.to
                    )
                    fields["to"] = [p.email or p.name for p in reached]
                if event_type != "thank_you_sent" and action.channel in ("phone", "letter"):
                    fields["channel"] = str(action.channel)  # the text, not the enum
                return {"type": event_type, **fields}
        decision = "moved_on" if action.kind == "move_on" else "done"
        return {"type": decision, "action": action.id, **fields}

    return entry


def dismissal(reason: str) -> Entry:
    """`dismiss`: the open action is no longer recommended, for `reason`."""
    if not reason.strip():
        raise InputError("--reason: say why (it is shown with the action)")

    def entry(action: Action, _moment: pendulum.DateTime, _tz: str) -> dict[str, Any]:
        if not action.is_open:
            raise InputError(f"{action.id} is {action.status}, not open: nothing to dismiss")
        return {"type": "dismissed", "action": action.id, "note": reason.strip()}

    return entry


def snoozing(until: str) -> Entry:
    """`snooze`: the open action reopens at `until` (a date alone: 09:00 that day)."""

    def entry(action: Action, moment: pendulum.DateTime, tz: str) -> dict[str, Any]:
        if not action.is_open:
            raise InputError(f"{action.id} is {action.status}, not open: nothing to snooze")
        when, date_only = read_option_moment("--until", until, tz)
        if date_only:  # a date alone: the start of the working day
            when = when.set(hour=9)
        if when <= moment:
            raise InputError(f"--until {until}: not after now ({moment:%Y-%m-%d %H:%M})")
        return {"type": "snoozed", "action": action.id, "until": when.isoformat()}

    return entry


# -- import mail ---------------------------------------------------------------------------------
def import_from_mail(
    request: EditRequest, mail_path: Path, me: Sequence[str], *, apply: bool
) -> tuple[Scan, Edit | None]:
    """Propose events from a mailbox; `apply`: record them (under the lock from the read of the
    events file to the rename). The `Edit` is None when nothing was to be applied."""
    from followup.mailimport import scan

    def proposals(journal: Journal) -> Scan:
        assert journal.before is not None  # opening refuses a missing file
        found = scan(mail_path, journal.before, as_of=request.now(journal.timezone), me=me)
        for warning in found.warnings:
            request.notify(f"Warning: {warning}")
        return found

    if not apply:
        path = request.file
        request.override()  # a bad --policy is an error, as with --apply
        return proposals(Journal.open(path)), None
    found: list[Scan] = []

    def change(journal: Journal) -> str | None:
        found.append(proposals(journal))
        for proposal in found[0].proposals:
            event = proposal.event(journal.timezone)
            journal.check_event(proposal.application, event["type"], proposal.mail.at)
            journal.add_event(proposal.application, event)
        count = len(found[0].proposals)
        return f"recorded {count} event(s) in {journal.path}" if count else None

    edit = _edit(request, change)
    return found[0], edit if edit.after is not None else None
