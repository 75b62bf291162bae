"""`followup validate`: every problem of every input file, in one run.

`find_policy_files` turns command-line references (files, directories of policies, built-in
names) into files; `validate_files` checks each with the checker of its kind (a policy, an events
file, a policy test file, an audit log, the config file, a draft template: `problems_of`) and
merges the problems, sorted by position and without duplicates (a base extended by two files is
reported once); the report is rendered by `followup.render.validate_render`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from functools import partial
from pathlib import Path

from followup.errors import FollowupError, InputError, Location, Problem
from followup.frozen import frozen
from followup.policy.lint import lint_policy
from followup.policy.load import check_policy_file, resolve_reference
from followup.policy.model import Policy, Rule
from followup.policy.registry import TEST_SUFFIXES, policy_files_in
from followup.source import Document, check_regular, kind_of, parse_document, read_text
from followup.templatepath import TemplateOutside, rule_template


@frozen
class ValidationReport:
    files: tuple[Path, ...]
    problems: tuple[Problem, ...]

    @property
    def errors(self) -> int:
        return sum(1 for p in self.problems if p.severity == "error")

    @property
    def warnings(self) -> int:
        return sum(1 for p in self.problems if p.severity != "error")

    def exit_code(self, *, strict: bool = False) -> int:
        """1 when there are errors (or warnings under `strict`), else 0."""
        return 1 if self.errors or (strict and self.warnings) else 0


def find_policy_files(refs: Sequence[str]) -> list[Path]:
    """Files for references: a file, a directory (its policy files), or a built-in name.

    Raises `InputError` when a reference names nothing: validation could not run.
    """
    out: list[Path] = []
    for ref in refs:
        path = Path(ref)
        if path.is_dir():
            found = policy_files_in(path)
            if not found:
                raise InputError(f"{ref}: no policy files (*.yaml) in this directory")
            out.extend(found)
        elif path.exists() or path.is_symlink():
            check_regular(path, ref)  # else says what it is: a pipe, a device, a link loop...
            out.append(path)
        else:
            resolved = resolve_reference(ref)  # a built-in name, or raises for an unknown one
            if not resolved.is_file():
                raise InputError(f"{ref}: no such file")
            out.append(resolved)
    unique: dict[Path, Path] = {}
    for path in out:
        unique.setdefault(path.resolve(), path)
    return list(unique.values())


def validate_files(files: Sequence[Path]) -> ValidationReport:
    found = dict.fromkeys(p for path in files for p in problems_of(path))  # in order, once
    return ValidationReport(tuple(files), tuple(sorted(found, key=Problem.sort_key)))


def problems_of(path: Path) -> list[Problem]:
    """Every problem of one input file, whatever its kind: a policy test file (`*.test.yaml`),
    an audit log (`*.jsonl`), the config file (`*.toml`), a draft template (`*.j2`), an events
    file (`*.json`, or a mapping with `candidate` or `applications` and no `policy`), else a
    policy (checked against the articles too)."""
    name = path.name.lower()
    if name.endswith(TEST_SUFFIXES):
        from followup.policytests import load_test_file

        return _raised(path, lambda: load_test_file(path))
    if name.endswith(".jsonl"):
        return _raised(path, lambda: _audit_log_problems(path))
    if name.endswith(".j2"):
        from followup.drafts import check_template

        return _raised(path, lambda: check_template(path))
    if name.endswith(".toml"):
        from followup.config import load_config

        return _raised(path, lambda: load_config(path))
    events = _events_document(path)
    if events is not None:
        from followup.events import parse_events

        return _raised(path, lambda: parse_events(events))
    result = check_policy_file(path)
    if result.policy is None:
        return result.problems
    return [*result.problems, *lint_policy(result.policy), *_templates_problems(result.policy)]


_TOP_KEY = re.compile(r"^(policy|candidate|applications)[ \t]*:", re.MULTILINE)
"""A top-level key of a YAML policy (`policy:`) or events file (`candidate:`, `applications:`)."""


def _events_document(path: Path) -> Document | None:
    """The file as a document when it is an events file (`.json`, or YAML whose top-level keys
    say so: found in the text, so a large policy is not parsed before its size is checked);
    None when it is not, or cannot be read (then it is checked as a policy, which says why)."""
    try:
        text = read_text(path, str(path))
        keys = set(_TOP_KEY.findall(text))
        if path.suffix.lower() == ".json" or (keys and "policy" not in keys):
            return parse_document(text, str(path), kind_of(path))
    except InputError:
        return None
    return None


def _audit_log_problems(path: Path) -> list[Problem]:
    from followup.audit import read_log

    return [
        Problem(Location(str(path), p.line), "chain-broken", p.message)
        for p in read_log(path).problems
    ]


def _templates_problems(policy: Policy) -> list[Problem]:
    """Every problem of the templates a policy's rules name, each with the rules that name the
    template, and the template's path beside the policy file as the user wrote that."""
    from followup.drafts import check_template

    named: dict[tuple[str, str], list[Rule]] = {}
    for rule in policy.rules:
        if rule.action.template:
            named.setdefault((rule.action.folder, rule.action.template), []).append(rule)
    found: list[Problem] = []
    for (folder, name), rules in sorted(named.items()):
        try:
            path = rule_template(Path(folder), name)
        except TemplateOutside:
            continue  # the policy's own problem: `template-outside-policy`
        shown = str(Path(rules[0].loc.file).parent / name)
        who = ", ".join(rule.id for rule in rules)
        for problem in _raised(path, partial(check_template, path, Path(folder))):
            if problem.loc.file == str(path):  # not a file it includes
                problem = replace(problem, loc=replace(problem.loc, file=shown))
            found.append(replace(problem, rule=problem.rule or who))
    return found


def _raised(path: Path, check: Callable[[], object]) -> list[Problem]:
    """The problems `check` raises (or returns, as a list) for the file at `path`."""
    try:
        found = check()
    except FollowupError as exc:
        return exc.problems or [Problem(Location(str(path)), "unreadable", exc.message)]
    return found if isinstance(found, list) else []


__all__ = [
    "ValidationReport",
    "find_policy_files",
    "validate_files",
]
