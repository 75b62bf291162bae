"""Load a policy: read the YAML, follow `extends`, check everything, build the model.

Checking never stops at the first problem: `check_policy_file` returns every `Problem` it finds
(unknown keys with a did-you-mean, wrong types, bad durations, windows that close before they open,
duplicate rule ids, unknown facts, events, kinds and recipients, unknown guideline ids as warnings).
`load_policy` raises one `PolicyError` holding them all when any is an error.

Extends: a child inherits every rule and setting of its base. A rule with the same `id` replaces
the inherited rule as a whole; `disable:` drops inherited rules; settings override key by key;
`industries` and `description` are never inherited. Chains may be of any depth; a cycle is an error
that shows the chain.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import Any

from followup import errors
from followup.dates.calendars import AUTO_COUNTRY, BusinessCalendar
from followup.dates.durations import Duration, parse_duration
from followup.dates.windows import SendWindow
from followup.digest import sha256
from followup.errors import QUOTE_LIMIT, InputError, Location, PolicyError, Problem, clip, quote
from followup.facts import FACTS
from followup.format import Check, Checker, Key, did_you_mean
from followup.kinds import ActionKind, Channel, Recipient
from followup.limits import (
    MAX_EXTENDS_DEPTH,
    MAX_ONE_OF,
    MAX_ONE_OF_CONDITIONS,
    MAX_POLICY_BYTES,
    MAX_RULES,
)
from followup.policy import builtin_cache, checks, model, schema
from followup.policy.model import ActionSpec, Condition, Policy, Rule, Settings, Timing
from followup.source import Document, PathKey, load_document, parse_document, refused
from followup.templatepath import TemplateOutside, rule_template

BUILTIN_DISPLAY_DIR = "policies"
_CLOCK = re.compile(schema.CLOCK["pattern"])
_CHOICE_CODES: dict[str, str] = {
    "kind": "unknown-kind",
    "channel": "unknown-channel",
    "to": "unknown-recipient",
    "cc": "unknown-recipient",
    "anchor": "unknown-anchor",
    "deadline": "unknown-anchor",
    "event": "unknown-event",
    "done_when": "unknown-event",
    "cancelled_by": "unknown-event",
}
"""Problem codes for a value outside its allowed choices, by key; others are `unknown-value`."""


POLICY_SUFFIXES = (".yaml", ".yml")
"""What a file named by `extends`, a test file's `policy:` or an audit log must end in."""

_QUOTED = re.compile(r"'[^'\n]*'|\"[^\"\n]*\"")
"""A quoted value in a message: what a file that is not a policy must not have repeated."""


_NOT_A_POLICY = "a policy is a YAML mapping that starts with `policy: NAME`"


class NotAPolicy(InputError):
    """A file that is not a policy: the message says why without repeating any of it."""


def _not_a_policy(shown: str, reason: str) -> NotAPolicy:
    message = f"not a policy file: {reason}"
    return NotAPolicy(f"{shown}: {message}", [Problem(Location(shown), "not-a-policy", message)])


def _redacted(problem: Problem) -> Problem:
    """`problem` (from a file that could not be read as a policy) with every quoted value
    replaced by '...': the file may be anything, and a message must not repeat it."""
    return replace(problem, message=_QUOTED.sub("'...'", problem.message))


_LONG_QUOTED = re.compile(rf"'[^'\n]{{{QUOTE_LIMIT},}}'|\"[^\"\n]{{{QUOTE_LIMIT},}}\"")
"""A quoted value in a parser's message too long to repeat whole."""


def builtin_dir() -> Path:
    """The built-in policies' folder, inside the installed package."""
    return Path(__file__).resolve().parent.parent / "policies"


@cache
def builtin_names() -> tuple[str, ...]:
    return tuple(sorted(p.stem for p in builtin_dir().glob("*.yaml")))


