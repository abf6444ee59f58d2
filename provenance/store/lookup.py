""" "Where did this article come from?": one document looked up against an archive.

:func:`lookup` reads the answer off a report that holds the document beside the
archive's (:meth:`provenance.store.archive.Archive.query` makes it): the documents
that share wording with it, best first, each with a score, the shared spans on both
sides with their edits, and the direction evidence of the trees; and the origin of
each of its words, as :func:`provenance.analyze` gives it.
"""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any

import attrs

__all__ = ["LOOKUP_SCHEMA", "LOOKUP_VERSION", "Lookup", "Match", "lookup"]

LOOKUP_SCHEMA = "provenance-lookup"
LOOKUP_VERSION = "1.1"

# A link's edit read from its other side: what is inserted one way is deleted the other.
_OTHER_WAY = {"insert": "delete", "delete": "insert", "replace": "replace"}


@attrs.frozen
class Match:
    """A document of the archive that shares wording with the one looked up.

    ``score`` is the share of the looked-up document's article text (in characters)
    inside a span it shares with this one, in [0, 1]. ``spans`` are the shared
    passages, each ``{"query": [start, end], "match": [start, end], "similarity",
    "edits"}``, offsets into each text, the edits read from this document's wording
    to the looked-up one's. ``role`` says what the provenance trees make of the
    pair: ``"parent"`` (the looked-up document took wording from this one),
    ``"child"`` (the other way), ``"common-source"`` (both copied one source outside
    the archive), or ``"related"`` (they share wording, no edge joins them);
    ``evidence`` holds the edges' sentences.
    """

    id: str
    outlet: str | None
    date: str | None
    score: float
    shared_words: int
    role: str
    spans: tuple[dict[str, Any], ...]
    evidence: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "outlet": self.outlet,
            "date": self.date,
            "score": self.score,
            "shared_words": self.shared_words,
            "role": self.role,
            "spans": list(self.spans),
            "evidence": list(self.evidence),
        }


@attrs.frozen
class Lookup:
    """The answer of :meth:`~provenance.store.archive.Archive.query`: the document
    looked up (``document``, as the report writes a document: its shares of wording
    by source, ``original``, ...), its ``matches`` best first, and ``origins``, its
    words cut by origin (``{start, end, origin, determined, rewrites}``, as a
    passage's ``segments``; ``origin`` ``null`` for a source outside the archive).
    ``scope`` says what it was analysed with: ``"neighbourhood"``, the ``compared``
    documents of the archive that share the most wording with it, or ``"archive"``,
    every document (``compared`` of them). ``outlets`` is the generation of the
    archive whose report's outlets' profile was weighed (a neighbourhood lookup's,
    when the archive has kept one), or ``None``: the profile its own documents
    show."""

    document: dict[str, Any]
    matches: tuple[Match, ...]
    origins: tuple[dict[str, Any], ...]
    scope: str = "archive"
    compared: int = 0
    outlets: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": LOOKUP_SCHEMA,
            "version": LOOKUP_VERSION,
            "scope": self.scope,
            "compared": self.compared,
            "outlets": {"generation": self.outlets} if self.outlets is not None else None,
            "document": self.document,
            "matches": [m.to_dict() for m in self.matches],
            "origins": list(self.origins),
        }

    def to_json(self, *, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent, allow_nan=False)


def _oriented(edits: list[dict[str, Any]], query_is_a: bool) -> list[dict[str, Any]]:
    """A link's edits (``a`` to ``b``) as ``match`` to ``query``."""
    if not query_is_a:
        return [
            {"op": e["op"], "match_text": e["a_text"], "query_text": e["b_text"]}
            | {"match": [e["a_start"], e["a_end"]], "query": [e["b_start"], e["b_end"]]}
            | {"moved": e["moved"]}
            for e in edits
        ]
    return [
        {"op": _OTHER_WAY[e["op"]], "match_text": e["b_text"], "query_text": e["a_text"]}
        | {"match": [e["b_start"], e["b_end"]], "query": [e["a_start"], e["a_end"]]}
        | {"moved": e["moved"]}
        for e in edits
    ]


def _covered(spans: list[tuple[int, int]]) -> int:
    """Characters inside the union of ``spans``."""
    total = end = 0
    for a, b in sorted(spans):
        a = max(a, end)
        if b > a:
            total += b - a
            end = b
    return total


def lookup(
    report: dict[str, Any],
    query: str,
    *,
    top: int,
    scope: str = "archive",
    compared: int = 0,
    outlets: int | None = None,
) -> Lookup:
    """The :class:`Lookup` of document ``query`` in a report's JSON form
    (:meth:`Report.to_dict`) that holds it; its ``top`` matches; ``scope``,
    ``compared`` and ``outlets`` say what the report analysed it with."""
    documents = {d["id"]: d for d in report["documents"]}
    doc = documents[query]
    article = sum(p["end"] - p["start"] for p in doc["paragraphs"] if not p["boilerplate"])
    owner = {p["id"]: p["doc"] for f in report["families"] for p in f["passages"]}
    spans: dict[str, list[dict[str, Any]]] = defaultdict(list)
    words: dict[str, int] = defaultdict(int)
    for k in report["links"]:
        a, b = owner[k["a"]], owner[k["b"]]
        if query not in (a, b) or a == b:
            continue
        query_is_a = a == query
        other = b if query_is_a else a
        mine, theirs = (k["a_span"], k["b_span"]) if query_is_a else (k["b_span"], k["a_span"])
        spans[other].append(
            {
                "query": list(mine),
                "match": list(theirs),
                "similarity": k["similarity"],
                "edits": _oriented(k["edits"], query_is_a),
            }
        )
        words[other] += k["shared_words"]
    roles: dict[str, str] = {}
    evidence: dict[str, list[str]] = defaultdict(list)
    for f in report["families"]:
        for e in f["edges"]:
            parent, child = owner[e["parent"]], owner[e["child"]]
            if query not in (parent, child) or parent == child:
                continue
            other = parent if child == query else child
            if "common-source" in e["direction"]:
                role = "common-source"
            elif "undetermined" in e["direction"]:
                role = "related"
            else:
                role = "parent" if other == parent else "child"
            roles.setdefault(other, role)
            evidence[other].extend(s for s in e["evidence"] if s not in evidence[other])
    matches = [
        Match(
            id=other,
            outlet=documents[other]["outlet"],
            date=documents[other]["date"],
            score=min(1.0, round(_covered([tuple(s["query"]) for s in found]) / article, 4))
            if article
            else 0.0,
            shared_words=words[other],
            role=roles.get(other, "related"),
            spans=tuple(sorted(found, key=lambda s: (s["query"], s["match"]))),
            evidence=tuple(evidence[other]),
        )
        for other, found in spans.items()
    ]
    matches.sort(key=lambda m: (-m.score, -m.shared_words, m.id))
    origins = sorted(
        (
            s
            for f in report["families"]
            for p in f["passages"]
            if p["doc"] == query
            for s in p["segments"]
        ),
        key=lambda s: (s["start"], s["end"]),
    )
    unique = tuple({(s["start"], s["end"]): s for s in origins}.values())
    described = {k: v for k, v in doc.items() if k != "paragraphs"}
    return Lookup(described, tuple(matches[:top]), unique, scope, compared, outlets)
