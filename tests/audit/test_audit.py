"""`followup plan --audit-log` and `followup audit verify`: content, atomic appends, verdicts."""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pendulum
import pytest
from click.testing import CliRunner

from followup import __version__
from followup.auditchain import append, record_hash
from followup.cli import cli
from followup.dates.clock import FixedClock
from followup.policy import builtin_path
from paths import ROOT

TECH_PANEL = ROOT / "examples" / "tech-panel.yaml"
RUN_AT = pendulum.datetime(2026, 10, 7, 8, 30, tz="UTC")
CLOCK = {"clock": FixedClock(RUN_AT)}


def invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args), obj=CLOCK)
    return result.exit_code, result.output


def plan_logged(events: Path, log: Path, as_of: str, *more: str) -> None:
    code, out = invoke("plan", str(events), "--as-of", as_of, "--audit-log", str(log), *more)
    assert code == 0, out


def lines(log: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]


def copy(src: Path, dst: Path) -> Path:
    dst.write_text(src.read_text(encoding="utf-8"), encoding="utf-8")
    return dst


# -- the log line -----------------------------------------------------------------------------
def test_a_plan_run_appends_one_line_with_everything_needed(tmp_path: Path) -> None:
    log = tmp_path / "audit.jsonl"
    plan_logged(TECH_PANEL, log, "2026-10-07T09:00")
    code, out = invoke(
        "plan", str(TECH_PANEL), "--as-of", "2026-10-07T09:00", "--all", "--format", "json"
    )
    assert code == 0
    planned = json.loads(out)
    (record,) = lines(log)
    assert record["audit_version"] == 2
    assert (record["seq"], record["prev"]) == (1, None)
    assert record["hash"] == record_hash(record)
    assert record["run_at"] == "2026-10-07T08:30:00+00:00"  # the injected clock, not the wall clock
    assert record["as_of"] == "2026-10-07T09:00:00+01:00"
    assert record["version"] == __version__
    assert record["policies"] == [
        {
            "name": "fast-paced",
            "source": "policies/fast-paced.yaml",
            "sha256": planned["policies"][0]["sha256"],
            "builtin": "fast-paced",
            "path": None,
        }
    ]
    (logged,) = record["inputs"]
    assert logged["events"] == str(TECH_PANEL)
    assert logged["path"] == str(TECH_PANEL.resolve())
    assert logged["sha256"] == hashlib.sha256(TECH_PANEL.read_bytes()).hexdigest()
    assert logged["assignments"] == {"acme-sre": "policies/fast-paced.yaml"}
    assert logged["actions"] == [
        {"id": a["id"], "rule": a["rule"], "status": a["status"]} for a in planned["actions"]
    ]
    assert {a["status"] for a in logged["actions"]} >= {"done", "cancelled", "due", "upcoming"}


def test_runs_append_and_a_custom_policy_is_logged_by_path(tmp_path: Path) -> None:
    generic = builtin_path("generic")
    assert generic is not None
    custom = copy(generic, tmp_path / "custom.yaml")
    log = tmp_path / "audit.jsonl"
    plan_logged(TECH_PANEL, log, "2026-10-07T09:00")
    plan_logged(TECH_PANEL, log, "2026-10-20T09:00", "--policy", str(custom))
    first, second = lines(log)
    assert first["as_of"] == "2026-10-07T09:00:00+01:00"
    assert second["policy_override"] == str(custom)
    (policy,) = second["policies"]
    assert (policy["name"], policy["builtin"], policy["path"]) == ("generic", None, str(custom))


