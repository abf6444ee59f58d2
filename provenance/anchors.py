"""Anchors: paragraph pairs that share a rare run of words, wherever it lies.

MinHash sketches of paragraphs and sentences find copies that keep most of a
sentence. Real copy also keeps a clause verbatim inside a sentence it rewrites,
or merges two sentences into one; such a paragraph does not resemble its source
as a whole. Anchors find those pairs directly, as passim does: every run of
``anchor_words`` consecutive words of article text (an *n-gram*) is hashed, and
two paragraphs of different documents that share at least ``min_anchors``
distinct n-grams are a candidate pair. A shared run of ``anchor_words +
min_anchors - 1`` words always makes one.

An n-gram found in more than ``max_anchor_documents`` documents is a stock
phrase (``said in a statement on Monday``, a title, a common sequence of
function words), not an anchor: it pairs nothing, and :class:`Anchors` marks
the words where such an n-gram starts, so that verification does not count a
run of stock phrases as a copied clause.

The anchors also screen the LSH index's candidates (:meth:`Anchors.screen`).
A short sentence made mostly of a stock phrase resembles every other sentence
holding it, and the index pairs them by the million (at 1M paragraphs of wire
copy, 34M candidate pairs, of which 2.5M pass the sentence bound and 3 % verify,
nearly all of them unrelated articles). A candidate pair is worth aligning when
its paragraphs share at least ``min_candidate_anchors`` rare n-grams, or when
both paragraphs are mostly n-grams too common to be anchors: text carried by
more documents than ``max_anchor_documents`` (a story taken by hundreds of
outlets), which only the index can pair.

Grouping is one ``np.sort`` of ``hash << b | paragraph`` (``b`` bits hold a
paragraph), as the LSH index groups its bands: equal n-grams line up, each
group in paragraph order, and so in document order. The hash keeps ``64 - b``
bits; two n-grams whose hashes agree there are taken for one, which can only
add a candidate (verification then rejects it), never lose one.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import attrs
import numpy as np
import numpy.typing as npt

from provenance.arrays import last_at_or_before, sort_in_place
from provenance.index import pairs_in_groups
from provenance.model import IndexConfig, Segmentation
from provenance.parallel import in_threads, map_chunks, worker_count

__all__ = ["Anchors", "anchors"]

_MULTIPLIER = np.uint64(0x100000001B3)  # FNV prime: n-gram hash, one word at a time
_MIX = np.uint64(0x9E3779B97F4A7C15)  # odd: multiplying by it permutes uint64


@attrs.frozen(eq=False)
class Anchors:
    """What the anchors found: candidate paragraph pairs and the stock phrases.

    ``pairs`` are paragraph pairs ``(a, b)``, ``a < b``, of different documents
    sharing at least ``min_anchors`` distinct rare n-grams, sorted. ``common[i]``
    is true when word ``i`` of the token table starts an n-gram found in more
    than ``max_anchor_documents`` documents. ``size`` is the n-gram length and
    ``min_anchors`` the anchors a pair shares at least. ``linked`` holds the
    keys ``a * paragraphs + b`` of the pairs sharing at least
    ``min_candidate_anchors`` rare n-grams, sorted, and ``widely[p]`` is true when
    paragraph ``p`` is mostly (:data:`WIDELY_CARRIED`) n-grams too common to be
    anchors, or has none at all; both serve :meth:`screen`, and ``None`` screens
    nothing out.
    """

    pairs: npt.NDArray[np.int64]
    common: npt.NDArray[np.bool_]
    size: int
    min_anchors: int
    linked: npt.NDArray[np.int64] | None = None
    widely: npt.NDArray[np.bool_] | None = None

    def screen(self, pairs: npt.NDArray[np.int64]) -> npt.NDArray[np.bool_]:
        """Whether each candidate paragraph pair ``(a, b)``, ``a < b``, is worth
        aligning (see the module): its paragraphs share at least
        ``min_candidate_anchors`` rare n-grams, or both are widely carried text."""
        pairs = np.asarray(pairs, dtype=np.int64).reshape(-1, 2)
        if self.linked is None or self.widely is None:
            return np.ones(len(pairs), dtype=bool)
        keys = pairs[:, 0] * len(self.widely) + pairs[:, 1]
        at = np.searchsorted(self.linked, keys)
        at[at == len(self.linked)] = 0
        found = self.linked[at] == keys if len(self.linked) else np.zeros(len(keys), dtype=bool)
        return found | (self.widely[pairs[:, 0]] & self.widely[pairs[:, 1]])

    @classmethod
    def empty(cls, seg: Segmentation, config: IndexConfig) -> Anchors:
        """No pairs and no stock phrases (a corpus without n-grams: the screen lets
        every pair through)."""
        none = np.zeros((0, 2), dtype=np.int64)
        common = np.zeros(len(seg.token_ids), dtype=bool)
        if not config.min_candidate_anchors:
            return cls(none, common, config.anchor_words, config.min_anchors)
        widely = np.ones(len(seg.paragraphs), dtype=bool)
        linked = np.zeros(0, dtype=np.int64)
        return cls(none, common, config.anchor_words, config.min_anchors, linked, widely)


WIDELY_CARRIED = 0.5
"""The share of a paragraph's n-grams, too common to be anchors, above which the
paragraph is widely carried text (:meth:`Anchors.screen`). A paragraph that holds
a stock phrase among words of its own stays well below it."""


class _Owners(NamedTuple):
    """The paragraphs an n-gram can start in: those of article text with at least one
    n-gram, by their first token position (ascending, as paragraphs hold ascending
    ranges of the token table)."""

    firsts: npt.NDArray[np.int64]  # each such paragraph's first token position
    paragraphs: npt.NDArray[np.int64]  # and its number

    def of(self, positions: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
        """The paragraph of each of ``positions`` (ascending) where an n-gram starts:
        the last one starting at or before it (:func:`last_at_or_before`), where a
        table of every position's paragraph took 400 MB at 1M paragraphs, held
        through the parts."""
        found: npt.NDArray[np.int64] = self.paragraphs[last_at_or_before(self.firsts, positions)]
        return found


def _gram_table(seg: Segmentation, n: int) -> tuple[npt.NDArray[np.bool_], _Owners]:
    """Whether an n-gram of article text starts at each token position, and the
    paragraphs they start in (:class:`_Owners`).

    Paragraphs hold consecutive, ascending ranges of the token table, so an
    n-gram is known by the position of its first word: no list of starts is made.
    """
    table = seg.paragraphs
    size = len(seg.token_ids)
    lo, hi = table.tokens[:, 0], table.tokens[:, 1]
    count = np.where(table.is_boilerplate, 0, np.maximum(hi - lo - n + 1, 0))
    held = np.flatnonzero(count > 0)  # ascending, and so are their first words
    # +1 where a run of starts begins, -1 past its end (ends fall before the next run).
    steps = np.zeros(size + 1, dtype=np.int8)
    steps[lo[held]] = 1
    steps[lo[held] + count[held]] -= 1
    starts = np.cumsum(steps[:-1], dtype=np.int8).view(np.bool_)
    del steps
    return starts, _Owners(lo[held].astype(np.int64), held.astype(np.int64))


def gram_hashes(
    ids: npt.NDArray[np.integer[Any]], n: int, *, threads: int = 1
) -> npt.NDArray[np.uint64]:
    """A 64-bit hash of the ``n`` word ids from each position of ``ids`` on (0 where
    fewer than ``n`` words are left), a block at a time: the words are read as
    shifted slices, and the temporaries stay small whatever the corpus. ``threads``
    threads hash blocks at once (numpy lets go of the GIL over whole blocks)."""
    out = np.zeros(len(ids), dtype=np.uint64)
    stop = len(ids) - n + 1

    def block(lo: int) -> None:
        hi = min(lo + _BLOCK, stop)
        h = ids[lo:hi].astype(np.uint64)
        for k in range(1, n):
            h *= _MULTIPLIER
            h ^= ids[lo + k : hi + k].astype(np.uint64)
        h *= _MIX
        h ^= h >> np.uint64(29)
        out[lo:hi] = h

    in_threads(block, range(0, max(stop, 0), _BLOCK), threads=threads)
    return out


_BLOCK = 1 << 22  # n-gram starts hashed at a time
# The top bits of the hash split the n-grams into parts, grouped one at a time by each
# worker: 32 parts hold a worker's sort to some 3M n-grams at 1M paragraphs. (With 8,
# the anchors' peak footprint on the realistic-phrase corpus at 1M was 7,060 MiB; with
# 16, 6,321; with 32, 6,073, in the same time.)
_PART_BITS = 5
_NO_PART = np.uint8(255)  # the part of a token position where no n-gram starts
_FLAG_BITS = 26  # bits of the hash that index the flags of the stock phrases of a part


class _Grams(NamedTuple):
    """Every n-gram of article text, by the token position it starts at, for the
    parts' workers (shared through ``fork``)."""

    hashes: npt.NDArray[np.uint64]  # the hash of the n-gram at each position
    owners: _Owners  # the paragraph of each
    part: npt.NDArray[np.uint8]  # its part: the hash's top bits (_NO_PART: no n-gram)
    doc_of: npt.NDArray[np.int64]  # the document of each paragraph
    bits: int  # bits of a key that hold a paragraph


