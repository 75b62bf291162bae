"""`followup timeline`: the page's content and bytes, the text chart, the command's options.

What a browser makes of the page (positions, focus, no requests) is in test_timeline_browser.py.
"""

from __future__ import annotations

import dataclasses
import itertools
import re
import sys
from pathlib import Path

import pendulum
import pytest
from click.testing import CliRunner

from followup.api import Plan, PlanRequest, plan_paths
from followup.board import board
from followup.cli import cli
from followup.render.terminal import plain, style
from followup.render.timeline_html import position, render_html
from followup.render.timeline_model import STATUSES, build_timeline
from followup.render.timeline_text import render_text
from timeline_support import AS_OF, EXAMPLES, ROOT, plan_json, read_page, run, write_page

sys.path.insert(0, str(ROOT / "benchmarks"))
from synth import generate, write_document

TECH = EXAMPLES[0]


def _plans(*paths: str, as_of: str = AS_OF) -> list[Plan]:
    return plan_paths(PlanRequest([Path(p) for p in paths], 20 * 1024 * 1024, as_of=as_of))


def test_one_bar_per_action_with_its_id_status_and_explanation(tmp_path: Path) -> None:
    page = read_page(write_page(tmp_path / "t.html", *EXAMPLES))
    actions = plan_json(*EXAMPLES)["actions"]
    assert len(actions) > 20
    assert [b["data-action-id"] for b in page.bars] != []
    assert sorted(b["data-action-id"] for b in page.bars) == sorted(a["id"] for a in actions)
    statuses = {a["id"]: a["status"] for a in actions}
    rules = {a["id"]: a["rule"] for a in actions}
    cites = {a["id"]: a["explanation"]["cites"] for a in actions}
    for bar in page.bars:
        action_id = bar["data-action-id"]
        assert f"s-{statuses[action_id]}" in bar["class"].split()
        assert bar["tabindex"] == "0"
        tip = page.tips[bar["aria-describedby"]]
        assert f"Rule {rules[action_id]}" in tip
        assert all(gid in tip for gid in cites[action_id])


def test_one_now_line_at_as_of(tmp_path: Path) -> None:
    page = read_page(write_page(tmp_path / "t.html", TECH, as_of="2026-10-07T09:00"))
    assert [n["data-now"] for n in page.now] == ["2026-10-07T09:00:00+01:00"]


def test_the_page_is_self_contained(tmp_path: Path) -> None:
    html = write_page(tmp_path / "t.html", *EXAMPLES)
    page = read_page(html)
    assert not [t for t, _ in page.tags if t in ("script", "link", "img", "iframe", "object")]
    assert not [a for _, a in page.tags if {"src", "href"} & a.keys()]
    assert not re.search(r"(?i)(https?:|//[a-z]|@import|url\()", html)
    assert "prefers-color-scheme: dark" in html


def test_same_input_same_bytes(tmp_path: Path) -> None:
    first = write_page(tmp_path / "a.html", *EXAMPLES)
    second = write_page(tmp_path / "b.html", *EXAMPLES)
    assert first == second
    assert run("timeline", *EXAMPLES, "--as-of", AS_OF, "-o", "-")[1] == first


def test_text_from_the_events_file_is_escaped(tmp_path: Path) -> None:
    events = tmp_path / "events.yaml"
    text = Path(TECH).read_text("utf-8").replace("company: Acme", 'company: "<b>Acme</b> & Co"')
    events.write_text(text, "utf-8")
    html = write_page(tmp_path / "t.html", str(events), as_of="2026-10-07T09:00")
    assert "&lt;b&gt;Acme&lt;/b&gt; &amp; Co" in html
    assert "<b>Acme</b>" not in html


def test_fifty_applications_fit_in_a_small_page(tmp_path: Path) -> None:
    events = tmp_path / "fifty.yaml"
    write_document(generate(50, seed=3), events)
    html = write_page(tmp_path / "t.html", str(events), as_of="2026-11-15T09:00")
    page = read_page(html)
    # 385 actions (every status is drawn, done and cancelled included), each with its
    # explanation in the page: about 4.6 KB an application (docs/timeline.md). The synthetic
    # applications share addresses (sam@corp.example), so some messages also carry a note that
    # one message can serve two applications (followup.peers): about 1.3 KB in all.
    assert len(page.bars) > 300
    assert len(html.encode("utf-8")) < 245_000


