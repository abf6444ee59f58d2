"""Holdings: which version holds the wording another received.

When dates and credit lines leave two versions unordered (an agency's story with
a time of day and an outlet dated to that day only), the wording still tells. A
copy holds only the part of its source it kept, while the source holds what the
copy received: the source's words are in the same word classes
(:mod:`provenance.wording`) as nearly all the copy's shared words, and the copy's
words are in far fewer of the source's.

The words a document *received* are its words in word classes it shares with
another document where it is not the one dated before every other (in those it
gave, whatever its source). Document ``x`` *holds* ``y`` (:meth:`Holdings.holds`)
when ``x``'s classes hold at least ``holds`` of the words ``y`` received, ``y``'s
hold at most that share less ``holds_margin`` of all the words ``x`` shares, at
least ``witnessed`` of the words ``x`` shares beyond ``y`` are held by documents
that also hold ``witness_overlap`` of what ``x`` and ``y`` share (the other copies
of a source overlap each other; the sources of a compilation do not), and ``y``
does not hold ``x`` by the same tests (thresholds of
:class:`~provenance.model.OriginConfig`; ``docs/direction.md`` tells the rule and
its limits, :class:`provenance.origin.accounts._Textual` applies it).

Classes are counted by the set of documents they hold (a copied passage's words
all sit in classes of the same documents), so finding whether ``x`` holds ``y``
costs the number of sets holding either, and is done only for pairs that dates
and credits leave unordered.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence
from typing import Any, NamedTuple

import attrs
import numpy as np
import numpy.typing as npt

from provenance.arrays import run_starts, sort_in_place
from provenance.model import OriginConfig

__all__ = ["Holdings"]


class _Held(NamedTuple):
    """A document's holdings as dicts: the words each set holding them holds, and of
    the sets where it received them (not the first by date), those."""

    words: dict[int, int]
    got: dict[int, int]


# Members of a set read at a time when looking for a witness among them.
_FEW = 16
# Documents whose dicts are kept at most (:meth:`Holdings._held`): some 2.5 KB each at
# 1M paragraphs of wire copy. Kept for every document a worker asks of, they added
# 440 MiB to the peak of the edges the holdings orient.
_CACHED = 4_096


@attrs.frozen(eq=False)
class Holdings:
    """The words each document received, and which sets of documents hold them.

    Documents are numbered as ``Paragraphs.doc`` numbers them. ``received[d]`` is
    the number of words document ``d`` received; ``sets_of[d]`` the numbers of the
    sets of documents holding them, ascending, and ``words_of[d]`` how many of
    ``d``'s received words each holds.
    """

    received: npt.NDArray[np.int64]
    shared: npt.NDArray[np.int64]
    sets_of: list[npt.NDArray[np.int64]]
    words_of: list[npt.NDArray[np.int64]]
    got_of: list[npt.NDArray[np.bool_]]
    members: list[npt.NDArray[np.int64]]
    # Each document's sets as dicts, as the questions reach them (:meth:`_held`).
    _cache: dict[int, _Held] = attrs.field(factory=dict, init=False, repr=False)

    @classmethod
    def of(
        cls,
        set_of: npt.NDArray[np.signedinteger[Any]],
        doc: npt.NDArray[np.signedinteger[Any]],
        documents: int,
        given: npt.NDArray[np.int64],
        *,
        threads: int = 1,
    ) -> Holdings:
        """The holdings of words whose set of documents is ``set_of[i]`` and document
        ``doc[i]``, of ``documents`` documents in all; ``given[s]`` is the document
        that comes before every other of set ``s`` by date, or -1. ``threads``
        threads sort the words."""
        # np.unique(set_of * documents + doc, return_counts=True), the one key per
        # word built and sorted in place (at 1M paragraphs np.unique's copies cost
        # half a GiB).
        key = set_of.astype(np.int64)
        key *= documents
        key += doc
        sort_in_place(key, threads)
        edge = np.flatnonzero(run_starts(key))
        keys, counts = key[edge], np.diff(np.append(edge, len(key)))
        del key, edge
        s, d = np.divmod(keys, documents)
        size = np.bincount(s, minlength=len(given))
        kept = size[s] >= 2
        s, d, counts = s[kept], d[kept], counts[kept]
        by_doc = np.lexsort((s, d))
        s, d, counts = s[by_doc], d[by_doc], counts[by_doc]
        got = given[s] != d
        cuts = np.searchsorted(d, np.arange(documents + 1))
        spans = list(zip(cuts[:-1].tolist(), cuts[1:].tolist(), strict=True))
        by_set = np.lexsort((d, s))
        in_set = np.searchsorted(s[by_set], np.arange(len(given) + 1))
        docs_by_set = d[by_set]
        return cls(
            np.bincount(d, weights=counts * got, minlength=documents).astype(np.int64),
            np.bincount(d, weights=counts, minlength=documents).astype(np.int64),
            [s[lo:hi] for lo, hi in spans],
            [counts[lo:hi] for lo, hi in spans],
            [got[lo:hi] for lo, hi in spans],
            [docs_by_set[lo:hi] for lo, hi in itertools.pairwise(in_set)],
        )

    def share(self, x: int, y: int, *, received: bool) -> float:
        """The share of the words ``y`` shares (or only received) that sets holding
        ``x`` hold too."""
        total = int(self.received[y] if received else self.shared[y])
        if not total:
            return 0.0
        mine, theirs = self._held(y), self._held(x).words
        counts = mine.got if received else mine.words
        if len(counts) <= len(theirs):
            held = sum([n for s, n in counts.items() if s in theirs])
        else:
            held = sum([counts[s] for s in theirs if s in counts])
        return held / total

    def _held(self, d: int) -> _Held:
        """Document ``d``'s sets as dicts, made when first asked: the questions are
        asked pair by pair, millions of times, of a few sets each, where numpy's set
        operations cost tens of microseconds a call."""
        held = self._cache.get(d)
        if held is None:
            if len(self._cache) >= _CACHED:  # bounded: a worker may ask of any document
                self._cache.clear()
            sets = self.sets_of[d].tolist()
            words = self.words_of[d].tolist()
            got = self.got_of[d].tolist()
            held = self._cache[d] = _Held(
                dict(zip(sets, words, strict=True)),
                {s: n for s, n, g in zip(sets, words, got, strict=True) if g},
            )
        return held

    def holds(self, x: int, y: int, config: OriginConfig) -> bool:
        """Whether ``x`` holds ``y`` by the thresholds of ``config``, and ``y`` does not
        hold ``x`` (see the module's text and :class:`~provenance.model.OriginConfig`)."""
        return self.one_way(x, y, config) and not self.one_way(y, x, config)

    def one_way(self, x: int, y: int, config: OriginConfig) -> bool:
        """Whether ``x`` holds ``y`` by the thresholds of ``config``, the converse not
        asked (:meth:`holds` asks both ways)."""
        forward = self.share(x, y, received=True)
        return (
            forward >= config.holds
            and self.share(y, x, received=False) <= forward - config.holds_margin
            and self.witnessed_enough(x, y, config.witness_overlap, config.witnessed)
        )

    def witnessed(self, x: int, y: int, overlap: float) -> float:
        """The share of ``x``'s shared words that ``y`` lacks held by a document that
        also holds at least ``overlap`` of the words ``x`` shares with ``y``: 1 when
        ``x`` is a source of ``y`` and of such others, near 0 when ``x`` joined ``y``
        with wording of unrelated others."""
        extra, sets = self._witnessing(x, y, overlap)
        if not extra:
            return 1.0
        return sum(n for n, seen in sets if seen) / extra

    def witnessed_enough(self, x: int, y: int, overlap: float, share: float) -> bool:
        """``witnessed(x, y, overlap) >= share``, stopping as soon as the sets read so
        far decide it."""
        extra, sets = self._witnessing(x, y, overlap)
        if not extra:
            return share <= 1.0
        seen, left = 0, extra
        for n, held in sets:
            left -= n
            if held:
                seen += n
                if seen / extra >= share:
                    return True
            elif (seen + left) / extra < share:
                return False
        return seen / extra >= share

    def _witnessing(self, x: int, y: int, overlap: float) -> tuple[int, Iterator[tuple[int, bool]]]:
        """The words ``x`` shares beyond ``y``, and lazily, for each set holding them,
        how many and whether a witness holds them (see :meth:`witnessed`)."""
        mine, theirs = self._held(x).words, self._held(y).words
        common = {s: n for s, n in mine.items() if s in theirs}
        beyond = [(s, n) for s, n in mine.items() if s not in theirs]
        extra = sum([n for _, n in beyond])
        # A witness holds at least ``least`` of the words x shares with y; most sets
        # x has beyond y show one among their first members, so each member is
        # weighed only when reached, once.
        least = overlap * max(sum(common.values()), 1)
        known: dict[int, bool] = {}

        def witness(z: int) -> bool:
            found = known.get(z)
            if found is None:
                held = self._held(z).words
                if len(common) <= len(held):
                    weight = sum([n for s, n in common.items() if s in held])
                else:
                    weight = sum([common[s] for s in held if s in common])
                found = known[z] = least <= 0 or weight >= least
            return found

        sets = ((n, any(z != x and witness(z) for z in self._members(s))) for s, n in beyond)
        return extra, sets

    def _members(self, s: int) -> Iterator[int]:
        """The documents of set ``s``, a few at a time: the first are often enough."""
        members = self.members[s]
        for lo in range(0, len(members), _FEW):
            yield from members[lo : lo + _FEW].tolist()

    def candidates(self, members: Sequence[int], most: int) -> list[int]:
        """Of ``members``, the ``most`` that share the most words (ties by number): a
        source shares at least what each of its copies received from it."""
        if len(members) <= most:
            return sorted(members, key=lambda x: (-int(self.shared[x]), x))
        shared = self.shared[np.asarray(members, dtype=np.int64)]
        order = np.lexsort((np.asarray(members), -shared))[:most]
        return [members[i] for i in order.tolist()]
