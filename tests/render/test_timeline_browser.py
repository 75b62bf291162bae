"""The timeline page in a real browser: Debian's chromium, headless, driven by Playwright.

No browser is downloaded: Playwright launches `/usr/bin/chromium` (`.ci/run` installs it with
apt when it is missing), with a fresh profile and nothing that phones home. These tests fail,
never skip, when the browser or Playwright is missing; set FOLLOWUP_BROWSER_TESTS=skip to skip
them on a machine without chromium.

A screenshot of each page is kept in FOLLOWUP_ARTIFACTS (default `test-artifacts/`).
`FOLLOWUP_UPDATE_DOCS=1 python -m pytest tests/render/test_timeline_browser.py` also refreshes the
README's picture, docs/timeline.png.
"""

from __future__ import annotations

import itertools
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pendulum
import pytest

from timeline_support import EXAMPLES, ROOT, plan_json, write_page

sys.path.insert(0, str(ROOT / "benchmarks"))
from synth import generate, write_document

CHROMIUM = Path(os.environ.get("FOLLOWUP_CHROMIUM", "/usr/bin/chromium"))
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(os.environ.get("FOLLOWUP_ARTIFACTS", ROOT / "test-artifacts"))
DOCS_PICTURE = ROOT / "docs" / "timeline.png"
VIEWPORT = {"width": 1400, "height": 900}
PX = 0.75  # positions are rounded to 1/10,000 of the axis: well under a pixel here

if os.environ.get("FOLLOWUP_BROWSER_TESTS") == "skip":
    pytest.skip("FOLLOWUP_BROWSER_TESTS=skip", allow_module_level=True)


@pytest.fixture(scope="module")
def browser_context(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - the test extra installs it
        pytest.fail("Playwright is missing: pip install '.[test]'")
    if not CHROMIUM.exists():  # pragma: no cover - .ci/run installs it
        pytest.fail(f"{CHROMIUM} is missing: apt-get install chromium (or FOLLOWUP_CHROMIUM)")
    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(profile),
            executable_path=str(CHROMIUM),
            headless=True,
            args=LAUNCH_ARGS,
            viewport=VIEWPORT,
            color_scheme="light",
            reduced_motion="reduce",
        )
        try:
            yield context
        finally:
            context.close()


class Visit:
    """A page opened from a file, with every console error, page error and request seen."""

    def __init__(self, context: Any, path: Path) -> None:
        self.url = path.resolve().as_uri()
        self.page = context.new_page()
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.goto(self.url, wait_until="load")

    def geometry(self) -> dict[str, Any]:
        result: dict[str, Any] = self.page.evaluate(
            """() => {
              const now = document.querySelectorAll('[data-now]');
              const bars = [...document.querySelectorAll('[data-action-id]')].map(b => {
                const r = b.getBoundingClientRect();
                return {id: b.dataset.actionId, left: r.left, right: r.right};
              });
              const lane = document.querySelector('.row .lane').getBoundingClientRect();
              return {nows: now.length, now: now[0].getBoundingClientRect().left,
                      laneWidth: lane.width, bars};
            }"""
        )
        return result

    def close(self) -> None:
        self.page.close()


def _moment(text: str) -> pendulum.DateTime:
    parsed = pendulum.parse(text)
    assert isinstance(parsed, pendulum.DateTime)
    return parsed


