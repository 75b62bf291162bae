"""A message greets its reader by honorific and surname (G27, article 003: "a friendly and
respectful greeting, using the person's name and honorific (Dr., Ms., Director, etc.)"), and a
follow-up names the person who gave the date the same way (G4).

Worked by hand. A London candidate's panel at Northbank on Monday 16 November 2026 10:00
(London), chaired by Dr. Martin Luther King Jr. (lead), with Mr. Ludwig van Beethoven and
Ms. Ana de la Cruz; a decision promised by Friday 20 November. The thank-you is one note to the
chair, the others in cc (G26), due within 24 hours (G11). A coach writes "Dear Dr. King," - the
"Jr." after a surname is not the surname ("Dear Dr. Jr." would be an insult to the reader) - and
"Dear Mr. van Beethoven," and "Dear Ms. de la Cruz," when writing to the others: the particle
belongs to the surname. The status email after the date (plus 2 working days: Mon 23, Tue 24
November, G23) goes to the recruiter when there is one (G3): "I understood from Dr. King that a
decision was expected by Friday 20 November 2026" attributes the panel's date (G4).
A surname the name cannot tell is written in the file: Ms. María José García López goes by
García (Spanish names carry the father's surname first), Mr. Wang Xiaoming by Wang (the family
name written first): `surname: García` greets "Dear Ms. García," where the last word would
have given "Dear Ms. López,".
The `To:` line writes each name as given, after the honorific, once: a name already written
with its honorific ("Dr. Ada Byron" with honorific "Dr.") is not "Dr. Dr. Ada Byron".
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cli_support import run

AS_OF = "2026-11-16T12:00"
NOTE = "northbank/thank-you-panel-lead/2026-11-16"


def _draft(
    tmp_path: Path,
    interviewers: list[dict[str, object]],
    action: str = NOTE,
    recruiter: dict[str, str] | None = None,
) -> str:
    interview = {
        "type": "interview",
        "at": "2026-11-16T10:00",
        "format": "panel",
        "decision_by": "2026-11-20",
        "interviewers": interviewers,
    }
    app = {
        "id": "northbank",
        "company": "Northbank",
        "role": "Analyst",
        "industry": "finance",
        "events": [interview],
        "recruiter": recruiter,
    }
    doc = {"candidate": {"name": "Priya Nair", "timezone": "Europe/London"}, "applications": [app]}
    path = tmp_path / "events.json"
    path.write_text(json.dumps(doc))
    code, out, err = run("draft", str(path), action, "--as-of", AS_OF, "--policy", "generic")
    assert code == 0, err
    return out


KING = {"name": "Martin Luther King Jr.", "honorific": "Dr.", "email": "mlk@nb.example"}


def test_a_suffix_after_the_surname_is_not_greeted(tmp_path: Path) -> None:
    out = _draft(tmp_path, [{**KING, "lead": True}])
    assert "\nDear Dr. King,\n" in out
    assert "To: Dr. Martin Luther King Jr. <mlk@nb.example>\n" in out


@pytest.mark.parametrize(
    ("name", "honorific", "greeting"),
    [
        ("Ludwig van Beethoven", "Mr.", "Dear Mr. van Beethoven,"),
        ("Ana de la Cruz", "Ms.", "Dear Ms. de la Cruz,"),
        ("Jane Roe, PhD", "Dr.", "Dear Dr. Roe,"),
        ("Van Morrison", "Mr.", "Dear Mr. Morrison,"),  # a first name, not a particle
        ("Renée Œrsted", "Director", "Dear Director Œrsted,"),
    ],
)
def test_the_chair_is_greeted_by_honorific_and_surname(
    tmp_path: Path, name: str, honorific: str, greeting: str
) -> None:
    chair = {"name": name, "honorific": honorific, "email": "chair@nb.example", "lead": True}
    out = _draft(tmp_path, [chair, KING])
    assert f"\n{greeting}\n" in out


def test_the_status_email_attributes_the_date_by_honorific_and_surname(tmp_path: Path) -> None:
    recruiter = {"name": "Sam Reed", "honorific": "Ms.", "email": "sam@nb.example"}
    out = _draft(
        tmp_path,
        [{**KING, "lead": True}],
        "northbank/follow-up-after-decision-date/2026-11-16",
        recruiter,
    )
    assert "\nDear Ms. Reed,\n" in out
    assert "I understood from Dr. King that a decision was expected by Friday 20 November 2026" in (
        " ".join(out.split())
    )


def test_an_honorific_already_in_the_name_is_not_written_twice(tmp_path: Path) -> None:
    byron = {"name": "Dr. Ada Byron", "honorific": "Dr.", "email": "ada@nb.example", "lead": True}
    out = _draft(tmp_path, [byron, KING])
    assert "To: Dr. Ada Byron <ada@nb.example>\n" in out
    assert "Cc: Dr. Martin Luther King Jr. <mlk@nb.example>\n" in out
    assert "\nDear Dr. Byron,\n" in out


@pytest.mark.parametrize(
    ("name", "honorific", "surname", "greeting"),
    [
        ("María José García López", "Ms.", "García", "Dear Ms. García,"),
        ("Wang Xiaoming", "Mr.", "Wang", "Dear Mr. Wang,"),
    ],
)
def test_a_surname_given_in_the_file_is_the_one_greeted(
    tmp_path: Path, name: str, honorific: str, surname: str, greeting: str
) -> None:
    chair = {"name": name, "honorific": honorific, "surname": surname, "email": "c@nb.example"}
    out = _draft(tmp_path, [{**chair, "lead": True}, KING])
    assert f"\n{greeting}\n" in out
    assert f"To: {honorific} {name} <c@nb.example>\n" in out  # the full name, as written
