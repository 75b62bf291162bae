"""Planning candidates as JSON Lines, for distributed engines (`followup.batch.plan_partition`).

One line in is one candidate's events document (JSON); out come the plan's actions, one compact
JSON object a line (the plan schema's `#/$defs/action`), candidate after candidate in input
order. A line that cannot be planned gives one line `{"line": N, "input_sha256": ...,
"problems": [...]}` instead, so one bad candidate never stops a job. The function is pure: text
in, text out, nothing pickled but strings, no clock (`as_of` is given), so a Dask bag's
`map_partitions`, Ray Data's `map_batches` or Spark's `mapInPandas` can call it on any worker,
and a retried partition gives the same lines (action ids are stable). Policies are loaded and
compiled once per worker process: each policy file by its path (`policy.load_policy`), and
durable_rules rulesets by content hash (`engine/durable_engine.py`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from followup.digest import sha256
from followup.errors import InvalidInput


def _compact(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def plan_partition(
    lines: Iterable[str],
    *,
    as_of: str,
    policy_dirs: Sequence[str | Path] = (),
    policy: str | None = None,
    include_all: bool = False,
    first_line: int = 1,
) -> Iterator[str]:
    """The action lines (each ending with a newline) of the candidates in `lines`.

    `first_line` numbers the first of `lines` in problem lines (a partition's offset)."""
    from followup.api import plan_document
    from followup.policy.registry import load_registered

    registered = load_registered([Path(d) for d in policy_dirs])
    for number, line in enumerate(lines, start=first_line):
        text = line.strip()
        if not text:
            continue
        try:
            doc = json.loads(text)
            if not isinstance(doc, dict):
                raise InvalidInput([("wrong-type", "", "a candidate is a JSON object")])
            plan = plan_document(
                doc,
                as_of=as_of,
                policy=policy,
                policies=registered,
                include_all=include_all,
                name=f"line {number}",
            )
        except (json.JSONDecodeError, RecursionError) as exc:
            yield _problem_line(number, text, [("bad-json", "", str(exc))])
        except InvalidInput as exc:
            yield _problem_line(number, text, exc.problems)
        else:
            for action in plan["actions"]:
                yield _compact(action) + "\n"


def _problem_line(number: int, text: str, problems: Sequence[tuple[str, str, str]]) -> str:
    digest = sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    listed = [{"code": c, "path": p, "message": m} for c, p, m in problems]
    return _compact({"line": number, "input_sha256": digest, "problems": listed}) + "\n"


def is_problem_line(line: str) -> bool:
    return line.startswith('{"line":')


def plan_partition_list(lines: Iterable[str], **options: Any) -> list[str]:
    """`plan_partition` (the same options) as a list: what a Dask bag partition (which must be
    picklable) holds."""
    return list(plan_partition(lines, **options))