def _screenshot(visit: Visit, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    target = ARTIFACTS / name
    visit.page.screenshot(path=str(target), full_page=True)
    assert target.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    return target


def _check_layout(visit: Visit, plan: dict[str, Any]) -> None:
    """One bar per action, left to right in time, each on its side of the now line."""
    geometry = visit.geometry()
    actions = {a["id"]: a for a in plan["actions"]}
    bars = geometry["bars"]
    assert geometry["nows"] == 1
    assert len(bars) == len(actions) and {b["id"] for b in bars} == set(actions)
    as_of = _moment(plan["as_of"])
    now = geometry["now"]
    narrowest = 0.004 * geometry["laneWidth"]  # MIN_BAR: a zero-length window is still drawn
    by_time = sorted(bars, key=lambda b: (_moment(actions[b["id"]]["not_before"]), b["id"]))
    for earlier, later in itertools.pairwise(by_time):
        assert earlier["left"] <= later["left"] + PX, (earlier["id"], later["id"])
    sides = {"before": 0, "across": 0, "after": 0}
    for bar in bars:
        action = actions[bar["id"]]
        opens, closes = _moment(action["not_before"]), _moment(action["due_by"])
        if opens > as_of:
            assert bar["left"] >= now - PX, bar["id"]
            sides["after"] += 1
        elif closes < as_of:
            assert bar["left"] < now and bar["right"] <= now + narrowest + PX, bar["id"]
            sides["before"] += 1
        else:
            assert bar["left"] <= now + PX and bar["right"] >= now - PX, bar["id"]
            sides["across"] += 1
    assert all(sides.values()), sides  # the page tested has bars on both sides and across


def _readme_picture(visit: Visit, plan: dict[str, Any]) -> None:
    """The chart with one due action's explanation open, as the README shows it."""
    due = next(a["id"] for a in plan["actions"] if a["status"] == "due")
    visit.page.locator(f'[data-action-id="{due}"]').focus()
    chart = visit.page.locator(".chart").bounding_box()
    assert chart is not None
    clip = {"x": 0, "y": 0, "width": VIEWPORT["width"], "height": chart["y"] + chart["height"] + 24}
    visit.page.screenshot(path=str(DOCS_PICTURE), clip=clip, full_page=True)


def _check_quiet(visit: Visit) -> None:
    assert visit.errors == []
    assert visit.requests == [visit.url]  # the page itself, from disk, and nothing else


def test_examples_in_a_browser(browser_context: Any, tmp_path: Path) -> None:
    page_file = tmp_path / "timeline.html"
    write_page(page_file, *EXAMPLES)
    visit = Visit(browser_context, page_file)
    try:
        _check_quiet(visit)
        _check_layout(visit, plan_json(*EXAMPLES))
        _screenshot(visit, "timeline-examples.png")
        if os.environ.get("FOLLOWUP_UPDATE_DOCS") == "1":  # pragma: no cover - by hand
            _readme_picture(visit, plan_json(*EXAMPLES))
    finally:
        visit.close()


def test_every_explanation_is_reachable_by_keyboard_and_mouse(
    browser_context: Any, tmp_path: Path
) -> None:
    page_file = tmp_path / "timeline.html"
    write_page(page_file, *EXAMPLES)
    actions = {a["id"]: a for a in plan_json(*EXAMPLES)["actions"]}
    visit = Visit(browser_context, page_file)
    page = visit.page
    try:
        order = page.eval_on_selector_all(
            "[data-action-id]", "bs => bs.map(b => b.dataset.actionId)"
        )
        page.keyboard.press("Tab")  # the bars are the page's only stops, in document order
        for action_id in order:
            focused = page.evaluate("document.activeElement.dataset.actionId")
            assert focused == action_id
            bar = page.locator(f'[data-action-id="{action_id}"]')
            tip = page.locator(f"#{bar.get_attribute('aria-describedby')}")
            assert tip.is_visible()
            text = tip.inner_text()
            assert f"Rule {actions[action_id]['rule']}" in text
            assert all(gid in text for gid in actions[action_id]["explanation"]["cites"])
            page.keyboard.press("Tab")
        assert not page.locator("[role=tooltip]:visible").count()
        page.keyboard.press("Shift+Tab")
        last = page.locator(f'[data-action-id="{order[-1]}"]')
        assert page.locator("[role=tooltip]:visible").count() == 1
        page.mouse.move(0, 0)
        page.evaluate("document.activeElement.blur()")
        assert not page.locator("[role=tooltip]:visible").count()
        last.hover()
        tip = page.locator(f"#{last.get_attribute('aria-describedby')}")
        assert tip.is_visible() and actions[order[-1]]["rule"] in tip.inner_text()
        _screenshot(visit, "timeline-explanation.png")
        _check_quiet(visit)
    finally:
        visit.close()


def test_fifty_applications_dark(browser_context: Any, tmp_path: Path) -> None:
    events = tmp_path / "fifty.yaml"
    write_document(generate(50, seed=3), events)
    page_file = tmp_path / "fifty.html"
    write_page(page_file, str(events), as_of="2026-11-15T09:00")
    visit = Visit(browser_context, page_file)
    try:
        visit.page.emulate_media(color_scheme="dark")
        background = visit.page.evaluate("getComputedStyle(document.body).backgroundColor")
        assert background == "rgb(18, 19, 22)"
        _check_quiet(visit)
        _check_layout(visit, plan_json(str(events), as_of="2026-11-15T09:00"))
        _screenshot(visit, "timeline-fifty-dark.png")
    finally:
        visit.close()


def test_the_readme_picture_is_a_png() -> None:
    assert DOCS_PICTURE.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    assert "docs/timeline.png" in (ROOT / "README.md").read_text("utf-8")
