"""`followup policies`: list the built-in (and registered) policies; `policies show` one of them."""

from __future__ import annotations

import click

from followup.cli import cli
from followup.cli.options import (
    env_policy_dirs,
    policy_dir_option,
    policy_dirs,
)
from followup.render.terminal import echo


@cli.group("policies", invoke_without_command=True)
@policy_dir_option
@click.pass_context
def policies_command(ctx: click.Context) -> None:
    """List the policies: name, industries, description, file.

    With --policy-dir (or FOLLOWUP_POLICY_DIR) the registered policies come first, in the
    order `followup plan` searches them.
    """
    if ctx.invoked_subcommand is not None:
        return
    from followup.api import POLICY_DIR_ENV_VAR, builtin_path, builtin_policies, load_registered

    # (policy, after its name, when it lists no industry, its file)
    listed = [
        (p, "  (registered)", "none: use it with --policy", p.source)
        for p in load_registered(policy_dirs())
    ]
    listed += [
        (p, "", "default for every other industry", str(builtin_path(p.name) or p.source))
        for p in builtin_policies()
    ]
    for missing in env_policy_dirs(existing=False):
        warning = f"{POLICY_DIR_ENV_VAR} names {missing}, which is not a directory: skipped"
        echo(f"Warning: {warning}", err=True)
    for policy, tag, anyone, path in listed:
        echo(f"{policy.name}{tag}")
        echo(f"  industries:  {', '.join(policy.industries) or f'({anyone})'}")
        echo(f"  description: {policy.description}")
        echo(f"  file:        {path}  ({len(policy.rules)} rules)")


@policies_command.command("show")
@click.argument("ref", metavar="NAME|PATH")
@click.option(
    "--resolved",
    is_flag=True,
    help="Name the file:line every rule and setting comes from (through `extends`).",
)
def show_command(ref: str, resolved: bool) -> None:
    """Print the effective policy as YAML: `extends` flattened, disabled rules gone.

    The output is itself a valid policy file.
    """
    from followup.api import policy_ref, policy_to_yaml

    # a built-in, a registered policy (--policy-dir, FOLLOWUP_POLICY_DIR, the config file) or a file
    policy = policy_ref(ref, policy_dirs)
    echo(policy_to_yaml(policy, resolved=resolved), nl=False)
