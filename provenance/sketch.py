"""Sketch: word shingles and MinHash signatures, computed in numpy batches.

Every word of the vocabulary is hashed once (64-bit BLAKE2b); a shingle of
``k`` words hashes to a polynomial combination of its words' hashes, folded to
32 bits, computed for all shingles of the corpus at once. Signatures follow
datasketch's ``affine32`` scheme exactly (the permutations are taken from
datasketch itself), so a row converts to a :class:`datasketch.LeanMinHash` that
compares correctly with a ``datasketch.MinHash`` built with
``hashfunc=shingle_hash`` from the same shingles.

Matching units are the paragraphs of article text and their sentences of at
least ``min_sentence_words`` words: a sentence carried into a longer paragraph
elsewhere is found at the sentence level.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
from datasketch import LeanMinHash, MinHash

from provenance.model import Segmentation, Signatures, SketchConfig
from provenance.segment import _WORD, normalize_word

__all__ = [
    "shingle_hash",
    "shingles",
    "sketch",
    "sketch_texts",
    "to_lean_minhash",
    "word_hashes",
]

_U64 = np.uint64
_MULTIPLIER = _U64(0x9E3779B97F4A7C15)  # odd: the golden-ratio constant of 64-bit hashing
_CHUNK_SHINGLES = 1 << 22  # shingles permuted at once: 4M * 4 B = 16 MiB per temporary
_NON_ASCII_WORD = re.compile(r"[^\x00]*[^\x00-\x7f][^\x00]*")
_TEXTS_PER_BATCH = 20_000  # texts tokenised and hashed together (bounded memory)


_BYTE_BASE = 0x100000001B3  # odd, so invertible modulo 2**64
_BYTE_BASE_INVERSE = pow(_BYTE_BASE, -1, 1 << 64)
_LENGTH_SALT = 0x9E3779B97F4A7C15
_MASK64 = (1 << 64) - 1


def _word_hash(word: str) -> int:
    """64-bit hash of one word: a polynomial over its UTF-8 bytes, then mixed.

    :func:`word_hashes` computes the same values for many words at once.
    """
    data = word.encode("utf-8")
    value = 0
    power = 1
    for byte in data:
        value = (value + byte * power) & _MASK64
        power = (power * _BYTE_BASE) & _MASK64
    mixed = np.array([value ^ ((len(data) * _LENGTH_SALT) & _MASK64)], dtype=_U64)
    return int(_fmix64(mixed)[0])


_POWERS: list[npt.NDArray[np.uint64]] = [np.ones(1, dtype=_U64), np.ones(1, dtype=_U64)]


def _powers(n: int) -> tuple[npt.NDArray[np.uint64], npt.NDArray[np.uint64]]:
    """``B**k`` and ``B**-k`` (mod 2**64) for ``k < n``, cached and grown on demand."""
    if len(_POWERS[0]) < n:
        size = max(n, 2 * len(_POWERS[0]))
        with np.errstate(over="ignore"):
            up = np.cumprod(np.full(size, _BYTE_BASE, dtype=_U64))
            down = np.cumprod(np.full(size, _BYTE_BASE_INVERSE, dtype=_U64))
        _POWERS[0] = np.concatenate([np.ones(1, dtype=_U64), up[:-1]])
        _POWERS[1] = np.concatenate([np.ones(1, dtype=_U64), down[:-1]])
    return _POWERS[0][:n], _POWERS[1][:n]


def _joined_hashes(joined: bytes) -> npt.NDArray[np.uint64]:
    """:func:`_word_hash` of every word of NUL-separated UTF-8 ``joined``, vectorised.

    With ``H[i]`` the sum of ``byte[k] * B**k`` for ``k < i`` (mod 2**64), a word
    ``[s, e)`` hashes to ``(H[e] - H[s]) * B**-s``: prefix sums, no Python loop.
    """
    data = np.frombuffer(joined, dtype=np.uint8)
    n = len(data)
    powers, inverse = _powers(n + 1)
    with np.errstate(over="ignore"):
        powers = powers[:n]
        prefix = np.concatenate([np.zeros(1, dtype=_U64), np.cumsum(data.astype(_U64) * powers)])
        seps = np.flatnonzero(data == 0)
        starts = np.concatenate([[0], seps + 1])
        ends = np.concatenate([seps, [n]])
        value = (prefix[ends] - prefix[starts]) * inverse[starts]
        length = (ends - starts).astype(_U64) * _U64(_LENGTH_SALT)
        return _fmix64(value ^ length)


def word_hashes(vocabulary: Sequence[str]) -> npt.NDArray[np.uint64]:
    """The 64-bit hash of every word of a vocabulary, in vocabulary order."""
    if not vocabulary:
        return np.zeros(0, dtype=_U64)
    return _joined_hashes("\x00".join(vocabulary).encode("utf-8"))


def _fmix64(h: npt.NDArray[np.uint64]) -> npt.NDArray[np.uint64]:
    h = h ^ (h >> _U64(33))
    h = h * _U64(0xFF51AFD7ED558CCD)
    h = h ^ (h >> _U64(33))
    h = h * _U64(0xC4CEB9FE1A85EC53)
    return h ^ (h >> _U64(33))


def _combine(parts: Sequence[npt.NDArray[np.uint64]]) -> npt.NDArray[np.uint32]:
    """Hash of shingles whose word hashes are given position by position."""
    h = np.zeros_like(parts[0])
    for part in parts:
        h = h * _MULTIPLIER + part
    return (_fmix64(h) >> _U64(32)).astype(np.uint32)


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
    parts = [np.array([_word_hash(w)], dtype=_U64) for w in text.split(" ")]
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
    counts: list[int] = []
    words: list[str] = []
    for text in texts:
        found = _WORD.findall(text)
        counts.append(len(found))
        words.extend(found)
    joined = "\x00".join(words)
    # Inside a word only these fold (the word pattern admits no other quote or dash).
    joined = joined.replace("’", "'").replace("‐", "-").replace("‑", "-")
    hashes = _joined_hashes(joined.lower().encode("utf-8")) if words else np.zeros(0, _U64)
    if not joined.isascii():  # rare: words outside ASCII get the full normalisation
        k, seen = 0, 0
        for m in _NON_ASCII_WORD.finditer(joined):
            k += joined.count("\x00", seen, m.start())  # words before this one
            seen = m.start()
            hashes[k] = _word_hash(normalize_word(words[k]))
    last = np.cumsum(np.asarray(counts, dtype=np.int64))
    first = last - np.asarray(counts, dtype=np.int64)
    table, offsets = shingle_table(hashes, first, last, shingle_size)
    return minhash_rows(table, offsets, num_perm, seed)


def to_lean_minhash(signatures: Signatures, unit: int) -> LeanMinHash:
    """Unit ``unit``'s signature as a datasketch ``LeanMinHash``."""
    return LeanMinHash(seed=signatures.seed, hashvalues=signatures.values[unit], scheme="affine32")
