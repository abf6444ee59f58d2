"""One account per word: the origin of every word class, decided once.

A word class (:mod:`provenance.wording`) holds every version of one word that the
trees pass down, whichever families and passages they sit in. Its origin is the document
of the class that the evidence puts before all the others: an earlier date
(:func:`provenance.dates.order`), or a credit line naming its outlet in the other, or,
where neither orders them, the wording each holds (:mod:`provenance.origin.holdings`,
applied by :class:`_Textual`).
That origin is every member's, so a word reads the same from any passage, family
or document view; and no document is the origin of wording that an earlier
document of the corpus already has. The origin is decided when it is the only
member that no other comes before: each of the others then comes after another
member, and so, step by step, after it.

When several documents of one day come first, none crediting another and each
pair with wording of its own where the other has other wording, they are copies of
a source outside the corpus (:func:`provenance.origin.evidence.siblings`): the
words are credited to neither, to that common source. Otherwise, when no document
of the class comes before all the others, the origin named is the best guess and
the attribution is not determined: where the trees start (a
document holding a word of the class that no parent passed down), among those no
other document comes before, the earliest dated, then the first by id.

Classes that hold the same documents are decided together: a copied passage's
words all do, so there are far fewer sets of documents than classes.

A word a child put in place of its parent's, in a short replace inside wording it
took, stays the child's own and names the origin of the words it replaces
(:func:`rewritten`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple

import numpy as np
import numpy.typing as npt

from provenance.arrays import ranges, run_starts, sort_in_place
from provenance.dates import after_another, before
from provenance.model import Document, Family
from provenance.origin.context import (
    DECIDED,
    REWRITTEN,
    Accounts,
    _Context,
    code,
    origin_of,
    search,
)
from provenance.origin.evidence import _credit_of, replaces_rows, siblings
from provenance.origin.habits import Habits
from provenance.origin.holdings import Holdings
from provenance.origin.precedence import OrderedLinks, OutletOrder
from provenance.parallel import Run, map_chunks, runs_of
from provenance.scan import mix64
from provenance.wording import WordClasses

__all__ = [
    "Found",
    "accounts",
    "habits",
    "ordered_links",
    "outlet_order",
    "rewritten",
    "variants",
]


def _before(ctx: _Context, a: Document, b: Document) -> bool:
    """Whether the evidence puts document ``a`` before ``b``: an earlier date, or a
    credit of ``a``'s outlet in ``b`` (and none of ``b``'s in ``a``)."""
    ka, kb = ctx.dates[a.id], ctx.dates[b.id]
    # dates.before either way, inline: this is asked for millions of pairs.
    if ka.clock == kb.clock and ka.clock > 0:  # two times, both with a zone or neither
        if ka.day != kb.day:
            return ka.day < kb.day
        if ka.micro != kb.micro:
            return ka.micro < kb.micro
    elif ka.end <= kb.first:
        return True
    elif kb.end <= ka.first:
        return False
    return _credit_of(ctx, b, a) is not None and _credit_of(ctx, a, b) is None


class _Before:
    """:func:`_before` of two documents by id, remembered: the sets of one story ask
    the same pairs again and again (at 1M paragraphs of wire copy, :func:`_given`
    asks 4.9M questions of 517k pairs), and :class:`_Textual` asks it of candidates."""

    def __init__(self, ctx: _Context) -> None:
        self._ctx = ctx
        self._known: dict[tuple[str, str], bool] = {}

    def __call__(self, a: str, b: str) -> bool:
        known = self._known.get((a, b))
        if known is None:
            docs = self._ctx.docs
            known = self._known[a, b] = _before(self._ctx, docs[a], docs[b])
        return known


def _first(ctx: _Context, members: Sequence[Document]) -> list[Document]:
    """The members no other member comes before (:func:`_before`): the dates first, in
    linear time (:func:`~provenance.dates.after_another`), then, among those the dates
    leave first, the credit lines naming another member's outlet where the dates tie."""
    if len(members) <= _FEW:
        return [a for a in members if not any(_before(ctx, b, a) for b in members if b is not a)]
    keys = [ctx.dates[d.id] for d in members]
    after_one = after_another(keys)  # dated after some member
    by_outlet: dict[str, list[int]] = {}
    for i, d in enumerate(members):
        if d.outlet:
            by_outlet.setdefault(d.outlet, []).append(i)
    first: list[Document] = []
    for j in np.flatnonzero(~after_one).tolist():
        named = {c.outlet for c in ctx.credits[members[j].id]}
        tied = (
            i
            for outlet in sorted(named & by_outlet.keys())
            for i in by_outlet[outlet]
            if i != j and not before(keys[j], keys[i])
        )
        if not any(_before(ctx, members[i], members[j]) for i in tied):
            first.append(members[j])
    return first


