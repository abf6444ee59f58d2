"""One account per word (``provenance.origin.accounts``): a word class's origin is the
one member no other comes before, by date or credit line; otherwise a best guess,
marked undetermined."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

import numpy as np
import pytest
from helpers import Stages, corpus, linked_documents
from hypothesis import given, settings
from hypothesis import strategies as st

import provenance
import provenance.origin.accounts as accounts_module
from provenance.dates import before, order
from provenance.model import AlignConfig, Config, Family, OriginConfig, Segment
from provenance.origin.accounts import (
    Variants,
    _Before,
    _before,
    _compacted,
    _decide,
    _digests,
    _doc_sets,
    _DocSets,
    _first,
    _given,
    _label_starts,
    _merged,
    _Textual,
    ordered_links,
    variants,
)
from provenance.origin.context import Accounts, _Context
from provenance.origin.evidence import _credit_of, replaces, siblings
from provenance.origin.holdings import Holdings
from provenance.origin.stage import _context
from provenance.scan import mix64
from provenance.segment import segment
from provenance.wording import WordClasses

TEXT = "The council approved the new budget for the city schools on Tuesday evening."


def _ctx(dates: dict[str, str], texts: dict[str, str] | None = None) -> _Context:
    texts = texts or {doc: TEXT for doc in dates}
    seg = segment(corpus(texts, {d: v for d, v in dates.items() if v}))
    return _context(seg, OriginConfig(), AlignConfig())


@pytest.mark.parametrize(
    ("dates", "tops", "expected"),
    [
        # the earliest, when it is the only one nothing comes before
        ({"a": "2024-03-05", "b": "2024-03-04", "c": "2024-03-06"}, ["a"], ("b", True)),
        # a time before a day it falls on decides nothing: several first, a guess
        ({"a": "2024-03-04T14:14:00+00:00", "b": "2024-03-04"}, ["a"], ("a", False)),
        # an undated member could have come first as well: a guess
        ({"a": "2024-03-04", "b": "2024-03-05", "c": ""}, ["a"], ("a", False)),
        # a single document is its own origin
        ({"a": "2024-03-04"}, [], ("a", True)),
    ],
)
def test_decide(dates: dict[str, str], tops: list[str], expected: tuple[str, bool]) -> None:
    assert _decide(_ctx(dates), sorted(dates), tops, frozenset()) == expected


def test_the_guess_is_where_the_trees_start() -> None:
    ctx = _ctx({"a": "", "b": "", "c": ""})
    assert _decide(ctx, ["a", "b", "c"], ["c"], frozenset()) == ("c", False)
    assert _decide(ctx, ["a", "b", "c"], [], frozenset()) == ("a", False)


def test_copies_of_one_day_with_their_own_variants_share_a_source_outside() -> None:
    day = {"a": "2024-03-05", "b": "2024-03-05", "c": "2024-03-06"}
    ab = frozenset({frozenset({"a", "b"})})
    # each has its own wording where the other has other wording: neither wrote it
    assert _decide(_ctx(day), ["a", "b", "c"], ["a"], ab) == (None, True)
    # without such variants (one a trim of the other), a guess
    assert _decide(_ctx(day), ["a", "b", "c"], ["a"], frozenset()) == ("a", False)
    # a time against a day on that day: either could be first, a guess
    timed = {**day, "a": "2024-03-05T09:00:00+00:00"}
    assert _decide(_ctx(timed), ["a", "b", "c"], ["a"], ab) == ("a", False)
    # undated copies are not taken for copies of a common source
    undated = {"a": "", "b": "", "c": "2024-03-06"}
    assert _decide(_ctx(undated), ["a", "b", "c"], ["a"], ab) == ("a", False)


@pytest.mark.parametrize(
    ("a_date", "witnessed"),
    [
        ("2024-03-04T09:00:00+00:00", True),  # an agency's story of that day: maybe theirs
        ("", True),  # undated: it could have come first
        ("2024-03-05", False),  # dated after them: not their source
        ("2024-03-04", False),  # one more copy of that day
    ],
)
def test_a_source_outside_is_not_claimed_when_one_in_the_corpus_may_be(
    a_date: str, witnessed: bool
) -> None:
    """b and c, copies of one day, hold a class alone; a shares another class with b."""
    ctx = _ctx({"a": a_date, "b": "2024-03-04", "c": "2024-03-04"})
    number = {name: i for i, name in enumerate(ctx.seg.paragraphs.docs)}
    set_of = np.array([0, 0, 1, 1], dtype=np.int64)  # {b, c}, then {a, b}
    doc = np.array([number["b"], number["c"], number["a"], number["b"]], dtype=np.int64)
    holdings = Holdings.of(set_of, doc, len(number), np.array([-1, -1], dtype=np.int64))
    textual = _Textual(ctx, holdings, frozenset())
    assert textual.witnessed([ctx.docs["b"], ctx.docs["c"]]) is witnessed
    assert not textual.witnessed([])


def test_a_credit_line_decides_what_the_dates_leave_open() -> None:
    texts = {
        "wire": TEXT,
        "paper": f"{TEXT} The Example Wire reported the vote first.",
    }
    seg = segment(
        corpus(texts, {"wire": "2024-03-04", "paper": "2024-03-04"}, {"wire": "Example Wire"})
    )
    ctx = _context(seg, OriginConfig(), AlignConfig())
    assert _decide(ctx, ["paper", "wire"], ["paper"], frozenset()) == ("wire", True)


def test_first_of_many_is_the_pairwise_rule(monkeypatch: pytest.MonkeyPatch) -> None:
    import random

    from provenance.origin import accounts

    rnd = random.Random(4)
    days = ["2024-03-04", "2024-03-05", "2024-03-05T10:00:00+00:00", "2024-03", ""]
    dates = {f"d{i:02d}": rnd.choice(days) for i in range(30)}
    names = ["Alpha Courier", "Beta Herald", "Gamma Times", "Delta Post", "Zeta Gazette"]
    outlets = {doc: names[int(doc[1:]) % len(names)] for doc in dates}
    # a few credit lines naming other outlets, so that credits break date ties
    texts = {
        doc: TEXT + (f" The {rnd.choice(names)} reported it first." if rnd.random() < 0.4 else "")
        for doc in dates
    }
    seg = segment(corpus(texts, {d: v for d, v in dates.items() if v}, outlets))
    ctx = _context(seg, OriginConfig(), AlignConfig())
    members = [ctx.docs[d] for d in sorted(dates)]
    assert any(ctx.credits[d.id] for d in members)
    for size in (5, 12, 30):
        group = members[:size]
        monkeypatch.setattr(accounts, "_FEW", 0)
        fast = accounts._first(ctx, group)
        monkeypatch.setattr(accounts, "_FEW", 100)
        assert fast == accounts._first(ctx, group)


SOURCE = (
    "The charity said on Monday that it had raised 40,000 pounds for the new hospital "
    "wing, and that building work would start in the spring once the council approved "
    "the final plans for the site next to the station."
)
REWORDED = (
    "The charity stated on 4 March that it had raised 40,000 pounds for the new hospital "
    "wing, and that building work would start in the spring once the council approved "
    "the final plans for the site next to the station."
)


def _segments_over(report: provenance.Report, doc: str, phrase: str) -> set[Segment]:
    text = next(d.text for d in report.documents if d.id == doc)
    start = text.index(phrase)
    end = start + len(phrase)
    return {
        g
        for f in report.families
        for p in f.passages
        if p.doc == doc
        for g in f.segments[p.id]
        if g.start < end and start < g.end
    }


def test_a_short_replace_in_taken_wording_rewords_the_source() -> None:
    texts = {"source": SOURCE, "copy": REWORDED}
    dates = {"source": "2024-03-04", "copy": "2024-03-05"}
    report = provenance.analyze(corpus(texts, dates))
    for phrase in ("stated", "4 March"):
        (segment,) = _segments_over(report, "copy", phrase)
        assert (segment.origin, segment.rewrites, segment.determined) == ("copy", "source", True)
    (taken,) = _segments_over(report, "copy", "for the new hospital")
    assert (taken.origin, taken.rewrites) == ("source", None)
    view = report.view("copy")
    assert 0 < view.rewritten < view.original
    data = report.to_dict()
    rows = [g for f in data["families"] for p in f["passages"] for g in p["segments"]]
    assert {g["rewrites"] for g in rows} == {None, "source"}
    # turned off, the replaced words are simply the copy's own
    off = provenance.analyze(corpus(texts, dates), config=Config.from_options(rewritten_words=0))
    (segment,) = _segments_over(off, "copy", "stated")
    assert (segment.origin, segment.rewrites) == ("copy", None)
    assert off.view("copy").rewritten == 0.0


def test_a_rewording_later_copies_took_up_stays_a_rewording() -> None:
    """The copy's replaced words are the first of their class once a later paper
    copies the copy: they are still the copy's rewording of the source's words, and
    the later paper's are the copy's."""
    texts = {"source": SOURCE, "copy": REWORDED, "later": REWORDED}
    dates = {"source": "2024-03-04", "copy": "2024-03-05", "later": "2024-03-06"}
    report = provenance.analyze(corpus(texts, dates))
    (segment,) = _segments_over(report, "copy", "stated")
    assert (segment.origin, segment.rewrites, segment.determined) == ("copy", "source", True)
    (segment,) = _segments_over(report, "later", "stated")
    assert (segment.origin, segment.rewrites) == ("copy", None)


def test_the_source_of_a_rewording_is_never_reworded_back() -> None:
    """The source's words replaced in the copy stay the source's own."""
    texts = {"source": SOURCE, "copy": REWORDED}
    dates = {"source": "2024-03-04", "copy": "2024-03-05"}
    report = provenance.analyze(corpus(texts, dates))
    (segment,) = _segments_over(report, "source", "said")
    assert (segment.origin, segment.rewrites) == ("source", None)


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "",
                "2024-03",
                "2024-03-04",
                "2024-03-05",
                "2024-03-04T09:00:00+00:00",
                "2024-03-04T18:00:00+00:00",
                "2024-03-05T01:00:00+05:00",
                "2024-03-04T12:00:00",
            ]
        ),
        min_size=13,
        max_size=40,
    )
)
def test_first_of_many_is_first_of_pairs(dates: list[str]) -> None:
    """Past ``_FEW`` members, the first are found a block of date comparisons at a
    time: the same members as comparing every pair with ``_before``."""
    named = {f"d{k:02d}": v for k, v in enumerate(dates)}
    ctx = _ctx(named)
    members = [ctx.docs[d] for d in sorted(named)]
    plain = [a for a in members if not any(_before(ctx, b, a) for b in members if b is not a)]
    assert _first(ctx, members) == plain


def _plain_variants(ctx: _Context, families: list[Family], *, credits: bool = True) -> Variants:
    """:func:`variants` as first written, every link's documents and dates compared as
    objects, less the pairs a credit line orders (the oracle; all of them without
    ``credits``)."""
    found: set[frozenset[str]] = set()
    for ln, a, b in linked_documents(families, ctx.docs):
        pair = frozenset((a.id, b.id))
        same_day = a.date is not None and b.date is not None and order(a.date, b.date) == 0
        credited = credits and ((_credit_of(ctx, a, b) is None) != (_credit_of(ctx, b, a) is None))
        if len(pair) == 2 and same_day and not credited and replaces(ln.edits):
            found.add(pair)
    return frozenset(found)


def test_variants_are_the_plain_variants(generated_seed5: Stages) -> None:
    """The pairs :func:`variants` finds from date keys among the unordered links are
    those the plain comparison of dates and credit lines finds, on a generated
    corpus's families; and whatever credit lines order, ``siblings`` reads the same."""
    seg, families, config = generated_seed5
    ctx = _context(seg, config.origin, config.align)
    plain = _plain_variants(ctx, list(families))
    assert plain  # the corpus has same-day pairs with variants of their own
    found = variants(ctx, ordered_links(ctx, families))
    assert found == plain
    for pair in _plain_variants(ctx, list(families), credits=False):
        a, b = (ctx.docs[d] for d in sorted(pair))
        assert siblings(ctx, a, b, True) == siblings(ctx, a, b, pair in found)


