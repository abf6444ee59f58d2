#!/usr/bin/env python3
"""How accurate is ``provenance``? Scores against gold, printed as tables.

    python benchmarks/accuracy.py seeds [--no-manifest]   the bundled seeds vs tests/gold/seeds.json
    python benchmarks/accuracy.py clough [PATH]           Clough & Stevenson's short answers
    python benchmarks/accuracy.py generated PATH          a corpus from benchmarks/generate.py
    python benchmarks/accuracy.py wire PATH               a corpus from benchmarks/wire.py, word
                                                          by word, against a naive baseline
    python benchmarks/accuracy.py baseline [--write]      the figures the test suite guards

Every command takes ``--json OUT`` to write its figures as JSON too. The analysis runs with
the defaults of ``provenance.Config``; see ``benchmarks/ACCURACY.md`` for the figures and
``docs/evaluation.md`` for what each measure means.

``benchmarks`` is not a package: import this file by path (the tests do).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import random
import statistics
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs

ROOT = Path(__file__).resolve().parent.parent
try:
    import provenance
except ModuleNotFoundError:  # run from a checkout that is not installed: use its source
    sys.path.insert(0, str(ROOT))
    import provenance
from provenance.dates import order  # noqa: E402
from provenance.evaluate import Evaluation, Gold, evaluate, load_gold  # noqa: E402
from provenance.model import CREDITED, DATED, TEXTUAL, Corpus  # noqa: E402

SEEDS_GOLD = ROOT / "tests" / "gold" / "seeds.json"
CLOUGH = ROOT / "benchmarks" / "data" / "clough-stevenson"
BASELINE = ROOT / "benchmarks" / "accuracy-baseline.json"

LEVELS = ("non", "heavy", "light", "cut")  # Clough & Stevenson's levels, least derived first
FOLDS = 5
CV_SEED = 20090418  # the corpus's release date: fixed before any figure was seen
SOURCE_DATE = dt.date(2009, 1, 1)  # the corpus has no dates: the source is dated before
ANSWER_DATE = dt.date(2009, 1, 2)  # every answer, the answers all on one later day

# Measures where lower is better; every other recorded figure must not fall.
LOWER_IS_BETTER = {"granularity", "direction_undetermined", "direction_wrong", "direction_missing"}


# --------------------------------------------------------------------------- seeds


def seed_corpus(*, manifest: bool = True) -> Corpus:
    """The bundled seeds, with their manifest or (``manifest=False``) from the files alone."""
    if manifest:
        return provenance.load(provenance.example_path())
    files = sorted(provenance.example_path().glob("*.txt"))
    return provenance.load([d for f in files for d in provenance.load(f).documents])


def seeds(*, manifest: bool = True) -> Evaluation:
    """The seeds report scored against the hand-written gold ``tests/gold/seeds.json``."""
    report = provenance.analyze(seed_corpus(manifest=manifest))
    return evaluate(report, load_gold(SEEDS_GOLD, report))


# --------------------------------------------------------------------------- Clough-Stevenson


@attrs.frozen
class Answer:
    """One short answer: its task, its level (``non`` … ``cut``) and the report's reused share."""

    file: str
    task: str
    level: str
    share: float


def clough_answers(path: str | Path = CLOUGH) -> list[Answer]:
    """Analyse each task (its source with its 19 answers) and read each answer's share.

    The share is the answer's document view's share sourced from ``orig_taskX``.
    """
    root = Path(path)
    rows = list(csv.DictReader((root / "file_list.csv").open(encoding="utf-8")))
    corpus = provenance.load(root / "corpus-20090418", encoding=("utf-8", "cp1252"))
    docs = corpus.by_id()
    answers: list[Answer] = []
    for task in sorted({r["Task"] for r in rows}):
        source = f"orig_task{task}"
        mine = sorted((r for r in rows if r["Task"] == task), key=lambda r: r["File"])
        members = [attrs.evolve(docs[source], date=SOURCE_DATE)] + [
            attrs.evolve(docs[Path(r["File"]).stem], date=ANSWER_DATE) for r in mine
        ]
        report = provenance.analyze(Corpus(tuple(sorted(members, key=lambda d: d.id))))
        for r in mine:
            share = report.view(Path(r["File"]).stem).sources.get(source, 0.0)
            answers.append(Answer(r["File"], task, r["Category"], float(share)))
    return answers


