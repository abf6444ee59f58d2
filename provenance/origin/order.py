"""The order the evidence (:class:`~provenance.origin.evidence._Weights`) puts a family's
passages in: the passages none comes before, the ones each placed passage leaves with
none still to place, and the balance of the evidence for and against each passage.

Dates order most pairs, and dates sort: how many passages are dated before a passage
is a count in sorted arrays, and placing one passage lowers the count of a run of
passages sorted by date at once (:class:`_Countdown`). (Sorted by clock: a time with a
zone is compared by its instant with another, by its day as written with any other
date, and the two need not agree.) Only the pairs a credit line, a trim or the
outlets' order names (:attr:`~provenance.origin.evidence._Weights.named`) may go
against their dates, and they are listed. So a large family's order (:class:`_Counted`) takes
time and memory in proportion to its passages and those pairs, where a small one's
(:class:`_Listed`) compares every pair.
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from typing import NamedTuple, Protocol

import numpy as np
import numpy.typing as npt

from provenance.dates import DateKey
from provenance.origin.evidence import _Named, _Weights

_DAY_MICROSECONDS = 86_400_000_000
_CLOCKS = (0, 1, 2)  # :attr:`DateKey.clock`: no time, a time without a zone, one with
_NEVER = 1 << 62  # a count that never reaches zero: no passage, or one already reported


def _instant(key: DateKey) -> int:
    """A timed date's instant in microseconds (:func:`provenance.dates.before` compares
    two of one clock by it)."""
    return key.day * _DAY_MICROSECONDS + key.micro


class _Calendar:
    """The dates of a family's passages sorted, to count the passages dated before or
    after a date (:func:`provenance.dates.before`) without comparing each pair."""

    def __init__(self, keys: Sequence[DateKey]) -> None:
        dated = [k for k in keys if not math.isnan(k.first)]
        self.firsts = [sorted(k.first for k in dated if k.clock == c) for c in _CLOCKS]
        self.ends = [sorted(k.end for k in dated if k.clock == c) for c in _CLOCKS]
        self.instants = [sorted(_instant(k) for k in dated if k.clock == c) for c in _CLOCKS]

    def earlier(self, key: DateKey, clocks: Sequence[int] = _CLOCKS) -> int:
        """How many passages of the ``clocks`` are dated before ``key``."""
        if math.isnan(key.first):
            return 0
        count = 0
        for c in clocks:
            if c == key.clock and c > 0:
                count += bisect_left(self.instants[c], _instant(key))
            else:
                count += bisect_right(self.ends[c], key.first)
        return count

    def later(self, key: DateKey) -> int:
        """How many passages are dated after ``key``."""
        if math.isnan(key.first):
            return 0
        count = 0
        for c in _CLOCKS:
            if c == key.clock and c > 0:
                count += len(self.instants[c]) - bisect_right(self.instants[c], _instant(key))
            else:
                count += len(self.firsts[c]) - bisect_left(self.firsts[c], key.end)
        return count


class _Release(Protocol):
    """Which passages may join a tree: ``free``, those no passage comes before
    (ascending), and, as each passage is placed, those it leaves with no predecessor
    still to place."""

    free: list[int]

    def place(self, x: int) -> list[int]:
        """Place ``x``: the passages whose last unplaced predecessor it was, ascending."""
        ...


class _Listed:
    """:class:`_Release` of a small family: every pair compared, each passage's
    successors listed and its predecessors counted."""

    def __init__(self, weights: _Weights, n: int) -> None:
        every = range(n)
        first = [[weights.first(x, y) for y in every] for x in every]
        self.pending = [sum(row[y] for row in first) for y in every]
        self.free = [y for y in every if not self.pending[y]]
        self.after = [[y for y in every if row[y]] for row in first]

    def place(self, x: int) -> list[int]:
        """Place ``x``: the passages whose last unplaced predecessor it was, ascending."""
        freed = []
        for z in self.after[x]:
            self.pending[z] -= 1
            if not self.pending[z]:
                freed.append(z)
        return freed


class _Countdown:
    """Counts, one per position, that never go below zero, each reported once when it
    reaches zero: a segment tree of minimums that lowers a run of positions at once.

    Each inner node keeps what was added to its whole range (``added``) and the minimum
    of its leaves (``low``) less what its ancestors keep.
    """

    __slots__ = ("added", "low", "size")

    def __init__(self, counts: Sequence[int]) -> None:
        size = 1
        while size < len(counts):
            size *= 2
        self.size = size
        self.low = [_NEVER] * (2 * size)
        self.low[size : size + len(counts)] = counts
        for node in range(size - 1, 0, -1):
            self.low[node] = min(self.low[2 * node], self.low[2 * node + 1])
        self.added = [0] * size

    def _add(self, node: int, delta: int) -> None:
        self.low[node] += delta
        if node < self.size:
            self.added[node] += delta

    def _mend(self, node: int) -> None:
        """Recompute the minimums above ``node``."""
        low, added = self.low, self.added
        node >>= 1
        while node:
            low[node] = min(low[2 * node], low[2 * node + 1]) + added[node]
            node >>= 1

    def lower(self, start: int) -> None:
        """Lower by one the counts from position ``start`` on.

        The nodes lowered, bottom up, are the first position's and right siblings of
        its ancestors: mending the minimums above it mends all.
        """
        lo, hi = start + self.size, 2 * self.size
        first = lo
        while lo < hi:
            if lo & 1:
                self._add(lo, -1)
                lo += 1
            lo >>= 1
            hi >>= 1
        self._mend(first)

    def change(self, at: int, delta: int) -> None:
        """Add ``delta`` to the count at position ``at``."""
        self._add(at + self.size, delta)
        self._mend(at + self.size)

    def zeros(self) -> list[int]:
        """The positions whose count is zero, not reported before."""
        low, added, size = self.low, self.added, self.size
        if low[1]:
            return []
        found = []
        todo = [(1, 0)]
        while todo:
            node, above = todo.pop()
            if node >= size:
                found.append(node - size)
                continue
            above += added[node]
            for child in (2 * node, 2 * node + 1):
                if low[child] + above == 0:
                    todo.append((child, above))
        for at in found:
            low[at + size] = _NEVER
            self._mend(at + size)
        return sorted(found)


class _Column(NamedTuple):
    """Some of a family's passages sorted by date, and their counts of predecessors:
    by their first day (``firsts``), or by their instants (``instants``; ``firsts``
    are then in that order too, for the passages' times without a zone)."""

    members: list[int]
    firsts: list[float]
    instants: list[int]
    counts: _Countdown


class _Place(NamedTuple):
    """Where a passage's count of predecessors is kept: a column and a position in it."""

    column: int
    at: int


class _Change(NamedTuple):
    """A count a placed passage changes besides the run its date lowers: by ``-1`` that
    of a passage the evidence puts it before, not by date; by ``+1`` that of a passage
    it is dated before that the evidence does not put it before (undoing the run's)."""

    place: _Place
    delta: int


# The columns of :class:`_Counted`: undated passages and passages dated without a time,
# by their first day (undated first); passages timed without a zone, by their instant;
# passages timed with one, by their first day (the passages without a time or with
# none that come before them) and by their instant (those with one).
_DAYS, _LOCAL, _ZONED_DAYS, _ZONED = range(4)
# The clocks of the passages each column counts.
_COUNTED = {_DAYS: _CLOCKS, _LOCAL: _CLOCKS, _ZONED_DAYS: (0, 1), _ZONED: (2,)}


class _Counted:
    """:class:`_Release` of a large family: each passage's unplaced predecessors counted
    in :class:`_Countdown` columns sorted by date, which a placed passage lowers from
    the first passage its date comes before; the pairs a credit line or a trim names
    against their dates change single counts (:class:`_Change`).

    A passage timed with a zone keeps two counts (its first day is its day as
    written, its instant is in UTC: they need not sort alike); any other passage
    one. A passage is free when all of its counts are zero.
    """

    def __init__(self, weights: _Weights, n: int) -> None:
        keys = self.keys = weights.keys
        self.dated = weights.dated
        orders: list[list[tuple[float, int, int]]] = [[], [], [], []]  # (key, y, instant)
        for y, key in enumerate(keys):
            if math.isnan(key.first):
                orders[_DAYS].append((-math.inf, y, 0))
            elif key.clock == 0:
                orders[_DAYS].append((key.first, y, 0))
            elif key.clock == 1:  # a time as written sorts with its day
                orders[_LOCAL].append((key.first, y, _instant(key)))
            else:
                orders[_ZONED_DAYS].append((key.first, y, 0))
                orders[_ZONED].append((0.0, y, _instant(key)))
        self.home: list[_Place] = [_Place(_DAYS, 0)] * n  # where each count is kept
        self.zoned: dict[int, _Place] = {}  # and the second count of a zoned time
        for c, order in enumerate(orders):
            order.sort(key=lambda item: (item[2], item[0], item[1]))
            for at, (_, y, _) in enumerate(order):
                if c == _ZONED:
                    self.zoned[y] = _Place(c, at)
                else:
                    self.home[y] = _Place(c, at)
        calendar = _Calendar(keys)
        counts = [
            [calendar.earlier(keys[y], _COUNTED[c]) if self.dated else 0 for _, y, _ in order]
            for c, order in enumerate(orders)
        ]
        # The pairs a credit line or a trim names: where they go against the dates.
        self.changes: dict[int, list[_Change]] = {}
        for x, y in weights.named:
            by_date, first = weights.by_date(x, y), weights.first(x, y)
            if by_date == first:
                continue
            if by_date:  # dated before y, not put before it: y does not wait for x
                place = self.zoned[y] if keys[x].clock == keys[y].clock == 2 else self.home[y]
                delta = +1
            else:  # put before y against its date, or with none
                place, delta = self.home[y], -1
            counts[place.column][place.at] -= delta
            self.changes.setdefault(x, []).append(_Change(place, delta))
        self.columns = [
            _Column(
                [y for _, y, _ in order],
                [first for first, _, _ in order],
                [instant for _, _, instant in order],
                _Countdown(column_counts),
            )
            for order, column_counts in zip(orders, counts, strict=True)
        ]
        self.left = [2 if y in self.zoned else 1 for y in range(n)]  # counts not yet zero
        self.free = self._zeros(range(len(self.columns)))

    def _zeros(self, columns: Sequence[int]) -> list[int]:
        """The passages of ``columns`` whose counts have all reached zero meanwhile."""
        freed = []
        for c in columns:
            column = self.columns[c]
            for at in column.counts.zeros():
                y = column.members[at]
                self.left[y] -= 1
                if not self.left[y]:
                    freed.append(y)
        return sorted(freed)

    def place(self, x: int) -> list[int]:
        """Place ``x``: the passages whose last unplaced predecessor it was, ascending."""
        key = self.keys[x]
        columns = self.columns
        touched: set[int] = set()
        if self.dated and not math.isnan(key.first):
            for c in (_DAYS, _LOCAL, _ZONED_DAYS, _ZONED):
                column = columns[c]
                if not column.members:
                    continue
                if (c == _ZONED_DAYS and key.clock == 2) or (c == _ZONED and key.clock != 2):
                    continue
                if (c, key.clock) in ((_LOCAL, 1), (_ZONED, 2)):  # by instants
                    start = bisect_right(column.instants, _instant(key))
                else:
                    start = bisect_left(column.firsts, key.end)
                if start < len(column.members):
                    column.counts.lower(start)
                    touched.add(c)
        for place, delta in self.changes.get(x, ()):
            columns[place.column].counts.change(place.at, delta)
            touched.add(place.column)
        return self._zeros(sorted(touched))


def _balance(weights: _Weights, n: int) -> list[float]:
    """Per passage, the weight of the evidence that it came before each other one less
    that of the converse: the sums of a matrix of every pair's weights by row, less
    those by column, as numpy sums them.

    Summed exactly from counts when the weights are multiples of one power of two
    and no sum needs more than a float's 53 bits (numpy's sums are then exact too, in
    any order); else a block of rows of the matrix at a time.
    """
    kinds = (weights.date_weight, weights.credit_weight, weights.text_weight, weights.follow_weight)
    ratios = [w.as_integer_ratio() for w in kinds]
    scale = max(den for _, den in ratios).bit_length() - 1  # denominators: powers of two
    date, credit, text, follow = (num * (2**scale // den) for num, den in ratios)
    calendar = _Calendar(weights.keys)
    rows = [date * calendar.later(k) for k in weights.keys]
    columns = [date * calendar.earlier(k) for k in weights.keys]
    for (x, y), named in weights.counts.items():
        added = credit * named.credits + text * named.trims + follow * named.follows
        rows[x] += added
        columns[y] += added
    if sum(rows) < 2**53:
        return [math.ldexp(float(r - c), -scale) for r, c in zip(rows, columns, strict=True)]
    return _balance_in_blocks(weights, n)


def _balance_in_blocks(weights: _Weights, n: int) -> list[float]:
    """:func:`_balance` from the matrix of every pair's weights, built a block of rows
    at a time: each row summed as numpy sums a matrix's rows, the rows added in turn
    as it sums its columns."""
    keys = np.asarray(weights.keys, dtype=np.float64).reshape(-1, 5)
    docs = np.asarray(weights.docs)
    named: list[list[tuple[int, _Named]]] = [[] for _ in range(n)]
    for (x, y), counts in weights.counts.items():
        named[x].append((y, counts))
    block = max(1, 1_000_000 // max(n, 1))
    rows = np.empty(n)
    columns = np.zeros(n)
    for lo in range(0, n, block):
        hi = min(n, lo + block)
        w = weights.date_weight * _before_rows(keys, lo, hi)
        pairs = [(x - lo, y, counts) for x in range(lo, hi) for y, counts in named[x]]
        # A pair's credits are added before its trims, then the outlets' order, one
        # weight at a time.
        for weight, times in (
            (weights.credit_weight, [counts.credits for _, _, counts in pairs]),
            (weights.text_weight, [counts.trims for _, _, counts in pairs]),
            (weights.follow_weight, [int(counts.follows) for _, _, counts in pairs]),
        ):
            for level in range(1, max(times, default=0) + 1):
                at = [(x, y) for (x, y, _), k in zip(pairs, times, strict=True) if k >= level]
                w[[x for x, _ in at], [y for _, y in at]] += weight
        w[docs[lo:hi, None] == docs[None, :]] = 0.0
        rows[lo:hi] = w.sum(axis=1)
        for row in w:  # numpy sums a matrix's columns a row after the other
            columns += row
    balance: list[float] = (rows - columns).tolist()
    return balance


def _before_rows(keys: npt.NDArray[np.float64], lo: int, hi: int) -> npt.NDArray[np.bool_]:
    """:func:`provenance.dates.before_matrix` of the keys, rows ``lo`` to ``hi`` only."""
    first, end, clock, day, micro = keys.T
    rows = slice(lo, hi)
    timed = (clock[rows, None] == clock[None, :]) & (clock[rows, None] > 0)
    same_day = day[rows, None] == day[None, :]
    by_time = (day[rows, None] < day[None, :]) | (same_day & (micro[rows, None] < micro[None, :]))
    with np.errstate(invalid="ignore"):  # NaN: undated, never before anything
        by_days = end[rows, None] <= first[None, :]
    result: npt.NDArray[np.bool_] = np.where(timed, by_time, by_days)
    return result
