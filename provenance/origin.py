"""Origin: who copied whom, on what evidence, and where each wording first appears.

For every family the passages are ordered by evidence of three kinds, each
recorded in words a reader can check (``docs/direction.md``):

- ``dated``: a passage of an earlier publication is a candidate ancestor. Dates
  compare by the spans of time they stand for (a year, a month, a day), two times
  by time (:func:`provenance.dates.order`); spans that overlap (the same day, a
  month and a day inside it), or a missing date, decide nothing.
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

Credit lines are found, trees grown and documents painted in worker processes
(``workers=``), over consecutive runs of documents and families that send plain
tuples back; each family's tree depends on the family alone, so the result is the
same for any number of workers.
"""

from __future__ import annotations

import heapq
import json
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from functools import cache
from importlib import resources
from itertools import accumulate
from typing import Any
from urllib.parse import urlsplit

import attrs
import numpy as np
import numpy.typing as npt
from rapidfuzz.distance import Indel
from tqdm import tqdm

from provenance.align import Words, edit_rows
from provenance.arrays import bounds, ranges
from provenance.dates import DateKey, before, before_matrix, date_key, order, precision
from provenance.model import (
    AlignConfig,
    Credit,
    Document,
    DocumentView,
    Edge,
    EditRow,
    Edits,
    EditTable,
    Family,
    OriginConfig,
    Passage,
    Segmentation,
    Segments,
    SegmentTable,
)
from provenance.parallel import collector_paused, map_chunks, progress, worker_count

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
# the full scan was the largest single cost of the origin stage. A match begins with
# ``(``, ``/`` or one of the ``after`` phrases, all found with ``str.find``; or it is
# a ``before`` match, a name then one of the verbs (``_VERB``, the same alternation
# factored by first letters, which ``re`` scans faster).
_OPENERS = ("(", "/", "according to ", "told ", "via ", "reported by ", "cited by ")
_VERB = re.compile(r" (?:re(?:ported|ports)|sa(?:id|ys)|wr(?:ote|ites)|quoted)\b")
# Read backwards from a verb's space: the run of words that may continue a name
# (capitalised or of/the/for/and, each after a space), then the word before them;
# only when the two hold a capital, a dot or a slash, as a name does. The look-ahead
# finds one: past the words of/the/for/and, a capitalised word, or a word that holds
# one. A capitalised word, read backwards, is word characters (or .'’/&-) ending in a
# capital: taken whole (possessive quantifiers), then the last one checked, so a
# word that is not one is given up at once.
_CAPITALISED_REVERSED = r"[\w.'’/&-]*+(?<=[A-Z])"
_NAME_REGION_REVERSED = re.compile(
    rf"(?=(?:(?:fo|eht|rof|dna) )*+(?:{_CAPITALISED_REVERSED} |[^ A-Z./]*+[A-Z./]))"
    rf"(?:(?:{_CAPITALISED_REVERSED}|fo|eht|rof|dna) )*+[^ ]*+"
)
# _CREDIT_CONTEXTS where a word character (or ``-``) follows neither a word
# character nor a slash: where a name can start.
_AT_NAME_START = re.compile(
    rf"(?<![\w/])(?=[\w-])(?:{_CREDIT_CONTEXTS.pattern})", _CREDIT_CONTEXTS.flags
)


def _opener_starts(text: str) -> list[int]:
    """Sorted offsets of ``text`` where one of :data:`_OPENERS` starts."""
    found: list[int] = []
    for opener in _OPENERS:
        word = opener.rstrip()  # ``str.find`` skips ahead faster when not ending in a space
        at = text.find(word)
        while at >= 0:
            if text.startswith(opener, at):
                found.append(at)
            at = text.find(word, at + 1)
    found.sort()
    return found


def _name_regions(text: str) -> Iterator[tuple[int, int, int]]:
    """Where a ``before`` match can start, verb by verb: ``(first, at, end)``, the
    name's start in ``[first, at)``, the verb in ``[at, end)``.

    Such a name is a first word (no space in it), then whole words that are
    capitalised or ``of``/``the``/``for``/``and``, single spaces between, and
    holds a capital, a dot or a slash: it starts inside the run of such words that
    ends at the verb, or inside the word before it. Verbs without such a run or
    word are left out.
    """
    backwards = ""
    for verb in _VERB.finditer(text):
        at = verb.start()
        if not backwards:
            backwards = text[::-1]
        region = _NAME_REGION_REVERSED.match(backwards, len(text) - at)
        if region is not None:
            yield len(text) - region.end(), at, verb.end()


def _credit_tries(text: str) -> Iterator[tuple[int, int, int]]:
    """Where :data:`_CREDIT_CONTEXTS` can match, in order: ``(start, stop, end)``,
    names can start in ``[start, stop)`` (:func:`_name_regions`, cut around the
    openers in them) and end at the verb ending at ``end``; or ``(at, at + 1, -1)``
    for an opener at ``at``."""
    openers = _opener_starts(text)
    k = 0
    for first, at, end in _name_regions(text):
        while k < len(openers) and openers[k] < at:
            opener = openers[k]
            if first < opener:
                yield first, opener, end
            yield opener, opener + 1, -1
            first = max(first, opener + 1)
            k += 1
        if first < at:
            yield first, at, end
    for opener in openers[k:]:
        yield opener, opener + 1, -1


