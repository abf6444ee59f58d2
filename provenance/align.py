"""Align: verify candidate pairs with rapidfuzz and describe what changed.

Two paragraphs are aligned word by word with rapidfuzz's Indel alignment on
their token-id sequences (rapidfuzz aligns any sequence of hashables). Runs of
at least ``min_run`` shared words are kept; a second pass aligns the words left
over on each side against each other, so that a clause moved to another place
in the paragraph is still found (``moved`` runs, at least ``min_moved_run``).

A pair becomes a verified :class:`~provenance.model.Alignment` when it shares
at least ``min_shared_words`` words and one sentence of either side is carried
(``min_sentence_coverage`` of its words shared, counting the runs that lie in
carried sentences on both sides), or when it carries a clause: a shared run of
``min_clause_words`` words that is not made of stock phrases
(:func:`_clause_runs`). The aligned region on each side spans the carried
sentences and clauses and the runs that match them; similarity, containment and
the edit script are computed over those regions.

In a script written without spaces each character is a word, and a word of Chinese
is about two characters: a pair of paragraphs mostly in such a script needs twice
``min_shared_words`` and twice ``min_clause_words`` (:func:`_for_characters`).

Most candidate pairs are not links. :func:`align` first drops, in bulk and
without aligning them, the pairs the anchors' screen rules out (they share
nothing rarer than a stock phrase), then the pairs that provably cannot carry a sentence
(:func:`prefilter`, with the proof), except the pairs the anchors found
(:mod:`provenance.anchors`), which may carry a clause; words are aligned as the
characters of one string (:func:`_token_text`), and worker processes send plain
tuples back.
"""

from __future__ import annotations

import bisect
from collections.abc import Hashable, Sequence
from itertools import starmap
from typing import Any, NamedTuple, Protocol

import attrs
import numpy as np
import numpy.typing as npt
from rapidfuzz.distance import Indel

from provenance.anchors import Anchors
from provenance.arrays import ranges
from provenance.model import (
    AlignConfig,
    Alignment,
    Alignments,
    AlignmentTable,
    Edit,
    EditOp,
    EditRow,
    Edits,
    EditTable,
    IndexConfig,
    Paragraph,
    Segmentation,
)
from provenance.parallel import (
    beside,
    collector_paused,
    in_threads,
    map_chunks,
    progress,
    worker_count,
)
from provenance.scan import solo_words
from provenance.segment import quote_spans, tokenize

__all__ = ["Words", "align", "align_pair", "edit_script", "edit_words", "prefilter"]

Block = tuple[int, int, int]  # (first word in a, first word in b, length), relative


def _in_order_blocks(a: Sequence[Hashable], b: Sequence[Hashable], min_run: int) -> list[Block]:
    blocks = Indel.editops(a, b).as_matching_blocks()
    return [(m.a, m.b, m.size) for m in blocks if m.size >= min_run]


def _in_order_matches(a: Sequence[Hashable], b: Sequence[Hashable]) -> list[Block]:
    """:func:`_in_order_blocks` with ``min_run`` 1: every run of the Indel alignment."""
    return _in_order_blocks(a, b, 1)


def _gaps(matched: bytearray, min_len: int) -> list[tuple[int, int]]:
    """Maximal runs of unmatched positions (0; matched ones are 1) at least ``min_len`` long."""
    found: list[tuple[int, int]] = []
    find = matched.find
    zeros = bytes(min_len)
    start = find(zeros)
    while start >= 0:  # a few runs: a few byte searches, cheaper than a pattern's scan
        end = find(1, start + min_len)
        if end < 0:
            found.append((start, len(matched)))
            break
        found.append((start, end))
        start = find(zeros, end)
    return found


def _mark(matched: bytearray, first: int, size: int) -> None:
    matched[first : first + size] = b"\x01" * size


def _moved_blocks(
    a: Sequence[Hashable],
    b: Sequence[Hashable],
    ma: bytearray,
    mb: bytearray,
    min_run: int,
) -> list[Block]:
    """Runs shared out of order: left-over words of ``a`` aligned with left-over words of ``b``.

    The first pair of gaps (runs of at least ``min_run`` unmarked words, see
    :func:`_shared_gaps`) whose alignment has runs of at least ``min_run`` words
    gives those runs, which are marked; the search then starts over on the gaps
    left, until no pair has such a run.
    """
    found: list[Block] = []
    empty: set[tuple[int, int, int, int]] = set()
    gaps_a = _gaps(ma, min_run)
    gaps_b = _gaps(mb, min_run) if gaps_a else []
    while gaps_b and (shared := _shared_gaps(a, b, gaps_a, gaps_b, min_run, empty)):
        a0, b0, blocks = shared
        for x, y, size in blocks:
            found.append((a0 + x, b0 + y, size))
            _mark(ma, a0 + x, size)
            _mark(mb, b0 + y, size)
        gaps_a, gaps_b = _gaps(ma, min_run), _gaps(mb, min_run)
    return found


def _shared_gaps(
    a: Sequence[Hashable],
    b: Sequence[Hashable],
    gaps_a: list[tuple[int, int]],
    gaps_b: list[tuple[int, int]],
    min_run: int,
    empty: set[tuple[int, int, int, int]],
) -> tuple[int, int, list[Block]] | None:
    """The first pair of gaps, of ``gaps_a`` in order and for each of ``gaps_b`` in
    order, whose alignment has runs of at least ``min_run`` words: where the two
    gaps start and those runs (relative to them); ``None`` if no pair has one.

    ``empty`` holds the pairs ``(a0, a1, b0, b1)`` known to have none, and gains
    those found here. The words of a gap depend on its bounds only, so such a
    pair is not aligned again; nor is a pair whose longest common subsequence is
    shorter than ``min_run`` words.
    """
    least = 2 * min_run  # Indel similarity: twice the longest common subsequence
    for a0, a1 in gaps_a:
        left_a = a[a0:a1]
        for b0, b1 in gaps_b:
            pair = (a0, a1, b0, b1)
            if pair in empty:
                continue
            left_b = b[b0:b1]
            if Indel.similarity(left_a, left_b, score_cutoff=least) >= least:
                blocks = _in_order_blocks(left_a, left_b, min_run)
                if blocks:
                    return a0, b0, blocks
            empty.add(pair)
    return None


