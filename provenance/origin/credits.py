"""Outlet names: every name each outlet may be credited by, and the credit lines
(datelines, ``according to ...``, ``... reported``) that name one.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from functools import cache
from importlib import resources
from typing import NamedTuple
from urllib.parse import urlsplit

from provenance.model import Credit, Document, FrozenMapping, OriginConfig


# Cached: a pure loader of a file shipped with the package, read once per process; the
# table it returns is read-only, so the cache holds no state anyone can change.
@cache
def builtin_aliases() -> Mapping[str, tuple[str, ...]]:
    """The shipped alias table (``provenance/data/outlets.json``): name → other names."""
    raw = json.loads(resources.files("provenance").joinpath("data/outlets.json").read_text("utf-8"))
    return FrozenMapping({e["name"]: tuple(e["aliases"]) for e in raw["outlets"]})


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


class _Named(NamedTuple):
    """Where in a credit context's phrase a known name starts, and the outlets it names."""

    offset: int
    outlets: set[str]


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
        self._found: dict[tuple[str, str], _Named | None] = {}

    def _outlets(self, name: str) -> set[str]:
        """The outlets known by ``name``, as written or ignoring case (empty if none)."""
        exact = self._exact.get(name)
        folded = self._folded.get(name.casefold())
        if exact is None or folded is None:  # most names are neither: build no sets
            return set(exact or folded or ())
        return exact | folded

    def _lookup(self, phrase: str, *, prefixes: bool) -> _Named | None:
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
                return _Named(0 if prefixes else len(" ".join(words[:n])) + (n > 0), found)
        return None

    def _name(self, kind: str, phrase: str) -> _Named | None:
        """The outlets the ``phrase`` of a ``kind`` of credit context names, and where
        in it the name starts; ``None`` when it names none."""
        if kind in ("after", "before"):
            return self._lookup(phrase, prefixes=kind == "after")
        outlets = self._outlets(phrase.strip())
        return _Named(0, outlets) if outlets else None

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
                start = m.start(kind) + hit.offset
            for outlet in sorted(hit.outlets):
                found.append(Credit(outlet, text[start : m.end()], start, m.end()))
        return tuple(sorted(found, key=lambda c: (c.start, c.outlet)))


def find_credits(document: Document, aliases: Mapping[str, set[str]]) -> tuple[Credit, ...]:
    """Credit lines and datelines in ``document`` naming one of the outlets in ``aliases``.

    To scan many documents, build one :class:`CreditFinder` and call its ``find``.
    """
    return CreditFinder(aliases).find(document)
