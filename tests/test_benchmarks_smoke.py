"""Smoke runs of the benchmarks: correctness on a small generated corpus, no timing."""

from __future__ import annotations

import json
import os
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest
from helpers import bench_module

import provenance
from provenance.model import SketchConfig
from provenance.sketch import sketch_texts

BENCH = Path(__file__).resolve().parent.parent / "benchmarks"


def _module(name: str) -> ModuleType:
    return bench_module(name)


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("gen") / "gen-1000"
    _module("generate").generate(folder, paragraphs=1000, seed=3)
    return folder


def test_candidate_oracle_equals_all_pairs_and_recall_is_complete(small: Path) -> None:
    bench = _module("bench_candidates")
    common = _module("common")
    texts = common.paragraphs_of(small, 600)
    corpus = provenance.load([{"id": f"p{i:04d}", "text": t} for i, t in enumerate(texts)])
    seg = provenance.segment.segment(corpus)
    sets = [
        set(
            provenance.sketch.shingles(
                [seg.vocabulary[w] for w in seg.token_ids[p.tokens[0] : p.tokens[1]]], 3
            )
        )
        for p in seg.paragraphs
    ]
    truth = bench.exact_pairs(sets, check=True)  # asserts equality with all pairs
    assert truth
    found = {
        tuple(p) for p in provenance.index.candidates(seg, provenance.sketch.sketch(seg)).tolist()
    }
    assert truth <= found


def test_signature_peers_and_ours_see_the_same_paragraphs(small: Path) -> None:
    common = _module("common")
    texts = common.paragraphs_of(small, 50)
    rows = sketch_texts(texts)
    assert rows.shape == (50, SketchConfig().num_perm) and len(np.unique(rows, axis=0)) > 40
    bench = _module("bench_signatures")
    bench.datasketch_bulk(texts)  # the peer paths run
    assert bench.peer_shingles("A b c d") == ["a b c", "b c d"]


def test_analyze_on_generated_corpus_in_parallel_equals_serial(small: Path) -> None:
    corpus = provenance.load(small / "corpus")
    serial = provenance.analyze(corpus, workers=1, progress=False)
    parallel = provenance.analyze(corpus, workers=2, progress=False)
    assert serial.to_json() == parallel.to_json()
    assert serial.families and serial.links


def test_calibration_grades_wire_copy_by_direct_sources(wire_copy_6k: Path, tmp_path: Path) -> None:
    """``calibration.py --wire``: every edge between two documents graded against the
    truth's direct sources; fitted, it fills ``right_wire`` and leaves the generator's
    ``right`` as it was."""
    calibration = _module("calibration")
    edges = calibration.graded_wire_edges(wire_copy_6k)
    followed = [e for e in edges if e.direction == ("followed",) and not e.close]
    assert len(followed) >= 30
    assert sum(e.right for e in followed) / len(followed) > 0.8
    table = tmp_path / "calibration.json"
    table.write_text('{"right": {"dated": 0.5}}', encoding="utf-8")
    calibration.write_table(edges, "wire", table, wire=True)
    written = json.loads(table.read_text(encoding="utf-8"))
    assert written["right"] == {"dated": 0.5}
    assert 0.8 < written["right_wire"]["followed"] <= 1.0


def test_bench_origin_times_the_stage_from_its_saved_inputs(small: Path, tmp_path: Path) -> None:
    bench = _module("bench_origin")
    saved = tmp_path / "origin.pkl"
    bench.dump(small, saved)
    spent = bench.time_origin(saved, 1)
    assert 0 < spent["accounts"] < spent["origin"]
    # The stages it wrapped are themselves again: an analysis runs to its end.
    assert provenance.analyze(provenance.example_path()).families


def test_bench_sort_times_numpy_as_it_comes_in_a_child() -> None:
    bench = _module("bench_sort")
    found = bench._run(dict(os.environ), [1000, 3000], 1)
    assert set(found) == {"uint64 1000", "uint64 3000", "uint32 1000", "uint32 3000"}
    assert all(v > 0 for v in found.values())


def test_bench_archive_builds_reports_and_looks_up(small: Path, tmp_path: Path) -> None:
    bench = _module("bench_archive")
    corpus = provenance.load(small / "corpus")
    row = bench.run(str(tmp_path / "news.db"), corpus, 50, 2)
    assert row["identical"] is True
    assert row["documents"] == len(corpus) - 2
    assert row["bytes_per_paragraph"] > 0 and row["query_median"] > 0
    agreed = row["agreement"]
    assert 0 <= agreed["both"] <= agreed["exact_matches"]
    assert 0 <= agreed["same_origin"] <= agreed["characters"]


def test_bench_lookup_finds_the_linked_documents(small: Path, tmp_path: Path) -> None:
    bench = _module("bench_lookup")
    docs = list(provenance.load(small / "corpus").documents)
    held, asked = docs[:-5], docs[-5:]
    want = bench.truth(held, asked)
    _, most = bench.ours(str(tmp_path / "news.db"), held, 20)
    _, peer = bench.peer(held, {"type": "dict"}, 20)
    for lookup in (most(10**9), peer):
        row = bench.measure(lookup, asked, want)
        assert row["median"] > 0 and 0.0 <= row["recall"] <= 1.0
    # Every document an analysis links an article to shares wording with it: the
    # uncapped index finds nearly all of them.
    assert bench.measure(most(10**9), asked, want)["recall"] >= 0.8
