"""Every output of the command line: pure functions from result objects to text.

`FORMATS` registers, per command, the formats it can print and the function that renders each
(`module:function` in this package, imported only when used), so `--format` offers exactly
these. An output format is one module here and its rows in `FORMATS`.
"""

from __future__ import annotations

from collections.abc import Callable

FORMATS: dict[str, dict[str, str]] = {
    "plan": {
        "text": "text_render:render_wrapped",
        "json": "json_render:render_json_files",
        "jsonl": "json_render:render_jsonl_files",
    },
    "explain": {"text": "explain_render:render_text", "json": "explain_render:render_json"},
    "status": {"text": "daily_render:render_text", "json": "daily_render:render_json"},
    "timeline": {"html": "timeline_html:render_html", "text": "timeline_text:render_text"},
    "validate": {"text": "validate_render:render_text", "json": "validate_render:render_json"},
    "test": {"text": "policytest_render:render_text", "json": "policytest_render:render_json"},
    "audit verify": {"text": "audit_render:render_text", "json": "audit_render:render_json"},
}


def renderer(command: str, output_format: str) -> Callable[..., str]:
    """The function that renders `command`'s result in `output_format`."""
    import importlib

    module, _, name = FORMATS[command][output_format].partition(":")
    found: Callable[..., str] = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    return found


__all__ = ["FORMATS", "renderer"]
