"""Outlet names and credit lines (``provenance.origin.credits``): the names an outlet
goes by, the credit patterns, and the fast scan checked against the plain code it
replaced (a full ``finditer`` scan; names looked up suffix by suffix) on generated texts.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping

import pytest
from helpers import BASE, analyze_records, edge_between
from hypothesis import given, settings
from hypothesis import strategies as st

from provenance.model import Credit, Document, OriginConfig
from provenance.origin import CreditFinder, find_credits, outlet_aliases
from provenance.origin.credits import _CREDIT_CONTEXTS, _credit_contexts


def test_user_aliases_extend_the_table() -> None:
    copy = BASE + "\n\nThe report on the talks was first carried on Monday, according to WXA."
    records: list[dict[str, object]] = [
        {"id": "wire", "text": BASE, "outlet": "Wire Agency"},
        {"id": "paper", "text": copy, "outlet": "Daily Paper"},
    ]
    (edge,) = analyze_records(records).families[0].edges
    assert edge.direction == ("undetermined",)
    credited = analyze_records(records, aliases={"Wire Agency": ["WXA"]})
    assert edge_between(credited, "wire", "paper").direction == ("credited",)


def test_credit_patterns() -> None:
    doc = Document(
        "d",
        "MOSCOW, March 3 /TASS/. Earlier, according to Reuters, talks began. "
        "BAKU (MENAFN- Trend News Agency) Officials met. WASHINGTON (RFE/RL) — More. "
        "Azatutyun.am reported that the aide said nothing.",
        outlet="Some Paper",
    )
    others = [
        Document("t", "x", outlet="TASS"),
        Document("r", "x", outlet="Reuters"),
        Document("tr", "x", outlet="Trend News Agency"),
        Document(
            "az",
            "x",
            outlet="RFE/RL Armenian Service (Azatutyun)",
            url="https://www.azatutyun.am/a/1.html",
        ),
    ]
    aliases = outlet_aliases([doc, *others], OriginConfig())
    credited = {(c.outlet, c.text) for c in find_credits(doc, aliases)}
    assert ("TASS", "/TASS/") in credited
    assert ("Reuters", "according to Reuters") in credited
    assert ("Trend News Agency", "(MENAFN- Trend News Agency)") in credited
    assert ("RFE/RL Armenian Service (Azatutyun)", "(RFE/RL)") in credited
    assert ("RFE/RL Armenian Service (Azatutyun)", "Azatutyun.am reported") in credited


def test_outlet_names_come_from_the_name_and_the_address() -> None:
    docs = [
        Document("a", "x", outlet="Example Herald (Herald)", url="https://www.herald.example/story")
    ]
    names = outlet_aliases(docs, OriginConfig(builtin_aliases=False))["Example Herald (Herald)"]
    assert {"Example Herald", "Herald", "herald.example"} <= names


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


# --------------------------------------------------------------------------- the fast scan


def _same_contexts(text: str) -> None:
    fast = [(m.span(), m.lastgroup, m.groupdict()) for m in _credit_contexts(text)]
    full = [(m.span(), m.lastgroup, m.groupdict()) for m in _CREDIT_CONTEXTS.finditer(text)]
    assert fast == full


# Words credit lines are made of, words that nearly make one, and what goes between.
_CREDIT_WORDS = (
    "x Ab RFE/RL Azatutyun.am a.b -x -a.b O'Brien x'Brien x’Y AT&T É é1 _ (MENAFN- (Reuters) "
    "/TASS/ Trend News of the and for said says reported reportedly wrote quoted according to "
    "told via by cited “Ab Ab” ( ) /"
)
_CREDIT_GAPS = [" ", " ", " ", " ", "  ", ", ", ". ", "\n", "", "/", "-"]


@pytest.mark.parametrize(
    "text",
    [
        "Minister Ab and Ab of the Ab for Ab said it.",
        "x the Ab said, x of Ab said",
        "a -a.b said x, -Ab said",
        "told the Ab told Ab said (Ab) /Ab/ via Ab.am reported by RFE/RL wrote",
        "x'Brien said; O'Brien says; “Ab quoted",
        "Ab  said Ab\nsaid\nAb said",
    ],
)
def test_credit_contexts_are_the_full_scan_on_near_names(text: str) -> None:
    _same_contexts(text)


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_CREDIT_WORDS.split()), st.sampled_from(_CREDIT_GAPS))))
def test_credit_contexts_are_the_full_scan_on_any_text(words: list[tuple[str, str]]) -> None:
    _same_contexts("".join(w + gap for w, gap in words))


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
def test_credit_contexts_are_the_full_scan_on_generated_text(text: str) -> None:
    _same_contexts(text)


@settings(max_examples=300, deadline=None)
@given(st.lists(_texts, min_size=1, max_size=4))
def test_credits_are_the_plain_finders(texts: list[str]) -> None:
    _same_credits(texts)
