"""Policy tests: YAML case tables that run events through a policy and check the actions.

A test file (`*.test.yaml`, see docs/policy-tests.md)::

    policy: generic                 # a built-in name, or a path relative to this file
    cases:
      - name: panel thank-you goes to the lead, the others in cc
        as_of: 2026-10-06T15:00     # required: tests never read the clock
        policy: conservative        # optional: overrides the file's policy for this case
        events: {candidate: ..., applications: [...]}   # an inline events document
        expect:                     # each entry must match at least one action
          - {rule: thank-you-panel-lead, to: [grace@acme.example], due_by: 2026-10-07T10:00}
        expect_absent:              # no action of the rule (with that status, if given)
          - {rule: ask-about-timeline}

`load_test_file` checks a file and raises `InputError` holding every problem (its message is the
first, at `file:line:col: field`); a case's events are checked by the events reader, in place.
`run_case` plans one case with the product's engine and compares; `coverage` counts, per
policy, the cases in which each rule produced an action (of any status) and was cancelled.
Results are plain frozen data: `render/policytest_render.py` turns them into text and JSON.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import field
from pathlib import Path
from typing import Any

import pendulum

from followup.actions import STATUSES, Action
from followup.dates.reading import BadMoment, is_date_only, parse_moment_text
from followup.dates.zones import in_zone, zone_of
from followup.errors import FollowupError, InputError, Location
from followup.events import EventsFile, EventsReader, Person
from followup.format import Checker, Key, did_you_mean
from followup.frozen import frozen
from followup.kinds import ActionKind, Channel
from followup.policy import Policy
from followup.policy.load import load_policy, policy_file
from followup.policy.registry import TEST_SUFFIXES
from followup.render.json_render import action_to_dict
from followup.source import Document, PathKey, format_path, load_document
from followup.userregex import NameFilter

# A test file, declared once (`followup.format`): the reader checks shapes and values against it;
# `moment` and `texts` (one or a list of texts, none blank) are its own types.
_RULE = Key("rule", "label", "the id of a rule of the case's policy", True)
_APPLICATION = Key("application", "label", "an application id of the case")
_STATUS = Key("status", "list[choice]", "a status or a list of them", choices=STATUSES)
TEST_FILE = (
    Key("policy", "label", "a built-in policy name or a path relative to this file"),
    Key("description", "label", "what the file tests"),
    Key("cases", "list[map]", "the cases", True),
)
_AS_OF = Key("as_of", "moment", "the moment the plan is made (tests never read the clock)", True)
CASE = (
    Key("name", "label", "what the case shows, unique in the file", True),
    Key("description", "label", "more words about it"),
    Key("policy", "label", "overrides the file's policy for this case"),
    _AS_OF,
    Key("events", "map", "an inline events document", True,
        missing="missing required key 'events' (an inline events document)"),
    Key("expect", "list[map]", "each entry must match at least one action"),
    Key("expect_absent", "list[map]", "no action of the rule (with that status, if given)"),
)  # fmt: skip
ABSENT = (_RULE, _APPLICATION, _STATUS)
EXPECT = (
    _RULE,
    _APPLICATION,
    Key("kind", "choice", "the action's kind", choices=tuple(ActionKind)),
    Key("channel", "choice", "the action's channel", choices=tuple(Channel)),
    Key("to", "texts", "a list of names or email addresses"),
    Key("cc", "texts", "a list of names or email addresses"),
    Key("not_before", "moment", "when its window opens (a date alone: any time that day)"),
    Key("due_by", "moment", "when it is due (a date alone: any time that day)"),
    _STATUS,
    Key("covers", "texts", "a list of rule ids"),
)


# -- the model of a test file ------------------------------------------------------------------
@frozen
class Moment:
    """An expected `not_before`/`due_by`: an exact instant, or (date only) any time that day."""

    text: str
    at: pendulum.DateTime
    date_only: bool

    def matches(self, actual: dt.datetime) -> bool:
        if self.date_only:
            return in_zone(actual, zone_of(self.at)).date() == self.at.date()
        return actual == self.at


@frozen
class Expectation:
    """One `expect` entry: the fields given (`EXPECT`, as read), each compared with an action's
    contract field; or (`absent`) one `expect_absent` entry: no action of the rule (for the
    application, with the status)."""

    rule: str
    loc: Location
    field_path: str  # cases[0].expect[1]
    absent: bool = False
    wanted: dict[str, Any] = field(default_factory=dict, hash=False)  # field -> value read

    def given(self) -> dict[str, Any]:
        """The expectation as written (for diffs and JSON)."""
        return {"rule": self.rule, **{k: _as_written(k, v) for k, v in self.wanted.items()}}


def _as_written(name: str, value: Any) -> Any:
    if isinstance(value, Moment):
        return value.text
    if name == "status" and len(value) == 1:
        return value[0]
    return list(value) if isinstance(value, tuple) else value


@frozen
class TestCase:
    name: str
    loc: Location  # the case's `- name:` line
    policy: Policy
    events: EventsFile
    as_of: pendulum.DateTime
    expectations: tuple[Expectation, ...]  # `expect`, then `expect_absent`

    __test__ = False  # not a pytest class


# -- results -----------------------------------------------------------------------------------
@frozen
class FieldDiff:
    field: str
    expected: str
    actual: str


@frozen
class Failure:
    """One unmet expectation of a case, with what the engine produced for that rule."""

    expectation: Expectation
    message: str
    actual: tuple[dict[str, Any], ...]  # the actions of that rule, as JSON contract fields
    closest: str | None = None  # id of the action that matched the most fields
    diffs: tuple[FieldDiff, ...] = ()


@frozen
class CaseResult:
    case: TestCase
    failures: tuple[Failure, ...]
    actions: tuple[Action, ...]

    @property
    def passed(self) -> bool:
        return not self.failures


@frozen
class RuleCoverage:
    rule: str
    source: str  # file:line of the rule
    fired: int  # cases in which the rule produced an action of any status
    cancelled: int  # cases in which one of its actions was cancelled


@frozen
class PolicyCoverage:
    policy: Policy
    rules: tuple[RuleCoverage, ...]

    @property
    def fired_count(self) -> int:
        return sum(1 for r in self.rules if r.fired)

    @property
    def cancelled_count(self) -> int:
        return sum(1 for r in self.rules if r.cancelled)

    @property
    def percent(self) -> float:
        return 100.0 * self.fired_count / len(self.rules) if self.rules else 100.0

    @property
    def not_fired(self) -> tuple[RuleCoverage, ...]:
        return tuple(r for r in self.rules if not r.fired)

    @property
    def never_cancelled(self) -> tuple[RuleCoverage, ...]:
        return tuple(r for r in self.rules if not r.cancelled)


@frozen
class Report:
    results: tuple[CaseResult, ...]
    coverage: tuple[PolicyCoverage, ...] = ()
    min_coverage: float | None = None
    files: tuple[str, ...] = ()

    @property
    def passed(self) -> int:
        return sum(1 for r in self.results if r.passed)

    @property
    def failed(self) -> int:
        return len(self.results) - self.passed

    @property
    def under_coverage(self) -> tuple[PolicyCoverage, ...]:
        if self.min_coverage is None:
            return ()
        return tuple(p for p in self.coverage if p.percent + 1e-9 < self.min_coverage)

    @property
    def ok(self) -> bool:
        return self.failed == 0 and not self.under_coverage


# -- discovery and loading ---------------------------------------------------------------------
def discover(paths: Sequence[Path]) -> list[Path]:
    """The test files named: files as given, directories searched for `*.test.yaml` (and
    `*.test.yml`, as `validate` and policy directories know them), in order."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(
                sorted(p for s in TEST_SUFFIXES for p in path.rglob(f"*{s}") if p.is_file())
            )
        elif path.exists():
            found.append(path)
        else:
            raise InputError(f"{path}: no such file or directory")
    return list(dict.fromkeys(found))


