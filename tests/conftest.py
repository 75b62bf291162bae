"""Test configuration: a fixed, derandomised hypothesis profile keeps CI time and results stable."""

from __future__ import annotations

import atexit
import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

sys.path.insert(0, str(Path(__file__).resolve().parent))

settings.register_profile(
    "ci",
    max_examples=40,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile("ci")

# No test writes to the cache of the machine it runs on (`followup.dates.holiday_data`); the
# variable is set here, before anything runs, so child processes inherit it.
_CACHE = tempfile.mkdtemp(prefix="followup-test-cache-")
os.environ["FOLLOWUP_CACHE_DIR"] = _CACHE
atexit.register(shutil.rmtree, _CACHE, ignore_errors=True)


SAMPLE_ALL, SAMPLE_EVERY = 500, 50


def _check_every_plan_against_the_published_schema() -> None:
    """Every plan document the suite produces (CLI `--format json`, the library, the policy
    tests' actual actions) is checked against docs/plan.schema.json as it is made: a field
    added to the contract without the schema fails the test that produced it. Of a plan with
    thousands of actions (the synthetic benchmarks' data) the first SAMPLE_ALL actions and every
    SAMPLE_EVERY-th after them are checked: all of them cost more than the rest of the suite."""
    import jsonschema

    from followup import policytests
    from followup.render import json_render
    from followup.schemas import plan_schema

    plans = jsonschema.Draft202012Validator(plan_schema())
    actions = jsonschema.Draft202012Validator(
        {"$defs": plan_schema()["$defs"], "$ref": "#/$defs/action"}
    )
    make_plan, make_action = json_render.plans_to_dict, policytests.action_to_dict

    def checked_plan(*args: Any, **kwargs: Any) -> dict[str, Any]:
        document = make_plan(*args, **kwargs)
        listed = document["actions"]
        if len(listed) > SAMPLE_ALL:
            listed = listed[:SAMPLE_ALL] + listed[SAMPLE_ALL::SAMPLE_EVERY]
        plans.validate({**document, "actions": listed})
        return document

    def checked_action(*args: Any, **kwargs: Any) -> dict[str, Any]:
        document = make_action(*args, **kwargs)
        actions.validate(document)
        return document

    json_render.plans_to_dict = checked_plan  # type: ignore[assignment]
    policytests.action_to_dict = checked_action  # type: ignore[assignment]


_check_every_plan_against_the_published_schema()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests that watch a module's calls by replacing its functions cannot see inside a
    compiled module (its calls go straight to its own functions): with the installed package
    compiled they are skipped here and run as plain Python by tests/install/test_compiled.py."""
    from paths import SKIPPED_COMPILED, compiled_modules

    if not compiled_modules():
        return
    skip = pytest.mark.skip(reason=SKIPPED_COMPILED)
    for item in items:
        if item.get_closest_marker("python_internals"):
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def _no_user_config(
    monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """No test reads the config file of the machine it runs on (`followup.config`)."""
    missing = tmp_path_factory.getbasetemp() / "no-config" / "config.toml"
    monkeypatch.setenv("FOLLOWUP_CONFIG", str(missing))
