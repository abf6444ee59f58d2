"""The tree builder (``provenance.origin.tree``) grows the trees the builder that held
every pair's evidence in a matrix grew, frozen here as it was: on the seeds, the wire
example, generated corpora, a family of hundreds of carriers, and families Hypothesis
makes (dates of every precision, outlets, credit lines, trims, links, weights).
"""

from __future__ import annotations

import heapq
import random
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

import attrs
import numpy as np
import pytest
from helpers import Stages, bench_module, paragraph_passages
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import provenance
from provenance.align import align
from provenance.anchors import anchors
from provenance.cluster import cluster
from provenance.dates import before, before_matrix, order, precision
from provenance.index import candidates
from provenance.model import Config, Family, Link, OriginConfig, Passage
from provenance.origin import tree
from provenance.origin.context import _Context
from provenance.origin.passages import _Opening, _read
from provenance.origin.precedence import OutletOrder
from provenance.origin.stage import _context
from provenance.origin.tree import _Builder, _Root, _Tree
from provenance.segment import segment
from provenance.sketch import sketch
from provenance.wording import Affinity

BENCH = Path(__file__).resolve().parent.parent / "benchmarks"
WIRE_EXAMPLE = Path(__file__).resolve().parent / "data" / "wire-example"


# --------------------------------------------------------------------------- the oracle
# The builder as it was before it stopped holding a matrix: evidence weights for every
# pair of a family (``_weights`` in numpy, ``_weight_lists`` pair by pair for a few
# passages), each passage's successors listed. Kept as it was; only its name changed.


def _weights(
    ctx: _Context,
    passages: Sequence[Passage],
    linked: Iterable[tuple[int, int]],
    trim: Callable[[int, int], _Opening | None],
) -> np.ndarray:
    w = ctx.config.date_weight * before_matrix([ctx.dates[p.doc] for p in passages])
    outlets = sorted({o for p in passages if (o := ctx.docs[p.doc].outlet)})
    code = {o: k for k, o in enumerate(outlets)}
    outlet_of = np.array([code.get(ctx.docs[p.doc].outlet or "", -1) for p in passages])
    for j, p in enumerate(passages):
        for credit in ctx.credits[p.doc]:
            if credit.outlet in code:
                k = code[credit.outlet]
                w[:, j] += ctx.config.credit_weight * ((outlet_of == k) & (outlet_of[j] != k))
    for a, b in linked:
        if trim(a, b):
            w[a, b] += ctx.config.text_weight
        if trim(b, a):
            w[b, a] += ctx.config.text_weight
    for a, b in {(a, b) for pair in linked for a, b in (pair, pair[::-1])}:
        w[a, b] += ctx.config.follow_weight * _leads(ctx, passages[a], passages[b])
    docs = np.array([ctx.doc_index[p.doc] for p in passages])
    w[docs[:, None] == docs[None, :]] = 0.0
    return w


def _leads(ctx: _Context, a: Passage, b: Passage) -> bool:
    """The outlets' order, as written: ``a``'s outlet a source outlet, ``b``'s a follower,
    their dates in no order and not both the same day to the day (added for the
    ``followed`` evidence; the rest of the oracle is as it was)."""
    da, db = ctx.docs[a.doc], ctx.docs[b.doc]
    return (
        da.outlet in ctx.outlets.sources
        and db.outlet in ctx.outlets.followers
        and order(da.date, db.date) == 0
        and not (precision(da.date) == "day" == precision(db.date) and str(da.date) == str(db.date))
    )


