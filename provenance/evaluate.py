"""Score a :class:`~provenance.model.Report` against gold annotations.

:func:`load_gold` reads hand-written (or generated) gold annotations: the reused
passages, their families, the parent of each passage, the words each outlet
introduced and document labels. :func:`evaluate` compares a report with them and
returns an :class:`Evaluation`: link, family, span, wording, direction and
document measures, as values (``to_dict()``) and as a printable table
(``to_text()``). The definitions are in ``docs/evaluation.md``.

Every score is in [0, 1], or ``None`` where it is undefined (nothing to count);
granularity, which is at least 1, is the one figure that is not a score.
"""

from __future__ import annotations

import json
import math
import os
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, Literal

import attrs

from provenance.errors import ConfigError, InputError, Problem
from provenance.model import (
    COMMON_SOURCE,
    EVIDENCE_KINDS,
    OUTSIDE,
    UNDETERMINED,
    Corpus,
    Document,
    Report,
)

__all__ = [
    "DocumentOutcome",
    "EdgeOutcome",
    "Evaluation",
    "Gold",
    "GoldEdge",
    "GoldIntroduced",
    "GoldLabel",
    "GoldPassage",
    "WordOutcome",
    "bcubed",
    "evaluate",
    "load_gold",
    "plagdet",
]

GOLD_SCHEMA = "provenance-gold"
LABELS = ("wholly", "partially", "non")
Label = Literal["wholly", "partially", "non"]
Outcome = Literal["correct", "undetermined", "wrong", "missing"]
Span = tuple[str, int, int]  # (document id, start, end)

_WORD = re.compile(r"\w+(?:[’'.\-]\w+)*")


# --------------------------------------------------------------------------- gold


@attrs.frozen
class GoldPassage:
    """A reused stretch of one document: ``text`` is exactly ``doc text[start:end]``."""

    id: str
    doc: str
    start: int
    end: int
    text: str


@attrs.frozen
class GoldEdge:
    """``child`` descends from ``parent`` (gold passage ids).

    ``decided_by`` names the evidence that settles the direction in the gold
    (``dated``, ``credited``, ``textual``); empty when the annotator did not say.
    """

    parent: str
    child: str
    decided_by: tuple[str, ...] = ()


@attrs.frozen
class GoldIntroduced:
    """Words ``[start, end)`` of document ``doc`` (inside gold passage ``passage``)
    whose wording first appeared in document ``by``."""

    passage: str
    doc: str
    start: int
    end: int
    by: str


@attrs.frozen
class GoldLabel:
    """How much of document ``doc`` is derived (``wholly``, ``partially``, ``non``),
    and from which documents."""

    doc: str
    label: Label
    sources: tuple[str, ...] = ()


@attrs.frozen
class Gold:
    """Gold annotations, resolved against the document texts (see :func:`load_gold`).

    ``families`` are tuples of passage ids; every passage is in exactly one.
    ``wording`` is true when the gold says which words each outlet introduced
    (the file has an ``introduced`` list, even an empty one); only then are
    words scored. ``source`` names where the gold came from (a path, or ``"<gold>"``).
    """

    passages: tuple[GoldPassage, ...]
    families: tuple[tuple[str, ...], ...]
    edges: tuple[GoldEdge, ...] = ()
    introduced: tuple[GoldIntroduced, ...] = ()
    labels: tuple[GoldLabel, ...] = ()
    wording: bool = False
    source: str = "<gold>"

    def passage(self, passage_id: str) -> GoldPassage:
        """The gold passage ``passage_id``."""
        for p in self.passages:
            if p.id == passage_id:
                return p
        raise KeyError(passage_id)


DocumentsLike = Report | Corpus | Mapping[str, str] | Iterable[Document]


def _texts(documents: DocumentsLike) -> dict[str, str]:
    if isinstance(documents, Report | Corpus):
        return {d.id: d.text for d in documents.documents}
    if isinstance(documents, Mapping):
        return {str(k): str(v) for k, v in documents.items()}
    return {d.id: d.text for d in documents}


class _Problems:
    def __init__(self, source: str, raw: str | None) -> None:
        self.source = source
        self.raw = raw
        self.items: list[Problem] = []
        self.failed: set[str] = set()  # passage ids declared, but bad: reported once

    def add(self, message: str, near: str | None = None) -> None:
        self.items.append(Problem(self.source, message, self._line(near)))

    def _line(self, near: str | None) -> int | None:
        """The line of the first occurrence of ``near`` (a JSON string) in the file."""
        if self.raw is None or near is None:
            return None
        at = self.raw.find(json.dumps(near, ensure_ascii=False))
        if at < 0:
            at = self.raw.find(json.dumps(near))
        return None if at < 0 else self.raw.count("\n", 0, at) + 1


def _find(haystack: str, needle: str) -> list[int]:
    out, at = [], haystack.find(needle)
    while at >= 0 and needle:
        out.append(at)
        at = haystack.find(needle, at + 1)
    return out


def _locate(
    text: str, needle: str, occurrence: object, what: str, out: _Problems, near: str
) -> int | None:
    """Start of ``needle`` in ``text``: its only occurrence, or the n-th (1-based)."""
    hits = _find(text, needle)
    if not hits:
        out.add(f"{what}: text {needle!r} not found; expected an exact substring", near)
        return None
    if occurrence is None:
        if len(hits) > 1:
            out.add(
                f"{what}: text {needle!r} occurs {len(hits)} times; expected a unique "
                'substring, or "occurrence": N to pick one',
                near,
            )
            return None
        return hits[0]
    if not isinstance(occurrence, int) or isinstance(occurrence, bool) or occurrence < 1:
        out.add(f"{what}: occurrence must be a positive integer, got {occurrence!r}", near)
        return None
    if occurrence > len(hits):
        out.add(f"{what}: text {needle!r} occurs only {len(hits)} times, not {occurrence}", near)
        return None
    return hits[occurrence - 1]


