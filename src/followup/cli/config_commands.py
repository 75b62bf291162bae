"""`followup config path` / `followup config show`: the config file (see `followup.config`)."""

from __future__ import annotations

import os

from followup.cli import cli
from followup.render.terminal import echo


@cli.group("config")
def config_group() -> None:
    """The config file: defaults set once (events file, policy folders, your time zone)."""


@config_group.command("path")
def config_path_command() -> None:
    """Print where the config file is read from ($FOLLOWUP_CONFIG, else the platform's user
    config folder), whether or not it exists."""
    from followup.api import config_path

    echo(str(config_path()))


@config_group.command("show")
def config_show_command() -> None:
    """Print the settings the config file gives, resolved (relative paths against the file),
    and the events file the other commands use (and why: $FOLLOWUP_EVENTS, this file, or the
    default)."""
    from followup.api import default_events_path, load_config

    config = load_config()
    exists = "" if config.path.is_file() else "  (no such file: defaults apply)"
    echo(f"file:         {config.path}{exists}")
    echo(f"events_file:  {config.events_file or '-'}")
    in_use = default_events_path()
    if in_use == config.events_file:
        why = "from this file"
    elif os.environ.get("FOLLOWUP_EVENTS"):
        why = "from $FOLLOWUP_EVENTS"
    else:
        why = "the default"
    echo(f"  in use:     {in_use}  ({why})")
    echo(f"policy_dirs:  {', '.join(str(d) for d in config.policy_dirs) or '-'}")
    echo(f"timezone:     {config.timezone or '-'}")
