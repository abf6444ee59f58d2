"""Alignments, links, edges, edits and segments held as tables: they read as the objects they replace."""

from __future__ import annotations

import pickle
import random
from typing import get_args

import attrs
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import provenance
from provenance.model import (
    EDIT_OPS,
    Alignment,
    Alignments,
    AlignmentTable,
    Edge,
    Edges,
    EdgeTable,
    Edit,
    EditOp,
    Edits,
    EditTable,
    Family,
    FrozenMapping,
    Link,
    Links,
    LinkTable,
    Segment,
    Segments,
    SegmentTable,
)

_SWAPPED: dict[str, EditOp] = {"insert": "delete", "delete": "insert", "replace": "replace"}

words = st.sampled_from(["", "the", "U.S.", "US", "colour", "«said»", "naïve"])
offsets = st.integers(min_value=0, max_value=2**40)
edits = st.builds(
    Edit, st.sampled_from(get_args(EditOp)), words, words, offsets, offsets, offsets, offsets,
    st.booleans(),
)  # fmt: skip
segments = st.builds(
    Segment, offsets, offsets, st.sampled_from(["a", "b", "wire:7"]), st.booleans()
)


def _swap(e: Edit) -> Edit:
    return Edit(_SWAPPED[e.op], e.b_text, e.a_text, e.b_start, e.b_end, e.a_start, e.a_end, e.moved)


@given(st.lists(st.lists(edits, max_size=6), max_size=5))
def test_edits_read_back_as_the_edits_they_hold(groups: list[list[Edit]]) -> None:
    # Several lists in one table, as a worker sends them back.
    rows = [attrs.astuple(e) for group in groups for e in group]
    table = EditTable.from_rows(rows)
    assert len(table) == len(rows)
    assert len(table.words) == len({w for row in rows for w in row[1:3]})
    start = 0
    for group in groups:
        view = Edits(table, start, start + len(group))
        start += len(group)
        assert list(view) == group
        assert view == tuple(group) and tuple(group) == view and view == Edits.of(group)
        assert len(view) == len(group) and bool(view) == bool(group)
        assert hash(view) == hash(tuple(group))
        assert [view[i] for i in range(-len(group), len(group))] == group + group
        assert view[1:] == tuple(group[1:])
        assert list(view.swap()) == [_swap(e) for e in group]
        assert view.swap().swap() == view
        assert view.rows() == [attrs.astuple(e) for e in group]
        assert pickle.loads(pickle.dumps(view)) == view


def test_an_edit_out_of_range_is_an_index_error() -> None:
    view = Edits.of([Edit("delete", "the", "", 0, 3, 0, 0)])
    for i in (1, -2):
        try:
            view[i]
        except IndexError as error:
            assert "out of range" in str(error)
        else:
            raise AssertionError(f"edit {i} was found")
    assert Edits() == () and not Edits() and Edits.of(()) == []
    assert view != (Edit("delete", "a", "", 0, 1, 0, 0),) and view != "x"


def test_links_take_any_sequence_of_edits_and_keep_a_table_as_is() -> None:
    e = Edit("replace", "U.S.", "US", 0, 4, 0, 2)
    listed = Link("a", "b", 0.9, 1.0, 5, (0, 9), (0, 7), [e])
    assert isinstance(listed.edits, Edits) and listed.edits == (e,)
    table = Edits.of([e])
    assert Link("a", "b", 0.9, 1.0, 5, (0, 9), (0, 7), table).edits is table
    assert listed == Link("a", "b", 0.9, 1.0, 5, (0, 9), (0, 7), table)
    assert get_args(EditOp) == EDIT_OPS


@given(st.lists(segments, max_size=8), st.integers(0, 8), st.integers(0, 8))
def test_segments_read_back_as_the_segments_they_hold(
    items: list[Segment], lo: int, hi: int
) -> None:
    docs = ["a", "b", "wire:7"]
    table = SegmentTable(
        [g.start for g in items],
        [g.end for g in items],
        [docs.index(g.origin) for g in items],
        [g.determined for g in items],
        docs,
    )
    lo, hi = sorted((min(lo, len(items)), min(hi, len(items))))
    view = Segments(table, lo, hi)
    assert list(view) == items[lo:hi] and view == tuple(items[lo:hi])
    assert [view[i] for i in range(len(view))] == items[lo:hi]
    assert view[::-1] == tuple(items[lo:hi][::-1])
    assert hash(view) == hash(tuple(items[lo:hi]))
    assert pickle.loads(pickle.dumps(view)) == view


