"""Signatures against datasketch, candidates against MinHashLSH and brute force."""

from __future__ import annotations

import itertools
import random

import numpy as np
import pytest
from datasketch import MinHash, MinHashLSH
from helpers import corpus, sentences
from hypothesis import given, settings
from hypothesis import strategies as st

from provenance.index import candidate_units, candidates
from provenance.model import IndexConfig, Signatures, SketchConfig
from provenance.segment import segment
from provenance.sketch import (
    minhash_rows,
    shingle_hash,
    shingles,
    sketch,
    sketch_texts,
    to_lean_minhash,
)

PERM = SketchConfig().num_perm  # the default permutations, as the references use them

WORD = st.sampled_from(
    [
        "alpha",
        "beta",
        "gamma",
        "delta",
        "Epsilon",
        "zeta",
        "eta",
        "theta",
        "iota",
        "kappa",
        "lambda",
        "mu",
    ]
)


def _signatures_of_sets(sets: list[set[int]], num_perm: int = 128) -> Signatures:
    hashes = np.concatenate([np.fromiter(s, dtype=np.uint32) for s in sets])
    offsets = np.zeros(len(sets) + 1, dtype=np.int64)
    np.cumsum([len(s) for s in sets], out=offsets[1:])
    values = minhash_rows(hashes, offsets, num_perm, seed=1)
    n = len(sets)
    return Signatures(values, np.arange(n), np.zeros(n, np.int8), np.zeros((n, 2), np.int64), 1, 3)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.lists(WORD, min_size=1, max_size=30), min_size=1, max_size=4))
def test_signatures_equal_datasketch_minhash(paragraphs: list[list[str]]) -> None:
    texts = {f"d{i}": " ".join(ws) + " closing words here now." for i, ws in enumerate(paragraphs)}
    seg = segment(corpus(texts))
    sig = sketch(seg, SketchConfig(min_sentence_words=100))
    assert len(sig) == sum(1 for p in seg.paragraphs if not p.is_boilerplate)
    for unit in range(len(sig)):
        first, last = sig.tokens[unit]
        words = [seg.vocabulary[i] for i in seg.token_ids[first:last]]
        reference = MinHash(num_perm=PERM, seed=1, hashfunc=shingle_hash)
        for s in shingles(words, 3):
            reference.update(s)
        assert np.array_equal(reference.hashvalues, sig.values[unit])
        lean = to_lean_minhash(sig, unit)
        assert lean.jaccard(reference) == 1.0
        assert lean.jaccard(MinHash(num_perm=PERM, seed=1)) == reference.jaccard(
            MinHash(num_perm=PERM, seed=1)
        )


def test_jaccard_estimates_track_exact_jaccard() -> None:
    rng = random.Random(3)
    errors = []
    for _ in range(200):
        shared = rng.randrange(0, 60)
        a = {rng.getrandbits(32) for _ in range(60 - shared)}
        b = {rng.getrandbits(32) for _ in range(60 - shared)}
        common = {rng.getrandbits(32) for _ in range(shared)}
        sa, sb = a | common, b | common
        sig = _signatures_of_sets([sa, sb])
        estimate = to_lean_minhash(sig, 0).jaccard(to_lean_minhash(sig, 1))
        errors.append(abs(estimate - len(sa & sb) / len(sa | sb)))
    assert float(np.median(errors)) < 0.05
    assert max(errors) < 0.2


@pytest.mark.parametrize(("bands", "rows"), [(32, 4), (64, 2), (128, 1)])
def test_candidates_equal_datasketch_minhashlsh(bands: int, rows: int) -> None:
    rng = random.Random(5)
    base = [{rng.getrandbits(32) for _ in range(40)} for _ in range(30)]
    sets = base + [
        set(rng.sample(sorted(s), 30)) | {rng.getrandbits(32) for _ in range(10)} for s in base
    ]
    sig = _signatures_of_sets(sets)
    config = IndexConfig(bands=bands, rows=rows)
    ours = {tuple(p) for p in candidate_units(sig, config).tolist()}
    lsh = MinHashLSH(num_perm=128, params=(bands, rows))
    for i in range(len(sets)):
        lsh.insert(i, to_lean_minhash(sig, i))
    theirs = set()
    for i in range(len(sets)):
        for j in lsh.query(to_lean_minhash(sig, i)):
            if i < j:
                theirs.add((i, j))
    assert ours == theirs
    assert len(ours) >= 25  # the near copies are found


