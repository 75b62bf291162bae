"""Where the repository's folders are, for every test wherever it sits in tests/ (one place
instead of counting `.parent`s from each test file)."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
"""The repository's root: src/, docs/, examples/, benchmarks/ and tests/ are below it."""
TESTS = ROOT / "tests"
