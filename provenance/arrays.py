"""Small numpy helpers that several stages share."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np
import numpy.typing as npt

__all__ = ["bounds", "ranges", "run_starts"]


def ranges(
    lo: npt.NDArray[np.integer[Any]], hi: npt.NDArray[np.integer[Any]]
) -> npt.NDArray[np.int64]:
    """The integers of every ``[lo[i], hi[i])``, one range after the other.

    >>> ranges(np.array([5, 0, 9]), np.array([7, 3, 9])).tolist()
    [5, 6, 0, 1, 2]
    """
    sizes = np.asarray(hi, dtype=np.int64) - lo
    out: npt.NDArray[np.int64] = np.arange(int(sizes.sum()), dtype=np.int64)
    out += np.repeat(lo - (np.cumsum(sizes) - sizes), sizes)
    return out


def bounds(counts: Iterable[int] | npt.NDArray[np.integer[Any]]) -> list[tuple[int, int]]:
    """``(start, stop)`` of consecutive runs of ``counts`` items: where each of many
    lists, sent back one after the other in one table, lies in it.

    >>> bounds([2, 0, 3])
    [(0, 2), (2, 2), (2, 5)]
    >>> bounds([])
    []
    """
    stops = np.cumsum(np.fromiter(counts, dtype=np.int64)).tolist()
    return list(zip([0, *stops], stops, strict=False))


def run_starts(values: npt.NDArray[np.integer[Any]]) -> npt.NDArray[np.bool_]:
    """Where each run of equal ``values`` starts (the first value always does)."""
    out = np.empty(len(values), dtype=bool)
    out[:1] = True
    np.not_equal(values[1:], values[:-1], out=out[1:])
    return out
