"""Shared by the timeline tests: the example files drawn together, and a reader of the page."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from followup.cli import cli
from paths import ROOT

EXAMPLES = [
    str(ROOT / "examples" / name)
    for name in (
        "tech-panel.yaml",
        "second-round-date-passed.yaml",
        "government-no-date.yaml",
        "offer.yaml",
        "rejected.yaml",
    )
]
AS_OF = "2026-11-05T08:00"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def plan_json(*paths: str, as_of: str = AS_OF) -> dict[str, Any]:
    """The plan with every status, as `followup plan --all --format json` gives it."""
    code, out, err = run("plan", *paths, "--as-of", as_of, "--all", "--format", "json")
    assert code == 0, err
    document: dict[str, Any] = json.loads(out)
    return document


def write_page(target: Path, *paths: str, as_of: str = AS_OF) -> str:
    code, out, err = run("timeline", *paths, "--as-of", as_of, "-o", str(target))
    assert code == 0, err
    assert out == ""
    return target.read_text("utf-8")


class PageReader(HTMLParser):
    """The parts of the page the tests look at: bars, their explanations, the now line."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.bars: list[dict[str, str]] = []
        self.now: list[dict[str, str]] = []
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.tips: dict[str, str] = {}
        self._tip: str | None = None
        self._depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {k: v or "" for k, v in attrs}
        self.tags.append((tag, found))
        if "data-action-id" in found:
            self.bars.append(found)
        if "data-now" in found:
            self.now.append(found)
        if found.get("role") == "tooltip":
            self._tip, self._depth = found["id"], 0
            self.tips[self._tip] = ""
        elif self._tip is not None and tag == "div":
            self._depth += 1

    def handle_endtag(self, tag: str) -> None:
        if self._tip is not None and tag == "div":
            if self._depth == 0:
                self._tip = None
            else:
                self._depth -= 1

    def handle_data(self, data: str) -> None:
        if self._tip is not None:
            self.tips[self._tip] += data


def read_page(html: str) -> PageReader:
    reader = PageReader()
    reader.feed(html)
    reader.close()
    return reader
