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
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from operator import attrgetter

from provenance.model import (
    Alignment,
    ClusterConfig,
    Family,
    Link,
    Passage,
    Segmentation,
)
from provenance.parallel import collector_paused

__all__ = ["cluster", "passage_id"]

Span = tuple[int, int]


def passage_id(doc: str, start: int, end: int) -> str:
    """The id of the passage ``[start, end)`` of document ``doc``: stable across runs."""
    return f"{doc}:{start}-{end}"


def _longest_first(region: tuple[Span, int]) -> tuple[int, int]:
    """Sort key of a paragraph's regions: longest first, then by start (regions of a
    paragraph are distinct, so the order is total)."""
    (start, end), _ = region
    return start - end, start


def _passages(
    seg: Segmentation, slots: dict[tuple[int, Span], int], config: ClusterConfig
) -> tuple[list[int], list[Passage]]:
    """All passages in (document, start, end) order, and for each numbered
    (paragraph, region) of ``slots`` the position of its passage in that order."""
    regions: dict[int, list[tuple[Span, int]]] = defaultdict(list)
    for (par, span), slot in slots.items():
        regions[par].append((span, slot))
    min_inside = config.min_inside
    paragraphs = seg.paragraphs
    owner: list[Passage | None] = [None] * len(slots)
    passages: list[Passage] = []
    for par, spans in sorted(regions.items()):
        doc = paragraphs.doc_id(par)
        text = seg.corpus_text(doc)
        hosts: list[Passage] = []
        if len(spans) > 1:
            spans.sort(key=_longest_first)
        for (start, end), slot in spans:
            length = end - start
            for h in hosts:
                # How much of the region lies inside the host, against the longer of the two.
                inside = min(h.end, end) - max(h.start, start)
                if max(0, inside) >= min_inside * max(length, h.end - h.start):
                    host = h
                    break
            else:
                host = Passage(passage_id(doc, start, end), doc, par, start, end, text[start:end])
                hosts.append(host)
            owner[slot] = host
        passages.extend(hosts)
    passages.sort(key=attrgetter("doc", "start", "end"))
    number = {id(p): n for n, p in enumerate(passages)}
    return [number[id(p)] for p in owner], passages


_side_a = attrgetter("a", "a_span")
_side_b = attrgetter("b", "b_span")
_score = attrgetter("shared_words", "similarity")


def _links(
    alignments: list[Alignment],
    rank_a: list[int],
    rank_b: list[int],
    passages: list[Passage],
    by_id: list[int],
) -> tuple[list[Link], list[tuple[int, int]]]:
    """The links between passages in (a, b) id order, and for each the positions
    in ``passages`` of its passages ``a`` and ``b``.

    ``by_id`` lists the positions in id order; ``rank_a[i]`` and ``rank_b[i]`` are
    the id ranks (indices into ``by_id``) of the passages that the sides ``a`` and
    ``b`` of ``alignments[i]`` belong to.
    """
    size = len(passages)
    # For each pair of passages (by id rank: low * size + high), the best
    # (shared words, similarity) so far and the alignment that has it.
    best: dict[int, tuple[tuple[int, float], int]] = {}
    scores = map(_score, alignments)
    for i, (ra, rb, score) in enumerate(zip(rank_a, rank_b, scores, strict=True)):
        if ra == rb:
            continue
        key = ra * size + rb if ra < rb else rb * size + ra
        kept = best.get(key)
        if kept is None or score > kept[0]:
            best[key] = (score, i)
    links: list[Link] = []
    ends: list[tuple[int, int]] = []
    for key in sorted(best):
        i = best[key][1]
        al = alignments[i]
        if rank_a[i] > rank_b[i]:
            # links read a < b by passage id; the alignment reads a < b by paragraph
            a_span, b_span = al.b_span, al.a_span
            edits = al.edits.swap()
        else:
            a_span, b_span, edits = al.a_span, al.b_span, al.edits
        pa, pb = by_id[key // size], by_id[key % size]
        links.append(
            Link(
                passages[pa].id,
                passages[pb].id,
                al.similarity,
                al.containment,
                al.shared_words,
                a_span,
                b_span,
                edits,
                al.quotation,
            )
        )
        ends.append((pa, pb))
    return links, ends


def _components(size: int, edges: Iterable[tuple[int, int]]) -> list[int]:
    """For each of ``size`` nodes, the number of its connected component; components
    are numbered in the order of their first node."""
    parent = list(range(size))
    for a, b in edges:
        while parent[a] != a:  # path halving
            parent[a] = a = parent[parent[a]]
        while parent[b] != b:
            parent[b] = b = parent[parent[b]]
        if a != b:
            parent[max(a, b)] = min(a, b)
    # A node's parent is never after it and every root is its component's first
    # node, so a component is numbered at its first node, before any other.
    component = [0] * size
    count = 0
    for n, p in enumerate(parent):
        if p == n:
            component[n] = count
            count += 1
        else:
            component[n] = component[p]
    return component


def cluster(
    seg: Segmentation, alignments: list[Alignment], config: ClusterConfig | None = None
) -> tuple[list[Family], list[Link]]:
    """Families of passages, and every passage link, both in a stable order.

    Families are numbered ``F1``, ``F2``, ... in the (document, start, end) order
    of their first passage; a family's passages are in that order and its links
    in id order, as are all the links returned.
    """
    config = config or ClusterConfig()
    with collector_paused():  # many new objects, and no reference cycles
        return _cluster(seg, alignments, config)


def _cluster(
    seg: Segmentation, alignments: list[Alignment], config: ClusterConfig
) -> tuple[list[Family], list[Link]]:
    slots: dict[tuple[int, Span], int] = {}  # each (paragraph, region), numbered
    slot_a = [slots.setdefault(side, len(slots)) for side in map(_side_a, alignments)]
    slot_b = [slots.setdefault(side, len(slots)) for side in map(_side_b, alignments)]
    owner, passages = _passages(seg, slots, config)
    by_id = sorted(range(len(passages)), key=lambda n: passages[n].id)  # positions in id order
    rank = [0] * len(passages)
    for r, n in enumerate(by_id):
        rank[n] = r
    slot_rank = [rank[n] for n in owner]
    links, ends = _links(
        alignments,
        list(map(slot_rank.__getitem__, slot_a)),
        list(map(slot_rank.__getitem__, slot_b)),
        passages,
        by_id,
    )
    component = _components(len(passages), ends)
    count = max(component, default=-1) + 1
    members: list[list[Passage]] = [[] for _ in range(count)]
    for p, c in zip(passages, component, strict=True):
        members[c].append(p)
    family_links: list[list[Link]] = [[] for _ in range(count)]
    for link, (a, _) in zip(links, ends, strict=True):
        family_links[component[a]].append(link)
    families = [
        Family(f"F{n}", tuple(ps), tuple(family_links[n - 1]))
        for n, ps in enumerate(members, start=1)
        if len(ps) > 1
    ]
    return families, links
