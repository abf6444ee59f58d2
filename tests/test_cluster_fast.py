"""The cluster stage and the edit scripts against straightforward references.

Each reference below is the plain reading of what the code computes: regions
turned into passages one paragraph at a time, a link built for every alignment
with the best one kept, a union-find over passage ids; edits found by testing
every moved run against every gap. The library's versions must give the same
values in the same order on varied inputs.
"""

from __future__ import annotations

import gc
import random
from collections import defaultdict
from collections.abc import Hashable, Sequence
from itertools import pairwise
from types import SimpleNamespace
from typing import Any

import attrs
from hypothesis import example, given, settings
from hypothesis import strategies as st

import provenance
from provenance.align import (
    Block,
    Words,
    _edits,
    _gaps,
    _in_order_blocks,
    _in_order_matches,
    _mark,
    _moved_blocks,
    _Offsets,
    _script_rows,
    _Spans,
    edit_words,
)
from provenance.align import align as align_stage
from provenance.cluster import cluster, passage_id
from provenance.index import candidates
from provenance.model import (
    AlignConfig,
    Alignment,
    ClusterConfig,
    Config,
    Edit,
    EditOp,
    EditRow,
    Edits,
    Family,
    Link,
    Paragraph,
    Paragraphs,
    Passage,
)
from provenance.segment import segment
from provenance.sketch import sketch

# --------------------------------------------------------------------------- references


