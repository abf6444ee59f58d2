"""Shared pieces of the benchmarks: corpora, timing, machine description."""

from __future__ import annotations

import json
import os
import platform
import random
import resource
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from provenance.cpu import prefer_avx2_sort

# numpy's settings as the ``provenance`` command makes them (its AVX2 sort on AMD Zen
# 4: provenance/cpu.py), before a benchmark loads numpy; machine() names them.
prefer_avx2_sort()

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"


def corpus_dir(paragraphs: int, seed: int = 7, *, phrases: bool = False) -> Path:
    """The generated corpus of that size (with ``phrases``, its realistic-phrase variant:
    ``generate.py --phrases realistic``), generated into benchmarks/out/ if missing."""
    folder = OUT / f"gen-{paragraphs}-s{seed}{'-phrases' * phrases}"
    if not (folder / "meta.json").exists():
        sys.path.insert(0, str(HERE))
        from generate import generate

        generate(folder, paragraphs=paragraphs, seed=seed, phrases=phrases)
    return folder


def wire_dir(paragraphs: int, seed: int = 7) -> Path:
    """The generated wire-copy corpus (``benchmarks/wire.py``: realistic phrase
    statistics) of that size, generated into benchmarks/out/ if missing."""
    folder = OUT / f"wire-{paragraphs}-s{seed}"
    if not (folder / "meta.json").exists():
        sys.path.insert(0, str(HERE))
        from wire import generate

        generate(folder, paragraphs=paragraphs, seed=seed)
    return folder


def true_pairs_of(folder: Path) -> set[tuple[str, str]]:
    """The unordered document pairs that share wording by the corpus's truth
    (``truth.jsonl``). Wire copy: each document with its direct sources and with every
    document its words' wording first appeared in. A corpus of ``generate.py``: each
    copied paragraph's document with its source's (paraphrases, its negative control,
    are not copies)."""
    pairs: set[tuple[str, str]] = set()
    with (folder / "truth.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            t = json.loads(line)
            if "source_doc" in t:  # generate.py: one record per derived paragraph
                if t["kind"] == "copy" and t["source_doc"] != t["doc"]:
                    pairs.add((min(t["doc"], t["source_doc"]), max(t["doc"], t["source_doc"])))
                continue
            others = set(t["sources"]) | {run[3] for run in t["runs"] if run[3] is not None}
            pairs.update((min(t["doc"], o), max(t["doc"], o)) for o in others if o != t["doc"])
    return pairs


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


def percentile(values: Sequence[float], q: float) -> float:
    """The ``q`` quantile of ``values``, by nearest rank (0.99: the p99)."""
    ranked = sorted(values)
    return ranked[min(len(ranked) - 1, max(0, round(q * len(ranked) + 0.5) - 1))]


def held_out(docs: Sequence[Any], count: int, seed: int = 7) -> tuple[list[Any], list[Any]]:
    """``docs`` split into those kept and ``count`` of them drawn at random (seeded)
    to be looked up; each list in the order of ``docs``' drawing."""
    asked = random.Random(seed).sample(list(docs), count)
    chosen = {id(d) for d in asked}
    return [d for d in docs if id(d) not in chosen], asked


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


def _pss_kib(pid: int) -> int:
    """Proportional set size of process ``pid`` in KiB: shared pages split among sharers."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:  # the process ended meanwhile
        pass
    return 0


def _descendants(pid: int) -> list[int]:
    out, todo = [], [pid]
    while todo:
        here = todo.pop()
        try:
            with open(f"/proc/{here}/task/{here}/children", encoding="ascii") as f:
                found = [int(x) for x in f.read().split()]
        except OSError:
            found = []
        out.extend(found)
        todo.extend(found)
    return out


class FootprintSampler:
    """The memory this process and its worker processes hold together, sampled in the
    background: the sum of their proportional set sizes (pages shared by ``fork`` are
    counted once), in MiB. ``peak()`` gives the largest sample since the last call."""

    def __init__(self, interval: float = 0.25) -> None:
        self._interval = interval
        self._peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def __enter__(self) -> FootprintSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _sample(self) -> None:
        me = os.getpid()
        while not self._stop.wait(self._interval):
            total = sum(_pss_kib(pid) for pid in [me, *_descendants(me)])
            self._peak = max(self._peak, total)

    def peak(self) -> float:
        """The largest footprint sampled since the previous call, in MiB."""
        total = sum(_pss_kib(pid) for pid in [os.getpid(), *_descendants(os.getpid())])
        peak, self._peak = max(self._peak, total), 0
        return peak / 1024


def machine() -> str:
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    disabled = os.environ.get("NPY_DISABLE_CPU_FEATURES")
    return (
        f"{os.cpu_count()} cores, {mem:.0f} GiB, {platform.python_implementation()} "
        f"{platform.python_version()}, {platform.machine()}"
        + (f", numpy without {disabled}" if disabled else "")
    )


def in_child(script: str, *args: str) -> dict[str, Any]:
    """Run ``script`` with ``args`` in a fresh Python process and read the JSON object it
    prints last; ``{"error": ...}`` (its last line of errors) if it fails."""
    done = subprocess.run(
        [sys.executable, script, *args], capture_output=True, text=True, check=False
    )
    if done.returncode:
        tail = done.stderr.strip().splitlines()[-1:] or [f"exit {done.returncode}"]
        return {"error": tail[0][:80]}
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result
