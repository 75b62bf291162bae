"""The one way text reaches a terminal: `echo`, which makes every control character visible.

Policies and events files are written by people and programs we do not control: a `summary`,
a topic or a recipient may hold an escape sequence that, printed as is, would recolour, hide,
retitle or rewrite what the terminal shows. `echo` writes `\\u001b` instead of ESC, and likewise
for every control character (Unicode category Cc: C0, DEL and C1) except the newline, the tab,
and a carriage return right before a newline (iCalendar's line ends). The `\\uXXXX` form is also
valid inside JSON strings, so JSON output stays valid and means the same.

The program's own colours survive: `style` (the only styling function to use) makes the escape
sequences of `click.style` with a per-process random marker in place of ESC, which `echo` turns
back into ESC after it has escaped everything else; text from a file cannot hold the marker.
`echo` is the only caller of `click.echo` (tests/render/test_terminal.py checks the source for
others).
"""

from __future__ import annotations

import os
import re
from typing import Any

import click

MARK = f"\ue000{os.urandom(6).hex()}["  # as secrets.token_hex(6), without its imports
"""Stands for ESC + '[' in text made by `style` until `echo` writes it."""

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # Cc but tab and newline


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    if char == "\r" and match.string.startswith("\n", match.end()):
        return char
    return f"\\u{ord(char):04x}"


def safe(text: str) -> str:
    """`text` with every control character but newline and tab written as `\\uXXXX`."""
    if not _CONTROL.search(text):
        return text
    return _CONTROL.sub(_escape, text)


def style(text: str, **styles: Any) -> str:
    """`click.style(text, **styles)` that survives `echo` (and `text` made safe first)."""
    return click.style(safe(text), **styles).replace("\x1b[", MARK)


def plain(text: str) -> str:
    """`text` without the colours `style` put in (to measure or compare it)."""
    return _STYLE.sub("", text)


_STYLE = re.compile(re.escape(MARK) + r"[0-9;]*m")


def safe_json(text: str) -> str:
    """`safe(text)` for text written by a JSON encoder, which writes every C0 character
    (U+0000-U+001F) of a value as `\\uXXXX` and none between values but the newline: only DEL and
    C1 (U+007F-U+009F) can be left, so text known to be ASCII (`str.isascii` reads a flag of
    the string, without a scan) needs a search for DEL alone, where `safe` scans character
    by character (65 ms for the 7 MB plan of 3,000 applications)."""
    if text.isascii() and "\x7f" not in text:
        return text
    return safe(text)


def echo(message: str = "", *, err: bool = False, nl: bool = True, json_text: bool = False) -> None:
    """`click.echo(message)` with every control character made visible (see the module); the
    colours on a terminal only, never with NO_COLOR set (no-color.org). `json_text`: the
    message was written by a JSON encoder (see `safe_json`)."""
    text = (safe_json(message) if json_text else safe(message)).replace(MARK, "\x1b[")
    if "\x1b" not in text:
        # No escape sequence in it (made visible above unless `style` wrote it): nothing for
        # click to strip off a file or for NO_COLOR, and asking it costs a regex scan of the
        # whole text (35 M instructions for the 7 MB plan of 3,000 applications, 1.1 %)
        click.echo(text, err=err, nl=nl, color=True)
        return
    click.echo(text, err=err, nl=nl, color=False if os.environ.get("NO_COLOR") else None)
