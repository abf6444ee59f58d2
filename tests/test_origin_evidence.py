"""The evidence of direction (``provenance.origin.evidence``): dates, times, credit
lines and trims on constructed cases, and the weights of a family pair by pair, as a
matrix of every pair's weights (``test_origin_tree_matrix``) holds them.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from importlib import resources

import attrs
import numpy as np
from helpers import (
    BASE,
    DATES,
    SENTENCES,
    Stages,
    analyze_records,
    corpus,
    edge_between,
    paragraph_passages,
    replaced,
)
from hypothesis import given, settings
from hypothesis import strategies as st
from test_origin_tree_matrix import _weight_lists, _weights

from provenance.dates import order, precision
from provenance.model import (
    DATED,
    FOLLOWED,
    AlignConfig,
    Edit,
    Edits,
    Family,
    Link,
    OriginConfig,
)
from provenance.origin.evidence import (
    _credit_of,
    _evidence,
    _Weights,
    calibrated,
    calibration,
    replaces,
    replaces_rows,
    siblings,
)
from provenance.origin.passages import _token_span, _words
from provenance.origin.precedence import OutletOrder
from provenance.origin.stage import _context
from provenance.origin.tree import _Builder
from provenance.segment import segment

S = SENTENCES
TEXT = "The council approved the new budget for the city schools on Tuesday evening."


def test_undated_copy_that_credits_its_source_is_credited() -> None:
    copy = "LONDON (Wire Agency) — " + BASE
    report = analyze_records(
        [
            {"id": "wire", "text": BASE, "outlet": "Wire Agency"},
            {"id": "paper", "text": copy, "outlet": "Daily Paper"},
        ]
    )
    edge = edge_between(report, "wire", "paper")
    assert edge.direction == ("credited",)
    assert any("(Wire Agency)" in sentence for sentence in edge.evidence)
    assert report.families[0].origin_determined


def test_no_evidence_is_undetermined_never_guessed() -> None:
    # identical copies of one day: neither has wording of its own, nothing decides
    report = analyze_records(
        [
            {"id": "x", "text": BASE, "outlet": "X", "date": "2024-03-01"},
            {"id": "y", "text": BASE, "outlet": "Y", "date": "2024-03-01"},
        ]
    )
    (family,) = report.families
    (edge,) = family.edges
    assert edge.direction == ("undetermined",) and edge.confidence == 0.0
    assert not family.origin_determined
    assert "same day" in edge.evidence[0]


def test_copies_of_one_day_each_with_own_wording_share_a_source_outside() -> None:
    other = replaced(BASE, S[1].split()[2], "OTHER")
    report = analyze_records(
        [
            {"id": "x", "text": BASE, "outlet": "X", "date": "2024-03-01"},
            {"id": "y", "text": other, "outlet": "Y", "date": "2024-03-01"},
        ]
    )
    (family,) = report.families
    (edge,) = family.edges
    assert edge.direction == ("common-source",) and family.common_source
    assert "common source outside the corpus" in edge.evidence[0]
    for view in report.views:
        assert view.sources == {} and view.parents == {} and view.outside > 0.5


def test_times_on_the_same_day_decide() -> None:
    report = analyze_records(
        [
            {
                "id": "late",
                "text": replaced(BASE, S[1].split()[2], "OTHER"),
                "outlet": "L",
                "date": "2024-03-01T15:00:00+00:00",
            },
            {"id": "early", "text": BASE, "outlet": "E", "date": "2024-03-01T09:30:00+00:00"},
        ]
    )
    assert edge_between(report, "early", "late").direction == ("dated",)


def test_dates_mixed_with_and_without_times_compare_by_day() -> None:
    report = analyze_records(
        [
            {"id": "day", "text": BASE, "outlet": "D", "date": dt.date(2024, 6, 1)},
            {
                "id": "time",
                "text": replaced(BASE, S[1].split()[2], "OTHER"),
                "outlet": "T",
                "date": "2024-06-01T08:00:00+00:00",
            },
        ]
    )
    assert report.families[0].edges[0].direction == ("undetermined",)


def test_a_trimmed_paragraph_descends_from_the_fuller_one() -> None:
    report = analyze_records(
        [
            {"id": "full", "text": BASE, "outlet": "F"},
            {"id": "trim", "text": S[0], "outlet": "T"},
        ]
    )
    edge = edge_between(report, "full", "trim")
    assert edge.direction == ("textual",)
    assert any("trimmed copy" in sentence for sentence in edge.evidence)


def test_weights_pair_by_pair_are_the_matrix_weights(
    generated_seed5: Stages,
) -> None:
    """Random groups of passages with random links: the same floats as a matrix of
    every pair's, in numpy or in lists."""
    seg, families, config = generated_seed5
    ctx = _context(seg, config.origin, config.align)
    passages = [p for f in families for p in f.passages]
    rng = random.Random(3)
    for _ in range(300):
        group = tuple(rng.sample(passages, rng.randint(2, 12)))
        pairs = [(a, b) for a in range(len(group)) for b in range(a + 1, len(group))]
        linked = rng.sample(pairs, rng.randint(1, len(pairs)))
        links = tuple(
            Link(group[a].id, group[b].id, 0.9, 0.9, 9, (0, 0), (0, 0), ()) for a, b in linked
        )
        family = Family("f", group, links)
        words = [_words(seg, p, _token_span(seg, p)) for p in group]
        builder = _Builder(ctx, family, words)
        in_numpy = _weights(ctx, group, linked, builder.trim).tolist()
        assert _weight_lists(ctx, group, linked, builder.trim) == in_numpy
        weights = _Weights(ctx, group, linked, builder.trim)
        every = range(len(group))
        assert [[weights.weight(x, y) for y in every] for x in every] == in_numpy


