"""Sketch: word shingles and MinHash signatures, computed in numpy batches.

Every word is hashed once, when it is scanned (:func:`provenance.scan.word_hash`);
a shingle of ``k`` words hashes to a polynomial combination of its words' hashes,
mixed and folded to 32 bits, computed for a block of paragraphs at a time.
Signatures follow datasketch's ``affine32`` scheme exactly (the permutations are
taken from datasketch itself), so a row converts to a
:class:`datasketch.LeanMinHash` that compares correctly with a
``datasketch.MinHash`` built with ``hashfunc=shingle_hash`` from the same
shingles.

Matching units are the paragraphs of article text and their sentences of at
least ``min_sentence_words`` words: a sentence carried into a longer paragraph
elsewhere is found at the sentence level.
"""

from __future__ import annotations

import functools
import itertools
import mmap
from collections.abc import Sequence
from typing import NamedTuple

import numpy as np
import numpy.typing as npt
from datasketch import LeanMinHash, MinHash

from provenance.model import Segmentation, Signatures, SketchConfig
from provenance.parallel import map_chunks, progress, worker_count
from provenance.scan import mix64, scan, word_hash, word_hashes

__all__ = [
    "shingle_hash",
    "shingles",
    "sketch",
    "sketch_texts",
    "to_lean_minhash",
]

_U64 = np.uint64
_MULTIPLIER = _U64(0x9E3779B97F4A7C15)  # odd: the golden-ratio constant of 64-bit hashing
_CHUNK_SHINGLES = 1 << 16  # shingles permuted at once: 64K * 4 B = 256 KiB, in cache
_TEXTS_PER_BATCH = 5_000  # texts scanned and hashed together (one task for a worker)


def _combine(parts: Sequence[npt.NDArray[np.uint64]]) -> npt.NDArray[np.uint32]:
    """Hash of shingles whose word hashes are given position by position."""
    h = np.zeros_like(parts[0])
    for part in parts:
        h = h * _MULTIPLIER + part
    return (mix64(h) >> _U64(32)).astype(np.uint32)


def shingles(words: Sequence[str], size: int) -> list[str]:
    """The shingles of a word sequence, each as its words joined by one space.

    A sequence shorter than ``size`` is one shingle of all its words.

    >>> shingles(["the", "u.s.", "envoy", "said"], 3)
    ['the u.s. envoy', 'u.s. envoy said']
    """
    if len(words) <= size:
        return [" ".join(words)] if words else []
    return [" ".join(words[i : i + size]) for i in range(len(words) - size + 1)]


def shingle_hash(shingle: str | bytes) -> int:
    """The 32-bit hash of one shingle (words joined by single spaces).

    This is the hash :func:`sketch` applies in bulk; pass it as datasketch's
    ``hashfunc`` to build comparable sketches one shingle at a time.
    """
    text = shingle.decode("utf-8") if isinstance(shingle, bytes) else shingle
    parts = [np.array([word_hash(w)], dtype=_U64) for w in text.split(" ")]
    return int(_combine(parts)[0])


@functools.cache
def _permutations(
    num_perm: int, seed: int
) -> tuple[npt.NDArray[np.uint32], npt.NDArray[np.uint32]]:
    """datasketch's ``affine32`` permutations (made once per size and seed; read only)."""
    a, b = MinHash(num_perm=num_perm, seed=seed, scheme="affine32").permutations
    a, b = np.array(a, dtype=np.uint32), np.array(b, dtype=np.uint32)
    a.flags.writeable = b.flags.writeable = False
    return a, b


def _fmix32(h: npt.NDArray[np.uint32]) -> npt.NDArray[np.uint32]:
    h = h ^ (h >> np.uint32(16))
    h = h * np.uint32(0x85EBCA6B)
    h = h ^ (h >> np.uint32(13))
    h = h * np.uint32(0xC2B2AE35)
    return h ^ (h >> np.uint32(16))


