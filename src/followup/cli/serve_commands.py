"""`followup serve`: the library over HTTP on 127.0.0.1 (needs the `[serve]` extra)."""

from __future__ import annotations

from pathlib import Path

import click

from followup.api import MAX_REQUEST_KB
from followup.cli import UserError, cli


@cli.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(0, 65535), default=8080, show_default=True)
@click.option(
    "--policy-dir",
    "policy_dirs",
    multiple=True,
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    metavar="DIR",
    help="Load the policies in DIR at start (repeatable); requests name policies, never paths.",
)
@click.option(
    "--decision-log",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="FILE",
    help="Append one JSON line per decision (people's names and emails masked).",
)
@click.option(
    "--max-body-kb",
    type=click.IntRange(min=1),
    default=MAX_REQUEST_KB,
    show_default=True,
    metavar="KB",
    help="Refuse request bodies larger than this (413).",
)
def serve_command(
    host: str, port: int, policy_dirs: tuple[Path, ...], decision_log: Path | None, max_body_kb: int
) -> None:
    """Answer POST /v1/plan, /v1/explain, /v1/why-not, /v1/draft and /v1/validate and
    GET /v1/policies, /v1/schema/{events,plan,policy}, /openapi.json and /health with the
    library's JSON (docs/serve.md). Binds to 127.0.0.1 unless told otherwise."""
    try:
        import uvicorn

        from followup.api import create_app
    except ImportError:
        raise UserError("followup serve needs: pip install 'interview-followup[serve]'") from None
    app = create_app(
        policy_dirs=policy_dirs, max_body=max_body_kb * 1024, decision_log=decision_log
    )
    uvicorn.run(app, host=host, port=port, log_level="warning", server_header=False)
