"""The origin stage: credit lines, trees and painted documents, over worker processes."""

from __future__ import annotations

import warnings
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple

import attrs
import numpy as np
import numpy.typing as npt
from tqdm import tqdm

from provenance.align import Words
from provenance.arrays import bounds
from provenance.dates import date_key
from provenance.errors import ProvenanceWarning
from provenance.model import (
    HELD,
    UNDETERMINED,
    AlignConfig,
    Credit,
    Document,
    DocumentView,
    Edges,
    EdgeTable,
    EditRow,
    EditTable,
    Family,
    OriginConfig,
    OutletProfile,
    Passage,
    Segmentation,
    Segments,
    SegmentTable,
)
from provenance.origin.accounts import (
    Variants,
    _Textual,
    accounts,
    habits,
    ordered_links,
    outlet_order,
    rewritten,
    variants,
)
from provenance.origin.attribution import Codes, Pieces, _paint, _segments
from provenance.origin.context import DECIDED, REWRITTEN, _Context, code, origin_of
from provenance.origin.credits import CreditFinder, outlet_aliases
from provenance.origin.evidence import _held_sentence, calibrated
from provenance.origin.habits import Habits
from provenance.origin.passages import _read, token_spans
from provenance.origin.precedence import OrderedLinks, OutletOrder
from provenance.origin.tree import _Builder, _EdgeFields, _Grown
from provenance.origin.views import Shares, _articles, _quoted, _shares, _views
from provenance.parallel import (
    Run,
    beside,
    collector_paused,
    map_chunks,
    progress,
    release_memory,
    runs_of,
    worker_count,
)
from provenance.wording import Affinity, runs_classes

# Work goes to worker processes in consecutive runs of documents (credit lines: by
# their text; painting: by their passages) and of families (trees: by their
# passages), each about this large.
_CHUNK_CHARACTERS = 1_000_000
_CHUNK_PASSAGES = 2_000
# Chunks a worker takes before a fresh fork replaces it: it has copied the pages of
# every family (or document) it read by then (see ``map_chunks``), and each fork
# costs the parent and the new worker page faults anew. At 1M paragraphs of wire
# copy (some 600 chunks a stage) the trees renew every 64 chunks: 52 s against 61
# every 16, the system time of the faults 7 s against 17, the trees' peak still some
# 1.4 GiB below the stage's. Painting copies more of each page it reads (the
# documents and their passages); it renews every 16, where every 64 raised the
# stage's peak by half a GiB.
_RENEW_TREES = 64
_RENEW_PAINTING = 16


class _CreditRow(NamedTuple):
    """A :class:`Credit`'s fields, as a worker sends them back."""

    outlet: str
    text: str
    start: int
    end: int


def _find_credits(
    finder: CreditFinder, documents: Sequence[Document], run: Run
) -> list[tuple[_CreditRow, ...]]:
    """The credits of the ``run`` of ``documents``, each as a row of its fields."""
    return [
        tuple([_CreditRow(c.outlet, c.text, c.start, c.end) for c in finder.find(d)])
        for d in documents[run.start : run.stop]
    ]


def credits_of(
    documents: Sequence[Document], config: OriginConfig | None = None, *, workers: int = 1
) -> dict[str, tuple[Credit, ...]]:
    """The credit lines of every document (:class:`CreditFinder`, the outlets' names
    as ``config`` makes them), by document id, found over ``workers`` processes (0:
    one per core). They depend on the documents alone: :func:`provenance.analyze`
    finds them while it clusters the passages, and hands them to :func:`origin`."""
    config = config or OriginConfig()
    workers = worker_count(workers)
    finder = CreditFinder(outlet_aliases(documents, config))
    runs = runs_of((len(d.text) for d in documents), _CHUNK_CHARACTERS)
    found = map_chunks(_find_credits, (finder, documents), runs, workers=workers, chunk=1)
    credits: dict[str, tuple[Credit, ...]] = {}
    for run, rows in zip(runs, found, strict=True):
        for d, row in zip(documents[run.start : run.stop], rows, strict=True):
            credits[d.id] = tuple([Credit(c.outlet, c.text, c.start, c.end) for c in row])
    return credits


