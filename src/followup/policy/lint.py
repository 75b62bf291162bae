"""Checks of a loaded policy against the articles: windows inside their ranges, words that match.

Two warnings `followup validate` adds for any policy that loads (built-in or a coach's own):

- `outside-guideline-range`: a rule cites a guideline of `data/guideline_ranges.yaml` and does
  what its row describes (the row's kind, measured from one of its anchors), but its window opens
  earlier or closes later than the row allows.
- `timing-words`: a duration the rule's `because` or `summary` names ("within 24 hours", "two to
  three weeks", "at least a week") is not the rule's own timing, so the text and the window
  disagree.

Both compare spans: a duration's shortest and longest length in hours (`2bd` is 2 to 4 calendar
days, `1mo` 28 to 31), so a bound in working days or months is judged the way it is meant.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from followup.dates.durations import UNIT_OF, Duration, parse_duration
from followup.errors import Problem
from followup.frozen import frozen
from followup.guidelines import package_data
from followup.policy.model import Policy, Rule

_DAY = 24


def span(duration: Duration) -> tuple[int, int]:
    """The shortest and longest length of `duration` in hours (DST changes aside)."""
    base = duration.hours + (duration.days + 7 * duration.weeks) * _DAY
    low = base + 28 * _DAY * duration.months + duration.business_days * _DAY
    weekends = 2 * ((duration.business_days + 4) // 5) if duration.business_days else 0
    high = base + 31 * _DAY * duration.months + (duration.business_days + weekends) * _DAY
    return low, high


@frozen
class Bound:
    at_least: Duration | None = None
    at_most: Duration | None = None

    def breaks(self, duration: Duration) -> str | None:
        low, high = span(duration)
        if self.at_least is not None and low < span(self.at_least)[0]:
            return f"earlier than {self.at_least}"
        if self.at_most is not None and high > span(self.at_most)[1]:
            return f"later than {self.at_most}"
        return None


@frozen
class Range:
    guideline: str
    what: str
    kind: str
    anchors: tuple[str, ...]
    bounds: dict[str, Bound]  # timing field -> bound

    def applies_to(self, rule: Rule) -> bool:
        return (
            self.guideline in rule.cites
            and rule.action.kind == self.kind
            and rule.timing.anchor in self.anchors
        )


_TIMING_FIELDS = ("not_before", "due_by", "late_after", "lapse_after")


def _bound(raw: dict[str, str]) -> Bound:
    """`{at_least: 2d, at_most: 1w}` (either may be left out) as a `Bound`."""
    return Bound(**{side: parse_duration(text) for side, text in raw.items()})


@cache
def guideline_ranges() -> tuple[Range, ...]:
    """The table of `data/guideline_ranges.yaml` (read once, with the safe loader)."""
    rows = package_data("guideline_ranges.yaml")["ranges"]
    return tuple(
        Range(
            guideline=row["guideline"],
            what=row["what"],
            kind=row["kind"],
            anchors=tuple(row["anchors"]),
            bounds={f: _bound(row[f]) for f in _TIMING_FIELDS if f in row},
        )
        for row in rows
    )


def range_problems(rule: Rule) -> Iterator[Problem]:
    for row in guideline_ranges():
        if not row.applies_to(rule):
            continue
        for name, bound in row.bounds.items():
            value = getattr(rule.timing, name)
            if value is None:
                continue
            broken = bound.breaks(value)
            if broken:
                yield Problem(
                    rule.timing.loc,
                    "outside-guideline-range",
                    f"{name} {value} is {broken}, outside what {row.guideline} gives ({row.what})",
                    severity="warning",
                    rule=rule.id,
                    field=f"timing.{name}",
                )


# -- words and numbers -------------------------------------------------------------------------
_NUMBERS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
}
_NUM = r"(\d+|" + "|".join(_NUMBERS) + r")"
_UNIT = r"(working[ -]days?|business[ -]days?|hours?|days?|weeks?|months?)"
_MENTION = re.compile(
    rf"(?P<least>at least )?(?P<a>{_NUM})(?:(?: more)?(?: to| or) (?P<b>{_NUM}))?"
    rf"(?: more)?[ -](?P<unit>{_UNIT})\b(?P<so> or so)?",
    re.IGNORECASE,
)


def _amount(word: str) -> int:
    return int(word) if word.isdigit() else _NUMBERS[word.lower()]


def _as_duration(amount: int, unit: str) -> Duration:
    words = unit.lower().replace("-", " ").replace("working", "business")
    return Duration(**{UNIT_OF[words]: amount}, text="")  # text: the normalized one


def _same(a: Duration, b: Duration) -> bool:
    return span(a) == span(b)


def _own_durations(rule: Rule) -> list[Duration]:
    found = [d for d in (getattr(rule.timing, f) for f in _TIMING_FIELDS) if d is not None]
    for cond in rule.conditions:  # `days_since_first_interview >= 60` is "60 days" in words
        if cond.fact.startswith("days_") and isinstance(cond.value, int):
            found.append(Duration(days=cond.value))
    return found


def mentions(text: str) -> Iterator[tuple[str, Duration, Duration | None, str]]:
    """(phrase, amount, second amount of a range or None, how) for each duration in `text`;
    `how` is "range", "at least", "about" or "exact"."""
    for match in _MENTION.finditer(text):
        unit = match["unit"]
        first = _as_duration(_amount(match["a"]), unit)
        second = _as_duration(_amount(match["b"]), unit) if match["b"] else None
        found = {"range": second is not None, "at least": match["least"], "about": match["so"]}
        how = next((kind for kind, said in found.items() if said), "exact")
        yield match[0].strip(), first, second, how


def _text_agrees(rule: Rule, first: Duration, second: Duration | None, how: str) -> bool:
    timing = rule.timing
    own = _own_durations(rule)
    if how == "range" and second is not None:
        return (
            span(timing.not_before)[0] >= span(first)[0]
            and span(timing.due_by)[1] <= span(second)[1]
        ) or (any(_same(first, d) for d in own) and any(_same(second, d) for d in own))
    if how == "at least":
        return span(timing.not_before)[0] >= span(first)[0]
    if how == "about":
        low = span(first)[0]
        return low <= span(timing.not_before)[0] <= low * 3 // 2
    return any(_same(first, d) for d in own)


def words_problems(rule: Rule) -> Iterator[Problem]:
    for name, text in (("because", rule.because), ("summary", rule.summary)):
        for phrase, first, second, how in mentions(text):
            if not _text_agrees(rule, first, second, how):
                window = f"{rule.timing.not_before} -> {rule.timing.due_by}"
                yield Problem(
                    rule.loc,
                    "timing-words",
                    f"{name} says {phrase!r}, but the rule's window is {window} after the "
                    f"{rule.timing.anchor} (late_after {rule.timing.late_after or '-'}, "
                    f"lapse_after {rule.timing.lapse_after or '-'})",
                    severity="warning",
                    rule=rule.id,
                    field=name,
                )


def lint_policy(policy: Policy) -> list[Problem]:
    """The warnings of both checks for every rule of `policy`."""
    return [p for rule in policy.rules for p in (*range_problems(rule), *words_problems(rule))]


__all__ = ["Range", "guideline_ranges", "lint_policy", "mentions", "span"]
