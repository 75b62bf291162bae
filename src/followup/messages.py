"""From planned actions to the words to send and the calendar: adapters onto drafts and ics.

`draft_for(action, candidate)` builds the template context from the action's application, the
interview it is about and its first recipient; `calendar_for(plan)` exports the open actions.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from followup.actions import Action
from followup.api import Plan
from followup.drafts import Draft, DraftContext, render_draft
from followup.events import Candidate, Event, Person
from followup.explain import iso
from followup.ics import build_calendar
from followup.render.json_render import action_to_dict


def _person(person: Person | None) -> dict[str, Any] | None:
    return None if person is None else person.as_dict()


def _interview(event: Event | None) -> dict[str, Any] | None:
    if event is None:
        return None
    return {
        "at": iso(event.at),
        "round": event.round,
        "format": event.format,
        "decision_by": iso(event.decision_by) if event.decision_by else None,
        "topics": list(event.topics),
        "interviewers": [p.as_dict() for p in event.interviewers],
    }


def draft_context(action: Action, candidate: Candidate) -> DraftContext:
    app = action.application
    return DraftContext.from_dicts(
        candidate={"name": candidate.name, "email": candidate.email, "phone": candidate.phone},
        application={
            "id": app.id,
            "company": app.company,
            "role": app.role,
            "industry": app.industry,
            "recruiter": _person(app.recruiter),
        },
        interview=_interview(action.trigger.interview),
        recipient=_person(action.to[0] if action.to else None),
    )


def template_for(action: Action) -> Path | None:
    """The template a rule names (relative to its policy file), if any."""
    name = action.rule.action.template
    if not name:
        return None
    policy_dir = Path(action.rule.loc.file).parent
    return Path(name) if Path(name).is_absolute() else policy_dir / name


def draft_for(action: Action, candidate: Candidate, template: Path | None = None) -> Draft:
    """The message for one action: `template`, else the rule's, else the built-in one."""
    return render_draft(
        action_to_dict(action), draft_context(action, candidate), template or template_for(action)
    )


def calendar_for(plan: Plan) -> bytes:
    """An iCalendar file of the plan's open actions, stamped with the plan's as-of time."""
    actions = [action_to_dict(a) for a in plan.actions if a.is_open]
    companies = {app.id: app.company for app in plan.events.applications}
    return build_calendar(actions, stamp=iso(plan.as_of), companies=companies)