class _TracedTree(NamedTuple):
    """A family's tree as a worker sends it back: its root (numbered in the family's
    order), whether it is determined, and its edges (their edits left out)."""

    root: int
    determined: bool
    edges: list[_EdgeFields]


class _Traced(NamedTuple):
    """What a worker sends back of a run of families (:func:`_trace`)."""

    trees: list[_TracedTree]  # per family
    edits: EditTable  # the edges' edits, one edge after the other
    counts: list[int]  # and how many each edge has
    shared: npt.NDArray[np.int64]  # (parent's first word, child's, length) of every run a
    # child shares with its parent, in token-table positions
    rewrites: npt.NDArray[np.int64]  # the edges' short replaces (:func:`_rewrites`)


def _rewrites(
    edits: Sequence[EditRow], parent: Words, child: Words, x: int, y: int, most: int
) -> list[tuple[int, int, int, int]]:
    """The replace edits (outside moved runs) of ``edits``, from ``parent``'s words to
    ``child``'s, of at most ``most`` words on each side, as rows ``(parent's first
    word, its count, child's first word, its count)`` in token-table positions; the
    passages' first words are at ``x`` and ``y``."""
    rows: list[tuple[int, int, int, int]] = []
    for op, _, _, a_start, a_end, b_start, b_end, moved in edits:
        if op != "replace" or moved:
            continue
        i, j = bisect_left(parent.starts, a_start), bisect_left(child.starts, b_start)
        m, n = bisect_left(parent.starts, a_end) - i, bisect_left(child.starts, b_end) - j
        if 0 < m <= most and 0 < n <= most:
            rows.append((x + i, m, y + j, n))
    return rows


def _trace(ctx: _Context, families: Sequence[Family], run: Run) -> _Traced:
    """Trees of the ``run`` of ``families``, and the words each child shares with
    its parent, as plain data."""
    trees: list[_TracedTree] = []
    edits: list[EditRow] = []
    counts: list[int] = []
    shared: list[tuple[int, int, int]] = []
    rewrites: list[tuple[int, int, int, int]] = []
    most = ctx.config.rewritten_words
    chosen = families[run.start : run.stop]
    spans, words, whole, openings = _read(ctx.seg, [p for f in chosen for p in f.passages])
    at = 0
    for f in chosen:
        k, at = at, at + len(f.passages)
        builder = _Builder(ctx, f, words[k:at], whole[k:at], openings[k:at])
        if at - k == 2:
            tree = builder.pair()
        elif at - k > ctx.config.max_family_passages:
            tree = builder.star()
        else:
            tree = builder.build()
        fields: list[_EdgeFields] = []
        for edge in tree.edges:
            fields.append(edge.fields)
            edits.extend(edge.edits)
            counts.append(len(edge.edits))
            # A passage's words are its span of the token table, in order.
            x, y = spans[2 * (k + edge.fields.parent)], spans[2 * (k + edge.fields.child)]
            shared.extend([(x + i, y + j, n) for i, j, n in edge.shared])
            if most:
                parent, child = words[k + edge.fields.parent], words[k + edge.fields.child]
                rewrites.extend(_rewrites(edge.edits, parent, child, x, y, most))
        trees.append(_TracedTree(tree.root, tree.determined, fields))
    table = EditTable.from_rows(edits)
    runs = np.array(shared, dtype=np.int64).reshape(-1, 3)
    replaced = np.array(rewrites, dtype=np.int64).reshape(-1, 4)
    return _Traced(trees, table, counts, runs, replaced)


class _Painted(NamedTuple):
    """What a worker sends back of a run of documents (:func:`_paint_documents`)."""

    pieces: Pieces  # their passages' pieces, one document after the other
    shares: list[Shares]  # per document


