"""End-to-end: the bundled example plans through durable_rules and explains itself."""

from __future__ import annotations

import json

from click.testing import CliRunner

from followup.cli import cli
from paths import ROOT

EXAMPLES = ROOT / "examples"


def test_plan_json_for_panel_example() -> None:
    result = CliRunner().invoke(
        cli,
        [
            "plan",
            str(EXAMPLES / "tech-panel.yaml"),
            "--as-of",
            "2026-10-07T09:00",
            "--format",
            "json",
        ],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    panel = next(a for a in data["actions"] if a["rule"] == "thank-you-panel-lead")
    assert panel["to"] == ["Grace Hopper <grace@acme.example>"]
    assert panel["cc"] == [
        "Alan Turing <alan@acme.example>",
        "Katherine Johnson <katherine@acme.example>",
    ]
    assert panel["due_by"] == "2026-10-07T10:00:00+01:00"
    assert panel["status"] == "due"
    assert panel["policy"] == "fast-paced"