def stratified_folds(labels: Sequence[str], folds: int, seed: int) -> list[int]:
    """A fold number for each item, each label spread evenly over the folds."""
    rng = random.Random(seed)
    fold = [0] * len(labels)
    for label in sorted(set(labels)):
        idx = [i for i, x in enumerate(labels) if x == label]
        rng.shuffle(idx)
        for k, i in enumerate(idx):
            fold[i] = k % folds
    return fold


def fit_thresholds(shares: Sequence[float], levels: Sequence[int], n_levels: int) -> list[float]:
    """Thresholds ``t1 <= ... <= t(n-1)`` that cut the shares into levels (level = how many
    thresholds the share reaches) with the most items right on these items.

    Exact, by dynamic programming over the distinct shares in order (equal shares get
    one level); each threshold lies midway between the last share of one level and the
    first of the next (``-inf``/``inf`` when a level is empty at an end). Ties go to the
    lower level.
    """
    values = sorted(set(shares))
    counts = [[0] * n_levels for _ in values]
    at = {v: i for i, v in enumerate(values)}
    for s, y in zip(shares, levels, strict=True):
        counts[at[s]][y] += 1
    # best[i][k]: most right among the first i+1 values with value i at level k
    best = [[0] * n_levels for _ in values]
    back = [[0] * n_levels for _ in values]
    for i, row in enumerate(counts):
        for k in range(n_levels):
            if i == 0:
                best[i][k], back[i][k] = row[k], k
            else:
                prev = max(range(k + 1), key=lambda j: (best[i - 1][j], -j))
                best[i][k], back[i][k] = best[i - 1][prev] + row[k], prev
    k = max(range(n_levels), key=lambda j: (best[-1][j], -j))
    assigned = [0] * len(values)
    for i in range(len(values) - 1, -1, -1):
        assigned[i] = k
        k = back[i][k]
    thresholds = []
    for level in range(1, n_levels):
        first = next((i for i, a in enumerate(assigned) if a >= level), None)
        if first is None:
            thresholds.append(float("inf"))
        elif first == 0:
            thresholds.append(float("-inf"))
        else:
            thresholds.append((values[first - 1] + values[first]) / 2)
    return thresholds


def cut(share: float, thresholds: Sequence[float]) -> int:
    return sum(share >= t for t in thresholds)


def cross_validate(
    shares: Sequence[float], levels: Sequence[int], n_levels: int, *, folds: int, seed: int
) -> tuple[list[int], list[list[float]]]:
    """Each item's level predicted by thresholds fitted on the other folds only."""
    fold = stratified_folds([str(y) for y in levels], folds, seed)
    predicted = [0] * len(shares)
    fitted: list[list[float]] = []
    for f in range(folds):
        train = [i for i in range(len(shares)) if fold[i] != f]
        t = fit_thresholds([shares[i] for i in train], [levels[i] for i in train], n_levels)
        fitted.append(t)
        for i in range(len(shares)):
            if fold[i] == f:
                predicted[i] = cut(shares[i], t)
    return predicted, fitted


def binary_scores(gold: Sequence[bool], predicted: Sequence[bool]) -> dict[str, float]:
    tp = sum(g and p for g, p in zip(gold, predicted, strict=True))
    fp = sum(p and not g for g, p in zip(gold, predicted, strict=True))
    fn = sum(g and not p for g, p in zip(gold, predicted, strict=True))
    right = sum(g == p for g, p in zip(gold, predicted, strict=True))
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"accuracy": right / len(gold), "precision": precision, "recall": recall, "f1": f1}


def _finite(values: Iterable[float]) -> list[float | None]:
    return [v if abs(v) != float("inf") else None for v in values]


