"""Record events in the events file without hand-editing it.

Edits go through ruamel.yaml's round-trip mode so comments, ordering, quoting and the file's own
indentation survive. Nothing is written unless the new text passes the same safe loading and
checks as `followup plan` (`source.parse_document` + `events.parse_events`); the write is atomic
(a temporary file in the same folder, then a rename), the previous version is kept as
`<file>.bak`, and a file that changed on disk since it was read is left alone.

`Journal.editing(path)` holds the file's edit lock (`followup.editlock`) from the read to the
rename, so two edits at once both land (the second waits for the first); it also removes the
temporary files of edits killed half-way. The new file and its `.bak` are both prepared before
either replaces anything, so a failed edit leaves the old `.bak` as it was, and a `.bak` that is
a symbolic link is replaced, never written through.

What each command records is in `followup.edits`.
"""

from __future__ import annotations

import codecs
import contextlib
import io
import itertools
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pendulum
import yaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError
from ruamel.yaml.scalarstring import SingleQuotedScalarString
from ruamel.yaml.util import load_yaml_guess_indent

from followup.atomic import stage, write_atomically
from followup.dates.durations import parse_duration
from followup.dates.reading import (
    BadMoment,
    decision_from,
    decision_problem,
    end_problem,
    read_end,
    read_moment,
)
from followup.dates.zones import is_zone, unknown_zone
from followup.editlock import locked, remove_stale_temps
from followup.errors import InputError, did_you_mean
from followup.events import (
    Application,
    EventsFile,
    comes_before_interview,
    interview_under_way,
    parse_events,
    thanks_refused,
)
from followup.format import one_line
from followup.source import decode_text, parse_document, read_bytes
from followup.yamlread import READ_AS_TEXT

ENV_VAR = "FOLLOWUP_EVENTS"
_EMAIL = re.compile(r"[^<>@\s]+@[^<>@\s]+")  # no two parts can take the same character
_BLOCK_KEY = re.compile(r"^(?P<indent> *)[^\s#\-][^:#]*:\s*(#.*)?$")
_KEY_LINE = re.compile(r"^(?P<indent> *)[^\s#\-][^:#]*:(\s|$)")
_DEFAULT_STYLE = (2, 4, 2)  # mapping indent, sequence indent, dash offset: `  - id: x`
_WIDTH = 4096  # never re-wrap a long line the user wrote


def default_events_path() -> Path:
    """`$FOLLOWUP_EVENTS`, else the config file's `events_file` (see `followup.config`), else
    `$XDG_DATA_HOME/interview-followup/events.yaml`, else
    `~/.local/share/interview-followup/events.yaml`."""
    if os.environ.get(ENV_VAR):
        return Path(os.environ[ENV_VAR])
    from followup.config import load_config, user_folder

    configured = load_config().events_file
    if configured is not None:
        return configured
    return user_folder("XDG_DATA_HOME", ".local/share") / "events.yaml"


def parse_person(
    text: str, timezone: str | None = None, option: str = "--timezone"
) -> dict[str, Any]:
    """`Grace Hopper <grace@acme.example>` or `Grace Hopper` -> {name, email?, timezone?}.
    Read by splitting, in time linear in the text (a regular expression with `\\s*` beside a
    lazy name took 15 s on 3,000 spaces)."""
    split = _name_and_email(text)
    if split is not None:
        name, email = split
        if not name:
            raise InputError(
                f"{text!r}: give a name as well as the email, e.g. 'Grace Hopper <{email}>'"
            )
    elif "<" in text or ">" in text or not text.strip():
        raise InputError(f"{text!r}: write a person as {ACCEPTED_PERSON_FORMS}")
    elif "@" in text:
        raise InputError(
            f"{text!r}: an email address needs angle brackets and a name: "
            f"write a person as {ACCEPTED_PERSON_FORMS}"
        )
    else:
        name, email = text.strip(), ""
    person: dict[str, Any] = _honorific_and_title(name)
    if email:
        person["email"] = email
    if timezone:
        person["timezone"] = check_timezone(timezone, option)
    return person


ACCEPTED_PERSON_FORMS = (
    "'Grace Hopper', 'Grace Hopper <grace@acme.example>' or "
    "'Dr. Grace Hopper, Director <grace@acme.example>'"
)
HONORIFICS = ("Dr", "Prof", "Professor", "Mr", "Mrs", "Ms", "Mx", "Miss", "Sir", "Dame")


def _honorific_and_title(text: str) -> dict[str, str]:
    """`Dr. Grace Hopper, Director` -> {honorific: Dr., name: Grace Hopper, title: Director}."""
    name, _, title = text.partition(",")
    fields: dict[str, str] = {}
    words = name.split()
    if len(words) > 1 and words[0].rstrip(".").casefold() in {h.casefold() for h in HONORIFICS}:
        fields["honorific"] = words.pop(0)
    fields["name"] = " ".join(words) or text.strip()
    if title.strip():
        fields["title"] = " ".join(title.split())
    return {"name": fields.pop("name"), **fields}