def load_test_file(path: Path) -> tuple[TestCase, ...]:
    """The cases of a test file, read and checked; every problem is in the `InputError` it
    raises (its message is the first, at `file:line:col: field`)."""
    return _TestReader(load_document(path, str(path)), path).read()


class _TestReader(Checker):
    def __init__(self, doc: Document, path: Path) -> None:
        super().__init__(doc)
        self.path = path
        self.policies: dict[str, Policy | None] = {}
        self.tz = "UTC"  # the case's candidate's time zone, for its moments

    def read(self) -> tuple[TestCase, ...]:
        """The test file's cases; `InputError` with every problem when it has any."""
        top = self.mapping(self.doc.value, (), TEST_FILE)
        default_ref = self.fields(top, (), TEST_FILE[:2])["policy"]  # and `description`
        default = self.policy(default_ref, ("policy",)) if default_ref else None
        raw_cases = top.get("cases")
        if not isinstance(raw_cases, list) or not raw_cases:
            if raw_cases is not None:  # a missing key is already reported as missing
                self.report(("cases",), "no-cases", "expected a non-empty list of cases")
            raw_cases = []
        cases: list[TestCase] = []
        names: dict[str, int] = {}
        for i, raw in enumerate(raw_cases):
            case = self.case(raw, ("cases", i), default_ref is not None, default)
            if case is None:
                continue
            first = names.setdefault(case.name, i)
            if first != i:
                message = f"duplicate case name {case.name!r} (first used by cases[{first}])"
                self.report(("cases", i, "name"), "duplicate-name", message)
            cases.append(case)
        if self.errors():
            raise self.failure()
        return tuple(cases)

    def policy(self, ref: str, path: PathKey) -> Policy | None:
        if ref not in self.policies:
            self.policies[ref] = None
            try:
                self.policies[ref] = load_policy(
                    policy_file(ref, self.path.parent), referenced=True
                )
            except FollowupError as exc:
                self.report(path, "bad-policy", exc.message)
        return self.policies[ref]

    def case(
        self, raw: Any, path: PathKey, has_default: bool, default: Policy | None
    ) -> TestCase | None:
        data = self.mapping(raw, path, CASE)
        if not data:
            return None
        before = len(self.problems)
        labels = self.fields(data, path, CASE[:3])  # name, description, policy
        ref = labels["policy"]
        policy = self.policy(ref, (*path, "policy")) if ref else default
        if ref is None and not has_default:
            message = "no policy: give `policy:` at the top of the file or in the case"
            self.report(path, "no-policy", message)
        events = None
        if data.get("events") is not None:
            reader = EventsReader(self.doc)
            events = reader.read(data["events"], (*path, "events"))
            self.problems.extend(reader.problems)
        self.tz = events.candidate.timezone if events is not None else "UTC"
        as_of = self.value(data.get("as_of"), (*path, "as_of"), _AS_OF)
        items = {
            key: self.items(data.get(key), (*path, key)) for key in ("expect", "expect_absent")
        }
        if not any(items.values()):
            message = "a case needs at least one entry in `expect` or `expect_absent`"
            self.report(path, "no-expectations", message)
        if policy is None or events is None or len(self.problems) > before:
            return None  # the expectations need the policy's rules and the events' ids
        apps = [a.id for a in events.applications]
        expectations = [
            self.expectation(item, (*path, key, j), keys, policy, apps)
            for key, keys in (("expect", EXPECT), ("expect_absent", ABSENT))
            for j, item in enumerate(items[key])
        ]
        if len(self.problems) > before or as_of is None:
            return None
        return TestCase(
            name=labels["name"],
            loc=self.doc.loc(path),
            policy=policy,
            events=events,
            as_of=as_of.at.in_timezone(self.tz),
            expectations=tuple(e for e in expectations if e is not None),
        )

    def expectation(
        self, raw: Any, path: PathKey, keys: tuple[Key, ...], policy: Policy, apps: list[str]
    ) -> Expectation | None:
        """An `expect` (or, with `ABSENT`, `expect_absent`) entry, checked against `keys`, its
        rule, status and `covers` against the policy and its application against the case's."""
        data = self.mapping(raw, path, keys)
        rule = self.value(data.get("rule"), (*path, "rule"), _RULE)  # missing: mapping said so
        if rule is None:
            return None
        if policy.rule(rule) is None:
            tip = did_you_mean(rule, [r.id for r in policy.rules], None)
            self.report(
                (*path, "rule"), "unknown-rule", f"no rule {rule!r} in policy {policy.name}{tip}"
            )
            return None
        values = self.fields(data, path, keys[1:])
        app = values["application"]
        if app is not None and app not in apps:
            tip = did_you_mean(app, apps, "the case has")
            message = f"no application {app!r} in the events{tip}"
            self.report((*path, "application"), "unknown-application", message)
        if data.get("status") == []:
            message = "expected a status or a non-empty list of them"
            self.report((*path, "status"), "wrong-type", message)
        for i, rule_id in enumerate(values.get("covers") or ()):
            if policy.rule(rule_id) is None:
                message = f"the policy has no rule {rule_id!r}"
                self.report((*path, "covers", i), "unknown-rule", message)
        where = self.doc.loc(path), format_path(path)
        given = {name: value for name, value in values.items() if value is not None}
        return Expectation(rule, *where, keys is ABSENT, given)

    # -- the test file's own types ---------------------------------------------------------
    def choice_code(self, key: Key) -> str:
        return f"unknown-{key.name}"  # unknown-kind, unknown-channel, unknown-status

    def other(self, value: Any, path: PathKey, key: Key) -> Any:
        if key.type == "moment":  # `as_of`, `not_before`, `due_by`
            try:
                at = parse_moment_text(value, self.tz)
            except BadMoment as exc:
                return self.report(path, exc.code, str(exc))
            return Moment(value.strip(), at, is_date_only(value))
        values = [value] if isinstance(value, str) else value  # texts: `to`, `cc`, `covers`
        if not isinstance(values, list) or not all(
            isinstance(v, str) and v.strip() for v in values
        ):
            return self.wrong(path, key.doc, value)
        return tuple(v.strip() for v in values)


