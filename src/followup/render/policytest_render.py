"""`followup test` output: the same `Report` as text for people (OPA-style) or JSON for tools."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from followup.errors import Location
from followup.policytests import Failure, PolicyCoverage, Report, shown

RULE = "-" * 80


def _given(expected: dict[str, Any]) -> str:
    return "  ".join(f"{key}: {shown(value)}" for key, value in expected.items())


def _failure_lines(failure: Failure) -> list[str]:
    expected = failure.expectation
    lines = [
        f"  {expected.field_path} ({expected.loc})",
        f"    expected  {_given(expected.given())}",
        f"    {failure.message}",
    ]
    if failure.diffs:
        lines.append(f"    closest: {failure.closest}")
        width = max(len(d.field) for d in failure.diffs)
        for diff in failure.diffs:
            lines.append(f"      {diff.field:<{width}}  - {diff.expected}")
            lines.append(f"      {'':<{width}}  + {diff.actual}")
    if failure.actual:
        lines.append(f"    actual actions of rule {expected.rule}:")
        for action in failure.actual:
            lines.append(f"      {action['id']}  [{action['status']}]")
            lines.append(f"        kind {action['kind']} by {action['channel']}")
            lines.append(f"        to [{', '.join(action['to'])}]  cc [{', '.join(action['cc'])}]")
            lines.append(f"        not_before {action['not_before']}  due_by {action['due_by']}")
            lines.append(f"        {action['status_reason']}")
    elif not expected.absent:
        lines.append(f"    actual actions of rule {expected.rule}: none")
    return lines


def _coverage_lines(cov: PolicyCoverage, report: Report) -> list[str]:
    total = len(cov.rules)
    head = (
        f"policy {cov.policy.name} ({cov.policy.source}): {cov.fired_count}/{total} rules fired "
        f"({cov.percent:.1f} %), {cov.cancelled_count}/{total} cancelled in some case"
    )
    if cov in report.under_coverage:
        head += f"  -- under --min-coverage {report.min_coverage:g} %"
    id_width = max([len("RULE"), *(len(r.rule) for r in cov.rules)])
    src_width = max([len("SOURCE"), *(len(r.source) for r in cov.rules)])
    lines = [head, f"  {'RULE':<{id_width}}  {'SOURCE':<{src_width}}  FIRED  CANCELLED"]
    for rule in cov.rules:
        lines.append(
            f"  {rule.rule:<{id_width}}  {rule.source:<{src_width}}"
            f"  {rule.fired:>5}  {rule.cancelled:>9}"
        )
    if cov.not_fired:
        lines.append(
            "  never fired:     " + ", ".join(f"{r.rule} ({r.source})" for r in cov.not_fired)
        )
    if cov.never_cancelled:
        lines.append("  never cancelled: " + ", ".join(r.rule for r in cov.never_cancelled))
    return lines


def render_text(report: Report) -> str:
    out: list[str] = []
    failing = [r for r in report.results if not r.passed]
    if failing:
        out += ["FAILURES", RULE]
        for result in failing:
            out.append(f"FAIL  {result.case.loc}  {result.case.name}")
            out.append(
                f"      policy {result.case.policy.name}, as of {result.case.as_of.isoformat()}"
            )
            for failure in result.failures:
                out.extend(_failure_lines(failure))
            out.append("")
    out += ["SUMMARY", RULE]
    for result in report.results:
        out.append(f"{'PASS' if result.passed else 'FAIL'}  {result.case.loc}  {result.case.name}")
    out.append(RULE)
    total = len(report.results)
    out.append(f"PASS: {report.passed}/{total}")
    if report.failed:
        out.append(f"FAIL: {report.failed}/{total}")
    if report.coverage:
        out += ["", "COVERAGE", RULE]
        for cov in report.coverage:
            out.extend(_coverage_lines(cov, report))
            out.append("")
        if report.under_coverage:
            names = ", ".join(f"{c.policy.name} ({c.percent:.1f} %)" for c in report.under_coverage)
            out.append(f"coverage under {report.min_coverage:g} %: {names}")
    return "\n".join(out).rstrip("\n") + "\n"


def _location(loc: Location) -> dict[str, Any]:
    return {"file": loc.file, "row": loc.line, "col": loc.col}


def _failure_dict(failure: Failure) -> dict[str, Any]:
    expected = failure.expectation
    return {
        "kind": "expect_absent" if expected.absent else "expect",
        "field": expected.field_path,
        "location": _location(expected.loc),
        "expected": expected.given(),
        "message": failure.message,
        "closest": failure.closest,
        "differences": [asdict(d) for d in failure.diffs],
        "actual": list(failure.actual),
    }


def coverage_dict(cov: PolicyCoverage) -> dict[str, Any]:
    return {
        "policy": cov.policy.name,
        "source": cov.policy.source,
        "sha256": cov.policy.sha256,
        "rules": len(cov.rules),
        "fired": cov.fired_count,
        "cancelled": cov.cancelled_count,
        "percent": round(cov.percent, 2),
        "not_fired": [{"rule": r.rule, "source": r.source} for r in cov.not_fired],
        "never_cancelled": [{"rule": r.rule, "source": r.source} for r in cov.never_cancelled],
        "by_rule": [asdict(r) for r in cov.rules],
    }


def render_json(report: Report) -> str:
    out: dict[str, Any] = {
        "files": list(report.files),
        "results": [
            {
                "name": r.case.name,
                "location": _location(r.case.loc),
                "policy": r.case.policy.name,
                "as_of": r.case.as_of.isoformat(),
                "result": "pass" if r.passed else "fail",
                "failures": [_failure_dict(f) for f in r.failures],
            }
            for r in report.results
        ],
        "summary": {"pass": report.passed, "fail": report.failed, "total": len(report.results)},
    }
    if report.coverage:
        out["coverage"] = {
            "min_coverage": report.min_coverage,
            "policies": [coverage_dict(c) for c in report.coverage],
            "under_min_coverage": [c.policy.name for c in report.under_coverage],
        }
    return json.dumps(out, indent=2, ensure_ascii=False) + "\n"
