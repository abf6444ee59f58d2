"""The align stage's worker side against a plain reference implementation.

``_align_pair``, ``edit_words``, ``quote_spans`` and the prefilter's ``_passes`` were
rewritten for speed; the functions below are the code as it stood before (renamed
``ref_*``), with the rules added since written plainly beside them (the clause rule:
``ref_clause_runs``; runs relevant on both sides). The fast code must give exactly
what they give, on paragraph pairs built with word edits, moved runs and sentences,
quotation marks and configurations around the thresholds, and on the seed articles.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Hashable, Sequence
from itertools import starmap
from typing import Any, NamedTuple, Protocol

import attrs
import numpy as np
import numpy.typing as npt
import pytest
from helpers import generator
from hypothesis import example, given, settings
from hypothesis import strategies as st
from rapidfuzz.distance import Indel

import provenance
from provenance.align import (
    _SLOTS,
    Block,
    Words,
    _align_pair,
    _bit_sets,
    _Found,
    _passes,
    _popcounts,
    _Stock,
    _stock,
    _token_text,
    _word_sets,
    _WordSets,
    edit_words,
)
from provenance.arrays import ranges
from provenance.index import candidates
from provenance.model import (
    AlignConfig,
    Document,
    Edit,
    EditOp,
    EditRow,
    Paragraph,
    Segmentation,
    Sentence,
)
from provenance.segment import quote_spans, segment
from provenance.sketch import sketch

# --------------------------------------------------------------------------- reference
# The implementation before the rewrite, verbatim but for the ``ref`` names.

_QUOTE_MARK = re.compile('[“«„”»"]')
_CLOSE_QUOTES = "”»"
_POPCOUNT = np.array([bin(i).count("1") for i in range(256)], dtype=np.int64)


def ref_in_order_blocks(a: Sequence[Hashable], b: Sequence[Hashable], min_run: int) -> list[Block]:
    blocks = Indel.editops(a, b).as_matching_blocks()
    return [(m.a, m.b, m.size) for m in blocks if m.size >= min_run]


def ref_in_order_matches(a: Sequence[Hashable], b: Sequence[Hashable]) -> list[Block]:
    """:func:`ref_in_order_blocks` with ``min_run`` 1: every run of the Indel alignment."""
    return ref_in_order_blocks(a, b, 1)


ref_GAP: dict[int, re.Pattern[bytes]] = {}


def ref_gaps(matched: bytearray, min_len: int) -> list[tuple[int, int]]:
    """Maximal runs of unmatched positions at least ``min_len`` long."""
    pattern = ref_GAP.get(min_len)
    if pattern is None:
        pattern = ref_GAP[min_len] = re.compile(b"\\x00{%d,}" % min_len)
    return [m.span() for m in pattern.finditer(matched)]


def ref_mark(matched: bytearray, first: int, size: int) -> None:
    matched[first : first + size] = b"\x01" * size


def ref_moved_blocks(
    a: Sequence[Hashable],
    b: Sequence[Hashable],
    ma: bytearray,
    mb: bytearray,
    min_run: int,
) -> list[Block]:
    """Runs shared out of order: left-over words of ``a`` aligned with left-over words of ``b``.

    The first pair of gaps (runs of at least ``min_run`` unmarked words, see
    :func:`ref_shared_gaps`) whose alignment has runs of at least ``min_run`` words
    gives those runs, which are marked; the search then starts over on the gaps
    left, until no pair has such a run.
    """
    found: list[Block] = []
    gap = b"\x00" * min_run
    if gap not in ma or gap not in mb:
        return found
    empty: set[tuple[int, int, int, int]] = set()
    while (shared := ref_shared_gaps(a, b, ma, mb, min_run, empty)) is not None:
        a0, b0, blocks = shared
        for x, y, size in blocks:
            found.append((a0 + x, b0 + y, size))
            ref_mark(ma, a0 + x, size)
            ref_mark(mb, b0 + y, size)
    return found


def ref_shared_gaps(
    a: Sequence[Hashable],
    b: Sequence[Hashable],
    ma: bytearray,
    mb: bytearray,
    min_run: int,
    empty: set[tuple[int, int, int, int]],
) -> tuple[int, int, list[Block]] | None:
    """The first pair of gaps, ``a``'s in order and for each ``b``'s in order, whose
    alignment has runs of at least ``min_run`` words: where the two gaps start and
    those runs (relative to them); ``None`` if no pair has one.

    ``empty`` holds the pairs ``(a0, a1, b0, b1)`` known to have none, and gains
    those found here. The words of a gap depend on its bounds only, so such a
    pair is not aligned again; nor is a pair whose longest common subsequence is
    shorter than ``min_run`` words.
    """
    least = 2 * min_run  # Indel similarity: twice the longest common subsequence
    gaps_b = ref_gaps(mb, min_run)
    for a0, a1 in ref_gaps(ma, min_run):
        for b0, b1 in gaps_b:
            pair = (a0, a1, b0, b1)
            if pair in empty:
                continue
            left_a, left_b = a[a0:a1], b[b0:b1]
            if Indel.similarity(left_a, left_b, score_cutoff=least) >= least:
                blocks = ref_in_order_blocks(left_a, left_b, min_run)
                if blocks:
                    return a0, b0, blocks
            empty.add(pair)
    return None


class ref_Par(NamedTuple):
    """What aligning reads of a paragraph: its document, character span, word range,
    and its sentences as ``(start, end, first word, last word)``."""

    doc: str
    start: int
    end: int
    tokens: tuple[int, int]
    sentences: list[tuple[int, int, int, int]]

    @classmethod
    def of(cls, seg: Segmentation, i: int) -> ref_Par:
        """Paragraph ``i``, read from the columns of ``seg.paragraphs``."""
        table = seg.paragraphs
        f0, f1 = table.first_sentence[i : i + 2].tolist()
        lo, hi = table.tokens[i].tolist()
        spans = table.sentence_spans[f0:f1].tolist()
        words = table.sentence_tokens[f0:f1].tolist()
        return cls(
            table.doc_id(i),
            int(table.start[i]),
            int(table.end[i]),
            (lo, hi),
            [(s, e, x, y) for (s, e), (x, y) in zip(spans, words, strict=True)],
        )


def ref_sentence_ranges(p: ref_Par) -> list[tuple[int, int]]:
    """Each sentence of ``p`` as a ``[first, last)`` word range relative to the paragraph."""
    lo = p.tokens[0]
    return [(x - lo, y - lo) for _, _, x, y in p.sentences]


def ref_coverage(matched: bytearray, ranges: list[tuple[int, int]]) -> list[float]:
    return [matched.count(1, a, b) / (b - a) if b > a else 0.0 for a, b in ranges]


def ref_region(
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


def ref_char_span(
    seg: Segmentation,
    p: ref_Par,
    first: int,
    last: int,
    ranges: list[tuple[int, int]],
    carried: list[bool],
) -> tuple[int, int]:
    """Character span of words ``[first, last)``, widened to whole carried sentences."""
    start = int(seg.token_starts[p.tokens[0] + first])
    end = int(seg.token_ends[p.tokens[0] + last - 1])
    for (s, e, _, _), (a, b), c in zip(p.sentences, ranges, carried, strict=True):
        if c and a == first:
            start = min(start, s)
        if c and b == last:
            end = max(end, e)
    return start, end


def ref_clause_runs(
    a: Sequence[Hashable],
    runs: list[Block],
    moved: list[Block],
    first: int,
    stock: _Stock,
    config: AlignConfig,
) -> list[Block]:
    """The runs carrying a clause, and the in-order runs linked to them by gaps of at
    most ``clause_gap`` words on both sides, found by marking until nothing changes."""

    # the words of ``a`` inside a stock phrase: those of each n-gram starting at a marked word
    in_stock = {
        w
        for j in range(len(a))
        if stock.common is not None and stock.common[first + j]
        for w in range(j, j + stock.size)
    }

    def carries(x: int, n: int) -> bool:
        starts = [x + j for j in range(n - stock.size + 1)]
        rare = [j for j in starts if stock.common is None or not stock.common[first + j]]
        grams = {tuple(a[j : j + stock.size]) for j in rare}
        fresh = sum(1 for w in range(x, x + n) if w not in in_stock)
        return (
            n >= config.min_clause_words
            and len(grams) >= stock.least
            and fresh >= config.min_clause_fresh_words
        )

    def close(p: Block, q: Block) -> bool:
        (x0, y0, n0), (x1, y1, _) = sorted((p, q))
        return 0 <= x1 - x0 - n0 <= config.clause_gap and 0 <= y1 - y0 - n0 <= config.clause_gap

    marked = {blk for blk in runs if carries(blk[0], blk[2])}
    grown = True
    while marked and grown:
        grown = False
        for blk in runs:
            if blk not in marked and any(close(blk, m) for m in marked if m in runs):
                marked.add(blk)
                grown = True
    return sorted(marked) + [blk for blk in moved if carries(blk[0], blk[2])]


def ref_align_pair(
    seg: Segmentation,
    config: AlignConfig,
    table: str | None,
    a_index: int,
    b_index: int,
    stock: _Stock | None = None,
) -> _Found | None:
    """:func:`align_pair` as a :data:`_Found` tuple, on slices of ``table``
    (:func:`_token_text`) when given."""
    (a_lo, a_hi), (b_lo, b_hi) = seg.paragraphs.tokens[[a_index, b_index]].tolist()
    a: Sequence[Hashable]
    b: Sequence[Hashable]
    if table is None:
        a, b = seg.words(a_lo, a_hi), seg.words(b_lo, b_hi)
    else:
        a, b = table[a_lo:a_hi], table[b_lo:b_hi]
    stock = stock or _stock(None)
    least = min(config.min_shared_words, config.min_clause_words)
    matches = ref_in_order_matches(a, b)
    ordered = [blk for blk in matches if blk[2] >= config.min_run]
    # Blocks are disjoint: their sizes add up to the words marked shared.
    if sum(n for _, _, n in ordered) < least // 2:
        return None
    ma = bytearray(len(a))
    mb = bytearray(len(b))
    for x, y, n in ordered:
        ma[x : x + n] = b"\x01" * n
        mb[y : y + n] = b"\x01" * n
    moved = ref_moved_blocks(a, b, ma, mb, config.min_moved_run)
    if ma.count(1) < least:
        return None
    pa, pb = ref_Par.of(seg, a_index), ref_Par.of(seg, b_index)
    ra, rb = ref_sentence_ranges(pa), ref_sentence_ranges(pb)
    ca, cb = ref_coverage(ma, ra), ref_coverage(mb, rb)
    long = config.min_sentence_words
    best = max(
        [c for c, (s, e) in zip(ca, ra, strict=True) if e - s >= long]
        + [c for c, (s, e) in zip(cb, rb, strict=True) if e - s >= long],
        default=0.0,
    )
    clause = ref_clause_runs(a, ordered, moved, a_lo, stock, config)
    if best < config.min_sentence_coverage and not clause:
        return None
    carried_a = [c >= config.region_coverage for c in ca]
    carried_b = [c >= config.region_coverage for c in cb]
    relevant = ref_relevant(ordered + moved, ra, carried_a, rb, carried_b, len(a), len(b))
    relevant = sorted(set(relevant) | set(clause))
    a0, a1 = ref_region(ra, carried_a, [(x, x + n) for x, _, n in relevant])
    b0, b1 = ref_region(rb, carried_b, [(y, y + n) for _, y, n in relevant])
    if a1 <= a0 or b1 <= b0:
        return None
    inside = sorted(
        blk
        for blk in relevant
        if a0 <= blk[0] and blk[0] + blk[2] <= a1 and b0 <= blk[1] and blk[1] + blk[2] <= b1
    )
    shared = sum(n for _, _, n in inside)
    if shared < (least if clause else config.min_shared_words):
        return None
    moved_set = set(moved)
    whole = a0 == 0 and a1 == len(a) and b0 == 0 and b1 == len(b)
    edits, _, matched = ref_script_rows(
        ref_offsets(seg, pa),
        ref_offsets(seg, pb),
        a[a0:a1],
        b[b0:b1],
        [blk for blk in inside if blk in moved_set],
        (a0, a1),
        (b0, b1),
        matches if whole else None,  # the regions are the paragraphs: aligned already
    )
    quotation = ref_only_quoted(
        seg, pa, [(x, n) for x, _, n in inside], config
    ) and ref_only_quoted(seg, pb, [(y, n) for _, y, n in inside], config)
    # Indel's normalised similarity, from the matches of the region alignment
    # (as rapidfuzz computes it: 1 - distance / total length).
    total = a1 - a0 + b1 - b0
    similarity = 1.0 - (total - 2 * matched) / total
    containment = min(1.0, shared / min(a1 - a0, b1 - b0))
    oa, ob = pa.tokens[0], pb.tokens[0]
    return (
        a_index,
        b_index,
        ref_char_span(seg, pa, a0, a1, ra, carried_a),
        ref_char_span(seg, pb, b0, b1, rb, carried_b),
        tuple([(oa + x, ob + y, n) for x, y, n in inside]),
        round(similarity, 6),
        round(containment, 6),
        shared,
        tuple(edits),
        quotation,
    )


def ref_relevant(
    blocks: list[Block],
    ra: list[tuple[int, int]],
    carried_a: list[bool],
    rb: list[tuple[int, int]],
    carried_b: list[bool],
    len_a: int,
    len_b: int,
) -> list[Block]:
    """The blocks that overlap a carried sentence on both sides."""
    mask_a = ref_carried_words(ra, carried_a, len_a)
    mask_b = ref_carried_words(rb, carried_b, len_b)
    if mask_a is None or mask_b is None:  # an empty carried sentence: test each range
        return [
            blk
            for blk in blocks
            if ref_touches(blk[0], blk[2], ra, carried_a)
            and ref_touches(blk[1], blk[2], rb, carried_b)
        ]
    return [
        (x, y, n)
        for x, y, n in blocks
        if mask_a.find(1, x, x + n) >= 0 and mask_b.find(1, y, y + n) >= 0
    ]


def ref_carried_words(
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


def ref_only_quoted(
    seg: Segmentation, p: ref_Par, runs: Sequence[tuple[int, int]], config: AlignConfig
) -> bool:
    """Whether fewer than ``min_run`` of the shared words lie outside quotation marks."""
    quotes = ref_quote_spans(seg.corpus_text(p.doc), p.start, p.end)
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


def ref_covered(blocks: list[Block]) -> tuple[bytearray, bytearray]:
    """1 at each word of ``a``, and of ``b``, inside one of ``blocks`` (runs of at
    least one word), up to the end of the last run on that side."""
    cover_a = bytearray(max([x + n for x, _, n in blocks], default=0))
    cover_b = bytearray(max([y + n for _, y, n in blocks], default=0))
    for x, y, n in blocks:
        ref_mark(cover_a, x, n)
        ref_mark(cover_b, y, n)
    return cover_a, cover_b


def ref_starts(blocks: list[Block]) -> tuple[bytearray, bytearray]:
    """1 at the first word of each of ``blocks`` in ``a``, and in ``b``, up to the
    last such word on that side (empty without blocks)."""
    starts_a = bytearray(max([x + 1 for x, _, _ in blocks], default=0))
    starts_b = bytearray(max([y + 1 for _, y, _ in blocks], default=0))
    for x, y, _ in blocks:
        starts_a[x] = starts_b[y] = 1
    return starts_a, starts_b


def ref_touches(first: int, size: int, ranges: list[tuple[int, int]], carried: list[bool]) -> bool:
    return any(
        c and first < e and first + size > s for (s, e), c in zip(ranges, carried, strict=True)
    )


class ref_Offsets(Protocol):
    """Where the words of a text stretch are: ``text[starts[i]:ends[i]]``."""

    @property
    def text(self) -> str: ...
    @property
    def starts(self) -> list[int]: ...
    @property
    def ends(self) -> list[int]: ...


class ref_Spans(NamedTuple):
    text: str
    starts: list[int]
    ends: list[int]


def ref_offsets(seg: Segmentation, p: ref_Par) -> ref_Spans:
    lo, hi = p.tokens
    return ref_Spans(
        seg.corpus_text(p.doc), seg.token_starts[lo:hi].tolist(), seg.token_ends[lo:hi].tolist()
    )


def ref_edits(
    a: ref_Offsets,
    b: ref_Offsets,
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
    moved_a, moved_b = ref_starts(moved)
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


def ref_script_rows(
    a: ref_Offsets,
    b: ref_Offsets,
    words_a: Sequence[Hashable],
    words_b: Sequence[Hashable],
    moved: list[Block],
    region_a: tuple[int, int],
    region_b: tuple[int, int],
    blocks: list[Block] | None = None,
) -> tuple[list[EditRow], list[Block], int]:
    """Edits between two regions, given the runs found out of order.

    ``words_a`` and ``words_b`` are the words of the regions; ``blocks``, when
    given, is their :func:`ref_in_order_matches`. Edits are the gaps between
    in-order matches that overlap no moved run; single shared words count here
    (they are not changes), though not towards verification. Returns the edits,
    those in-order runs and the number of words the in-order alignment matches
    (moved runs included: the length of the longest common subsequence).
    """
    a0 = region_a[0]
    b0 = region_b[0]
    if blocks is None:
        blocks = ref_in_order_matches(words_a, words_b)
    if moved:
        cover_a, cover_b = ref_covered(moved)
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
    return ref_edits(a, b, in_order, moved, region_a, region_b), in_order, matches


def ref_edit_words(
    a: Words, b: Words, config: AlignConfig | None = None
) -> tuple[tuple[Edit, ...], list[Block]]:
    """:func:`edit_script` on word lists already at hand: the edits and the shared runs."""
    config = config or AlignConfig()
    if not a.words or not b.words:
        return (), []
    matches = ref_in_order_matches(a.words, b.words)
    ma = bytearray(len(a.words))
    mb = bytearray(len(b.words))
    for x, y, n in matches:
        if n >= config.min_run:
            ref_mark(ma, x, n)
            ref_mark(mb, y, n)
    moved = ref_moved_blocks(a.words, b.words, ma, mb, config.min_moved_run)
    rows, in_order, _ = ref_script_rows(
        a, b, a.words, b.words, moved, (0, len(a.words)), (0, len(b.words)), matches
    )
    return tuple(starmap(Edit, rows)), in_order + moved


# --------------------------------------------------------------------------- prefilter
#
# A pair is linked only if one sentence of at least ``min_sentence_words`` words,
# on either side, has ``min_sentence_coverage`` of its words marked shared. Every
# marked word lies in a run matched to an equal run of the other paragraph, and


def ref_popcounts(bits: npt.NDArray[np.uint64]) -> npt.NDArray[np.int64]:
    """Set bits of each row."""
    counts: npt.NDArray[np.int64]
    if hasattr(np, "bitwise_count"):  # numpy >= 2
        counts = np.bitwise_count(bits).sum(axis=1, dtype=np.int64)
    else:
        counts = _POPCOUNT[bits.view(np.uint8)].sum(axis=1)
    return counts


def ref_passes(sets: _WordSets, pairs: npt.NDArray[np.int64]) -> npt.NDArray[np.bool_]:
    """Whether each pair may still be linked (see the bound above)."""
    keep = np.zeros(len(pairs), dtype=bool)
    for side in (0, 1):
        todo = np.flatnonzero(~keep)
        own, other = pairs[todo, side], pairs[todo, 1 - side]
        lo = sets.first[own]
        count = sets.first[own + 1] - lo
        item = np.repeat(np.arange(len(todo)), count)
        sentence = ranges(lo, lo + count)
        missing = ref_popcounts(sets.sentences[sentence] & sets.absent[other[item]])
        keep[todo[item[missing <= sets.slack[sentence]]]] = True
    return keep


def ref_quote_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Spans of ``text[start:end]`` inside double quotation marks, marks included.

    Typographic quotes open and close as written; a closing mark met outside a
    quotation opens one (a common typo), and a straight ``"`` toggles.

    >>> t = 'He said “we urge calm” and left. ”We note it.” "Yes."'
    >>> [t[a:b] for a, b in ref_quote_spans(t)]
    ['“we urge calm”', '”We note it.”', '"Yes."']
    """
    stop = len(text) if end is None else end
    spans: list[tuple[int, int]] = []
    opened: int | None = None
    for m in _QUOTE_MARK.finditer(text, start, stop):
        i, ch = m.start(), m.group()
        if opened is None:
            opened = i
        elif ch in _CLOSE_QUOTES or ch == '"':
            spans.append((opened, i + 1))
            opened = None
    if opened is not None:  # an unclosed quotation runs to the end of the paragraph
        spans.append((opened, stop))
    return spans


