"""The evidence that one passage came before another, of the kinds
:data:`~provenance.model.EVIDENCE_KINDS` names: date order (:data:`~provenance.model.DATED`),
a credit line (:data:`~provenance.model.CREDITED`), a trim (:data:`~provenance.model.TEXTUAL`)
and the outlets' order (:data:`~provenance.model.FOLLOWED`);
its weights, pair by pair and for a whole family, and the sentences each kind writes.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import cache
from importlib import resources
from typing import NamedTuple

import numpy as np
import numpy.typing as npt

from provenance.dates import before, precision
from provenance.model import (
    CREDITED,
    DATED,
    EDIT_OPS,
    FOLLOWED,
    TEXTUAL,
    Credit,
    Document,
    Edits,
    EditTable,
    FrozenMapping,
    Passage,
)
from provenance.origin.context import _Context
from provenance.origin.passages import _Opening


def _label(doc: Document) -> str:
    date = doc.date.isoformat() if doc.date else "undated"
    return f"{doc.id} ({doc.outlet or 'unknown outlet'}, {date})"


def _credit_of(ctx: _Context, child: Document, parent: Document) -> Credit | None:
    outlet = parent.outlet
    if not outlet or outlet == child.outlet:
        return None
    for credit in ctx.credits[child.id]:  # most documents have none
        if credit.outlet == outlet:
            return credit
    return None


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
    linked: bool,
    explain: bool = True,
) -> _Evidence:
    """Weight, kinds and sentences of the evidence that ``parent`` came before ``child``
    (no sentences unless ``explain``).

    The rules :class:`_Weights` applies to a whole family: two passages of one
    document carry no evidence between them; ``trim`` is :meth:`_Builder.trim` of
    the two when they are ``linked``, ``None`` otherwise; the outlets' order
    (:func:`_follows`) weighs only between linked passages.
    """
    dp, dc = ctx.docs[parent.doc], ctx.docs[child.doc]
    if dp.id == dc.id:
        return _Evidence(0.0, [], [])
    weight = 0.0
    kinds: list[str] = []
    words: list[str] = []
    if before(ctx.dates[dp.id], ctx.dates[dc.id]):  # order(dp.date, dc.date) < 0
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
    if linked and _follows(ctx, dp, dc):
        weight += ctx.config.follow_weight
        kinds.append(FOLLOWED)
        if explain:
            words.append(ctx.outlets.sentence(dp, dc))
    return _Evidence(weight, kinds, words)


def _follows(ctx: _Context, a: Document, b: Document) -> bool:
    """Whether the outlets' order puts document ``a`` before ``b``
    (:meth:`~provenance.origin.precedence.OutletOrder.leads`), when it is weighed."""
    return bool(ctx.config.follow_weight) and ctx.outlets.leads(
        a, b, ctx.dates[a.id], ctx.dates[b.id]
    )


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
    the right parent on the generated corpus it was measured on; for the directions
    that corpus does not show (it has no agencies), on generated wire copy."""
    path = resources.files("provenance").joinpath("data/calibration.json")
    table = json.loads(path.read_text("utf-8"))
    return FrozenMapping({**table.get("right_wire", {}), **table["right"]})


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


def replaces(edits: Edits | None) -> bool:
    """Whether a link's ``edits`` replace words on both sides (outside moved runs):
    each version has wording of its own where the other has other wording."""
    if edits is None:
        return False
    # Read from the table's columns: no Edit is built.
    rows = slice(edits.start, edits.stop)
    ops, moved = edits.table.op[rows].tolist(), edits.table.moved[rows].tolist()
    return any(op == _REPLACE and not m for op, m in zip(ops, moved, strict=True))


def replaces_rows(
    table: EditTable, starts: npt.NDArray[np.int64], stops: npt.NDArray[np.int64]
) -> npt.NDArray[np.bool_]:
    """:func:`replaces` of many links at once: whether rows ``starts[i]:stops[i]`` of
    ``table`` hold a replace outside moved runs (a running count of them)."""
    marked = (table.op == _REPLACE) & ~table.moved
    count = np.concatenate([[0], np.cumsum(marked, dtype=np.int64)])
    found: npt.NDArray[np.bool_] = count[stops] > count[starts]
    return found


# The code of a replace in an EditTable's ``op`` column, read either way (swapped too).
_REPLACE = EDIT_OPS.index("replace")


def siblings(ctx: _Context, a: Document, b: Document, variants: bool) -> bool:
    """Whether ``a`` and ``b`` look like two copies of one source rather than one a
    copy of the other: both dated to the day, the same day, neither crediting the
    other's outlet, and each with wording of its own where the other has other
    wording (``variants``: their alignment replaces words, outside moved runs)."""
    if not variants:
        return False
    ka, kb = ctx.dates[a.id], ctx.dates[b.id]
    return ka.same_day(kb) and _credit_of(ctx, a, b) is None and _credit_of(ctx, b, a) is None


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


