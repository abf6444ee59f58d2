"""One family of many passages: one wire paragraph carried by N outlets, traced by the
origin stage alone: its wall time and peak memory per size, and how they grow.

Each size runs in two fresh processes: the first makes the corpus and runs the
stages before origin (segment, sketch, index, align, cluster), the second reads their
output back and runs :func:`provenance.origin.origin` alone (one worker), so its peak
resident memory (``resource.getrusage``) less what its input holds is the stage's
own. ``--trees`` times the building of the trees alone (the stage's
:func:`~provenance.origin.stage._trace`), not the word accounts and views after it.

The carriers' dates are mixed (days, the same day as the wire, times with and
without a zone, months, none), a third of them credit the wire, a few credit another
carrier, and every fifth changes a word of the paragraph.

``--links chain`` (or ``star``) skips the stages before origin and links each
carrier's paragraph to the next (or to the wire's) directly. A chain gives each
passage a pool of four (two hops), so many wait with no linked passage placed and
are compared with every placed one; a star puts every passage in every pool.

    python benchmarks/bench_family.py --sizes 1000 2000 4000 8000 20000
    python benchmarks/bench_family.py --sizes 1000 2000 4000 8000 20000 --trees
    python benchmarks/bench_family.py --sizes 1000 2000 4000 8000 20000 --whole

``--whole`` runs the whole analysis instead (``provenance.analyze`` from the records,
then the JSON report) in a fresh process per size: its peak is the process's (or a
worker's, with ``--workers``), the input it read before included.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import pickle
import random
import resource
import time
from pathlib import Path
from typing import Any

from common import OUT, in_child, machine, resident_mib

WIRE = "Harbor Wire"
PARAGRAPH = (
    "The foreign ministers of the two countries agreed on Tuesday to resume talks on the "
    "disputed border next month in Geneva, officials said after a meeting that lasted "
    "late into the night. The envoys will also discuss the exchange of prisoners and "
    "the reopening of two crossings closed since the spring, according to a joint "
    "statement. Neither side gave details of the timetable."
)
# Words of the paragraph a carrier may change, and what it may change them to.
VARIANTS = {
    "resume": ("restart", "reopen", "renew"),
    "disputed": ("contested", "troubled"),
    "details": ("particulars", "specifics", "a hint"),
}
_FILLER = (
    *("local", "reaction", "was", "muted", "in", "the", "capital", "where", "residents"),
    *("queued", "for", "bread", "and", "fuel", "while", "traders", "waited", "for", "news"),
    *("from", "the", "markets", "on", "the", "coast"),
)


def carrier_date(i: int) -> str | None:
    """The date of carrier ``i``: a day (one of three, the wire's among them), a time
    (with or without a zone), a month, or none."""
    kind = i % 10
    day = dt.date(2024, 3, 1) + dt.timedelta(days=i % 3)
    if kind <= 3:
        return day.isoformat()
    if kind <= 6:
        zone = "+02:00" if kind == 6 else ""
        return f"{day.isoformat()}T{7 + i % 12:02d}:{i % 60:02d}{zone}"
    if kind == 7:
        return None
    if kind == 8:
        return "2024-03"
    return "2024-03-01"


def carrier_text(i: int, rng: random.Random) -> str:
    """Carrier ``i``'s article: the paragraph (every fifth with a word changed), then
    a paragraph of its own that may credit the wire or another carrier."""
    paragraph = PARAGRAPH
    if i % 5 == 2:
        word = list(VARIANTS)[(i // 5) % len(VARIANTS)]
        paragraph = paragraph.replace(word, VARIANTS[word][(i // 15) % len(VARIANTS[word])], 1)
    own = " ".join(rng.choice(_FILLER) for _ in range(14)) + f" said resident number {i}"
    if i % 3 == 0:
        own += f", {WIRE} reported"
    elif i % 97 == 1 and i > 1:
        own += f", Outlet {i - 1} reported"
    return f"{paragraph}\n\n{own.capitalize()}."


def records(n: int, seed: int = 7) -> list[dict[str, Any]]:
    """The wire's article and ``n - 1`` carriers'."""
    rng = random.Random(seed)
    out: list[dict[str, Any]] = [
        {"id": "wire", "outlet": WIRE, "date": "2024-03-01T06:00Z", "text": PARAGRAPH}
    ]
    for i in range(1, n):
        out.append(
            {
                "id": f"c{i:06d}",
                "outlet": f"Outlet {i}",
                "date": carrier_date(i),
                "text": carrier_text(i, rng),
            }
        )
    return out


def prepare(n: int, links: str, path: Path) -> None:
    """Write the origin stage's input for ``n`` carriers to ``path`` (pickled), and
    print what the stages before it took."""
    import provenance
    from provenance.align import align
    from provenance.anchors import anchors
    from provenance.cluster import cluster
    from provenance.index import candidates
    from provenance.model import Config
    from provenance.segment import segment
    from provenance.sketch import sketch
    from provenance.wording import Affinity

    config = Config()
    corpus = provenance.load(records(n))
    start = time.perf_counter()
    seg = segment(corpus, config.segment, workers=1)
    if links == "stages":
        pairs = candidates(seg, sketch(seg, config.sketch, workers=1), config.index, workers=1)
        alignments = align(seg, pairs, config.align, anchors=anchors(seg, config.index), workers=1)
        affinity: Affinity | None = Affinity.of(seg, alignments)
        families, _ = cluster(seg, alignments, config.cluster)
    else:
        families, affinity = [direct(seg, links)], None
    upstream = time.perf_counter() - start
    with path.open("wb") as f:
        pickle.dump((seg, families, affinity, config), f, protocol=pickle.HIGHEST_PROTOCOL)
    biggest = max(families, key=lambda f: len(f.passages))
    print(
        json.dumps(
            {
                "upstream_seconds": round(upstream, 2),
                "upstream_peak_mib": round(
                    resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1
                ),
                "families": len(families),
                "passages": len(biggest.passages),
                "links": len(biggest.links),
            }
        )
    )


def direct(seg: Any, shape: str) -> Any:
    """One family of every document's first paragraph, linked in a chain (each to
    the next) or a star (each to the wire's), without the stages before origin."""
    import numpy as np

    from provenance.cluster import passage_id
    from provenance.model import Family, Link, Passage

    table = seg.paragraphs
    firsts = np.flatnonzero(np.diff(table.doc, prepend=-1) != 0).tolist()
    passages = []
    for par in firsts:
        doc = table.docs[int(table.doc[par])]
        start, end = int(table.start[par]), int(table.end[par])
        text = seg.corpus_text(doc)[start:end]
        passages.append(Passage(passage_id(doc, start, end), doc, par, start, end, text))
    passages.sort(key=lambda p: p.id)
    wire = next(k for k, p in enumerate(passages) if p.doc == "wire")
    if shape == "star":
        pairs = [(wire, k) for k in range(len(passages)) if k != wire]
    else:
        pairs = [(k, k + 1) for k in range(len(passages) - 1)]
    links = tuple(
        Link(
            a=passages[a].id,
            b=passages[b].id,
            similarity=1.0,
            containment=1.0,
            shared_words=0,
            a_span=(passages[a].start, passages[a].end),
            b_span=(passages[b].start, passages[b].end),
            edits=(),
        )
        for a, b in sorted((min(a, b), max(a, b)) for a, b in pairs)
    )
    return Family(id="f0", passages=tuple(passages), links=links)


def trace(path: Path, *, trees_only: bool) -> None:
    """Run the origin stage on the input at ``path`` (or, with ``trees_only``, only
    its building of the trees, :func:`provenance.origin.stage._trace`) and print its
    time and memory."""
    import attrs

    from provenance.origin import origin
    from provenance.origin.stage import _context, _trace
    from provenance.parallel import Run

    with path.open("rb") as f:
        seg, families, affinity, config = pickle.load(f)
    before = resident_mib()
    start = time.perf_counter()
    if trees_only:
        ctx = _context(seg, config.origin, config.align, workers=1)
        ctx = attrs.evolve(ctx, affinity=affinity)
        traced = _trace(ctx, families, Run(0, len(families)))
        edges = sum(len(t.edges) for t in traced.trees)
    else:
        grown, _, _ = origin(seg, families, config.origin, affinity=affinity, align=config.align)
        edges = sum(len(f.edges) for f in grown)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        json.dumps(
            {
                "seconds": round(seconds, 2),
                "peak_mib": round(peak, 1),
                "input_mib": round(before, 1),
                "edges": edges,
            }
        )
    )


