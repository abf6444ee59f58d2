"""The column store of paragraphs reads back exactly the paragraphs put in."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from provenance.model import BOILERPLATE_RULES, Corpus, Document, Paragraph, Paragraphs, Sentence
from provenance.segment import segment

sentences = st.lists(
    st.builds(
        Sentence,
        st.integers(0, 10_000),
        st.integers(0, 10_000),
        st.tuples(st.integers(0, 10**9), st.integers(0, 10**9)),
    ),
    max_size=5,
).map(tuple)
paragraphs = st.lists(
    st.builds(
        Paragraph,
        st.sampled_from(["a", "b", "c:1"]),
        st.integers(0, 500),
        st.integers(0, 10_000),
        st.integers(0, 10_000),
        sentences,
        st.tuples(st.integers(0, 10**9), st.integers(0, 10**9)),
        st.none() | st.sampled_from(BOILERPLATE_RULES),
    ),
    max_size=30,
)


@given(paragraphs)
def test_reads_back_what_was_stored(items: list[Paragraph]) -> None:
    table = Paragraphs.from_paragraphs(items)
    assert len(table) == len(items)
    assert list(table) == items
    assert [table[i] for i in range(len(items))] == items
    assert table == items and table == Paragraphs.from_paragraphs(items)
    for i, p in enumerate(items):
        assert table.doc_id(i) == p.doc
        assert table.token_range(i) == p.tokens
        rows = table.sentence_rows(i)
        assert [tuple(table.sentence_spans[r]) for r in rows] == [
            (s.start, s.end) for s in p.sentences
        ]
    assert table.is_boilerplate.tolist() == [p.is_boilerplate for p in items]


@given(paragraphs, st.data())
def test_slices_negative_indexes_and_sentences_of(
    items: list[Paragraph], data: st.DataObject
) -> None:
    table = Paragraphs.from_paragraphs(items)
    lo = data.draw(st.integers(-40, 40))
    hi = data.draw(st.integers(-40, 40))
    step = data.draw(st.sampled_from([None, 1, 2, -1, -3]))
    assert table[lo:hi:step] == tuple(items[lo:hi:step])
    if items:
        i = data.draw(st.integers(-len(items), len(items) - 1))
        assert table[i] == items[i]
    chosen = data.draw(st.lists(st.integers(0, max(len(items) - 1, 0)), max_size=10))
    chosen = [c for c in chosen if c < len(items)]
    rows, owner = table.sentences_of(np.array(chosen, dtype=np.int64))
    expected = [(k, s) for k in chosen for s in items[k].sentences]
    assert owner.tolist() == [k for k, _ in expected]
    assert [tuple(table.sentence_tokens[r]) for r in rows.tolist()] == [
        s.tokens for _, s in expected
    ]


def test_out_of_range_and_unequal() -> None:
    p = Paragraph("a", 0, 0, 5, (Sentence(0, 5, (0, 1)),), (0, 1))
    table = Paragraphs.from_paragraphs([p])
    with pytest.raises(IndexError, match="out of range"):
        table[1]
    assert table != [p, p]
    assert table != Paragraphs.from_paragraphs([Paragraph("b", 0, 0, 5, p.sentences, p.tokens)])


def test_segmentation_builds_the_same_paragraphs_as_listed() -> None:
    """Converting the table to objects and back gives the same columns."""
    texts = {
        "x": "Header\n\nThe minister said on Monday. Talks resume in Geneva soon.\n\nOk.",
        "y": "Another paragraph of text, long enough to count. And a second one here.",
    }
    seg = segment(Corpus(tuple(Document(k, v) for k, v in texts.items())))
    again = Paragraphs.from_paragraphs(list(seg.paragraphs))
    assert again == seg.paragraphs
    assert [p.doc for p in seg.paragraphs] == ["x", "x", "x", "y"]
    assert [len(p.sentences) for p in seg.paragraphs] == [1, 2, 1, 2]