def is_email(text: str) -> bool:
    """Whether `text` is one address: `local@domain`, no spaces, angle brackets or second `@`."""
    return _EMAIL.fullmatch(text) is not None


def _name_and_email(text: str) -> tuple[str, str] | None:
    """`Name <email>` -> (name, email); None when the text is not of that form."""
    body = text.strip()
    if not body.endswith(">") or body.count("<") != 1 or body.count(">") != 1:
        return None
    name, _, email = body[:-1].partition("<")
    if not is_email(email):
        return None
    return name.strip(), email


def check_timezone(name: str, option: str) -> str:
    if not is_zone(name):
        raise InputError(f"{option}: {unknown_zone(name)}")
    return name


def read_option_moment(
    option: str, text: str, timezone: str, *, date_ok: bool = True
) -> tuple[pendulum.DateTime, bool]:
    """An option's date-time (`2026-10-06T10:00`, offset optional; a bare date if `date_ok`:
    17:00 that day, as in the events file), in `timezone`, and whether it was a date alone."""
    try:
        return read_moment(text, timezone, date_ok=date_ok)
    except BadMoment as exc:
        raise InputError(f"{option}: {exc}") from None


def decision_by_period(text: str, at: pendulum.DateTime, what: str) -> tuple[str, str | None]:
    """`--decision-by` as it is written to the file, and a note for the user: a date or a
    date-time stays as given (None); a period ("2w", "10 days", "1mo", "48h": "we decide within
    two weeks", G21) counts from the `what` (interview, reply) at `at`: days, weeks and months
    give that day's date (a date alone means the end of their working day), hours the moment.
    Working days are refused: how many calendar days they span depends on the employer's
    holidays, which the person who said them knows better than a count."""
    try:
        period = parse_duration(text)
    except ValueError:
        return text, None
    if period.business_days:
        raise InputError(
            f"--decision-by {text}: working days end on a date that depends on the employer's "
            "holidays: give that date (YYYY-MM-DD), or the period in days or weeks"
        )
    end = period.add_to(at)
    written = end.replace(microsecond=0).isoformat() if period.hours else f"{end:%Y-%m-%d}"
    ends = f"{end:%a %-d %b %Y %H:%M}" if period.hours else f"{end:%a %-d %b %Y}"
    said = f"the {what} of {at:%a %-d %b %Y %H:%M} + {period} = {ends}"
    return written, f"--decision-by {text}: {said}; written as decision_by: {written}"


def check_decision_by(
    text: str, at: pendulum.DateTime, timezone: str, what: str, option: str = "--decision-by"
) -> None:
    """`--decision-by` (or an offer's `--answer-by`) must be a date (or date-time) no earlier
    than the event that gives it; what `--decision-by` cannot read is told it may be a period
    too."""
    try:
        decision, date_only = read_moment(text, timezone)
    except BadMoment as exc:
        period = (
            ", or the period they gave (2w, 10d, 1mo, 48h)" if option == "--decision-by" else ""
        )
        raise InputError(f"{option}: {exc}{period}") from None
    problem = decision_problem(decision_from(decision, date_only, at), at, what)
    if problem is not None:
        raise InputError(f"{option} {text}: {problem}")


def check_ends(
    text: str, start: pendulum.DateTime, written: str, timezone: str
) -> pendulum.DateTime:
    """`--ends`: when the interview that started at `start` (`written` so: `--at` as the user
    gave it) ended, after it; a time alone is on the day and in the zone of `written`, as in
    the events file."""
    try:
        end = read_end(text, written, timezone)
    except BadMoment as exc:
        raise InputError(f"--ends: {exc}") from None
    problem = end_problem(start, end)
    if problem is not None:
        raise InputError(f"--ends {text}: {problem[1]}")
    return end


def _load_for_editing(text: str) -> tuple[Any, tuple[int, int, int]]:
    """The round-trip data and the file's own indentation (mapping, sequence, dash offset), so an
    edit re-emits the existing text unchanged; the default style for what the file does not
    show. One parse: ruamel.yaml is pure Python and slow."""
    mapping, sequence, offset = _DEFAULT_STYLE
    data, guessed, dash = load_yaml_guess_indent(text, yaml=_yaml(_DEFAULT_STYLE))
    _keep_anchors(data)
    if guessed is not None and dash is not None:
        sequence, offset = guessed, dash
    lines = [
        line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")
    ]
    for first, second in itertools.pairwise(lines):
        head, body = _BLOCK_KEY.match(first), _KEY_LINE.match(second)
        if head and body and len(body["indent"]) > len(head["indent"]):
            mapping = len(body["indent"]) - len(head["indent"])
            break
    return data, (mapping, sequence, offset)


