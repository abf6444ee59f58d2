"""The evidence that one passage came before another, of the kinds
:data:`~provenance.model.EVIDENCE_KINDS` names: date order (:data:`~provenance.model.DATED`),
a credit line (:data:`~provenance.model.CREDITED`) and a trim (:data:`~provenance.model.TEXTUAL`);
its weights, pair by pair and for a whole family, and the sentences each kind writes.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import cache
from importlib import resources
from typing import NamedTuple

import numpy as np

from provenance.dates import before, before_matrix, order, precision
from provenance.model import (
    CREDITED,
    DATED,
    TEXTUAL,
    Credit,
    Document,
    FrozenMapping,
    Link,
    Passage,
)
from provenance.origin.context import _Context
from provenance.origin.passages import _Opening


def _label(doc: Document) -> str:
    date = doc.date.isoformat() if doc.date else "undated"
    return f"{doc.id} ({doc.outlet or 'unknown outlet'}, {date})"


def _credit_of(ctx: _Context, child: Document, parent: Document) -> Credit | None:
    if not parent.outlet or parent.outlet == child.outlet:
        return None
    return next((c for c in ctx.credits[child.id] if c.outlet == parent.outlet), None)


class _Evidence(NamedTuple):
    """The evidence that one passage came before another (:func:`_evidence`)."""

    weight: float
    kinds: list[str]  # of :data:`~provenance.model.EVIDENCE_KINDS`, in that order
    sentences: list[str]  # what each kind found, in words


def _evidence(
    ctx: _Context,
    parent: Passage,
    child: Passage,
    trim: _Opening | None,
    *,
    explain: bool = True,
) -> _Evidence:
    """Weight, kinds and sentences of the evidence that ``parent`` came before ``child``
    (no sentences unless ``explain``).

    The rules :func:`_weights` applies to a whole family: two passages of one
    document carry no evidence between them; ``trim`` is :meth:`_Builder.trim` of
    the two when they are linked, ``None`` otherwise.
    """
    dp, dc = ctx.docs[parent.doc], ctx.docs[child.doc]
    if dp.id == dc.id:
        return _Evidence(0.0, [], [])
    weight = 0.0
    kinds: list[str] = []
    words: list[str] = []
    if order(dp.date, dc.date) < 0:
        weight += ctx.config.date_weight
        kinds.append(DATED)
        if explain:
            words.append(f"{_label(dp)} was published before {_label(dc)}.")
    credit = _credit_of(ctx, dc, dp)
    if credit is not None:
        weight += ctx.config.credit_weight
        kinds.append(CREDITED)
        if explain:
            words.append(f"{dc.id} credits {dp.outlet} as “{credit.text}” (offset {credit.start}).")
    if trim is not None:
        weight += ctx.config.text_weight
        kinds.append(TEXTUAL)
        if explain:
            words.append(
                f"{dc.id} keeps only the first {trim.kept} of the {trim.total} sentences of "
                f"{dp.id}'s paragraph: a trimmed copy."
            )
    return _Evidence(weight, kinds, words)


def _no_decision(ctx: _Context, a: Passage, b: Passage) -> str:
    da, db = ctx.docs[a.doc], ctx.docs[b.doc]
    if da.date is None or db.date is None:
        missing = " and ".join(d.id for d in (da, db) if d.date is None)
        why = f"{missing} has no date" if " and " not in missing else f"{missing} have no dates"
    elif precision(da.date) in ("year", "month") or precision(db.date) in ("year", "month"):
        why = (
            f"The dates of {da.id} and {db.id} ({da.date.isoformat()}, "
            f"{db.date.isoformat()}) overlap"
        )
    else:
        why = f"{da.id} and {db.id} are dated the same day ({da.date.isoformat()[:10]})"
    return (
        f"{why}, and neither credits the other's outlet nor trims the other: "
        "direction undetermined."
    )


# Cached: a pure loader of a file shipped with the package, read once per process; the
# table it returns is read-only.
@cache
def calibration() -> Mapping[str, float]:
    """The shipped calibration (``provenance/data/calibration.json``): per direction
    (its kinds joined by commas), the share of edges with that direction that named
    the right parent on the generated corpus it was measured on."""
    path = resources.files("provenance").joinpath("data/calibration.json")
    return FrozenMapping(json.loads(path.read_text("utf-8"))["right"])


def calibrated(
    kinds: Sequence[str], support: float, against: float, *, close: bool = False
) -> float:
    """An oriented edge's confidence: how often edges oriented by ``kinds`` named the
    right parent (:func:`calibration`), apart for ``close`` calls (two candidate
    parents about equally close); for what it has not measured, the share of the
    evidence for the direction times ``1 - 0.5 ** support``, times 0.8 for a close
    call."""
    key = ",".join(kinds) + (" close" if close else "")
    measured = calibration().get(key)
    if measured is not None:
        return float(measured)
    share = (support / (support + against)) * (1 - 0.5**support)
    return float(share * (0.8 if close else 1.0))


def replaces(link: Link | None) -> bool:
    """Whether a link's edits replace words on both sides (outside moved runs): each
    version has wording of its own where the other has other wording."""
    return link is not None and any(e.op == "replace" and not e.moved for e in link.edits)


def siblings(ctx: _Context, a: Document, b: Document, variants: bool) -> bool:
    """Whether ``a`` and ``b`` look like two copies of one source rather than one a
    copy of the other: both dated to the day, the same day, neither crediting the
    other's outlet, and each with wording of its own where the other has other
    wording (``variants``: their alignment replaces words, outside moved runs)."""
    return (
        variants
        and precision(a.date) == "day"
        and precision(b.date) == "day"
        and order(a.date, b.date) == 0
        and _credit_of(ctx, a, b) is None
        and _credit_of(ctx, b, a) is None
    )


def _siblings_sentence(a: Document, b: Document) -> str:
    return (
        f"{a.id} and {b.id} appeared the same day, neither credits the other, and each has "
        "its own wording where the other has other wording: copies of a common source "
        "outside the corpus."
    )


def _undecided(ctx: _Context, parent: Passage, child: Passage, against: Sequence[str]) -> str:
    """Why the edge from ``parent`` to ``child`` is undetermined: no evidence orients
    it (:func:`_no_decision`), or the kinds ``against`` would put ``child`` first."""
    if not against:
        return _no_decision(ctx, parent, child)
    return f"The evidence conflicts: {', '.join(against)} would put {child.doc} first."


def _weights(
    ctx: _Context,
    passages: Sequence[Passage],
    linked: Iterable[tuple[int, int]],
    trim: Callable[[int, int], _Opening | None],
) -> np.ndarray:
    """``w[i, j]``: weight of the evidence that passage ``i`` came before passage ``j``.

    The same rules as :func:`_evidence`, computed for all pairs at once; ``linked``
    are the pairs of passages aligned with each other, ``trim`` is :meth:`_Builder.trim`.
    """
    w = ctx.config.date_weight * before_matrix([ctx.dates[p.doc] for p in passages])
    outlets = sorted({o for p in passages if (o := ctx.docs[p.doc].outlet)})
    code = {o: k for k, o in enumerate(outlets)}
    outlet_of = np.array([code.get(ctx.docs[p.doc].outlet or "", -1) for p in passages])
    for j, p in enumerate(passages):
        for credit in ctx.credits[p.doc]:
            if credit.outlet in code:
                k = code[credit.outlet]
                w[:, j] += ctx.config.credit_weight * ((outlet_of == k) & (outlet_of[j] != k))
    for a, b in linked:  # a trim is evidence only between versions aligned with each other
        if trim(a, b):
            w[a, b] += ctx.config.text_weight
        if trim(b, a):
            w[b, a] += ctx.config.text_weight
    docs = np.array([ctx.doc_index[p.doc] for p in passages])
    w[docs[:, None] == docs[None, :]] = 0.0
    return w


def _weight_lists(
    ctx: _Context,
    passages: Sequence[Passage],
    linked: Iterable[tuple[int, int]],
    trim: Callable[[int, int], _Opening | None],
) -> list[list[float]]:
    """:func:`_weights` one pair at a time, as lists of Python floats: the same
    operations on the same values in the same order, so the same weights, without
    numpy's cost per call that dominates for a handful of passages."""
    n = len(passages)
    keys = [ctx.dates[p.doc] for p in passages]
    date_weight, credit_weight = ctx.config.date_weight, ctx.config.credit_weight
    w = [[date_weight * before(key, key_j) for key_j in keys] for key in keys]
    outlets = sorted({o for p in passages if (o := ctx.docs[p.doc].outlet)})
    code = {o: k for k, o in enumerate(outlets)}
    outlet_of = [code.get(ctx.docs[p.doc].outlet or "", -1) for p in passages]
    for j, p in enumerate(passages):
        for credit in ctx.credits[p.doc]:
            if credit.outlet in code:
                k = code[credit.outlet]
                for i in range(n):
                    w[i][j] += credit_weight * (outlet_of[i] == k and outlet_of[j] != k)
    for a, b in linked:
        if trim(a, b):
            w[a][b] += ctx.config.text_weight
        if trim(b, a):
            w[b][a] += ctx.config.text_weight
    docs = [ctx.doc_index[p.doc] for p in passages]
    for i in range(n):
        for j in range(n):
            if docs[i] == docs[j]:
                w[i][j] = 0.0
    return w


def _held_sentence(parent: str, child: str, holds: float, kept: float) -> str:
    """What the :data:`~provenance.model.HELD` evidence found, in words."""
    return (
        f"{parent} holds {holds:.0%} of the wording {child} shares with the corpus, and "
        f"{child} only {kept:.0%} of {parent}'s: {child} kept part of {parent}'s text "
        "(the dates and credit lines do not order them)."
    )
