"""Wording: which words of the corpus are versions of one another.

Every edge of a provenance tree pairs words of a parent passage with the words
its child took from it (runs of shared words, in token-table positions). Two
words paired so are the same word of one wording, and so are two words paired
with a third: the *word classes* are the connected components of those
pairings, over every family at once, so a stretch of a document that sits in
several families is one class per word. A word's class is what gives it one
account: its origin is decided once for the class
(:func:`provenance.origin.accounts.accounts`), whichever passage, family or
document view it is read from. Only what a tree passes down joins a class: two
versions that happen to share a phrase one did not take from the other (a
sibling's ``was told``) stay apart.

Classes are found with numpy by hooking and pointer jumping (each round hooks
every pairing's larger label under its smaller one, then follows labels to their
roots), so a chain of ``k`` versions takes ``O(log k)`` rounds of array work.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from provenance.arrays import distinct, last_at_or_before
from provenance.model import Alignment, AlignmentTable, Segmentation

__all__ = ["Affinity", "WordClasses", "components", "runs_classes"]


@attrs.frozen(eq=False)
class WordClasses:
    """The word classes of a corpus.

    ``tokens`` are the token-table positions of the words that some alignment
    pairs, ascending (in 32 bits where the table's positions fit, as ``label``);
    ``label[i]`` is the class of ``tokens[i]``: the smallest position in it.
    ``doc[i]`` is the number of the document holding ``tokens[i]`` (as
    ``Paragraphs.doc`` numbers them, in 32 bits). ``first[i]`` is true when ``tokens[i]`` is
    never on the second side of a pairing: for runs a child shares with its parent
    (:func:`runs_classes`), a word no parent passes down.
    """

    tokens: Positions
    label: Positions  # in 32 bits where the token table's positions fit
    doc: npt.NDArray[np.int32]
    first: npt.NDArray[np.bool_]

    @classmethod
    def empty(cls) -> WordClasses:
        none = np.zeros(0, dtype=np.int64)
        return cls(none, none, none.astype(np.int32), np.zeros(0, dtype=bool))


def _pairings(
    blocks: npt.NDArray[np.int64], dtype: type[np.signedinteger[Any]]
) -> tuple[Positions, Positions]:
    """The word pairs of runs ``(first in one, first in the other, length)``, in
    token-table positions, as two position arrays of ``dtype``."""
    lengths = blocks[:, 2]
    step: Positions = np.arange(int(lengths.sum()), dtype=dtype)
    step -= np.repeat((np.cumsum(lengths) - lengths).astype(dtype), lengths)
    first = np.repeat(blocks[:, 0].astype(dtype), lengths)
    first += step
    second = np.repeat(blocks[:, 1].astype(dtype), lengths)
    second += step
    return first, second


# Token-table positions, in 32 bits where they fit (:func:`_index_type`).
Positions = npt.NDArray[np.signedinteger[Any]]


def _index_type(size: int) -> type[np.signedinteger[Any]]:
    """The narrowest of int32 and int64 that numbers ``size`` positions."""
    return np.int32 if size <= np.iinfo(np.int32).max else np.int64


def _labels(edges: list[Positions], size: int, nodes: Positions) -> Positions:
    """Per position of ``[0, size)``, its component by the edges ``(a[i], b[i])``
    (``edges`` is ``[a, b]``, emptied here: the caller keeps no other reference, so
    the edges still joining two roots after a round are all that is held of them): the
    smallest position in it (its own for a position no edge joins). ``nodes`` are the
    positions the edges join, ascending.

    One label per position, not per node: no sort to number the nodes. Each round
    hooks every edge's larger root under the smaller one, then points every node at
    its root, jumping only the nodes not yet pointing at one. An edge whose ends
    share a root shares it from then on, so each round looks only at the edges
    still joining two roots.
    """
    a, b = edges
    edges.clear()
    label: Positions = np.arange(size, dtype=a.dtype)
    la, lb = a, b  # every position its own label: no copies in the first round
    while len(a):
        if la is not a:
            la, lb = label[a], label[b]
        apart = la != lb
        if not apart.any():
            break
        if not apart.all():
            a, b, la, lb = a[apart], b[apart], la[apart], lb[apart]
        low = np.minimum(la, lb)
        np.minimum.at(label, la, low)  # hook each root under the smaller label
        np.minimum.at(label, lb, low)
        del low, apart
        la = lb = np.empty(0, dtype=a.dtype)  # read again next round
        todo = nodes
        while len(todo):  # point every node at its root
            at: Positions = label[todo]
            up: Positions = label[at]
            moving = up != at
            todo = todo[moving]
            label[todo] = up[moving]
    return label


def components(
    u: npt.NDArray[np.int64], v: npt.NDArray[np.int64]
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """The nodes of the edges ``(u[i], v[i])``, ascending, and each one's component:
    the smallest node in it."""
    if not len(u):
        none = np.zeros(0, dtype=np.int64)
        return none, none
    nodes = distinct(np.concatenate([u, v]))
    dtype = _index_type(len(nodes))
    a: Positions = np.searchsorted(nodes, u).astype(dtype)
    b: Positions = np.searchsorted(nodes, v).astype(dtype)
    every: Positions = np.arange(len(nodes), dtype=dtype)
    return nodes, nodes[_labels([a, b], len(nodes), every)]


def runs_classes(seg: Segmentation, runs: npt.NDArray[np.int64]) -> WordClasses:
    """The word classes of runs of shared words: rows ``(first word of one version,
    first word of the other, length)`` in token-table positions (for the trees, the
    parent's first, then the child's).

    Positions are labelled over the whole token table (:func:`_labels`), in 32 bits
    where it allows: at 1M paragraphs a few hundred MB, where numbering the paired
    words by sorting them took GiBs.
    """
    if not len(runs) or not runs[:, 2].any():
        return WordClasses.empty()
    size = len(seg.token_ids)
    edges = list(_pairings(runs, _index_type(max(size, int(runs[:, 2].sum())))))
    paired = np.zeros(size, dtype=bool)
    paired[edges[0]] = True
    received = np.zeros(size, dtype=bool)  # on the second side of a pairing
    received[edges[1]] = True
    paired |= received
    tokens = np.flatnonzero(paired).astype(edges[0].dtype)
    del paired
    label = _labels(edges, size, tokens)  # which lets go of the pairs as it goes
    labels = label[tokens]
    del label
    return WordClasses(tokens, labels, _documents(seg, tokens), ~received[tokens])


def _documents(seg: Segmentation, tokens: Positions) -> npt.NDArray[np.int32]:
    """The number of the document holding each of ``tokens`` (ascending token-table
    positions): that of the last paragraph starting at or before it
    (:func:`~provenance.arrays.last_at_or_before`, in 32 bits where the paragraphs'
    numbers fit)."""
    table = seg.paragraphs
    paragraph = last_at_or_before(table.tokens[:, 0], tokens, _index_type(len(table)))
    found: npt.NDArray[np.int32] = table.doc.astype(np.int32)[paragraph]
    return found


@attrs.frozen(eq=False)
class Affinity:
    """How many words of each paragraph another document shares with it: the
    evidence of which version a passage follows, read around the passage rather
    than in it (a title copied with the paragraph around it follows that
    paragraph's source, not an older article that has the title alone).

    ``keys`` are ``paragraph * documents + document`` (documents numbered as
    ``Paragraphs.doc`` numbers them), ascending; ``words[i]`` the shared words of
    ``keys[i]``, added over every alignment of the paragraph with that document.
    """

    keys: npt.NDArray[np.int64]
    words: npt.NDArray[np.int64]
    documents: int

    @classmethod
    def of(cls, seg: Segmentation, alignments: Sequence[Alignment]) -> Affinity:
        """The affinity of every paragraph of ``seg`` that an alignment links."""
        table = seg.paragraphs
        documents = max(len(table.docs), 1)
        columns = AlignmentTable.from_alignments(alignments)
        a, b, n = columns.a, columns.b, columns.shared
        doc = table.doc.astype(np.int64)
        keys = np.concatenate([a * documents + doc[b], b * documents + doc[a]])
        found, at = np.unique(keys, return_inverse=True)
        words = np.bincount(at, weights=np.concatenate([n, n]), minlength=len(found))
        return cls(found, words.astype(np.int64), documents)

    def shared(self, paragraph: int, document: int) -> int:
        """Words of ``paragraph`` that ``document`` shares (0 if none)."""
        key = paragraph * self.documents + document
        at = int(np.searchsorted(self.keys, key))
        return int(self.words[at]) if at < len(self.keys) and self.keys[at] == key else 0