def _keep_anchors(data: Any) -> None:
    """Dump every anchor the file has, used by an alias or not (ruamel.yaml drops unused ones)."""
    stack = [data]
    while stack:
        node = stack.pop()
        anchor = getattr(node, "anchor", None)
        if anchor is not None and getattr(anchor, "value", None):
            anchor.always_dump = True
        if isinstance(node, dict):
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)


_RESOLVER = yaml.resolver.Resolver()


def _as_written(value: Any) -> Any:
    """A value the editor adds, quoted where YAML 1.1 (what `plan` reads, PyYAML) would read the
    plain text as something else: `010` (8), `1_000`, `yes`, `12:30`, `~`. ruamel.yaml writes
    YAML 1.2 and would leave them plain. Timestamps stay plain: they are read as text."""
    if isinstance(value, str):
        tag = _RESOLVER.resolve(yaml.ScalarNode, value, (True, False))  # type: ignore[no-untyped-call]
        if tag not in READ_AS_TEXT:
            return SingleQuotedScalarString(value)
        return value
    if isinstance(value, dict):
        return CommentedMap((k, _as_written(v)) for k, v in value.items())
    if isinstance(value, list):
        return CommentedSeq(_as_written(v) for v in value)
    return value


def _yaml(style: tuple[int, int, int]) -> YAML:
    yaml = YAML()  # round-trip: keeps comments, order and quoting
    yaml.preserve_quotes = True
    yaml.brace_single_entry_mapping_in_flow_sequence = True  # `[{name: A}]` stays as written
    mapping, sequence, offset = style
    yaml.indent(mapping=mapping, sequence=sequence, offset=offset)
    yaml.width = _WIDTH
    return yaml


def _encoded_as(text: str, original: bytes) -> bytes:
    """The new text as the file was written: with its byte-order mark, and its CRLF line ends
    when most of its lines had them (ruamel.yaml writes neither)."""
    crlf = original.count(b"\r\n")
    if crlf > 0 and crlf * 2 >= original.count(b"\n"):
        text = text.replace("\r\n", "\n").replace("\n", "\r\n")
    return text.encode("utf-8-sig" if original.startswith(codecs.BOM_UTF8) else "utf-8")


def _without_location(exc: InputError) -> str:
    """An events-file error about the edited text, without its line number (that text was never
    written, so the number would point nowhere in the file on disk)."""
    if not exc.problems:
        return exc.message
    return one_line(exc.problems[0], len(exc.problems) - 1, located=False)