def test_a_builtin_is_logged_by_name_and_a_look_alike_file_by_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A user's `policies/generic.yaml` is shown as the built-in is; the log tells them apart
    by content, whichever of the two planned."""
    generic = builtin_path("generic")
    assert generic is not None
    monkeypatch.chdir(tmp_path)
    (tmp_path / "policies").mkdir()
    mine = tmp_path / "policies" / "generic.yaml"
    mine.write_text(generic.read_text("utf-8") + "# mine\n", encoding="utf-8")
    log = tmp_path / "audit.jsonl"
    plan_logged(TECH_PANEL, log, "2026-10-07T09:00", "--policy", "generic")
    plan_logged(TECH_PANEL, log, "2026-10-07T09:00", "--policy", "./policies/generic.yaml")
    builtin, look_alike = (record["policies"][0] for record in lines(log))
    assert (builtin["source"], builtin["builtin"], builtin["path"]) == (
        "policies/generic.yaml",
        "generic",
        None,
    )
    assert (look_alike["source"], look_alike["builtin"], look_alike["path"]) == (
        "policies/generic.yaml",
        None,
        str(mine.resolve()),
    )


def test_an_unwritable_audit_log_is_a_user_error(tmp_path: Path) -> None:
    log = tmp_path / "missing-dir" / "audit.jsonl"
    code, out = invoke(
        "plan", str(TECH_PANEL), "--as-of", "2026-10-07T09:00", "--audit-log", str(log)
    )
    assert code == 2
    assert "cannot open the audit log" in out


# -- atomic appends ---------------------------------------------------------------------------
def test_concurrent_appends_never_tear_a_line(tmp_path: Path) -> None:
    """Eight processes append 160 lines of 4 KB to 200 KB (past PIPE_BUF) at once, and the
    records form one chain."""
    log = tmp_path / "audit.jsonl"
    records = [
        (
            log,
            {
                "audit_version": 2,
                "writer": i,
                "payload": chr(ord("a") + i % 26) * (4096 + (i * 37_337) % 200_000),
            },
        )
        for i in range(160)
    ]
    with multiprocessing.get_context("spawn").Pool(8) as pool:
        pool.starmap(append, records, chunksize=1)
    raw = log.read_bytes()
    assert raw.endswith(b"\n")
    parsed = [json.loads(line) for line in raw.decode("utf-8").splitlines()]
    assert sorted(p["writer"] for p in parsed) == list(range(160))
    for p in parsed:
        assert set(p["payload"]) == {chr(ord("a") + p["writer"] % 26)}
    assert [p["seq"] for p in parsed] == list(range(1, 161))
    assert [p["prev"] for p in parsed] == [None] + [p["hash"] for p in parsed[:-1]]


def test_a_log_another_run_creates_meanwhile_is_appended_to(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two `--audit-log` runs start on a log that does not exist yet: one looks (nothing there)
    and the other creates it before the first opens it. The first appends all the same; it
    used to refuse the log as "not a regular file" (seen under load in the test above)."""
    log = tmp_path / "audit.jsonl"
    real_stat = os.stat

    def opening() -> bool:  # asked while the log is being opened (not by earlier checks)
        frame = sys._getframe(1)
        while frame.f_back is not None and frame.f_code.co_name != "_open_log":
            frame = frame.f_back
        return frame.f_code.co_name == "_open_log"

    def created_meanwhile(path: Any, *args: Any, **kwargs: Any) -> os.stat_result:
        if Path(path) == log and not os.path.lexists(log) and opening():
            log.touch()  # the other run, between this run's look and its open
            raise FileNotFoundError(2, "No such file or directory", str(path))
        return real_stat(path, *args, **kwargs)

    monkeypatch.setattr(os, "stat", created_meanwhile)
    append(log, {"audit_version": 2, "writer": 1})
    monkeypatch.undo()
    (record,) = [json.loads(line) for line in log.read_text().splitlines()]
    assert (record["writer"], record["seq"], record["prev"]) == (1, 1, None)


# -- verify -----------------------------------------------------------------------------------
def verify(log: Path, *more: str) -> tuple[int, str]:
    return invoke("audit", "verify", str(log), *more)


@pytest.fixture
def setup(tmp_path: Path) -> tuple[Path, Path, Path]:
    """Events and a custom policy (a copy of generic) in tmp_path, planned once into a log."""
    generic = builtin_path("generic")
    assert generic is not None
    events = copy(TECH_PANEL, tmp_path / "events.yaml")
    policy = copy(generic, tmp_path / "custom.yaml")
    log = tmp_path / "audit.jsonl"
    plan_logged(events, log, "2026-10-08T09:00", "--policy", str(policy))
    return events, policy, log


def test_verify_same(setup: tuple[Path, Path, Path]) -> None:
    events, _, log = setup
    plan_logged(events, log, "2026-10-07T09:00")  # a built-in policy, chosen by industry
    code, out = verify(log)
    assert code == 0, out
    assert f"{log}:1  run 2026-10-07T08:30:00+00:00  as of 2026-10-08T09:00:00+01:00  same (" in out
    assert f"{log}:2  " in out
    assert out.rstrip().endswith("2 run(s): 2 same")


