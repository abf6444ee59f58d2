"""Wording: which words of the corpus are versions of one another.

Every verified alignment pairs words of two paragraphs: the runs it found shared
(``Alignment.blocks``, in token-table positions). Two words paired by an
alignment are the same word of one wording, and so are two words paired with a
third: the *word classes* are the connected components of those pairings, over
the whole corpus and every family at once. A word's class is what gives it one
account: its origin is decided once for the class (``origin.attribution``),
whichever passage, family or document view it is read from.

Classes are found with numpy by hooking and pointer jumping (each round hooks
every pairing's larger label under its smaller one, then follows labels to their
roots), so a chain of ``k`` versions takes ``O(log k)`` rounds of array work.
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs
import numpy as np
import numpy.typing as npt

from provenance.arrays import ranges
from provenance.model import Alignment, Segmentation

__all__ = ["WordClasses", "word_classes"]


@attrs.frozen(eq=False)
class WordClasses:
    """The word classes of a corpus.

    ``tokens`` are the token-table positions of the words that some alignment
    pairs, ascending; ``label[i]`` is the class of ``tokens[i]``: the smallest
    position in it. ``doc[i]`` is the number of the document holding ``tokens[i]``
    (as ``Paragraphs.doc`` numbers them).
    """

    tokens: npt.NDArray[np.int64]
    label: npt.NDArray[np.int64]
    doc: npt.NDArray[np.int64]

    @classmethod
    def empty(cls) -> WordClasses:
        none = np.zeros(0, dtype=np.int64)
        return cls(none, none, none)

    def classes_of(self, positions: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
        """The class of each token position, -1 for a word no alignment pairs."""
        at = np.searchsorted(self.tokens, positions)
        at = np.minimum(at, max(len(self.tokens) - 1, 0))
        if not len(self.tokens):
            return np.full(len(positions), -1, dtype=np.int64)
        found = self.tokens[at] == positions
        return np.where(found, self.label[at], -1)


def _pairings(
    alignments: Sequence[Alignment],
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """The word pairs of every alignment's shared runs, as two position arrays."""
    if not alignments:
        none = np.zeros(0, dtype=np.int64)
        return none, none
    blocks = np.array([b for al in alignments for b in al.blocks], dtype=np.int64).reshape(-1, 3)
    offsets = ranges(np.zeros(len(blocks), dtype=np.int64), blocks[:, 2])
    first = np.repeat(blocks[:, 0], blocks[:, 2]) + offsets
    second = np.repeat(blocks[:, 1], blocks[:, 2]) + offsets
    return first, second


def components(
    u: npt.NDArray[np.int64], v: npt.NDArray[np.int64]
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """The nodes of the edges ``(u[i], v[i])``, ascending, and each one's component:
    the smallest node in it."""
    nodes, inverse = np.unique(np.concatenate([u, v]), return_inverse=True)
    a, b = inverse[: len(u)], inverse[len(u) :]
    label = np.arange(len(nodes), dtype=np.int64)
    while True:
        la, lb = label[a], label[b]
        if (la == lb).all():
            break
        low = np.minimum(la, lb)
        np.minimum.at(label, la, low)  # hook each root under the smaller label
        np.minimum.at(label, lb, low)
        while True:  # point every node at its root
            up = label[label]
            if (up == label).all():
                break
            label = up
    return nodes, nodes[label]


def word_classes(seg: Segmentation, alignments: Sequence[Alignment]) -> WordClasses:
    """The word classes of the corpus, from the alignments' shared runs."""
    first, second = _pairings(alignments)
    if not len(first):
        return WordClasses.empty()
    tokens, label = components(first, second)
    table = seg.paragraphs
    paragraph = np.searchsorted(table.tokens[:, 0], tokens, side="right") - 1
    return WordClasses(tokens, label, table.doc[paragraph].astype(np.int64))
