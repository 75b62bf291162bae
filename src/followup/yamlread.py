"""YAML text to plain values, and to positions, straight from the parser's events.

No node tree is built: composing one kept two marks and a node object for every value, about
700 MB for a 9 MB events file (a million interviewer entries), before any value existed. Here
each value is made as its event arrives and nothing else is kept, so memory is that of the
values. Positions are found the same way, for the paths a problem asks about.

Refused, as before: tags other than YAML's own on scalars, merge keys (`<<`), keys that are
collections, duplicate keys, several documents in one file, an alias inside the collection it
names, nesting past MAX_DEPTH (also through aliases: checked as each collection opens, so a deep
file is refused before anything recursive sees it), and more values than the limit once aliases
are expanded ("billion laughs").
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import yaml

from followup.errors import InputError, Location, quote

PathKey = tuple[str | int, ...]
Refuse = Callable[..., InputError]  # (where, message[, code]): source.refused

_TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"
_STR_TAG = "tag:yaml.org,2002:str"
_MERGE_TAG = "tag:yaml.org,2002:merge"
READ_AS_TEXT = frozenset({_STR_TAG, _TIMESTAMP_TAG})
"""Tags whose plain scalars stay text: strings, and timestamps (read later with pendulum)."""
_OWN_TAGS = "tag:yaml.org,2002:"


def located(name: str, mark: Any) -> Location:
    """Where a PyYAML mark (0-based) points, 1-based."""
    return Location(name, mark.line + 1, mark.column + 1)


def format_path(path: PathKey) -> str:
    """`("applications", 0, "events", 2, "at")` -> `applications[0].events[2].at`."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else part
    return out


class _Anchor:
    __slots__ = ("done", "levels", "mark", "text", "value", "values")

    def __init__(self, mark: Any) -> None:
        self.mark = mark
        self.text: str | None = None  # a scalar's text as written
        self.done = False
        self.value: Any = None
        self.values = 1
        self.levels = 0


class _Frame:
    """An open mapping or sequence: its value, where it sits, and what it has counted so far."""

    __slots__ = ("anchor", "is_map", "key", "levels", "parent", "slot", "value", "values")

    def __init__(
        self, value: Any, parent: _Frame | None, slot: str | int, anchor: _Anchor | None
    ) -> None:
        self.value = value
        self.is_map = type(value) is dict
        self.parent = parent
        self.slot = slot  # its key or index in the parent
        self.anchor = anchor
        self.key: str | None = None  # a mapping waiting for the value of this key
        self.values = 1
        self.levels = 0

    def path(self) -> PathKey:
        parts: list[str | int] = []
        frame: _Frame | None = self
        while frame is not None and frame.parent is not None:
            parts.append(frame.slot)
            frame = frame.parent
        return tuple(reversed(parts))


_CACHED_TAGS = 4096
"""Plain scalars whose resolved tag is remembered (names, types and channels repeat)."""


