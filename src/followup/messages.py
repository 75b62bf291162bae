"""From planned actions to the words to send and the calendar: adapters onto drafts and ics.

`draft_for(action, candidate)` builds the template context from what the plan knows happened:
the action's application, the interview it is about, its recipients, the decision date its
trigger knows and who gave it, the actions it covers, whether it is the final follow-up, and
the recipient's time zone. `calendar_for(plan)` exports the actions.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pendulum

from followup.actions import Action
from followup.api import Plan
from followup.dates.formatting import iso
from followup.drafts import Draft, DraftContext, render_draft
from followup.errors import InputError
from followup.events import Candidate, Event, Person
from followup.facts import known_events
from followup.ics import build_calendar
from followup.render.json_render import action_to_dict
from followup.templatepath import TemplateOutside, rule_template


def _person(person: Person | None) -> dict[str, Any] | None:
    if person is None:
        return None
    return {**person.as_dict(), "timezone": person.timezone}


def _interview(event: Event | None) -> dict[str, Any] | None:
    if event is None:
        return None
    return {
        "at": iso(event.at),
        "round": event.round,
        "format": event.format,
        "decision_by": iso(event.decision_by) if event.decision_by else None,
        "topics": list(event.topics),
        "interviewers": [_person(p) for p in event.interviewers],
    }


def _decision(action: Action) -> dict[str, Any] | None:
    """The decision date the action's trigger knows and who gave it: at an interview its lead
    (or its only interviewer); in a response the recruiter if any, else the interview's lead."""
    trigger = action.trigger
    event = trigger.decision_event
    if trigger.decision_date is None or event is None:
        return None
    if event.type == "interview":
        given_by, given_in = event.lead(), "interview"
    else:
        interview = trigger.interview
        lead = interview.lead() if interview is not None else None
        given_by, given_in = action.application.recruiter or lead, "reply"
    return {"by": iso(trigger.decision_date), "given_by": _person(given_by), "given_in": given_in}


def _is_final_follow_up(action: Action) -> bool:
    """The follow-up a rule starts from a follow-up already sent: the last one (G28, G29)."""
    return action.kind == "follow_up" and action.trigger.event.type == "follow_up_sent"


def draft_context(action: Action, candidate: Candidate) -> DraftContext:
    app = action.application
    previous = action.trigger.last_follow_up
    final = _is_final_follow_up(action)
    return DraftContext.from_dicts(
        candidate={
            "name": candidate.name,
            "email": candidate.email,
            "phone": candidate.phone,
            "timezone": candidate.timezone,
        },
        application={
            "id": app.id,
            "company": app.company,
            "role": app.role,
            "industry": app.industry,
            "recruiter": _person(app.recruiter),
        },
        interview=_interview(action.trigger.interview),
        recipient=_person(action.to[0] if action.to else None),
        recipients=[p for p in map(_person, action.to) if p is not None],
        decision=_decision(action),
        covers=[rule.action.kind for rule in action.covers],
        final=final,
        previous_follow_up=iso(previous.at) if final and previous is not None else None,
        recipient_zone=action.recipient_zone,
    )


def template_for(action: Action) -> Path | None:
    """The template a rule names, inside its policy's folder (links followed), if any;
    `InputError` at the rule's `template:` when it resolves outside (it may have changed since
    the policy was checked)."""
    spec = action.rule.action
    if not spec.template:
        return None
    try:
        return rule_template(Path(spec.folder), spec.template)
    except TemplateOutside as exc:
        where = spec.template_loc or spec.loc
        raise InputError(f"{where}: {exc.reason}") from None


def draft_for(action: Action, candidate: Candidate, template: Path | None = None) -> Draft:
    """The message for one action: `template`, else the rule's, else the built-in one. A rule's
    template and what it includes stay inside the policy's folder; a template given here (the
    user's own choice) stays, with its includes, inside its own folder."""
    context = draft_context(action, candidate)
    if template is not None:
        return render_draft(action_to_dict(action), context, template)
    chosen = template_for(action)
    root = Path(action.rule.action.folder) if chosen is not None else None
    return render_draft(action_to_dict(action), context, chosen, root=root)


def sequence_for(action: Action, as_of: pendulum.DateTime) -> int:
    """The iCalendar SEQUENCE of an action's event or to-do: it grows whenever what the
    calendar shows may change, and is computed from the events alone, so the same events and
    `as_of` give the same number.

    3 x (events of the application after the action's trigger, and decisions about the action
    (dismissed, snoozed...), known at `as_of`) + 0 while open and not overdue, 1 when overdue,
    2 once closed. Each new entry may change the window or close the action (+3 outweighs
    leaving `overdue` for a snoozed action); with no new entry time only moves an action from
    open to overdue to closed.
    """
    app = action.application
    later = len(known_events(app, as_of)) - action.trigger.position - 1
    later += sum(1 for d in app.decisions if d.action == action.id and d.at <= as_of)
    rank = 2 if not action.is_open else 1 if action.status == "overdue" else 0
    return 3 * max(0, later) + rank


def calendar_for(plan: Plan, *, todo: bool = False) -> bytes:
    """An iCalendar file of the plan's actions, stamped with the plan's as-of time: open ones
    as they stand, closed ones cancelled (completed, for a done to-do) with a higher SEQUENCE."""
    actions = []
    for action in plan.actions:
        entry = action_to_dict(action)
        entry["sequence"] = sequence_for(action, plan.as_of)
        if action.done_by is not None:
            entry["completed"] = iso(action.done_by.at)
        actions.append(entry)
    companies = {app.id: app.company for app in plan.events.applications}
    return build_calendar(actions, stamp=iso(plan.as_of), companies=companies, todo=todo)
