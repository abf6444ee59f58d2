"""The archive (``provenance.Archive``), on SQLite and PostgreSQL: building one by
additions, its size on disk, its report against one batch ``analyze`` of the same
documents (the peer: a full re-analysis), and looking articles up.

The corpus is the generator's; the last ``--queries`` documents are held out of the
archive and looked up (``Archive.query``) one at a time. The PostgreSQL server is the
tests' own (``tests/postgres_server.py``: Debian's package, a throwaway cluster on
loopback, stopped at the end).

    python benchmarks/bench_archive.py --paragraphs 10000 --batch 1000 --queries 10
"""

from __future__ import annotations

import argparse
import hashlib
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from common import HERE, corpus_dir, machine

sys.path.insert(0, str(HERE.parent / "tests"))

import provenance
from provenance import Archive


def _size_bytes(archive: Archive, address: str) -> int:
    """What the archive takes on disk: the SQLite file and its WAL, or the two tables
    of the PostgreSQL database with their indexes."""
    if "://" not in address:
        return sum(p.stat().st_size for p in Path(address).parent.glob(Path(address).name + "*"))
    import psycopg

    with psycopg.connect(address) as db:
        row = db.execute(
            "SELECT pg_total_relation_size('provenance_documents')"
            " + pg_total_relation_size('provenance_archive')"
        ).fetchone()
    return int(row[0]) if row else 0


def run(
    address: str, corpus: provenance.Corpus, batch: int, queries: int, *, compare: bool = True
) -> dict[str, Any]:
    docs = list(corpus.documents)
    held, asked = docs[: len(docs) - queries], docs[len(docs) - queries :]
    paragraphs = sum(d.text.count("\n\n") + 1 for d in held)
    row: dict[str, Any] = {"documents": len(held), "paragraphs": paragraphs}
    with Archive(address) as archive:
        times = []
        for start in range(0, len(held), batch):
            begin = time.perf_counter()
            archive.add(held[start : start + batch])
            times.append(time.perf_counter() - begin)
        row["add_total"] = sum(times)
        row["add_median"] = statistics.median(times)
        row["bytes_per_paragraph"] = _size_bytes(archive, address) / paragraphs
        # One report at a time, kept as its JSON's digest: two reports of 1M paragraphs
        # and their JSON do not fit in memory together.
        begin = time.perf_counter()
        report = archive.report(progress=False)
        row["report"] = time.perf_counter() - begin
        digest = hashlib.sha256(report.to_json().encode()).hexdigest() if compare else ""
        del report
        begin = time.perf_counter()
        batch_report = provenance.analyze(held, progress=False)
        row["analyze"] = time.perf_counter() - begin
        if compare:
            found = hashlib.sha256(batch_report.to_json().encode()).hexdigest()
            row["identical"] = found == digest
        else:
            row["identical"] = "not compared"
        del batch_report
        lookups = []
        for doc in asked:
            begin = time.perf_counter()
            archive.query(doc, progress=False)
            lookups.append(time.perf_counter() - begin)
        row["query_median"] = statistics.median(lookups) if lookups else float("nan")
        row["query_max"] = max(lookups) if lookups else float("nan")
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--paragraphs", type=int, default=10000)
    parser.add_argument("--batch", type=int, default=1000, help="documents per addition")
    parser.add_argument("--queries", type=int, default=10)
    parser.add_argument("--no-postgresql", action="store_true")
    parser.add_argument(
        "--no-compare",
        action="store_true",
        help="do not compare the reports' JSON (at 1M paragraphs it does not fit in memory)",
    )
    args = parser.parse_args()
    print(f"machine: {machine()}")
    corpus = provenance.load(corpus_dir(args.paragraphs) / "corpus")
    compare = not args.no_compare
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        rows.append(
            ("SQLite", run(f"{folder}/news.db", corpus, args.batch, args.queries, compare=compare))
        )
    if not args.no_postgresql:
        import psycopg
        from postgres_server import server

        with server() as base:
            with psycopg.connect(base, autocommit=True) as db:
                db.execute("CREATE DATABASE bench_archive")
            address = base.rsplit("/", 1)[0] + "/bench_archive"
            rows.append(
                ("PostgreSQL", run(address, corpus, args.batch, args.queries, compare=compare))
            )
    print(
        "| storage | documents (paragraphs) | additions of "
        f"{args.batch}: total, median s | bytes a paragraph | report s | batch analyze s "
        "| report / analyze | identical | query median, max s |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---|---:|")
    for name, r in rows:
        print(
            f"| {name} | {r['documents']:,} ({r['paragraphs']:,}) | {r['add_total']:.2f}, "
            f"{r['add_median']:.3f} | {r['bytes_per_paragraph']:,.0f} | {r['report']:.2f} | "
            f"{r['analyze']:.2f} | {r['report'] / r['analyze']:.2f} | {r['identical']} | "
            f"{r['query_median']:.2f}, {r['query_max']:.2f} |"
        )


if __name__ == "__main__":
    main()
