"""Render: a report as plain text for reading in a terminal, each family as a tree."""

from __future__ import annotations

import re
import textwrap
from collections.abc import Sequence

from provenance.model import (
    COMMON_SOURCE,
    OUTSIDE,
    Document,
    Edge,
    Edit,
    Family,
    Report,
    date_to_iso,
)

__all__ = ["render_text", "visible"]

_WIDTH = 88

# What a terminal would act on rather than show: control characters (C0, DEL, C1:
# escape sequences, line breaks), the line and paragraph separators, and the
# bidirectional controls that reorder what follows them.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(match: re.Match[str]) -> str:
    char = match[0]
    code = ord(char)
    return _NAMED.get(char) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")


def visible(text: str) -> str:
    r"""``text`` with every character a terminal would act on written out as an escape:
    control characters (an escape sequence, a line break) and bidirectional controls.
    Whatever an article holds, printing this shows it and does nothing else.

    >>> print(visible("Breaking\x1b]52;c;aGk=\x07 news\u202e, two\nlines"))
    Breaking\x1b]52;c;aGk=\x07 news\u202e, two\nlines
    """
    return _UNSAFE.sub(_escape, text)


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


def _edits_lines(edits: Sequence[Edit], indent: str) -> list[str]:
    if not edits:
        return [indent + "identical wording"]
    text = "; ".join(_edit_text(e) for e in edits)
    return textwrap.wrap(
        text, _WIDTH, initial_indent=indent + "edits: ", subsequent_indent=indent + "       "
    )


def _family_lines(f: Family, documents: dict[str, Document]) -> list[str]:
    """A family drawn as its provenance tree: outlet, date, first words, edits per edge."""
    by_id = {p.id: p for p in f.passages}
    children: dict[str, list[Edge]] = {}
    for e in f.edges:
        children.setdefault(e.parent, []).append(e)
    origin = by_id[f.origin] if f.origin else f.passages[0]
    if f.common_source:
        sure = f" (copies of {OUTSIDE}: see the {COMMON_SOURCE} edges)"
    elif not f.origin_determined:
        sure = " (not determined: see the undetermined edges)"
    else:
        sure = ""
    lines = [f"{f.id}: {len(f.passages)} versions, origin {origin.doc}{sure}"]
    lines.append(f"  {_doc_line(documents[origin.doc])}")
    lines.append(f"  │ {_short(origin.text, _WIDTH - 4)}")

    def walk(pid: str, prefix: str) -> None:
        kids = sorted(children.get(pid, []), key=lambda e: e.child)
        for k, e in enumerate(kids):
            last = k == len(kids) - 1
            child = by_id[e.child]
            how = ", ".join(e.direction)
            quote = ", shared quotation" if e.quotation else ""
            lines.append(
                f"{prefix}{'└─' if last else '├─'} {_doc_line(documents[child.doc])}"
                f"  [{how}{quote}; confidence {e.confidence:.2f}]"
            )
            inner = prefix + ("   " if last else "│  ")
            lines.append(f"{inner}{_short(child.text, _WIDTH - len(inner))}")
            lines.extend(_edits_lines(e.edits, inner))
            walk(e.child, inner)

    walk(origin.id, "  ")
    return lines


def _view_lines(report: Report, documents: dict[str, Document]) -> list[str]:
    lines = ["Where each document's article text came from:"]
    for v in report.views:
        parts = [
            f"{share:.0%} from {src}"
            for src, share in sorted(v.sources.items(), key=lambda kv: -kv[1])
        ]
        if v.outside:
            parts.append(f"{v.outside:.0%} from {OUTSIDE}")
        if v.quoted:
            parts.append(f"{v.quoted:.0%} shared quotation")
        if v.undetermined:
            parts.append(f"{v.undetermined:.0%} shared, its origin undetermined")
        own = f"{v.original:.0%} its own"
        if v.rewritten:
            own += f" ({v.rewritten:.0%} rewording what it took)"
        parts.append(own)
        lines.append(f"  {_doc_line(documents[v.doc])}: " + ", ".join(parts))
        if v.credits:
            credits = "; ".join(f"“{c.text}” → {c.outlet}" for c in v.credits)
            lines.append(f"    credits: {credits}")
    return lines


def render_text(report: Report) -> str:
    """A readable summary: each family with its passages, links and edits. Control and
    bidirectional characters from the articles are escaped (:func:`visible`)."""
    documents = {d.id: d for d in report.documents}
    article = int((~report.paragraphs.is_boilerplate).sum())
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
    lines.extend(_view_lines(report, documents))
    alone = sorted(set(documents) - {d for f in report.families for d in f.documents})
    if alone:
        lines.append("")
        lines.append("Documents sharing no wording with the others: " + ", ".join(alone))
    for problem in report.problems:
        lines.append(f"warning: {problem}")
    # Ids, outlets, titles and text are the articles' own: each line shows them, and a
    # line break or escape sequence in them is shown, not acted on.
    return "\n".join([visible(line) for line in lines]).rstrip() + "\n"
