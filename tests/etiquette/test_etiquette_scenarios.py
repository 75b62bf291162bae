"""Issue 10: realistic scenarios written from the four articles (tests/scenarios/*.test.yaml).

Each case is run through the library's policy-test runner (`followup.policytests`, the code behind
`followup test`) as its own pytest case, so a failure names the scenario and shows the runner's
expected-against-actual report. A case is loaded on its own (the rest of its file removed, the
`file:line` positions kept), so one case that uses a field the runner does not know yet fails
alone instead of taking its whole file down with it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from followup.errors import FollowupError
from followup.policytests import Report, TestCase, _TestReader, discover, run_case
from followup.render.policytest_render import render_text
from followup.source import Document, load_document
from paths import ROOT

SCENARIOS = ROOT / "tests" / "scenarios"
MIN_SCENARIOS = 28
BUILTIN_POLICIES = ("fast-paced", "generic", "conservative")


def _documents() -> list[tuple[Path, Document]]:
    return [
        (path, load_document(path, str(path.relative_to(ROOT)))) for path in discover([SCENARIOS])
    ]


DOCUMENTS = _documents()


def _cases() -> list[Any]:
    params = []
    for path, doc in DOCUMENTS:
        for index, raw in enumerate(doc.value["cases"]):
            label = f"{path.name.removesuffix('.test.yaml')}: {raw['name']}"
            params.append(pytest.param(path, doc, index, id=label))
    return params


CASES = _cases()


def _only_case(doc: Document, index: int) -> Document:
    """The document with `cases` reduced to the one at `index`; positions stay the file's own."""

    def moved(locs: dict[Any, Any]) -> dict[Any, Any]:
        out = {p: loc for p, loc in locs.items() if not p or p[0] != "cases"}
        out[("cases",)] = locs.get(("cases",))
        for path, loc in locs.items():
            if len(path) >= 2 and path[0] == "cases" and path[1] == index:
                out[("cases", 0, *path[2:])] = loc
        return {p: loc for p, loc in out.items() if loc is not None}

    value = dict(doc.value)
    value["cases"] = [doc.value["cases"][index]]
    return Document(doc.name, value, doc.text, doc.sha256, moved(doc.locs), moved(doc.key_locs))


def _load_case(path: Path, doc: Document, index: int) -> TestCase:
    # `_TestReader` is the reader behind `followup.policytests.load_test_file`, which only takes
    # a whole file; a public `load_test_file(path, case=index)` would replace this.
    (case,) = _TestReader(_only_case(doc, index), path).read()
    return case


@pytest.mark.parametrize(("path", "doc", "index"), CASES)
def test_scenario(path: Path, doc: Document, index: int) -> None:
    try:
        case = _load_case(path, doc, index)
    except FollowupError as exc:
        pytest.fail(f"the scenario cannot be loaded: {exc.message}", pytrace=False)
    result = run_case(case)
    if not result.passed:
        pytest.fail(render_text(Report((result,))), pytrace=False)


def test_there_are_enough_scenarios() -> None:
    assert len(CASES) >= MIN_SCENARIOS, (
        f"{len(CASES)} scenarios, issue 10 asks for >= {MIN_SCENARIOS}"
    )


def test_every_scenario_names_a_builtin_policy_and_explains_itself() -> None:
    """Each case picks its policy explicitly and is preceded by its hand-worked header comment."""
    problems = []
    for path, doc in DOCUMENTS:
        lines = doc.text.splitlines()
        for index, raw in enumerate(doc.value["cases"]):
            if raw.get("policy") not in BUILTIN_POLICIES:
                problems.append(f"{path.name}: {raw['name']}: policy {raw.get('policy')!r}")
            line = doc.loc(("cases", index)).line  # the `- name:` line, 1-based
            above = lines[line - 2].strip() if line and line >= 2 else ""
            if not above.startswith("#"):
                problems.append(f"{path.name}:{line}: {raw['name']}: no header comment above")
    assert not problems, "\n".join(problems)