def builtin_path(name: str) -> Path | None:
    path = builtin_dir() / f"{name}.yaml"
    return path if name in builtin_names() and path.is_file() else None


def _display(path: Path) -> str:
    """How a policy file is named in messages: built-ins as policies/NAME.yaml, others as given."""
    try:
        if path.resolve().parent == builtin_dir().resolve():
            return f"{BUILTIN_DISPLAY_DIR}/{path.name}"
    except OSError:
        pass
    return os.path.normpath(path)


def _identity(path: Path) -> str:
    """What makes two references the same file (for cycle detection and the cache)."""
    return str(path.resolve()) if path.exists() else os.path.normpath(path)


def looks_like_path(ref: str) -> bool:
    """Whether a policy reference is a path (`./healthcare.yaml`), not a policy's name."""
    return "/" in ref or os.sep in ref or ref.lower().endswith(POLICY_SUFFIXES)


def unknown_policy(ref: str, registered: Sequence[Policy] = ()) -> InputError:
    """`ref` names no policy: the error lists the built-in and `registered` policies."""
    names = [p.name for p in registered]
    tip = errors.did_you_mean(ref, [*builtin_names(), *names], template="did you mean {}? ")
    mine = f"; registered: {', '.join(names)}" if names else ""
    builtins = ", ".join(builtin_names())
    return InputError(
        f"unknown policy {quote(ref)}; {tip}built-in policies: {builtins}{mine} (or give a path)"
    )


def resolve_reference(ref: str, *, relative_to: Path | None = None) -> Path:
    """A built-in name (`generic`) or a path (`./healthcare.yaml`) to a file path."""
    if not looks_like_path(ref):
        found = builtin_path(ref)
        if found is None:
            raise unknown_policy(ref)
        return found
    return (relative_to or Path()) / ref  # an absolute path stays as it is


def policy_file(ref: str, relative_to: Path) -> Path:
    """The policy file `ref` names (`resolve_reference`); `InputError` when there is none."""
    path = resolve_reference(ref, relative_to=relative_to)
    try:
        found = path.is_file()
    except OSError:  # e.g. a name too long for the file system
        found = False
    if not found:
        raise InputError(f"no policy file at {path if len(ref) <= QUOTE_LIMIT else quote(ref)}")
    return path


def load_policy(ref: str | Path, *, referenced: bool = False) -> Policy:
    """Load and check a policy by built-in name or path; raise `PolicyError` if it has errors.
    `referenced`: the path comes from another file (see `check_policy_file`)."""
    path = ref if isinstance(ref, Path) else resolve_reference(ref)
    return _load_cached(_identity(path), str(path), referenced)


@cache
def _load_cached(key: str, shown: str, referenced: bool) -> Policy:
    kept = builtin_cache.read(Path(key))  # a built-in policy read by an earlier run
    if kept is not None:
        return kept
    result = check_policy_file(Path(shown), referenced=referenced)
    if result.policy is None:  # there is a policy only when no problem is an error
        raise PolicyError.from_problems(result.problems)
    builtin_cache.write(Path(key), result.policy)
    return result.policy


def policy_for_industry(industry: str, policies: list[Policy]) -> Policy | None:
    """The first policy whose `industries` list names the industry (case-insensitive)."""
    wanted = industry.strip().lower()
    return next((p for p in policies if wanted in p.industries), None) if wanted else None


@dataclass(eq=False, repr=False)
class CheckResult:
    """A policy file checked: the policy (None when it has errors) and every problem found."""

    policy: Policy | None
    problems: list[Problem]


