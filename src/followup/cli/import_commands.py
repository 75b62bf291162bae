"""`followup import mail PATH`: propose events from a mailbox; `--apply` records them."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from followup.cli import cli
from followup.cli.record_commands import _edit_options, edit_request, say
from followup.errors import clip

if TYPE_CHECKING:
    from followup.api import Proposal, Scan


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
@_edit_options
def import_mail(
    mail_path: Path,
    me: tuple[str, ...],
    apply: bool,
) -> None:
    """Read an mbox file (Gmail Takeout, Thunderbird), a Maildir folder or .eml files and
    propose events: your thank-yous and follow-ups to the interviewers and recruiters of an
    application, and their replies, rejections and offers (matched by address or company
    domain; the phrase that decided is shown). Nothing leaves this machine and no message text
    is stored: only the event, with the message's Message-ID, so that importing the same mail
    again records nothing twice. Without --apply nothing is written.

    The rules are listed in `followup/mailimport.py` and docs/daily-use.md.
    """
    from followup.api import import_from_mail

    request = edit_request()
    result, edit = import_from_mail(request, mail_path, me, apply=apply)
    _report(result, applied=apply)
    if edit is not None:
        say(edit)


def _report(result: Scan, *, applied: bool) -> None:
    from followup.cli.daily_commands import echo_wrapped

    for proposal in result.proposals:
        echo_wrapped(_line(proposal), hang=4)
    skipped = []
    if result.already:
        skipped.append(f"{result.already} already recorded")
    if result.unrelated:
        skipped.append(f"{result.unrelated} not about an application")
    counts = f"{result.read} message(s) read, {len(result.proposals)} proposed"
    counts += f" ({', '.join(skipped)})" if skipped else ""
    if not applied and result.proposals:
        counts += "; run again with --apply to record them"
    echo_wrapped(counts + ".")


def _line(proposal: Proposal) -> str:
    """`2026-10-06 18:02  From  "Subject"  -> thank_you_sent (acme-sre) to X  [why]`."""
    mail = proposal.mail
    to = f" to {', '.join(proposal.to)}" if proposal.to else ""
    return (
        f'{mail.at:%Y-%m-%d %H:%M}  {mail.sender}  "{clip(mail.subject)}"  -> {proposal.type} '
        f"({proposal.application}){to}  [{proposal.reason}]"
    )
