"""Custom policies registered for industries: policy directories and where to find policy files.

A policy directory holds policy files (`*.yaml`, `*.yml`); test files next to them
(`*.test.yaml`, see docs/policy-tests.md) are skipped. `load_registered` loads and checks every
policy of every directory, in the order given, so that `planner.PolicyChooser` can look them up by
industry before the built-ins: the first policy naming an industry wins. Two policies of the same
directory claiming one industry is an error, since neither order would be the obvious one.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from followup.errors import InputError
from followup.policy.load import POLICY_SUFFIXES, builtin_names, load_policy
from followup.policy.model import Policy

ENV_VAR = "FOLLOWUP_POLICY_DIR"
"""Environment variable: policy directories separated by `os.pathsep` (`:` on Unix)."""

TEST_SUFFIXES = (".test.yaml", ".test.yml")


def is_policy_file(path: Path) -> bool:
    name = path.name.lower()
    return name.endswith(POLICY_SUFFIXES) and not name.endswith(TEST_SUFFIXES)


def policy_files_in(directory: Path) -> list[Path]:
    """The policy files of a directory (not its subdirectories), sorted by name."""
    if not directory.is_dir():
        raise InputError(f"{directory}: no such policy directory")
    return sorted(p for p in directory.iterdir() if p.is_file() and is_policy_file(p))


def dirs_from_env(value: str | None) -> tuple[Path, ...]:
    """`a:b` -> (Path("a"), Path("b")); empty entries are skipped."""
    return tuple(Path(part) for part in (value or "").split(os.pathsep) if part.strip())


def load_registered(directories: Sequence[Path]) -> list[Policy]:
    """Every policy of every directory, directory order first, then file name.

    Raises `InputError` for a missing directory, a policy named like a built-in, or two policies
    of one directory claiming the same industry, and `PolicyError` for a policy that does not
    validate.
    """
    out: list[Policy] = []
    for directory in directories:
        claimed: dict[str, Policy] = {}
        for path in policy_files_in(directory):
            policy = load_policy(path)
            if policy.name in builtin_names():
                # Plans, audit logs and `--policy NAME` name policies; two `generic`s would be
                # told apart by nobody.
                raise InputError(
                    f"{policy.source}: policy name {policy.name!r} is a built-in policy's; "
                    "give yours its own name"
                )
            for industry in policy.industries:
                other = claimed.setdefault(industry, policy)
                if other is not policy:
                    raise InputError(
                        f"{policy.source}: industry {industry!r} is already claimed by "
                        f"{other.source} in the same policy directory; keep it in one of them"
                    )
            out.append(policy)
    return out


__all__ = [
    "ENV_VAR",
    "dirs_from_env",
    "is_policy_file",
    "load_registered",
    "policy_files_in",
]
