"""The articles of the wire-copy scenario: outlets, the agency's versions, the outlets'
takes on them, local follow-ups, articles in their own words, and how each is rendered
with the truth of its words. Used by ``benchmarks/wire.py``; standard library and numpy
only.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from collections import Counter
from collections.abc import Sequence
from typing import Any, NamedTuple

import generate as gen
import wire_text as wt
from wire_text import WORD, Cast, HouseStyle, Paragraph, Sent, When

WIDTH = 72  # columns of agency copy
WHOLLY_FROM = 0.8  # share of article words from other documents: wholly derived from here
SIGN_OFFS = (
    "The hearing continues.",
    "The trial continues tomorrow.",
    "More to follow.",
    "More follows.",
    "The inquiry continues.",
    "The case continues.",
    "Talks continue.",
    "Ends.",
)
CATEGORIES = (
    "COURTS",
    "POLITICS",
    "CONFLICT",
    "DIPLOMACY",
    "ECONOMY",
    "ENERGY",
    "HEALTH",
    "ELECTIONS",
    "CRIME",
    "WEATHER",
)
KEYWORDS = gen._words(
    "Teacher Border Talks Ceasefire Budget Strike Verdict Pipeline Summit Protest Floods "
    "Election Corridor Sanctions Hostages Refinery Tender Inquiry Embassy Drones Grain Bridge "
    "Convoy Reactor Hospital Port Pension Ferry Tariffs Mine"
)
UPDATE_TAGS = ("Nightlead", "Update", "Writethru", "Newlead")
LOCAL_PAPERS = gen._words("Gazette Advertiser Echo Mercury Courier Chronicle News Argus")


# --------------------------------------------------------------------------- outlets


def make_outlets(k: int, locals_: int, agencies: int, rnd: random.Random) -> list[dict[str, Any]]:
    """``k`` outlets from generate.py (the first ``agencies`` agencies file the stories)
    and ``locals_`` local papers, each with its house style."""
    for _ in range(100):
        outlets = gen.make_outlets(k, rnd)
        if sum(o["kind"] == "agency" for o in outlets) >= agencies:
            break
    else:  # pragma: no cover - needs an absurdly small k
        raise ValueError(f"could not draw {agencies} agencies among {k} outlets")
    wire = 0
    for o in outlets:
        if o["kind"] == "agency" and wire < agencies:
            o["role"] = "wire"
            wire += 1
            o.update(currency="words", dates="weekday", said="said", zone="+00:00")
        else:
            o["role"] = "outlet"
            _habits(o, rnd)
    used = {n for o in outlets for n in (o["name"], *o["aliases"])}
    towns = gen._generated_places()
    rnd.shuffle(towns)
    for town in towns:
        if len(outlets) >= k + locals_:
            break
        name = f"{town} {rnd.choice(LOCAL_PAPERS)}"
        if name in used:
            continue
        used.add(name)
        spelling = rnd.random() < 0.35
        local = {
            "name": name,
            "aliases": [],
            "kind": "newspaper",
            "domain": re.sub(r"[^a-z0-9]+", "", name.lower())
            + rnd.choice([".com", ".co.uk", ".net"]),
            "spelling": "british" if spelling else "american",
            "abbreviations": "US" if rnd.random() < (0.8 if spelling else 0.3) else "U.S.",
            "transliteration": rnd.randrange(2),
            "zone": rnd.choice(gen.ZONES),
            "timed_share": 0.0,
            "undated_share": 0.15 if rnd.random() < 0.15 else 0.0,
            "weight": 1.0,
            "role": "local",
        }
        _habits(local, rnd)
        outlets.append(local)
    return outlets


def _habits(o: dict[str, Any], rnd: random.Random) -> None:
    o["currency"] = "symbol" if rnd.random() < 0.6 else "words"
    o["dates"] = "date" if rnd.random() < 0.4 else "weekday"
    o["said"] = rnd.choices(["said", "told", "stated"], [0.6, 0.25, 0.15])[0]


def house_style(o: dict[str, Any]) -> HouseStyle:
    return HouseStyle(gen._style(o), o["currency"], o["dates"], o["said"])


# --------------------------------------------------------------------------- articles


class Article:
    """One article being written: its paragraphs, lines that are not article text, truth."""

    __slots__ = (
        "credit",
        "date",
        "day",
        "doc",
        "edits",
        "head",
        "kind",
        "outlet",
        "paras",
        "sources",
        "story",
        "tail",
        "wrap",
    )

    def __init__(self, doc: str, outlet: int, kind: str, story: str | None) -> None:
        self.doc = doc
        self.outlet = outlet
        self.kind = kind  # wire | update | outlet | local | related | unrelated
        self.story = story
        self.paras: list[Paragraph] = []
        self.head: list[str] = []  # slug line, byline
        self.tail: list[str] = []  # sign-off
        self.wrap = False
        self.date: dt.date | dt.datetime | None = None
        self.day: dt.date | None = None  # the day it appeared (known to the truth if undated)
        self.sources: list[str] = []
        self.credit: str | None = None
        self.edits: Counter[str] = Counter()


class Rendered(NamedTuple):
    """An article's text and the truth of its words."""

    text: str
    runs: list[list[Any]]  # [start, end, label, origin]: words in [start, end) share these
    not_article: list[list[int]]  # [start, end) of slug lines, byline, sign-off
    words: int
    verbatim: int
    rewritten: int