_FEW = 12  # members: up to this, compared one pair at a time


Variants = frozenset[frozenset[str]]


class _Textual:
    """Which document the wording puts first where dates and credits do not: the one
    that holds what another received (:mod:`holdings`), or the one whose differences
    from another are that other's house style (:mod:`habits`); asked by id and
    remembered per pair."""

    def __init__(
        self, ctx: _Context, holdings: Holdings, variants: Variants, habits: Habits | None = None
    ) -> None:
        self._ctx = ctx
        self._holdings = holdings
        self._variants = variants
        self._habits = habits
        self._names = ctx.seg.paragraphs.docs
        self._number = {name: i for i, name in enumerate(self._names)}
        self._known: dict[tuple[int, int], bool] = {}
        self._before = _Before(ctx)  # of :meth:`_after`
        self._seen: dict[tuple[int, tuple[int, ...]], bool] = {}
        self._order: dict[tuple[int, int], bool] = {}  # of _precedes, asked ~10 times a pair
        self._held_one_way: dict[tuple[int, int], bool] = {}  # of _one_way

    def first(self, first: Sequence[Document], members: Sequence[Document]) -> list[Document]:
        """Of ``first``, the members dates and credits leave first, those no other
        member comes before by the wording (:meth:`_precedes`: holdings, house style)
        unless a date puts it after them, or all of ``first`` if each is preceded."""
        if len(first) < 2:
            return list(first)
        number = self._number
        top = tuple(self._holdings.candidates([number[d.id] for d in members], _CANDIDATES + 1))
        kept = []
        for d in first:
            y = number[d.id]
            if (y, top) not in self._seen:  # many classes hold the same versions
                self._seen[y, top] = self._held(y, top)
            if not self._seen[y, top]:
                kept.append(d)
        return kept or list(first)

    def holds(self, parent: str, child: str) -> tuple[float, float] | None:
        """Whether document ``parent`` holds ``child`` and may come before it (the
        rule of :meth:`first` for one pair): the share of what ``child`` received
        that ``parent`` holds and of what ``parent`` shares that ``child`` holds, or
        ``None``."""
        x, y = self._number.get(parent), self._number.get(child)
        if x is None or y is None or x == y or not self._holds(x, y) or self._styled(y, x):
            return None
        return (
            self._holdings.share(x, y, received=True),
            self._holdings.share(y, x, received=False),
        )

    def _held(self, y: int, top: Sequence[int]) -> bool:
        """Whether one of the members sharing the most (``top``) comes before ``y`` by
        the wording (:meth:`_precedes`), and ``y`` is not dated before one that comes
        before that member so."""
        return any(
            self._precedes(x, y)
            and not any(self._after(z, y) and self._precedes(z, x) for z in _others(top, x))
            for x in _others(top, y)
        )

    def _precedes(self, x: int, y: int) -> bool:
        """Whether the wording or the outlets put ``x`` before ``y``: ``y``'s differences
        from ``x`` are its outlet's house style (:mod:`habits`); or ``x`` holds ``y``
        and ``x``'s differences from ``y`` are not ``x``'s house style (the hand on the
        differences outweighs the share each holds); or, where neither of these puts
        ``y`` first, ``y``'s outlet follows ``x``'s (:mod:`precedence`)."""
        known = self._order.get((x, y))
        if known is None:
            known = self._order[x, y] = self._reads(x, y)
        return known

    def _reads(self, x: int, y: int) -> bool:
        """:meth:`_precedes`, worked out."""
        if self._styled(x, y):
            return True
        if self._styled(y, x):
            return False
        if self._holds(x, y):
            return True
        return not self._holds(y, x) and self._follows(x, y)

    def _follows(self, x: int, y: int) -> bool:
        """Whether the outlets' order puts ``x`` before ``y``
        (:meth:`~provenance.origin.precedence.OutletOrder.leads`; no outlet follows
        another when ``follow_documents`` is 0)."""
        a, b = self._ctx.docs[self._names[x]], self._ctx.docs[self._names[y]]
        return self._ctx.outlets.leads(a, b, self._ctx.dates[a.id], self._ctx.dates[b.id])

    def _styled(self, x: int, y: int) -> bool:
        """Whether house style puts ``x`` before ``y`` (and no date puts it after)."""
        if self._habits is None or self._after(x, y):
            return False
        return self._habits.styled(self._names[x], self._names[y])

    def witnessed(self, first: Sequence[Document]) -> bool:
        """Whether a document of the corpus other than ``first`` (copies of one day)
        shares wording with one of them, is dated after none of them, and is not one
        more copy of that day (dated to the day, the same day): a source of theirs may
        then be in the corpus (an agency's story with a time of day, its words in
        classes the trees did not join to theirs), and a source outside it is not
        claimed."""
        if not first:  # credit lines in a circle leave no member first
            return False
        number, holdings, dates = self._number, self._holdings, self._ctx.dates
        mine = {number[d.id] for d in first}
        day = dates[first[0].id]
        seen: set[int] = set()
        for x in sorted(mine):
            for s in holdings.sets_of[x].tolist():
                for z in holdings.members[s].tolist():
                    if z in mine or z in seen:
                        continue
                    seen.add(z)
                    date = dates[self._names[z]]
                    if date.same_day(day):  # one more copy of that day
                        continue
                    if not any(self._after(z, y) for y in mine):
                        return True
        return False

    def _after(self, x: int, y: int) -> bool:
        """Whether dates or credits put ``x`` after ``y`` (:func:`_before`)."""
        return self._before(self._names[y], self._names[x])

    def _holds(self, x: int, y: int) -> bool:
        """Whether ``x`` holds ``y`` and may come before it: not after it, and not
        siblings of one day (:func:`~provenance.origin.evidence.siblings`)."""
        if (x, y) not in self._known and self._after(x, y):
            self._known[x, y] = False
        if (x, y) not in self._known:
            a, b = self._ctx.docs[self._names[x]], self._ctx.docs[self._names[y]]
            pair = frozenset((a.id, b.id)) in self._variants
            self._known[x, y] = (
                not siblings(self._ctx, a, b, pair)
                and self._one_way(x, y)
                and not self._one_way(y, x)
            )
        return self._known[x, y]

    def _one_way(self, x: int, y: int) -> bool:
        """:meth:`Holdings.one_way <provenance.origin.holdings.Holdings.one_way>`,
        remembered: :meth:`_holds` of a pair asks it both ways, and so does the pair's
        converse."""
        known = self._held_one_way.get((x, y))
        if known is None:
            known = self._held_one_way[x, y] = self._holdings.one_way(x, y, self._ctx.config)
        return known