class _Par:
    """What aligning reads of a paragraph: its document, character span, word range,
    its sentences as ``[first, last)`` word ranges relative to the paragraph and as
    ``[start, end)`` character spans; once asked for, whether its sentences cover
    it and where its quotations start and end."""

    __slots__ = (
        "cover",
        "doc",
        "end",
        "offsets",
        "quotes",
        "ranges",
        "spans",
        "start",
        "tokens",
    )

    def __init__(self, seg: Segmentation, i: int, tokens: tuple[int, int]) -> None:
        """Paragraph ``i``, whose word range is ``tokens``, read from the columns of
        ``seg.paragraphs``."""
        table = seg.paragraphs
        f0, f1 = table.first_sentence[i : i + 2].tolist()
        lo = tokens[0]
        self.doc: str = table.doc_id(i)
        self.start: int = int(table.start[i])
        self.end: int = int(table.end[i])
        self.tokens = tokens
        self.ranges: list[tuple[int, int]] = [
            (x - lo, y - lo) for x, y in table.sentence_tokens[f0:f1].tolist()
        ]
        self.spans: list[list[int]] = table.sentence_spans[f0:f1].tolist()
        self.cover: bool | None = None
        self.quotes: list[int] | None = None
        self.offsets: _Spans | None = None

    def covered(self) -> bool:
        """Whether each word of the paragraph is in one of its sentences, as when the
        sentences follow one another from its first word to its last (as
        segmentation cuts them)."""
        if self.cover is None:
            ranges = self.ranges
            ends = [e for _, e in ranges]
            self.cover = (
                bool(ranges)
                and ranges[0][0] == 0
                and ends[-1] == self.tokens[1] - self.tokens[0]
                and [s for s, _ in ranges[1:]] == ends[:-1]
            )
        return self.cover

    def words_at(self, seg: Segmentation) -> _Spans:
        """Where the paragraph's words are (:func:`_offsets`), read once."""
        if self.offsets is None:
            self.offsets = _offsets(seg, self)
        return self.offsets

    def quote_bounds(self, text: str) -> list[int]:
        """Where the quotations of the paragraph (in its document's ``text``) start and
        end, in order: inside a quotation is after an odd number of them."""
        if self.quotes is None:
            self.quotes = [x for span in quote_spans(text, self.start, self.end) for x in span]
        return self.quotes


class _Recent:
    """The first paragraph of the pair aligned last, of one segmentation. A chunk of
    pairs is sorted by their first paragraph (:func:`align`): most pairs share it
    with the pair before, and it is read once for all of them. Each chunk (and each
    :func:`align_pair`) has its own."""

    __slots__ = ("last",)

    def __init__(self) -> None:
        self.last: tuple[int, _Par] | None = None

    def get(self, seg: Segmentation, i: int, tokens: tuple[int, int]) -> _Par:
        """Paragraph ``i`` of ``seg`` (whose word range is ``tokens``)."""
        last = self.last
        if last is not None and last[0] == i:
            return last[1]
        par = _Par(seg, i, tokens)
        self.last = (i, par)
        return par


def _carried(
    matched: bytearray, ranges: list[tuple[int, int]], config: AlignConfig
) -> tuple[list[bool], bool]:
    """Whether each sentence of ``ranges`` is carried (``region_coverage`` of its words
    are marked in ``matched``), and whether one of at least ``min_sentence_words``
    words has ``min_sentence_coverage`` of them marked (one pass over the sentences)."""
    long, least, region = (
        config.min_sentence_words,
        config.min_sentence_coverage,
        config.region_coverage,
    )
    carried: list[bool] = []
    covered = False
    for a, b in ranges:
        share = matched.count(1, a, b) / (b - a) if b > a else 0.0
        carried.append(share >= region)
        if share >= least and b - a >= long:
            covered = True
    return carried, covered


class _Stock(NamedTuple):
    """What verification knows of stock phrases (:class:`~provenance.anchors.Anchors`):
    ``common[i]``, word ``i`` starts an n-gram of ``size`` words found in too many
    documents to be a copy; a clause needs ``least`` starts of other n-grams."""

    common: npt.NDArray[np.bool_] | None
    size: int
    least: int


def _stock(anchors: Anchors | None) -> _Stock:
    if anchors is None:
        defaults = IndexConfig()
        return _Stock(None, defaults.anchor_words, defaults.min_anchors)
    return _Stock(anchors.common, anchors.size, anchors.min_anchors)


def _clause_runs(
    a: Sequence[Hashable],
    runs: list[Block],
    moved: list[Block],
    first: int,
    stock: _Stock,
    config: AlignConfig,
) -> list[Block]:
    """The runs that carry a clause, and the in-order runs close to them.

    A run carries a clause when it has at least ``min_clause_words`` words,
    ``stock.least`` distinct n-grams inside it that are not stock phrases (``a``
    is the first paragraph's words, ``first`` the token of its first word), and at
    least ``min_clause_fresh_words`` words that are in no stock phrase of ``a``
    (:func:`_outside_stock`): where two stock phrases meet, the n-grams across the
    seam are rare, but the run is still common wording. Every such pair shares the
    anchors' rare n-grams (:mod:`provenance.anchors`), so it is a candidate.
    In-order runs (``runs``, sorted) within ``clause_gap`` words of a
    clause run on both sides join it, and the runs close to those, so a clause
    with a word changed is one region.
    """
    least, size, common = stock.least, stock.size, stock.common
    outside = config.min_clause_fresh_words
    # A string's slices are its n-grams as they are (equal exactly when their words are).
    as_key: Any = (lambda gram: gram) if isinstance(a, str) else tuple

    # The stock phrases' starts of the paragraph, one byte each (read many times).
    marks = b"" if common is None else common[first : first + len(a)].tobytes()

    def carries(x: int, n: int) -> bool:
        count = n - size + 1
        if n < config.min_clause_words or n < outside or count < least:
            return False
        starts: Sequence[int] = range(x, x + count)
        if marks.find(1, max(0, x - size + 1), x + n) >= 0:
            if outside and _outside_stock(marks, x, n, size) < outside:
                return False
            starts = [j for j in starts if not marks[j]]
        seen: set[Any] = set()
        for j in starts:  # until ``least`` distinct n-grams are seen
            seen.add(as_key(a[j : j + size]))
            if len(seen) >= least:
                return True
        return False

    marked = [carries(x, n) for x, _, n in runs]
    if any(marked):
        gap = config.clause_gap
        for order in (range(1, len(runs)), range(len(runs) - 2, -1, -1)):
            for i in order:
                j = i - 1 if order.step == 1 else i + 1
                if marked[j] and not marked[i]:
                    (x0, y0, n0), (x1, y1, _) = sorted((runs[i], runs[j]))
                    marked[i] = x1 - x0 - n0 <= gap and y1 - y0 - n0 <= gap
    found = [blk for blk, m in zip(runs, marked, strict=True) if m]
    return found + [blk for blk in moved if carries(blk[0], blk[2])]


