"""The gracious reply to a rejection is not the check-in months later (G10 now, G18 later).

Worked by hand. Ana Silva, New York, turned down by Northbank (finance) on Wednesday 23
December 2026 15:00, by the recruiter Joe Hart. G10: reply politely, without burning bridges -
within 2 days (3 under `conservative`), in his working hours: Friday is Christmas Day, so by
Monday 28 December 17:00 (Tuesday 29 under `conservative`). She replies on Thursday 24
December 10:00 and records it with `followup done` (a `reply_sent`). G18: keep the relationship
with an occasional check-in - three to four months on, in every built-in policy: Tuesday 23
March 2027 (09:00, a working day) to Friday 23 April 2027 17:00. Her reply the day after the
news is not that check-in: it is still to come, upcoming, and `followup done` says only that
the reply is done.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cli_support import run

REPLY = "nb/gracious-reply-to-rejection/2026-12-23"
KEEP = "nb/keep-in-touch-after-rejection/2026-12-23"
POLICIES = ("generic", "fast-paced", "conservative")


def _events(tmp_path: Path) -> Path:
    app = {
        "id": "nb",
        "company": "Northbank",
        "role": "Analyst",
        "industry": "finance",
        "recruiter": {"name": "Joe Hart", "honorific": "Mr.", "email": "joe@nb.example"},
        "events": [
            {
                "type": "interview",
                "at": "2026-12-14T10:00",
                "decision_by": "2026-12-22",
                "interviewers": [{"name": "Eve Moss", "email": "eve@nb.example"}],
            },
            {"type": "thank_you_sent", "at": "2026-12-14T15:00"},
            {"type": "rejected", "at": "2026-12-23T15:00"},
        ],
    }
    doc = {"candidate": {"name": "Ana Silva", "timezone": "America/New_York"}}
    path = tmp_path / "events.yaml"  # JSON is YAML: `followup done` edits it
    path.write_text(json.dumps({**doc, "applications": [app]}))
    return path


@pytest.mark.parametrize("policy", POLICIES)
def test_the_reply_now_leaves_the_check_in_for_march(tmp_path: Path, policy: str) -> None:
    path = _events(tmp_path)
    given = ("--file", str(path), "--as-of", "2026-12-24T10:00", "--policy", policy)
    code, out, err = run("done", REPLY, *given)
    assert code == 0, err
    assert f"gracious-reply to Joe Hart: due -> done  [{REPLY}]" in out
    assert KEEP not in out  # nothing changed for it
    code, out, err = run(
        "plan", str(path), "--as-of", "2026-12-28T10:00", "--policy", policy, "--format", "json"
    )
    assert code == 0, err
    actions = {a["id"]: a for a in json.loads(out)["actions"]}
    keep = actions[KEEP]
    assert keep["status"] == "upcoming"
    assert keep["to"] == ["Joe Hart <joe@nb.example>"]
    assert (keep["not_before"], keep["due_by"]) == (
        "2027-03-23T09:00:00-04:00",
        "2027-04-23T17:00:00-04:00",
    )
