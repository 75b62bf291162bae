"""`followup policies [show]`, `followup init` and registering custom policies with --policy-dir."""

from __future__ import annotations

import json
import os
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from followup.cli import cli
from followup.policy.dump import rule_to_dict, settings_to_dict
from followup.policy.load import builtin_path, check_policy_file
from followup.policy.model import Policy
from followup.policy.registry import ENV_VAR
from paths import ROOT

EXAMPLE_POLICIES = ROOT / "examples" / "policies"
AS_OF = "2026-03-03T12:00"


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args), env=env)
    return result.exit_code, result.output


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def load(path: Path) -> Policy:
    result = check_policy_file(path)
    assert [p.render() for p in result.problems if p.severity == "error"] == []
    assert result.policy is not None
    return result.policy


def generic() -> Path:
    path = builtin_path("generic")
    assert path is not None
    return path


# -- policies / policies show -----------------------------------------------------------------
def test_bare_policies_still_lists_the_builtins() -> None:
    code, out = run("policies")
    assert code == 0
    names = [line for line in out.splitlines() if line and not line.startswith(" ")]
    assert names == ["conservative", "fast-paced", "generic"]


def test_policies_lists_registered_policies_first() -> None:
    code, out = run("policies", "--policy-dir", str(EXAMPLE_POLICIES))
    assert code == 0
    names = [line for line in out.splitlines() if line and not line.startswith(" ")]
    assert names[:2] == ["healthcare  (registered)", "startup  (registered)"]
    assert names[-3:] == ["conservative", "fast-paced", "generic"]


@pytest.mark.parametrize(
    "ref", ["generic", "fast-paced", str(EXAMPLE_POLICIES / "healthcare.yaml")]
)
@pytest.mark.parametrize("resolved", [False, True])
def test_show_prints_a_valid_policy_equal_to_the_effective_one(
    tmp_path: Path, ref: str, resolved: bool
) -> None:
    code, out = run("policies", "show", ref, *(["--resolved"] if resolved else []))
    assert code == 0
    original = load(Path(ref) if "/" in ref else Path(str(builtin_path(ref))))
    shown = load(write(tmp_path / "shown.yaml", out))
    assert [rule_to_dict(r) for r in shown.rules] == [rule_to_dict(r) for r in original.rules]
    assert settings_to_dict(shown.settings) == settings_to_dict(original.settings)
    assert (shown.name, shown.industries, shown.description) == (
        original.name,
        original.industries,
        original.description,
    )


def test_show_resolved_names_the_origin_of_every_rule_and_setting(tmp_path: Path) -> None:
    write(
        tmp_path / "base.yaml",
        """\
        policy: base
        settings:
          max_follow_ups: 3
        rules:
          - id: one
            when: {event: interview}
            action: {kind: thank_you, to: each_interviewer}
            timing: {anchor: interview, not_before: 0h, due_by: 24h}
            because: One.
        """,
    )
    child = write(
        tmp_path / "child.yaml",
        """\
        policy: child
        extends: base.yaml
        settings:
          send_window: {earliest: '09:00', latest: '17:00'}
        rules:
          - id: two
            when: {event: rejected}
            action: {kind: gracious_reply, to: hiring_contact}
            timing: {anchor: trigger, not_before: 0h, due_by: 2d}
            because: Two.
        """,
    )
    code, out = run("policies", "show", str(child), "--resolved")
    assert code == 0
    lines = out.splitlines()
    assert f"# from {child} -> {tmp_path / 'base.yaml'} (extends flattened)" in lines
    assert f"  max_follow_ups: 3  # from {tmp_path / 'base.yaml'}:3" in lines
    assert f"  send_window:  # from {child}:4" in lines
    assert lines[lines.index("  - id: one") - 1] == f"  # from {tmp_path / 'base.yaml'}:5"
    assert lines[lines.index("  - id: two") - 1] == f"  # from {child}:6"
    assert "extends:" not in out


def test_show_default_settings_are_marked(tmp_path: Path) -> None:
    path = write(
        tmp_path / "p.yaml",
        """\
        policy: p
        rules:
          - id: one
            when: {event: interview}
            action: {kind: thank_you, to: each_interviewer}
            timing: {anchor: interview, not_before: 0h, due_by: 24h}
            because: One.
        """,
    )
    code, out = run("policies", "show", str(path), "--resolved")
    assert (code, "  max_follow_ups: 2  # default" in out.splitlines()) == (0, True)


@pytest.mark.parametrize("ref", ["nosuch", "./nosuch.yaml"])
def test_show_unknown_policy_exits_2(ref: str) -> None:
    assert run("policies", "show", ref)[0] == 2