def _outside_stock(marks: bytes, x: int, n: int, size: int) -> int:
    """How many of words ``[x, x + n)`` lie in no stock phrase (``marks[j]``: a stock
    n-gram of ``size`` words starts at word ``j``)."""
    end = x + n
    covered_to = x  # the words before it are counted
    outside = 0
    for j in range(max(0, x - size + 1), min(end, len(marks))):
        if marks[j]:
            if j > covered_to:
                outside += j - covered_to
            covered_to = max(covered_to, min(j + size, end))
    return outside + max(0, end - covered_to)


def _region(
    ranges: list[tuple[int, int]], carried: list[bool], lo: int, hi: int
) -> tuple[int, int]:
    """Word range ``[first, last)`` (relative) spanning carried sentences (those with
    words) and ``[lo, hi)``, the span of the relevant runs."""
    for (a, b), c in zip(ranges, carried, strict=True):
        if c and b > a:
            if a < lo:
                lo = a
            if b > hi:
                hi = b
    return lo, hi


def _char_span(
    seg: Segmentation, p: _Par, words: _Spans, first: int, last: int, carried: list[bool]
) -> tuple[int, int]:
    """Character span of words ``[first, last)`` (relative to ``p``, whose words are
    ``words``), widened to whole carried sentences."""
    if first >= 0 and last <= len(words.starts):
        start, end = words.starts[first], words.ends[last - 1]
    else:  # a carried sentence reaches past the paragraph's words
        start = int(seg.token_starts[p.tokens[0] + first])
        end = int(seg.token_ends[p.tokens[0] + last - 1])
    for (s, e), (a, b), c in zip(p.spans, p.ranges, carried, strict=True):
        if c and a == first and s < start:
            start = s
        if c and b == last and e > end:
            end = e
    return start, end


def _token_text(seg: Segmentation) -> str | None:
    """The token table as one string, one character per word (its id as code point).

    rapidfuzz compares the characters of a string directly, while a list of ids
    is converted element by element on every call, so aligning string slices is
    several times cheaper; matches depend only on which words are equal, so the
    alignments are the same. ``None`` when an id is beyond Unicode's range.
    """
    ids = seg.token_ids
    if len(ids) and (int(ids.min()) < 0 or int(ids.max()) >= 0x110000):
        return None
    return ids.astype("<u4").tobytes().decode("utf-32-le", "surrogatepass")


def align_pair(
    seg: Segmentation,
    a_index: int,
    b_index: int,
    config: AlignConfig | None = None,
    anchors: Anchors | None = None,
) -> Alignment | None:
    """Align two paragraphs; the verified :class:`Alignment`, or ``None``.

    ``anchors`` tell which runs are stock phrases; without them none is.
    """
    config = config or AlignConfig()
    wide = _wide_paragraphs(seg, np.array([a_index, b_index], dtype=np.int64))
    if wide is not None and wide.any():
        config = _for_characters(config)
    found = _align_pair(seg, config, None, _stock(anchors), a_index, b_index)
    return None if found is None else _alignment(found)


# An Alignment as a plain tuple (its fields in order; edits as EditRow): cheap to
# build in a worker process, where attrs objects are not.
_Found = tuple[
    int,
    int,
    tuple[int, int],
    tuple[int, int],
    tuple[Block, ...],
    float,
    float,
    int,
    tuple[EditRow, ...],
    bool,
]


def _alignment(found: _Found) -> Alignment:
    """The :class:`Alignment` of a :data:`_Found` tuple."""
    a, b, a_span, b_span, blocks, similarity, containment, shared, edits, quotation = found
    made = Edits(EditTable.from_rows(edits), 0, len(edits))
    return Alignment(a, b, a_span, b_span, blocks, similarity, containment, shared, made, quotation)