def clough(path: str | Path = CLOUGH, *, folds: int = FOLDS, seed: int = CV_SEED) -> dict[str, Any]:
    """Every Clough-Stevenson figure: Spearman's rho, cross-validated levels, binary decision."""
    from scipy.stats import spearmanr  # type: ignore[import-untyped]

    answers = clough_answers(path)
    shares = [a.share for a in answers]
    levels = [LEVELS.index(a.level) for a in answers]
    rho, p_value = spearmanr(levels, shares)

    predicted, fitted = cross_validate(shares, levels, len(LEVELS), folds=folds, seed=seed)
    confusion = {g: {p: 0 for p in LEVELS} for g in LEVELS}
    for y, p in zip(levels, predicted, strict=True):
        confusion[LEVELS[y]][LEVELS[p]] += 1
    level_accuracy = sum(y == p for y, p in zip(levels, predicted, strict=True)) / len(levels)

    derived = [y > 0 for y in levels]
    b_pred, b_fitted = cross_validate(shares, [int(d) for d in derived], 2, folds=folds, seed=seed)
    per_level = {}
    for name in LEVELS:
        xs = sorted(a.share for a in answers if a.level == name)
        per_level[name] = {
            "n": len(xs),
            "mean": statistics.fmean(xs),
            "median": statistics.median(xs),
            "min": xs[0],
            "max": xs[-1],
            "zero": sum(x == 0 for x in xs),
        }
    return {
        "answers": [attrs.asdict(a) for a in answers],
        "parameters": {"folds": folds, "seed": seed, "config": "provenance.Config() defaults"},
        "per_level": per_level,
        "spearman_rho": float(rho),
        "spearman_p": float(p_value),
        "levels": {
            "accuracy": level_accuracy,
            "confusion": confusion,
            "thresholds": [_finite(t) for t in fitted],
            "predicted": {a.file: LEVELS[p] for a, p in zip(answers, predicted, strict=True)},
        },
        "binary_cv": {
            **binary_scores(derived, [bool(p) for p in b_pred]),
            "thresholds": [_finite(t) for t in b_fitted],
        },
        "binary_any_share": binary_scores(derived, [s > 0 for s in shares]),
    }


def clough_text(result: Mapping[str, Any]) -> str:
    lines = [
        f"Clough & Stevenson short answers: {len(result['answers'])} answers, 5 tasks "
        "(each task analysed alone: its source and its 19 answers)",
        "",
        "reused share (from the task's source) by level:",
        f"  {'level':<7}{'n':>4}{'mean':>8}{'median':>8}{'min':>8}{'max':>8}{'zero':>6}",
    ]
    for name in reversed(LEVELS):
        s = result["per_level"][name]
        lines.append(
            f"  {name:<7}{s['n']:>4}{s['mean']:>8.3f}{s['median']:>8.3f}{s['min']:>8.3f}"
            f"{s['max']:>8.3f}{s['zero']:>6}"
        )
    lines += [
        "",
        f"Spearman's rho (share vs level non<heavy<light<cut): {result['spearman_rho']:.3f} "
        f"(p = {result['spearman_p']:.2g})",
        "",
        f"levels cut by thresholds fitted on the training folds ({result['parameters']['folds']}"
        f"-fold stratified, seed {result['parameters']['seed']}): "
        f"accuracy {result['levels']['accuracy']:.3f}",
        "  " + "gold / predicted".ljust(18) + "".join(f"{p:>7}" for p in LEVELS),
    ]
    for g in LEVELS:
        row = result["levels"]["confusion"][g]
        lines.append(f"  {g:<18}" + "".join(f"{row[p]:>7}" for p in LEVELS))
    lines.append("  thresholds per fold (heavy, light, cut from):")
    for t in result["levels"]["thresholds"]:
        lines.append("    " + ", ".join("-" if x is None else f"{x:.3f}" for x in t))
    b, z = result["binary_cv"], result["binary_any_share"]
    lines += [
        "",
        "plagiarised (cut, light, heavy) vs not (non):",
        f"  CV threshold:   accuracy {b['accuracy']:.3f}  precision {b['precision']:.3f}  "
        f"recall {b['recall']:.3f}  F1 {b['f1']:.3f}  (thresholds "
        + ", ".join("-" if t[0] is None else f"{t[0]:.3f}" for t in b["thresholds"])
        + ")",
        f"  share > 0:      accuracy {z['accuracy']:.3f}  precision {z['precision']:.3f}  "
        f"recall {z['recall']:.3f}  F1 {z['f1']:.3f}  (no threshold fitted)",
    ]
    wrong = [a for a in result["answers"] if (a["level"] != "non") != (a["share"] > 0)]
    if wrong:
        lines += ["", "derived answers with no share from their source (and non with one):"]
        lines += [f"  {a['file']} ({a['level']}): share {a['share']:.3f}" for a in wrong]
    return "\n".join(lines)


# --------------------------------------------------------------------------- generated


