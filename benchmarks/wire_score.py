"""Scoring the wire-copy scenario: the library against a naive word-3-gram baseline.

``python benchmarks/accuracy.py wire DIR`` runs both on the corpus of ``DIR`` (written by
``benchmarks/wire.py``) and scores, word by word, whether each article word came from
another document and from which, against ``DIR/truth.jsonl``; then the documents'
labels, their direct sources, the candidate pairs each system considered and the time
each took. On a folder without ``truth.jsonl`` it prints what each system attributes to
other documents instead, for reading. ``benchmarks/ACCURACY.md`` defines every figure.

``benchmarks`` is not a package: import this file by path (the tests do).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import re
import sys
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
import numpy.typing as npt

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

import accuracy  # noqa: E402

import provenance  # noqa: E402
from provenance.dates import span  # noqa: E402
from provenance.model import Corpus, Document, Report  # noqa: E402

# The truth's word (benchmarks/wire_text.py): letters and digits with inner ’ ' . , - and
# an optional currency sign. Copied, not imported: the scorer reads only the files.
WORD = re.compile(r"[£$€]?\w+(?:[’'.,\-]\w+)*")
LEVELS = ("non", "partially", "wholly")
WHOLLY_FROM = 0.8
HIGH_DF = 64  # 3-grams in more documents than this are counted with bitsets
Ints = npt.NDArray[np.int64]
Bools = npt.NDArray[np.bool_]


class Words(NamedTuple):
    """Every word of one document: ``[starts[i], ends[i])`` in its text."""

    starts: Ints
    ends: Ints


def words(text: str) -> Words:
    spans = [m.span() for m in WORD.finditer(text)]
    arr = np.array(spans, dtype=np.int64).reshape(-1, 2)
    return Words(arr[:, 0].copy(), arr[:, 1].copy())


class Answer(NamedTuple):
    """One system's answer for one document: per word, whether it came from another
    document (``source``) and which (``origin``, a document index, -1 for none); for the
    library also why (``status``, an index into STATUS)."""

    source: Bools
    origin: Ints
    status: npt.NDArray[np.int8] | None = None


# What the library says of a word: in no passage, the document's own wording, another
# document's but undetermined, another document's.
STATUS = ("in no passage", "its own", "undetermined", "from a source")


class Attribution(NamedTuple):
    """One system's answers for a whole corpus, with its cost."""

    system: str
    answers: list[Answer]
    top_source: list[int]  # per document: the document most of its sourced words came from
    parent: list[int] | None  # the library's document_graph parent (most characters)
    seconds: float
    candidates: int | None  # unordered document pairs the system considered
    is_candidate: Callable[[int, int], bool] | None  # was this pair among them


# --------------------------------------------------------------------------- dates


class DateKeys(NamedTuple):
    """Each document's date as numbers: undated, its day, whether it has a time, the
    instant, and its rank in the order earliest first (undated last, ties by id)."""

    undated: Bools
    day: Ints
    timed: Bools
    instant: npt.NDArray[np.float64]
    rank: Ints


def date_keys(docs: Sequence[Document]) -> DateKeys:
    n = len(docs)
    undated = np.zeros(n, dtype=bool)
    day = np.zeros(n, dtype=np.int64)
    timed = np.zeros(n, dtype=bool)
    instant = np.full(n, np.inf)
    for i, d in enumerate(docs):
        when = d.date
        if when is None:
            undated[i] = True
        elif isinstance(when, dt.datetime):
            day[i] = when.date().toordinal()
            timed[i] = True
            aware = when if when.tzinfo is not None else when.replace(tzinfo=dt.timezone.utc)
            instant[i] = aware.timestamp()
        else:  # a day, or a month or year taken at its first day
            day[i] = span(when)[0]
    # ids are sorted in a Corpus, so the index breaks ties by id
    order = np.lexsort((np.arange(n), instant, day, undated))
    rank = np.empty(n, dtype=np.int64)
    rank[order] = np.arange(n)
    return DateKeys(undated, day, timed, instant, rank)