# --------------------------------------------------------------------------- inputs

Text = list[list[int]]  # a paragraph: its sentences, each a list of word ids
Quotes = list[tuple[int, str, bool]]  # (word, mark, after the word)

MARKS = '“«„”»"'


def _segmentation(paragraphs: list[tuple[Text, Quotes]], one_document: bool) -> Segmentation:
    """Paragraphs written out (word ``w`` as ``w<w>``) with quotation marks stuck to
    their words; in one document, blank-line separated, or one document each."""
    table: list[int] = []
    starts: list[int] = []
    ends: list[int] = []
    texts: dict[str, str] = {}
    out: list[Paragraph] = []
    text = "Heading line\n\n" if one_document else ""
    for k, (sents, quotes) in enumerate(paragraphs):
        doc = "d" if one_document else f"d{k}"
        if not one_document:
            text = ""
        elif out:
            text += "\n\n"
        begin, lo, spans, word = len(text), len(table), [], 0
        marks: dict[tuple[int, bool], str] = {}
        for at, mark, after in quotes:
            marks[at, after] = marks.get((at, after), "") + mark
        for words in sents:
            first_char, first_word = len(text), len(table)
            for w in words:
                text += " " if len(text) > first_char else ""
                text += marks.get((word, False), "")
                starts.append(len(text))
                text += f"w{w}"
                ends.append(len(text))
                text += marks.get((word, True), "")
                table.append(w)
                word += 1
            text += "."
            spans.append(Sentence(first_char, len(text), (first_word, len(table))))
            text += " "
        text = text[:-1]
        texts[doc] = text
        out.append(Paragraph(doc, k, begin, len(text), tuple(spans), (lo, len(table))))
    return Segmentation(
        provenance.Corpus(tuple(Document(doc, text) for doc, text in texts.items())),
        tuple(out),
        np.array(table, dtype=np.int32),
        np.array(starts, dtype=np.int32),
        np.array(ends, dtype=np.int32),
        (),  # the words' spellings: not needed to align
        texts,
    )