class _Weights:
    """The weights of the evidence between the passages of one family, pair by pair:
    :meth:`weight` of ``x`` and ``y`` is that of the evidence that ``x`` came before
    ``y``, by the rules of :func:`_evidence`, the same float a matrix of every pair
    would hold (its date weight, then a credit weight per credit line, then a text
    weight per trim, then the follow weight when the outlets' order puts one first,
    added in that order), without one.

    ``linked`` are the pairs of passages aligned with each other (numbered in the
    family's order), ``trim`` is :meth:`_Builder.trim`. Besides dates, evidence
    joins only the pairs a credit line, a trim or the outlets' order names
    (:attr:`named`): their weights are kept, any other pair's come from its dates
    alone.
    """

    def __init__(
        self,
        ctx: _Context,
        passages: Sequence[Passage],
        linked: Iterable[tuple[int, int]],
        trim: Callable[[int, int], _Opening | None],
    ) -> None:
        config = ctx.config
        self.date_weight = config.date_weight
        self.credit_weight = config.credit_weight
        self.text_weight = config.text_weight
        self.follow_weight = config.follow_weight
        self.dated = config.date_weight > 0  # whether a date alone orients a pair
        self.keys = [ctx.dates[p.doc] for p in passages]
        self.docs = [ctx.doc_index[p.doc] for p in passages]
        self.counts = _named_counts(ctx, passages, linked, trim)
        self.named: dict[tuple[int, int], float] = {}  # (x, y): weight, both ways
        for (x, y), (credits, trims, follows) in self.counts.items():
            w = self.date_weight * before(self.keys[x], self.keys[y])
            for _ in range(credits):
                w += self.credit_weight
            for _ in range(trims):
                w += self.text_weight
            if follows:
                w += self.follow_weight
            self.named[x, y] = w

    def weight(self, x: int, y: int) -> float:
        """The weight of the evidence that passage ``x`` came before passage ``y``."""
        w = self.named.get((x, y))
        if w is None:
            return (
                0.0
                if self.docs[x] == self.docs[y]
                else self.date_weight * before(self.keys[x], self.keys[y])
            )
        return w

    def first(self, x: int, y: int) -> bool:
        """Whether the evidence puts ``x`` before ``y``: it outweighs the converse."""
        w = self.named.get((x, y))
        if w is None:
            return self.dated and before(self.keys[x], self.keys[y])
        return w > self.named[y, x]

    def by_date(self, x: int, y: int) -> bool:
        """:meth:`first` of a pair no credit line or trim names: by its dates alone."""
        return self.dated and before(self.keys[x], self.keys[y])


class _Named(NamedTuple):
    """How many credit lines and trims add weight to the evidence that one passage
    came before another, and whether the outlets' order does (:func:`_named_counts`)."""

    credits: int
    trims: int
    follows: bool = False


def _named_counts(
    ctx: _Context,
    passages: Sequence[Passage],
    linked: Iterable[tuple[int, int]],
    trim: Callable[[int, int], _Opening | None],
) -> dict[tuple[int, int], _Named]:
    """For each pair ``(x, y)`` of passages of different documents that a credit line,
    a trim or the outlets' order joins, either way: how many of ``y``'s document's
    credit lines name ``x``'s outlet (when ``y``'s is another), how many times ``x``
    trims to ``y`` (once per link between them that :meth:`_Builder.trim` finds a
    trim in), and whether, linked, the outlets' order puts ``x`` first
    (:func:`_follows`); both ways of each such pair are listed."""
    outlets = [ctx.docs[p.doc].outlet or "" for p in passages]
    docs = [ctx.doc_index[p.doc] for p in passages]
    members: dict[str, list[int]] = {}
    for i, outlet in enumerate(outlets):
        if outlet:
            members.setdefault(outlet, []).append(i)
    credits: dict[tuple[int, int], int] = {}
    for y, p in enumerate(passages):
        for credit in ctx.credits[p.doc]:
            if credit.outlet != outlets[y]:
                for x in members.get(credit.outlet, ()):
                    credits[x, y] = credits.get((x, y), 0) + 1
    trims: dict[tuple[int, int], int] = {}
    follows: set[tuple[int, int]] = set()
    # Which passages' outlets file and which follow: most pairs are neither.
    order = ctx.outlets
    leads = bool(ctx.config.follow_weight and order.followers)
    files = [o in order.sources for o in outlets] if leads else []
    copies = [o in order.followers for o in outlets] if leads else []
    leads = leads and any(files) and any(copies)
    for a, b in linked:
        if docs[a] != docs[b]:
            if trim(a, b):
                trims[a, b] = trims.get((a, b), 0) + 1
            if trim(b, a):
                trims[b, a] = trims.get((b, a), 0) + 1
            if leads and ((files[a] and copies[b]) or (files[b] and copies[a])):
                da, db = ctx.docs[passages[a].doc], ctx.docs[passages[b].doc]
                if _follows(ctx, da, db):
                    follows.add((a, b))
                elif _follows(ctx, db, da):
                    follows.add((b, a))
    out: dict[tuple[int, int], _Named] = {}
    for x, y in [*credits, *trims, *follows]:
        for pair in ((x, y), (y, x)):
            out[pair] = _Named(credits.get(pair, 0), trims.get(pair, 0), pair in follows)
    return out


def _held_sentence(parent: str, child: str, holds: float, kept: float) -> str:
    """What the :data:`~provenance.model.HELD` evidence found, in words."""
    return (
        f"{parent} holds {holds:.0%} of the wording {child} shares with the corpus, and "
        f"{child} only {kept:.0%} of {parent}'s: {child} kept part of {parent}'s text "
        "(the dates and credit lines do not order them)."
    )
