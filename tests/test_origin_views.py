"""Document views (``provenance.origin.views``): sources, quoted and undecided shares,
on constructed cases and against the plain count (every run cut to every paragraph).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from itertools import pairwise
from types import SimpleNamespace
from typing import Any

import numpy as np
import pytest
from helpers import SENTENCES, analyze_records
from hypothesis import given, settings
from hypothesis import strategies as st

from provenance.model import Edge, Edges
from provenance.origin.attribution import Runs
from provenance.origin.views import _by_table, _shares

S = SENTENCES


def test_shared_quotation_is_not_copying() -> None:
    quote = "“We will not accept any use of force against the people of the region, and we call on all sides to negotiate,”"
    a = f"{quote} the minister said."
    b = f"A spokesperson repeated: {quote}"
    report = analyze_records(
        [
            {"id": "a", "text": a, "outlet": "A", "date": "2024-04-01"},
            {"id": "b", "text": b, "outlet": "B", "date": "2024-04-02"},
        ]
    )
    (link,) = report.links
    assert link.quotation
    (edge,) = report.families[0].edges
    assert edge.quotation
    view = report.view("b")
    assert view.quoted > 0 and not view.sources and not view.parents


def test_document_view_names_every_source() -> None:
    a, b = " ".join(S[0:3]), " ".join(S[4:7])
    report = analyze_records(
        [
            {"id": "one", "text": a, "outlet": "One", "date": "2024-05-01"},
            {"id": "two", "text": b, "outlet": "Two", "date": "2024-05-01"},
            {
                "id": "both",
                "text": a + "\n\n" + b + "\n\n" + S[8],
                "outlet": "Both",
                "date": "2024-05-02",
            },
        ]
    )
    view = report.view("both")
    assert set(view.sources) == {"one", "two"}
    assert set(view.parents) == {"one", "two"}
    assert abs(sum(view.sources.values()) + view.original + view.quoted - 1.0) < 1e-3
    assert 0 < view.original < 0.5
    assert report.view("one").sources == {} and report.view("one").original == 1.0


def _plain_shares(
    ctx: Any,
    doc_id: str,
    runs: Runs,
    article: Sequence[tuple[int, int]],
    quotes: Sequence[tuple[int, int]],
) -> tuple[dict[str, int], int, int, int, int]:
    """Every run cut to every paragraph, each piece counted on its own; an origin
    past the documents is a common source outside the corpus; a rewording (code bit 2)
    is the document's own, never quoted."""
    if not runs[0] or not article:
        return {}, 0, 0, 0, 0
    starts, ends, codes = (np.array(r, dtype=np.int64) for r in runs)
    p_starts, p_ends = np.array(article, dtype=np.int64).T
    lo = np.maximum(starts[:, None], p_starts[None, :])
    hi = np.minimum(ends[:, None], p_ends[None, :])
    inside = hi > lo
    lo, hi = lo[inside], hi[inside]
    code = np.broadcast_to(codes[:, None], inside.shape)[inside]
    origin, determined, reworded = code >> 2, (code & 1).astype(bool), (code & 2).astype(bool)
    other = (origin != ctx.doc_index[doc_id]) & ~reworded
    width = hi - lo
    in_quote = np.zeros_like(width)
    if quotes:
        q_starts, q_ends = (q[None, :] for q in np.array(quotes, dtype=np.int64).T)
        overlap = np.minimum(hi[:, None], q_ends) - np.maximum(lo[:, None], q_starts)
        in_quote = np.minimum(np.maximum(overlap, 0).sum(axis=1), width) * other
    rest = width - in_quote
    sources: dict[str, int] = defaultdict(int)
    outside = origin == len(ctx.doc_ids)
    taken = determined & other & ~outside
    for o, n in zip(origin[taken].tolist(), rest[taken].tolist(), strict=True):
        sources[ctx.doc_ids[o]] += n
    far = int(rest[determined & outside & ~reworded].sum())
    undecided = int(rest[~determined & ~reworded].sum())
    return sources, int(in_quote.sum()), undecided, far, int(width[reworded].sum())


