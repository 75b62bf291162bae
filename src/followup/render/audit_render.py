"""`followup audit verify`'s report: a line per logged run, the chain, a summary; or JSON."""

from __future__ import annotations

import json
from typing import Any

from followup.api import LogCheck
from followup.audit import VERDICTS, Verification


def render_text(check: LogCheck) -> str:
    lines = [text for item in check.results for text in _lines(check, item)]
    for problem in check.problems:
        where = f"{check.path}:{problem.line}" if problem.line else str(check.path)
        lines.append(f"{where}: chain broken: {problem.message}")
    if not check.problems:
        lines.append(
            f"chain intact: {len(check.log.entries)} record(s), head {check.log.head or '(none)'}"
        )
    summary = ", ".join(f"{n} {v}" for v, n in _counts(check).items() if n)
    lines.append(f"{len(check.results)} run(s): {summary or 'none logged'}")
    return "".join(f"{line}\n" for line in lines)


def render_json(check: LogCheck) -> str:
    data = {
        "log": str(check.path),
        "lines": [_as_dict(r) for r in check.results],
        "chain": {
            "intact": not check.problems,
            "records": len(check.log.entries),
            "head": check.log.head,
            "problems": [{"line": p.line or None, "problem": p.message} for p in check.problems],
        },
        "summary": {**_counts(check), "total": len(check.results)},
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _counts(check: LogCheck) -> dict[str, int]:
    return {v: sum(1 for r in check.results if r.verdict == v) for v in VERDICTS}


def _lines(check: LogCheck, item: Verification) -> list[str]:
    record = item.entry.record
    head = (
        f"{check.path}:{item.entry.line}  run {record.get('run_at')}  as of {record.get('as_of')}  "
    )
    if item.verdict == "same":
        head += f"same ({item.actions} actions)"
    elif item.verdict == "policy changed":
        head += "policy changed: " + "; ".join(
            f"{c.name} ({c.source}) sha256 {c.logged[:12]} -> {c.now[:12]}"
            for c in item.policy_changes
        )
    elif item.verdict == "inputs missing":
        head += "inputs missing"
    else:
        head += f"differs ({len(item.diffs)} of {item.actions} actions)"
    lines = [head]
    lines += [f"    {d}" for d in item.details]
    if item.verdict == "policy changed" and not item.diffs:
        lines.append("    no action differs")
    lines += [f"    {d.id}: {d.logged or '(none)'} -> {d.now or '(none)'}" for d in item.diffs]
    return lines


def _as_dict(item: Verification) -> dict[str, Any]:
    record = item.entry.record
    return {
        "line": item.entry.line,
        "run_at": record.get("run_at"),
        "as_of": record.get("as_of"),
        "verdict": item.verdict,
        "details": list(item.details),
        "policy_changes": [
            {"policy": c.name, "source": c.source, "logged_sha256": c.logged, "sha256": c.now}
            for c in item.policy_changes
        ],
        "differences": [{"id": d.id, "logged": d.logged, "now": d.now} for d in item.diffs],
    }