class _Units(NamedTuple):
    """The matching units, and the pieces their shingles are minimised over.

    A paragraph's shingles split into disjoint runs ("pieces"): the shingles of
    each of its sentence units, and the runs between them (shingles spanning two
    sentences, or inside a sentence too short to be a unit). A sentence's
    signature is its piece's; a paragraph's is the minimum over its pieces. So
    every shingle is permuted once, not once per unit that holds it. Units
    shorter than one shingle are computed directly. Pieces are given by their
    shingles' first words ``[piece_starts, piece_ends)``, in text order.
    """

    paragraph: npt.NDArray[np.int64]  # per unit: its paragraph, kind (0 paragraph,
    kind: npt.NDArray[np.int8]  # 1 sentence) and words [first, last)
    first: npt.NDArray[np.int64]
    last: npt.NDArray[np.int64]
    piece_starts: npt.NDArray[np.int64]
    piece_ends: npt.NDArray[np.int64]
    sentence_units: npt.NDArray[np.int64]  # units that are one piece, and that piece
    sentence_pieces: npt.NDArray[np.int64]
    paragraph_units: npt.NDArray[np.int64]  # units made of pieces, and their first piece
    paragraph_pieces: npt.NDArray[np.int64]
    direct: npt.NDArray[np.int64]  # units shorter than a shingle


def _units(segmentation: Segmentation, config: SketchConfig) -> _Units:
    """The matching units of ``segmentation`` and their pieces, laid out with numpy."""
    size = config.shingle_size
    paragraphs = segmentation.paragraphs
    eligible = np.flatnonzero(
        ~paragraphs.is_boilerplate & (paragraphs.tokens[:, 1] > paragraphs.tokens[:, 0])
    )
    par_tokens = paragraphs.tokens[eligible]
    # The sentences of eligible paragraphs with two or more, as (paragraph, first, last).
    counts = np.diff(paragraphs.first_sentence)[eligible]
    rows, owner = paragraphs.sentences_of(eligible[counts >= 2])
    sentences = np.column_stack([owner, paragraphs.sentence_tokens[rows]])
    sentences = sentences[sentences[:, 2] - sentences[:, 1] >= config.min_sentence_words]
    # Units: each paragraph, then its sentence units in order.
    par = np.concatenate([eligible.astype(np.int64), sentences[:, 0]])
    kind = np.concatenate([np.zeros(len(eligible), np.int8), np.ones(len(sentences), np.int8)])
    order = np.lexsort((kind, par))
    first = np.concatenate([par_tokens[:, 0], sentences[:, 1]])[order]
    last = np.concatenate([par_tokens[:, 1], sentences[:, 2]])[order]
    par, kind = par[order], kind[order]
    # Paragraphs of at least one shingle are made of pieces; so are their sentence
    # units of at least one shingle, one piece each.
    par_first = np.zeros(len(paragraphs), dtype=np.int64)
    par_last = np.zeros(len(paragraphs), dtype=np.int64)
    par_first[eligible], par_last[eligible] = par_tokens[:, 0], par_tokens[:, 1]
    long = (par_last - par_first >= size)[par]
    in_pieces = long & (last - first >= size)
    units = np.arange(len(par))
    sentence_units = units[in_pieces & (kind == 1)]
    paragraph_units = units[in_pieces & (kind == 0)]
    direct = units[~in_pieces]
    # The runs before each sentence piece, and after the last, in each paragraph.
    s_par, s_first, s_end = par[sentence_units], first[sentence_units], last[sentence_units]
    s_end = s_end - size + 1
    same = np.concatenate([[False], s_par[1:] == s_par[:-1]])
    cursor = np.where(same, np.concatenate([[0], s_end[:-1]]), par_first[s_par])
    p_par = par[paragraph_units]
    closing = par_last[p_par] - size + 1
    after = par_first[p_par].copy()  # where each paragraph's last run starts
    has_sentences = np.isin(p_par, s_par)
    last_sentence = np.searchsorted(s_par, p_par, side="right") - 1
    after[has_sentences] = s_end[last_sentence[has_sentences]]
    starts = np.concatenate([s_first, cursor, after])
    ends = np.concatenate([s_end, s_first, closing])
    keep = ends > starts
    starts, ends = starts[keep], ends[keep]
    order = np.argsort(starts, kind="stable")
    piece_starts, piece_ends = starts[order], ends[order]
    return _Units(
        paragraph=par,
        kind=kind,
        first=first,
        last=last,
        piece_starts=piece_starts,
        piece_ends=piece_ends,
        sentence_units=sentence_units,
        sentence_pieces=np.searchsorted(piece_starts, s_first),
        paragraph_units=paragraph_units,
        paragraph_pieces=np.searchsorted(piece_starts, par_first[p_par]),
        direct=direct,
    )


