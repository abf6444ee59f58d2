"""A family's provenance tree: its root, the builder that grows it, and its edges."""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from typing import NamedTuple

import attrs
from rapidfuzz.distance import Indel

from provenance.align import Block, Words, edit_rows
from provenance.model import (
    COMMON_SOURCE,
    CREDITED,
    DATED,
    UNDETERMINED,
    Edges,
    EditRow,
    Edits,
    Family,
    Passage,
)
from provenance.origin.context import _Context
from provenance.origin.evidence import (
    _evidence,
    _siblings_sentence,
    _undecided,
    _Weights,
    calibrated,
    replaces,
    siblings,
)
from provenance.origin.order import _balance, _Counted, _Listed, _Release
from provenance.origin.passages import _Opening, _opening, _whole


class _EdgeFields(NamedTuple):
    """An edge, its passages numbered in the family's order, without its edits: what a
    worker sends back of it (the edits come in a table), cheap to send where attrs
    objects are not. The stage makes them rows of an :class:`EdgeTable`."""

    parent: int
    child: int
    confidence: float
    direction: tuple[str, ...]
    evidence: tuple[str, ...]
    similarity: float
    quotation: bool


class _EdgeRow(NamedTuple):
    """An edge as :meth:`_Builder.edge` makes it: its fields, its edits as rows (their
    fields in order) and the runs of words the child shares with its parent."""

    fields: _EdgeFields
    edits: tuple[EditRow, ...]
    shared: list[Block]


class _Root(NamedTuple):
    """A family's root (numbered in the family's order), and whether the evidence decides it."""

    passage: int
    determined: bool


@attrs.frozen
class _Tree:
    """A family's tree, its passages numbered in the family's order."""

    root: int
    determined: bool
    edges: list[_EdgeRow]  # by parent id, then child id


class _Grown(NamedTuple):
    """A family and its tree, as the stage assembles them from a worker's rows."""

    family: Family
    origin: str  # the root passage's id
    determined: bool
    edges: Edges


def _root(
    ctx: _Context,
    passages: Sequence[Passage],
    free: list[int],
    balance: Callable[[], Sequence[float]],
) -> _Root:
    """The root among the passages ``free`` of any predecessor (all if there are none),
    and whether the evidence decides it; ``balance`` gives, per passage, the evidence
    that it came before the others less that of the converse (:func:`_balance`)."""
    if not free:  # evidence in a circle: take the passage it favours most
        values = balance()
        top = max(values)
        free = [i for i, value in enumerate(values) if value == top]

    def key(i: int) -> tuple[bool, str, int, str]:
        p = passages[i]
        iso = ctx.iso[p.doc]
        return (iso is None, iso or "", -(p.end - p.start), p.id)

    # Passages of one document carry no evidence between them: if every candidate
    # root is in the same document, that document is the origin all the same.
    return _Root(min(free, key=key), len({passages[i].doc for i in free}) == 1)


_SMALL_FAMILY = 64  # passages: up to this, every placed passage is a candidate parent
_FEW = 12  # passages: up to this, the order is found comparing every pair (_Listed)


