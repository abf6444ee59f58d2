"""Words that remember where they came from: the text layer of ``benchmarks/wire.py``.

A sentence is a list of whitespace tokens (``Aliyev,``, ``“measures``, ``£40,000.``) with,
for each token, the document where its wording first appeared (``origin``), its label in
the document that holds it (new, verbatim or rewritten) and, for the truth, the document
that label points at. Copying a sentence into another document keeps every token's origin
and makes it verbatim; an edit that changes a token's wording makes it rewritten, points
its truth at the wording it replaced, and makes the editing document its new origin.

The edits are those of a copy desk taking wire copy: clauses kept inside sentences of the
desk's own, sentences merged, split, trimmed and dropped, phrases dropped, and the house
style (spelling, transliteration, abbreviations, currency, ``said``, ``today``, weekdays
to dates). Own wording comes from ``generate.py``'s ``TextSource``, with the names of the
story's cast and, with ``phrases=True``, the stock phrases and frequent function-word
sequences every news writer uses.

Standard library and numpy only, like ``generate.py`` (whose vocabulary and editor it
reuses). ``benchmarks`` is not a package: ``wire.py`` puts this folder on ``sys.path``.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from collections import Counter, deque
from collections.abc import Sequence
from typing import NamedTuple

import generate as gen

NEW, VERBATIM, REWRITTEN = 0, 1, 2
LABELS = ("new", "verbatim", "rewritten")

# A word of the truth: letters and digits with inner ’ ' . , - and an optional currency
# sign, so ``£40,000`` is one word and a different word from ``40,000``.
WORD = re.compile(r"[£$€]?\w+(?:[’'.,\-]\w+)*")

_OPENERS = '“‘"('
_CLOSERS = ',.;:”"’)'
_QUOTES = str.maketrans("", "", "“”")
_DOTTED = frozenset(gen._DOTTED)
_DAYNAMES = tuple(gen._DAYNAMES)
_MONTHS = tuple(gen._MONTHS)
CURRENCIES = (("£", "pounds"), ("$", "dollars"), ("€", "euros"))
_SYMBOL_OF = {word: sign for sign, word in CURRENCIES}
_WORD_OF = dict(CURRENCIES)
_AMOUNT = re.compile(r"\d[\d,.]*")

STOCK_PHRASES = gen.STOCK_PHRASES
FUNCTION_SEQUENCES = gen.FUNCTION_SEQUENCES
CONNECTORS = ("and", "while", "as", "after", "but", "and said", "although")


# --------------------------------------------------------------------------- tokens


class Punct(NamedTuple):
    """A token cut into leading punctuation, its core and trailing punctuation."""

    pre: str
    core: str
    post: str


def split_punct(tok: str) -> Punct:
    """``“Baku’s,`` -> (``“``, ``Baku``, ``’s,``)."""
    i, j = 0, len(tok)
    while i < j and tok[i] in _OPENERS:
        i += 1
    while j > i and tok[j - 1] in _CLOSERS:
        j -= 1
    if tok.endswith("’s", i, j) and j - i > 2:
        j -= 2
    return Punct(tok[:i], tok[i:j], tok[j:])


def capitalize(tok: str) -> str:
    """The token with its first letter in upper case."""
    for i, ch in enumerate(tok):
        if ch.isalpha():
            return tok[:i] + ch.upper() + tok[i + 1 :] if ch.islower() else tok
        if ch.isdigit():
            return tok
    return tok


def ends_sentence(tok: str) -> str:
    """The token ending a sentence: ``bank,`` -> ``bank.``, ``measures,”`` -> ``measures.”``."""
    closing = "”" if tok.endswith("”") else ""
    body = tok[: len(tok) - len(closing)].rstrip(",;:")
    if body.endswith(".") or body.endswith("?"):
        return body + closing
    return body + "." + closing


def continues(tok: str) -> str:
    """The token as the last of a clause that goes on: ``bank.`` -> ``bank``."""
    closing = "”" if tok.endswith("”") else ""
    body = tok[: len(tok) - len(closing)]
    if body.endswith(".") and body not in _DOTTED and split_punct(body).core + "." not in _DOTTED:
        body = body[:-1]
    return body.rstrip(",;:") + closing


class Sent:
    """One sentence: tokens with their origin, label and truth origin, as parallel lists."""

    __slots__ = ("label", "origin", "truth", "words")

    def __init__(
        self, words: list[str], origin: list[str], label: list[int], truth: list[str | None]
    ) -> None:
        self.words = words
        self.origin = origin
        self.label = label
        self.truth = truth

    @classmethod
    def own(cls, words: list[str], doc: str) -> Sent:
        """Wording ``doc`` writes itself."""
        n = len(words)
        return cls(words, [doc] * n, [NEW] * n, [None] * n)

    def carried(self) -> Sent:
        """The sentence as another document copies it: every token verbatim."""
        truth: list[str | None] = list(self.origin)
        return Sent(list(self.words), list(self.origin), [VERBATIM] * len(self.words), truth)

    def copy(self) -> Sent:
        return Sent(self.words[:], self.origin[:], self.label[:], self.truth[:])

    def part(self, a: int, b: int) -> Sent:
        return Sent(self.words[a:b], self.origin[a:b], self.label[a:b], self.truth[a:b])

    def __len__(self) -> int:
        return len(self.words)

    def __add__(self, other: Sent) -> Sent:
        return Sent(
            self.words + other.words,
            self.origin + other.origin,
            self.label + other.label,
            self.truth + other.truth,
        )

    def text(self) -> str:
        return " ".join(self.words)

    def replace(self, a: int, b: int, words: Sequence[str], doc: str) -> None:
        """Tokens ``a:b`` become ``words``, written by ``doc``: rewritten wording of the
        tokens they replace (new if those were ``doc``'s own)."""
        label = self.label[a]
        source = (
            self.truth[a] if label == REWRITTEN else self.origin[a] if label == VERBATIM else None
        )
        n = len(words)
        self.words[a:b] = list(words)
        self.origin[a:b] = [doc] * n
        self.label[a:b] = [REWRITTEN if source is not None else NEW] * n
        self.truth[a:b] = [source] * n

    def finish(self) -> None:
        """Capital first letter and a full stop at the end (punctuation only: labels stay)."""
        if self.words:
            self.words[0] = capitalize(self.words[0])
            self.words[-1] = ends_sentence(self.words[-1])


Paragraph = list[Sent]


# --------------------------------------------------------------------------- cast


class Person(NamedTuple):
    """A person of a story: vocabulary entries of the first and last name, and a title."""

    first: int
    last: int
    title: str


class Cast(NamedTuple):
    """The names and places of one story, shared by every article about it."""

    people: tuple[Person, ...]
    places: tuple[int, ...]
    amount: str  # e.g. "40,000"
    currency: int  # index into CURRENCIES
    keyword: str  # the slug's keyword, e.g. "Teacher"
    category: str  # the slug's category, e.g. "COURTS"


# --------------------------------------------------------------------------- prose


def _at_end(toks: list[str], seq: list[str]) -> None:
    """A phrase after the last word of an unfinished sentence: ``..., officials said``."""
    toks[-1] = continues(toks[-1]) + ","
    toks.extend(seq)


class Prose:
    """Own sentences in a house style: ``TextSource`` word salad with the story's names and,
    when ``phrases`` is on, stock phrases and frequent function-word sequences."""

    def __init__(
        self, vocab: gen.Vocab, text: gen.TextSource, rnd: random.Random, *, phrases: bool
    ) -> None:
        self.v = vocab
        self.text = text
        self.rnd = rnd
        self.phrases = phrases
        self._buffer: dict[int, deque[str]] = {}
        self.first_names: dict[str, int] = {}
        self.last_names: dict[str, int] = {}
        self.places: dict[str, int] = {}
        offs = vocab.class_offset
        for cls, table in (
            (gen.P1, self.first_names),
            (gen.P2, self.last_names),
            (gen.PL, self.places),
        ):
            for i in range(int(offs[cls]), int(offs[cls + 1])):
                kind, forms = vocab.entries[i]
                if kind == 3:  # U.S.^US: an abbreviation, not a name to recast
                    continue
                for form in forms:
                    table[form] = i
        self.person_pool = (
            int(offs[gen.P1]),
            int(offs[gen.P1 + 1]),
            int(offs[gen.P2]),
            int(offs[gen.P2 + 1]),
        )
        self.titles = gen._words(gen.TITLES)
        self._phrases = gen.Phrases(vocab, rnd)
        self.place_pool = self._phrases.places

    def cast(self, keyword: str, category: str) -> Cast:
        rnd = self.rnd
        a1, b1, a2, b2 = self.person_pool
        people = tuple(
            Person(
                rnd.randrange(a1, b1), rnd.randrange(a2, min(b2, a2 + 400)), rnd.choice(self.titles)
            )
            for _ in range(rnd.randint(2, 4))
        )
        places = tuple(rnd.sample(self.place_pool[:300], rnd.randint(1, 3)))
        amount = rnd.choice(
            ["12,000", "25,000", "40,000", "75,000", "120,000", "2.5 million", "400,000"]
        )
        return Cast(people, places, amount, rnd.randrange(len(CURRENCIES)), keyword, category)

    def _sentence(self, style: int) -> str:
        buf = self._buffer.get(style)
        if buf is None:
            buf = self._buffer[style] = deque()
        if not buf:
            buf.extend(self.text.paragraph(style))
        return buf.popleft()

    def phrase(self, template: str, style: int, cast: Cast | None) -> list[str]:
        """A stock phrase in house style ``style`` with its slots filled in (half its
        places the story's)."""
        rnd = self.rnd

        def place() -> int:
            if cast and rnd.random() < 0.5:
                return rnd.choice(cast.places)
            return rnd.choice(self.place_pool)

        return self._phrases.fill(template, style, place)

    def sentence(self, style: int, cast: Cast | None, min_words: int = 6) -> list[str]:
        """The tokens of one own sentence (capitalised, ending with a full stop)."""
        toks = self._sentence(style).split(" ")
        while len(toks) < min_words:
            more = self._sentence(style).split(" ")
            if more[0].lower() in self.v.lower_words:
                more[0] = more[0].lower()
            toks[-1] = continues(toks[-1]) + ","
            toks += ["and", *more]
        if cast is not None:
            self._recast(toks, style, cast)
        if self.phrases:
            self._add_phrases(toks, style, cast)
        toks[0] = capitalize(toks[0])
        toks[-1] = ends_sentence(toks[-1])
        return toks

    def _recast(self, toks: list[str], style: int, cast: Cast) -> None:
        """Names and places become the story's (most of them)."""
        rnd, v = self.rnd, self.v
        i = 0
        while i < len(toks):
            tok = toks[i]
            if not tok[:1].isupper() and tok[:1] not in _OPENERS:
                i += 1
                continue
            p = split_punct(tok)
            if p.core in self.first_names and i + 1 < len(toks):
                q = split_punct(toks[i + 1])
                if q.core in self.last_names and rnd.random() < 0.8:
                    person = rnd.choice(cast.people)
                    toks[i] = p.pre + v.surface(person.first, style) + p.post
                    toks[i + 1] = q.pre + v.surface(person.last, style) + q.post
                    i += 2
                    continue
            elif p.core in self.last_names and rnd.random() < 0.7:
                toks[i] = p.pre + v.surface(rnd.choice(cast.people).last, style) + p.post
            elif p.core in self.places and rnd.random() < 0.5:
                toks[i] = p.pre + v.surface(rnd.choice(cast.places), style) + p.post
            i += 1

    def _add_phrases(self, toks: list[str], style: int, cast: Cast | None) -> None:
        self._phrases.add(toks, lambda template: self.phrase(template, style, cast), _at_end)

    def own(self, doc: str, style: int, cast: Cast | None, min_words: int = 6) -> Sent:
        return Sent.own(self.sentence(style, cast, min_words), doc)

    def paragraph(self, doc: str, style: int, cast: Cast | None, sentences: int) -> Paragraph:
        return [self.own(doc, style, cast) for _ in range(sentences)]

    def words(self, doc: str, style: int, cast: Cast | None, n: int, *, head: bool) -> Sent:
        """``n`` own tokens: the head of an own sentence (capitalised) or its tail (with its
        full stop)."""
        toks = self.sentence(style, cast, min_words=n + 1)
        part = toks[:n] if head else toks[-n:]
        if head:
            part[-1] = continues(part[-1])
        return Sent.own([t.translate(_QUOTES) for t in part], doc)


# --------------------------------------------------------------------------- structure


def clause(sent: Sent, rnd: random.Random, low: int = 5, high: int = 12) -> Sent:
    """A run of ``low..high`` tokens of ``sent``, quotation marks taken off (punctuation
    only: the words stay verbatim). The whole sentence when it is short."""
    n = len(sent)
    size = min(n, rnd.randint(low, high))
    a = rnd.randrange(n - size + 1)
    part = sent.part(a, a + size)
    part.words = [w.translate(_QUOTES) for w in part.words]
    part.words[-1] = continues(part.words[-1])
    return part


def embed(part: Sent, before: Sent | None, after: Sent | None) -> Sent:
    """A sentence of one's own around a kept clause."""
    out = part.copy()
    if before is not None:
        out = before + out
    if after is not None:
        out = out + after
    out.finish()
    return out


def merge(a: Sent, b: Sent, connector: Sent, lower_words: set[str]) -> Sent:
    """``A. B.`` -> ``A, and b.``: two sentences joined into one."""
    first = a.copy()
    first.words[-1] = continues(first.words[-1]) + ","
    second = b.copy()
    w0 = second.words[0]
    if w0.lower() in lower_words:
        second.words[0] = w0.lower()
    out = first + connector + second
    out.finish()
    return out


def split(sent: Sent, at: int) -> list[Sent]:
    """One sentence cut into two at token ``at``."""
    a, b = sent.part(0, at), sent.part(at, len(sent))
    a.finish()
    b.finish()
    return [a, b]


def trim(sent: Sent, keep: int) -> Sent:
    """The sentence's first ``keep`` tokens, ended there."""
    out = sent.part(0, keep)
    out.finish()
    return out


def drop_phrase(sent: Sent, rnd: random.Random) -> Sent:
    """A sentence with a run of 2–5 inner tokens dropped (``between 2019 and 2022``)."""
    n = len(sent)
    size = rnd.randint(2, 5)
    a = rnd.randrange(2, n - size - 1)
    out = sent.part(0, a) + sent.part(a + size, n)
    out.finish()
    return out


# --------------------------------------------------------------------------- house style


class HouseStyle(NamedTuple):
    """An outlet's house style: ``bits`` as in generate.py (spelling | translit << 1 |
    abbreviations << 2) and the wire-copy habits."""

    bits: int
    currency: str  # "symbol" (£40,000) or "words" (40,000 pounds)
    dates: str  # "date" (on March 4) or "weekday" (on Monday)
    said: str  # the verb for "said": "said", "told" or "stated"


class When(NamedTuple):
    """What the weekday and ``today`` edits need: the source's day and whether the copy
    appears a day later."""

    source_day: dt.date
    next_day: bool


class Restyler:
    """Changes copied tokens to an outlet's house style, counting each kind of change."""

    def __init__(self, vocab: gen.Vocab, rnd: random.Random) -> None:
        self.rnd = rnd
        self.maps: list[dict[str, str]] = []
        for bits in range(8):
            m = dict(vocab.spelling_map[bits & 1])
            m.update(vocab.translit_map[(bits >> 1) & 1])
            self.maps.append(m)
        self.spelling = [frozenset(m) for m in vocab.spelling_map]
        self.abbrev = [(d, p) for d, p in vocab.abbrev_pairs]

    def apply(
        self,
        paras: Sequence[Paragraph],
        style: HouseStyle,
        doc: str,
        when: When,
        edits: Counter[str],
    ) -> None:
        for para in paras:
            for sent in para:
                self._sentence(sent, style, doc, when, edits)

    def _sentence(
        self, sent: Sent, style: HouseStyle, doc: str, when: When, edits: Counter[str]
    ) -> None:
        words = sent.words
        mapping = self.maps[style.bits]
        plain = (style.bits >> 2) & 1
        british = style.bits & 1
        rnd = self.rnd
        j = 0
        while j < len(words):
            tok = words[j]
            p = split_punct(tok)
            core = p.core
            if core in mapping:
                kind = "spelling" if core in self.spelling[british] else "transliteration"
                sent.replace(j, j + 1, [p.pre + mapping[core] + p.post], doc)
                edits[kind] += 1
            elif core[:1] in "UEuE" and self.abbrev:
                new = self._abbrev(tok, plain, last=j == len(words) - 1)
                if new != tok:
                    sent.replace(j, j + 1, [new], doc)
                    edits["abbreviation"] += 1
            elif core == "said" and style.said != "said" and rnd.random() < 0.9:
                sent.replace(j, j + 1, [p.pre + style.said + p.post], doc)
                edits["said"] += 1
            elif core in ("today", "Today") and when.next_day and rnd.random() < 0.9:
                day = "Yesterday" if core == "Today" else "yesterday"
                sent.replace(j, j + 1, [p.pre + day + p.post], doc)
                edits["today"] += 1
            elif core[:1] in "£$€" and style.currency == "words" and _AMOUNT.fullmatch(core[1:]):
                # £40,000 -> 40,000 pounds; £2.5 million -> 2.5 million pounds
                unit = _WORD_OF[core[0]]
                if (
                    p.post == ""
                    and j + 1 < len(words)
                    and split_punct(words[j + 1]).core == "million"
                ):
                    q = split_punct(words[j + 1])
                    sent.replace(j, j + 2, [p.pre + core[1:], "million", unit + q.post], doc)
                    j += 2
                else:
                    sent.replace(j, j + 1, [p.pre + core[1:], unit + p.post], doc)
                    j += 1
                edits["currency"] += 1
            elif core in _SYMBOL_OF and style.currency == "symbol" and j > 0:
                # 40,000 pounds -> £40,000; 2.5 million pounds -> £2.5 million
                a = j - 2 if words[j - 1] == "million" and j > 1 else j - 1
                if _AMOUNT.fullmatch(words[a]):
                    parts = [_SYMBOL_OF[core] + words[a], *words[a + 1 : j]]
                    parts[-1] += p.post
                    sent.replace(a, j + 1, parts, doc)
                    edits["currency"] += 1
                    continue
            elif (
                core in _DAYNAMES
                and style.dates == "date"
                and j > 0
                and words[j - 1] == "on"
                and rnd.random() < 0.8
            ):
                back = (when.source_day.weekday() - _DAYNAMES.index(core)) % 7
                d = when.source_day - dt.timedelta(days=back)
                month = _MONTHS[d.month - 1]
                parts = [str(d.day), month] if british else [month, str(d.day)]
                parts[-1] += p.post
                sent.replace(j, j + 1, parts, doc)
                edits["day_to_date"] += 1
                j += 1
            j += 1

    def _abbrev(self, tok: str, plain: int, *, last: bool) -> str:
        for dotted, undotted in self.abbrev:
            if plain and dotted in tok:
                new = tok.replace(dotted, undotted)
                if last and not new.rstrip("”").endswith("."):
                    new = ends_sentence(new)
                return new
            if not plain:
                p = split_punct(tok)
                if p.core == undotted:
                    post = p.post[1:] if p.post.startswith(".") else p.post
                    return p.pre + dotted + post
        return tok

    def synonyms(
        self,
        paras: Sequence[Paragraph],
        rate: float,
        editor: gen.Editor,
        doc: str,
        edits: Counter[str],
    ) -> None:
        """Replace about ``rate`` of the copied lower-case words by a synonym or another word."""
        rnd = self.rnd
        for para in paras:
            for sent in para:
                for j, tok in enumerate(sent.words):
                    if sent.label[j] != VERBATIM or rnd.random() >= rate:
                        continue
                    if tok.isalpha() and tok.islower():
                        sent.replace(j, j + 1, [editor.replacement(tok)], doc)
                        edits["synonym"] += 1
