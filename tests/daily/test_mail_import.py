"""`followup import mail`: proposals from an mbox, a Maildir and .eml files; --apply is atomic,
keeps a .bak and never records a message twice."""

from __future__ import annotations

import mailbox
from email.message import EmailMessage
from pathlib import Path

import pendulum
import pytest
from click.testing import CliRunner

from followup.cli import cli
from followup.dates.clock import FixedClock
from followup.events import load_events
from followup.mailimport import WHEN_THEY_DECIDE, first_phrase

NOW = FixedClock(pendulum.datetime(2026, 10, 20, 9, tz="Europe/London"))

EVENTS = """\
# my search
candidate: {name: Ada Lovelace, timezone: Europe/London, email: ada@lovelace.example}
applications:
  - id: acme-sre
    company: Acme
    role: Site Reliability Engineer
    industry: technology
    recruiter: {name: Sam Reed, email: sam@acme.example}
    events:
      - type: interview
        at: 2026-10-06T10:00
        interviewers:
          - {name: Grace Hopper, email: grace@acme.example}
          - {name: Alan Turing, email: alan@acme.example}
  - id: globex
    company: Globex
    role: Analyst
    recruiter: {name: Hank Scorpio, email: hank@gmail.com}
    events: []
"""


def message(
    sender: str, to: str, subject: str, date: str, body: str, mid: str | None
) -> EmailMessage:
    mail = EmailMessage()
    mail["From"], mail["To"], mail["Subject"], mail["Date"] = sender, to, subject, date
    if mid:
        mail["Message-ID"] = mid
    mail.set_content(body)
    return mail


def eml_folder(tmp_path: Path, mails: list[EmailMessage]) -> Path:
    """A folder of .eml files, one per message, in order (0.eml, 1.eml, ...)."""
    folder = tmp_path / "mails"
    folder.mkdir()
    for n, mail in enumerate(mails):
        (folder / f"{n}.eml").write_bytes(bytes(mail))
    return folder


ADA = "Ada Lovelace <ada@lovelace.example>"
GRACE, CAREERS = "Grace Hopper <grace@acme.example>", "Careers <noreply@acme.example>"
MESSAGES = [
    message(ADA, GRACE, "Thank you", "Tue, 06 Oct 2026 18:02:00 +0100",
            "Thank you for the conversation about on-call.", "<t1@acme>"),
    message(ADA, "Alan Turing <alan@acme.example>", "Today", "Wed, 07 Oct 2026 08:00:00 +0100",
            "It was great to meet you.", "<t2@acme>"),
    message("Sam Reed <sam@acme.example>", ADA, "Next steps", "Fri, 09 Oct 2026 09:00:00 +0100",
            "We will decide by the 20th.\n> thank you, following up", "<r1@acme>"),
    message(ADA, "sam@acme.example", "Re: Next steps", "Mon, 12 Oct 2026 09:00:00 +0100",
            "Just checking in on the timeline.", "<f1@acme>"),
    message(CAREERS, ADA, "Your application", "Mon, 19 Oct 2026 09:00:00 +0100",
            "Unfortunately we have decided not to proceed.", "<r2@acme>"),
    message("Hank <hank@gmail.com>", ADA, "Hi", "Mon, 19 Oct 2026 09:00:00 +0100",
            "We are pleased to offer you the job!", "<o1@globex>"),
    message("Deals <news@shop.example>", ADA, "Sale", "Mon, 19 Oct 2026 10:00:00 +0100",
            "Unfortunately it ends soon", None),
    message("Sam Reed <sam@acme.example>", ADA, "Later", "Fri, 23 Oct 2026 09:00:00 +0100",
            "Not known yet", "<late@acme>"),
]  # fmt: skip


def flat(text: str) -> str:
    """`text` with its lines wrapped to the terminal joined again."""
    return " ".join(text.split())


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), obj={"clock": NOW})
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def events(tmp_path: Path) -> Path:
    path = tmp_path / "events.yaml"
    path.write_text(EVENTS)
    return path


def mbox(tmp_path: Path) -> Path:
    path = tmp_path / "mail.mbox"
    box = mailbox.mbox(path)
    for mail in MESSAGES:
        box.add(mail)
    box.close()
    return path


def maildir(tmp_path: Path) -> Path:
    path = tmp_path / "Maildir"
    box = mailbox.Maildir(path)
    for mail in MESSAGES:
        box.add(mail)
    return path