def test_show_invalid_policy_exits_2_with_the_first_problem(tmp_path: Path) -> None:
    path = write(tmp_path / "bad.yaml", "policy: bad\nsetings: {}\n")
    code, out = run("policies", "show", str(path))
    assert code == 2
    assert out.startswith(f"Error: {path}:1:1: missing required key 'rules' [missing-key]")


# -- init -------------------------------------------------------------------------------------
@pytest.mark.parametrize("base", ["conservative", "generic", "fast-paced"])
def test_init_writes_a_starter_that_validates(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, base: str
) -> None:
    monkeypatch.chdir(tmp_path)
    code, out = run("init", "--industry", "healthcare", "--extends", base)
    assert code == 0, out
    written = tmp_path / "healthcare.yaml"
    result = check_policy_file(written)
    assert [p.render() for p in result.problems] == []  # not even a warning
    assert result.policy is not None
    assert (result.policy.name, result.policy.industries) == ("healthcare", ("healthcare",))
    base_policy = load(Path(str(builtin_path(base))))
    assert [rule_to_dict(r) for r in result.policy.rules] == [
        rule_to_dict(r) for r in base_policy.rules
    ]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["healthcare.yaml"]  # no temp files left


def test_init_commented_examples_work_when_uncommented(tmp_path: Path) -> None:
    out = tmp_path / "care.yaml"
    assert (
        run("init", "--industry", "Health Care", "--extends", "conservative", "-o", str(out))[0]
        == 0
    )
    text = out.read_text(encoding="utf-8")
    assert "policy: health-care\n" in text
    # the limit says what it counts: a reply starts it again (G28), so a coach raising or
    # lowering it knows what they change
    assert (
        "#   max_follow_ups: 2    # follow-ups without a response, since the interview or their "
        "last reply\n" in text
    )
    uncommented = []
    active = False  # past the header: from the first example block on
    for line in text.splitlines():
        if line.startswith(("# disable:", "# settings:", "# rules:")):
            active = True
        if active and line.startswith(("# disable:", "# settings:", "# rules:", "#   ")):
            line = line[2:]  # an example line; the other comments explain and stay
        uncommented.append(line)
    edited = write(tmp_path / "edited.yaml", "\n".join(uncommented) + "\n")
    policy = load(edited)
    assert policy.rule("reconsider-drawn-out-process") is None  # the disable example
    assert policy.rule("follow-up-after-decision-date") is not None
    assert policy.settings.max_follow_ups == 2


def test_init_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    out = write(tmp_path / "mine.yaml", "precious\n")
    code, output = run("init", "--industry", "healthcare", "-o", str(out))
    assert code == 2
    assert output == f"Error: {out}: already exists; use --force to overwrite it\n"
    assert out.read_text(encoding="utf-8") == "precious\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine.yaml"]


def test_init_force_overwrites(tmp_path: Path) -> None:
    out = write(tmp_path / "mine.yaml", "precious\n")
    assert run("init", "--industry", "healthcare", "-o", str(out), "--force")[0] == 0
    assert load(out).name == "healthcare"


def test_init_extends_a_file_relative_to_the_new_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "bases" / "care.yaml", "policy: care\nextends: conservative\n")
    out = tmp_path / "teams" / "icu.yaml"
    out.parent.mkdir()
    assert run("init", "--industry", "icu", "--extends", "bases/care.yaml", "-o", str(out))[0] == 0
    assert "extends: ../bases/care.yaml" in out.read_text(encoding="utf-8")
    assert load(out).files[1] == str(tmp_path / "bases" / "care.yaml")


@pytest.mark.parametrize(
    "args",
    [
        ["--industry", "healthcare", "--extends", "nosuch"],
        ["--industry", "!!!"],
        ["--industry", "healthcare", "--extends", "nosuch", "-o", "new/dir/x.yaml"],
    ],
    ids=["unknown-base", "no-name", "no-folder-made-for-a-bad-base"],
)
def test_init_user_errors_exit_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert run("init", *args)[0] == 2
    assert list(tmp_path.iterdir()) == []


def test_init_makes_the_policy_folder_the_guide_names(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # docs/policies.md: `followup init ... -o my-policies/healthcare.yaml`, then --policy-dir.
    monkeypatch.chdir(tmp_path)
    code, out = run("init", "--industry", "healthcare", "-o", "my-policies/healthcare.yaml")
    assert code == 0, out
    assert load(tmp_path / "my-policies" / "healthcare.yaml").name == "healthcare"
    assert sorted(p.name for p in (tmp_path / "my-policies").iterdir()) == ["healthcare.yaml"]


def test_init_below_a_file_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "notes", "mine\n")
    code, out = run("init", "--industry", "healthcare", "-o", "notes/healthcare.yaml")
    assert (code, out) == (2, "Error: notes: not a directory\n")
    assert (tmp_path / "notes").read_text(encoding="utf-8") == "mine\n"