def dated_before(keys: DateKeys, a: Ints, b: Ints) -> Bools:
    """``a[i]`` is dated before ``b[i]`` (both dated): by instant when both have a time,
    else by day (the rule of docs/direction.md)."""
    both = keys.timed[a] & keys.timed[b]
    return np.where(both, keys.instant[a] < keys.instant[b], keys.day[a] < keys.day[b])


# --------------------------------------------------------------------------- baseline


class GramIndex(NamedTuple):
    """Every distinct word 3-gram with the documents that hold it, earliest first."""

    keys: Ints  # sorted distinct 3-gram keys
    first: Ints  # where each key's documents start in ``docs``
    df: Ints  # how many documents hold it
    docs: Ints  # documents, grouped by key, by date rank within a key
    e0: Ints  # the earliest and second earliest dated document (-1: none)
    e1: Ints
    u0: Ints  # the first two undated documents by id (-1: none)
    u1: Ints


def gram_keys(text: str, vocab: dict[str, int]) -> Ints:
    """The keys of the lowercased word 3-grams of ``text``, in order."""
    ids = np.array(
        [vocab.setdefault(m.group().lower(), len(vocab)) for m in WORD.finditer(text)],
        dtype=np.int64,
    )
    if len(ids) < 3:
        return np.zeros(0, dtype=np.int64)
    return (ids[:-2] << 42) | (ids[1:-1] << 21) | ids[2:]


def gram_index(doc_keys: Sequence[Ints], keys: DateKeys) -> GramIndex:
    uniq = [np.unique(k) for k in doc_keys]
    all_keys = np.concatenate(uniq) if uniq else np.zeros(0, dtype=np.int64)
    all_docs = np.repeat(np.arange(len(uniq)), [len(u) for u in uniq])
    order = np.lexsort((keys.rank[all_docs], all_keys))
    sk, sd = all_keys[order], all_docs[order]
    distinct, first, count = np.unique(sk, return_index=True, return_counts=True)
    dated = (~keys.undated[sd]).astype(np.int64)
    n_dated = np.add.reduceat(dated, first) if len(first) else np.zeros(0, dtype=np.int64)
    last = len(sd) - 1

    def at(pos: Ints, ok: Bools) -> Ints:
        return np.where(ok, sd[np.minimum(pos, last)], -1)

    n_undated = count - n_dated
    return GramIndex(
        distinct,
        first,
        count,
        sd,
        at(first, n_dated >= 1),
        at(first + 1, n_dated >= 2),
        at(first + n_dated, n_undated >= 1),
        at(first + n_dated + 1, n_undated >= 2),
    )


def baseline(docs: Sequence[Document]) -> Attribution:
    """Naive word-3-gram containment. A word of document D is from a source when a
    3-gram of lowercased words covering it also occurs in another document E dated
    before D, or when E or D is undated; its origin is the earliest such E (dated ones
    first, by date, then id; then undated ones, by id), the earliest over the 3-grams
    covering the word."""
    started = time.perf_counter()
    keys = date_keys(docs)
    vocab: dict[str, int] = {}
    doc_keys = [gram_keys(d.text, vocab) for d in docs]
    if len(vocab) >= 1 << 21:
        raise ValueError("more than 2**21 distinct words: the 3-gram keys would overflow")
    index = gram_index(doc_keys, keys)
    by_rank = np.argsort(keys.rank)
    never = len(docs)
    answers = []
    top = []
    for i, k in enumerate(doc_keys):
        n_words = len(k) + 2 if len(k) else len(WORD.findall(docs[i].text))
        if not len(k):
            answers.append(Answer(np.zeros(n_words, bool), np.full(n_words, -1, np.int64)))
            top.append(-1)
            continue
        g = np.searchsorted(index.keys, k)
        me = np.full(len(k), i)
        e = np.where(index.e0[g] == i, index.e1[g], index.e0[g])
        ok = e >= 0
        if not keys.undated[i]:
            ok &= dated_before(keys, np.maximum(e, 0), me)
        u = np.where(index.u0[g] == i, index.u1[g], index.u0[g])
        origin = np.where(ok, e, u)
        rank = np.where(origin >= 0, keys.rank[np.maximum(origin, 0)], never)
        padded = np.concatenate(([never, never], rank, [never, never]))
        best = np.minimum(np.minimum(padded[:-2], padded[1:-1]), padded[2:])
        source = best < never
        word_origin = np.where(source, by_rank[np.minimum(best, never - 1)], -1)
        answers.append(Answer(source, word_origin))
        top.append(_top(word_origin))
    seconds = time.perf_counter() - started
    uniq = [np.unique(k) for k in doc_keys]

    def shares_a_gram(a: int, b: int) -> bool:
        return bool(len(np.intersect1d(uniq[a], uniq[b], assume_unique=True)))

    pairs = shared_gram_pairs(index, len(docs))
    return Attribution("baseline", answers, top, None, seconds, pairs, shares_a_gram)


