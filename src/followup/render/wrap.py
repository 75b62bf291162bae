"""Wrap text output to the terminal's width (100 columns when the output is not a terminal).

Lines are broken at spaces only, so ids, paths and addresses stay whole; a continuation line is
indented like the text after the line's own label (`why: ` or the column a line starts at).
Colour escapes take no width.
"""

from __future__ import annotations

import re
import shutil
import sys

from followup.render.terminal import MARK

DEFAULT_WIDTH = 100
"""The width when the output is not a terminal (a file, a pipe, a test): output is the same on
every machine, whatever COLUMNS says."""
MIN_WIDTH = 40

_ESCAPE = re.compile(rf"(?:\x1b\[|{re.escape(MARK)})[0-9;]*m")
"""A colour: as `click.style` writes it, or as `render.terminal.style` does until `echo`."""


def output_width() -> int:
    """The terminal's width when stdout is one, else DEFAULT_WIDTH."""
    try:
        tty = sys.stdout.isatty()
    except (AttributeError, ValueError):
        tty = False
    if not tty:
        return DEFAULT_WIDTH
    return max(MIN_WIDTH, shutil.get_terminal_size((DEFAULT_WIDTH, 24)).columns)


def visible_len(text: str) -> int:
    return len(_ESCAPE.sub("", text))


def wrap_line(line: str, width: int, hang: int | None = None) -> list[str]:
    """`line` broken at spaces into lines of at most `width` visible columns (a single word
    longer than that stays whole). Continuation lines are indented by `hang` spaces, by default
    `default_hang(line)`."""
    coloured = "\x1b" in line or MARK in line
    if (visible_len(line) if coloured else len(line)) <= width:
        return [line]
    measure = visible_len if coloured else len  # a plain line's words: no escape to leave out
    indent = len(line) - len(line.lstrip(" "))
    pad = " " * (default_hang(line) if hang is None else hang)
    out: list[str] = []
    current, current_len, empty = line[:indent], indent, True
    for word in line[indent:].split(" "):
        size = measure(word)
        if not empty and current_len + 1 + size > width:
            out.append(current.rstrip(" "))
            current, current_len, empty = pad + word, len(pad) + size, not word
            continue
        current += word if empty else " " + word
        current_len += size if empty else 1 + size
        empty = empty and not word
    out.append(current.rstrip(" "))
    return out


def default_hang(line: str) -> int:
    """Where a line's text starts: after a `label: ` (`why: ...`), after a first column
    followed by two or more spaces (`DUE       Send ...`) or by one after a status as wide as
    its column (`CANCELLED Follow up ...`), else 4 columns in."""
    plain = _ESCAPE.sub("", line)
    indent = len(plain) - len(plain.lstrip(" "))
    match = _LABEL.match(plain, indent)
    if match is not None:
        return match.end()
    return indent + 4


_LABEL = re.compile(r"[^ ]{1,16}(: | {2,})|(?:CANCELLED|DISMISSED) ")


def wrapped(text: str, hang: int | None = None) -> list[str]:
    """Every line of `text` wrapped to `output_width()` (see `wrap_line`; `hang` is the indent
    of continuation lines)."""
    width = output_width()
    return [part for line in text.split("\n") for part in wrap_line(line, width, hang)]
