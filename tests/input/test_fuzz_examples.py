"""Mutation fuzzing of every example and test file (issue 11, item 4): whatever is inserted,
deleted or repeated, the command ends with exit 0, 1 or 2 - never a traceback (an exception out
of the command), never a signal (it runs in this process: a crash would end the test run).

The budget is fixed (a few examples per file, derandomised), so CI time and results are stable.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from followup.cli import cli
from paths import ROOT

EVENTS_FILES = sorted((ROOT / "examples").glob("*.yaml"))
POLICY_DIRS = [ROOT / "examples" / "policies", ROOT / "src" / "followup" / "policies"]
POLICY_FILES = sorted(
    p for d in POLICY_DIRS for p in d.glob("*.yaml") if not p.name.endswith(".test.yaml")
)
TEST_FILES = sorted(
    p
    for d in (
        ROOT / "examples" / "policies",
        ROOT / "tests" / "policies",
        ROOT / "tests" / "scenarios",
    )
    for p in d.glob("*.test.yaml")
)
AS_OF = ["--as-of", "2026-10-07T09:00"]
EXAMPLES_PER_FILE = 4
"""The fixed budget: every file is mutated this many times (a few seconds in all)."""

TOKENS = [
    # Tags whose constructors fail, and the values that make them fail.
    "!!bool ", "!!int ", "!!float ", "!!str ", "!!null ", "!!binary ", "!!timestamp ", "!!set ",
    "!!omap ", "!!python/none ", "!x ", '""', '"-"', "Ada", "0x", ".", "-",
    # YAML structure.
    ": ", "{", "}", "[", "]", "- ", "&a ", "*a", "<<: *a", "? ", "|", ">", "#", "'", '"', "%",
    "@", "`", "\t", "\n", "  ", "---\n", "...\n",
    # Values at and past every edge.
    "9" * 25, "-1", "0", "1e999", ".nan", ".inf", "~", "null", "yes", "no", "2026-02-30",
    "2026-10-07T24:00", "1900-01-01T05:00+14:00", "0h", "-3d", "99999w", "\\u0000", "\\ud800",
    "\x1b[31m", "\u202e", "é", "\ufeff",
]  # fmt: skip
VALUES = [
    # Tagged values whose constructors raise KeyError, IndexError or ValueError.
    "!!bool Ada", '!!bool ""', '!!int ""', '!!int "-"', '!!float ""', "!!int 0x", "!!float .",
    "!!binary x", "!!timestamp 2026-13-45", "!!null x", "!!str [a]", "!!python/none x",
    # Values of the wrong kind or out of range.
    "[]", "{}", "[a, b]", "{a: b}", '""', "~", "true", "9" * 25, "-9" + "9" * 25, "1e999", ".nan",
    "-1", "0", "2026-02-30", "24:00", "99:99", "0h", "-1d", "1000000w", "&a x", "*a",
]  # fmt: skip


@st.composite
def mutated(draw: st.DrawFn, text: str) -> str:
    """`text` with one to four random edits: a token inserted, a span deleted, a line repeated
    or a value replaced (the most likely edit: it keeps the file readable, so the value reaches
    the code that checks it)."""
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["replace", "replace", "insert", "delete", "repeat"]))
        at = draw(st.integers(0, len(text)))
        if kind == "insert":
            text = text[:at] + draw(st.sampled_from(TOKENS)) + text[at:]
        elif kind == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 40)) :]
        else:
            lines = text.split("\n")
            i = draw(st.integers(0, len(lines) - 1))
            if kind == "repeat":
                lines.insert(i, lines[i])
            elif ": " in lines[i]:
                key = lines[i].split(": ", 1)[0]
                lines[i] = f"{key}: {draw(st.sampled_from(VALUES))}"
            text = "\n".join(lines)
    return text


def run(*args: str) -> int:
    """Run the command; any exception out of it (a traceback for the user) fails the test."""
    result = CliRunner().invoke(cli, list(args))
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"followup {' '.join(args)} raised") from result.exception
    assert result.exit_code in (0, 1, 2), (result.exit_code, result.output)
    assert "Traceback" not in result.output
    return result.exit_code


@pytest.fixture(scope="module")
def workdir() -> Iterator[Path]:
    """A copy of the example policies (test files name them relative to themselves)."""
    with tempfile.TemporaryDirectory() as tmp:
        for folder in POLICY_DIRS:
            for path in folder.glob("*.yaml"):
                shutil.copy(path, Path(tmp) / path.name)
        yield Path(tmp)


_serial = iter(range(10**9))


def _write(folder: Path, original: Path, text: str) -> Path:
    """The mutated file under a new name each time (loaded policies are cached by path)."""
    path = folder / f"m{next(_serial)}-{original.name}"
    path.write_bytes(text.encode("utf-8", "surrogatepass"))
    return path


FUZZ = settings(
    max_examples=EXAMPLES_PER_FILE,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


@pytest.mark.parametrize("original", EVENTS_FILES, ids=lambda p: p.name)
def test_a_mutated_events_file_never_crashes(original: Path, workdir: Path) -> None:
    @FUZZ
    @given(mutated(original.read_text()))
    def check(text: str) -> None:
        path = _write(workdir, original, text)
        run("plan", str(path), *AS_OF)
        run("draft", str(path), "acme-sre/thank-you-panel-lead/2026-10-06", *AS_OF)

    check()


@pytest.mark.parametrize("original", POLICY_FILES, ids=lambda p: p.name)
def test_a_mutated_policy_never_crashes(original: Path, workdir: Path) -> None:
    events = str(ROOT / "examples" / "tech-panel.yaml")

    @FUZZ
    @given(mutated(original.read_text()))
    def check(text: str) -> None:
        path = _write(workdir, original, text)
        if run("validate", str(path)) == 0:
            run("plan", events, "--policy", str(path), *AS_OF)

    check()


@pytest.mark.parametrize("original", TEST_FILES, ids=lambda p: p.name)
def test_a_mutated_test_file_never_crashes(original: Path, workdir: Path) -> None:
    @FUZZ
    @given(mutated(original.read_text()))
    def check(text: str) -> None:
        run("test", str(_write(workdir, original, text)))

    check()


def test_every_kind_of_file_is_fuzzed() -> None:
    assert len(EVENTS_FILES) >= 5 and len(POLICY_FILES) >= 6 and len(TEST_FILES) >= 8
