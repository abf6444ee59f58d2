"""Cluster: passages from aligned regions, families from the links between them.

Each verified alignment names one region in each of its two paragraphs. In
every paragraph the regions are taken longest first: a region that covers most
of an existing passage, and lies mostly inside it (``min_inside`` both ways),
belongs to it; any other region becomes a passage of its own. A sentence carried
into a longer paragraph is therefore a passage nested inside the paragraph's
passage, in a family of its own. A passage keeps the extent of the region that
founded it and never grows, so paragraphs that share different sentences with
different neighbours cannot chain unrelated passages into one giant family.
Families are the connected components of the passage links.

Passages are handled by number: their position in (document, start, end)
order, and their rank in id order, which decides how a link reads (``a < b``
by id) and the order of the links. Of the alignments between the same two
passages only the one kept (most shared words, then highest similarity, the
first on a tie) becomes a :class:`~provenance.model.Link`.

The stage reads the alignments' columns (:class:`~provenance.model.AlignmentTable`):
regions, links and families are found with numpy; only the regions of paragraphs
aligned at several places are compared one by one; the passages and families of the
report are built as objects, its links are rows of a table
(:class:`~provenance.model.LinkTable`).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from provenance.model import (
    Alignment,
    AlignmentTable,
    ClusterConfig,
    Family,
    Links,
    LinkTable,
    Passage,
    Segmentation,
)
from provenance.parallel import collector_paused
from provenance.wording import components

__all__ = ["cluster", "passage_id"]


def passage_id(doc: str, start: int, end: int) -> str:
    """The id of the passage ``[start, end)`` of document ``doc``: stable across runs."""
    return f"{doc}:{start}-{end}"


class _Regions:
    """The distinct regions ``(paragraph, start, end)`` of the two sides of every
    alignment, by paragraph, each paragraph's longest first, then by start (the
    order in which they find their passages); ``of[i]`` is the region of side ``i``
    (the ``a`` sides of the alignments, then their ``b`` sides)."""

    def __init__(self, table: AlignmentTable) -> None:
        par = np.concatenate([table.a, table.b])
        start = np.concatenate([table.spans[:, 0], table.spans[:, 2]])
        end = np.concatenate([table.spans[:, 1], table.spans[:, 3]])
        order = np.lexsort((start, start - end, par))
        par, start, end = par[order], start[order], end[order]
        new = np.ones(len(order), dtype=bool)
        new[1:] = (par[1:] != par[:-1]) | (start[1:] != start[:-1]) | (end[1:] != end[:-1])
        self.of = np.empty(len(order), dtype=np.int64)
        self.of[order] = np.cumsum(new) - 1
        self.par, self.start, self.end = par[new], start[new], end[new]


def _hosts(regions: _Regions, min_inside: float) -> tuple[npt.NDArray[np.int64], list[int]]:
    """For each region the number of the passage it belongs to, and the regions that
    found a passage, in that numbering. A region belongs to the first passage of its
    paragraph (longest first) that it covers most of and lies mostly inside
    (``min_inside`` both ways); any other founds one."""
    pars, starts, ends = regions.par.tolist(), regions.start.tolist(), regions.end.tolist()
    owner = [0] * len(pars)
    founders: list[int] = []
    current = -1
    local: list[int] = []  # the current paragraph's founding regions
    for i, (par, start, end) in enumerate(zip(pars, starts, ends, strict=True)):
        if par != current:
            current, local = par, []
        length = end - start
        host = (
            next(
                (
                    h
                    for h in local
                    if max(0, min(ends[h], end) - max(starts[h], start))
                    >= min_inside * max(length, ends[h] - starts[h])
                ),
                None,
            )
            if local
            else None
        )
        if host is None:
            owner[i] = len(founders)
            founders.append(i)
            local.append(i)
        else:
            owner[i] = owner[host]
    return np.array(owner, dtype=np.int64), founders


def _passages(
    seg: Segmentation, regions: _Regions, config: ClusterConfig
) -> tuple[npt.NDArray[np.int64], list[Passage]]:
    """All passages in (document, start, end) order, and for each region the
    position of its passage in that order."""
    owner, founders = _hosts(regions, config.min_inside)
    table = seg.paragraphs
    par = regions.par[founders]
    start, end = regions.start[founders], regions.end[founders]
    doc = table.doc[par]
    # Documents by id: their numbers in the paragraph table need not follow it.
    names = table.docs
    by_name = np.empty(len(names), dtype=np.int64)
    by_name[sorted(range(len(names)), key=names.__getitem__)] = np.arange(len(names))
    order = np.lexsort((end, start, by_name[doc]))
    position = np.empty(len(order), dtype=np.int64)
    position[order] = np.arange(len(order))
    passages: list[Passage] = []
    for d, p, a, b in zip(
        doc[order].tolist(),
        par[order].tolist(),
        start[order].tolist(),
        end[order].tolist(),
        strict=True,
    ):
        name = names[d]
        text = seg.corpus_text(name)[a:b]
        passages.append(Passage(passage_id(name, a, b), name, p, a, b, text))
    return position[owner], passages


def _links(
    table: AlignmentTable,
    side_a: npt.NDArray[np.int64],
    side_b: npt.NDArray[np.int64],
    passages: list[Passage],
) -> LinkTable:
    """The links between passages in (a, b) id order, their ``a`` and ``b`` numbered
    by position in ``passages``. ``side_a[i]`` and ``side_b[i]`` are the positions of
    the passages the sides of alignment ``i`` belong to.

    Of the alignments of one pair of passages, the one with the most shared words,
    then the highest similarity, the first on a tie, is kept.
    """
    size = len(passages)
    by_id = sorted(range(size), key=lambda n: passages[n].id)  # positions in id order
    rank = np.empty(size, dtype=np.int64)
    rank[by_id] = np.arange(size)
    ra, rb = rank[side_a], rank[side_b]
    kept = np.flatnonzero(ra != rb)  # both sides in one passage: not a link
    low, high = np.minimum(ra, rb)[kept], np.maximum(ra, rb)[kept]
    key = low * size + high
    best = np.lexsort((kept, -table.similarity[kept], -table.shared[kept], key))
    first = np.ones(len(best), dtype=bool)
    first[1:] = key[best[1:]] != key[best[:-1]]
    chosen = best[first]  # in key order: (a, b) by id
    at = kept[chosen]
    by_position = np.array(by_id, dtype=np.int64)
    # Links read a < b by passage id; alignments read a < b by paragraph.
    swapped = ra[at] > rb[at]
    spans = table.spans[at]
    spans[swapped] = spans[swapped][:, [2, 3, 0, 1]]
    stops = table.edit_stops
    return LinkTable(
        [p.id for p in passages],
        by_position[low[chosen]],
        by_position[high[chosen]],
        spans,
        table.similarity[at],
        table.containment[at],
        table.shared[at],
        table.quotation[at],
        np.stack([stops[at], stops[at + 1]], axis=1),
        swapped,
        table.edits,
    )


def cluster(
    seg: Segmentation, alignments: Sequence[Alignment], config: ClusterConfig | None = None
) -> tuple[list[Family], Links]:
    """Families of passages, and every passage link, both in a stable order.

    Families are numbered ``F1``, ``F2``, ... in the (document, start, end) order
    of their first passage; a family's passages are in that order and its links
    in id order, as are all the links returned. The links are views of one
    :class:`~provenance.model.LinkTable`, a family's links a run of its rows.
    """
    config = config or ClusterConfig()
    with collector_paused():  # many new objects, and no reference cycles
        return _cluster(seg, AlignmentTable.from_alignments(alignments), config)


def _cluster(
    seg: Segmentation, table: AlignmentTable, config: ClusterConfig
) -> tuple[list[Family], Links]:
    if not len(table):
        return [], Links.of(())
    regions = _Regions(table)
    position, passages = _passages(seg, regions, config)
    n = len(table)
    side = position[regions.of]
    links = _links(table, side[:n], side[n:], passages)
    # Components numbered in the order of their first passage; a passage in no link
    # is one of its own (numbered all the same: family numbers skip it).
    nodes, smallest = components(links.a, links.b)
    label = np.arange(len(passages), dtype=np.int64)
    label[nodes] = smallest
    _, component = np.unique(label, return_inverse=True)
    members = np.argsort(component, kind="stable")
    member_stops = np.cumsum(np.bincount(component)).tolist()
    # The table's rows by family (each family's in id order); the report reads them
    # all in id order.
    by_family = np.argsort(component[links.a], kind="stable")
    order = np.empty(len(by_family), dtype=np.int64)
    order[by_family] = np.arange(len(by_family))
    grouped = links.take(by_family)
    link_stops = np.cumsum(np.bincount(component[links.a], minlength=len(member_stops))).tolist()
    families: list[Family] = []
    member_list = members.tolist()
    lo = link_lo = 0
    for c, (hi, link_hi) in enumerate(zip(member_stops, link_stops, strict=True)):
        if hi - lo > 1:
            families.append(
                Family(
                    f"F{c + 1}",
                    tuple([passages[m] for m in member_list[lo:hi]]),
                    Links(grouped, link_lo, link_hi),
                )
            )
        lo, link_lo = hi, link_hi
    return families, Links(grouped, 0, len(order), order)