def _align_pair(
    seg: Segmentation,
    config: AlignConfig,
    table: str | None,
    stock: _Stock,
    a_index: int,
    b_index: int,
    bounds: tuple[int, int, int, int] | None = None,
    recent: _Recent | None = None,
) -> _Found | None:
    """:func:`align_pair` as a :data:`_Found` tuple, on slices of ``table``
    (:func:`_token_text`) when given. ``bounds`` are the two paragraphs' word
    ranges, ``a_lo, a_hi, b_lo, b_hi``, when the caller has them at hand; ``recent``
    keeps the first paragraph read from one pair to the next (a chunk's)."""
    recent = recent or _Recent()
    if bounds is None:
        tokens = seg.paragraphs.tokens
        a_lo, a_hi = tokens[a_index].tolist()
        b_lo, b_hi = tokens[b_index].tolist()
    else:
        a_lo, a_hi, b_lo, b_hi = bounds
    a: Sequence[Hashable]
    b: Sequence[Hashable]
    if table is None:
        a, b = seg.words(a_lo, a_hi), seg.words(b_lo, b_hi)
    else:
        a, b = table[a_lo:a_hi], table[b_lo:b_hi]
    matches = _in_order_matches(a, b)
    ordered = [blk for blk in matches if blk[2] >= config.min_run]
    least = min(config.min_shared_words, config.min_clause_words)
    # Blocks are disjoint: their sizes add up to the words marked shared.
    if sum([n for _, _, n in ordered]) < least // 2:
        return None
    ma = bytearray(len(a))
    mb = bytearray(len(b))
    for x, y, n in ordered:
        ma[x : x + n] = mb[y : y + n] = b"\x01" * n
    moved = _moved_blocks(a, b, ma, mb, config.min_moved_run)
    if ma.count(1) < least:
        return None
    pa, pb = recent.get(seg, a_index, (a_lo, a_hi)), _Par(seg, b_index, (b_lo, b_hi))
    ra, rb = pa.ranges, pb.ranges
    carried_a, covered_a = _carried(ma, ra, config)
    carried_b, covered_b = _carried(mb, rb, config)
    # The clause runs are found only where they can change the outcome (None: not
    # looked for yet): a pair that carries a sentence needs them only for its region.
    clause: list[Block] | None = None
    # No long sentence with enough of its words shared (shares are at least 0), and
    # no clause carried.
    if not (covered_a or covered_b) and config.min_sentence_coverage > 0:
        clause = _clause_runs(a, ordered, moved, a_lo, stock, config)
        if not clause:
            return None
    # Runs touching a carried sentence are relevant: all of them when the carried
    # sentences of one side hold all its words; so are the runs of a carried clause.
    # The region spans the relevant runs, so all of them are inside it. In-order
    # runs come sorted (on both sides).
    runs = ordered + moved if moved else ordered
    if all(carried_a) and pa.covered() and all(carried_b) and pb.covered():
        inside = runs
    else:
        inside = _relevant(runs, ra, carried_a, rb, carried_b, len(a), len(b))
        if clause is None:
            clause = _clause_runs(a, ordered, moved, a_lo, stock, config)
        if clause:
            inside = sorted(set(inside).union(clause))
    if moved:
        inside = sorted(inside)
    shared = sum([n for _, _, n in inside])
    # A pair carrying a clause needs ``least`` shared words, any other
    # ``min_shared_words`` (or no run is relevant).
    if shared < config.min_shared_words:
        if shared < least:
            return None
        if clause is None:
            clause = _clause_runs(a, ordered, moved, a_lo, stock, config)
        if not clause:
            return None
    if moved:
        moved_set = set(moved)
        moved = [blk for blk in inside if blk in moved_set]
        a0, a1 = min([x for x, _, _ in inside]), max([x + n for x, _, n in inside])
        b0, b1 = min([y for _, y, _ in inside]), max([y + n for _, y, n in inside])
    else:
        (a0, b0, _), (x, y, n) = inside[0], inside[-1]
        a1, b1 = x + n, y + n
    a0, a1 = _region(ra, carried_a, a0, a1)
    b0, b1 = _region(rb, carried_b, b0, b1)
    whole = a0 == 0 and a1 == len(a) and b0 == 0 and b1 == len(b)
    offsets_a, offsets_b = pa.words_at(seg), pb.words_at(seg)
    edits, _, matched = _script_rows(
        offsets_a,
        offsets_b,
        a[a0:a1],
        b[b0:b1],
        moved,
        (a0, a1),
        (b0, b1),
        matches if whole else None,  # the regions are the paragraphs: aligned already
    )
    quotation = _only_quoted(offsets_a, pa, inside, 0, config.min_run) and _only_quoted(
        offsets_b, pb, inside, 1, config.min_run
    )
    # Indel's normalised similarity, from the matches of the region alignment
    # (as rapidfuzz computes it: 1 - distance / total length).
    total = a1 - a0 + b1 - b0
    similarity = 1.0 - (total - 2 * matched) / total
    containment = min(1.0, shared / min(a1 - a0, b1 - b0))
    return (
        a_index,
        b_index,
        _char_span(seg, pa, offsets_a, a0, a1, carried_a),
        _char_span(seg, pb, offsets_b, b0, b1, carried_b),
        tuple([(a_lo + x, b_lo + y, n) for x, y, n in inside]),
        round(similarity, 6),
        round(containment, 6),
        shared,
        tuple(edits),
        quotation,
    )


def _relevant(
    blocks: list[Block],
    ra: list[tuple[int, int]],
    carried_a: list[bool],
    rb: list[tuple[int, int]],
    carried_b: list[bool],
    len_a: int,
    len_b: int,
) -> list[Block]:
    """The blocks that overlap a carried sentence on both sides: a run from a
    sentence carried on one side only, into a sentence the other side wrote
    itself, counts only as part of a clause (:func:`_clause_runs`)."""
    mask_a = _carried_words(ra, carried_a, len_a)
    mask_b = _carried_words(rb, carried_b, len_b)
    if mask_a is None or mask_b is None:  # an empty carried sentence: test each range
        return [
            blk
            for blk in blocks
            if _touches(blk[0], blk[2], ra, carried_a) and _touches(blk[1], blk[2], rb, carried_b)
        ]
    return [
        (x, y, n)
        for x, y, n in blocks
        if mask_a.find(1, x, x + n) >= 0 and mask_b.find(1, y, y + n) >= 0
    ]


def _carried_words(
    ranges: list[tuple[int, int]], carried: list[bool], size: int
) -> bytearray | None:
    """1 at each word of a carried sentence; ``None`` if a carried sentence has no
    words or is not inside the paragraph (then only the ranges tell)."""
    mask = bytearray(size)
    for (s, e), c in zip(ranges, carried, strict=True):
        if c:
            if not 0 <= s < e <= size:
                return None
            mask[s:e] = b"\x01" * (e - s)
    return mask


def _only_quoted(words: _Spans, p: _Par, runs: list[Block], side: int, min_run: int) -> bool:
    """Whether fewer than ``min_run`` of the words of ``runs`` (on ``side`` 0, ``a``,
    or 1, ``b``) lie outside quotation marks; ``words`` are ``p``'s."""
    bounds = p.quote_bounds(words.text)
    if not bounds:
        return False
    starts = words.starts
    outside = 0
    for run in runs:
        first = run[side]
        for start in starts[first : first + run[2]]:
            outside += bisect.bisect_right(bounds, start) % 2 == 0
            if outside >= min_run:
                return False
    return True


def _covered(blocks: list[Block]) -> tuple[bytearray, bytearray]:
    """1 at each word of ``a``, and of ``b``, inside one of ``blocks`` (runs of at
    least one word), up to the end of the last run on that side."""
    cover_a = bytearray(max([x + n for x, _, n in blocks], default=0))
    cover_b = bytearray(max([y + n for _, y, n in blocks], default=0))
    for x, y, n in blocks:
        _mark(cover_a, x, n)
        _mark(cover_b, y, n)
    return cover_a, cover_b