@dataclass
class Journal:
    """An events file opened for editing."""

    path: Path
    original: bytes | None  # None: the file does not exist yet
    data: Any
    before: EventsFile | None  # what the file meant before the edit
    style: tuple[int, int, int] = _DEFAULT_STYLE

    @classmethod
    @contextlib.contextmanager
    def editing(cls, path: Path, *, create: dict[str, Any] | None = None) -> Iterator[Journal]:
        """`open` holding the edit lock until the `with` block ends (call `save` in it)."""
        if create is not None:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise InputError(f"{path}: cannot create its folder: {exc.strerror}") from None
        elif not path.parent.is_dir():
            raise InputError(f"{path}: no such file (start one with `followup new`)")
        with locked(path):
            remove_stale_temps(path)
            yield cls.open(path, create=create)

    @classmethod
    def open(cls, path: Path, *, create: dict[str, Any] | None = None) -> Journal:
        """Read and check `path`; a missing file is started from `create` (the candidate)."""
        if path.suffix.lower() == ".json":
            raise InputError(f"{path}: only YAML events files can be edited by `followup add`")
        if not path.exists():
            if create is None:
                raise InputError(f"{path}: no such file (start one with `followup new`)")
            return cls(path, None, _as_written({"candidate": create, "applications": []}), None)
        raw = read_bytes(path, str(path))
        text = decode_text(raw, str(path))
        before = parse_events(parse_document(text, str(path)))  # refuse to edit an invalid file
        try:
            data, style = _load_for_editing(text)
        except (YAMLError, IndexError) as exc:  # pragma: no cover - the safe loader accepted it
            raise InputError(f"{path}: cannot edit this file: {exc}") from None
        return cls(path, raw, data, before, style)

    # -- reading ----------------------------------------------------------------------------
    @property
    def timezone(self) -> str:
        """The candidate's time zone (UTC for a file not written yet)."""
        return self.before.candidate.timezone if self.before else "UTC"

    def known(self, app_id: str) -> Application:
        """The application as checked before the edit; an unknown id gets a did-you-mean."""
        apps = self.before.applications if self.before else ()
        for app in apps:
            if app.id == app_id:
                return app
        ids = [a.id for a in apps]
        tip = did_you_mean(app_id, ids, otherwise=f"; known: {', '.join(ids) or 'none yet'}")
        raise InputError(f"{self.path}: no application {app_id!r}{tip}")

    def application(self, app_id: str) -> Any:
        """The application to edit, found by its place in the file as `plan` reads it (YAML
        1.1: `id: 010` is the application `8`), never by reading its id a second way."""
        app = self.known(app_id)
        assert self.before is not None
        index = self.before.applications.index(app)
        return self.data["applications"][index]

    # -- editing ----------------------------------------------------------------------------
    def add_application(
        self, fields: dict[str, Any], events: Iterable[dict[str, Any]] = ()
    ) -> None:
        apps = self.data.get("applications")
        if apps is None:
            apps = self.data["applications"] = CommentedSeq()
        known = self.before.applications if self.before else ()
        if any(a.id == fields["id"] for a in known):
            raise InputError(f"{self.path}: application {fields['id']!r} already exists")
        entry = _as_written(fields)
        entry["events"] = CommentedSeq()
        apps.append(entry)
        for event in events:
            self._append_event(entry, event)

    def check_event(self, app_id: str, event_type: str, at: pendulum.DateTime) -> None:
        """Refuse an event the events file would refuse, with a message about the options."""
        app = self.known(app_id)
        applied = next((e for e in app.events if e.type == "applied"), None)
        first = next((e for e in app.events if e.type == "interview"), None)
        under_way = interview_under_way(at, app.events) if event_type == "thank_you_sent" else None
        if under_way is not None:
            raise InputError(
                f"a thank_you_sent at {at:%Y-%m-%d %H:%M} would be during the "
                f"{under_way.describe()}: {thanks_refused(under_way)}; check --at"
            )
        if not comes_before_interview(event_type, at, applied, first):
            return
        if first is None:
            raise InputError(
                f"{app_id} has no interview yet: record it first with "
                f"`followup add interview {app_id} --at ...`"
            )
        raise InputError(
            f"a {event_type} at {at:%Y-%m-%d %H:%M} would come before the first interview "
            f"of {app_id} ({first.at:%Y-%m-%d %H:%M}); check --at"
        )

    def add_event(self, app_id: str, event: dict[str, Any]) -> None:
        self._append_event(self.application(app_id), event)

    def set_recruiter(self, app_id: str, person: dict[str, Any]) -> None:
        entry = self.application(app_id)
        entry["recruiter"] = _as_written(person)
        if "events" in entry:  # keep `events` last, where people expect it
            entry.move_to_end("events")

    @staticmethod
    def _append_event(app: Any, event: dict[str, Any]) -> None:
        events = app.get("events")
        if events is None:
            events = app["events"] = CommentedSeq()
        entry = _as_written(event)
        if len(entry) <= 3 and not any(isinstance(v, list) for v in event.values()):
            entry.fa.set_flow_style()
        events.append(entry)

    # -- writing ----------------------------------------------------------------------------
    def checked(self) -> tuple[str, EventsFile]:
        """The new text and what it means, or the first problem (nothing is written)."""
        out = io.StringIO()
        _yaml(self.style).dump(self.data, out)
        text = out.getvalue()
        try:
            return text, parse_events(parse_document(text, str(self.path)))
        except InputError as exc:
            reason = _without_location(exc)
            raise InputError(
                f"{self.path}: not changed, the edit would be invalid: {reason}"
            ) from None

    def save(self) -> EventsFile:
        """Check, keep the previous version as `.bak`, and write atomically. Both files are
        written in full before either is renamed into place: a failure leaves both as they
        were."""
        text, events = self.checked()
        if self.original is not None:
            try:
                current = self.path.read_bytes()
            except OSError as exc:
                raise InputError(f"{self.path}: cannot read: {exc.strerror or exc}") from None
            if current != self.original:
                raise InputError(
                    f"{self.path}: changed while being edited; nothing written, try again"
                )
            self._replace(_encoded_as(text, self.original), self.original)
        else:
            write_atomically(self.path, text.encode("utf-8"), overwrite=False)
        return events

    def _replace(self, data: bytes, original: bytes) -> None:
        """The new text in place and the old one as `.bak`, or neither."""
        target = self.path.resolve() if self.path.is_symlink() else self.path
        if not target.is_file():
            raise InputError(f"{self.path}: not a regular file; nothing written")
        backup = self.path.with_name(self.path.name + ".bak")
        private = target.stat().st_mode & 0o777  # a private file keeps a private .bak
        new = stage(target, data)
        try:
            stage(backup, original, mode=private).commit()  # a failed commit removes its temp
        except InputError:
            new.discard()
            raise
        new.commit()