def _edited(base: Text, edits: list[tuple[str, int, int, int]]) -> Text:
    """``base`` after word, clause and sentence edits of the kinds reuse makes."""
    out = [list(s) for s in base]
    for kind, i, j, word in edits:
        s = out[i % len(out)]
        if kind == "replace":
            s[j % len(s)] = word
        elif kind == "delete" and len(s) > 1:
            del s[j % len(s)]
        elif kind == "insert":
            s.insert(j % (len(s) + 1), word)
        elif kind == "move sentence" and len(out) > 1:
            out.insert(j % len(out), out.pop(i % len(out)))
        elif kind == "move run" and len(s) > 2:  # a clause to the other end of its sentence
            cut = 1 + j % (len(s) - 1)
            out[i % len(out)] = s[cut:] + s[:cut]
        elif kind == "move clause" and len(s) > 3 and len(out) > 1:  # into another sentence
            cut = 1 + j % (len(s) - 2)
            clause, out[i % len(out)] = s[cut : cut + 3], s[:cut] + s[cut + 3 :]
            other = out[(i + 1) % len(out)]
            other[word % (len(other) + 1) : word % (len(other) + 1)] = clause
        elif kind == "drop sentence" and len(out) > 1:
            del out[i % len(out)]
        elif kind == "new sentence":
            out.insert(j % (len(out) + 1), [word] * (1 + i % 7))
        elif kind == "split" and len(s) > 1:
            cut = 1 + j % (len(s) - 1)
            out[i % len(out) : i % len(out) + 1] = [s[:cut], s[cut:]]
        elif kind == "join" and len(out) > 1:
            k = i % (len(out) - 1)
            out[k : k + 2] = [out[k] + out[k + 1]]
    return [s for s in out if s] or [[0]]