# -- registering policies for industries ------------------------------------------------------
EVENTS = """\
candidate: {name: Ada Lovelace, timezone: Europe/London}
applications:
"""


def application(app_id: str, industry: str) -> str:
    return textwrap.indent(
        textwrap.dedent(
            f"""\
            - id: {app_id}
              company: {app_id.title()}
              role: Engineer
              industry: {industry}
              events:
                - type: interview
                  at: 2026-03-02T10:00:00
                  round: 1
                  format: one_on_one
                  interviewers: [{{name: Grace Hopper, email: grace@x.example}}]
            """
        ),
        "  ",
    )


@pytest.fixture
def events(tmp_path: Path) -> Path:
    apps = [
        ("hosp", "hospital"),  # claimed by dir A and dir B: A comes first
        ("farm", "farming"),  # claimed by dir B only
        ("gov", "government"),  # built-in conservative
        ("seed", "startup"),  # built-in fast-paced, and dir B
        ("misc", "knitting"),  # nobody: generic
    ]
    return write(tmp_path / "events.yaml", EVENTS + "".join(application(*a) for a in apps))


@pytest.fixture
def dirs(tmp_path: Path) -> tuple[Path, Path]:
    a = tmp_path / "a"
    b = tmp_path / "b"
    write(a / "a-care.yaml", "policy: a-care\nindustries: [hospital]\nextends: generic\n")
    write(a / "a-care.test.yaml", "policy: a-care.yaml\ncases: []\n")  # test files are skipped
    write(b / "b-care.yaml", "policy: b-care\nindustries: [Hospital, farming]\nextends: generic\n")
    write(b / "b-seed.yml", "policy: b-seed\nindustries: [startup]\nextends: fast-paced\n")
    return a, b


def chosen(events: Path, *args: str, env: dict[str, str] | None = None) -> dict[str, str]:
    code, out = run("plan", str(events), "--as-of", AS_OF, "--format", "json", *args, env=env)
    assert code == 0, out
    return {a["application"]: a["policy"] for a in json.loads(out)["actions"]}


def test_without_registration_builtins_by_industry(events: Path) -> None:
    assert chosen(events, env={ENV_VAR: ""}) == {
        "hosp": "generic",
        "farm": "generic",
        "gov": "conservative",
        "seed": "fast-paced",
        "misc": "generic",
    }


def test_policy_dir_then_env_then_builtins_then_generic(
    events: Path, dirs: tuple[Path, Path]
) -> None:
    a, b = dirs
    assert chosen(events, "--policy-dir", str(a), env={ENV_VAR: str(b)}) == {
        "hosp": "a-care",
        "farm": "b-care",
        "gov": "conservative",
        "seed": "b-seed",
        "misc": "generic",
    }


def test_several_policy_dirs_the_first_wins(events: Path, dirs: tuple[Path, Path]) -> None:
    a, b = dirs
    got = chosen(events, "--policy-dir", str(b), "--policy-dir", str(a), env={ENV_VAR: ""})
    assert (got["hosp"], got["farm"]) == ("b-care", "b-care")


def test_env_var_is_a_colon_separated_list(events: Path, dirs: tuple[Path, Path]) -> None:
    a, b = dirs
    got = chosen(events, env={ENV_VAR: f"{b}::{a}"})
    assert (got["hosp"], got["farm"]) == ("b-care", "b-care")


def test_policy_overrides_everything(events: Path, dirs: tuple[Path, Path]) -> None:
    a, b = dirs
    got = chosen(events, "--policy", "conservative", "--policy-dir", str(a), env={ENV_VAR: str(b)})
    assert set(got.values()) == {"conservative"}


def test_explain_takes_policy_dir_too(events: Path, dirs: tuple[Path, Path]) -> None:
    a, _ = dirs
    code, out = run(
        "plan", str(events), "--as-of", AS_OF, "--format", "json", "--policy-dir", str(a)
    )
    action = next(x["id"] for x in json.loads(out)["actions"] if x["application"] == "hosp")
    code, out = run("explain", str(events), action, "--as-of", AS_OF, "--policy-dir", str(a))
    assert code == 0, out
    assert "a-care" in out


def test_example_policies_are_picked_by_industry(events: Path) -> None:
    got = chosen(events, "--policy-dir", str(EXAMPLE_POLICIES), env={ENV_VAR: ""})
    assert (got["hosp"], got["seed"]) == ("healthcare", "startup")


