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
from collections import Counter
from pathlib import Path
from typing import Any

from common import HERE, corpus_dir, held_out, machine, percentile, wire_dir

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
            " + pg_total_relation_size('provenance_wording')"
            " + pg_total_relation_size('provenance_wording_ids')"
        ).fetchone()
    return int(row[0]) if row else 0


def _chars(origins: tuple[dict[str, Any], ...]) -> dict[int, tuple[Any, Any]]:
    """Each character of an answer's ``origins``: its origin and whether determined."""
    return {c: (s["origin"], s["determined"]) for s in origins for c in range(s["start"], s["end"])}


def _agreement(fast: Any, exact: Any) -> dict[str, int]:
    """How a neighbourhood lookup's answer compares with the whole archive's: the
    matches (every one, not only the top) and their roles, and the characters whose
    origin is the same."""
    theirs = {m.id: m.role for m in exact.matches}
    ours = {m.id: m.role for m in fast.matches}
    want, got = _chars(exact.origins), _chars(fast.origins)
    return {
        "exact_matches": len(theirs),
        "fast_matches": len(ours),
        "both": len(set(theirs) & set(ours)),
        "same_role": sum(ours.get(k) == r for k, r in theirs.items()),
        "characters": len(want),
        "same_origin": sum(got.get(c) == v for c, v in want.items()),
    }


def run(
    address: str,
    corpus: provenance.Corpus,
    batch: int,
    queries: int,
    *,
    compare: bool = True,
    report: bool = True,
    exact: int = 10,
) -> dict[str, Any]:
    """Build the archive at ``address`` from ``corpus`` but ``queries`` documents
    (drawn at random, seeded), ``batch`` documents an addition; its report against one
    batch ``analyze`` (unless not ``report``); then each held-out document looked up,
    the first ``exact`` of them also against the whole archive."""
    held, asked = held_out(corpus.documents, queries)
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
        if report:
            _report(archive, held, row, compare=compare)
        lookups, agreed = [], Counter[str]()
        for i, doc in enumerate(asked):
            begin = time.perf_counter()
            fast = archive.query(doc, workers=1, progress=False)
            lookups.append(time.perf_counter() - begin)
            if i < exact:
                agreed.update(_agreement(fast, archive.query(doc, exact=True, progress=False)))
        row["query_median"] = statistics.median(lookups) if lookups else float("nan")
        row["query_p99"] = percentile(lookups, 0.99) if lookups else float("nan")
        row["query_max"] = max(lookups) if lookups else float("nan")
        row["agreement"] = dict(agreed)
    return row


def _report(
    archive: Archive, held: list[provenance.Document], row: dict[str, Any], *, compare: bool
) -> None:
    """The archive's report and one batch ``analyze`` of the same documents, timed,
    and whether their JSON is the same."""
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--paragraphs", type=int, default=10000)
    parser.add_argument("--batch", type=int, default=1000, help="documents per addition")
    parser.add_argument("--queries", type=int, default=10, help="documents looked up")
    parser.add_argument(
        "--exact", type=int, default=10, help="of them, looked up against the whole archive too"
    )
    parser.add_argument(
        "--no-report", action="store_true", help="neither the report nor a batch analyze"
    )
    parser.add_argument(
        "--wire", action="store_true", help="the generator's wire-copy corpus (agencies' stories)"
    )
    parser.add_argument("--no-postgresql", action="store_true")
    parser.add_argument("--no-sqlite", action="store_true")
    parser.add_argument(
        "--no-compare",
        action="store_true",
        help="do not compare the reports' JSON (at 1M paragraphs it does not fit in memory)",
    )
    args = parser.parse_args()
    print(f"machine: {machine()}")
    folder = wire_dir(args.paragraphs) if args.wire else corpus_dir(args.paragraphs)
    corpus = provenance.load(folder / "corpus")
    options = {"compare": not args.no_compare, "report": not args.no_report, "exact": args.exact}
    rows = []
    if not args.no_sqlite:
        with tempfile.TemporaryDirectory() as folder:
            rows.append(
                ("SQLite", run(f"{folder}/news.db", corpus, args.batch, args.queries, **options))
            )
    if not args.no_postgresql:
        import psycopg
        from postgres_server import server

        with server() as base:
            with psycopg.connect(base, autocommit=True) as db:
                db.execute("CREATE DATABASE bench_archive")
            address = base.rsplit("/", 1)[0] + "/bench_archive"
            rows.append(("PostgreSQL", run(address, corpus, args.batch, args.queries, **options)))
    print(
        "| storage | documents (paragraphs) | additions of "
        f"{args.batch}: total, median s | bytes a paragraph | report s | batch analyze s "
        "| report / analyze | identical | lookups | lookup median, p99, max s |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---|---:|---:|")
    for name, r in rows:
        times = (
            f"{r['report']:.2f} | {r['analyze']:.2f} | {r['report'] / r['analyze']:.2f} | "
            f"{r['identical']}"
            if "report" in r
            else "- | - | - | -"
        )
        print(
            f"| {name} | {r['documents']:,} ({r['paragraphs']:,}) | {r['add_total']:.2f}, "
            f"{r['add_median']:.3f} | {r['bytes_per_paragraph']:,.0f} | {times} | "
            f"{args.queries} | {r['query_median'] * 1000:.0f} ms, {r['query_p99'] * 1000:.0f} ms, "
            f"{r['query_max'] * 1000:.0f} ms |"
        )
    print()
    print(
        "| storage | looked up both ways | matches found (of the whole archive's) | "
        "extra matches | same role | characters of the same origin |"
    )
    print("|---|---:|---:|---:|---:|---:|")
    for name, r in rows:
        a = r["agreement"]
        if not a:
            continue
        print(
            f"| {name} | {min(args.exact, args.queries)} | {a['both']} of {a['exact_matches']} "
            f"({a['both'] / max(1, a['exact_matches']):.1%}) | {a['fast_matches'] - a['both']} | "
            f"{a['same_role'] / max(1, a['exact_matches']):.1%} | "
            f"{a['same_origin'] / max(1, a['characters']):.1%} |"
        )


if __name__ == "__main__":
    main()
