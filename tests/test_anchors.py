"""Anchors (``provenance.anchors``) against a plain reference: n-grams as tuples of
words, document frequencies counted with sets, pairs with a dictionary."""

from __future__ import annotations

from collections import defaultdict

import numpy as np
import pytest
from helpers import Stages, corpus
from hypothesis import given, settings
from hypothesis import strategies as st

import provenance
import provenance.anchors
from provenance.anchors import _FLAG_BITS, _gram_table, _stock_members, anchors, gram_hashes
from provenance.model import IndexConfig, Segmentation
from provenance.segment import segment

WORDS = ["aid", "border", "talks", "minister", "said", "city", "convoy", "court"]


def ref_anchors(seg: Segmentation, config: IndexConfig) -> tuple[set[tuple[int, int]], set[int]]:
    """The anchor pairs and the token positions that start a stock phrase."""
    shared, common = ref_shared(seg, config)
    return {pair for pair, k in shared.items() if k >= config.min_anchors}, common


def ref_shared(
    seg: Segmentation, config: IndexConfig
) -> tuple[dict[tuple[int, int], int], set[int]]:
    """How many distinct rare n-grams each paragraph pair shares, and the token
    positions that start a stock phrase."""
    n = config.anchor_words
    table = seg.paragraphs
    grams: dict[tuple[int, ...], set[tuple[int, int]]] = defaultdict(set)  # -> (paragraph, start)
    for p in range(len(table)):
        if table.is_boilerplate[p]:
            continue
        lo, hi = table.tokens[p].tolist()
        for s in range(lo, hi - n + 1):
            grams[tuple(seg.token_ids[s : s + n].tolist())].add((p, s))
    shared: dict[tuple[int, int], int] = defaultdict(int)
    common: set[int] = set()
    for places in grams.values():
        docs = {int(table.doc[p]) for p, _ in places}
        if len(docs) > config.max_anchor_documents:
            common |= {s for _, s in places}
            continue
        paras = sorted({p for p, _ in places})
        for i, a in enumerate(paras):
            for b in paras[i + 1 :]:
                if table.doc[a] != table.doc[b]:
                    shared[a, b] += 1
    return shared, common


def ref_screen(seg: Segmentation, config: IndexConfig) -> set[tuple[int, int]]:
    """The paragraph pairs of different documents the anchors' screen lets through:
    sharing at least ``min_candidate_anchors`` rare n-grams, or both paragraphs with
    more than half of their n-grams stock phrases (or no n-gram of article text)."""
    shared, common = ref_shared(seg, config)
    table, n = seg.paragraphs, config.anchor_words
    widely = []
    for p in range(len(table)):
        lo, hi = table.tokens[p].tolist()
        starts = range(0) if table.is_boilerplate[p] else range(lo, hi - n + 1)
        widely.append(not starts or sum(s in common for s in starts) > 0.5 * len(starts))
    return {
        (a, b)
        for a in range(len(table))
        for b in range(a + 1, len(table))
        if table.doc[a] != table.doc[b]
        and (shared.get((a, b), 0) >= config.min_candidate_anchors or (widely[a] and widely[b]))
    }


TEXTS = st.lists(
    st.lists(st.lists(st.sampled_from(WORDS), min_size=0, max_size=14), min_size=1, max_size=3),
    min_size=1,
    max_size=6,
)


@settings(max_examples=150, deadline=None)
@given(
    TEXTS,
    st.integers(2, 5),
    st.integers(1, 3),
    st.integers(1, 4),
    st.integers(0, 3),
)
def test_anchors_equal_the_reference(
    docs: list[list[list[str]]], size: int, least: int, most: int, screened: int
) -> None:
    texts = {
        f"d{k}": "\n".join(" ".join(words) + "." for words in paragraphs)
        for k, paragraphs in enumerate(docs)
    }
    seg = segment(corpus(texts))
    config = IndexConfig(
        anchor_words=size,
        min_anchors=least,
        max_anchor_documents=most,
        min_candidate_anchors=screened,
    )
    found = anchors(seg, config)
    pairs, common = ref_anchors(seg, config)
    assert {(a, b) for a, b in found.pairs.tolist()} == pairs
    assert set(np.flatnonzero(found.common).tolist()) == common
    assert found.pairs.tolist() == sorted(found.pairs.tolist())
    table = seg.paragraphs
    apart = [
        (a, b)
        for a in range(len(table))
        for b in range(a + 1, len(table))
        if table.doc[a] != table.doc[b]
    ]
    screen = found.screen(np.array(apart, dtype=np.int64).reshape(-1, 2))
    passed = {pair for pair, ok in zip(apart, screen.tolist(), strict=True) if ok}
    assert passed == (ref_screen(seg, config) if screened else set(apart))


def test_a_clause_inside_another_sentence_is_an_anchor_pair() -> None:
    clause = "treated the money as her own private bank"
    texts = {
        "wire": f"The prosecutor said that she {clause} for almost a decade.",
        "paper": f"The 52-year-old {clause}, a court heard.",
        "other": "The council met on Tuesday to discuss the new budget for schools.",
    }
    seg = segment(corpus(texts))
    found = anchors(seg)
    docs = [{seg.paragraphs.doc_id(p) for p in pair} for pair in found.pairs.tolist()]
    assert docs == [{"wire", "paper"}]
    assert not found.common.any()


