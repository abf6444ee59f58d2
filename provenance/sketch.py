"""Sketch: word shingles and MinHash signatures, computed in numpy batches.

Every word is hashed once, when it is scanned (:func:`provenance.scan.word_hash`);
a shingle of ``k`` words hashes to a polynomial combination of its words' hashes,
mixed and folded to 32 bits, computed for all shingles of the corpus at once. Signatures follow
datasketch's ``affine32`` scheme exactly (the permutations are taken from
datasketch itself), so a row converts to a :class:`datasketch.LeanMinHash` that
compares correctly with a ``datasketch.MinHash`` built with
``hashfunc=shingle_hash`` from the same shingles.

Matching units are the paragraphs of article text and their sentences of at
least ``min_sentence_words`` words: a sentence carried into a longer paragraph
elsewhere is found at the sentence level.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
from datasketch import LeanMinHash, MinHash

from provenance.model import Segmentation, Signatures, SketchConfig
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
_TEXTS_PER_BATCH = 20_000  # texts scanned and hashed together (bounded memory)


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


def _permutations(
    num_perm: int, seed: int
) -> tuple[npt.NDArray[np.uint32], npt.NDArray[np.uint32]]:
    a, b = MinHash(num_perm=num_perm, seed=seed, scheme="affine32").permutations
    return np.asarray(a, dtype=np.uint32), np.asarray(b, dtype=np.uint32)


def _fmix32(h: npt.NDArray[np.uint32]) -> npt.NDArray[np.uint32]:
    h = h ^ (h >> np.uint32(16))
    h = h * np.uint32(0x85EBCA6B)
    h = h ^ (h >> np.uint32(13))
    h = h * np.uint32(0xC2B2AE35)
    return h ^ (h >> np.uint32(16))


class _Units:
    """The matching units, and the pieces their shingles are minimised over.

    A paragraph's shingles split into disjoint runs ("pieces"): the shingles of
    each of its sentence units, and the runs between them (shingles spanning two
    sentences, or inside a sentence too short to be a unit). A sentence's
    signature is its piece's; a paragraph's is the minimum over its pieces. So
    every shingle is permuted once, not once per unit that holds it. Units
    shorter than one shingle are computed directly.
    """

    def __init__(self, segmentation: Segmentation, config: SketchConfig) -> None:
        size = config.shingle_size
        self.paragraph: list[int] = []
        self.kind: list[int] = []
        self.first: list[int] = []
        self.last: list[int] = []
        self.piece_of: list[int] = []  # unit -> its piece (sentences), or -1
        self.pieces_of: list[tuple[int, int]] = []  # paragraph units -> their pieces
        self.paragraph_units: list[int] = []
        self.direct: list[int] = []  # units shorter than a shingle
        self.piece_starts: list[int] = []  # first shingle (its first word) of each piece
        self.piece_ends: list[int] = []
        for i, p in enumerate(segmentation.paragraphs):
            a, b = p.tokens
            if p.is_boilerplate or b <= a:
                continue
            unit = self._add(i, 0, a, b)
            long = b - a >= size
            if long:
                self.paragraph_units.append(unit)
                first_piece = len(self.piece_starts)
                cursor = a
            else:
                self.direct.append(unit)
            sentences = [s.tokens for s in p.sentences] if len(p.sentences) >= 2 else []
            for s, e in sentences:
                if e - s < config.min_sentence_words:
                    continue
                unit = self._add(i, 1, s, e)
                if not long or e - s < size:
                    self.direct.append(unit)
                    continue
                if s > cursor:  # the shingles between the last unit and this one
                    self._piece(cursor, s)
                self.piece_of[unit] = self._piece(s, e - size + 1)
                cursor = e - size + 1
            if long:
                if cursor < b - size + 1:
                    self._piece(cursor, b - size + 1)
                self.pieces_of.append((first_piece, len(self.piece_starts)))

    def _add(self, paragraph: int, kind: int, first: int, last: int) -> int:
        self.paragraph.append(paragraph)
        self.kind.append(kind)
        self.first.append(first)
        self.last.append(last)
        self.piece_of.append(-1)
        return len(self.paragraph) - 1

    def _piece(self, start: int, end: int) -> int:
        self.piece_starts.append(start)
        self.piece_ends.append(end)
        return len(self.piece_starts) - 1

    def signatures(
        self, token_hash: npt.NDArray[np.uint64], config: SketchConfig
    ) -> npt.NDArray[np.uint32]:
        """Every unit's signature, one row each."""
        size, num_perm, seed = config.shingle_size, config.num_perm, config.seed
        out = np.empty((len(self.paragraph), num_perm), dtype=np.uint32)
        if self.piece_starts:
            starts = np.asarray(self.piece_starts, dtype=np.int64)
            counts = np.asarray(self.piece_ends, dtype=np.int64) - starts
            offsets = np.zeros(len(starts) + 1, dtype=np.int64)
            np.cumsum(counts, out=offsets[1:])
            position = np.repeat(starts - offsets[:-1], counts) + np.arange(offsets[-1])
            shingles = _shingle_hashes(token_hash, size)[position]
            pieces = _minhash_columns(shingles, offsets, num_perm, seed)
            sentence = np.asarray(self.piece_of, dtype=np.int64)
            has_piece = np.flatnonzero(sentence >= 0)
            out[has_piece] = pieces[:, sentence[has_piece]].T
            first = np.asarray([lo for lo, _ in self.pieces_of], dtype=np.int64)
            paragraphs = np.empty((num_perm, len(first)), dtype=np.uint32)
            for k in range(num_perm):  # one permutation at a time: contiguous rows
                np.minimum.reduceat(pieces[k], first, out=paragraphs[k])
            out[self.paragraph_units] = paragraphs.T
        if self.direct:
            direct = np.asarray(self.direct, dtype=np.int64)
            first = np.asarray(self.first, dtype=np.int64)[direct]
            last = np.asarray(self.last, dtype=np.int64)[direct]
            hashes, offsets = shingle_table(token_hash, first, last, size)
            out[direct] = minhash_rows(hashes, offsets, num_perm, seed)
        return out


