"""The Jinja2 sandbox drafts render in, with bounds on the work a template may do.

Jinja2's immutable sandbox stops a template from reaching the system; it does not stop one from
asking for `{{ "x" * 10**9 }}`, `{{ 10**(10**9) }}`, `"%0999999999d"|format(1)` or three nested
`range` loops (each ran past 20 s at 1-3 GB). Here every operator, call and filter that can
build a large value is checked *before* it runs, against the size of what it would make:

- `*`, `**`, `+` and `%` (intercepted operators), `~` (joins), every call (`"x".center(n)`,
  `s.replace("", t)`, `"{:09999d}".format(1)`) and every filter: no number argument over
  MAX_TEMPLATE_VALUE, no value over MAX_TEMPLATE_VALUE characters or items (counted through
  nested lists), no format width or precision over it;
- what the template writes stops at MAX_TEMPLATE_OUTPUT characters;
- a template that runs past MAX_TEMPLATE_SECONDS of processor time is stopped (checked on the
  template's own lines, so any loop is caught).

Going over a limit raises `TemplateLimit`, which `drafts` reports as one line naming the
template, its line and the limit.
"""

from __future__ import annotations

import functools
import math
import re
import string
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from types import FrameType
from typing import Any

import jinja2
from jinja2 import nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.sandbox import ImmutableSandboxedEnvironment

from followup import limits


class TemplateLimit(jinja2.TemplateError):
    """A template asked for more work than a limit allows; the message names the limit.
    `lineno`: the template's line, when the traceback cannot tell it (the output limit)."""

    lineno: int | None = None


def _processor_seconds() -> float:
    """Processor time of this process (replaced by a ticking clock in tests)."""
    return time.process_time()


_DIGITS_PER_BIT = math.log10(2)


def size_of(value: Any, budget: int) -> int:
    """How big `value` is, in characters and items, counting through nested lists, tuples, sets
    and mappings (a shared list counts each time it appears: that is what printing it costs).
    Stops counting once over `budget`, so the count costs at most `budget` steps."""
    total = 0
    stack = [value]
    while stack and total <= budget:
        item = stack.pop()
        if isinstance(item, (str, bytes)):
            total += len(item)
        elif isinstance(item, int):  # a bool too: 1
            total += 1 + int(item.bit_length() * _DIGITS_PER_BIT)
        elif isinstance(item, range):
            total += len(item)
        elif isinstance(item, dict):
            total += 1
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, (list, tuple, set, frozenset)):
            total += 1
            stack.extend(item)
        else:
            total += 1
    return total


def _over(what: str) -> TemplateLimit:
    return TemplateLimit(f"{what} (MAX_TEMPLATE_VALUE is {limits.MAX_TEMPLATE_VALUE})")


def _check_size(value: Any, what: str) -> None:
    if size_of(value, limits.MAX_TEMPLATE_VALUE) > limits.MAX_TEMPLATE_VALUE:
        raise _over(f"{what} is over {limits.MAX_TEMPLATE_VALUE} characters or items")


def _check_arguments(args: Iterable[Any], what: str) -> None:
    """No number argument and no value over the limit."""
    for arg in args:
        if isinstance(arg, int) and abs(arg) > limits.MAX_TEMPLATE_VALUE:
            raise _over(f"{what} with {_shown_number(arg)}, over the limit")
        _check_size(arg, f"a value given to {what}")  # a number within it is a few digits


def _shown_number(number: int) -> str:
    if number.bit_length() < 64:
        return str(number)
    return f"a number of about {int(number.bit_length() * _DIGITS_PER_BIT)} digits"


_PERCENT_SPEC = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\*|\d+)?(?:\.(\*|\d+))?[a-zA-Z%]")
_BRACE_NUMBER = re.compile(r"\d+")


def _check_format_text(text: str, args: Any, style: str) -> None:
    """No width or precision over the limit in a `%` or `{}` format string (nor given by `*`)."""
    numbers: list[int] = []
    if style == "%":
        stars = 0
        for match in _PERCENT_SPEC.finditer(text):
            for part in match.groups():
                if part == "*":
                    stars += 1
                elif part:
                    numbers.append(int(part))
        if stars and isinstance(args, tuple):
            numbers.extend(
                a for a in args[:stars] if isinstance(a, int) and not isinstance(a, bool)
            )
    else:
        try:
            fields = list(string.Formatter().parse(text))
        except ValueError:
            return  # str.format says what is wrong
        for _, _, spec, _ in fields:
            numbers.extend(int(n) for n in _BRACE_NUMBER.findall(spec or ""))
    for number in numbers:
        if abs(number) > limits.MAX_TEMPLATE_VALUE:
            raise _over(f"a format with width {number}, over the limit")