def _paint_documents(
    ctx: _Context,
    documents: Sequence[tuple[str, Sequence[Passage]]],
    articles: Mapping[str, list[tuple[int, int]]],
    quoted: Mapping[str, list[tuple[int, int]]],
    run: Run,
) -> _Painted:
    """The runs of :func:`_paint` of the ``run`` of ``documents`` (each an id and its
    passages) cut to their passages (:func:`_segments`, one document after the
    other), and their :func:`_shares`. Each passage's words read their accounts
    (:meth:`Accounts.of_spans`, the whole run at once); their token spans are found
    here, for the run (:func:`token_spans`)."""
    pieces: list[Pieces] = []
    shares: list[Shares] = []
    spans = token_spans(ctx.seg, [p for _, ps in documents[run.start : run.stop] for p in ps])
    origins = _origins(ctx, documents[run.start : run.stop], spans)
    for doc_id, passages in documents[run.start : run.stop]:
        runs = _paint(ctx.seg, len(ctx.docs[doc_id].text), passages, origins, spans)
        article = articles.get(doc_id, [])
        shares.append(_shares(ctx, doc_id, runs, article, quoted.get(doc_id, [])))
        pieces.append(_segments(passages, runs))
    if not pieces:
        empty = np.empty(0, dtype=np.int64)
        return _Painted(Pieces(empty, empty, empty, empty), shares)
    return _Painted(Pieces(*(np.concatenate(c) for c in zip(*pieces, strict=True))), shares)


def _origins(
    ctx: _Context,
    documents: Sequence[tuple[str, Sequence[Passage]]],
    spans: Mapping[str, tuple[int, int]],
) -> dict[str, Codes]:
    """The codes of the words of every passage of ``documents`` (each an id and its
    passages), by passage id: their accounts, or their document's own wording."""
    passages = [p for _, ps in documents for p in ps]
    own = [ctx.doc_index[doc] for doc, ps in documents for _ in ps]
    firsts = np.fromiter([spans[p.id][0] for p in passages], dtype=np.int64, count=len(own))
    lasts = np.fromiter([spans[p.id][1] for p in passages], dtype=np.int64, count=len(own))
    codes = ctx.accounts.of_spans(firsts, lasts, code(np.array(own, dtype=np.int64)))
    stops = np.cumsum(lasts - firsts).tolist()
    return {p.id: codes[a:b] for p, a, b in zip(passages, [0, *stops][:-1], stops, strict=True)}


def origin(
    seg: Segmentation,
    families: Sequence[Family],
    config: OriginConfig | None = None,
    *,
    affinity: Affinity | None = None,
    align: AlignConfig | None = None,
    workers: int = 1,
    show_progress: bool | None = False,
    credits: Mapping[str, tuple[Credit, ...]] | None = None,
    outlets: OutletProfile | None = None,
) -> Traced:
    """Provenance trees and wording-level origins for ``families``, the document
    views, and the outlets' profile the trees weighed (:class:`Traced`).
    Every word the trees pass down has one account, whichever passage, family or
    view holds it (:func:`provenance.origin.accounts.accounts`). ``affinity``
    (:class:`provenance.wording.Affinity`), how much of each paragraph each other
    document shares, decides between candidate parents first.
    ``align`` is the verification config: edge edits are computed with it, as the
    links' edits were. ``workers`` processes find the credit lines, grow the trees
    and paint the documents' wording (0: one per core); the result does not depend
    on their number.
    ``show_progress`` shows a progress bar (``None``: on a terminal only).
    ``credits`` are the documents' credit lines (:func:`credits_of` with the same
    ``config``), found here when not given. ``outlets`` is the outlets' order and
    house style to weigh, found from the families' links when not given.
    """
    config = config or OriginConfig()
    workers = worker_count(workers)
    ctx = _context(seg, config, align or AlignConfig(), credits, workers=workers)
    with (
        collector_paused(),
        progress(len(families), "tracing", enabled=show_progress, unit="families") as bar,
    ):
        return _origin(ctx, families, affinity, workers, bar, outlets)


class Traced(NamedTuple):
    """What :func:`origin` makes: the ``families`` with their trees and origins, the
    document ``views``, and the ``outlets`` profile the trees weighed."""

    families: list[Family]
    views: list[DocumentView]
    outlets: OutletProfile


def _context(
    seg: Segmentation,
    config: OriginConfig,
    align: AlignConfig,
    credits: Mapping[str, tuple[Credit, ...]] | None = None,
    *,
    workers: int = 1,
) -> _Context:
    """What the trees of any family need to know of the corpus, its documents'
    ``credits`` (:func:`credits_of`) among it, found here over ``workers`` processes
    when not given."""
    documents = seg.corpus.documents
    doc_ids = [d.id for d in documents]
    return _Context(
        docs={d.id: d for d in documents},
        credits=credits_of(documents, config, workers=workers) if credits is None else credits,
        seg=seg,
        config=config,
        align=align,
        doc_ids=doc_ids,
        doc_index={d: i for i, d in enumerate(doc_ids)},
        dates={d.id: date_key(d.date) for d in documents},
        iso={d.id: d.date.isoformat() if d.date else None for d in documents},
    )


