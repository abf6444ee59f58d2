"""Direction, trees, wording-level origin and document views on constructed cases."""

from __future__ import annotations

import datetime as dt
import gc
import random
from types import SimpleNamespace

import numpy as np
import pytest
from helpers import sentences
from hypothesis import given, settings
from hypothesis import strategies as st

import provenance
from provenance.align import align
from provenance.cluster import cluster
from provenance.index import candidates
from provenance.model import Config, Document, OriginConfig, Passage
from provenance.origin import find_credits, origin, outlet_aliases
from provenance.origin.attribution import _paint
from provenance.origin.credits import _CREDIT_CONTEXTS, _credit_contexts
from provenance.segment import segment
from provenance.sketch import sketch

S = sentences(seed=7, count=10, words=18)
BASE = " ".join(S[0:3])


def _analyze(records: list[dict[str, object]], **options: object) -> provenance.Report:
    return provenance.analyze(records, **options)  # type: ignore[arg-type]


def _edge(report: provenance.Report, parent: str, child: str) -> provenance.model.Edge:
    (family,) = report.families
    for e in family.edges:
        if e.parent.startswith(parent + ":") and e.child.startswith(child + ":"):
            return e
    raise AssertionError(f"no edge {parent} -> {child}: {family.edges}")


def _with(text: str, old: str, new: str) -> str:
    assert old in text
    return text.replace(old, new, 1)


def test_dated_chain_follows_dates_and_shared_changes() -> None:
    w = S[1].split()
    b_text = _with(BASE, w[4], "EDITED")
    c_text = _with(b_text, S[2].split()[5], "AGAIN")
    report = _analyze(
        [
            {"id": "c", "text": c_text, "outlet": "C", "date": "2024-01-03"},
            {"id": "a", "text": BASE, "outlet": "A", "date": "2024-01-01"},
            {"id": "b", "text": b_text, "outlet": "B", "date": "2024-01-02"},
        ]
    )
    (family,) = report.families
    assert family.origin is not None and family.origin.startswith("a:") and family.origin_determined
    ab, bc = _edge(report, "a", "b"), _edge(report, "b", "c")
    assert ab.direction == ("dated",) and bc.direction == ("dated",)
    assert 0 < ab.confidence <= 1
    assert [(e.op, e.a_text, e.b_text) for e in bc.edits] == [("replace", S[2].split()[5], "AGAIN")]
    assert any("published before" in sentence for sentence in ab.evidence)


def test_siblings_sharing_a_change_descend_from_each_other_not_from_the_origin() -> None:
    changed = _with(BASE, S[0].split()[3], "CHANGED")
    report = _analyze(
        [
            {"id": "origin", "text": BASE, "outlet": "O", "date": "2024-02-01"},
            {"id": "first", "text": changed, "outlet": "F", "date": "2024-02-02"},
            {"id": "second", "text": changed + " " + S[5], "outlet": "G", "date": "2024-02-03"},
        ]
    )
    assert _edge(report, "first", "second").direction == ("dated",)
    segs = report.families[0].segments
    second = next(p for p in report.families[0].passages if p.doc == "second")
    own = [
        (g.origin, second.text[g.start - second.start : g.end - second.start])
        for g in segs[second.id]
    ]
    assert ("first", "CHANGED") in own  # introduced by "first", inherited by "second"
    assert all(origin != "second" for origin, _ in own)


def test_undated_copy_that_credits_its_source_is_credited() -> None:
    copy = "LONDON (Wire Agency) — " + BASE
    report = _analyze(
        [
            {"id": "wire", "text": BASE, "outlet": "Wire Agency"},
            {"id": "paper", "text": copy, "outlet": "Daily Paper"},
        ]
    )
    edge = _edge(report, "wire", "paper")
    assert edge.direction == ("credited",)
    assert any("(Wire Agency)" in sentence for sentence in edge.evidence)
    assert report.families[0].origin_determined


def test_user_aliases_extend_the_table() -> None:
    copy = BASE + "\n\nThe report on the talks was first carried on Monday, according to WXA."
    records: list[dict[str, object]] = [
        {"id": "wire", "text": BASE, "outlet": "Wire Agency"},
        {"id": "paper", "text": copy, "outlet": "Daily Paper"},
    ]
    (edge,) = _analyze(records).families[0].edges
    assert edge.direction == ("undetermined",)
    credited = _analyze(records, aliases={"Wire Agency": ["WXA"]})
    assert _edge(credited, "wire", "paper").direction == ("credited",)


