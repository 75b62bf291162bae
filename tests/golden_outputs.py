"""The outputs whose bytes must not change when followup is made faster (issue 15).

`cases()` lists `followup plan` runs: every example (text and JSON, open and `--all`, at the
moment its header suggests and a later one) and the benchmark's synthetic plans (YAML and JSON
in, two candidate zones, `--jobs 2`). `tests/golden/plan-digests.json` holds the SHA-256 of each
output as generated *before* the performance work; `tests/scale/test_golden_outputs.py` compares.

    python tests/golden_outputs.py        # rewrite the digests (only when a change is meant)

When an intended change of the output lands, take the digests from the code without the
performance work (`PYTHONPATH=OTHER_CHECKOUT/src python tests/golden_outputs.py`), then check
this checkout against them.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from paths import ROOT, TESTS

EXAMPLES = ROOT / "examples"
DIGESTS = TESTS / "golden" / "plan-digests.json"
sys.path.insert(0, str(ROOT / "benchmarks"))

SYNTHETIC = (("london", 600, "Europe/London"), ("new-york", 300, "America/New_York"))
SYNTHETIC_AS_OF = "2026-11-15T09:00"


@dataclass(frozen=True)
class Case:
    name: str
    args: tuple[str, ...]  # after `plan`; file names relative to the folder given to `run`


def _example_as_of(path: Path) -> str:
    found = re.search(r"--as-of (\S+)", path.read_text("utf-8"))
    return found.group(1) if found else "2026-11-15T09:00"


def cases() -> Iterator[Case]:
    for path in sorted(EXAMPLES.glob("*.yaml")):
        extra: tuple[str, ...] = ()
        if path.stem == "custom-policy-events":
            # relative to the checkout: the text output shows the path, and wraps by its length
            extra = ("--policy", "examples/policies/veterinary.yaml")
        for moment in (_example_as_of(path), "2026-12-24T18:00"):
            for fmt in ("json", "text"):
                for everything in ((), ("--all",)):
                    name = f"{path.stem}@{moment}.{fmt}{'.all' if everything else ''}"
                    args = (str(path), "--as-of", moment, "--format", fmt, *everything, *extra)
                    yield Case(name, args)
    for label, _, _ in SYNTHETIC:
        for suffix in ("yaml", "json"):
            for fmt in ("json", "text"):
                file = f"{label}.{suffix}"
                yield Case(f"synthetic-{file}.{fmt}.all", (file, "--format", fmt, "--all"))
                yield Case(f"synthetic-{file}.{fmt}", (file, "--format", fmt))
        jobs = (f"{label}.yaml", "--format", "json", "--jobs", "2")
        yield Case(f"synthetic-{label}.yaml.json.jobs2", jobs)


def write_synthetic(folder: Path) -> None:
    from synth import generate, write_document

    for label, n, zone in SYNTHETIC:
        document = generate(n, 1, timezone=zone)
        for suffix in ("yaml", "json"):
            write_document(document, folder / f"{label}.{suffix}")


def run(case: Case, folder: Path) -> bytes:
    from click.testing import CliRunner

    from followup.cli import cli

    args = [
        str(folder / a) if a.endswith((".yaml", ".json")) and "/" not in a else a for a in case.args
    ]
    if case.name.startswith("synthetic-"):
        args += ["--as-of", SYNTHETIC_AS_OF]
    here = Path.cwd()
    os.chdir(ROOT)  # relative paths in the output: the same bytes in any checkout
    try:
        result = CliRunner().invoke(cli, ["plan", *args], catch_exceptions=False)
    finally:
        os.chdir(here)
    assert result.exit_code == 0, (case.name, result.output)
    out = result.stdout_bytes.replace(str(folder).encode(), b"<synthetic>")
    return out.replace(str(ROOT).encode(), b"<root>")  # the same digests in any checkout


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def main() -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        write_synthetic(Path(tmp))
        found = {case.name: digest(run(case, Path(tmp))) for case in cases()}
    DIGESTS.write_text(json.dumps(found, indent=1, sort_keys=True) + "\n", "utf-8")
    print(f"{len(found)} digests written to {DIGESTS}")


if __name__ == "__main__":
    main()
