"""Origin: who copied whom, on what evidence, and where each wording first appears.

For every family the passages are ordered by evidence of three kinds, each
recorded in words a reader can check (``docs/direction.md``):

- ``dated``: a passage of an earlier publication is a candidate ancestor. Days
  compare by day; two times compare by time; the same day, or a missing date,
  decides nothing.
- ``credited``: a document whose text credits another's outlet, by any of its
  names (``(RFE/RL)``, ``according to Reuters``, ``/TASS/``, ``Azatutyun.am
  reported``), copied from that outlet.
- ``textual``: a paragraph reduced to the first sentences of another is a trimmed
  copy of it.

The root is the passage no evidence puts after another; the others join the tree
once all their decided predecessors are in it, each under the candidate whose
wording it follows most closely among those the evidence puts before it (or,
when there is none, among those it does not put after it). An edge that no
evidence orients is marked ``undetermined`` with confidence 0, never silently
guessed.

Wording-level origin follows the tree: a child's words matched to its parent's
inherit their origin, the others were introduced by the child's document. A
passage nested in a longer one of the same document (a sentence carried into a
paragraph) overrides the longer passage's attribution on its own span.
"""

from __future__ import annotations

import bisect
import datetime as dt
import heapq
import json
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from functools import cache
from importlib import resources
from typing import Any
from urllib.parse import urlsplit

import attrs
import numpy as np
import numpy.typing as npt
from rapidfuzz.distance import Indel
from tqdm import tqdm

from provenance.align import Words, edit_words
from provenance.model import (
    AlignConfig,
    Credit,
    Document,
    DocumentView,
    Edge,
    Family,
    Link,
    OriginConfig,
    Passage,
    Segment,
    Segmentation,
)
from provenance.parallel import collector_paused, progress

__all__ = ["CreditFinder", "builtin_aliases", "find_credits", "origin", "outlet_aliases"]


# --------------------------------------------------------------------------- aliases


@cache
def builtin_aliases() -> Mapping[str, tuple[str, ...]]:
    """The shipped alias table (``provenance/data/outlets.json``): name → other names."""
    raw = json.loads(resources.files("provenance").joinpath("data/outlets.json").read_text("utf-8"))
    return {e["name"]: tuple(e["aliases"]) for e in raw["outlets"]}


def _derived_names(outlet: str, urls: Iterable[str | None]) -> set[str]:
    """Names an outlet goes by that its own name and addresses reveal."""
    names = {outlet}
    inner = re.findall(r"\(([^()]+)\)", outlet)
    names.update(n.strip() for n in inner)
    bare = re.sub(r"\s*\([^()]*\)", "", outlet).strip()
    if bare:
        names.add(bare)
    for url in urls:
        host = urlsplit(url).hostname if url else None
        if host:
            names.add(host.removeprefix("www.").removeprefix("amp."))
    return {n for n in names if n}


def outlet_aliases(
    documents: Sequence[Document], config: OriginConfig | None = None
) -> dict[str, set[str]]:
    """Every name each outlet of the corpus may be credited by.

    An outlet is known by its name, the parts of the name in parentheses, the
    name without them, its web addresses' host names, and, where one of those
    matches an entry of the alias table, all of that entry's names.
    """
    config = config or OriginConfig()
    table: dict[str, set[str]] = defaultdict(set)
    if config.builtin_aliases:
        for name, aliases in builtin_aliases().items():
            table[name].update(aliases)
    for name, aliases in config.aliases.items():
        table[name].update(aliases)
    urls: dict[str, list[str | None]] = defaultdict(list)
    for d in documents:
        if d.outlet:
            urls[d.outlet].append(d.url)
    out: dict[str, set[str]] = {}
    for outlet, addresses in urls.items():
        names = _derived_names(outlet, addresses)
        folded = {n.casefold() for n in names}
        for entry, known in table.items():
            if folded & {a.casefold() for a in (entry, *known)}:
                names.update((entry, *known))
        out[outlet] = names
    return out


# A name as credit lines write it: up to six words, each capitalised or holding a
# dot or slash (Reuters, Trend News Agency, RFE/RL, Azatutyun.am).
_NAME = r"(?:[A-Z][\w.'’/&-]*|[\w-]+[./][\w./-]+)(?: (?:[A-Z][\w.'’/&-]*|of|the|for|and))*"
_CREDIT_CONTEXTS = re.compile(
    r"\((?:\s*MENAFN\s*-)?\s*(?P<paren>[^()\n]{1,60}?)\s*\)"  # WASHINGTON (RFE/RL) —
    r"|/\s*(?P<slash>[^/\n]{1,40}?)\s*/"  # /TASS/
    rf"|\b(?:according to|told|via|reported by|cited by) (?:the )?(?P<after>{_NAME})"
    rf"|(?<![\w/])(?P<before>{_NAME}) (?:reported|reports|said|says|wrote|writes|quoted)\b"
)


