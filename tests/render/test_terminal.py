"""Nothing from a policy or an events file reaches the terminal as a control sequence: every
text goes out through `followup.render.terminal.echo`, which makes control characters visible."""

from __future__ import annotations

import json
import re
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from followup.cli import cli
from followup.policy import builtin_path
from followup.render.terminal import MARK, echo, safe, safe_json, style
from paths import ROOT

SRC = ROOT / "src" / "followup"
TECH_PANEL = ROOT / "examples" / "tech-panel.yaml"
AS_OF = "2026-10-07T09:00"
PANEL = "acme-sre/thank-you-panel-lead/2026-10-06"

ESC = "\x1b"
CSI = "\x9b"  # the one-byte C1 form of ESC [
TITLE = f"{ESC}]0;pwned{chr(7)}"  # sets the window title
HIDE = f"{ESC}[8m"  # concealed text
ATTACKS = f"{TITLE}{HIDE}{CSI}2J\rspoof"


@pytest.fixture
def hostile(tmp_path: Path) -> tuple[Path, Path]:
    """A policy whose summary and because, and events whose topics and `to`, hold escapes."""
    return write_hostile(tmp_path, ATTACKS)


def write_hostile(tmp_path: Path, attacks: str) -> tuple[Path, Path]:
    """The events file and policy of `hostile`, with `attacks` in those places."""
    fast = builtin_path("fast-paced")
    assert fast is not None
    text = fast.read_text(encoding="utf-8")
    quoted = json.dumps(attacks)  # a YAML double-quoted string with \\u escapes
    lines = text.splitlines(keepends=True)
    at = lines.index("  - id: thank-you-panel-lead\n")
    summary = next(i for i in range(at, len(lines)) if lines[i].startswith("    summary: "))
    lines[summary] = f"    summary: {quoted}\n"
    because = next(i for i in range(at, len(lines)) if lines[i] == "    because: >-\n")
    end = next(i for i in range(because + 1, len(lines)) if not lines[i].startswith("      "))
    lines[because:end] = [f"    because: {quoted}\n"]
    text = "".join(lines)
    policy = tmp_path / "hostile.yaml"
    policy.write_text(text, encoding="utf-8")
    events = TECH_PANEL.read_text(encoding="utf-8")
    events = events.replace(
        "topics: [on-call load, migrating the monitoring stack]",
        f"topics: [{quoted}, migrating the monitoring stack]",
    )
    events = events.replace(
        "to: [grace@acme.example, sam@acme.example]", f"to: [grace@acme.example, {quoted}]"
    )
    path = tmp_path / "events.yaml"
    path.write_text(events, encoding="utf-8")
    return path, policy


def run(*args: str, color: bool = False) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args), color=color)
    assert "Traceback" not in result.output
    return result.exit_code, result.stdout + result.stderr


def assert_visible(out: str, *, shown: bool = True) -> None:
    for char in (ESC, CSI, chr(7), "\r"):
        assert char not in out, f"{char!r} reached the terminal"
    if shown:  # the text is there, its escapes made visible
        assert "\\u001b]0;pwned\\u0007\\u001b[8m\\u009b2J" in out


@pytest.mark.parametrize(
    "command",
    [
        ["plan", "--all"],
        ["explain", "--why-not", "thank-you-panel-lead", "--application", "acme-sre"],
        ["due"],
        ["explain", PANEL],
        ["draft", PANEL],
        ["status"],
    ],
    ids=lambda c: " ".join(c),
)
def test_escapes_in_a_policy_or_events_file_are_shown_not_obeyed(
    hostile: tuple[Path, Path], command: list[str]
) -> None:
    events, policy = hostile
    head, *rest = command
    code, out = run(head, str(events), *rest, "--policy", str(policy), "--as-of", AS_OF)
    assert code == 0, out
    assert_visible(out, shown=head != "status")


def test_json_output_stays_valid_and_means_the_same(hostile: tuple[Path, Path]) -> None:
    events, policy = hostile
    code, out = run(
        "plan", str(events), "--policy", str(policy), "--as-of", AS_OF, "--all", "--format", "json"
    )
    assert code == 0
    assert CSI not in out and ESC not in out
    actions = json.loads(out)["actions"]
    folded = ATTACKS.replace("\r", " ")  # a policy's because has its white space folded
    assert any(a["explanation"]["because"] == folded for a in actions)