def _weight_lists(
    ctx: _Context,
    passages: Sequence[Passage],
    linked: Iterable[tuple[int, int]],
    trim: Callable[[int, int], _Opening | None],
) -> list[list[float]]:
    n = len(passages)
    keys = [ctx.dates[p.doc] for p in passages]
    date_weight, credit_weight = ctx.config.date_weight, ctx.config.credit_weight
    w = [[date_weight * before(key, key_j) for key_j in keys] for key in keys]
    outlets = sorted({o for p in passages if (o := ctx.docs[p.doc].outlet)})
    code = {o: k for k, o in enumerate(outlets)}
    outlet_of = [code.get(ctx.docs[p.doc].outlet or "", -1) for p in passages]
    for j, p in enumerate(passages):
        for credit in ctx.credits[p.doc]:
            if credit.outlet in code:
                k = code[credit.outlet]
                for i in range(n):
                    w[i][j] += credit_weight * (outlet_of[i] == k and outlet_of[j] != k)
    for a, b in linked:
        if trim(a, b):
            w[a][b] += ctx.config.text_weight
        if trim(b, a):
            w[b][a] += ctx.config.text_weight
    for a, b in {(a, b) for pair in linked for a, b in (pair, pair[::-1])}:
        w[a][b] += ctx.config.follow_weight * _leads(ctx, passages[a], passages[b])
    docs = [ctx.doc_index[p.doc] for p in passages]
    for i in range(n):
        for j in range(n):
            if docs[i] == docs[j]:
                w[i][j] = 0.0
    return w


def _matrix_root(
    ctx: _Context,
    passages: Sequence[Passage],
    free: list[int],
    w: np.ndarray | list[list[float]],
) -> _Root:
    if not free:
        weights = np.asarray(w)
        balance = weights.sum(axis=1) - weights.sum(axis=0)
        free = np.flatnonzero(balance == balance.max()).tolist()

    def key(i: int) -> tuple[bool, str, int, str]:
        p = passages[i]
        iso = ctx.iso[p.doc]
        return (iso is None, iso or "", -(p.end - p.start), p.id)

    return _Root(min(free, key=key), len({passages[i].doc for i in free}) == 1)


_MATRIX_FEW = 12


