"""Work is bounded for every input (issue 11, item 6).

Building actions copied every later event for every match (10^5 events ran past 600 s); counts
of applications, events, interviewers and rules are limited and checked before the work starts;
`audit verify` reads its log under the size limit; `--max-input-size` is bounded. Time and memory
are measured in a child process with `resource` (processor time and peak memory, never the wall
clock), against generous bounds.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pendulum
import pytest
from click.testing import CliRunner

from followup.cli import cli
from followup.limits import (
    MAX_ACTIONS,
    MAX_APPLICATIONS,
    MAX_EVENTS,
    MAX_EVENTS_PER_APPLICATION,
    MAX_INTERVIEWERS,
    MAX_POLICY_BYTES,
)
from paths import ROOT

MB = 1024 * 1024
AS_OF = "2026-06-01T00:00"


def _worst_application(events: int, people: int, app_id: str = "a") -> list[str]:
    """Interviews with every interviewer (an action each) and thank-yous naming none of them:
    each action's status looked at every later event."""
    names = ", ".join(f"{{name: P{k}}}" for k in range(people))
    lines = [f"- id: {app_id}", "  company: C", "  role: R", "  recruiter: {name: R}", "  events:"]
    start = pendulum.datetime(2026, 1, 1, 10)
    for n in range(events):
        at = start.add(minutes=n).format("YYYY-MM-DDTHH:mm")
        if n % 2 == 0:
            lines.append(f"  - {{type: interview, at: {at}, interviewers: [{names}]}}")
        else:
            lines.append(f"  - {{type: thank_you_sent, at: {at}, to: [nobody]}}")
    return lines


def _events_file(path: Path, apps: list[list[str]]) -> Path:
    lines = ["candidate: {name: Ada, timezone: UTC}", "applications:"]
    for app in apps:
        lines += app
    path.write_text("\n".join(lines) + "\n")
    return path


def _measured(*args: str) -> tuple[subprocess.CompletedProcess[str], float, float]:
    """Run followup in a child; its exit, processor seconds and peak memory in MB."""
    script = textwrap.dedent(
        """
        import json, resource, subprocess, sys
        done = subprocess.run(
            [sys.executable, "-m", "followup", *sys.argv[1:]], capture_output=True, text=True
        )
        used = resource.getrusage(resource.RUSAGE_CHILDREN)
        print(json.dumps([done.returncode, done.stdout[-2000:], done.stderr[-2000:],
                          used.ru_utime + used.ru_stime, used.ru_maxrss]))
        """
    )
    outer = subprocess.run(
        [sys.executable, "-c", script, *args], capture_output=True, text=True, check=True
    )
    code, out, err, seconds, peak_kb = json.loads(outer.stdout)
    return subprocess.CompletedProcess(args, code, out, err), seconds, peak_kb / 1024


def test_the_worst_application_at_the_limits_is_planned_in_bounded_time_and_memory(
    tmp_path: Path,
) -> None:
    path = _events_file(
        tmp_path / "e.yaml", [_worst_application(MAX_EVENTS_PER_APPLICATION, MAX_INTERVIEWERS)]
    )
    result, seconds, peak_mb = _measured("plan", str(path), "--as-of", AS_OF, "--policy", "generic")
    assert result.returncode == 0, result.stderr
    assert "action(s)" in result.stdout
    # Quadratic, this shape took minutes at 10^4 events; linear, it takes a few seconds.
    assert seconds < 60
    assert peak_mb < 500


def test_a_huge_policy_is_refused_before_its_rules_are_checked(tmp_path: Path) -> None:
    rule = (
        "- {{id: r-{n}, when: {{event: interview}}, action: {{kind: thank_you, to: recruiter}},"
        " timing: {{anchor: trigger, not_before: 0h, due_by: 1d}}, because: b}}"
    )
    rules = "\n".join(rule.format(n=n) for n in range(100_000))
    path = tmp_path / "huge.yaml"
    path.write_text(f"policy: huge\nrules:\n{textwrap.indent(rules, '  ')}\n")
    assert path.stat().st_size < 20 * MB
    result, seconds, peak_mb = _measured("validate", str(path))
    assert result.returncode == 1, result.stderr
    assert f"over the {MAX_POLICY_BYTES}-byte limit of a policy [too-large]" in result.stdout
    assert seconds < 60
    assert peak_mb < 500


