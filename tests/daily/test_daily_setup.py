"""Setting up the daily loop: the config file, `new` defaults and checks, people on the command
line, `add applied` / `new --applied`, `add contact`, `--policy` by a registered name."""

from __future__ import annotations

from pathlib import Path

import pendulum
import pytest
from click.testing import CliRunner

from followup.cli import cli
from followup.config import load_config
from followup.dates.clock import FixedClock
from followup.errors import InputError
from followup.events import load_events
from followup.record import parse_person
from paths import ROOT

NOW = FixedClock(pendulum.datetime(2026, 10, 7, 9, tz="America/New_York"))
GRACE = "grace@acme.example"
EXAMPLES = ROOT / "examples"


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), obj={"clock": NOW}, env=env)
    return result.exit_code, result.stdout, result.stderr


def new(path: Path, *extra: str) -> tuple[int, str, str]:
    return run("new", "acme", "--company", "Acme", "--role", "SRE", "--name", "Ada",
               "--file", str(path), *extra)  # fmt: skip


@pytest.mark.parametrize(
    ("text", "person"),
    [
        ("Grace Hopper", {"name": "Grace Hopper"}),
        ("Grace Hopper <grace@acme.example>", {"name": "Grace Hopper", "email": GRACE}),
        (
            "Dr. Grace Hopper, Director <grace@acme.example>",
            {"name": "Grace Hopper", "honorific": "Dr.", "title": "Director", "email": GRACE},
        ),
        ("Prof Alan Turing", {"name": "Alan Turing", "honorific": "Prof"}),
    ],
)  # fmt: skip
def test_people_on_the_command_line(text: str, person: dict[str, str]) -> None:
    assert parse_person(text) == person


@pytest.mark.parametrize(
    "text", ["sam@x.com", "Grace Hopper grace@x", "<grace@x>", "Grace <", "Grace <g@x@y>"]
)
def test_addresses_without_the_accepted_form_are_refused(text: str) -> None:
    with pytest.raises(InputError, match=r"Grace Hopper <grace@acme\.example>|give a name"):
        parse_person(text)


def test_new_refuses_an_address_as_a_recruiter_name(tmp_path: Path) -> None:
    code, _, err = new(tmp_path / "e.yaml", "--recruiter", "sam@x.com")
    assert code == 2 and "angle brackets" in err and "'Grace Hopper <grace@acme.example>'" in err
    assert not (tmp_path / "e.yaml").exists()


@pytest.mark.parametrize("address", ["@acme.example", "ada@", "ada@acme\tco", "a@b@c", "ada"])
def test_new_refuses_your_email_when_it_is_not_one_address(tmp_path: Path, address: str) -> None:
    # The same rule as a recruiter's `NAME <EMAIL>`: an address `import mail` could never match
    # must not reach the events file.
    code, _, err = new(tmp_path / "e.yaml", "--timezone", "UTC", "--email", address)
    assert code == 2 and f"--email {address!r}: not an email address" in err
    assert not (tmp_path / "e.yaml").exists()


def test_new_keeps_your_email_without_surrounding_spaces(tmp_path: Path) -> None:
    code, _, err = new(tmp_path / "e.yaml", "--timezone", "UTC", "--email", " ada@acme.example ")
    assert code == 0, err
    assert load_events(tmp_path / "e.yaml").candidate.email == "ada@acme.example"


def test_new_timezone_defaults_to_the_system_zone_and_suggests_names(tmp_path: Path) -> None:
    assert new(tmp_path / "e.yaml")[0] == 0
    assert load_events(tmp_path / "e.yaml").candidate.timezone == "America/New_York"
    code, _, err = new(tmp_path / "f.yaml", "--timezone", "Europe/Londn")
    assert code == 2 and "did you mean 'Europe/London'?" in err