def _origin(
    ctx: _Context,
    families: Sequence[Family],
    affinity: Affinity | None,
    workers: int,
    bar: tqdm[Any],
    given: OutletProfile | None,
) -> Traced:
    _warn_of_stars(families, ctx.config.max_family_passages)
    ctx = attrs.evolve(ctx, affinity=affinity)
    seg = ctx.seg
    # The links dates and credits order tell the outlets' order, which the trees weigh,
    # and their house style, which the word accounts read; those they leave unordered,
    # the pairs that may be copies of one source.
    links = ordered_links(ctx, families)
    order = (
        outlet_order(ctx, links) if given is None else OutletOrder(given.sources, given.followers)
    )
    ctx = attrs.evolve(ctx, outlets=order)
    # The trees do not read the house style: a thread finds it while the trees'
    # workers grow them (a serial step, some 4 s at 1M paragraphs, that would
    # otherwise leave a core idle).
    with beside(workers, _style, ctx, links) as styled:
        grown, per_doc, passed, replaced = _grow(ctx, families, workers=workers, bar=bar)
        style, pairs = styled()
    del links
    if given is not None and style is not None:  # the given house style, on these links
        style = attrs.evolve(style, habits=given.habits)
    profile = OutletProfile(
        order.sources, order.followers, style.habits if style is not None else frozenset()
    )
    # The thread's allocator arena keeps what its steps freed, through the word
    # classes' peak, unless handed back: a sampled run's origin peak at 1M paragraphs
    # of the realistic-phrase variant 6,183 -> 5,906 MiB.
    release_memory()
    # One account per word: the classes of the words the trees pass down, over every
    # family at once, each given its origin, then the words that rewrite them; each
    # passage's words read theirs.
    classes = runs_classes(seg, passed)
    del passed
    found = accounts(ctx, classes, pairs, style, workers=workers)
    del classes  # its tokens live on in the accounts
    ctx = attrs.evolve(ctx, accounts=rewritten(ctx, found.accounts, replaced))
    del replaced
    if found.textual is not None:
        grown = _held_edges(ctx, grown, found.textual, workers=workers)
    articles = _articles(ctx)
    segments, shares = _cut(ctx, per_doc, articles, _quoted(grown), workers=workers)
    out = [
        attrs.evolve(
            tree.family,
            origin=tree.origin,
            origin_determined=tree.determined,
            edges=tree.edges,
            segments={p.id: segments[p.id] for p in tree.family.passages},
        )
        for tree in grown
    ]
    return Traced(out, _views(ctx, out, articles, shares), profile)


def _style(ctx: _Context, links: OrderedLinks) -> tuple[Habits | None, Variants]:
    """The outlets' house style and the pairs of documents that may be copies of one
    source (:func:`habits`, :func:`variants`), shown by ``links``."""
    return habits(ctx, links), variants(ctx, links)


def _warn_of_stars(families: Sequence[Family], limit: int) -> None:
    """Warn of each family too large to grow its tree in full (:meth:`_Builder.star`)."""
    for f in families:
        if len(f.passages) > limit:
            warnings.warn(
                f"family {f.id} has {len(f.passages):,} passages, more than "
                f"max_family_passages ({limit:,}): its tree is a star, every version under "
                "its root, with no version placed under the closest other",
                ProvenanceWarning,
                stacklevel=4,
            )