# Where a credit context can start, found without trying _CREDIT_CONTEXTS at every
# character: its four-way alternation has no first character to skip ahead by, and
# the full scan was the largest single cost of the origin stage.
_OPENERS = ("(", "/", "according to ", "told ", "via ", "reported by ", "cited by ")
_VERB = re.compile(r" (?:reported|reports|said|says|wrote|writes|quoted)\b")
# Words that may continue a name, each followed by a space, read backwards.
_NAME_TAIL_REVERSED = re.compile(r"(?:(?:[\w.'’/&-]*[A-Z]|fo|eht|rof|dna) )*")
_NAME_HINT = re.compile(r"[A-Z./]")  # a name holds a capital, a dot or a slash
_NAME_START = re.compile(r"(?<![\w/])[\w-]")


def _credit_starts(text: str) -> list[int]:
    """Sorted offsets of ``text`` where :data:`_CREDIT_CONTEXTS` can match.

    A match begins with ``(``, ``/`` or one of the ``after`` phrases, all found
    with ``str.find``; or it is a ``before`` match, a name then one of the verbs.
    Such a name is a first word (no space in it), then whole words that are
    capitalised or ``of``/``the``/``for``/``and``, single spaces between, and
    holds a capital, a dot or a slash: it starts inside the run of such words
    that ends at the verb or inside the word before it, where a word character
    (or ``-``) follows neither a word character nor a slash.
    """
    found: list[int] = []
    for opener in _OPENERS:
        at = text.find(opener)
        while at >= 0:
            found.append(at)
            at = text.find(opener, at + 1)
    backwards = ""
    for verb in _VERB.finditer(text):
        at = verb.start()
        if not backwards:
            backwards = text[::-1]
        tail = _NAME_TAIL_REVERSED.match(backwards, len(text) - at)
        assert tail is not None  # it matches the empty string at the least
        run = len(text) - tail.end()
        first = text.rfind(" ", 0, run) + 1  # the word before the run of name words
        if _NAME_HINT.search(text, first, at):
            found.extend(m.start() for m in _NAME_START.finditer(text, first, at))
    found.sort()
    return found


def _credit_contexts(text: str) -> Iterator[re.Match[str]]:
    """``_CREDIT_CONTEXTS.finditer(text)``, trying only where a match can start.

    ``finditer`` returns the match at the first offset where one starts, then goes
    on from its end; :func:`_credit_starts` lists every such offset, so trying
    them in order (matching sees the text before the offset, for ``\\b`` and the
    look-behind) gives the same matches.
    """
    resume = 0
    for start in _credit_starts(text):
        if start < resume:
            continue
        m = _CREDIT_CONTEXTS.match(text, start)
        if m is not None:
            yield m
            resume = m.end()


class CreditFinder:
    """Finds credit lines naming known outlets, with one scan of each text.

    Credit contexts (a parenthesis, slashes, ``according to``, ``told``,
    ``... reported``) are found first; the name in each is looked up among the
    aliases, longest match first. Short or all-capital aliases (``AP``, ``AFP``)
    match only as written; others ignore case.
    """

    def __init__(self, aliases: Mapping[str, set[str]]) -> None:
        self._exact: dict[str, set[str]] = defaultdict(set)
        self._folded: dict[str, set[str]] = defaultdict(set)
        for outlet, names in aliases.items():
            for name in names:
                if name.isupper() or len(name) <= 4:
                    self._exact[name].add(outlet)
                else:
                    self._folded[name.casefold()].add(outlet)
        # Names recur across a corpus: each phrase is looked up once.
        self._found: dict[tuple[str, str], tuple[int, set[str]] | None] = {}

    def _outlets(self, name: str) -> set[str]:
        return self._exact.get(name, set()) | self._folded.get(name.casefold(), set())

    def _lookup(self, phrase: str, *, prefixes: bool) -> tuple[int, set[str]] | None:
        """Where in ``phrase`` a known name starts (the longest one), and its outlets.

        Names are the phrase's leading word sequences (``prefixes``) or trailing ones.
        """
        words = phrase.split(" ")
        for n in range(len(words)) if not prefixes else range(len(words), 0, -1):
            part = words[:n] if prefixes else words[n:]
            found = self._outlets(" ".join(part).rstrip(".,"))
            if found:
                return (0 if prefixes else len(" ".join(words[:n])) + (n > 0)), found
        return None

    def _name(self, kind: str, phrase: str) -> tuple[int, set[str]] | None:
        """The outlets the ``phrase`` of a ``kind`` of credit context names, and where
        in it the name starts; ``None`` when it names none. Remembered per phrase."""
        key = (kind, phrase)
        if key not in self._found:
            if kind in ("after", "before"):
                self._found[key] = self._lookup(phrase, prefixes=kind == "after")
            else:
                outlets = self._outlets(phrase.strip())
                self._found[key] = (0, outlets) if outlets else None
        return self._found[key]

    def find(self, document: Document) -> tuple[Credit, ...]:
        """Credit lines and datelines in ``document`` naming a known outlet."""
        found: list[Credit] = []
        for m in _credit_contexts(document.text):
            kind = m.lastgroup
            if kind is None:
                continue
            hit = self._name(kind, m.group(kind))
            if hit is None:
                continue
            start = m.start()
            if kind == "before":  # the credit starts where the name does
                start = m.start(kind) + hit[0]
            for outlet in sorted(hit[1]):
                found.append(Credit(outlet, document.text[start : m.end()], start, m.end()))
        return tuple(sorted(found, key=lambda c: (c.start, c.outlet)))