def test_an_unknown_industry_is_a_warning_with_did_you_mean(tmp_path: Path) -> None:
    code, _, err = new(tmp_path / "e.yaml", "--industry", "tecnology")
    assert code == 0 and "no policy names it" in err and "did you mean 'technology'?" in err


def test_applied_events_track_an_application_before_any_interview(tmp_path: Path) -> None:
    path = tmp_path / "e.yaml"
    assert new(path, "--applied", "2026-10-01T09:00")[0] == 0
    assert [e.type for e in load_events(path).applications[0].events] == ["applied"]
    code, out, err = run("add", "applied", "acme", "--file", str(path))
    assert code == 0, err
    assert "recorded applied for acme" in out
    status = run("status", str(path), "--as-of", "2026-10-07T09:00")[1]
    assert "applied" in status.splitlines()[3]
    code, _, err = run("add", "follow-up", "acme", "--file", str(path))
    assert code == 0, err  # a follow-up on an application needs no interview


def test_the_startup_policy_follows_up_after_applying(tmp_path: Path) -> None:
    path = tmp_path / "e.yaml"
    assert new(path, "--industry", "startup", "--recruiter", "Kim Park <kim@acme.example>",
               "--applied", "2026-10-01T09:00")[0] == 0  # fmt: skip
    code, out, _ = run(
        "due", str(path), "--as-of", "2026-10-09T10:00",
        "--policy-dir", str(EXAMPLES / "policies"),
    )  # fmt: skip
    assert code == 0 and "follow-up-after-applying" in out and "Kim Park" in out
    built_in = run("due", str(path), "--as-of", "2026-10-09T10:00")[1]
    assert "follow-up-after-applying" not in built_in  # the built-ins stay silent


def test_add_contact_sets_the_recruiter(tmp_path: Path) -> None:
    path = tmp_path / "e.yaml"
    assert new(path)[0] == 0
    code, out, err = run("add", "contact", "acme", "Sam Reed <sam@acme.example>",
                         "--title", "Talent Partner", "--file", str(path))  # fmt: skip
    assert code == 0, err and "recorded contact Sam Reed" in out
    recruiter = load_events(path).applications[0].recruiter
    assert recruiter is not None and (recruiter.email, recruiter.title) == (
        "sam@acme.example",
        "Talent Partner",
    )
    code, _, err = run("add", "contact", "acme", "Kim <kim@acme.example>", "--file", str(path))
    assert code == 2 and "--replace" in err


def test_add_contact_records_the_surname_a_greeting_uses(tmp_path: Path) -> None:
    """Ms. María José García López goes by García (G27: greet by honorific and surname); no
    rule reads that from her name, so `add contact --surname` records it for the drafts."""
    path = tmp_path / "e.yaml"
    assert new(path)[0] == 0
    maria = "María José García López <mj@acme.example>"
    code, _, err = run(
        "add", "contact", "acme", maria, "--honorific", "Ms.", "--surname", "García",
        "--file", str(path),
    )  # fmt: skip
    assert code == 0, err
    recruiter = load_events(path).applications[0].recruiter
    assert recruiter is not None and recruiter.formal_name == "Ms. García"


