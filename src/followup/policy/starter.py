"""The commented starter policy `followup init` writes: valid as is, explained line by line.

The starter extends a base policy and changes nothing yet; commented blocks show how to disable
an inherited rule, override settings and replace a rule, filled in with the base's real values.
"""

from __future__ import annotations

import re

from followup.policy.dump import rule_to_dict, settings_to_dict, to_yaml
from followup.policy.model import Policy, Rule

_NOT_NAME = re.compile(r"[^a-z0-9]+")


def policy_name_for(industry: str) -> str:
    """`Health Care` -> `health-care`; empty when nothing usable is left."""
    return _NOT_NAME.sub("-", industry.strip().lower()).strip("-")


def _plain(value: str) -> str:
    """A scalar as YAML: plain when that reads back the same, quoted otherwise."""
    return to_yaml([value]).strip()[1:-1]


_LIMIT_SAYS = "# follow-ups without a response, since the interview or their last reply"
"""What `max_follow_ups` counts (G9, G17, G28): a reply starts the count again."""


def _comment(text: str, indent: str = "") -> str:
    return "".join(f"# {indent}{line}\n" if line.strip() else "#\n" for line in text.splitlines())


def _example_rule(base: Policy) -> Rule | None:
    """The rule to show as an editable example: the first status follow-up, else the first rule."""
    first = base.rules[0] if base.rules else None
    return next((r for r in base.rules if r.action.kind == "follow_up"), first)


def starter_policy(industry: str, extends: str, base: Policy) -> str:
    """The starter policy text for `industry`, extending `base` (written as `extends`)."""
    name = policy_name_for(industry)
    wanted = industry.strip().lower()
    out = [
        "# yaml-language-server: $schema=policy.schema.json",
        "# (editor completion: run `followup schema > policy.schema.json` next to this file)",
        "#",
        f"# {name}: follow-up etiquette for {wanted}, starting from the {base.name!r} policy.",
        "# Written by `followup init`. It inherits everything and changes nothing yet: edit the",
        "# commented examples below, then",
        f"#   followup validate {name}.yaml",
        f"#   followup policies show {name}.yaml --resolved",
        "#   followup plan EVENTS --policy-dir DIR    (DIR: the directory of this file)",
        "# Durations: 24h (exact hours), 2d, 3w, 1mo (calendar), 3 business days.",
        f"policy: {name}",
        "format_version: 1",
        "description: >-",
        f"  Follow-up etiquette for {wanted}, based on {base.name}. Say here what is different",
        "  about this industry and why.",
        f"industries: [{_plain(wanted)}]    # applications with these industries use this policy",
        f"extends: {_plain(extends)}    # inherit every rule and setting of this policy",
        "",
        f"# Drop inherited rules by id (`followup policies show {extends}` lists them):",
    ]
    text = "\n".join(out) + "\n"
    some_id = base.rules[-1].id if base.rules else "rule-id"
    text += f"# disable: [{some_id}]\n\n"
    text += "# Settings override the inherited ones key by key (these are the inherited values):\n"
    text += "# settings:\n"
    text += _comment(to_yaml(settings_to_dict(base.settings)), "  ").replace(
        "max_follow_ups: " + str(base.settings.max_follow_ups) + "\n",
        f"max_follow_ups: {base.settings.max_follow_ups}    {_LIMIT_SAYS}\n",
        1,
    )
    rule = _example_rule(base)
    if rule is not None:
        text += "\n"
        text += "# A rule with the id of an inherited rule replaces it as a whole; a new id adds"
        text += " one.\n"
        text += f"# The inherited {rule.id!r} ({rule.source}), ready to edit:\n"
        text += "# rules:\n"
        text += _comment(to_yaml([rule_to_dict(rule)]), "  ")
    return text


__all__ = ["policy_name_for", "starter_policy"]
