"""A loaded `Policy` back to policy YAML: what `followup policies show` prints.

The output is the *effective* policy: the `extends` chain flattened, inherited rules included,
disabled ones gone, defaults written out. It is itself a valid policy file (a test loads it back).
With `resolved=True` every rule and setting is preceded or followed by a `# from FILE:LINE`
comment naming where it was written.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from textwrap import indent
from typing import Any

import yaml

from followup.dates.durations import Duration
from followup.dates.formatting import hh_mm
from followup.format import Key
from followup.policy import schema
from followup.policy.model import Condition, Policy, Rule, Settings

DEFAULT_ORIGIN = "default"
WIDTH = 88


FOLD_AT = 60
"""Text longer than this is written folded (`>-`), as the built-in policies write `because`."""


class _Dumper(yaml.SafeDumper):
    """Block style for mappings, flow style (`[a, b]`) for lists of plain values."""


class _Inline(dict[str, Any]):
    """A mapping written on one line: `{at_least: 2}`."""


class _Quoted(str):
    """Text always written in quotes: a time of day, which YAML 1.1 may read as a number
    (`17:00` is 1020) and the validator refuses unquoted (`"09:00"`, as the built-ins write it)."""


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
_Dumper.add_representer(
    _Quoted, lambda dumper, data: dumper.represent_scalar("tag:yaml.org,2002:str", data, style='"')
)
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


def _plain(value: Any) -> Any:
    """A model value as the policy file writes it: a duration as written, a time as HH:MM."""
    if isinstance(value, Duration):
        return value.text
    if isinstance(value, dt.time):
        return _Quoted(hh_mm(value))
    return list(value) if isinstance(value, tuple) else value


def _fields(obj: Any, keys: tuple[Key, ...], **given: Any) -> dict[str, Any]:
    """The fields `keys` declare (`policy/schema.py`), in their order, from `obj`'s attributes of
    the same names (or `given`); empty ones left out."""
    out: dict[str, Any] = {}
    for key in keys:
        value = given[key.name] if key.name in given else getattr(obj, key.name)
        if value is not None and value != "" and value != ():
            out[key.name] = _plain(value)
    return out


def condition_value(cond: Condition) -> Any:
    """How a condition is written: `round: 1`, `event: [a, b]`, `round: {at_least: 2}`."""
    value = _plain(cond.value)
    return value if cond.op in ("is", "one_of") else _Inline({cond.op: value})


def rule_to_dict(rule: Rule) -> dict[str, Any]:
    return _fields(
        rule,
        schema.RULE,
        when={c.fact: condition_value(c) for c in rule.conditions},
        action=_fields(rule.action, schema.ACTION),
        timing=_fields(rule.timing, schema.TIMING),
    )


def settings_to_dict(settings: Settings) -> dict[str, Any]:
    out: dict[str, Any] = {"max_follow_ups": settings.max_follow_ups}
    window = settings.send_window
    if window is not None:
        out["send_window"] = _fields(window, schema.SEND_WINDOW)
    cal = settings.calendar
    holidays = _fields(
        cal,
        schema.HOLIDAYS,
        country="auto" if settings.holidays_from_zone else cal.country,
        extra=tuple(d.isoformat() for d in sorted(cal.extra_holidays)),
    )
    if holidays or "holidays" in settings.origins:
        out["holidays"] = holidays
    return out


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
            fragment = fragment.replace("\n", f"  # {where}\n", 1)  # after its first line
        out += indent(fragment, "  ")

    out += "\nrules:\n" if policy.rules else "\nrules: []\n"
    for i, rule in enumerate(policy.rules):
        if i:
            out += "\n"
        if resolved:
            out += f"  # from {rule.source}\n"
        out += indent(to_yaml([rule_to_dict(rule)]), "  ")
    return out


__all__ = ["policy_to_yaml", "rule_to_dict", "settings_to_dict", "to_yaml"]