def test_json_output_written_in_ascii_still_shows_del(tmp_path: Path) -> None:
    # Only DEL can reach an ASCII JSON text raw: `echo` searches such a text for it alone.
    events, policy = write_hostile(tmp_path, "rub\x7fout")
    code, out = run(
        "plan", str(events), "--policy", str(policy), "--as-of", AS_OF, "--all", "--format", "json"
    )
    assert code == 0
    assert out.isascii() and "\x7f" not in out and "rub\\u007fout" in out
    assert any(a["explanation"]["because"] == "rub\x7fout" for a in json.loads(out)["actions"])


@settings(max_examples=300, deadline=None)
@given(
    st.recursive(
        st.text(alphabet=st.characters(max_codepoint=0x2100)) | st.integers() | st.none(),
        lambda inner: (
            st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner, max_size=3)
        ),
        max_leaves=8,
    )
)
def test_safe_json_is_safe_for_every_text_a_json_encoder_writes(value: object) -> None:
    # A JSON encoder escapes every C0 character: what `safe` would still find, `safe_json` finds.
    for text in (
        json.dumps(value, indent=2, ensure_ascii=False),
        json.dumps(value, ensure_ascii=False),
    ):
        assert safe_json(text) == safe(text)


def test_the_program_own_colours_survive(hostile: tuple[Path, Path]) -> None:
    events, policy = hostile
    result = CliRunner().invoke(
        cli, ["due", str(events), "--policy", str(policy), "--as-of", AS_OF], color=True
    )
    assert result.exit_code == 0
    assert f"{ESC}[31m" in result.stdout or f"{ESC}[33m" in result.stdout  # red / yellow
    assert HIDE not in result.stdout and TITLE not in result.stdout


def test_safe_and_style() -> None:
    assert safe("tab\tand\nnewline") == "tab\tand\nnewline"
    assert safe("a\r\nb\rc") == "a\r\nb\\u000dc"
    assert safe(f"{ESC}[31mred{CSI}\x7f") == "\\u001b[31mred\\u009b\\u007f"
    assert safe_json(f'"red{CSI}\x7f"') == '"red\\u009b\\u007f"'
    assert safe_json('"rub\x7fout"') == '"rub\\u007fout"'
    assert ESC not in style(f"{ESC}[8m", fg="red")


def test_echo_is_the_only_way_out(capsys: pytest.CaptureFixture[str]) -> None:
    echo(f"x{ESC}[2Jy")
    assert capsys.readouterr().out == "x\\u001b[2Jy\n"
    direct = re.compile(r"\bclick\.(echo|secho|style)\(|\bprint\(|sys\.std(out|err)\.write")
    offenders = [
        f"{path.relative_to(ROOT)}:{n}"
        for path in sorted(SRC.rglob("*.py"))
        if path.name != "terminal.py"
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if direct.search(line) and not line.lstrip().startswith("#")
    ]
    assert offenders == []


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    pieces=st.lists(
        st.tuples(
            st.text(alphabet=st.characters(max_codepoint=0x2100)) | st.sampled_from([ESC, "[m"]),
            st.booleans(),
        )
    ),
    no_color=st.booleans(),
)
def test_echo_writes_what_click_writes_with_the_colours_stripped(
    pieces: list[tuple[str, bool]],
    no_color: bool,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # `echo` asks click to strip nothing when the text holds no ESC: the same as click writes to
    # a file (capsys: not a terminal) with the colours stripped, with NO_COLOR or without.
    message = "".join(style(text, fg="red") if styled else text for text, styled in pieces)
    if no_color:
        monkeypatch.setenv("NO_COLOR", "1")
    else:
        monkeypatch.delenv("NO_COLOR", raising=False)
    for json_text in (False, True):
        shown = json.dumps(message, ensure_ascii=False) if json_text else message
        echo(shown, json_text=json_text)
        written = capsys.readouterr().out
        made_safe = safe_json(shown) if json_text else safe(shown)
        click.echo(made_safe.replace(MARK, f"{ESC}["), color=False if no_color else None)
        assert written == capsys.readouterr().out


def test_a_text_timeline_written_to_a_file_has_no_colour_marks(tmp_path: Path) -> None:
    out = tmp_path / "timeline.txt"
    code, _ = run("timeline", str(TECH_PANEL), "--as-of", AS_OF, "--format", "text", "-o", str(out))
    assert code == 0
    text = out.read_text(encoding="utf-8")
    assert "legend:" in text
    assert "\ue000" not in text and ESC not in text