@settings(max_examples=300, deadline=None)
@given(st.sets(st.integers(0, 50), max_size=30), st.sets(st.integers(0, 60), max_size=20))
def test_merged_accounts_are_the_sorted_concatenation(held: set[int], new: set[int]) -> None:
    """:func:`_merged` is the plain merge (the oracle): the accounts the new ones do not
    replace, joined with the new ones, sorted by token."""
    tokens = np.array(sorted(held), dtype=np.int64)
    codes = (tokens * 4 + 1).astype(np.int32)
    child = np.array(sorted(new), dtype=np.int64)
    theirs = (child * 4 + 2).astype(np.int32)
    got = _merged(Accounts(tokens, codes), child, theirs)
    stays = ~np.isin(tokens, child)
    every = np.concatenate([tokens[stays], child])
    every_codes = np.concatenate([codes[stays], theirs])
    by_token = np.argsort(every, kind="stable")
    assert got.tokens.tolist() == every[by_token].tolist()
    assert got.codes.tolist() == every_codes[by_token].tolist()
    assert got.tokens.dtype == np.int64 and got.codes.dtype == np.int32


_DATES = [
    "",
    "2024-03",
    "2024-03-04",
    "2024-03-05",
    "2024-03-04T09:00:00+00:00",
    "2024-03-04T09:00:00+02:00",
    "2024-03-04T18:00:00+00:00",
    "2024-03-04T12:00:00",
    "2024-03-04T12:00:00.5",
]


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(_DATES), min_size=2, max_size=6), st.data())
def test_before_is_the_plain_rule(dates: list[str], data: st.DataObject) -> None:
    """:func:`_before` of every pair is the rule as written (the oracle): an earlier
    date (:func:`provenance.dates.before`), or the same or no order and a credit line
    naming the other's outlet, not the converse."""
    named = {f"d{k}": v for k, v in enumerate(dates)}
    outlets = {d: data.draw(st.sampled_from(["Wire", "Daily", "Post"])) for d in named}
    texts = {
        d: TEXT + data.draw(st.sampled_from(["", " (Wire)", " according to Daily"])) for d in named
    }
    seg = segment(corpus(texts, {d: v for d, v in named.items() if v}, outlets))
    ctx = _context(seg, OriginConfig(), AlignConfig())

    def credits(child: str, parent: str) -> bool:
        outlet = ctx.docs[parent].outlet
        return (
            bool(outlet)
            and outlet != ctx.docs[child].outlet
            and any(c.outlet == outlet for c in ctx.credits[child])
        )

    for a in named:
        for b in named:
            ka, kb = ctx.dates[a], ctx.dates[b]
            plain = before(ka, kb) or (not before(kb, ka) and credits(b, a) and not credits(a, b))
            assert _before(ctx, ctx.docs[a], ctx.docs[b]) == plain


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(_DATES), min_size=1, max_size=6), st.data())
def test_given_is_the_one_before_every_other(dates: list[str], data: st.DataObject) -> None:
    """:func:`_given` of a set is the number of the member :func:`_before` puts before
    every other, -1 without one; the same asked again of the remembered pairs, in any
    order of the members."""
    named = {f"d{k}": v for k, v in enumerate(dates)}
    outlets = {d: data.draw(st.sampled_from(["Wire", "Daily", "Post"])) for d in named}
    texts = {d: TEXT + data.draw(st.sampled_from(["", " (Wire)"])) for d in named}
    seg = segment(corpus(texts, {d: v for d, v in named.items() if v}, outlets))
    ctx = _context(seg, OriginConfig(), AlignConfig())
    number = {name: i for i, name in enumerate(seg.paragraphs.docs)}
    docs = list(named)
    first = [a for a in docs if all(a == b or _before(ctx, ctx.docs[a], ctx.docs[b]) for b in docs)]
    plain = number[first[0]] if len(first) == 1 else -1
    remembered = _Before(ctx)
    assert _given(docs, number, remembered) == plain
    assert _given(data.draw(st.permutations(docs)), number, remembered) == plain