def _credit_contexts(text: str) -> Iterator[re.Match[str]]:
    """``_CREDIT_CONTEXTS.finditer(text)``, trying only where a match can start.

    ``finditer`` returns the match at the first offset where one starts, then goes
    on from its end; :func:`_credit_tries` lists every such offset, so trying them
    in order (matching sees the text before the offset, for ``\\b`` and the
    look-behind) gives the same matches. Within a verb's region one search tries
    every name start: a match there ends at the verb (a name's words are never a
    verb), so the search need not see past the character after it.
    """
    resume = 0
    for start, stop, end in _credit_tries(text):
        if end < 0:
            if start >= resume and (m := _CREDIT_CONTEXTS.match(text, start)) is not None:
                yield m
                resume = m.end()
            continue
        start = max(start, resume)
        while (
            start < stop
            and (m := _AT_NAME_START.search(text, start, end + 1)) is not None
            and m.start() < stop
        ):
            yield m
            resume = start = m.end()


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
        # The last word of every name (ignoring case): a phrase ending in none of them
        # has no trailing word sequence that is a name.
        self._last_words = {
            n.rsplit(" ", 1)[-1] for n in (*(e.casefold() for e in self._exact), *self._folded)
        }
        # Names recur across a corpus: each phrase is looked up once.
        self._found: dict[tuple[str, str], tuple[int, set[str]] | None] = {}

    def _outlets(self, name: str) -> set[str]:
        """The outlets known by ``name``, as written or ignoring case (empty if none)."""
        exact = self._exact.get(name)
        folded = self._folded.get(name.casefold())
        if exact is None or folded is None:  # most names are neither: build no sets
            return set(exact or folded or ())
        return exact | folded

    def _lookup(self, phrase: str, *, prefixes: bool) -> tuple[int, set[str]] | None:
        """Where in ``phrase`` a known name starts (the longest one), and its outlets.

        Names are the phrase's leading word sequences (``prefixes``) or trailing ones.
        """
        words = phrase.split(" ")
        if not prefixes and words[-1].rstrip(".,").casefold() not in self._last_words:
            return None
        for n in range(len(words)) if not prefixes else range(len(words), 0, -1):
            part = words[:n] if prefixes else words[n:]
            found = self._outlets(" ".join(part).rstrip(".,"))
            if found:
                return (0 if prefixes else len(" ".join(words[:n])) + (n > 0)), found
        return None

    def _name(self, kind: str, phrase: str) -> tuple[int, set[str]] | None:
        """The outlets the ``phrase`` of a ``kind`` of credit context names, and where
        in it the name starts; ``None`` when it names none."""
        if kind in ("after", "before"):
            return self._lookup(phrase, prefixes=kind == "after")
        outlets = self._outlets(phrase.strip())
        return (0, outlets) if outlets else None

    def find(self, document: Document) -> tuple[Credit, ...]:
        """Credit lines and datelines in ``document`` naming a known outlet."""
        text = document.text
        known = self._found
        found: list[Credit] = []
        for m in _credit_contexts(text):
            kind = m.lastgroup
            if kind is None:
                continue
            key = (kind, m.group(kind))
            if key in known:
                hit = known[key]
            else:
                hit = known[key] = self._name(*key)
            if hit is None:
                continue
            start = m.start()
            if kind == "before":  # the credit starts where the name does
                start = m.start(kind) + hit[0]
            for outlet in sorted(hit[1]):
                found.append(Credit(outlet, text[start : m.end()], start, m.end()))
        return tuple(sorted(found, key=lambda c: (c.start, c.outlet)))


def find_credits(document: Document, aliases: Mapping[str, set[str]]) -> tuple[Credit, ...]:
    """Credit lines and datelines in ``document`` naming one of the outlets in ``aliases``.

    To scan many documents, build one :class:`CreditFinder` and call its ``find``.
    """
    return CreditFinder(aliases).find(document)


# --------------------------------------------------------------------------- evidence


@attrs.frozen
class _Context:
    docs: Mapping[str, Document]
    credits: Mapping[str, tuple[Credit, ...]]
    seg: Segmentation
    config: OriginConfig
    align: AlignConfig  # how edge edits are computed: as the links' are
    doc_ids: list[str]  # numbering the documents for attribution codes
    doc_index: Mapping[str, int]
    dates: Mapping[str, DateKey]  # per document, :func:`provenance.dates.date_key`
    iso: Mapping[str, str | None]  # per document, its date as written in ISO 8601


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


# What :class:`_Builder` reads of each passage of a run, computed for all of them at once
# (a few numpy calls per run instead of several per passage): token spans (first and
# last, flat), words, whether each is its whole paragraph, and its :func:`_opening`.
_Read = tuple[list[int], list[Words], list[bool], list[tuple[int, int] | None]]


def _read(seg: Segmentation, passages: Sequence[Passage]) -> _Read:
    """:func:`_token_span`, :func:`_words`, :func:`_whole` and :func:`_opening` of
    every passage of ``passages``, vectorised over them.

    Each passage's words are a slice of one string of the run's word ids, one
    character per word (as :func:`provenance.align._token_text` has them): rapidfuzz
    aligns characters several times faster than a list of ints and matches depend only
    on which words are equal, so similarities and edits are the same. Ids beyond
    Unicode's range fall back to lists of ints.
    """
    n = len(passages)
    table = seg.paragraphs
    para = np.fromiter([p.paragraph for p in passages], dtype=np.int64, count=n)
    start = np.fromiter([p.start for p in passages], dtype=np.int64, count=n)
    end = np.fromiter([p.end for p in passages], dtype=np.int64, count=n)
    # Token spans: one searchsorted over the passages' paragraphs' token starts, each
    # paragraph's keyed by the passage's number above any offset.
    lo, hi = table.tokens[para].T
    rows = ranges(lo, hi)
    at = np.cumsum(hi - lo) - (hi - lo)  # where each paragraph's tokens begin in rows
    number = np.arange(n, dtype=np.int64) << 32
    keys = np.repeat(number, hi - lo) | seg.token_starts[rows]
    first = np.searchsorted(keys, number | start) - at + lo
    last = np.searchsorted(keys, number | end) - at + lo
    spans = np.stack([first, last], axis=1).reshape(-1).tolist()
    # Words: the tokens of every passage, one passage after the other.
    tokens = ranges(first, last)
    stops = np.cumsum(last - first).tolist()
    ids = seg.token_ids[tokens]
    every: str | list[int]
    if len(ids) and (int(ids.min()) < 0 or int(ids.max()) >= 0x110000):
        every = ids.tolist()
    else:
        every = ids.astype("<u4").tobytes().decode("utf-32-le", "surrogatepass")
    starts = seg.token_starts[tokens].tolist()
    ends = seg.token_ends[tokens].tolist()
    words = [
        Words(seg.corpus_text(p.doc), every[a:b], starts[a:b], ends[a:b])  # type: ignore[arg-type]
        for p, a, b in zip(passages, [0, *stops][:-1], stops, strict=True)
    ]
    # Whole paragraphs and openings (sentences ending by the passage's end).
    begins = start <= table.start[para].astype(np.int64) + 1
    whole = (begins & (end >= table.end[para].astype(np.int64) - 1)).tolist()
    s_lo, s_hi = table.first_sentence[para], table.first_sentence[para + 1]
    inside = table.sentence_spans[ranges(s_lo, s_hi), 1] <= np.repeat(end, s_hi - s_lo)
    below = np.concatenate([[0], np.cumsum(inside)])
    s_stops = np.cumsum(s_hi - s_lo)
    kept = (below[s_stops] - below[s_stops - (s_hi - s_lo)]).tolist()
    total = (s_hi - s_lo).tolist()
    openings = [
        (k, t) if b and 0 < k < t else None
        for k, t, b in zip(kept, total, begins.tolist(), strict=True)
    ]
    return spans, words, whole, openings


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