def _top(origin: Ints) -> int:
    """The origin most words have (ties: the smaller index, i.e. the smaller id)."""
    found = origin[origin >= 0]
    if not len(found):
        return -1
    return int(np.argmax(np.bincount(found)))


def _expand(starts: Ints, lengths: Ints) -> Ints:
    """``concatenate([arange(s, s + n) for s, n in zip(starts, lengths)])``."""
    total = int(lengths.sum())
    offsets = np.repeat(starts - (np.cumsum(lengths) - lengths), lengths)
    return offsets + np.arange(total)


def shared_gram_pairs(index: GramIndex, n_docs: int) -> int:
    """Unordered document pairs sharing at least one word 3-gram: the pairs a naive
    system has to consider. Exact: a per-document union of the 3-grams' documents,
    with bitsets for 3-grams in many documents."""
    multi = index.df >= 2
    group = np.repeat(np.arange(len(index.keys)), index.df)
    keep = multi[group]
    g_of, d_of = group[keep], index.docs[keep]
    order = np.argsort(d_of, kind="stable")
    g_of, d_of = g_of[order], d_of[order]
    doc_start = np.searchsorted(d_of, np.arange(n_docs + 1))
    high = multi & (index.df > HIGH_DF)
    high_ids = np.flatnonzero(high)
    row = np.full(len(index.keys), -1, dtype=np.int64)
    row[high_ids] = np.arange(len(high_ids))
    width = (n_docs + 7) // 8
    bits = np.zeros((len(high_ids), width), dtype=np.uint8)
    for r, g in enumerate(high_ids.tolist()):
        mask = np.zeros(n_docs, dtype=bool)
        mask[index.docs[index.first[g] : index.first[g] + index.df[g]]] = True
        bits[r] = np.packbits(mask)
    total = 0
    for d in range(n_docs):
        gs = g_of[doc_start[d] : doc_start[d + 1]]
        if not len(gs):
            continue
        mask = np.zeros(n_docs, dtype=bool)
        low = gs[~high[gs]]
        if len(low):
            mask[index.docs[_expand(index.first[low], index.df[low])]] = True
        packed = np.packbits(mask)
        rows = row[gs[high[gs]]]
        if len(rows):
            packed |= np.bitwise_or.reduce(bits[rows], axis=0)
        total += int(np.unpackbits(packed).sum()) - 1  # not itself
    return total // 2


# --------------------------------------------------------------------------- the library


