"""A draft with an emoji or exclamation marks in it says so (G27, article 003: "Avoid emojis of
any kind, and don't pepper the note with exclamation points").

Worked by hand. Zoe Park, London, noted what she discussed in her interview at Lumen Media on
Tuesday 6 October 2026 10:00 (video, Dr. Ian Fox) as she would for herself: "launch plan 🚀!!".
The built-in thank-you writes the topic into its sentence ("our conversation about ..."), so the
draft due within 24 hours carries the rocket and two exclamation marks. A coach would strike
both before it goes: `followup draft` writes the draft as it stands and says on stderr what to
edit, naming the guideline. A topic written plainly gives no such note, and neither do talking
points for a call (they are not sent).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from cli_support import run
from followup.api import draft_document

NOTE = "lumen/thank-you-each-interviewer/2026-10-06/ian-fox"
AS_OF = "2026-10-06T12:00"


def _doc(topic: str, role: str = "Editor") -> dict[str, object]:
    interview = {
        "type": "interview",
        "at": "2026-10-06T10:00",
        "format": "video",
        "decision_by": "2026-10-09",
        "topics": [topic],
        "interviewers": [{"name": "Ian Fox", "honorific": "Dr.", "email": "ian@lumen.example"}],
    }
    app = {
        "id": "lumen",
        "company": "Lumen Media",
        "role": role,
        "industry": "media",
        "recruiter": {"name": "Sam Reed", "email": "sam@lumen.example", "phone": "+44 20 79460000"},
    }
    return {
        "candidate": {"name": "Zoe Park", "timezone": "Europe/London"},
        "applications": [{**app, "events": [interview]}],
    }


def _draft(
    tmp_path: Path, topic: str, action: str = NOTE, as_of: str = AS_OF, role: str = "Editor"
) -> tuple[str, str]:
    path = tmp_path / "events.json"
    path.write_text(json.dumps(_doc(topic, role)))
    code, out, err = run("draft", str(path), action, "--as-of", as_of)
    assert code == 0, err
    return out, err


def test_an_emoji_and_exclamation_marks_from_a_topic_are_pointed_out(tmp_path: Path) -> None:
    out, err = _draft(tmp_path, "launch plan 🚀!!")
    assert "our conversation about launch plan 🚀!!" in out  # written as it stands
    assert err.splitlines() == [
        "note: the draft has an emoji (🚀): leave emojis out of a message to an employer (G27);"
        " edit it before you send it",
        "note: the draft has 2 exclamation mark(s): a professional tone does without them"
        " (G27); edit it before you send it",
    ]


def test_a_plain_topic_gives_no_note(tmp_path: Path) -> None:
    out, err = _draft(tmp_path, "the launch plan")
    assert "our conversation about the launch plan" in out and err == ""


def test_talking_points_for_a_call_are_not_a_letter(tmp_path: Path) -> None:
    """fast-paced (media): the check-in after Friday 9 October's date is a call to the
    recruiter, Sam Reed, on Tuesday 13 October (2 working days); a role noted as "Editor ✨"
    is in her talking points, but nothing spoken carries an emoji to strike."""
    out, err = _draft(
        tmp_path,
        "the launch plan",
        "lumen/follow-up-after-decision-date/2026-10-06",
        "2026-10-13T10:00",
        role="Editor ✨",
    )
    assert out.startswith("Call Sam Reed at Lumen Media about your application for Editor ✨.")
    assert err == ""


@pytest.mark.parametrize("topic", ["launch plan 🚀!!", "the launch plan"])
def test_the_library_says_what_the_command_says(tmp_path: Path, topic: str) -> None:
    _out, err = _draft(tmp_path, topic)
    found = draft_document(_doc(topic), NOTE, as_of=AS_OF)
    assert found["tone"] == err.splitlines()


def test_a_greeting_without_an_honorific_says_how_to_add_one(tmp_path: Path) -> None:
    """Article 003: a thank-you greets "utilizing the individual's title and honorific (Dr.,
    Ms., Director...)" (G27). Ian Fox recorded without his "Dr.": the draft greets "Dear Ian
    Fox," (no honorific is guessed from a name) and says how to make it "Dear Dr. Fox,"."""
    doc = _doc("the launch plan")
    apps: Any = doc["applications"]
    del apps[0]["events"][0]["interviewers"][0]["honorific"]
    path = tmp_path / "events.json"
    path.write_text(json.dumps(doc))
    code, out, err = run("draft", str(path), NOTE, "--as-of", AS_OF)
    assert code == 0 and "\n\nDear Ian Fox,\n" in out, err
    assert err.splitlines() == [
        "note: the greeting names Ian Fox without an honorific: a letter greets them by"
        " honorific and surname (Dr., Ms., Mr.: 'Dear Dr. Fox,', G27); add `honorific:` to"
        " them in the events file, or edit the draft"
    ]
    assert draft_document(doc, NOTE, as_of=AS_OF)["tone"] == err.splitlines()


@pytest.mark.parametrize(
    ("name", "surname", "greeting", "noted"),
    [
        # the last word of a longer name is a guess: a double surname is the usual miss
        ("María José García López", None, "Dear Dr. López,", True),
        ("María José García López", "García López", "Dear Dr. García López,", False),
        ("Ian Fox", None, "Dear Dr. Fox,", False),  # two words: no doubt worth a note
        ("Ludwig van Beethoven", None, "Dear Dr. van Beethoven,", False),  # a particle: read
    ],
)
def test_a_surname_guessed_from_a_long_name_is_pointed_out(
    tmp_path: Path, name: str, surname: str | None, greeting: str, noted: bool
) -> None:
    """G27: the greeting pairs the honorific with the surname. For a name of three words or
    more with no `surname:`, the last word is a guess: the draft greets with it and says how to
    record the right one."""
    doc = _doc("the launch plan")
    apps: Any = doc["applications"]
    person = apps[0]["events"][0]["interviewers"][0]
    person["name"] = name
    if surname is not None:
        person["surname"] = surname
    path = tmp_path / "events.json"
    path.write_text(json.dumps(doc))
    action = "lumen/thank-you-each-interviewer/2026-10-06/" + name.lower().replace(" ", "-")
    action = action.replace("í", "i").replace("é", "e").replace("ó", "o")
    code, out, err = run("draft", str(path), action, "--as-of", AS_OF)
    assert code == 0 and f"\n\n{greeting}\n" in out, out + err
    expected = (
        f"note: the greeting takes 'López' as the surname of {name} (the name's last word); if"
        " they go by another (a double surname, or a family name written first), add `surname:`"
        " to them in the events file (`followup add interview --surname`), or edit the draft"
    )
    assert err.splitlines() == ([expected] if noted else [])
