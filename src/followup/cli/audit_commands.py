"""`followup audit verify` and the helpers behind `followup plan --audit-log`."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from followup.cli import cli
from followup.cli.options import current_clock, format_option, input_size_option
from followup.render.terminal import echo

if TYPE_CHECKING:
    from followup.api import Plan, Verification


def write_audit_log(
    log_path: Path, runs: Sequence[tuple[Path, Plan]], policy_ref: str | None
) -> None:
    """Append the audit line of a `followup plan` run; errors become `UserError` (exit 2)."""
    from followup.api import log_run

    _, note = log_run(log_path, runs, clock=current_clock(), policy_override=policy_ref)
    if note is not None:
        echo(f"Warning: {note}", err=True)


AUDIT_LOG_OPTION = click.option(
    "--audit-log",
    "audit_log",
    metavar="FILE",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Append one JSON line about this run to FILE: time of run, as-of, version, the "
    "policies and events files with their sha256, every action's id, rule and status.",
)


@cli.group("audit")
def audit_group() -> None:
    """Check what earlier `followup plan --audit-log` runs recommended."""


def _line(log: Path, item: Verification) -> list[str]:
    record = item.entry.record
    head = f"{log}:{item.entry.line}  run {record.get('run_at')}  as of {record.get('as_of')}  "
    if item.verdict == "same":
        head += f"same ({item.actions} actions)"
    elif item.verdict == "policy changed":
        head += "policy changed: " + "; ".join(c.describe() for c in item.policy_changes)
    elif item.verdict == "inputs missing":
        head += "inputs missing"
    else:
        head += f"differs ({len(item.diffs)} of {item.actions} actions)"
    lines = [head]
    lines += [f"    {d}" for d in item.details]
    if item.verdict == "policy changed" and not item.diffs:
        lines.append("    no action differs")
    lines += [f"    {d.describe()}" for d in item.diffs]
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


@audit_group.command("verify")
@click.argument("log_path", metavar="FILE", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--head",
    metavar="HASH",
    help="A record hash kept from an earlier `audit verify` (its `head`): fail unless the log "
    "still holds that record, which detects records removed from the end.",
)
@format_option
@input_size_option
def verify_command(log_path: Path, head: str | None, output_format: str, max_mb: int) -> None:
    """Check FILE's hash chain, re-run every plan logged in it and say whether it still gives
    the same actions.

    Per line: `same`, `differs` (with the actions whose status changed), `policy changed` (a
    policy's sha256 is not the logged one; the differing actions follow) or `inputs missing`.
    Then the chain: `intact` with its head (the last record's hash), or each record edited,
    deleted, duplicated or reordered (see docs/auditing.md for what is and is not detected).
    Exit 0 when every line is the same and the chain intact, 1 otherwise, 2 when FILE cannot
    be read.
    """
    from followup.api import VERDICTS, read_log, verify_entry

    log = read_log(log_path, max_mb * 1024 * 1024)
    problems = list(log.problems)
    if head is not None:
        missing = log.check_head(head)
        problems += [missing] if missing is not None else []
    results = [verify_entry(entry) for entry in log.entries]
    counts = {v: sum(1 for r in results if r.verdict == v) for v in VERDICTS}
    if output_format == "json":
        import json

        data = {
            "log": str(log_path),
            "lines": [_as_dict(r) for r in results],
            "chain": {
                "intact": not problems,
                "records": len(log.entries),
                "head": log.head,
                "problems": [{"line": p.line or None, "problem": p.message} for p in problems],
            },
            "summary": {**counts, "total": len(results)},
        }
        echo(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        for item in results:
            for text in _line(log_path, item):
                echo(text)
        for problem in problems:
            where = f"{log_path}:{problem.line}" if problem.line else str(log_path)
            echo(f"{where}: chain broken: {problem.message}")
        if not problems:
            echo(f"chain intact: {len(log.entries)} record(s), head {log.head or '(none)'}")
        summary = ", ".join(f"{n} {v}" for v, n in counts.items() if n)
        echo(f"{len(results)} run(s): {summary or 'none logged'}")
    if problems or any(r.verdict != "same" for r in results):
        raise click.exceptions.Exit(1)