@contextlib.contextmanager
def counting_candidates(found: list[Ints], ids: Mapping[str, int]) -> Iterator[None]:
    """While inside, the paragraph pairs the library hands to alignment (those of its
    index, ``candidates``, and of its anchors, ``anchors``) are also recorded in
    ``found``: for each stage, the sorted distinct codes ``a * len(ids) + b`` (``a <
    b``) of their unordered document pairs. Records nothing for a stage the pipeline
    no longer has."""
    import provenance.pipeline as pipeline

    def record(segmentation: Any, pairs: Any) -> None:
        try:
            table = segmentation.paragraphs
            code = np.array([ids[d] for d in table.docs], dtype=np.int64)
            p = np.asarray(pairs, dtype=np.int64).reshape(-1, 2)
            a, b = code[table.doc[p[:, 0]]], code[table.doc[p[:, 1]]]
            found.append(np.unique(np.minimum(a, b) * len(ids) + np.maximum(a, b)))
        except (AttributeError, IndexError, KeyError, TypeError, ValueError):
            pass

    originals = {name: getattr(pipeline, name, None) for name in ("candidates", "anchors")}

    def wrap(name: str, stage: Any) -> Any:
        def recording(segmentation: Any, *args: Any, **kwargs: Any) -> Any:
            out = stage(segmentation, *args, **kwargs)
            record(segmentation, out if name == "candidates" else getattr(out, "pairs", ()))
            return out

        return recording

    for name, stage in originals.items():
        if stage is not None:
            setattr(pipeline, name, wrap(name, stage))
    try:
        yield
    finally:
        for name, stage in originals.items():
            if stage is not None:
                setattr(pipeline, name, stage)


class LibraryRun(NamedTuple):
    """The library's answers and the report they were read from."""

    attribution: Attribution
    report: Report


def library(
    corpus: Corpus, doc_words: Sequence[Words], options: Mapping[str, Any] | None = None
) -> LibraryRun:
    """``provenance.analyze`` with its defaults, read word by word: a word is from a
    source when the segment over it (in the shortest passage holding it) names another
    document as origin and is determined, or rewords another document's wording
    (``Segment.rewrites``), which is then its origin, as the truth has it. ``options``
    are :func:`provenance.analyze`'s (its defaults without them)."""
    ids = {d.id: i for i, d in enumerate(corpus.documents)}
    found: list[Ints] = []
    started = time.perf_counter()
    with counting_candidates(found, ids):
        report = provenance.analyze(corpus, **(options or {}))
    seconds = time.perf_counter() - started
    pairs = np.unique(np.concatenate(found)) if found else None
    answers = library_answers(report, ids, doc_words, seconds, pairs)
    return LibraryRun(answers, report)


def library_answers(
    report: Report,
    ids: Mapping[str, int],
    doc_words: Sequence[Words],
    seconds: float = 0.0,
    candidates: Ints | None = None,
) -> Attribution:
    """The library's answer for every word of ``doc_words`` (documents indexed by ``ids``)."""
    passages: dict[str, list[tuple[int, int, Any]]] = {}
    for f in report.families:
        for p in f.passages:
            passages.setdefault(p.doc, []).append(
                (p.end - p.start, p.start, f.segments.get(p.id, ()))
            )
    views = {v.doc: v for v in report.views}
    answers, top, parent = [], [], []
    for doc_id, i in sorted(ids.items(), key=lambda kv: kv[1]):
        w = doc_words[i]
        origin = np.full(len(w.starts), -1, dtype=np.int64)
        determined = np.zeros(len(w.starts), dtype=bool)
        inside = np.zeros(len(w.starts), dtype=bool)
        for _, _, segments in sorted(passages.get(doc_id, []), key=lambda t: (-t[0], t[1])):
            for g in segments:
                lo = int(np.searchsorted(w.ends, g.start, side="right"))
                hi = int(np.searchsorted(w.starts, g.end, side="left"))
                # A rewording is from the source whose words it replaces (the truth's
                # rewritten words), as the segment's ``rewrites`` names it.
                origin[lo:hi] = ids.get(g.rewrites or g.origin, -1)
                determined[lo:hi] = g.determined
                inside[lo:hi] = True
        other = (origin >= 0) & (origin != i)
        source = other & determined
        status = np.where(source, 3, np.where(other, 2, np.where(inside, 1, 0))).astype(np.int8)
        answers.append(Answer(source, np.where(source, origin, -1), status))
        view = views.get(doc_id)
        top.append(_best(view.sources, ids) if view is not None else -1)
        parent.append(_best(view.parents, ids) if view is not None else -1)
    if candidates is None:
        return Attribution("library", answers, top, parent, seconds, None, None)
    codes, n = candidates, len(ids)

    def considered(a: int, b: int) -> bool:
        code = min(a, b) * n + max(a, b)
        k = int(np.searchsorted(codes, code))
        return k < len(codes) and int(codes[k]) == code

    return Attribution("library", answers, top, parent, seconds, len(codes), considered)