def _others(top: Sequence[int], y: int) -> list[int]:
    """The first :data:`_CANDIDATES` of ``top`` other than ``y``."""
    return [x for x in top if x != y][:_CANDIDATES]


# Documents that may hold a version's wording, asked of each of the first: the members
# sharing the most words. A source shares at least what each of its copies received.
_CANDIDATES = 16


def _decide(
    ctx: _Context,
    docs: Sequence[str],
    tops: Sequence[str],
    variants: Variants,
    textual: _Textual | None = None,
) -> tuple[str | None, bool]:
    """The origin of a class holding ``docs`` (distinct), of which ``tops`` hold a
    word no parent passed down, and whether the evidence decides it; ``None``, decided,
    for a common source outside the corpus. ``variants`` are the pairs of documents
    whose alignments replace words (:func:`variants`); ``textual`` orders, by the
    wording they hold, what dates and credits leave first."""
    if len(docs) == 1:
        return docs[0], True
    members = [ctx.docs[d] for d in docs]
    first = _first(ctx, members)
    if textual is not None:
        first = textual.first(first, members)
    if len(first) == 1:  # every other member comes after another: after it, in the end
        return first[0].id, True
    if all(
        siblings(ctx, a, b, frozenset((a.id, b.id)) in variants)
        for i, a in enumerate(first)
        for b in first[i + 1 :]
    ) and (textual is None or not textual.witnessed(first)):
        return None, True
    # The best guess: where the trees start, among the first if they say, by date.
    pool = [d for d in first if d.id in tops] or [ctx.docs[d] for d in tops] or first or members
    guess = min(pool, key=lambda d: (ctx.iso[d.id] is None, ctx.iso[d.id] or "", d.id))
    return guess.id, False


