"""The tree builder's fast paths give what the plain, one-passage-at-a-time ways give.

:func:`provenance.origin.stage._trace` reads a whole run of passages at once (their words as
a string of word ids), grows two-passage families directly and attributes words in
lists; here each is checked against the plain way, frozen in this file or kept in
``origin`` as the one-passage form, on the families of a generated corpus.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from itertools import accumulate

import attrs
import numpy as np
import numpy.typing as npt
import pytest
from helpers import generated_families

from provenance.align import Words
from provenance.model import Config, EditRow, EditTable, Family, Passage, Segmentation
from provenance.origin.context import _Context
from provenance.origin.passages import _opening, _read, _token_span, _whole, _words
from provenance.origin.stage import _context, _Run, _runs_of, _trace, _Traced, _TracedTree
from provenance.origin.tree import _FEW, _Builder, _Tree

Stages = tuple[Segmentation, list[Family], Config]


@pytest.fixture(scope="module")
def stages(tmp_path_factory: pytest.TempPathFactory) -> Stages:
    """Segmentation and families of a generated corpus of 1,500 paragraphs."""
    return generated_families(tmp_path_factory.mktemp("trace-speed"), paragraphs=1500, seed=11)


def _word_origins(
    ctx: _Context,
    family: Family,
    tree: _Tree,
    words: Sequence[Words],
) -> npt.NDArray[np.int32]:
    """The attribution of every word, in numpy (frozen: the form before the lists)."""
    passages = family.passages
    edges = [row.fields for row in tree.edges]
    decided = {
        e.child: e.direction != ("undetermined",) or passages[e.parent].doc == passages[e.child].doc
        for e in edges
    }
    ends = list(accumulate(len(w.words) for w in words))
    starts = [0, *ends[:-1]]
    codes = np.empty(ends[-1] if ends else 0, dtype=np.int32)

    def own(i: int, determined: bool) -> npt.NDArray[np.int32]:
        mine = codes[starts[i] : ends[i]]
        mine[:] = 2 * ctx.doc_index[passages[i].doc] + determined
        return mine

    own(tree.root, tree.determined)
    for child, parent in tree.parent_of.items():
        inherited = codes[starts[parent] : ends[parent]]
        edge = decided[child]
        mine = own(child, edge)
        for i, j, n in tree.blocks[child]:
            mine[j : j + n] = inherited[i : i + n] if edge else inherited[i : i + n] & ~1
    return codes


def _plain_trace(ctx: _Context, families: Sequence[Family]) -> _Traced:
    """:func:`_trace` one passage at a time, words as lists of ids, one numpy array of
    codes per family and :meth:`EditTable.from_rows`."""
    trees = []
    spans: list[int] = []
    codes = []
    edits: list[EditRow] = []
    counts = []
    for f in families:
        words = []
        for p in f.passages:
            span = _token_span(ctx.seg, p)
            spans.extend(span)
            words.append(_words(ctx.seg, p, span))
        tree = _Builder(ctx, f, words).build()
        fields = []
        for edge in tree.edges:
            fields.append(edge.fields)
            edits.extend(edge.edits)
            counts.append(len(edge.edits))
        trees.append(_TracedTree(tree.root, tree.determined, fields))
        codes.append(_word_origins(ctx, f, tree, words))
    flat = np.concatenate(codes) if codes else np.empty(0, dtype=np.int32)
    return _Traced(trees, spans, flat, EditTable.from_rows(edits), counts)


def _same_tables(a: EditTable, b: EditTable) -> None:
    for name in ("op", "a_text", "b_text", "offsets", "moved"):
        x, y = getattr(a, name), getattr(b, name)
        assert x.dtype == y.dtype and x.shape == y.shape and np.array_equal(x, y), name
    assert a.words == b.words


def test_trace_is_the_plain_trace(stages: Stages) -> None:
    seg, families, config = stages
    ctx = _context(seg, config.origin, config.align, workers=1)
    assert min(len(f.passages) for f in families) == 2
    assert max(len(f.passages) for f in families) > _FEW
    for run in [_Run(0, len(families)), *_runs_of([5] * len(families), 40), _Run(3, 3)]:
        got = _trace(ctx, families, run)
        expected = _plain_trace(ctx, families[run.start : run.stop])
        assert (got.trees, got.spans, got.counts) == (
            expected.trees,
            expected.spans,
            expected.counts,
        )
        assert got.codes.dtype == expected.codes.dtype
        assert np.array_equal(got.codes, expected.codes)
        _same_tables(got.edits, expected.edits)


def test_read_is_each_passage_read_alone(stages: Stages) -> None:
    """Any span inside a paragraph, word boundaries or not, empty or whole."""
    seg, families, config = stages
    ctx = _context(seg, config.origin, config.align, workers=1)
    rng = random.Random(5)
    passages = [p for f in families for p in f.passages]
    for p in rng.sample(passages, 200):
        table = seg.paragraphs
        lo, hi = int(table.start[p.paragraph]), int(table.end[p.paragraph])
        start = rng.choice([lo, lo + 1, rng.randint(lo, hi)])
        end = rng.choice([hi, hi - 1, rng.randint(start, hi)])
        passages.append(Passage(f"{p.doc}:x", p.doc, p.paragraph, start, end, ""))
    rng.shuffle(passages)
    spans, words, whole, openings = _read(seg, passages)
    for k, p in enumerate(passages):
        span = _token_span(seg, p)
        assert (spans[2 * k], spans[2 * k + 1]) == span
        plain = _words(seg, p, span)
        found = words[k].words
        assert isinstance(found, str)
        assert [ord(c) for c in found] == plain.words
        assert words[k]._replace(words=plain.words) == plain
        assert whole[k] == _whole(ctx, p)
        assert openings[k] == _opening(ctx, p)
    assert _read(seg, []) == ([], [], [], [])
    # Ids beyond Unicode's range: words as lists of ids.
    beyond = attrs.evolve(seg, token_ids=seg.token_ids + 0x110000)
    _, words, _, _ = _read(beyond, passages[:50])
    for p, listed in zip(passages, words, strict=False):
        assert listed == _words(beyond, p, _token_span(beyond, p))
