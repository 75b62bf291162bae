"""Policies: the YAML format (schema), the typed model, and loading with validation and extends."""

from followup.policy.load import builtin_names, builtin_path, load_policy, policy_for_industry
from followup.policy.model import Policy

__all__ = ["Policy", "builtin_names", "builtin_path", "load_policy", "policy_for_industry"]
