"""Finding an article's candidates alone: the archive's wording index (on SQLite and
PostgreSQL) against datasketch's ``MinHashLSH`` with Redis storage (the peer) and in
memory, on the generator's corpus.

Each held-out article is looked up in an index of the other documents; a lookup
returns the documents an analysis would compare it with. The truth is one ``analyze``
of every document: the documents of the archive it links each article to. Reported:
the time to build each index, the time a lookup takes (median, p99), and the share
of the true documents each one finds (recall), with how many candidates it returns.
``MinHashLSH`` gets what the batch index uses: every paragraph's and sentence's
MinHash signature (``provenance.sketch``), with the project's bands and rows. The
Redis server is Debian's package, started on loopback and stopped at the end
(``redis_server.py``); the PostgreSQL server the tests' own.

    python benchmarks/bench_lookup.py --paragraphs 100000 --queries 200
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from typing import Any

from common import HERE, corpus_dir, held_out, machine, percentile

sys.path.insert(0, str(HERE.parent / "tests"))

import provenance
from provenance import Archive, Config, Document
from provenance.model import Corpus
from provenance.segment import segment
from provenance.sketch import sketch, to_lean_minhash
from provenance.store.archive import NEIGHBOURS


def truth(held: Sequence[Document], asked: Sequence[Document]) -> dict[str, set[str]]:
    """The documents of ``held`` one analysis of everything links each of ``asked`` to."""
    report = provenance.analyze([*held, *asked], progress=False)
    owner = {p.id: p.doc for f in report.families for p in f.passages}
    wanted = {d.id for d in asked}
    found: dict[str, set[str]] = {d.id: set() for d in asked}
    for link in report.links:
        a, b = owner[link.a], owner[link.b]
        if a in wanted and b not in wanted:
            found[a].add(b)
        elif b in wanted and a not in wanted:
            found[b].add(a)
    return found


Lookup = Callable[[Document], set[str]]


def measure(lookup: Lookup, asked: Sequence[Document], want: dict[str, set[str]]) -> dict[str, Any]:
    """Each article looked up, timed; recall against ``want``, candidates returned."""
    times, found, wanted, sizes = [], 0, 0, []
    for doc in asked:
        begin = time.perf_counter()
        got = lookup(doc)
        times.append(time.perf_counter() - begin)
        found += len(got & want[doc.id])
        wanted += len(want[doc.id])
        sizes.append(len(got))
    return {
        "median": statistics.median(times),
        "p99": percentile(times, 0.99),
        "recall": found / max(1, wanted),
        "candidates": statistics.median(sizes),
    }


def ours(
    address: str, held: Sequence[Document], batch: int
) -> tuple[float, Callable[[int], Lookup]]:
    """The archive at ``address`` built from ``held``; its build time and its lookup
    of the ``most`` nearest documents of the wording index (``Archive.query`` reads
    :data:`NEIGHBOURS`)."""
    archive = Archive(address)
    begin = time.perf_counter()
    for start in range(0, len(held), batch):
        archive.add(held[start : start + batch])
    built = time.perf_counter() - begin

    def most(n: int) -> Lookup:
        def lookup(doc: Document) -> set[str]:
            return {d.id for d in archive.nearest(doc, most=n)}

        return lookup

    return built, most


def peer(held: Sequence[Document], storage: dict[str, Any], batch: int) -> tuple[float, Lookup]:
    """datasketch's ``MinHashLSH`` on ``storage`` built from ``held``'s paragraph and
    sentence signatures; its build time (signatures included) and its lookup (the
    article's signatures made, each queried)."""
    from datasketch import MinHashLSH

    config = Config()
    lsh = MinHashLSH(
        num_perm=config.sketch.num_perm,
        params=(config.index.bands, config.index.rows),
        storage_config=storage,
    )
    begin = time.perf_counter()
    for start in range(0, len(held), batch):
        part = Corpus(tuple(held[start : start + batch]))
        seg = segment(part, config.segment)
        signatures = sketch(seg, config.sketch)
        docs = seg.paragraphs.docs
        owner = seg.paragraphs.doc
        with lsh.insertion_session(buffer_size=50_000) as session:
            for unit in range(len(signatures)):
                doc = docs[owner[signatures.paragraph[unit]]]
                session.insert(
                    f"{doc}\t{unit}", to_lean_minhash(signatures, unit), check_duplication=False
                )
    built = time.perf_counter() - begin

    def lookup(doc: Document) -> set[str]:
        seg = segment(Corpus((doc,)), config.segment)
        signatures = sketch(seg, config.sketch)
        found: set[str] = set()
        for unit in range(len(signatures)):
            found.update(
                key.split("\t", 1)[0] for key in lsh.query(to_lean_minhash(signatures, unit))
            )
        return found

    return built, lookup


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--paragraphs", type=int, default=10000)
    parser.add_argument("--queries", type=int, default=100)
    parser.add_argument("--batch", type=int, default=1000, help="documents per addition")
    parser.add_argument("--no-postgresql", action="store_true")
    parser.add_argument("--no-redis", action="store_true")
    args = parser.parse_args()
    print(f"machine: {machine()}")
    docs = provenance.load(corpus_dir(args.paragraphs) / "corpus").documents
    held, asked = held_out(docs, args.queries)
    want = truth(held, asked)
    rows: dict[str, tuple[float, dict[str, Any]]] = {}
    with tempfile.TemporaryDirectory() as folder:
        built, most = ours(f"{folder}/news.db", held, args.batch)
        rows["wording index, SQLite"] = (built, measure(most(NEIGHBOURS), asked, want))
        rows["wording index, SQLite, every candidate"] = (built, measure(most(10**9), asked, want))
    if not args.no_postgresql:
        import psycopg
        from postgres_server import server as postgres

        with postgres() as base:
            with psycopg.connect(base, autocommit=True) as db:
                db.execute("CREATE DATABASE bench_lookup")
            built, most = ours(base.rsplit("/", 1)[0] + "/bench_lookup", held, args.batch)
            rows["wording index, PostgreSQL"] = (built, measure(most(NEIGHBOURS), asked, want))
    if not args.no_redis:
        from redis_server import server as redis

        with redis() as (host, port):
            storage = {"type": "redis", "redis": {"host": host, "port": port}}
            built, lookup = peer(held, storage, args.batch)
            rows["MinHashLSH, Redis"] = (built, measure(lookup, asked, want))
    built, lookup = peer(held, {"type": "dict"}, args.batch)
    rows["MinHashLSH, in memory"] = (built, measure(lookup, asked, want))
    true = sum(len(v) for v in want.values())
    print(
        f"{len(held):,} documents held, {len(asked)} looked up, {true} true documents "
        f"(linked by one analyze of everything)"
    )
    print(f"(the wording index returns the {NEIGHBOURS} nearest documents, as a lookup does)")
    print("| index | build s | lookup median ms | p99 ms | recall | candidates (median) |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, (built, r) in rows.items():
        print(
            f"| {name} | {built:.1f} | {r['median'] * 1000:.1f} | {r['p99'] * 1000:.1f} | "
            f"{r['recall']:.1%} | {r['candidates']:.0f} |"
        )


if __name__ == "__main__":
    main()
