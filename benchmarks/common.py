"""Shared pieces of the benchmarks: corpora, timing, machine description."""

from __future__ import annotations

import json
import os
import platform
import resource
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"


def corpus_dir(paragraphs: int, seed: int = 7) -> Path:
    """The generated corpus of that size, generated into benchmarks/out/ if missing."""
    folder = OUT / f"gen-{paragraphs}-s{seed}"
    if not (folder / "meta.json").exists():
        sys.path.insert(0, str(HERE))
        from generate import generate

        generate(folder, paragraphs=paragraphs, seed=seed)
    return folder


def paragraphs_of(folder: Path, limit: int | None = None) -> list[str]:
    """The paragraphs of a generated corpus, in file order."""
    out: list[str] = []
    for shard in sorted((folder / "corpus").glob("*.jsonl")):
        with shard.open(encoding="utf-8") as f:
            for line in f:
                out.extend(p for p in json.loads(line)["text"].split("\n\n") if p.strip())
                if limit is not None and len(out) >= limit:
                    return out[:limit]
    return out


def median_time(func: Callable[[], Any], runs: int) -> tuple[float, list[float]]:
    """Median wall time of ``runs`` calls, and all of them."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times), times


def peak_memory_mib() -> float:
    """Peak resident memory of this process and its finished children, in MiB."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return (own + children) / 1024


def resident_mib() -> float:
    """This process's resident memory now, in MiB (Linux)."""
    with open("/proc/self/status", encoding="ascii") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def machine() -> str:
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (
        f"{os.cpu_count()} cores, {mem:.0f} GiB, {platform.python_implementation()} "
        f"{platform.python_version()}, {platform.machine()}"
    )
