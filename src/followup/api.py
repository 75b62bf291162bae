"""The one door for the CLI and tests: choose policies, derive facts, match, build actions.

Data flows one way: load + validate policy -> derive facts from events -> match in durable_rules
-> build actions and windows -> explain -> render. `plan` is a pure function of the events, the
policies and `as_of`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pendulum

from followup.actions import Action, build_actions
from followup.engine import Matcher
from followup.events import Application, EventsFile
from followup.facts import derive_triggers
from followup.policy import Policy, builtin_names, load_policy, policy_for_industry

FALLBACK_POLICY = "generic"


@dataclass(frozen=True, slots=True)
class Plan:
    as_of: pendulum.DateTime
    events: EventsFile
    actions: tuple[Action, ...]
    policies: tuple[Policy, ...]  # every policy used, sorted by name
    assignments: dict[str, Policy]  # application id -> the policy that planned it

    def find(self, action_id: str) -> Action | None:
        return next((a for a in self.actions if a.id == action_id), None)


def builtin_policies() -> list[Policy]:
    return [load_policy(name) for name in builtin_names()]


class PolicyChooser:
    """Which policy plans an application: `--policy` for all, else by industry, else generic."""

    def __init__(self, override: Policy | None = None, registered: Sequence[Policy] = ()) -> None:
        self.override = override
        self.registered = list(registered)
        self._builtins: list[Policy] | None = None

    def choose(self, app: Application) -> Policy:
        if self.override is not None:
            return self.override
        found = policy_for_industry(app.industry, self.registered)
        if found is not None:
            return found
        if self._builtins is None:
            self._builtins = builtin_policies()
        found = policy_for_industry(app.industry, self._builtins)
        return found or load_policy(FALLBACK_POLICY)


def _default_matcher() -> Matcher:
    from followup.engine.durable_engine import match_rules_durable

    return match_rules_durable


def plan_application(
    app: Application, policy: Policy, as_of: pendulum.DateTime, matcher: Matcher | None = None
) -> list[Action]:
    triggers = derive_triggers(app, as_of)
    matches = (matcher or _default_matcher())(policy, triggers)
    return build_actions(app, policy, triggers, matches, as_of)


def plan(
    events: EventsFile,
    *,
    as_of: pendulum.DateTime,
    chooser: PolicyChooser | None = None,
    matcher: Matcher | None = None,
    applications: Iterable[Application] | None = None,
) -> Plan:
    """Plan every application of an events file as of a moment."""
    chooser = chooser or PolicyChooser()
    match = matcher or _default_matcher()
    as_of = as_of.in_timezone(events.candidate.timezone)
    actions: list[Action] = []
    used: dict[str, Policy] = {}
    assignments: dict[str, Policy] = {}
    for app in applications if applications is not None else events.applications:
        policy = chooser.choose(app)
        assignments[app.id] = policy
        used[policy.key] = policy
        actions.extend(plan_application(app, policy, as_of, match))
    actions.sort(key=Action.sort_key)
    policies = tuple(sorted(used.values(), key=lambda p: (p.name, p.source)))
    return Plan(as_of, events, tuple(actions), policies, assignments)
