"""`followup test`: run policy test files (`*.test.yaml`), optionally with rule coverage."""

from __future__ import annotations

from pathlib import Path

import click

from followup.cli import cli
from followup.cli.options import format_option
from followup.render import renderer
from followup.render.terminal import echo


def _a_number(_ctx: click.Context, _param: click.Parameter, value: float | None) -> float | None:
    """FloatRange lets `nan` through (no comparison with it fails): a threshold never met."""
    if value is not None and value != value:
        raise click.BadParameter("not a number", param_hint="'--min-coverage'")
    return value


@cli.command("test")
@click.argument(
    "paths", metavar="PATH...", nargs=-1, required=True, type=click.Path(path_type=Path)
)
@format_option("test")
@click.option(
    "--coverage",
    "with_coverage",
    is_flag=True,
    help="Report, per policy, the rules no case made fire and the rules never cancelled.",
)
@click.option(
    "--min-coverage",
    type=click.FloatRange(0, 100),
    callback=_a_number,
    metavar="PCT",
    help="Fail (exit 1) when a policy has less than PCT % of its rules fired (implies --coverage).",
)
@click.option("--run", "name_filter", metavar="REGEX", help="Only run cases whose name matches.")
def policy_test_command(
    paths: tuple[Path, ...],
    output_format: str,
    with_coverage: bool,
    min_coverage: float | None,
    name_filter: str | None,
) -> None:
    """Run the policy test files at PATH (files, or directories searched for *.test.yaml).

    Each case plans its inline events with its policy as of its `as_of` and checks the actions
    it expects and expects absent. Exit 0 when every case passes (and coverage is at least
    --min-coverage), 1 when a case fails or coverage is short, 2 when a file cannot be used.
    """
    from followup.api import run_tests

    report = run_tests(
        paths, name_filter=name_filter, with_coverage=with_coverage, min_coverage=min_coverage
    )
    echo(renderer("test", output_format)(report), nl=False)
    if not report.ok:
        raise click.exceptions.Exit(1)
