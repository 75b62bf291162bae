"""One message per person across applications: two roles at one company, one recruiter.

Each application is planned on its own, so a recruiter (or an interviewer) who handles two of
your applications would be told to expect two thank-you notes, or two status emails, the same
day. A careful coach says: one message that covers both roles (G12: a unique note to each
person; G17: no barrage of messages). So an open email or call whose window overlaps an open one
of another application of the same file, to someone with the same email address, gets a note
naming that other action and the time both windows are open (`Action.shared_with` holds
it: `followup due` and drafts say so too). Nothing is merged: each action
keeps its own window, status and id (so `done` and `dismiss` work on each); the note says
to write one message for both.

People are told apart across applications by email address alone: two companies' "Sam Reed"
are two people.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from followup.actions import Action, copied, same_person
from followup.dates.formatting import short_day, zone_label
from followup.dates.zones import in_zone, zone_name, zone_named
from followup.errors import join_names
from followup.events import Application
from followup.kinds import CHANNELS, KINDS, Channel

MAX_SHARING = 32
"""Applications one email address may join: past it (a shared `jobs@` address), the address
links none of them (a linked application's plan is kept while the file is planned, and each
of its messages is compared with each of the others')."""

_SPOKEN = (Channel.EMAIL, Channel.PHONE)


def _addresses(app: Application) -> set[str]:
    people = [app.recruiter] if app.recruiter is not None else []
    people += [p for event in app.events for p in event.interviewers]
    return {p.email.casefold() for p in people if p.email}


def shared_people(applications: Sequence[Application]) -> dict[str, tuple[Application, ...]]:
    """Application id -> the other applications (in file order) that name someone it names,
    by email address. Applications that share nobody are left out."""
    by_address: dict[str, list[int]] = {}
    for number, app in enumerate(applications):
        for address in _addresses(app):
            by_address.setdefault(address, []).append(number)
    linked: dict[int, set[int]] = {}
    for numbers in by_address.values():
        if 1 < len(numbers) <= MAX_SHARING:
            for number in numbers:
                linked.setdefault(number, set()).update(n for n in numbers if n != number)
    return {
        applications[number].id: tuple(applications[n] for n in sorted(others))
        for number, others in sorted(linked.items())
    }


def _spoken(action: Action) -> bool:
    return action.is_open and action.channel in _SPOKEN and bool(action.to)


def _reader(action: Action, other: Action) -> str | None:
    """The name and address of someone both messages go to, if any."""
    for person in action.to:
        for them in other.to:
            if person.email and them.email and person.email.casefold() == them.email.casefold():
                return person.display()
    return None


def one_message_each(actions: list[Action], others: Iterable[Action]) -> list[Action]:
    """`actions` (one application's), each with a note for every open message of `others`
    (other applications') to the same person, by the same channel, whose window overlaps."""
    others = [other for other in others if _spoken(other)]
    if not others:
        return actions
    out: list[Action] = []
    for action in actions:
        found = [(o, note) for o in others if (note := _note(action, o))] if _spoken(action) else []
        if found:
            action = copied(action)
            action.notes = (*action.notes, *(note for _, note in found))
            action.shared_with = (*action.shared_with, *(other for other, _ in found))
        out.append(action)
    return out


def _note(action: Action, other: Action) -> str | None:
    if other.channel != action.channel:
        return None
    reader = _reader(action, other)
    opens, due = max(action.not_before, other.not_before), min(action.due_by, other.due_by)
    if reader is None or opens >= due:
        return None
    zone = zone_named(action.recipient_zone)
    medium = CHANNELS[action.channel].medium
    app = other.application
    # their time, named when it is not yours (the window lines are in yours)
    named = (
        "" if zone_name(opens) == action.recipient_zone else f" {zone_label(action.recipient_zone)}"
    )
    readers = (*action.to, *action.cc)
    beyond = [p.name for p in other.to if not any(same_person(p, q) for q in readers)]
    wider = (
        f" it goes to {join_names(beyond)} too: write the one {medium} from that draft (`followup"
        f" draft {other.id}`) to all of them;"
        if beyond
        else ""
    )
    return (
        f"one {medium} to {reader} for both applications: they also get "
        f'"{KINDS[other.kind].phrase}" for {app.company}, {app.role} ({other.id}), and both '
        f"windows are open {short_day(in_zone(opens, zone))} -> {short_day(in_zone(due, zone))}"
        f"{named};{wider}"
        " once it is sent, mark both done (one message per person: G12, G17)"
    )
