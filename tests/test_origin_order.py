"""The order the evidence puts a family's passages in (``provenance.origin.order``), and
its weights pair by pair (``provenance.origin.evidence._Weights``): the same as from a
matrix of every pair's weights, on families Hypothesis makes of dates of every
precision (times with far zones whose days and instants disagree), outlets, credit
lines, trims and weights.
"""

from __future__ import annotations

import random
from typing import Any

import numpy as np
from helpers import paragraph_passages
from hypothesis import given, settings
from hypothesis import strategies as st
from test_origin_tree_matrix import _weights

import provenance
from provenance.model import OriginConfig, Passage
from provenance.origin.context import _Context
from provenance.origin.evidence import _Weights
from provenance.origin.order import (
    _balance,
    _balance_in_blocks,
    _Calendar,
    _Countdown,
    _Counted,
    _Listed,
)
from provenance.origin.passages import _Opening
from provenance.origin.stage import _context
from provenance.segment import segment

_OUTLETS = ["Alpha Wire", "Beta Post", "Gamma Daily", None]
_DATES = [
    None,
    "2023",
    "2024",
    "2024-02",
    "2024-03",
    "2024-03-01",
    "2024-03-02",
    "2024-03-03",
    "2024-03-02T09:00",
    "2024-03-02T09:00:00.5",
    "2024-03-02T18:30",
    "2024-03-03T00:10",
    "2024-03-02T09:00Z",
    "2024-03-02T07:00-02:00",
    "2024-03-01T23:59-23:59",
    "2024-03-03T00:00+23:59",
    "2024-03-02T12:00+02:00",
]
_WEIGHTS = [0.0, 0.25, 0.3, 0.5, 0.7, 1.0, 1 / 3]


class _Family:
    """A context, a family's passages (one per paragraph of the corpus, a document's
    paragraphs may be several), its links and the trims found along them."""

    def __init__(self, ctx: _Context, passages: list[Passage], trims: set[tuple[int, int]]):
        self.ctx = ctx
        self.passages = passages
        self.trims = trims

    def trim(self, x: int, y: int) -> _Opening | None:
        return _Opening(1, 2) if (x, y) in self.trims else None


@st.composite
def _families(draw: st.DrawFn) -> tuple[_Family, list[tuple[int, int]]]:
    count = draw(st.integers(2, 40))
    dates = draw(st.lists(st.sampled_from(_DATES), min_size=1, max_size=6))
    records: list[dict[str, Any]] = []
    for i in range(count):
        named = draw(st.lists(st.sampled_from(_OUTLETS[:-1]), max_size=3))
        text = f"Words of article {i}." + "".join(f" {name} reported." for name in named)
        copies = draw(st.sampled_from([1, 1, 1, 2]))
        records.append(
            {
                "id": f"d{i:02d}",
                "outlet": draw(st.sampled_from(_OUTLETS)),
                "date": draw(st.sampled_from(dates)),
                "text": "\n\n".join([text] * copies),
            }
        )
    origin = OriginConfig(
        date_weight=draw(st.sampled_from(_WEIGHTS)),
        credit_weight=draw(st.sampled_from(_WEIGHTS)),
        text_weight=draw(st.sampled_from(_WEIGHTS)),
    )
    seg = segment(provenance.load(records))
    ctx = _context(seg, origin, provenance.model.AlignConfig())
    passages = draw(st.permutations(paragraph_passages(seg)))
    n = len(passages)
    pairs = [(a, b) for a in range(n) for b in range(n) if a != b]
    linked = draw(st.lists(st.sampled_from(pairs), max_size=30))
    trims = set(draw(st.lists(st.sampled_from(pairs), max_size=30)))
    return _Family(ctx, passages, trims), linked


@settings(max_examples=200, deadline=None)
@given(drawn=_families(), seed=st.integers(0, 2**16))
def test_the_order_is_the_matrix_order(
    drawn: tuple[_Family, list[tuple[int, int]]], seed: int
) -> None:
    family, linked = drawn
    ctx, passages = family.ctx, family.passages
    n = len(passages)
    weights = _Weights(ctx, passages, linked, family.trim)
    matrix = _weights(ctx, passages, linked, family.trim)
    every = range(n)
    assert [[weights.weight(x, y) for y in every] for x in every] == matrix.tolist()
    assert repr([[weights.weight(x, y) for y in every] for x in every]) == repr(matrix.tolist())
    first = matrix > matrix.T
    assert [[weights.first(x, y) for y in every] for x in every] == first.tolist()

    # Free passages, and those each placed passage frees, in any order of placing.
    listed, counted = _Listed(weights, n), _Counted(weights, n)
    assert listed.free == counted.free == np.flatnonzero(~first.any(axis=0)).tolist()
    placing = list(every)
    random.Random(seed).shuffle(placing)
    for x in placing:
        assert listed.place(x) == counted.place(x)

    # The balance of the evidence, as numpy sums the matrix.
    balance = (matrix.sum(axis=1) - matrix.sum(axis=0)).tolist()
    assert _balance(weights, n) == balance
    assert _balance_in_blocks(weights, n) == balance


def test_calendar_counts_the_passages_dated_before_and_after() -> None:
    from provenance.dates import before, date_key, parse_date

    keys = [date_key(parse_date(d)) for d in _DATES * 2]
    calendar = _Calendar(keys)
    for k in keys:
        assert calendar.earlier(k) == sum(before(m, k) for m in keys)
        assert calendar.later(k) == sum(before(k, m) for m in keys)


def test_countdown_reports_each_count_once_when_it_reaches_zero() -> None:
    rng = random.Random(0)
    for _ in range(500):
        size = rng.randint(1, 40)
        counts = [rng.randint(0, 5) for _ in range(size)]
        countdown = _Countdown(counts)
        reported = countdown.zeros()
        assert reported == [i for i, c in enumerate(counts) if c == 0]
        for _ in range(40):
            if rng.random() < 0.7:
                start = rng.randint(0, size - 1)
                if any(counts[i] == 0 and i not in reported for i in range(start, size)):
                    continue
                countdown.lower(start)
                for i in range(start, size):
                    counts[i] -= 1
            else:
                at = rng.randint(0, size - 1)
                delta = rng.choice([-1, 1])
                if at in reported or counts[at] + delta < 0:
                    continue
                countdown.change(at, delta)
                counts[at] += delta
            zeros = countdown.zeros()
            assert zeros == [i for i, c in enumerate(counts) if c == 0 and i not in reported]
            reported.extend(zeros)
