"""`followup policies`: list the built-in (and registered) policies; `policies show` one of them;
`followup init`: write a commented starter policy for an industry."""

from __future__ import annotations

import os
from pathlib import Path

import click

from followup.cli import UserError, cli
from followup.cli.options import (
    env_policy_dirs,
    output_option,
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


def _extends_text(ref: str, base_file: Path, out: Path) -> str:
    """How the new file names its base: a built-in by name, a file relative to the new file."""
    from followup.api import builtin_path

    if builtin_path(ref) is not None:  # a built-in's name (never a path)
        return ref
    rel = Path(os.path.relpath(base_file.resolve(), out.parent.resolve())).as_posix()
    if "/" not in rel and not rel.endswith((".yaml", ".yml")):
        rel = f"./{rel}"
    return rel


def write_new_file(path: Path, text: str, *, force: bool) -> None:
    """Write atomically; without `force` an existing file is never overwritten. The written
    text is checked as a policy before it takes the place of anything."""
    from followup.api import check_policy_file, write_atomically

    def validates(temp: Path) -> None:
        problems = [p for p in check_policy_file(temp).problems if p.severity == "error"]
        if problems:  # pragma: no cover - the starter is tested to validate
            raise UserError(f"the starter policy does not validate: {problems[0].render()}")

    write_atomically(path, text.encode("utf-8"), overwrite=force, check=validates)


@cli.command("init")
@click.option("--industry", required=True, help="The industry the policy is for, e.g. healthcare.")
@click.option(
    "--extends",
    "extends_ref",
    default="generic",
    show_default=True,
    metavar="NAME|PATH",
    help="The policy to start from: a built-in name or a policy file.",
)
@output_option("Where to write the policy. Default: ./INDUSTRY.yaml")
@click.option("--force", is_flag=True, help="Overwrite the output file if it exists.")
def init_command(industry: str, extends_ref: str, output: Path | None, force: bool) -> None:
    """Write a commented starter policy for an industry that validates as is.

    It extends a base policy and changes nothing yet; the comments show how to disable a
    rule, override a setting and replace a rule, with the base's real values.
    """
    from followup.api import load_policy, policy_name_for, resolve_reference, starter_policy

    name = policy_name_for(industry)
    if not name:
        raise UserError(f"--industry {industry!r}: use letters or digits, e.g. healthcare")
    out = output if output is not None else Path(f"{name}.yaml")
    base_file = resolve_reference(extends_ref)
    base = load_policy(base_file)
    folder = out.parent  # created when it is new (a policy directory to register, say)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise UserError(f"{folder}: not a directory") from None
    except OSError as exc:
        raise UserError(f"{folder}: cannot create the folder: {exc.strerror or exc}") from None
    text = starter_policy(industry, _extends_text(extends_ref, base_file, out), base)
    write_new_file(out, text, force=force)
    echo(f"wrote {out}: policy {name!r} extends {base.name!r}; next: followup validate {out}")