def find_credits(document: Document, aliases: Mapping[str, set[str]]) -> tuple[Credit, ...]:
    """Credit lines and datelines in ``document`` naming one of the outlets in ``aliases``.

    To scan many documents, build one :class:`CreditFinder` and call its ``find``.
    """
    return CreditFinder(aliases).find(document)


# --------------------------------------------------------------------------- evidence


def _order(a: dt.date | None, b: dt.date | None) -> int:
    """-1 if ``a`` is earlier, 1 if later, 0 if the dates do not decide."""
    if a is None or b is None:
        return 0
    if (
        isinstance(a, dt.datetime)
        and isinstance(b, dt.datetime)
        and (a.tzinfo is None) == (b.tzinfo is None)
    ):
        return -1 if a < b else (1 if a > b else 0)
    da = a.date() if isinstance(a, dt.datetime) else a
    db = b.date() if isinstance(b, dt.datetime) else b
    return -1 if da < db else (1 if da > db else 0)


@attrs.frozen
class _Context:
    docs: Mapping[str, Document]
    credits: Mapping[str, tuple[Credit, ...]]
    seg: Segmentation
    config: OriginConfig
    align: AlignConfig  # how edge edits are computed: as the links' are
    doc_ids: list[str]  # numbering the documents for attribution codes
    doc_index: Mapping[str, int]


def _token_span(seg: Segmentation, p: Passage) -> tuple[int, int]:
    """``[first, last)`` in the token table: the words starting inside ``p``."""
    lo, hi = seg.paragraphs.token_range(p.paragraph)
    first, last = np.searchsorted(seg.token_starts[lo:hi], (p.start, p.end)).tolist()
    return lo + first, lo + last


def _words(seg: Segmentation, p: Passage, span: tuple[int, int]) -> Words:
    """The words of ``p`` (:meth:`Words.of_passage`), given its token span."""
    first, last = span
    return Words(
        seg.corpus_text(p.doc),
        seg.words(first, last),
        seg.token_starts[first:last].tolist(),
        seg.token_ends[first:last].tolist(),
    )


def _label(doc: Document) -> str:
    date = doc.date.isoformat() if doc.date else "undated"
    return f"{doc.id} ({doc.outlet or 'unknown outlet'}, {date})"


def _credit_of(ctx: _Context, child: Document, parent: Document) -> Credit | None:
    if not parent.outlet or parent.outlet == child.outlet:
        return None
    return next((c for c in ctx.credits[child.id] if c.outlet == parent.outlet), None)


def _opening(ctx: _Context, p: Passage) -> tuple[int, int] | None:
    """(kept, total) sentences when ``p`` is the opening sentences of a longer paragraph."""
    table = ctx.seg.paragraphs
    rows = table.sentence_rows(p.paragraph)
    kept = int(np.count_nonzero(table.sentence_spans[rows.start : rows.stop, 1] <= p.end))
    if p.start <= table.start[p.paragraph] + 1 and 0 < kept < len(rows):
        return kept, len(rows)
    return None


def _whole(ctx: _Context, p: Passage) -> bool:
    """Whether ``p`` is the whole of its paragraph."""
    table = ctx.seg.paragraphs
    return bool(p.start <= table.start[p.paragraph] + 1 and p.end >= table.end[p.paragraph] - 1)


def _trim(ctx: _Context, parent: Passage, child: Passage) -> tuple[int, int] | None:
    """(kept, total) sentences when ``child``'s paragraph is the opening of ``parent``'s.

    Counted only between passages aligned with each other (a link): measured on
    generated corpora, the rule applied to every pair of a family orients more
    edges wrongly than it helps.
    """
    return _opening(ctx, parent) if _whole(ctx, child) else None