KINDS = [
    "replace",
    "delete",
    "insert",
    "move sentence",
    "move run",
    "move clause",
    "drop sentence",
    "new sentence",
    "split",
    "join",
]
CONFIG = st.builds(
    AlignConfig,
    min_run=st.integers(1, 3),
    min_moved_run=st.integers(1, 5),
    min_shared_words=st.integers(1, 12),
    min_sentence_words=st.integers(1, 8),
    min_sentence_coverage=st.sampled_from([0.0, 0.3, 0.5, 0.6, 0.7, 0.75, 0.9, 1.0]),
    region_coverage=st.sampled_from([0.0, 0.5, 0.7, 1.0]),
    min_clause_words=st.integers(1, 10),
    min_clause_fresh_words=st.integers(0, 6),
    clause_gap=st.integers(0, 3),
)


@st.composite
def _pairs(draw: st.DrawFn) -> tuple[Text, Text, Quotes, Quotes]:
    """A paragraph, an edited copy of it, and quotation marks for each."""
    vocabulary = draw(st.integers(2, 40))
    word = st.integers(0, vocabulary - 1)
    base = draw(st.lists(st.lists(word, min_size=1, max_size=14), min_size=1, max_size=5))
    edits = draw(
        st.lists(
            st.tuples(st.sampled_from(KINDS), st.integers(0, 50), st.integers(0, 50), word),
            max_size=8,
        )
    )
    copy = _edited(base, edits)

    def quotes(text: Text) -> Quotes:
        size = sum(len(s) for s in text)
        mark = st.tuples(st.integers(0, size - 1), st.sampled_from(MARKS), st.booleans())
        return draw(st.lists(mark, max_size=6))

    return base, copy, quotes(base), quotes(copy)


