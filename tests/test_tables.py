"""Alignments, edits and segments held as tables: they read as the objects they replace."""

from __future__ import annotations

import pickle
from typing import get_args

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import provenance
from provenance.model import (
    EDIT_OPS,
    Alignment,
    Alignments,
    AlignmentTable,
    Edit,
    EditOp,
    Edits,
    EditTable,
    FrozenMapping,
    Link,
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
