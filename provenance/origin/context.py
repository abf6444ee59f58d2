"""What the origin stage knows of the corpus, shared by the trees of every family."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypeVar

import attrs
import numpy as np
import numpy.typing as npt

from provenance.arrays import ranges
from provenance.dates import DateKey
from provenance.model import AlignConfig, Credit, Document, OriginConfig, Segmentation
from provenance.origin.precedence import OutletOrder
from provenance.wording import Affinity, Positions

# A word's attribution as one integer: its origin's index in ``_Context.doc_ids``
# (that count itself for a common source outside the corpus) times 4, plus DECIDED
# when the evidence decides the origin. With REWRITTEN, the word is its own
# document's rewording of wording whose origin the index names (decided).
DECIDED = 1
REWRITTEN = 2
_SHIFT = 2

Int = TypeVar("Int", int, npt.NDArray[np.int32], npt.NDArray[np.int64])


def code(origin: Int, *, decided: bool | Int = True) -> Int:
    """The attribution code of ``origin`` (an index, or an array of them); a rewording
    is a code with :data:`REWRITTEN` set."""
    return (origin << _SHIFT) + decided * DECIDED


def origin_of(codes: Int) -> Int:
    """The origin index of attribution codes."""
    return codes >> _SHIFT


def search(haystack: Positions, needles: npt.NDArray[np.int64]) -> npt.NDArray[np.intp]:
    """``np.searchsorted(haystack, needles)``, the needles looked up in ascending
    order: each search then starts near the last one's place. Over tens of millions
    of accounts, searches in random order miss the cache at every step (some 8x
    slower at 1M paragraphs). Token positions fit the haystack's type: the needles
    take it, so that numpy does not widen a copy of the haystack for each search."""
    order = np.argsort(needles, kind="stable")
    out = np.empty(len(needles), dtype=np.intp)
    out[order] = np.searchsorted(haystack, needles[order].astype(haystack.dtype, copy=False))
    return out


class Accounts:
    """The attribution of every word some alignment pairs, one per word whatever
    passage, family or view it is read from (:func:`provenance.origin.accounts.accounts`).

    ``tokens`` are token-table positions, ascending (in 32 bits where the table's
    positions fit); ``codes[i]`` is the attribution of ``tokens[i]`` (:func:`code`).
    """

    __slots__ = ("codes", "tokens")

    def __init__(self, tokens: Positions, codes: npt.NDArray[np.int32]) -> None:
        self.tokens = tokens
        self.codes = codes

    @classmethod
    def none(cls) -> Accounts:
        """No word is shared."""
        return cls(np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int32))

    def of(self, first: int, last: int, own: int) -> npt.NDArray[np.int32]:
        """The codes of the words ``[first, last)``; ``own`` for a word no alignment
        pairs (the document's own wording)."""
        lo, hi = np.searchsorted(self.tokens, [first, last]).tolist()
        out = np.full(last - first, own, dtype=np.int32)
        out[self.tokens[lo:hi] - first] = self.codes[lo:hi]
        return out

    def of_spans(
        self,
        firsts: npt.NDArray[np.int64],
        lasts: npt.NDArray[np.int64],
        owns: npt.NDArray[np.int64],
    ) -> npt.NDArray[np.int32]:
        """:meth:`of` of every span ``[firsts[i], lasts[i])`` with ``owns[i]``, one
        span after the other, in one array: two searches per span (its accounted
        words are a run of the accounts), not one per word."""
        sizes = lasts - firsts
        out = np.repeat(owns.astype(np.int32), sizes)
        if not len(self.tokens) or not len(out):
            return out
        lo, hi = search(self.tokens, np.concatenate([firsts, lasts])).reshape(2, -1)
        held = ranges(lo, hi)  # the accounts inside each span, one span after the other
        span = np.repeat(np.arange(len(firsts)), hi - lo)
        at = (np.cumsum(sizes) - sizes - firsts)[span] + self.tokens[held]
        out[at] = self.codes[held]
        return out


@attrs.frozen
class _Context:
    """What the trees of any family need to know of the corpus, read by every module of
    the stage (built once per run by :func:`provenance.origin.stage._context`)."""

    docs: Mapping[str, Document]
    credits: Mapping[str, tuple[Credit, ...]]
    seg: Segmentation
    config: OriginConfig
    align: AlignConfig  # how edge edits are computed: as the links' are
    doc_ids: list[str]  # numbering the documents for attribution codes
    doc_index: Mapping[str, int]
    dates: Mapping[str, DateKey]  # per document, :func:`provenance.dates.date_key`
    iso: Mapping[str, str | None]  # per document, its date as written in ISO 8601
    accounts: Accounts = attrs.field(factory=Accounts.none)  # of every shared word
    affinity: Affinity | None = None  # how much of each paragraph each document shares
    outlets: OutletOrder = attrs.field(factory=OutletOrder)  # source outlets, followers