def anchors(seg: Segmentation, config: IndexConfig | None = None, *, workers: int = 1) -> Anchors:
    """The anchor pairs and stock phrases of a segmentation (see the module).

    The n-grams are grouped a part at a time, the parts cut by the top bits of
    their hash (equal n-grams always fall in one part), so that sorting and
    grouping hold a fraction of them at once; ``workers`` processes (0: one
    per core) group the parts, and as many threads hash the n-grams and sort the
    pairs' keys in this process. The result does not depend on their number.
    """
    config = config or IndexConfig()
    workers = worker_count(workers)
    n = config.anchor_words
    starts, owners = _gram_table(seg, n)
    if not starts.any():
        return Anchors.empty(seg, config)
    paragraphs = len(seg.paragraphs)
    hashes = gram_hashes(seg.token_ids, n, threads=workers)
    # An n-gram's part is its hash's top bits; positions where none starts are in none.
    part = (hashes >> np.uint64(64 - _PART_BITS)).astype(np.uint8)
    part[~starts] = _NO_PART
    del starts
    grams = _Grams(
        hashes,
        owners,
        part,
        seg.paragraphs.doc.astype(np.int64),
        max(1, (paragraphs - 1).bit_length()),
    )
    keys: list[npt.NDArray[np.int64]] = []
    common = np.zeros(len(seg.token_ids), dtype=bool)
    parts = range(1 << _PART_BITS)
    for found in map_chunks(_part, (grams, config), parts, workers=workers, chunk=1):
        keys.append(found.keys)
        common[found.common] = True
    del grams, hashes, part
    every = np.concatenate(keys)
    del keys
    least = config.min_candidate_anchors
    pairs, linked = _counted(every, paragraphs, config.min_anchors, max(least, 1), threads=workers)
    if not least:  # every candidate pair is aligned
        return Anchors(pairs, common, n, config.min_anchors)
    return Anchors(pairs, common, n, config.min_anchors, linked, _widely(seg, common, n))