def check_policy_file(path: Path, *, referenced: bool = False) -> CheckResult:
    """Every problem in a policy file and the files it extends; the policy when there are none.

    `referenced`: the path comes from another file (a test file's `policy:`, an audit log), not
    from the user: it must end in .yaml/.yml, and a file that cannot be read as a policy is
    refused without repeating any of it (as every file `extends` names is).
    """
    reader = _Reader()
    try:
        if referenced and not _policy_suffix(path):
            raise _not_a_policy(_display(path), "a policy is a .yaml/.yml file")
        layer = reader.read_chain(path, ())
    except InputError as exc:
        # A file that cannot be read or parsed: the message already names file and position.
        problem = _input_problem(exc, _display(path))
        return CheckResult(None, [_redacted(problem) if referenced else problem])
    return _result(reader.problems, layer)


def _result(problems: list[Problem], layer: _Layer | None) -> CheckResult:
    """The problems, sorted, and the policy when none is an error (a send window that never
    opens is one: a plan could search ten years for a send time)."""
    errors = any(p.severity == "error" for p in problems)
    policy = layer.to_policy() if layer is not None and not errors else None
    never = checks.send_day_problems(policy) if policy is not None else []
    found = sorted(dict.fromkeys([*problems, *never]), key=Problem.sort_key)  # found order, once
    return CheckResult(None if never else policy, found)


_SUFFIX_REASON = "extends names a built-in policy or a .yaml/.yml policy file"


def _policy_suffix(path: Path) -> bool:
    return path.name.lower().endswith(POLICY_SUFFIXES)


def _policy_size_checked(path: Path, shown: str) -> int:
    """The byte limit of a policy file, after refusing one already known to be larger."""
    try:
        size = path.stat().st_size if path.is_file() else 0
    except OSError:
        size = 0  # load_document says why it cannot be read
    if size > MAX_POLICY_BYTES:
        message = f"file is {size} bytes, over the {MAX_POLICY_BYTES}-byte limit of a policy"
        raise refused(shown, message, "too-large")
    return MAX_POLICY_BYTES


def check_policy_text(text: str, name: str) -> CheckResult:
    """`check_policy_file` for a policy given as text (the library and the service: no files).
    It may extend a built-in policy by name; a path in `extends` is reported, never read."""
    reader = _Reader()
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > MAX_POLICY_BYTES:
        message = f"{size} bytes, over the {MAX_POLICY_BYTES}-byte limit of a policy"
        return CheckResult(None, [Problem(Location(name), "too-large", message)])
    try:
        doc = parse_document(text, name, "yaml")
    except InputError as exc:
        return CheckResult(None, [_input_problem(exc, name)])

    def builtin_base(ref: str) -> Path | None:
        parent = builtin_path(ref.strip())
        if parent is None:
            names = ", ".join(builtin_names())
            message = f"a policy given as text extends a built-in policy only: {names}"
            reader.report(("extends",), "unknown-policy", message)
        return parent

    base, inherits = reader.base_of(doc, ((name, name),), builtin_base)
    reader.folder = None  # no folder to hold a template
    return _result(reader.problems, reader.read_layer(doc, base, inherits=inherits))


def _input_problem(exc: InputError, fallback: str) -> Problem:
    """A file that could not be read or parsed, as the problem the reader gave (a value it
    repeats shortened)."""
    if not exc.problems:
        return Problem(Location(fallback), "unreadable", exc.message)
    found = exc.problems[0]
    return Problem(found.loc, found.code, _LONG_QUOTED.sub(lambda m: clip(m[0]), found.message))


@dataclass(eq=False, repr=False)
class _Layer:
    """One file of an extends chain, merged with everything it inherits."""

    name: str
    description: str
    industries: tuple[str, ...]
    rules: dict[str, Rule]
    settings: dict[str, tuple[Any, Location]]
    files: tuple[str, ...]  # the extends chain, this file first
    digests: tuple[str, ...]
    loc: Location

    def to_policy(self) -> Policy:
        values = {k: v for k, (v, _) in self.settings.items()}
        holidays = values.get("holidays") or {}
        auto = holidays.get("country") == AUTO_COUNTRY
        calendar = BusinessCalendar(
            country=None if auto else holidays.get("country"),
            subdivision=holidays.get("subdivision"),
            extra_holidays=frozenset(holidays.get("extra") or ()),
        )
        settings = Settings(
            max_follow_ups=int(values.get("max_follow_ups", 2)),
            send_window=SendWindow(**values["send_window"]) if "send_window" in values else None,
            calendar=calendar,
            holidays_from_zone=auto,
            origins={k: loc for k, (_, loc) in self.settings.items()},
        )
        digest = sha256("\n".join(self.digests).encode()).hexdigest()
        return Policy(
            name=self.name,
            description=self.description,
            industries=self.industries,
            settings=settings,
            rules=tuple(self.rules.values()),
            source=self.files[0],
            sha256=digest,
            files=self.files,
            loc=self.loc,
        )


