"""A template cannot make the tool work without bound (issue 11, item 5): operators, calls and
filters that would build a value past MAX_TEMPLATE_VALUE are refused before they run, the
output stops at MAX_TEMPLATE_OUTPUT, and a template that runs past MAX_TEMPLATE_SECONDS of
processor time is stopped. Each is one line naming the template, the line and the limit, exit 2.

No test here reads a clock: the time limit is tested with a clock that ticks on every read.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from followup import sandbox
from followup.cli import cli
from followup.limits import MAX_TEMPLATE_OUTPUT, MAX_TEMPLATE_VALUE
from paths import ROOT

EXAMPLE = str(ROOT / "examples" / "tech-panel.yaml")
AS_OF = ["--as-of", "2026-10-07T09:00"]
PANEL = "acme-sre/thank-you-panel-lead/2026-10-06"


def draft_with(tmp_path: Path, template: str) -> tuple[int, str]:
    path = tmp_path / "mine.j2"
    path.write_text(template)
    result = CliRunner().invoke(cli, ["draft", EXAMPLE, PANEL, *AS_OF, "--template", str(path)])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    return result.exit_code, result.output


HOSTILE = [
    ('Dear {{ recipient.name }},\n{{ "x" * 10**9 }}\n', 2, "`*`"),
    ("Dear {{ recipient.name }},\n{{ 10**(10**9) }}\n", 2, "`**`"),
    ("Hi\n\n{{ 2 ** 999999 }}\n", 3, "`**`"),
    ("{{ 2 ** (10**400) }}\n", 1, "`**`"),
    ("{% set a = 10**99990 %}{{ a * a }}\n", 1, "`*`"),
    ('{{ "%0999999999d"|format(1) }}\n', 1, "width 999999999"),
    ('{{ "%0999999999d" % 1 }}\n', 1, "width 999999999"),
    ('{{ "%*d" % (999999999, 1) }}\n', 1, "width 999999999"),
    ('{{ "{:0999999999}".format(1) }}\n', 1, "width 999999999"),
    ('{{ "x".center(10**9) }}\n', 1, "`center` with 1000000000"),
    ('{{ "x"|center(1000000000) }}\n', 1, "the `center` filter with 1000000000"),
    ('{{ ("ab\\n" * 999)|indent(999, true, true) }}\n', 1, "indent"),
    ('{% set s = "x" * 99999 %}{{ s.replace("", s) }}\n', 1, "replace"),
    ('{% set s = "x" * 99999 %}{{ [s, s] ~ "" }}\n', 1, "characters"),
    ('{% set s = "x" * 99999 %}{{ [s, s]|join }}\n', 1, "join"),
    ('{% set s = "\t" * 9999 %}{{ s.expandtabs(9999) }}\n', 1, "expandtabs"),
    ('{% set s = "x" * 99999 %}{% set l = [s, s, s] %}{{ [l, l]|string }}\n', 1, "string"),
    ('{% set s = "x" * 99999 %}{{ s + s }}\n', 1, "`+`"),
    ("{{ range(10**9)|list }}\n", 1, "1000000000"),
]


@pytest.mark.parametrize(("template", "line", "what"), HOSTILE)
def test_a_template_that_would_compute_too_much_is_refused_on_one_line(
    tmp_path: Path, template: str, line: int, what: str
) -> None:
    code, out = draft_with(tmp_path, template)
    assert code == 2, out
    where = re.match(rf"Error: {re.escape(str(tmp_path / 'mine.j2'))}:{line}(:\d+)?: ", out)
    assert where and out[where.end() :].startswith("template limit: "), out
    if where[1]:  # the line's only tag (with two, the column is not made up)
        assert template.splitlines()[line - 1][int(where[1][1:]) - 1] == "{", out
    assert what in out and out.count("\n") == 1 and len(out) < 300, out


def test_the_output_stops_at_its_limit(tmp_path: Path) -> None:
    template = '{% for i in range(99999) %}{{ "x" * 99 }}\n{% endfor %}'
    code, out = draft_with(tmp_path, template)
    assert code == 2
    assert out == (
        f"Error: {tmp_path / 'mine.j2'}:1: template limit: the draft is longer than "
        f"{MAX_TEMPLATE_OUTPUT} characters (MAX_TEMPLATE_OUTPUT)\n"
    )


@pytest.fixture
def ticking(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[float]]:
    """A processor clock that moves a millisecond each time it is read."""
    now = [0.0]

    def clock() -> float:
        now[0] += 0.001
        return now[0]

    monkeypatch.setattr(sandbox, "_processor_seconds", clock)
    yield now


def test_nested_loops_stop_at_the_time_limit(tmp_path: Path, ticking: list[float]) -> None:
    template = (
        "Hello\n"
        "{% for i in range(99999) %}{% for j in range(99999) %}{% for k in range(99999) %}\n"
        "{% endfor %}{% endfor %}{% endfor %}\n"
    )
    code, out = draft_with(tmp_path, template)
    assert code == 2
    assert out.startswith(f"Error: {tmp_path / 'mine.j2'}:")
    assert out.endswith(
        ": template limit: ran past 2.0 s of processor time (MAX_TEMPLATE_SECONDS)\n"
    )
    assert 2.0 < ticking[0] < 2.5  # stopped soon after


def test_an_ordinary_template_is_not_hindered(tmp_path: Path, ticking: list[float]) -> None:
    template = (
        "Subject: Thanks\n\n{% for i in range(50) %}{{ i }} {% endfor %}\n"
        '{{ "%-5s|" % "ab" }}{{ "{:>4}".format(7) }}{{ 2**10 }} {{ ("ab" * 3)|center(10) }}\n'
        "{{ recipient.name }}{{ [1, 2]|join(', ') }}\n"
    )
    code, out = draft_with(tmp_path, template)
    assert code == 0, out
    assert "0 1 2 3" in out and "ab   |   71024   ababab\n" in out and "Grace Hopper1, 2" in out
    assert MAX_TEMPLATE_VALUE >= 100_000


def test_a_builtin_draft_renders_within_the_limits() -> None:
    result = CliRunner().invoke(cli, ["draft", EXAMPLE, PANEL, *AS_OF])
    assert result.exit_code == 0 and "Dear Director Hopper," in result.output