def _widely(seg: Segmentation, common: npt.NDArray[np.bool_], n: int) -> npt.NDArray[np.bool_]:
    """Per paragraph: whether more than :data:`WIDELY_CARRIED` of its n-grams are
    too common to be anchors, or it has no n-gram of article text (nothing to
    screen it by)."""
    table = seg.paragraphs
    lo, hi = table.tokens[:, 0], table.tokens[:, 1]
    grams = np.where(table.is_boilerplate, 0, np.maximum(hi - lo - n + 1, 0))
    # 32 bits where they hold the count: half the fresh pages of 64 (at 1M paragraphs,
    # 100M of them: the page faults of 800 MB took longer than the sum).
    wide = len(common) >= np.iinfo(np.int32).max
    seen: npt.NDArray[np.signedinteger[Any]] = np.zeros(
        len(common) + 1, dtype=np.int64 if wide else np.int32
    )
    np.cumsum(common, out=seen[1:])
    stock = seen[lo + grams] - seen[lo]
    widely: npt.NDArray[np.bool_] = (grams == 0) | (stock > WIDELY_CARRIED * grams)
    return widely


class _Part(NamedTuple):
    """What one part of the n-grams gives (:func:`_part`)."""

    keys: npt.NDArray[np.int64]  # a key ``a * paragraphs + b`` per anchor two share
    common: npt.NDArray[np.int64]  # where the n-grams that are stock phrases start


