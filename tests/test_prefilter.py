"""The fast verification path of ``provenance.align``, on pairs built to sit near
the thresholds (copies with edits, moved sentences and runs, short sentences,
configurations around the defaults): aligning words as the characters of one
string gives the alignments the id lists give, and ``align`` (chunks of pairs,
worker processes, the prefilter) gives what ``align_pair`` gives pair by pair.
The prefilter never drops a pair that ``align_pair`` links.
"""

from __future__ import annotations

import gc
import random

import numpy as np
import pytest
from helpers import corpus, sentences
from hypothesis import given, settings
from hypothesis import strategies as st

import provenance
from provenance.align import (
    _SLOT_BITS,
    Block,
    _align_pair,
    _relevant,
    _stock,
    _token_text,
    _with_anchors,
    align,
    align_pair,
    prefilter,
)
from provenance.anchors import Anchors, anchors
from provenance.index import candidates
from provenance.model import AlignConfig, Document, Paragraph, Segmentation, Sentence
from provenance.segment import segment
from provenance.sketch import sketch

VOCABULARY = 12  # few distinct words: repeats and chance matches are common

Text = list[list[int]]  # a paragraph: its sentences, each a list of word ids


def _segmentation(paragraphs: list[Text], ids: list[int] | None = None) -> Segmentation:
    """A segmentation with one document per paragraph; word ``w`` is written ``w<w>``
    and has the id ``ids[w]`` (``w`` itself by default)."""
    table: list[int] = []
    starts: list[int] = []
    ends: list[int] = []
    texts: dict[str, str] = {}
    out: list[Paragraph] = []
    for k, sents in enumerate(paragraphs):
        doc, text, lo, spans = f"d{k}", "", len(table), []
        for words in sents:
            first_char, first_word = len(text), len(table)
            for w in words:
                text += " " if text else ""
                starts.append(len(text))
                text += f"w{w}"
                ends.append(len(text))
                table.append(w if ids is None else ids[w])
            text += "."
            spans.append(Sentence(first_char, len(text), (first_word, len(table))))
        texts[doc] = text
        out.append(Paragraph(doc, 0, 0, len(text), tuple(spans), (lo, len(table))))
    return Segmentation(
        provenance.Corpus(tuple(Document(doc, text) for doc, text in texts.items())),
        tuple(out),
        np.array(table, dtype=np.int32),
        np.array(starts, dtype=np.int32),
        np.array(ends, dtype=np.int32),
        (),  # the words' spellings: not needed to align
        texts,
    )


def _edited(base: Text, edits: list[tuple[str, int, int, int]]) -> Text:
    """``base`` after word and sentence edits of the kinds reuse makes."""
    out = [list(s) for s in base]
    for kind, i, j, word in edits:
        s = out[i % len(out)]
        if kind == "replace":
            s[j % len(s)] = word
        elif kind == "delete" and len(s) > 1:
            del s[j % len(s)]
        elif kind == "insert":
            s.insert(j % (len(s) + 1), word)
        elif kind == "move sentence" and len(out) > 1:
            out.insert(j % len(out), out.pop(i % len(out)))
        elif kind == "move run" and len(s) > 2:
            cut = 1 + j % (len(s) - 1)
            out[i % len(out)] = s[cut:] + s[:cut]
        elif kind == "drop sentence" and len(out) > 1:
            del out[i % len(out)]
        elif kind == "new sentence":
            out.insert(j % (len(out) + 1), [word] * (1 + i % 7))
        elif kind == "split" and len(s) > 1:
            cut = 1 + j % (len(s) - 1)
            out[i % len(out) : i % len(out) + 1] = [s[:cut], s[cut:]]
        elif kind == "join" and len(out) > 1:
            k = i % (len(out) - 1)
            out[k : k + 2] = [out[k] + out[k + 1]]
    return out