EXPECTED = [
    (
        "thank_you_sent",
        "acme-sre",
        "to grace@acme.example",
        '"thank you", 0 days after the interview',
    ),
    (
        "thank_you_sent",
        "acme-sre",
        "to alan@acme.example",
        "0 days after the interview (no phrase)",
    ),
    (  # "We will decide by the 20th": not the quote; a date to write, not to guess (G21)
        "response_received",
        "acme-sre",
        "",
        'from them, "by the 20th": if that is when they decide, add its date as decision_by to '
        "this event (G21)",
    ),
    ("follow_up_sent", "acme-sre", "", '"checking in"'),
    ("offer_received", "globex", "", '"pleased to offer"'),  # same time: by Message-ID
    ("rejected", "acme-sre", "", '"unfortunately"'),  # free mail: by address only
]


@pytest.mark.parametrize("build", [mbox, maildir])
def test_proposals_then_apply_then_nothing_twice(
    tmp_path: Path, events: Path, build: object
) -> None:
    source = build(tmp_path)  # type: ignore[operator]
    code, out, err = run("import", "mail", str(source), "--file", str(events))
    assert code == 0, err
    joined = out.replace("\n    ", " ")
    lines = joined.splitlines()
    assert len(lines) == 7
    for line, (kind, app, _to, _reason) in zip(lines, EXPECTED, strict=False):
        assert f"-> {kind} ({app})" in line, line
    flat = " ".join(out.split())
    for kind, app, to, reason in EXPECTED:
        assert f"-> {kind} ({app}){' ' + to if to else ''} [{reason}]" in flat
    assert '2026-10-06 18:02  Ada Lovelace <ada@lovelace.example>  "Thank you"' in out
    assert (
        "8 message(s) read, 6 proposed (1 not about an application, 1 dated after 2026-10-20 "
        "09:00; --verbose lists them); run again with --apply" in " ".join(out.split())
    )
    assert err == ""  # what was skipped is listed only when asked
    assert events.read_text() == EVENTS  # nothing written without --apply

    code, out, err = run("import", "mail", str(source), "--file", str(events), "--apply")
    assert code == 0, err
    assert "recorded 6 event(s)" in out
    assert "thank-you to Grace Hopper: lapsed -> done" in out
    assert (events.parent / "events.yaml.bak").read_text() == EVENTS
    text = events.read_text()
    assert text.startswith("# my search\n")
    assert "on-call" not in text and "Unfortunately" not in text  # no body, no subject
    app = load_events(events).applications[0]
    assert [(e.type, e.message_id) for e in app.events[1:]] == [
        ("thank_you_sent", "<t1@acme>"),
        ("thank_you_sent", "<t2@acme>"),
        ("response_received", "<r1@acme>"),
        ("follow_up_sent", "<f1@acme>"),
        ("rejected", "<r2@acme>"),
    ]
    assert app.events[1].to == ("grace@acme.example",)

    before = events.read_bytes()
    code, out, _ = run("import", "mail", str(source), "--file", str(events), "--apply")
    flat = " ".join(out.split())
    assert code == 0 and "0 proposed (6 already recorded, 1 not about an application, 1" in flat
    assert events.read_bytes() == before


def test_eml_files_and_a_folder_of_them(tmp_path: Path, events: Path) -> None:
    folder = eml_folder(tmp_path, MESSAGES[:2])
    code, out, _ = run("import", "mail", str(folder / "0.eml"), "--file", str(events))
    assert code == 0 and "1 message(s) read, 1 proposed" in out
    code, out, _ = run("import", "mail", str(folder), "--file", str(events))
    assert code == 0 and "2 message(s) read, 2 proposed" in out


def test_without_my_address_only_employers_count(tmp_path: Path, events: Path) -> None:
    events.write_text(EVENTS.replace(", email: ada@lovelace.example", ""))
    code, out, err = run("import", "mail", str(mbox(tmp_path)), "--file", str(events))
    assert code == 0 and "your own address is not known" in err
    assert "thank_you_sent" not in out and "-> rejected" in out
    code, out, _ = run(
        "import", "mail", str(mbox(tmp_path)), "--file", str(events), "--me", "ADA@lovelace.example"
    )
    assert "thank_you_sent" in out


def test_unreadable_messages_are_warnings(tmp_path: Path, events: Path) -> None:
    (tmp_path / "a.eml").write_bytes(b"From: x@acme.example\nSubject: no date\n\nhello\n")
    code, out, err = run("import", "mail", str(tmp_path / "a.eml"), "--file", str(events))
    assert code == 0 and "no readable Date header" in err
    assert "1 message(s) read, 0 proposed (1 unreadable)." in out