def _outcome(
    align: Callable[[Segmentation, AlignConfig, str | None, int, int], _Found | None],
    *args: Any,
) -> tuple[str, object]:
    """What ``align`` returns, or the type of what it raises (sentences reaching
    outside their paragraph can make either version index past the words)."""
    try:
        return "returns", align(*args)
    except IndexError as e:
        return "raises", type(e)


def fast_align_pair(
    seg: Segmentation, config: AlignConfig, table: str | None, a_index: int, b_index: int
) -> _Found | None:
    """``_align_pair`` with no stock phrases, called as the reference is."""
    return _align_pair(seg, config, table, _stock(None), a_index, b_index)


def _same(seg: Segmentation, config: AlignConfig) -> None:
    """Both directions, on the token text and on the id lists, as the reference."""
    for table in (_token_text(seg), None):
        for a, b in ((0, 1), (1, 0)):
            args = (seg, config, table, a, b)
            assert _outcome(fast_align_pair, *args) == _outcome(ref_align_pair, *args)


# --------------------------------------------------------------------------- align


@settings(max_examples=250, deadline=None)
@given(_pairs(), CONFIG, st.booleans())
@example(
    ([[1, 2, 3, 4, 5, 6, 7, 8, 9, 10]], [[6, 7, 8, 9, 10, 1, 2, 3, 4, 5]], [], []),
    AlignConfig(),
    False,
)
@example(
    ([[1, 2, 3, 4, 5, 6, 7, 8]], [[1, 2, 3, 4, 5, 6, 7, 8]], [(0, "“", False), (7, "”", True)], []),
    AlignConfig(min_run=1),
    True,
)
def test_align_pair_equals_the_reference(
    case: tuple[Text, Text, Quotes, Quotes], config: AlignConfig, one_document: bool
) -> None:
    base, copy, quotes_a, quotes_b = case
    _same(_segmentation([(base, quotes_a), (copy, quotes_b)], one_document), config)


