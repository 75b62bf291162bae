"""Policies: the YAML format (schema), the typed model, and loading with validation and extends."""

from followup.policy.load import builtin_names, builtin_path, load_policy, policy_for_industry
from followup.policy.model import Condition, Policy, Rule

__all__ = [
    "Condition",
    "Policy",
    "Rule",
    "builtin_names",
    "builtin_path",
    "load_policy",
    "policy_for_industry",
]