def render(art: Article) -> Rendered:
    """The text of ``art`` and runs of words with one label and origin, paragraph by
    paragraph (runs never cross a paragraph break)."""
    out: list[str] = []
    pos = 0
    not_article: list[list[int]] = []
    runs: list[list[Any]] = []
    for line in art.head:
        not_article.append([pos, pos + len(line)])
        out.append(line + "\n")
        pos += len(line) + 1
    if art.head:
        out.append("\n")
        pos += 1
    for i, para in enumerate(art.paras):
        if i:
            out.append("\n\n")
            pos += 2
        col = 0
        run: list[Any] | None = None
        for sent in para:
            for tok, label, truth in zip(sent.words, sent.label, sent.truth, strict=True):
                if col:
                    if art.wrap and col + 1 + len(tok) > WIDTH:
                        out.append("\n")
                        col = 0
                    else:
                        out.append(" ")
                        col += 1
                    pos += 1
                out.append(tok)
                col += len(tok)
                if tok[0].isalnum():
                    ws = pos
                else:
                    m = WORD.search(tok)
                    if m is None:
                        pos += len(tok)
                        continue
                    ws = pos + m.start()
                we = pos + len(tok.rstrip(',.;:”"’)'))
                pos += len(tok)
                name = wt.LABELS[label]
                if run is not None and run[2] == name and run[3] == truth:
                    run[1] = we
                else:
                    run = [ws, we, name, truth]
                    runs.append(run)
    for line in art.tail:
        out.append("\n\n")
        pos += 2
        not_article.append([pos, pos + len(line)])
        out.append(line)
        pos += len(line)
    text = "".join(out)
    words = verbatim = rewritten = 0
    for s, e, name, _ in runs:
        n = len(WORD.findall(text, s, e))
        words += n
        if name == "verbatim":
            verbatim += n
        elif name == "rewritten":
            rewritten += n
    return Rendered(text, runs, not_article, words, verbatim, rewritten)


# --------------------------------------------------------------------------- the desk