class ValueBuilder:
    """Builds one document's value from parser events (see the module docstring)."""

    def __init__(
        self,
        name: str,
        refuse: Refuse,
        max_nodes: int,
        max_depth: int,
        loader: type[Any],
    ) -> None:
        self.name = name
        self.refuse = refuse
        self.max_nodes = self.limit = max_nodes
        self.max_depth = max_depth
        self.loader = loader
        self.resolver = loader("")
        self.constructor = yaml.SafeLoader("")
        self.anchors: dict[str, _Anchor] = {}
        self.tags: dict[str, str] = {}
        self.count = 0

    def close(self) -> None:
        """Drop the helpers' memos, so nothing waits for the (paused) cyclic collector."""
        self.constructor.constructed_objects.clear()
        self.constructor.dispose()
        self.resolver.dispose()

    def build(self, text: str) -> tuple[bool, Any]:
        """(whether the text held a document, its value). Through its aliases it may expand to
        `max_nodes` values, or one per character of the text when that is more (a file without
        aliases never reaches it, so its size alone, `--max-input-size`, limits it)."""
        self.limit = max(self.max_nodes, len(text))
        parser = self.loader(text)
        try:
            return self._build(parser.get_event)
        finally:
            parser.dispose()

    def _build(self, next_event: Callable[[], Any]) -> tuple[bool, Any]:
        stack: list[_Frame] = []
        top: _Frame | None = None
        documents = 0
        root: Any = None
        limit = self.limit
        scalar_event, alias_event = yaml.ScalarEvent, yaml.AliasEvent
        mapping_start, sequence_start = yaml.MappingStartEvent, yaml.SequenceStartEvent
        mapping_end, sequence_end = yaml.MappingEndEvent, yaml.SequenceEndEvent
        while (event := next_event()) is not None:
            kind = type(event)
            if kind is scalar_event:
                self.count += 1
                if self.count > limit:
                    raise self._too_many()
                if top is not None and top.is_map and top.key is None:
                    self._key(top, event)
                    continue
                value, values, levels = self._scalar(event), 1, 0
            elif kind is mapping_start or kind is sequence_start:
                self.count += 1
                if self.count > limit:
                    raise self._too_many()
                if len(stack) == self.max_depth:
                    where = located(self.name, event.start_mark)
                    raise self.refuse(where, f"nested more than {self.max_depth} levels deep")
                holder: Any = {} if kind is mapping_start else []
                if top is None:
                    frame = _Frame(holder, None, "", self._anchor(event))
                elif top.is_map:
                    if top.key is None:  # a collection where a key should be
                        raise self._collection_key(event)
                    frame = _Frame(holder, top, top.key, self._anchor(event))
                else:
                    frame = _Frame(holder, top, len(top.value), self._anchor(event))
                stack.append(frame)
                top = frame
                continue
            elif kind is mapping_end or kind is sequence_end:
                frame = stack.pop()
                top = stack[-1] if stack else None
                value, values, levels = frame.value, frame.values, frame.levels + 1
                if frame.anchor is not None:
                    frame.anchor.done, frame.anchor.value = True, value
                    frame.anchor.values, frame.anchor.levels = values, levels
            elif kind is alias_event:
                if top is not None and top.is_map and top.key is None:
                    self._alias_key(top, event)
                    continue
                value, values, levels = self._alias(event, len(stack))
            elif kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise self.refuse(
                        self.name, "holds several YAML documents; put everything in one"
                    )
                continue
            else:  # stream and document starts and ends
                continue
            if top is None:
                root = value
                continue
            if top.is_map:
                top.value[top.key] = value
                top.key = None
            else:
                top.value.append(value)
            top.values += values
            if levels > top.levels:
                top.levels = levels
        return documents > 0, root

    def _too_many(self) -> InputError:
        return self.refuse(
            self.name,
            f"expands to more than {self.limit:,} values through its aliases (too many "
            f"aliases?); the limit is {self.max_nodes:,} values or one per character of the "
            "file, whichever is more: write the repeated parts out",
        )

    def _collection_key(self, event: Any) -> InputError:
        where = located(self.name, event.start_mark)
        return self.refuse(where, "a key must be a plain word, not a list or mapping")

    def _anchor(self, event: Any) -> _Anchor | None:
        if event.anchor is None:
            return None
        first = self.anchors.get(event.anchor)
        if first is not None:
            raise yaml.composer.ComposerError(
                f"found duplicate anchor {event.anchor!r}; first occurrence",
                first.mark,
                "second occurrence",
                event.start_mark,
            )
        anchor = _Anchor(event.start_mark)
        self.anchors[event.anchor] = anchor
        return anchor

    def _tag(self, event: Any) -> str:
        tag: str | None = event.tag
        if tag is not None and tag != "!":
            return tag
        if not event.implicit[0]:
            return _STR_TAG
        value: str = event.value
        found = self.tags.get(value)
        if found is None:
            found = self.resolver.resolve(yaml.ScalarNode, value, event.implicit)
            if len(self.tags) < _CACHED_TAGS:
                self.tags[value] = found
        return found

    def _key(self, top: _Frame, event: Any) -> None:
        if self._tag(event) == _MERGE_TAG:
            where = located(self.name, event.start_mark)
            raise self.refuse(where, "merge keys ('<<') are not supported; write keys out")
        anchor = self._anchor(event)
        key = str(event.value)
        if anchor is not None:
            anchor.done, anchor.value, anchor.text = True, key, key
        self._set_key(top, key, event)

    def _set_key(self, top: _Frame, key: str, event: Any) -> None:
        if key in top.value:
            path = format_path((*top.path(), key))
            raise self.refuse(
                located(self.name, event.start_mark),
                f"{path}: duplicate key {key!r} (each key may appear once)",
                "duplicate-key",
            )
        top.key = key

    def _scalar(self, event: Any) -> Any:
        tag = self._tag(event)
        anchor = self._anchor(event)
        value = event.value if tag in READ_AS_TEXT else self._construct(event, tag)
        if anchor is not None:
            anchor.done, anchor.value, anchor.text = True, value, str(event.value)
        return value

    def _construct(self, event: Any, tag: str) -> Any:
        where = located(self.name, event.start_mark)
        if not tag.startswith(_OWN_TAGS):
            raise self.refuse(where, f"tag {tag!r} is not allowed")
        node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
        try:
            return self.constructor.construct_object(node, deep=True)
        except yaml.YAMLError:
            raise
        except Exception:  # constructors raise KeyError, IndexError, ValueError, ...
            # `!!bool Ada` is a KeyError, `!!int ""` an IndexError: whatever a constructor
            # raises, the value cannot be read as its tag says.
            short = "!!" + tag.removeprefix(_OWN_TAGS)
            raise self.refuse(where, f"cannot read {quote(event.value)} as {short}") from None

    def _known(self, event: Any) -> _Anchor:
        anchor = self.anchors.get(event.anchor)
        if anchor is None:
            raise yaml.composer.ComposerError(
                None, None, f"found undefined alias {event.anchor!r}", event.start_mark
            )
        if not anchor.done:
            where = located(self.name, anchor.mark)
            raise self.refuse(where, "an alias refers to the collection that contains it")
        return anchor

    def _alias_key(self, top: _Frame, event: Any) -> None:
        anchor = self._known(event)
        self.count += 1
        if self.count > self.limit:
            raise self._too_many()
        if anchor.text is None:
            raise self._collection_key(event)
        self._set_key(top, anchor.text, event)

    def _alias(self, event: Any, depth: int) -> tuple[Any, int, int]:
        anchor = self._known(event)
        self.count += anchor.values
        if self.count > self.limit:
            raise self._too_many()
        if depth + anchor.levels > self.max_depth:
            where = located(self.name, event.start_mark)
            message = f"nested more than {self.max_depth} levels deep (through aliases)"
            raise self.refuse(where, message)
        value = anchor.value
        if isinstance(value, dict | list):
            value = copy.deepcopy(value)
        return value, anchor.values, anchor.levels