def _starts(blocks: list[Block]) -> tuple[bytearray, bytearray]:
    """1 at the first word of each of ``blocks`` in ``a``, and in ``b``, up to the
    last such word on that side (empty without blocks)."""
    starts_a = bytearray(max([x + 1 for x, _, _ in blocks], default=0))
    starts_b = bytearray(max([y + 1 for _, y, _ in blocks], default=0))
    for x, y, _ in blocks:
        starts_a[x] = starts_b[y] = 1
    return starts_a, starts_b


def _touches(first: int, size: int, ranges: list[tuple[int, int]], carried: list[bool]) -> bool:
    return any(
        c and first < e and first + size > s for (s, e), c in zip(ranges, carried, strict=True)
    )


class _Offsets(Protocol):
    """Where the words of a text stretch are: ``text[starts[i]:ends[i]]``."""

    @property
    def text(self) -> str: ...
    @property
    def starts(self) -> Sequence[int]: ...
    @property
    def ends(self) -> Sequence[int]: ...


class _Spans(NamedTuple):
    text: str
    starts: Sequence[int]
    ends: Sequence[int]


def _offsets(seg: Segmentation, p: _Par) -> _Spans:
    """Where the words of ``p`` are, read in place from the token table."""
    lo, hi = p.tokens
    return _Spans(
        seg.corpus_text(p.doc), _ints(seg.token_starts, lo, hi), _ints(seg.token_ends, lo, hi)
    )


def _ints(column: npt.NDArray[Any], lo: int, hi: int) -> Sequence[int]:
    """``column[lo:hi]`` as Python ints: a view of its memory (a few items of a
    paragraph are read, converting them all costs more), or a list when the
    column's layout has no such view."""
    part = column[lo:hi]
    if part.dtype.kind in "iu" and part.dtype.isnative:
        return part.data
    return part.tolist()  # type: ignore[no-any-return]


class Words(NamedTuple):
    """The words of one text stretch: ``words[i]`` at ``text[starts[i]:ends[i]]``."""

    text: str
    words: list[int] | list[str]
    starts: list[int]
    ends: list[int]

    @classmethod
    def of_paragraph(cls, seg: Segmentation, p: Paragraph) -> Words:
        lo, hi = p.tokens
        return cls(
            seg.corpus_text(p.doc),
            seg.words(lo, hi),
            seg.token_starts[lo:hi].tolist(),
            seg.token_ends[lo:hi].tolist(),
        )

    @classmethod
    def of_passage(cls, seg: Segmentation, paragraph: int, start: int, end: int) -> Words:
        """The words of ``[start, end)`` inside a paragraph, sliced from the token table."""
        p = seg.paragraphs[paragraph]
        lo, hi = p.tokens
        starts = seg.token_starts[lo:hi].tolist()
        first = bisect.bisect_left(starts, start)
        last = bisect.bisect_left(starts, end, first)
        return cls(
            seg.corpus_text(p.doc),
            seg.words(lo + first, lo + last),
            starts[first:last],
            seg.token_ends[lo + first : lo + last].tolist(),
        )

    @classmethod
    def of_span(cls, text: str, start: int, end: int) -> Words:
        found = tokenize(text[start:end])
        return cls(
            text,
            [w for w, _, _ in found],
            [start + a for _, a, _ in found],
            [start + b for _, _, b in found],
        )


def _edits(
    a: _Offsets,
    b: _Offsets,
    ordered: list[Block],
    moved: list[Block],
    region_a: tuple[int, int],
    region_b: tuple[int, int],
) -> list[EditRow]:
    """Replace / insert / delete edits between consecutive in-order runs of the regions.

    An edit is ``moved`` when one of ``moved`` starts among its words, on either side.
    """
    edits: list[EditRow] = []
    append = edits.append
    text_a, starts_a, ends_a = a.text, a.starts, a.ends
    text_b, starts_b, ends_b = b.text, b.starts, b.ends
    first_a, first_b = region_a[0], region_b[0]
    has_moved = bool(moved)
    moved_a, moved_b = _starts(moved) if has_moved else (bytearray(), bytearray())
    bounds = [blk for blk in ordered if blk[2] > 0]
    bounds.append((region_a[1], region_b[1], 0))
    a_gap0, b_gap0 = first_a, first_b  # the first word of a (b) after the last shared run
    op: EditOp
    for x1, y1, n in bounds:
        if x1 > a_gap0:
            a_start, a_end = starts_a[a_gap0], ends_a[x1 - 1]
            if y1 > b_gap0:
                b_start, b_end = starts_b[b_gap0], ends_b[y1 - 1]
                op = "replace"
            else:
                b_start = b_end = ends_b[b_gap0 - 1] if b_gap0 > first_b else starts_b[b_gap0]
                op = "delete"
        elif y1 > b_gap0:
            a_start = a_end = ends_a[a_gap0 - 1] if a_gap0 > first_a else starts_a[a_gap0]
            b_start, b_end = starts_b[b_gap0], ends_b[y1 - 1]
            op = "insert"
        else:
            a_gap0, b_gap0 = x1 + n, y1 + n
            continue
        append(
            (
                op,
                text_a[a_start:a_end],
                text_b[b_start:b_end],
                a_start,
                a_end,
                b_start,
                b_end,
                has_moved
                and (moved_a.find(1, a_gap0, x1) >= 0 or moved_b.find(1, b_gap0, y1) >= 0),
            )
        )
        a_gap0, b_gap0 = x1 + n, y1 + n
    return edits


def _script_rows(
    a: _Offsets,
    b: _Offsets,
    words_a: Sequence[Hashable],
    words_b: Sequence[Hashable],
    moved: list[Block],
    region_a: tuple[int, int],
    region_b: tuple[int, int],
    blocks: list[Block] | None = None,
) -> tuple[list[EditRow], list[Block], int]:
    """Edits between two regions, given the runs found out of order.

    ``words_a`` and ``words_b`` are the words of the regions; ``blocks``, when
    given, is their :func:`_in_order_matches`. Edits are the gaps between
    in-order matches that overlap no moved run; single shared words count here
    (they are not changes), though not towards verification. Returns the edits,
    those in-order runs and the number of words the in-order alignment matches
    (moved runs included: the length of the longest common subsequence).
    """
    a0 = region_a[0]
    b0 = region_b[0]
    if blocks is None:
        blocks = _in_order_matches(words_a, words_b)
    if moved:
        cover_a, cover_b = _covered(moved)
        in_order = [
            (x + a0, y + b0, n)
            for x, y, n in blocks
            if cover_a.find(1, x + a0, x + a0 + n) < 0 and cover_b.find(1, y + b0, y + b0 + n) < 0
        ]
    elif a0 or b0:
        in_order = [(x + a0, y + b0, n) for x, y, n in blocks]
    else:
        in_order = list(blocks)
    matches = sum([n for _, _, n in blocks])
    return _edits(a, b, in_order, moved, region_a, region_b), in_order, matches


