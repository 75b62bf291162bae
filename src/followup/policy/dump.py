"""A loaded `Policy` back to policy YAML: what `followup policies show` prints.

The output is the *effective* policy: the `extends` chain flattened, inherited rules included,
disabled ones gone, defaults written out. It is itself a valid policy file (a test loads it back).
With `resolved=True` every rule and setting is preceded or followed by a `# from FILE:LINE`
comment naming where it was written.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any

import yaml

from followup.policy.model import Condition, Policy, Rule, Settings

DEFAULT_ORIGIN = "default"
WIDTH = 88


FOLD_AT = 60
"""Text longer than this is written folded (`>-`), as the built-in policies write `because`."""


class _Dumper(yaml.SafeDumper):
    """Block style for mappings, flow style (`[a, b]`) for lists of plain values."""


class _Inline(dict[str, Any]):
    """A mapping written on one line: `{at_least: 2}`."""


def _represent_list(dumper: yaml.SafeDumper, data: list[Any]) -> yaml.Node:
    flat = all(not isinstance(item, (dict, list)) for item in data)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=flat)


def _represent_inline(dumper: yaml.SafeDumper, data: _Inline) -> yaml.Node:
    return dumper.represent_mapping("tag:yaml.org,2002:map", data, flow_style=True)


def _represent_str(dumper: yaml.SafeDumper, data: str) -> yaml.Node:
    style = ">" if len(data) > FOLD_AT and "\n" not in data and data == data.strip() else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)


_Dumper.add_representer(list, _represent_list)
_Dumper.add_representer(_Inline, _represent_inline)
_Dumper.add_representer(str, _represent_str)
_Dumper.add_multi_representer(StrEnum, lambda dumper, data: _represent_str(dumper, str(data)))


def to_yaml(value: Any) -> str:
    text: str = yaml.dump(
        value,
        Dumper=_Dumper,
        sort_keys=False,
        default_flow_style=False,
        allow_unicode=True,
        width=WIDTH,
    )
    return text


def _clock(value: dt.time) -> str:
    return f"{value.hour:02d}:{value.minute:02d}"


def condition_value(cond: Condition) -> Any:
    """How a condition is written: `round: 1`, `event: [a, b]`, `round: {at_least: 2}`."""
    value = list(cond.value) if isinstance(cond.value, tuple) else cond.value
    if cond.op == "is":
        return value
    if cond.op == "one_of":
        return value
    return _Inline({cond.op: value})


def rule_to_dict(rule: Rule) -> dict[str, Any]:
    out: dict[str, Any] = {"id": rule.id}
    if rule.summary:
        out["summary"] = rule.summary
    out["when"] = {c.fact: condition_value(c) for c in rule.conditions}
    action: dict[str, Any] = {
        "kind": rule.action.kind,
        "channel": rule.action.channel,
        "to": rule.action.to,
        "cc": rule.action.cc,
    }
    if rule.action.template:
        action["template"] = rule.action.template
    out["action"] = action
    timing: dict[str, Any] = {
        "anchor": rule.timing.anchor,
        "not_before": rule.timing.not_before.text,
        "due_by": rule.timing.due_by.text,
    }
    if rule.timing.late_after is not None:
        timing["late_after"] = rule.timing.late_after.text
    if rule.timing.lapse_after is not None:
        timing["lapse_after"] = rule.timing.lapse_after.text
    if rule.timing.working_hours is not None:
        timing["working_hours"] = rule.timing.working_hours
    out["timing"] = timing
    if rule.done_when:
        out["done_when"] = list(rule.done_when)
    if rule.cancelled_by:
        out["cancelled_by"] = list(rule.cancelled_by)
    out["because"] = rule.because
    if rule.cites:
        out["cites"] = list(rule.cites)
    return out


def settings_to_dict(settings: Settings) -> dict[str, Any]:
    out: dict[str, Any] = {"max_follow_ups": settings.max_follow_ups}
    window = settings.send_window
    if window is not None:
        out["send_window"] = {
            "earliest": _clock(window.earliest),
            "latest": _clock(window.latest),
            "weekends": window.weekends,
        }
    cal = settings.calendar
    holidays: dict[str, Any] = {}
    if settings.holidays_from_zone:
        holidays["country"] = "auto"
    elif cal.country:
        holidays["country"] = cal.country
    if cal.subdivision:
        holidays["subdivision"] = cal.subdivision
    if cal.extra_holidays:
        holidays["extra"] = [d.isoformat() for d in sorted(cal.extra_holidays)]
    if holidays or "holidays" in settings.origins:
        out["holidays"] = holidays
    return out


def _indent(text: str, prefix: str) -> str:
    return "".join(prefix + line if line.strip() else line for line in text.splitlines(True))


def _with_comment(text: str, comment: str) -> str:
    """Put `# comment` at the end of the first line of a YAML fragment."""
    first, _, rest = text.partition("\n")
    return f"{first}  # {comment}\n{rest}"


def policy_to_yaml(policy: Policy, *, resolved: bool = False) -> str:
    """The effective policy as YAML; `resolved` adds a `# from FILE:LINE` comment to each part."""
    lines: list[str] = [f"# Effective policy {policy.name!r}"]
    if len(policy.files) > 1:
        lines.append(f"# from {' -> '.join(policy.files)} (extends flattened)")
    else:
        lines.append(f"# from {policy.source}")
    if resolved:
        lines.append("# Each rule and setting names the file:line it comes from.")
    head: dict[str, Any] = {"policy": policy.name, "format_version": 1}
    if policy.description:
        head["description"] = policy.description
    head["industries"] = list(policy.industries)
    out = "\n".join(lines) + "\n" + to_yaml(head)

    out += "\nsettings:\n"
    for key, value in settings_to_dict(policy.settings).items():
        fragment = to_yaml({key: value})
        if resolved:
            origin = policy.settings.origins.get(key)
            where = f"from {origin.short()}" if origin else DEFAULT_ORIGIN
            fragment = _with_comment(fragment, where)
        out += _indent(fragment, "  ")

    out += "\nrules:\n" if policy.rules else "\nrules: []\n"
    for i, rule in enumerate(policy.rules):
        if i:
            out += "\n"
        if resolved:
            out += f"  # from {rule.source}\n"
        out += _indent(to_yaml([rule_to_dict(rule)]), "  ")
    return out


__all__ = ["policy_to_yaml", "rule_to_dict", "settings_to_dict", "to_yaml"]
