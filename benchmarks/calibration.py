#!/usr/bin/env python3
"""How well an edge's confidence says how often its parent is right.

    python benchmarks/calibration.py benchmarks/out/gen-10000-s7 [--json OUT]
    python benchmarks/calibration.py --wire benchmarks/out/wire-10k

With ``--wire``, the corpus is one ``wire.py`` wrote, whose truth names each document's
direct sources but no parent per passage: every report edge between two documents is
graded right when the parent's document is a direct source of the child's.

Analyses a corpus written by ``generate.py`` and, for every gold edge the report
orients inside one family, reads the report's edge into the child's match: its
confidence, and whether its parent is the match of the gold parent (the *direct*
parent, not any ancestor). Prints a reliability table (edges binned by confidence:
how many, their mean confidence, how many name the right parent) and the expected
calibration error (the bins' gap between confidence and accuracy, weighted by size),
overall and by the edge's direction. A calibrated confidence of 0.8 is right about
80 % of the time.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NamedTuple

sys.path.insert(0, str(Path(__file__).parent))

from accuracy import generated_gold

import provenance
from provenance.evaluate import evaluate

BINS = 10


class Graded(NamedTuple):
    """One report edge into the match of a gold child: its confidence, its direction,
    whether it was a close call, and whether its parent is the match of the gold
    parent."""

    confidence: float
    direction: tuple[str, ...]
    close: bool
    right: bool


def graded_edges(path: str | Path) -> list[Graded]:
    """The report's edges into the gold children's matches, graded against the gold."""
    corpus, gold, _ = generated_gold(path)
    report = provenance.analyze(corpus)
    result = evaluate(report, gold)
    into = {e.child: e for f in report.families for e in f.edges}
    out: list[Graded] = []
    for outcome in result.edges:
        edge = into.get(outcome.report_child or "")
        if edge is None or outcome.report_parent is None:
            continue
        close = any("about equally closely" in sentence for sentence in edge.evidence)
        right = edge.parent == outcome.report_parent
        out.append(Graded(edge.confidence, edge.direction, close, right))
    return out


def graded_wire_edges(path: str | Path) -> list[Graded]:
    """The report's edges between two documents of a wire-copy corpus, graded against
    its truth: right when the parent's document is a direct source of the child's."""
    root = Path(path)
    sources: dict[str, set[str]] = {}
    with (root / "truth.jsonl").open(encoding="utf-8") as f:
        for line in f:
            t = json.loads(line)
            sources[t["doc"]] = set(t["sources"])
    report = provenance.analyze(root / "corpus")
    out: list[Graded] = []
    for family in report.families:
        doc_of = {p.id: p.doc for p in family.passages}
        for edge in family.edges:
            if edge.parent is None or doc_of[edge.parent] == doc_of[edge.child]:
                continue
            close = any("about equally closely" in sentence for sentence in edge.evidence)
            right = doc_of[edge.parent] in sources[doc_of[edge.child]]
            out.append(Graded(edge.confidence, edge.direction, close, right))
    return out


def reliability(edges: Sequence[Graded], bins: int = BINS) -> dict[str, Any]:
    """The reliability table and the expected calibration error of ``edges``."""
    rows: list[dict[str, Any]] = []
    ece = 0.0
    for b in range(bins):
        lo, hi = b / bins, (b + 1) / bins
        inside = [
            e for e in edges if lo <= e.confidence < hi or (b == bins - 1 and e.confidence == 1.0)
        ]
        if not inside:
            continue
        mean = sum(e.confidence for e in inside) / len(inside)
        right = sum(e.right for e in inside) / len(inside)
        ece += len(inside) / len(edges) * abs(mean - right)
        rows.append(
            {
                "bin": f"[{lo:.1f}, {hi:.1f})",
                "edges": len(inside),
                "confidence": mean,
                "right": right,
            }
        )
    return {"edges": len(edges), "ece": ece, "table": rows}


def oriented(edges: Sequence[Graded]) -> list[Graded]:
    """The edges that claim a direction (not undetermined, not common-source)."""
    return [e for e in edges if e.direction not in (("undetermined",), ("common-source",))]


def write_table(
    edges: Sequence[Graded], measured_on: str, out: Path, *, wire: bool = False
) -> None:
    """The calibration table: per direction (and apart for close calls) seen on at
    least 30 edges, the share of them that name the right parent (smoothed: (right +
    1) / (edges + 2)). Undetermined and common-source edges claim no direction and are
    left out. Measured on wire copy (``wire``), it goes to the table's ``right_wire``,
    which :func:`provenance.origin.evidence.calibration` reads only for the directions
    the generator's ``right`` has not measured (``followed``, ``held``: the generator
    has no agencies)."""
    by_direction: dict[str, list[bool]] = defaultdict(list)
    for e in oriented(edges):
        by_direction[",".join(e.direction) + (" close" if e.close else "")].append(e.right)
    right = {
        d: round((sum(r) + 1) / (len(r) + 2), 3)
        for d, r in sorted(by_direction.items())
        if len(r) >= 30
    }
    table = json.loads(out.read_text(encoding="utf-8")) if out.exists() else {}
    if wire:
        table.update({"measured_on_wire": str(measured_on), "right_wire": right})
    else:
        table.update({"measured_on": str(measured_on), "right": right})
    out.write_text(json.dumps(table, indent=2) + "\n", encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("path", help="an output folder of generate.py (of wire.py with --wire)")
    parser.add_argument(
        "--wire", action="store_true", help="grade against a wire-copy corpus's direct sources"
    )
    parser.add_argument("--json", metavar="OUT", help="also write the figures as JSON")
    parser.add_argument(
        "--fit",
        metavar="TABLE",
        help="write the share of right parents per direction (at least 30 edges) to TABLE, "
        "the calibration provenance/data/calibration.json holds (with --wire: to its "
        "right_wire, for the directions the generated corpus does not show)",
    )
    args = parser.parse_args(argv)
    edges = graded_wire_edges(args.path) if args.wire else graded_edges(args.path)
    if args.fit:
        write_table(edges, args.path, Path(args.fit), wire=args.wire)
    result = {"all": reliability(edges), "oriented": reliability(oriented(edges))}
    by_direction: dict[tuple[str, ...], list[Graded]] = defaultdict(list)
    for e in edges:
        by_direction[e.direction].append(e)
    for direction, group in sorted(by_direction.items(), key=lambda kv: -len(kv[1])):
        result[", ".join(direction)] = reliability(group)
    for name, r in result.items():
        print(f"{name}: {r['edges']} edges, expected calibration error {r['ece']:.3f}")
        for row in r["table"]:
            print(
                f"  {row['bin']:<12} {row['edges']:>6} edges  confidence {row['confidence']:.3f}"
                f"  right {row['right']:.3f}"
            )
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
