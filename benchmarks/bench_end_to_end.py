"""End-to-end ``analyze`` on generated corpora: wall time, peak memory, accuracy.

Each size runs in a fresh process (so peak memory is its own), with every core.
Accuracy comes from the generator's ground truth, scored by
``benchmarks/accuracy.py generated`` (pair precision and recall, origin accuracy).
The quadratic baseline scores every pair of paragraphs with rapidfuzz, as a user
without an index would (on the smallest size, extrapolated from a sample).

    python benchmarks/bench_end_to_end.py --sizes 10000 100000 1000000
    python benchmarks/bench_end_to_end.py --stages 100000 [--no-sample]
    python benchmarks/bench_end_to_end.py --wire --sizes 100000 1000000 --no-accuracy

``--wire`` runs the wire-copy corpora of ``benchmarks/wire.py`` (realistic phrase
statistics: stock phrases, titles, frequent function-word sequences) instead;
``--phrases`` the generator's realistic-phrase variant (``generate.py --phrases
realistic``). The sampled run reports the document pairs the index and the anchors hand
to alignment per pair that shares wording by the truth.
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import json
import math
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from common import (
    HERE,
    FootprintSampler,
    corpus_dir,
    machine,
    paragraphs_of,
    peak_memory_mib,
    resident_mib,
    true_pairs_of,
    wire_dir,
)


def folder_of(size: int, *, wire: bool = False, phrases: bool = False) -> Path:
    """The corpus of ``size`` paragraphs: wire copy, or the generator's (with or without
    its realistic phrases), generated if missing."""
    return wire_dir(size) if wire else corpus_dir(size, phrases=phrases)


def run_one(
    size: int, workers: int, *, sample: bool, wire: bool = False, phrases: bool = False
) -> dict[str, float]:
    """One ``analyze`` of the corpus of ``size`` paragraphs (:func:`folder_of`); with
    ``sample``, its footprint is sampled meanwhile (and its time is not one to quote:
    reading the proportional set sizes of multi-GiB processes takes the kernel tens of
    milliseconds a time, some 10 % of a core at 1M paragraphs), and the candidate
    document pairs are counted too."""
    import provenance

    folder = folder_of(size, wire=wire, phrases=phrases)
    found: list[Any] = []
    counting: Any = contextlib.nullcontext()
    ids: dict[str, int] = {}
    if sample:
        from wire_score import counting_candidates

        names = sorted(json.loads(line)["id"] for f in sorted((folder / "corpus").glob("*.jsonl"))
                       for line in f.open(encoding="utf-8"))  # fmt: skip
        ids = {d: i for i, d in enumerate(names)}
        counting = counting_candidates(found, ids)
    with FootprintSampler() if sample else contextlib.nullcontext() as sampler, counting:
        start = time.perf_counter()
        report = provenance.analyze(folder / "corpus", workers=workers, progress=False)
        wall = time.perf_counter() - start
        footprint = sampler.peak() if sampler is not None else 0.0
    row = {
        "paragraphs": size,
        "seconds": wall,
        "peak_mib": footprint,
        "own_peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "rss_sum_mib": peak_memory_mib(),
        "families": len(report.families),
        "links": len(report.links),
    }
    if found:
        import numpy as np

        pairs = np.unique(np.concatenate(found))
        true = true_pairs_of(folder)
        row["candidate_pairs"] = len(pairs)
        row["true_pairs"] = len(true)
        row["candidates_per_true_pair"] = len(pairs) / max(1, len(true))
        n = len(ids)
        codes = np.array(sorted(min(ids[a], ids[b]) * n + max(ids[a], ids[b]) for a, b in true))
        row["true_pairs_found"] = float(np.isin(codes, pairs).mean()) if len(codes) else 0.0
    return row


def run_stages(
    size: int, workers: int, *, wire: bool = False, phrases: bool = False, sample: bool = True
) -> dict[str, float]:
    """The stages of ``analyze`` in turn: seconds, resident MiB after each, peak footprint
    (without ``sample``, no footprint: sampling slows every stage)."""
    from provenance import load
    from provenance.model import Config
    from provenance.pipeline import _run

    row: dict[str, float] = {"paragraphs": size}
    with FootprintSampler() if sample else contextlib.nullcontext() as sampler:
        last = time.perf_counter()

        def mark(stage: str) -> None:
            nonlocal last
            row[stage] = time.perf_counter() - last
            row[f"{stage}_mib"] = resident_mib()
            row[f"{stage}_peak_mib"] = sampler.peak() if sampler is not None else 0.0
            row["footprint_mib"] = max(row.get("footprint_mib", 0.0), row[f"{stage}_peak_mib"])
            print(
                f"{stage:8} {row[stage]:7.1f} s  {row[stage + '_mib']:7.0f} MiB resident after, "
                f"{row[stage + '_peak_mib']:7.0f} MiB peak footprint during",
                flush=True,
            )
            last = time.perf_counter()

        corpus = load(folder_of(size, wire=wire, phrases=phrases) / "corpus")
        mark("load")
        report = _run(corpus, Config(), workers=workers, progress=False, on_stage=mark)
    row["total"] = sum(row[s] for s in STAGES)
    row["links"] = len(report.links)
    row["families"] = len(report.families)
    row["peak_mib"] = peak_memory_mib()
    row["own_peak_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return row


STAGES = ("load", "segment", "sketch", "index", "align", "cluster", "origin")


def quadratic_baseline(size: int, sample: int) -> float:
    """Seconds to score all pairs of ``size`` paragraphs with rapidfuzz's ``fuzz.ratio``,
    extrapolated from scoring all pairs of ``sample`` paragraphs."""
    from rapidfuzz import fuzz

    texts = paragraphs_of(corpus_dir(size), sample)  # the plain corpus: its cost is the same
    start = time.perf_counter()
    for a, b in itertools.combinations(texts, 2):
        fuzz.ratio(a, b)
    per_pair = (time.perf_counter() - start) / (sample * (sample - 1) / 2)
    return per_pair * size * (size - 1) / 2


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10000, 100000])
    parser.add_argument("--workers", type=int, default=0)
    parser.add_argument(
        "--runs",
        type=int,
        default=1,
        help="timed runs per size (medians reported), besides one for memory",
    )
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--sample", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument(
        "--stages",
        type=int,
        metavar="SIZE",
        help="time each stage on one size instead (seconds, resident MiB after each)",
    )
    parser.add_argument(
        "--no-sample",
        action="store_true",
        help="with --stages: no footprint sampling (it slows every stage)",
    )
    parser.add_argument("--no-accuracy", action="store_true")
    parser.add_argument(
        "--wire", action="store_true", help="the wire-copy corpora (benchmarks/wire.py) instead"
    )
    parser.add_argument(
        "--phrases",
        action="store_true",
        help="the generator's realistic-phrase variant (generate.py --phrases realistic)",
    )
    args = parser.parse_args()
    if args.wire and args.phrases:
        parser.error("--wire corpora have realistic phrases already; give one of the two")
    kind = {"wire": args.wire, "phrases": args.phrases}
    if args.one:
        print(json.dumps(run_one(args.one, args.workers, sample=args.sample, **kind)))
        return
    if args.stages:
        folder_of(args.stages, **kind)
        print(f"machine: {machine()}")
        row = run_stages(args.stages, args.workers, sample=not args.no_sample, **kind)
        print(
            f"total {row['total']:.1f} s; {row['families']:.0f} families, {row['links']:.0f} "
            f"links; peak footprint (process and workers, shared pages once) "
            f"{row['footprint_mib']:.0f} MiB, {row['own_peak_mib']:.0f} MiB in this process"
        )
        return
    rows = []
    for size in args.sizes:
        folder_of(size, **kind)  # generate outside the timed process
        # Timed runs without the footprint sampler, then one sampled run for memory.
        runs = []
        for sample in [False] * args.runs + [True]:
            command = [sys.executable, __file__, "--one", str(size), "--workers", str(args.workers)]
            command += ["--wire"] * args.wire + ["--phrases"] * args.phrases
            out = subprocess.run(
                command + ["--sample"] * sample, capture_output=True, text=True, check=True
            )
            runs.append(json.loads(out.stdout.strip().splitlines()[-1]))
        timed, sampled = runs[:-1], runs[-1]
        row = dict(sampled)
        row["seconds"] = statistics.median(r["seconds"] for r in timed)
        row["own_peak_mib"] = statistics.median(r["own_peak_mib"] for r in timed)
        print(
            f"{size}: seconds {[round(r['seconds'], 1) for r in timed]} (median below); "
            f"the sampled run took {sampled['seconds']:.1f} s"
        )
        rows.append(row)
    print(f"machine: {machine()}")
    print(
        "seconds: median of the timed runs; peak MiB: the footprint of the process and its "
        "workers together in one more run (proportional set sizes sampled every 0.25 s: "
        "pages shared by fork counted once); own: the process's peak resident set alone"
    )
    print(
        f"{'paragraphs':>10} {'seconds':>8} {'peak MiB':>9} {'own MiB':>8} {'families':>9} "
        f"{'links':>8}"
    )
    for r in rows:
        print(
            f"{r['paragraphs']:>10} {r['seconds']:8.1f} {r['peak_mib']:9.0f} "
            f"{r['own_peak_mib']:8.0f} {r['families']:>9} {r['links']:>8}"
        )
        if "candidates_per_true_pair" in r:
            print(
                f"{'':>10} candidate document pairs {r['candidate_pairs']}, "
                f"{r['candidates_per_true_pair']:.1f} per true pair ({r['true_pairs']}); "
                f"true pairs among them {r['true_pairs_found']:.3f}"
            )
    for a, b in itertools.pairwise(rows):
        grow = math.log(b["paragraphs"] / a["paragraphs"])
        print(
            f"growth {a['paragraphs']} -> {b['paragraphs']}: time exponent "
            f"{math.log(b['seconds'] / a['seconds']) / grow:.2f}, memory exponent "
            f"{math.log(b['peak_mib'] / a['peak_mib']) / grow:.2f}"
        )
    smallest = rows[0]["paragraphs"]
    if args.wire:
        return
    baseline = quadratic_baseline(smallest, 1500)
    print(
        f"brute-force rapidfuzz all pairs on {smallest}: {baseline:.0f} s (extrapolated from "
        f"all pairs of 1500 paragraphs), {baseline / rows[0]['seconds']:.0f}x provenance"
    )
    if not args.no_accuracy:
        for size in args.sizes:
            out = subprocess.run(
                [
                    sys.executable,
                    str(HERE / "accuracy.py"),
                    "generated",
                    str(folder_of(size, **kind)),
                ],
                capture_output=True,
                text=True,
            )
            print(f"accuracy on {size}:\n{out.stdout}{out.stderr[-2000:]}")


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    main()