def _best(weights: Mapping[str, float], ids: Mapping[str, int]) -> int:
    """The key with the largest positive weight (ties: the smaller id), as an index."""
    items = [(-float(v), k) for k, v in weights.items() if v > 0]
    return ids[min(items)[1]] if items else -1


# --------------------------------------------------------------------------- the truth


class Gold(NamedTuple):
    """The truth of one document, aligned with its :func:`words`."""

    article: Bools  # the word is article text (not a slug line, byline or sign-off)
    label: npt.NDArray[np.int8]  # 0 new, 1 verbatim, 2 rewritten (-1: not article text)
    origin: Ints  # where the wording first appeared (-1 for new words)
    level: int  # index into LEVELS
    sources: list[int]  # direct sources
    kind: str


_CODE = {"new": 0, "verbatim": 1, "rewritten": 2}


def load_gold(root: Path, corpus: Corpus, doc_words: Sequence[Words]) -> list[Gold]:
    ids = {d.id: i for i, d in enumerate(corpus.documents)}
    texts = [d.text for d in corpus.documents]
    gold: list[Gold | None] = [None] * len(texts)
    with (root / "truth.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            t = json.loads(line)
            i = ids[t["doc"]]
            w = doc_words[i]
            label = np.full(len(w.starts), -1, dtype=np.int8)
            origin = np.full(len(w.starts), -1, dtype=np.int64)
            for start, end, name, org in t["runs"]:
                lo = int(np.searchsorted(w.starts, start))
                hi = int(np.searchsorted(w.ends, end, side="right"))
                label[lo:hi] = _CODE[name]
                origin[lo:hi] = -1 if org is None else ids[org]
            gold[i] = Gold(
                label >= 0,
                label,
                origin,
                LEVELS.index(t["label"]),
                [ids[s] for s in t["sources"]],
                t["kind"],
            )
    missing = [corpus.documents[i].id for i, g in enumerate(gold) if g is None]
    if missing:
        raise ValueError(f"{len(missing)} documents have no truth record, e.g. {missing[0]}")
    return [g for g in gold if g is not None]


# --------------------------------------------------------------------------- figures


def _prf(gold: Bools, predicted: Bools) -> dict[str, float]:
    tp = int((gold & predicted).sum())
    precision = tp / int(predicted.sum()) if predicted.any() else 0.0
    recall = tp / int(gold.sum()) if gold.any() else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1}


def macro_f1(gold: Sequence[int], predicted: Sequence[int], n_levels: int) -> float:
    """The mean over levels of each level's F1 (a level never predicted nor gold: 0)."""
    scores = []
    for level in range(n_levels):
        g = np.array([y == level for y in gold])
        p = np.array([y == level for y in predicted])
        scores.append(_prf(g, p)["f1"])
    return float(np.mean(scores))


def true_pairs(gold: Sequence[Gold]) -> set[tuple[int, int]]:
    """Unordered document pairs that share wording by the truth: each document with its
    direct sources and with every document its words' wording first appeared in."""
    pairs: set[tuple[int, int]] = set()
    for i, g in enumerate(gold):
        others = set(g.sources) | set(np.unique(g.origin[g.origin >= 0]).tolist())
        pairs.update((min(i, j), max(i, j)) for j in others if j != i)
    return pairs