_CTX = SimpleNamespace(doc_ids=["a", "b", "c", "d"], doc_index={"a": 0, "b": 1, "c": 2, "d": 3})


def _spans(draw: st.DrawFn, length: int, disjoint: bool) -> list[tuple[int, int]]:
    cuts = sorted(draw(st.lists(st.integers(0, length), max_size=12)))
    if disjoint:
        return [(a, b) for a, b in zip(cuts[::2], cuts[1::2], strict=False)]
    return [(a, a + draw(st.integers(0, 15))) for a in cuts]


@st.composite
def _share_inputs(draw: st.DrawFn) -> tuple[Runs, list[tuple[int, int]], list[tuple[int, int]]]:
    """Runs as :func:`_paint` gives them (sorted, apart or touching, codes of four
    documents and of a common source outside the corpus, decided or not, rewordings
    or not), article paragraphs, and
    quoted spans (overlapping, even empty)."""
    runs = Runs([], [], [])
    at = 0
    for gap, width, code in draw(
        st.lists(st.tuples(st.integers(0, 4), st.integers(1, 8), st.integers(0, 19)), max_size=20)
    ):
        if gap == 0 and runs[2] and runs[2][-1] == code:
            code ^= 1  # touching runs differ
        runs[0].append(at + gap)
        runs[1].append(at + gap + width)
        runs[2].append(code)
        at += gap + width
    return runs, _spans(draw, at + 5, True), _spans(draw, at + 5, False)


@settings(max_examples=300, deadline=None)
@given(_share_inputs(), st.sampled_from(["a", "b", "c", "d"]))
def test_shares_are_the_plain_ones(inputs: tuple[Any, ...], doc_id: str) -> None:
    runs, article, quotes = inputs
    got = _shares(_CTX, doc_id, runs, article, quotes)  # type: ignore[arg-type]
    expected = _plain_shares(_CTX, doc_id, runs, article, quotes)
    assert got == expected
    assert list(got[0]) == list(expected[0])  # sources in the same order
    assert all(type(x) is int for x in (*got[0].values(), *got[1:]))


@pytest.mark.parametrize("quotes", [[], [(0, 30)], [(2, 9), (5, 12), (5, 12)]])
def test_shares_count_quoted_sources_own_and_undecided(quotes: list[tuple[int, int]]) -> None:
    # b, c, own undecided, d, outside, a rewording of b
    runs = ([0, 6, 12, 20, 27, 30], [5, 12, 18, 26, 30, 31], [5, 9, 0, 13, 17, 7])
    article = [(1, 10), (14, 24), (26, 31)]
    got = _shares(_CTX, "a", runs, article, quotes)  # type: ignore[arg-type]
    assert got == _plain_shares(_CTX, "a", runs, article, quotes)
    covered = any(a <= 27 and b >= 30 for a, b in quotes)  # quoted wording is quoted
    assert got.outside == (0 if covered else 3)
    assert got.rewritten == 1 and "b" in got.sources


@given(st.lists(st.tuples(st.integers(0, 2), st.integers(0, 6), st.integers(0, 6)), max_size=12))
def test_edges_are_read_a_table_at_a_time_in_order(views: list[tuple[int, int, int]]) -> None:
    """``_by_table`` gives the rows the views read, in their order, consecutive views
    of one table together: the same rows as reading each view."""
    edge = Edge("a:0-1", "b:0-1", 0.5, ("dated",), (), (), 1.0)
    tables = [Edges.of([edge] * 6).table for _ in range(3)]
    chosen = [Edges(tables[t], min(x, y), max(x, y)) for t, x, y in views]
    grouped = _by_table(chosen)
    assert all(a is not b for (a, _), (b, _) in pairwise(grouped))
    read = [(id(t), r) for t, rows in grouped for r in rows.tolist()]
    assert read == [(id(v.table), r) for v in chosen for r in range(v.start, v.stop)]
