"""Outlet precedence: which outlets file stories and which follow them, read from
the dates of the corpus's own links.

Where dates or credit lines order two linked versions of different outlets
(:func:`provenance.origin.accounts._before`), the later version's outlet came after
the earlier's:

- an outlet that came after others in under a tenth of its ordered links is a
  *source outlet*: it files stories far more than it copies them, as an agency does
  (the rule house style uses, :mod:`~provenance.origin.habits`);
- an outlet that came after source outlets in at least ``follow_documents`` document
  pairs (each pair once, however many passages link them), and before them in under
  a tenth as many, is a *follower*: it copies them
  (:class:`~provenance.model.OriginConfig`).

Between a source outlet's version and a follower's that the dates leave open (an
agency's story timed 10:44, an outlet's dated to that day only, or undated), the
follower's is the copy: :data:`~provenance.model.FOLLOWED` evidence for the edge
between them when the trees are grown, and the same order in the word accounts.
Two versions both dated to the day, the same day, are left to the other evidence:
that is the pattern of two copies of one source (``docs/direction.md``).

This is a base rate, not a proof: an agency that took one story from a follower
without a credit line would be put first. It weighs less than a date or a credit
line, and only where they say nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import NamedTuple

import attrs
import numpy as np
import numpy.typing as npt

from provenance.arrays import ranges
from provenance.dates import DateKey, before
from provenance.model import Document, EditTable, Family, FrozenMapping, LinkTable

__all__ = ["OrderedLinks", "OutletOrder"]

# An outlet later in under this share of its ordered links with other outlets is a
# source outlet; one earlier than source outlets in under this share of the document
# pairs it came after them is a follower.
_SHARE = 0.1


class OrderedLinks(NamedTuple):
    """The links of a corpus's families between two documents, read once: those dates
    or credit lines order as rows, the others as open rows.

    Documents are numbered by their ids in sorted order (``names``), outlets in the
    order first met (``outlets``; ``outlet_of`` per document number). A row of
    ``rows`` is ``(table, start, stop, swapped, first document, later document)``:
    the link's edits are rows ``start:stop`` of ``tables[table]``, read from the first
    version to the later one when ``swapped`` is 0. ``open_rows`` are the same of the
    links the evidence leaves unordered, each read from its ``a`` side to its ``b``
    side.
    """

    names: list[str]
    outlets: list[str | None]
    outlet_of: npt.NDArray[np.int64]
    tables: list[EditTable]
    rows: npt.NDArray[np.int64]
    open_rows: npt.NDArray[np.int64]

    @classmethod
    def of(
        cls,
        families: Iterable[Family],
        docs: Mapping[str, Document],
        first: Callable[[Document, Document], bool],
    ) -> OrderedLinks:
        """The links of ``families`` (documents by id in ``docs``), ordered by
        ``first(a, b)``: whether the evidence puts ``a`` before ``b``."""
        names = sorted(docs)
        number = {doc_id: i for i, doc_id in enumerate(names)}
        outlet_number: dict[str | None, int] = {}
        outlet_of = np.array(
            [outlet_number.setdefault(docs[d].outlet, len(outlet_number)) for d in names],
            dtype=np.int64,
        )
        tables: dict[int, int] = {}  # id of an edit table -> its number
        table_list: list[EditTable] = []
        rows: list[npt.NDArray[np.int64]] = []
        open_rows: list[npt.NDArray[np.int64]] = []
        for table, at, docs_of in _link_rows(families, number):
            edit_table = table.edits
            t = tables.setdefault(id(edit_table), len(tables))
            if t == len(table_list):
                table_list.append(edit_table)
            a, b = docs_of[table.a[at]], docs_of[table.b[at]]
            between = a != b
            at, a, b = at[between], a[between], b[between]
            way = _ways(a, b, names, docs, first)
            start, stop = table.edit_bounds[at].T
            swapped = table.swapped[at].astype(np.int64)
            column = np.full(len(at), t, dtype=np.int64)
            first_a = way > 0
            # Read from the first version to the later.
            ordered = np.stack(
                [
                    column,
                    start,
                    stop,
                    swapped ^ ~first_a,
                    np.where(first_a, a, b),
                    np.where(first_a, b, a),
                ],
                axis=1,
            )
            rows.append(ordered[way != 0])
            open_rows.append(np.stack([column, start, stop, swapped, a, b], axis=1)[way == 0])
        return cls(
            names,
            list(outlet_number),
            outlet_of,
            table_list,
            np.concatenate([np.zeros((0, 6), dtype=np.int64), *rows]),
            np.concatenate([np.zeros((0, 6), dtype=np.int64), *open_rows]),
        )

    def between_outlets(self) -> npt.NDArray[np.int64]:
        """The rows whose two documents are of different outlets (an outlet's own
        versions of a story, an agency's update, show neither its place nor its house
        style)."""
        first = self.outlet_of[self.rows[:, 4]]
        later = self.outlet_of[self.rows[:, 5]]
        kept: npt.NDArray[np.int64] = self.rows[first != later]
        return kept


def _link_rows(
    families: Iterable[Family], number: Mapping[str, int]
) -> Iterator[tuple[LinkTable, npt.NDArray[np.int64], npt.NDArray[np.int64]]]:
    """The links of ``families``, a link table at a time (consecutive families whose
    links are rows of one table together): the table, its rows in the families'
    order, and the number (in ``number``) of the document of each of its passages."""
    group: list[Family] = []
    for f in [*families, None]:
        if f is not None and not len(f.links):
            continue
        if group and (f is None or f.links.table is not group[0].links.table):
            table = group[0].links.table
            where = {pid: k for k, pid in enumerate(table.ids)}
            docs_of = np.full(len(table.ids), -1, dtype=np.int64)
            for g in group:
                for p in g.passages:
                    k = where.get(p.id)
                    if k is not None:
                        docs_of[k] = number[p.doc]
            yield table, _rows(group), docs_of
            group = []
        if f is not None:
            group.append(f)


def _rows(families: Sequence[Family]) -> npt.NDArray[np.int64]:
    """The rows of their table ``families``' links read, in order."""
    views = [f.links for f in families]
    if all(v.order is None for v in views):
        starts = np.array([v.start for v in views], dtype=np.int64)
        return ranges(starts, np.array([v.stop for v in views], dtype=np.int64))
    return np.array([k for v in views for k in v.row_numbers()], dtype=np.int64)


