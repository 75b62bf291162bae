"""Nothing is read outside a policy's folder, and no message quotes a file that is not a policy
(issue 11, item 3).

A rule's template resolves, after following symbolic links (also for `{% include %}`), inside
the policy's own folder; `extends` names a built-in or a .yaml/.yml policy file, and anything
else - reached through `extends`, a test file's `policy:` or an audit log - is refused without
repeating a word of it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pendulum
import pytest
from click.testing import CliRunner

from followup.cli import cli
from followup.dates.clock import FixedClock
from followup.policy.load import check_policy_file
from paths import ROOT

EXAMPLE = str(ROOT / "examples" / "tech-panel.yaml")
AS_OF = ["--as-of", "2026-10-07T09:00"]
PANEL = "acme-sre/thank-you-panel-lead/2026-10-06"
RUN_AT = pendulum.datetime(2026, 10, 7, 8, 30, tz="UTC")
SECRET = "SECRET-TOKEN-42"
SECRET_LINES = f"root:x:0:0:{SECRET}:/root:/bin/bash\n" * 5

POLICY = """\
policy: my-panel
extends: generic
rules:
  - id: thank-you-panel-lead
    when: {event: interview, format: panel}
    action:
      kind: thank_you
      channel: email
      to: lead_interviewer
      cc: other_interviewers
      template: %s
    timing: {anchor: interview, not_before: 0h, due_by: 24h}
    done_when: [thank_you_sent]
    because: One note to the lead.
    cites: [G26]
