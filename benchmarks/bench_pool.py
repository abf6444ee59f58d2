#!/usr/bin/env python3
"""Templated copy: N one-line documents, each five sentences drawn from a pool of 3N/20
sentences, so that every sentence stands in some 33 documents and every document shares
wording with some 150 others. The whole analysis per size, in a fresh process: its time,
peak memory (``ru_maxrss`` of the process and of its largest worker) and what it found.

    python benchmarks/bench_pool.py --sizes 500 1000 2000 5000 20000
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

from bench_long import _WORDS
from common import in_child, machine


def records(n: int, per: int = 5, seed: int = 7) -> list[dict[str, Any]]:
    """``n`` documents of ``per`` sentences drawn from a pool of ``n * 3 // 20``."""
    rng = random.Random(seed)
    pool = [
        " ".join(rng.choice(_WORDS) for _ in range(rng.randint(8, 20))).capitalize() + f" {k}."
        for k in range(max(per, n * 3 // 20))
    ]
    return [
        {
            "id": f"d{i:06d}",
            "text": " ".join(rng.sample(pool, per)),
            "date": f"2024-03-{1 + i % 28:02d}",
        }
        for i in range(n)
    ]


def run(n: int, workers: int) -> None:
    import provenance

    start = time.perf_counter()
    report = provenance.analyze(records(n), workers=workers, progress=False)
    size = len(report.to_json())
    seconds = time.perf_counter() - start
    peak = max(
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
    )
    print(
        json.dumps(
            {
                "seconds": round(seconds, 1),
                "peak_mib": round(peak / 1024),
                "families": len(report.families),
                "passages": sum(len(f.passages) for f in report.families),
                "links": len(report.links),
                "json_mib": round(size / 2**20, 1),
            }
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[500, 1000, 2000, 5000, 20000])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one is not None:
        run(args.one, args.workers)
        return
    print(f"# templated copy, the whole analysis: {machine()}; workers: {args.workers}")
    print("| documents | families | passages | links | seconds | peak MiB | JSON MiB |")
    print("|---|---|---|---|---|---|---|")
    for n in args.sizes:
        got = in_child(__file__, "--one", str(n), "--workers", str(args.workers))
        if "error" in got:
            print(f"| {n:,} | | | | {got['error']} | | |", flush=True)
            continue
        print(
            f"| {n:,} | {got['families']:,} | {got['passages']:,} | {got['links']:,} | "
            f"{got['seconds']} | {got['peak_mib']:,} | {got['json_mib']} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