def test_every_status_has_a_colour_and_unknown_ones_are_neutral() -> None:
    plans = _plans(TECH, as_of="2026-10-07T09:00")
    plan = plans[0]
    statuses = [*STATUSES, "someday"]
    actions = tuple(
        dataclasses.replace(a, status=statuses[k % len(statuses)])
        for k, a in enumerate(plan.actions)
    )
    assert len(actions) >= len(statuses)
    html = render_html([dataclasses.replace(plan, actions=actions)])
    page = read_page(html)
    drawn = {b["data-action-id"]: b["class"].split()[1] for b in page.bars}
    for action in actions:
        known = action.status in STATUSES
        assert drawn[action.id] == (f"s-{action.status}" if known else "s-other")
    for status in STATUSES:
        assert f".s-{status} {{" in html or f".s-{status}," in html
        assert f'<span class="swatch s-{status}"' in html


def test_bars_share_lanes_without_overlapping() -> None:
    timeline = build_timeline(_plans(*EXAMPLES))
    for row in timeline.rows:
        by_lane: dict[int, list[tuple[float, float]]] = {}
        for bar in row.bars:
            by_lane.setdefault(bar.lane, []).append((bar.left, bar.left + bar.width))
        for spans in by_lane.values():
            spans.sort()
            assert all(a[1] <= b[0] for a, b in itertools.pairwise(spans))
        # as few lanes as bars overlap at the busiest moment (a lane is shared when it can be)
        spans = [(b.left, b.left + b.width) for b in row.bars]
        busiest = max((sum(1 for s, e in spans if s <= at < e) for at, _ in spans), default=1)
        assert row.lanes == busiest


def test_positions_follow_time() -> None:
    timeline = build_timeline(_plans(*EXAMPLES))
    axis = timeline.axis
    assert axis.start.day_of_week == pendulum.MONDAY and axis.start.hour == 0
    for bar in timeline.bars:
        opens, closes = bar.action.not_before, bar.action.due_by
        assert bar.left == pytest.approx(axis.at(opens))
        assert bar.width >= axis.at(closes) - axis.at(opens) - 1e-12
    assert 0 < timeline.now < 1
    assert position(0.42316) == ".4232" and position(1.0) == "1" and position(0.0) == "0"


def test_each_row_shows_the_stage_followup_status_shows() -> None:
    plans = _plans(*EXAMPLES)
    shown = {row.app.id: row.stage for row in build_timeline(plans).rows}
    status = {row.application.id: row.stage for plan in plans for row in board(plan)}
    assert shown == status
    assert shown["brightline-ae"] == "rejected" and shown["orbital-backend"] == "offer"
    # the move-on of acme-sre has come due by then: stop waiting, as `followup status` says
    [later] = build_timeline(_plans(TECH, as_of="2026-11-15")).rows
    assert later.stage == "moved on"


def test_text_chart_has_a_column_per_week_a_now_mark_and_a_legend() -> None:
    text = render_text(_plans(TECH, as_of="2026-10-07T09:00"))
    lines = text.splitlines()
    assert lines[0] == (
        "Follow-up timeline for Ada Lovelace as of Wed 7 Oct 2026 09:00 (Europe/London)"
    )
    assert "one column per week from Monday 21 Sep 2026" in lines[1]
    days = next(line for line in lines if line.strip().startswith("21 28"))
    assert days.split() == ["21", "28", "5", "12", "19", "26", "2", "9", "16"]
    marker = lines[lines.index(days) + 1]
    now_column = marker.index("v")
    assert days[now_column - 1 : now_column + 1] == " 5"  # the week of Monday 5 October
    lines = plain(text).splitlines()
    due = next(line for line in lines if line.startswith("  thank-you-panel-lead due"))
    assert due[now_column - 1 : now_column + 2] == "==="
    upcoming = next(line for line in lines if "follow-up-after-decision-date upcoming" in line)
    assert upcoming[now_column - 1 : now_column + 2] == " | "
    assert "---" in upcoming[now_column + 2 :]
    assert lines[-3].startswith("legend: -- upcoming  == due  !! overdue  ++ done")
    assert "~~ lapsed" in lines[-3] and "// dismissed" in lines[-3]
    assert style("+++", fg="green") in text  # done in green on a terminal


def test_text_format_on_the_command_line() -> None:
    code, out, _ = run("timeline", TECH, "--as-of", "2026-10-07T09:00", "--format", "text")
    assert code == 0
    assert out == plain(render_text(_plans(TECH, as_of="2026-10-07T09:00")))
    assert "\x1b[" not in out  # no colour outside a terminal


def test_text_format_in_colour_on_a_terminal_but_never_with_no_color() -> None:
    args = ["timeline", TECH, "--as-of", "2026-10-07T09:00", "--format", "text"]
    assert "\x1b[32m" in CliRunner().invoke(cli, args, color=True).stdout  # done in green
    result = CliRunner().invoke(cli, args, color=True, env={"NO_COLOR": "1"})
    assert result.exit_code == 0 and "\x1b[" not in result.stdout


