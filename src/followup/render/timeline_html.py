"""`followup timeline`: one self-contained HTML page (no script, no network), same bytes for the
same plan. The page is `templates/timeline.html.j2` with `templates/timeline.css` inlined."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from importlib import resources

import jinja2

from followup.planner import Plan
from followup.render.timeline_model import STATUSES, build_timeline

_PACKAGE = "followup.render"


def position(fraction: float) -> str:
    """A fraction of the axis in few bytes (`.3729`): hundreds of them are in a page, and a
    ten-thousandth of a 1,500-pixel axis is a seventh of a pixel."""
    text = f"{fraction:.4f}".rstrip("0").rstrip(".")
    return text[1:] if text.startswith("0.") else text or "0"


@cache
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader(_PACKAGE, "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    env.filters["pos"] = position
    return env


@cache
def _css() -> str:
    return resources.files(_PACKAGE).joinpath("templates/timeline.css").read_text("utf-8")


def render_html(plans: Sequence[Plan]) -> str:
    """The timeline page of one or several plans."""
    template = _environment().get_template("timeline.html.j2")
    return template.render(t=build_timeline(plans), css=_css().strip(), legend=STATUSES)
