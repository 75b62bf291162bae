"""An offer answered late: still owed, and the reply says so (G19: thank the hiring managers and
clarify what is open before you decide).

Worked by hand. Nora Quinn in London; Albion Foods (`generic`), the recruiter Ms. Hannah Lee and
the hiring manager Mr. Mark Evans. Offer by phone Thu 15 Oct 11:00 BST: the reply is due by the
end of the next working day, Fri 16 Oct 17:00 BST.

- Fri 16 Oct 09:30: due; the plan adds nothing, and the draft neither apologises nor asks for a
  deadline.
- Mon 16 Nov 10:00, no reply sent: an offer does not lapse as a thank-you does (nothing else
  answers it for her). The reply is overdue, and the plan says what a coach would: reply now,
  say sorry for the delay and, if she needs more time to decide, ask by when they need her
  answer. The draft says sorry once and asks by when they need it.
"""

from __future__ import annotations

from pathlib import Path

from cli_support import run

EVENTS = """\
candidate: {name: Nora Quinn, timezone: Europe/London}
applications:
  - id: albion
    company: Albion Foods
    role: Supply Chain Lead
    industry: food
    recruiter: {name: Hannah Lee, honorific: Ms., email: hannah.lee@albion.example}
    events:
      - type: interview
        at: 2026-10-06T10:00
        round: 2
        interviewers:
          - {name: Mark Evans, honorific: Mr., email: mark.evans@albion.example,
             hiring_manager: true}
      - {type: thank_you_sent, at: 2026-10-06T15:00}
      - {type: offer_received, at: 2026-10-15T11:00}
"""
REPLY = "albion/reply-to-offer/2026-10-15"
NOTE = (
    "note: an offer waits for your answer however late: reply now, say sorry for the delay and,"
    " if you need more time to decide, ask by when they need your answer"
)
SORRY = "I am sorry that my reply comes later than I intended."
DEADLINE = "Could you also let me know by when you need my answer?"


def _events(tmp_path: Path) -> Path:
    path = tmp_path / "events.yaml"
    path.write_text(EVENTS, encoding="utf-8")
    return path


def _plan(path: Path, as_of: str) -> str:
    code, out, err = run("plan", str(path), "--as-of", as_of, "--policy", "generic")
    assert code == 0, err
    return " ".join(out.split())


def _draft(path: Path, as_of: str) -> str:
    code, out, err = run("draft", str(path), REPLY, "--as-of", as_of, "--policy", "generic")
    assert code == 0, err
    return out


def test_an_offer_reply_on_time_is_plain(tmp_path: Path) -> None:
    path = _events(tmp_path)
    plan = _plan(path, "2026-10-16T09:30")
    assert "DUE Thank them for the offer" in plan and "note:" not in plan
    draft = _draft(path, "2026-10-16T09:30")
    assert SORRY not in draft and DEADLINE not in draft


def test_an_offer_unanswered_a_month_on_is_still_owed_and_the_reply_says_sorry(
    tmp_path: Path,
) -> None:
    path = _events(tmp_path)
    plan = _plan(path, "2026-11-16T10:00")
    assert "OVERDUE Thank them for the offer" in plan
    assert "window Thu 15 Oct 2026 11:00 -> Fri 16 Oct 2026 17:00" in plan
    assert NOTE in plan
    draft = _draft(path, "2026-11-16T10:00")
    assert draft.startswith(
        "To: Ms. Hannah Lee <hannah.lee@albion.example>, Mr. Mark Evans <mark.evans@albion.example>"
    )
    assert draft.count(SORRY) == 1 and draft.count(DEADLINE) == 1
    assert draft.index(SORRY) < draft.index("Before I give you my answer")
