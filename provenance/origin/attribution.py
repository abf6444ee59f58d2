"""Wording-level origin painted over each document's text, and cut to its passages:
every word's attribution (:mod:`provenance.origin.accounts`) laid out as runs of
characters.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from itertools import accumulate
from typing import NamedTuple

import numpy as np
import numpy.typing as npt

from provenance.model import Passage, Segmentation

# Words' attributions (origin document, decided, rewritten) as integers
# (:func:`provenance.origin.context.code`).
Codes = npt.NDArray[np.int32]


class Runs(NamedTuple):
    """Runs of characters of one document with the same attribution (:func:`_paint`)."""

    starts: list[int]
    ends: list[int]
    codes: list[int]


class _Stroke(NamedTuple):
    """What one passage paints (:func:`_strokes`): the stretch ``[lo, hi)`` of the
    document, and where its attributions begin in the run's."""

    lo: int
    hi: int
    at: int


class _Strokes(NamedTuple):
    """What each passage of a run paints (:func:`_strokes`): the attribution of every
    character of their stretches (-1 between words), one after the other, and their
    :class:`_Stroke`, passage by passage."""

    paint: npt.NDArray[np.int32]
    strokes: list[_Stroke]


def _paint(
    seg: Segmentation,
    length: int,
    passages: Sequence[Passage],
    origins: Mapping[str, Codes],
    spans: Mapping[str, tuple[int, int]],
) -> Runs:
    """The origin of one document's reused wording, as runs of characters.

    Passages are painted longest first, so that a passage nested in a longer one
    has the last word on its span: each clears its span, then paints each word,
    and the gap to the next word when both have the same attribution. What every
    passage paints is worked out at once (:func:`_strokes`); only laying it on the
    canvas goes passage by passage.
    """
    if not length or not passages:
        return Runs([], [], [])
    order = sorted(passages, key=lambda q: (-(q.end - q.start), q.start))
    flat, strokes = _strokes(seg, order, origins, spans)
    canvas = np.full(length, -1, dtype=np.int32)
    for p, (lo, hi, at) in zip(order, strokes, strict=True):
        canvas[p.start : p.end] = -1
        canvas[lo:hi] = flat[at : at + hi - lo]
    changes = np.empty(length, dtype=bool)  # where a run starts
    changes[0] = True
    np.not_equal(canvas[1:], canvas[:-1], out=changes[1:])
    starts = np.flatnonzero(changes)
    codes = canvas[starts]
    painted = codes >= 0
    return Runs(
        starts[painted].tolist(),
        np.append(starts[1:], length)[painted].tolist(),
        codes[painted].tolist(),
    )


def _strokes(
    seg: Segmentation,
    passages: Sequence[Passage],
    origins: Mapping[str, Codes],
    spans: Mapping[str, tuple[int, int]],
) -> _Strokes:
    """What each of ``passages`` paints, worked out for all of them at once: the
    attribution of every character from a passage's first word's start to its last
    word's paint stop (-1 between words), passage after passage; and per passage
    that stretch ``[lo, hi)`` (empty without words) and where it begins in the first.

    A word's paint stops at its end, or at the next word's start when that word is
    the same passage's and has the same attribution.
    """
    bounds = [spans[p.id] for p in passages]
    counts = [b - a for a, b in bounds]
    ends_at = list(accumulate(counts))  # one past each passage's last word
    lasts = [e - 1 for e, count in zip(ends_at, counts, strict=True) if count]
    if not lasts:
        return _Strokes(np.empty(0, dtype=np.int32), [_Stroke(0, 0, 0)] * len(passages))
    starts = np.concatenate([seg.token_starts[a:b] for a, b in bounds])
    ends = np.concatenate([seg.token_ends[a:b] for a, b in bounds])
    codes = np.concatenate([origins[p.id] for p in passages])
    joined = codes[1:] == codes[:-1]
    joined[lasts[:-1]] = False  # a passage's last word, another passage's words next
    stops = ends.copy()
    stops[:-1][joined] = starts[1:][joined]
    # Each word's paint then the gap to the next word, none after a passage's last.
    edges = np.empty(2 * len(codes), dtype=np.int64)
    edges[::2] = starts
    edges[1::2] = stops
    widths = edges[1:] - edges[:-1]
    widths[[2 * i + 1 for i in lasts[:-1]]] = 0
    paint = np.full(len(widths), -1, dtype=np.int32)
    paint[::2] = codes
    firsts = [e - count for e, count in zip(ends_at, counts, strict=True) if count]
    extents = iter(zip(starts[firsts].tolist(), stops[lasts].tolist(), strict=True))
    strokes: list[_Stroke] = []
    at = 0
    for count in counts:
        lo, hi = next(extents) if count else (0, 0)
        strokes.append(_Stroke(lo, hi, at))
        at += hi - lo
    return _Strokes(np.repeat(paint, widths), strokes)


Ints = npt.NDArray[np.int64]


class Pieces(NamedTuple):
    """Runs cut to passages (:func:`_segments`): per passage how many pieces, then the
    start, end and attribution code of every piece, passage after passage."""

    counts: Ints
    lo: Ints
    hi: Ints
    code: Ints


def _segments(passages: Sequence[Passage], runs: Runs) -> Pieces:
    """The runs over each of ``passages`` (of one document), cut to its span.

    For each passage, the runs from the first that ends after it starts to the last
    that starts before it ends, each cut to the passage, the empty ones left out.
    Returns how many pieces each passage has, then the start, end and attribution
    code of every piece, passage after passage.
    """
    starts, ends, codes = (np.array(r, dtype=np.int64) for r in runs)
    p_starts = np.array([p.start for p in passages], dtype=np.int64)
    p_ends = np.array([p.end for p in passages], dtype=np.int64)
    first = np.searchsorted(ends, p_starts, side="right")
    count = np.maximum(np.searchsorted(starts, p_ends, side="left") - first, 0)
    owner = np.repeat(np.arange(len(passages)), count)
    k = np.arange(len(owner)) - np.repeat(np.cumsum(count) - count - first, count)
    lo = np.maximum(starts[k], p_starts[owner])
    hi = np.minimum(ends[k], p_ends[owner])
    kept = hi > lo
    pieces = np.bincount(owner[kept], minlength=len(passages))
    return Pieces(pieces, lo[kept], hi[kept], codes[k][kept])