@settings(max_examples=120, deadline=None)
@given(_pairs(), st.booleans())
def test_align_pair_with_the_default_config_equals_the_reference(
    case: tuple[Text, Text, Quotes, Quotes], one_document: bool
) -> None:
    base, copy, quotes_a, quotes_b = case
    _same(_segmentation([(base, quotes_a), (copy, quotes_b)], one_document), AlignConfig())


@settings(max_examples=150, deadline=None)
@given(_pairs(), CONFIG, st.integers(2, 5), st.integers(1, 3), st.randoms(use_true_random=False))
def test_align_pair_with_stock_phrases_equals_the_reference(
    case: tuple[Text, Text, Quotes, Quotes],
    config: AlignConfig,
    size: int,
    least: int,
    rnd: Any,
) -> None:
    base, copy, quotes_a, quotes_b = case
    seg = _segmentation([(base, quotes_a), (copy, quotes_b)], False)
    common = np.array([rnd.random() < 0.3 for _ in range(len(seg.token_ids))], dtype=bool)
    stock = _Stock(common, size, least)
    for table in (_token_text(seg), None):
        for a, b in ((0, 1), (1, 0)):
            fast = _outcome(
                lambda *args: _align_pair(*args[:3], stock, *args[3:]), seg, config, table, a, b
            )
            assert fast == _outcome(
                lambda *args: ref_align_pair(*args, stock=stock), seg, config, table, a, b
            )


