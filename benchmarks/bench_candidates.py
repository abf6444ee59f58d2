"""Candidate recall and cost: banded LSH against exact similarity and against datasketch.

On a sample of generated paragraphs (each its own document):

1. Recall: every pair with word-3-shingle Jaccard >= 0.5, or with at least 0.8 of
   the smaller paragraph's shingles in the other, computed exactly; the share of
   them that provenance's candidates hold, and candidates per true pair.
   The exact pairs come from an inverted index with prefix filtering: a pair
   whose smaller set A shares at least ceil(A/2) shingles with B must share one
   of A's |A| - ceil(A/2) + 1 rarest shingles (pigeonhole), so looking up only
   those finds every such pair; ``--check-oracle`` compares it with all pairs.
2. Cost: provenance's index (sorting band keys with numpy) against datasketch's
   MinHashLSH with the same bands, on the same signatures; their candidate sets
   must be equal.

    python benchmarks/bench_candidates.py --paragraphs 20000
"""

from __future__ import annotations

import argparse
import itertools
import math
import time
import tracemalloc
from collections import defaultdict

from common import corpus_dir, machine, paragraphs_of

import provenance
from provenance.index import candidate_units, candidates
from provenance.model import IndexConfig
from provenance.segment import segment
from provenance.sketch import shingles, sketch, to_lean_minhash


def exact_pairs(sets: list[set[str]], *, check: bool = False) -> set[tuple[int, int]]:
    """Pairs with Jaccard >= 0.5 or containment (of the smaller) >= 0.8, exactly."""
    frequency: dict[str, int] = defaultdict(int)
    postings: dict[str, list[int]] = defaultdict(list)
    for i, s in enumerate(sets):
        for sh in s:
            frequency[sh] += 1
            postings[sh].append(i)
    found: set[tuple[int, int]] = set()
    for i, a in enumerate(sets):
        if not a:
            continue
        need = math.ceil(len(a) / 2)
        prefix = sorted(a, key=lambda sh: (frequency[sh], sh))[: len(a) - need + 1]
        for j in {j for sh in prefix for j in postings[sh] if j != i}:
            b = sets[j]
            if len(b) < len(a) or (len(b) == len(a) and j < i):
                continue  # each pair is examined from its smaller side
            shared = len(a & b)
            if shared / len(a | b) >= 0.5 or shared / len(a) >= 0.8:
                found.add((min(i, j), max(i, j)))
    if check:
        brute = {
            (i, j)
            for i, j in itertools.combinations(range(len(sets)), 2)
            if sets[i]
            and sets[j]
            and (
                len(sets[i] & sets[j]) / len(sets[i] | sets[j]) >= 0.5
                or len(sets[i] & sets[j]) / min(len(sets[i]), len(sets[j])) >= 0.8
            )
        }
        assert brute == found, (len(brute), len(found))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--paragraphs", type=int, default=20000)
    parser.add_argument(
        "--check-oracle",
        type=int,
        default=0,
        metavar="N",
        help="also compare the oracle with all pairs on the first N paragraphs",
    )
    args = parser.parse_args()
    texts = paragraphs_of(corpus_dir(100000), args.paragraphs)
    corpus = provenance.load([{"id": f"p{i:07d}", "text": t} for i, t in enumerate(texts)])
    seg = segment(corpus)
    article = [i for i, p in enumerate(seg.paragraphs) if not p.is_boilerplate]
    sets = [
        set(shingles([seg.vocabulary[w] for w in seg.token_ids[p.tokens[0] : p.tokens[1]]], 3))
        if not p.is_boilerplate
        else set()
        for p in seg.paragraphs
    ]
    if args.check_oracle:
        exact_pairs(sets[: args.check_oracle], check=True)
        print(f"oracle equals all-pairs on the first {args.check_oracle} paragraphs")
    start = time.perf_counter()
    truth = exact_pairs(sets)
    oracle_time = time.perf_counter() - start

    start = time.perf_counter()
    signatures = sketch(seg)
    sketch_time = time.perf_counter() - start
    found = {tuple(p) for p in candidates(seg, signatures).tolist()}
    hit = len(truth & found)

    config = IndexConfig()
    tracemalloc.start()
    start = time.perf_counter()
    units = candidate_units(signatures, config)
    units_time = time.perf_counter() - start
    units_peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    from datasketch import MinHashLSH

    tracemalloc.start()
    start = time.perf_counter()
    lsh = MinHashLSH(num_perm=signatures.values.shape[1], params=(config.bands, config.rows))
    leans = [to_lean_minhash(signatures, u) for u in range(len(signatures))]
    for u, m in enumerate(leans):
        lsh.insert(u, m)
    theirs = {(min(u, v), max(u, v)) for u, m in enumerate(leans) for v in lsh.query(m) if v != u}
    lsh_time = time.perf_counter() - start
    lsh_peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    ours_units = {tuple(p) for p in units.tolist()}

    print(f"machine: {machine()}")
    print(
        f"sample: {len(texts)} paragraphs, {len(article)} of article text, "
        f"{len(signatures)} units (paragraphs and sentences), bands x rows = "
        f"{config.bands} x {config.rows}"
    )
    print(
        f"exact pairs (Jaccard >= 0.5 or containment >= 0.8): {len(truth)} "
        f"(oracle {oracle_time:.1f} s)"
    )
    print(
        f"candidate paragraph pairs: {len(found)}; recall {hit / max(1, len(truth)):.4f} "
        f"({hit}/{len(truth)}); candidates per true pair {len(found) / max(1, len(truth)):.2f}"
    )
    print(f"sketch (text already tokenised): {sketch_time:.2f} s")
    print(f"{'index':34} {'seconds':>8} {'peak MiB':>9} {'unit pairs':>11}")
    print(
        f"{'provenance (numpy sort)':34} {units_time:8.2f} {units_peak:9.0f} {len(ours_units):11}"
    )
    print(f"{'datasketch MinHashLSH':34} {lsh_time:8.2f} {lsh_peak:9.0f} {len(theirs):11}")
    print(
        f"same candidate unit pairs: {ours_units == theirs}; "
        f"provenance is {lsh_time / units_time:.1f}x faster, "
        f"{lsh_peak / max(units_peak, 1e-9):.1f}x less memory"
    )
    missed = sorted(truth - found)[:3]
    for i, j in missed:
        a, b = sets[i], sets[j]
        print(
            f"missed: {i} {j} jaccard {len(a & b) / len(a | b):.2f} "
            f"containment {len(a & b) / min(len(a), len(b)):.2f}"
        )


if __name__ == "__main__":
    main()