def test_verbose_says_which_messages_were_skipped_and_why(tmp_path: Path, events: Path) -> None:
    """Fewer events than expected: one line per message that proposes nothing (stderr), with
    its date, sender, subject, where it is and why; the proposals and the summary as before."""
    source = mbox(tmp_path)
    _, quiet, _ = run("import", "mail", str(source), "--file", str(events))
    code, out, err = run("import", "mail", str(source), "--file", str(events), "--verbose")
    assert code == 0, err
    assert flat(out) == flat(quiet).replace("; --verbose lists them", "")
    assert [flat(line) for line in err.replace("\n    ", " ").splitlines()] == [
        '2026-10-19 10:00 Deals <news@shop.example> "Sale" -> skipped: not from a known address '
        f"or company domain ({source} message 7)",
        '2026-10-23 09:00 Sam Reed <sam@acme.example> "Later" -> skipped: dated after '
        f"2026-10-20 09:00, the moment planned for ({source} message 8)",
    ]
    run("import", "mail", str(source), "--file", str(events), "--apply")
    _, out, err = run("import", "mail", str(source), "--file", str(events), "-v")
    assert "0 proposed (6 already recorded, 1 not about an application, 1 dated after" in " ".join(
        out.split()
    )
    recorded = [line for line in err.replace("\n    ", " ").splitlines() if "already rec" in line]
    assert len(recorded) == 6 and "already recorded for acme-sre (its Message-ID)" in recorded[0]


def test_the_same_message_twice_is_skipped_once(tmp_path: Path, events: Path) -> None:
    """Gmail's Takeout holds a message once per label: the copy is counted, and named."""
    folder = tmp_path / "mails"
    folder.mkdir()
    for name in ("inbox.eml", "label.eml"):
        (folder / name).write_bytes(bytes(MESSAGES[0]))
    code, out, err = run("import", "mail", str(folder), "--file", str(events), "--verbose")
    assert code == 0 and "2 message(s) read, 1 proposed (1 the same message twice);" in out
    assert f"skipped: the same Message-ID as {folder / 'inbox.eml'}" in " ".join(err.split())


def test_why_a_message_to_or_from_no_one_known_is_skipped(tmp_path: Path, events: Path) -> None:
    """Each rule's reason for proposing nothing reaches the user."""
    mails = [
        message(ADA, "Bob <bob@elsewhere.example>", "Hi", "Tue, 06 Oct 2026 18:00:00 +0100",
                "Thanks!", "<a@x>"),
        message(ADA, "Hank <hank@gmail.com>", "Hello", "Wed, 07 Oct 2026 18:00:00 +0100",
                "Thanks!", "<b@x>"),
        message("Hank <hank@gmail.com>", ADA, "Coffee?", "Wed, 07 Oct 2026 19:00:00 +0100",
                "Shall we talk?", "<c@x>"),
    ]  # fmt: skip
    box = mailbox.mbox(tmp_path / "m.mbox")
    for mail in mails:
        box.add(mail)
    box.close()
    code, _, err = run("import", "mail", str(tmp_path / "m.mbox"), "--file", str(events), "-v")
    assert code == 0
    lines = err.replace("\n    ", " ").splitlines()
    assert [flat(line.split("-> skipped: ")[1].split(" (")[0]) for line in lines] == [
        "not to anyone known",
        "sent before any interview of globex",
        "from Globex before any interview",
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["/nonexistent/mail.mbox"], "no such file or folder"),
        (["."], "not a Maildir folder"),
        (["/dev/zero"], "not a regular file"),  # never read without end
    ],
)
def test_bad_paths_are_one_line(
    tmp_path: Path, events: Path, args: list[str], message: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path / "..")
    code, _, err = run("import", "mail", *args, "--file", str(events))
    assert code == 2 and err.count("\n") == 1 and message in err, err


def test_phrases_match_whole_words() -> None:
    assert first_phrase("thanks again", ["thanks"]) == "thanks"
    assert first_phrase("thanksgiving plans", ["thanks"]) is None
    assert first_phrase("a follow-up note", ["follow up", "follow-up"]) == "follow-up"