def score(
    gold: Sequence[Gold],
    att: Attribution,
    pairs: set[tuple[int, int]],
    *,
    folds: int = accuracy.FOLDS,
    seed: int = accuracy.CV_SEED,
) -> dict[str, Any]:
    """Every figure of one system against the truth (see benchmarks/ACCURACY.md)."""
    label = np.concatenate([g.label[g.article] for g in gold])
    g_origin = np.concatenate([g.origin[g.article] for g in gold])
    source = np.concatenate([a.source[g.article] for g, a in zip(gold, att.answers, strict=True)])
    origin = np.concatenate([a.origin[g.article] for g, a in zip(gold, att.answers, strict=True)])
    derived = label > 0
    words: dict[str, Any] = dict(_prf(derived, source))
    words["recall_verbatim"] = float(source[label == 1].mean()) if (label == 1).any() else 0.0
    words["recall_rewritten"] = float(source[label == 2].mean()) if (label == 2).any() else 0.0
    copying_nothing = np.concatenate(
        [a.source[g.article] for g, a in zip(gold, att.answers, strict=True) if g.level == 0]
    )
    words["false_share_in_non_derived"] = (
        float(copying_nothing.mean()) if len(copying_nothing) else 0.0
    )
    if all(a.status is not None for a in att.answers):
        status = np.concatenate(
            [
                a.status[g.article]
                for g, a in zip(gold, att.answers, strict=True)
                if a.status is not None
            ]
        )[derived]
        counts = np.bincount(status, minlength=len(STATUS))
        words["sourced_words_by_status"] = {
            name: int(n) / max(1, len(status)) for name, n in zip(STATUS, counts, strict=True)
        }
    right = derived & source & (origin == g_origin)
    found = derived & source
    origins = {
        "right_origin": int(right.sum()) / max(1, int(derived.sum())),
        "right_origin_of_found": int(right.sum()) / max(1, int(found.sum())),
        "words_from_sources": int(derived.sum()),
    }
    kinds: dict[str, dict[str, float]] = {}
    for kind in sorted({g.kind for g in gold}):
        sel = [(g, a) for g, a in zip(gold, att.answers, strict=True) if g.kind == kind]
        k_label = np.concatenate([g.label[g.article] for g, _ in sel])
        k_source = np.concatenate([a.source[g.article] for g, a in sel])
        kinds[kind] = {
            "documents": len(sel),
            "words": len(k_label),
            "predicted_share": float(k_source.mean()) if len(k_source) else 0.0,
            "truth_share": float((k_label > 0).mean()) if len(k_label) else 0.0,
            **(_prf(k_label > 0, k_source) if (k_label > 0).any() else {}),
        }
    shares = [
        float(a.source[g.article].mean()) if g.article.any() else 0.0
        for g, a in zip(gold, att.answers, strict=True)
    ]
    levels = [g.level for g in gold]
    predicted, fitted = accuracy.cross_validate(shares, levels, len(LEVELS), folds=folds, seed=seed)
    fixed = [0 if s == 0 else 2 if s >= WHOLLY_FROM else 1 for s in shares]
    confusion = {LEVELS[a]: {LEVELS[b]: 0 for b in range(3)} for a in range(3)}
    for y, p in zip(levels, predicted, strict=True):
        confusion[LEVELS[y]][LEVELS[p]] += 1
    documents = {
        "macro_f1": macro_f1(levels, predicted, len(LEVELS)),
        "accuracy": sum(y == p for y, p in zip(levels, predicted, strict=True)) / len(levels),
        "macro_f1_fixed_thresholds": macro_f1(levels, fixed, len(LEVELS)),
        "thresholds": [accuracy._finite(t) for t in fitted],
        "confusion": confusion,
    }
    with_sources = [i for i, g in enumerate(gold) if g.sources]
    direct = {
        "documents": len(with_sources),
        "top_source_right": sum(att.top_source[i] in gold[i].sources for i in with_sources)
        / max(1, len(with_sources)),
    }
    if att.parent is not None:
        direct["graph_parent_right"] = sum(
            att.parent[i] in gold[i].sources for i in with_sources
        ) / max(1, len(with_sources))
    candidates: dict[str, Any] = {"true_pairs": len(pairs), "pairs": att.candidates}
    if att.candidates is not None and att.is_candidate is not None:
        candidates["per_true_pair"] = att.candidates / max(1, len(pairs))
        candidates["true_pairs_among_them"] = sum(att.is_candidate(a, b) for a, b in pairs) / max(
            1, len(pairs)
        )
    return {
        "words": words,
        "origin": origins,
        "documents": documents,
        "direct_source": direct,
        "candidates": candidates,
        "seconds": round(att.seconds, 1),
        "by_kind": kinds,
    }


