"""House style: the changes an outlet makes, story after story, in what it copies.

An outlet edits what it takes in its own way: ``£40,000`` for ``40,000 pounds``,
``Tatyana`` for ``Tatiana``, ``honour`` for ``honor``. Where dates or credit lines
put one version before another (:func:`provenance.origin.accounts._before`), each
short replace of their alignment is a change the later version's outlet made, when
the earlier is another outlet's (an agency updating its own story shows no house
style). A change an outlet made in at least ``habit_documents`` of its documents is
its *habit* (:class:`~provenance.model.OriginConfig`).

Between two versions that dates and credits leave unordered, the differences tell
whose hand is on them: when ``x``'s outlet is a source outlet
(:class:`~provenance.origin.precedence.OutletOrder`), some of the replaces that turn
``x``'s wording into ``y``'s are habits of ``y``'s outlet, and none of those that
turn ``y``'s into ``x``'s are habits of ``x``'s, ``y`` is the copy
(:meth:`Habits.styled`). Two outlets that both copy and restyle could each have
made the differences (an outlet's habits are seen only on the words it happened to
copy), and are left as they were. A change both copies of one source made (the same
house style) is no replace between them, and so no evidence either way
(``docs/direction.md``, house style).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping

import attrs
import numpy as np
import numpy.typing as npt

from provenance.arrays import distinct, ranges, unique_rows
from provenance.model import EDIT_OPS, Document, EditTable, Family
from provenance.origin.precedence import OrderedLinks, OutletOrder

__all__ = ["Habits"]


class _Sides:
    """The short replaces of links, read from their edit tables' columns (no
    :class:`~provenance.model.Edit` is built), each side's words numbered by their
    key (:meth:`_number`), remembered per text."""

    def __init__(self, most: int) -> None:
        self._most = most
        self._numbers: dict[str, int] = {}  # a side's text -> its key's number
        self._ids: dict[str, int] = {}  # a key -> its number
        self.texts: list[str] = []  # the keys, by number

    def _number(self, text: str) -> int:
        """The number of ``text``'s key (case folded, white space, line breaks of
        hard-wrapped copy included, as single spaces), or -1 past ``most`` words."""
        if text not in self._numbers:
            words = text.split()
            number = -1
            if len(words) <= self._most:
                key = " ".join(words).casefold()
                number = self._ids.setdefault(key, len(self.texts))
                if number == len(self.texts):
                    self.texts.append(key)
            self._numbers[text] = number
        return self._numbers[text]

    def table_replaces(
        self,
        table: EditTable,
        links: npt.NDArray[np.int64],
        outlet_of: npt.NDArray[np.int64],
    ) -> npt.NDArray[np.int64]:
        """Rows ``(later outlet, first's words, later's words, later document, first
        document)`` of the replaces of ``links`` (rows of
        :class:`~provenance.origin.precedence.OrderedLinks`: table, start, stop, read
        swapped, first document, later document) in ``table``, words by key number."""
        if not len(links):
            return np.zeros((0, 5), dtype=np.int64)
        sizes = links[:, 2] - links[:, 1]
        at = ranges(links[:, 1], links[:, 2])
        link = np.repeat(np.arange(len(links)), sizes)
        keep = (table.op[at] == _REPLACE) & ~table.moved[at]
        at, link = at[keep], link[keep]
        a, b = table.a_text[at].astype(np.int64), table.b_text[at].astype(np.int64)
        swap = links[link, 3].astype(bool)
        a, b = np.where(swap, b, a), np.where(swap, a, b)
        used = distinct(np.concatenate([a, b]))
        number = np.full(len(table.words), -1, dtype=np.int64)
        number[used] = [self._number(table.words[w]) for w in used.tolist()]
        x, y = number[a], number[b]
        ok = (x >= 0) & (y >= 0)
        later = links[link, 5]
        columns = [outlet_of[later], x, y, later, links[link, 4]]
        out: npt.NDArray[np.int64] = np.stack(columns, axis=1)[ok]
        return out

    def replaces(self, links: OrderedLinks, rows: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
        """:meth:`table_replaces` of ``rows`` (of ``links``' tables), a table at a time
        (a link's rows are a range of its table)."""
        rows = rows[np.argsort(rows[:, 0], kind="stable")]
        cuts = np.searchsorted(rows[:, 0], np.arange(len(links.tables) + 1)).tolist()
        found = [
            self.table_replaces(table, rows[cuts[t] : cuts[t + 1]], links.outlet_of)
            for t, table in enumerate(links.tables)
            if cuts[t] < cuts[t + 1]
        ]
        return np.concatenate(found) if found else np.zeros((0, 5), dtype=np.int64)


_REPLACE = EDIT_OPS.index("replace")  # an EditTable's op code, the same read either way


@attrs.frozen(eq=False)
class Habits:
    """Each outlet's habits, and the replaces between versions left unordered.

    ``habits`` holds ``(outlet, theirs, ours)``: the outlet wrote ``ours`` for
    ``theirs`` in at least the configured number of its documents; ``sources`` are
    the source outlets. ``open`` maps a pair of document ids, in id order, that the
    evidence leaves unordered and one of whose outlets is a source outlet, to the
    replaces of their links, each as (the first's words, the second's words).
    """

    habits: frozenset[tuple[str, str, str]]
    open: Mapping[tuple[str, str], tuple[tuple[str, str], ...]]
    outlets: Mapping[str, str | None]
    sources: frozenset[str]

    @classmethod
    def of(
        cls,
        families: Iterable[Family],
        docs: Mapping[str, Document],
        before: Callable[[Document, Document], bool],
        *,
        documents: int,
        most: int,
    ) -> Habits:
        """The habits shown by the links of ``families`` (documents by id in ``docs``)
        whose versions ``before`` orders, made in at least ``documents`` documents of
        one outlet; replaces of at most ``most`` words a side (:meth:`from_links` of
        :meth:`~provenance.origin.precedence.OrderedLinks.of`)."""
        links = OrderedLinks.of(families, docs, before)
        order = OutletOrder.of(links, follow_documents=0)
        return cls.from_links(links, order, documents=documents, most=most)

    @classmethod
    def from_links(
        cls, links: OrderedLinks, order: OutletOrder, *, documents: int, most: int
    ) -> Habits:
        """The habits shown by ``links`` between outlets, made in at least ``documents``
        documents of one outlet, replaces of at most ``most`` words a side; ``order``
        names the source outlets.

        The replaces of the links, ordered and unordered, are read from their edit
        tables' columns with numpy, a table at a time (a link's rows are a range of its
        table), and a replace's sides are keyed once per distinct text.
        """
        sides = _Sides(most)
        outlet_of, outlet_names = links.outlet_of, links.outlets
        made = sides.replaces(links, links.between_outlets())
        habits: frozenset[tuple[str, str, str]] = frozenset()
        if len(made):
            got, _ = unique_rows(made[:, :4])  # one row per document
            kinds, counts = unique_rows(got[:, :3])
            keys = sides.texts
            habits = frozenset(
                (str(outlet_names[o]), keys[x], keys[y])
                for o, x, y in kinds[counts >= documents].tolist()
                if outlet_names[o] is not None
            )
        # Only a pair with a source outlet's version can be ordered (:meth:`styled`).
        sources = order.sources
        filing = np.array([name in sources for name in outlet_names], dtype=bool)
        rows = links.open_rows
        rows = rows[filing[outlet_of[rows[:, 4]]] | filing[outlet_of[rows[:, 5]]]]
        open_: dict[tuple[str, str], set[tuple[str, str]]] = defaultdict(set)
        outlets: dict[str, str | None] = {}
        names, texts = links.names, sides.texts
        # Rows (b's outlet, a's words, b's words, b, a): read from each link's a side.
        for _, x, y, b, a in sides.replaces(links, rows).tolist():
            ia, ib = names[a], names[b]
            if ia < ib:
                open_[ia, ib].add((texts[x], texts[y]))
            else:
                open_[ib, ia].add((texts[y], texts[x]))
            outlets[ia], outlets[ib] = outlet_names[outlet_of[a]], outlet_names[outlet_of[b]]
        return cls(
            habits,
            {pair: tuple(sorted(replaced)) for pair, replaced in open_.items()},
            outlets,
            sources,
        )

    def styled(self, x: str, y: str) -> bool:
        """Whether ``x``'s outlet is a source outlet and the replaces between
        documents ``x`` and ``y`` (left unordered) show ``y``'s outlet's habits on
        ``x``'s wording and none of ``x``'s outlet's on ``y``'s: ``y`` is then the
        copy."""
        if x < y:
            pairs = self.open.get((x, y), ())
        else:
            pairs = tuple((b, a) for a, b in self.open.get((y, x), ()))
        if not pairs:
            return False
        ox, oy = self.outlets.get(x), self.outlets.get(y)
        if ox not in self.sources or oy is None:
            return False
        ours = any((oy, a, b) in self.habits for a, b in pairs)
        return ours and not any((ox, b, a) in self.habits for a, b in pairs)