class Desk:
    """Writes the articles of a story: the agency's versions, the outlets' takes on them,
    the local papers' follow-ups, and articles in their own words."""

    def __init__(
        self, prose: wt.Prose, restyler: wt.Restyler, editor: gen.Editor, rnd: random.Random
    ) -> None:
        self.prose = prose
        self.restyler = restyler
        self.editor = editor
        self.rnd = rnd
        self.lower_words = prose.v.lower_words

    # ----------------------------------------------------------------- helpers
    def amount(self, cast: Cast, doc: str) -> Sent:
        unit = wt.CURRENCIES[cast.currency][1]
        toks = ["more", "than", *cast.amount.split(), unit]
        return Sent.own(toks, doc)

    def own_sentence(self, doc: str, style: int, cast: Cast | None) -> Sent:
        return self.prose.own(doc, style, cast, min_words=8)

    def clause_sentence(self, part: Sent, doc: str, style: int, cast: Cast | None) -> Sent:
        """A kept clause with the desk's own words before and/or after it."""
        rnd = self.rnd
        r = rnd.random()
        before = (
            self.prose.words(doc, style, cast, rnd.randint(2, 7), head=True) if r < 0.7 else None
        )
        after = (
            self.prose.words(doc, style, cast, rnd.randint(2, 8), head=False)
            if r >= 0.4 or before is None
            else None
        )
        if before is not None and part.words[0].lower() in self.lower_words:
            part.words[0] = part.words[0].lower()
        return wt.embed(part, before, after)

    # ----------------------------------------------------------------- the agency
    def wire_story(self, art: Article, style: int, cast: Cast) -> None:
        """The agency's first version: a one-sentence lead and short paragraphs."""
        rnd, doc = self.rnd, art.doc
        lead = self.prose.own(doc, style, cast, min_words=16)
        k = rnd.randrange(2, max(3, len(lead) - 4))
        lead = lead.part(0, k) + self.amount(cast, doc) + lead.part(k, len(lead))
        lead.words[-1] = wt.continues(lead.words[-1])
        lead = lead + Sent.own(["today"], doc)
        lead.finish()
        art.paras = [[lead]]
        for _ in range(rnd.randint(5, 11)):
            n = rnd.choice((1, 1, 2, 2, 2, 3))
            art.paras.append(self.prose.paragraph(doc, style, cast, n))
        if rnd.random() < 0.5:
            para = art.paras[rnd.randrange(1, len(art.paras))]
            s = para[0]
            k = rnd.randrange(1, len(s))
            para[0] = s.part(0, k) + self.amount(cast, doc) + s.part(k, len(s))
            para[0].finish()
        if rnd.random() < 0.6:
            art.paras[1][-1] = self._today(art.paras[1][-1], doc)

    def _today(self, sent: Sent, doc: str) -> Sent:
        sent = sent.copy()
        sent.words[-1] = wt.continues(sent.words[-1])
        sent = sent + Sent.own(["today"], doc)
        sent.finish()
        return sent

    def update(self, art: Article, prev: Article, style: int, cast: Cast) -> None:
        """A later version by the same agency: a new lead around a clause of the old one,
        most paragraphs kept, some phrases dropped, new paragraphs added."""
        rnd, doc, e = self.rnd, art.doc, art.edits
        paras = [[s.carried() for s in p] for p in prev.paras]
        part = wt.clause(paras[0][0], rnd, 6, 14)
        after = self.prose.words(doc, style, cast, rnd.randint(4, 9), head=False)
        before = self.prose.words(doc, style, cast, rnd.randint(2, 6), head=True)
        if part.words[0].lower() in self.lower_words:
            part.words[0] = part.words[0].lower()
        paras[0] = [wt.embed(part, before, after), *paras[0][1:]]
        e["lead_rewrite"] += 1
        for p in paras[1:]:
            for i, s in enumerate(p):
                if len(s) >= 12 and rnd.random() < 0.3:
                    p[i] = wt.drop_phrase(s, rnd)
                    e["phrase_drop"] += 1
        if len(paras) > 4 and rnd.random() < 0.3:
            del paras[rnd.randrange(2, len(paras))]
            e["paragraph_cut"] += 1
        for _ in range(rnd.randint(1, 3)):
            n = rnd.choice((1, 2, 2))
            paras.insert(
                rnd.randrange(1, len(paras) + 1), self.prose.paragraph(doc, style, cast, n)
            )
            e["own_paragraph"] += 1
        if len(paras) > 3 and rnd.random() < 0.2:
            i, j = rnd.sample(range(1, len(paras)), 2)
            paras[i], paras[j] = paras[j], paras[i]
            e["paragraph_reorder"] += 1
        art.paras = paras

    # ----------------------------------------------------------------- outlets
    def take(
        self,
        art: Article,
        src: Article,
        style: HouseStyle,
        cast: Cast,
        when: When,
        *,
        local: bool = False,
    ) -> None:
        """An outlet's version of ``src``: cut, restructured, restyled, with its own words."""
        rnd, doc, e, sty = self.rnd, art.doc, art.edits, style.bits
        mild = 0.4 if local else 1.0
        paras = [[s.carried() for s in p] for p in src.paras]
        n = len(paras)
        keep = max(2, min(n, round(n * rnd.uniform(0.6 if local else 0.35, 1.0))))
        if keep < n:
            e["paragraph_cut"] += n - keep
            del paras[keep:]
        for i in range(len(paras) - 1, 1, -1):
            if rnd.random() < 0.12 * mild:
                del paras[i]
                e["paragraph_cut"] += 1
        # the lead
        r = rnd.random()
        lead = paras[0][0]
        if local or r < 0.45:
            pass
        elif r < 0.75 and len(lead) >= 8:
            paras[0][0] = self.clause_sentence(wt.clause(lead, rnd, 6, 14), doc, sty, cast)
            e["clause_kept"] += 1
        elif r < 0.9 and len(paras) > 1:
            nxt = paras[1].pop(0)
            connector = Sent.own(rnd.choice(wt.CONNECTORS).split(), doc)
            paras[0][0] = wt.merge(lead, nxt, connector, self.lower_words)
            e["merge"] += 1
            if not paras[1]:
                del paras[1]
        elif len(lead) >= 16:
            paras[0][0:1] = wt.split(lead, rnd.randrange(7, len(lead) - 6))
            e["split"] += 1
        # the other sentences
        for p in paras[1:]:
            i = 0
            while i < len(p):
                s = p[i]
                r = rnd.random() / mild
                if r < 0.08 and len(p) > 1:
                    del p[i]
                    e["sentence_drop"] += 1
                    continue
                if r < 0.18 and len(s) >= 8:
                    p[i] = self.clause_sentence(wt.clause(s, rnd), doc, sty, cast)
                    e["clause_kept"] += 1
                elif r < 0.25 and len(s) >= 12:
                    p[i] = wt.trim(s, rnd.randrange(6, len(s) - 3))
                    e["trim"] += 1
                elif r < 0.33 and len(s) >= 16:
                    p[i : i + 1] = wt.split(s, rnd.randrange(7, len(s) - 6))
                    e["split"] += 1
                    i += 1
                elif r < 0.42 and i + 1 < len(p):
                    connector = Sent.own(rnd.choice(wt.CONNECTORS).split(), doc)
                    p[i : i + 2] = [wt.merge(s, p[i + 1], connector, self.lower_words)]
                    e["merge"] += 1
                i += 1
            if len(p) >= 2 and rnd.random() < 0.1 * mild:
                a, b = rnd.sample(range(len(p)), 2)
                p[a], p[b] = p[b], p[a]
                e["sentence_reorder"] += 1
            if rnd.random() < 0.15 * mild:
                p.insert(rnd.randrange(len(p) + 1), self.own_sentence(doc, sty, cast))
                e["own_sentence"] += 1
        # paragraphs: merged, split, reordered, added
        if len(paras) > 3 and rnd.random() < 0.15 * mild:
            i = rnd.randrange(1, len(paras) - 1)
            paras[i : i + 2] = [paras[i] + paras[i + 1]]
            e["paragraph_merge"] += 1
        for i in range(len(paras) - 1, 0, -1):
            if len(paras[i]) >= 2 and rnd.random() < 0.1 * mild:
                k = rnd.randrange(1, len(paras[i]))
                paras[i : i + 1] = [paras[i][:k], paras[i][k:]]
                e["paragraph_split"] += 1
        if len(paras) > 3 and rnd.random() < 0.25 * mild:
            i, j = rnd.sample(range(1, len(paras)), 2)
            paras[i], paras[j] = paras[j], paras[i]
            e["paragraph_reorder"] += 1
        for _ in range(rnd.choice((0, 0, 1) if local else (0, 1, 1, 2, 3))):
            para = self.prose.paragraph(doc, sty, cast, rnd.choice((1, 2, 2, 3)))
            paras.insert(rnd.randrange(1, len(paras) + 1), para)
            e["own_paragraph"] += 1
        self.restyler.apply(paras, style, doc, when, e)
        self.restyler.synonyms(paras, rnd.uniform(0.0, 0.03 * mild), self.editor, doc, e)
        if src.wrap:
            e["unwrap"] += 1
        art.paras = paras

    def glimpse(
        self, art: Article, src: Article, style: HouseStyle, cast: Cast, when: When
    ) -> None:
        """A story in the outlet's own words that keeps only a clause or two of ``src``."""
        rnd, doc, sty = self.rnd, art.doc, style.bits
        sents = [s for p in src.paras for s in p if len(s) >= 8]
        paras = [
            self.prose.paragraph(doc, sty, cast, rnd.choice((1, 2)))
            for _ in range(rnd.randint(2, 4))
        ]
        for s in rnd.sample(sents, min(len(sents), rnd.randint(1, 2))):
            part = wt.clause(s.carried(), rnd, 5, 9)
            para = paras[rnd.randrange(len(paras))]
            para.insert(rnd.randrange(len(para) + 1), self.clause_sentence(part, doc, sty, cast))
            art.edits["clause_kept"] += 1
        self.restyler.apply(paras, style, doc, when, art.edits)
        art.paras = paras

    def credit(self, art: Article, name: str) -> None:
        """A credit line in the lead: ``..., The Times reported.``, ``according to ...``,
        or ``The Times reported that ...``."""
        rnd, doc = self.rnd, art.doc
        lead = art.paras[0][0]
        r = rnd.random()
        words = name.split()
        if r < 0.45:
            lead.words[-1] = wt.continues(lead.words[-1]) + ","
            lead = lead + Sent.own([*words, "reported."], doc)
        elif r < 0.8:
            lead.words[-1] = wt.continues(lead.words[-1]) + ","
            article = [] if words[0] == "The" else ["the"]
            lead = lead + Sent.own(["according", "to", *article, *words], doc)
        else:
            if lead.words[0].lower() in self.lower_words:
                lead.words[0] = lead.words[0].lower()
            lead = Sent.own([*words, "reported", "that"], doc) + lead
        lead.finish()
        art.paras[0][0] = lead
        art.credit = name
        art.edits["credit"] += 1

    def own_story(self, art: Article, style: int, cast: Cast | None) -> None:
        """An article in its own words (about the story when ``cast`` is given)."""
        rnd, doc = self.rnd, art.doc
        n = rnd.randint(4, 9) if cast is not None else rnd.randint(5, 12)
        art.paras = [
            self.prose.paragraph(doc, style, cast, rnd.choice((1, 2, 2, 3, 4))) for _ in range(n)
        ]
        if cast is not None and rnd.random() < 0.5:
            s = art.paras[0][0]
            k = rnd.randrange(1, len(s))
            art.paras[0][0] = s.part(0, k) + self.amount(cast, doc) + s.part(k, len(s))
            art.paras[0][0].finish()


def article_truth(art: Article, r: Rendered, series: str) -> dict[str, Any]:
    """The truth record of one article (see benchmarks/README.md)."""
    derived = r.verbatim + r.rewritten
    share = derived / r.words if r.words else 0.0
    label = "non" if derived == 0 else "wholly" if share >= WHOLLY_FROM else "partially"
    return {
        "doc": art.doc,
        "series": series,
        "kind": art.kind,
        "story": art.story,
        "label": label,
        "share": round(share, 4),
        "sources": art.sources,
        "credit": art.credit,
        "words": r.words,
        "verbatim": r.verbatim,
        "rewritten": r.rewritten,
        "edits": {k: art.edits[k] for k in sorted(art.edits)},
        "not_article": r.not_article,
        "runs": r.runs,
    }


class TruthWord(NamedTuple):
    """One article word of a truth record: its span, label and origin."""

    start: int
    end: int
    label: str
    origin: str | None


def words_of(text: str, runs: Sequence[Sequence[Any]]) -> list[TruthWord]:
    """Every word of a truth record's runs."""
    return [
        TruthWord(m.start(), m.end(), label, origin)
        for start, end, label, origin in runs
        for m in WORD.finditer(text, start, end)
    ]