TARGETS = {  # what the library will be held to: at least this, and 0.15 above the baseline
    ("words", "f1"): 0.90,
    ("origin", "right_origin"): 0.90,
    ("documents", "macro_f1"): 0.80,
}
MARGIN = 0.15

ROWS = (
    ("words from a source", "words", "precision", "precision"),
    ("", "words", "recall", "recall"),
    ("", "words", "f1", "F1"),
    ("", "words", "recall_verbatim", "recall, verbatim words"),
    ("", "words", "recall_rewritten", "recall, rewritten words"),
    ("", "words", "false_share_in_non_derived", "share called sourced in `non` documents"),
    ("words, right origin", "origin", "right_origin", "of the truth's sourced words"),
    ("", "origin", "right_origin_of_found", "of those it calls sourced"),
    ("document labels", "documents", "macro_f1", "macro-F1 (5-fold CV thresholds)"),
    ("", "documents", "accuracy", "accuracy (same)"),
    ("", "documents", "macro_f1_fixed_thresholds", "macro-F1 (truth's thresholds)"),
    ("direct source", "direct_source", "top_source_right", "top of view.sources right"),
    ("", "direct_source", "graph_parent_right", "document_graph parent right"),
    ("candidates", "candidates", "pairs", "document pairs"),
    ("", "candidates", "per_true_pair", "per true pair"),
    ("", "candidates", "true_pairs_among_them", "true pairs among them"),
    ("time", "", "seconds", "seconds"),
)


def _cell(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, float) and value >= 10:
        return f"{value:,.1f}".replace(",", " ")
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}".replace(",", " ")
    return f"{value:.3f}" if abs(value) < 100 else f"{value:,.0f}".replace(",", " ")


def _get(result: Mapping[str, Any], group: str, key: str) -> Any:
    return (result[group] if group else result).get(key)


def targets(result: Mapping[str, Any]) -> list[str]:
    """Whether the library meets each target, in words."""
    lib, base = result["library"], result["baseline"]
    out = []
    for (group, key), floor in TARGETS.items():
        a, b = lib[group][key], base[group][key]
        ok = a >= floor and a - b >= MARGIN
        out.append(
            f"{'met' if ok else 'not met'}: {group}.{key} >= {floor} and >= baseline + {MARGIN} "
            f"(library {a:.3f}, baseline {b:.3f})"
        )
    return out


def text(result: Mapping[str, Any]) -> str:
    c = result["corpus"]
    lines = [
        f"Wire copy: {c['path']}: {c['documents']} documents, {c['article_words']} article "
        f"words, {c['from_source_words']} of them from other documents by the truth",
        f"labels: {c['labels']}",
        "",
        f"{'figure':<22}{'measure':<42}{'library':>12}{'baseline':>12}{'diff':>9}",
        "-" * 97,
    ]
    for head, group, key, name in ROWS:
        a = _get(result["library"], group, key)
        b = _get(result["baseline"], group, key)
        shares = all(isinstance(v, float) and 0.0 <= v <= 1.0 for v in (a, b))
        diff = f"{a - b:+.3f}" if shares and key != "seconds" else ""
        cells = [f"{v:.1f}" if key == "seconds" else _cell(v) for v in (a, b)]
        lines.append(f"{head:<22}{name:<42}{cells[0]:>12}{cells[1]:>12}{diff:>9}")
    where = result["library"]["words"].get("sourced_words_by_status")
    if where:
        lines += [
            "",
            "the truth's words from a source, as the library reports them: "
            + ", ".join(f"{name} {share:.3f}" for name, share in where.items()),
        ]
    lines += ["", "by kind of document (words called sourced / sourced by the truth, F1):"]
    for kind, lib in result["library"]["by_kind"].items():
        base = result["baseline"]["by_kind"][kind]
        f1 = f"  F1 {lib['f1']:.3f} / {base['f1']:.3f}" if "f1" in lib else ""
        lines.append(
            f"  {kind:<10}{lib['documents']:>6} docs  truth {lib['truth_share']:.3f}  "
            f"library {lib['predicted_share']:.3f}  baseline {base['predicted_share']:.3f}{f1}"
        )
    lines += ["", "targets for the library:", *[f"  {t}" for t in targets(result)]]
    return "\n".join(lines)


