"""A YAML tag whose constructor fails (`!!bool Ada`, `!!int ""`) is the one-line
`file:line:col` error in every kind of file, never a traceback (issue 11, item 4)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from followup.cli import cli

TAGGED = ["!!bool Ada", '!!bool ""', '!!int ""', '!!int "-"', '!!float ""', "!!int 0x", "!!float ."]

EVENTS = """\
candidate: {name: Ada, timezone: Europe/London}
applications:
  - id: acme
    company: %s
    role: Engineer
    events:
      - {type: interview, at: 2026-10-06T10:00, interviewers: [{name: Grace Hopper}]}
"""

POLICY = """\
policy: tagged
extends: generic
settings:
  max_follow_ups: %s
"""

TEST_FILE = """\
policy: generic
cases:
  - name: %s
    as_of: 2026-10-07T09:00
    events: []
    expect: []
"""


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    assert not isinstance(result.exception, Exception) or isinstance(
        result.exception, SystemExit
    ), result.exception
    return result.exit_code, result.output


@pytest.mark.parametrize("value", TAGGED)
@pytest.mark.parametrize(
    ("template", "command", "where"),
    [
        (EVENTS, ["plan", "{}", "--as-of", "2026-10-07T09:00"], "4:14"),
        (POLICY, ["validate", "{}"], "4:19"),
        (TEST_FILE, ["test", "{}"], "3:11"),
    ],
    ids=["events", "policy", "test-file"],
)
def test_a_tag_that_cannot_be_constructed_is_one_line(
    tmp_path: Path, value: str, template: str, command: list[str], where: str
) -> None:
    path = tmp_path / "file.yaml"
    path.write_text(template % value)
    code, out = run(*(str(path) if part == "{}" else part for part in command))
    assert code in (1, 2), out
    assert "Traceback" not in out
    line = next(line for line in out.splitlines() if f"{path}:{where}" in line)
    assert "cannot read" in line and len(line) < 200, out