class _MatrixBuilder(_Builder):
    """The builder with every pair's evidence in a matrix (its edges, similarities and
    ranks are :class:`_Builder`'s, which never read the matrix)."""

    def __init__(self, ctx: _Context, family: Family, words: Sequence[Any]) -> None:
        super().__init__(ctx, family, words)
        index = {p.id: i for i, p in enumerate(self.passages)}
        linked = [(index[ln.a], index[ln.b]) for ln in family.links]
        self.w: np.ndarray | list[list[float]]
        if len(self.passages) <= _MATRIX_FEW:
            weight = _weight_lists(ctx, self.passages, linked, self.trim)
            self.w = self.weight = weight
            every = range(len(weight))
            self.first = [[weight[x][y] > weight[y][x] for y in every] for x in every]
            self.pending = [sum(row[y] for row in self.first) for y in every]
            self.free = [y for y in every if not self.pending[y]]
            self.after = [[y for y in every if row[y]] for row in self.first]
        else:
            self.w = _weights(ctx, self.passages, linked, self.trim)
            before = self.w > self.w.T
            self.weight = self.w.tolist()
            self.first = before.tolist()
            self.pending = before.sum(axis=0).tolist()
            self.free = np.flatnonzero(~before.any(axis=0)).tolist()
            self.after = [np.flatnonzero(row).tolist() for row in before]
        self.pools: dict[int, list[int]] = {}

    def pool(self, y: int) -> Sequence[int]:
        n = len(self.passages)
        if n <= tree._SMALL_FAMILY:
            return range(n)
        if y not in self.pools:
            near = set(self.neighbours[y])
            for z in self.neighbours[y]:
                near.update(self.neighbours[z])
            near.discard(y)
            self.pools[y] = sorted(near)
        return self.pools[y]

    def tier(self, x: int, y: int) -> int:
        return 1 if self.first[x][y] else 3 if self.first[y][x] else 2

    def candidates(self, y: int, placed: set[int], pool: Iterable[int]) -> list[int]:
        inside = [x for x in pool if x in placed]
        first = self.first
        return (
            [x for x in inside if first[x][y]] or [x for x in inside if not first[y][x]] or inside
        )

    def rank(self, y: int, parents: list[int]) -> list[tuple[float, int]]:
        scored = [(self.similarity(x, y), x) for x in parents]
        around = {x: self.around(x, y) for x in parents} if len(parents) > 1 else {}
        least = max(around.values(), default=0) - self.ctx.align.min_clause_words
        ahead = [item for item in scored if around.get(item[1], 0) > least]
        if len(ahead) == len(scored):
            ahead, behind = scored, []
        else:
            behind = [item for item in scored if around.get(item[1], 0) <= least]
        best = max(sim for sim, _ in ahead)

        def key(item: tuple[float, int]) -> tuple[bool, float, float, str, str]:
            sim, x = item
            close = best - sim < self.ctx.config.close_call
            weight = -self.weight[x][y] if close else 0.0
            return (not close, weight, -sim, self.stamps[x], self.passages[x].id)

        return sorted(ahead, key=key) + sorted(behind, key=key)

    def build(self) -> _Tree:
        n = len(self.passages)
        root, determined = _matrix_root(self.ctx, self.passages, self.free, self.w)
        pending = list(self.pending)
        after = self.after
        placed: set[int] = set()
        ready: set[int] = set()
        level = [0] * n
        closest = [0.0] * n
        heap: list[tuple[float, str, int]] = []
        edges: list[Any] = []

        def push(y: int) -> None:
            heapq.heappush(heap, (-closest[y], self.passages[y].id, y))

        def track(y: int) -> None:
            ready.add(y)
            tiers = [(self.tier(x, y), x) for x in self.pool(y) if x in placed]
            if tiers:
                top = level[y] = min(t for t, _ in tiers)
                closest[y] = max(self.similarity(x, y) for t, x in tiers if t <= top)
                push(y)

        def update(y: int, x: int) -> None:
            t = self.tier(x, y)
            if level[y] and t > level[y]:
                return
            sim = self.similarity(x, y)
            if t == level[y] and sim <= closest[y]:
                return
            level[y], closest[y] = t, sim
            push(y)

        def place(x: int, free: list[int]) -> None:
            placed.add(x)
            ready.discard(x)
            for z in after[x]:
                pending[z] -= 1
                if not pending[z]:
                    free.append(z)
            for z in self.pool(x):
                if z in ready:
                    update(z, x)
                elif pending[z] <= 0 and z not in placed:
                    track(z)
            for z in free:
                if z not in placed and z not in ready:
                    track(z)

        place(root, [z for z in range(n) if not pending[z]])
        while len(placed) < n:
            y = None
            while heap:
                neg, _, z = heapq.heappop(heap)
                if z in ready and closest[z] == -neg:
                    y = z
                    break
            if y is None:
                waiting = sorted(ready) or sorted(set(range(n)) - placed)
                y = min(waiting, key=lambda i: self.passages[i].id)
                parents = self.candidates(y, placed, range(n))
            else:
                parents = self.candidates(y, placed, self.pool(y))
            scored = self.rank(y, parents)
            x = scored[0][1]
            edges.append(self.edge(x, y, scored))
            place(y, [])
        ids = [p.id for p in self.passages]
        edges.sort(key=lambda e: (ids[e.fields.parent], ids[e.fields.child]))
        return _Tree(root, determined, edges)

    def pair(self) -> _Tree:
        root, determined = _matrix_root(self.ctx, self.passages, self.free, self.w)
        child = 1 - root
        edge = self.edge(root, child, [(self.similarity(root, child), root)])
        return _Tree(root, determined, [edge])


# --------------------------------------------------------------------------- comparing


def _grow(builder: _Builder) -> _Tree:
    return builder.pair() if len(builder.passages) == 2 else builder.build()


def assert_same_trees(ctx: _Context, families: Sequence[Family]) -> int:
    """Every family's tree from both builders is the same, to the repr of every float;
    the number of families compared."""
    for family in families:
        words = _read(ctx.seg, family.passages).words
        new = _grow(_Builder(ctx, family, words))
        old = _grow(_MatrixBuilder(ctx, family, words))
        assert new == old, family.id
        assert repr(new) == repr(old), family.id
        if len(family.passages) > 2:  # the general builder on a pair too
            continue
        assert _Builder(ctx, family, words).build() == old
    return len(families)


