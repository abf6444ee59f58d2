"""The origin stage (``provenance.origin.stage``): over worker processes the same trees,
segments and views as in one; a run of families traced at once is the plain,
one-passage-at-a-time trace; no reference cycles are left.

The corpora come from the benchmark generator (``helpers.generated_families``):
dated, timed and undated articles, datelines crediting outlets, and families from
two passages to a few dozen.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import numpy as np
import pytest
from helpers import Stages

import provenance
from provenance.align import align
from provenance.cluster import cluster
from provenance.index import candidates
from provenance.model import Config, EditRow, EditTable, Family
from provenance.origin import accounts, origin, stage
from provenance.origin.context import _Context
from provenance.origin.passages import _token_span, _words
from provenance.origin.stage import _context, _trace, _Traced, _TracedTree
from provenance.origin.tree import _FEW, _SMALL_FAMILY, _Builder
from provenance.parallel import Run, runs_of
from provenance.segment import segment
from provenance.sketch import sketch


def test_origin_makes_no_reference_cycles() -> None:
    """The origin stage pauses the cyclic collector: it must leave no cycles behind."""
    config = Config()
    seg = segment(provenance.load(provenance.example_path()), config.segment)
    pairs = candidates(seg, sketch(seg, config.sketch), config.index)
    families, _ = cluster(seg, align(seg, pairs, config.align, workers=1), config.cluster)
    gc.collect()
    gc.disable()
    try:
        trees, _, _ = origin(seg, families, config.origin)
        assert trees and not gc.isenabled()
        assert gc.collect() == 0
    finally:
        gc.enable()


def test_workers_give_the_same_trees_segments_and_views(
    generated_seed5: Stages, monkeypatch: pytest.MonkeyPatch
) -> None:
    seg, families, config = generated_seed5
    sizes = [len(f.passages) for f in families]
    # Both paths of the tree builder are taken: weights pair by pair and in numpy,
    # every placed passage a candidate and two-hop pools.
    assert min(sizes) == 2 and max(sizes) > _SMALL_FAMILY
    expected = origin(seg, families, config.origin, align=config.align, workers=1)

    calls: list[tuple[str, int, int]] = []
    real = stage.map_chunks

    def spy(func: Callable[..., Any], args: Any, items: Any, **kw: Any) -> Iterator[Any]:
        calls.append((func.__name__, kw["workers"], len(items)))
        return real(func, args, items, **kw)

    monkeypatch.setattr(stage, "map_chunks", spy)
    monkeypatch.setattr(accounts, "map_chunks", spy)
    monkeypatch.setattr(stage, "_CHUNK_PASSAGES", 40)  # many chunks per stage
    monkeypatch.setattr(stage, "_CHUNK_CHARACTERS", 50_000)
    monkeypatch.setattr(accounts, "_RUN_MEMBERS", 100)
    monkeypatch.setattr(stage, "_CHUNK_PAIRS", 3)
    found = origin(seg, families, config.origin, align=config.align, workers=2)

    assert [(name, workers) for name, workers, _ in calls] == [
        ("_find_credits", 2),
        ("_trace", 2),
        ("_decide_run", 2),
        ("_holds", 2),
        ("_paint_documents", 2),
    ]
    assert all(count > 2 for _, _, count in calls)
    assert found[0] == expected[0]  # families: root, edges with their edits, segments
    assert found[1] == expected[1]  # document views
    assert all(f.edges and f.segments for f in found[0])


def _plain_trace(ctx: _Context, families: Sequence[Family]) -> _Traced:
    """:func:`_trace` one passage at a time, words as lists of ids, the runs each
    child shares with its parent placed in the token table one by one, the words of
    each short replace found by scanning the passages' words, and
    :meth:`EditTable.from_rows`."""
    trees = []
    edits: list[EditRow] = []
    counts = []
    shared: list[tuple[int, int, int]] = []
    rewrites: list[tuple[int, int, int, int]] = []
    most = ctx.config.rewritten_words
    for f in families:
        words = []
        first = []
        for p in f.passages:
            span = _token_span(ctx.seg, p)
            first.append(span[0])
            words.append(_words(ctx.seg, p, span))
        tree = _Builder(ctx, f, words).build()
        fields = []
        for edge in tree.edges:
            fields.append(edge.fields)
            edits.extend(edge.edits)
            counts.append(len(edge.edits))
            for i, j, n in edge.shared:
                shared.append((first[edge.fields.parent] + i, first[edge.fields.child] + j, n))
            parent, child = words[edge.fields.parent], words[edge.fields.child]
            for op, _, _, a0, a1, b0, b1, moved in edge.edits:
                if op != "replace" or moved:
                    continue
                inside_a = [k for k, s in enumerate(parent.starts) if a0 <= s < a1]
                inside_b = [k for k, s in enumerate(child.starts) if b0 <= s < b1]
                if 0 < len(inside_a) <= most and 0 < len(inside_b) <= most:
                    rewrites.append(
                        (
                            first[edge.fields.parent] + inside_a[0],
                            len(inside_a),
                            first[edge.fields.child] + inside_b[0],
                            len(inside_b),
                        )
                    )
        trees.append(_TracedTree(tree.root, tree.determined, fields))
    runs = np.array(shared, dtype=np.int64).reshape(-1, 3)
    replaced = np.array(rewrites, dtype=np.int64).reshape(-1, 4)
    return _Traced(trees, EditTable.from_rows(edits), counts, runs, replaced)


def _same_tables(a: EditTable, b: EditTable) -> None:
    for name in ("op", "a_text", "b_text", "offsets", "moved"):
        x, y = getattr(a, name), getattr(b, name)
        assert x.dtype == y.dtype and x.shape == y.shape and np.array_equal(x, y), name
    assert a.words == b.words


def test_trace_is_the_plain_trace(generated_seed11: Stages) -> None:
    seg, families, config = generated_seed11
    ctx = _context(seg, config.origin, config.align)
    assert min(len(f.passages) for f in families) == 2
    assert max(len(f.passages) for f in families) > _FEW
    for run in [Run(0, len(families)), *runs_of([5] * len(families), 40), Run(3, 3)]:
        got = _trace(ctx, families, run)
        expected = _plain_trace(ctx, families[run.start : run.stop])
        assert (got.trees, got.counts) == (expected.trees, expected.counts)
        assert got.shared.dtype == expected.shared.dtype
        assert np.array_equal(got.shared, expected.shared)
        assert np.array_equal(got.rewrites, expected.rewrites)
        _same_tables(got.edits, expected.edits)


def test_a_family_too_large_to_grow_is_a_star_under_its_root_with_a_warning() -> None:
    import warnings

    from provenance.errors import ProvenanceWarning

    paragraph = (
        "The foreign ministers agreed on Tuesday to resume talks on the disputed border "
        "next month in Geneva, officials said after a meeting that lasted late into the night."
    )
    records = [
        {
            "id": f"d{i:02d}",
            "outlet": f"Outlet {i}",
            "date": f"2024-03-{1 + i:02d}",
            "text": paragraph.replace("Tuesday", "Monday") if i % 3 == 2 else paragraph,
        }
        for i in range(12)
    ]
    with pytest.warns(ProvenanceWarning, match=r"12 passages, more than max_family_passages \(5\)"):
        report = provenance.analyze(records, max_family_passages=5)
    (family,) = report.families
    assert family.origin == "d00:0-" + str(len(paragraph))
    assert len(family.edges) == 11 and {e.parent for e in family.edges} == {family.origin}
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        grown = provenance.analyze(records)  # the default grows it in full
    assert len({e.parent for e in grown.families[0].edges}) > 1
