"""Provenance trees (``provenance.origin.tree``): which version each passage descends
from, and the edits of its edge, on constructed cases and the seeds.
"""

from __future__ import annotations

from helpers import BASE, SENTENCES, analyze_records, edge_between, replaced

import provenance

S = SENTENCES


def test_dated_chain_follows_dates_and_shared_changes() -> None:
    w = S[1].split()
    b_text = replaced(BASE, w[4], "EDITED")
    c_text = replaced(b_text, S[2].split()[5], "AGAIN")
    report = analyze_records(
        [
            {"id": "c", "text": c_text, "outlet": "C", "date": "2024-01-03"},
            {"id": "a", "text": BASE, "outlet": "A", "date": "2024-01-01"},
            {"id": "b", "text": b_text, "outlet": "B", "date": "2024-01-02"},
        ]
    )
    (family,) = report.families
    assert family.origin is not None and family.origin.startswith("a:") and family.origin_determined
    ab, bc = edge_between(report, "a", "b"), edge_between(report, "b", "c")
    assert ab.direction == ("dated",) and bc.direction == ("dated",)
    assert 0 < ab.confidence <= 1
    assert [(e.op, e.a_text, e.b_text) for e in bc.edits] == [("replace", S[2].split()[5], "AGAIN")]
    assert any("published before" in sentence for sentence in ab.evidence)


def test_siblings_sharing_a_change_descend_from_each_other_not_from_the_origin() -> None:
    changed = replaced(BASE, S[0].split()[3], "CHANGED")
    report = analyze_records(
        [
            {"id": "origin", "text": BASE, "outlet": "O", "date": "2024-02-01"},
            {"id": "first", "text": changed, "outlet": "F", "date": "2024-02-02"},
            {"id": "second", "text": changed + " " + S[5], "outlet": "G", "date": "2024-02-03"},
        ]
    )
    assert edge_between(report, "first", "second").direction == ("dated",)
    segs = report.families[0].segments
    second = next(p for p in report.families[0].passages if p.doc == "second")
    own = [
        (g.origin, second.text[g.start - second.start : g.end - second.start])
        for g in segs[second.id]
    ]
    assert ("first", "CHANGED") in own  # introduced by "first", inherited by "second"
    assert all(origin != "second" for origin, _ in own)


def test_edge_edits_follow_the_verification_options() -> None:
    from provenance.align import edit_script

    def edge_edits(**options: object) -> dict[tuple[str, str], tuple[object, ...]]:
        report = provenance.analyze(provenance.example_path(), **options)  # type: ignore[arg-type]
        texts = {d.id: d.text for d in report.documents}
        passages = {p.id: p for f in report.families for p in f.passages}
        out = {}
        for family in report.families:
            for edge in family.edges:
                parent, child = passages[edge.parent], passages[edge.child]
                expected, *_ = edit_script(
                    texts[parent.doc],
                    (parent.start, parent.end),
                    texts[child.doc],
                    (child.start, child.end),
                    report.config.align,
                )
                assert edge.edits == expected
                out[(edge.parent, edge.child)] = edge.edits
        return out

    default = edge_edits()
    longer_runs = edge_edits(min_run=6)
    shared = default.keys() & longer_runs.keys()
    assert shared and any(default[k] != longer_runs[k] for k in shared)
