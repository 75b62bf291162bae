"""`followup policies`: the built-in policies."""

from __future__ import annotations

import click

from followup.cli import UserError, cli
from followup.errors import FollowupError


@cli.command("policies")
def policies_command() -> None:
    """List the built-in policies: name, industries, description, file."""
    from followup.api import builtin_policies

    try:
        policies = builtin_policies()
    except FollowupError as exc:
        raise UserError(str(exc)) from None
    for policy in policies:
        industries = ", ".join(policy.industries) or "(default for every other industry)"
        click.echo(f"{policy.name}")
        click.echo(f"  industries:  {industries}")
        click.echo(f"  description: {policy.description}")
        click.echo(f"  file:        {policy.source}  ({len(policy.rules)} rules)")
