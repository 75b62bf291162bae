"""`followup timeline`: every application on one time axis, as an HTML page or in the terminal."""

from __future__ import annotations

from pathlib import Path

import click

from followup.cli import cli
from followup.cli.options import (
    format_option,
    input_size_option,
    output_option,
    plan_request,
    planning_options,
    write_or_print,
)
from followup.cli.plan_commands import EVENTS_PATHS_ARGUMENT
from followup.render import renderer


@cli.command("timeline")
@EVENTS_PATHS_ARGUMENT
@output_option("Write the page (or the text chart) here; '-' for standard output.")
@format_option(
    "timeline", help="A self-contained HTML page, or a week-per-column chart for the terminal."
)
@click.option("--open", "open_page", is_flag=True, help="Open the written page in a browser.")
@planning_options
@input_size_option
def timeline_command(
    events_paths: tuple[Path, ...],
    output: Path | None,
    output_format: str,
    open_page: bool,
) -> None:
    """Draw every application of EVENTS on one time axis: its events, each action's window
    coloured by status (done and cancelled ones too) and a line at now (--as-of).

    HTML (the default) needs -o FILE: one page with no scripts and nothing fetched from the
    network; hover over or tab to a bar for its explanation. --format text prints a chart with
    one column per week and a legend. EVENTS defaults to the file `followup add` edits.
    """
    if output_format == "html" and output is None:
        raise click.UsageError("give -o FILE for the HTML page (or -o - for standard output)")
    if open_page and (output is None or str(output) == "-" or output_format != "html"):
        raise click.UsageError("--open needs the HTML page written to a file: -o FILE")
    from followup.api import plan_paths

    plans = plan_paths(plan_request(events_paths))
    text = renderer("timeline", output_format)(plans)
    write_or_print(output, text, plans)
    if open_page and output is not None:
        import webbrowser

        webbrowser.open(output.resolve().as_uri())