def _plain_doc_sets(names: tuple[str, ...], classes: WordClasses) -> _DocSets:
    """:func:`_doc_sets` as first written, every triple split into its own arrays (the
    oracle)."""
    width = 2 * len(names)
    pairs = np.sort(classes.label * width + 2 * classes.doc + classes.first)
    pairs = pairs[np.concatenate([[True], pairs[1:] != pairs[:-1]])]
    label, member = np.divmod(pairs, width)
    doc, top = np.divmod(member, 2)
    starts = np.flatnonzero(np.concatenate([[True], label[1:] != label[:-1]]))
    mixed = mix64((member + 1).astype(np.uint64))
    digest = np.add.reduceat(mixed, starts) ^ mix64(
        np.diff(np.append(starts, len(label))).astype(np.uint64)
    )
    _, first_of, set_of = np.unique(digest, return_index=True, return_inverse=True)
    ends = np.append(starts, len(label))
    members: list[list[str]] = []
    tops: list[list[str]] = []
    for at in first_of.tolist():
        lo, hi = starts[at], ends[at + 1]
        docs = doc[lo:hi].tolist()
        members.append(sorted({names[d] for d in docs}))
        tops.append(sorted({names[d] for d, t in zip(docs, top[lo:hi].tolist(), strict=True) if t}))
    where = np.searchsorted(label[starts], classes.label)
    return _DocSets(members, tops, set_of[where])


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 8), st.integers(0, 5), st.booleans()), min_size=1, max_size=40
    )
)
def test_doc_sets_are_the_plain_doc_sets(words: list[tuple[int, int, bool]]) -> None:
    """:func:`_doc_sets` groups classes as the plain version does (the oracle): the same
    sets, members and tops, each word given the same set."""
    names = tuple(f"doc{k}" for k in range(6))
    # Classes labelled by their smallest token, as runs_classes labels them.
    label = [min(i for i, (c, _, _) in enumerate(words) if c == cls) for cls, _, _ in words]
    classes = WordClasses(
        np.arange(len(words), dtype=np.int64),
        np.array(label, dtype=np.int64),
        np.array([d for _, d, _ in words], dtype=np.int64),
        np.array([t for _, _, t in words], dtype=bool),
    )
    ctx = SimpleNamespace(seg=SimpleNamespace(paragraphs=SimpleNamespace(docs=names)))
    got = _doc_sets(ctx, classes)  # type: ignore[arg-type]
    plain = _plain_doc_sets(names, classes)
    assert got.members == plain.members
    assert got.tops == plain.tops
    assert got.code_of.tolist() == plain.code_of.tolist()


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 2**40), st.booleans()), max_size=60),
    st.integers(1, 9),
)
def test_compacted_is_the_kept_values_in_place(rows: list[tuple[int, bool]], block: int) -> None:
    """``_compacted`` (a block at a time, into the array itself) gives ``values[keep]``."""
    values = np.array([v for v, _ in rows], dtype=np.int64)
    keep = np.array([k for _, k in rows], dtype=bool)
    expected = values[keep].tolist()
    assert _compacted(values, keep, block).tolist() == expected


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(0, 2**40), max_size=60), st.integers(0, 8), st.integers(1, 9))
def test_label_starts_are_where_the_high_bits_change(
    values: list[int], shift: int, block: int
) -> None:
    """``_label_starts`` (a block at a time) against the changes of the whole array."""
    key = np.sort(np.array(values, dtype=np.int64))
    high = key >> shift
    expected = [i for i in range(len(high)) if i == 0 or high[i] != high[i - 1]]
    assert _label_starts(key, shift, block).tolist() == expected


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.lists(st.integers(0, 500), min_size=1, max_size=6), max_size=30), st.integers(1, 7)
)
def test_digests_are_the_same_a_block_at_a_time(classes: list[list[int]], block: int) -> None:
    """``_digests`` gives each class the same hash whatever the block of classes, and
    classes with the same members (in the same order) the same hash."""
    members = np.array([m for c in classes for m in c], dtype=np.int32)
    sizes = np.array([len(c) for c in classes], dtype=np.int64)
    starts = np.cumsum(sizes) - sizes
    ends = np.append(starts, len(members))
    whole = _digests(members, starts, ends, len(classes) + 1)
    assert _digests(members, starts, ends, block).tolist() == whole.tolist()
    for i, c in enumerate(classes):
        for j, d in enumerate(classes):
            if c == d:
                assert whole[i] == whole[j]


def test_sets_decided_over_workers_give_the_same_report(
    wire_copy_6k: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = provenance.load(wire_copy_6k / "corpus")
    alone = provenance.analyze(corpus, workers=1).to_json()
    runs: list[int] = []
    real = accounts_module.map_chunks

    def spy(func: Any, args: Any, items: Any, **kw: Any) -> Any:
        runs.append(len(items))
        return real(func, args, items, **kw)

    monkeypatch.setattr(accounts_module, "map_chunks", spy)
    monkeypatch.setattr(accounts_module, "_RUN_MEMBERS", 500)
    assert provenance.analyze(corpus, workers=2).to_json() == alone
    assert runs and runs[0] > 4  # the sets were decided in several runs