_TOP = {
    "schema",
    "version",
    "description",
    "passages",
    "families",
    "parents",
    "introduced",
    "documents",
}


def load_gold(source: str | os.PathLike[str] | Mapping[str, Any], documents: DocumentsLike) -> Gold:
    """Read gold annotations from a JSON file or a mapping, resolved against ``documents``.

    ``documents`` gives the texts the passages point into: a :class:`Report`, a
    :class:`Corpus`, documents, or a mapping ``{doc id: text}``. A passage is given
    by offsets (``start``, ``end``) or by an exact substring (``text``, with
    ``occurrence`` when it is not unique); the format is in ``docs/evaluation.md``.

    :raises InputError: listing every problem found, each naming the file (and the
        line where it can be found) and what was expected.
    """
    raw: str | None = None
    if isinstance(source, Mapping):
        name, data = "<gold>", source
    else:
        name = os.fspath(source)
        try:
            raw = Path(name).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError([Problem(name, f"cannot read gold file: {exc}")]) from exc
        try:
            data = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise InputError(
                [Problem(name, f"not valid JSON ({exc.msg}); expected a JSON object", exc.lineno)]
            ) from exc
    out = _Problems(name, raw)
    if not isinstance(data, Mapping):
        out.add(f"expected a JSON object at the top level, got {type(data).__name__}")
        raise InputError(out.items)
    texts = _texts(documents)
    for key in data:
        if key not in _TOP:
            out.add(f"unknown key {key!r}; expected one of {', '.join(sorted(_TOP))}", str(key))
    if data.get("schema", GOLD_SCHEMA) != GOLD_SCHEMA:
        out.add(f"schema is {data.get('schema')!r}; expected {GOLD_SCHEMA!r}")

    passages = _read_passages(data.get("passages"), texts, out)
    by_id = {p.id: p for p in passages}
    families = _read_families(data.get("families"), by_id, out)
    family_of = {pid: i for i, fam in enumerate(families) for pid in fam}
    edges = _read_parents(data.get("parents", {}), by_id, family_of, out)
    introduced = _read_introduced(data.get("introduced", []), by_id, texts, out)
    labels = _read_labels(data.get("documents", {}), texts, out)
    if out.items:
        raise InputError(out.items)
    return Gold(
        passages=tuple(passages),
        families=tuple(families),
        edges=tuple(edges),
        introduced=tuple(introduced),
        labels=tuple(labels),
        wording="introduced" in data,
        source=name,
    )


def _read_passages(value: object, texts: Mapping[str, str], out: _Problems) -> list[GoldPassage]:
    if not isinstance(value, list) or not value:
        out.add('"passages" must be a non-empty list of passages', "passages")
        return []
    passages: list[GoldPassage] = []
    seen: set[str] = set()
    for i, item in enumerate(value):
        what = f"passages[{i}]"
        if not isinstance(item, Mapping):
            out.add(f"{what}: expected an object with id, doc and text (or start and end)")
            continue
        pid, doc = item.get("id"), item.get("doc")
        if not isinstance(pid, str) or not pid:
            out.add(f"{what}: expected a non-empty string id")
            continue
        what = f"passage {pid!r}"
        if pid in seen:
            out.add(f"{what}: duplicate id; expected each passage id once", pid)
            continue
        seen.add(pid)
        out.failed.add(pid)  # until it resolves
        if not isinstance(doc, str) or doc not in texts:
            out.add(f"{what}: unknown document {doc!r}; expected one of the documents given", pid)
            continue
        extra = set(item) - {"id", "doc", "text", "start", "end", "occurrence", "note"}
        if extra:
            out.add(f"{what}: unknown keys {sorted(extra)}", pid)
        text = texts[doc]
        start, end = item.get("start"), item.get("end")
        quoted = item.get("text")
        if start is None and end is None:
            if not isinstance(quoted, str) or not quoted:
                out.add(f'{what}: expected "text" (an exact substring) or start and end', pid)
                continue
            at = _locate(text, quoted, item.get("occurrence"), f"{what} in {doc}", out, pid)
            if at is None:
                continue
            start, end = at, at + len(quoted)
        elif not (
            isinstance(start, int)
            and isinstance(end, int)
            and not isinstance(start, bool)
            and not isinstance(end, bool)
            and 0 <= start < end <= len(text)
        ):
            out.add(
                f"{what}: start {start!r} and end {end!r} must be integers with "
                f"0 <= start < end <= {len(text)} (the length of {doc})",
                pid,
            )
            continue
        elif quoted is not None and quoted != text[start:end]:
            out.add(f"{what}: text does not equal {doc}[{start}:{end}]", pid)
            continue
        passages.append(GoldPassage(pid, doc, start, end, text[start:end]))
        out.failed.discard(pid)
    return passages


def _read_families(
    value: object, by_id: Mapping[str, GoldPassage], out: _Problems
) -> list[tuple[str, ...]]:
    if not isinstance(value, list):
        out.add('"families" must be a list of lists of passage ids', "families")
        return []
    families: list[tuple[str, ...]] = []
    placed: dict[str, int] = {}
    for i, fam in enumerate(value):
        if not isinstance(fam, list) or len(fam) < 2 or not all(isinstance(x, str) for x in fam):
            out.add(f"families[{i}]: expected a list of two or more passage ids", "families")
            continue
        members: list[str] = []
        for pid in fam:
            if pid in out.failed:
                continue
            if pid not in by_id:
                out.add(f"families[{i}]: unknown passage {pid!r}", "families")
            elif pid in placed:
                out.add(
                    f"families[{i}]: passage {pid!r} is already in families[{placed[pid]}]; "
                    "expected each passage in exactly one family",
                    pid,
                )
            else:
                placed[pid] = i
                members.append(pid)
        if len({by_id[p].doc for p in members}) < 2 and len(members) == len(fam):
            out.add(f"families[{i}]: all passages are in one document; expected two or more")
        families.append(tuple(members))
    for pid in by_id:
        if pid not in placed:
            out.add(f"passage {pid!r} is in no family; expected every passage in one family", pid)
    return families