def _evidence(
    ctx: _Context, parent: Passage, child: Passage, *, linked: bool
) -> tuple[float, list[str], list[str]]:
    """Weight, kinds and sentences of the evidence that ``parent`` came before ``child``.

    The rules :func:`_weights` applies to a whole family: two passages of one
    document carry no evidence between them; a trim counts only for ``linked`` ones.
    """
    dp, dc = ctx.docs[parent.doc], ctx.docs[child.doc]
    if dp.id == dc.id:
        return 0.0, [], []
    weight = 0.0
    kinds: list[str] = []
    words: list[str] = []
    if _order(dp.date, dc.date) < 0:
        weight += ctx.config.date_weight
        kinds.append("dated")
        words.append(f"{_label(dp)} was published before {_label(dc)}.")
    credit = _credit_of(ctx, dc, dp)
    if credit is not None:
        weight += ctx.config.credit_weight
        kinds.append("credited")
        words.append(f"{dc.id} credits {dp.outlet} as “{credit.text}” (offset {credit.start}).")
    trim = _trim(ctx, parent, child) if linked else None
    if trim is not None:
        weight += ctx.config.text_weight
        kinds.append("textual")
        words.append(
            f"{dc.id} keeps only the first {trim[0]} of the {trim[1]} sentences of "
            f"{dp.id}'s paragraph: a trimmed copy."
        )
    return weight, kinds, words


def _no_decision(ctx: _Context, a: Passage, b: Passage) -> str:
    da, db = ctx.docs[a.doc], ctx.docs[b.doc]
    if da.date is None or db.date is None:
        missing = " and ".join(d.id for d in (da, db) if d.date is None)
        why = f"{missing} has no date" if " and " not in missing else f"{missing} have no dates"
    else:
        why = f"{da.id} and {db.id} are dated the same day ({da.date.isoformat()[:10]})"
    return (
        f"{why}, and neither credits the other's outlet nor trims the other: "
        "direction undetermined."
    )


# --------------------------------------------------------------------------- trees


Block = tuple[int, int, int]  # shared run: (first word in parent, first in child, length)


@attrs.frozen
class _Tree:
    root: Passage
    determined: bool
    edges: list[Edge]
    parent_of: dict[str, str]  # child -> parent, in the order the children joined
    blocks: dict[str, list[Block]]  # per child: the runs it shares with its parent


