"""Split a policy's compiled rules over rulesets that durable_rules' C engine can hold.

durable builds a Rete network with fixed-size tables (src/rules/rete.c, events.c, rules.h in
2.0.28), and a policy that overflows one crashes, hangs or fails:
- at most 256 rules may end on the same condition node (BETA_LIST_LENGTH): 256 rules with the
  same conditions overflow the table and crash the process, 257 fail with error 108;
- at most 512 different next conditions under one node (NEXT_BUCKET_LENGTH): when the table is
  full, the lookup of a new one loops forever, or fails with error 106;
- at most 128 `$or` branches may lead out of one node (NEXT_LIST_LENGTH; error 107);
- at most 4096 rules in a ruleset (MAX_ACTIONS; error 106);
- a fact is matched by a depth-first walk whose stack holds 64 nodes (MAX_STACK_SIZE): every
  condition that holds pushes a node, every `$or` its branches; past 64 the assertion fails with
  error 303 halfway through, and the session can then no longer be deleted.

`split_rules` replays how durable shares nodes (a condition node is shared when its parent and
its comparison are the same; each `$or` gets a node of its own) and starts a new ruleset before
any table would fill past a safe share of its size, or the walk's stack could pass its bound.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from followup.engine.compile import CATCH_ALL_TERM

BUDGET_RULES_PER_NODE = 200  # of 256
BUDGET_CHILDREN_PER_NODE = 400  # of 512
BUDGET_BRANCHES_PER_NODE = 100  # of 128
BUDGET_RULES = 4000  # of 4096
BUDGET_STACK = 48  # of 64

Node = tuple[Any, ...]
Level = tuple[Node, ...]
"""One step of a rule's path: a condition node, or the branches of an `$or` (one is taken)."""
_ROOT: Node = ("root",)


def _key(term: dict[str, Any]) -> tuple[str, str, int]:
    """(operator, fact, value) of a simple term: `{"round": 2}` or `{"$gte": {"round": 2}}`."""
    ((name, inner),) = term.items()
    if isinstance(inner, dict):
        ((fact, value),) = inner.items()
        return name, fact, value
    return "$eq", name, inner


@dataclass(eq=False, repr=False)
class _Rule:
    """What one rule adds to a ruleset: its new nodes and its path through the network."""

    nodes: dict[Node, tuple[Node, str, str]] = field(
        default_factory=dict
    )  # node -> parent, op, fact
    branches: Counter[Node] = field(default_factory=Counter)
    end: Node = _ROOT
    levels: list[Level] = field(default_factory=list)


def _trace(rule_id: str, terms: list[dict[str, Any]], known: set[Node]) -> _Rule:
    rule = _Rule()

    def step(parent: Node, term: dict[str, Any]) -> Node:
        op, fact, value = _key(term)
        node = (parent, op, fact, value)
        if node not in known and node not in rule.nodes:
            rule.nodes[node] = (parent, op, fact)
        return node

    parent = _ROOT
    rule.levels.append((_ROOT,))
    for index, term in enumerate(terms):
        branches = term.get("$or")
        if branches is None:
            parent = step(parent, term)
            rule.levels.append((parent,))
            continue
        taken = tuple(step(parent, branch) for branch in branches)
        rule.branches.update(taken)
        rule.levels.append(taken)
        parent = ("or", rule_id, index)  # durable makes a new node for every `$or`
        rule.levels.append((parent,))
    rule.end = parent
    return rule


@dataclass(eq=False, repr=False)
class _Ruleset:
    """How full each table of one ruleset is."""

    nodes: set[Node] = field(default_factory=set)
    children: Counter[Node] = field(default_factory=Counter)
    equal_facts: dict[Node, set[str]] = field(default_factory=dict)
    other_children: Counter[Node] = field(default_factory=Counter)
    branches: Counter[Node] = field(default_factory=Counter)
    rules_at: Counter[Node] = field(default_factory=Counter)
    paths: list[list[Level]] = field(default_factory=list)

    def pushes(self, node: Node) -> int:
        """The most nodes the walk can push at `node`: every `$or` branch leading out of it, and
        every condition under it that can hold at once (of equalities on one fact, one)."""
        return len(self.equal_facts.get(node, ())) + self.other_children[node] + self.branches[node]

    def add(self, rule: _Rule) -> None:
        for node, (parent, op, fact) in rule.nodes.items():
            self.nodes.add(node)
            self.children[parent] += 1
            if op == "$eq":
                self.equal_facts.setdefault(parent, set()).add(fact)
            else:
                self.other_children[parent] += 1
        self.branches.update(rule.branches)
        self.rules_at[rule.end] += 1
        self.paths.append(rule.levels)

    def fits(self, rule: _Rule) -> bool:
        """Whether the ruleset still fits durable's tables with `rule` added."""
        parents = Counter(parent for parent, _, _ in rule.nodes.values())
        if (
            len(self.paths) + 1 > BUDGET_RULES
            or self.rules_at[rule.end] + 1 > BUDGET_RULES_PER_NODE
            or any(self.children[n] + c > BUDGET_CHILDREN_PER_NODE for n, c in parents.items())
            or any(
                self.branches[n] + c > BUDGET_BRANCHES_PER_NODE for n, c in rule.branches.items()
            )
        ):
            return False
        if not rule.nodes and not rule.branches:
            return True  # shares every node: no walk grows
        trial = _Ruleset(
            children=Counter(),
            equal_facts={n: set(f) for n, f in self.equal_facts.items()},
            other_children=Counter(self.other_children),
            branches=Counter(self.branches),
        )
        trial.add(rule)
        return all(trial.stack(levels) <= BUDGET_STACK for levels in (*self.paths, rule.levels))

    def stack(self, levels: list[Level]) -> int:
        """A bound on the walk's stack along one rule's path."""
        return sum(max(self.pushes(node) for node in level) for level in levels)


def _fresh() -> _Ruleset:
    ruleset = _Ruleset()
    ruleset.add(_trace("$catch-all", [CATCH_ALL_TERM], set()))
    return ruleset


def split_rules(terms_by_rule: dict[str, list[dict[str, Any]]]) -> list[list[str]]:
    """Rule ids in groups, in order; each group (with the catch-all rule) fits one ruleset."""
    return list(_groups(terms_by_rule))


def _groups(terms_by_rule: dict[str, list[dict[str, Any]]]) -> Iterator[list[str]]:
    ruleset, group = _fresh(), list[str]()
    for rule_id, terms in terms_by_rule.items():
        rule = _trace(rule_id, terms, ruleset.nodes)
        if group and not ruleset.fits(rule):
            yield group
            ruleset, group = _fresh(), list[str]()
            rule = _trace(rule_id, terms, ruleset.nodes)
        ruleset.add(rule)
        group.append(rule_id)
    if group or not terms_by_rule:
        yield group
