"""Small numpy helpers that several stages share."""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

__all__ = ["ranges"]


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
