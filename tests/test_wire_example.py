"""The wire example (``tests/data/wire-example``, its story in the README there): an
agency story and its rewrite, newspapers taking clauses from one or the other, a
local paper following a newspaper. Each point of the README, as the report tells it.

Nothing in the library knows these files; the tests read what a user would.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

import provenance

FOLDER = Path(__file__).parent / "data" / "wire-example"


@pytest.fixture(scope="module")
def report() -> provenance.Report:
    return provenance.analyze(FOLDER)


def _origins(report: provenance.Report, doc: str, phrase: str) -> set[tuple[str | None, bool]]:
    """The (origin, determined) of every word of ``phrase`` in ``doc``, read from every
    passage holding it (one account per word: a single value)."""
    text = next(d.text for d in report.documents if d.id == doc)
    start = text.index(phrase)
    words = [(m.start() + start, m.end() + start) for m in re.finditer(r"\w+", phrase)]
    found: set[tuple[str | None, bool]] = set()
    for ws, we in words:
        here = {
            (g.origin, g.determined)
            for f in report.families
            for p in f.passages
            if p.doc == doc
            for g in f.segments[p.id]
            if g.start <= ws and we <= g.end
        }
        found |= here or {(doc, True)}
    return found


def _edge_docs(report: provenance.Report) -> list[tuple[frozenset[str], provenance.Edge]]:
    """Every tree edge with the documents of its two passages."""
    doc_of = {p.id: p.doc for f in report.families for p in f.passages}
    return [
        (frozenset({doc_of[e.parent], doc_of[e.child]}), e)
        for f in report.families
        for e in f.edges
    ]


def _parents(report: provenance.Report, doc: str) -> set[str]:
    """The documents ``doc`` copied from directly (the report's document graph)."""
    return set(report.view(doc).parents)


def test_wire_1_is_where_the_wording_starts(report: provenance.Report) -> None:
    view = report.view("wire-1")
    assert view.sources == {} and view.original == 1.0
    assert _parents(report, "wire-1") == set()


def test_wire_2_rewrites_wire_1(report: provenance.Report) -> None:
    assert _parents(report, "wire-2") == {"wire-1"}
    quote = "Parents raised this money with cake sales and sponsored walks"
    assert _origins(report, "wire-2", quote) == {("wire-1", True)}
    for own in ("jury was told", "cheque for a school trip bounced"):
        assert _origins(report, "wire-2", own) == {("wire-2", True)}


def test_times_follows_wire_1(report: provenance.Report) -> None:
    assert _parents(report, "times") == {"wire-1"}
    for phrase in (
        "admits nine charges of theft between 2019 and 2022",
        'had been trusted with the fund\'s accounts for almost a decade and treated the money "as her own private bank"',
    ):
        assert _origins(report, "times", phrase) == {("wire-1", True)}
    assert _origins(report, "times", "was told yesterday") == {("times", True)}


def test_mail_follows_wire_2_and_its_wording_started_in_wire_1(
    report: provenance.Report,
) -> None:
    assert _parents(report, "mail") == {"wire-2"}
    assert _origins(report, "mail", "a cheque for a school trip bounced") == {("wire-2", True)}
    # wording wire-2 took from wire-1 reached the mail through wire-2: wire-1's
    assert _origins(report, "mail", "Margaret Ellis, 52, from Thornbury, near Bristol") == {
        ("wire-1", True)
    }
    assert _origins(report, "mail", "she spent it on herself") == {("wire-1", True)}
    # wire-2's "spent the money on two holidays" against wire-1's "to pay for holidays"
    assert _origins(report, "mail", "on two") == {("wire-2", True)}
    assert _origins(report, "mail", "holidays in Spain") == {("wire-1", True)}


def test_times_and_mail_are_siblings_not_parent_and_child(report: provenance.Report) -> None:
    for pair, _ in _edge_docs(report):
        assert pair not in ({"times", "mail"}, {"times", "star"}, {"mail", "star"})
    assert "mail" not in report.view("times").sources
    assert "times" not in report.view("mail").sources


def test_star_keeps_one_clause_of_wire_1_and_is_never_its_origin(
    report: provenance.Report,
) -> None:
    clause = 'treated the money "as her own private bank"'
    assert _origins(report, "star", clause) == {("wire-1", True)}
    assert _origins(report, "star", "Greedy teacher Margaret Ellis blew") == {("star", True)}
    assert _parents(report, "star") == {"wire-1"}
    assert all("star" not in v.sources for v in report.views)


def test_gazette_follows_times(report: provenance.Report) -> None:
    assert _parents(report, "gazette") == {"times"}
    view = report.view("gazette")
    assert [c.text for c in view.credits] == ["The Times reported"]
    assert _origins(report, "gazette", "stole more than") == {("wire-1", True)}


def test_bristol_post_shares_nothing(report: provenance.Report) -> None:
    assert all("bristol-post" not in f.documents for f in report.families)


def test_slug_lines_bylines_and_sign_offs_are_not_article_text(
    report: provenance.Report,
) -> None:
    texts = {d.id: d.text for d in report.documents}
    boiler = "\n".join(texts[p.doc][p.start : p.end] for p in report.paragraphs if p.is_boilerplate)
    for line in (
        "14:14 04/03/24: Page 1 COURTS Teacher",
        "By Sam Reed, Wire News",
        "The hearing continues.",
        "The trial continues tomorrow.",
    ):
        assert line in boiler
    assert "stole" not in boiler


def test_one_account_per_word_and_no_origin_after_its_reader(report: provenance.Report) -> None:
    dates = {d.id: d.date for d in report.documents}
    for doc in dates:
        seen: dict[int, tuple[str | None, bool]] = {}
        for f in report.families:
            for p in f.passages:
                if p.doc != doc:
                    continue
                for g in f.segments[p.id]:
                    assert g.origin is not None  # the wire is here: no outside source
                    assert provenance.dates.order(dates[g.origin], dates[doc]) <= 0
                    for at in range(g.start, g.end):
                        assert seen.setdefault(at, (g.origin, g.determined)) == (
                            g.origin,
                            g.determined,
                        )


@pytest.fixture(scope="module")
def without_wire(tmp_path_factory: pytest.TempPathFactory) -> provenance.Report:
    folder = tmp_path_factory.mktemp("wire-example-without-wire")
    for f in FOLDER.glob("*.txt"):
        if not f.name.startswith("wire-"):
            shutil.copy(f, folder / f.name)
    rows = (FOLDER / "manifest.csv").read_text(encoding="utf-8").splitlines()
    kept = [r for r in rows if not r.startswith("wire-")]
    (folder / "manifest.csv").write_text("\n".join(kept) + "\n", encoding="utf-8")
    return provenance.analyze(folder)


def test_without_the_wire_the_copies_share_a_source_outside_the_corpus(
    without_wire: provenance.Report,
) -> None:
    # times, mail and star share wording on one day, neither credits the other, each
    # has its own variants: copies of one source, not one of the other
    for doc in ("times", "mail", "star"):
        view = without_wire.view(doc)
        assert not set(view.sources) & {"times", "mail", "star"}
        assert view.outside > 0.2 and view.undetermined == 0.0
        assert not set(view.parents) & {"times", "mail", "star"}
    pairs = dict(_edge_docs(without_wire))
    for pair in ({"times", "mail"}, {"times", "star"}):
        edge = pairs[frozenset(pair)]
        assert edge.direction == ("common-source",)
        assert "common source outside the corpus" in edge.evidence[0]
    assert all(f.common_source for f in without_wire.families)
    clause = 'treated the money "as her own private bank"'
    assert _origins(without_wire, "star", clause) == {(None, True)}
    # the gazette still follows the times, which it credits
    assert set(without_wire.view("gazette").parents) == {"times"}