def wire(path: str | Path, options: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Score the library (run with ``options``) and the baseline on the generated
    corpus in ``path``."""
    root = Path(path)
    corpus = provenance.load(root / "corpus")
    doc_words = [words(d.text) for d in corpus.documents]
    gold = load_gold(root, corpus, doc_words)
    pairs = true_pairs(gold)
    base = baseline(corpus.documents)
    lib = library(corpus, doc_words, options).attribution
    result: dict[str, Any] = {
        "corpus": {
            "path": str(root),
            "documents": len(gold),
            "article_words": int(sum(g.article.sum() for g in gold)),
            "from_source_words": int(sum((g.label > 0).sum() for g in gold)),
            "labels": {name: sum(g.level == i for g in gold) for i, name in enumerate(LEVELS)},
            "meta": json.loads((root / "meta.json").read_text(encoding="utf-8"))
            if (root / "meta.json").is_file()
            else None,
        },
        "library": score(gold, lib, pairs),
        "baseline": score(gold, base, pairs),
    }
    result["targets"] = targets(result)
    return result


# --------------------------------------------------------------------------- without truth


def compare(path: str | Path, *, manifest: str | None = None) -> str:
    """Both systems on any corpus, without truth: what each attributes to other
    documents, document by document, for a reader to judge."""
    corpus = provenance.load(path, manifest)
    docs = corpus.documents
    doc_words = [words(d.text) for d in docs]
    base = baseline(docs)
    lib = library(corpus, doc_words).attribution
    lines = [
        f"{path}: {len(docs)} documents "
        f"(library {lib.seconds:.1f} s, baseline {base.seconds:.2f} s)"
    ]
    for i, d in enumerate(docs):
        date = d.date.isoformat() if d.date is not None else "undated"
        lines += ["", f"== {d.id} ({d.outlet or '-'}, {date}), {len(doc_words[i].starts)} words"]
        for att in (lib, base):
            a = att.answers[i]
            share = float(a.source.mean()) if len(a.source) else 0.0
            top = docs[att.top_source[i]].id if att.top_source[i] >= 0 else "-"
            extra = ""
            if att.parent is not None:
                extra = f", graph parent {docs[att.parent[i]].id if att.parent[i] >= 0 else '-'}"
            lines.append(
                f"  {att.system}: {share:.2f} of words from others, top source {top}{extra}"
            )
            for run in _runs(a, doc_words[i]):
                lines.append(f"    {docs[run.origin].id:<14} {d.text[run.start : run.end]!r}")
    return "\n".join(lines)


class Run(NamedTuple):
    """Consecutive words a system attributes to one origin."""

    start: int
    end: int
    origin: int


def _runs(a: Answer, w: Words) -> list[Run]:
    out: list[Run] = []
    prev = -2
    for k in np.flatnonzero(a.source).tolist():
        o = int(a.origin[k])
        if out and k == prev + 1 and out[-1].origin == o:
            out[-1] = Run(out[-1].start, int(w.ends[k]), o)
        else:
            out.append(Run(int(w.starts[k]), int(w.ends[k]), o))
        prev = k
    return out