@pytest.mark.parametrize(("bands", "rows"), [(64, 2), (32, 4)])
def test_candidate_rate_follows_the_s_curve(bands: int, rows: int) -> None:
    """Measured candidate rate per exact-Jaccard bin, brute force, against 1 - (1 - j^r)^b."""
    rng = random.Random(11)
    pairs: list[tuple[set[int], set[int]]] = []
    for _ in range(600):
        size = 50
        shared = rng.randrange(0, size + 1)
        common = {rng.getrandbits(32) for _ in range(shared)}
        pairs.append(
            (
                common | {rng.getrandbits(32) for _ in range(size - shared)},
                common | {rng.getrandbits(32) for _ in range(size - shared)},
            )
        )
    sig = _signatures_of_sets([s for pair in pairs for s in pair])
    found = {tuple(p) for p in candidate_units(sig, IndexConfig(bands=bands, rows=rows)).tolist()}
    exact = np.array([len(a & b) / len(a | b) for a, b in pairs])
    hit = np.array([(2 * i, 2 * i + 1) in found for i in range(len(pairs))])
    for lo, hi in [(0.0, 0.1), (0.2, 0.4), (0.4, 0.6), (0.6, 1.01)]:
        in_bin = (exact >= lo) & (exact < hi)
        if in_bin.sum() < 20:
            continue
        theory = np.mean(1 - (1 - exact[in_bin] ** rows) ** bands)
        assert abs(hit[in_bin].mean() - theory) < 0.12, (lo, hi, hit[in_bin].mean(), theory)


def test_recall_of_high_jaccard_and_contained_paragraphs_by_brute_force() -> None:
    """Every paragraph pair with shingle Jaccard >= 0.5 or containment >= 0.8 is a candidate."""
    rng = random.Random(17)
    pool = sentences(seed=23, count=400)
    texts: dict[str, str] = {}
    for d in range(60):
        picked = rng.sample(pool, 3)
        if d % 3 == 0:  # a trimmed copy: the first sentence of an earlier paragraph
            picked = [texts[f"d{d - 3:02d}"].split(". ")[0] + "."] if d else picked
        texts[f"d{d:02d}"] = " ".join(picked)
    seg = segment(corpus(texts))
    sig = sketch(seg)
    found = {tuple(p) for p in candidates(seg, sig).tolist()}
    shingle_sets = [
        set(shingles([seg.vocabulary[i] for i in seg.token_ids[p.tokens[0] : p.tokens[1]]], 3))
        for p in seg.paragraphs
    ]
    needed = 0
    for i, j in itertools.combinations(range(len(seg.paragraphs)), 2):
        a, b = shingle_sets[i], shingle_sets[j]
        if not a or not b or seg.paragraphs[i].doc == seg.paragraphs[j].doc:
            continue
        jac = len(a & b) / len(a | b)
        con = len(a & b) / min(len(a), len(b))
        if jac >= 0.5 or con >= 0.8:
            needed += 1
            assert (i, j) in found, (i, j, jac, con)
    assert needed > 10


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(alphabet=st.sampled_from("abcÄßXY z’–.-“'1 "), max_size=60), max_size=5))
def test_sketch_texts_equals_datasketch_on_the_same_words(texts: list[str]) -> None:
    from provenance.segment import normalized_words, tokenize

    rows = sketch_texts(texts)
    assert rows.shape == (len(texts), PERM)
    for text, row in zip(texts, rows, strict=True):
        words = normalized_words(text)
        assert words == [w for w, _, _ in tokenize(text)]
        reference = MinHash(num_perm=PERM, seed=1, hashfunc=shingle_hash)
        for s in shingles(words, 3):
            reference.update(s)
        assert np.array_equal(reference.hashvalues, row)


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.lists(WORD, min_size=1, max_size=12), min_size=1, max_size=6),
    st.integers(1, 5),
    st.integers(1, 8),
)
def test_paragraph_and_sentence_signatures_equal_datasketch(
    sentence_words: list[list[str]], shingle_size: int, min_sentence_words: int
) -> None:
    # Sentences of every length around the shingle size and the unit threshold: a
    # paragraph's signature is the minimum over its pieces, a sentence's its piece.
    text = " ".join(" ".join(ws).capitalize() + "." for ws in sentence_words)
    seg = segment(corpus({"d": text + " Closing words stand here now at the very end of it all."}))
    config = SketchConfig(shingle_size=shingle_size, min_sentence_words=min_sentence_words)
    sig = sketch(seg, config)
    assert len(sig) >= 1
    for unit in range(len(sig)):
        first, last = sig.tokens[unit]
        words = [seg.vocabulary[i] for i in seg.token_ids[first:last]]
        reference = MinHash(num_perm=PERM, seed=1, hashfunc=shingle_hash)
        for s in shingles(words, shingle_size):
            reference.update(s)
        assert np.array_equal(reference.hashvalues, sig.values[unit])