def _read_parents(
    value: object,
    by_id: Mapping[str, GoldPassage],
    family_of: Mapping[str, int],
    out: _Problems,
) -> list[GoldEdge]:
    if not isinstance(value, Mapping):
        out.add('"parents" must be an object {child passage id: parent passage id}', "parents")
        return []
    edges: list[GoldEdge] = []
    for child, spec in value.items():
        what = f"parents[{child!r}]"
        decided: tuple[str, ...] = ()
        if isinstance(spec, Mapping):
            parent = spec.get("parent")
            raw_decided = spec.get("decided_by", [])
            if not isinstance(raw_decided, list) or not all(
                d in EVIDENCE_KINDS for d in raw_decided
            ):
                kinds = ", ".join(EVIDENCE_KINDS)
                out.add(f"{what}: decided_by must be a list drawn from {kinds}", child)
            else:
                decided = tuple(raw_decided)
        else:
            parent = spec
        if not isinstance(parent, str):
            out.add(f'{what}: expected a parent passage id, or {{"parent": id, ...}}', child)
            continue
        if child in out.failed or parent in out.failed:
            continue
        if child not in by_id or parent not in by_id:
            missing = child if child not in by_id else parent
            out.add(f"{what}: unknown passage {missing!r}", child)
            continue
        if family_of.get(child) != family_of.get(parent):
            out.add(f"{what}: parent {parent!r} is not in the child's family", child)
            continue
        if by_id[child].doc == by_id[parent].doc:
            out.add(f"{what}: parent {parent!r} is in the same document; expected another", child)
            continue
        edges.append(GoldEdge(parent, child, decided))
    parent_of = {e.child: e.parent for e in edges}
    for start in parent_of:
        seen, at = {start}, parent_of[start]
        while at in parent_of:
            if at in seen:
                out.add(f"parents: a cycle through {start!r}; expected a tree", start)
                return edges
            seen.add(at)
            at = parent_of[at]
    return edges


def _read_introduced(
    value: object,
    by_id: Mapping[str, GoldPassage],
    texts: Mapping[str, str],
    out: _Problems,
) -> list[GoldIntroduced]:
    if not isinstance(value, list):
        out.add('"introduced" must be a list of {"passage": id, "text": words}', "introduced")
        return []
    found: list[GoldIntroduced] = []
    for i, item in enumerate(value):
        what = f"introduced[{i}]"
        if not isinstance(item, Mapping):
            out.add(f"{what}: expected an object with passage and text")
            continue
        pid, words, by = item.get("passage"), item.get("text"), item.get("by")
        if isinstance(pid, str) and pid in out.failed:
            continue
        if not isinstance(pid, str) or pid not in by_id:
            out.add(f"{what}: unknown passage {pid!r}; expected a gold passage id", "introduced")
            continue
        passage = by_id[pid]
        if not isinstance(words, str) or not words:
            out.add(f'{what}: expected "text", words inside passage {pid!r}', "introduced")
            continue
        if by is None:
            by = passage.doc
        if not isinstance(by, str) or by not in texts:
            out.add(f'{what}: unknown document {by!r} in "by"', "introduced")
            continue
        at = _locate(passage.text, words, item.get("occurrence"), what, out, "introduced")
        if at is None:
            continue
        start = passage.start + at
        found.append(GoldIntroduced(pid, passage.doc, start, start + len(words), by))
    return found


def _read_labels(value: object, texts: Mapping[str, str], out: _Problems) -> list[GoldLabel]:
    if not isinstance(value, Mapping):
        out.add('"documents" must be an object {doc id: {"label": ..., "sources": [...]}}')
        return []
    labels: list[GoldLabel] = []
    for doc, spec in value.items():
        what = f"documents[{doc!r}]"
        if doc not in texts:
            out.add(f"{what}: unknown document", doc)
            continue
        if not isinstance(spec, Mapping) or spec.get("label") not in LABELS:
            out.add(f'{what}: expected {{"label": one of {", ".join(LABELS)}, ...}}', doc)
            continue
        sources = spec.get("sources", [])
        if not isinstance(sources, list) or not all(s in texts and s != doc for s in sources):
            out.add(f"{what}: sources must be a list of other documents' ids", doc)
            continue
        labels.append(GoldLabel(doc, spec["label"], tuple(sources)))
    return labels


# --------------------------------------------------------------------------- measures


def _ratio(num: float, den: float) -> float | None:
    return None if den == 0 else num / den


def _f1(p: float | None, r: float | None) -> float | None:
    if p is None or r is None:
        return None
    return 0.0 if p + r == 0 else 2 * p * r / (p + r)


