"""The origin stage: credit lines, trees and painted documents, over worker processes."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs
import numpy as np
from tqdm import tqdm

from provenance.arrays import bounds
from provenance.model import (
    AlignConfig,
    Credit,
    Document,
    DocumentView,
    Edge,
    EditRow,
    Edits,
    EditTable,
    Family,
    OriginConfig,
    Passage,
    Segmentation,
    Segments,
    SegmentTable,
)
from provenance.origin.attribution import Codes, Pieces, _paint, _segments, _word_origins
from provenance.origin.context import _Context
from provenance.origin.credits import CreditFinder, outlet_aliases
from provenance.origin.evidence import _date_key
from provenance.origin.passages import _read
from provenance.origin.tree import _Builder, _edge, _EdgeFields
from provenance.origin.views import Shares, _articles, _quoted, _shares, _views
from provenance.parallel import collector_paused, map_chunks, progress, worker_count

# Work goes to worker processes in consecutive runs of documents (credit lines: by
# their text; painting: by their passages) and of families (trees: by their
# passages), each about this large.
_CHUNK_CHARACTERS = 1_000_000
_CHUNK_PASSAGES = 2_000
# Chunks a worker takes before a fresh fork replaces it: it has copied the pages of
# every family it read by then (see ``map_chunks``). At 1M paragraphs (400 chunks)
# that keeps the workers' copies to a few hundred MB for a dozen forks.
_RENEW = 16


def _runs_of(sizes: Iterable[int], target: int) -> list[tuple[int, int]]:
    """``[start, stop)`` ranges of consecutive items, each as few items as add up to
    ``target`` (the last one possibly less), covering all ``sizes``."""
    out: list[tuple[int, int]] = []
    start = stop = total = 0
    for stop, size in enumerate(sizes, 1):
        total += size
        if total >= target:
            out.append((start, stop))
            start, total = stop, 0
    if start < stop:
        out.append((start, stop))
    return out


_CreditRow = tuple[str, str, int, int]


def _find_credits(
    finder: CreditFinder, documents: Sequence[Document], run: tuple[int, int]
) -> list[tuple[_CreditRow, ...]]:
    """The credits of ``documents[start:stop]``, each as a plain tuple of its fields."""
    return [
        tuple([(c.outlet, c.text, c.start, c.end) for c in finder.find(d)])
        for d in documents[run[0] : run[1]]
    ]


def _credits(
    documents: Sequence[Document], config: OriginConfig, *, workers: int
) -> dict[str, tuple[Credit, ...]]:
    """The credits of every document (:class:`CreditFinder`), found over ``workers``
    processes."""
    finder = CreditFinder(outlet_aliases(documents, config))
    runs = _runs_of((len(d.text) for d in documents), _CHUNK_CHARACTERS)
    found = map_chunks(_find_credits, (finder, documents), runs, workers=workers, chunk=1)
    credits: dict[str, tuple[Credit, ...]] = {}
    for (start, stop), rows in zip(runs, found, strict=True):
        for d, row in zip(documents[start:stop], rows, strict=True):
            credits[d.id] = tuple([Credit(*c) for c in row])
    return credits


# Per family: its root (numbered in the family's order), whether it is determined,
# and its edges (their edits left out); per passage of the run, its token span
# (first and last, flat); the attribution codes of their words, one after the
# other; the edges' edits, one edge after the other, and how many each has.
_Traced = tuple[list[tuple[int, bool, list[_EdgeFields]]], list[int], Codes, EditTable, list[int]]


def _trace(ctx: _Context, families: Sequence[Family], run: tuple[int, int]) -> _Traced:
    """Trees and word attributions of ``families[start:stop]``, as plain data."""
    trees: list[tuple[int, bool, list[_EdgeFields]]] = []
    codes: list[int] = []
    edits: list[EditRow] = []
    counts: list[int] = []
    chosen = families[run[0] : run[1]]
    spans, words, whole, openings = _read(ctx.seg, [p for f in chosen for p in f.passages])
    at = 0
    for f in chosen:
        k, at = at, at + len(f.passages)
        builder = _Builder(ctx, f, words[k:at], whole[k:at], openings[k:at])
        tree = builder.pair() if at - k == 2 else builder.build()
        fields: list[_EdgeFields] = []
        for x, y, confidence, kinds, evidence, rows, sim, quotation in tree.edges:
            fields.append((x, y, confidence, kinds, evidence, sim, quotation))
            edits.extend(rows)
            counts.append(len(rows))
        trees.append((tree.root, tree.determined, fields))
        codes += _word_origins(ctx, f, tree, words[k:at])
    return trees, spans, np.array(codes, dtype=np.int32), EditTable.from_rows(edits), counts


def _paint_documents(
    ctx: _Context,
    documents: Sequence[tuple[str, Sequence[Passage]]],
    origins: Mapping[str, Codes],
    spans: Mapping[str, tuple[int, int]],
    articles: Mapping[str, list[tuple[int, int]]],
    quoted: Mapping[str, list[tuple[int, int]]],
    run: tuple[int, int],
) -> tuple[Pieces, list[Shares]]:
    """The runs of :func:`_paint` of ``documents[start:stop]`` (each an id and its
    passages) cut to their passages (:func:`_segments`, one document after the
    other), and their :func:`_shares`."""
    pieces: list[Pieces] = []
    shares: list[Shares] = []
    for doc_id, passages in documents[run[0] : run[1]]:
        runs = _paint(ctx.seg, len(ctx.docs[doc_id].text), passages, origins, spans)
        article = articles.get(doc_id, [])
        shares.append(_shares(ctx, doc_id, runs, article, quoted.get(doc_id, [])))
        pieces.append(_segments(passages, runs))
    if not pieces:
        empty = np.empty(0, dtype=np.int64)
        return (empty, empty, empty, empty), shares
    count, lo, hi, code = (np.concatenate(column) for column in zip(*pieces, strict=True))
    return (count, lo, hi, code), shares


def origin(
    seg: Segmentation,
    families: Sequence[Family],
    config: OriginConfig | None = None,
    *,
    align: AlignConfig | None = None,
    workers: int = 1,
    show_progress: bool | None = False,
) -> tuple[list[Family], list[DocumentView]]:
    """Provenance trees and wording-level origins for ``families``, and the document views.

    ``align`` is the verification config: edge edits are computed with it, as the
    links' edits were. ``workers`` processes find the credit lines, grow the trees
    and paint the documents' wording (0: one per core); the result does not depend
    on their number.
    ``show_progress`` shows a progress bar (``None``: on a terminal only).
    """
    with (
        collector_paused(),
        progress(len(families), "tracing", enabled=show_progress, unit="families") as bar,
    ):
        return _origin(
            seg,
            families,
            config or OriginConfig(),
            align or AlignConfig(),
            worker_count(workers),
            bar,
        )


def _context(
    seg: Segmentation, config: OriginConfig, align: AlignConfig, *, workers: int
) -> _Context:
    """What the trees of any family need to know of the corpus (its credit lines
    found over ``workers`` processes)."""
    documents = seg.corpus.documents
    doc_ids = [d.id for d in documents]
    return _Context(
        docs={d.id: d for d in documents},
        credits=_credits(documents, config, workers=workers),
        seg=seg,
        config=config,
        align=align,
        doc_ids=doc_ids,
        doc_index={d: i for i, d in enumerate(doc_ids)},
        dates={d.id: _date_key(d.date) for d in documents},
        iso={d.id: d.date.isoformat() if d.date else None for d in documents},
    )


def _origin(
    seg: Segmentation,
    families: Sequence[Family],
    config: OriginConfig,
    align: AlignConfig,
    workers: int,
    bar: tqdm[Any],
) -> tuple[list[Family], list[DocumentView]]:
    ctx = _context(seg, config, align, workers=workers)
    grown, per_doc, origins, spans = _grow(ctx, families, workers=workers, bar=bar)
    articles = _articles(ctx)
    segments, shares = _cut(ctx, per_doc, origins, spans, articles, _quoted(grown), workers=workers)
    del origins, spans
    out = [
        attrs.evolve(
            f,
            origin=root_id,
            origin_determined=determined,
            edges=edges,
            segments={p.id: segments[p.id] for p in f.passages},
        )
        for f, root_id, determined, edges in grown
    ]
    return out, _views(ctx, out, articles, shares)


def _grow(
    ctx: _Context, families: Sequence[Family], *, workers: int, bar: tqdm[Any]
) -> tuple[
    list[tuple[Family, str, bool, tuple[Edge, ...]]],
    dict[str, list[Passage]],
    dict[str, Codes],
    dict[str, tuple[int, int]],
]:
    """Every family's tree (:func:`_trace`, over ``workers`` processes): per family
    its root, whether it is determined and its edges; the passages of each document;
    the attribution codes of each passage's words and its token span."""
    grown: list[tuple[Family, str, bool, tuple[Edge, ...]]] = []
    per_doc: dict[str, list[Passage]] = defaultdict(list)
    origins: dict[str, Codes] = {}
    spans: dict[str, tuple[int, int]] = {}
    runs = _runs_of((len(f.passages) for f in families), _CHUNK_PASSAGES)
    traced = map_chunks(_trace, (ctx, families), runs, workers=workers, chunk=1, renew=_RENEW)
    same: dict[Any, Any] = {}  # one object for each distinct direction
    for (start, stop), (trees, token_spans, codes, edits, counts) in zip(runs, traced, strict=True):
        k = at = 0
        # Each edge's edits are a view of the run's table, not objects.
        views = iter([Edits(edits, lo, hi) for lo, hi in bounds(counts)])
        for f, (root, determined, edges) in zip(families[start:stop], trees, strict=True):
            passages = f.passages
            for p in passages:
                first, last = token_spans[k], token_spans[k + 1]
                spans[p.id] = (first, last)
                origins[p.id] = codes[at : at + last - first]
                per_doc[p.doc].append(p)
                k += 2
                at += last - first
            edge_list = tuple([_edge(e, passages, next(views), same) for e in edges])
            grown.append((f, passages[root].id, determined, edge_list))
        bar.update(stop - start)
    return grown, per_doc, origins, spans