KINDS = [
    "replace",
    "delete",
    "insert",
    "move sentence",
    "move run",
    "drop sentence",
    "new sentence",
    "split",
    "join",
]
EDITS = st.lists(
    st.tuples(
        st.sampled_from(KINDS),
        st.integers(0, 50),
        st.integers(0, 50),
        st.integers(0, VOCABULARY - 1),
    ),
    max_size=6,
)
PARAGRAPH = st.lists(
    st.lists(st.integers(0, VOCABULARY - 1), min_size=1, max_size=12), min_size=1, max_size=4
)
CONFIG = st.builds(
    AlignConfig,
    min_run=st.integers(1, 3),
    min_moved_run=st.integers(1, 5),
    min_shared_words=st.integers(1, 12),
    min_sentence_words=st.integers(1, 8),
    min_sentence_coverage=st.sampled_from([0.0, 0.3, 0.5, 0.6, 0.7, 0.75, 0.9, 1.0]),
    region_coverage=st.sampled_from([0.0, 0.5, 0.7, 1.0]),
)
PAIR = np.array([[0, 1]], dtype=np.int64)


def _all_pairs(seg: Segmentation) -> np.ndarray:
    n = len(seg.paragraphs)
    return np.array([(i, j) for i in range(n) for j in range(i + 1, n)], dtype=np.int64)


@settings(max_examples=300, deadline=None)
@given(PARAGRAPH, EDITS, CONFIG, st.booleans())
def test_words_as_characters_align_as_the_id_lists(
    base: Text, edits: list[tuple[str, int, int, int]], config: AlignConfig, swap: bool
) -> None:
    copy = _edited(base, edits)
    texts = [copy, base] if swap else [base, copy]
    seg = _segmentation(texts)
    none = _stock(None)
    found = _align_pair(seg, config, None, none, 0, 1)
    assert _align_pair(seg, config, _token_text(seg), none, 0, 1) == found
    linked = align_pair(seg, 0, 1, config)
    found = anchors(seg)
    # The anchors' screen may rule the candidate out; an anchor pair is always aligned.
    kept = bool(found.screen(PAIR)[0]) or len(found.pairs) > 0
    expected = [linked] if linked is not None and kept else []
    assert align(seg, PAIR, config, anchors=found) == expected
    # Ids past U+10FFFF cannot be characters: the id lists are aligned instead.
    wide = _segmentation(texts, [0x110000 + w for w in range(VOCABULARY)])
    assert _token_text(wide) is None
    assert align(wide, PAIR, config, anchors=found) == align(seg, PAIR, config, anchors=found)


def test_in_order_share_of_half_the_minimum_is_completed_by_moved_runs() -> None:
    x, y1, y2 = [1, 2, 3, 4], [5, 6, 7], [8, 9, 10]
    seg = _segmentation([[x + y1 + y2], [y2 + y1 + x]])
    config = AlignConfig(min_moved_run=3, min_shared_words=8)
    linked = align_pair(seg, 0, 1, config)
    assert linked is not None and linked.shared_words == 10
    assert align_pair(seg, 0, 1, AlignConfig(min_moved_run=3, min_shared_words=11)) is None


RANGES = st.lists(st.tuples(st.integers(0, 30), st.integers(0, 8), st.booleans()), max_size=5)
BLOCKS = st.lists(st.tuples(st.integers(0, 30), st.integers(0, 30), st.integers(1, 6)), max_size=8)


@settings(max_examples=300, deadline=None)
@given(RANGES, RANGES, BLOCKS)
def test_relevant_blocks_are_those_overlapping_a_carried_sentence_on_both_sides(
    sa: list[tuple[int, int, bool]], sb: list[tuple[int, int, bool]], blocks: list[Block]
) -> None:
    ra, ca = [(s, s + n) for s, n, _ in sa], [c for _, _, c in sa]
    rb, cb = [(s, s + n) for s, n, _ in sb], [c for _, _, c in sb]

    def touches(first: int, size: int, ranges: list[tuple[int, int]], carried: list[bool]) -> bool:
        return any(
            c and first < e and first + size > s for (s, e), c in zip(ranges, carried, strict=True)
        )

    expected = [(x, y, n) for x, y, n in blocks if touches(x, n, ra, ca) and touches(y, n, rb, cb)]
    assert _relevant(blocks, ra, ca, rb, cb, 40, 40) == expected


