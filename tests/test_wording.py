"""Word classes (``provenance.wording``) against a plain union-find, and on a wire
story: the versions of one word across every alignment form one class."""

from __future__ import annotations

import numpy as np
from helpers import corpus
from hypothesis import given, settings
from hypothesis import strategies as st

from provenance.align import align
from provenance.anchors import anchors
from provenance.index import candidates
from provenance.segment import segment
from provenance.sketch import sketch
from provenance.wording import Affinity, components, runs_classes


def ref_components(edges: list[tuple[int, int]]) -> dict[int, int]:
    """Each node's component, named by its smallest node: a dictionary union-find."""
    parent: dict[int, int] = {}

    def root(x: int) -> int:
        parent.setdefault(x, x)
        while parent[x] != x:
            x = parent[x]
        return x

    for a, b in edges:
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    return {x: root(x) for x in parent}


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 60), st.integers(0, 60)), max_size=80))
def test_components_equal_the_reference(edges: list[tuple[int, int]]) -> None:
    u = np.array([a for a, _ in edges], dtype=np.int64)
    v = np.array([b for _, b in edges], dtype=np.int64)
    nodes, label = components(u, v)
    assert dict(zip(nodes.tolist(), label.tolist(), strict=True)) == ref_components(edges)


_TEXTS = {
    "a": "One two three four five six seven eight nine ten.\n\nEleven twelve thirteen.",
    "b": "Fourteen fifteen sixteen seventeen eighteen nineteen twenty.",
    "c": "Twenty-one twenty-two twenty-three twenty-four twenty-five.\n\nLast words here.",
}


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 1000), st.integers(0, 1000), st.integers(0, 6)), max_size=12)
)
def test_runs_classes_equal_the_reference(rows: list[tuple[int, int, int]]) -> None:
    """Word classes of random runs, labelled over the token table: the words, labels,
    documents and first flags the dictionary union-find gives (the oracle)."""
    seg = segment(corpus(_TEXTS))
    size = len(seg.token_ids)
    runs = np.array(
        [(a % (size - n), b % (size - n), n) for a, b, n in rows], dtype=np.int64
    ).reshape(-1, 3)
    pairs = [(a + k, b + k) for a, b, n in runs.tolist() for k in range(n)]
    classes = runs_classes(seg, runs)
    expected = ref_components(pairs)
    tokens = sorted(expected)
    assert classes.tokens.tolist() == tokens
    assert classes.label.tolist() == [expected[t] for t in tokens]
    assert classes.doc.dtype == np.int32
    if tokens:  # positions of a small token table, in 32 bits
        assert classes.label.dtype == classes.tokens.dtype == np.int32
    docs = [
        int(seg.paragraphs.doc[i])
        for t in tokens
        for i in range(len(seg.paragraphs))
        if seg.paragraphs.token_range(i)[0] <= t < seg.paragraphs.token_range(i)[1]
    ]
    assert classes.doc.tolist() == docs
    received = {b for _, b in pairs}
    assert classes.first.tolist() == [t not in received for t in tokens]


def test_a_long_chain_is_one_class() -> None:
    n = 5000
    rng = np.random.default_rng(3)
    order = rng.permutation(n)
    nodes, label = components(order[:-1], order[1:])
    assert nodes.tolist() == list(range(n)) and set(label.tolist()) == {0}


def test_words_of_three_versions_are_one_class_and_their_own_words_none() -> None:
    clause = "treated the money as her own private bank for almost a decade"
    texts = {
        "wire": f"The prosecutor told the court that she {clause}, the jury heard.",
        "paper": f"The 52-year-old {clause}, a court heard on Monday.",
        "local": f"Mrs Ellis {clause}, her former colleagues said.",
    }
    seg = segment(corpus(texts))
    pairs = candidates(seg, sketch(seg))
    found = align(seg, pairs, anchors=anchors(seg))
    runs = np.array([b for al in found for b in al.blocks], dtype=np.int64)
    classes = runs_classes(seg, runs)
    words = {doc: [] for doc in texts}
    for i in range(len(seg.paragraphs)):
        lo, hi = seg.paragraphs.tokens[i].tolist()
        words[seg.paragraphs.doc_id(i)].extend(range(lo, hi))

    def classes_of(positions: list[int]) -> np.ndarray:
        at = np.minimum(np.searchsorted(classes.tokens, positions), len(classes.tokens) - 1)
        return np.where(classes.tokens[at] == positions, classes.label[at], -1)

    of = {doc: classes_of(w) for doc, w in words.items()}
    shared = {doc: sorted(set(c.tolist()) - {-1}) for doc, c in of.items()}
    # every word of the clause is one class in each of the three documents
    assert shared["wire"] == shared["paper"] == shared["local"]
    assert len(shared["wire"]) == len(clause.split())
    # "Mrs Ellis" and the other outlets' own words belong to no class
    assert of["local"][:2].tolist() == [-1, -1]
    # the words on the second side of a pairing are not first; the others are
    second = set((runs[:, 1:2] + np.arange(12)).ravel().tolist())
    assert {
        t for t, f in zip(classes.tokens.tolist(), classes.first.tolist(), strict=True) if not f
    } == second
    # each paragraph shares twelve words with each other document
    affinity = Affinity.of(seg, found)
    docs = {seg.paragraphs.doc_id(i): i for i in range(len(seg.paragraphs))}
    number = {d: int(seg.paragraphs.doc[i]) for d, i in docs.items()}
    assert affinity.shared(docs["wire"], number["paper"]) == 12
    assert affinity.shared(docs["paper"], number["local"]) == 12
    assert affinity.shared(docs["paper"], number["paper"]) == 0