"""


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args), obj={"clock": FixedClock(RUN_AT)})
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output


@pytest.fixture
def folders(tmp_path: Path) -> tuple[Path, Path]:
    """(a policy folder, a secret file beside it, outside it)."""
    policy_dir = tmp_path / "policies"
    policy_dir.mkdir()
    secret = tmp_path / "passwd"
    secret.write_text(SECRET_LINES)
    return policy_dir, secret


def _policy(folder: Path, template: str) -> Path:
    path = folder / "my-panel.yaml"
    path.write_text(POLICY % template)
    return path


def _problems(path: Path) -> list[tuple[str, str]]:
    return [(p.code, p.render()) for p in check_policy_file(path).problems]


# -- templates ----------------------------------------------------------------------------------
@pytest.mark.parametrize("how", ["absolute", "escape", "symlink", "symlinked-folder"])
def test_a_template_outside_the_policys_folder_is_refused(
    folders: tuple[Path, Path], how: str
) -> None:
    policy_dir, secret = folders
    if how == "absolute":
        name = str(secret)
    elif how == "escape":
        name = "../passwd"
    elif how == "symlink":
        (policy_dir / "thanks.j2").symlink_to(secret)
        name = "thanks.j2"
    else:
        (policy_dir / "templates").symlink_to(secret.parent)
        name = "templates/passwd"
    policy = _policy(policy_dir, name)
    problems = _problems(policy)
    assert [code for code, _ in problems] == ["template-outside-policy"], problems
    assert (
        f"{policy}:11:17: rule thank-you-panel-lead: rules[0].action.template: " in problems[0][1]
    )
    assert SECRET not in problems[0][1]
    code, out = run("draft", EXAMPLE, PANEL, *AS_OF, "--policy", str(policy))
    assert code == 2 and SECRET not in out
    assert out.count("\n") == 1 and "template-outside-policy" in out


def test_a_template_that_moved_outside_after_validation_is_not_read(
    folders: tuple[Path, Path],
) -> None:
    # `draft` checks again when it reads the file: validate may have run before the swap.
    policy_dir, secret = folders
    (policy_dir / "thanks.j2").write_text("Hello {{ recipient.name }}\n")
    policy = _policy(policy_dir, "thanks.j2")
    assert run("draft", EXAMPLE, PANEL, *AS_OF, "--policy", str(policy)) == (
        0,
        "Hello Grace Hopper\n",
    )
    (policy_dir / "thanks.j2").unlink()
    (policy_dir / "thanks.j2").symlink_to(secret)
    code, out = run("draft", EXAMPLE, PANEL, *AS_OF, "--policy", str(policy))
    assert code == 2 and SECRET not in out
    assert out == (
        f"Error: {policy}:11:17: thanks.j2 resolves outside the policy's folder "
        f"({policy_dir}); templates must be inside it\n"
    )


@pytest.mark.parametrize("given", [False, True], ids=["rule-template", "--template"])
def test_an_include_outside_the_templates_folder_is_refused(
    folders: tuple[Path, Path], given: bool
) -> None:
    policy_dir, secret = folders
    (policy_dir / "thanks.j2").write_text("Hello\n{% include 'footer.j2' %}\n")
    (policy_dir / "footer.j2").symlink_to(secret)
    policy = _policy(policy_dir, "thanks.j2")
    more = ["--template", str(policy_dir / "thanks.j2")] if given else []
    code, out = run("draft", EXAMPLE, PANEL, *AS_OF, "--policy", str(policy), *more)
    assert code == 2 and SECRET not in out
    assert out.count("\n") == 1
    assert "footer.j2 resolves outside" in out


def test_a_template_inside_the_folder_may_include_its_neighbours(
    folders: tuple[Path, Path],
) -> None:
    policy_dir, _ = folders
    (policy_dir / "templates").mkdir()
    (policy_dir / "templates" / "thanks.j2").write_text("Hi\n{% include 'sig.j2' %}")
    (policy_dir / "templates" / "sig.j2").write_text("-- {{ candidate.name }}\n")
    (policy_dir / "templates" / "link.j2").symlink_to(policy_dir / "templates" / "thanks.j2")
    policy = _policy(policy_dir, "templates/link.j2")
    assert _problems(policy) == []
    code, out = run("draft", EXAMPLE, PANEL, *AS_OF, "--policy", str(policy))
    assert code == 0 and out.endswith("Hi\n-- Ada Lovelace\n")


# -- extends, a test file's policy, an audit log's policy ------------------------------------------
@pytest.mark.parametrize(
    ("target", "content"),
    [
        ("passwd", SECRET_LINES),
        (".env", f"API_KEY={SECRET}\n"),
        ("secrets.yaml", f"api_key: {SECRET}\nrules: {SECRET}\n"),
        ("list.yaml", f"- {SECRET}\n"),
        ("broken.yaml", f"{SECRET}: [\n"),
        ("tagged.yaml", f"policy: !!int {SECRET}\n"),
    ],
)
def test_extending_a_file_that_is_not_a_policy_quotes_none_of_it(
    tmp_path: Path, target: str, content: str
) -> None:
    (tmp_path / target).write_text(content)
    child = tmp_path / "child.yaml"
    child.write_text(f"policy: child\nextends: ./{target}\n")
    problems = _problems(child)
    assert problems, "a file that is not a policy must be refused"
    assert all(SECRET not in text for _, text in problems), problems
    code, out = run("validate", str(child))
    assert code == 1 and SECRET not in out


@pytest.mark.parametrize("target", ["/etc/passwd", "./passwd"])
def test_extends_names_a_builtin_or_a_yaml_file(tmp_path: Path, target: str) -> None:
    (tmp_path / "passwd").write_text(SECRET_LINES)
    child = tmp_path / "child.yaml"
    child.write_text(f"policy: child\nextends: {target}\n")
    ref = target if target.startswith("/") else tmp_path / "passwd"
    ((code, text),) = _problems(child)
    assert code == "not-a-policy"
    assert text == (
        f"{child}:2:10: extends: {ref} is not a policy file: extends names a built-in policy or "
        "a .yaml/.yml policy file [not-a-policy]"
    )


@pytest.mark.parametrize("name", ["passwd", "secrets.yaml"])
def test_validate_refuses_a_file_that_is_not_a_policy_without_quoting_it(
    tmp_path: Path, name: str
) -> None:
    path = tmp_path / name
    path.write_text(SECRET_LINES if name == "passwd" else f"api_key: {SECRET}\n")
    code, out = run("validate", str(path))
    assert code == 1 and SECRET not in out
    assert "[not-a-policy]" in out


@pytest.mark.parametrize(
    ("target", "content"),
    [
        ("passwd", SECRET_LINES),
        ("secrets.yaml", f"api_key: {SECRET}\n"),
        ("b.yaml", f"{SECRET}: ["),
    ],
)
def test_a_test_files_policy_that_is_not_a_policy_is_not_quoted(
    tmp_path: Path, target: str, content: str
) -> None:
    (tmp_path / target).write_text(content)
    tests = tmp_path / "p.test.yaml"
    tests.write_text(f"policy: ./{target}\ncases: []\n")
    code, out = run("test", str(tests))
    assert code == 2 and SECRET not in out
    assert f"{tests}:1:9: policy: " in out and out.count("\n") == 1


def test_an_audit_logs_policy_that_is_not_a_policy_is_not_quoted(tmp_path: Path) -> None:
    policy = tmp_path / "custom.yaml"
    policy.write_text((ROOT / "src" / "followup" / "policies" / "generic.yaml").read_text())
    log = tmp_path / "audit.jsonl"
    code, out = run("plan", EXAMPLE, *AS_OF, "--policy", str(policy), "--audit-log", str(log))
    assert code == 0, out
    assert json.loads(log.read_text())["policies"][0]["path"] == str(policy)
    for content in (f"api_key: {SECRET}\n", f"{SECRET}: [\n", SECRET_LINES):
        policy.write_text(content)
        code, out = run("audit", "verify", str(log))
        assert code in (1, 2) and SECRET not in out
        assert "not a policy" in out or "YAML syntax error" in out


def test_an_include_without_end_is_never_called_a_link_loop(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A template that includes itself may exhaust the stack while its path is resolved: that is
    re-raised for the draft to report as an endless include, not as a symbolic link loop
    (RecursionError is a RuntimeError, which `Path.resolve` raises for a loop before 3.13)."""
    from followup import templatepath

    def endless(self: Path, strict: bool = False) -> Path:
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(templatepath.Path, "resolve", endless)
    with pytest.raises(RecursionError):
        templatepath.confined(tmp_path, tmp_path / "evil.j2", "evil.j2")