def _evidence(
    ctx: _Context,
    parent: Passage,
    child: Passage,
    trim: tuple[int, int] | None,
    *,
    explain: bool = True,
) -> tuple[float, list[str], list[str]]:
    """Weight, kinds and sentences of the evidence that ``parent`` came before ``child``
    (no sentences unless ``explain``).

    The rules :func:`_weights` applies to a whole family: two passages of one
    document carry no evidence between them; ``trim`` is :meth:`_Builder.trim` of
    the two when they are linked, ``None`` otherwise.
    """
    dp, dc = ctx.docs[parent.doc], ctx.docs[child.doc]
    if dp.id == dc.id:
        return 0.0, [], []
    weight = 0.0
    kinds: list[str] = []
    words: list[str] = []
    if order(dp.date, dc.date) < 0:
        weight += ctx.config.date_weight
        kinds.append("dated")
        if explain:
            words.append(f"{_label(dp)} was published before {_label(dc)}.")
    credit = _credit_of(ctx, dc, dp)
    if credit is not None:
        weight += ctx.config.credit_weight
        kinds.append("credited")
        if explain:
            words.append(f"{dc.id} credits {dp.outlet} as “{credit.text}” (offset {credit.start}).")
    if trim is not None:
        weight += ctx.config.text_weight
        kinds.append("textual")
        if explain:
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
    elif precision(da.date) in ("year", "month") or precision(db.date) in ("year", "month"):
        why = (
            f"The dates of {da.id} and {db.id} ({da.date.isoformat()}, "
            f"{db.date.isoformat()}) overlap"
        )
    else:
        why = f"{da.id} and {db.id} are dated the same day ({da.date.isoformat()[:10]})"
    return (
        f"{why}, and neither credits the other's outlet nor trims the other: "
        "direction undetermined."
    )


# --------------------------------------------------------------------------- trees


Block = tuple[int, int, int]  # shared run: (first word in parent, first in child, length)

# An edit, and an edge with its passages numbered in the family's order, as plain
# tuples (their fields in order): cheap to send back from a worker process, where
# attrs objects are not.
_EdgeRow = tuple[
    int, int, float, tuple[str, ...], tuple[str, ...], tuple[EditRow, ...], float, bool
]
# An edge row without its edits: how the parent receives it (the edits come in a table).
_EdgeFields = tuple[int, int, float, tuple[str, ...], tuple[str, ...], float, bool]


@attrs.frozen
class _Tree:
    """A family's tree, its passages numbered in the family's order."""

    root: int
    determined: bool
    edges: list[_EdgeRow]  # by parent id, then child id
    parent_of: dict[int, int]  # child -> parent, in the order the children joined
    blocks: dict[int, list[Block]]  # per child: the runs it shares with its parent


def _weights(
    ctx: _Context,
    passages: Sequence[Passage],
    linked: Iterable[tuple[int, int]],
    trim: Callable[[int, int], tuple[int, int] | None],
) -> np.ndarray:
    """``w[i, j]``: weight of the evidence that passage ``i`` came before passage ``j``.

    The same rules as :func:`_evidence`, computed for all pairs at once; ``linked``
    are the pairs of passages aligned with each other, ``trim`` is :meth:`_Builder.trim`.
    """
    w = ctx.config.date_weight * before_matrix([ctx.dates[p.doc] for p in passages])
    outlets = sorted({o for p in passages if (o := ctx.docs[p.doc].outlet)})
    code = {o: k for k, o in enumerate(outlets)}
    outlet_of = np.array([code.get(ctx.docs[p.doc].outlet or "", -1) for p in passages])
    for j, p in enumerate(passages):
        for credit in ctx.credits[p.doc]:
            if credit.outlet in code:
                k = code[credit.outlet]
                w[:, j] += ctx.config.credit_weight * ((outlet_of == k) & (outlet_of[j] != k))
    for a, b in linked:  # a trim is evidence only between versions aligned with each other
        if trim(a, b):
            w[a, b] += ctx.config.text_weight
        if trim(b, a):
            w[b, a] += ctx.config.text_weight
    docs = np.array([ctx.doc_index[p.doc] for p in passages])
    w[docs[:, None] == docs[None, :]] = 0.0
    return w