def _names(outlets: Iterable[Mapping[str, Any]]) -> dict[str, set[str]]:
    return {o["name"]: {o["name"], *o.get("aliases", [])} for o in outlets}


def generated_gold(path: str | Path) -> tuple[Corpus, Gold, list[dict[str, Any]]]:
    """The corpus in ``PATH/corpus`` and its gold from ``PATH/truth.jsonl``.

    Families: an origin paragraph with every copy of it (paraphrases are not
    derived). Parents: each copy's direct source, decided by ``dated`` (the rule of
    docs/direction.md on the two articles' dates: :func:`provenance.dates.order`),
    ``credited`` (the copy's credit names the source's outlet or an alias) and
    ``textual`` (a ``trim``). Document
    labels: ``non`` with no copied paragraph, ``wholly`` when every paragraph is a
    copy, else ``partially``; sources: the documents up the chain of each copy.
    """
    root = Path(path)
    corpus = provenance.load(root / "corpus")
    docs = corpus.by_id()
    names = _names(json.loads((root / "outlets.json").read_text(encoding="utf-8")))
    truth = [
        json.loads(line)
        for line in (root / "truth.jsonl").read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]

    def pid(doc: str, start: int, end: int) -> str:
        return f"{doc}:{start}-{end}"

    copies = [t for t in truth if t["kind"] == "copy"]
    by_child = {pid(t["doc"], t["start"], t["end"]): t for t in copies}
    passages: dict[str, dict[str, Any]] = {}
    families: dict[str, list[str]] = {}
    parents: dict[str, Any] = {}
    for t in copies:
        origin = pid(t["origin_doc"], t["origin_start"], t["origin_end"])
        child = pid(t["doc"], t["start"], t["end"])
        source = pid(t["source_doc"], t["source_start"], t["source_end"])
        for key, doc, s, e in (
            (origin, t["origin_doc"], t["origin_start"], t["origin_end"]),
            (child, t["doc"], t["start"], t["end"]),
        ):
            passages.setdefault(key, {"id": key, "doc": doc, "start": s, "end": e})
        families.setdefault(origin, [origin]).append(child)
        decided = []
        if order(docs[t["source_doc"]].date, docs[t["doc"]].date) < 0:
            decided.append(DATED)
        if t["credit"] is not None and t["credit"] in names.get(t["source_series"], set()):
            decided.append(CREDITED)
        if "trim" in t["edits"]:
            decided.append(TEXTUAL)
        parents[child] = {"parent": source, "decided_by": decided}

    def chain(t: Mapping[str, Any]) -> list[str]:
        out = [t["source_doc"]]
        up = by_child.get(pid(t["source_doc"], t["source_start"], t["source_end"]))
        while up is not None:
            out.append(up["source_doc"])
            up = by_child.get(pid(up["source_doc"], up["source_start"], up["source_end"]))
        return out

    labels: dict[str, Any] = {}
    copied = Counter(t["doc"] for t in copies)
    copies_in: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
    for t in copies:
        copies_in[t["doc"]].append(t)
    for d in corpus.documents:
        n_paragraphs = sum(1 for block in d.text.split("\n\n") if block.strip())
        label = (
            "non" if not copied[d.id] else "wholly" if copied[d.id] >= n_paragraphs else "partially"
        )
        sources = sorted({s for t in copies_in[d.id] for s in chain(t)} - {d.id})
        labels[d.id] = {"label": label, "sources": sources}
    data = {
        "schema": "provenance-gold",
        "passages": list(passages.values()),
        "families": list(families.values()),
        "parents": parents,
        "documents": labels,
    }
    return corpus, load_gold(data, corpus), truth