# -- running -----------------------------------------------------------------------------------
def action_fields(action: Action) -> dict[str, Any]:
    """An action as the JSON contract's fields, without the explanation, with its status reason."""
    fields = action_to_dict(action)
    del fields["policy"], fields["explanation"]
    fields["status_reason"] = action.status_reason
    return fields


def _people_match(expected: tuple[str, ...], actual: tuple[Person, ...]) -> bool:
    """Each expected token names a distinct recipient (name, email or `Name <email>`), no more."""
    if len(expected) != len(actual):
        return False
    left = list(actual)
    for token in expected:
        found = next((p for p in left if p.matches(token) or p.display() == token), None)
        if found is None:
            return False
        left.remove(found)
    return True


_MATCHES: dict[str, Callable[[Any, Action], bool]] = {
    "application": lambda want, action: action.application.id == want,
    "kind": lambda want, action: action.kind == want,
    "channel": lambda want, action: action.channel == want,
    "to": lambda want, action: _people_match(want, action.to),
    "cc": lambda want, action: _people_match(want, action.cc),
    "not_before": lambda want, action: want.matches(action.not_before),
    "due_by": lambda want, action: want.matches(action.due_by),
    "status": lambda want, action: action.status in want,
    "covers": lambda want, action: sorted(want) == sorted(r.id for r in action.covers),
}
"""How each field of an expectation (when given) is compared with an action."""