def edit_script(
    text_a: str,
    span_a: tuple[int, int],
    text_b: str,
    span_b: tuple[int, int],
    config: AlignConfig | None = None,
) -> tuple[tuple[Edit, ...], list[Block], Words, Words]:
    """Word-level edits from ``text_a[span_a]`` to ``text_b[span_b]``.

    Returns the edits, the shared runs (``(i, j, length)`` over the two word
    lists: in-order runs, single words included, and runs of at least
    ``min_moved_run`` words found out of order) and the two word lists.
    """
    a = Words.of_span(text_a, *span_a)
    b = Words.of_span(text_b, *span_b)
    edits, blocks = edit_words(a, b, config)
    return edits, blocks, a, b


def edit_words(
    a: Words, b: Words, config: AlignConfig | None = None
) -> tuple[tuple[Edit, ...], list[Block]]:
    """:func:`edit_script` on word lists already at hand: the edits and the shared runs."""
    rows, blocks = edit_rows(a, b, config)
    return tuple(starmap(Edit, rows)), blocks


def edit_rows(
    a: Words, b: Words, config: AlignConfig | None = None
) -> tuple[list[EditRow], list[Block]]:
    """:func:`edit_words` with each edit as an :data:`~provenance.model.EditRow`
    (its fields in order): what a worker process sends back, without the objects."""
    config = config or AlignConfig()
    if not a.words or not b.words:
        return [], []
    matches = _in_order_matches(a.words, b.words)
    ma = bytearray(len(a.words))
    mb = bytearray(len(b.words))
    for x, y, n in matches:
        if n >= config.min_run:
            _mark(ma, x, n)
            _mark(mb, y, n)
    moved = _moved_blocks(a.words, b.words, ma, mb, config.min_moved_run)
    rows, in_order, _ = _script_rows(
        a, b, a.words, b.words, moved, (0, len(a.words)), (0, len(b.words)), matches
    )
    return rows, in_order + moved


# --------------------------------------------------------------------------- prefilter
#
# A pair is linked only if one sentence of at least ``min_sentence_words`` words,
# on either side, has ``min_sentence_coverage`` of its words marked shared. Every
# marked word lies in a run matched to an equal run of the other paragraph, and
# the runs are disjoint on both sides (the in-order runs are one alignment's;
# moved runs are taken from words left unmarked), so the marked words of a
# sentence are matched one to one with equal words of the other paragraph. A
# sentence word whose value does not occur in the other paragraph can therefore
# not be marked. Word values are hashed to one of ``_SLOTS`` slots, and a slot
# of the sentence that no word of the other paragraph falls in stands for at
# least one distinct such value, hence one more word that cannot be marked:
#
#     marked(s) <= len(s) - |slots(s) - slots(other paragraph)|
#
# (hash collisions only merge slots, which can only raise the bound). When this
# bound stays below the coverage threshold for every long sentence of both
# sides, no alignment can carry a sentence and the pair is dropped unaligned.
# The test needs no alignment: bit sets of the slots, an and-not and a popcount
# per (sentence, other paragraph), over whole chunks of pairs at once in numpy.

_SLOT_BITS = 9
_SLOTS = 1 << _SLOT_BITS  # 512 slots: 64 bytes per paragraph or sentence
_POPCOUNT = np.array([bin(i).count("1") for i in range(256)], dtype=np.uint8)
_BYTE_PAIRS = np.uint64(0x00FF00FF00FF00FF)  # the low byte of each 16 bits
_LANE_SUM = np.uint64(0x0001000100010001)  # sums the four 16-bit lanes into the top one


class _WordSets(NamedTuple):
    """Hashed word sets of paragraphs and of their long sentences, for :func:`prefilter`."""

    absent: npt.NDArray[np.uint64]  # (paragraphs, _SLOTS // 64): the slots a paragraph lacks
    sentences: npt.NDArray[np.uint64]  # (long sentences, _SLOTS // 64): a sentence's slots
    first: npt.NDArray[np.int64]  # long sentences of paragraph p: first[p]:first[p + 1]
    slack: npt.NDArray[np.int64]  # how many words a sentence can miss and be carried