_POLICY_FIELDS = tuple(k for k in schema.POLICY if k.name not in ("extends", "settings", "rules"))


class _Reader(Checker):
    def __init__(self) -> None:
        super().__init__(Document("", None, "", ""))
        self.folder: Path | None = Path()  # the file's folder: its templates live there

    # -- extends chain -------------------------------------------------------------------
    def read_chain(self, path: Path, chain: tuple[tuple[str, str], ...]) -> _Layer | None:
        """Read the file at `path` after everything it extends.

        `chain` holds (identity, shown name) of the files that extend this one, outermost first.
        A broken base is reported where it is broken and the child is still checked on its own.
        """
        shown = _display(path)
        doc = load_document(path, shown, max_bytes=_policy_size_checked(path, shown))
        # Why a file is no policy is said in words that repeat none of it (a mapping with a
        # `policy:` key is checked in full afterwards).
        if not isinstance(doc.value, dict):
            raise _not_a_policy(shown, _NOT_A_POLICY)
        if "policy" not in doc.value:
            raise _not_a_policy(shown, "no `policy:` key (a policy starts with `policy: NAME`)")
        here = (*chain, (_identity(path), shown))
        base, inherits = self.base_of(doc, here, lambda ref: self._parent_path(ref, path))
        self.folder = path.parent.absolute()
        return self.read_layer(doc, base, inherits=inherits)

    def base_of(
        self, doc: Document, here: tuple[tuple[str, str], ...], find: Callable[[str], Path | None]
    ) -> tuple[_Layer | None, bool]:
        """What `doc` (the last file of `here`) extends, read, when `find` finds it (it says why
        not), and whether `doc` inherits: a broken `extends` still means its rules may all be
        inherited. A broken base is reported where it is broken; the child is checked anyway."""
        data = doc.value
        inherits = isinstance(data, dict) and "extends" in data
        ref = data.get("extends") if inherits else None
        base: _Layer | None = None
        if isinstance(ref, str) and ref.strip():
            self.doc, self.rule_id = doc, None
            parent = find(ref)
            if parent is not None and len(here) >= MAX_EXTENDS_DEPTH:
                self.report(
                    ("extends",),
                    "extends-too-deep",
                    f"more than {MAX_EXTENDS_DEPTH} files in the extends chain "
                    f"(starting at {here[0][1]})",
                )
            elif parent is not None:
                base = self._read_parent(parent, here)
        self.doc, self.rule_id = doc, None  # after the base's
        return base, inherits

    def _read_parent(self, parent: Path, here: tuple[tuple[str, str], ...]) -> _Layer | None:
        idents = [ident for ident, _ in here]
        ident = _identity(parent)
        if ident in idents:
            names = [name for _, name in here[idents.index(ident) :]]
            cycle = " -> ".join([*names, _display(parent)])
            self.report(("extends",), "extends-cycle", f"policies extend each other: {cycle}")
            return None
        try:
            return self.read_chain(parent, here)
        except NotAPolicy:
            # Said where `extends` names it: the file itself may be anything (`/etc/shadow`).
            self.report(
                ("extends",),
                "not-a-policy",
                f"{_display(parent)} is not a policy file: {_NOT_A_POLICY}",
            )
        except InputError as exc:
            self.problems.append(_redacted(_input_problem(exc, _display(parent))))
        return None

    def _parent_path(self, ref: str, child: Path) -> Path | None:
        try:
            parent = policy_file(ref, child.parent)
        except InputError as exc:
            self.report(("extends",), "unknown-policy", exc.message)
            return None
        if not _policy_suffix(parent):
            shown = parent if len(ref) <= QUOTE_LIMIT else quote(ref)
            self.report(
                ("extends",), "not-a-policy", f"{shown} is not a policy file: {_SUFFIX_REASON}"
            )
            return None
        return parent

    # -- the policy's own types ---------------------------------------------------------
    def choice_code(self, key: Key) -> str:
        return _CHOICE_CODES.get(key.name, "unknown-value")

    def other(self, value: Any, path: PathKey, key: Key) -> Any:
        if key.type == "map":  # a rule's `action` and `timing`, the `send_window`, `holidays`
            return self.section(value, path, key.keys, checks.SECTIONS[key.name])
        read: Callable[[Any, PathKey], Any] = getattr(self, key.type)  # the method of its name
        return read(value, path)  # duration, clock, template, conditions

    def clock(self, value: Any, path: PathKey) -> dt.time | None:
        if isinstance(value, str) and _CLOCK.match(value):
            hour, minute = value.split(":")
            return dt.time(int(hour), int(minute))
        written = self.written_clock(path) if type(value) is int else None
        hours, minutes = divmod(value, 60) if written else (-1, -1)
        if 0 <= hours <= 23:
            # YAML 1.1 reads an unquoted 18:00 as the base-60 number 1080.
            self.report(path, "bad-time", f'write the time in quotes: "{hours:02d}:{minutes:02d}"')
        else:
            shown = written or quote(value)
            self.report(path, "bad-time", f"{shown} is not a time of day; write it as 08:00")
        return None

    def duration(self, value: Any, path: PathKey) -> Duration | None:
        if isinstance(value, bool) or not isinstance(value, str):
            self.report(
                path, "bad-duration", f"{quote(value)} is not a duration; write it like 24h or 2d"
            )
            return None
        try:
            return parse_duration(value)
        except ValueError as exc:
            self.report(path, "bad-duration", checks.clip_values(str(exc), value))
            return None

    # -- one file ------------------------------------------------------------------------
    def read_layer(self, doc: Document, base: _Layer | None, *, inherits: bool) -> _Layer | None:
        data = self.mapping(doc.value, (), schema.POLICY)
        if not data and not isinstance(doc.value, dict):
            return None
        values = self.fields(data, (), _POLICY_FIELDS)
        self.run(checks.POLICY, values, ())
        if "extends" in data:
            ref = data["extends"]
            if not isinstance(ref, str):
                self.wrong(("extends",), "a built-in policy name or a path", ref)
            elif not ref.strip():
                self.report(("extends",), "empty-value", "must not be empty")
        rules: dict[str, Rule] = dict(base.rules) if base else {}
        for i, rule_id in enumerate(values["disable"] or ()):
            if not inherits:
                self.report(
                    ("disable", i), "unknown-rule", "disable needs extends: nothing is inherited"
                )
            elif base is not None and rule_id not in base.rules:
                tip = did_you_mean(rule_id, base.rules, None)
                self.report(
                    ("disable", i),
                    "unknown-rule",
                    f"no inherited rule {quote(rule_id)} to disable{tip}",
                )
            rules.pop(rule_id, None)
        settings = dict(base.settings) if base else {}
        settings.update(self.settings(data.get("settings")))
        rules.update(self.rules(data.get("rules"), inherits))
        if len(rules) > MAX_RULES:
            self.report(
                ("rules",) if "rules" in data else (),
                "too-many-rules",
                f"{len(rules)} rules with those inherited, over the limit of {MAX_RULES}",
            )
        return _Layer(
            name=values["policy"] or "",
            description=(values["description"] or "").strip(),
            industries=tuple(i.strip().lower() for i in values["industries"] or ()),
            rules=rules,
            settings=settings,
            files=(doc.name, *(base.files if base else ())),
            digests=(doc.sha256, *(base.digests if base else ())),
            loc=doc.loc(()),
        )

    def settings(self, value: Any) -> dict[str, tuple[Any, Location]]:
        """The settings written (a child overrides its base's key by key)."""
        if value is None:
            return {}
        path: PathKey = ("settings",)
        data = self.mapping(value, path, schema.SETTINGS)
        written = tuple(k for k in schema.SETTINGS if data.get(k.name) is not None)
        found = self.fields(data, path, written)
        # where each was written: its key's line (`send_window:`), not its first inner value's
        return {k: (v, self.doc.key_loc((*path, k))) for k, v in found.items() if v is not None}

    def section(
        self, value: Any, path: PathKey, keys: tuple[Key, ...], found: Mapping[str, Check]
    ) -> dict[str, Any] | None:
        """A mapping of `keys`, checked field by field and then by its checks (`found`); None
        when a field it needs (required, or with a default) is missing or wrong, or a check
        found an error."""
        values = self.fields(self.mapping(value, path, keys), path, keys)
        if any(values[k.name] is None for k in keys if k.required or k.default is not None):
            return None
        return values if self.run(found, values, path) else None

    def rules(self, value: Any, inherits: bool) -> dict[str, Rule]:
        if value is None:
            if not inherits:
                self.report((), "missing-key", "missing required key 'rules'")
            return {}
        value = self.items(value, ("rules",), "a list of rules")
        if len(value) > MAX_RULES:  # refused before checking any of them
            self.report(
                ("rules",),
                "too-many-rules",
                f"{len(value)} rules, over the limit of {MAX_RULES}",
            )
            return {}
        out: dict[str, Rule] = {}
        first_seen: dict[str, int] = {}
        for i, raw in enumerate(value):
            rule_id = raw.get("id") if isinstance(raw, dict) else None
            self.rule_id = rule_id if isinstance(rule_id, str) and rule_id.strip() else None
            rule = self.rule(raw, ("rules", i))
            first = i if self.rule_id is None else first_seen.setdefault(self.rule_id, i)
            if first != i:
                line = self.doc.loc(("rules", first, "id")).line
                self.report(
                    ("rules", i, "id"),
                    "duplicate-rule-id",
                    f"duplicate rule id {quote(self.rule_id)} (first used on line {line})",
                )
            if rule is not None and rule.id not in out:
                out[rule.id] = rule
            self.rule_id = None
        return out

    def rule(self, value: Any, path: PathKey) -> Rule | None:
        data = self.mapping(value, path, schema.RULE)
        if not data:
            return None
        done = data.get("done_when")  # an employer's event has its own problem (checks.py)
        if isinstance(done, list):
            done = [item for item in done if not checks.employer_event(item)]
        elif checks.employer_event(done):
            done = None
        values = self.fields({**data, "done_when": done}, path, schema.RULE)
        self.run(checks.RULE, {**values, "done_when": data.get("done_when")}, path)
        action, timing = values["action"], values["timing"]
        if any(values[k] is None for k in ("id", "when", "action", "timing", "because")):
            return None
        return Rule(
            id=values["id"],
            summary=(values["summary"] or "").strip(),
            conditions=values["when"],
            action=ActionSpec(
                ActionKind(action["kind"]),
                Channel(action["channel"]),
                Recipient(action["to"]),
                action["cc"],
                action["template"],
                self.doc.loc((*path, "action")),
                folder=str(self.folder or ""),
                template_loc=self.doc.loc((*path, "action", "template")),
            ),
            timing=Timing(**timing, loc=self.doc.loc((*path, "timing"))),
            done_when=values["done_when"] or (),
            cancelled_by=values["cancelled_by"] or (),
            because=" ".join(values["because"].split()),
            cites=values["cites"] or (),
            loc=self.doc.loc(path),
        )

    def conditions(self, value: Any, path: PathKey) -> tuple[Condition, ...] | None:
        if not isinstance(value, dict):
            self.wrong(path, "a mapping of conditions", value)
            return None
        before = len(self.problems)
        if "event" not in value:
            self.report(
                path, "missing-key", "missing required condition 'event' (what starts the rule)"
            )
        read = (self.condition(fact, raw, (*path, fact)) for fact, raw in value.items())
        out = sorted((c for c in read if c is not None), key=lambda c: (c.fact != "event", c.loc))
        lists = sum(1 for c in out if c.op == "one_of" and len(set(c.value)) > 1)
        if lists > MAX_ONE_OF_CONDITIONS:
            self.report(
                path,
                "too-many-conditions",
                f"{lists} conditions with a list of values, over the limit of "
                f"{MAX_ONE_OF_CONDITIONS} per rule",
            )
        return tuple(out) if len(self.problems) == before else None

    def condition(self, fact: str, raw: Any, path: PathKey) -> Condition | None:
        spec = FACTS.get(fact)
        if spec is None:
            tip = did_you_mean(fact, FACTS, "facts")
            self.report(path, "unknown-fact", f"no fact named {quote(fact)}{tip}", key=True)
            return None
        loc = self.doc.key_loc(path)
        if isinstance(raw, dict):
            if len(raw) != 1:
                self.report(path, "bad-condition", "write one comparison, e.g. {at_least: 2}")
                return None
            op, operand = next(iter(raw.items()))
            if op not in model.CONDITION_OPS:
                tip = did_you_mean(str(op), model.CONDITION_OPS)
                message = f"unknown comparison {quote(op)}{tip}"
                self.report((*path, op), "unknown-operator", message, key=True)
                return None
        elif isinstance(raw, list):
            op, operand = "one_of", raw
        else:
            op, operand = "is", raw
        if op in model.NUMBER_OPS and spec.type != "int":
            self.report(path, "bad-condition", f"{fact} is not a number; {op} does not apply")
            return None
        if op == "one_of":
            if not isinstance(operand, list) or not operand:
                self.report(path, "bad-condition", "one_of needs a non-empty list")
                return None
            if len(operand) > MAX_ONE_OF:
                self.report(
                    path,
                    "too-many-values",
                    f"{len(operand)} values, over the limit of {MAX_ONE_OF}",
                )
                return None
            checked: Any = tuple(self.fact_value(spec.name, v, path) for v in operand)
        else:
            checked = self.fact_value(spec.name, operand, path)
        if checked is None or (op == "one_of" and None in checked):
            return None
        return Condition(fact, op, checked, loc)

    def fact_value(self, fact: str, value: Any, path: PathKey) -> Any:
        """A condition's value, checked against the fact's declaration (`schema.FACT_VALUES`)."""
        key = schema.FACT_VALUES[fact]
        if value is None:  # `value` lets a missing value through: a condition needs one
            if key.type == "choice":
                return self.choice(value, path, key.choices, self.choice_code(key))
            return self.wrong(path, "a value", value)
        checked = self.value(value, path, key)
        return checked.lower() if FACTS[fact].type == "text" and checked is not None else checked

    def template(self, value: Any, path: PathKey) -> str | None:
        """A rule's template: a file inside the policy's folder."""
        if not isinstance(value, str):
            self.wrong(path, "text", value)
            return None
        if self.folder is None:
            message = "a policy given as text has no folder for templates: leave template out"
            self.report(path, "template-outside-policy", message)
            return None
        try:
            rule_template(self.folder, value)
        except TemplateOutside as exc:
            self.report(path, "template-outside-policy", exc.message)
            return None
        return value
