"""The Python examples of docs/api.md and the README run as written, from the repository's
root, and print what the documents say they print."""

from __future__ import annotations

import contextlib
import io
import re

import pytest

from paths import ROOT

BLOCK = re.compile(r"```python\n(.*?)```", re.S)


def blocks(name: str) -> list[str]:
    return BLOCK.findall((ROOT / name).read_text("utf-8"))


def run_block(code: str, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.chdir(ROOT)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code, "<example>", "exec"), {"__name__": "__example__"})
    return out.getvalue()


@pytest.mark.parametrize("n", range(5))
def test_api_examples_run(n: int, monkeypatch: pytest.MonkeyPatch) -> None:
    found = blocks("docs/api.md")
    assert len(found) == 5
    assert run_block(found[n], monkeypatch).strip()


def test_the_invalid_input_example_prints_what_the_page_shows(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    text = (ROOT / "docs" / "api.md").read_text("utf-8")
    shown = text.split("prints every problem at once, sorted by path")[1]
    shown = shown.split("```text\n")[1].split("```")[0]
    printed = run_block(blocks("docs/api.md")[2], monkeypatch)
    assert len(printed.splitlines()) == len(shown.splitlines())
    for got, want in zip(printed.splitlines(), shown.splitlines(), strict=True):
        assert got.startswith(want.removesuffix("...]").removesuffix("...").rstrip()), (got, want)


def test_readme_example_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    section = (ROOT / "README.md").read_text("utf-8").split("## Use it from Python")[1]
    [code] = BLOCK.findall(section.split("\n## ")[0])
    printed = run_block(code, monkeypatch)
    assert "due acme-sre/thank-you-each-interviewer/2026-10-06/grace-hopper" in printed
    assert "[('missing-key', 'candidate', \"missing required key 'name'\")]" in printed
