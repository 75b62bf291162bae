"""Every size limit of the tool, in one place (docs/limits.md lists them with how to raise them).

Each limit is checked before the work it bounds starts, and going over it is a one-line error
(or a `validate` problem) naming the file, the field and the limit - never a crash, a hang or
unbounded memory. The defaults are far above anything a real job search needs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

from followup.errors import InputError

if TYPE_CHECKING:
    from followup.events import Application
    from followup.format import Checker
    from followup.source import PathKey

MAX_INPUT_MB = 20
"""Size of an input file (events, policy tests, audit log), in megabytes: a larger one is
refused before it is parsed (`--max-input-size` sets it for one run)."""

MAX_REQUEST_KB = 2048
"""Size of a request body `followup serve` reads, in kilobytes: a larger one is answered 413
(`serve --max-body-kb` sets it)."""

MAX_POLICY_BYTES = 2 * 1024 * 1024
"""Size of one policy file (1,000 rules take about 750 KB): a larger one is refused before it
is parsed (a 10^5-rule policy took 21 s and 1.4 GB to validate)."""

MAX_RULES = 1000
"""Rules in one policy, inherited ones included (validate: `too-many-rules`)."""

MAX_ONE_OF = 32
"""Values in one `one_of` list of a condition (validate: `too-many-values`)."""

MAX_ONE_OF_CONDITIONS = 14
"""Conditions written as a list (`one_of`) in one rule: durable_rules evaluates at most 31
expressions per rule, two per list and two for the rule (validate: `too-many-conditions`)."""

MAX_CONDITION_NUMBER = 1_000_000_000
"""Largest number (and smallest, negated) a condition may compare with (validate:
`out-of-range`). Fact values beyond it reach the engine as one past it, which compares the same
against every allowed number: durable_rules reads integers as 64-bit, so 2**63 would wrap."""

MAX_EXTENDS_DEPTH = 32
"""Files in one `extends` chain, the policy itself included (validate: `extends-too-deep`)."""

MAX_APPLICATIONS = 10_000
"""Applications in one events file."""

MAX_EVENTS_PER_APPLICATION = 1_000
"""Events in one application."""

MAX_EVENTS = 50_000
"""Events in one events file, all applications together (10,000 realistic applications have
about 42,000)."""

MAX_INTERVIEW_DAYS = 3
"""How long after its start an interview's `ends` may be: a multi-day assessment fits, a date
off by a month or a year (which would hold its thank-you back unnoticed) does not."""

MAX_INTERVIEWERS = 20
"""Interviewers of one interview (an action is planned for each)."""

MAX_ACTIONS_PER_APPLICATION = 20_000
"""Actions planned for one application, every status included (1,000 events with 20
interviewers each make about 12,000 thank-yous): a policy whose rules all match every event
is stopped here, as the actions are built."""

MAX_ACTIONS = 150_000
"""Actions planned for one events file, every status included (10,000 realistic applications
make about 72,000): the work of a file at several limits at once (50 applications of 1,000
events, 20 interviewers each, 600,000 actions) stops here, in seconds."""

MAX_TEMPLATE_BYTES = 1024 * 1024
"""Size of one template file (or a file it includes)."""

MAX_TEMPLATE_OUTPUT = 100_000
"""Characters a draft template may write (checked as it writes them)."""

MAX_TEMPLATE_VALUE = 100_000
"""Characters (or items, counted through nested lists) of any one value a template computes,
digits of a number, and the largest number argument of a call or filter and format width:
`"x" * n`, `range(n)`, `n ** m`, `"x".center(n)`, `"%0nd"|format(1)` are refused before they run
(see `followup.sandbox`)."""

MAX_TEMPLATE_SECONDS = 2.0
"""Processor seconds a draft template may run (nested loops)."""


class ActionBudget:
    """The actions planned for one events file so far; going over MAX_ACTIONS is a one-line
    error naming the application planned when it ran out (before the next is planned)."""

    __slots__ = ("spent",)

    def __init__(self) -> None:
        self.spent = 0

    def spend(self, app: Application, count: int) -> None:
        self.spent += count
        if self.spent > MAX_ACTIONS:
            raise InputError(
                f"{app.loc}: more than {MAX_ACTIONS} actions planned for this events "
                "file, over the limit (limits.MAX_ACTIONS): split the file"
            )


def check_actions_of(app: Application, count: int) -> None:
    """Refuse to build more than MAX_ACTIONS_PER_APPLICATION actions for one application."""
    if count > MAX_ACTIONS_PER_APPLICATION:
        raise InputError(
            f"{app.loc}: more than {MAX_ACTIONS_PER_APPLICATION} actions planned for "
            f"application {app.id!r}, over the limit (limits.MAX_ACTIONS_PER_APPLICATION)"
        )


_SPLIT: Final = "split the file (`followup plan A B` plans several files together)"
"""What to do about a file over a limit of its size."""


def check_counts(reader: Checker, applications: list[Any], root: PathKey = ()) -> None:
    """Refuse, before any of them is read, too many applications or events in an events file
    (`root`: where its `applications` are)."""
    if len(applications) > MAX_APPLICATIONS:
        raise reader.refuse(
            (*root, "applications"),
            "too-many-applications",
            f"{len(applications)} applications, over the limit of {MAX_APPLICATIONS} per events "
            f"file (limits.MAX_APPLICATIONS): {_SPLIT}",
        )
    total = 0
    for i, app in enumerate(applications):
        events = app.get("events") if isinstance(app, dict) else None
        count = len(events) if isinstance(events, list) else 0
        total += count
        if count > MAX_EVENTS_PER_APPLICATION:
            message = (
                f"{count} events, over the limit of {MAX_EVENTS_PER_APPLICATION} per application "
                "(limits.MAX_EVENTS_PER_APPLICATION)"
            )
        elif total > MAX_EVENTS:
            message = (
                f"more than {MAX_EVENTS} events in the file, over the limit "
                f"(limits.MAX_EVENTS): {_SPLIT}"
            )
        else:
            continue
        raise reader.refuse((*root, "applications", i, "events"), "too-many-events", message)