TWO_ROLES = """\
candidate: {name: Ada Lovelace, timezone: Europe/London, email: ada@lovelace.example}
applications:
  - id: globex-analyst
    company: Globex
    role: Analyst
    recruiter: {name: Sam Reed, email: sam@globex.example}
    events:
      - {type: interview, at: 2026-10-05T10:00}
  - id: globex-senior
    company: Globex
    role: Senior Analyst
    recruiter: {name: Sam Reed, email: sam@globex.example}
    events:
      - {type: interview, at: 2026-10-12T14:00}
"""
SAM = "Sam Reed <sam@globex.example>"


def test_a_contact_of_two_applications_is_matched_by_the_role_the_message_names(
    tmp_path: Path,
) -> None:
    # Sam recruits for both roles. His rejection of the Analyst role (interviewed first) and
    # Ada's follow-up on it belong to globex-analyst, not to the role with the latest event;
    # "Senior Analyst" names the other role only. A message that names neither is a guess
    # (the latest, Senior Analyst), and the report says so.
    path = tmp_path / "events.yaml"
    path.write_text(TWO_ROLES)
    mails = [
        message(ADA, SAM, "Analyst role: following up", "Thu, 15 Oct 2026 09:00:00 +0100",
                "I am following up on my application for the Analyst position.", "<f@ada>"),
        message(SAM, ADA, "Your application", "Fri, 16 Oct 2026 09:00:00 +0100",
                "Unfortunately we will not proceed with you for the Analyst role.", "<r@g>"),
        message(SAM, ADA, "Senior Analyst", "Fri, 16 Oct 2026 10:00:00 +0100",
                "We are pleased to offer you the Senior Analyst position.", "<o@g>"),
        message(SAM, ADA, "Update", "Fri, 16 Oct 2026 11:00:00 +0100",
                "Still reviewing candidates.", "<u@g>"),
    ]  # fmt: skip
    folder = eml_folder(tmp_path, mails)
    code, out, err = run("import", "mail", str(folder), "--file", str(path))
    assert code == 0, err
    lines = flat(out)
    assert '"Analyst role: following up" -> follow_up_sent (globex-analyst)' in lines
    assert '"Your application" -> rejected (globex-analyst) ["unfortunately"]' in lines
    assert '"Senior Analyst" -> offer_received (globex-senior) ["pleased to offer"]' in lines
    assert (
        '"Update" -> response_received (globex-senior) [from them, no decision phrase; a guess:'
        " this contact is on globex-analyst too and the message names no role that tells them"
        " apart, so the application with the latest event (check it before --apply)]"
    ) in lines


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("We will make a decision within two weeks.", "within two weeks"),
        ("You will hear from us in the next 10 days", "in the next 10 days"),
        ("We hope to let you know by Friday.", "by friday"),
        ("The panel meets again; more by the end of next week.", "by the end of next week"),
        ("Thanks for your patience, we are still interviewing.", None),
        ("We meet in 2026 to plan.", None),
    ],
)
def test_a_reply_naming_when_they_decide_says_so(text: str, said: str | None) -> None:
    """A reply "within two weeks" recorded without decision_by would have the plan check in a
    week later, before their period ends (G21: wait until the end of it). The proposal cannot
    turn a phrase into a date safely, so it says what to add; without such words it says
    nothing more."""
    found = WHEN_THEY_DECIDE.search(text.lower())
    assert (found.group(0) if found else None) == said


def test_an_offer_naming_when_they_want_the_answer_says_to_add_answer_by(tmp_path: Path) -> None:
    """ "Please let us know by Friday": recorded without `answer_by`, the plan's reply to the
    offer would not be held to their date (G19: ask your questions in time to decide). As with
    a decision date, the phrase is quoted, not turned into a date; an offer that names no date
    says nothing more."""
    path = tmp_path / "events.yaml"
    path.write_text(EVENTS)
    mails = [
        message(CAREERS, ADA, "Offer", "Fri, 16 Oct 2026 10:00:00 +0100",
                "We are pleased to offer you the role. Please let us know by Friday.", "<o1@a>"),
        message(CAREERS, ADA, "Offer letter", "Mon, 19 Oct 2026 10:00:00 +0100",
                "Your offer letter is attached.", "<o2@a>"),
    ]  # fmt: skip
    folder = eml_folder(tmp_path, mails)
    code, out, err = run("import", "mail", str(folder), "--file", str(path))
    assert code == 0, err
    lines = flat(out)
    assert (
        '"Offer" -> offer_received (acme-sre) ["pleased to offer"; "by friday": if that is when'
        " they want your answer, add its date as answer_by to this event (G19)]"
    ) in lines
    assert '"Offer letter" -> offer_received (acme-sre) ["offer letter"]' in lines
