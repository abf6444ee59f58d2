"""What the trees read of each passage: its token span and words, whether it is its
whole paragraph, and whether it is the opening sentences of one; one passage at a
time, or a whole run of them at once.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

import numpy as np
import numpy.typing as npt

from provenance.align import Words
from provenance.arrays import ranges
from provenance.model import Passage, Segmentation
from provenance.origin.context import _Context


def _token_span(seg: Segmentation, p: Passage) -> tuple[int, int]:
    """``[first, last)`` in the token table: the words starting inside ``p``."""
    lo, hi = seg.paragraphs.token_range(p.paragraph)
    first, last = np.searchsorted(seg.token_starts[lo:hi], (p.start, p.end)).tolist()
    return lo + first, lo + last


def _words(seg: Segmentation, p: Passage, span: tuple[int, int]) -> Words:
    """The words of ``p`` (:meth:`Words.of_passage`), given its token span."""
    first, last = span
    return Words(
        seg.corpus_text(p.doc),
        seg.words(first, last),
        seg.token_starts[first:last].tolist(),
        seg.token_ends[first:last].tolist(),
    )


class _Opening(NamedTuple):
    """A paragraph's opening sentences: ``kept`` of its ``total`` (:func:`_opening`)."""

    kept: int
    total: int


class _Read(NamedTuple):
    """What :class:`_Builder` reads of each passage of a run, computed for all of them at
    once (a few numpy calls per run instead of several per passage)."""

    spans: list[int]  # token spans, first and last, flat
    words: list[Words]
    whole: list[bool]  # whether each is its whole paragraph
    openings: list[_Opening | None]  # and its :func:`_opening`


def token_spans(seg: Segmentation, passages: Sequence[Passage]) -> dict[str, tuple[int, int]]:
    """Each passage's token span (its first word's and one past its last word's
    positions in the token table), by passage id, found for all at once."""
    n = len(passages)
    first, last = _token_spans(
        seg,
        np.fromiter([p.paragraph for p in passages], dtype=np.int64, count=n),
        np.fromiter([p.start for p in passages], dtype=np.int64, count=n),
        np.fromiter([p.end for p in passages], dtype=np.int64, count=n),
    )
    return {p.id: (a, b) for p, a, b in zip(passages, first.tolist(), last.tolist(), strict=True)}


def _token_spans(
    seg: Segmentation,
    para: npt.NDArray[np.int64],
    start: npt.NDArray[np.int64],
    end: npt.NDArray[np.int64],
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """The first and one-past-last token of the stretches ``[start, end)`` of
    paragraphs ``para``: one searchsorted over the paragraphs' token starts, each
    paragraph's keyed by the stretch's number above any offset."""
    lo, hi = seg.paragraphs.tokens[para].T
    rows = ranges(lo, hi)
    at = np.cumsum(hi - lo) - (hi - lo)  # where each paragraph's tokens begin in rows
    number = np.arange(len(para), dtype=np.int64) << 32
    keys = np.repeat(number, hi - lo) | seg.token_starts[rows]
    first = np.searchsorted(keys, number | start) - at + lo
    last = np.searchsorted(keys, number | end) - at + lo
    return first, last


def _read(seg: Segmentation, passages: Sequence[Passage]) -> _Read:
    """:func:`_token_span`, :func:`_words`, :func:`_whole` and :func:`_opening` of
    every passage of ``passages``, vectorised over them.

    Each passage's words are a slice of one string of the run's word ids, one
    character per word (as :func:`provenance.align._token_text` has them): rapidfuzz
    aligns characters several times faster than a list of ints and matches depend only
    on which words are equal, so similarities and edits are the same. Ids beyond
    Unicode's range fall back to lists of ints.
    """
    n = len(passages)
    table = seg.paragraphs
    para = np.fromiter([p.paragraph for p in passages], dtype=np.int64, count=n)
    start = np.fromiter([p.start for p in passages], dtype=np.int64, count=n)
    end = np.fromiter([p.end for p in passages], dtype=np.int64, count=n)
    first, last = _token_spans(seg, para, start, end)
    spans = np.stack([first, last], axis=1).reshape(-1).tolist()
    # Words: the tokens of every passage, one passage after the other.
    tokens = ranges(first, last)
    stops = np.cumsum(last - first).tolist()
    ids = seg.token_ids[tokens]
    every: str | list[int]
    if len(ids) and (int(ids.min()) < 0 or int(ids.max()) >= 0x110000):
        every = ids.tolist()
    else:
        every = ids.astype("<u4").tobytes().decode("utf-32-le", "surrogatepass")
    starts = seg.token_starts[tokens].tolist()
    ends = seg.token_ends[tokens].tolist()
    words = [
        Words(seg.corpus_text(p.doc), every[a:b], starts[a:b], ends[a:b])  # type: ignore[arg-type]
        for p, a, b in zip(passages, [0, *stops][:-1], stops, strict=True)
    ]
    # Whole paragraphs and openings (sentences ending by the passage's end).
    begins = start <= table.start[para].astype(np.int64) + 1
    whole = (begins & (end >= table.end[para].astype(np.int64) - 1)).tolist()
    s_lo, s_hi = table.first_sentence[para], table.first_sentence[para + 1]
    inside = table.sentence_spans[ranges(s_lo, s_hi), 1] <= np.repeat(end, s_hi - s_lo)
    below = np.concatenate([[0], np.cumsum(inside)])
    s_stops = np.cumsum(s_hi - s_lo)
    kept = (below[s_stops] - below[s_stops - (s_hi - s_lo)]).tolist()
    total = (s_hi - s_lo).tolist()
    openings = [
        _Opening(k, t) if b and 0 < k < t else None
        for k, t, b in zip(kept, total, begins.tolist(), strict=True)
    ]
    return _Read(spans, words, whole, openings)


def _opening(ctx: _Context, p: Passage) -> _Opening | None:
    """(kept, total) sentences when ``p`` is the opening sentences of a longer paragraph."""
    table = ctx.seg.paragraphs
    rows = table.sentence_rows(p.paragraph)
    kept = int(np.count_nonzero(table.sentence_spans[rows.start : rows.stop, 1] <= p.end))
    if p.start <= table.start[p.paragraph] + 1 and 0 < kept < len(rows):
        return _Opening(kept, len(rows))
    return None


def _whole(ctx: _Context, p: Passage) -> bool:
    """Whether ``p`` is the whole of its paragraph."""
    table = ctx.seg.paragraphs
    return bool(p.start <= table.start[p.paragraph] + 1 and p.end >= table.end[p.paragraph] - 1)
