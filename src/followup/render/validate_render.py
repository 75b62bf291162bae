"""`followup validate`'s report: every problem as `file:line:col: ... [code]` and a summary line,
or as JSON."""

from __future__ import annotations

import json
from typing import Any

from followup.errors import Problem
from followup.policy.validate import ValidationReport


def _count(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def summary(report: ValidationReport) -> str:
    """`2 errors, 1 warning in 1 file` or `no problems in 3 files`."""
    files = _count(len(report.files), "file")
    if not report.problems:
        return f"no problems in {files}"
    return f"{_count(report.errors, 'error')}, {_count(report.warnings, 'warning')} in {files}"


def render_text(report: ValidationReport) -> str:
    lines = [p.render() for p in report.problems]
    lines.append(summary(report))
    return "\n".join(lines) + "\n"


def problem_to_dict(problem: Problem) -> dict[str, Any]:
    return {
        "file": problem.loc.file,
        "line": problem.loc.line,
        "col": problem.loc.col,
        "severity": problem.severity,
        "code": problem.code,
        "rule": problem.rule,
        "field": problem.field,
        "message": problem.message,
    }


def render_json(report: ValidationReport) -> str:
    data = [problem_to_dict(p) for p in report.problems]
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
