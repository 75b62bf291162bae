"""The JSON contract of `followup plan --format json` (stable; see docs/json-contract.md)."""

from __future__ import annotations

import json
from typing import Any

from followup.actions import Action
from followup.api import Plan
from followup.explain import explanation, iso

SCHEMA_VERSION = 1


def action_to_dict(action: Action) -> dict[str, Any]:
    return {
        "id": action.id,
        "application": action.application.id,
        "policy": action.policy.name,
        "rule": action.rule.id,
        "kind": action.kind,
        "channel": action.channel,
        "to": [p.display() for p in action.to],
        "cc": [p.display() for p in action.cc],
        "not_before": iso(action.not_before),
        "due_by": iso(action.due_by),
        "status": action.status,
        "explanation": explanation(action),
    }


def plan_to_dict(plan: Plan, *, include_all: bool = False) -> dict[str, Any]:
    return {
        "schema_version": SCHEMA_VERSION,
        "as_of": iso(plan.as_of),
        "policies": [
            {"name": p.name, "source": p.source, "sha256": p.sha256} for p in plan.policies
        ],
        "actions": [
            action_to_dict(a) for a in plan.actions if include_all or a.is_open
        ],
    }


def render_json(plan: Plan, *, include_all: bool = False) -> str:
    return json.dumps(plan_to_dict(plan, include_all=include_all), indent=2, ensure_ascii=False) + "\n"
