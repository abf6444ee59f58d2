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
_CHUNK_SHINGLES = 1 << 22  # shingles permuted at once: 4M * 4 B = 16 MiB per temporary
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


def _units(
    segmentation: Segmentation, config: SketchConfig
) -> tuple[list[int], list[int], list[int], list[int]]:
    """Paragraph index, kind, first and last word of every matching unit."""
    par: list[int] = []
    kind: list[int] = []
    first: list[int] = []
    last: list[int] = []
    for i, p in enumerate(segmentation.paragraphs):
        if p.is_boilerplate or p.tokens[1] <= p.tokens[0]:
            continue
        par.append(i)
        kind.append(0)
        first.append(p.tokens[0])
        last.append(p.tokens[1])
        if len(p.sentences) < 2:
            continue
        for s in p.sentences:
            a, b = s.tokens
            if b - a >= config.min_sentence_words:
                par.append(i)
                kind.append(1)
                first.append(a)
                last.append(b)
    return par, kind, first, last


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
    n = len(token_hash)
    padded = np.concatenate([token_hash, np.zeros(size, dtype=_U64)])
    full = _combine([padded[j : n + j] for j in range(size)])  # shingle starting at each word
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
    """MinHash signature of each unit from its shingle hashes (affine32 scheme).

    One permutation at a time over a chunk of whole units: a 1-D multiply-add and
    a segmented minimum, which keeps memory traffic sequential.
    """
    a, b = _permutations(num_perm, seed)
    units = len(offsets) - 1
    out = np.full((units, num_perm), np.iinfo(np.uint32).max, dtype=np.uint32)
    mixed = _fmix32(hashes)
    counts = np.diff(offsets)
    u = 0
    while u < units:
        # Whole units, up to about _CHUNK_SHINGLES shingles at a time.
        end = int(np.searchsorted(offsets, offsets[u] + _CHUNK_SHINGLES, side="right")) - 1
        end = min(max(end, u + 1), units)
        lo, hi = int(offsets[u]), int(offsets[end])
        nonempty = np.flatnonzero(counts[u:end])
        if hi > lo and len(nonempty):
            chunk = mixed[lo:hi]
            starts = offsets[u:end][nonempty] - lo
            block = np.empty((num_perm, len(nonempty)), dtype=np.uint32)
            for k in range(num_perm):
                block[k] = np.minimum.reduceat(chunk * a[k] + b[k], starts)
            out[u + nonempty] = block.T
        u = end
    return out


def sketch(segmentation: Segmentation, config: SketchConfig | None = None) -> Signatures:
    """MinHash signatures of every paragraph and sentence of article text."""
    config = config or SketchConfig()
    par, kind, first_l, last_l = _units(segmentation, config)
    first = np.asarray(first_l, dtype=np.int64)
    last = np.asarray(last_l, dtype=np.int64)
    token_hash = word_hashes(segmentation.vocabulary)[segmentation.token_ids]
    hashes, offsets = shingle_table(token_hash, first, last, config.shingle_size)
    values = minhash_rows(hashes, offsets, config.num_perm, config.seed)
    return Signatures(
        values=values,
        paragraph=np.asarray(par, dtype=np.int64),
        kind=np.asarray(kind, dtype=np.int8),
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