def _check_binop(op: str, left: Any, right: Any) -> None:
    """Refuse `left op right` when its result would be over the limit, before computing it."""
    limit = limits.MAX_TEMPLATE_VALUE
    numbers = all(isinstance(x, int) and not isinstance(x, bool) for x in (left, right))
    if op == "**" and numbers and abs(left) > 1 and right > 0:
        # An exponent past 64 bits would make more digits than a float can count.
        digits = right * math.log10(abs(left)) if right.bit_length() <= 64 else math.inf
        if digits > limit:
            shown = f"about {int(digits)}" if digits < math.inf else "more than 10**19"
            raise _over(f"`**` would make a number of {shown} digits")
    elif op == "*" and numbers:
        if (left.bit_length() + right.bit_length()) * _DIGITS_PER_BIT > limit:
            raise _over("`*` would make a number of more than the limit's digits")
    elif op == "*":
        count, sequence = (left, right) if isinstance(left, int) else (right, left)
        if isinstance(count, int) and isinstance(sequence, (str, bytes, list, tuple)):
            made = count * size_of(sequence, limit)
            if made > limit:
                raise _over(f"`*` would make {_shown_number(made)} characters or items")
    elif op == "+" and not numbers:
        made = size_of(left, limit) + size_of(right, limit)
        if made > limit:
            raise _over(f"`+` would make {made} characters or items")
    elif op == "%" and isinstance(left, str):
        _check_format_text(left, right, "%")
        _check_size(right, "the values of `%`")