def _mismatched(expectation: Expectation, action: Action) -> list[str]:
    """The fields given that `action` does not match."""
    wanted = expectation.wanted.items()
    return [name for name, want in wanted if not _MATCHES[name](want, action)]


def _field_diffs(expectation: Expectation, action: Action) -> list[FieldDiff]:
    mismatched = _mismatched(expectation, action)
    if not mismatched:
        return []
    fields, given = action_fields(action), expectation.given()
    return [FieldDiff(name, shown(given[name]), shown(fields[name])) for name in mismatched]


def shown(value: Any) -> str:
    """A value of an expectation or an action as diffs show it (a list as `[a, b]`)."""
    if isinstance(value, list):
        return "[" + ", ".join(str(v) for v in value) + "]"
    return str(value)


def check_expectation(expectation: Expectation, actions: Iterable[Action]) -> Failure | None:
    """None when some action of the rule matches every field given; else the closest miss."""
    of_rule = [a for a in actions if a.rule.id == expectation.rule]
    app = expectation.wanted.get("application")
    candidates = [a for a in of_rule if app is None or a.application.id == app] or of_rule
    scored = [(len(d), a.id, a, d) for a in candidates for d in [_field_diffs(expectation, a)]]
    if any(n == 0 for n, *_ in scored):
        return None
    actual = tuple(action_fields(a) for a in of_rule)
    if not scored:
        where = f" for {app}" if app else ""
        return Failure(expectation, f"rule {expectation.rule} produced no action{where}", actual)
    _, closest_id, _, diffs = min(scored, key=lambda s: (s[0], s[1]))
    names = ", ".join(d.field for d in diffs)
    message = f"no action of rule {expectation.rule} matches; the closest differs in {names}"
    return Failure(expectation, message, actual, closest_id, tuple(diffs))


