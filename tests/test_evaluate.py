"""provenance.evaluate: every measure on small hand-computed cases, the gold loader's
errors, the seeds scored against their hand-written gold, and the recorded figures
(benchmarks/accuracy-baseline.json) for the seeds and Clough & Stevenson's corpus."""

from __future__ import annotations

import importlib.util
import itertools
import json
import math
import random
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

import provenance
from provenance.errors import ConfigError, InputError
from provenance.evaluate import Evaluation, Gold, bcubed, evaluate, load_gold, plagdet
from provenance.model import (
    Config,
    Document,
    DocumentView,
    Edge,
    Family,
    Passage,
    Report,
    Segment,
)

ROOT = Path(__file__).resolve().parent.parent
SEEDS_GOLD = ROOT / "tests" / "gold" / "seeds.json"
BASELINE = ROOT / "benchmarks" / "accuracy-baseline.json"
MIRROR, AZ_KIM, ASBAREZ, AZ_BLINKEN, ASBAREZ_JAN = (
    "000_b03d135d5a5f9bd4",
    "001_b74123e1862006d4",
    "002_38dbc8a61c3aec3c",
    "003_ee28fd59304e4d44",
    "004_9b8e8430f85b65ce",
)


def _accuracy_module() -> ModuleType:
    if "accuracy" in sys.modules:
        return sys.modules["accuracy"]
    spec = importlib.util.spec_from_file_location("accuracy", ROOT / "benchmarks" / "accuracy.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["accuracy"] = module
    spec.loader.exec_module(module)
    return module


# --------------------------------------------------------------------------- hand-made reports

TEXTS = {
    "x": "Alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi.",
    "y": "Alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi.",
    "z": "Alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi.",
    "w": "Rho sigma tau upsilon phi chi psi omega and some other words of its own here too.",
}


def _report(
    families: Sequence[Mapping[str, Any]],
    views: Mapping[str, Mapping[str, float]] | None = None,
    texts: Mapping[str, str] = TEXTS,
) -> Report:
    """A report built by hand. Each family: ``passages`` [(doc, start, end)], optional
    ``edges`` [(parent index, child index, direction)], ``segments`` {index: [(s, e, origin)]}."""
    fams = []
    for n, spec in enumerate(families):
        ps = [Passage(f"{d}:{s}-{e}", d, 0, s, e, texts[d][s:e]) for d, s, e in spec["passages"]]
        edges = tuple(
            Edge(ps[a].id, ps[b].id, 0.5, tuple(direction), (), (), 1.0)
            for a, b, direction in spec.get("edges", [])
        )
        children = {e.child for e in edges}
        roots = [p.id for p in ps if p.id not in children]
        segments = {
            ps[i].id: tuple(Segment(s, e, o) for s, e, o in segs)
            for i, segs in spec.get("segments", {}).items()
        }
        fams.append(
            Family(f"F{n + 1}", tuple(ps), (), roots[0] if roots else None, True, edges, segments)
        )
    return Report(
        documents=tuple(Document(d, t) for d, t in sorted(texts.items())),
        paragraphs=(),
        families=tuple(fams),
        links=(),
        config=Config(),
        views=tuple(DocumentView(d, sources=dict((views or {}).get(d, {}))) for d in sorted(texts)),
    )


def _gold(data: Mapping[str, Any], texts: Mapping[str, str] = TEXTS) -> Gold:
    return load_gold({"schema": "provenance-gold", **data}, texts)


def _p(pid: str, doc: str, start: int, end: int) -> dict[str, Any]:
    return {"id": pid, "doc": doc, "start": start, "end": end}


# --------------------------------------------------------------------------- links


def test_link_precision_and_recall_by_hand() -> None:
    gold = _gold(
        {
            "passages": [
                _p("ax", "x", 0, 40),
                _p("ay", "y", 0, 40),
                _p("az", "z", 0, 40),
                _p("bx", "x", 41, 84),
                _p("by", "y", 41, 84),
            ],
            "families": [["ax", "ay", "az"], ["bx", "by"]],
        }
    )
    report = _report(
        [
            {"passages": [("x", 0, 40), ("y", 0, 40)]},  # hits ax~ay
            {"passages": [("z", 0, 40), ("w", 0, 30)]},  # w matches nothing: a false pair
            {"passages": [("x", 41, 84), ("y", 41, 84)]},  # hits bx~by
        ]
    )
    e = evaluate(report, gold)
    assert (e.gold_pairs, e.predicted_pairs) == (4, 3)
    assert e.link_recall == pytest.approx(2 / 4)
    assert e.link_precision == pytest.approx(2 / 3)
    assert e.link_f1 == pytest.approx(4 / 7)
    assert set(e.missed_pairs) == {("ax", "az"), ("ay", "az")}
    assert e.false_pairs == (("w:0-30", "z:0-40"),)
    assert e.passage_recall == pytest.approx(5 / 5)
    assert e.passage_precision == pytest.approx(5 / 6)


def test_matching_needs_half_of_the_shorter_passage() -> None:
    gold = _gold({"passages": [_p("a", "x", 0, 40), _p("b", "y", 0, 40)], "families": [["a", "b"]]})
    half = evaluate(_report([{"passages": [("x", 20, 60), ("y", 0, 40)]}]), gold)
    assert half.link_recall == 1.0  # 20 of the shorter 40 characters: a match
    less = evaluate(_report([{"passages": [("x", 21, 60), ("y", 0, 40)]}]), gold)
    assert less.link_recall == 0.0 and less.false_pairs == (("x:21-60", "y:0-40"),)
    strict = evaluate(_report([{"passages": [("x", 20, 60), ("y", 0, 40)]}]), gold, min_overlap=0.6)
    assert strict.link_recall == 0.0


def test_a_family_joining_unrelated_gold_passages_is_a_false_pair() -> None:
    gold = _gold(
        {
            "passages": [
                _p("ax", "x", 0, 40),
                _p("ay", "y", 0, 40),
                _p("bx", "x", 41, 84),
                _p("bz", "z", 41, 84),
            ],
            "families": [["ax", "ay"], ["bx", "bz"]],
        }
    )
    e = evaluate(_report([{"passages": [("x", 0, 40), ("z", 41, 84)]}]), gold)
    assert e.link_precision == 0.0 and e.link_recall == 0.0


# --------------------------------------------------------------------------- families


def test_bcubed_by_hand() -> None:
    gold = {"a1": "A", "a2": "A", "a3": "A", "b1": "B", "b2": "B"}
    pred = {"a1": 1, "a2": 1, "a3": 2, "b1": 2, "b2": 2}
    p, r, f = bcubed(gold, pred)
    assert p == pytest.approx((1 + 1 + 1 / 3 + 2 / 3 + 2 / 3) / 5)
    assert r == pytest.approx((2 / 3 + 2 / 3 + 1 / 3 + 1 + 1) / 5)
    assert f == pytest.approx(2 * p * r / (p + r))
    # an item missing from the prediction is a singleton
    assert bcubed({"a": 1, "b": 1}, {"a": 1}) == (1.0, 0.5, pytest.approx(2 / 3))


def test_family_scores_through_evaluate() -> None:
    gold = _gold(
        {
            "passages": [_p("ax", "x", 0, 40), _p("ay", "y", 0, 40), _p("az", "z", 0, 40)],
            "families": [["ax", "ay", "az"]],
        }
    )
    e = evaluate(_report([{"passages": [("x", 0, 40), ("y", 0, 40)]}]), gold)
    # az is unmatched, a singleton: precision 1, recall (2/3 + 2/3 + 1/3) / 3
    assert e.family_precision == 1.0
    assert e.family_recall == pytest.approx(5 / 9)


# --------------------------------------------------------------------------- spans, plagdet


def test_span_overlap_by_hand() -> None:
    gold = _gold({"passages": [_p("a", "x", 0, 40), _p("b", "y", 0, 40)], "families": [["a", "b"]]})
    e = evaluate(_report([{"passages": [("x", 20, 60), ("y", 0, 40)]}]), gold)
    assert e.span_precision == pytest.approx(60 / 80)
    assert e.span_recall == pytest.approx(60 / 80)


def test_plagdet_by_hand() -> None:
    case = [("src", 0, 100), ("cp", 0, 100)]
    r1 = [("src", 0, 50), ("cp", 0, 50)]
    r2 = [("src", 50, 150), ("cp", 50, 100)]
    precision, recall, granularity, score = plagdet([case], [r1, r2])
    assert precision == pytest.approx((1 + 100 / 150) / 2)
    assert recall == 1.0
    assert granularity == 2.0
    assert score == pytest.approx((2 * (5 / 6) / (5 / 6 + 1)) / math.log2(3))
    # a detection overlapping only one side of the case does not detect it
    assert plagdet([case], [[("src", 0, 100), ("other", 0, 100)]])[:3] == (0.0, 0.0, 1.0)
    assert plagdet([case], []) == (0.0, 0.0, 1.0, 0.0)


def _oracle(
    cases: Sequence[Sequence[tuple[str, int, int]]],
    detections: Sequence[Sequence[tuple[str, int, int]]],
) -> tuple[float, float, float, float]:
    """Potthast et al. (2010), term by term, on sets of characters."""

    def chars(spans: Sequence[tuple[str, int, int]]) -> set[tuple[str, int]]:
        return {(d, i) for d, s, e in spans for i in range(s, e)}

    def detects(r: Sequence[tuple[str, int, int]], s: Sequence[tuple[str, int, int]]) -> bool:
        return all(chars([x]) & chars(r) for x in s) and all(chars([y]) & chars(s) for y in r)

    def meet(s: Sequence[tuple[str, int, int]], r: Sequence[tuple[str, int, int]]) -> set[Any]:
        return chars(s) & chars(r) if detects(r, s) else set()

    prec = sum(
        len(set().union(*(meet(s, r) for s in cases))) / len(chars(r)) for r in detections
    ) / len(detections)
    rec = sum(
        len(set().union(*(meet(s, r) for r in detections))) / len(chars(s)) for s in cases
    ) / len(cases)
    detected = [sum(detects(r, s) for r in detections) for s in cases]
    hit = [n for n in detected if n]
    gran = sum(hit) / len(hit) if hit else 1.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    return prec, rec, gran, f1 / math.log2(1 + gran)


def test_plagdet_agrees_with_a_set_based_oracle() -> None:
    rng = random.Random(5)

    def pair() -> list[tuple[str, int, int]]:
        out = []
        for doc in rng.sample(["a", "b", "c"], 2):
            start = rng.randrange(0, 60)
            out.append((doc, start, start + rng.randrange(5, 40)))
        return out

    for _ in range(60):
        cases = [pair() for _ in range(rng.randrange(1, 4))]
        detections = [pair() for _ in range(rng.randrange(1, 5))]
        assert plagdet(cases, detections) == pytest.approx(_oracle(cases, detections))


# --------------------------------------------------------------------------- wording

WORDING = {
    "a": "The minister said on Monday that the convoy of aid trucks reached the city.",
    "b": "The minister said on Tuesday that the convoy of aid lorries reached the city.",
}


def test_word_origin_by_hand() -> None:
    gold = _gold(
        {
            "passages": [
                {"id": "pa", "doc": "a", "text": WORDING["a"]},
                {"id": "pb", "doc": "b", "text": WORDING["b"]},
            ],
            "families": [["pa", "pb"]],
            "parents": {"pb": "pa"},
            "introduced": [
                {"passage": "pb", "text": "Tuesday"},
                {"passage": "pb", "text": "lorries"},
            ],
        },
        WORDING,
    )
    b = WORDING["b"]
    tuesday, lorries = b.index("Tuesday"), b.index("lorries")
    report = _report(
        [
            {
                "passages": [("a", 0, len(WORDING["a"])), ("b", 0, len(b))],
                "edges": [(0, 1, ["dated"])],
                "segments": {
                    0: [(0, len(WORDING["a"]) - 1, "a")],
                    # Tuesday right (b), lorries wrongly given to a
                    1: [
                        (0, tuesday - 1, "a"),
                        (tuesday, tuesday + 7, "b"),
                        (tuesday + 8, len(b) - 1, "a"),
                    ],
                },
            }
        ],
        texts=WORDING,
    )
    e = evaluate(report, gold)
    assert e.words == 14 + 14
    assert e.word_origin_accuracy == pytest.approx(27 / 28)
    assert (e.introduced_words, e.introduced_word_recall) == (2, 0.5)
    [err] = e.word_errors
    assert (err.doc, err.word, err.gold_origin, err.predicted_origin) == ("b", "lorries", "b", "a")
    assert err.start == lorries


def test_words_are_not_scored_without_introduced_in_the_gold() -> None:
    gold = _gold(
        {
            "passages": [_p("a", "x", 0, 40), _p("b", "y", 0, 40)],
            "families": [["a", "b"]],
            "parents": {"b": "a"},
        }
    )
    assert not gold.wording
    e = evaluate(_report([{"passages": [("x", 0, 40), ("y", 0, 40)]}]), gold)
    assert e.words == 0 and e.word_origin_accuracy is None


# --------------------------------------------------------------------------- direction

CHAIN = {
    "passages": [_p("ax", "x", 0, 40), _p("ay", "y", 0, 40), _p("az", "z", 0, 40)],
    "families": [["ax", "ay", "az"]],
    "parents": {"ay": {"parent": "ax", "decided_by": ["dated"]}, "az": "ay"},
}
SPANS = [("x", 0, 40), ("y", 0, 40), ("z", 0, 40)]


def _outcomes(edges: list[tuple[int, int, list[str]]], spans: Any = SPANS) -> dict[str, str]:
    e = evaluate(_report([{"passages": spans, "edges": edges}]), _gold(CHAIN))
    return {f"{x.parent}>{x.child}": x.outcome for x in e.edges}


def test_direction_outcomes_by_hand() -> None:
    # x -> y -> z as in the gold
    assert _outcomes([(0, 1, ["dated"]), (1, 2, ["textual"])]) == {
        "ax>ay": "correct",
        "ay>az": "correct",
    }
    # x -> z -> y: x is still an ancestor of y; y -> z is reversed
    assert _outcomes([(0, 2, ["dated"]), (2, 1, ["dated"])]) == {
        "ax>ay": "correct",
        "ay>az": "wrong",
    }
    # an undetermined edge on the path, either way round
    assert _outcomes([(0, 2, ["dated"]), (2, 1, ["undetermined"])]) == {
        "ax>ay": "undetermined",
        "ay>az": "undetermined",
    }
    # siblings under x: y is not z's ancestor
    assert _outcomes([(0, 1, ["dated"]), (0, 2, ["dated"])])["ay>az"] == "wrong"
    # z not in the report
    assert _outcomes([(0, 1, ["dated"])], SPANS[:2])["ay>az"] == "missing"


def test_direction_shares_and_decided_edges() -> None:
    e = evaluate(
        _report([{"passages": SPANS, "edges": [(1, 0, ["dated"]), (1, 2, ["dated"])]}]),
        _gold(CHAIN),
    )
    assert [x.outcome for x in e.edges] == ["wrong", "correct"]
    assert (e.direction_correct, e.direction_wrong, e.direction_undetermined) == (0.5, 0.5, 0.0)
    assert e.decided_correct == 0.0  # the one edge the gold marks as decided is wrong
    assert e.origin_accuracy == 0.0  # the report's root is y, the gold's x


def test_origin_accuracy_by_hand() -> None:
    right = _report([{"passages": SPANS, "edges": [(0, 1, ["dated"]), (1, 2, ["dated"])]}])
    assert evaluate(right, _gold(CHAIN)).origin_accuracy == 1.0
    # the root alone in its family: the family's origin, but nothing of the gold family with it
    alone = _report([{"passages": [*SPANS[:1], ("w", 0, 30)]}, {"passages": SPANS[1:]}])
    assert evaluate(alone, _gold(CHAIN)).origin_accuracy == 0.0


# --------------------------------------------------------------------------- documents


def test_document_labels_and_sources() -> None:
    gold = _gold(
        {
            "passages": [_p("a", "x", 0, 40), _p("b", "y", 0, 40)],
            "families": [["a", "b"]],
            "documents": {
                "x": {"label": "non"},
                "y": {"label": "wholly", "sources": ["x"]},
                "z": {"label": "partially", "sources": ["x", "w"]},
                "w": {"label": "non"},
            },
        }
    )
    views = {"y": {"x": 0.85}, "z": {"x": 0.3}, "w": {"z": 0.01}}
    e = evaluate(_report([{"passages": [("x", 0, 40), ("y", 0, 40)]}], views), gold)
    got = {d.doc: (d.predicted_label, d.share) for d in e.documents}
    assert got == {
        "w": ("partially", 0.01),
        "x": ("non", 0.0),
        "y": ("wholly", 0.85),
        "z": ("partially", 0.3),
    }
    assert e.document_accuracy == 0.75
    assert e.source_precision == pytest.approx(2 / 3)  # y<-x, z<-x right; w<-z wrong
    assert e.source_recall == pytest.approx(2 / 3)  # z<-w missed
    stricter = evaluate(_report([], views), gold, wholly_from=0.9, partial_above=0.05)
    assert {d.doc: d.predicted_label for d in stricter.documents} == {
        "w": "non",
        "x": "non",
        "y": "partially",
        "z": "partially",
    }


def test_bad_options_are_config_errors() -> None:
    gold = _gold({"passages": [_p("a", "x", 0, 40), _p("b", "y", 0, 40)], "families": [["a", "b"]]})
    report = _report([])
    with pytest.raises(ConfigError, match="min_overlap"):
        evaluate(report, gold, min_overlap=0.0)
    with pytest.raises(ConfigError, match="partial_above"):
        evaluate(report, gold, wholly_from=0.2, partial_above=0.5)


# --------------------------------------------------------------------------- gold loader


def _problems(data: Any, tmp_path: Path, texts: Mapping[str, str] = TEXTS) -> list[str]:
    path = tmp_path / "gold.json"
    path.write_text(data if isinstance(data, str) else json.dumps(data, indent=2), encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_gold(path, texts)
    for problem in info.value.problems:
        assert problem.source == str(path)
    return [str(p) for p in info.value.problems]


def test_gold_by_substring_is_resolved_to_offsets() -> None:
    texts = {"a": "One two. Three four five. Six.", "b": "Three four five."}
    gold = _gold(
        {
            "passages": [
                {"id": "p", "doc": "a", "text": "Three four five."},
                {"id": "q", "doc": "b", "start": 0, "end": 16},
            ],
            "families": [["p", "q"]],
        },
        texts,
    )
    assert (gold.passage("p").start, gold.passage("p").end) == (9, 25)
    assert gold.passage("q").text == "Three four five."


def test_gold_substring_not_found_or_ambiguous(tmp_path: Path) -> None:
    data = {
        "passages": [
            {"id": "p1", "doc": "x", "text": "no such words"},
            {"id": "p2", "doc": "w", "text": "o"},
            {"id": "p3", "doc": "y", "text": "Alpha"},
        ],
        "families": [["p1", "p2", "p3"]],
    }
    problems = _problems(data, tmp_path)
    assert any("p1" in p and "not found" in p and "line 4" in p for p in problems), problems
    assert any("p2" in p and "occurs" in p and "occurrence" in p for p in problems), problems
    assert len(problems) == 2, problems  # the family naming them is not blamed again
    data["passages"][1]["occurrence"] = 2  # type: ignore[index]
    data["passages"][0]["text"] = "Alpha"  # type: ignore[index]
    gold = load_gold(data, TEXTS)
    assert gold.passage("p2").start == TEXTS["w"].index("o", TEXTS["w"].index("o") + 1)


def test_gold_structure_errors(tmp_path: Path) -> None:
    data = {
        "pasages": [],
        "passages": [
            _p("a", "x", 0, 40),
            _p("b", "nowhere", 0, 4),
            _p("c", "y", 50, 10),
            _p("d", "y", 0, 40),
            _p("e", "z", 0, 40),
            _p("f", "w", 0, 10),
        ],
        "families": [["a", "d", "ghost"], ["e", "a"]],
        "parents": {"d": "e", "a": {"parent": "d", "decided_by": ["guessed"]}},
        "introduced": [{"passage": "d", "text": "not in it"}],
        "documents": {"x": {"label": "mostly"}, "nowhere": {"label": "non"}},
    }
    text = "\n".join(_problems(data, tmp_path))
    for expected in [
        "unknown key 'pasages'",
        "passage 'b': unknown document 'nowhere'",
        "passage 'c': start 50 and end 10 must be integers",
        "unknown passage 'ghost'",
        "passage 'a' is already in families[0]",
        "passage 'f' is in no family",
        "parents['d']: parent 'e' is not in the child's family",
        "decided_by must be a list drawn from dated, credited, textual",
        "introduced[0]: text 'not in it' not found",
        "documents['x']: expected {\"label\": one of wholly, partially, non",
        "documents['nowhere']: unknown document",
    ]:
        assert expected in text, (expected, text)


def test_gold_cycle_and_same_document_parent(tmp_path: Path) -> None:
    data = {
        "passages": [_p("a", "x", 0, 40), _p("b", "y", 0, 40), _p("c", "y", 41, 84)],
        "families": [["a", "b", "c"]],
        "parents": {"a": "b", "b": "a", "c": "b"},
    }
    text = "\n".join(_problems(data, tmp_path))
    assert "cycle" in text and "same document" in text


def test_gold_invalid_json_names_the_line(tmp_path: Path) -> None:
    [problem] = _problems('{\n  "passages": [\n  ]\n  "families": []\n}', tmp_path)
    assert "line 4" in problem and "not valid JSON" in problem


def test_evaluate_rejects_gold_for_other_texts() -> None:
    gold = _gold({"passages": [_p("a", "x", 0, 40), _p("b", "y", 0, 40)], "families": [["a", "b"]]})
    other = {**TEXTS, "x": "Something else entirely, at least forty characters long."}
    with pytest.raises(InputError, match="differs"):
        evaluate(_report([], texts=other), gold)


# --------------------------------------------------------------------------- the seeds


@pytest.fixture(scope="module")
def seeds_eval(seed_report: provenance.Report) -> Evaluation:
    return evaluate(seed_report, load_gold(SEEDS_GOLD, seed_report))


def test_seeds_gold_tells_the_readme_story(seed_report: provenance.Report) -> None:
    gold = load_gold(SEEDS_GOLD, seed_report)
    # 13 families of the story, and Yuri Kim's title (first in 001)
    assert len(gold.families) == 14 and len(gold.edges) == 22
    assert not any(p.doc == ASBAREZ_JAN for p in gold.passages)
    by_doc = {d: sum(p.doc == d for p in gold.passages) for d in (MIRROR, AZ_KIM, ASBAREZ)}
    # 000: 6 from 003, 6 from 001, the title; 002: 5 from 003, the clause, the title
    assert by_doc == {MIRROR: 13, AZ_KIM: 8, ASBAREZ: 7}


def test_seeds_link_recall_is_perfect(seeds_eval: Evaluation) -> None:
    assert seeds_eval.link_recall == 1.0, seeds_eval.missed_pairs


def test_seeds_nothing_links_to_004(seed_report: provenance.Report, seeds_eval: Evaluation) -> None:
    assert all(ASBAREZ_JAN not in f.documents for f in seed_report.families)
    assert not any(ASBAREZ_JAN in a or ASBAREZ_JAN in b for a, b in seeds_eval.false_pairs)
    [doc] = [d for d in seeds_eval.documents if d.doc == ASBAREZ_JAN]
    assert doc.share == 0.0 and doc.predicted_sources == ()


def test_seeds_direction_is_right_wherever_dates_or_credits_decide(
    seeds_eval: Evaluation,
) -> None:
    decided = [e for e in seeds_eval.edges if {"dated", "credited"} & set(e.decided_by)]
    assert len(decided) == 22
    wrong = [(e.parent, e.child, e.outcome) for e in decided if e.outcome != "correct"]
    # 000's copy of the title is one word closer to 001's, but the paragraph around
    # it follows 003: its parent is 003.
    assert wrong == []


def test_seeds_table_and_dict_carry_the_figures(seeds_eval: Evaluation) -> None:
    text = seeds_eval.to_text()
    assert "link" in text and "plagdet" in text and "B-cubed" in text
    data = json.loads(json.dumps(seeds_eval.to_dict()))
    assert data["scores"]["link_recall"] == seeds_eval.link_recall
    assert data["counts"]["gold_pairs"] == seeds_eval.gold_pairs == 32
    assert len(data["edges"]) == 22


# --------------------------------------------------------------------------- recorded figures


def test_regressions_catch_a_drop_and_a_rise_where_lower_is_better() -> None:
    accuracy = _accuracy_module()
    recorded = {"g": {"link_recall": 0.9, "granularity": 1.1}}
    assert accuracy.regressions(recorded, {"g": {"link_recall": 0.9, "granularity": 1.1}}) == []
    assert (
        len(accuracy.regressions(recorded, {"g": {"link_recall": 0.89, "granularity": 1.1}})) == 1
    )
    assert (
        len(accuracy.regressions(recorded, {"g": {"link_recall": 0.95, "granularity": 1.2}})) == 1
    )
    assert len(accuracy.regressions(recorded, {"g": {}})) == 2


def test_thresholds_are_fitted_on_training_folds_only() -> None:
    accuracy = _accuracy_module()
    assert accuracy.fit_thresholds([0, 0, 0.2, 0.3, 0.9], [0, 0, 1, 1, 2], 3) == [0.1, 0.6]
    labels = ["a"] * 10 + ["b"] * 5
    folds = accuracy.stratified_folds(labels, 5, 1)
    assert sorted(folds[:10]) == [0, 0, 1, 1, 2, 2, 3, 3, 4, 4] and sorted(folds[10:]) == [
        0,
        1,
        2,
        3,
        4,
    ]
    rng = random.Random(3)
    shares = [rng.random() for _ in range(40)]
    levels = [min(3, int(s * 4 + rng.uniform(-0.6, 0.6))) if s > 0.1 else 0 for s in shares]
    levels = [max(0, y) for y in levels]
    predicted, fitted = accuracy.cross_validate(shares, levels, 4, folds=5, seed=9)
    fold = accuracy.stratified_folds([str(y) for y in levels], 5, 9)
    for f, thresholds in enumerate(fitted):
        train = [i for i in range(40) if fold[i] != f]
        assert thresholds == accuracy.fit_thresholds(
            [shares[i] for i in train], [levels[i] for i in train], 4
        )
        assert all(
            predicted[i] == accuracy.cut(shares[i], thresholds) for i in range(40) if fold[i] == f
        )


def test_fit_thresholds_is_optimal_on_small_cases() -> None:
    accuracy = _accuracy_module()
    rng = random.Random(11)
    for _ in range(30):
        shares = [round(rng.random(), 1) for _ in range(8)]
        levels = [rng.randrange(3) for _ in range(8)]
        t = accuracy.fit_thresholds(shares, levels, 3)
        right = sum(accuracy.cut(s, t) == y for s, y in zip(shares, levels, strict=True))
        cuts = [*sorted(set(shares)), 2.0]
        best = max(
            sum(accuracy.cut(s, (a, b)) == y for s, y in zip(shares, levels, strict=True))
            for a, b in itertools.combinations_with_replacement([-1.0, *cuts], 2)
        )
        assert right == best


@pytest.fixture(scope="module")
def recorded() -> dict[str, dict[str, float]]:
    data: dict[str, dict[str, float]] = json.loads(BASELINE.read_text(encoding="utf-8"))
    return data


def test_seeds_figures_do_not_fall_below_the_recorded_ones(
    recorded: dict[str, dict[str, float]], seeds_eval: Evaluation
) -> None:
    accuracy = _accuracy_module()
    measured = {"seeds": {k: v for k, v in seeds_eval.scores().items() if v is not None}}
    assert set(recorded["seeds"]) == set(measured["seeds"])
    assert accuracy.regressions({"seeds": recorded["seeds"]}, measured) == []


def test_clough_stevenson_figures_do_not_fall_below_the_recorded_ones(
    recorded: dict[str, dict[str, float]],
) -> None:
    accuracy = _accuracy_module()
    result = accuracy.clough()
    assert len(result["answers"]) == 95
    assert sum(result["per_level"][lv]["n"] for lv in accuracy.LEVELS) == 95
    measured = {"clough": accuracy.clough_figures(result)}
    assert accuracy.regressions({"clough": recorded["clough"]}, measured) == []
    confusion = result["levels"]["confusion"]
    assert sum(sum(row.values()) for row in confusion.values()) == 95