class _Builder:
    """Grows one family's tree: each passage joins when its decided predecessors have,
    under the closest candidate (linked passages first, the others if it has none).

    Passages are numbered in the family's order; ``words`` are theirs, ``whole`` and
    ``openings`` their :func:`_whole` and :func:`_opening` (computed here if not given).
    """

    def __init__(
        self,
        ctx: _Context,
        family: Family,
        words: Sequence[Words],
        whole: Sequence[bool] | None = None,
        openings: Sequence[_Opening | None] | None = None,
    ) -> None:
        self.ctx = ctx
        self.passages = family.passages
        self.words = words
        index = {p.id: i for i, p in enumerate(self.passages)}
        # The links' columns are read, not Link objects built: an edge reads its link's
        # edits and quotation flag from its row (:meth:`_link_edits`).
        links = family.links
        table, rows = links.table, links.table_rows()
        ids = table.ids
        ends = [
            (ids[a], ids[b])
            for a, b in zip(table.a[rows].tolist(), table.b[rows].tolist(), strict=True)
        ]
        linked = [(index[a], index[b]) for a, b in ends]
        self.whole = [_whole(ctx, p) for p in self.passages] if whole is None else whole
        self.openings = [_opening(ctx, p) for p in self.passages] if openings is None else openings
        # The weight of the evidence between two passages, asked pair by pair: a
        # family's passages are not compared every one with every other.
        self.weights = _Weights(ctx, self.passages, linked, self.trim)
        self.link_table = table
        self.links = dict(zip(ends, links.row_numbers(), strict=True))  # ids -> row
        # Similarities: of linked passages, their links'; of others, measured as a
        # passage waits to be placed (and forgotten once it is: a placed passage's
        # similarity to a placed one is not asked again).
        self.sim: dict[tuple[int, int], float] = {}
        self.measured: dict[int, dict[int, float]] = defaultdict(dict)
        self.neighbours: dict[int, list[int]] = defaultdict(list)
        for similarity, (a, b) in zip(table.similarity[rows].tolist(), linked, strict=True):
            self.sim[(a, b)] = self.sim[(b, a)] = similarity
            self.neighbours[a].append(b)
            self.neighbours[b].append(a)
        self.stamps = [ctx.iso[p.doc] or "~" for p in self.passages]
        # Each passage's document number, read when :meth:`around` is first asked, and
        # what it found, by paragraph and document.
        self.doc_numbers: list[int] | None = None
        self.arounds: dict[tuple[int, int], int] = {}

    def release(self) -> _Release:
        """Which passages may join the tree as others are placed
        (:mod:`~provenance.origin.order`)."""
        n = len(self.passages)
        return _Listed(self.weights, n) if n <= _FEW else _Counted(self.weights, n)

    def balance(self) -> Sequence[float]:
        """:func:`_balance` of the family's passages."""
        return _balance(self.weights, len(self.passages))

    def trim(self, x: int, y: int) -> _Opening | None:
        """(kept, total) sentences when ``y``'s paragraph is the opening of ``x``'s.

        Counted only between passages aligned with each other (a link): measured on
        generated corpora, the rule applied to every pair of a family orients more
        edges wrongly than it helps.
        """
        return self.openings[x] if self.whole[y] else None

    def pool(self, y: int) -> Sequence[int]:
        """Passages that may be ``y``'s parent: all of a small family; in a large one,
        those linked to ``y`` and their own links (two hops), to keep the work near linear.
        ``x`` is in ``y``'s pool exactly when ``y`` is in ``x``'s. Found anew each time
        (a passage's is asked when it is ready and when it is placed): kept for every
        passage, pools would hold the sum of their sizes."""
        n = len(self.passages)
        if n <= _SMALL_FAMILY:
            return range(n)
        near = set(self.neighbours[y])
        for z in self.neighbours[y]:
            near.update(self.neighbours[z])
        near.discard(y)
        return sorted(near)

    def similarity(self, x: int, y: int) -> float:
        """How closely placed ``x``'s wording and ``y``'s (not yet placed) agree."""
        value = self.sim.get((x, y))
        if value is None:
            known = self.measured[y]
            value = known.get(x)
            if value is None:
                a, b = self.words[x].words, self.words[y].words
                value = known[x] = float(Indel.normalized_similarity(a, b))
        return value

    def tier(self, x: int, y: int) -> int:
        """Which of :meth:`candidates`' lists a placed ``x`` is in for ``y``: 1 if the
        evidence puts it before ``y``, 2 if it does not put it after (1 is in 2 too), 3."""
        first = self.weights.first
        return 1 if first(x, y) else 3 if first(y, x) else 2

    def candidates(self, y: int, placed: set[int], pool: Iterable[int]) -> list[int]:
        """Parents for ``y`` among ``pool``: those decided before it, else those not after it."""
        inside = [x for x in pool if x in placed]
        first = self.weights.first
        before = [x for x in inside if first(x, y)]
        return before or [x for x in inside if not first(y, x)] or inside

    def around(self, x: int, y: int) -> int:
        """Words of ``y``'s paragraph that ``x``'s document shares with it
        (:class:`~provenance.wording.Affinity`; 0 without one), remembered: ranking
        ``y``'s candidates asks it first, the edge again."""
        affinity = self.ctx.affinity
        if affinity is None:
            return 0
        if self.doc_numbers is None:
            table = self.ctx.seg.paragraphs
            self.doc_numbers = table.doc[[p.paragraph for p in self.passages]].tolist()
        key = (self.passages[y].paragraph, self.doc_numbers[x])
        shared = self.arounds.get(key)
        if shared is None:
            shared = self.arounds[key] = affinity.shared(*key)
        return shared

    def rank(self, y: int, parents: list[int]) -> list[tuple[float, int]]:
        """Candidate parents, best first. Those whose documents share a clause's worth
        (``min_clause_words``) more of ``y``'s paragraph around ``y`` than the others
        (:meth:`around`: the version the paragraph follows) come first; then the
        closest wording; within ``close_call`` of the closest, the one with the most
        evidence of coming first, then the earliest."""
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
            weight = -self.weights.weight(x, y) if close else 0.0
            return (not close, weight, -sim, self.stamps[x], self.passages[x].id)

        return sorted(ahead, key=key) + sorted(behind, key=key)

    def build(self) -> _Tree:
        """The tree. The next to join is the ready passage (its decided predecessors
        placed) with the closest candidate parent in its pool (:meth:`candidates`),
        the smallest id among equals. Each ready passage's closest candidate is kept
        up to date from each passage placed in its pool alone, not recomputed over
        the pool: its candidates only gain members, and change list (to a better one,
        :meth:`tier`) only when the first member of that list is placed."""
        n = len(self.passages)
        release = self.release()
        root, determined = _root(self.ctx, self.passages, release.free, self.balance)
        freed = [False] * n  # no predecessor left to place
        placed: set[int] = set()
        ready: set[int] = set()  # passages whose predecessors are all placed
        level = [0] * n  # per ready passage: the list its candidates are in (0: none yet)
        closest = [0.0] * n  # and the closest wording among them
        heap: list[tuple[float, str, int]] = []  # stale entries are skipped
        edges: list[_EdgeRow] = []

        def push(y: int) -> None:
            heapq.heappush(heap, (-closest[y], self.passages[y].id, y))

        def track(y: int) -> None:
            """``y`` is ready: its candidates among the passages placed so far."""
            ready.add(y)
            tiers = [(self.tier(x, y), x) for x in self.pool(y) if x in placed]
            if tiers:
                top = level[y] = min(t for t, _ in tiers)
                closest[y] = max(self.similarity(x, y) for t, x in tiers if t <= top)
                push(y)

        def update(y: int, x: int) -> None:
            """``x`` was placed: a candidate of ready ``y`` if in its list or a better one."""
            t = self.tier(x, y)
            if level[y] and t > level[y]:
                return
            sim = self.similarity(x, y)
            if t == level[y] and sim <= closest[y]:
                return
            level[y], closest[y] = t, sim
            push(y)

        def place(x: int, free: list[int], pool: Sequence[int]) -> None:
            """Place ``x``, ``pool`` its :meth:`pool`. ``free`` lists passages left with
            no unplaced predecessor (those ``x`` frees are added): each is ready from now on."""
            placed.add(x)
            ready.discard(x)
            self.measured.pop(x, None)
            free = [*free, *release.place(x)]
            for z in free:
                freed[z] = True
            for z in pool:
                if z in ready:
                    update(z, x)
                elif freed[z] and z not in placed:
                    track(z)
            for z in free:
                if z not in placed and z not in ready:
                    track(z)

        place(root, release.free, self.pool(root))
        while len(placed) < n:
            y = None
            while heap:
                neg, _, z = heapq.heappop(heap)
                if z in ready and closest[z] == -neg:
                    y = z
                    break
            if y is None:  # nothing linked is ready: fall back to all placed passages
                waiting = ready or (i for i in range(n) if i not in placed)
                y = min(waiting, key=lambda i: self.passages[i].id)
                parents = self.candidates(y, placed, range(n))
                pool = self.pool(y)
            else:
                pool = self.pool(y)
                parents = self.candidates(y, placed, pool)
            scored = self.rank(y, parents)
            x = scored[0][1]
            edge = self.edge(x, y, scored)
            edges.append(edge)
            place(y, [], pool)
        ids = [p.id for p in self.passages]
        edges.sort(key=lambda e: (ids[e.fields.parent], ids[e.fields.child]))
        return _Tree(root, determined, edges)

    def _link_edits(self, row: int | None) -> Edits | None:
        """The edits of the link in row ``row`` of the family's link table (none without)."""
        if row is None:
            return None
        table = self.link_table
        start, stop = table.edit_bounds[row].tolist()
        return Edits(table.edits, start, stop, bool(table.swapped[row]))

    def pair(self) -> _Tree:
        """:meth:`build` of a family of two passages, without its machinery: what it
        comes to, the other passage under the root."""
        free = _Listed(self.weights, 2).free
        root, determined = _root(self.ctx, self.passages, free, self.balance)
        child = 1 - root
        edge = self.edge(root, child, [(self.similarity(root, child), root)])
        return _Tree(root, determined, [edge])

    def star(self) -> _Tree:
        """The tree of a family too large to grow in full (over ``max_family_passages``
        passages): its root as :meth:`build` finds it, and every other passage under
        it, each edge weighed as :meth:`edge` weighs any. Linear in the family: no
        passage looks for its closest placed version."""
        root, determined = _root(self.ctx, self.passages, self.release().free, self.balance)
        edges = [
            self.edge(root, y, [(self.similarity(root, y), root)])
            for y in range(len(self.passages))
            if y != root
        ]
        ids = [p.id for p in self.passages]
        edges.sort(key=lambda e: (ids[e.fields.parent], ids[e.fields.child]))
        return _Tree(root, determined, edges)

    def edge(self, x: int, y: int, scored: list[tuple[float, int]]) -> _EdgeRow:
        """The edge from ``x`` to ``y``, ``scored`` the candidates :meth:`rank` ranked
        (``x`` first), and the runs the two share."""
        ctx = self.ctx
        parent, child = self.passages[x], self.passages[y]
        sim = scored[0][0]
        row = self.links.get(_pair(parent.id, child.id))
        linked = row is not None
        support, kinds, evidence = _evidence(
            ctx, parent, child, self.trim(x, y) if linked else None, linked=linked
        )
        against, against_kinds, _ = _evidence(
            ctx, child, parent, self.trim(y, x) if linked else None, linked=linked, explain=False
        )
        confidence = 0.0
        pa, pc = ctx.docs[parent.doc], ctx.docs[child.doc]
        # A trim alone does not outweigh the pattern of two copies of one source.
        oriented = {DATED, CREDITED} & {*kinds, *against_kinds}
        if not oriented and siblings(ctx, pa, pc, replaces(self._link_edits(row))):
            kinds = [COMMON_SOURCE]
            evidence = [_siblings_sentence(pa, pc)]
            confidence = _SIBLINGS
        elif support <= against:
            kinds = [UNDETERMINED]
            evidence = [_undecided(ctx, parent, child, against_kinds)]
        close = False
        if len(scored) > 1:
            runner_sim, runner = scored[1]
            runner_doc = self.passages[runner].doc
            near, far = self.around(x, y), self.around(runner, y)
            if near - far >= ctx.align.min_clause_words:
                evidence.append(
                    f"Around it, {child.doc}'s paragraph follows {parent.doc} ({near} more "
                    f"words shared) more than {runner_doc} ({far})."
                )
            elif abs(sim - runner_sim) < ctx.config.close_call:
                close = True
                evidence.append(
                    f"{child.doc} follows {parent.doc} and {runner_doc} about equally closely "
                    f"(similarity {sim:.2f} and {runner_sim:.2f}); {parent.doc} is preferred "
                    "as the evidence puts it first more firmly, or it is the earlier."
                )
            else:
                evidence.append(
                    f"{child.doc} follows {parent.doc} more closely (similarity {sim:.2f}) "
                    f"than {runner_doc} ({runner_sim:.2f})."
                )
        if kinds not in ([COMMON_SOURCE], [UNDETERMINED]):
            confidence = calibrated(kinds, support, against, close=close)
        quotation = row is not None and bool(self.link_table.quotation[row])
        if quotation:
            evidence.append(
                "All the wording they share is inside quotation marks: a shared quotation."
            )
        rows, shared = edit_rows(self.words[x], self.words[y], ctx.align)
        fields = _EdgeFields(
            x, y, round(confidence, 3), tuple(kinds), tuple(evidence), round(sim, 6), quotation
        )
        return _EdgeRow(fields, tuple(rows), shared)


# The confidence of a common-source edge: a pattern two copies show, not proof.
_SIBLINGS = 0.5


def _pair(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a < b else (b, a)