def check_absence(absence: Expectation, actions: Iterable[Action]) -> Failure | None:
    of_rule = [a for a in actions if a.rule.id == absence.rule]
    hits = [a for a in of_rule if not _mismatched(absence, a)]
    if not hits:
        return None
    what = f"rule {absence.rule}"
    if "status" in absence.wanted:
        what += f" with status {' or '.join(absence.wanted['status'])}"
    if "application" in absence.wanted:
        what += f" for {absence.wanted['application']}"
    actual = tuple(action_fields(a) for a in of_rule)
    return Failure(absence, f"expected no action of {what}; found {len(hits)}", actual, hits[0].id)


def run_case(case: TestCase) -> CaseResult:
    from followup.planner import PolicyChooser, plan

    result = plan(case.events, as_of=case.as_of, chooser=PolicyChooser(case.policy))
    checked = [
        (check_absence if e.absent else check_expectation)(e, result.actions)
        for e in case.expectations
    ]
    return CaseResult(case, tuple(f for f in checked if f is not None), result.actions)


def coverage(results: Iterable[CaseResult]) -> tuple[PolicyCoverage, ...]:
    """Per policy used by any case: in how many cases each rule fired and was cancelled."""
    policies: dict[str, Policy] = {}
    fired: Counter[tuple[str, str]] = Counter()
    cancelled: Counter[tuple[str, str]] = Counter()
    for result in results:
        key = result.case.policy.key
        policies.setdefault(key, result.case.policy)
        # a rule whose message another carries (`covers`: the timeline question inside the
        # thank-you) fired too: the plan shows it, in the same message
        fired.update({(key, r.id) for a in result.actions for r in (a.rule, *a.covers)})
        cancelled.update({(key, a.rule.id) for a in result.actions if a.status == "cancelled"})
    return tuple(
        PolicyCoverage(
            policy,
            tuple(
                RuleCoverage(r.id, r.source, fired[key, r.id], cancelled[key, r.id])
                for r in policy.rules
            ),
        )
        for key, policy in sorted(policies.items(), key=lambda kv: (kv[1].name, kv[1].source))
    )


def run_tests(
    paths: Sequence[Path],
    *,
    name_filter: str | None = None,
    with_coverage: bool = False,
    min_coverage: float | None = None,
) -> Report:
    """Load every test file (first problem -> `InputError`), run the cases, count coverage."""
    files = {str(path): load_test_file(path) for path in discover(paths)}
    if not files:
        shown = ", ".join(str(p) for p in paths)
        raise InputError(f"{shown}: no *{TEST_SUFFIXES[0]} files found")
    pattern = None if name_filter is None else NameFilter(name_filter, "--run")
    results = [
        run_case(case)
        for cases in files.values()
        for case in cases
        if pattern is None or pattern.search(case.name)
    ]
    if pattern is not None and not results:
        # A mistyped filter must not pass as "0/0".
        raise InputError(f"--run {name_filter!r}: no case name matches")
    cov = coverage(results) if with_coverage or min_coverage is not None else ()
    return Report(tuple(results), cov, min_coverage, tuple(files))