def test_paragraph_candidates_follow_the_unit_pairs_for_any_workers_and_blocks(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import provenance.index as index_module

    rng = random.Random(3)
    words = [f"w{i}" for i in range(300)]
    base = [" ".join(rng.choices(words, k=25)) + "." for _ in range(12)]
    texts = {}
    for d in range(8):  # documents sharing some of the base sentences, and some twice
        chosen = rng.sample(base, 4)
        pairs = zip(chosen, [*chosen[1:], chosen[0]], strict=True)
        texts[f"d{d}"] = "\n\n".join(f"{a} {b}" for a, b in pairs)
    seg = segment(corpus(texts))
    sig = sketch(seg)
    units = candidate_units(sig)
    doc = [p.doc for p in seg.paragraphs]
    expected = sorted(
        {(min(a, b), max(a, b)) for a, b in sig.paragraph[units].tolist() if doc[a] != doc[b]}
    )
    assert len(expected) >= 10
    assert candidates(seg, sig).tolist() == [list(p) for p in expected]
    monkeypatch.setattr(index_module._PairSet, "_BLOCK", 7)  # many blocks
    assert candidates(seg, sig, workers=2).tolist() == [list(p) for p in expected]


def test_signatures_do_not_depend_on_the_number_of_workers_or_blocks(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import provenance.sketch as sketch_module

    rng = random.Random(11)
    words = [f"w{i}" for i in range(200)]
    texts = {
        f"d{d}": "\n\n".join(
            " ".join(rng.choices(words, k=12)).capitalize()
            + ". "
            + " ".join(rng.choices(words, k=9)).capitalize()
            + "."
            for _ in range(5)
        )
        for d in range(6)
    }
    seg = segment(corpus(texts))
    one = sketch(seg, SketchConfig(num_perm=16))
    monkeypatch.setattr(sketch_module, "_BLOCK_SHINGLES", 50)  # several blocks
    two = sketch(seg, SketchConfig(num_perm=16), workers=2)
    assert len(one) == 90  # each paragraph and its two sentences
    assert np.array_equal(one.values, two.values)
    assert np.array_equal(one.tokens, two.tokens)


def test_sketch_texts_rows_do_not_depend_on_workers_or_batches(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import provenance.sketch as sketch_module

    rng = random.Random(2)
    words = ["The", "U.S.", "envoy’s", "talks", "resume", "in", "Geneva", "on", "Monday"]
    texts = [" ".join(rng.choices(words, k=rng.randint(0, 30))) for _ in range(60)]
    one = sketch_texts(texts, num_perm=32)
    monkeypatch.setattr(sketch_module, "_TEXTS_PER_BATCH", 7)
    assert np.array_equal(sketch_texts(texts, num_perm=32, workers=2), one)
    for text, row in zip(texts[:10], one[:10], strict=True):
        assert np.array_equal(sketch_texts([text], num_perm=32)[0], row)