def _merge(intervals: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for s, e in sorted(intervals):
        if e <= s:
            continue
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


def _by_doc(spans: Iterable[Span]) -> dict[str, list[tuple[int, int]]]:
    grouped: dict[str, list[tuple[int, int]]] = {}
    for doc, s, e in spans:
        grouped.setdefault(doc, []).append((s, e))
    return {doc: _merge(iv) for doc, iv in grouped.items()}


def _intersect(a: Sequence[tuple[int, int]], b: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    out, i, j = [], 0, 0
    while i < len(a) and j < len(b):
        lo, hi = max(a[i][0], b[j][0]), min(a[i][1], b[j][1])
        if lo < hi:
            out.append((lo, hi))
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return out


def _length(spans: Mapping[str, Sequence[tuple[int, int]]]) -> int:
    return sum(e - s for iv in spans.values() for s, e in iv)


def _overlaps(a: Span, b: Span) -> bool:
    return a[0] == b[0] and max(a[1], b[1]) < min(a[2], b[2])


def plagdet(
    cases: Sequence[Sequence[Span]], detections: Sequence[Sequence[Span]]
) -> tuple[float, float, float, float]:
    """PAN's plagdet (Potthast et al., COLING 2010): ``(precision, recall, granularity, plagdet)``.

    A case or detection is a set of character spans ``(doc, start, end)``: for
    text reuse, the span in the copying document and the span in the source.
    A detection *detects* a case when every span of each overlaps a span of the
    other. Precision and recall are macro-averaged character overlaps (over
    detections and over cases), granularity the mean number of detections per
    detected case, and ``plagdet = F1 / log2(1 + granularity)``. With no
    detections precision is 0; with no cases recall is 0; with no detected case
    granularity is 1.

    >>> case = [("src", 0, 100), ("copy", 0, 100)]
    >>> halves = [[("src", 0, 50), ("copy", 0, 50)], [("src", 50, 100), ("copy", 50, 100)]]
    >>> [round(x, 4) for x in plagdet([case], halves)]
    [1.0, 1.0, 2.0, 0.6309]
    """
    case_spans = [_by_doc(c) for c in cases]
    det_spans = [_by_doc(d) for d in detections]

    def detects(det: Sequence[Span], case: Sequence[Span]) -> bool:
        return all(any(_overlaps(x, y) for y in det) for x in case) and all(
            any(_overlaps(y, x) for x in case) for y in det
        )

    # which detections detect which case: those overlapping every span of the case
    by_doc: dict[str, list[tuple[int, int, int]]] = {}
    for j, det in enumerate(detections):
        for doc, start, end in det:
            by_doc.setdefault(doc, []).append((start, end, j))
    overlapping: dict[Span, set[int]] = {}

    def near(span: Span) -> set[int]:
        if span not in overlapping:
            doc, start, end = span
            overlapping[span] = {
                j for s, e, j in by_doc.get(doc, []) if max(s, start) < min(e, end)
            }
        return overlapping[span]

    detected_by: list[list[int]] = []
    for case in cases:
        found = set.intersection(*(near(span) for span in case)) if case else set()
        detected_by.append(sorted(j for j in found if detects(detections[j], case)))
    cases_of: dict[int, list[int]] = {}
    for i, dets in enumerate(detected_by):
        for j in dets:
            cases_of.setdefault(j, []).append(i)

    def overlap(
        spans: Mapping[str, list[tuple[int, int]]],
        others: list[int],
        pool: list[dict[str, list[tuple[int, int]]]],
    ) -> int:
        union: dict[str, list[tuple[int, int]]] = {}
        for k in others:
            for doc, iv in pool[k].items():
                if doc in spans:
                    union.setdefault(doc, []).extend(_intersect(spans[doc], iv))
        return _length({doc: _merge(iv) for doc, iv in union.items()})

    precision = (
        sum(
            overlap(det_spans[j], cases_of.get(j, []), case_spans) / _length(det_spans[j])
            for j in range(len(detections))
        )
        / len(detections)
        if detections
        else 0.0
    )
    recall = (
        sum(
            overlap(case_spans[i], detected_by[i], det_spans) / _length(case_spans[i])
            for i in range(len(cases))
        )
        / len(cases)
        if cases
        else 0.0
    )
    hit = [len(d) for d in detected_by if d]
    granularity = sum(hit) / len(hit) if hit else 1.0
    f1 = _f1(precision, recall) or 0.0
    return precision, recall, granularity, f1 / math.log2(1 + granularity)


def bcubed(
    gold: Mapping[str, str | int], predicted: Mapping[str, str | int]
) -> tuple[float, float, float]:
    """B-cubed ``(precision, recall, F1)`` (Bagga & Baldwin 1998; Amigó et al. 2009).

    ``gold`` and ``predicted`` map each item to its cluster label; items missing
    from ``predicted`` are singletons. Averaged over the items of ``gold``.

    >>> bcubed({"a": 1, "b": 1, "c": 2}, {"a": "x", "b": "y", "c": "y"})
    (0.6666666666666666, 0.6666666666666666, 0.6666666666666666)
    """
    if not gold:
        return 0.0, 0.0, 0.0
    items = list(gold)
    pred: dict[str, object] = {x: predicted.get(x, ("singleton", x)) for x in items}
    n_pred = Counter(pred.values())
    n_gold = Counter(gold.values())
    n_both = Counter((pred[x], gold[x]) for x in items)
    precision = sum(n_both[pred[x], gold[x]] / n_pred[pred[x]] for x in items)
    recall = sum(n_both[pred[x], gold[x]] / n_gold[gold[x]] for x in items)
    p, r = precision / len(items), recall / len(items)
    return p, r, _f1(p, r) or 0.0


# --------------------------------------------------------------------------- outcomes


@attrs.frozen
class EdgeOutcome:
    """How the report oriented one gold edge ``parent`` → ``child``.

    ``outcome``: ``correct`` (the report's match of the parent is an ancestor of
    its match of the child along determined edges), ``undetermined`` (the tree
    path between them has an undetermined or a common-source edge: one that claims no
    direction), ``wrong`` (otherwise) or
    ``missing`` (either end unmatched, or matched into different families).
    """

    parent: str
    child: str
    outcome: Outcome
    decided_by: tuple[str, ...] = ()
    report_parent: str | None = None
    report_child: str | None = None


@attrs.frozen
class DocumentOutcome:
    """A labelled document: gold label and sources, the report's share and sources."""

    doc: str
    gold_label: Label
    predicted_label: Label
    share: float
    gold_sources: tuple[str, ...]
    predicted_sources: tuple[str, ...]


@attrs.frozen
class WordOutcome:
    """A word of a gold passage whose origin the report got wrong."""

    doc: str
    start: int
    end: int
    word: str
    gold_origin: str
    predicted_origin: str


def _fmt(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


@attrs.frozen(kw_only=True)
class Evaluation:
    """The measures of one report against one gold (definitions: ``docs/evaluation.md``).

    Scores are in [0, 1], ``None`` where undefined; ``granularity`` is >= 1.
    The tuples list the individual errors: gold pairs the report missed, report
    pairs with no gold pair, every gold edge's outcome, every labelled document,
    and every misattributed word.
    """

    gold_passages: int
    report_passages: int
    passage_recall: float | None
    passage_precision: float | None

    gold_pairs: int
    predicted_pairs: int
    link_precision: float | None
    link_recall: float | None
    link_f1: float | None
    missed_pairs: tuple[tuple[str, str], ...]
    false_pairs: tuple[tuple[str, str], ...]

    family_precision: float | None
    family_recall: float | None
    family_f1: float | None

    span_precision: float | None
    span_recall: float | None
    span_f1: float | None
    plagdet_precision: float | None
    plagdet_recall: float | None
    granularity: float | None
    plagdet: float | None

    words: int
    word_origin_accuracy: float | None
    introduced_words: int
    introduced_word_recall: float | None
    word_errors: tuple[WordOutcome, ...]

    edges: tuple[EdgeOutcome, ...]
    direction_correct: float | None
    direction_undetermined: float | None
    direction_wrong: float | None
    direction_missing: float | None
    decided_correct: float | None
    origin_accuracy: float | None

    documents: tuple[DocumentOutcome, ...]
    document_accuracy: float | None
    source_precision: float | None
    source_recall: float | None

    min_overlap: float
    wholly_from: float
    partial_above: float

    def scores(self) -> dict[str, float | None]:
        """Every score (and granularity) by name: the figures a baseline records."""
        names = [
            "passage_recall",
            "passage_precision",
            "link_precision",
            "link_recall",
            "link_f1",
            "family_precision",
            "family_recall",
            "family_f1",
            "span_precision",
            "span_recall",
            "span_f1",
            "plagdet_precision",
            "plagdet_recall",
            "granularity",
            "plagdet",
            "word_origin_accuracy",
            "introduced_word_recall",
            "direction_correct",
            "direction_undetermined",
            "direction_wrong",
            "direction_missing",
            "decided_correct",
            "origin_accuracy",
            "document_accuracy",
            "source_precision",
            "source_recall",
        ]
        return {n: getattr(self, n) for n in names}

    def to_dict(self) -> dict[str, Any]:
        """Every measure and every listed error as plain data (JSON-ready)."""
        return {
            "scores": self.scores(),
            "counts": {
                "gold_passages": self.gold_passages,
                "report_passages": self.report_passages,
                "gold_pairs": self.gold_pairs,
                "predicted_pairs": self.predicted_pairs,
                "words": self.words,
                "introduced_words": self.introduced_words,
                "gold_edges": len(self.edges),
                "labelled_documents": len(self.documents),
            },
            "options": {
                "min_overlap": self.min_overlap,
                "wholly_from": self.wholly_from,
                "partial_above": self.partial_above,
            },
            "missed_pairs": [list(p) for p in self.missed_pairs],
            "false_pairs": [list(p) for p in self.false_pairs],
            "edges": [attrs.asdict(e) for e in self.edges],
            "documents": [attrs.asdict(d) for d in self.documents],
            "word_errors": [attrs.asdict(w) for w in self.word_errors],
        }

    def to_text(self) -> str:
        """The measures as a plain-text table, then the errors."""
        n_edges = len(self.edges)
        count = {
            o: sum(e.outcome == o for e in self.edges)
            for o in ("correct", "undetermined", "wrong", "missing")
        }
        decided = [e for e in self.edges if e.decided_by]
        hit_pairs = self.gold_pairs - len(self.missed_pairs)
        ok_pairs = self.predicted_pairs - len(self.false_pairs)
        right_docs = sum(d.gold_label == d.predicted_label for d in self.documents)
        n_decided = len(decided)
        rows: list[tuple[str, str, str]] = [
            ("passages", "recall", f"{_fmt(self.passage_recall)}  of {self.gold_passages} gold"),
            (
                "",
                "precision",
                f"{_fmt(self.passage_precision)}  of {self.report_passages} in report",
            ),
            (
                "links",
                "precision",
                f"{_fmt(self.link_precision)}  {ok_pairs}/{self.predicted_pairs} report pairs",
            ),
            ("", "recall", f"{_fmt(self.link_recall)}  {hit_pairs}/{self.gold_pairs} gold pairs"),
            ("", "F1", _fmt(self.link_f1)),
            ("families", "B-cubed precision", _fmt(self.family_precision)),
            ("", "B-cubed recall", _fmt(self.family_recall)),
            ("", "B-cubed F1", _fmt(self.family_f1)),
            ("spans", "char precision", _fmt(self.span_precision)),
            ("", "char recall", _fmt(self.span_recall)),
            ("", "char F1", _fmt(self.span_f1)),
            (
                "",
                "plagdet",
                f"{_fmt(self.plagdet)}  (P {_fmt(self.plagdet_precision)}, "
                f"R {_fmt(self.plagdet_recall)}, granularity {_fmt(self.granularity)})",
            ),
            (
                "wording",
                "words, right origin",
                f"{_fmt(self.word_origin_accuracy)}  of {self.words} words",
            ),
            (
                "",
                "introduced, found",
                f"{_fmt(self.introduced_word_recall)}  of {self.introduced_words} words",
            ),
            (
                "direction",
                "correct",
                f"{_fmt(self.direction_correct)}  {count['correct']}/{n_edges} gold edges",
            ),
            (
                "",
                "undetermined",
                f"{_fmt(self.direction_undetermined)}  {count['undetermined']}/{n_edges}",
            ),
            ("", "wrong", f"{_fmt(self.direction_wrong)}  {count['wrong']}/{n_edges}"),
            ("", "missing", f"{_fmt(self.direction_missing)}  {count['missing']}/{n_edges}"),
            ("", "decided by evidence, correct", f"{_fmt(self.decided_correct)}  of {n_decided}"),
            ("", "family origin correct", _fmt(self.origin_accuracy)),
            (
                "documents",
                "label accuracy",
                f"{_fmt(self.document_accuracy)}  {right_docs}/{len(self.documents)}",
            ),
            ("", "source precision", _fmt(self.source_precision)),
            ("", "source recall", _fmt(self.source_recall)),
        ]
        width = max(len(b) for _, b, _ in rows) + 2
        lines = [f"{'level':<11}{'measure':<{width}}value", "-" * (width + 45)]
        for level, measure, value in rows:
            lines.append(f"{level:<11}{measure:<{width}}{value}")
        lines.append(
            f"(match: overlap >= {self.min_overlap:g} of the shorter passage; document labels: "
            f"wholly from {self.wholly_from:g}, non at or below {self.partial_above:g})"
        )
        shown = list(self.documents)
        if len(shown) > 20:  # a large corpus: only the mislabelled ones
            shown = [d for d in shown if d.gold_label != d.predicted_label]
        if shown:
            lines.append("")
            lines.append(
                "documents"
                + (" mislabelled" if len(shown) < len(self.documents) else "")
                + f" ({len(shown)}): gold / predicted label (reused share): sources gold → report"
            )
            for d in shown[:20]:
                mark = " " if d.gold_label == d.predicted_label else "✗"
                lines.append(
                    f" {mark} {d.doc}: {d.gold_label} / {d.predicted_label} ({d.share:.2f}): "
                    f"{','.join(d.gold_sources) or '-'} → {','.join(d.predicted_sources) or '-'}"
                )
            if len(shown) > 20:
                lines.append(f"  ... and {len(shown) - 20} more")
        problems = [e for e in self.edges if e.outcome != "correct"]
        for title, items in (
            ("gold pairs missed", [f"{a} ~ {b}" for a, b in self.missed_pairs]),
            ("report pairs with no gold pair", [f"{a} ~ {b}" for a, b in self.false_pairs]),
            ("gold edges not oriented", [f"{e.parent} → {e.child}: {e.outcome}" for e in problems]),
            (
                "words misattributed",
                [
                    f"{w.doc}[{w.start}:{w.end}] {w.word!r}: gold {w.gold_origin}, report "
                    f"{w.predicted_origin}"
                    for w in self.word_errors
                ],
            ),
        ):
            if items:
                lines.append("")
                lines.append(f"{title} ({len(items)}):")
                lines.extend(f"  {x}" for x in items[:20])
                if len(items) > 20:
                    lines.append(f"  ... and {len(items) - 20} more")
        return "\n".join(lines)


# --------------------------------------------------------------------------- evaluate


@attrs.frozen
class _RP:
    """A report passage, with its family."""

    id: str
    doc: str
    start: int
    end: int
    family: str


def _span(p: GoldPassage | _RP) -> Span:
    return (p.doc, p.start, p.end)


def _overlap(a_start: int, a_end: int, b_start: int, b_end: int) -> int:
    return max(0, min(a_end, b_end) - max(a_start, b_start))


def evaluate(
    report: Report,
    gold: Gold,
    *,
    min_overlap: float = 0.5,
    wholly_from: float = 0.8,
    partial_above: float = 0.0,
) -> Evaluation:
    """Compare ``report`` with ``gold`` and return every measure (``docs/evaluation.md``).

    A report passage *matches* a gold passage in the same document when they
    overlap by at least ``min_overlap`` of the shorter one's characters.
    Documents are labelled from their reused share ``s`` (the sum of their
    view's sources): ``wholly`` when ``s >= wholly_from``, ``partially`` when
    ``s > partial_above``, else ``non``.

    :raises ConfigError: for an option out of range.
    :raises InputError: when a gold passage's text is not the report's text there.
    """
    if not 0.0 < min_overlap <= 1.0:
        raise ConfigError(f"min_overlap must be in (0, 1], got {min_overlap!r}")
    if not 0.0 <= partial_above < wholly_from <= 1.0:
        raise ConfigError(
            "expected 0 <= partial_above < wholly_from <= 1, got "
            f"partial_above={partial_above!r}, wholly_from={wholly_from!r}"
        )
    texts = {d.id: d.text for d in report.documents}
    problems = [
        Problem(
            gold.source,
            f"passage {g.id!r}: the report's {g.doc} "
            + ("is missing" if g.doc not in texts else f"differs at [{g.start}:{g.end}]"),
        )
        for g in gold.passages
        if texts.get(g.doc, "")[g.start : g.end] != g.text
    ]
    if problems:
        raise InputError(problems)

    rps = [_RP(p.id, p.doc, p.start, p.end, f.id) for f in report.families for p in f.passages]
    rp_by_id = {p.id: p for p in rps}
    rps_in_doc: dict[str, list[_RP]] = {}
    for p in rps:
        rps_in_doc.setdefault(p.doc, []).append(p)
    golds = {g.id: g for g in gold.passages}
    gold_family = {pid: i for i, fam in enumerate(gold.families) for pid in fam}

    # ---- matching
    matches: dict[str, list[str]] = {p.id: [] for p in rps}  # report passage -> gold passages
    # gold passage -> its matching report passages, best first: (overlap / union, id)
    candidates: dict[str, list[tuple[float, str]]] = {}
    best: dict[str, str] = {}  # gold passage -> its best-matching report passage
    for g in gold.passages:
        scored = []
        for p in rps_in_doc.get(g.doc, []):
            ov = _overlap(g.start, g.end, p.start, p.end)
            if ov > 0 and ov >= min_overlap * min(g.end - g.start, p.end - p.start):
                matches[p.id].append(g.id)
                union = max(g.end, p.end) - min(g.start, p.start)
                scored.append((-ov / union, p.end - p.start, p.id))
        if scored:
            scored.sort()
            best[g.id] = scored[0][2]
            candidates[g.id] = [(-iou, pid) for iou, _, pid in scored]

    # ---- links
    gold_pairs: set[tuple[str, str]] = set()
    for fam in gold.families:
        for i, a in enumerate(fam):
            for b in fam[i + 1 :]:
                if golds[a].doc != golds[b].doc:
                    gold_pairs.add((min(a, b), max(a, b)))
    predicted: list[tuple[str, str]] = []
    for f in report.families:
        ps = sorted(f.passages, key=lambda p: p.id)
        for i, pa in enumerate(ps):
            for pb in ps[i + 1 :]:
                if pa.doc != pb.doc:
                    predicted.append((pa.id, pb.id))
    hit: set[tuple[str, str]] = set()
    false_pairs: list[tuple[str, str]] = []
    for a, b in predicted:
        found = {
            (min(x, y), max(x, y))
            for x in matches[a]
            for y in matches[b]
            if (min(x, y), max(x, y)) in gold_pairs
        }
        hit |= found
        if not found:
            false_pairs.append((a, b))
    link_p = _ratio(len(predicted) - len(false_pairs), len(predicted))
    link_r = _ratio(len(hit), len(gold_pairs))

    # ---- families (B-cubed over gold passages)
    if gold.passages:
        fam_p, fam_r, fam_f = bcubed(
            {g: gold_family[g] for g in golds},
            {g: rp_by_id[best[g]].family for g in golds if g in best},
        )
        fam_scores: tuple[float | None, float | None, float | None] = (fam_p, fam_r, fam_f)
    else:
        fam_scores = (None, None, None)

    # ---- spans
    gold_spans = _by_doc((g.doc, g.start, g.end) for g in gold.passages)
    report_spans = _by_doc((p.doc, p.start, p.end) for p in rps)
    common = _length({d: _intersect(gold_spans[d], report_spans.get(d, [])) for d in gold_spans})
    span_p = _ratio(common, _length(report_spans))
    span_r = _ratio(common, _length(gold_spans))
    cases = [[_span(golds[x]), _span(golds[y])] for x, y in sorted(gold_pairs)]
    detections = [[_span(rp_by_id[x]), _span(rp_by_id[y])] for x, y in predicted]
    pd: tuple[float | None, ...] = (
        plagdet(cases, detections) if cases or detections else (None, None, None, None)
    )

    # ---- wording
    if gold.wording:
        words, word_ok, n_introduced, introduced_ok, word_errors = _words(report, gold, texts)
    else:
        words, word_ok, n_introduced, introduced_ok, word_errors = 0, 0, 0, 0, []

    # ---- direction
    edges = _directions(report, gold, candidates, rp_by_id)
    n = len(edges)
    share = {
        o: _ratio(sum(e.outcome == o for e in edges), n)
        for o in ("correct", "undetermined", "wrong", "missing")
    }
    decided = [e for e in edges if e.decided_by]
    origin_acc = _origins(report, gold, candidates, rp_by_id)

    # ---- documents
    documents = _documents(report, gold, wholly_from, partial_above)
    gold_src = {(d.doc, s) for d in documents for s in d.gold_sources}
    pred_src = {(d.doc, s) for d in documents for s in d.predicted_sources}

    return Evaluation(
        gold_passages=len(gold.passages),
        report_passages=len(rps),
        passage_recall=_ratio(len(best), len(gold.passages)),
        passage_precision=_ratio(sum(1 for p in rps if matches[p.id]), len(rps)),
        gold_pairs=len(gold_pairs),
        predicted_pairs=len(predicted),
        link_precision=link_p,
        link_recall=link_r,
        link_f1=_f1(link_p, link_r),
        missed_pairs=tuple(sorted(gold_pairs - hit)),
        false_pairs=tuple(false_pairs),
        family_precision=fam_scores[0],
        family_recall=fam_scores[1],
        family_f1=fam_scores[2],
        span_precision=span_p,
        span_recall=span_r,
        span_f1=_f1(span_p, span_r),
        plagdet_precision=pd[0],
        plagdet_recall=pd[1],
        granularity=pd[2],
        plagdet=pd[3],
        words=words,
        word_origin_accuracy=_ratio(word_ok, words),
        introduced_words=n_introduced,
        introduced_word_recall=_ratio(introduced_ok, n_introduced),
        word_errors=tuple(word_errors),
        edges=tuple(edges),
        direction_correct=share["correct"],
        direction_undetermined=share["undetermined"],
        direction_wrong=share["wrong"],
        direction_missing=share["missing"],
        decided_correct=_ratio(sum(e.outcome == "correct" for e in decided), len(decided)),
        origin_accuracy=origin_acc,
        documents=tuple(documents),
        document_accuracy=_ratio(
            sum(d.gold_label == d.predicted_label for d in documents), len(documents)
        ),
        source_precision=_ratio(len(gold_src & pred_src), len(pred_src)),
        source_recall=_ratio(len(gold_src & pred_src), len(gold_src)),
        min_overlap=min_overlap,
        wholly_from=wholly_from,
        partial_above=partial_above,
    )


def _roots(gold: Gold) -> dict[int, str]:
    """Each gold family's root passage, for families with exactly one passage without parent."""
    has_parent = {e.child for e in gold.edges}
    roots: dict[int, str] = {}
    for i, fam in enumerate(gold.families):
        candidates = [p for p in fam if p not in has_parent]
        if len(candidates) == 1 and any(p in has_parent for p in fam):
            roots[i] = candidates[0]
    return roots


def _words(
    report: Report, gold: Gold, texts: Mapping[str, str]
) -> tuple[int, int, int, int, list[WordOutcome]]:
    """Words of gold passages: how many, how many with the right origin, the same for
    introduced words, and the misattributed words."""
    roots = _roots(gold)
    family_of = {pid: i for i, fam in enumerate(gold.families) for pid in fam}
    doc_of = {g.id: g.doc for g in gold.passages}
    introduced: dict[str, list[GoldIntroduced]] = {}
    for x in gold.introduced:
        introduced.setdefault(x.doc, []).append(x)
    # doc -> (segment start, end, origin, its passage's start, end)
    segments: dict[str, list[tuple[int, int, str, int, int]]] = {}
    for f in report.families:
        for p in f.passages:
            for s in f.segments.get(p.id, ()):
                origin = OUTSIDE if s.origin is None else s.origin
                segments.setdefault(p.doc, []).append((s.start, s.end, origin, p.start, p.end))
    gold_in_doc: dict[str, list[GoldPassage]] = {}
    for g in gold.passages:
        gold_in_doc.setdefault(g.doc, []).append(g)

    total = ok = n_intro = intro_ok = 0
    errors: list[WordOutcome] = []
    for doc, spans in sorted(_by_doc((g.doc, g.start, g.end) for g in gold.passages).items()):
        text = texts[doc]
        for lo, hi in spans:
            for m in _WORD.finditer(text, lo, hi):
                ws, we = m.start(), m.end()
                covering = [g for g in gold_in_doc[doc] if g.start <= ws and we <= g.end]
                if not covering:
                    continue
                own = min(covering, key=lambda g: (g.end - g.start, g.id))
                intro = next(
                    (x for x in introduced.get(doc, []) if _overlap(ws, we, x.start, x.end)), None
                )
                if intro is not None:
                    expected = intro.by
                elif family_of[own.id] in roots:
                    expected = doc_of[roots[family_of[own.id]]]
                else:
                    continue  # the gold does not say where this word came from
                candidates = [
                    (pe - ps, origin)
                    for s, e, origin, ps, pe in segments.get(doc, [])
                    if _overlap(ws, we, s, e)
                ]
                got = min(candidates)[1] if candidates else doc
                total += 1
                n_intro += intro is not None
                if got == expected:
                    ok += 1
                    intro_ok += intro is not None
                else:
                    errors.append(WordOutcome(doc, ws, we, m.group(), expected, got))
    return total, ok, n_intro, intro_ok, errors


def _directions(
    report: Report,
    gold: Gold,
    candidates: Mapping[str, list[tuple[float, str]]],
    rp_by_id: Mapping[str, _RP],
) -> list[EdgeOutcome]:
    parent_edge = {e.child: e for f in report.families for e in f.edges}

    def ancestors(pid: str) -> list[str]:
        chain, seen = [pid], {pid}
        while chain[-1] in parent_edge and parent_edge[chain[-1]].parent not in seen:
            chain.append(parent_edge[chain[-1]].parent)
            seen.add(chain[-1])
        return chain

    def undetermined(pid: str) -> bool:
        # A common-source edge claims no direction: neither version is the other's parent.
        return parent_edge[pid].direction in ((UNDETERMINED,), (COMMON_SOURCE,))

    out: list[EdgeOutcome] = []
    for e in gold.edges:
        # the matches of parent and child in one report family that fit best together
        pairs = [
            (sp + sc, rp, rc)
            for sp, rp in candidates.get(e.parent, [])
            for sc, rc in candidates.get(e.child, [])
            if rp != rc and rp_by_id[rp].family == rp_by_id[rc].family
        ]
        if not pairs:
            out.append(EdgeOutcome(e.parent, e.child, "missing", e.decided_by))
            continue
        _, rp, rc = max(pairs)
        up_c, up_p = ancestors(rc), ancestors(rp)
        outcome: Outcome
        if rp in up_c:
            path = up_c[: up_c.index(rp)]
            outcome = "undetermined" if any(undetermined(x) for x in path) else "correct"
        else:
            meet = next((x for x in up_c if x in up_p), None)
            path = (up_c[: up_c.index(meet)] + up_p[: up_p.index(meet)]) if meet else []
            outcome = "undetermined" if any(undetermined(x) for x in path) else "wrong"
        out.append(EdgeOutcome(e.parent, e.child, outcome, e.decided_by, rp, rc))
    return out


def _origins(
    report: Report,
    gold: Gold,
    candidates: Mapping[str, list[tuple[float, str]]],
    rp_by_id: Mapping[str, _RP],
) -> float | None:
    """Share of gold families (with one root) where a match of the root is the origin of
    its report family, and that family holds a match of another of the gold family's
    passages."""
    origin_of = {f.id: f.origin for f in report.families}
    roots = _roots(gold)
    right = 0
    for i, root in roots.items():
        others = {
            rp_by_id[pid].family
            for member in gold.families[i]
            if member != root
            for _, pid in candidates.get(member, [])
        }
        if any(
            origin_of.get(rp_by_id[pid].family) == pid and rp_by_id[pid].family in others
            for _, pid in candidates.get(root, [])
        ):
            right += 1
    return _ratio(right, len(roots))


def _documents(
    report: Report, gold: Gold, wholly_from: float, partial_above: float
) -> list[DocumentOutcome]:
    views = {v.doc: v for v in report.views}
    out: list[DocumentOutcome] = []
    for label in sorted(gold.labels, key=lambda x: x.doc):
        view = views.get(label.doc)
        sources = {d: s for d, s in (view.sources.items() if view else ()) if s > 0}
        share = min(1.0, float(sum(sources.values(), 0.0)))
        predicted: Label = (
            "wholly" if share >= wholly_from else "partially" if share > partial_above else "non"
        )
        out.append(
            DocumentOutcome(
                label.doc,
                label.label,
                predicted,
                share,
                tuple(sorted(label.sources)),
                tuple(sorted(sources)),
            )
        )
    return out