def generated(
    path: str | Path, options: Mapping[str, Any] | None = None
) -> tuple[Evaluation, dict[str, Any]]:
    """Score a generated corpus: the evaluation, and the figures only the truth file gives
    (recall of direct copy pairs by edit kind, paraphrases linked to their source, timing).
    ``options`` are provenance options for the run (the defaults when none)."""
    corpus, gold, truth = generated_gold(path)
    started = time.perf_counter()
    report = provenance.analyze(corpus, **(options or {}))
    seconds = time.perf_counter() - started
    result = evaluate(report, gold)

    def pid(doc: str, start: int, end: int) -> str:
        return f"{doc}:{start}-{end}"

    missed = set(result.missed_pairs)
    by_kind: dict[str, list[bool]] = {}
    for t in truth:
        if t["kind"] != "copy":
            continue
        a = pid(t["doc"], t["start"], t["end"])
        b = pid(t["source_doc"], t["source_start"], t["source_end"])
        found = (min(a, b), max(a, b)) not in missed
        rate = "edit_rate>0.10" if t["edit_rate"] > 0.10 else "edit_rate<=0.10"
        kinds = ["all", *t["edits"], rate]
        for kind in kinds:
            by_kind.setdefault(kind, []).append(found)

    # paraphrases: is the paraphrase in one report family with its source?
    family_at: dict[str, list[tuple[int, int, str]]] = {}
    for f in report.families:
        for p in f.passages:
            family_at.setdefault(p.doc, []).append((p.start, p.end, f.id))

    def families_over(doc: str, start: int, end: int) -> set[str]:
        return {f for s, e, f in family_at.get(doc, []) if min(e, end) - max(s, start) > 0}

    paraphrases = [t for t in truth if t["kind"] == "paraphrase"]
    linked = sum(
        bool(
            families_over(t["doc"], t["start"], t["end"])
            & families_over(t["source_doc"], t["source_start"], t["source_end"])
        )
        for t in paraphrases
    )
    # a wrong edge: is the child above the parent (reversed), or on another branch?
    tree = {e.child: e.parent for f in report.families for e in f.edges}

    def above(a: str | None, b: str | None) -> bool:
        """``a`` is an ancestor of ``b`` in the report's tree."""
        seen: set[str] = set()
        while b is not None and b in tree and b not in seen:
            seen.add(b)
            b = tree[b]
            if b == a:
                return True
        return False

    wrong = Counter(
        ("decided" if {DATED, CREDITED} & set(e.decided_by) else "not decided")
        + (", reversed" if above(e.report_child, e.report_parent) else ", other branch")
        for e in result.edges
        if e.outcome == "wrong"
    )
    decided = Counter(e.outcome for e in result.edges if {DATED, CREDITED} & set(e.decided_by))
    undecided = Counter(
        e.outcome for e in result.edges if not {DATED, CREDITED} & set(e.decided_by)
    )
    extra = {
        "documents": len(corpus),
        "edges_decided_by_dates_or_credits": dict(sorted(decided.items())),
        "edges_not_decided_by_dates_or_credits": dict(sorted(undecided.items())),
        "wrong_edges": dict(sorted(wrong.items())),
        "analyze_seconds": round(seconds, 1),
        "direct_pair_recall": {
            k: {"pairs": len(v), "recall": sum(v) / len(v)} for k, v in sorted(by_kind.items())
        },
        "paraphrases": len(paraphrases),
        "paraphrases_linked_to_source": linked,
    }
    return result, extra


def generated_text(result: Evaluation, extra: Mapping[str, Any]) -> str:
    lines = [
        f"{extra['documents']} documents, analysed in {extra['analyze_seconds']} s",
        "",
        result.to_text(),
        "",
        "recall of direct copy pairs (copy ~ its source) by edit kind:",
    ]
    for kind, v in extra["direct_pair_recall"].items():
        lines.append(f"  {kind:<20}{v['recall']:.3f}  of {v['pairs']}")
    for key in ("edges_decided_by_dates_or_credits", "edges_not_decided_by_dates_or_credits"):
        counts = extra[key]
        lines.append(
            f"gold edges {key[6:].replace('_', ' ')}: {sum(counts.values())}: "
            + ", ".join(f"{k} {v}" for k, v in counts.items())
        )
    lines.append(
        "wrong edges (gold parent not above the child): "
        + ", ".join(f"{k} {v}" for k, v in extra["wrong_edges"].items())
    )
    lines.append(
        f"paraphrases (negative control) in one family with their source: "
        f"{extra['paraphrases_linked_to_source']} of {extra['paraphrases']}"
    )
    return "\n".join(lines)


# --------------------------------------------------------------------------- baseline


def baseline_figures() -> dict[str, dict[str, float]]:
    """The figures ``tests/test_evaluate.py`` recomputes: seeds and Clough-Stevenson."""
    figures = {"seeds": {k: v for k, v in seeds().scores().items() if v is not None}}
    figures["clough"] = clough_figures(clough())
    return figures


