"""A status email thanks "once more" only someone who was thanked (G4: 000's template opens
"Thank you for the opportunity to interview"). In examples/government-no-date.yaml only the HR
partner was thanked after the panel; the check-in goes to Director Kelly, who chaired it and
never had a note: "Thank you once more" would thank her again for thanks she never got."""

from __future__ import annotations

from pathlib import Path

from followup.api import PlanRequest, draft_for, plan_path
from paths import ROOT

EXAMPLE = ROOT / "examples" / "government-no-date.yaml"
AS_OF = "2026-11-16T09:00"  # the check-in is due (the example's header)
THANKED_KELLY = (
    "      - {type: thank_you_sent, at: 2026-11-03T18:00:00, to: [s.kelly@council.example]}\n"
)


def status_email(events: Path) -> str:
    plan = plan_path(PlanRequest([events], 20 * 1024 * 1024, as_of=AS_OF))
    (check_in,) = [a for a in plan.actions if a.kind == "follow_up" and a.is_open]
    assert [p.name for p in check_in.to] == ["Siobhán Kelly"]
    return draft_for(check_in, plan.events.candidate).text()


def test_the_chair_never_thanked_is_thanked_not_thanked_again() -> None:
    text = status_email(EXAMPLE)
    assert "Thank you for inviting me to interview for the Senior Planning Officer" in text
    assert "once more" not in text


def test_the_chair_thanked_after_the_panel_is_thanked_once_more(tmp_path: Path) -> None:
    events = tmp_path / "events.yaml"
    text = EXAMPLE.read_text(encoding="utf-8")
    anchor = (
        "      - {type: thank_you_sent, at: 2026-11-03T17:45:00, to: [b.walsh@council.example]}\n"
    )
    assert anchor in text
    events.write_text(text.replace(anchor, anchor + THANKED_KELLY), encoding="utf-8")
    assert "Thank you once more for inviting me to interview" in status_email(events)