def _date_keys(
    ctx: _Context, passages: Sequence[Passage]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per passage: day ordinal (NaN if undated), time kind (0 none, 1 naive, 2 aware), time."""
    day = np.full(len(passages), np.nan)
    kind = np.zeros(len(passages), dtype=np.int8)
    stamp = np.zeros(len(passages))
    for i, p in enumerate(passages):
        date = ctx.docs[p.doc].date
        if date is None:
            continue
        if isinstance(date, dt.datetime):
            day[i] = date.date().toordinal()
            kind[i] = 2 if date.tzinfo is not None else 1
            stamp[i] = (date if date.tzinfo else date.replace(tzinfo=dt.timezone.utc)).timestamp()
        else:
            day[i] = date.toordinal()
    return day, kind, stamp


def _weights(ctx: _Context, passages: Sequence[Passage], links: Sequence[Link]) -> np.ndarray:
    """``w[i, j]``: weight of the evidence that passage ``i`` came before passage ``j``.

    The same rules as :func:`_evidence`, computed for all pairs at once.
    """
    day, kind, stamp = _date_keys(ctx, passages)
    with np.errstate(invalid="ignore"):
        timed = (kind[:, None] == kind[None, :]) & (kind[:, None] > 0)
        earlier = np.where(timed, stamp[:, None] < stamp[None, :], day[:, None] < day[None, :])
    w = ctx.config.date_weight * earlier
    outlets = sorted({o for p in passages if (o := ctx.docs[p.doc].outlet)})
    code = {o: k for k, o in enumerate(outlets)}
    outlet_of = np.array([code.get(ctx.docs[p.doc].outlet or "", -1) for p in passages])
    for j, p in enumerate(passages):
        for credit in ctx.credits[p.doc]:
            if credit.outlet in code:
                k = code[credit.outlet]
                w[:, j] += ctx.config.credit_weight * ((outlet_of == k) & (outlet_of[j] != k))
    index = {p.id: i for i, p in enumerate(passages)}
    for ln in links:  # a trim is evidence only between versions aligned with each other
        a, b = index[ln.a], index[ln.b]
        if _trim(ctx, passages[a], passages[b]):
            w[a, b] += ctx.config.text_weight
        if _trim(ctx, passages[b], passages[a]):
            w[b, a] += ctx.config.text_weight
    docs = np.array([ctx.doc_index[p.doc] for p in passages])
    w[docs[:, None] == docs[None, :]] = 0.0
    return w


def _root(
    ctx: _Context, passages: Sequence[Passage], w: np.ndarray, before: np.ndarray
) -> tuple[int, bool]:
    free = np.flatnonzero(~before.any(axis=0)).tolist()
    if not free:  # evidence in a circle: take the passage it favours most
        balance = w.sum(axis=1) - w.sum(axis=0)
        free = np.flatnonzero(balance == balance.max()).tolist()

    def key(i: int) -> tuple[bool, str, int, str]:
        p = passages[i]
        date = ctx.docs[p.doc].date
        return (date is None, date.isoformat() if date else "", -(p.end - p.start), p.id)

    # Passages of one document carry no evidence between them: if every candidate
    # root is in the same document, that document is the origin all the same.
    return min(free, key=key), len({passages[i].doc for i in free}) == 1


_SMALL_FAMILY = 64  # passages: up to this, every placed passage is a candidate parent


class _Builder:
    """Grows one family's tree: each passage joins when its decided predecessors have,
    under the closest candidate (linked passages first, the others if it has none)."""

    def __init__(self, ctx: _Context, family: Family, words: Mapping[str, Words]) -> None:
        self.ctx = ctx
        self.passages = family.passages
        self.words = words
        self.index = {p.id: i for i, p in enumerate(self.passages)}
        self.w = _weights(ctx, self.passages, family.links)
        self.before = self.w > self.w.T  # before[x, y]: x came before y
        # The same as Python lists, for looking up one pair at a time.
        self.weight: list[list[float]] = self.w.tolist()
        self.first: list[list[bool]] = self.before.tolist()
        self.links = {(ln.a, ln.b): ln for ln in family.links}
        self.sim: dict[tuple[int, int], float] = {}
        self.neighbours: dict[int, list[int]] = defaultdict(list)
        for ln in family.links:
            a, b = self.index[ln.a], self.index[ln.b]
            self.sim[(a, b)] = self.sim[(b, a)] = ln.similarity
            self.neighbours[a].append(b)
            self.neighbours[b].append(a)
        self.pools: dict[int, list[int]] = {}
        stamps = (self.ctx.docs[p.doc].date for p in self.passages)
        self.stamps = [date.isoformat() if date is not None else "~" for date in stamps]

    def pool(self, y: int) -> Sequence[int]:
        """Passages that may be ``y``'s parent: all of a small family; in a large one,
        those linked to ``y`` and their own links (two hops), to keep the work near linear."""
        n = len(self.passages)
        if n <= _SMALL_FAMILY:
            return range(n)
        if y not in self.pools:
            near = set(self.neighbours[y])
            for z in self.neighbours[y]:
                near.update(self.neighbours[z])
            near.discard(y)
            self.pools[y] = sorted(near)
        return self.pools[y]

    def similarity(self, x: int, y: int) -> float:
        if (x, y) not in self.sim:
            a, b = self.passages[x].id, self.passages[y].id
            value = float(Indel.normalized_similarity(self.words[a].words, self.words[b].words))
            self.sim[(x, y)] = self.sim[(y, x)] = value
        return self.sim[(x, y)]

    def candidates(self, y: int, placed: set[int], pool: Iterable[int]) -> list[int]:
        """Parents for ``y`` among ``pool``: those decided before it, else those not after it."""
        inside = [x for x in pool if x in placed]
        first = self.first
        return (
            [x for x in inside if first[x][y]] or [x for x in inside if not first[y][x]] or inside
        )

    def rank(self, y: int, parents: list[int]) -> list[tuple[float, int]]:
        """Candidate parents, best first: the closest wording; within ``close_call`` of the
        closest, the one with the most evidence of coming first, then the earliest."""
        scored = [(self.similarity(x, y), x) for x in parents]
        best = max(sim for sim, _ in scored)

        def key(item: tuple[float, int]) -> tuple[bool, float, float, str, str]:
            sim, x = item
            close = best - sim < self.ctx.config.close_call
            weight = -self.weight[x][y] if close else 0.0
            return (not close, weight, -sim, self.stamps[x], self.passages[x].id)

        return sorted(scored, key=key)

    def build(self) -> _Tree:
        n = len(self.passages)
        root, determined = _root(self.ctx, self.passages, self.w, self.before)
        pending: list[int] = self.before.sum(axis=0).tolist()  # predecessors not yet placed
        after = [np.flatnonzero(row).tolist() for row in self.before]
        placed: set[int] = set()
        heap: list[tuple[float, str, int]] = []
        ready: set[int] = set()  # passages whose predecessors are all placed
        parent_of: dict[str, str] = {}
        edges: list[Edge] = []
        blocks: dict[str, list[Block]] = {}

        def place(x: int, free: list[int]) -> None:
            """Place ``x``. ``free`` lists passages left with no unplaced predecessor
            (those ``x`` frees are added): each is ready from now on."""
            placed.add(x)
            ready.discard(x)
            for z in after[x]:
                pending[z] -= 1
                if not pending[z]:
                    free.append(z)
            for z in self.pool(x):
                offer(z)
            for z in free:
                if z not in placed and z not in ready:
                    ready.add(z)
                    offer(z)

        def best(y: int) -> float | None:
            pool = self.candidates(y, placed, self.pool(y))
            return max((self.similarity(x, y) for x in pool), default=None)

        def offer(z: int) -> None:
            if z in placed or pending[z] > 0:
                return
            ready.add(z)
            value = best(z)
            if value is not None:
                heapq.heappush(heap, (-value, self.passages[z].id, z))

        place(root, [z for z in range(n) if not pending[z]])
        while len(placed) < n:
            y = None
            while heap:
                neg, _, z = heapq.heappop(heap)
                if z not in placed and pending[z] <= 0 and best(z) == -neg:
                    y = z
                    break
            if y is None:  # nothing linked is ready: fall back to all placed passages
                waiting = sorted(ready - placed) or sorted(set(range(n)) - placed)
                y = min(waiting, key=lambda i: self.passages[i].id)
                parents = self.candidates(y, placed, range(n))
            else:
                parents = self.candidates(y, placed, self.pool(y))
            scored = self.rank(y, parents)
            sim, x = scored[0]
            parent, child = self.passages[x], self.passages[y]
            edge, blocks[child.id] = _edge(
                self.ctx,
                parent,
                child,
                (self.words[parent.id], self.words[child.id]),
                sim,
                [(s, self.passages[i].id) for s, i in scored],
                self.links.get(_pair(parent.id, child.id)),
            )
            edges.append(edge)
            parent_of[child.id] = parent.id
            place(y, [])
        return _Tree(
            self.passages[root],
            determined,
            sorted(edges, key=lambda e: (e.parent, e.child)),
            parent_of,
            blocks,
        )


def _tree(ctx: _Context, family: Family, words: Mapping[str, Words]) -> _Tree:
    return _Builder(ctx, family, words).build()


def _pair(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a < b else (b, a)


def _edge(
    ctx: _Context,
    parent: Passage,
    child: Passage,
    words: tuple[Words, Words],
    sim: float,
    scored: list[tuple[float, str]],
    link: Link | None,
) -> tuple[Edge, list[Block]]:
    """The edge from ``parent`` to ``child`` (their ``words``), and the runs they share."""
    linked = link is not None
    support, kinds, evidence = _evidence(ctx, parent, child, linked=linked)
    against, against_kinds, _ = _evidence(ctx, child, parent, linked=linked)
    confidence = 0.0
    if support > against:
        confidence = (support / (support + against)) * (1 - 0.5**support)
    else:
        kinds = ["undetermined"]
        evidence = (
            [_no_decision(ctx, parent, child)]
            if not against_kinds
            else [
                f"The evidence conflicts: {', '.join(against_kinds)} would put {child.doc} first."
            ]
        )
    if len(scored) > 1:
        runner_sim, runner = scored[1]
        runner_doc = runner.rsplit(":", 1)[0]
        if abs(sim - runner_sim) < ctx.config.close_call:
            confidence *= 0.8
            evidence.append(
                f"{child.doc} follows {parent.doc} and {runner_doc} about equally closely "
                f"(similarity {sim:.2f} and {runner_sim:.2f}); {parent.doc} is preferred as "
                "the evidence puts it first more firmly, or it is the earlier."
            )
        else:
            evidence.append(
                f"{child.doc} follows {parent.doc} more closely (similarity {sim:.2f}) "
                f"than {runner_doc} ({runner_sim:.2f})."
            )
    quotation = bool(link and link.quotation)
    if quotation:
        evidence.append("All the wording they share is inside quotation marks: a shared quotation.")
    edits, blocks = edit_words(*words, ctx.align)
    edge = Edge(
        parent=parent.id,
        child=child.id,
        confidence=round(confidence, 3),
        direction=tuple(kinds),
        evidence=tuple(evidence),
        edits=edits,
        similarity=round(sim, 6),
        quotation=quotation,
    )
    return edge, blocks


# --------------------------------------------------------------------------- wording


# A word's attribution (origin document, decided by the evidence) as one integer:
# twice the index of the document in ``_Context.doc_ids``, plus 1 when decided.
Codes = npt.NDArray[np.int32]


def _word_origins(
    ctx: _Context, family: Family, tree: _Tree, words: Mapping[str, Words]
) -> dict[str, Codes]:
    """The attribution of every word of every passage, following the tree.

    An attribution is decided when every edge from the word's origin down to the
    passage is oriented by evidence (and, for the root's own words, when the root
    is determined); otherwise it is the tree's best guess, marked as such.
    """
    by_id = {p.id: p for p in family.passages}
    # A document's wording is its own whichever of its passages came first.
    decided = {
        e.child: e.direction != ("undetermined",)
        or e.parent.rsplit(":", 1)[0] == by_id[e.child].doc
        for e in tree.edges
    }

    def own(pid: str, determined: bool) -> Codes:
        code = 2 * ctx.doc_index[by_id[pid].doc] + determined
        return np.full(len(words[pid].words), code, dtype=np.int32)

    origins = {tree.root.id: own(tree.root.id, tree.determined)}
    for pid, parent_id in tree.parent_of.items():  # parents joined the tree first
        inherited = origins[parent_id]
        edge = decided[pid]
        mine = origins[pid] = own(pid, edge)
        for i, j, n in tree.blocks[pid]:  # shared words: the parent's (undecided if the edge is)
            mine[j : j + n] = inherited[i : i + n] if edge else inherited[i : i + n] & ~1
    return origins


Runs = tuple[list[int], list[int], list[int]]  # starts, ends, attribution codes


def _paint(
    seg: Segmentation,
    length: int,
    passages: Sequence[Passage],
    origins: Mapping[str, Codes],
    spans: Mapping[str, tuple[int, int]],
) -> Runs:
    """The origin of one document's reused wording, as runs of characters.

    Passages are painted longest first, so that a passage nested in a longer one
    has the last word on its span: each clears its span, then paints each word,
    and the gap to the next word when both have the same attribution.
    """
    canvas = np.full(length, -1, dtype=np.int32)
    for p in sorted(passages, key=lambda q: (-(q.end - q.start), q.start)):
        canvas[p.start : p.end] = -1
        first, last = spans[p.id]
        if last == first:
            continue
        codes = origins[p.id]
        starts = seg.token_starts[first:last]
        ends = seg.token_ends[first:last]
        stops = ends.copy()  # where each word's paint stops
        stops[:-1] = np.where(codes[1:] == codes[:-1], starts[1:], ends[:-1])
        # Alternately a word's paint and the unpainted gap before the next word.
        paint = np.full(2 * len(codes) - 1, -1, dtype=np.int32)
        paint[::2] = codes
        widths = np.empty(len(paint), dtype=np.int64)
        widths[::2] = stops - starts
        widths[1::2] = starts[1:] - stops[:-1]
        canvas[starts[0] : stops[-1]] = np.repeat(paint, widths)
    if not length:
        return [], [], []
    bounds = np.concatenate(([0], np.flatnonzero(np.diff(canvas)) + 1, [length]))
    painted = canvas[bounds[:-1]] >= 0
    return (
        bounds[:-1][painted].tolist(),
        bounds[1:][painted].tolist(),
        canvas[bounds[:-1][painted]].tolist(),
    )


def _segments(ctx: _Context, p: Passage, runs: Runs) -> tuple[Segment, ...]:
    """The runs over ``p``, cut to its span."""
    starts, ends, codes = runs
    out: list[Segment] = []
    k = bisect.bisect_right(ends, p.start)  # the first run ending after p starts
    while k < len(starts) and starts[k] < p.end:
        lo, hi = max(starts[k], p.start), min(ends[k], p.end)
        if hi > lo:
            out.append(Segment(lo, hi, ctx.doc_ids[codes[k] >> 1], bool(codes[k] & 1)))
        k += 1
    return tuple(out)


# --------------------------------------------------------------------------- documents


def _shares(
    ctx: _Context,
    doc_id: str,
    runs: Runs,
    article: Sequence[tuple[int, int]],
    quotes: Sequence[tuple[int, int]],
) -> tuple[dict[str, int], int, int]:
    """Characters of ``doc_id``'s article text per source, quoted, and undecided.

    Each run is cut to each article paragraph; of each piece, what lies in the
    quoted passages (at most the piece) counts as quoted unless the wording is the
    document's own, and the rest as undecided, or as the source's.
    """
    if not runs[0] or not article:
        return {}, 0, 0
    starts, ends, codes = (np.array(r, dtype=np.int64) for r in runs)
    p_starts, p_ends = np.array(article, dtype=np.int64).T
    lo = np.maximum(starts[:, None], p_starts[None, :])
    hi = np.minimum(ends[:, None], p_ends[None, :])
    inside = hi > lo
    lo, hi = lo[inside], hi[inside]
    code = np.broadcast_to(codes[:, None], inside.shape)[inside]
    origin, determined = code >> 1, (code & 1).astype(bool)
    other = origin != ctx.doc_index[doc_id]
    width = hi - lo
    in_quote = np.zeros_like(width)
    if quotes:
        q_starts, q_ends = (q[None, :] for q in np.array(quotes, dtype=np.int64).T)
        overlap = np.minimum(hi[:, None], q_ends) - np.maximum(lo[:, None], q_starts)
        in_quote = np.minimum(np.maximum(overlap, 0).sum(axis=1), width) * other
    rest = width - in_quote
    sources: dict[str, int] = defaultdict(int)
    taken = determined & other
    for o, n in zip(origin[taken].tolist(), rest[taken].tolist(), strict=True):
        sources[ctx.doc_ids[o]] += n
    return sources, int(in_quote.sum()), int(rest[~determined].sum())


def _views(
    ctx: _Context, trees: Sequence[tuple[Family, _Tree]], runs: Mapping[str, Runs]
) -> list[DocumentView]:
    by_id = {p.id: p for f, _ in trees for p in f.passages}
    quoted_spans: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for pid in {e.child for _, t in trees for e in t.edges if e.quotation}:
        p = by_id[pid]
        quoted_spans[p.doc].append((p.start, p.end))
    parents: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for _, t in trees:
        for e in t.edges:
            if e.quotation or e.direction == ("undetermined",):
                continue
            child, parent = by_id[e.child], by_id[e.parent]
            parents[child.doc][parent.doc] += child.end - child.start
    article_of: dict[str, list[tuple[int, int]]] = defaultdict(list)
    table = ctx.seg.paragraphs
    for i in np.flatnonzero(~table.is_boilerplate).tolist():
        article_of[table.doc_id(i)].append((int(table.start[i]), int(table.end[i])))
    views = []
    for doc_id in sorted(ctx.docs):
        article = article_of[doc_id]
        total = sum(b - a for a, b in article)
        sources, quoted, undecided = _shares(
            ctx, doc_id, runs.get(doc_id, ([], [], [])), article, quoted_spans.get(doc_id, [])
        )
        share = {k: round(v / total, 4) for k, v in sorted(sources.items()) if total and v}
        quoted_share = round(quoted / total, 4) if total else 0.0
        undecided_share = round(undecided / total, 4) if total else 0.0
        rest = 1.0 - sum(share.values()) - quoted_share - undecided_share
        views.append(
            DocumentView(
                doc=doc_id,
                sources=share,
                original=round(max(0.0, rest), 4),
                quoted=quoted_share,
                undetermined=undecided_share,
                parents=dict(sorted(parents[doc_id].items())),
                credits=ctx.credits[doc_id],
            )
        )
    return views


def _credits(documents: Sequence[Document], config: OriginConfig) -> dict[str, tuple[Credit, ...]]:
    finder = CreditFinder(outlet_aliases(documents, config))
    return {d.id: finder.find(d) for d in documents}


def origin(
    seg: Segmentation,
    families: Sequence[Family],
    config: OriginConfig | None = None,
    *,
    align: AlignConfig | None = None,
    show_progress: bool | None = False,
) -> tuple[list[Family], list[DocumentView]]:
    """Provenance trees and wording-level origins for ``families``, and the document views.

    ``align`` is the verification config: edge edits are computed with it, as the
    links' edits were. ``show_progress`` shows a progress bar (``None``: on a
    terminal only).
    """
    with (
        collector_paused(),
        progress(len(families), "tracing", enabled=show_progress, unit="families") as bar,
    ):
        return _origin(seg, families, config or OriginConfig(), align or AlignConfig(), bar)


def _origin(
    seg: Segmentation,
    families: Sequence[Family],
    config: OriginConfig,
    align: AlignConfig,
    bar: tqdm[Any],
) -> tuple[list[Family], list[DocumentView]]:
    documents = seg.corpus.documents
    doc_ids = [d.id for d in documents]
    ctx = _Context(
        docs={d.id: d for d in documents},
        credits=_credits(documents, config),
        seg=seg,
        config=config,
        align=align,
        doc_ids=doc_ids,
        doc_index={d: i for i, d in enumerate(doc_ids)},
    )
    trees: list[tuple[Family, _Tree]] = []
    origins: dict[str, Codes] = {}
    spans: dict[str, tuple[int, int]] = {}
    per_doc: dict[str, list[Passage]] = defaultdict(list)
    for f in families:
        words: dict[str, Words] = {}  # the family's, dropped once its tree is grown
        for p in f.passages:
            spans[p.id] = _token_span(seg, p)
            words[p.id] = _words(seg, p, spans[p.id])
            per_doc[p.doc].append(p)
        tree = _tree(ctx, f, words)
        trees.append((f, tree))
        origins.update(_word_origins(ctx, f, tree, words))
        bar.update(1)
    runs = {
        doc_id: _paint(seg, len(ctx.docs[doc_id].text), passages, origins, spans)
        for doc_id, passages in per_doc.items()
    }
    del origins
    out = [
        attrs.evolve(
            f,
            origin=tree.root.id,
            origin_determined=tree.determined,
            edges=tuple(tree.edges),
            segments={p.id: _segments(ctx, p, runs[p.doc]) for p in f.passages},
        )
        for f, tree in trees
    ]
    return out, _views(ctx, trees, runs)