def _stages(corpus: Any, config: Config | None = None) -> tuple[_Context, list[Family]]:
    """The origin stage's context (with the alignments' affinity, as ``analyze`` has
    it) and families of ``corpus``."""
    config = config or Config()
    seg = segment(provenance.load(corpus), config.segment)
    pairs = candidates(seg, sketch(seg, config.sketch), config.index)
    alignments = align(seg, pairs, config.align, anchors=anchors(seg, config.index), workers=1)
    families, _ = cluster(seg, alignments, config.cluster)
    ctx = _context(seg, config.origin, config.align)
    return attrs.evolve(ctx, affinity=Affinity.of(seg, alignments)), families


def test_seeds_and_wire_example_grow_the_matrix_trees() -> None:
    for corpus in (provenance.example_path(), WIRE_EXAMPLE):
        ctx, families = _stages(corpus)
        assert assert_same_trees(ctx, families) > 0


def _each_path(monkeypatch: pytest.MonkeyPatch, ctx: _Context, families: Sequence[Family]) -> None:
    """:func:`assert_same_trees` as the builder is, with every family's order counted
    (none compared pair by pair), and with two-hop pools from four passages on."""
    assert_same_trees(ctx, families)
    with monkeypatch.context() as patch:
        patch.setattr(tree, "_FEW", 0)
        assert_same_trees(ctx, families)
    with monkeypatch.context() as patch:
        patch.setattr(tree, "_SMALL_FAMILY", 3)
        assert_same_trees(ctx, families)


def test_generated_families_grow_the_matrix_trees(
    generated_seed5: Stages, generated_seed11: Stages, monkeypatch: pytest.MonkeyPatch
) -> None:
    for seg, families, config in (generated_seed5, generated_seed11):
        ctx = _context(seg, config.origin, config.align)
        assert max(len(f.passages) for f in families) > tree._SMALL_FAMILY
        _each_path(monkeypatch, ctx, families)


def _bench_family() -> ModuleType:
    return bench_module("bench_family")


def test_a_wire_paragraph_carried_by_hundreds_grows_the_matrix_tree() -> None:
    """The benchmark's family (``benchmarks/bench_family.py``): mixed dates, credit
    lines to the wire and between carriers, changed words."""
    ctx, families = _stages(_bench_family().records(400))
    assert max(len(f.passages) for f in families) >= 300
    assert assert_same_trees(ctx, families) > 0


# --------------------------------------------------------------------------- Hypothesis

_BASE = (
    "The ministers agreed on Tuesday to resume the border talks in Geneva next month. "
    "Envoys will discuss the exchange of prisoners and the reopening of two crossings. "
    "Neither side gave details of the timetable for the talks."
)
_SENTENCES = _BASE.split(". ")
_OUTLETS = ["Alpha Wire", "Beta Post", "Gamma Daily", "Delta News", None]
_DATES = [
    None,
    "2024",
    "2024-03",
    "2024-03-01",
    "2024-03-02",
    "2024-03-03",
    "2024-03-02T09:00",
    "2024-03-02T18:30",
    "2024-03-02T09:00Z",
    "2024-03-02T23:30-23:00",
    "2024-03-03T00:30+23:00",
    "2024-03-01T12:00+02:00",
]
_WEIGHTS = [0.0, 0.25, 0.3, 0.5, 0.7, 1.0]


@st.composite
def _documents(draw: st.DrawFn) -> list[dict[str, Any]]:
    """Articles carrying the base paragraph (whole, its opening sentences, or with a
    word changed; some twice), each with a line that may credit outlets."""
    count = draw(st.integers(2, 14))
    # A few dates per family, so that many share one, or none has one.
    dates = draw(st.lists(st.sampled_from(_DATES), min_size=1, max_size=4))
    out = []
    for i in range(count):
        kept = draw(st.sampled_from([3, 3, 2, 1]))
        paragraph = ". ".join(_SENTENCES[:kept]) + ("" if kept == 3 else ".")
        if draw(st.booleans()):
            paragraph = paragraph.replace("Geneva", draw(st.sampled_from(["Vienna", "Oslo"])))
        named = draw(st.lists(st.sampled_from(_OUTLETS[:-1]), max_size=4))
        credit = "".join(f" {name} reported." for name in named)
        parts = [paragraph] * draw(st.sampled_from([1, 1, 1, 2]))
        parts.append(f"Residents of town {i} were told.{credit}")
        out.append(
            {
                "id": f"d{i:02d}",
                "outlet": draw(st.sampled_from(_OUTLETS)),
                "date": draw(st.sampled_from(dates)),
                "text": "\n\n".join(parts),
            }
        )
    return out