def _weight_lists(
    ctx: _Context,
    passages: Sequence[Passage],
    linked: Iterable[tuple[int, int]],
    trim: Callable[[int, int], tuple[int, int] | None],
) -> list[list[float]]:
    """:func:`_weights` one pair at a time, as lists of Python floats: the same
    operations on the same values in the same order, so the same weights, without
    numpy's cost per call that dominates for a handful of passages."""
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
    docs = [ctx.doc_index[p.doc] for p in passages]
    for i in range(n):
        for j in range(n):
            if docs[i] == docs[j]:
                w[i][j] = 0.0
    return w


def _root(
    ctx: _Context,
    passages: Sequence[Passage],
    free: list[int],
    w: np.ndarray | list[list[float]],
) -> tuple[int, bool]:
    """The root among the passages ``free`` of any predecessor (all if there are none),
    and whether the evidence decides it; ``w`` is :func:`_weights`."""
    if not free:  # evidence in a circle: take the passage it favours most
        weights = np.asarray(w)
        balance = weights.sum(axis=1) - weights.sum(axis=0)
        free = np.flatnonzero(balance == balance.max()).tolist()

    def key(i: int) -> tuple[bool, str, int, str]:
        p = passages[i]
        iso = ctx.iso[p.doc]
        return (iso is None, iso or "", -(p.end - p.start), p.id)

    # Passages of one document carry no evidence between them: if every candidate
    # root is in the same document, that document is the origin all the same.
    return min(free, key=key), len({passages[i].doc for i in free}) == 1


_SMALL_FAMILY = 64  # passages: up to this, every placed passage is a candidate parent
_FEW = 12  # passages: up to this, evidence weights are computed one pair at a time


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
        openings: Sequence[tuple[int, int] | None] | None = None,
    ) -> None:
        self.ctx = ctx
        self.passages = family.passages
        self.words = words
        index = {p.id: i for i, p in enumerate(self.passages)}
        linked = [(index[ln.a], index[ln.b]) for ln in family.links]
        self.whole = [_whole(ctx, p) for p in self.passages] if whole is None else whole
        self.openings = [_opening(ctx, p) for p in self.passages] if openings is None else openings
        # The evidence weights (w: in numpy for a larger family), and as lists:
        # weight[x][y], the evidence that x came before y; first[x][y], that x came
        # before y (the evidence for it outweighs the converse); pending[y], how many
        # came before y; free, those none came before; after[x], those x came before.
        self.w: np.ndarray | list[list[float]]
        self.weight: list[list[float]]
        self.first: list[list[bool]]
        self.pending: list[int]
        self.free: list[int]
        self.after: list[list[int]]
        if len(self.passages) <= _FEW:
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
        self.links = {(ln.a, ln.b): ln for ln in family.links}
        self.sim: dict[tuple[int, int], float] = {}
        self.neighbours: dict[int, list[int]] = defaultdict(list)
        for ln, (a, b) in zip(family.links, linked, strict=True):
            self.sim[(a, b)] = self.sim[(b, a)] = ln.similarity
            self.neighbours[a].append(b)
            self.neighbours[b].append(a)
        self.pools: dict[int, list[int]] = {}
        self.stamps = [ctx.iso[p.doc] or "~" for p in self.passages]

    def trim(self, x: int, y: int) -> tuple[int, int] | None:
        """(kept, total) sentences when ``y``'s paragraph is the opening of ``x``'s.

        Counted only between passages aligned with each other (a link): measured on
        generated corpora, the rule applied to every pair of a family orients more
        edges wrongly than it helps.
        """
        return self.openings[x] if self.whole[y] else None

    def pool(self, y: int) -> Sequence[int]:
        """Passages that may be ``y``'s parent: all of a small family; in a large one,
        those linked to ``y`` and their own links (two hops), to keep the work near linear.
        ``x`` is in ``y``'s pool exactly when ``y`` is in ``x``'s."""
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
            value = float(Indel.normalized_similarity(self.words[x].words, self.words[y].words))
            self.sim[(x, y)] = self.sim[(y, x)] = value
        return self.sim[(x, y)]

    def tier(self, x: int, y: int) -> int:
        """Which of :meth:`candidates`' lists a placed ``x`` is in for ``y``: 1 if the
        evidence puts it before ``y``, 2 if it does not put it after (1 is in 2 too), 3."""
        return 1 if self.first[x][y] else 3 if self.first[y][x] else 2

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
        """The tree. The next to join is the ready passage (its decided predecessors
        placed) with the closest candidate parent in its pool (:meth:`candidates`),
        the smallest id among equals. Each ready passage's closest candidate is kept
        up to date from each passage placed in its pool alone, not recomputed over
        the pool: its candidates only gain members, and change list (to a better one,
        :meth:`tier`) only when the first member of that list is placed."""
        n = len(self.passages)
        root, determined = _root(self.ctx, self.passages, self.free, self.w)
        pending = list(self.pending)  # predecessors not yet placed
        after = self.after
        placed: set[int] = set()
        ready: set[int] = set()  # passages whose predecessors are all placed
        level = [0] * n  # per ready passage: the list its candidates are in (0: none yet)
        closest = [0.0] * n  # and the closest wording among them
        heap: list[tuple[float, str, int]] = []  # stale entries are skipped
        parent_of: dict[int, int] = {}
        edges: list[_EdgeRow] = []
        blocks: dict[int, list[Block]] = {}

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
            if y is None:  # nothing linked is ready: fall back to all placed passages
                waiting = sorted(ready) or sorted(set(range(n)) - placed)
                y = min(waiting, key=lambda i: self.passages[i].id)
                parents = self.candidates(y, placed, range(n))
            else:
                parents = self.candidates(y, placed, self.pool(y))
            scored = self.rank(y, parents)
            x = scored[0][1]
            edge, blocks[y] = self.edge(x, y, scored)
            edges.append(edge)
            parent_of[y] = x
            place(y, [])
        ids = [p.id for p in self.passages]
        edges.sort(key=lambda e: (ids[e[0]], ids[e[1]]))
        return _Tree(root, determined, edges, parent_of, blocks)

    def pair(self) -> _Tree:
        """:meth:`build` of a family of two passages, without its machinery: what it
        comes to, the other passage under the root."""
        root, determined = _root(self.ctx, self.passages, self.free, self.w)
        child = 1 - root
        edge, shared = self.edge(root, child, [(self.similarity(root, child), root)])
        return _Tree(root, determined, [edge], {child: root}, {child: shared})

    def edge(self, x: int, y: int, scored: list[tuple[float, int]]) -> tuple[_EdgeRow, list[Block]]:
        """The edge from ``x`` to ``y``, ``scored`` the candidates :meth:`rank` ranked
        (``x`` first), and the runs the two share."""
        ctx = self.ctx
        parent, child = self.passages[x], self.passages[y]
        sim = scored[0][0]
        link = self.links.get(_pair(parent.id, child.id))
        linked = link is not None
        support, kinds, evidence = _evidence(
            ctx, parent, child, self.trim(x, y) if linked else None
        )
        against, against_kinds, _ = _evidence(
            ctx, child, parent, self.trim(y, x) if linked else None, explain=False
        )
        confidence = 0.0
        if support > against:
            confidence = (support / (support + against)) * (1 - 0.5**support)
        else:
            kinds = ["undetermined"]
            evidence = (
                [_no_decision(ctx, parent, child)]
                if not against_kinds
                else [
                    f"The evidence conflicts: {', '.join(against_kinds)} would put "
                    f"{child.doc} first."
                ]
            )
        if len(scored) > 1:
            runner_sim, runner = scored[1]
            runner_doc = self.passages[runner].id.rsplit(":", 1)[0]
            if abs(sim - runner_sim) < ctx.config.close_call:
                confidence *= 0.8
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
        quotation = bool(link and link.quotation)
        if quotation:
            evidence.append(
                "All the wording they share is inside quotation marks: a shared quotation."
            )
        rows, shared = edit_rows(self.words[x], self.words[y], ctx.align)
        edge = (
            x,
            y,
            round(confidence, 3),
            tuple(kinds),
            tuple(evidence),
            tuple(rows),
            round(sim, 6),
            quotation,
        )
        return edge, shared