def test_a_report_pickles_with_its_tables_and_mappings(seed_report: provenance.Report) -> None:
    report = seed_report
    again = pickle.loads(pickle.dumps(report))
    assert again.to_json() == report.to_json()
    family = next(f for f in again.families if f.edges and any(e.edits for e in f.edges))
    assert family == next(f for f in report.families if f.id == family.id)
    assert isinstance(family.segments, FrozenMapping)
    with pytest.raises(TypeError):
        family.segments["x"] = ()  # type: ignore[index]


alignments = st.builds(
    Alignment,
    st.integers(0, 2**40),
    st.integers(0, 2**40),
    st.tuples(offsets, offsets),
    st.tuples(offsets, offsets),
    st.lists(st.tuples(offsets, offsets, st.integers(1, 50)), max_size=3).map(tuple),
    st.floats(0, 1),
    st.floats(0, 1),
    st.integers(0, 10_000),
    st.lists(edits, max_size=3),
    st.booleans(),
)


@given(st.lists(st.lists(alignments, max_size=4), max_size=4))
def test_alignments_read_back_as_the_alignments_they_hold(groups: list[list[Alignment]]) -> None:
    tables = [AlignmentTable.from_alignments(group) for group in groups]
    every = [al for group in groups for al in group]
    joined = AlignmentTable.concatenate(tables)
    assert len(joined) == len(every)
    view = Alignments(joined, 0, len(joined))
    assert view == every and list(view) == every
    assert all(view[i] == al for i, al in enumerate(every))
    assert all(a.edits == b.edits for a, b in zip(view, every, strict=True))
    assert AlignmentTable.from_alignments(view) is joined  # a whole table is kept as is
    assert Alignments.of(every) == every
    if every:  # a part of a table reads its own rows
        assert Alignments(joined, 1, len(every)) == every[1:]
        assert AlignmentTable.from_alignments(Alignments(joined, 1, len(every))) is not joined


@given(st.lists(st.lists(edits, max_size=4), max_size=4))
def test_edit_tables_concatenate_in_order(groups: list[list[Edit]]) -> None:
    tables = [EditTable.from_rows(Edits.of(group).rows()) for group in groups]
    joined = EditTable.concatenate(tables)
    assert Edits(joined, 0, len(joined)) == [e for group in groups for e in group]


passage_ids = st.sampled_from(["a:0-9", "b:3-40", "wire:7:0-12", "c:1-2"])
links = st.builds(
    Link,
    passage_ids,
    passage_ids,
    st.floats(0, 1),
    st.floats(0, 1),
    st.integers(0, 10_000),
    st.tuples(offsets, offsets),
    st.tuples(offsets, offsets),
    st.lists(edits, max_size=3),
    st.booleans(),
)


@given(st.lists(links, max_size=8), st.randoms(use_true_random=False))
def test_links_read_back_as_the_links_they_hold(items: list[Link], rng: random.Random) -> None:
    """A table of links reads back as they were, whole, in runs, in any order of its
    rows, and with any of its rows' edits read from the other side."""
    table = LinkTable.from_links(items)
    assert len(table) == len(items) and Links(table, 0, len(table)) == items
    assert Links.of(items) == tuple(items) and Links.of(Links.of(items)) == items
    order = list(range(len(items)))
    rng.shuffle(order)
    shuffled = table.take(np.array(order, dtype=np.int64))
    assert list(Links(shuffled, 0, len(items))) == [items[k] for k in order]
    # Read back in the table's first order through ``order``: as a report's links are.
    back = np.argsort(order).astype(np.int64)
    view = Links(shuffled, 0, len(items), back)
    assert view == items and [view[i] for i in range(len(items))] == items
    assert np.array_equal(view.table_rows(), back) and view.row_numbers() == back.tolist()
    lo, hi = sorted(rng.sample(range(len(items) + 1), 2)) if len(items) > 1 else (0, len(items))
    assert Links(table, lo, hi) == tuple(items[lo:hi])
    assert Links(table, lo, hi).table_rows() == slice(lo, hi)
    assert Links(table, lo, hi).row_numbers() == list(range(lo, hi))
    assert pickle.loads(pickle.dumps(view)) == view
    # A swapped row reads its edits from the other side.
    if items:
        turned = attrs.evolve(table, swapped=np.ones(len(items), dtype=bool))
        assert [list(ln.edits) for ln in Links(turned, 0, len(items))] == [
            [_swap(e) for e in ln.edits] for ln in items
        ]