_BLOCK_SHINGLES = 1 << 21  # shingles of the paragraphs sketched together (bounded memory)


def _signatures(
    units: _Units,
    words: tuple[npt.NDArray[np.uint64], npt.NDArray[np.int32]],
    config: SketchConfig,
    workers: int,
    show_progress: bool | None,
) -> npt.NDArray[np.uint32]:
    """Every unit's signature, one row each.

    Paragraphs are sketched in blocks of about ``_BLOCK_SHINGLES`` shingles, so
    the temporaries stay small whatever the corpus; with ``workers`` > 1 the
    blocks are shared out among worker processes, which write their rows into
    memory shared with this one. ``words`` is the vocabulary's word hashes and
    the token table's word ids: a block looks up only the words it needs, so no
    hash per token of the corpus is held.
    """
    num_perm = config.num_perm
    shape = (len(units.paragraph), num_perm)
    if workers > 1:
        shared = mmap.mmap(-1, max(shape[0] * num_perm * 4, 1))  # anonymous, shared on fork
        out = np.frombuffer(shared, dtype=np.uint32, count=shape[0] * num_perm).reshape(shape)
    else:
        out = np.empty(shape, dtype=np.uint32)
    blocks = _blocks(units)
    args = (units, words, config, out)
    total = len(units.paragraph_units)
    with progress(total, "sketching", enabled=show_progress, unit="paragraphs") as bar:
        done = map_chunks(_sketch_block, args, blocks, workers=workers, chunk=1)
        for (p0, p1), _ in zip(blocks, done, strict=True):
            bar.update(p1 - p0)
    if len(units.direct):  # rare: their words gathered, then sketched as they are
        word_hash, token_ids = words
        counts = units.last[units.direct] - units.first[units.direct]
        last = np.cumsum(counts)
        first = last - counts
        position = np.repeat(units.first[units.direct] - first, counts) + np.arange(last[-1])
        hashes, offsets = shingle_table(
            word_hash[token_ids[position]], first, last, config.shingle_size
        )
        out[units.direct] = minhash_rows(hashes, offsets, num_perm, config.seed)
    return out


def _blocks(units: _Units) -> list[tuple[int, int]]:
    """Runs ``[p0, p1)`` of the paragraphs made of pieces, of about ``_BLOCK_SHINGLES``."""
    first = units.paragraph_pieces
    if not len(first):
        return []
    done = np.concatenate([[0], np.cumsum(units.piece_ends - units.piece_starts)])
    shingles_before = done[first]  # in the paragraphs before each
    cuts = np.searchsorted(shingles_before, np.arange(0, done[-1], _BLOCK_SHINGLES))
    bounds = [*np.unique(cuts).tolist(), len(first)]
    return [(lo, hi) for lo, hi in itertools.pairwise(bounds) if hi > lo]


def _sketch_block(
    units: _Units,
    words: tuple[npt.NDArray[np.uint64], npt.NDArray[np.int32]],
    config: SketchConfig,
    out: npt.NDArray[np.uint32],
    block: tuple[int, int],
) -> None:
    """Write the rows of paragraphs ``block`` (made of pieces) and of their sentences."""
    p0, p1 = block
    size, num_perm, seed = config.shingle_size, config.num_perm, config.seed
    first_piece = units.paragraph_pieces
    q0 = int(first_piece[p0])
    q1 = int(first_piece[p1]) if p1 < len(first_piece) else len(units.piece_starts)
    starts = units.piece_starts[q0:q1]
    counts = units.piece_ends[q0:q1] - starts
    offsets = np.zeros(len(starts) + 1, dtype=np.int64)
    np.cumsum(counts, out=offsets[1:])
    position = np.repeat(starts - offsets[:-1], counts) + np.arange(offsets[-1])
    word_hash, token_ids = words
    shingles = _combine([word_hash[token_ids[position + j]] for j in range(size)])
    pieces = _minhash_columns(shingles, offsets, num_perm, seed)
    # Sentence units of these paragraphs take their piece's row.
    s0, s1 = np.searchsorted(units.sentence_pieces, [q0, q1])
    out[units.sentence_units[s0:s1]] = pieces[:, units.sentence_pieces[s0:s1] - q0].T
    # Paragraphs take the minimum over their pieces.
    rows = np.empty((num_perm, p1 - p0), dtype=np.uint32)
    local = first_piece[p0:p1] - q0
    for k in range(num_perm):  # one permutation at a time: contiguous rows
        np.minimum.reduceat(pieces[k], local, out=rows[k])
    out[units.paragraph_units[p0:p1]] = rows.T