@pytest.mark.parametrize(
    ("apps", "message"),
    [
        ([[f"- {{id: a{n}, company: C, role: R}}"] for n in range(MAX_APPLICATIONS + 1)],
         f"applications: {MAX_APPLICATIONS + 1} applications, over the limit of "
         f"{MAX_APPLICATIONS} per events file (limits.MAX_APPLICATIONS): split the file"),
        ([_worst_application(MAX_EVENTS_PER_APPLICATION + 1, 1)],
         f"applications[0].events: {MAX_EVENTS_PER_APPLICATION + 1} events, over the limit "
         f"of {MAX_EVENTS_PER_APPLICATION} per application (limits.MAX_EVENTS_PER_APPLICATION)"),
        ([_worst_application(MAX_EVENTS_PER_APPLICATION, 1, f"a{n}")
          for n in range(MAX_EVENTS // MAX_EVENTS_PER_APPLICATION + 1)],
         f"more than {MAX_EVENTS} events in the file, over the limit (limits.MAX_EVENTS): "
         "split the file"),
        ([_worst_application(1, MAX_INTERVIEWERS + 1)],
         f"interviewers: {MAX_INTERVIEWERS + 1} people, over the limit of {MAX_INTERVIEWERS} "
         "(limits.MAX_INTERVIEWERS)"),
    ],
    ids=["applications", "events-per-application", "events", "interviewers"],
)  # fmt: skip
def test_counts_past_the_limits_are_one_line_errors(
    tmp_path: Path, apps: list[list[str]], message: str
) -> None:
    path = _events_file(tmp_path / "e.yaml", apps)
    result = CliRunner().invoke(cli, ["plan", str(path), "--as-of", AS_OF])
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and message in lines[0] and "e.yaml:" in lines[0], result.output


def test_max_input_size_is_bounded_not_an_overflow(tmp_path: Path) -> None:
    events = ROOT / "examples" / "tech-panel.yaml"
    result = CliRunner().invoke(cli, ["plan", str(events), "--max-input-size", "9999999999999"])
    assert result.exit_code == 2
    assert "--max-input-size" in result.output and "Traceback" not in result.output
    ok = CliRunner().invoke(
        cli, ["plan", str(events), "--max-input-size", "100000", "--as-of", "2026-10-07T09:00"]
    )
    assert ok.exit_code == 0, ok.output


def test_audit_verify_reads_its_log_under_the_size_limit(tmp_path: Path) -> None:
    log = tmp_path / "audit.jsonl"
    log.write_bytes(b"\n" * (MB + 1))
    result = CliRunner().invoke(cli, ["audit", "verify", str(log), "--max-input-size", "1"])
    assert result.exit_code == 2
    assert "over the" in result.output and "limit" in result.output
    assert len(result.output.strip().splitlines()) == 1
    if Path("/dev/zero").exists():
        zero = CliRunner().invoke(cli, ["audit", "verify", "/dev/zero", "--max-input-size", "1"])
        assert zero.exit_code == 2 and len(zero.output.strip().splitlines()) == 1


def _actions_of_one(tmp_path: Path, app: list[str]) -> int:
    from followup.api import plan
    from followup.dates.reading import parse_as_of
    from followup.events import load_events

    events = load_events(_events_file(tmp_path / "one.yaml", [app]))
    return len(plan(events, as_of=parse_as_of(AS_OF, "UTC")).actions)


def test_the_actions_of_one_application_are_bounded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A policy whose rules all match every event, or interviews with many interviewers, stop
    at limits.MAX_ACTIONS_PER_APPLICATION as the actions are built."""
    app = _worst_application(6, 3)  # three interviews of three: nine thank-yous at least
    path = _events_file(tmp_path / "e.yaml", [app])
    assert CliRunner().invoke(cli, ["plan", str(path), "--as-of", AS_OF]).exit_code == 0
    monkeypatch.setattr("followup.limits.MAX_ACTIONS_PER_APPLICATION", 8)
    result = CliRunner().invoke(cli, ["plan", str(path), "--as-of", AS_OF])
    assert result.exit_code == 2
    assert result.output == (
        f"Error: {path}:3:3: more than 8 actions planned for application 'a', over the "
        "limit (limits.MAX_ACTIONS_PER_APPLICATION)\n"
    )


@pytest.mark.parametrize(
    "options", [[], ["--format", "json"], ["--jobs", "2"], ["--format", "jsonl"]]
)
def test_the_actions_of_one_events_file_are_bounded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, options: list[str]
) -> None:
    """A file at several limits at once (many applications of many events with many
    interviewers) stops at limits.MAX_ACTIONS, at the application that goes over it - in
    every output and with worker processes; each file planned together has its own budget."""
    count = _actions_of_one(tmp_path, _worst_application(6, 3))
    apps = [_worst_application(6, 3, f"a{n}") for n in range(4)]
    monkeypatch.setattr("followup.limits.MAX_ACTIONS", 3 * count)
    path = _events_file(tmp_path / "e.yaml", apps)
    three = [_worst_application(6, 3, f"b{n}") for n in range(3)]
    fits = _events_file(tmp_path / "f.yaml", three)
    renamed = [[line.replace("id: b", "id: c") for line in app] for app in three]
    also = _events_file(tmp_path / "g.yaml", renamed)
    ok = CliRunner().invoke(cli, ["plan", str(fits), str(also), "--as-of", AS_OF, *options])
    assert ok.exit_code == 0, ok.output
    result = CliRunner().invoke(cli, ["plan", str(path), "--as-of", AS_OF, *options])
    assert result.exit_code == 2
    line = 2 + 3 * len(apps[0]) + 1  # the fourth application's first line, its "- " at col 3
    assert result.output == (
        f"Error: {path}:{line}:3: more than {3 * count} actions planned for this events file, "
        "over the limit (limits.MAX_ACTIONS): split the file\n"
    )


def test_an_action_reads_only_the_events_that_can_settle_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Linear, not quadratic: each thank-you is checked against the thank-yous sent once per
    recipient, not once per action for every later event (2.6 million checks at the limits)."""
    import followup.actions

    calls = 0
    satisfies = followup.actions._satisfies

    def counted(*args: object) -> bool:
        nonlocal calls
        calls += 1
        return satisfies(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(followup.actions, "_satisfies", counted)
    events, people = 400, 10
    _actions_of_one(tmp_path, _worst_application(events, people))
    # 200 interviews of 10 people: 2,000 thank-yous, 200 thank-yous sent to nobody. Reading
    # every later event for each is ~200,000 checks; once per recipient, 10 x 200.
    assert calls <= 4 * people * events


def test_a_file_at_several_limits_at_once_stops_in_bounded_time_and_memory(
    tmp_path: Path,
) -> None:
    """50 applications of 1,000 events, every interview with 20 interviewers (all within the
    limits; 600,000 actions) took 156 processor seconds and 2 GB: the actions' limit stops it
    at the 13th application, and neither the reading nor the error's position makes a node
    tree or a map of every position (1.3 GB)."""
    apps = [
        _worst_application(MAX_EVENTS_PER_APPLICATION, MAX_INTERVIEWERS, f"a{n}")
        for n in range(MAX_EVENTS // MAX_EVENTS_PER_APPLICATION)
    ]
    path = _events_file(tmp_path / "e.yaml", apps)
    result, seconds, peak_mb = _measured("plan", str(path), "--as-of", AS_OF, "--policy", "generic")
    assert result.returncode == 2, result.stderr
    assert f"more than {MAX_ACTIONS} actions planned for this events file" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert seconds < 60
    assert peak_mb < 500
