"""`followup validate FILE...` and `followup schema`."""

from __future__ import annotations

import click

from followup.cli import cli
from followup.cli.options import format_option
from followup.render import renderer
from followup.render.terminal import echo


@cli.command("validate")
@click.argument("refs", nargs=-1, required=True, metavar="FILE...")
@format_option("validate")
@click.option("--strict", is_flag=True, help="Fail (exit 1) on warnings too.")
def validate_command(refs: tuple[str, ...], output_format: str, strict: bool) -> None:
    """Check input files and report every problem, each as file:line:col.

    FILE is a policy file, a directory of policy files (test files *.test.yaml are skipped),
    a built-in policy name, or any other input: an events file, a policy test file
    (*.test.yaml), an audit log (*.jsonl), the config file (*.toml), a draft template (*.j2).
    Exit 0 when clean (warnings alone are clean unless --strict), 1 when problems were found,
    2 when validation could not run (e.g. a missing file).
    """
    from followup.api import find_policy_files, validate_files

    report = validate_files(find_policy_files(refs))
    echo(renderer("validate", output_format)(report), nl=False)
    raise click.exceptions.Exit(report.exit_code(strict=strict))


@cli.command("schema")
@click.argument("name", type=click.Choice(["events", "plan", "policy"]), default="policy")
def schema_command(name: str) -> None:
    """Print a JSON Schema: of the policy format (the default), the events file, or the plan
    (`plan --format json`; each line of `--format jsonl` is its `#/$defs/action`). The same
    text is in docs/NAME.schema.json.

    Point your editor at one with a first line such as
    `# yaml-language-server: $schema=policy.schema.json`.
    """
    from followup.api import schema_text

    echo(schema_text(name), nl=False)