def _ways(
    a: npt.NDArray[np.int64],
    b: npt.NDArray[np.int64],
    names: Sequence[str],
    docs: Mapping[str, Document],
    first: Callable[[Document, Document], bool],
) -> npt.NDArray[np.int64]:
    """For each pair of documents ``(a[i], b[i])`` (numbers of ``names``): 1 when
    ``first`` puts ``a[i]`` first, -1 when it puts ``b[i]`` first, 0 when neither;
    asked once per distinct pair (a story's paragraphs link the same two documents in
    many families)."""
    if not len(a):
        return np.zeros(0, dtype=np.int64)
    width = len(names)
    distinct, inverse = np.unique(a * width + b, return_inverse=True)
    ways = np.empty(len(distinct), dtype=np.int64)
    for k, key in enumerate(distinct.tolist()):
        x, y = divmod(key, width)
        da, db = docs[names[x]], docs[names[y]]
        ways[k] = 1 if first(da, db) else -1 if first(db, da) else 0
    found: npt.NDArray[np.int64] = ways[inverse.reshape(-1)]
    return found


@attrs.frozen
class OutletOrder:
    """The source outlets and their followers (see the module's text).

    ``followers`` maps a follower to the number of document pairs in which it came
    after a source outlet and the number in which it came before one.
    """

    sources: frozenset[str] = frozenset()
    followers: Mapping[str, tuple[int, int]] = attrs.field(
        factory=FrozenMapping, converter=FrozenMapping
    )

    @classmethod
    def of(cls, links: OrderedLinks, *, follow_documents: int) -> OutletOrder:
        """The order the ordered ``links`` show; followers need ``follow_documents``
        document pairs after a source outlet (0: none is sought)."""
        rows = links.between_outlets()
        width = len(links.outlets)
        named = np.array([name is not None for name in links.outlets], dtype=bool)
        # Source outlets by links (a story's paragraphs each count), followers by
        # document pairs (each pair once, however many passages link them).
        first, later = links.outlet_of[rows[:, 4]], links.outlet_of[rows[:, 5]]
        ordered = np.bincount(first, minlength=width) + np.bincount(later, minlength=width)
        after = np.bincount(later, minlength=width)
        source = named & (ordered > 0) & (after < _SHARE * ordered)
        documents = len(links.names)
        pairs = np.unique(rows[:, 4] * documents + rows[:, 5])  # each document pair once
        first, later = links.outlet_of[pairs // documents], links.outlet_of[pairs % documents]
        followers: dict[str, tuple[int, int]] = {}
        if follow_documents:
            behind = np.bincount(later[source[first]], minlength=width)
            ahead = np.bincount(first[source[later]], minlength=width)
            found = named & ~source & (behind >= follow_documents) & (ahead < _SHARE * behind)
            followers = {
                str(links.outlets[k]): (int(behind[k]), int(ahead[k]))
                for k in np.flatnonzero(found).tolist()
            }
        return cls(
            frozenset(str(links.outlets[k]) for k in np.flatnonzero(source).tolist()),
            followers,
        )

    def leads(self, a: Document, b: Document, ka: DateKey, kb: DateKey) -> bool:
        """Whether ``a``'s version comes before ``b``'s by the outlets' order: ``a``'s
        outlet is a source outlet, ``b``'s a follower, and their dates (keys ``ka``,
        ``kb``) leave them open but are not both the same day to the day."""
        if a.outlet not in self.sources or b.outlet not in self.followers:
            return False
        if before(ka, kb) or before(kb, ka):
            return False
        return not ka.same_day(kb)

    def sentence(self, a: Document, b: Document) -> str:
        """What the :data:`~provenance.model.FOLLOWED` evidence found, in words."""
        behind, ahead = self.followers[str(b.outlet)]
        return (
            f"{b.outlet} came after the corpus's source outlets in {behind} document pairs "
            f"the dates order and before them in {ahead}; {a.outlet} is one (it came after "
            f"other outlets in under a tenth of its ordered links), and the dates of {a.id} "
            f"and {b.id} do not order them."
        )