def _given(docs: Sequence[str], number: Mapping[str, int], before: _Before) -> int:
    """The number of the one of ``docs`` (distinct) before every other (:func:`_before`),
    or -1."""
    top = docs[0]
    for d in docs[1:]:
        if before(d, top):
            top = d
    if all(d == top or before(top, d) for d in docs):
        return number[top]
    return -1


class _DocSets(NamedTuple):
    """The classes of a :class:`~provenance.wording.WordClasses` grouped by the set of
    documents they hold (:func:`_doc_sets`)."""

    members: list[list[str]]  # per set, its documents
    tops: list[list[str]]  # and those holding a word no parent passed down
    code_of: npt.NDArray[np.int32]  # per word of the classes, the number of its set


def _doc_sets(ctx: _Context, classes: WordClasses, *, threads: int = 1) -> _DocSets:
    """The classes grouped by the set of documents they hold, and for each set those
    of its documents holding a word no parent passed down.

    The distinct ``(class, document, top)`` triples are sorted as one key per word
    (the class's label above a document's two bits), built, sorted (over ``threads``
    threads) and cut in place;
    each set is known by a hash of its members (their mixed numbers summed, with its
    size). At 1M paragraphs at most two numbers per word are live at once (then the
    members alone, in 32 bits), and a table of one small number per token to read
    each word's set back.
    """
    names = ctx.seg.paragraphs.docs
    shift = (2 * len(names)).bit_length()  # a member, 2 * document + top, fits below
    key = classes.label.astype(np.int64)
    key <<= shift
    key += classes.doc
    key += classes.doc
    np.add(key, classes.first, out=key)
    sort_in_place(key, threads)
    distinct = run_starts(key)
    if not distinct.all():
        key = _compacted(key, distinct)
    del distinct
    starts = _label_starts(key, shift)
    labels = (key[starts] >> shift).astype(classes.label.dtype)
    np.bitwise_and(key, (1 << shift) - 1, out=key)  # 2 * document + top
    member: npt.NDArray[np.signedinteger[Any]] = key.astype(np.int32) if shift < 32 else key
    del key
    ends = np.append(starts, len(member))
    digest = _digests(member, starts, ends)
    # np.unique(digest, return_index=True, return_inverse=True), in fewer copies.
    by_digest = np.argsort(digest, kind="stable")
    new = run_starts(digest[by_digest])
    del digest
    first_of = by_digest[new]  # stable: the first class of each set
    set_of = np.empty(len(by_digest), dtype=np.int32)
    set_of[by_digest] = np.cumsum(new, dtype=np.int32) - 1
    del by_digest, new
    members: list[list[str]] = []
    tops: list[list[str]] = []
    for at in first_of.tolist():
        held = member[starts[at] : ends[at + 1]].tolist()
        members.append(sorted({names[m >> 1] for m in held}))
        tops.append(sorted({names[m >> 1] for m in held if m & 1}))
    del member, starts, ends, first_of
    # Each word's class by its label, read from a table indexed by label: a search
    # per word cost more than the sort at 1M paragraphs.
    number = np.zeros(int(labels[-1]) + 1, dtype=np.int32)
    number[labels] = np.arange(len(labels), dtype=np.int32)
    return _DocSets(members, tops, set_of[number[classes.label]])