def test_the_config_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "conf" / "config.toml"
    config.parent.mkdir()
    (tmp_path / "conf" / "mine").mkdir()
    (tmp_path / "conf" / "mine" / "startup.yaml").write_text(
        (EXAMPLES / "policies" / "startup.yaml").read_text()
    )
    config.write_text(
        'events_file = "events.yaml"\npolicy_dirs = ["mine"]\ntimezone = "Asia/Tokyo"\n'
    )
    monkeypatch.setenv("FOLLOWUP_CONFIG", str(config))
    monkeypatch.delenv("FOLLOWUP_EVENTS", raising=False)
    assert run("config", "path")[1].strip() == str(config)
    loaded = load_config()
    assert loaded.events_file == tmp_path / "conf" / "events.yaml"
    assert loaded.policy_dirs == (tmp_path / "conf" / "mine",)
    shown = run("config", "show")[1]
    assert f"  in use:     {tmp_path / 'conf' / 'events.yaml'}  (from this file)" in shown
    monkeypatch.setenv("FOLLOWUP_EVENTS", str(tmp_path / "other.yaml"))
    shown = run("config", "show")[1]
    assert f"  in use:     {tmp_path / 'other.yaml'}  (from $FOLLOWUP_EVENTS)" in shown
    monkeypatch.delenv("FOLLOWUP_EVENTS")
    code, out, err = run("new", "acme", "--company", "A", "--role", "B", "--name", "Ada")
    assert code == 0, err and str(tmp_path / "conf" / "events.yaml") in out
    assert load_events(tmp_path / "conf" / "events.yaml").candidate.timezone == "Asia/Tokyo"
    code, out, _ = run("policies")
    assert code == 0 and "startup  (registered)" in out
    code, _, err = run("plan", "--policy", "startup", "--as-of", "2026-10-07")
    assert code == 0, err  # a registered policy by its name
    config.write_text("events_fle = 'x'\n")
    code, _, err = run("plan")
    assert code == 2 and "unknown key 'events_fle'; did you mean 'events_file'?" in err
    config.write_text("timezone = [\n")
    assert run("config", "show")[0] == 2


@pytest.mark.parametrize("args", [["add", "--help"], ["add", "reply", "--help"]])
def test_help_names_the_config_file_among_the_events_file_defaults(args: list[str]) -> None:
    """The config file's `events_file` is used after $FOLLOWUP_EVENTS (test above): the help
    that lists where the file is looked for says so, in that order."""
    code, out, _ = run(*args)
    assert code == 0
    text = " ".join(out.split())
    env, config, xdg = (text.index(s) for s in ("$FOLLOWUP_EVENTS", "events_file", "$XDG_DATA"))
    assert env < config < xdg


@pytest.mark.parametrize(
    "args", [["new"], ["add", "contact"], ["import", "mail"], ["add", "interview"], ["snooze"]]
)
def test_as_of_help_promises_an_at_only_where_there_is_one(args: list[str]) -> None:
    """`followup import mail --help` said --as-of was "the default --at", an option it lacks."""
    code, out, _ = run(*args, "--help")
    assert code == 0
    text = " ".join(out.split())
    has_at = "--at DATETIME" in text
    as_of = text[text.index("--as-of DATETIME") :]
    as_of = as_of[: as_of.index("Default: now.")]
    assert ("--at" in as_of) == has_at or "where the command has one" in as_of


def test_policy_names_and_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    events = str(EXAMPLES / "tech-panel.yaml")
    code, _, err = run("plan", events, "--policy", "generc")
    assert code == 2 and "did you mean 'generic'?" in err
    code, out, _ = run("policies")
    files = [line.split()[1] for line in out.splitlines() if line.strip().startswith("file:")]
    assert files and all(Path(f).is_file() for f in files)
    monkeypatch.chdir(EXAMPLES)
    code, out, err = run("plan", events, "--policy", "startup", "--as-of", "2026-10-07",
                         env={"FOLLOWUP_POLICY_DIR": "policies"})  # fmt: skip
    assert code == 0, err
    assert "FOLLOWUP_POLICY_DIR entry 'policies' is relative" in err


def test_config_show_names_the_default_events_file_when_nothing_sets_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No config file, no $FOLLOWUP_EVENTS: `config show` says which file the commands use."""
    monkeypatch.setenv("FOLLOWUP_CONFIG", str(tmp_path / "none.toml"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.delenv("FOLLOWUP_EVENTS", raising=False)
    code, out, _ = run("config", "show")
    assert code == 0
    assert "events_file:  -\n" in out
    expected = tmp_path / "data" / "interview-followup" / "events.yaml"
    assert f"  in use:     {expected}  (the default)" in out
