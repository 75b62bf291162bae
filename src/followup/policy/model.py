"""The typed, frozen policy model. Every rule and condition keeps where it was written."""

from __future__ import annotations

import operator
from collections.abc import Callable
from dataclasses import field
from typing import Any

from followup.dates.calendars import BusinessCalendar
from followup.dates.durations import Duration
from followup.dates.windows import SendWindow
from followup.errors import Location
from followup.frozen import frozen
from followup.kinds import KINDS, ActionKind, Channel, Recipient

CONDITION_OPS: dict[str, tuple[str, Callable[[Any, Any], Any]]] = {
    "is": ("is", operator.eq),
    "not": ("is not", operator.ne),
    "one_of": ("is one of", lambda seen, values: seen in values),
    "at_least": (">=", operator.ge),
    "at_most": ("<=", operator.le),
    "more_than": (">", operator.gt),
    "less_than": ("<", operator.lt),
}
"""The comparisons a condition may make: how an explanation writes each, and what it means
(fact value seen, condition's value)."""
NUMBER_OPS = ("at_least", "at_most", "more_than", "less_than")
"""The comparisons only a number can make (false for any other value seen)."""


def show_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return ", ".join(show_value(v) for v in value)
    return str(value)


@frozen
class Condition:
    """`fact op value`, e.g. `round at_least 2`. `op` is one of CONDITION_OPS."""

    fact: str
    op: str
    value: Any
    loc: Location

    def describe(self) -> str:
        """`round >= 2`, `format is not panel`, `event is one of interview, response_received`."""
        return f"{self.fact} {CONDITION_OPS[self.op][0]} {show_value(self.value)}"

    def holds(self, facts: dict[str, Any]) -> bool:
        """The reference semantics of a condition (the durable_rules compilation must agree)."""
        seen = facts.get(self.fact)
        if self.op in NUMBER_OPS and not isinstance(seen, int):
            return False
        return bool(CONDITION_OPS[self.op][1](seen, self.value))


@frozen
class Timing:
    """When a rule's action opens, is due, is late and lapses, from which anchor event."""

    anchor: str
    not_before: Duration
    due_by: Duration
    late_after: Duration | None
    loc: Location
    lapse_after: Duration | None = None
    working_hours: bool | None = None  # None: the kind's default (see `follows_working_hours`)
    deadline: str | None = None  # an anchor the action is due no later than, when known


@frozen
class ActionSpec:
    """What a rule asks for: the kind of action, its channel, recipients and template."""

    kind: ActionKind
    channel: Channel
    to: Recipient
    cc: str
    template: str | None
    loc: Location
    folder: str = field(default="", compare=False)
    """The folder of the policy file that defines the rule: its template must be inside it."""
    template_loc: Location | None = field(default=None, compare=False)


@frozen
class Rule:
    """One rule of a policy: when it applies, the action it asks for and its timing."""

    id: str
    summary: str
    conditions: tuple[Condition, ...]
    action: ActionSpec
    timing: Timing
    done_when: tuple[str, ...]
    cancelled_by: tuple[str, ...]
    because: str
    cites: tuple[str, ...]
    loc: Location  # where the rule starts (its `- id:` line), in the file that defines it

    def follows_working_hours(self) -> bool:
        """Whether the window keeps to working hours in the recipient's zone (when the policy
        has a send_window): by default every message to a person except a thank-you note."""
        if self.timing.working_hours is not None:
            return self.timing.working_hours
        return self.action.channel != "note" and not KINDS[self.action.kind].own_time

    @property
    def source(self) -> str:
        """`policies/generic.yaml:12`: the file and line the rule comes from."""
        return self.loc.short()

    def triggers(self) -> tuple[str, ...]:
        """The event types that can start this rule."""
        for cond in self.conditions:
            if cond.fact == "event":
                if cond.op == "is":
                    return (str(cond.value),)
                if cond.op == "one_of":
                    return tuple(str(v) for v in cond.value)
        return ()


@frozen
class Settings:
    """A policy's settings: follow-up limit, send window and business calendar."""

    max_follow_ups: int = 2
    send_window: SendWindow | None = None
    calendar: BusinessCalendar = field(default_factory=BusinessCalendar)
    holidays_from_zone: bool = False  # holidays.country: auto
    origins: dict[str, Location] = field(default_factory=dict, compare=False, hash=False)


@frozen
class Policy:
    """A policy, read, checked and merged with every policy it extends."""

    name: str
    description: str
    industries: tuple[str, ...]
    settings: Settings
    rules: tuple[Rule, ...]
    source: str  # the file as shown to users, e.g. policies/generic.yaml
    sha256: str  # digest of the policy file and every file it extends
    files: tuple[str, ...]  # the extends chain, this file first
    loc: Location

    def rule(self, rule_id: str) -> Rule | None:
        return next((r for r in self.rules if r.id == rule_id), None)

    @property
    def key(self) -> str:
        """A name unique to this exact content: used to register the ruleset once per process."""
        return f"{self.name}-{self.sha256[:16]}"