def _compacted(
    values: npt.NDArray[np.int64], keep: npt.NDArray[np.bool_], block: int = 1 << 20
) -> npt.NDArray[np.int64]:
    """``values[keep]``, moved to the front of ``values`` itself ``block`` values at a
    time (a view of it): no second array of the full size is ever live."""
    n = 0
    for lo in range(0, len(values), block):
        kept = values[lo : lo + block][keep[lo : lo + block]]
        values[n : n + len(kept)] = kept  # n <= lo: nothing not yet read is overwritten
        n += len(kept)
    return values[:n]


def _label_starts(
    key: npt.NDArray[np.int64], shift: int, block: int = 1 << 20
) -> npt.NDArray[np.int64]:
    """Where each run of equal ``key >> shift`` starts, ``block`` keys at a time."""
    found: list[npt.NDArray[np.int64]] = [np.zeros(min(len(key), 1), dtype=np.int64)]
    for lo in range(1, len(key), block):
        high = key[lo - 1 : lo + block] >> shift
        found.append(np.flatnonzero(high[1:] != high[:-1]) + lo)
    return np.concatenate(found)


def _digests(
    members: npt.NDArray[np.signedinteger[Any]],
    starts: npt.NDArray[np.int64],
    ends: npt.NDArray[np.int64],
    block: int = 1 << 20,
) -> npt.NDArray[np.uint64]:
    """The hash of each class's members ``members[starts[c]:ends[c + 1]]``: the
    :func:`mix64` of every member number plus one, summed, and mixed with the class's
    size; ``block`` classes at a time (the mixed numbers of all words at once took a
    quarter of a GiB at 1M paragraphs)."""
    out = np.empty(len(starts), dtype=np.uint64)
    for lo in range(0, len(starts), block):
        hi = min(lo + block, len(starts))
        first, last = int(starts[lo]), int(ends[hi])
        mixed = members[first:last].astype(np.uint64)
        mixed += np.uint64(1)
        summed = np.add.reduceat(mix64(mixed), starts[lo:hi] - first)
        out[lo:hi] = summed ^ mix64(np.diff(ends[lo : hi + 1]).astype(np.uint64))
    return out


def variants(ctx: _Context, links: OrderedLinks) -> Variants:
    """The pairs of documents dated the same day, neither crediting the other, whose
    links replace words on both sides (outside moved runs): the pairs that may be
    copies of one source (:func:`~provenance.origin.evidence.siblings` asks for no
    more). They are among the links dates and credits leave unordered (``links``'
    open rows), read as columns (:func:`~provenance.origin.evidence.replaces_rows`)."""
    rows = links.open_rows
    # Both dated (NaN is not equal to itself); unordered, the dates tie.
    dated = np.array(
        [ctx.dates[name].first == ctx.dates[name].first for name in links.names], dtype=bool
    )
    rows = rows[dated[rows[:, 4]] & dated[rows[:, 5]]] if len(rows) else rows
    found = np.zeros(len(rows), dtype=bool)
    for t, table in enumerate(links.tables):
        mine = np.flatnonzero(rows[:, 0] == t)
        if len(mine):
            found[mine] = replaces_rows(table, rows[mine, 1], rows[mine, 2])
    names = links.names
    pairs = {(a, b) for a, b in rows[found][:, 4:6].tolist()}
    return frozenset(frozenset((names[a], names[b])) for a, b in pairs)


def ordered_links(ctx: _Context, families: Sequence[Family]) -> OrderedLinks:
    """The links of ``families``, those the dates and credits order (:func:`_before`)
    as rows (:class:`~provenance.origin.precedence.OrderedLinks`)."""
    return OrderedLinks.of(families, ctx.docs, lambda a, b: _before(ctx, a, b))


def outlet_order(ctx: _Context, links: OrderedLinks) -> OutletOrder:
    """The source outlets and their followers ``links`` show
    (:class:`~provenance.origin.precedence.OutletOrder`)."""
    return OutletOrder.of(links, follow_documents=ctx.config.follow_documents)


