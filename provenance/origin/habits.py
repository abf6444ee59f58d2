"""House style: the changes an outlet makes, story after story, in what it copies.

An outlet edits what it takes in its own way: ``£40,000`` for ``40,000 pounds``,
``Tatyana`` for ``Tatiana``, ``honour`` for ``honor``. Where dates or credit lines
put one version before another (:func:`provenance.origin.accounts._before`), each
short replace of their alignment is a change the later version's outlet made, when
the earlier is another outlet's (an agency updating its own story shows no house
style). A change an outlet made in at least ``habit_documents`` of its documents is
its *habit* (:class:`~provenance.model.OriginConfig`).

An outlet the dates show as the later version in under a tenth of its ordered links
with other outlets is a *source outlet*: it files stories more than it copies them,
as an agency does. Between two versions that dates and credits leave unordered, the
differences tell whose hand is on them: when ``x``'s outlet is a source outlet, some
of the replaces that turn ``x``'s wording into ``y``'s are habits of ``y``'s outlet,
and none of those that turn ``y``'s into ``x``'s are habits of ``x``'s, ``y`` is the
copy (:meth:`Habits.styled`). Two outlets that both copy and restyle could each have
made the differences (an outlet's habits are seen only on the words it happened to
copy), and are left as they were. A change both copies of one source made (the same
house style) is no replace between them, and so no evidence either way
(``docs/direction.md``, house style).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping

import attrs

from provenance.model import Document, Family, Link

__all__ = ["Habits"]

# An outlet the dates show as the later version in under this share of its ordered links
# with other outlets is a source outlet: it files stories more than it copies them.
_SOURCE_SHARE = 0.1


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
    ``theirs`` in at least the configured number of its documents; ``sources`` are
    the source outlets. ``open`` maps a pair of document ids, in id order,
    to the replaces of their links, each as (the first's words, the second's words).
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
        one outlet; replaces of at most ``most`` words a side."""
        seen: dict[tuple[str, str, str], set[str]] = defaultdict(set)
        unordered: dict[tuple[str, str], set[tuple[str, str]]] = defaultdict(set)
        later: dict[str, int] = defaultdict(int)  # an outlet's ordered links as the later
        ordered: dict[str, int] = defaultdict(int)  # and in all

        def note(first: Document, second: Document, pairs: list[tuple[str, str]]) -> None:
            """A link the evidence orders, with its replaces as (first's, second's)."""
            if first.outlet == second.outlet:  # an outlet's own versions (an update)
                return
            if first.outlet is not None:
                ordered[first.outlet] += 1
            if second.outlet is not None:
                ordered[second.outlet] += 1
                later[second.outlet] += 1
                for theirs, ours in pairs:
                    seen[second.outlet, theirs, ours].add(second.id)

        for f in families:
            doc_of = {p.id: p.doc for p in f.passages}
            for link in f.links:
                a, b = docs[doc_of[link.a]], docs[doc_of[link.b]]
                if a.id == b.id:
                    continue
                pairs = _replaces(link, most)
                if before(a, b):
                    note(a, b, pairs)
                elif before(b, a):
                    note(b, a, [(y, x) for x, y in pairs])
                elif pairs and a.id < b.id:
                    unordered[a.id, b.id].update(pairs)
                elif pairs:
                    unordered[b.id, a.id].update((y, x) for x, y in pairs)
        return cls(
            frozenset(h for h, held in seen.items() if len(held) >= documents),
            {pair: tuple(sorted(found)) for pair, found in unordered.items()},
            {d.id: d.outlet for d in docs.values()},
            frozenset(o for o, n in ordered.items() if later[o] < _SOURCE_SHARE * n),
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
