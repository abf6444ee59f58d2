"""Index: candidate pairs from banded LSH over MinHash signatures.

Each band of ``rows`` signature values is reduced to one 64-bit key; units whose
keys agree in any band are candidates, exactly as datasketch's ``MinHashLSH``
with ``params=(bands, rows)`` would pair them. Grouping is done by sorting each
band's keys with numpy rather than one dictionary insert per unit.

A bucket larger than ``max_bucket`` is not expanded into all its pairs: its
members are paired with their neighbours in unit order only, which keeps them
connected (they are near-identical) at a linear cost.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from provenance.arrays import ranges
from provenance.model import IndexConfig, Segmentation, Signatures
from provenance.parallel import map_chunks, progress, worker_count

__all__ = ["band_keys", "candidate_units", "candidates"]

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


def _pairs_in_groups(
    order: npt.NDArray[np.int64],
    starts: npt.NDArray[np.int64],
    sizes: npt.NDArray[np.int64],
    max_bucket: int,
) -> npt.NDArray[np.int64]:
    """Every pair within each group of ``order`` (its neighbours only, past ``max_bucket``)."""
    if len(starts) == 0:
        return np.zeros((0, 2), dtype=np.int64)
    # For each member at position q of a group ending at e: its partners are q+1 .. e-1.
    ends = np.repeat(starts + sizes, sizes)
    position = ranges(starts, starts + sizes)
    partners = ends - position - 1
    big = np.repeat(sizes > max_bucket, sizes)
    partners = np.where(big, np.minimum(partners, 1), partners)
    left = np.repeat(position, partners)
    first = np.repeat(np.cumsum(partners) - partners, partners)
    right = left + 1 + (np.arange(len(left)) - first)
    pairs = np.stack([order[left], order[right]], axis=1)
    return np.sort(pairs, axis=1)


def _band_pairs(column: npt.NDArray[np.uint64], max_bucket: int) -> npt.NDArray[np.int64]:
    """Unit pairs ``(i, j)``, ``i < j``, whose keys agree in one band (with repeats)."""
    if len(column) < 2:
        return np.zeros((0, 2), dtype=np.int64)
    order = np.argsort(column).astype(np.int64)
    ordered = column[order]
    boundary = np.flatnonzero(ordered[1:] != ordered[:-1]) + 1
    starts = np.concatenate([[0], boundary]).astype(np.int64)
    sizes = np.diff(np.concatenate([starts, [len(ordered)]])).astype(np.int64)
    # The pairs of a group do not depend on its members' order, but the
    # neighbours paired in an oversized bucket do: put those in unit order.
    big = sizes > max_bucket
    for start, size in zip(starts[big].tolist(), sizes[big].tolist(), strict=True):
        order[start : start + size] = np.sort(order[start : start + size])
    keep = sizes > 1
    return _pairs_in_groups(order, starts[keep], sizes[keep], max_bucket)


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
        """Add pairs given as keys (:meth:`keys` of a set of the same width)."""
        self.pending.append(keys)
        self.size += len(keys)
        if self.size >= self._BLOCK:
            self.blocks.append(_distinct(self.pending))
            self.pending, self.size = [], 0

    def add(self, pairs: npt.NDArray[np.int64]) -> None:
        self.add_keys(pairs[:, 0] * self.width + pairs[:, 1])

    def keys(self) -> npt.NDArray[np.int64]:
        """The distinct pairs as keys, sorted."""
        return _distinct([*self.blocks, _distinct(self.pending)])

    def pairs(self) -> npt.NDArray[np.int64]:
        """The distinct pairs, sorted."""
        keys = self.keys()
        return np.stack([keys // self.width, keys % self.width], axis=1)


def _distinct(parts: list[npt.NDArray[np.int64]]) -> npt.NDArray[np.int64]:
    if not parts:
        return np.zeros(0, dtype=np.int64)
    keys = np.sort(np.concatenate(parts))
    return keys[np.concatenate([[True], keys[1:] != keys[:-1]])] if len(keys) else keys


def candidate_units(
    signatures: Signatures, config: IndexConfig | None = None
) -> npt.NDArray[np.int64]:
    """Unit pairs ``(i, j)``, ``i < j``, that share a band key; sorted, unique."""
    config = config or IndexConfig()
    keys = band_keys(signatures.values, config.bands, config.rows)
    found = _PairSet(len(keys))
    for band in range(config.bands):
        found.add(_band_pairs(keys[:, band], config.max_bucket))
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
        pairs = np.sort(paragraph[_band_pairs(keys[:, band], max_bucket)], axis=1)
        found.add(pairs[doc_of[pairs[:, 0]] != doc_of[pairs[:, 1]]])
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
            found.add_keys(keys_found)
            bar.update(len(group))
    return found.pairs()
