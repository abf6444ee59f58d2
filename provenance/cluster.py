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
"""

from __future__ import annotations

from collections import defaultdict

import attrs

from provenance.model import (
    Alignment,
    ClusterConfig,
    Edit,
    EditOp,
    Family,
    Link,
    Passage,
    Segmentation,
)

__all__ = ["cluster", "passage_id"]


def passage_id(doc: str, start: int, end: int) -> str:
    """The id of the passage ``[start, end)`` of document ``doc``: stable across runs."""
    return f"{doc}:{start}-{end}"


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _passages(
    seg: Segmentation, alignments: list[Alignment], config: ClusterConfig
) -> tuple[dict[tuple[int, tuple[int, int]], Passage], list[Passage]]:
    """Map each (paragraph, region) to its passage; all passages in id order."""
    regions: dict[int, set[tuple[int, int]]] = defaultdict(set)
    for al in alignments:
        regions[al.a].add(al.a_span)
        regions[al.b].add(al.b_span)
    owner: dict[tuple[int, tuple[int, int]], Passage] = {}
    passages: list[Passage] = []
    for par, spans in sorted(regions.items()):
        doc = seg.paragraphs.doc_id(par)
        text = seg.corpus_text(doc)
        hosts: list[Passage] = []
        for span in sorted(spans, key=lambda s: (s[0] - s[1], s[0])):
            length = span[1] - span[0]
            host = next(
                (
                    h
                    for h in hosts
                    if _overlap((h.start, h.end), span)
                    >= config.min_inside * max(length, h.end - h.start)
                ),
                None,
            )
            if host is None:
                host = Passage(
                    passage_id(doc, *span), doc, par, span[0], span[1], text[span[0] : span[1]]
                )
                hosts.append(host)
            owner[(par, span)] = host
        passages.extend(hosts)
    return owner, sorted(passages, key=lambda p: (p.doc, p.start, p.end))


def _links(
    alignments: list[Alignment], owner: dict[tuple[int, tuple[int, int]], Passage]
) -> list[Link]:
    best: dict[tuple[str, str], Link] = {}
    for al in alignments:
        pa, pb = owner[(al.a, al.a_span)], owner[(al.b, al.b_span)]
        if pa.id == pb.id:
            continue
        if pa.id > pb.id:  # links read a < b by passage id; the alignment reads a < b by paragraph
            pa, pb = pb, pa
            link = Link(
                pa.id,
                pb.id,
                al.similarity,
                al.containment,
                al.shared_words,
                al.b_span,
                al.a_span,
                tuple(_swap(e) for e in al.edits),
                al.quotation,
            )
        else:
            link = Link(
                pa.id,
                pb.id,
                al.similarity,
                al.containment,
                al.shared_words,
                al.a_span,
                al.b_span,
                al.edits,
                al.quotation,
            )
        key = (pa.id, pb.id)
        if key not in best or (link.shared_words, link.similarity) > (
            best[key].shared_words,
            best[key].similarity,
        ):
            best[key] = link
    return sorted(best.values(), key=lambda ln: (ln.a, ln.b))


def _swap(e: Edit) -> Edit:
    """The same edit read from the other side."""
    op: EditOp = "delete" if e.op == "insert" else "insert" if e.op == "delete" else e.op
    return attrs.evolve(
        e,
        op=op,
        a_text=e.b_text,
        b_text=e.a_text,
        a_start=e.b_start,
        a_end=e.b_end,
        b_start=e.a_start,
        b_end=e.a_end,
    )


def cluster(
    seg: Segmentation, alignments: list[Alignment], config: ClusterConfig | None = None
) -> tuple[list[Family], list[Link]]:
    """Families of passages, and every passage link, both in a stable order."""
    config = config or ClusterConfig()
    owner, passages = _passages(seg, alignments, config)
    links = _links(alignments, owner)
    parent = {p.id: p.id for p in passages}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for ln in links:
        ra, rb = find(ln.a), find(ln.b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    members: dict[str, list[Passage]] = defaultdict(list)
    for p in passages:
        members[find(p.id)].append(p)
    family_links: dict[str, list[Link]] = defaultdict(list)
    for ln in links:
        family_links[find(ln.a)].append(ln)
    groups = sorted(members.items(), key=lambda kv: (kv[1][0].doc, kv[1][0].start, kv[1][0].end))
    families = [
        Family(f"F{n}", tuple(ps), tuple(family_links[root]))
        for n, (root, ps) in enumerate(groups, start=1)
        if len(ps) > 1
    ]
    return families, links
