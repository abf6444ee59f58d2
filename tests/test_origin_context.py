"""The stage's context: the accounts of words read span by span or many spans at once."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from provenance.origin.context import Accounts, search


@settings(max_examples=300, deadline=None)
@given(
    st.sets(st.integers(0, 60), max_size=40),
    st.lists(st.tuples(st.integers(0, 70), st.integers(0, 12), st.integers(0, 30)), max_size=12),
)
def test_of_spans_is_of_span_by_span(tokens: set[int], spans: list[tuple[int, int, int]]) -> None:
    """:meth:`Accounts.of_spans` is :meth:`Accounts.of` of each span, one after the other
    (the plain lookup is the oracle)."""
    positions = np.array(sorted(tokens), dtype=np.int64)
    codes = np.arange(len(positions), dtype=np.int32) * 4 + 1
    found = Accounts(positions, codes)
    firsts = np.array([a for a, _, _ in spans], dtype=np.int64)
    lasts = np.array([a + n for a, n, _ in spans], dtype=np.int64)
    owns = np.array([own for _, _, own in spans], dtype=np.int64)
    expected = [found.of(a, a + n, own) for a, n, own in spans]
    flat = np.concatenate(expected) if expected else np.zeros(0, dtype=np.int32)
    got = found.of_spans(firsts, lasts, owns)
    assert got.dtype == np.int32
    assert got.tolist() == flat.tolist()


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(-5, 80), max_size=40), st.lists(st.integers(-10, 90), max_size=40))
def test_search_is_searchsorted(haystack: list[int], needles: list[int]) -> None:
    """:func:`search` looks the needles up in ascending order and gives what
    ``np.searchsorted`` gives in their order (the oracle)."""
    sorted_haystack = np.array(sorted(haystack), dtype=np.int64)
    queries = np.array(needles, dtype=np.int64)
    assert (
        search(sorted_haystack, queries).tolist()
        == np.searchsorted(sorted_haystack, queries).tolist()
    )