def _part(grams: _Grams, config: IndexConfig, part: int) -> _Part:
    """Group one part of the n-grams: the paragraph pairs of each rare n-gram, and the
    n-grams found in too many documents.

    Two n-grams are one when their hashes agree above the ``bits`` that
    hold a paragraph in the sorted keys.
    """
    bits, doc_of = grams.bits, grams.doc_of
    chosen = np.flatnonzero(grams.part == part)
    hashes = grams.hashes[chosen]
    low = np.uint64((1 << bits) - 1)
    packed = (hashes & ~low) | grams.owners.of(chosen).astype(np.uint64)
    packed.sort()
    gram = packed >> np.uint64(bits)
    new_gram = np.ones(len(packed), dtype=bool)
    new_gram[1:] = gram[1:] != gram[:-1]
    group = np.cumsum(new_gram) - 1
    para = (packed & low).astype(np.int64)
    del packed
    doc = doc_of[para]
    # Paragraphs ascend within a group, so its documents do too: count their changes.
    new_doc = new_gram.copy()
    new_doc[1:] |= doc[1:] != doc[:-1]
    documents = np.bincount(group, weights=new_doc).astype(np.int64)
    too_common = documents > config.max_anchor_documents
    stock = gram[new_gram][too_common]
    # One entry per (n-gram, paragraph), for the n-grams in 2 to max documents.
    entry = ((documents >= 2) & ~too_common)[group]
    entry[1:] &= (para[1:] != para[:-1]) | new_gram[1:]
    para, doc, group = para[entry], doc[entry], group[entry]
    del gram, new_gram, new_doc, entry
    first = np.ones(len(group), dtype=bool)
    first[1:] = group[1:] != group[:-1]
    keys = _group_pair_keys(para, doc, first, len(doc_of))
    del para, doc, group, first
    return _Part(keys, chosen[_stock_members(hashes >> np.uint64(bits), stock)])


def _stock_members(
    grams: npt.NDArray[np.uint64], stock: npt.NDArray[np.uint64]
) -> npt.NDArray[np.int64]:
    """Where ``grams`` holds a member of ``stock`` (ascending).

    A table of flags, one per value of the low ``_FLAG_BITS`` bits of a stock
    phrase, rules out most n-grams at once; the rest are looked up in ``stock``.
    """
    if not len(stock):
        return np.zeros(0, dtype=np.int64)
    mask = np.uint64((1 << _FLAG_BITS) - 1)
    flags = np.zeros(1 << _FLAG_BITS, dtype=bool)
    flags[(stock & mask).astype(np.intp)] = True
    maybe = np.flatnonzero(flags[(grams & mask).astype(np.intp)])
    found = grams[maybe]
    at = np.searchsorted(stock, found)
    at[at == len(stock)] = 0
    members: npt.NDArray[np.int64] = maybe[stock[at] == found]
    return members


def _group_pair_keys(
    para: npt.NDArray[np.int64],
    doc: npt.NDArray[np.int64],
    first: npt.NDArray[np.bool_],
    width: int,
) -> npt.NDArray[np.int64]:
    """A key ``a * width + b`` (``a < b``) for every two paragraphs of different
    documents in one group (``first`` marks where a group starts), once per group."""
    keys: list[npt.NDArray[np.int64]] = [np.zeros(0, dtype=np.int64)]
    # Every pair of each group (no group is capped: they hold at most a few dozen
    # documents' paragraphs, max_anchor_documents bounding them).
    for at, step in pairs_in_groups(first, len(first)):
        to = at + step
        apart = doc[at] != doc[to]
        keys.append(para[at[apart]] * width + para[to[apart]])  # paragraphs ascend: a < b
    return np.concatenate(keys)


def _counted(
    keys: npt.NDArray[np.int64], width: int, min_anchors: int, min_linked: int, *, threads: int = 1
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """The pairs whose key is among ``keys`` (sorted here, in place, over ``threads``
    threads) at least ``min_anchors`` times, sorted; and the keys found at least
    ``min_linked`` times, sorted."""
    if not len(keys):
        return np.zeros((0, 2), dtype=np.int64), keys
    # In place: a merge of sorted parts (each sorted by its worker) took 0.6 s against
    # 3.5, but its buffer raised the index stage's peak footprint by some 400 MiB, past
    # 6 GiB on the realistic-phrase corpus at 1M.
    sort_in_place(keys, threads)
    edge = np.flatnonzero(np.concatenate([[True], keys[1:] != keys[:-1], [True]]))
    distinct, times = keys[edge[:-1]], np.diff(edge)
    chosen = distinct[times >= min_anchors]
    pairs = np.empty((len(chosen), 2), dtype=np.int64)
    np.divmod(chosen, width, out=(pairs[:, 0], pairs[:, 1]))
    return pairs, distinct[times >= min_linked]