def test_a_family_and_a_report_hold_their_links_as_a_table(seed_report: provenance.Report) -> None:
    """Every family's links are a run of rows of the one table the report reads in id
    order; they read as the links they were built from."""
    report = seed_report
    assert isinstance(report.links, Links)
    assert [(ln.a, ln.b) for ln in report.links] == sorted((ln.a, ln.b) for ln in report.links)
    tables = {id(f.links.table) for f in report.families} | {id(report.links.table)}
    assert len(tables) == 1
    by_pair = {(ln.a, ln.b): ln for ln in report.links}
    ids = {p.id for f in report.families for p in f.passages}
    for f in report.families:
        mine = {p.id for p in f.passages}
        assert f.links and all(ln.a in mine and ln.b in mine for ln in f.links)
        assert all(by_pair[ln.a, ln.b] == ln for ln in f.links)
        assert list(f.links) == sorted(f.links, key=lambda ln: (ln.a, ln.b))
    assert sum(len(f.links) for f in report.families) == len(report.links)
    assert all(ln.a in ids and ln.b in ids for ln in report.links)


directions = st.sampled_from([("dated",), ("dated", "textual"), ("undetermined",), ("held",)])
sentences = st.sampled_from(["a is earlier.", "b credits a.", "«quoted»", ""])
edges = st.builds(
    Edge,
    passage_ids,
    passage_ids,
    st.floats(0, 1),
    directions,
    st.lists(sentences, max_size=3).map(tuple),
    st.lists(edits, max_size=3),
    st.floats(0, 1),
    st.booleans(),
)


@given(st.lists(edges, max_size=8), st.data())
def test_edges_read_back_as_the_edges_they_hold(items: list[Edge], data: st.DataObject) -> None:
    """A table of edges reads back as they were, whole and in runs; amended rows read
    their new direction, confidence and evidence, and every other row as it was."""
    table = EdgeTable.from_edges(items)
    assert len(table) == len(items) and Edges(table, 0, len(table)) == items
    assert Edges.of(items) == tuple(items) and Edges.of(Edges.of(items)) == items
    lo = data.draw(st.integers(0, len(items)))
    hi = data.draw(st.integers(lo, len(items)))
    assert Edges(table, lo, hi) == tuple(items[lo:hi]) and Edges(
        table, lo, hi
    ).table_rows() == slice(lo, hi)
    for direction in {e.direction for e in items}:
        assert table.is_direction(direction).tolist() == [e.direction == direction for e in items]
    rows = sorted(data.draw(st.sets(st.integers(0, max(0, len(items) - 1)))) if items else [])
    told = [(f"held {r}",) for r in rows]
    changed = table.amended(rows, confidence=0.25, direction=("held", "x"), evidence=told)
    again = list(Edges(changed, 0, len(items)))
    for r, e in enumerate(items):
        if r in rows:
            assert again[r] == attrs.evolve(
                e, confidence=0.25, direction=("held", "x"), evidence=(f"held {r}",)
            )
        else:
            assert again[r] == e
    assert list(Edges(table, 0, len(items))) == items  # the table amended is unchanged
    assert pickle.loads(pickle.dumps(Edges(changed, 0, len(items)))) == again


def test_no_links_and_no_edges_share_one_empty_table() -> None:
    """Families without edges (as clustering makes them) hold no table of their own."""
    family = Family("F1", (), ())
    assert family.edges == () and family.links == ()
    assert family.edges.table is Edges.of([]).table and family.links.table is Links.of([]).table


def test_a_long_view_reads_in_blocks_as_it_reads_row_by_row() -> None:
    """A view longer than a block of rows (as the report's links are) iterates as its
    rows read one by one, in order, from any start."""
    n = 10_000
    ids = [f"d{k}:0-9" for k in range(n + 1)]
    table = LinkTable(
        ids, range(n), range(1, n + 1), [(0, 9, 0, 9)] * n, [k / n for k in range(n)],
        [1.0] * n, range(n), [k % 3 == 0 for k in range(n)], [(0, 0)] * n, [False] * n,
        EditTable.from_rows([]),
    )  # fmt: skip
    for start, stop in [(0, n), (17, n - 5), (4096, 8193)]:
        view = Links(table, start, stop)
        listed = list(view)
        assert len(listed) == stop - start
        assert [ln.a for ln in listed] == ids[start:stop]
        assert all(listed[i] == view[i] for i in range(0, stop - start, 997))
    backwards = Links(table, 0, n, np.arange(n - 1, -1, -1, dtype=np.int64))
    assert [ln.shared_words for ln in backwards] == list(range(n - 1, -1, -1))