def habits(ctx: _Context, links: OrderedLinks) -> Habits | None:
    """The outlets' house style shown by ``links`` (:class:`~provenance.origin.habits.Habits`),
    or ``None`` when it is turned off; the source outlets are ``ctx``'s."""
    config = ctx.config
    if not config.habit_documents:
        return None
    return Habits.from_links(
        links, ctx.outlets, documents=config.habit_documents, most=config.rewritten_words
    )


class Found(NamedTuple):
    """What :func:`accounts` finds: the attribution of every word, and the order the
    wording each version holds puts documents in (:class:`_Textual`)."""

    accounts: Accounts
    textual: _Textual | None


def accounts(
    ctx: _Context,
    classes: WordClasses,
    pairs: Variants = frozenset(),
    habits: Habits | None = None,
    *,
    workers: int = 1,
) -> Found:
    """The attribution of every word of ``classes``, the words the trees pass down
    (see :class:`Accounts`); ``pairs`` are :func:`variants`, ``habits`` the outlets'
    house style (:func:`habits`). ``workers`` threads sort the words (:func:`_doc_sets`,
    :meth:`Holdings.of`) and ``workers`` processes decide the sets of documents
    (:func:`_decide`); the result does not depend on their number."""
    if not len(classes.tokens):
        return Found(Accounts(classes.tokens, np.zeros(0, dtype=np.int32)), None)
    sets = _doc_sets(ctx, classes, threads=workers)
    names = ctx.seg.paragraphs.docs
    number = {name: i for i, name in enumerate(names)}
    before = _Before(ctx)
    given = np.array([_given(docs, number, before) for docs in sets.members], dtype=np.int64)
    del before
    holdings = Holdings.of(sets.code_of, classes.doc, len(names), given, threads=workers)
    textual = _Textual(ctx, holdings, pairs, habits)
    # Sets holding the same documents ask the same pairs (remembered by _Textual in
    # each worker): a worker takes sets in the order of their members, so that
    # those of one story mostly go to one worker.
    order = sorted(range(len(sets.members)), key=sets.members.__getitem__)
    runs = runs_of([len(sets.members[s]) for s in order], _RUN_MEMBERS)
    args = (ctx, [sets.members[s] for s in order], [sets.tops[s] for s in order], pairs, textual)
    decided = map_chunks(_decide_run, args, runs, workers=workers, chunk=1, renew=_RENEW_DECIDING)
    code_of_set = np.empty(len(order), dtype=np.int32)
    code_of_set[order] = np.concatenate([np.zeros(0, dtype=np.int32), *decided])
    return Found(Accounts(classes.tokens, code_of_set[sets.code_of]), textual)


# Members of the sets a worker decides at a time (some 20 runs at 1M paragraphs).
_RUN_MEMBERS = 200_000
# Runs a worker decides before a fresh fork replaces it: what it remembers of pairs of
# documents, and the pages of the parent it copied, would otherwise grow all along
# (at 1M wire copy, from a pickle of origin's inputs, the stage's peak footprint was
# 6,108 MiB renewing every 3 runs and 5,894 every run; never, some 740 MiB more; the
# runs' order keeps a story's sets together, so little is asked again).
_RENEW_DECIDING = 1


def _decide_run(
    ctx: _Context,
    members: Sequence[Sequence[str]],
    tops: Sequence[Sequence[str]],
    pairs: Variants,
    textual: _Textual,
    run: Run,
) -> npt.NDArray[np.int32]:
    """The attribution code (:func:`code`) of each set of the ``run``: its
    :func:`_decide`."""
    out = np.empty(run.stop - run.start, dtype=np.int32)
    outside = len(ctx.doc_ids)  # the number of a common source outside the corpus
    chosen = zip(members[run.start : run.stop], tops[run.start : run.stop], strict=True)
    for k, (docs, top) in enumerate(chosen):
        origin, decided = _decide(ctx, docs, top, pairs, textual)
        out[k] = code(outside if origin is None else ctx.doc_index[origin], decided=decided)
    return out