def _ref_cluster(
    seg: Any, alignments: list[Alignment], config: ClusterConfig
) -> tuple[list[Family], list[Link]]:
    def overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
        return max(0, min(a[1], b[1]) - max(a[0], b[0]))

    regions: dict[int, set[tuple[int, int]]] = defaultdict(set)
    for al in alignments:
        regions[al.a].add(al.a_span)
        regions[al.b].add(al.b_span)
    owner: dict[tuple[int, tuple[int, int]], Passage] = {}
    passages: list[Passage] = []
    for par, spans in sorted(regions.items()):
        doc = seg.paragraphs[par].doc
        text = seg.corpus_text(doc)
        hosts: list[Passage] = []
        for span in sorted(spans, key=lambda s: (s[0] - s[1], s[0])):
            length = span[1] - span[0]
            host = next(
                (
                    h
                    for h in hosts
                    if overlap((h.start, h.end), span)
                    >= config.min_inside * max(length, h.end - h.start)
                ),
                None,
            )
            if host is None:
                host = Passage(
                    passage_id(doc, *span), doc, par, span[0], span[1], text[span[0] : span[1]]
                )
                hosts.append(host)
            owner[(par, span)] = host
        passages.extend(hosts)
    passages.sort(key=lambda p: (p.doc, p.start, p.end))

    best: dict[tuple[str, str], Link] = {}
    for al in alignments:
        pa, pb = owner[(al.a, al.a_span)], owner[(al.b, al.b_span)]
        if pa.id == pb.id:
            continue
        if pa.id > pb.id:
            pa, pb = pb, pa
            link = Link(
                pa.id,
                pb.id,
                al.similarity,
                al.containment,
                al.shared_words,
                al.b_span,
                al.a_span,
                tuple(_ref_swap(e) for e in al.edits),
                al.quotation,
            )
        else:
            link = Link(
                pa.id,
                pb.id,
                al.similarity,
                al.containment,
                al.shared_words,
                al.a_span,
                al.b_span,
                al.edits,
                al.quotation,
            )
        key = (pa.id, pb.id)
        if key not in best or (link.shared_words, link.similarity) > (
            best[key].shared_words,
            best[key].similarity,
        ):
            best[key] = link
    links = sorted(best.values(), key=lambda ln: (ln.a, ln.b))

    parent = {p.id: p.id for p in passages}

    def find(x: str) -> str:
        while parent[x] != x:
            x = parent[x]
        return x

    for ln in links:
        ra, rb = find(ln.a), find(ln.b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    members: dict[str, list[Passage]] = defaultdict(list)
    for p in passages:
        members[find(p.id)].append(p)
    family_links: dict[str, list[Link]] = defaultdict(list)
    for ln in links:
        family_links[find(ln.a)].append(ln)
    groups = sorted(members.items(), key=lambda kv: (kv[1][0].doc, kv[1][0].start, kv[1][0].end))
    families = [
        Family(f"F{n}", tuple(ps), tuple(family_links[root]))
        for n, (root, ps) in enumerate(groups, start=1)
        if len(ps) > 1
    ]
    return families, links


def _ref_swap(e: Edit) -> Edit:
    op: EditOp = "delete" if e.op == "insert" else "insert" if e.op == "delete" else e.op
    return attrs.evolve(
        e,
        op=op,
        a_text=e.b_text,
        b_text=e.a_text,
        a_start=e.b_start,
        a_end=e.b_end,
        b_start=e.a_start,
        b_end=e.a_end,
    )


def _ref_moved_blocks(
    a: Sequence[Hashable], b: Sequence[Hashable], ma: bytearray, mb: bytearray, min_run: int
) -> list[Block]:
    found: list[Block] = []
    progress = True
    while progress:
        progress = False
        for a0, a1 in _gaps(ma, min_run):
            for b0, b1 in _gaps(mb, min_run):
                for x, y, size in _in_order_blocks(a[a0:a1], b[b0:b1], min_run):
                    found.append((a0 + x, b0 + y, size))
                    _mark(ma, a0 + x, size)
                    _mark(mb, b0 + y, size)
                    progress = True
                if progress:
                    break
            if progress:
                break
    return found


def _ref_inside_any(x: int, y: int, size: int, blocks: list[Block]) -> bool:
    return any(
        (x < bx + n and bx < x + size) or (y < by + n and by < y + size) for bx, by, n in blocks
    )


def _ref_edits(
    a: _Offsets,
    b: _Offsets,
    ordered: list[Block],
    moved: list[Block],
    region_a: tuple[int, int],
    region_b: tuple[int, int],
) -> list[EditRow]:
    edits: list[EditRow] = []
    first_a, first_b = region_a[0], region_b[0]
    bounds = [
        (first_a, first_b, 0),
        *[blk for blk in ordered if blk[2] > 0],
        (region_a[1], region_b[1], 0),
    ]
    for (x0, y0, n0), (x1, y1, _) in pairwise(bounds):
        a_gap0, b_gap0 = x0 + n0, y0 + n0
        in_a, in_b = x1 > a_gap0, y1 > b_gap0
        if not in_a and not in_b:
            continue
        if in_a:
            a_start, a_end = a.starts[a_gap0], a.ends[x1 - 1]
        else:
            a_start = a_end = a.ends[a_gap0 - 1] if a_gap0 > first_a else a.starts[a_gap0]
        if in_b:
            b_start, b_end = b.starts[b_gap0], b.ends[y1 - 1]
        else:
            b_start = b_end = b.ends[b_gap0 - 1] if b_gap0 > first_b else b.starts[b_gap0]
        op: EditOp = ("replace" if in_b else "delete") if in_a else "insert"
        is_moved = bool(moved) and any(a_gap0 <= m[0] < x1 or b_gap0 <= m[1] < y1 for m in moved)
        edits.append(
            (
                op,
                a.text[a_start:a_end],
                b.text[b_start:b_end],
                a_start,
                a_end,
                b_start,
                b_end,
                is_moved,
            )
        )
    return edits


def _ref_script_rows(
    a: _Offsets,
    b: _Offsets,
    words_a: Sequence[Hashable],
    words_b: Sequence[Hashable],
    moved: list[Block],
    region_a: tuple[int, int],
    region_b: tuple[int, int],
) -> tuple[list[EditRow], list[Block], int]:
    a0, b0 = region_a[0], region_b[0]
    blocks = _in_order_matches(words_a, words_b)
    in_order = [
        (x + a0, y + b0, n)
        for x, y, n in blocks
        if not moved or not _ref_inside_any(x + a0, y + b0, n, moved)
    ]
    matches = sum(n for _, _, n in blocks)
    return _ref_edits(a, b, in_order, moved, region_a, region_b), in_order, matches


def _ref_edit_words(
    a: Words, b: Words, config: AlignConfig
) -> tuple[tuple[Edit, ...], list[Block]]:
    if not a.words or not b.words:
        return (), []
    ma = bytearray(len(a.words))
    mb = bytearray(len(b.words))
    for x, y, n in _in_order_blocks(a.words, b.words, config.min_run):
        _mark(ma, x, n)
        _mark(mb, y, n)
    moved = _ref_moved_blocks(a.words, b.words, ma, mb, config.min_moved_run)
    rows, in_order, _ = _ref_script_rows(
        a, b, a.words, b.words, moved, (0, len(a.words)), (0, len(b.words))
    )
    return tuple(Edit(*e) for e in rows), in_order + moved


# --------------------------------------------------------------------------- inputs

_VOCAB = "abcdefg"


def _words(draw: st.DrawFn, alphabet: int, size: int) -> str:
    """Words as the characters of a string, as align sees token ids."""
    return draw(st.text(alphabet=_VOCAB[:alphabet], max_size=size))


def _spans(words: Sequence[Hashable], offset: int = 0) -> _Spans:
    """A text with ``words`` as space-separated tokens, and where each word is."""
    starts = [offset + 2 * i for i in range(len(words))]
    text = " " * offset + " ".join(str(w) for w in words)
    return _Spans(text, starts, [s + 1 for s in starts])


def _marked(a: Sequence[Hashable], b: Sequence[Hashable], min_run: int) -> tuple[bytearray, ...]:
    ma, mb = bytearray(len(a)), bytearray(len(b))
    for x, y, n in _in_order_blocks(a, b, min_run):
        _mark(ma, x, n)
        _mark(mb, y, n)
    return ma, mb


@st.composite
def _sequence_pairs(draw: st.DrawFn) -> tuple[str, str, int]:
    alphabet = draw(st.integers(1, len(_VOCAB)))
    a = _words(draw, alphabet, 60)
    if draw(st.booleans()):  # a reworked copy: shuffled chunks with words changed
        chunks = [a[i : i + 7] for i in range(0, len(a), 7)]
        draw(st.randoms(use_true_random=False)).shuffle(chunks)
        b = "".join(chunks)
        for _ in range(draw(st.integers(0, 6))):
            i = draw(st.integers(0, len(b)))
            b = b[:i] + _words(draw, alphabet, 3) + b[i + draw(st.integers(0, 3)) :]
    else:
        b = _words(draw, alphabet, 60)
    return a, b, draw(st.integers(1, 5))


# --------------------------------------------------------------------------- align


@settings(max_examples=400, deadline=None)
@given(_sequence_pairs(), st.booleans())
# A gap that shrank is aligned again with the gaps it had no run with before.
@example(("gfbacgbhaeeeheghfce", "hdcecbeefhfddfabefhgdhegfhcgbfggbfffcafabcedacg", 2), False)
@example(("bababdccdbcdcbdddacbccccbadccddbab", "addbdadbccbccdabcdbcdadccbaadbdac", 2), False)
def test_moved_blocks_equal_the_reference(case: tuple[str, str, int], as_ids: bool) -> None:
    a, b, min_run = case
    seq_a: Sequence[Hashable] = [ord(c) for c in a] if as_ids else a
    seq_b: Sequence[Hashable] = [ord(c) for c in b] if as_ids else b
    for marks_run in (1, 2, min_run):
        ma, mb = _marked(seq_a, seq_b, marks_run)
        ra, rb = bytearray(ma), bytearray(mb)
        assert _moved_blocks(seq_a, seq_b, ma, mb, min_run) == _ref_moved_blocks(
            seq_a, seq_b, ra, rb, min_run
        )
        assert (ma, mb) == (ra, rb)


@settings(max_examples=400, deadline=None)
@given(_sequence_pairs(), st.data())
def test_script_rows_equal_the_reference(case: tuple[str, str, int], data: st.DataObject) -> None:
    a, b, min_moved = case
    if not a or not b:
        return
    offsets_a, offsets_b = _spans(a, 3), _spans(b)
    ma, mb = _marked(a, b, 2)
    moved = _ref_moved_blocks(a, b, ma, mb, min_moved)
    a0 = data.draw(st.integers(0, len(a) - 1))
    a1 = data.draw(st.integers(a0 + 1, len(a)))
    b0 = data.draw(st.integers(0, len(b) - 1))
    b1 = data.draw(st.integers(b0 + 1, len(b)))
    inside = [(x, y, n) for x, y, n in moved if a0 <= x and x + n <= a1 and b0 <= y and y + n <= b1]
    args = (offsets_a, offsets_b, a[a0:a1], b[b0:b1], inside, (a0, a1), (b0, b1))
    expected = _ref_script_rows(*args)
    assert _script_rows(*args) == expected
    given_blocks = _in_order_matches(a[a0:a1], b[b0:b1])
    assert _script_rows(*args, given_blocks) == expected


@settings(max_examples=400, deadline=None)
@given(_sequence_pairs(), st.data())
def test_script_rows_equal_the_reference_for_any_moved_runs(
    case: tuple[str, str, int], data: st.DataObject
) -> None:
    """Moved runs anywhere in the regions, overlapping the in-order runs or not."""
    a, b, _ = case
    if not a or not b:
        return
    a0 = data.draw(st.integers(0, len(a) - 1))
    b0 = data.draw(st.integers(0, len(b) - 1))
    run = st.tuples(
        st.integers(a0, len(a) - 1), st.integers(b0, len(b) - 1), st.integers(1, 4)
    ).map(lambda r: (r[0], r[1], min(r[2], len(a) - r[0], len(b) - r[1])))
    moved = data.draw(st.lists(run, max_size=4))
    args = (_spans(a), _spans(b, 1), a[a0:], b[b0:], moved, (a0, len(a)), (b0, len(b)))
    assert _script_rows(*args) == _ref_script_rows(*args)
    # The edits between all the in-order runs, whether or not a moved run overlaps them.
    ordered = [(x + a0, y + b0, n) for x, y, n in _in_order_matches(a[a0:], b[b0:])]
    edit_args = (_spans(a), _spans(b, 1), ordered, moved, (a0, len(a)), (b0, len(b)))
    assert _edits(*edit_args) == _ref_edits(*edit_args)


@settings(max_examples=300, deadline=None)
@given(_sequence_pairs(), st.integers(1, 4))
def test_edit_words_equal_the_reference(case: tuple[str, str, int], min_run: int) -> None:
    a, b, min_moved = case
    config = AlignConfig(min_run=min_run, min_moved_run=min_moved)
    wa = Words(*_spans(a)[:1], [ord(c) for c in a], *_spans(a)[1:])
    wb = Words(*_spans(b, 5)[:1], [ord(c) for c in b], *_spans(b, 5)[1:])
    assert edit_words(wa, wb, config) == _ref_edit_words(wa, wb, config)


def test_edit_words_finds_a_moved_clause() -> None:
    a = list("abcdefghijklmnopqrst")
    b = list("klmnopqrstabcdefghij")
    wa = Words(" ".join(a), a, list(range(0, 40, 2)), list(range(1, 40, 2)))
    wb = Words(" ".join(b), b, list(range(0, 40, 2)), list(range(1, 40, 2)))
    edits, blocks = edit_words(wa, wb)
    assert (edits, blocks) == _ref_edit_words(wa, wb, AlignConfig())
    assert any(e.moved for e in edits) and len(blocks) == 2


# --------------------------------------------------------------------------- cluster


@st.composite
def _alignments(draw: st.DrawFn) -> tuple[Any, list[Alignment], ClusterConfig]:
    """Alignments between paragraphs of a few documents. Paragraph ``k`` spans
    characters ``[100 k, 100 k + 100)`` of its document, and regions lie inside
    their paragraph, as segmentation and alignment guarantee; document ids are
    chosen so that id order and paragraph order disagree."""
    docs = draw(
        st.lists(st.sampled_from(["d1", "d10", "d2", "x", "x:1-2"]), min_size=1, max_size=5)
    )
    docs = list(dict.fromkeys(docs))
    paragraphs = Paragraphs.from_paragraphs(
        Paragraph(draw(st.sampled_from(docs)), k, 100 * k, 100 * k + 100, (), (0, 0))
        for k in range(draw(st.integers(2, 8)))
    )
    rng = random.Random(draw(st.integers(0, 2**32)))
    texts = {d: "".join(rng.choices("ab c.", k=100 * len(paragraphs))) for d in docs}
    seg = SimpleNamespace(paragraphs=paragraphs, corpus_text=texts.__getitem__)
    region = st.tuples(st.integers(0, 60), st.integers(1, 40)).map(lambda s: (s[0], s[0] + s[1]))

    def inside(k: int) -> tuple[int, int]:
        start, end = draw(region)
        return 100 * k + start, 100 * k + end

    edit = st.builds(
        Edit,
        st.sampled_from(["replace", "insert", "delete"]),
        st.sampled_from(["", "x", "yz"]),
        st.sampled_from(["", "w"]),
        st.integers(0, 50),
        st.integers(0, 50),
        st.integers(0, 50),
        st.integers(0, 50),
        st.booleans(),
    )
    found = []
    for _ in range(draw(st.integers(0, 25))):
        a = draw(st.integers(0, len(paragraphs) - 2))
        b = draw(st.integers(a + 1, len(paragraphs) - 1))
        found.append(
            Alignment(
                a,
                b,
                inside(a),
                inside(b),
                (),
                draw(st.sampled_from([0.5, 0.75, 1.0])),
                draw(st.sampled_from([0.5, 1.0])),
                draw(st.integers(8, 10)),
                tuple(draw(st.lists(edit, max_size=3))),
                draw(st.booleans()),
            )
        )
    config = ClusterConfig(min_inside=draw(st.sampled_from([0.0, 0.3, 0.6, 1.0])))
    return seg, found, config


@settings(max_examples=500, deadline=None)
@given(_alignments())
def test_cluster_equals_the_reference(case: tuple[Any, list[Alignment], ClusterConfig]) -> None:
    seg, found, config = case
    assert cluster(seg, found, config) == _ref_cluster(seg, found, config)


def test_cluster_equals_the_reference_on_the_seeds() -> None:
    config = Config()
    seg = segment(provenance.load(provenance.example_path()), config.segment)
    pairs = candidates(seg, sketch(seg, config.sketch), config.index)
    found = align_stage(seg, pairs, config.align, workers=1)
    families, links = cluster(seg, found, config.cluster)
    assert families and (families, links) == _ref_cluster(seg, found, config.cluster)


def test_cluster_makes_no_reference_cycles() -> None:
    """The cluster stage pauses the cyclic collector: it must leave no cycles behind."""
    config = Config()
    seg = segment(provenance.load(provenance.example_path()), config.segment)
    pairs = candidates(seg, sketch(seg, config.sketch), config.index)
    found = align_stage(seg, pairs, config.align, workers=1)
    gc.collect()
    gc.disable()
    try:
        families, _ = cluster(seg, found, config.cluster)
        assert families and not gc.isenabled()
        assert gc.collect() == 0
    finally:
        gc.enable()


def test_swap_reads_edits_from_the_other_side() -> None:
    rng = random.Random(5)
    for op in ("replace", "insert", "delete"):
        e = Edit(op, "ab", "c", *(rng.randrange(100) for _ in range(4)), rng.random() < 0.5)  # type: ignore[arg-type]
        edits = Edits.of([e, _ref_swap(e)])
        assert list(edits.swap()) == [_ref_swap(e), e]
        assert edits.swap().swap() == (e, _ref_swap(e))
