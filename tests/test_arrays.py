"""The shared numpy helpers (``provenance.arrays``) against numpy's own."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import provenance.arrays
from provenance.arrays import distinct, last_at_or_before, sort_in_place, unique_rows


@settings(max_examples=200, deadline=None)
@given(
    st.integers(1, 4),
    st.lists(st.integers(0, 2**40), max_size=60),
    st.sampled_from([3, 2**20, 2**40]),
)
def test_unique_rows_is_numpys(width: int, values: list[int], top: int) -> None:
    """Packed into one integer per row where the columns allow, numpy's rows where they
    do not (a top of 2**40 over three columns or more): the same rows, order and counts."""
    flat = np.array([v % (top + 1) for v in values][: len(values) // width * width], np.int64)
    rows = flat.reshape(-1, width)
    found, counts = unique_rows(rows)
    want, want_counts = np.unique(rows, axis=0, return_counts=True)
    assert found.tolist() == want.tolist()
    assert counts.tolist() == want_counts.tolist()
    assert found.dtype == np.int64 and counts.dtype == np.int64


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.integers(-(2**40), 2**40), max_size=80),
    st.sampled_from([np.int32, np.int64, np.uint8]),
)
def test_distinct_is_numpys_unique(values: list[int], dtype: type) -> None:
    """The same values, order and type as ``np.unique`` (which numpy answers by a hash
    table, ``distinct`` by a sort)."""
    array = np.array(values, dtype=np.int64).astype(dtype)
    want = np.unique(array)
    found = distinct(array)
    assert found.tolist() == want.tolist() and found.dtype == want.dtype


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.integers(-(2**40), 2**40) | st.integers(0, 3), max_size=80),
    st.integers(1, 5),
    st.sampled_from([np.int32, np.int64, np.uint64]),
)
def test_sort_in_place_is_numpys_sort(values: list[int], threads: int, dtype: type) -> None:
    """Partitioned into slices and sorted a slice per thread, in the array itself: the
    values of ``np.sort``, repeats and more threads than values included."""
    array = np.array(values, dtype=np.int64).astype(dtype)
    want = np.sort(array)
    with pytest.MonkeyPatch.context() as patch:  # every size is sorted in parallel
        patch.setattr(provenance.arrays, "_PARALLEL_SORT", 0)
        sort_in_place(array, threads)
    assert array.tolist() == want.tolist() and array.dtype == want.dtype


def test_sort_in_place_sorts_a_large_array_over_threads() -> None:
    """Above the size sorted in one thread, the slices' bounds fall inside runs of equal
    values and the result is still one sorted array."""
    rng = np.random.default_rng(5)
    array = rng.integers(0, 1000, size=(1 << 20) + 7)
    want = np.sort(array)
    sort_in_place(array, 3)
    assert np.array_equal(array, want)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.integers(0, 60), max_size=20),
    st.lists(st.integers(0, 70), max_size=60),
    st.sampled_from([np.int32, np.int64]),
)
def test_last_at_or_before_is_a_search_per_position(
    starts: list[int], positions: list[int], dtype: type
) -> None:
    """Counted per start, the indices a search per position gives: repeated starts,
    positions before the first start (-1) and past the last included."""
    lo = np.sort(np.array(starts, dtype=np.int64))
    at = np.sort(np.array(positions, dtype=np.int64))
    want = np.searchsorted(lo, at, side="right") - 1
    found = last_at_or_before(lo, at, dtype)
    assert found.tolist() == want.tolist() and found.dtype == dtype
