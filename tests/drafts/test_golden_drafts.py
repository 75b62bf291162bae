"""Identical draft bytes while the drafts layer changes shape (#12): every action of every
example (open or not), drafted with its built-in template at the moment the example's header
suggests and a later one, as `followup draft` prints it and, for a letter, as the .eml it
writes; compared with digests taken before the drafts moved onto the typed plan
(`tests/golden/draft-digests.json`).

    python tests/drafts/test_golden_drafts.py   # rewrite the digests (only when a change is meant)

As for the plan's digests (`tests/golden_outputs.py`): when an intended change of a draft lands,
take the digests from the code without the restructuring
(`PYTHONPATH=OTHER_CHECKOUT/src python tests/drafts/test_golden_drafts.py`), then compare.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a script: tests/ itself

from golden_outputs import EXAMPLES, _example_as_of
from paths import ROOT, TESTS

DIGESTS = TESTS / "golden" / "draft-digests.json"
MAX_BYTES = 20 * 1024 * 1024
CASES = [
    (path.name, moment)
    for path in sorted(EXAMPLES.glob("*.yaml"))
    for moment in (_example_as_of(path), "2026-12-24T18:00")
]


def drafts_of(example: str, as_of: str) -> bytes:
    """Every action's draft, in plan order: its id, the printed text, the .eml of a letter."""
    from followup.api import PlanRequest, draft_for, plan_path

    policy = "examples/policies/veterinary.yaml" if example == "custom-policy-events.yaml" else None
    here = Path.cwd()
    os.chdir(ROOT)  # the custom policy's path is relative to the checkout
    try:
        request = PlanRequest([EXAMPLES / example], MAX_BYTES, policy=policy, as_of=as_of)
        plan = plan_path(request)
    finally:
        os.chdir(here)
    out = bytearray()
    for action in sorted(plan.actions, key=lambda a: (a.not_before, a.id)):
        draft = draft_for(action, plan.events.candidate)
        out += f"== {action.id}\n{draft.text()}".encode()
        if draft.subject is not None:
            out += draft.email().as_bytes()
    return bytes(out)


@pytest.mark.parametrize(("example", "as_of"), CASES, ids=[f"{e}@{m}" for e, m in CASES])
def test_drafts_keep_their_bytes(example: str, as_of: str) -> None:
    expected = json.loads(DIGESTS.read_text("utf-8"))
    digest = hashlib.sha256(drafts_of(example, as_of)).hexdigest()
    assert digest == expected[f"{example}@{as_of}"]


def test_every_case_has_a_digest() -> None:
    assert sorted(json.loads(DIGESTS.read_text("utf-8"))) == sorted(f"{e}@{m}" for e, m in CASES)


if __name__ == "__main__":
    found = {f"{e}@{m}": hashlib.sha256(drafts_of(e, m)).hexdigest() for e, m in CASES}
    DIGESTS.write_text(json.dumps(found, indent=1, sort_keys=True) + "\n", "utf-8")
    print(f"{len(found)} digests written to {DIGESTS}")