def _held_edges(
    ctx: _Context, grown: Sequence[_Grown], textual: _Textual, *, workers: int
) -> list[_Grown]:
    """``grown`` with each undetermined edge (not a quotation) whose parent's document
    holds the wording the child's received (:meth:`_Textual.holds`) oriented by it;
    the pairs of documents are asked over ``workers`` processes. The edges' columns
    are read, and each table with such an edge is amended once."""
    numbers: dict[tuple[str, str], int] = {}  # each pair of documents asked, numbered
    asked: dict[int, list[tuple[int, int]]] = {}  # per table: (row, pair's number)
    tables: dict[int, EdgeTable] = {}
    open_rows: dict[int, npt.NDArray[np.int64]] = {}  # per table: its rows asked of
    for tree in grown:
        table = tree.edges.table
        key = id(table)
        if key not in open_rows:
            tables[key] = table
            wanted = table.is_direction((UNDETERMINED,)) & ~table.quotation
            open_rows[key] = np.flatnonzero(wanted)
        found_rows = open_rows[key]
        lo, hi = np.searchsorted(found_rows, [tree.edges.start, tree.edges.stop]).tolist()
        if lo == hi:
            continue
        docs = {p.id: p.doc for p in tree.family.passages}
        ids = table.ids
        mine = asked.setdefault(key, [])
        for row in found_rows[lo:hi].tolist():
            pair = (docs[ids[table.parent[row]]], docs[ids[table.child[row]]])
            mine.append((row, numbers.setdefault(pair, len(numbers))))
    pairs = list(numbers)
    runs = runs_of([1] * len(pairs), _CHUNK_PAIRS)
    found = [
        shares
        for chunk in map_chunks(_holds, (textual, pairs), runs, workers=workers, chunk=1)
        for shares in chunk
    ]
    held = (HELD,)
    confidence = calibrated(held, ctx.config.text_weight, 0.0)
    amended: dict[int, EdgeTable] = {}
    for key, rows in asked.items():
        told = [(row, number, found[number]) for row, number in rows]
        held_rows = [(row, number, shares) for row, number, shares in told if shares is not None]
        if held_rows:
            amended[key] = tables[key].amended(
                [row for row, _, _ in held_rows],
                confidence=confidence,
                direction=held,
                evidence=[(_held_sentence(*pairs[n], *shares),) for _, n, shares in held_rows],
            )
    out: list[_Grown] = []
    for tree in grown:
        edges = tree.edges
        new = amended.get(id(edges.table))
        out.append(
            tree if new is None else tree._replace(edges=Edges(new, edges.start, edges.stop))
        )
    return out


# Pairs of documents a worker asks :meth:`_Textual.holds` of at a time.
_CHUNK_PAIRS = 20_000


def _holds(
    textual: _Textual, pairs: Sequence[tuple[str, str]], run: Run
) -> list[tuple[float, float] | None]:
    """:meth:`_Textual.holds` of the ``run`` of ``pairs`` (parent, child)."""
    return [textual.holds(*pair) for pair in pairs[run.start : run.stop]]


class _Forest(NamedTuple):
    """Every family's tree (:func:`_grow`), and what painting needs of their passages."""

    trees: list[_Grown]  # per family
    per_doc: dict[str, list[Passage]]  # the passages of each document
    shared: npt.NDArray[np.int64]  # the runs of words children share with their parents
    rewrites: npt.NDArray[np.int64]  # and the short replaces of their edges (_rewrites)