def test_two_policies_of_one_directory_claiming_an_industry_exit_2(
    events: Path, tmp_path: Path
) -> None:
    d = tmp_path / "clash"
    write(d / "one.yaml", "policy: one\nindustries: [hospital]\nextends: generic\n")
    write(d / "two.yaml", "policy: two\nindustries: [hospital]\nextends: generic\n")
    code, out = run("plan", str(events), "--as-of", AS_OF, "--policy-dir", str(d))
    assert code == 2
    assert out == (
        f"Error: {d / 'two.yaml'}: industry 'hospital' is already claimed by {d / 'one.yaml'} "
        "in the same policy directory; keep it in one of them\n"
    )


def test_an_invalid_registered_policy_exits_2(events: Path, tmp_path: Path) -> None:
    d = tmp_path / "broken"
    write(d / "bad.yaml", "policy: bad\nindustries: [hospital]\nextends: nosuch\n")
    code, out = run("plan", str(events), "--as-of", AS_OF, "--policy-dir", str(d))
    assert code == 2
    assert out.startswith(f"Error: {d / 'bad.yaml'}:3:10: extends: unknown policy 'nosuch'")


def test_a_missing_policy_dir_option_exits_2(events: Path, tmp_path: Path) -> None:
    missing = str(tmp_path / "missing")
    code, out = run(
        "plan", str(events), "--as-of", AS_OF, "--policy-dir", missing, env={ENV_VAR: ""}
    )
    assert code == 2
    assert f"Directory '{missing}' does not exist" in out


def test_a_missing_env_policy_dir_is_skipped_like_path(
    events: Path, tmp_path: Path, dirs: tuple[Path, Path]
) -> None:
    # A typo or a not-yet-made folder in FOLLOWUP_POLICY_DIR must not break every command.
    a, _ = dirs
    missing = tmp_path / "missing"
    value = os.pathsep.join([str(missing), str(a)])
    assert chosen(events, env={ENV_VAR: value}) == chosen(
        events, "--policy-dir", str(a), env={ENV_VAR: ""}
    )
    result = CliRunner().invoke(cli, ["policies"], env={ENV_VAR: value})
    assert result.exit_code == 0
    assert result.stderr == (
        f"Warning: {ENV_VAR} names {missing}, which is not a directory: skipped\n"
    )


def test_a_registered_policy_may_not_take_a_builtin_name(events: Path, tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    path = write(
        folder / "generic.yaml", "policy: generic\nindustries: [farming]\nextends: generic\n"
    )
    code, out = run("plan", str(events), "--as-of", AS_OF, "--policy-dir", str(folder))
    assert (code, out) == (
        2,
        f"Error: {path}: policy name 'generic' is a built-in policy's; give yours its own name\n",
    )


def test_init_writes_times_of_day_in_quotes_so_an_edited_one_still_reads(tmp_path: Path) -> None:
    """The commented settings show `earliest: "09:00"`: a coach who uncomments them and changes
    the hour to 10:00 keeps the quotes the validator asks for (`10:00` unquoted is refused)."""
    out = tmp_path / "academia.yaml"
    code, _ = run("init", "--industry", "academia", "--extends", "conservative", "-o", str(out))
    assert code == 0
    text = out.read_text(encoding="utf-8")
    assert '#     earliest: "09:00"\n#     latest: "17:00"\n' in text
    start = text.index("# settings:\n")
    block = text[start : text.index("\n\n", start)]
    settings = "\n".join(line[2:] for line in block.splitlines()).replace("09:00", "10:00")
    policy = load(write(tmp_path / "edited.yaml", text.replace(block, settings)))
    assert policy.settings.send_window is not None
    assert str(policy.settings.send_window.earliest) == "10:00:00"


def test_show_resolved_names_the_line_of_a_block_settings_key(tmp_path: Path) -> None:
    """`send_window:` written as a block: its origin is its own line, not its first inner key's
    (the built-ins write it so, and so does a coach who uncomments `followup init`'s example)."""
    path = write(
        tmp_path / "block.yaml",
        """\
        policy: block
        extends: conservative
        settings:
          send_window:
            earliest: "10:00"
            latest: "16:00"
        """,
    )
    code, out = run("policies", "show", str(path), "--resolved")
    assert code == 0, out
    lines = out.splitlines()
    assert f"  send_window:  # from {path}:4" in lines
    base = Path(str(builtin_path("conservative"))).read_text(encoding="utf-8").splitlines()
    assert (
        f"  holidays:  # from policies/conservative.yaml:{base.index('  holidays:') + 1}" in lines
    )
