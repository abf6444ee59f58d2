"""Wording-level origin (``provenance.origin.attribution``): painting passages over a
document and cutting the runs to passages, checked against the plain code (one word,
one passage or one run at a time) on generated passages and runs.
"""

from __future__ import annotations

import bisect
import random
from collections.abc import Mapping, Sequence
from types import SimpleNamespace
from typing import Any

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from provenance.model import Passage
from provenance.origin.attribution import Runs, _paint, _segments


def _paint_word_by_word(
    length: int,
    passages: list[Passage],
    codes: dict[str, list[int]],
    starts: list[int],
    ends: list[int],
    spans: dict[str, tuple[int, int]],
) -> tuple[list[int], list[int], list[int]]:
    """The painting rule, one character range per word: longest passage first, each
    clearing its span, then painting each word and the gap to the next word of the
    same code."""
    canvas = [-1] * length
    for p in sorted(passages, key=lambda q: (-(q.end - q.start), q.start)):
        canvas[p.start : p.end] = [-1] * (p.end - p.start)
        first, last = spans[p.id]
        for k in range(first, last):
            code = codes[p.id][k - first]
            same = k + 1 < last and codes[p.id][k + 1 - first] == code
            stop = starts[k + 1] if same else ends[k]
            canvas[starts[k] : stop] = [code] * (stop - starts[k])
    runs: tuple[list[int], list[int], list[int]] = ([], [], [])
    for i, code in enumerate(canvas):
        if code >= 0 and (i == 0 or canvas[i - 1] != code):
            runs[0].append(i)
            runs[1].append(i + 1)
            runs[2].append(code)
        elif code >= 0:
            runs[1][-1] = i + 1
    return runs


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.tuples(st.integers(1, 4), st.integers(0, 2)), min_size=1, max_size=30),
    st.lists(st.tuples(st.integers(0, 29), st.integers(0, 29), st.integers(0, 2)), max_size=6),
    st.randoms(use_true_random=False),
)
def test_painting_passages_is_painting_their_words(
    words: list[tuple[int, int]], cuts: list[tuple[int, int, int]], rnd: random.Random
) -> None:
    starts, ends, at = [], [], 0
    for size, gap in words:  # words of ``size`` characters, ``gap`` apart
        starts.append(at)
        ends.append(at + size)
        at += size + gap
    length = at + 2
    passages, codes, spans = [], {}, {}
    for n, (a, b, slack) in enumerate(cuts):
        first, last = sorted((min(a, len(words) - 1), min(b, len(words) - 1)))
        start = max(0, starts[first] - slack)  # some passages start before their first word
        p = Passage(f"d:{n}", "d", 0, start, ends[last], "")
        passages.append(p)
        spans[p.id] = (first, last + 1)
        codes[p.id] = [rnd.choice([0, 1, 4, 5]) for _ in range(first, last + 1)]
    seg = SimpleNamespace(token_starts=np.array(starts), token_ends=np.array(ends))
    arrays = {pid: np.array(c, dtype=np.int32) for pid, c in codes.items()}
    painted = _paint(seg, length, passages, arrays, spans)  # type: ignore[arg-type]
    assert painted == _paint_word_by_word(length, passages, codes, starts, ends, spans)


def _plain_paint(
    seg: Any,
    length: int,
    passages: Sequence[Passage],
    origins: Mapping[str, np.ndarray],
    spans: Mapping[str, tuple[int, int]],
) -> Runs:
    """One passage at a time, longest first: clear its span, paint its words."""
    canvas = np.full(length, -1, dtype=np.int32)
    for p in sorted(passages, key=lambda q: (-(q.end - q.start), q.start)):
        canvas[p.start : p.end] = -1
        first, last = spans[p.id]
        if last == first:
            continue
        codes = origins[p.id]
        starts = seg.token_starts[first:last]
        ends = seg.token_ends[first:last]
        stops = ends.copy()
        stops[:-1] = np.where(codes[1:] == codes[:-1], starts[1:], ends[:-1])
        paint = np.full(2 * len(codes) - 1, -1, dtype=np.int32)
        paint[::2] = codes
        widths = np.empty(len(paint), dtype=np.int64)
        widths[::2] = stops - starts
        widths[1::2] = starts[1:] - stops[:-1]
        canvas[starts[0] : stops[-1]] = np.repeat(paint, widths)
    if not length:
        return Runs([], [], [])
    bounds = np.concatenate(([0], np.flatnonzero(np.diff(canvas)) + 1, [length]))
    painted = canvas[bounds[:-1]] >= 0
    return Runs(
        bounds[:-1][painted].tolist(),
        bounds[1:][painted].tolist(),
        canvas[bounds[:-1][painted]].tolist(),
    )