def _grow(ctx: _Context, families: Sequence[Family], *, workers: int, bar: tqdm[Any]) -> _Forest:
    """Every family's tree (:func:`_trace`, over ``workers`` processes): per family
    its root, whether it is determined and its edges; the passages of each document;
    the runs of words every child shares with its parent.
    The edges of a run of families are rows of one :class:`EdgeTable`, each family's
    an :class:`Edges` view of its rows."""
    grown: list[_Grown] = []
    per_doc: dict[str, list[Passage]] = defaultdict(list)
    shared: list[npt.NDArray[np.int64]] = []
    replaced: list[npt.NDArray[np.int64]] = []
    sizes = [len(f.passages) for f in families]
    runs = runs_of(sizes, _CHUNK_PASSAGES)
    # What the parent reads of the passages, read before the workers fork: after it,
    # each page whose objects it touches is copied again, at every renewal.
    for f in families:
        for p in f.passages:
            per_doc[p.doc].append(p)
    run_ids = [[p.id for f in families[r.start : r.stop] for p in f.passages] for r in runs]
    traced = map_chunks(_trace, (ctx, families), runs, workers=workers, chunk=1, renew=_RENEW_TREES)
    same: dict[Any, Any] = {}  # one object for each distinct direction
    for run, ids, chunk in zip(runs, run_ids, traced, strict=True):
        shared.append(chunk.shared)
        replaced.append(chunk.rewrites)
        chosen = families[run.start : run.stop]
        rows: list[_EdgeFields] = []  # the run's edges
        bases: list[int] = []  # and where their family's passages begin in ``ids``
        codes: dict[tuple[str, ...], int] = {}  # its directions, numbered
        base = 0
        for size, tree in zip(sizes[run.start : run.stop], chunk.trees, strict=True):
            for e in tree.edges:
                codes.setdefault(same.setdefault(e.direction, e.direction), len(codes))
            rows.extend(tree.edges)
            bases.extend([base] * len(tree.edges))
            base += size
        evidence_counts = [len(e.evidence) for e in rows]
        shift = np.array(bases, dtype=np.int64)
        table = EdgeTable(
            ids,
            shift + np.array([e.parent for e in rows], dtype=np.int64),
            shift + np.array([e.child for e in rows], dtype=np.int64),
            [e.confidence for e in rows],
            [codes[e.direction] for e in rows],
            tuple(codes),
            bounds(evidence_counts),
            [sentence for e in rows for sentence in e.evidence],
            [e.similarity for e in rows],
            [e.quotation for e in rows],
            bounds(chunk.counts),
            chunk.edits,
        )
        lo = base = 0
        for f, size, tree in zip(chosen, sizes[run.start : run.stop], chunk.trees, strict=True):
            hi = lo + len(tree.edges)
            grown.append(_Grown(f, ids[base + tree.root], tree.determined, Edges(table, lo, hi)))
            lo, base = hi, base + size
        bar.update(run.stop - run.start)
    every = np.concatenate(shared) if shared else np.zeros((0, 3), dtype=np.int64)
    rewrites = np.concatenate(replaced) if replaced else np.zeros((0, 4), dtype=np.int64)
    return _Forest(grown, per_doc, every, rewrites)


class _Cut(NamedTuple):
    """Every passage's segments and every document's shares (:func:`_cut`)."""

    segments: dict[str, Segments]
    shares: dict[str, Shares]


def _cut(
    ctx: _Context,
    per_doc: Mapping[str, Sequence[Passage]],
    articles: Mapping[str, list[tuple[int, int]]],
    quoted: Mapping[str, list[tuple[int, int]]],
    *,
    workers: int,
) -> _Cut:
    """Every passage's segments and every document's shares (:func:`_paint_documents`,
    over ``workers`` processes)."""
    by_doc = list(per_doc.items())
    segments: dict[str, Segments] = {}
    shares: dict[str, Shares] = {}
    args = (ctx, by_doc, articles, quoted)
    runs = runs_of((len(passages) for _, passages in by_doc), _CHUNK_PASSAGES)
    # What the parent reads of the passages, read before the workers fork (as in
    # :func:`_grow`): each run's passage ids and their documents' numbers.
    run_ids = [[p.id for _, ps in by_doc[r.start : r.stop] for p in ps] for r in runs]
    run_docs = [
        np.array(
            [ctx.doc_index[doc_id] for doc_id, ps in by_doc[r.start : r.stop] for _ in ps],
            dtype=np.int64,
        )
        for r in runs
    ]
    painted = map_chunks(
        _paint_documents, args, runs, workers=workers, chunk=1, renew=_RENEW_PAINTING
    )
    # One origin past the documents: a common source outside the corpus. Every run's
    # table shares the one list.
    names = (*ctx.doc_ids, None)
    for run, ids, mine, chunk in zip(runs, run_ids, run_docs, painted, strict=True):
        count, lo, hi, codes = chunk.pieces
        # Each passage's segments are a view of the run's table, not objects.
        documents = by_doc[run.start : run.stop]
        # A rewording is its document's own wording, of the origin its code names.
        own = np.repeat(mine, count)
        reworded = codes & REWRITTEN != 0
        origin = np.where(reworded, own, origin_of(codes))
        rewrites = np.where(reworded, origin_of(codes), -1)
        table = SegmentTable(lo, hi, origin, codes & DECIDED != 0, names, rewrites)
        for passage_id, (start, stop) in zip(ids, bounds(count), strict=True):
            segments[passage_id] = Segments(table, start, stop)
        for (doc_id, _), share in zip(documents, chunk.shares, strict=True):
            shares[doc_id] = share
    return _Cut(segments, shares)