def test_verify_policy_changed_names_the_policy_and_the_actions(
    setup: tuple[Path, Path, Path],
) -> None:
    _, policy, log = setup
    text = policy.read_text(encoding="utf-8")
    # the panel thank-you (due 24 h after the interview, overdue at the logged as-of) gets 48 h
    old = (
        "      due_by: 24h\n      late_after: 3d\n      lapse_after: 1w\n"
        "    done_when: [thank_you_sent]\n"
    )
    assert old in text
    policy.write_text(text.replace(old, old.replace("24h", "48h"), 2), encoding="utf-8")
    code, out = verify(log)
    assert code == 1
    assert f"policy changed: generic ({policy}) sha256 " in out
    assert "acme-sre/thank-you-panel-lead/2026-10-06: overdue -> due" in out
    assert out.rstrip().endswith("1 run(s): 1 policy changed")


def test_verify_differs_when_the_same_inputs_give_other_actions(
    setup: tuple[Path, Path, Path],
) -> None:
    _, _, log = setup
    record = lines(log)[0]
    actions = record["inputs"][0]["actions"]
    actions[0]["status"] = "due" if actions[0]["status"] != "due" else "done"
    actions.append({"id": "acme-sre/invented/2026-10-06", "rule": "invented", "status": "due"})
    record["hash"] = record_hash(record)  # a forger who knows the chain: only the re-run tells
    log.write_text(json.dumps(record) + "\n", encoding="utf-8")
    code, out = verify(log)
    assert code == 1
    assert "differs (2 of" in out
    assert "acme-sre/invented/2026-10-06: due -> (none)" in out
    assert f"{actions[0]['id']}: {actions[0]['status']} -> " in out


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ("delete events", "events.yaml: events file not found"),
        ("edit events", "events.yaml: events file changed since the run"),
        ("delete policy", "custom.yaml: policy file not found"),
        ("break policy", "policy generic no longer loads"),
    ],
)
def test_verify_inputs_missing(setup: tuple[Path, Path, Path], change: str, message: str) -> None:
    events, policy, log = setup
    if change == "delete events":
        events.unlink()
    elif change == "edit events":
        events.write_text(events.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    elif change == "delete policy":
        policy.unlink()
    else:
        policy.write_text("policy: generic\nrules: nonsense\n", encoding="utf-8")
    code, out = verify(log)
    assert code == 1
    assert "inputs missing" in out
    assert message in out


def test_verify_json(setup: tuple[Path, Path, Path]) -> None:
    _, _, log = setup
    code, out = verify(log, "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["summary"]["same"] == 1 and data["summary"]["total"] == 1
    assert data["lines"][0]["verdict"] == "same"
    assert data["lines"][0]["line"] == 1


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "no such file"),
        ("not json\n", ":1:1: not a JSON line"),
        ('  {"audit_version": 1}\n', ":1:3: not an audit record: missing run_at"),
        ('{"a": 1, "b": tru}\n', ":1:15: not a JSON line"),
        (b'["caf\xc3\xa9\xff"]\n', ":1:7: not a JSON line"),
        ("[1, 2]\n", ":1:1: not an audit record"),
        (
            '{"audit_version": 9, "run_at": "", "version": "", "policies": [], "inputs": []}\n',
            ":1:1: audit_version 9 is not supported",
        ),
    ],
)
def test_an_unreadable_log_exits_2(
    tmp_path: Path, content: str | bytes | None, message: str
) -> None:
    log = tmp_path / "audit.jsonl"
    if isinstance(content, bytes):
        log.write_bytes(content)
    elif content is not None:
        log.write_text(content, encoding="utf-8")
    code, out = verify(log)
    assert code == 2
    assert message in out


# -- malformed records: one `Error: FILE:LINE:COL: ...` line, exit 2, never a traceback ---------
def _set(*path: str | int, to: Any) -> Callable[[dict[str, Any]], str | None]:
    def change(record: dict[str, Any]) -> str | None:
        target: Any = record
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = to
        return None

    return change