def _pair(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a < b else (b, a)


def _edge(
    row: _EdgeFields, passages: Sequence[Passage], edits: Edits, same: dict[Any, Any]
) -> Edge:
    """The :class:`Edge` of an edge row and its ``edits``, its passages among
    ``passages``.

    Its direction is looked up in ``same``, which keeps the first of equal
    objects: rows from workers carry fresh copies.
    """
    parent, child, confidence, direction, evidence, similarity, quotation = row
    return Edge(
        parent=passages[parent].id,
        child=passages[child].id,
        confidence=confidence,
        direction=same.setdefault(direction, direction),
        evidence=evidence,
        edits=edits,
        similarity=similarity,
        quotation=quotation,
    )


# --------------------------------------------------------------------------- wording


# A word's attribution (origin document, decided by the evidence) as one integer:
# twice the index of the document in ``_Context.doc_ids``, plus 1 when decided.
Codes = npt.NDArray[np.int32]


def _word_origins(ctx: _Context, family: Family, tree: _Tree, words: Sequence[Words]) -> list[int]:
    """The attribution of every word of every passage, following the tree: the
    passages' words one after the other, in the family's order (a list: slices of a
    few dozen words cost less than in numpy).

    An attribution is decided when every edge from the word's origin down to the
    passage is oriented by evidence (and, for the root's own words, when the root
    is determined); otherwise it is the tree's best guess, marked as such.
    """
    passages = family.passages
    # A document's wording is its own whichever of its passages came first.
    decided = {
        child: direction != ("undetermined",)
        or passages[parent].id.rsplit(":", 1)[0] == passages[child].doc
        for parent, child, _, direction, *_ in tree.edges
    }
    ends = list(accumulate(len(w.words) for w in words))
    starts = [0, *ends[:-1]]
    codes = [0] * (ends[-1] if ends else 0)

    def own(i: int, determined: bool) -> None:
        codes[starts[i] : ends[i]] = [2 * ctx.doc_index[passages[i].doc] + determined] * (
            ends[i] - starts[i]
        )

    own(tree.root, tree.determined)
    for child, parent in tree.parent_of.items():  # parents joined the tree first
        edge = decided[child]
        own(child, edge)
        a, b = starts[parent], starts[child]
        for i, j, n in tree.blocks[child]:  # shared words: the parent's (undecided if the edge is)
            inherited = codes[a + i : a + i + n]
            codes[b + j : b + j + n] = inherited if edge else [c & ~1 for c in inherited]
    return codes


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
    and the gap to the next word when both have the same attribution. What every
    passage paints is worked out at once (:func:`_strokes`); only laying it on the
    canvas goes passage by passage.
    """
    if not length or not passages:
        return [], [], []
    order = sorted(passages, key=lambda q: (-(q.end - q.start), q.start))
    flat, strokes = _strokes(seg, order, origins, spans)
    canvas = np.full(length, -1, dtype=np.int32)
    for p, (lo, hi, at) in zip(order, strokes, strict=True):
        canvas[p.start : p.end] = -1
        canvas[lo:hi] = flat[at : at + hi - lo]
    changes = np.empty(length, dtype=bool)  # where a run starts
    changes[0] = True
    np.not_equal(canvas[1:], canvas[:-1], out=changes[1:])
    starts = np.flatnonzero(changes)
    codes = canvas[starts]
    painted = codes >= 0
    return (
        starts[painted].tolist(),
        np.append(starts[1:], length)[painted].tolist(),
        codes[painted].tolist(),
    )


def _strokes(
    seg: Segmentation,
    passages: Sequence[Passage],
    origins: Mapping[str, Codes],
    spans: Mapping[str, tuple[int, int]],
) -> tuple[npt.NDArray[np.int32], list[tuple[int, int, int]]]:
    """What each of ``passages`` paints, worked out for all of them at once: the
    attribution of every character from a passage's first word's start to its last
    word's paint stop (-1 between words), passage after passage; and per passage
    that stretch ``[lo, hi)`` (empty without words) and where it begins in the first.

    A word's paint stops at its end, or at the next word's start when that word is
    the same passage's and has the same attribution.
    """
    bounds = [spans[p.id] for p in passages]
    counts = [b - a for a, b in bounds]
    ends_at = list(accumulate(counts))  # one past each passage's last word
    lasts = [e - 1 for e, count in zip(ends_at, counts, strict=True) if count]
    if not lasts:
        return np.empty(0, dtype=np.int32), [(0, 0, 0)] * len(passages)
    starts = np.concatenate([seg.token_starts[a:b] for a, b in bounds])
    ends = np.concatenate([seg.token_ends[a:b] for a, b in bounds])
    codes = np.concatenate([origins[p.id] for p in passages])
    joined = codes[1:] == codes[:-1]
    joined[lasts[:-1]] = False  # a passage's last word, another passage's words next
    stops = ends.copy()
    stops[:-1][joined] = starts[1:][joined]
    # Each word's paint then the gap to the next word, none after a passage's last.
    edges = np.empty(2 * len(codes), dtype=np.int64)
    edges[::2] = starts
    edges[1::2] = stops
    widths = edges[1:] - edges[:-1]
    widths[[2 * i + 1 for i in lasts[:-1]]] = 0
    paint = np.full(len(widths), -1, dtype=np.int32)
    paint[::2] = codes
    firsts = [e - count for e, count in zip(ends_at, counts, strict=True) if count]
    extents = iter(zip(starts[firsts].tolist(), stops[lasts].tolist(), strict=True))
    strokes = []
    at = 0
    for count in counts:
        lo, hi = next(extents) if count else (0, 0)
        strokes.append((lo, hi, at))
        at += hi - lo
    return np.repeat(paint, widths), strokes


Ints = npt.NDArray[np.int64]
Pieces = tuple[Ints, Ints, Ints, Ints]  # per passage how many; start, end and code of each


def _segments(passages: Sequence[Passage], runs: Runs) -> Pieces:
    """The runs over each of ``passages`` (of one document), cut to its span.

    For each passage, the runs from the first that ends after it starts to the last
    that starts before it ends, each cut to the passage, the empty ones left out.
    Returns how many pieces each passage has, then the start, end and attribution
    code of every piece, passage after passage.
    """
    starts, ends, codes = (np.array(r, dtype=np.int64) for r in runs)
    p_starts = np.array([p.start for p in passages], dtype=np.int64)
    p_ends = np.array([p.end for p in passages], dtype=np.int64)
    first = np.searchsorted(ends, p_starts, side="right")
    count = np.maximum(np.searchsorted(starts, p_ends, side="left") - first, 0)
    owner = np.repeat(np.arange(len(passages)), count)
    k = np.arange(len(owner)) - np.repeat(np.cumsum(count) - count - first, count)
    lo = np.maximum(starts[k], p_starts[owner])
    hi = np.minimum(ends[k], p_ends[owner])
    kept = hi > lo
    pieces = np.bincount(owner[kept], minlength=len(passages))
    return pieces, lo[kept], hi[kept], codes[k][kept]


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
    document's own, and the rest as undecided, or as the source's. Pieces add up
    per run in numpy; the runs (a few dozen) add up per source in Python.
    """
    if not runs[0] or not article:
        return {}, 0, 0
    starts, ends, codes = runs
    paragraphs = np.array(article, dtype=np.int64)
    lo = np.maximum(np.array(starts, dtype=np.int64)[:, None], paragraphs[:, 0])
    hi = np.minimum(np.array(ends, dtype=np.int64)[:, None], paragraphs[:, 1])
    width = np.maximum(hi - lo, 0)  # of each piece, by run and paragraph (0: none)
    in_quotes = [0] * len(codes)
    if quotes:
        q = np.array(quotes, dtype=np.int64)
        overlap = np.minimum(hi[..., None], q[:, 1]) - np.maximum(lo[..., None], q[:, 0])
        in_quotes = np.minimum(np.maximum(overlap, 0).sum(axis=2), width).sum(axis=1).tolist()
    me = ctx.doc_index[doc_id]
    sources: dict[str, int] = defaultdict(int)
    quoted = undecided = 0
    for code, n, in_quote in zip(codes, width.sum(axis=1).tolist(), in_quotes, strict=True):
        origin = code >> 1
        if origin == me:  # the document's own wording is never quoted
            in_quote = 0
        quoted += in_quote
        if not code & 1:
            undecided += n - in_quote
        elif n and origin != me:
            sources[ctx.doc_ids[origin]] += n - in_quote
    return sources, quoted, undecided


def _quoted(
    trees: Sequence[tuple[Family, str, bool, Sequence[Edge]]],
) -> dict[str, list[tuple[int, int]]]:
    """Per document, the spans of its passages whose edge in is a shared quotation."""
    by_id = {p.id: p for f, *_ in trees for p in f.passages}
    quoted_spans: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for pid in {e.child for *_, edges in trees for e in edges if e.quotation}:
        p = by_id[pid]
        quoted_spans[p.doc].append((p.start, p.end))
    return quoted_spans


def _articles(ctx: _Context) -> dict[str, list[tuple[int, int]]]:
    """Per document, the spans of its paragraphs that are not boilerplate."""
    article_of: dict[str, list[tuple[int, int]]] = defaultdict(list)
    table = ctx.seg.paragraphs
    for i in np.flatnonzero(~table.is_boilerplate).tolist():
        article_of[table.doc_id(i)].append((int(table.start[i]), int(table.end[i])))
    return article_of


Shares = tuple[dict[str, int], int, int]  # what :func:`_shares` counts


def _views(
    ctx: _Context,
    families: Sequence[Family],
    articles: Mapping[str, list[tuple[int, int]]],
    shares: Mapping[str, Shares],
) -> list[DocumentView]:
    """Every document's view, given the :func:`_shares` of those with reused wording."""
    by_id = {p.id: p for f in families for p in f.passages}
    parents: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for f in families:
        for e in f.edges:
            if e.quotation or e.direction == ("undetermined",):
                continue
            child, parent = by_id[e.child], by_id[e.parent]
            parents[child.doc][parent.doc] += child.end - child.start
    views = []
    for doc_id in sorted(ctx.docs):
        total = sum(b - a for a, b in articles.get(doc_id, []))
        sources, quoted, undecided = shares.get(doc_id, ({}, 0, 0))
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


# --------------------------------------------------------------------------- work


# Work goes to worker processes in consecutive runs of documents (credit lines: by
# their text; painting: by their passages) and of families (trees: by their
# passages), each about this large.
_CHUNK_CHARACTERS = 1_000_000
_CHUNK_PASSAGES = 2_000
# Chunks a worker takes before a fresh fork replaces it: it has copied the pages of
# every family it read by then (see ``map_chunks``). At 1M paragraphs (400 chunks)
# that keeps the workers' copies to a few hundred MB for a dozen forks.
_RENEW = 16


def _runs_of(sizes: Iterable[int], target: int) -> list[tuple[int, int]]:
    """``[start, stop)`` ranges of consecutive items, each as few items as add up to
    ``target`` (the last one possibly less), covering all ``sizes``."""
    out: list[tuple[int, int]] = []
    start = stop = total = 0
    for stop, size in enumerate(sizes, 1):
        total += size
        if total >= target:
            out.append((start, stop))
            start, total = stop, 0
    if start < stop:
        out.append((start, stop))
    return out


_CreditRow = tuple[str, str, int, int]


def _find_credits(
    finder: CreditFinder, documents: Sequence[Document], run: tuple[int, int]
) -> list[tuple[_CreditRow, ...]]:
    """The credits of ``documents[start:stop]``, each as a plain tuple of its fields."""
    return [
        tuple([(c.outlet, c.text, c.start, c.end) for c in finder.find(d)])
        for d in documents[run[0] : run[1]]
    ]


def _credits(
    documents: Sequence[Document], config: OriginConfig, *, workers: int
) -> dict[str, tuple[Credit, ...]]:
    """The credits of every document (:class:`CreditFinder`), found over ``workers``
    processes."""
    finder = CreditFinder(outlet_aliases(documents, config))
    runs = _runs_of((len(d.text) for d in documents), _CHUNK_CHARACTERS)
    found = map_chunks(_find_credits, (finder, documents), runs, workers=workers, chunk=1)
    credits: dict[str, tuple[Credit, ...]] = {}
    for (start, stop), rows in zip(runs, found, strict=True):
        for d, row in zip(documents[start:stop], rows, strict=True):
            credits[d.id] = tuple([Credit(*c) for c in row])
    return credits


# Per family: its root (numbered in the family's order), whether it is determined,
# and its edges (their edits left out); per passage of the run, its token span
# (first and last, flat); the attribution codes of their words, one after the
# other; the edges' edits, one edge after the other, and how many each has.
_Traced = tuple[list[tuple[int, bool, list[_EdgeFields]]], list[int], Codes, EditTable, list[int]]


def _trace(ctx: _Context, families: Sequence[Family], run: tuple[int, int]) -> _Traced:
    """Trees and word attributions of ``families[start:stop]``, as plain data."""
    trees: list[tuple[int, bool, list[_EdgeFields]]] = []
    codes: list[int] = []
    edits: list[EditRow] = []
    counts: list[int] = []
    chosen = families[run[0] : run[1]]
    spans, words, whole, openings = _read(ctx.seg, [p for f in chosen for p in f.passages])
    at = 0
    for f in chosen:
        k, at = at, at + len(f.passages)
        builder = _Builder(ctx, f, words[k:at], whole[k:at], openings[k:at])
        tree = builder.pair() if at - k == 2 else builder.build()
        fields: list[_EdgeFields] = []
        for x, y, confidence, kinds, evidence, rows, sim, quotation in tree.edges:
            fields.append((x, y, confidence, kinds, evidence, sim, quotation))
            edits.extend(rows)
            counts.append(len(rows))
        trees.append((tree.root, tree.determined, fields))
        codes += _word_origins(ctx, f, tree, words[k:at])
    return trees, spans, np.array(codes, dtype=np.int32), EditTable.from_rows(edits), counts


def _paint_documents(
    ctx: _Context,
    documents: Sequence[tuple[str, Sequence[Passage]]],
    origins: Mapping[str, Codes],
    spans: Mapping[str, tuple[int, int]],
    articles: Mapping[str, list[tuple[int, int]]],
    quoted: Mapping[str, list[tuple[int, int]]],
    run: tuple[int, int],
) -> tuple[Pieces, list[Shares]]:
    """The runs of :func:`_paint` of ``documents[start:stop]`` (each an id and its
    passages) cut to their passages (:func:`_segments`, one document after the
    other), and their :func:`_shares`."""
    pieces: list[Pieces] = []
    shares: list[Shares] = []
    for doc_id, passages in documents[run[0] : run[1]]:
        runs = _paint(ctx.seg, len(ctx.docs[doc_id].text), passages, origins, spans)
        article = articles.get(doc_id, [])
        shares.append(_shares(ctx, doc_id, runs, article, quoted.get(doc_id, [])))
        pieces.append(_segments(passages, runs))
    if not pieces:
        empty = np.empty(0, dtype=np.int64)
        return (empty, empty, empty, empty), shares
    count, lo, hi, code = (np.concatenate(column) for column in zip(*pieces, strict=True))
    return (count, lo, hi, code), shares


def origin(
    seg: Segmentation,
    families: Sequence[Family],
    config: OriginConfig | None = None,
    *,
    align: AlignConfig | None = None,
    workers: int = 1,
    show_progress: bool | None = False,
) -> tuple[list[Family], list[DocumentView]]:
    """Provenance trees and wording-level origins for ``families``, and the document views.

    ``align`` is the verification config: edge edits are computed with it, as the
    links' edits were. ``workers`` processes find the credit lines, grow the trees
    and paint the documents' wording (0: one per core); the result does not depend
    on their number.
    ``show_progress`` shows a progress bar (``None``: on a terminal only).
    """
    with (
        collector_paused(),
        progress(len(families), "tracing", enabled=show_progress, unit="families") as bar,
    ):
        return _origin(
            seg,
            families,
            config or OriginConfig(),
            align or AlignConfig(),
            worker_count(workers),
            bar,
        )


def _context(
    seg: Segmentation, config: OriginConfig, align: AlignConfig, *, workers: int
) -> _Context:
    """What the trees of any family need to know of the corpus (its credit lines
    found over ``workers`` processes)."""
    documents = seg.corpus.documents
    doc_ids = [d.id for d in documents]
    return _Context(
        docs={d.id: d for d in documents},
        credits=_credits(documents, config, workers=workers),
        seg=seg,
        config=config,
        align=align,
        doc_ids=doc_ids,
        doc_index={d: i for i, d in enumerate(doc_ids)},
        dates={d.id: date_key(d.date) for d in documents},
        iso={d.id: d.date.isoformat() if d.date else None for d in documents},
    )


def _origin(
    seg: Segmentation,
    families: Sequence[Family],
    config: OriginConfig,
    align: AlignConfig,
    workers: int,
    bar: tqdm[Any],
) -> tuple[list[Family], list[DocumentView]]:
    ctx = _context(seg, config, align, workers=workers)
    grown, per_doc, origins, spans = _grow(ctx, families, workers=workers, bar=bar)
    articles = _articles(ctx)
    segments, shares = _cut(ctx, per_doc, origins, spans, articles, _quoted(grown), workers=workers)
    del origins, spans
    out = [
        attrs.evolve(
            f,
            origin=root_id,
            origin_determined=determined,
            edges=edges,
            segments={p.id: segments[p.id] for p in f.passages},
        )
        for f, root_id, determined, edges in grown
    ]
    return out, _views(ctx, out, articles, shares)


def _grow(
    ctx: _Context, families: Sequence[Family], *, workers: int, bar: tqdm[Any]
) -> tuple[
    list[tuple[Family, str, bool, tuple[Edge, ...]]],
    dict[str, list[Passage]],
    dict[str, Codes],
    dict[str, tuple[int, int]],
]:
    """Every family's tree (:func:`_trace`, over ``workers`` processes): per family
    its root, whether it is determined and its edges; the passages of each document;
    the attribution codes of each passage's words and its token span."""
    grown: list[tuple[Family, str, bool, tuple[Edge, ...]]] = []
    per_doc: dict[str, list[Passage]] = defaultdict(list)
    origins: dict[str, Codes] = {}
    spans: dict[str, tuple[int, int]] = {}
    runs = _runs_of((len(f.passages) for f in families), _CHUNK_PASSAGES)
    traced = map_chunks(_trace, (ctx, families), runs, workers=workers, chunk=1, renew=_RENEW)
    same: dict[Any, Any] = {}  # one object for each distinct direction
    for (start, stop), (trees, token_spans, codes, edits, counts) in zip(runs, traced, strict=True):
        k = at = 0
        # Each edge's edits are a view of the run's table, not objects.
        views = iter([Edits(edits, lo, hi) for lo, hi in bounds(counts)])
        for f, (root, determined, edges) in zip(families[start:stop], trees, strict=True):
            passages = f.passages
            for p in passages:
                first, last = token_spans[k], token_spans[k + 1]
                spans[p.id] = (first, last)
                origins[p.id] = codes[at : at + last - first]
                per_doc[p.doc].append(p)
                k += 2
                at += last - first
            edge_list = tuple([_edge(e, passages, next(views), same) for e in edges])
            grown.append((f, passages[root].id, determined, edge_list))
        bar.update(stop - start)
    return grown, per_doc, origins, spans


def _cut(
    ctx: _Context,
    per_doc: Mapping[str, Sequence[Passage]],
    origins: Mapping[str, Codes],
    spans: Mapping[str, tuple[int, int]],
    articles: Mapping[str, list[tuple[int, int]]],
    quoted: Mapping[str, list[tuple[int, int]]],
    *,
    workers: int,
) -> tuple[dict[str, Segments], dict[str, Shares]]:
    """Every passage's segments and every document's shares (:func:`_paint_documents`,
    over ``workers`` processes)."""
    by_doc = list(per_doc.items())
    segments: dict[str, Segments] = {}
    shares: dict[str, Shares] = {}
    args = (ctx, by_doc, origins, spans, articles, quoted)
    runs = _runs_of((len(passages) for _, passages in by_doc), _CHUNK_PASSAGES)
    painted = map_chunks(_paint_documents, args, runs, workers=workers, chunk=1, renew=_RENEW)
    for (start, stop), ((count, lo, hi, code), doc_shares) in zip(runs, painted, strict=True):
        # Each passage's segments are a view of the run's table, not objects.
        table = SegmentTable(lo, hi, code >> 1, (code & 1).astype(bool), ctx.doc_ids)
        rows = iter(bounds(count))
        for (doc_id, passages), share in zip(by_doc[start:stop], doc_shares, strict=True):
            for p in passages:
                segments[p.id] = Segments(table, *next(rows))
            shares[doc_id] = share
    return segments, shares