def shingle_table(
    token_hash: npt.NDArray[np.uint64],
    first: npt.NDArray[np.int64],
    last: npt.NDArray[np.int64],
    size: int,
) -> tuple[npt.NDArray[np.uint32], npt.NDArray[np.int64]]:
    """Hashes of the shingles of every unit ``[first, last)`` of a word-hash array.

    Returns ``(hashes, offsets)``: unit ``i``'s shingles are
    ``hashes[offsets[i]:offsets[i + 1]]``. A unit shorter than ``size`` words is
    one shingle of all its words.
    """
    padded = np.concatenate([token_hash, np.zeros(size, dtype=_U64)])
    lengths = last - first
    counts = np.where(lengths >= size, lengths - size + 1, np.minimum(lengths, 1))
    offsets = np.zeros(len(first) + 1, dtype=np.int64)
    np.cumsum(counts, out=offsets[1:])
    unit_of = np.repeat(np.arange(len(first)), counts)
    position = first[unit_of] + (np.arange(offsets[-1]) - offsets[unit_of])
    hashes = _combine([padded[position + j] for j in range(size)])
    short = np.flatnonzero((lengths < size) & (lengths > 0))
    for u in short:  # rare: units shorter than one shingle
        words = [padded[first[u] + j : first[u] + j + 1] for j in range(int(lengths[u]))]
        hashes[offsets[u]] = _combine(words)[0]
    return hashes, offsets


def minhash_rows(
    hashes: npt.NDArray[np.uint32], offsets: npt.NDArray[np.int64], num_perm: int, seed: int
) -> npt.NDArray[np.uint32]:
    """MinHash signature of each unit from its shingle hashes (affine32 scheme), a row each.

    Unit ``i``'s shingles are ``hashes[offsets[i]:offsets[i + 1]]``.
    """
    return np.ascontiguousarray(_minhash_columns(hashes, offsets, num_perm, seed).T)


def _minhash_columns(
    hashes: npt.NDArray[np.uint32], offsets: npt.NDArray[np.int64], num_perm: int, seed: int
) -> npt.NDArray[np.uint32]:
    """:func:`minhash_rows` transposed: shape ``(num_perm, units)``."""
    out = np.full((num_perm, len(offsets) - 1), np.iinfo(np.uint32).max, dtype=np.uint32)
    _permute(hashes, offsets, seed, out)
    return out


def _permute(
    hashes: npt.NDArray[np.uint32],
    offsets: npt.NDArray[np.int64],
    seed: int,
    out: npt.NDArray[np.uint32],
) -> None:
    """Every permutation's minimum for every unit, written into ``out`` (one row each).

    One permutation at a time over a chunk of whole units that fits in cache: a
    1-D multiply-add in place and a segmented minimum.
    """
    a, b = _permutations(out.shape[0], seed)
    units = len(offsets) - 1
    mixed = _fmix32(hashes)
    counts = np.diff(offsets)
    scratch = np.empty(_CHUNK_SHINGLES, dtype=np.uint32)
    u = 0
    while u < units:
        # Whole units, up to about _CHUNK_SHINGLES shingles at a time.
        end = int(np.searchsorted(offsets, offsets[u] + _CHUNK_SHINGLES, side="right")) - 1
        end = min(max(end, u + 1), units)
        lo, hi = int(offsets[u]), int(offsets[end])
        nonempty = np.flatnonzero(counts[u:end])
        if hi > lo and len(nonempty):
            chunk = mixed[lo:hi]
            work = scratch[: hi - lo] if hi - lo <= len(scratch) else np.empty_like(chunk)
            starts = offsets[u:end][nonempty] - lo
            columns = u + nonempty
            whole = len(nonempty) == end - u
            for k in range(out.shape[0]):
                np.multiply(chunk, a[k], out=work)
                np.add(work, b[k], out=work)
                if whole:
                    np.minimum.reduceat(work, starts, out=out[k, u:end])
                else:
                    out[k, columns] = np.minimum.reduceat(work, starts)
        u = end


