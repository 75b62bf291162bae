"""The plain-Python floor of `followup plan` (issue 15): what any Python program reading the
same events file and writing JSON must spend at least.

    python benchmarks/floor.py EVENTS.json > due.json

Reads the JSON events file with `json`, computes one due time per application with `zoneinfo`
(two days after its first event, at the same wall-clock time in the candidate's zone) and writes
one JSON document (indented like `followup plan --format json`). `benchmarks/run.py` measures
`followup plan` against it on the same file.
"""

from __future__ import annotations

import json
import sys
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo


def main() -> None:
    with Path(sys.argv[1]).open(encoding="utf-8") as handle:
        document = json.load(handle)
    zone = ZoneInfo(document["candidate"]["timezone"])
    out = []
    for app in document["applications"]:
        first = min(event["at"] for event in app["events"])
        at = datetime.fromisoformat(first)
        at = at.replace(tzinfo=zone) if at.tzinfo is None else at.astimezone(zone)
        due = (at.replace(tzinfo=None) + timedelta(days=2)).replace(tzinfo=zone)
        out.append({"application": app["id"], "due_by": due.isoformat()})
    json.dump({"actions": out}, sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
