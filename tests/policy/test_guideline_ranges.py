"""Issue 10 (3, 4): every window of every built-in rule stays inside the range its guideline
gives, and no rule's words contradict its numbers. The ranges are data
(src/followup/data/guideline_ranges.yaml); `followup validate` reports both checks for any
policy, so a coach's own policy gets them too."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from followup.cli import cli
from followup.dates.durations import parse_duration
from followup.policy.lint import guideline_ranges, lint_policy, mentions, span
from followup.policy.load import load_policy

BUILTINS = ("fast-paced", "generic", "conservative")
RANGED_KINDS = ("thank_you", "follow_up", "move_on")


@pytest.mark.parametrize("name", BUILTINS)
def test_builtin_policies_keep_every_range_and_say_what_they_do(name: str) -> None:
    assert lint_policy(load_policy(name)) == []


@pytest.mark.parametrize("name", BUILTINS)
def test_every_timed_builtin_rule_is_checked_against_a_range(name: str) -> None:
    # A thank-you, status check or move-on that cites no ranged guideline would escape the check
    # (G28, two unanswered follow-ups, is the one move-on that rests on a count, not a span).
    for rule in load_policy(name).rules:
        if rule.action.kind not in RANGED_KINDS or "G28" in rule.cites:
            continue
        rows = [r for r in guideline_ranges() if r.applies_to(rule)]
        assert rows, f"{name}: {rule.id} is not checked against any guideline range"


def test_fast_paced_takes_the_early_end_and_conservative_the_late_end() -> None:
    # Rule by rule (by id), among the policies that have it: the 48-hour thank-yous after an
    # informal meeting are in generic and conservative only (fast-paced keeps 24 hours, G15).
    policies = [load_policy(name) for name in BUILTINS]
    ids = dict.fromkeys(rule.id for policy in policies for rule in policy.rules)
    for rule_id in ids:
        rules = [r for r in (p.rule(rule_id) for p in policies) if r is not None]
        assert policies[1].rule(rule_id) is not None, f"{rule_id}: not in generic"
        for field in ("not_before", "due_by"):
            spans = [span(getattr(r.timing, field)) for r in rules]
            assert spans == sorted(spans), f"{rule_id}.{field}: {spans}"


@pytest.mark.parametrize("name", BUILTINS)
def test_no_move_on_before_about_a_month_of_silence_unless_two_follow_ups_went_unanswered(
    name: str,
) -> None:
    for rule in load_policy(name).rules:
        if rule.action.kind == "move_on" and "G28" not in rule.cites:
            assert span(rule.timing.not_before)[0] >= span(parse_duration("4w"))[0], rule.id


RULE = """\
policy: coach
extends: generic
rules:
  - id: {rule_id}
    when: {{event: interview, round: {{at_least: 2}}, has_decision_date: false}}
    action: {{kind: {kind}, channel: email, to: hiring_contact}}
    timing: {{anchor: interview, not_before: {opens}, due_by: {due}{late}}}
    done_when: [follow_up_sent]
    because: {because}
    cites: [{cites}]
"""


@pytest.mark.parametrize(
    ("fields", "code", "needle"),
    [
        # G1: two to three weeks after a second interview; conservative used to wait 3-4 weeks
        (
            {"opens": "3w", "due": "4w", "because": "Follow up three to four weeks later."},
            "outside-guideline-range",
            "due_by 4w is later than 3w, outside what G1 gives",
        ),
        # its words said "two to three weeks" beside 3-4 weeks
        (
            {"opens": "3w", "due": "4w", "because": "Follow up two to three weeks later."},
            "timing-words",
            "because says 'two to three weeks'",
        ),
        # "after three days" beside late_after 2d
        (
            {
                "kind": "thank_you",
                "cites": "G11",
                "opens": "0h",
                "due": "24h",
                "late": ", late_after: 2d",
                "because": "Within 24 hours; after three days it reads as unexcited.",
            },
            "timing-words",
            "because says 'three days'",
        ),
        # G11: more than 3 days late reads as unexcited, so late_after past 3d is out of range
        (
            {
                "kind": "thank_you",
                "cites": "G11",
                "opens": "0h",
                "due": "24h",
                "late": ", late_after: 5d",
                "because": "Within 24 hours; after 5 days it is late.",
            },
            "outside-guideline-range",
            "late_after 5d is later than 3d",
        ),
    ],
)
def test_validate_warns_about_a_coachs_rule_outside_the_articles(
    tmp_path: Path, fields: dict[str, str], code: str, needle: str
) -> None:
    values = {
        "rule_id": "check-in",
        "kind": "follow_up",
        "cites": "G1",
        "late": "",
        **fields,
    }
    path = tmp_path / "coach.yaml"
    path.write_text(RULE.format(**values), encoding="utf-8")
    result = CliRunner().invoke(cli, ["validate", str(path)])
    assert result.exit_code == 0, result.output  # warnings, not errors
    lines = [line for line in result.output.splitlines() if f"[{code}]" in line]
    assert lines and any(needle in line for line in lines), result.output
    assert all(line.startswith(f"{path}:") for line in lines)
    strict = CliRunner().invoke(cli, ["validate", "--strict", str(path)])
    assert strict.exit_code == 1


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("within 24 hours", [("24 hours", "24h", None, "exact")]),
        ("at the 48-hour mark", [("48-hour", "48h", None, "exact")]),
        ("two to three weeks later", [("two to three weeks", "2w", "3w", "range")]),
        (
            "two or three more working days",
            [("two or three more working days", "2bd", "3bd", "range")],
        ),
        ("wait at least a week", [("at least a week", "1w", None, "at least")]),
        ("a week or so later", [("a week or so", "1w", None, "about")]),
        ("one note, not two; two follow-ups", []),
    ],
)
def test_durations_named_in_words(text: str, expected: list[tuple[str, str, str | None, str]]):
    found = [
        (phrase, str(first), str(second) if second else None, how)
        for phrase, first, second, how in mentions(text)
    ]
    assert found == [
        (phrase, str(parse_duration(a)), str(parse_duration(b)) if b else None, how)
        for phrase, a, b, how in expected
    ]