def _estimate_call(obj: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    """The calls whose result can be far larger than their arguments, estimated before they run:
    `s.replace(old, new)`, `sep.join(items)`, `s.expandtabs(n)`, `s.format(...)` and
    `s.format_map(...)` (which the sandbox wraps)."""
    inner = getattr(obj, "__wrapped__", obj)
    owner = getattr(inner, "__self__", None)
    name = getattr(inner, "__name__", "")
    limit = limits.MAX_TEMPLATE_VALUE
    if not isinstance(owner, str):
        return
    if name in ("format", "format_map"):
        _check_format_text(owner, args, "{}")
    elif name == "replace" and len(args) >= 2 and isinstance(args[0], str):
        old, new = args[0], args[1]
        times = owner.count(old) if old else len(owner) + 1
        if isinstance(new, str) and len(owner) + times * len(new) > limit:
            raise _over("`replace` would make more characters than the limit")
    elif name == "join" and args:
        made = size_of(args[0], limit) + len(owner) * size_of(args[0], limit)
        if made > limit:
            raise _over("`join` would make more characters than the limit")
    elif name == "expandtabs":
        width = args[0] if args else kwargs.get("tabsize", 8)
        if isinstance(width, int) and owner.count("\t") * width + len(owner) > limit:
            raise _over("`expandtabs` would make more characters than the limit")


_FILTER_GROWTH: dict[str, Callable[..., int]] = {
    # filter name -> how many times the size of its value its result can be, from its other
    # arguments, for the filters that multiply
    "join": lambda d="", *_: 1 + len(str(d)),
    "indent": lambda width=4, *_: 1 + (width if isinstance(width, int) else len(str(width))),
    "string": lambda *_: 4,
    "pprint": lambda *_: 4,
    "tojson": lambda *_: 6,
    "list": lambda *_: 1,
}


def _limited_filter(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    """`function` (a filter) checked before it runs: its arguments, its format text, and for
    the filters that multiply, the size of what it would make; and its result after."""
    passes_first = getattr(function, "jinja_pass_arg", None) is not None
    growth = _FILTER_GROWTH.get(name)

    @functools.wraps(function)
    def limited(*args: Any, **kwargs: Any) -> Any:
        given = args[1:] if passes_first else args
        what = f"the `{name}` filter"
        _check_arguments([*given, *kwargs.values()], what)
        if name == "format" and given and isinstance(given[0], str):
            _check_format_text(given[0], tuple(given[1:]) or kwargs, "%")
        limit = limits.MAX_TEMPLATE_VALUE
        if growth is not None and given and growth(*given[1:]) * size_of(given[0], limit) > limit:
            raise _over(f"{what} would make more than the limit's characters")
        result = function(*args, **kwargs)
        _check_size(result, f"what {what} made")
        return result

    return limited


class _LimitedCodeGenerator(CodeGenerator):
    """Joins (`a ~ b`) through `environment.limited_join`, which measures before `str()`."""

    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        self.write("environment.limited_join((")
        for arg in node.nodes:
            self.visit(arg, frame)
            self.write(", ")
        self.write("))")


class LimitedSandbox(ImmutableSandboxedEnvironment):
    """The immutable sandbox, with every operator, call, filter, join and output measured."""

    code_generator_class = _LimitedCodeGenerator
    intercepted_binops = frozenset({"*", "**", "+", "%"})

    def __init__(self, **options: Any) -> None:
        super().__init__(finalize=self._finalize_output, **options)

    def limit_filters(self) -> None:
        """Wrap every filter (call once all filters are registered)."""
        self.filters = {name: _limited_filter(name, f) for name, f in self.filters.items()}

    @staticmethod
    def _finalize_output(value: Any) -> Any:
        _check_size(value, "a value written out")
        return value

    @staticmethod
    def limited_join(values: Iterable[Any]) -> str:
        parts = []
        total = 0
        for value in values:
            _check_size(value, "a value joined with `~`")
            part = str(value)
            total += len(part)
            if total > limits.MAX_TEMPLATE_VALUE:
                raise _over(f"`~` would make more than {limits.MAX_TEMPLATE_VALUE} characters")
            parts.append(part)
        return "".join(parts)

    def call_binop(self, context: jinja2.runtime.Context, op: str, left: Any, right: Any) -> Any:
        _check_binop(op, left, right)
        return super().call_binop(context, op, left, right)

    def call(
        __self,  # the sandbox's own signature: any keyword argument passes through
        __context: jinja2.runtime.Context,
        __obj: Any,
        *args: Any,
        **kwargs: Any,
    ) -> Any:
        name = getattr(__obj, "__name__", None) or type(__obj).__name__
        what = f"`{name}`"
        _check_arguments([*args, *kwargs.values()], what)
        _estimate_call(__obj, args, kwargs)
        result = super().call(__context, __obj, *args, **kwargs)
        _check_size(result, f"what {what} made")
        return result


def render_limited(template: jinja2.Template, variables: dict[str, Any]) -> str:
    """Render `template`, stopping at MAX_TEMPLATE_OUTPUT characters and MAX_TEMPLATE_SECONDS
    of processor time (`TemplateLimit`)."""
    environment = template.environment
    deadline = _processor_seconds() + limits.MAX_TEMPLATE_SECONDS
    steps = [0]

    def on_line(frame: FrameType, event: str, arg: Any) -> Any:
        if event == "line":
            steps[0] += 1
            if steps[0] % 64 == 0 and _processor_seconds() > deadline:
                raise TemplateLimit(
                    f"ran past {limits.MAX_TEMPLATE_SECONDS} s of processor time "
                    "(MAX_TEMPLATE_SECONDS)"
                )
        return on_line

    def on_call(frame: FrameType, event: str, arg: Any) -> Any:
        # Only the template's own code is traced: the compiled template runs in a namespace
        # that holds its environment.
        if frame.f_globals.get("environment") is environment:
            return on_line
        return None

    previous = sys.gettrace()
    sys.settrace(on_call)
    try:
        return _collect(template, template.generate(variables))
    finally:
        sys.settrace(previous)


def _collect(template: jinja2.Template, chunks: Iterator[str]) -> str:
    out: list[str] = []
    total = 0
    for chunk in chunks:
        total += len(chunk)
        if total > limits.MAX_TEMPLATE_OUTPUT:
            error = TemplateLimit(
                f"the draft is longer than {limits.MAX_TEMPLATE_OUTPUT} characters "
                "(MAX_TEMPLATE_OUTPUT)"
            )
            error.lineno = _line_writing(template, chunks)
            raise error
        out.append(chunk)
    return "".join(out)


def _line_writing(template: jinja2.Template, chunks: Iterator[str]) -> int | None:
    """The line of `template` that wrote the last chunk: `generate` yields from the template's
    compiled code, whose line Jinja maps back to the template's."""
    inner = getattr(chunks, "gi_yieldfrom", None)
    frame = getattr(inner, "gi_frame", None)
    if frame is None:
        return None
    return template.get_corresponding_lineno(frame.f_lineno)
