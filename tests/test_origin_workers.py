"""The origin stage over worker processes: the same trees, segments and views as in one.

The corpus comes from the benchmark generator (imported by path, as in
``test_generate.py``): dated, timed and undated articles, datelines crediting
outlets, and families from two passages to a few dozen.
"""

from __future__ import annotations

import bisect
import random
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from helpers import generated_families
from hypothesis import given, settings
from hypothesis import strategies as st

from provenance.model import Config, Family, Link, Passage, Segmentation
from provenance.origin import origin, stage
from provenance.origin.attribution import _segments
from provenance.origin.evidence import _weight_lists, _weights
from provenance.origin.passages import _token_span, _words
from provenance.origin.stage import _context, _runs_of
from provenance.origin.tree import _SMALL_FAMILY, _Builder


@pytest.fixture(scope="module")
def stages(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[Segmentation, list[Family], Config]:
    """Segmentation and families of a generated corpus of 1,500 paragraphs."""
    return generated_families(tmp_path_factory.mktemp("origin-workers"), paragraphs=1500, seed=5)


def test_workers_give_the_same_trees_segments_and_views(
    stages: tuple[Segmentation, list[Family], Config], monkeypatch: pytest.MonkeyPatch
) -> None:
    seg, families, config = stages
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
    monkeypatch.setattr(stage, "_CHUNK_PASSAGES", 40)  # many chunks per stage
    monkeypatch.setattr(stage, "_CHUNK_CHARACTERS", 50_000)
    found = origin(seg, families, config.origin, align=config.align, workers=2)

    assert [(name, workers) for name, workers, _ in calls] == [
        ("_find_credits", 2),
        ("_trace", 2),
        ("_paint_documents", 2),
    ]
    assert all(count > 2 for _, _, count in calls)
    assert found[0] == expected[0]  # families: root, edges with their edits, segments
    assert found[1] == expected[1]  # document views
    assert all(f.edges and f.segments for f in found[0])


def test_weights_pair_by_pair_are_the_numpy_weights(
    stages: tuple[Segmentation, list[Family], Config],
) -> None:
    """Random groups of passages with random links: both ways give the same floats."""
    seg, families, config = stages
    ctx = _context(seg, config.origin, config.align, workers=1)
    passages = [p for f in families for p in f.passages]
    rng = random.Random(3)
    for _ in range(300):
        group = tuple(rng.sample(passages, rng.randint(2, 12)))
        pairs = [(a, b) for a in range(len(group)) for b in range(a + 1, len(group))]
        linked = rng.sample(pairs, rng.randint(1, len(pairs)))
        links = tuple(
            Link(group[a].id, group[b].id, 0.9, 0.9, 9, (0, 0), (0, 0), ()) for a, b in linked
        )
        family = Family("f", group, links)
        words = [_words(seg, p, _token_span(seg, p)) for p in group]
        builder = _Builder(ctx, family, words)
        in_numpy = _weights(ctx, group, linked, builder.trim).tolist()
        assert _weight_lists(ctx, group, linked, builder.trim) == in_numpy


def _segments_one_by_one(
    passages: list[Passage], runs: tuple[list[int], list[int], list[int]]
) -> list[tuple[int, int, int]]:
    """The runs over each passage cut to its span, a run at a time."""
    starts, ends, codes = runs
    out = []
    for p in passages:
        k = bisect.bisect_right(ends, p.start)  # the first run ending after p starts
        while k < len(starts) and starts[k] < p.end:
            lo, hi = max(starts[k], p.start), min(ends[k], p.end)
            if hi > lo:
                out.append((lo, hi, codes[k]))
            k += 1
    return out


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 3), st.integers(1, 5), st.integers(0, 9)), max_size=12),
    st.lists(st.tuples(st.integers(0, 60), st.integers(0, 12)), max_size=8),
)
def test_runs_cut_to_passages_all_at_once_are_cut_one_by_one(
    gaps: list[tuple[int, int, int]], spans: list[tuple[int, int]]
) -> None:
    starts, ends, codes, at = [], [], [], 0
    for gap, width, code in gaps:  # sorted, disjoint runs, as painting leaves them
        starts.append(at + gap)
        ends.append(at + gap + width)
        codes.append(code)
        at += gap + width
    runs = (starts, ends, codes)
    passages = [Passage(f"d:{i}", "d", 0, a, a + n, "") for i, (a, n) in enumerate(spans)]
    count, lo, hi, code = _segments(passages, runs)
    assert count.tolist() == [len(_segments_one_by_one([p], runs)) for p in passages]
    pieces = list(zip(lo.tolist(), hi.tolist(), code.tolist(), strict=True))
    assert pieces == _segments_one_by_one(passages, runs)


def test_runs_of_cover_every_item_once_in_order() -> None:
    assert _runs_of([], 5) == []
    assert _runs_of([2, 2, 2, 0, 9, 1], 4) == [(0, 2), (2, 5), (5, 6)]
    assert _runs_of([0, 0], 4) == [(0, 2)]