def _hypothesis_family(seg: Any, draw: st.DrawFn) -> Family:
    """The base paragraph's copies as one family, in a drawn order, with drawn links."""
    passages = [p for p in paragraph_passages(seg) if not p.text.startswith("Residents")]
    passages = draw(st.permutations(passages))
    pairs = [(a, b) for a in range(len(passages)) for b in range(a + 1, len(passages))]
    chosen = draw(st.lists(st.sampled_from(pairs), unique=True, min_size=1, max_size=40))
    links = []
    for a, b in chosen:
        pa, pb = sorted((passages[a], passages[b]), key=lambda p: p.id)
        links.append(
            Link(
                pa.id,
                pb.id,
                draw(st.sampled_from([0.5, 0.8, 0.9, 1.0])),
                1.0,
                9,
                (pa.start, pa.end),
                (pb.start, pb.end),
                (),
                draw(st.booleans()),
            )
        )
    return Family("F1", tuple(passages), tuple(links))


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(data=st.data())
def test_hypothesis_families_grow_the_matrix_trees(data: st.DataObject) -> None:
    records = data.draw(_documents())
    origin = OriginConfig(
        date_weight=data.draw(st.sampled_from(_WEIGHTS)),
        credit_weight=data.draw(st.sampled_from(_WEIGHTS)),
        text_weight=data.draw(st.sampled_from(_WEIGHTS)),
        follow_weight=data.draw(st.sampled_from(_WEIGHTS)),
    )
    config = attrs.evolve(Config(), origin=origin)
    seg = segment(provenance.load(records), config.segment)
    ctx = _context(seg, config.origin, config.align)
    # The outlets' order: some outlets file, some of the others follow them.
    named = [o for o in _OUTLETS if o is not None]
    sources = data.draw(st.frozensets(st.sampled_from(named), min_size=1, max_size=2))
    followers = [o for o in named if o not in sources and data.draw(st.booleans())]
    ctx = attrs.evolve(ctx, outlets=OutletOrder(sources, {name: (3, 0) for name in followers}))
    family = _hypothesis_family(seg, data.draw)
    few, small = data.draw(st.sampled_from([(12, 64), (0, 64), (0, 3), (12, 3)]))
    saved = tree._FEW, tree._SMALL_FAMILY
    tree._FEW, tree._SMALL_FAMILY = few, small
    try:
        assert_same_trees(ctx, [family])
    finally:
        tree._FEW, tree._SMALL_FAMILY = saved


def test_random_families_of_generated_passages_grow_the_matrix_trees(
    generated_seed11: Stages, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Passages of different families of a generated corpus, thrown together with
    random links and weights that are not multiples of a power of two."""
    seg, families, config = generated_seed11
    passages = [p for f in families for p in f.passages]
    rng = random.Random(5)
    for _ in range(40):
        group = rng.sample(passages, rng.randint(3, 40))
        pairs = [(a, b) for a in range(len(group)) for b in range(a + 1, len(group))]
        links = []
        for a, b in rng.sample(pairs, rng.randint(1, min(len(pairs), 60))):
            pa, pb = sorted((group[a], group[b]), key=lambda p: p.id)
            links.append(Link(pa.id, pb.id, rng.random(), 0.9, 9, (0, 0), (0, 0), ()))
        origin = OriginConfig(
            date_weight=rng.choice(_WEIGHTS),
            credit_weight=rng.choice(_WEIGHTS),
            text_weight=rng.choice(_WEIGHTS),
        )
        ctx = _context(seg, origin, config.align)
        family = Family("F", tuple(group), tuple(links))
        _each_path(monkeypatch, ctx, [family])