class _Open:
    """An open collection while positions are read: its path (None inside a key that is a
    collection, which has none), and the next index or the key whose value comes next."""

    __slots__ = ("index", "is_map", "key", "path", "waiting")

    def __init__(self, path: PathKey | None, is_map: bool) -> None:
        self.path = path
        self.is_map = is_map
        self.index = 0
        self.key: str | None = None
        self.waiting = True


def positions(
    events: Iterable[yaml.Event], name: str, target: PathKey | None = None
) -> Iterator[tuple[PathKey, Location, bool]]:
    """(path, where, is_key) for every value and every mapping key, in document order; with a
    `target`, only for it and its ancestors (other branches are skipped unread)."""
    stack: list[_Open] = []
    skip = 0  # depth inside a collection off the target's branch
    for event in events:
        kind = type(event)
        opens = kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent
        closes = kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent
        if skip:
            skip += 1 if opens else -1 if closes else 0
            if not skip:
                _value_done(stack)
            continue
        if closes:
            stack.pop()
            _value_done(stack)
            continue
        if not isinstance(event, yaml.NodeEvent):
            continue
        path: PathKey | None = ()
        if stack:
            top = stack[-1]
            if top.is_map and top.waiting:  # a key
                top.waiting = False
                top.key = str(event.value) if isinstance(event, yaml.ScalarEvent) else None
                if top.key is not None and top.path is not None:
                    child = (*top.path, top.key)
                    if target is None or child == target[: len(child)]:
                        yield child, located(name, event.start_mark), True
                if opens:
                    stack.append(_Open(None, kind is yaml.MappingStartEvent))
                continue
            if top.path is None or (top.is_map and top.key is None):
                path = None
            elif top.is_map:
                path = (*top.path, top.key or "")
            else:
                path = (*top.path, top.index)
            top.index += 1
            if target is not None and path is not None and path != target[: len(path)]:
                if opens:
                    skip = 1
                else:
                    _value_done(stack)
                continue
        if path is not None:
            yield path, located(name, event.start_mark), False
        if opens:
            stack.append(_Open(path, kind is yaml.MappingStartEvent))
        else:
            _value_done(stack)


def _value_done(stack: list[_Open]) -> None:
    if stack and stack[-1].is_map:
        stack[-1].waiting = True