def _odd_segmentation(sentences: list[tuple[int, int]], seg: Segmentation) -> Segmentation:
    """``seg`` with the first paragraph's sentences replaced by word ranges that may be
    empty, overlap, or reach outside the paragraph (as hand-built inputs can)."""
    first, *rest = seg.paragraphs
    lo = first.tokens[0]
    odd = attrs.evolve(
        first,
        sentences=tuple(
            Sentence(first.start, first.end, (lo + s, lo + s + n)) for s, n in sentences
        ),
    )
    return Segmentation(
        seg.corpus,
        (odd, *rest),
        seg.token_ids,
        seg.token_starts,
        seg.token_ends,
        seg.vocabulary,
        seg.texts,
    )


@settings(max_examples=150, deadline=None)
@given(
    _pairs(),
    CONFIG,
    st.lists(st.tuples(st.integers(-3, 30), st.integers(0, 12)), min_size=1, max_size=5),
)
def test_align_pair_on_odd_sentences_equals_the_reference(
    case: tuple[Text, Text, Quotes, Quotes],
    config: AlignConfig,
    sentences: list[tuple[int, int]],
) -> None:
    base, copy, quotes_a, quotes_b = case
    seg = _segmentation([(base, quotes_a), (copy, quotes_b)], True)
    _same(_odd_segmentation(sentences, seg), config)


@pytest.mark.parametrize(
    "config",
    [AlignConfig(), AlignConfig(min_run=1, min_moved_run=2), AlignConfig(region_coverage=0.9)],
)
def test_align_pair_on_the_seed_articles_equals_the_reference(config: AlignConfig) -> None:
    seg = segment(provenance.load(provenance.example_path()))
    table = _token_text(seg)
    n = len(seg.paragraphs)
    linked = 0
    for i in range(n):
        for j in range(i + 1, n):
            found = fast_align_pair(seg, config, table, i, j)
            assert found == ref_align_pair(seg, config, table, i, j)
            linked += found is not None
    assert linked >= 20


def test_a_paragraph_kept_from_the_pair_before_is_not_taken_for_another_segmentations() -> None:
    """The first paragraph of consecutive pairs is read once: only for the same
    paragraph of the same segmentation, even while another one with that index lives."""
    words = [[1, 2, 3, 4, 5, 6, 7, 8], [9, 10, 11, 12, 13, 14]]
    one = _segmentation([(words, []), (words[::-1], []), (words[:1], [])], True)
    other = _segmentation([(words[::-1], [(0, "“", False)]), (words, []), (words, [])], False)
    config = AlignConfig(min_shared_words=4, min_sentence_words=4)
    for seg, a, b in [(one, 0, 1), (one, 0, 2), (other, 0, 1), (one, 0, 1), (other, 0, 2)]:
        found = fast_align_pair(seg, config, _token_text(seg), a, b)
        assert found is not None
        assert found == ref_align_pair(seg, config, _token_text(seg), a, b)


@pytest.mark.parametrize("dtype", ["<i8", ">i4", "<u4"])
def test_word_offsets_of_any_integer_layout_give_the_reference(dtype: str) -> None:
    """Offsets are read in place when numpy's layout allows (native integers), and
    converted otherwise: the same edits and spans either way."""
    words = [[1, 2, 3, 4, 5, 6, 7, 8], [9, 10, 11, 12, 13, 14]]
    seg = _segmentation([(words, [(2, "«", False)]), (words[::-1], [(3, "»", True)])], True)
    seg = attrs.evolve(
        seg,
        token_starts=seg.token_starts.astype(dtype),
        token_ends=seg.token_ends.astype(dtype),
    )
    config = AlignConfig(min_shared_words=4, min_sentence_words=4)
    found = fast_align_pair(seg, config, None, 0, 1)
    assert found is not None and found == ref_align_pair(seg, config, None, 0, 1)
    assert all(type(x) is int for edit in found[8] for x in edit[3:7])


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Segmentation, np.ndarray]:
    """A corpus from the benchmark generator (reworded copies, quotes, boilerplate)
    and its candidate pairs, as the pipeline finds them."""
    out = tmp_path_factory.mktemp("generated")
    generator().generate(out, paragraphs=1500, seed=11)
    seg = segment(provenance.load(out / "corpus"))
    return seg, candidates(seg, sketch(seg))


def test_align_pair_on_a_generated_corpus_equals_the_reference(
    generated: tuple[Segmentation, np.ndarray],
) -> None:
    seg, pairs = generated
    config = AlignConfig()
    table = _token_text(seg)
    found = [fast_align_pair(seg, config, table, a, b) for a, b in pairs.tolist()]
    assert found == [ref_align_pair(seg, config, table, a, b) for a, b in pairs.tolist()]
    assert sum(f is not None for f in found) >= 100
    assert any(f is not None and f[-1] for f in found)  # a quotation among them


# --------------------------------------------------------------------------- edit words