def sketch(
    segmentation: Segmentation,
    config: SketchConfig | None = None,
    *,
    workers: int = 1,
    show_progress: bool | None = False,
) -> Signatures:
    """MinHash signatures of every paragraph and sentence of article text.

    ``workers`` processes share the blocks of paragraphs (0: one per core); the
    signatures do not depend on their number. ``show_progress`` shows a progress
    bar (``None``: on a terminal only).
    """
    config = config or SketchConfig()
    units = _units(segmentation, config)
    words = (word_hashes(segmentation.vocabulary), segmentation.token_ids)
    return Signatures(
        values=_signatures(units, words, config, worker_count(workers), show_progress),
        paragraph=units.paragraph,
        kind=units.kind,
        tokens=np.stack([units.first, units.last], axis=1),
        seed=config.seed,
        shingle_size=config.shingle_size,
    )


def sketch_texts(
    texts: Sequence[str],
    *,
    shingle_size: int = 3,
    num_perm: int = 64,
    seed: int = 1,
    workers: int = 1,
) -> npt.NDArray[np.uint32]:
    """MinHash signatures of whole texts, one row each, in bulk.

    The words are the ones :func:`provenance.segment.tokenize` finds and
    normalises; row ``i`` equals a ``datasketch.MinHash(num_perm, seed,
    hashfunc=shingle_hash)`` updated with ``shingles(words_i, shingle_size)``. The
    defaults are :class:`~provenance.model.SketchConfig`'s.
    Batches of texts are shared out among ``workers`` processes (0: one per
    core); the rows do not depend on their number.

    >>> rows = sketch_texts(["The U.S. envoy met the minister.", "The US envoy met the minister."])
    >>> rows.shape
    (2, 64)
    """
    out = np.empty((len(texts), num_perm), dtype=np.uint32)
    starts = range(0, len(texts), _TEXTS_PER_BATCH)
    args = (texts, shingle_size, num_perm, seed)
    rows = map_chunks(_sketch_slice, args, starts, workers=worker_count(workers), chunk=1)
    for lo, block in zip(starts, rows, strict=True):
        out[lo : lo + len(block)] = block
    return out


def _sketch_slice(
    texts: Sequence[str], shingle_size: int, num_perm: int, seed: int, lo: int
) -> npt.NDArray[np.uint32]:
    return _sketch_batch(texts[lo : lo + _TEXTS_PER_BATCH], shingle_size, num_perm, seed)


def _sketch_batch(
    texts: Sequence[str], shingle_size: int, num_perm: int, seed: int
) -> npt.NDArray[np.uint32]:
    # One scan over the batch, texts joined by a line break (no word spans it).
    lengths = np.fromiter((len(t) + 1 for t in texts), dtype=np.int64, count=len(texts))
    bounds = np.cumsum(lengths)
    starts, _, hashes = scan("\n".join(texts))
    last = np.searchsorted(starts, bounds)
    first = np.concatenate([[0], last[:-1]]).astype(np.int64)
    table, offsets = shingle_table(hashes, first, last.astype(np.int64), shingle_size)
    return minhash_rows(table, offsets, num_perm, seed)


def to_lean_minhash(signatures: Signatures, unit: int) -> LeanMinHash:
    """Unit ``unit``'s signature as a datasketch ``LeanMinHash``."""
    return LeanMinHash(seed=signatures.seed, hashvalues=signatures.values[unit], scheme="affine32")
