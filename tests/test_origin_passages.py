"""What the trees read of each passage (``provenance.origin.passages``): the run read
at once is each passage read alone.
"""

from __future__ import annotations

import random

import attrs
from helpers import Stages

from provenance.model import Passage
from provenance.origin.passages import (
    _opening,
    _read,
    _token_span,
    _whole,
    _words,
    token_spans,
)
from provenance.origin.stage import _context


def test_read_is_each_passage_read_alone(generated_seed11: Stages) -> None:
    """Any span inside a paragraph, word boundaries or not, empty or whole."""
    seg, families, config = generated_seed11
    ctx = _context(seg, config.origin, config.align)
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
    # Token spans by passage id, as painting finds them for a run of passages.
    unique = list({p.id: p for p in passages}.values())
    assert token_spans(seg, unique) == {p.id: _token_span(seg, p) for p in unique}
    assert token_spans(seg, []) == {}
    # Ids beyond Unicode's range: words as lists of ids.
    beyond = attrs.evolve(seg, token_ids=seg.token_ids + 0x110000)
    _, words, _, _ = _read(beyond, passages[:50])
    for p, listed in zip(passages, words, strict=False):
        assert listed == _words(beyond, p, _token_span(beyond, p))
