"""House style: the changes an outlet makes, story after story, in what it copies.

An outlet edits what it takes in its own way: ``£40,000`` for ``40,000 pounds``,
``Tatyana`` for ``Tatiana``, ``honour`` for ``honor``. Where dates or credit lines
put one version before another (:func:`provenance.origin.accounts._before`), each
short replace of their alignment is a change the later version's outlet made. A
change an outlet made in at least ``habit_documents`` of its documents is its
*habit* (:class:`~provenance.model.OriginConfig`).

Between two versions that dates and credits leave unordered, the differences tell
whose hand is on them: when some of the replaces that turn ``x``'s wording into
``y``'s are habits of ``y``'s outlet, and none of those that turn ``y``'s into
``x``'s are habits of ``x``'s outlet, ``y`` is the copy (:meth:`Habits.styled`). A
change both copies of one source made (the same house style) is no replace between
them, and so no evidence either way (``docs/direction.md``, House style).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping

import attrs

from provenance.model import Document, Family, Link

__all__ = ["Habits"]


def _key(text: str) -> str:
    """A replace's side as compared: case folded, white space (line breaks of
    hard-wrapped copy included) as single spaces."""
    return " ".join(text.split()).casefold()


def _replaces(link: Link, most: int) -> list[tuple[str, str]]:
    """The short replaces of ``link`` (at most ``most`` words each side, outside moved
    runs), as (``a``'s words, ``b``'s words)."""
    return [
        (_key(e.a_text), _key(e.b_text))
        for e in link.edits
        if e.op == "replace"
        and not e.moved
        and len(e.a_text.split()) <= most
        and len(e.b_text.split()) <= most
    ]


@attrs.frozen(eq=False)
class Habits:
    """Each outlet's habits, and the replaces between versions left unordered.

    ``habits`` holds ``(outlet, theirs, ours)``: the outlet wrote ``ours`` for
    ``theirs`` in at least the configured number of its documents. ``open`` maps a
    pair of document ids, in id order, to the replaces of their links, each as
    (the first's words, the second's words).
    """

    habits: frozenset[tuple[str, str, str]]
    open: Mapping[tuple[str, str], tuple[tuple[str, str], ...]]
    outlets: Mapping[str, str | None]

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
        one outlet; replaces of at most ``most`` words a side."""
        seen: dict[tuple[str, str, str], set[str]] = defaultdict(set)
        unordered: dict[tuple[str, str], set[tuple[str, str]]] = defaultdict(set)
        for f in families:
            doc_of = {p.id: p.doc for p in f.passages}
            for link in f.links:
                a, b = docs[doc_of[link.a]], docs[doc_of[link.b]]
                if a.id == b.id:
                    continue
                pairs = _replaces(link, most)
                if not pairs:
                    continue
                if before(a, b):
                    if b.outlet is not None:
                        for theirs, ours in pairs:
                            seen[b.outlet, theirs, ours].add(b.id)
                elif before(b, a):
                    if a.outlet is not None:
                        for ours, theirs in pairs:
                            seen[a.outlet, theirs, ours].add(a.id)
                elif a.id < b.id:
                    unordered[a.id, b.id].update(pairs)
                else:
                    unordered[b.id, a.id].update((y, x) for x, y in pairs)
        return cls(
            frozenset(h for h, held in seen.items() if len(held) >= documents),
            {pair: tuple(sorted(found)) for pair, found in unordered.items()},
            {d.id: d.outlet for d in docs.values()},
        )

    def styled(self, x: str, y: str) -> bool:
        """Whether the replaces between documents ``x`` and ``y`` (left unordered) show
        ``y``'s outlet's habits on ``x``'s wording and none of ``x``'s outlet's on
        ``y``'s: ``y`` is then the copy."""
        if x < y:
            pairs = self.open.get((x, y), ())
        else:
            pairs = tuple((b, a) for a, b in self.open.get((y, x), ()))
        if not pairs:
            return False
        ox, oy = self.outlets.get(x), self.outlets.get(y)
        ours = oy is not None and any((oy, a, b) in self.habits for a, b in pairs)
        theirs = ox is not None and any((ox, b, a) in self.habits for a, b in pairs)
        return ours and not theirs
