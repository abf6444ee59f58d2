"""The founding example: the story told in provenance/data/seeds/README.md.

The library knows nothing of these articles; this test checks that it tells
their story from the files alone.
"""

from __future__ import annotations

import pytest

import provenance

MIRROR, AZ_KIM, ASBAREZ, AZ_BLINKEN, ASBAREZ_JAN = "000", "001", "002", "003", "004"


def _passage_text(report: provenance.Report) -> dict[str, tuple[str, str]]:
    return {p.id: (p.doc[:3], p.text) for f in report.families for p in f.passages}


def _linked(
    report: provenance.Report, doc_a: str, phrase_a: str, doc_b: str, phrase_b: str
) -> bool:
    text = _passage_text(report)
    for ln in report.links:
        for x, y in ((ln.a, ln.b), (ln.b, ln.a)):
            if x in text and y in text:
                (da, ta), (db, tb) = text[x], text[y]
                if da == doc_a and db == doc_b and phrase_a in ta and phrase_b in tb:
                    return True
    return False


# (source document, phrase in its passage, copying document, phrase in the copy)
REUSED = [
    # 003's five opening paragraphs in the Mirror-Spectator (000)
    (
        AZ_BLINKEN,
        "deeply concerned about the rapidly",
        MIRROR,
        "deeply concerned about the rapidly",
    ),
    (AZ_BLINKEN, "We also urge leaders", MIRROR, "We also urge leaders"),
    (
        AZ_BLINKEN,
        "His statement followed Armenian claims",
        MIRROR,
        "His statement followed Armenian claims",
    ),
    (
        AZ_BLINKEN,
        "offered to hold “urgent” talks",
        MIRROR,
        "offered to hold “urgent” talks",
    ),  # one-sentence trim
    (
        AZ_BLINKEN,
        "spoke with Azerbaijani Foreign Minister",
        MIRROR,
        "spoke with Azerbaijani Foreign Minister",
    ),
    # ... and in Asbarez (002)
    (
        AZ_BLINKEN,
        "deeply concerned about the rapidly",
        ASBAREZ,
        "deeply concerned about the rapidly",
    ),
    (AZ_BLINKEN, "We also urge leaders", ASBAREZ, "We also urge leaders"),
    (
        AZ_BLINKEN,
        "offered to hold “urgent” talks",
        ASBAREZ,
        "During phone calls with Blind",
    ),  # reordered
    (AZ_BLINKEN, "An aide to Aliyev said later", ASBAREZ, "Azatutyun.am reported that an aide"),
    (AZ_BLINKEN, "spoke with Azerbaijani Foreign Minister", ASBAREZ, "Azerbaijan’s allegations"),
    # six paragraphs of 001 appended by 000
    (AZ_KIM, "reiterated Washington’s", MIRROR, "Kim reiterated Washington’s"),
    (AZ_KIM, "We urge all sides", MIRROR, "We urge all sides"),
    (AZ_KIM, "Kim made the same point", MIRROR, "Kim made the same point"),
    (
        AZ_KIM,
        "again discussed the situation in Karabakh",
        MIRROR,
        "Blinken and Azerbaijani President",
    ),
    (
        AZ_KIM,
        "Despite struggling with severe shortages",
        MIRROR,
        "Despite struggling with severe shortages",
    ),
    (AZ_KIM, "position on the compromise solution", MIRROR, "position on the compromise solution"),
    # one sentence of 001 inside a longer paragraph of 003
    (AZ_KIM, "urged the international community", AZ_BLINKEN, "urged the international community"),
]


@pytest.mark.parametrize(("src", "src_phrase", "copy", "copy_phrase"), REUSED)
def test_every_reused_pair_is_linked(
    seed_report: provenance.Report, src: str, src_phrase: str, copy: str, copy_phrase: str
) -> None:
    assert _linked(seed_report, src, src_phrase, copy, copy_phrase)


def test_the_sentence_carried_into_a_longer_paragraph_is_a_sentence_not_the_paragraph(
    seed_report: provenance.Report,
) -> None:
    text = _passage_text(seed_report)
    (kim,) = [t for d, t in text.values() if d == AZ_KIM and "urged the international" in t]
    assert kim.startswith("Prime Minister") and kim.endswith("alleged plans.")


def test_nothing_from_the_january_article_is_linked(seed_report: provenance.Report) -> None:
    assert all(not p.doc.startswith(ASBAREZ_JAN) for f in seed_report.families for p in f.passages)
    ids = {p.id for f in seed_report.families for p in f.passages}
    assert all(ln.a in ids and ln.b in ids for ln in seed_report.links)


def test_the_heavy_paraphrase_is_not_a_copy(seed_report: provenance.Report) -> None:
    text = _passage_text(seed_report)
    assert not any(
        d == ASBAREZ and "warned of Azerbaijani troop build-up" in t for d, t in text.values()
    )


def test_no_boilerplate_line_is_in_any_family(seed_report: provenance.Report) -> None:
    boiler = [p for p in seed_report.paragraphs if p.is_boilerplate]
    assert len(boiler) >= 6  # caption, headline, counters, newsletter prompts, a bare name
    for f in seed_report.families:
        for p in f.passages:
            para = seed_report.paragraphs[p.paragraph]
            assert not para.is_boilerplate
            assert para.start <= p.start < p.end <= para.end


def test_boilerplate_lines_are_kept_in_the_report(seed_report: provenance.Report) -> None:
    data = seed_report.to_dict()
    docs = {d["id"][:3]: d for d in data["documents"]}
    texts = {d.id[:3]: d.text for d in seed_report.documents}
    mirror = [
        texts[MIRROR][p["start"] : p["end"]] for p in docs[MIRROR]["paragraphs"] if p["boilerplate"]
    ]
    assert "255" in mirror and "0" in mirror and "Yuri Kim" in mirror
    assert any(line.endswith("in your inbox:") for line in mirror)
