"""The fast credit scan and document painting give what the plain code gives.

Each reference below is the straightforward version of a function of
``provenance.origin`` (a full ``finditer`` scan; one passage painted at a time;
every run cut to every paragraph), kept here to compare against on generated
texts, passages and runs.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from types import SimpleNamespace
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from provenance.model import Credit, Document, OriginConfig, Passage
from provenance.origin import CreditFinder, outlet_aliases
from provenance.origin.attribution import _paint
from provenance.origin.credits import _CREDIT_CONTEXTS, _credit_contexts
from provenance.origin.views import _shares

# --------------------------------------------------------------------------- credits


class _PlainFinder:
    """:class:`CreditFinder` as first written: every match of a full scan, each
    name looked up suffix by suffix (or prefix by prefix)."""

    def __init__(self, aliases: Mapping[str, set[str]]) -> None:
        self.exact: dict[str, set[str]] = defaultdict(set)
        self.folded: dict[str, set[str]] = defaultdict(set)
        for outlet, names in aliases.items():
            for name in names:
                if name.isupper() or len(name) <= 4:
                    self.exact[name].add(outlet)
                else:
                    self.folded[name.casefold()].add(outlet)

    def outlets(self, name: str) -> set[str]:
        return self.exact.get(name, set()) | self.folded.get(name.casefold(), set())

    def lookup(self, phrase: str, *, prefixes: bool) -> tuple[int, set[str]] | None:
        words = phrase.split(" ")
        for n in range(len(words)) if not prefixes else range(len(words), 0, -1):
            part = words[:n] if prefixes else words[n:]
            found = self.outlets(" ".join(part).rstrip(".,"))
            if found:
                return (0 if prefixes else len(" ".join(words[:n])) + (n > 0)), found
        return None

    def find(self, text: str) -> tuple[Credit, ...]:
        found: list[Credit] = []
        for m in _CREDIT_CONTEXTS.finditer(text):
            kind = m.lastgroup
            assert kind is not None
            phrase = m.group(kind)
            if kind in ("after", "before"):
                hit = self.lookup(phrase, prefixes=kind == "after")
            else:
                outlets = self.outlets(phrase.strip())
                hit = (0, outlets) if outlets else None
            if hit is None:
                continue
            start = m.start(kind) + hit[0] if kind == "before" else m.start()
            for outlet in sorted(hit[1]):
                found.append(Credit(outlet, text[start : m.end()], start, m.end()))
        return tuple(sorted(found, key=lambda c: (c.start, c.outlet)))


# Outlets known by short, all-capital, dotted, slashed, spaced and odd names.
_ALIASES: dict[str, set[str]] = {
    "Reuters": {"Reuters", "reuters.com", "Thomson Reuters"},
    "Associated Press": {"Associated Press", "AP", "The Associated Press"},
    "Agence France-Presse": {"AFP", "Agence France-Presse"},
    "TASS": {"TASS", "tass.ru"},
    "RFE/RL": {"RFE/RL", "Azatutyun", "azatutyun.am", "Radio Free Europe/Radio Liberty"},
    "Trend": {"Trend News Agency", "Trend", "MENAFN"},
    "Odd": {"Of The", "x'Brien", "ΣΑΣ News", "Straße", "ab.", "the Wire ", "News"},
}
_WORD_TEXT = (
    "Reuters reuters REUTERS AP Ap AFP TASS tass.ru RFE/RL Azatutyun Azatutyun.am azatutyun.am "
    "Associated Press The Thomson Trend News Agency MENAFN Radio Free Europe/Radio Liberty "
    "Of of the The for and x'Brien O'Brien ΣΑΣ σας Straße STRASSE ab. a.b -x -a.b AT&T É é1 _ "
    "said says reported reports reportedly wrote writes quoted according to told via by cited "
    "Minister officials he WASHINGTON MOSCOW, BAKU Wire wire "
    "( ) / (Reuters) /TASS/ (MENAFN- “Reuters” “AP ” — – … , . ; : ' ’ \" 2024"
)
_WORDS = _WORD_TEXT.split()
_GAPS = [" ", " ", " ", " ", " ", "  ", ", ", ". ", "\n", "", "/", "-", " (", ") ", " “", "” "]

_texts = st.lists(st.tuples(st.sampled_from(_WORDS), st.sampled_from(_GAPS)), max_size=60).map(
    lambda words: "".join(w + gap for w, gap in words)
)


# Names that start inside the word before the run of name words, runs of only
# of/the/for/and, names ending in a dot, openers inside a name's words, verbs at the
# very start or end, and one name running into the next credit line.
_TRICKY = [
    "a.b and said",
    "x.y of the for and says it",
    "the and said, of Reuters said",
    "Reuters. said; REUTERS, reported; reuters.com wrote",
    "(Ab the Reuters said) via Ab/TASS/ said",
    "x(AP said /AP/ told AP",
    "said Reuters said",
    "O'Brien of x'Brien Azatutyun.am quoted",
    "ΣΑΣ News said, according to the Straße said",
    "/told Ab said “according to AFP” cited by Trend News Agency reported by",
    "told\nAb said (\n Reuters\n) Ab-x said",
]


def _same_contexts(text: str) -> None:
    fast = [(m.span(), m.lastgroup, m.groupdict()) for m in _credit_contexts(text)]
    full = [(m.span(), m.lastgroup, m.groupdict()) for m in _CREDIT_CONTEXTS.finditer(text)]
    assert fast == full


def _same_credits(texts: list[str]) -> None:
    finder, plain = CreditFinder(_ALIASES), _PlainFinder(_ALIASES)
    for text in texts:  # one finder over several texts: names remembered across them
        assert finder.find(Document("d", text)) == plain.find(text)


@pytest.mark.parametrize("text", _TRICKY)
def test_credit_contexts_and_credits_on_corner_cases(text: str) -> None:
    _same_contexts(text)
    _same_credits([text])


@settings(max_examples=400, deadline=None)
@given(_texts)
def test_credit_contexts_are_the_full_scan(text: str) -> None:
    _same_contexts(text)


@settings(max_examples=300, deadline=None)
@given(st.lists(_texts, min_size=1, max_size=4))
def test_credits_are_the_plain_finders(texts: list[str]) -> None:
    _same_credits(texts)


def test_credits_of_documents_with_their_own_aliases() -> None:
    docs = [
        Document(
            "a", "x", outlet="RFE/RL Armenian Service (Azatutyun)", url="https://www.azatutyun.am/a"
        ),
        Document("b", "x", outlet="Trend News Agency"),
        Document("c", "x", outlet="The Times (London)", url="https://amp.thetimes.co.uk/x"),
    ]
    aliases = outlet_aliases(docs, OriginConfig(aliases={"The Times (London)": ["Times"]}))
    text = (
        "LONDON (The Times) — According to The Times, talks began, thetimes.co.uk reported. "
        "BAKU (MENAFN- Trend News Agency) Officials met, the RFE/RL Armenian Service said; "
        "“Azatutyun.am reported that”, Times of London said, via Azatutyun /Trend/ told Times"
    )
    expected = _PlainFinder(aliases).find(text)
    assert len(expected) >= 5
    assert CreditFinder(aliases).find(Document("d", text)) == expected


# --------------------------------------------------------------------------- painting

Runs = tuple[list[int], list[int], list[int]]


def _plain_paint(
    seg: Any,
    length: int,
    passages: Sequence[Passage],
    origins: Mapping[str, np.ndarray],
    spans: Mapping[str, tuple[int, int]],
) -> Runs:
    """One passage at a time, longest first: clear its span, paint its words."""
    canvas = np.full(length, -1, dtype=np.int32)
    for p in sorted(passages, key=lambda q: (-(q.end - q.start), q.start)):
        canvas[p.start : p.end] = -1
        first, last = spans[p.id]
        if last == first:
            continue
        codes = origins[p.id]
        starts = seg.token_starts[first:last]
        ends = seg.token_ends[first:last]
        stops = ends.copy()
        stops[:-1] = np.where(codes[1:] == codes[:-1], starts[1:], ends[:-1])
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


@st.composite
def _documents(draw: st.DrawFn) -> tuple[Any, int, list[Passage], dict[str, Any], dict[str, Any]]:
    """A document's words (a token table), passages over them, and their words'
    attribution codes (few distinct ones, so that neighbours often share one).
    With ``free`` spans, a passage's words are any run of the document's."""
    gaps = draw(st.lists(st.tuples(st.integers(0, 3), st.integers(1, 6)), max_size=40))
    starts, ends, at = [], [], draw(st.integers(0, 3))
    for gap, width in gaps:
        starts.append(at + gap)
        ends.append(at + gap + width)
        at = ends[-1]
    length = at + draw(st.integers(0, 3))
    seg = SimpleNamespace(
        token_starts=np.array(starts, dtype=np.int32), token_ends=np.array(ends, dtype=np.int32)
    )
    free = draw(st.booleans())
    passages, origins, spans = [], {}, {}
    for k in range(draw(st.integers(0, 8))):
        a = draw(st.integers(0, length))
        b = draw(st.integers(a, length))
        if free:
            first = draw(st.integers(0, len(starts)))
            last = draw(st.integers(first, len(starts)))
        else:  # the words starting inside the passage, as the pipeline has them
            first, last = np.searchsorted(seg.token_starts, (a, b)).tolist()
        pid = f"d:{a}-{b}#{k}"
        passages.append(Passage(pid, "d", 0, a, b, ""))
        spans[pid] = (first, last)
        codes = draw(st.lists(st.integers(0, 5), min_size=last - first, max_size=last - first))
        origins[pid] = np.array(codes, dtype=np.int32)
    return seg, length, passages, origins, spans


@settings(max_examples=300, deadline=None)
@given(_documents())
def test_painting_is_the_plain_one(document: tuple[Any, ...]) -> None:
    assert _paint(*document) == _plain_paint(*document)


def test_painting_nested_and_tied_passages() -> None:
    seg = SimpleNamespace(
        token_starts=np.array([0, 4, 8, 12, 16, 20], dtype=np.int32),
        token_ends=np.array([3, 7, 11, 15, 19, 23], dtype=np.int32),
    )
    passages = [
        Passage("d:0-24", "d", 0, 0, 24, ""),
        Passage("d:4-16", "d", 0, 4, 16, ""),
        Passage("d:8-20", "d", 0, 8, 20, ""),  # as long as the one before: painted after it
        Passage("d:12-13", "d", 0, 12, 13, ""),
        Passage("d:22-24", "d", 0, 22, 24, ""),  # no word starts inside: clears only
    ]
    spans = {"d:0-24": (0, 6), "d:4-16": (1, 4), "d:8-20": (2, 5), "d:12-13": (3, 4)}
    spans["d:22-24"] = (6, 6)
    origins = {
        "d:0-24": np.array([2, 2, 4, 4, 2, 3], dtype=np.int32),
        "d:4-16": np.array([5, 5, 6], dtype=np.int32),
        "d:8-20": np.array([7, 6, 6], dtype=np.int32),
        "d:12-13": np.array([9], dtype=np.int32),
        "d:22-24": np.array([], dtype=np.int32),
    }
    runs = _paint(seg, 26, passages, origins, spans)
    assert runs == _plain_paint(seg, 26, passages, origins, spans)
    assert runs == ([0, 4, 8, 12, 15, 20], [4, 8, 11, 15, 19, 22], [2, 5, 7, 9, 6, 3])


# --------------------------------------------------------------------------- shares


def _plain_shares(
    ctx: Any,
    doc_id: str,
    runs: Runs,
    article: Sequence[tuple[int, int]],
    quotes: Sequence[tuple[int, int]],
) -> tuple[dict[str, int], int, int]:
    """Every run cut to every paragraph, each piece counted on its own."""
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


_CTX = SimpleNamespace(doc_ids=["a", "b", "c", "d"], doc_index={"a": 0, "b": 1, "c": 2, "d": 3})


def _spans(draw: st.DrawFn, length: int, disjoint: bool) -> list[tuple[int, int]]:
    cuts = sorted(draw(st.lists(st.integers(0, length), max_size=12)))
    if disjoint:
        return [(a, b) for a, b in zip(cuts[::2], cuts[1::2], strict=False)]
    return [(a, a + draw(st.integers(0, 15))) for a in cuts]


@st.composite
def _share_inputs(draw: st.DrawFn) -> tuple[Runs, list[tuple[int, int]], list[tuple[int, int]]]:
    """Runs as :func:`_paint` gives them (sorted, apart or touching, codes of four
    documents), article paragraphs, and quoted spans (overlapping, even empty)."""
    runs: Runs = ([], [], [])
    at = 0
    for gap, width, code in draw(
        st.lists(st.tuples(st.integers(0, 4), st.integers(1, 8), st.integers(0, 7)), max_size=20)
    ):
        if gap == 0 and runs[2] and runs[2][-1] == code:
            code ^= 1  # touching runs differ
        runs[0].append(at + gap)
        runs[1].append(at + gap + width)
        runs[2].append(code)
        at += gap + width
    return runs, _spans(draw, at + 5, True), _spans(draw, at + 5, False)


@settings(max_examples=300, deadline=None)
@given(_share_inputs(), st.sampled_from(["a", "b", "c", "d"]))
def test_shares_are_the_plain_ones(inputs: tuple[Any, ...], doc_id: str) -> None:
    runs, article, quotes = inputs
    got = _shares(_CTX, doc_id, runs, article, quotes)  # type: ignore[arg-type]
    expected = _plain_shares(_CTX, doc_id, runs, article, quotes)
    assert got == expected
    assert list(got[0]) == list(expected[0])  # sources in the same order
    assert all(type(x) is int for x in (*got[0].values(), got[1], got[2]))


@pytest.mark.parametrize("quotes", [[], [(0, 30)], [(2, 9), (5, 12), (5, 12)]])
def test_shares_count_quoted_sources_own_and_undecided(quotes: list[tuple[int, int]]) -> None:
    runs = ([0, 6, 12, 20], [5, 12, 18, 26], [3, 5, 0, 7])  # b, c, own (undecided), d
    article = [(1, 10), (14, 24)]
    got = _shares(_CTX, "a", runs, article, quotes)  # type: ignore[arg-type]
    assert got == _plain_shares(_CTX, "a", runs, article, quotes)
