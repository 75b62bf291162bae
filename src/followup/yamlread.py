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
    """A value named by an anchor (`&name`), for the aliases (`*name`) that repeat it: what it
    expands to, counted while it was read (keys not counted, as a collection's size is its
    values')."""

    __slots__ = ("done", "keys", "levels", "mark", "outer", "start", "text", "value", "values")

    def __init__(self, mark: Any) -> None:
        self.mark = mark
        self.text: str | None = None  # a scalar's text as written
        self.done = False
        self.value: Any = None
        self.values = 1  # the values it expands to, itself included
        self.levels = 0  # the collections nested in it, itself included
        # While its collection is open: the count of values and of keys before it, and the
        # deepest level reached outside it.
        self.start = self.keys = self.outer = 0


_Holder = tuple[Any, bool, "str | None", "_Anchor | None"]
"""A collection that holds the one being read: its value, whether it is a mapping, the key
whose value is being read (a mapping's), its anchor."""

_CACHED_TAGS = 4096
"""Plain scalars whose resolved tag is remembered (names, types and channels repeat), and
scalars of other tags whose value is (`_PLAIN_SCALARS`)."""
_PLAIN_SCALARS = frozenset({int, float, bool, type(None)})
"""Values that are never changed in place, so one may stand for every scalar written alike."""
_UNKNOWN = object()


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
        self.scalars: dict[tuple[str, str], Any] = {}

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
        """One loop over the events, its state in local names: the open collection (`top`),
        whether it is a mapping, the key waiting for its value and its anchor; the collections
        around it on `stack`. `count` is every value and key read (through aliases: what they
        repeat), `keys` the keys among them, `deepest` the deepest level reached: an anchored
        collection's size and depth are their differences between its start and its end."""
        stack: list[_Holder] = []
        top: Any = None
        is_map = False
        key: str | None = None
        anchor: _Anchor | None = None
        named: _Anchor | None
        count = keys = deepest = documents = 0
        root: Any = None
        limit, max_depth, tags, read_as_text = self.limit, self.max_depth, self.tags, READ_AS_TEXT
        scalar_event, alias_event = yaml.ScalarEvent, yaml.AliasEvent
        mapping_start, sequence_start = yaml.MappingStartEvent, yaml.SequenceStartEvent
        mapping_end, sequence_end = yaml.MappingEndEvent, yaml.SequenceEndEvent
        while (event := next_event()) is not None:
            kind = type(event)
            if kind is scalar_event:
                count += 1
                if count > limit:
                    raise self._too_many()
                text: str = event.value
                tag: str | None = event.tag
                if tag is None or tag == "!":
                    if event.implicit[0]:
                        tag = tags.get(text) or self._resolve(text, event.implicit)
                    else:
                        tag = _STR_TAG
                if is_map and key is None:  # a key
                    keys += 1
                    if tag == _MERGE_TAG:
                        raise self._merge_key(event)
                    if event.anchor is not None:
                        named = self._anchor(event)
                        named.done, named.value, named.text = True, text, text
                    if text in top:
                        raise self._duplicate(stack, text, event)
                    key = text
                    continue
                named = None if event.anchor is None else self._anchor(event)
                value = text if tag in read_as_text else self._construct(event, tag)
                if named is not None:
                    named.done, named.value, named.text = True, value, text
            elif kind is mapping_start or kind is sequence_start:
                count += 1
                if count > limit:
                    raise self._too_many()
                if len(stack) == max_depth:
                    where = located(self.name, event.start_mark)
                    raise self.refuse(where, f"nested more than {max_depth} levels deep")
                if is_map and key is None:  # a collection where a key should be
                    raise self._collection_key(event)
                stack.append((top, is_map, key, anchor))
                anchor = None if event.anchor is None else self._anchor(event)
                is_map = kind is mapping_start
                top, key = ({} if is_map else []), None
                depth = len(stack)
                if anchor is not None:
                    anchor.start, anchor.keys, anchor.outer = count - 1, keys, deepest
                    deepest = depth
                elif depth > deepest:
                    deepest = depth
                continue
            elif kind is mapping_end or kind is sequence_end:
                value = top
                if anchor is not None:
                    anchor.done, anchor.value = True, value
                    anchor.values = count - anchor.start - (keys - anchor.keys)
                    anchor.levels = deepest - len(stack) + 1
                    deepest = max(deepest, anchor.outer)
                top, is_map, key, anchor = stack.pop()
            elif kind is alias_event:
                named = self._known(event)
                if is_map and key is None:  # an alias as a key: the text of a scalar
                    count += 1
                    keys += 1
                    if count > limit:
                        raise self._too_many()
                    if named.text is None:
                        raise self._collection_key(event)
                    if named.text in top:
                        raise self._duplicate(stack, named.text, event)
                    key = named.text
                    continue
                count += named.values
                if count > limit:
                    raise self._too_many()
                depth = len(stack) + named.levels
                if depth > max_depth:
                    where = located(self.name, event.start_mark)
                    message = f"nested more than {max_depth} levels deep (through aliases)"
                    raise self.refuse(where, message)
                deepest = max(deepest, depth)
                value = named.value
                if isinstance(value, dict | list):
                    value = copy.deepcopy(value)
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
            elif is_map:
                top[key] = value
                key = None
            else:
                top.append(value)
        return documents > 0, root

    def _too_many(self) -> InputError:
        return self.refuse(
            self.name,
            f"expands to more than {self.limit:,} values through its aliases (too many "
            f"aliases?); the limit is {self.max_nodes:,} values or one per character of the "
            "file, whichever is more: write the repeated parts out",
        )

    def _merge_key(self, event: Any) -> InputError:
        where = located(self.name, event.start_mark)
        return self.refuse(where, "merge keys ('<<') are not supported; write keys out")

    def _collection_key(self, event: Any) -> InputError:
        where = located(self.name, event.start_mark)
        return self.refuse(where, "a key must be a plain word, not a list or mapping")

    def _duplicate(self, stack: list[_Holder], key: str, event: Any) -> InputError:
        # Each collection around the open one holds the next as the value of its waiting key,
        # or as its next item; the outermost entry is the document itself.
        path: list[str | int] = []
        for held, _, waiting, _ in stack[1:]:
            path.append(len(held) if waiting is None else waiting)
        return self.refuse(
            located(self.name, event.start_mark),
            f"{format_path((*path, key))}: duplicate key {key!r} (each key may appear once)",
            "duplicate-key",
        )

    def _anchor(self, event: Any) -> _Anchor:
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

    def _resolve(self, text: str, implicit: tuple[bool, bool]) -> str:
        """The tag of a plain scalar, as PyYAML's resolver reads it (remembered)."""
        found: str = self.resolver.resolve(yaml.ScalarNode, text, implicit)
        if len(self.tags) < _CACHED_TAGS:
            self.tags[text] = found
        return found

    def _construct(self, event: Any, tag: str) -> Any:
        """A scalar of another tag than text's, as PyYAML's safe constructor makes it; a number,
        true/false or null remembered by its tag and text (`round: 1` repeats)."""
        known = self.scalars.get((tag, event.value), _UNKNOWN)
        if known is not _UNKNOWN:
            return known
        if not tag.startswith(_OWN_TAGS):
            raise self.refuse(located(self.name, event.start_mark), f"tag {tag!r} is not allowed")
        node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
        try:
            value = self.constructor.construct_object(node, deep=True)
        except yaml.YAMLError:
            raise
        except Exception:  # constructors raise KeyError, IndexError, ValueError, ...
            # `!!bool Ada` is a KeyError, `!!int ""` an IndexError: whatever a constructor
            # raises, the value cannot be read as its tag says.
            short = "!!" + tag.removeprefix(_OWN_TAGS)
            where = located(self.name, event.start_mark)
            raise self.refuse(where, f"cannot read {quote(event.value)} as {short}") from None
        if type(value) in _PLAIN_SCALARS and len(self.scalars) < _CACHED_TAGS:
            self.scalars[(tag, event.value)] = value
        return value

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
