"""`followup explain`: one action's account (its rule, guidelines, events, window), or why a
rule gave no open action (`--why-not`); as text or JSON."""

from __future__ import annotations

import json
from typing import Any

from followup.actions import Action
from followup.dates.formatting import iso
from followup.explain import explain_text
from followup.planner import Plan
from followup.render.json_render import SCHEMA_VERSION, action_to_dict
from followup.whynot import WhyNot, why_not_dict, why_not_text


def render_text(plan: Plan, subject: Action | WhyNot) -> str:
    if isinstance(subject, WhyNot):
        return why_not_text(subject)
    return explain_text(subject, plan.as_of)


def explain_to_dict(plan: Plan, subject: Action | WhyNot) -> dict[str, Any]:
    """The JSON of `followup explain` and `followup.api.explain_document`: the action (any
    status) as in the plan's JSON and `text`, the account as text; or the why-not account."""
    if isinstance(subject, WhyNot):
        return why_not_dict(subject)
    return {
        "schema_version": SCHEMA_VERSION,
        "as_of": iso(plan.as_of),
        "action": action_to_dict(subject),
        "text": render_text(plan, subject),
    }


def render_json(plan: Plan, subject: Action | WhyNot) -> str:
    return json.dumps(explain_to_dict(plan, subject), indent=2, ensure_ascii=False) + "\n"
