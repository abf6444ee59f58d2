"""Signature throughput, raw text to 128-permutation MinHash over word 3-shingles.

Compares, on the same paragraphs and in one run: provenance's bulk path
(``provenance.sketch.sketch_texts``) on one core and on two processes;
datasketch's ``MinHash.update`` per shingle (the way most users write it);
datasketch's ``MinHash.bulk``; and rensa's ``RMinHash`` and ``CMinHash``.
Every peer tokenises in Python the usual way (lower-case, ``\\w+`` words,
shingles joined by spaces); provenance uses its own normalisation.

    python benchmarks/bench_signatures.py --paragraphs 20000 --runs 5
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Callable, Sequence
from functools import partial

import numpy as np
from common import corpus_dir, machine, median_time, paragraphs_of

from provenance.sketch import sketch_texts

WORD = re.compile(r"\w+")
PERM = 128  # permutations of every signature, ours and the peers' alike


def peer_shingles(text: str, size: int = 3) -> list[str]:
    words = WORD.findall(text.lower())
    return [" ".join(words[i : i + size]) for i in range(max(1, len(words) - size + 1))]


def datasketch_update(texts: Sequence[str]) -> None:
    from datasketch import MinHash

    for text in texts:
        m = MinHash(num_perm=PERM, seed=1)
        for s in peer_shingles(text):
            m.update(s.encode("utf-8"))


def datasketch_bulk(texts: Sequence[str]) -> None:
    from datasketch import MinHash

    data = [[s.encode("utf-8") for s in peer_shingles(t)] for t in texts]
    MinHash.bulk(data, num_perm=PERM, seed=1)


def rensa_r(texts: Sequence[str]) -> None:
    from rensa import RMinHash

    for text in texts:
        m = RMinHash(num_perm=PERM, seed=1)
        m.update(peer_shingles(text))
        m.digest()


def rensa_c(texts: Sequence[str]) -> None:
    from rensa import CMinHash

    for text in texts:
        m = CMinHash(num_perm=PERM, seed=1)
        m.update(peer_shingles(text))
        m.digest()


def ours(texts: Sequence[str]) -> None:
    sketch_texts(texts, num_perm=PERM)


def ours_two_processes(texts: Sequence[str]) -> None:
    sketch_texts(texts, num_perm=PERM, workers=2)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--paragraphs", type=int, default=20000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--slow-sample",
        type=int,
        default=2000,
        help="paragraphs for the per-shingle datasketch path (it is slow)",
    )
    args = parser.parse_args()
    texts = paragraphs_of(corpus_dir(max(args.paragraphs, 10000)), args.paragraphs)
    methods: list[tuple[str, Callable[[Sequence[str]], None], Sequence[str]]] = [
        ("provenance sketch_texts, 1 process", ours, texts),
        ("provenance sketch_texts, 2 processes", ours_two_processes, texts),
        ("datasketch MinHash.update per shingle", datasketch_update, texts[: args.slow_sample]),
        ("datasketch MinHash.bulk", datasketch_bulk, texts),
        ("rensa RMinHash", rensa_r, texts),
        ("rensa CMinHash", rensa_c, texts),
    ]
    print(f"machine: {machine()}")
    print(
        f"paragraphs: {len(texts)} (mean {np.mean([len(t.split()) for t in texts]):.0f} words), "
        f"runs: {args.runs}, 128 permutations, word 3-shingles"
    )
    rates = {}
    for name, func, sample in methods:
        med, _ = median_time(partial(func, sample), args.runs)
        rates[name] = len(sample) / med
    base = rates["provenance sketch_texts, 1 process"]
    print(f"{'method':42} {'paragraphs/s':>14} {'vs provenance (1 process)':>26}")
    for name, rate in rates.items():
        print(f"{name:42} {rate:14,.0f} {rate / base:25.2f}x")


if __name__ == "__main__":
    main()