_EDITS = st.lists(
    st.builds(
        Edit,
        st.sampled_from(["replace", "insert", "delete"]),
        st.sampled_from(["", "a", "b c"]),
        st.sampled_from(["", "d"]),
        st.integers(0, 9),
        st.integers(0, 9),
        st.integers(0, 9),
        st.integers(0, 9),
        st.booleans(),
    ),
    max_size=6,
)


@settings(max_examples=200, deadline=None)
@given(_EDITS, _EDITS, st.booleans())
def test_replaces_reads_the_table_as_the_edits_read(
    before: list[Edit], edits: list[Edit], swapped: bool
) -> None:
    """``replaces`` reads a link's rows of its table: what the plain test over its
    edits, built as objects, finds (the oracle), however the table is shared or read."""
    table = Edits.of([*before, *edits]).table
    rows = Edits(table, len(before), len(before) + len(edits), swapped)
    link = Link("a", "b", 0.9, 0.9, 9, (0, 0), (0, 0), rows)
    assert replaces(link.edits) == any(e.op == "replace" and not e.moved for e in link.edits)
    assert not replaces(None)
    # Many links at once: each run of rows as the plain test finds it.
    starts = np.array([0, len(before), len(before), 0], dtype=np.int64)
    stops = np.array([len(before), len(before) + len(edits), len(before), len(table)])
    assert replaces_rows(table, starts, stops).tolist() == [
        any(e.op == "replace" and not e.moved for e in Edits(table, a, b))
        for a, b in zip(starts.tolist(), stops.tolist(), strict=True)
    ]


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(DATES), min_size=2, max_size=5), st.data())
def test_siblings_and_date_evidence_are_the_plain_rules(
    dates: list[str], data: st.DataObject
) -> None:
    """``siblings``, the dated evidence and the outlets' order read date keys: the
    rules as written over dates (the oracle): both dated to the day, the same day,
    neither crediting the other; dated evidence where ``order`` puts the parent first;
    followed evidence where the dates leave linked versions open."""
    named = {f"d{k}": v for k, v in enumerate(dates)}
    outlets = {d: data.draw(st.sampled_from(["Wire", "Daily"])) for d in named}
    texts = {d: TEXT + data.draw(st.sampled_from(["", " (Wire)"])) for d in named}
    seg = segment(corpus(texts, {d: v for d, v in named.items() if v}, outlets))
    ctx = _context(seg, OriginConfig(), AlignConfig())
    ctx = attrs.evolve(ctx, outlets=OutletOrder(frozenset({"Wire"}), {"Daily": (3, 0)}))
    passages = {p.doc: p for p in paragraph_passages(seg)}
    for a in named:
        for b in named:
            da, db = ctx.docs[a], ctx.docs[b]
            for variants in (False, True):
                plain = (
                    variants
                    and precision(da.date) == "day"
                    and precision(db.date) == "day"
                    and order(da.date, db.date) == 0
                    and _credit_of(ctx, da, db) is None
                    and _credit_of(ctx, db, da) is None
                )
                assert siblings(ctx, da, db, variants) == plain
            if a != b:
                for linked in (False, True):
                    kinds = _evidence(ctx, passages[a], passages[b], None, linked=linked).kinds
                    assert (DATED in kinds) == (order(da.date, db.date) < 0)
                    # The outlets' order: the wire files, the daily follows; weighed
                    # between linked passages whose dates leave them open, unless both
                    # are dated to the same day.
                    led = (
                        linked
                        and da.outlet == "Wire"
                        and db.outlet == "Daily"
                        and order(da.date, db.date) == 0
                        and not (
                            precision(da.date) == "day" == precision(db.date) and da.date == db.date
                        )
                    )
                    assert (FOLLOWED in kinds) == led


def test_calibration_reads_wire_copy_only_where_the_generator_did_not_measure() -> None:
    """The shipped table: the generated corpus's shares, and for the directions it does
    not show (``followed``, ``held``: it has no agencies), wire copy's."""
    raw = json.loads(resources.files("provenance").joinpath("data/calibration.json").read_text())
    table = calibration()
    for direction, share in raw["right"].items():
        assert table[direction] == share
    for direction, share in raw["right_wire"].items():
        assert table[direction] == raw["right"].get(direction, share)
    assert "followed" in table and "held" in table
    assert calibrated(["followed"], 0.5, 0.0) == raw["right_wire"]["followed"]
