"""Render: a report as plain text for reading in a terminal."""

from __future__ import annotations

import textwrap

from provenance.model import Document, Edit, Family, Link, Report, date_to_iso

__all__ = ["render_text"]

_WIDTH = 88


def _short(text: str, width: int) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1].rstrip() + "…"


def _doc_line(doc: Document) -> str:
    date = date_to_iso(doc.date) or "undated"
    return f"{doc.id} · {doc.outlet or 'unknown outlet'} · {date}"


def _edit_text(e: Edit) -> str:
    moved = " (moved)" if e.moved else ""
    if e.op == "replace":
        return f"“{_short(e.a_text, 30)}” → “{_short(e.b_text, 30)}”{moved}"
    if e.op == "insert":
        return f"+“{_short(e.b_text, 40)}”{moved}"
    return f"−“{_short(e.a_text, 40)}”{moved}"


def _link_lines(ln: Link, docs: dict[str, str]) -> list[str]:
    head = (
        f"{docs[ln.a]} ↔ {docs[ln.b]}  similarity {ln.similarity:.2f}, "
        f"containment {ln.containment:.2f}, {ln.shared_words} shared words"
    )
    if not ln.edits:
        return [head + ", identical wording"]
    edits = "; ".join(_edit_text(e) for e in ln.edits)
    wrapped = textwrap.wrap(
        edits, _WIDTH - 8, initial_indent="  edits: ", subsequent_indent="         "
    )
    return [head, *wrapped]


def _family_lines(f: Family, documents: dict[str, Document]) -> list[str]:
    lines = [f"{f.id}: {len(f.passages)} passages in {len(f.documents)} documents"]
    for p in f.passages:
        lines.append(f"  {_doc_line(documents[p.doc])}")
        lines.append(f"    {_short(p.text, _WIDTH - 4)}")
    doc_of = {p.id: p.doc for p in f.passages}
    for ln in f.links:
        lines.extend("  " + line for line in _link_lines(ln, doc_of))
    return lines


def render_text(report: Report) -> str:
    """A readable summary: each family with its passages, links and edits."""
    documents = {d.id: d for d in report.documents}
    article = sum(1 for p in report.paragraphs if not p.is_boilerplate)
    boiler = len(report.paragraphs) - article
    lines = [
        f"{len(report.documents)} documents, {article} paragraphs of article text "
        f"({boiler} boilerplate lines left out), {len(report.families)} reuse families, "
        f"{len(report.links)} links",
        "",
    ]
    for f in report.families:
        lines.extend(_family_lines(f, documents))
        lines.append("")
    alone = sorted(set(documents) - {d for f in report.families for d in f.documents})
    if alone:
        lines.append("Documents sharing no wording with the others: " + ", ".join(alone))
    for problem in report.problems:
        lines.append(f"warning: {problem}")
    return "\n".join(lines).rstrip() + "\n"