MALFORMED: list[tuple[str, Callable[[dict[str, Any]], str | None], str]] = [
    ("policies a string", _set("policies", to="x"), "policies: expected a list of policy records"),
    ("policies null", _set("policies", to=None), "policies: expected a list of policy records"),
    ("policies of names", _set("policies", to=["generic"]), "policies[0]: expected a policy"),
    ("policy sha256", _set("policies", 0, "sha256", to=1), "policies[0].sha256: expected a"),
    ("assignments a list", _set("inputs", 0, "assignments", to=["acme"]), "assignments: expected"),
    (
        "actions a string",
        _set("inputs", 0, "actions", to="x"),
        "inputs[0].actions: expected a list",
    ),
    (
        "action without status",
        _set("inputs", 0, "actions", to=[{"id": "a", "rule": "r"}]),
        "inputs[0].actions[0]: missing status",
    ),
    ("action id null", _set("inputs", 0, "actions", 0, "id", to=None), "actions[0].id: expected"),
    ("events path a list", _set("inputs", 0, "path", to=[]), "inputs[0].path: expected a string"),
    ("version an object", _set("version", to={}), "version: expected a string"),
    ("lone surrogate", _set("inputs", 0, "events", to="\ud800"), "inputs[0].events: expected"),
    ("deep nesting", lambda _: "[" * 100_000 + "]" * 100_000, "nested deeper than 64"),
    (
        "input as_of overflows",
        _set("inputs", 0, "as_of", to="9999-12-31T23:59:00-12:00"),
        "inputs[0].as_of: not a date-time",
    ),
    (
        "input as_of offset of 24 h",
        _set("inputs", 0, "as_of", to="2026-10-06T23:00+24:00"),
        "inputs[0].as_of: not a date-time",
    ),
    (
        "input as_of year 1",
        _set("inputs", 0, "as_of", to="0001-01-01T00:00:00+00:00"),
        "inputs[0].as_of: outside the years 1900-2199: '0001-01-01T00:00:00+00:00'",
    ),
    ("input as_of a time", _set("inputs", 0, "as_of", to="09:00"), "as_of: not a date-time"),
    (
        "as_of overflows",
        _set("as_of", to="9999-12-31T23:59:00-12:00"),
        ": as_of: not a date-time",
    ),
    ("as_of offset of 24 h", _set("as_of", to="2026-10-06T23:00+24:00"), ": as_of: not a date"),
    ("run_at a number", _set("run_at", to=5), "run_at: not a date-time: 5"),
]


@pytest.mark.parametrize(
    ("change", "message"), [m[1:] for m in MALFORMED], ids=[m[0] for m in MALFORMED]
)
def test_a_malformed_record_is_one_error_line(
    setup: tuple[Path, Path, Path],
    change: Callable[[dict[str, Any]], str | None],
    message: str,
) -> None:
    """The bad record is line 2, after a good one: the message names the file and that line."""
    _, _, log = setup
    good = log.read_text(encoding="utf-8")
    record = json.loads(good)
    line = change(record)
    text = good + (line if line is not None else json.dumps(record)) + "\n"
    log.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(cli, ["audit", "verify", str(log)], obj=CLOCK)
    assert result.exit_code == 2, result.output
    assert isinstance(result.exception, SystemExit)  # not a crash CliRunner caught
    (error,) = result.stderr.splitlines()
    assert error.startswith(f"Error: {log}:2:"), error
    col = int(error.removeprefix(f"Error: {log}:2:").split(":")[0])
    assert text.splitlines()[1][col - 1] in '{["-0123456789tfn'  # the bad value starts there
    assert message in error
    assert "Traceback" not in result.output
    assert log.read_text(encoding="utf-8") == text


def test_a_line_nested_to_the_limit_is_read_as_json(tmp_path: Path) -> None:
    """64 levels are read (and refused as a record); 65 are refused as too deep."""
    log = tmp_path / "audit.jsonl"
    log.write_text("[" * 64 + "]" * 64 + "\n", encoding="utf-8")
    code, out = verify(log)
    assert (code, "not an audit record (expected a JSON object)" in out) == (2, True)
    log.write_text('["[[[[", ' + "[" * 64 + "]" * 64 + "]\n", encoding="utf-8")
    code, out = verify(log)
    assert (code, "nested deeper than 64" in out) == (2, True)
