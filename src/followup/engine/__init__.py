"""Matching triggers against compiled policy conditions.

`match_rules(policy, triggers)` returns, for every trigger, the ids of the rules whose conditions
hold. `durable_engine` does it in durable_rules (the product's engine); `reference` does the same in
plain Python and exists for tests, why-not explanations and benchmarks.
"""

from __future__ import annotations

from typing import Protocol

from followup.facts import Trigger
from followup.policy.model import Policy


class Matcher(Protocol):
    def __call__(self, policy: Policy, triggers: list[Trigger]) -> list[tuple[str, int]]:
        """(rule id, trigger position) for every rule that fires on a trigger, in any order."""
        ...
