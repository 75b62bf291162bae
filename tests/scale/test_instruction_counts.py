"""`benchmarks/instructions.py` reads the instruction total of a cachegrind run: the figure
docs/performance.md's rounds are measured by. A report it misreads would put a wrong number in
the README, so the parsing is pinned on a report as valgrind 3.19 writes it."""

from __future__ import annotations

import sys

import pytest

from paths import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))

from instructions import instruction_count

REPORT = """\
==3914== Cachegrind, a cache and branch-prediction profiler
==3914== Copyright (C) 2002-2017, and GNU GPL'd, by Nicholas Nethercote et al.
==3914== Command: python -m followup plan apps-3000.json --format json
==3914==
Warning: something the program itself wrote to stderr: I   refs: 12
==3914==
==3914== I   refs:      6,783,186,225
"""


def test_the_total_is_read_from_valgrind_own_line() -> None:
    # the program's own stderr line that looks alike is not valgrind's (no ==pid== prefix)
    assert instruction_count(REPORT) == 6_783_186_225


def test_a_report_without_a_total_is_refused() -> None:
    with pytest.raises(ValueError, match="no 'I refs' line"):
        instruction_count("==1== Cachegrind\n==1== error: no such file\n")
