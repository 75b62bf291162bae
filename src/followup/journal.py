"""Record events in the events file without hand-editing it.

Edits go through ruamel.yaml's round-trip mode so comments and ordering survive. Nothing is
written unless the new text passes the same safe loading and checks as `followup plan`; the
write is atomic and the previous version is kept as `<file>.bak`.
"""

from __future__ import annotations

import difflib
import io
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from followup.atomic import write_atomically
from followup.errors import InputError
from followup.events import EventsFile, parse_events
from followup.source import parse_document, read_text

ENV_VAR = "FOLLOWUP_EVENTS"
_NAME_EMAIL = re.compile(r"^\s*(?P<name>[^<>]*?)\s*<(?P<email>[^<>@\s]+@[^<>\s]+)>\s*$")


def default_events_path() -> Path:
    """`$FOLLOWUP_EVENTS`, else `$XDG_DATA_HOME/interview-followup/events.yaml`, else
    `~/.local/share/interview-followup/events.yaml`."""
    if os.environ.get(ENV_VAR):
        return Path(os.environ[ENV_VAR])
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "interview-followup" / "events.yaml"


def parse_person(text: str) -> dict[str, Any]:
    """`Grace Hopper <grace@acme.example>` or `Grace Hopper` -> {name, email?}."""
    match = _NAME_EMAIL.match(text)
    if match:
        if not match["name"]:
            raise InputError(
                f"{text!r}: give a name as well as the email, "
                f"e.g. 'Grace Hopper <{match['email']}>'"
            )
        return {"name": match["name"], "email": match["email"]}
    if "<" in text or ">" in text or not text.strip():
        raise InputError(f"{text!r}: write a person as 'Name' or 'Name <email>'")
    return {"name": text.strip()}


def _yaml() -> YAML:
    yaml = YAML()  # round-trip: keeps comments, order and quoting
    yaml.preserve_quotes = True
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 100
    return yaml


@dataclass
class Journal:
    """An events file opened for editing."""

    path: Path
    original: str | None  # None: the file does not exist yet
    data: Any

    @classmethod
    def open(cls, path: Path, *, create: dict[str, Any] | None = None) -> Journal:
        if path.suffix.lower() == ".json":
            raise InputError(f"{path}: only YAML events files can be edited by `followup add`")
        if not path.exists():
            if create is None:
                raise InputError(f"{path}: no such file (start one with `followup new`)")
            data = CommentedMap()
            data["candidate"] = CommentedMap(create)
            data["applications"] = CommentedSeq()
            return cls(path, None, data)
        text = read_text(path, str(path))
        parse_events(parse_document(text, str(path)))  # refuse to edit a file that is invalid
        return cls(path, text, _yaml().load(text))

    def application(self, app_id: str) -> Any:
        apps = self.data.get("applications") or []
        for app in apps:
            if str(app.get("id")) == app_id:
                return app
        ids = [str(a.get("id")) for a in apps]
        close = difflib.get_close_matches(app_id, ids, n=1)
        tip = (
            f"; did you mean {close[0]!r}?" if close else f"; known: {', '.join(ids) or 'none yet'}"
        )
        raise InputError(f"{self.path}: no application {app_id!r}{tip}")

    def add_application(self, fields: dict[str, Any]) -> None:
        apps = self.data.setdefault("applications", CommentedSeq())
        if any(str(a.get("id")) == fields["id"] for a in apps):
            raise InputError(f"{self.path}: application {fields['id']!r} already exists")
        entry = CommentedMap(fields)
        entry["events"] = CommentedSeq()
        apps.append(entry)

    def add_event(self, app_id: str, event: dict[str, Any]) -> None:
        app = self.application(app_id)
        events = app.setdefault("events", CommentedSeq())
        entry = CommentedMap()
        for key, value in event.items():
            entry[key] = CommentedSeq(value) if isinstance(value, list) else value
        if len(entry) <= 3 and not any(isinstance(v, list) for v in event.values()):
            entry.fa.set_flow_style()
        events.append(entry)

    def render(self) -> str:
        out = io.StringIO()
        _yaml().dump(self.data, out)
        return out.getvalue()

    def checked(self) -> tuple[str, EventsFile]:
        """The new text and what it means, or the first problem (nothing is written)."""
        text = self.render()
        return text, parse_events(parse_document(text, str(self.path)))

    def save(self) -> EventsFile:
        """Check, back up the previous version to `.bak`, and write atomically."""
        text, events = self.checked()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        if self.original is not None:
            backup = self.path.with_name(self.path.name + ".bak")
            write_atomically(backup, self.path.read_bytes())
        write_atomically(self.path, text.encode("utf-8"))
        return events