@pytest.mark.parametrize("workers", [1, 2])
def test_align_on_the_seed_articles_is_align_pair_pair_by_pair(workers: int) -> None:
    seg = segment(provenance.load(provenance.example_path()))
    pairs = _all_pairs(seg)
    expected = [align_pair(seg, i, j) for i, j in pairs.tolist()]
    linked = [al for al in expected if al is not None]
    assert len(linked) >= 20
    assert align(seg, pairs, anchors=anchors(seg), workers=workers) == linked


@pytest.mark.parametrize("enabled", [True, False])
def test_align_leaves_the_garbage_collector_as_it_found_it(enabled: bool) -> None:
    seg = _segmentation([[[1, 2, 3, 4, 5, 6, 7, 8, 9, 10]], [[1, 2, 3, 4, 5, 6, 7, 8, 9, 11]]])
    was = gc.isenabled()
    try:
        gc.enable() if enabled else gc.disable()
        assert len(align(seg, PAIR, AlignConfig(), workers=2)) == 1
        assert gc.isenabled() is enabled
        with pytest.raises(IndexError):  # no such paragraph: raised while aligning
            align(seg, np.array([[0, 5]], dtype=np.int64), AlignConfig(min_sentence_coverage=0))
        assert gc.isenabled() is enabled
    finally:
        gc.enable() if was else gc.disable()


def _bound_keeps(a: Text, b: Text, config: AlignConfig) -> bool:
    """The prefilter's bound with exact word sets: may a sentence of either side be carried?"""
    if config.min_sentence_coverage <= 0:
        return True
    for sents, other in ((a, b), (b, a)):
        present = {w for s in other for w in s}
        for s in sents:
            if len(s) >= config.min_sentence_words:
                missing = len(set(s) - present)
                if (len(s) - missing) / len(s) >= config.min_sentence_coverage:
                    return True
    return False


