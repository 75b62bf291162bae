"""Options shared by several commands, so a flag means the same thing everywhere."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])

DEFAULT_MAX_MB = 20


def policy_option(func: F) -> F:
    return click.option(
        "--policy",
        "policy_ref",
        metavar="NAME|PATH",
        help="Use this policy for every application (a built-in name or a policy file). "
        "Default: chosen by each application's industry.",
    )(func)


def as_of_option(func: F) -> F:
    return click.option(
        "--as-of",
        "as_of",
        metavar="DATETIME",
        help="Plan as of this moment (ISO 8601; a date alone means midnight; no offset means the "
        "candidate's time zone). Default: now.",
    )(func)


def format_option(func: F) -> F:
    return click.option(
        "--format",
        "output_format",
        type=click.Choice(["text", "json"]),
        default="text",
        show_default=True,
        help="Output for people (text) or programs (json).",
    )(func)


def input_size_option(func: F) -> F:
    return click.option(
        "--max-input-size",
        "max_mb",
        type=click.IntRange(min=1),
        default=DEFAULT_MAX_MB,
        show_default=True,
        metavar="MB",
        help="Refuse input files larger than this many megabytes.",
    )(func)
