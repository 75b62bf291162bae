"""`extends`: inherit every rule and setting; replace rules by id, `disable`, settings key by key.

Semantics under test (docs/policies.md, "Extending a policy"):
- a rule with the id of an inherited rule replaces it as a whole, in the inherited rule's place;
  new rules come after the inherited ones;
- `disable: [id, ...]` drops inherited rules; an id that is not inherited is an error;
- settings override one top-level key at a time (`send_window` and `holidays` as a whole);
- `industries` and `description` are never inherited;
- paths in `extends` are relative to the file that contains them; a name is a built-in policy;
- chains may be of any depth; a cycle is an error that shows the chain;
- every rule keeps the file:line where it is written (`rule.source`).
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from followup.policy.load import builtin_names, builtin_path, check_policy_file
from followup.policy.model import Policy


def rule(rule_id: str, due: str = "24h", kind: str = "thank_you") -> str:
    return textwrap.indent(
        textwrap.dedent(
            f"""\
            - id: {rule_id}
              when: {{event: interview}}
              action: {{kind: {kind}, to: each_interviewer}}
              timing: {{anchor: interview, not_before: 0h, due_by: {due}}}
              because: Rule {rule_id}.
            """
        ),
        "  ",
    )


def write(directory: Path, name: str, text: str) -> Path:
    path = directory / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def load(path: Path) -> Policy:
    result = check_policy_file(path)
    assert [p.render() for p in result.problems] == []
    assert result.policy is not None
    return result.policy


def due(policy: Policy, rule_id: str) -> str:
    found = policy.rule(rule_id)
    assert found is not None
    return found.timing.due_by.text


@pytest.fixture
def chain(tmp_path: Path) -> Path:
    """base <- middle <- top, three files deep."""
    write(
        tmp_path,
        "base.yaml",
        "policy: base\ndescription: the base\nindustries: [law]\n"
        "settings:\n  max_follow_ups: 3\n  send_window: {earliest: '09:00', latest: '17:00'}\n"
        "rules:\n" + rule("one") + rule("two") + rule("three"),
    )
    write(
        tmp_path,
        "middle.yaml",
        "policy: middle\nextends: base.yaml\nsettings:\n  max_follow_ups: 1\n"
        "rules:\n" + rule("two", due="2d") + rule("four"),
    )
    return write(
        tmp_path,
        "top.yaml",
        "policy: top\nextends: ./middle.yaml\ndisable: [three]\nrules:\n" + rule("five"),
    )


def test_chain_of_depth_three(chain: Path, tmp_path: Path) -> None:
    policy = load(chain)
    assert [r.id for r in policy.rules] == ["one", "two", "four", "five"]
    assert policy.files == tuple(
        str(tmp_path / n) for n in ("top.yaml", "middle.yaml", "base.yaml")
    )


def test_a_rule_with_the_same_id_replaces_the_inherited_one_in_its_place(chain: Path) -> None:
    policy = load(chain)
    assert due(policy, "one") == "24h"
    assert due(policy, "two") == "2d"
    assert [r.id for r in policy.rules].index("two") == 1


def test_replacement_is_whole_not_field_by_field(tmp_path: Path) -> None:
    base = rule("one") + "    cites: [G11]\n    done_when: [thank_you_sent]\n"
    write(tmp_path, "base.yaml", "policy: base\nrules:\n" + base)
    child = write(
        tmp_path, "child.yaml", "policy: child\nextends: base.yaml\nrules:\n" + rule("one")
    )
    replaced = load(child).rule("one")
    assert replaced is not None
    assert (replaced.cites, replaced.done_when) == ((), ())


def test_disable_drops_an_inherited_rule(chain: Path) -> None:
    assert load(chain).rule("three") is None


@pytest.mark.parametrize(
    ("disable", "message"),
    [
        ("[fourr]", "no inherited rule 'fourr' to disable; did you mean 'four'?"),
        ("[nothing-like-it]", "no inherited rule 'nothing-like-it' to disable"),
    ],
)
def test_disable_of_an_unknown_id_is_an_error(
    chain: Path, tmp_path: Path, disable: str, message: str
) -> None:
    path = write(tmp_path, "bad.yaml", f"policy: bad\nextends: top.yaml\ndisable: {disable}\n")
    result = check_policy_file(path)
    assert result.policy is None
    assert [(p.loc.line, p.loc.col, p.code, p.message) for p in result.problems] == [
        (3, 11, "unknown-rule", message)
    ]


def test_disable_of_a_rule_disabled_higher_up_is_an_error_too(chain: Path, tmp_path: Path) -> None:
    path = write(tmp_path, "again.yaml", "policy: again\nextends: top.yaml\ndisable: [three]\n")
    assert [p.code for p in check_policy_file(path).problems] == ["unknown-rule"]


def test_settings_override_key_by_key(chain: Path, tmp_path: Path) -> None:
    policy = load(chain)
    assert policy.settings.max_follow_ups == 1  # from middle
    window = policy.settings.send_window
    assert window is not None
    assert (window.earliest.hour, window.latest.hour) == (9, 17)  # from base
    origins = {k: v.short() for k, v in policy.settings.origins.items()}
    assert origins == {
        "max_follow_ups": f"{tmp_path / 'middle.yaml'}:4",
        "send_window": f"{tmp_path / 'base.yaml'}:6",
    }


def test_a_nested_setting_is_replaced_as_a_whole(chain: Path, tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "late.yaml",
        "policy: late\nextends: top.yaml\nsettings:\n  send_window: {latest: '20:00'}\n",
    )
    window = load(path).settings.send_window
    assert window is not None
    assert (window.earliest.hour, window.latest.hour) == (8, 20)  # earliest back to its default


def test_industries_and_description_are_not_inherited(chain: Path) -> None:
    policy = load(chain)
    assert (policy.industries, policy.description) == ((), "")


def test_inherited_rules_keep_their_own_file_and_line(chain: Path, tmp_path: Path) -> None:
    policy = load(chain)
    sources = {r.id: r.source for r in policy.rules}
    assert sources == {
        "one": f"{tmp_path / 'base.yaml'}:8",
        "two": f"{tmp_path / 'middle.yaml'}:6",
        "four": f"{tmp_path / 'middle.yaml'}:11",
        "five": f"{tmp_path / 'top.yaml'}:5",
    }


def test_extends_a_builtin_by_name(tmp_path: Path) -> None:
    path = write(
        tmp_path, "mine.yaml", "policy: mine\nextends: generic\ndisable: [reply-to-offer]\n"
    )
    policy = load(path)
    generic_path = builtin_path("generic")
    assert generic_path is not None
    assert load(generic_path).rule("reply-to-offer") is not None
    assert policy.rule("reply-to-offer") is None
    thanks = policy.rule("thank-you-each-interviewer")
    assert thanks is not None
    # the rule keeps the built-in file and the line of its `- id:` there
    lines = Path(generic_path).read_text(encoding="utf-8").splitlines()
    line = lines.index("  - id: thank-you-each-interviewer") + 1
    assert thanks.source == f"policies/generic.yaml:{line}"
    assert policy.files == (str(path), "policies/generic.yaml")


def test_relative_paths_resolve_from_the_child_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path, "shared/base.yaml", "policy: base\nrules:\n" + rule("one"))
    child = write(
        tmp_path, "teams/care/child.yaml", "policy: child\nextends: ../../shared/base.yaml\n"
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    policy = load(child)
    assert policy.files == (str(child), str(tmp_path / "shared" / "base.yaml"))
    assert [r.id for r in policy.rules] == ["one"]


@pytest.mark.parametrize(
    ("files", "checked", "where", "chain_text"),
    [
        (
            {"a.yaml": "b.yaml", "b.yaml": "a.yaml"},
            "a.yaml",
            ("b.yaml", 2, 10),
            "a.yaml -> b.yaml -> a.yaml",
        ),
        (
            {"a.yaml": "b.yaml", "b.yaml": "./c.yaml", "c.yaml": "b.yaml"},
            "a.yaml",
            ("c.yaml", 2, 10),
            "b.yaml -> c.yaml -> b.yaml",
        ),
        ({"a.yaml": "./a.yaml"}, "a.yaml", ("a.yaml", 2, 10), "a.yaml -> a.yaml"),
    ],
    ids=["two", "three-with-a-tail", "self"],
)
def test_a_cycle_is_an_error_that_shows_the_chain(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    files: dict[str, str],
    checked: str,
    where: tuple[str, int, int],
    chain_text: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    for name, parent in files.items():
        write(tmp_path, name, f"policy: {Path(name).stem}\nextends: {parent}\n")
    result = check_policy_file(Path(checked))
    assert result.policy is None
    assert [(p.loc.file, p.loc.line, p.loc.col, p.code) for p in result.problems] == [
        (*where, "extends-cycle")
    ]
    assert result.problems[0].message == f"policies extend each other: {chain_text}"
    assert result.problems[0].render() == (
        f"{where[0]}:{where[1]}:{where[2]}: extends: policies extend each other: {chain_text} "
        "[extends-cycle]"
    )


def test_a_missing_base_is_reported_at_extends(tmp_path: Path) -> None:
    path = write(tmp_path, "child.yaml", "policy: child\nextends: ./gone.yaml\n")
    problems = check_policy_file(path).problems
    assert [(p.loc.line, p.loc.col, p.code) for p in problems] == [(2, 10, "unknown-policy")]
    assert problems[0].message == f"no policy file at {tmp_path / 'gone.yaml'}"


@pytest.mark.parametrize(
    ("ref", "message"),
    [
        (
            "generc",
            "unknown policy 'generc'; did you mean 'generic'? built-in policies: "
            f"{', '.join(builtin_names())} (or give a path)",
        ),
        ("./Base.YAML", "no policy file at {folder}/Base.YAML"),  # a path, in any case
    ],
)
def test_an_unknown_base_is_said_as_the_command_line_says_it(
    tmp_path: Path, ref: str, message: str
) -> None:
    path = write(tmp_path, "child.yaml", f"policy: child\nextends: {ref}\n")
    problems = check_policy_file(path).problems
    assert [(p.loc.line, p.loc.col, p.code) for p in problems] == [(2, 10, "unknown-policy")]
    assert problems[0].message == message.format(folder=tmp_path)


def test_without_extends_rules_are_required(tmp_path: Path) -> None:
    path = write(tmp_path, "empty.yaml", "policy: empty\n")
    assert [p.code for p in check_policy_file(path).problems] == ["missing-key"]
    child = write(tmp_path, "child.yaml", "policy: child\nextends: generic\n")
    assert len(load(child).rules) == len(load(Path(str(builtin_path("generic")))).rules)


@pytest.mark.parametrize("value", ["5", "[generic]", "true", "{a: 1}", "''", "' '", ""])
def test_an_extends_that_names_nothing_is_an_error_not_ignored(tmp_path: Path, value: str) -> None:
    """Not a silent policy that inherits nothing: one problem at `extends`, no `rules` demanded."""
    path = write(tmp_path, "child.yaml", f"policy: child\nextends: {value}\n")
    result = check_policy_file(path)
    assert result.policy is None
    assert [(p.loc.line, p.field) for p in result.problems] == [(2, "extends")]
    assert result.problems[0].code in ("wrong-type", "empty-value")