@settings(max_examples=100, deadline=None)
@given(_pairs(), st.integers(1, 3), st.integers(1, 5))
def test_edit_words_equals_the_reference(
    case: tuple[Text, Text, Quotes, Quotes], min_run: int, min_moved_run: int
) -> None:
    base, copy, _, _ = case
    seg = _segmentation([(base, []), (copy, [])], True)
    config = AlignConfig(min_run=min_run, min_moved_run=min_moved_run)
    a = Words.of_paragraph(seg, seg.paragraphs[0])
    b = Words.of_paragraph(seg, seg.paragraphs[1])
    assert edit_words(a, b, config) == ref_edit_words(a, b, config)
    assert edit_words(b, a, config) == ref_edit_words(b, a, config)


# --------------------------------------------------------------------------- quotes


@settings(max_examples=400, deadline=None)
@given(
    st.text(alphabet=MARKS + "ab .\n", max_size=40),
    st.integers(-5, 45),
    st.none() | st.integers(-5, 45),
)
def test_quote_spans_equal_the_reference(text: str, start: int, end: int | None) -> None:
    assert quote_spans(text, start, end) == ref_quote_spans(text, start, end)


# --------------------------------------------------------------------------- prefilter


@settings(max_examples=100, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(0, 60), st.integers(1, 4))
def test_popcounts_and_passes_equal_the_reference(seed: int, count: int, density: int) -> None:
    rng = np.random.default_rng(seed)
    words = 8  # 512 slots

    def bits(rows: int) -> npt.NDArray[np.uint64]:
        out = rng.integers(0, 2**64, size=(rows, words), dtype=np.uint64)
        for _ in range(density):  # sparser sets, as word sets are
            out &= rng.integers(0, 2**64, size=(rows, words), dtype=np.uint64)
        return out

    sample = bits(count)
    assert _popcounts(sample).tolist() == ref_popcounts(sample).tolist()
    assert _popcounts(np.asfortranarray(sample)).tolist() == ref_popcounts(sample).tolist()
    paragraphs = 12
    first = np.concatenate([[0], np.cumsum(rng.integers(0, 4, paragraphs))]).astype(np.int64)
    sets = _WordSets(
        ~bits(paragraphs),
        bits(int(first[-1])),
        first,
        rng.integers(0, 300, int(first[-1])).astype(np.int64),
    )
    pairs = rng.integers(0, paragraphs, size=(count, 2)).astype(np.int64)
    assert _passes(sets, pairs).tolist() == ref_passes(sets, pairs).tolist()


def test_passes_on_a_generated_corpus_equal_the_reference(
    generated: tuple[Segmentation, np.ndarray],
) -> None:
    seg, pairs = generated
    for coverage in (0.3, 0.7, 1.0):
        sets = _word_sets(seg, AlignConfig(min_sentence_coverage=coverage), pairs)
        for chunk in (pairs[:1], pairs[:100], pairs):
            assert _passes(sets, chunk).tolist() == ref_passes(sets, chunk).tolist()


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.lists(st.integers(0, _SLOTS - 1), max_size=12), max_size=20),
    st.integers(1, 5),
    st.integers(1, 3),
)
def test_bit_sets_in_blocks_and_threads_equal_the_plain_sets(
    rows: list[list[int]], step: int, threads: int
) -> None:
    """Each row's bits are the slots it holds, however the rows are cut into blocks
    and spread over threads."""
    slots = np.array([x for row in rows for x in row], dtype=np.intp)
    sizes = np.array([len(row) for row in rows], dtype=np.int64)
    hi = np.cumsum(sizes)
    bits = _bit_sets(slots, hi - sizes, hi, threads=threads, step=step)
    for row, found in zip(rows, bits.tolist(), strict=True):
        held = {k * 64 + b for k, word in enumerate(found) for b in range(64) if word >> b & 1}
        assert held == set(row)


def test_passes_on_the_seed_articles_equal_the_reference() -> None:
    seg = segment(provenance.load(provenance.example_path()))
    n = len(seg.paragraphs)
    pairs = np.array([(i, j) for i in range(n) for j in range(i + 1, n)], dtype=np.int64)
    for coverage in (0.3, 0.7, 1.0):
        sets = _word_sets(seg, AlignConfig(min_sentence_coverage=coverage), pairs)
        assert _passes(sets, pairs).tolist() == ref_passes(sets, pairs).tolist()


def test_popcounts_without_numpy_bitwise_count(monkeypatch: pytest.MonkeyPatch) -> None:
    """numpy < 2 has no ``bitwise_count``: bytes are counted with a table instead."""
    rng = np.random.default_rng(7)
    sample = rng.integers(0, 2**64, size=(50, 8), dtype=np.uint64)
    sample[0] = 0
    sample[1] = np.uint64(2**64 - 1)
    expected = ref_popcounts(sample).tolist()
    monkeypatch.delattr(np, "bitwise_count", raising=False)
    assert _popcounts(sample).tolist() == expected
    assert expected[:2] == [0, 512]