def test_anchors_are_the_same_for_any_workers_and_on_the_reference(
    generated_seed5: Stages,
) -> None:
    """On a generated corpus (stock phrases included, with a low document limit so
    that many n-grams are stock), the parts grouped by worker processes give what
    one process gives, and the reference's pairs and stock phrases."""
    seg = generated_seed5[0]
    config = IndexConfig(max_anchor_documents=3)
    one = anchors(seg, config)
    two = anchors(seg, config, workers=2)
    assert np.array_equal(one.pairs, two.pairs)
    assert np.array_equal(one.common, two.common)
    pairs, common = ref_anchors(seg, config)
    assert {(a, b) for a, b in one.pairs.tolist()} == pairs
    assert set(np.flatnonzero(one.common).tolist()) == common
    assert one.common.any() and len(pairs) > 10


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.integers(0, 2**64 - 1), max_size=40),
    st.lists(st.integers(0, 2**64 - 1), max_size=10),
    st.lists(st.integers(0, 3), max_size=20),
)
def test_stock_members_are_membership(grams: list[int], stock: list[int], near: list[int]) -> None:
    """``_stock_members`` finds what ``np.isin`` finds, with n-grams that share
    their low bits (the flags' index) with a stock phrase without being one."""
    values = np.array(stock, dtype=np.uint64)
    flag_mask = (1 << _FLAG_BITS) - 1
    # Values equal to a stock phrase in the flags' bits only, and the stock phrases themselves.
    lookalikes = [(s & flag_mask) | ((k + 1) << _FLAG_BITS) for s in stock for k in near]
    every = np.array(grams + lookalikes + stock, dtype=np.uint64)
    expected = np.flatnonzero(np.isin(every, values))
    assert _stock_members(every, np.unique(values)).tolist() == expected.tolist()


def ref_gram_hash(ids: list[int]) -> int:
    """The n-gram hash of ``ids``, one Python int at a time (64-bit wrap-around)."""
    mask = (1 << 64) - 1
    h = ids[0]
    for x in ids[1:]:
        h = ((h * 0x100000001B3) & mask) ^ x
    h = (h * 0x9E3779B97F4A7C15) & mask
    return h ^ (h >> 29)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.lists(
            st.one_of(st.lists(st.sampled_from(WORDS), max_size=14), st.just(["--"])),
            min_size=1,
            max_size=4,
        ),
        min_size=1,
        max_size=4,
    ),
    st.integers(1, 5),
)
def test_gram_table_lists_the_starts_of_each_article_paragraph(
    docs: list[list[list[str]]], size: int
) -> None:
    """Where n-grams start, and their paragraphs, as a loop over the paragraphs of
    article text lists them (boilerplate and paragraphs without words included);
    the hash of each is the n-gram's, computed word by word."""
    texts = {
        f"d{k}": "\n".join(" ".join(words) + "." for words in paragraphs)
        for k, paragraphs in enumerate(docs)
    }
    seg = segment(corpus(texts))
    table = seg.paragraphs
    expected: dict[int, int] = {}
    for p in range(len(table)):
        lo, hi = table.tokens[p].tolist()
        if not table.is_boilerplate[p]:
            expected.update({s: p for s in range(lo, hi - size + 1)})
    starts, owners = _gram_table(seg, size)
    assert np.flatnonzero(starts).tolist() == sorted(expected)
    positions = np.array(sorted(expected), dtype=np.int64)
    assert owners.of(positions).tolist() == [expected[s] for s in sorted(expected)]
    hashes = gram_hashes(seg.token_ids, size)
    with pytest.MonkeyPatch.context() as patch:  # blocks of 3 positions, over 3 threads
        patch.setattr(provenance.anchors, "_BLOCK", 3)
        assert np.array_equal(gram_hashes(seg.token_ids, size, threads=3), hashes)
    ids = seg.token_ids.tolist()
    assert [int(hashes[s]) for s in sorted(expected)] == [
        ref_gram_hash(ids[s : s + size]) for s in sorted(expected)
    ]


def _linked_documents(report: provenance.Report) -> set[frozenset[str]]:
    return {frozenset((ln.a.split(":")[0], ln.b.split(":")[0])) for ln in report.links}


def test_a_stock_sentence_links_nothing_and_widely_carried_text_still_links() -> None:
    """Six articles each hold a sentence made mostly of a stock phrase, in a
    paragraph of their own words, and five carry one story paragraph verbatim; with
    ``max_anchor_documents`` 3 both are too common to be anchors. The index pairs
    the stock sentences, but the screen keeps them from being aligned (with the
    screen off they are linked); the carried paragraph is linked in every pair."""
    stock = "officials who spoke on condition of anonymity because they were not authorised"
    story = (
        "The river burst its banks at dawn and flooded forty homes in the lower town, "
        "leaving the old bridge closed to traffic until engineers can inspect it."
    )
    texts: dict[str, str] = {}
    for k in range(6):
        own = " ".join(f"w{k}x{i}" for i in range(14))
        texts[f"s{k}"] = f"{own}.\n\nThe {stock} said w{k}y. Then {own} w{k}z end."
    for k in range(5):
        texts[f"c{k}"] = f"{story}\n\nLocal note w{k}q number {k} for readers here today."
    docs = [
        {"id": i, "outlet": i, "date": f"2024-05-{1 + n:02d}", "text": t}
        for n, (i, t) in enumerate(sorted(texts.items()))
    ]
    carried = {frozenset((f"c{a}", f"c{b}")) for a in range(5) for b in range(a + 1, 5)}
    screened = _linked_documents(provenance.analyze(docs, max_anchor_documents=3))
    assert screened == carried
    unscreened = _linked_documents(
        provenance.analyze(docs, max_anchor_documents=3, min_candidate_anchors=0)
    )
    assert carried < unscreened
    assert any(pair <= {f"s{k}" for k in range(6)} for pair in unscreened - carried)
