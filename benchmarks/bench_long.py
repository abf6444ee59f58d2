#!/usr/bin/env python3
"""Very long paragraphs: an article of many megabytes on one line, and a copy of some
of its sentences, also on one line; the whole analysis per size, its time and peak
memory, with paragraphs cut at ``max_paragraph_chars`` (the default) and, at the
sizes where it fits, without the cut (a limit larger than the article).

Aligning two paragraphs takes memory that grows with the product of their lengths
(rapidfuzz keeps a bit matrix of one against the other), so without the cut the
article and its copy, each one paragraph, ask for ``words_a * words_b / 8`` bytes.

    python benchmarks/bench_long.py --sizes 1 2 5 10 50 --uncut 1 2

Each run is a fresh process; its peak is ``ru_maxrss`` (one worker).
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from common import in_child, machine

_VOCABULARY = (
    "the council budget harbour minister talks border week officials said agreed "
    "resume meeting government plan local taxes opposition vote debate hours night "
    "statement prisoners exchange crossings spring details timetable report police "
    "school river flood residents market traders fuel bread coast capital envoy"
)
_WORDS = _VOCABULARY.split()


def article(megabytes: float, seed: int = 7) -> str:
    """Sentences of random words, on one line, ``megabytes`` of them."""
    rng = random.Random(seed)
    out: list[str] = []
    size = 0
    while size < megabytes * 1e6:
        words = [rng.choice(_WORDS) for _ in range(rng.randint(12, 30))]
        sentence = " ".join(words).capitalize() + f" {rng.randrange(10**6)}."
        out.append(sentence)
        size += len(sentence) + 1
    return " ".join(out)


def copy_of(text: str, share: float, seed: int = 8) -> str:
    """Runs of the sentences of ``text``, about ``share`` of it, on one line."""
    rng = random.Random(seed)
    sentences = text.split(". ")
    kept: list[str] = []
    at = 0
    while at < len(sentences):
        run = rng.randint(20, 60)
        if rng.random() < share:
            kept.extend(sentences[at : at + run])
        at += run
    return ". ".join(kept) + "."


def run(megabytes: float, limit: int | None) -> None:
    import provenance

    text = article(megabytes)
    copy = copy_of(text, 1.3 / 50)
    options = {} if limit is None else {"max_paragraph_chars": limit}
    start = time.perf_counter()
    report = provenance.analyze(
        [
            {"id": "article", "text": text, "date": "2024-03-01"},
            {"id": "copy", "text": copy, "date": "2024-03-02"},
        ],
        workers=1,
        progress=False,
        **options,
    )
    seconds = time.perf_counter() - start
    (view,) = [v for v in report.views if v.doc == "copy"]
    print(
        json.dumps(
            {
                "seconds": round(seconds, 2),
                "peak_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
                "copy_mb": round(len(copy) / 1e6, 2),
                "paragraphs": len(report.paragraphs),
                "links": len(report.links),
                "found": round(view.sources.get("article", 0.0), 3),
            }
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=float, nargs="+", default=[1, 2, 5, 10, 50])
    parser.add_argument("--uncut", type=float, nargs="*", default=[1, 2])
    parser.add_argument("--one", type=float, help=argparse.SUPPRESS)
    parser.add_argument("--limit", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one is not None:
        run(args.one, args.limit)
        return
    print(f"# one article on one line and a copy of a fortieth of it: {machine()}")
    print("| article MB | copy MB | paragraphs | links | found | seconds | peak MiB | cut |")
    print("|---|---|---|---|---|---|---|---|")
    jobs = [(size, None) for size in args.sizes] + [(size, 10**9) for size in args.uncut]
    for size, limit in jobs:
        limited = [] if limit is None else ["--limit", str(limit)]
        got = in_child(__file__, "--one", str(size), *limited)
        cut = "no (one paragraph each)" if limit else "at 10,000 characters"
        if "error" in got:
            print(f"| {size:g} | | | | | {got['error']} | | {cut} |", flush=True)
            continue
        print(
            f"| {size:g} | {got['copy_mb']} | {got['paragraphs']:,} | {got['links']:,} | "
            f"{got['found']} | {got['seconds']} | {got['peak_mib']:,} | {cut} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
