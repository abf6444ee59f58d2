"""Index: candidate pairs from banded LSH over MinHash signatures.

Each band of ``rows`` signature values is reduced to one 64-bit key; units whose
keys agree in any band are candidates, exactly as datasketch's ``MinHashLSH``
with ``params=(bands, rows)`` would pair them. Grouping is done with numpy rather
than one dictionary insert per unit: each band sorts one ``uint64`` per unit, a
hash of its key above the unit's index (a plain sort, several times faster than
an argsort of the keys), which lines up the units of a key in unit order; the
keys themselves then split the rare runs where different keys share a hash.

A bucket larger than ``max_bucket`` is not expanded into all its pairs: its
members are paired with their neighbours in unit order only, which keeps them
connected (they are near-identical) at a linear cost.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import numpy.typing as npt

from provenance.arrays import distinct, ranges
from provenance.model import IndexConfig, Segmentation, Signatures
from provenance.parallel import map_chunks, progress, worker_count

__all__ = ["band_keys", "candidate_units", "candidates", "pairs_in_groups"]

_PRIME = np.uint64(0x100000001B3)  # FNV-1a 64-bit prime


def band_keys(values: npt.NDArray[np.uint32], bands: int, rows: int) -> npt.NDArray[np.uint64]:
    """One 64-bit key per unit and band, shape ``(units, bands)``.

    With one or two rows a band's values fit in its key exactly (two 32-bit values
    side by side), as datasketch keys a band by its bytes; wider bands are hashed.
    """
    units = values.shape[0]
    banded = np.ascontiguousarray(values[:, : bands * rows])
    if rows == 2:
        return banded.view(np.uint64).reshape(units, bands)
    if rows == 1:
        return banded.astype(np.uint64)
    keys = np.empty((units, bands), dtype=np.uint64)
    for band in range(bands):
        key = np.full(units, np.uint64(0xCBF29CE484222325), dtype=np.uint64)
        for r in range(rows):
            key = (key ^ banded[:, band * rows + r]) * _PRIME
        keys[:, band] = key
    return keys


_MIX = np.uint64(0x9E3779B97F4A7C15)  # odd, so multiplying by it permutes uint64
_ROWS = 1 << 15  # keys handled together in a band's passes that fit in cache


def _band_groups(
    column: npt.NDArray[np.uint64],
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.bool_]]:
    """The units whose key is shared, a group per key, and where each group starts.

    One ``np.sort`` of ``hash(key) << b | unit`` (``b`` bits hold a unit) groups
    the units by hash, each in unit order, at a fraction of an ``argsort``'s cost.
    Only the units of runs of equal hashes are kept; a run whose keys differ (a
    collision) is split by key, so a group holds one key exactly.
    """
    n = len(column)
    bits = max(1, (n - 1).bit_length())
    low = np.uint64((1 << bits) - 1)
    keys = np.empty(n, dtype=np.uint64)  # a band is a strided column: gather from a copy
    packed = np.empty(n, dtype=np.uint64)
    for s in range(0, n, _ROWS):  # a block at a time, while it is in cache
        keys[s : s + _ROWS] = column[s : s + _ROWS]
        block = packed[s : s + _ROWS]
        np.multiply(keys[s : s + _ROWS], _MIX, out=block)
        block &= ~low
        block |= np.arange(s, s + len(block), dtype=np.uint64)
    packed.sort()
    lead = np.zeros(n, dtype=bool)  # the hash at this position equals the previous one
    for s in range(0, n - 1, _ROWS):
        high = packed[s : s + _ROWS + 1] >> bits
        np.equal(high[1:], high[:-1], out=lead[s + 1 : s + _ROWS + 1])
    shared = lead.copy()
    shared[:-1] |= lead[1:]
    at = np.flatnonzero(shared)
    members = packed[at]
    members &= low
    units = members.view(np.int64)
    first = ~lead[at]
    key = keys[units]
    clash = np.flatnonzero(~first[1:] & (key[1:] != key[:-1])) + 1
    if len(clash):  # sort the runs with a collision by key (stably: units stay in order)
        starts = np.flatnonzero(first)
        runs = distinct(np.searchsorted(starts, clash, side="right") - 1)
        lo, hi = starts[runs], np.append(starts, len(first))[runs + 1]
        at = ranges(lo, hi)
        by_key = at[np.lexsort((key[at], np.repeat(runs, hi - lo)))]
        units[at], key[at] = units[by_key], key[by_key]
        first[at[1:]] |= key[at[1:]] != key[at[:-1]]
    return units, first


def pairs_in_groups(
    first: npt.NDArray[np.bool_], max_bucket: int
) -> Iterator[tuple[npt.NDArray[np.int64], int]]:
    """The pairs of positions ``(p, p + step)`` within the groups of a sequence, as
    each ``step`` and its ``p``; ``first`` is True where a group starts.

    Every group pairs its neighbours; only those of ``max_bucket`` or fewer go on
    to farther steps, which list all their pairs.
    """
    yield np.flatnonzero(~first[1:]), 1
    starts = np.flatnonzero(first)
    sizes = np.diff(starts, append=len(first))
    small = (sizes > 2) & (sizes <= max_bucket)
    lo, size = starts[small], sizes[small]
    at = ranges(lo, lo + size)
    reach = np.repeat(lo + size, size) - at  # positions from each to its group's end
    for step in range(2, int(size.max(initial=0))):
        keep = reach > step
        at, reach = at[keep], reach[keep]
        yield at, step


def _band_pairs(
    column: npt.NDArray[np.uint64], max_bucket: int
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """Unit pairs ``(i, j)``, ``i < j``, whose keys agree in one band, as ``i`` and ``j``.

    (Units ascend within a group, so the earlier of two positions holds ``i``.)
    """
    units, first = _band_groups(column)
    steps = list(pairs_in_groups(first, max_bucket))
    left = np.concatenate([units[at] for at, _ in steps])
    right = np.concatenate([units[at + step] for at, step in steps])
    return left, right


class _PairSet:
    """Distinct pairs of ids below ``width``, gathered a block at a time.

    Pairs are held as one sorted key each (``i * width + j``); repeats are dropped
    by sorting, block by block and once more at the end, so memory follows the
    distinct pairs, not every collision of every band. (Sorting is also much
    faster than ``np.unique`` here: numpy 2's hashing path took 14 s on 9M keys.)
    """

    _BLOCK = 1 << 22  # keys gathered before they are deduplicated (32 MiB)

    def __init__(self, width: int) -> None:
        self.width = max(width, 1)
        self.blocks: list[npt.NDArray[np.int64]] = []
        self.pending: list[npt.NDArray[np.int64]] = []
        self.size = 0

    def add_keys(self, keys: npt.NDArray[np.int64]) -> None:
        """Add pairs ``(i, j)`` given as keys ``i * width + j``."""
        self.pending.append(keys)
        self.size += len(keys)
        if self.size >= self._BLOCK:
            self.blocks.append(_distinct(self.pending))
            self.pending, self.size = [], 0

    def add_distinct(self, keys: npt.NDArray[np.int64]) -> None:
        """Add pairs given as sorted distinct keys (the :meth:`keys` of another set)."""
        self.blocks.append(keys)

    def keys(self) -> npt.NDArray[np.int64]:
        """The distinct pairs as keys, sorted."""
        return _distinct([*self.blocks, _distinct(self.pending)], merge=True)

    def pairs(self) -> npt.NDArray[np.int64]:
        """The distinct pairs, sorted."""
        keys = self.keys()
        pairs = np.empty((len(keys), 2), dtype=np.int64)
        np.divmod(keys, self.width, out=(pairs[:, 0], pairs[:, 1]))
        return pairs


def _distinct(parts: list[npt.NDArray[np.int64]], *, merge: bool = False) -> npt.NDArray[np.int64]:
    """The keys of ``parts``, sorted, without repeats.

    ``merge``: every part is sorted already, so a merge sort (timsort, which
    finds the runs) only merges them: twice as fast as numpy's default sort here.
    """
    if not parts:
        return np.zeros(0, dtype=np.int64)
    keys = np.concatenate(parts)
    keys.sort(kind="stable" if merge else None)
    return keys[np.concatenate([[True], keys[1:] != keys[:-1]])] if len(keys) else keys


def candidate_units(
    signatures: Signatures, config: IndexConfig | None = None
) -> npt.NDArray[np.int64]:
    """Unit pairs ``(i, j)``, ``i < j``, that share a band key; sorted, unique."""
    config = config or IndexConfig()
    keys = band_keys(signatures.values, config.bands, config.rows)
    found = _PairSet(len(keys))
    for band in range(config.bands):
        left, right = _band_pairs(keys[:, band], config.max_bucket)
        found.add_keys(left * found.width + right)
    return found.pairs()


def _band_group_keys(
    keys: npt.NDArray[np.uint64],
    paragraph: npt.NDArray[np.int64],
    doc_of: npt.NDArray[np.int64],
    max_bucket: int,
    group: range,
) -> npt.NDArray[np.int64]:
    """The paragraph pairs of different documents whose units collide in a band of
    ``group``, as distinct :class:`_PairSet` keys."""
    found = _PairSet(len(doc_of))
    for band in group:
        units, first = _band_groups(keys[:, band])
        owner = paragraph[units]
        doc = doc_of[owner]
        for at, step in pairs_in_groups(first, max_bucket):
            to = at + step
            apart = doc[at] != doc[to]
            a, b = owner[at[apart]], owner[to[apart]]
            found.add_keys(np.minimum(a, b) * found.width + np.maximum(a, b))
    return found.keys()


def candidates(
    segmentation: Segmentation,
    signatures: Signatures,
    config: IndexConfig | None = None,
    *,
    workers: int = 1,
    show_progress: bool | None = False,
) -> npt.NDArray[np.int64]:
    """Paragraph pairs ``(a, b)``, ``a < b``, of different documents, whose units collide.

    Bands are grouped by ``workers`` processes (0: one per core); the result does
    not depend on their number. ``show_progress`` shows a progress bar (``None``:
    on a terminal only).
    """
    config = config or IndexConfig()
    keys = band_keys(signatures.values, config.bands, config.rows)
    doc_of = segmentation.paragraphs.doc.astype(np.int64)
    found = _PairSet(len(doc_of))
    args = (keys, signatures.paragraph, doc_of, config.max_bucket)
    # Each task groups several bands and drops their repeated pairs itself, so the
    # parent merges a few lists of distinct pairs instead of every band's collisions.
    workers = worker_count(workers)
    size = max(1, config.bands // (4 * workers))
    groups = [range(b, min(b + size, config.bands)) for b in range(0, config.bands, size)]
    with progress(config.bands, "indexing", enabled=show_progress, unit="bands") as bar:
        for group, keys_found in zip(
            groups,
            map_chunks(_band_group_keys, args, groups, workers=workers, chunk=1),
            strict=True,
        ):
            found.add_distinct(keys_found)
            bar.update(len(group))
    return found.pairs()
