"""`followup plan` and `followup explain`."""

from __future__ import annotations

from pathlib import Path

import click

from followup.cli import UserError, cli
from followup.cli.audit_commands import AUDIT_LOG_OPTION, write_audit_log
from followup.cli.options import (
    current_clock,
    format_option,
    input_size_option,
    plan_request,
    planned,
    planning_options,
    policy_dirs,
    refuse_overwriting_inputs,
    remembered,
)
from followup.render import renderer
from followup.render.terminal import echo

EVENTS_PATHS_ARGUMENT = click.argument(
    "events_paths", metavar="[EVENTS]...", nargs=-1, type=click.Path(path_type=Path)
)


def _plan_jsonl(candidates: Path, include_all: bool) -> None:
    """`plan --jsonl`: the lines of `followup.batch.plan_partition` over the whole file."""
    from followup.api import is_problem_line, looks_like_path, plan_partition

    policy_ref, as_of = remembered("policy_ref"), remembered("as_of")
    if policy_ref is not None and looks_like_path(policy_ref):
        raise UserError("with --jsonl, --policy names a policy; register files with --policy-dir")
    moment = as_of if as_of is not None else current_clock().now().isoformat()
    refused = 0
    try:
        with candidates.open(encoding="utf-8") as lines:
            for line in plan_partition(
                lines,
                as_of=moment,
                policy_dirs=policy_dirs(),
                policy=policy_ref,
                include_all=include_all,
            ):
                refused += is_problem_line(line)
                echo(line, nl=False)
    except (OSError, UnicodeDecodeError) as exc:
        raise UserError(f"{candidates}: cannot read: {exc}") from None
    if refused:
        raise click.exceptions.Exit(2)


@cli.command("plan")
@EVENTS_PATHS_ARGUMENT
@planning_options
@format_option(
    "plan",
    help="Output for people (text), programs (json) or batch tools (jsonl: one action a line).",
)
@click.option(
    "--all",
    "include_all",
    is_flag=True,
    help="Also show closed actions: done, cancelled, lapsed and dismissed.",
)
@click.option(
    "--jsonl",
    "jsonl_input",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    metavar="CANDIDATES",
    help="Plan a JSON Lines file of candidates (one events document a line) and print their "
    "actions as JSON Lines (see docs/scale.md); a line that cannot be planned prints its "
    "problems instead, and the exit code is then 2.",
)
@input_size_option
@AUDIT_LOG_OPTION
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=0),
    default=1,
    show_default=True,
    metavar="N",
    help="Plan in N processes (0: one per CPU), from 1,000 applications per process (fewer "
    "gain nothing; `--format jsonl` and --audit-log plan in one). The output is the same for "
    "every N.",
)
def plan_command(
    events_paths: tuple[Path, ...],
    output_format: str,
    include_all: bool,
    audit_log: Path | None = None,
    jobs: int = 1,
    jsonl_input: Path | None = None,
) -> None:
    """Print the follow-up actions for every application in EVENTS (YAML or JSON files, or
    folders of them). Several files: text has a section per file, JSON is one document with
    every action and an `events_files` list; application ids must be unique across the files.
    No EVENTS: the file `followup add` edits (see `followup add --help`)."""
    if jsonl_input is not None:
        if events_paths or audit_log is not None or jobs != 1:
            raise click.UsageError("--jsonl plans its own file: no EVENTS, --audit-log or --jobs")
        _plan_jsonl(jsonl_input, include_all)
        return
    from followup.api import paused_gc, plan_inputs, plan_paths

    # One pause for loading the modules and policies, reading, planning and rendering: they make
    # many objects and no cycles (see followup.gcpause), and each collection rescans them all.
    with paused_gc():
        request = plan_request(events_paths, jobs)
        if audit_log is None and output_format in ("json", "text"):
            # Each application is written to text as soon as it is planned, in --jobs processes
            # (followup.forked); everything is planned first: an error leaves no output
            files, moments, chooser = plan_inputs(request)
            if output_format == "text":
                from followup.render.text_render import planned_text

                text = planned_text(files, moments, chooser, include_all=include_all, jobs=jobs)
                echo(text, nl=False)
                return
            from followup.render.json_render import iter_json_planned

            pieces = iter_json_planned(files, moments, chooser, include_all=include_all, jobs=jobs)
            for piece in pieces:
                echo(piece, nl=False, json_text=True)
            return
        results = plan_paths(request)
        if audit_log is not None:
            refuse_overwriting_inputs(audit_log, results, "--audit-log")
            write_audit_log(audit_log, results, request.policy)
        text = renderer("plan", output_format)(results, include_all=include_all)
    echo(text, nl=False)


def _explain_arguments(
    arguments: tuple[str, ...], *, why_not: bool
) -> tuple[Path | None, str | None]:
    """(events file, action id) from `[EVENTS] [ACTION_ID]`: with --why-not the one argument
    is the events file; without, one argument is the action id (of the default events file,
    None)."""
    usage = "give ACTION_ID, or --why-not RULE_ID --application APP_ID"
    if len(arguments) > (1 if why_not else 2):
        raise click.UsageError(f"too many arguments: {' '.join(arguments)}; {usage}")
    if why_not:
        return (Path(arguments[0]) if arguments else None), None
    if len(arguments) == 2:
        return Path(arguments[0]), arguments[1]
    if not arguments or _names_a_file(arguments[0]):
        raise click.UsageError(usage)
    return None, arguments[0]


def _names_a_file(text: str) -> bool:
    return text.lower().endswith((".yaml", ".yml", ".json")) or Path(text).is_file()


@cli.command("explain")
@click.argument("arguments", nargs=-1, metavar="[EVENTS] [ACTION_ID]")
@click.option(
    "--why-not",
    "why_not_rule",
    metavar="RULE_ID",
    help="Instead of an action: why this rule gave no (open) action, event by event.",
)
@click.option("--application", "app_id", metavar="APP_ID", help="With --why-not: the application.")
@planning_options
@format_option("explain")
@input_size_option
def explain_command(
    arguments: tuple[str, ...],
    why_not_rule: str | None = None,
    app_id: str | None = None,
    output_format: str = "text",
) -> None:
    """Explain one action: its rule and file:line, the guidelines, the events, the window.

    With --why-not RULE_ID --application APP_ID (no ACTION_ID): why that rule produced no open
    action, with every condition's outcome and the fact value it saw, for each event.
    EVENTS defaults to the file `followup add` edits (see `followup add --help`).
    """
    from followup.api import find_action, why_not

    events_path, action_id = _explain_arguments(arguments, why_not=why_not_rule is not None)
    result = planned(events_path)
    if why_not_rule is not None or action_id is None:
        subject: object = why_not(result, why_not_rule or "", app_id)
    else:
        subject = find_action(result, action_id, result.events.name)
    echo(renderer("explain", output_format)(result, subject), nl=False)
