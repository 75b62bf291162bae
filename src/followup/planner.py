"""Planning: choose policies, derive facts, match, build actions (reached through `followup.api`).

Data flows one way: load + validate policy -> derive facts from events -> match in durable_rules
-> build actions and windows -> explain -> render. `plan` is a pure function of the events, the
policies and `as_of`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from functools import cache

import pendulum
from mypy_extensions import mypyc_attr

from followup.actions import Action, build_actions
from followup.decisions import apply_decisions, old_id
from followup.engine import Matcher
from followup.engine.compile import counts_read
from followup.events import Application, EventsFile
from followup.facts import derive_triggers
from followup.frozen import frozen
from followup.gcpause import paused_gc
from followup.limits import ActionBudget
from followup.peers import one_message_each, shared_people
from followup.policy import Policy, builtin_names, load_policy, policy_for_industry

FALLBACK_POLICY = "generic"


@frozen
class Plan:
    """The plan of one events file: every action of every application, and the policies used."""

    as_of: pendulum.DateTime
    events: EventsFile
    actions: tuple[Action, ...]
    policies: tuple[Policy, ...]  # every policy used, sorted by name
    assignments: dict[str, Policy]  # application id -> the policy that planned it

    def find(self, action_id: str) -> Action | None:
        """The action with this id, or with it as its id was before slugs kept accented and
        non-Latin names (`decisions.old_id`: a command copied from an older plan, a calendar
        entry) when exactly one action had it; else None."""
        found = next((a for a in self.actions if a.id == action_id), None)
        if found is not None:
            return found
        before = [a for a in self.actions if old_id(a) == action_id]  # its id is not it
        return before[0] if len(before) == 1 else None

    def by_application(
        self, actions: Iterable[Action] | None = None
    ) -> Iterator[tuple[Application, list[Action]]]:
        """Each application in file order with its actions (of `actions`, else all), grouped in
        one pass: 10k applications must not mean 10k scans."""
        grouped: dict[str, list[Action]] = {}
        for action in self.actions if actions is None else actions:
            grouped.setdefault(action.application.id, []).append(action)
        for app in self.events.applications:
            yield app, grouped.get(app.id, [])


@frozen
class PlannedApplication:
    """One application, the policy chosen for it and its actions."""

    application: Application
    policy: Policy
    actions: tuple[Action, ...]  # sorted by not_before, then id


def builtin_policies() -> list[Policy]:
    return [load_policy(name) for name in builtin_names()]


@cache
def builtin_industries() -> dict[str, frozenset[str]]:
    """Built-in policy name -> the industries it claims, in `builtin_names` order, from the
    `industries: [...]` line each built-in has, without loading the policies (a built-in
    written otherwise is loaded to find out; tests/scale/test_fast_paths.py compares both)."""
    import re

    from followup.policy.load import builtin_path

    found: dict[str, frozenset[str]] = {}
    for name in builtin_names():
        path = builtin_path(name)
        text = path.read_text("utf-8") if path is not None else ""
        line = re.search(r"^industries:[ ]*\[([^\]\n#]*)\]", text, re.MULTILINE)
        if line is None:
            found[name] = frozenset(load_policy(name).industries)
        else:
            words = (word.strip().strip("'\"").lower() for word in line.group(1).split(","))
            found[name] = frozenset(word for word in words if word)
    return found


@mypyc_attr(allow_interpreted_subclasses=True)  # audit's replay is plain Python
class PolicyChooser:
    """Which policy plans an application: `--policy` for all, else by industry, else generic."""

    def __init__(self, override: Policy | None = None, registered: Sequence[Policy] = ()) -> None:
        self.override = override
        self.registered = list(registered)
        self._chosen: dict[str, Policy] = {}  # industry -> policy: each is looked up once

    def choose(self, app: Application) -> Policy:
        if self.override is not None:
            return self.override
        found = self._chosen.get(app.industry)
        if found is None:
            found = self._find(app.industry)
            self._chosen[app.industry] = found
        return found

    def _find(self, industry: str) -> Policy:
        found = policy_for_industry(industry, self.registered)
        if found is not None:
            return found
        # Only the built-in that claims the industry is loaded (and so compiled), by its list.
        for name, industries in builtin_industries().items():
            if industry.strip().lower() in industries:
                return load_policy(name)
        return load_policy(FALLBACK_POLICY)


def _default_matcher() -> Matcher:
    from followup.engine.durable_engine import match_rules_durable

    return match_rules_durable


def plan_application(
    app: Application,
    policy: Policy,
    as_of: pendulum.DateTime,
    matcher: Matcher | None = None,
    *,
    all_windows: bool = True,
) -> list[Action]:
    """One application's actions, planned on its own (`followup.peers` then looks across).
    `all_windows` False: see `build_actions` (the candidate's decisions read every window)."""
    # Only the day counts the policy's keys read are counted now (`derive_triggers`).
    triggers = derive_triggers(app, as_of, counts_read(policy))
    matches = (matcher or _default_matcher())(policy, triggers)
    every = all_windows or bool(app.decisions)
    actions = build_actions(app, policy, triggers, matches, as_of, all_windows=every)
    return apply_decisions(actions, app, as_of) if app.decisions else actions


def plan(
    events: EventsFile,
    *,
    as_of: pendulum.DateTime,
    chooser: PolicyChooser | None = None,
    matcher: Matcher | None = None,
    applications: Iterable[Application] | None = None,
) -> Plan:
    """Plan every application of an events file as of a moment."""
    as_of = as_of.in_timezone(events.candidate.timezone)
    apps = applications if applications is not None else events.applications
    planned = iter_plan_applications(
        apps,
        as_of=as_of,
        chooser=chooser,
        matcher=matcher,
        peers=shared_people(events.applications),
    )
    with paused_gc():  # many live objects, no cycles (see followup.gcpause)
        return collect_plan(events, as_of, planned)


def iter_plan_applications(
    applications: Iterable[Application],
    *,
    as_of: pendulum.DateTime,
    chooser: PolicyChooser | None = None,
    matcher: Matcher | None = None,
    peers: Mapping[str, tuple[Application, ...]] | None = None,
    all_windows: bool = True,
) -> Iterator[PlannedApplication]:
    """Plan applications one at a time, holding on to nothing: memory stays flat however many
    applications stream through (benchmarks/run.py measures it on 100k). `peers`: the file's
    `followup.peers.shared_people`, for one message per person across applications.
    `all_windows` False: for a caller that reads the windows of open actions only and sorts
    what it shows itself: a done or cancelled action's window may be left unset, and each
    application's actions come in the order they were planned (`followup.actions.build_actions`;
    `settle_window` sets one)."""
    chooser = chooser or PolicyChooser()
    match = matcher or _default_matcher()
    budget = ActionBudget()
    kept: dict[str, list[Action]] = {}  # the plans of applications that share people

    def alone(app: Application, policy: Policy) -> list[Action]:
        found = kept.get(app.id)
        if found is None:
            found = plan_application(app, policy, as_of, match, all_windows=all_windows)
            if peers and app.id in peers:
                kept[app.id] = found
        return found

    for app in applications:
        policy = chooser.choose(app)
        planned = alone(app, policy)
        if peers and app.id in peers:
            others = [a for peer in peers[app.id] for a in alone(peer, chooser.choose(peer))]
            planned = one_message_each(planned, others)
        actions = tuple(planned)
        budget.spend(app, len(actions))
        yield PlannedApplication(app, policy, actions)


def collect_plan(
    events: EventsFile, as_of: pendulum.DateTime, planned: Iterable[PlannedApplication]
) -> Plan:
    """Gather planned applications (in file order) into the `Plan` of their events file."""
    actions: list[Action] = []
    used: dict[str, Policy] = {}
    assignments: dict[str, Policy] = {}
    for item in planned:
        assignments[item.application.id] = item.policy
        used[item.policy.key] = item.policy
        actions.extend(item.actions)
    actions.sort(key=Action.sort_key)
    policies = tuple(sorted(used.values(), key=lambda p: (p.name, p.source)))
    as_of = as_of.in_timezone(events.candidate.timezone)
    return Plan(as_of, events, tuple(actions), policies, assignments)
