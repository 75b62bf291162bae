"""`followup import mail PATH`: propose events from a mailbox; `--apply` records them."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from followup.cli import cli
from followup.cli.record_commands import _edit_options, edit_request, say
from followup.errors import clip
from followup.render.terminal import echo

if TYPE_CHECKING:
    from followup.api import Mail, Scan


@cli.group("import")
def import_group() -> None:
    """Propose events from what you already have (your mailbox)."""


@import_group.command("mail")
@click.argument("mail_path", metavar="PATH", type=click.Path(path_type=Path))
@click.option(
    "--me",
    "me",
    multiple=True,
    metavar="ADDRESS",
    help="Your own address (repeatable); the candidate's `email:` in the events file counts too.",
)
@click.option("--apply", "apply", is_flag=True, help="Record the proposed events.")
@click.option(
    "-v",
    "--verbose",
    is_flag=True,
    help="Also list each message that proposes nothing, and why (on stderr).",
)
@_edit_options
def import_mail(
    mail_path: Path,
    me: tuple[str, ...],
    apply: bool,
    verbose: bool,
) -> None:
    """Read an mbox file (Gmail Takeout, Thunderbird), a Maildir folder or .eml files and
    propose events: your thank-yous and follow-ups to the interviewers and recruiters of an
    application, and their replies, rejections and offers (matched by address or company
    domain; the phrase that decided is shown). Nothing leaves this machine and no message text
    is stored: only the event, with the message's Message-ID, so that importing the same mail
    again records nothing twice. Without --apply nothing is written. The last line counts the
    messages that propose nothing by why (already recorded, not about an application, ...);
    --verbose lists them, one line each.

    The rules are listed in `followup/mailimport.py` and docs/daily-use.md.
    """
    from followup.api import import_from_mail

    request = edit_request()
    result, edit = import_from_mail(request, mail_path, me, apply=apply)
    _report(result, applied=apply, verbose=verbose)
    if edit is not None:
        say(edit)


def _report(result: Scan, *, applied: bool, verbose: bool) -> None:
    """The proposals (stdout); with `verbose`, each message that proposes nothing (stderr); a
    summary line that counts both, the skipped by why."""
    for proposal in result.proposals:
        to = f" to {', '.join(proposal.to)}" if proposal.to else ""
        what = f"-> {proposal.type} ({proposal.application}){to}  [{proposal.reason}]"
        echo_wrapped(_line(proposal.mail, what), hang=4)
    if verbose:
        for skip in result.skipped:
            echo_wrapped(
                _line(skip.mail, f"-> skipped: {skip.why}  ({skip.mail.where})"), hang=4, err=True
            )
    skipped = result.skip_counts()
    counts = f"{result.read} message(s) read, {len(result.proposals)} proposed"
    if skipped:
        hint = "" if verbose or not result.skipped else "; --verbose lists them"
        counts += f" ({', '.join(skipped)}{hint})"
    if not applied and result.proposals:
        counts += "; run again with --apply to record them"
    echo_wrapped(counts + ".")


def echo_wrapped(text: str, *, hang: int | None = None, err: bool = False) -> None:
    """`echo` of `text` wrapped to the terminal's width; `hang` indents continuation lines."""
    from followup.render.wrap import wrapped

    echo("".join(f"{line}\n" for line in wrapped(text, hang)), nl=False, err=err)


def _line(mail: Mail, what: str) -> str:
    """`2026-10-06 18:02  From  "Subject"  <what>`: a message as the report shows it."""
    return f'{mail.at:%Y-%m-%d %H:%M}  {mail.sender}  "{clip(mail.subject)}"  {what}'
