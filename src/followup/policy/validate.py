"""`followup validate`: every problem of every policy file, in one run.

`find_policy_files` turns command-line references (files, directories, built-in names) into files;
`validate_files` checks each with `load.check_policy_file` and merges the problems, sorted by
position and without duplicates (a base extended by two files is reported once); the report is
rendered by `followup.render.validate_render`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from followup.errors import InputError, Location, Problem
from followup.policy.lint import lint_policy
from followup.policy.load import check_policy_file, resolve_reference
from followup.policy.registry import TEST_SUFFIXES, policy_files_in
from followup.source import check_regular

EXIT_CLEAN = 0
EXIT_PROBLEMS = 1


@dataclass(frozen=True, slots=True)
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
        failing = self.errors + (self.warnings if strict else 0)
        return EXIT_PROBLEMS if failing else EXIT_CLEAN


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
        elif path.is_file():
            out.append(path)
        elif path.exists() or path.is_symlink():
            check_regular(path, ref)  # says what it is: a pipe, a device, a link loop or dangling
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
    problems: set[Problem] = set()
    for path in files:
        if path.name.endswith(TEST_SUFFIXES):
            # Named explicitly (a directory skips them): say what it is, not every key it lacks.
            message = f"a policy test file, not a policy: run `followup test {path}`"
            problems.add(Problem(Location(str(path), 1, 1), "test-file", message))
            continue
        result = check_policy_file(path)
        problems.update(result.problems)
        if result.policy is not None:
            problems.update(lint_policy(result.policy))
    return ValidationReport(tuple(files), tuple(sorted(problems, key=Problem.sort_key)))


__all__ = [
    "ValidationReport",
    "find_policy_files",
    "validate_files",
]