def rewritten(ctx: _Context, found: Accounts, rows: npt.NDArray[np.int64]) -> Accounts:
    """``found`` with the words that rewrite others' wording: the child's words of
    each short replace edit of a tree's edge (``rows`` of ``(parent's first word, its
    count, child's first word, its count)``, token-table positions) that no class
    holds (or only one no evidence decides) rewords the parent's word at its place
    (the last one's past the parent's count) when that word's origin is decided:
    its code is that origin's, marked :data:`REWRITTEN`.

    A replace rewrites the parent's wording only where the child took the words
    around it: the child's word just before or just after it is attributed, decided,
    to another document. A word several edges rewrite takes the first parent word.
    The child's word may also begin a class of its own (later copies took the
    variant up from it): it is still the child's rewording.
    """
    if not len(rows):
        return found
    lengths = rows[:, 3]
    step = ranges(np.zeros(len(rows), dtype=np.int64), lengths)
    child = np.repeat(rows[:, 2], lengths) + step
    parent = np.repeat(rows[:, 0], lengths) + np.minimum(step, np.repeat(rows[:, 1] - 1, lengths))
    table = ctx.seg.paragraphs
    index = np.array([ctx.doc_index[name] for name in table.docs], dtype=np.int64)
    starts = table.tokens[:, 0]

    def doc_of(tokens: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
        return index[table.doc[np.searchsorted(starts, tokens, side="right") - 1]]

    def codes_of(tokens: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
        at = np.minimum(search(found.tokens, tokens), max(len(found.tokens) - 1, 0))
        known = found.tokens[at] == tokens if len(found.tokens) else np.zeros(len(tokens), bool)
        return np.where(known, found.codes[at] if len(found.tokens) else 0, -1).astype(np.int64)

    # Where the child took the words around the replace from another document.
    own = doc_of(rows[:, 2])
    near = np.stack([rows[:, 2] - 1, rows[:, 2] + rows[:, 3]])
    last = len(ctx.seg.token_starts) - 1
    same = doc_of(np.clip(near, 0, last)) == own  # the words around, in the same document
    around = np.where(
        same & (near >= 0) & (near <= last), codes_of(near.ravel()).reshape(2, -1), -1
    )
    taken = (around >= 0) & (around & DECIDED != 0) & (origin_of(around) != own)
    mine = codes_of(child)
    # In no class, or one no evidence decides, or one the child itself begins (a
    # variant that later copies took up from it).
    open_ = (mine < 0) | (mine & DECIDED == 0) | (origin_of(mine) == doc_of(child))
    keep = np.repeat(taken.any(axis=0), lengths) & open_
    child, parent = child[keep], parent[keep]
    order = np.lexsort((parent, child))
    child, parent = child[order], parent[order]
    first = np.ones(len(child), dtype=bool)
    first[1:] = child[1:] != child[:-1]
    child, parent = child[first], parent[first]
    theirs = codes_of(parent)
    theirs = np.where(theirs >= 0, theirs, code(doc_of(parent)))
    # Only a decided origin, and another document's: nothing rewords itself.
    kept = (theirs & DECIDED != 0) & (origin_of(theirs) != doc_of(child))
    child, theirs = child[kept], theirs[kept]
    # Rewritten words replace their undecided accounts, and join the others.
    return _merged(found, child, (theirs | REWRITTEN).astype(np.int32))


def _merged(
    found: Accounts, tokens: npt.NDArray[np.int64], codes: npt.NDArray[np.int32]
) -> Accounts:
    """``found`` with the accounts ``codes`` of ``tokens`` (ascending, distinct) in place
    of any it has: each merged where it goes in the ascending tokens, without sorting
    them all again."""
    tokens = tokens.astype(found.tokens.dtype, copy=False)  # positions fit its type
    at = np.searchsorted(found.tokens, tokens)
    held = np.zeros(len(tokens), dtype=bool)  # accounted already
    inside = at < len(found.tokens)
    held[inside] = found.tokens[at[inside]] == tokens[inside]
    replaced = found.codes.copy()
    replaced[at[held]] = codes[held]
    new = ~held
    return Accounts(
        np.insert(found.tokens, at[new], tokens[new]), np.insert(replaced, at[new], codes[new])
    )