def clough_figures(result: Mapping[str, Any]) -> dict[str, float]:
    """The Clough-Stevenson figures the baseline records, from :func:`clough`'s result."""
    return {
        "spearman_rho": result["spearman_rho"],
        "level_accuracy": result["levels"]["accuracy"],
        "binary_cv_accuracy": result["binary_cv"]["accuracy"],
        "binary_cv_f1": result["binary_cv"]["f1"],
        "binary_any_share_accuracy": result["binary_any_share"]["accuracy"],
        "binary_any_share_f1": result["binary_any_share"]["f1"],
    }


def regressions(
    recorded: Mapping[str, Mapping[str, float]],
    measured: Mapping[str, Mapping[str, float]],
    *,
    tolerance: float = 1e-9,
) -> list[str]:
    """Every recorded figure the measured ones fall short of (or exceed, where lower is better)."""
    out = []
    for group, figures in recorded.items():
        for name, value in figures.items():
            got = measured.get(group, {}).get(name)
            if got is None:
                out.append(f"{group}.{name}: recorded {value}, not measured")
            elif name in LOWER_IS_BETTER and got > value + tolerance:
                out.append(f"{group}.{name}: {got} is above the recorded {value}")
            elif name not in LOWER_IS_BETTER and got < value - tolerance:
                out.append(f"{group}.{name}: {got} is below the recorded {value}")
    return out


# --------------------------------------------------------------------------- command line


def _options(items: Sequence[str]) -> dict[str, Any]:
    """``--option NAME=VALUE`` arguments as provenance options (values read as JSON)."""
    options: dict[str, Any] = {}
    for item in items:
        name, _, value = item.partition("=")
        options[name] = json.loads(value)
    return options


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="accuracy.py", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p_seeds = sub.add_parser("seeds", help="the seeds against tests/gold/seeds.json")
    p_seeds.add_argument("--no-manifest", action="store_true", help="from the files alone")
    p_clough = sub.add_parser("clough", help="Clough & Stevenson's short answers")
    p_clough.add_argument("path", nargs="?", default=str(CLOUGH))
    p_clough.add_argument("--folds", type=int, default=FOLDS)
    p_clough.add_argument("--seed", type=int, default=CV_SEED)
    p_gen = sub.add_parser("generated", help="a corpus written by benchmarks/generate.py")
    p_gen.add_argument("path")
    p_wire = sub.add_parser(
        "wire",
        help="a corpus written by benchmarks/wire.py: the library against a naive word-3-gram "
        "baseline; on a folder without truth.jsonl, what each attributes to other documents",
    )
    p_wire.add_argument("path")
    for p in (p_gen, p_wire):
        p.add_argument(
            "--option",
            action="append",
            default=[],
            metavar="NAME=VALUE",
            help="a provenance option for the library's run (repeatable), e.g. holds=0.7",
        )
    p_base = sub.add_parser("baseline", help="the figures the tests guard")
    p_base.add_argument("--write", action="store_true", help=f"write them to {BASELINE.name}")
    for p in (p_seeds, p_clough, p_gen, p_wire, p_base):
        p.add_argument("--json", metavar="OUT", help="also write the figures as JSON")
    args = parser.parse_args(argv)

    data: Any
    if args.command == "seeds":
        result = seeds(manifest=not args.no_manifest)
        print(result.to_text())
        data = result.to_dict()
    elif args.command == "clough":
        data = clough(args.path, folds=args.folds, seed=args.seed)
        print(clough_text(data))
    elif args.command == "generated":
        if not (Path(args.path) / "truth.jsonl").is_file():
            parser.error(f"{args.path}: no truth.jsonl; expected an output of generate.py")
        result, extra = generated(args.path, _options(args.option))
        print(generated_text(result, extra))
        data = {**result.to_dict(), **extra}
    elif args.command == "wire":
        sys.path.insert(0, str(ROOT / "benchmarks"))
        import wire_score

        if (Path(args.path) / "truth.jsonl").is_file():
            data = wire_score.wire(args.path, _options(args.option))
            print(wire_score.text(data))
        else:
            data = None
            print(wire_score.compare(args.path))
    else:
        data = baseline_figures()
        text = json.dumps(data, indent=2, sort_keys=True) + "\n"
        print(text, end="")
        if args.write:
            BASELINE.write_text(text, encoding="utf-8")
    if args.json and data is not None:
        Path(args.json).write_text(
            json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