def _shingle_hashes(token_hash: npt.NDArray[np.uint64], size: int) -> npt.NDArray[np.uint32]:
    """The hash of the shingle starting at every word (the last ones padded)."""
    n = len(token_hash)
    padded = np.concatenate([token_hash, np.zeros(size, dtype=_U64)])
    return _combine([padded[j : n + j] for j in range(size)])


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
    full = _shingle_hashes(token_hash, size)
    padded = np.concatenate([token_hash, np.zeros(size, dtype=_U64)])
    lengths = last - first
    counts = np.where(lengths >= size, lengths - size + 1, np.minimum(lengths, 1))
    offsets = np.zeros(len(first) + 1, dtype=np.int64)
    np.cumsum(counts, out=offsets[1:])
    unit_of = np.repeat(np.arange(len(first)), counts)
    position = first[unit_of] + (np.arange(offsets[-1]) - offsets[unit_of])
    hashes = full[position] if len(position) else np.zeros(0, dtype=np.uint32)
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
    """:func:`minhash_rows` transposed: shape ``(num_perm, units)``.

    One permutation at a time over a chunk of whole units that fits in cache: a
    1-D multiply-add in place and a segmented minimum.
    """
    a, b = _permutations(num_perm, seed)
    units = len(offsets) - 1
    out = np.full((num_perm, units), np.iinfo(np.uint32).max, dtype=np.uint32)
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
            for k in range(num_perm):
                np.multiply(chunk, a[k], out=work)
                np.add(work, b[k], out=work)
                if whole:
                    np.minimum.reduceat(work, starts, out=out[k, u:end])
                else:
                    out[k, columns] = np.minimum.reduceat(work, starts)
        u = end
    return out


def sketch(segmentation: Segmentation, config: SketchConfig | None = None) -> Signatures:
    """MinHash signatures of every paragraph and sentence of article text."""
    config = config or SketchConfig()
    units = _Units(segmentation, config)
    token_hash = word_hashes(segmentation.vocabulary)[segmentation.token_ids]
    first = np.asarray(units.first, dtype=np.int64)
    last = np.asarray(units.last, dtype=np.int64)
    return Signatures(
        values=units.signatures(token_hash, config),
        paragraph=np.asarray(units.paragraph, dtype=np.int64),
        kind=np.asarray(units.kind, dtype=np.int8),
        tokens=np.stack([first, last], axis=1) if len(first) else np.zeros((0, 2), dtype=np.int64),
        seed=config.seed,
        shingle_size=config.shingle_size,
    )


def sketch_texts(
    texts: Sequence[str], *, shingle_size: int = 3, num_perm: int = 128, seed: int = 1
) -> npt.NDArray[np.uint32]:
    """MinHash signatures of whole texts, one row each, in bulk.

    The words are the ones :func:`provenance.segment.tokenize` finds and
    normalises; row ``i`` equals a ``datasketch.MinHash(num_perm, seed,
    hashfunc=shingle_hash)`` updated with ``shingles(words_i, shingle_size)``.

    >>> rows = sketch_texts(["The U.S. envoy met the minister.", "The US envoy met the minister."])
    >>> rows.shape
    (2, 128)
    """
    out = np.empty((len(texts), num_perm), dtype=np.uint32)
    for lo in range(0, len(texts), _TEXTS_PER_BATCH):
        batch = texts[lo : lo + _TEXTS_PER_BATCH]
        out[lo : lo + len(batch)] = _sketch_batch(batch, shingle_size, num_perm, seed)
    return out


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