def test_no_evidence_is_undetermined_never_guessed() -> None:
    report = _analyze(
        [
            {"id": "x", "text": BASE, "outlet": "X", "date": "2024-03-01"},
            {
                "id": "y",
                "text": _with(BASE, S[1].split()[2], "OTHER"),
                "outlet": "Y",
                "date": "2024-03-01",
            },
        ]
    )
    (family,) = report.families
    (edge,) = family.edges
    assert edge.direction == ("undetermined",) and edge.confidence == 0.0
    assert not family.origin_determined
    assert "same day" in edge.evidence[0]


def test_times_on_the_same_day_decide() -> None:
    report = _analyze(
        [
            {
                "id": "late",
                "text": _with(BASE, S[1].split()[2], "OTHER"),
                "outlet": "L",
                "date": "2024-03-01T15:00:00+00:00",
            },
            {"id": "early", "text": BASE, "outlet": "E", "date": "2024-03-01T09:30:00+00:00"},
        ]
    )
    assert _edge(report, "early", "late").direction == ("dated",)


def test_a_trimmed_paragraph_descends_from_the_fuller_one() -> None:
    report = _analyze(
        [
            {"id": "full", "text": BASE, "outlet": "F"},
            {"id": "trim", "text": S[0], "outlet": "T"},
        ]
    )
    edge = _edge(report, "full", "trim")
    assert edge.direction == ("textual",)
    assert any("trimmed copy" in sentence for sentence in edge.evidence)


def test_shared_quotation_is_not_copying() -> None:
    quote = "“We will not accept any use of force against the people of the region, and we call on all sides to negotiate,”"
    a = f"{quote} the minister said."
    b = f"A spokesperson repeated: {quote}"
    report = _analyze(
        [
            {"id": "a", "text": a, "outlet": "A", "date": "2024-04-01"},
            {"id": "b", "text": b, "outlet": "B", "date": "2024-04-02"},
        ]
    )
    (link,) = report.links
    assert link.quotation
    (edge,) = report.families[0].edges
    assert edge.quotation
    view = report.view("b")
    assert view.quoted > 0 and not view.sources and not view.parents


def test_document_view_names_every_source() -> None:
    a, b = " ".join(S[0:3]), " ".join(S[4:7])
    report = _analyze(
        [
            {"id": "one", "text": a, "outlet": "One", "date": "2024-05-01"},
            {"id": "two", "text": b, "outlet": "Two", "date": "2024-05-01"},
            {
                "id": "both",
                "text": a + "\n\n" + b + "\n\n" + S[8],
                "outlet": "Both",
                "date": "2024-05-02",
            },
        ]
    )
    view = report.view("both")
    assert set(view.sources) == {"one", "two"}
    assert set(view.parents) == {"one", "two"}
    assert abs(sum(view.sources.values()) + view.original + view.quoted - 1.0) < 1e-3
    assert 0 < view.original < 0.5
    assert report.view("one").sources == {} and report.view("one").original == 1.0


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


# Words credit lines are made of, words that nearly make one, and what goes between.
_CREDIT_WORDS = (
    "x Ab RFE/RL Azatutyun.am a.b -x -a.b O'Brien x'Brien x’Y AT&T É é1 _ (MENAFN- (Reuters) "
    "/TASS/ Trend News of the and for said says reported reportedly wrote quoted according to "
    "told via by cited “Ab Ab” ( ) /"
)
_CREDIT_GAPS = [" ", " ", " ", " ", "  ", ", ", ". ", "\n", "", "/", "-"]


def _same_contexts(text: str) -> None:
    fast = [(m.span(), m.lastgroup) for m in _credit_contexts(text)]
    assert fast == [(m.span(), m.lastgroup) for m in _CREDIT_CONTEXTS.finditer(text)]


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
def test_credit_contexts_are_the_full_scan(text: str) -> None:
    _same_contexts(text)


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_CREDIT_WORDS.split()), st.sampled_from(_CREDIT_GAPS))))
def test_credit_contexts_are_the_full_scan_on_any_text(words: list[tuple[str, str]]) -> None:
    _same_contexts("".join(w + gap for w, gap in words))


def test_outlet_names_come_from_the_name_and_the_address() -> None:
    docs = [
        Document("a", "x", outlet="Example Herald (Herald)", url="https://www.herald.example/story")
    ]
    names = outlet_aliases(docs, OriginConfig(builtin_aliases=False))["Example Herald (Herald)"]
    assert {"Example Herald", "Herald", "herald.example"} <= names