def _colliding_ids() -> list[int]:
    """Ids for the words ``0..VOCABULARY-1``: half fall in one slot, half in another."""
    groups: dict[int, list[int]] = {}
    for i in range(1 << 15):
        groups.setdefault(((i * 0x9E3779B1) % 2**32) >> (32 - _SLOT_BITS), []).append(i)
    first, second = (g[: VOCABULARY // 2] for g in list(groups.values())[:2])
    return first + second


COLLIDING = _colliding_ids()


@settings(max_examples=400, deadline=None)
@given(PARAGRAPH, EDITS, CONFIG, st.booleans())
def test_prefilter_never_drops_a_pair_align_pair_links(
    base: Text, edits: list[tuple[str, int, int, int]], config: AlignConfig, swap: bool
) -> None:
    copy = _edited(base, edits)
    a, b = (copy, base) if swap else (base, copy)
    seg = _segmentation([a, b])
    (kept,) = prefilter(seg, PAIR, config)
    # What the bound drops carries no sentence: it is a link only by a clause, and
    # then the anchors find it.
    anchored = len(anchors(seg).pairs) > 0
    assert kept or anchored or align_pair(seg, 0, 1, config) is None
    # Words 0..11 fall in distinct slots: the bound is the one with exact word sets.
    assert kept == _bound_keeps(a, b, config)
    # Words that share a slot look alike to the bound: weaker, still a bound.
    collide = _segmentation([a, b], COLLIDING)
    (kept,) = prefilter(collide, PAIR, config)
    assert kept or anchored or align_pair(collide, 0, 1, config) is None
    assert kept or not _bound_keeps(a, b, config)


def test_prefilter_drops_pairs_without_a_sentence_to_carry() -> None:
    seg = _segmentation([[[1, 2, 3, 4, 5, 6, 7]], [[1, 2, 3, 4, 8, 9, 10]], [[7, 6, 5, 4, 3]]])
    pairs = np.array([[0, 1], [0, 2], [1, 2]], dtype=np.int64)
    config = AlignConfig(min_shared_words=4, min_sentence_words=5, min_sentence_coverage=0.7)
    # 4 of 7 words can be shared (< 0.7); 5 of 5 are present in the other (in reverse).
    assert prefilter(seg, pairs, config).tolist() == [False, True, False]
    assert prefilter(seg, pairs, AlignConfig(min_sentence_coverage=0.0)).all()
    assert prefilter(seg, pairs, AlignConfig(min_sentence_words=8)).tolist() == [False] * 3
    assert align(seg, pairs, config) == [] and align_pair(seg, 0, 2, config) is None


@pytest.mark.parametrize("coverage", [0.5, 0.7, 0.9])
def test_prefilter_on_the_seed_articles(coverage: float) -> None:
    seg = segment(provenance.load(provenance.example_path()))
    pairs = _all_pairs(seg)
    config = AlignConfig(min_sentence_coverage=coverage)
    kept = prefilter(seg, pairs, config)
    found = anchors(seg)
    anchored = np.isin(pairs @ [len(seg.paragraphs), 1], found.pairs @ [len(seg.paragraphs), 1])
    expected = [align_pair(seg, i, j, config) for i, j in pairs.tolist()]
    linked = np.array([al is not None for al in expected])
    assert linked.any()
    assert not (linked & ~(kept | anchored)).any()
    assert (~kept).sum() > 0.8 * (~linked).sum()  # most pairs need no alignment
    found_all = align(seg, pairs, config, anchors=found, workers=2)
    assert found_all == [al for al in expected if al is not None]


def test_prefilter_on_copies_with_edits() -> None:
    rng = random.Random(5)
    pool = sentences(seed=3, count=40) + sentences(seed=4, count=20, words=6)
    texts: dict[str, str] = {}
    for k in range(30):
        picked = rng.sample(pool, rng.randint(1, 4))
        texts[f"src{k}"] = " ".join(picked)
        words = " ".join(rng.sample(picked, len(picked))).split()
        for _ in range(rng.randint(0, 6)):
            at = rng.randrange(len(words))
            words[at : at + rng.randint(0, 2)] = rng.sample(["the", "said", "aid", "talks"], 1)
        texts[f"copy{k}"] = " ".join(words)
    seg = segment(corpus(texts))
    pairs = np.unique(np.vstack([_all_pairs(seg), candidates(seg, sketch(seg))]), axis=0)
    kept = prefilter(seg, pairs)
    expected = [align_pair(seg, i, j) for i, j in pairs.tolist()]
    linked = np.array([al is not None for al in expected])
    assert linked.sum() >= 20
    assert not (linked & ~kept).any()
    assert (~kept).sum() > 0.8 * (~linked).sum()
    assert align(seg, pairs) == [al for al in expected if al is not None]


PAIR_LISTS = st.lists(
    st.tuples(st.integers(0, 30), st.integers(0, 30)).filter(lambda p: p[0] != p[1]), max_size=60
)


@settings(max_examples=200, deadline=None)
@given(PAIR_LISTS, PAIR_LISTS, st.booleans())
def test_pairs_with_anchors_equal_a_set_union(
    candidate: list[tuple[int, int]], anchored: list[tuple[int, int]], ordered: bool
) -> None:
    """``_with_anchors`` against the plain union and membership (``np.union1d``,
    ``np.isin``), on sorted distinct lists (as the stages give them) and on any."""
    width = 31
    pairs = np.array(candidate, dtype=np.int64).reshape(-1, 2)
    extra = np.array(anchored, dtype=np.int64).reshape(-1, 2)
    if ordered:
        pairs = np.unique(pairs, axis=0)
        extra = np.unique(extra, axis=0)
    keys = pairs[:, 0] * width + pairs[:, 1]
    anchor_keys = extra[:, 0] * width + extra[:, 1]
    every = np.union1d(keys, anchor_keys)
    expected = np.column_stack([every // width, every % width, np.isin(every, anchor_keys)]).astype(
        np.int64
    )
    found = _with_anchors(pairs, Anchors(extra, np.zeros(0, dtype=bool), 5, 2), width)
    assert found.tolist() == expected.reshape(-1, 3).tolist()
    assert (
        _with_anchors(pairs, None, width)[:, :2].tolist()
        == np.unique(pairs, axis=0).reshape(-1, 2).tolist()
    )
