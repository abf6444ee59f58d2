"""Document views: how much of each document's article text came from which
source, is quoted, undetermined or its own; its parents and its credit lines.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import NamedTuple

import numpy as np
import numpy.typing as npt

from provenance.arrays import ranges
from provenance.model import COMMON_SOURCE, UNDETERMINED, DocumentView, Edges, EdgeTable, Family
from provenance.origin.attribution import Runs
from provenance.origin.context import DECIDED, REWRITTEN, _Context, origin_of
from provenance.origin.tree import _Grown


class Shares(NamedTuple):
    """Characters of a document's article text per source, quoted, undecided, from a
    common source outside the corpus, and its own rewording of sources' wording
    (:func:`_shares`)."""

    sources: dict[str, int]
    quoted: int
    undecided: int
    outside: int
    rewritten: int = 0


def _shares(
    ctx: _Context,
    doc_id: str,
    runs: Runs,
    article: Sequence[tuple[int, int]],
    quotes: Sequence[tuple[int, int]],
) -> Shares:
    """Characters of ``doc_id``'s article text per source, quoted, and undecided.

    Each run is cut to each article paragraph; of each piece, what lies in the
    quoted passages (at most the piece) counts as quoted unless the wording is the
    document's own, and the rest as undecided, or as the source's. Pieces add up
    per run in numpy; the runs (a few dozen) add up per source in Python.
    """
    starts, ends, codes = runs
    if not starts or not article:
        return Shares({}, 0, 0, 0, 0)
    paragraphs = np.array(article, dtype=np.int64)
    lo = np.maximum(np.array(starts, dtype=np.int64)[:, None], paragraphs[:, 0])
    hi = np.minimum(np.array(ends, dtype=np.int64)[:, None], paragraphs[:, 1])
    width = np.maximum(hi - lo, 0)  # of each piece, by run and paragraph (0: none)
    in_quotes = [0] * len(codes)
    if quotes:
        q = np.array(quotes, dtype=np.int64)
        overlap = np.minimum(hi[..., None], q[:, 1]) - np.maximum(lo[..., None], q[:, 0])
        in_quotes = np.minimum(np.maximum(overlap, 0).sum(axis=2), width).sum(axis=1).tolist()
    me = ctx.doc_index[doc_id]
    sources: dict[str, int] = defaultdict(int)
    quoted = undecided = outside = rewritten = 0
    for code, n, in_quote in zip(codes, width.sum(axis=1).tolist(), in_quotes, strict=True):
        if code & REWRITTEN:  # the document's own rewording of a source's words
            rewritten += n
            continue
        origin = origin_of(code)
        if origin == me:  # the document's own wording is never quoted
            in_quote = 0
        quoted += in_quote
        if not code & DECIDED:
            undecided += n - in_quote
        elif origin == len(ctx.doc_ids):  # a common source outside the corpus
            outside += n - in_quote
        elif n and origin != me:
            sources[ctx.doc_ids[origin]] += n - in_quote
    return Shares(sources, quoted, undecided, outside, rewritten)


def _quoted(trees: Sequence[_Grown]) -> dict[str, list[tuple[int, int]]]:
    """Per document, the spans of its passages whose edge in is a shared quotation."""
    by_id = {p.id: p for tree in trees for p in tree.family.passages}
    quoted_spans: dict[str, list[tuple[int, int]]] = defaultdict(list)
    children: set[str] = set()
    for table, rows in _by_table(tree.edges for tree in trees):
        ids = table.ids
        children.update(ids[c] for c in table.child[rows][table.quotation[rows]].tolist())
    for pid in children:
        p = by_id[pid]
        quoted_spans[p.doc].append((p.start, p.end))
    return quoted_spans


def _by_table(views: Iterable[Edges]) -> list[tuple[EdgeTable, npt.NDArray[np.int64]]]:
    """The rows ``views`` read, a table at a time (consecutive views of one table
    together): the edges' columns are read for many families at once, not
    :class:`~provenance.model.Edge` objects built."""
    found: list[tuple[EdgeTable, npt.NDArray[np.int64]]] = []
    table: EdgeTable | None = None
    starts: list[int] = []
    stops: list[int] = []
    for view in [*views, None]:
        if view is None or view.table is not table:
            if table is not None:
                rows = ranges(np.array(starts, dtype=np.int64), np.array(stops, dtype=np.int64))
                found.append((table, rows))
            if view is None:
                break
            table, starts, stops = view.table, [], []
        starts.append(view.start)
        stops.append(view.stop)
    return found


def _articles(ctx: _Context) -> dict[str, list[tuple[int, int]]]:
    """Per document, the spans of its paragraphs that are not boilerplate."""
    article_of: dict[str, list[tuple[int, int]]] = defaultdict(list)
    table = ctx.seg.paragraphs
    for i in np.flatnonzero(~table.is_boilerplate).tolist():
        article_of[table.doc_id(i)].append((int(table.start[i]), int(table.end[i])))
    return article_of


def _views(
    ctx: _Context,
    families: Sequence[Family],
    articles: Mapping[str, list[tuple[int, int]]],
    shares: Mapping[str, Shares],
) -> list[DocumentView]:
    """Every document's view, given the :func:`_shares` of those with reused wording."""
    by_id = {p.id: p for f in families for p in f.passages}
    parents: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for table, rows in _by_table(f.edges for f in families):
        counted = ~(
            table.quotation[rows]
            | table.is_direction((UNDETERMINED,))[rows]
            | table.is_direction((COMMON_SOURCE,))[rows]
        )
        ids = table.ids
        for c, p in zip(
            table.child[rows][counted].tolist(), table.parent[rows][counted].tolist(), strict=True
        ):
            child, parent = by_id[ids[c]], by_id[ids[p]]
            parents[child.doc][parent.doc] += child.end - child.start
    views = []
    for doc_id in sorted(ctx.docs):
        total = sum(b - a for a, b in articles.get(doc_id, []))
        sources, quoted, undecided, outside, rewritten = shares.get(doc_id, Shares({}, 0, 0, 0, 0))
        share = {k: round(v / total, 4) for k, v in sorted(sources.items()) if total and v}
        quoted_share = round(quoted / total, 4) if total else 0.0
        undecided_share = round(undecided / total, 4) if total else 0.0
        outside_share = round(outside / total, 4) if total else 0.0
        rewritten_share = round(rewritten / total, 4) if total else 0.0
        rest = 1.0 - sum(share.values()) - quoted_share - undecided_share - outside_share
        views.append(
            DocumentView(
                doc=doc_id,
                sources=share,
                original=round(max(0.0, rest), 4),
                quoted=quoted_share,
                undetermined=undecided_share,
                parents=dict(sorted(parents[doc_id].items())),
                credits=ctx.credits[doc_id],
                outside=outside_share,
                rewritten=rewritten_share,
            )
        )
    return views