def _cut(
    ctx: _Context,
    per_doc: Mapping[str, Sequence[Passage]],
    origins: Mapping[str, Codes],
    spans: Mapping[str, tuple[int, int]],
    articles: Mapping[str, list[tuple[int, int]]],
    quoted: Mapping[str, list[tuple[int, int]]],
    *,
    workers: int,
) -> tuple[dict[str, Segments], dict[str, Shares]]:
    """Every passage's segments and every document's shares (:func:`_paint_documents`,
    over ``workers`` processes)."""
    by_doc = list(per_doc.items())
    segments: dict[str, Segments] = {}
    shares: dict[str, Shares] = {}
    args = (ctx, by_doc, origins, spans, articles, quoted)
    runs = _runs_of((len(passages) for _, passages in by_doc), _CHUNK_PASSAGES)
    painted = map_chunks(_paint_documents, args, runs, workers=workers, chunk=1, renew=_RENEW)
    for (start, stop), ((count, lo, hi, code), doc_shares) in zip(runs, painted, strict=True):
        # Each passage's segments are a view of the run's table, not objects.
        table = SegmentTable(lo, hi, code >> 1, (code & 1).astype(bool), ctx.doc_ids)
        rows = iter(bounds(count))
        for (doc_id, passages), share in zip(by_doc[start:stop], doc_shares, strict=True):
            for p in passages:
                segments[p.id] = Segments(table, *next(rows))
            shares[doc_id] = share
    return segments, shares