def _bit_sets(
    slots: npt.NDArray[np.integer[Any]],
    lo: npt.NDArray[np.int64],
    hi: npt.NDArray[np.int64],
    *,
    threads: int = 1,
    step: int = 1 << 14,
) -> npt.NDArray[np.uint64]:
    """Row ``i``: the bit set of ``slots[lo[i]:hi[i]]``; ``step`` rows at a time (a
    flag byte per slot and row), the blocks over ``threads`` threads (numpy lets go
    of the GIL in each step)."""
    out = np.empty((len(lo), _SLOTS // 64), dtype=np.uint64)

    def block(r0: int) -> None:
        r1 = min(r0 + step, len(lo))
        flags = np.zeros((r1 - r0) * _SLOTS, dtype=np.uint8)
        rows = np.repeat(np.arange(0, (r1 - r0) * _SLOTS, _SLOTS), hi[r0:r1] - lo[r0:r1])
        flags[rows + slots[ranges(lo[r0:r1], hi[r0:r1])]] = 1
        bits = np.packbits(flags.reshape(r1 - r0, _SLOTS), axis=1, bitorder="little")
        out[r0:r1] = bits.view(np.uint64)

    in_threads(block, range(0, len(lo), step), threads=threads)
    return out


def _word_sets(
    seg: Segmentation, config: AlignConfig, pairs: npt.NDArray[np.int64], *, threads: int = 1
) -> _WordSets:
    """The word sets of the paragraphs in ``pairs`` (other paragraphs are left empty),
    made over ``threads`` threads."""
    count = len(seg.paragraphs)
    seen = np.zeros(count, dtype=bool)
    seen[pairs.ravel()] = True
    used = np.flatnonzero(seen)
    table = seg.paragraphs
    tokens = np.zeros((count, 2), dtype=np.int64)
    tokens[used] = table.tokens[used]
    rows, owner = table.sentences_of(used)
    lo, hi = table.sentence_tokens[rows, 0], table.sentence_tokens[rows, 1]
    size = hi - lo
    long = size >= config.min_sentence_words
    owner, lo, hi, size = owner[long], lo[long], hi[long], size[long]
    first = np.zeros(count + 1, dtype=np.int64)
    np.cumsum(np.bincount(owner, minlength=count), out=first[1:])
    needed = {n: _needed(n, config.min_sentence_coverage) for n in np.unique(size).tolist()}
    slack = size - np.array([needed[n] for n in size.tolist()], dtype=np.int64)
    # A sentence outside its paragraph's words is never held against the pair.
    outside = (lo < tokens[owner, 0]) | (hi > tokens[owner, 1])
    slack[outside] = np.iinfo(np.int64).max
    # Fibonacci hashing of the word ids to slots (uint32 products wrap around), in
    # place: one 32-bit number per token.
    slots = seg.token_ids.astype(np.uint32)
    slots *= np.uint32(0x9E3779B1)
    slots >>= np.uint32(32 - _SLOT_BITS)
    return _WordSets(
        ~_bit_sets(slots, tokens[:, 0], tokens[:, 1], threads=threads),
        _bit_sets(slots, np.where(outside, 0, lo), np.where(outside, 0, hi), threads=threads),
        first,
        slack,
    )


def _needed(size: int, coverage: float) -> int:
    """Fewest shared words that carry a sentence of ``size`` words (as ``align_pair`` tests)."""
    return next(k for k in range(size + 1) if k / size >= coverage)


def _popcounts(bits: npt.NDArray[np.uint64]) -> npt.NDArray[np.int64]:
    """Set bits of each row.

    The counts of a row's words (numpy >= 2) or bytes, one byte each, are added
    eight at a time inside a ``uint64``: bytes in pairs, then the four 16-bit
    sums in the top 16 bits of a product (at most 512: no carries). Summing a
    row's bytes along the axis costs several times more.
    """
    if hasattr(np, "bitwise_count"):  # numpy >= 2: a byte per word
        counts = np.bitwise_count(bits)
    else:  # a byte per byte
        counts = _POPCOUNT[bits.view(np.uint8)]
    lanes = np.ascontiguousarray(counts).view(np.uint64)  # rows of 8 or 64 bytes
    lanes = (lanes & _BYTE_PAIRS) + ((lanes >> np.uint64(8)) & _BYTE_PAIRS)
    lanes = (lanes * _LANE_SUM) >> np.uint64(48)
    total: npt.NDArray[np.int64] = (
        lanes[:, 0] if lanes.shape[1] == 1 else lanes.sum(axis=1)
    ).astype(np.int64)
    return total


def _passes(sets: _WordSets, pairs: npt.NDArray[np.int64]) -> npt.NDArray[np.bool_]:
    """Whether each pair may still be linked (see the bound above)."""
    keep = np.zeros(len(pairs), dtype=bool)
    for side in (0, 1):
        todo = np.flatnonzero(~keep)
        own = pairs[todo, side]
        lo = sets.first[own]
        count = sets.first[own + 1] - lo
        pair = np.repeat(todo, count)  # the pair of each of their long sentences
        sentence = ranges(lo, lo + count)
        # Rows gathered with take: several times faster than indexing with an array.
        bits = np.take(sets.sentences, sentence, axis=0)
        bits &= np.take(sets.absent, pairs[pair, 1 - side], axis=0)
        keep[pair[_popcounts(bits) <= sets.slack[sentence]]] = True
    return keep


def prefilter(
    seg: Segmentation, pairs: npt.NDArray[np.int64], config: AlignConfig | None = None
) -> npt.NDArray[np.bool_]:
    """Whether each candidate pair may be linked: ``False`` only for pairs that
    :func:`align_pair` rejects, by a bound on the shared words of each sentence
    that needs no alignment (its proof is in this module's source)."""
    config = config or AlignConfig()
    pairs = np.asarray(pairs, dtype=np.int64).reshape(-1, 2)
    if config.min_sentence_coverage <= 0:  # any pair may carry an empty share
        return np.ones(len(pairs), dtype=bool)
    return _passes(_word_sets(seg, config, pairs), pairs)


# --------------------------------------------------------------------------- align


def _table(found: Sequence[_Found]) -> AlignmentTable:
    """The :class:`AlignmentTable` of :data:`_Found` tuples, in their order."""
    return AlignmentTable(
        [f[0] for f in found],
        [f[1] for f in found],
        [(*f[2], *f[3]) for f in found],
        [f[5] for f in found],
        [f[6] for f in found],
        [f[7] for f in found],
        [f[9] for f in found],
        np.concatenate([[0], np.cumsum([len(f[4]) for f in found], dtype=np.int64)]),
        [blk for f in found for blk in f[4]],
        np.concatenate([[0], np.cumsum([len(f[8]) for f in found], dtype=np.int64)]),
        EditTable.from_rows(row for f in found for row in f[8]),
    )


def _wide_paragraphs(
    seg: Segmentation, rows: npt.NDArray[np.int64] | None = None
) -> npt.NDArray[np.bool_] | None:
    """Per paragraph (of ``rows``, or all), whether most of its words are characters of
    a script written without spaces (:func:`~provenance.scan.solo_words`); ``None``
    when no word of them is. Of ``rows``, only the words they hold are looked up."""
    vocabulary = seg.vocabulary
    if rows is None:
        spans = seg.paragraphs.tokens
        ids = seg.token_ids
        held: Sequence[int] = range(len(vocabulary))
    else:
        spans = seg.paragraphs.tokens[rows]
        ids = np.concatenate(
            [np.zeros(0, dtype=np.int64)]
            + [seg.token_ids[a:b].astype(np.int64) for a, b in spans.tolist()]
        )
        held = [i for i in np.unique(ids).tolist() if i < len(vocabulary)]
    wide = np.array([i for i in held if not vocabulary[i].isascii()], dtype=np.int64)
    solo = wide[solo_words([vocabulary[i] for i in wide.tolist()])]
    if not len(solo):
        return None
    counts = np.concatenate([[0], np.cumsum(np.isin(ids, solo))])
    words = spans[:, 1] - spans[:, 0]
    lo = spans[:, 0] if rows is None else np.cumsum(words) - words
    found: npt.NDArray[np.bool_] = 2 * (counts[lo + words] - counts[lo]) > words
    return found


def _for_characters(config: AlignConfig) -> AlignConfig:
    """``config`` for paragraphs of a script written without spaces, whose words are
    characters: a word of Chinese is about two of them, so a clause and the shared
    words of a link need twice as many (measured: ``benchmarks/bench_scripts.py``)."""
    return attrs.evolve(
        config,
        min_clause_words=2 * config.min_clause_words,
        min_clause_fresh_words=2 * config.min_clause_fresh_words,
        min_shared_words=2 * config.min_shared_words,
    )


def _align_chunk(
    seg: Segmentation,
    config: AlignConfig,
    table: str | None,
    sets: _WordSets | None,
    stock: _Stock,
    wide: npt.NDArray[np.bool_] | None,
    chunk: npt.NDArray[np.int64],
) -> AlignmentTable:
    """Align a chunk of rows ``(a, b, anchored)``: pairs that share anchors are
    aligned whatever the sentence bound says (they may carry a clause). A pair with a
    paragraph in a script without spaces (``wide``, :func:`_wide_paragraphs`) is held
    to :func:`_for_characters`. What a worker sends back: the verified alignments as
    columns, cheap to send and to keep."""
    pairs = chunk[:, :2]
    if sets is not None:
        pairs = pairs[_passes(sets, pairs) | (chunk[:, 2] != 0)]
    # The word ranges of both paragraphs of every pair, read in one gather.
    spans = seg.paragraphs.tokens[pairs].reshape(-1, 4).tolist()
    chosen = [config] * len(pairs)
    if wide is not None:
        characters = _for_characters(config)
        for k in np.flatnonzero(wide[pairs[:, 0]] | wide[pairs[:, 1]]).tolist():
            chosen[k] = characters
    recent = _Recent()
    found = (
        _align_pair(seg, conf, table, stock, a, b, (a_lo, a_hi, b_lo, b_hi), recent)
        for (a, b), (a_lo, a_hi, b_lo, b_hi), conf in zip(
            pairs.tolist(), spans, chosen, strict=True
        )
    )
    return _table([al for al in found if al is not None])


def _with_anchors(
    pairs: npt.NDArray[np.int64], anchors: Anchors | None, width: int
) -> npt.NDArray[np.int64]:
    """Rows ``(a, b, anchored)``: the candidate pairs the anchors' screen lets
    through and the anchor pairs, sorted, each once, ``anchored`` 1 for the pairs
    the anchors found.

    Each pair is one key ``(a * width + b) * 2 + anchored``: after one sort the
    last of a pair's keys tells whether the anchors found it. Both lists come
    sorted from their stages, so the (stable) sort only merges two runs, where
    ``np.union1d`` and ``np.isin`` took 40 s on the 14M pairs of 1M paragraphs.
    """
    extra = np.zeros((0, 2), dtype=np.int64) if anchors is None else anchors.pairs
    if anchors is not None:
        pairs = pairs[anchors.screen(pairs)]
    keys = pairs[:, 0] * width + pairs[:, 1]
    anchor_keys = extra[:, 0] * width + extra[:, 1]
    tagged = np.concatenate([keys << 1, (anchor_keys << 1) | 1])
    tagged.sort(kind="stable")
    last = np.ones(len(tagged), dtype=bool)
    last[:-1] = (tagged[1:] >> 1) != (tagged[:-1] >> 1)
    chosen = tagged[last]
    rows = np.empty((len(chosen), 3), dtype=np.int64)
    np.divmod(chosen >> 1, width, out=(rows[:, 0], rows[:, 1]))
    rows[:, 2] = chosen & 1
    return rows


def align(
    seg: Segmentation,
    pairs: npt.NDArray[np.int64],
    config: AlignConfig | None = None,
    *,
    anchors: Anchors | None = None,
    workers: int = 1,
    show_progress: bool | None = False,
) -> Alignments:
    """Verified alignments of candidate paragraph pairs and of the ``anchors``'
    pairs, in pair order, held as columns (:class:`~provenance.model.Alignments`:
    it reads as a sequence of :class:`~provenance.model.Alignment`).

    Candidate pairs that the anchors' screen (:meth:`Anchors.screen`) or
    :func:`prefilter` rules out are not aligned (anchor pairs always are: they may
    carry a clause rather than a sentence). ``workers``
    processes share the work (0: one per core); the result does not depend on
    their number. ``show_progress`` shows a progress bar (``None``: on a
    terminal only).
    """
    config = config or AlignConfig()
    workers = worker_count(workers)
    pairs = np.asarray(pairs, dtype=np.int64).reshape(-1, 2)
    # The token table as a string (a copy of it, decoded) is made in a thread while
    # the pairs are sorted and the prefilter's word sets made (numpy, in threads).
    with beside(workers, _token_text, seg) as token_text:
        todo = _with_anchors(pairs, anchors, len(seg.paragraphs))
        sets = None
        if config.min_sentence_coverage > 0 and len(todo):
            sets = _word_sets(seg, config, todo[:, :2], threads=workers)
        text = token_text()
    size = max(100, min(2000, len(todo) // (4 * workers) or 1))
    chunks = [todo[i : i + size] for i in range(0, len(todo), size)]
    tables: list[AlignmentTable] = []
    with collector_paused(), progress(len(todo), "aligning", enabled=show_progress) as bar:
        args = (seg, config, text, sets, _stock(anchors), _wide_paragraphs(seg))
        for chunk, found in zip(
            chunks, map_chunks(_align_chunk, args, chunks, workers=workers, chunk=1), strict=True
        ):
            tables.append(found)
            bar.update(len(chunk))
    table = AlignmentTable.concatenate(tables) if tables else _table([])
    return Alignments(table, 0, len(table))