@st.composite
def _documents(draw: st.DrawFn) -> tuple[Any, int, list[Passage], dict[str, Any], dict[str, Any]]:
    """A document's words (a token table), passages over them, and their words'
    attribution codes (few distinct ones, so that neighbours often share one).
    With ``free`` spans, a passage's words are any run of the document's."""
    gaps = draw(st.lists(st.tuples(st.integers(0, 3), st.integers(1, 6)), max_size=40))
    starts, ends, at = [], [], draw(st.integers(0, 3))
    for gap, width in gaps:
        starts.append(at + gap)
        ends.append(at + gap + width)
        at = ends[-1]
    length = at + draw(st.integers(0, 3))
    seg = SimpleNamespace(
        token_starts=np.array(starts, dtype=np.int32), token_ends=np.array(ends, dtype=np.int32)
    )
    free = draw(st.booleans())
    passages, origins, spans = [], {}, {}
    for k in range(draw(st.integers(0, 8))):
        a = draw(st.integers(0, length))
        b = draw(st.integers(a, length))
        if free:
            first = draw(st.integers(0, len(starts)))
            last = draw(st.integers(first, len(starts)))
        else:  # the words starting inside the passage, as the pipeline has them
            first, last = np.searchsorted(seg.token_starts, (a, b)).tolist()
        pid = f"d:{a}-{b}#{k}"
        passages.append(Passage(pid, "d", 0, a, b, ""))
        spans[pid] = (first, last)
        codes = draw(st.lists(st.integers(0, 5), min_size=last - first, max_size=last - first))
        origins[pid] = np.array(codes, dtype=np.int32)
    return seg, length, passages, origins, spans


@settings(max_examples=300, deadline=None)
@given(_documents())
def test_painting_is_the_plain_one(document: tuple[Any, ...]) -> None:
    assert _paint(*document) == _plain_paint(*document)


def test_painting_nested_and_tied_passages() -> None:
    seg = SimpleNamespace(
        token_starts=np.array([0, 4, 8, 12, 16, 20], dtype=np.int32),
        token_ends=np.array([3, 7, 11, 15, 19, 23], dtype=np.int32),
    )
    passages = [
        Passage("d:0-24", "d", 0, 0, 24, ""),
        Passage("d:4-16", "d", 0, 4, 16, ""),
        Passage("d:8-20", "d", 0, 8, 20, ""),  # as long as the one before: painted after it
        Passage("d:12-13", "d", 0, 12, 13, ""),
        Passage("d:22-24", "d", 0, 22, 24, ""),  # no word starts inside: clears only
    ]
    spans = {"d:0-24": (0, 6), "d:4-16": (1, 4), "d:8-20": (2, 5), "d:12-13": (3, 4)}
    spans["d:22-24"] = (6, 6)
    origins = {
        "d:0-24": np.array([2, 2, 4, 4, 2, 3], dtype=np.int32),
        "d:4-16": np.array([5, 5, 6], dtype=np.int32),
        "d:8-20": np.array([7, 6, 6], dtype=np.int32),
        "d:12-13": np.array([9], dtype=np.int32),
        "d:22-24": np.array([], dtype=np.int32),
    }
    runs = _paint(seg, 26, passages, origins, spans)
    assert runs == _plain_paint(seg, 26, passages, origins, spans)
    assert runs == ([0, 4, 8, 12, 15, 20], [4, 8, 11, 15, 19, 22], [2, 5, 7, 9, 6, 3])


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