def test_html_needs_an_output_file() -> None:
    code, _, err = run("timeline", TECH, "--as-of", AS_OF)
    assert code == 2 and "give -o FILE" in err


def test_open_needs_a_file_and_opens_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[str] = []
    monkeypatch.setattr("webbrowser.open", opened.append)
    code, _, err = run("timeline", TECH, "--as-of", AS_OF, "-o", "-", "--open")
    assert code == 2 and "--open needs" in err and opened == []
    target = tmp_path / "page.html"
    code, _, err = run("timeline", TECH, "--as-of", AS_OF, "-o", str(target), "--open")
    assert code == 0, err
    assert opened == [target.resolve().as_uri()]


def test_refuses_to_write_onto_its_input(tmp_path: Path) -> None:
    events = tmp_path / "events.yaml"
    events.write_text(Path(TECH).read_text("utf-8"), "utf-8")
    before = events.read_bytes()
    code, _, err = run("timeline", str(events), "--as-of", AS_OF, "-o", str(events))
    assert code == 2 and "input of this command" in err
    assert events.read_bytes() == before


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_text_contrast_meets_wcag_aa_in_light_and_dark() -> None:
    css = (ROOT / "src" / "followup" / "render" / "templates" / "timeline.css").read_text()
    light, dark = css.split("@media (prefers-color-scheme: dark)")
    for scheme in (light, dark.split("}")[0]):
        colours = dict(re.findall(r"--([a-z-]+): (#[0-9a-f]{6})", scheme))
        pairs = [(f"{s}-fg", f"{s}-bg") for s in STATUSES]
        pairs += [("fg", "bg"), ("muted", "bg"), ("muted", "row"), ("tip-fg", "tip-bg")]
        for fg, bg in pairs:
            assert _contrast(colours[fg], colours[bg]) >= 4.5, (fg, bg)
        assert _contrast(colours["now"], colours["bg"]) >= 3  # a line and bold text


def test_text_chart_written_to_a_file_has_no_colour_codes(tmp_path: Path) -> None:
    target = tmp_path / "chart.txt"
    code, _, err = run(
        "timeline", TECH, "--as-of", "2026-10-07T09:00", "--format", "text", "-o", str(target)
    )
    assert code == 0, err
    written = target.read_text("utf-8")
    assert written == plain(render_text(_plans(TECH, as_of="2026-10-07T09:00")))
    assert "===" in written
    assert "\x1b" not in written
    assert "\ue000" not in written


def test_text_chart_shows_an_application_and_keeps_month_names_apart(tmp_path: Path) -> None:
    """An `applied` event (`followup new --applied`) is a lettered marker like the others,
    named in the legend; the first column's month does not run into the next ("SepOct")."""
    events = tmp_path / "events.yaml"
    events.write_text(
        "candidate: {name: Ada Lovelace, timezone: Europe/London}\n"
        "applications:\n"
        "  - id: globex\n    company: Globex\n    role: Data Engineer\n    events:\n"
        "      - {type: applied, at: '2026-10-01T09:00:00+01:00'}\n"
        "      - {type: interview, at: '2026-10-05T14:00:00+01:00',"
        " interviewers: [{name: Hal Jordan}]}\n",
        encoding="utf-8",
    )
    text = plain(render_text(_plans(str(events), as_of="2026-10-07T09:00")))
    lines = text.splitlines()
    assert "one column per week from Monday 28 Sep 2026" in lines[1]
    months = lines[3]
    assert "SepOct" not in months and months.split()[0] == "Oct"
    [row] = [line for line in lines if line.startswith("  events")]
    assert row.split()[1:] == ["A", "I"]  # applied in the week of 28 Sep, the interview after
    assert "A applied" in lines[-2]


def test_an_interview_s_marker_shows_when_it_ended(tmp_path: Path) -> None:
    events = tmp_path / "events.yaml"
    events.write_text(
        "candidate: {name: Ada, timezone: Europe/London}\n"
        "applications:\n"
        "  - id: acme\n"
        "    company: Acme\n"
        "    role: SRE\n"
        "    events:\n"
        '      - {type: interview, at: 2026-10-06T10:00, ends: "11:30", format: panel}\n'
        "      - {type: interview, at: 2026-10-13T09:00, ends: 2026-10-14T12:00, round: 2}\n",
        encoding="utf-8",
    )
    (row,) = build_timeline(_plans(str(events), as_of="2026-10-20T09:00")).rows
    assert [m.label for m in row.markers] == [
        "Interview round 1 (panel), 6 Oct 10:00-11:30",
        "Interview round 2 (one on one), 13 Oct 09:00-14 Oct 12:00",
    ]