def whole(n: int, workers: int) -> None:
    """Run the whole analysis of ``n`` carriers (``provenance.analyze``, then the JSON
    report) and print its time, peak memory and what it found."""
    import provenance

    corpus = provenance.load(records(n))
    before = resident_mib()
    start = time.perf_counter()
    report = provenance.analyze(corpus, workers=workers, progress=False)
    size = len(report.to_json())
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    biggest = max(report.families, key=lambda f: len(f.passages))
    print(
        json.dumps(
            {
                "seconds": round(seconds, 2),
                "peak_mib": round(max(peak, children), 1),
                "input_mib": round(before, 1),
                "passages": len(biggest.passages),
                "links": len(report.links),
                "json_mib": round(size / 2**20, 1),
            }
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 2000, 4000, 8000, 20000])
    parser.add_argument(
        "--links",
        choices=["stages", "chain", "star"],
        default="stages",
        help="links from the stages before origin (default), or a chain or star of them",
    )
    parser.add_argument("--prepare", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--trace", type=Path, help=argparse.SUPPRESS)
    parser.add_argument(
        "--trees",
        action="store_true",
        help="time the building of the trees alone, not the whole origin stage",
    )
    parser.add_argument(
        "--whole",
        action="store_true",
        help="the whole analysis (provenance.analyze and the JSON report), not origin alone",
    )
    parser.add_argument("--workers", type=int, default=1, help="with --whole (default 1)")
    parser.add_argument("--analyze", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, default=OUT / "family")
    args = parser.parse_args()
    if args.analyze is not None:
        whole(args.analyze, args.workers)
        return
    if args.whole:
        print(f"# the whole analysis of one family: {machine()}; workers: {args.workers}")
        print("| carriers | passages | links | seconds | peak MiB | input MiB | JSON MiB |")
        print("|---|---|---|---|---|---|---|")
        for n in args.sizes:
            got = in_child(__file__, "--analyze", str(n), "--workers", str(args.workers))
            if "error" in got:
                print(f"| {n} | | | {got['error']} | | | |")
                continue
            print(
                f"| {n:,} | {got['passages']:,} | {got['links']:,} | {got['seconds']} | "
                f"{got['peak_mib']:,.0f} | {got['input_mib']:,.0f} | {got['json_mib']} |",
                flush=True,
            )
        return
    if args.trace is not None:
        trace(args.trace, trees_only=args.trees)
        return
    args.out.mkdir(parents=True, exist_ok=True)
    if args.prepare is not None:
        prepare(args.prepare, args.links, args.out / f"family-{args.links}-{args.prepare}.pickle")
        return
    what = "building the trees" if args.trees else "origin stage"
    print(f"# {what} on one family: {machine()}; links: {args.links}")
    print("| carriers | links | upstream s | seconds | peak MiB | input MiB | peak - input |")
    print("|---|---|---|---|---|---|---|")
    rows = []
    for n in args.sizes:
        made = in_child(
            __file__, "--prepare", str(n), "--links", args.links, "--out", str(args.out)
        )
        if "error" in made:
            print(f"| {n} | | {made['error']} | | | | |")
            continue
        path = args.out / f"family-{args.links}-{n}.pickle"
        traced = in_child(__file__, "--trace", str(path), *(["--trees"] if args.trees else []))
        path.unlink()
        if "error" in traced:
            failed = traced["error"]
            print(f"| {n} | {made['links']} | {made['upstream_seconds']} | {failed} | | | |")
            continue
        own = traced["peak_mib"] - traced["input_mib"]
        rows.append((n, traced["seconds"], own))
        print(
            f"| {n} | {made['links']} | {made['upstream_seconds']} | {traced['seconds']} "
            f"| {traced['peak_mib']} | {traced['input_mib']} | {own:.1f} |",
            flush=True,
        )
    if len(rows) >= 2:
        (n0, t0, m0), (n1, t1, m1) = rows[0], rows[-1]
        grow = math.log(n1 / n0)
        print(
            f"\ngrowth exponent {n0} -> {n1}: time {math.log(t1 / t0) / grow:.2f}, "
            f"memory above the input {math.log(max(m1, 1) / max(m0, 1)) / grow:.2f}"
        )


if __name__ == "__main__":
    main()