def test_dates_mixed_with_and_without_times_compare_by_day() -> None:
    report = _analyze(
        [
            {"id": "day", "text": BASE, "outlet": "D", "date": dt.date(2024, 6, 1)},
            {
                "id": "time",
                "text": _with(BASE, S[1].split()[2], "OTHER"),
                "outlet": "T",
                "date": "2024-06-01T08:00:00+00:00",
            },
        ]
    )
    assert report.families[0].edges[0].direction == ("undetermined",)


def test_origin_makes_no_reference_cycles() -> None:
    """The origin stage pauses the cyclic collector: it must leave no cycles behind."""
    config = Config()
    seg = segment(provenance.load(provenance.example_path()), config.segment)
    pairs = candidates(seg, sketch(seg, config.sketch), config.index)
    families, _ = cluster(seg, align(seg, pairs, config.align, workers=1), config.cluster)
    gc.collect()
    gc.disable()
    try:
        trees, _ = origin(seg, families, config.origin)
        assert trees and not gc.isenabled()
        assert gc.collect() == 0
    finally:
        gc.enable()


def _paint_word_by_word(
    length: int,
    passages: list[Passage],
    codes: dict[str, list[int]],
    starts: list[int],
    ends: list[int],
    spans: dict[str, tuple[int, int]],
) -> tuple[list[int], list[int], list[int]]:
    """The painting rule, one character range per word: longest passage first, each
    clearing its span, then painting each word and the gap to the next word of the
    same code."""
    canvas = [-1] * length
    for p in sorted(passages, key=lambda q: (-(q.end - q.start), q.start)):
        canvas[p.start : p.end] = [-1] * (p.end - p.start)
        first, last = spans[p.id]
        for k in range(first, last):
            code = codes[p.id][k - first]
            same = k + 1 < last and codes[p.id][k + 1 - first] == code
            stop = starts[k + 1] if same else ends[k]
            canvas[starts[k] : stop] = [code] * (stop - starts[k])
    runs: tuple[list[int], list[int], list[int]] = ([], [], [])
    for i, code in enumerate(canvas):
        if code >= 0 and (i == 0 or canvas[i - 1] != code):
            runs[0].append(i)
            runs[1].append(i + 1)
            runs[2].append(code)
        elif code >= 0:
            runs[1][-1] = i + 1
    return runs


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.tuples(st.integers(1, 4), st.integers(0, 2)), min_size=1, max_size=30),
    st.lists(st.tuples(st.integers(0, 29), st.integers(0, 29), st.integers(0, 2)), max_size=6),
    st.randoms(use_true_random=False),
)
def test_painting_passages_is_painting_their_words(
    words: list[tuple[int, int]], cuts: list[tuple[int, int, int]], rnd: random.Random
) -> None:
    starts, ends, at = [], [], 0
    for size, gap in words:  # words of ``size`` characters, ``gap`` apart
        starts.append(at)
        ends.append(at + size)
        at += size + gap
    length = at + 2
    passages, codes, spans = [], {}, {}
    for n, (a, b, slack) in enumerate(cuts):
        first, last = sorted((min(a, len(words) - 1), min(b, len(words) - 1)))
        start = max(0, starts[first] - slack)  # some passages start before their first word
        p = Passage(f"d:{n}", "d", 0, start, ends[last], "")
        passages.append(p)
        spans[p.id] = (first, last + 1)
        codes[p.id] = [rnd.choice([0, 1, 4, 5]) for _ in range(first, last + 1)]
    seg = SimpleNamespace(token_starts=np.array(starts), token_ends=np.array(ends))
    arrays = {pid: np.array(c, dtype=np.int32) for pid, c in codes.items()}
    painted = _paint(seg, length, passages, arrays, spans)  # type: ignore[arg-type]
    assert painted == _paint_word_by_word(length, passages, codes, starts, ends, spans)


def test_edge_edits_follow_the_verification_options() -> None:
    from provenance.align import edit_script

    def edge_edits(**options: object) -> dict[tuple[str, str], tuple[object, ...]]:
        report = provenance.analyze(provenance.example_path(), **options)  # type: ignore[arg-type]
        texts = {d.id: d.text for d in report.documents}
        passages = {p.id: p for f in report.families for p in f.passages}
        out = {}
        for family in report.families:
            for edge in family.edges:
                parent, child = passages[edge.parent], passages[edge.child]
                expected, *_ = edit_script(
                    texts[parent.doc],
                    (parent.start, parent.end),
                    texts[child.doc],
                    (child.start, child.end),
                    report.config.align,
                )
                assert edge.edits == expected
                out[(edge.parent, edge.child)] = edge.edits
        return out

    default = edge_edits()
    longer_runs = edge_edits(min_run=6)
    shared = default.keys() & longer_runs.keys()
    assert shared and any(default[k] != longer_runs[k] for k in shared)
