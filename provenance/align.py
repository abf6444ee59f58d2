"""Align: verify candidate pairs with rapidfuzz and describe what changed.

Two paragraphs are aligned word by word with rapidfuzz's Indel alignment on
their token-id sequences (rapidfuzz aligns any sequence of hashables). Runs of
at least ``min_run`` shared words are kept; a second pass aligns the words left
over on each side against each other, so that a clause moved to another place
in the paragraph is still found (``moved`` runs, at least ``min_moved_run``).

A pair becomes a verified :class:`~provenance.model.Alignment` when it shares
at least ``min_shared_words`` words and one sentence of either side is carried
(``min_sentence_coverage`` of its words shared). The aligned region on each side
spans the carried sentences and the runs that match them; similarity,
containment and the edit script are computed over those regions.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Hashable, Sequence
from itertools import pairwise
from typing import NamedTuple

import numpy as np
import numpy.typing as npt
from rapidfuzz.distance import Indel

from provenance.model import AlignConfig, Alignment, Edit, EditOp, Paragraph, Segmentation
from provenance.parallel import map_chunks, progress, worker_count
from provenance.segment import quote_spans, tokenize

__all__ = ["Words", "align", "align_pair", "edit_script", "edit_words"]

Block = tuple[int, int, int]  # (first word in a, first word in b, length), relative


def _in_order_blocks(a: Sequence[Hashable], b: Sequence[Hashable], min_run: int) -> list[Block]:
    blocks = Indel.editops(a, b).as_matching_blocks()
    return [(m.a, m.b, m.size) for m in blocks if m.size >= min_run]


def _gaps(matched: bytearray, min_len: int) -> list[tuple[int, int]]:
    """Maximal runs of unmatched positions at least ``min_len`` long."""
    return [m.span() for m in re.finditer(b"\\x00{%d,}" % min_len, matched)]


def _mark(matched: bytearray, first: int, size: int) -> None:
    matched[first : first + size] = b"\x01" * size


def _moved_blocks(
    a: Sequence[Hashable],
    b: Sequence[Hashable],
    ma: bytearray,
    mb: bytearray,
    min_run: int,
) -> list[Block]:
    """Runs shared out of order: left-over words of ``a`` aligned with left-over words of ``b``."""
    found: list[Block] = []
    progress = True
    while progress:
        progress = False
        for a0, a1 in _gaps(ma, min_run):
            for b0, b1 in _gaps(mb, min_run):
                for x, y, size in _in_order_blocks(a[a0:a1], b[b0:b1], min_run):
                    found.append((a0 + x, b0 + y, size))
                    _mark(ma, a0 + x, size)
                    _mark(mb, b0 + y, size)
                    progress = True
                if progress:
                    break
            if progress:
                break
    return found


def _sentence_ranges(p: Paragraph) -> list[tuple[int, int]]:
    """Each sentence of ``p`` as a ``[first, last)`` word range relative to the paragraph."""
    lo = p.tokens[0]
    return [(s.tokens[0] - lo, s.tokens[1] - lo) for s in p.sentences]


def _coverage(matched: bytearray, ranges: list[tuple[int, int]]) -> list[float]:
    return [sum(matched[a:b]) / (b - a) if b > a else 0.0 for a, b in ranges]


def _region(
    ranges: list[tuple[int, int]],
    carried: list[bool],
    spans: Sequence[tuple[int, int]],
) -> tuple[int, int]:
    """Word range ``[first, last)`` (relative) spanning carried sentences and relevant runs."""
    lo = min(
        [a for (a, b), c in zip(ranges, carried, strict=True) if c and b > a]
        + [a for a, _ in spans],
        default=0,
    )
    hi = max(
        [b for (a, b), c in zip(ranges, carried, strict=True) if c and b > a]
        + [b for _, b in spans],
        default=0,
    )
    return lo, hi


def _char_span(
    seg: Segmentation,
    p: Paragraph,
    first: int,
    last: int,
    ranges: list[tuple[int, int]],
    carried: list[bool],
) -> tuple[int, int]:
    """Character span of words ``[first, last)``, widened to whole carried sentences."""
    start = int(seg.token_starts[p.tokens[0] + first])
    end = int(seg.token_ends[p.tokens[0] + last - 1])
    for s, (a, b), c in zip(p.sentences, ranges, carried, strict=True):
        if c and a == first:
            start = min(start, s.start)
        if c and b == last:
            end = max(end, s.end)
    return start, end


def align_pair(
    seg: Segmentation, a_index: int, b_index: int, config: AlignConfig | None = None
) -> Alignment | None:
    """Align two paragraphs; the verified :class:`Alignment`, or ``None``."""
    config = config or AlignConfig()
    pa, pb = seg.paragraphs[a_index], seg.paragraphs[b_index]
    a = seg.words(*pa.tokens)
    b = seg.words(*pb.tokens)
    ma = bytearray(len(a))
    mb = bytearray(len(b))
    ordered = _in_order_blocks(a, b, config.min_run)
    for x, y, size in ordered:
        _mark(ma, x, size)
        _mark(mb, y, size)
    if sum(ma) < config.min_shared_words // 2:
        return None
    moved = _moved_blocks(a, b, ma, mb, config.min_moved_run)
    if sum(ma) < config.min_shared_words:
        return None
    ra, rb = _sentence_ranges(pa), _sentence_ranges(pb)
    ca, cb = _coverage(ma, ra), _coverage(mb, rb)
    long_a = [c for c, (s, e) in zip(ca, ra, strict=True) if e - s >= config.min_sentence_words]
    long_b = [c for c, (s, e) in zip(cb, rb, strict=True) if e - s >= config.min_sentence_words]
    if max(long_a + long_b, default=0.0) < config.min_sentence_coverage:
        return None
    carried_a = [c >= config.region_coverage for c in ca]
    carried_b = [c >= config.region_coverage for c in cb]
    relevant = [
        blk
        for blk in ordered + moved
        if _touches(blk[0], blk[2], ra, carried_a) or _touches(blk[1], blk[2], rb, carried_b)
    ]
    a0, a1 = _region(ra, carried_a, [(x, x + n) for x, _, n in relevant])
    b0, b1 = _region(rb, carried_b, [(y, y + n) for _, y, n in relevant])
    if a1 <= a0 or b1 <= b0:
        return None
    inside = sorted(
        blk
        for blk in relevant
        if a0 <= blk[0] and blk[0] + blk[2] <= a1 and b0 <= blk[1] and blk[1] + blk[2] <= b1
    )
    shared = sum(n for _, _, n in inside)
    if shared < config.min_shared_words:
        return None
    moved_set = set(moved)
    edits, _ = _script(
        Words.of_paragraph(seg, pa),
        Words.of_paragraph(seg, pb),
        [blk for blk in inside if blk in moved_set],
        (a0, a1),
        (b0, b1),
    )
    quotation = _only_quoted(seg, pa, [(x, n) for x, _, n in inside], config) and _only_quoted(
        seg, pb, [(y, n) for _, y, n in inside], config
    )
    similarity = Indel.normalized_similarity(a[a0:a1], b[b0:b1])
    containment = min(1.0, shared / min(a1 - a0, b1 - b0))
    oa, ob = pa.tokens[0], pb.tokens[0]
    return Alignment(
        a=a_index,
        b=b_index,
        a_span=_char_span(seg, pa, a0, a1, ra, carried_a),
        b_span=_char_span(seg, pb, b0, b1, rb, carried_b),
        blocks=tuple((oa + x, ob + y, n) for x, y, n in inside),
        similarity=round(float(similarity), 6),
        containment=round(float(containment), 6),
        shared_words=shared,
        edits=tuple(edits),
        quotation=quotation,
    )


def _only_quoted(
    seg: Segmentation, p: Paragraph, runs: Sequence[tuple[int, int]], config: AlignConfig
) -> bool:
    """Whether fewer than ``min_run`` of the shared words lie outside quotation marks."""
    quotes = quote_spans(seg.corpus_text(p.doc), p.start, p.end)
    if not quotes:
        return False
    bounds = [x for span in quotes for x in span]  # sorted, disjoint: inside = odd position
    starts = seg.token_starts
    outside = 0
    for first, size in runs:
        for i in range(p.tokens[0] + first, p.tokens[0] + first + size):
            outside += bisect.bisect_right(bounds, int(starts[i])) % 2 == 0
            if outside >= config.min_run:
                return False
    return True


def _inside_any(x: int, y: int, size: int, blocks: list[Block]) -> bool:
    """Whether the run at ``x`` (in a) or ``y`` (in b) overlaps one of ``blocks``."""
    return any(
        (x < bx + n and bx < x + size) or (y < by + n and by < y + size) for bx, by, n in blocks
    )


def _touches(first: int, size: int, ranges: list[tuple[int, int]], carried: list[bool]) -> bool:
    return any(
        c and first < e and first + size > s for (s, e), c in zip(ranges, carried, strict=True)
    )


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
    a: Words,
    b: Words,
    ordered: list[Block],
    moved: list[Block],
    region_a: tuple[int, int],
    region_b: tuple[int, int],
) -> list[Edit]:
    """Replace / insert / delete edits between consecutive in-order runs of the regions."""
    edits: list[Edit] = []
    bounds = (
        [(region_a[0], region_b[0], 0)]
        + [blk for blk in ordered if blk[2] > 0]
        + [(region_a[1], region_b[1], 0)]
    )
    for (x0, y0, n0), (x1, y1, _) in pairwise(bounds):
        ga = (x0 + n0, x1)  # words of a between two shared runs
        gb = (y0 + n0, y1)
        if ga[1] <= ga[0] and gb[1] <= gb[0]:
            continue
        a_start, a_end = _gap_chars(a, ga, region_a[0])
        b_start, b_end = _gap_chars(b, gb, region_b[0])
        op: EditOp = "replace" if ga[1] > ga[0] and gb[1] > gb[0] else "delete"
        if ga[1] <= ga[0]:
            op = "insert"
        is_moved = any(ga[0] <= m[0] < ga[1] or gb[0] <= m[1] < gb[1] for m in moved)
        edits.append(
            Edit(
                op,
                a.text[a_start:a_end],
                b.text[b_start:b_end],
                a_start,
                a_end,
                b_start,
                b_end,
                is_moved,
            )
        )
    return edits


def _gap_chars(side: Words, gap: tuple[int, int], region_first: int) -> tuple[int, int]:
    first, last = gap
    if last > first:
        return side.starts[first], side.ends[last - 1]
    at = side.ends[first - 1] if first > region_first else side.starts[first]
    return at, at


def _script(
    a: Words, b: Words, moved: list[Block], region_a: tuple[int, int], region_b: tuple[int, int]
) -> tuple[list[Edit], list[Block]]:
    """Edits between two regions, given the runs found out of order.

    Edits are the gaps between in-order matches; single shared words count here
    (they are not changes), though not towards verification. Returns the edits
    and the in-order runs.
    """
    a0, a1 = region_a
    b0, b1 = region_b
    in_order = [
        (x + a0, y + b0, n)
        for x, y, n in _in_order_blocks(a.words[a0:a1], b.words[b0:b1], 1)
        if not _inside_any(x + a0, y + b0, n, moved)
    ]
    return _edits(a, b, in_order, moved, region_a, region_b), in_order


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
    config = config or AlignConfig()
    if not a.words or not b.words:
        return (), []
    ma = bytearray(len(a.words))
    mb = bytearray(len(b.words))
    for x, y, n in _in_order_blocks(a.words, b.words, config.min_run):
        _mark(ma, x, n)
        _mark(mb, y, n)
    moved = _moved_blocks(a.words, b.words, ma, mb, config.min_moved_run)
    edits, in_order = _script(a, b, moved, (0, len(a.words)), (0, len(b.words)))
    return tuple(edits), in_order + moved


def _align_item(seg: Segmentation, config: AlignConfig, pair: list[int]) -> Alignment | None:
    return align_pair(seg, pair[0], pair[1], config)


def align(
    seg: Segmentation,
    pairs: npt.NDArray[np.int64],
    config: AlignConfig | None = None,
    *,
    workers: int = 1,
    show_progress: bool | None = False,
) -> list[Alignment]:
    """Verified alignments of candidate paragraph pairs, in pair order.

    ``workers`` processes share the work (0: one per core); the result does not
    depend on their number. ``show_progress`` shows a progress bar (``None``: on
    a terminal only).
    """
    config = config or AlignConfig()
    items = pairs.tolist()
    with progress(len(items), "aligning", enabled=show_progress) as bar:
        found = map_chunks(
            _align_item, (seg, config), items, workers=worker_count(workers), bar=bar
        )
        return [al for al in found if al is not None]
