"""Plan a JSON Lines file of candidates on a local Dask cluster (docs/scale.md).

    python examples/scale/dask_plan.py candidates.jsonl actions.jsonl --as-of 2026-11-15T09:00

The output is the same, line for line, as `followup plan --jsonl candidates.jsonl --as-of ...`.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import dask.bag as db
from dask.distributed import Client, LocalCluster

from followup.batch import plan_partition_list


def plan_on_dask(
    candidates: Path,
    *,
    as_of: str,
    policy_dirs: tuple[str, ...] = (),
    workers: int = 2,
    partition_size: int = 250,
) -> list[str]:
    lines = candidates.read_text(encoding="utf-8").splitlines()
    with (
        LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        Client(cluster),
    ):
        bag = db.from_sequence(lines, partition_size=partition_size)
        planned = bag.map_partitions(plan_partition_list, as_of=as_of, policy_dirs=policy_dirs)
        return list(planned.compute())


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("candidates", type=Path)
    parser.add_argument("actions", type=Path)
    parser.add_argument("--as-of", required=True)
    parser.add_argument("--policy-dir", action="append", default=[])
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    out = plan_on_dask(
        args.candidates,
        as_of=args.as_of,
        policy_dirs=tuple(args.policy_dir),
        workers=args.workers,
    )
    args.actions.write_text("".join(out), encoding="utf-8")


if __name__ == "__main__":  # worker processes import this module: plan only in the parent
    main()
