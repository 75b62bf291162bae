"""`followup explain`: one action's account (its rule, guidelines, events, window), or why a
rule gave no open action (`--why-not`); as text or JSON."""

from __future__ import annotations

import json

from followup.actions import Action
from followup.explain import explain_text
from followup.planner import Plan
from followup.whynot import WhyNot, why_not_dict, why_not_text


def render_text(plan: Plan, subject: Action | WhyNot) -> str:
    if isinstance(subject, WhyNot):
        return why_not_text(subject)
    return explain_text(subject, plan.as_of)


def render_json(plan: Plan, subject: Action | WhyNot) -> str:
    if isinstance(subject, WhyNot):
        data = why_not_dict(subject)
    else:
        from followup.render.json_render import action_to_dict

        data = {"as_of": plan.as_of.isoformat(), "action": action_to_dict(subject)}
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
