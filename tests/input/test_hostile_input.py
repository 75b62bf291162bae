"""Bad input never crashes: one line naming the file (and line/field), exit 2, nothing written.

Each case writes its files into an empty directory, runs `followup plan`, and checks the exit
code, that stderr is exactly one line starting with `Error: ` and the expected text, that no
traceback appears, and that the directory holds the same files with the same bytes afterwards.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from followup.cli import cli
from followup.errors import InputError
from followup.events import load_events
from paths import ROOT

EXAMPLES = ROOT / "examples"

GOOD_APP = """\
candidate: {name: Ada, timezone: Europe/London}
applications:
  - id: acme
    company: Acme
    role: Engineer
    events:
      - {type: interview, at: 2026-10-06T10:00, interviewers: [{name: Grace Hopper}]}
"""


def events_with(event: str, *, extra_app: str = "", tz: str = "Europe/London") -> str:
    return (
        f"candidate: {{name: Ada, timezone: {tz}}}\n"
        "applications:\n"
        "  - id: acme\n"
        "    company: Acme\n"
        "    role: Engineer\n"
        "    events:\n"
        "      - {type: interview, at: 2026-10-06T10:00, interviewers: [{name: Grace Hopper}]}\n"
        f"      - {event}\n"
        f"{extra_app}"
    )


DEEP_JSON = (
    '{"candidate": {"name": "Ada", "timezone": "UTC"},\n'
    ' "applications": [\n'
    '  {"id": "a", "company": "A", "role": "R",\n'
    '   "notes": {"a": "[brackets in text are text]", "b": ' + "[" * 62 + "]" * 62 + "}}]}\n"
)


POLICY_HEAD = "policy: bad\nrules:\n  - id: r\n"
POLICY_RULE = (
    "    when: {event: interview}\n"
    "    action: {kind: thank_you, to: each_interviewer}\n"
    "    timing: {anchor: interview, not_before: 0h, due_by: 1d}\n"
    "    because: test\n"
)


@dataclass
class Case:
    name: str
    files: dict[str, str | bytes]
    expect: str  # the one stderr line must contain this
    args: list[str] = field(default_factory=lambda: ["plan", "events.yaml"])


BILLION_LAUGHS = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [" + ", ".join([f"*{chr(97 + i)}"] * 9) + "]\n"
    for i in range(9)
)

DEEP_THROUGH_ALIASES = "".join(
    f"k{i}: &a{i} " + "[" * 50 + (f"*a{i - 1}" if i else "x") + "]" * 50 + "\n" for i in range(3)
)

CASES = [
    # -- YAML and JSON ---------------------------------------------------------------------
    Case(
        "syntax error",
        {"events.yaml": "candidate: {name: Ada\n"},
        "events.yaml:2:1: YAML syntax error",
    ),
    Case(
        "tab indentation",
        {"events.yaml": "candidate:\n\tname: Ada\n"},
        "events.yaml:2:1: YAML syntax error: a tab character: indent with spaces",
    ),
    Case(
        "top level is a list",
        {"events.yaml": "- 1\n- 2\n"},
        "events.yaml:1:1: the file: expected a mapping",
    ),
    Case("empty file", {"events.yaml": ""}, "events.yaml: file is empty"),
    Case(
        "not UTF-8",
        {"events.yaml": b"candidate: {name: \xff\xfe}\n"},
        "events.yaml:1:19: not UTF-8",
    ),
    Case(
        "duplicate keys",
        {"events.yaml": GOOD_APP + "candidate: {name: Bob}\n"},
        "duplicate key 'candidate'",
    ),
    Case("billion laughs", {"events.yaml": BILLION_LAUGHS}, "too many aliases"),
    Case(
        "an alias inside the list it names",
        {"events.yaml": "candidate: &c {name: Ada, timezone: UTC, email: *c}\n"},
        "events.yaml:1:12: an alias refers to the collection that contains it",
    ),
    Case(
        "nested deep through aliases",
        {"events.yaml": DEEP_THROUGH_ALIASES},
        "events.yaml:2:59: nested more than 64 levels deep (through aliases)",  # at the alias,
    ),
    Case(
        "10,000 levels deep",
        {"events.yaml": "a: " + "[" * 10000 + "]" * 10000},
        "nested more than 64 levels deep",
    ),
    Case(
        "JSON 65 levels deep, where a note is kept unread",
        {"events.json": DEEP_JSON},
        "events.json:4:115: nested more than 64 levels deep",  # at the 65th, as YAML says it
        ["plan", "events.json"],
    ),
    Case(
        "JSON 100,000 levels deep",
        {"events.json": '{"applications": ' + "[" * 100_000 + "]" * 100_000 + "}"},
        "events.json:1:81: nested more than 64 levels deep",
        ["plan", "events.json"],
    ),
    Case(
        "deeply indented, then a syntax error (the depth was once checked apart, and crashed)",
        {
            "events.yaml": "candidate:\n"
            + "".join(f"{'  ' * i}k{i}:\n" for i in range(1, 40))
            + "  x: [\n"
        },
        "events.yaml:42:1: YAML syntax error",
    ),
    Case(
        "over the size limit",
        {"events.yaml": GOOD_APP + "# " + "x" * (2 * 1024 * 1024) + "\n"},
        "over the 1048576-byte limit (raise it with --max-input-size)",
        ["plan", "events.yaml", "--max-input-size", "1"],
    ),
    Case(
        "JSON trailing comma",
        {"events.json": '{"candidate": {"name": "Ada"},}'},
        "events.json:1:31: invalid JSON",
        ["plan", "events.json"],
    ),
    Case(
        "JSON duplicate keys, nested",
        {
            "events.json": '{"candidate": {"name": "Ada", "timezone": "UTC"}, "applications": '
            '[{"id": "a", "company": "A", "role": "R", "events": [], "role": "S"}]}'
        },
        "events.json: duplicate key 'role' (each key may appear once)",
        ["plan", "events.json"],
    ),
    Case(
        "JSON with half of a surrogate pair",
        {
            "events.json": '{"candidate": {"name": "Ada \\ud800", "timezone": "UTC"}, '
            '"applications": []}'
        },
        "events.json: 'Ada \\ud800': not valid Unicode",
        ["plan", "events.json"],
    ),
    # -- events ----------------------------------------------------------------------------
    Case(
        "impossible month",
        {"events.yaml": events_with("{type: follow_up_sent, at: 2026-13-01T10:00}")},
        "events.yaml:8:36: applications[0].events[1].at: not a date-time: '2026-13-01T10:00'",
    ),
    Case(
        "30 February",
        {"events.yaml": events_with("{type: follow_up_sent, at: 2026-02-30T10:00}")},
        "applications[0].events[1].at: not a date-time",
    ),
    Case(
        "a decision date in the year 9999",
        {
            "events.yaml": events_with(
                "{type: response_received, at: 2026-10-08T10:00, decision_by: 9999-12-31}"
            )
        },
        "applications[0].events[1].decision_by: outside the years 1900-2199: '9999-12-31'",
    ),
    Case(
        "an offset of a whole day",
        {"events.yaml": events_with("{type: follow_up_sent, at: '2026-10-08T10:00+24:00'}")},
        "applications[0].events[1].at: not a date-time: '2026-10-08T10:00+24:00'",
    ),
    Case(
        "a time without a date (pendulum would take today's)",
        {"events.yaml": events_with("{type: follow_up_sent, at: '10:00'}")},
        "applications[0].events[1].at: not a date-time: '10:00'",
    ),
    Case(
        "--as-of without a date",
        {"events.yaml": GOOD_APP},
        "--as-of: not a date-time: '5'",
        ["plan", "events.yaml", "--as-of", "5"],
    ),
    Case(
        "an escape sequence in a name",
        {"events.yaml": 'candidate: {name: "Ada\\e[31m", timezone: UTC}\napplications: []\n'},
        "events.yaml:1:19: candidate.name: contains a control character (U+001B)",
    ),
    Case(
        "the same interviewer twice",
        {
            "events.yaml": events_with(
                "{type: interview, at: 2026-10-08T10:00, interviewers: "
                "[{name: Alan Turing}, {name: alan turing}]}"
            )
        },
        "applications[0].events[1].interviewers[1]: alan turing is listed twice",
    ),
    Case(
        "an empty --policy",
        {"events.yaml": GOOD_APP},
        "unknown policy ''",
        ["plan", "events.yaml", "--policy", ""],
    ),
    Case(
        "an empty --as-of",
        {"events.yaml": GOOD_APP},
        "--as-of: not a date-time: ''",
        ["plan", "events.yaml", "--as-of", ""],
    ),
    Case(
        "--min-coverage nan",
        {"p.test.yaml": "policy: generic\ncases: []\n"},
        "Invalid value for '--min-coverage': not a number",
        ["test", "p.test.yaml", "--min-coverage", "nan"],
    ),
    Case(
        "missing at",
        {"events.yaml": events_with("{type: follow_up_sent}")},
        "applications[0].events[1]: missing required key 'at'",
    ),
    Case(
        "unknown time zone",
        {"events.yaml": events_with("{type: rejected, at: 2026-10-08T10:00}", tz="Mars/Olympus")},
        "candidate.timezone: unknown time zone 'Mars/Olympus'",
    ),
    Case(
        "unknown event type",
        {"events.yaml": events_with("{type: ghosted, at: 2026-10-08T10:00}")},
        "applications[0].events[1].type: 'ghosted' is not allowed; one of: interview,",
    ),
    Case(
        "unknown format",
        {"events.yaml": events_with("{type: interview, at: 2026-10-08T10:00, format: hologram}")},
        "applications[0].events[1].format: 'hologram' is not allowed; one of: one_on_one,",
    ),
    Case(
        "negative round",
        {"events.yaml": events_with("{type: interview, at: 2026-10-08T10:00, round: -1}")},
        "applications[0].events[1].round: must be 1 or more, not -1",
    ),
    Case(
        "duplicate application ids",
        {"events.yaml": GOOD_APP + GOOD_APP.split("applications:\n")[1]},
        "applications[1].id: duplicate application id 'acme'",
    ),
    Case(
        "thank-you before any interview",
        {"events.yaml": events_with("{type: thank_you_sent, at: 2026-10-01T10:00}")},
        "a thank_you_sent dated before the application's first interview",
    ),
    Case(
        "decision date before the interview",
        {
            "events.yaml": events_with(
                "{type: interview, at: 2026-10-08T10:00, round: 2, decision_by: 2026-10-01}"
            )
        },
        "applications[0].events[1].decision_by: is before the interview itself (2026-10-01 <"
        " 2026-10-08)",
    ),
    Case(
        "decision time before the interview, the same day",
        {
            "events.yaml": events_with(
                "{type: interview, at: 2026-10-08T10:00, round: 2, decision_by: 2026-10-08T09:00}"
            )
        },
        # the times shown: the dates alone read "2026-10-08 < 2026-10-08"
        "applications[0].events[1].decision_by: is before the interview itself"
        " (2026-10-08 09:00 < 2026-10-08 10:00)",
    ),
    Case(
        "interviewer without a name",
        {
            "events.yaml": events_with(
                "{type: interview, at: 2026-10-08T10:00, interviewers: [{email: a@b.c}]}"
            )
        },
        "a person needs a name",
    ),
    # -- policies --------------------------------------------------------------------------
    Case(
        "policy: unknown fact",
        {
            "events.yaml": GOOD_APP,
            "p.yaml": POLICY_HEAD
            + POLICY_RULE.replace("{event: interview}", "{event: interview, rond: 2}"),
        },
        "p.yaml:4:",
        ["plan", "events.yaml", "--policy", "p.yaml"],
    ),
    Case(
        "policy: empty window",
        {
            "events.yaml": GOOD_APP,
            "p.yaml": POLICY_HEAD
            + POLICY_RULE.replace("due_by: 1d", "due_by: 0h").replace(
                "not_before: 0h", "not_before: 2d"
            ),
        },
        "the window is empty",
        ["plan", "events.yaml", "--policy", "p.yaml"],
    ),
    Case(
        "policy: unknown action kind",
        {
            "events.yaml": GOOD_APP,
            "p.yaml": POLICY_HEAD + POLICY_RULE.replace("kind: thank_you", "kind: bribe"),
        },
        "'bribe' is not allowed",
        ["plan", "events.yaml", "--policy", "p.yaml"],
    ),
    Case(
        "policy: extends cycle",
        {
            "events.yaml": GOOD_APP,
            "a.yaml": "policy: a\nextends: ./b.yaml\n",
            "b.yaml": "policy: b\nextends: ./a.yaml\n",
        },
        "a.yaml -> b.yaml -> a.yaml",
        ["plan", "events.yaml", "--policy", "./a.yaml"],
    ),
    *(
        Case(
            f"policy: {what}",
            {"events.yaml": GOOD_APP, "p.yaml": POLICY_HEAD + POLICY_RULE.replace(old, new)},
            expect,
            ["plan", "events.yaml", "--policy", "p.yaml"],
        )
        for what, old, new, expect in [
            (
                "missing key",
                "    because: test\n",
                "",
                "p.yaml:3:5: rule r: rules[0]: missing required key 'because' [missing-key]",
            ),
            ("bad duration", "due_by: 1d", "due_by: soon", "'soon' is not a duration"),
            ("unknown anchor", "anchor: interview", "anchor: lunch", "[unknown-anchor]"),
            ("unknown recipient", "to: each_interviewer", "to: the_ceo", "[unknown-recipient]"),
            (
                "wrong type",
                "{event: interview}",
                "{event: interview, round: {at_least: two}}",
                "p.yaml:4:37: rule r: rules[0].when.round: expected a whole number",
            ),
            (
                "YAML syntax",
                "{event: interview}",
                "{event: interview",
                "p.yaml:5:11: YAML syntax error",
            ),
        ]
    ),
    # -- the command line ------------------------------------------------------------------
    Case(
        "unknown policy name",
        {"events.yaml": GOOD_APP},
        "built-in policies: conservative, fast-paced, generic",
        ["plan", "events.yaml", "--policy", "lenient"],
    ),
    Case(
        "unparseable --as-of",
        {"events.yaml": GOOD_APP},
        "--as-of: not a date-time: 'next tuesday'",
        ["plan", "events.yaml", "--as-of", "next tuesday"],
    ),
    Case("missing file", {}, "events.yaml: no such file"),
]


def _snapshot(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_input_is_one_line_and_exit_2(
    case: Case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, content in case.files.items():
        target = tmp_path / name
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")
    before = _snapshot(tmp_path)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, case.args)
    assert result.exit_code == 2, (result.output, result.exception)
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Error: "), lines[0]
    assert case.expect in lines[0], lines[0]
    assert "Traceback" not in result.output
    assert _snapshot(tmp_path) == before


def test_a_panel_without_a_lead_is_addressed_to_the_first_interviewer(tmp_path: Path) -> None:
    events = tmp_path / "events.yaml"
    events.write_text(
        GOOD_APP.replace(
            "interviewers: [{name: Grace Hopper}]",
            "format: panel, interviewers: [{name: Grace Hopper}, {name: Alan Turing}]",
        )
    )
    result = CliRunner().invoke(
        cli, ["plan", str(events), "--as-of", "2026-10-06T12:00", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    import json

    panel = next(
        a for a in json.loads(result.output)["actions"] if a["rule"] == "thank-you-panel-lead"
    )
    assert panel["to"] == ["Grace Hopper"] and panel["cc"] == ["Alan Turing"]
    assert "first listed, Grace Hopper" in panel["explanation"]["notes"][0]


def test_an_unreadable_file_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    events = tmp_path / "events.yaml"
    events.write_text(GOOD_APP)
    events.chmod(0)
    try:
        try:
            events.read_bytes()
        except PermissionError:
            pass
        else:
            # Running as root (CI containers): permissions do not stop reading, so the operating
            # system's refusal is stood in for at the one call that reads the file.
            import followup.source

            open_file = os.open

            def refuse(path: Any, *args: Any, **kwargs: Any) -> Any:
                if Path(path) == events:
                    raise PermissionError(13, "Permission denied", str(path))
                return open_file(path, *args, **kwargs)

            monkeypatch.setattr(followup.source.os, "open", refuse)
        result = CliRunner().invoke(cli, ["plan", str(events)])
        assert result.exit_code == 2
        assert result.stderr.splitlines() == [f"Error: {events}: cannot read: Permission denied"]
    finally:
        events.chmod(0o644)


def test_a_closed_pipe_ends_quietly(tmp_path: Path) -> None:
    """`followup plan ... | head -1`: the reader goes away; no traceback on stderr."""
    sys.path.insert(0, str(EXAMPLES.parent / "benchmarks"))
    from synth import generate, write_document

    big = tmp_path / "many.yaml"  # enough output to overflow the pipe's buffer
    write_document(generate(300, seed=3), big)
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "followup",
            "plan",
            str(big),
            "--as-of",
            "2026-11-15T09:00",
            "--all",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.readline()
    proc.stdout.close()
    with proc.stderr:
        stderr = proc.stderr.read().decode()
    proc.wait(timeout=60)
    assert "Traceback" not in stderr
    assert "BrokenPipe" not in stderr


def test_a_device_without_end_is_refused_before_it_is_read() -> None:
    """`followup plan /dev/zero`: a device is not a regular file (nor is a pipe: #11)."""
    result = CliRunner().invoke(cli, ["plan", "/dev/zero", "--max-input-size", "1"])
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: /dev/zero: a device, not a regular file; give the path of a file\n"
    )


@pytest.mark.parametrize("kind", ["json", "yaml"])
def test_json_and_yaml_nest_to_the_same_limit(tmp_path: Path, kind: str) -> None:
    """64 levels are read and 65 refused at the same place, however the file is read (a note is
    kept unread, so the JSON reader has to look)."""

    def file(levels: int) -> Path:
        path = tmp_path / f"{levels}.{kind}"
        notes = "[" * (levels - 3) + "]" * (levels - 3)  # below the file, its list and its item
        path.write_text(
            '{"candidate": {"name": "Ada", "timezone": "UTC"},\n "applications": [\n'
            f'  {{"id": "a", "company": "A", "role": "R",\n   "notes": {notes}}}]}}\n',
            encoding="utf-8",
        )
        return path

    assert [app.id for app in load_events(file(64)).applications] == ["a"]
    with pytest.raises(InputError) as caught:
        load_events(file(65))
    assert (
        caught.value.message == f"{tmp_path / f'65.{kind}'}:4:74: nested more than 64 levels deep"
    )
