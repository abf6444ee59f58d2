"""Alignment and families on small constructed cases."""

from __future__ import annotations

import pytest
from helpers import corpus, sentences

import provenance

S = sentences(seed=1, count=12)


def _links(texts: dict[str, str], **options: object) -> provenance.Report:
    return provenance.analyze(corpus(texts), **options)  # type: ignore[arg-type]


def test_word_substitution_gives_a_replace_edit_with_exact_offsets() -> None:
    a = "The U.S. envoy met the minister on Saturday in the capital to discuss the aid corridor."
    b = "The US envoy met the minister on September 9 in the capital to discuss the aid corridor."
    report = _links({"a": a, "b": b})
    (link,) = report.links
    edits = {(e.op, e.a_text, e.b_text) for e in link.edits}
    assert edits == {("replace", "U.S.", "US"), ("replace", "Saturday", "September 9")}
    for e in link.edits:
        assert a[e.a_start : e.a_end] == e.a_text
        assert b[e.b_start : e.b_end] == e.b_text
    assert 0.0 <= link.similarity <= 1.0 and 0.0 <= link.containment <= 1.0
    assert link.similarity > 0.8


def test_paragraph_trimmed_to_its_first_sentence_links_to_that_sentence() -> None:
    full = " ".join(S[0:3])
    report = _links({"full": full, "trim": S[0]})
    (link,) = report.links
    assert link.containment == 1.0 and link.edits == ()
    (family,) = report.families
    assert [p.text for p in family.passages] == [S[0], S[0]]
    assert {p.doc for p in family.passages} == {"full", "trim"}


def test_sentence_inside_a_longer_paragraph_is_linked_at_sentence_level() -> None:
    host = " ".join([S[3], S[4], S[5]])
    guest = " ".join([S[4], S[6]])
    report = _links({"host": host, "guest": guest})
    (family,) = report.families
    texts = sorted(p.text for p in family.passages)
    assert texts == sorted([S[4], S[4]])


TITLE = "the acting assistant secretary of state for europe and eurasia"
OWN_WORDS = [
    "spoke with the foreign minister by phone for the second time in two days.",
    "reiterated serious concerns over the humanitarian situation in the region.",
    "arrived in the capital late on Tuesday for a round of closed meetings.",
    "declined to comment when reporters asked about the planned visit abroad.",
    "told a committee hearing that the budget would be cut again next year.",
]


def test_clause_inside_a_sentence_of_its_own_is_a_link() -> None:
    a = f"Jane Roe, {TITLE}, {OWN_WORDS[0]}"
    b = f"Jane Roe, {TITLE}, {OWN_WORDS[1]}"
    report = _links({"a": a, "b": b})
    (link,) = report.links
    assert link.shared_words == 12  # jane roe + the title: one clause
    (family,) = report.families
    assert all(TITLE in p.text.lower() for p in family.passages)
    # What each wrote around the clause is its own.
    assert [(e.op, e.a_text) for e in link.edits if e.a_text] == []


def test_stock_phrase_in_many_documents_is_not_a_link() -> None:
    texts = {f"d{i}": f"Jane Roe, {TITLE}, {own}" for i, own in enumerate(OWN_WORDS)}
    # Found in five documents: over the limit, the title is a stock phrase.
    assert _links(texts, max_anchor_documents=4).links == ()
    # Within it, the same title is a clause each pair carries.
    assert len(_links(texts, max_anchor_documents=5).links) == 10


SEAM_A = "it was not immediately clear whether"
SEAM_B = "according to a spokesperson for the ministry"


def test_two_stock_phrases_side_by_side_are_not_a_clause() -> None:
    # Each phrase alone is in seven documents: over the limit of four, a stock phrase.
    texts = {f"a{i}": f"{OWN_WORDS[i].capitalize()} But {SEAM_A} it would." for i in range(5)}
    texts |= {f"b{i}": f"The plan {OWN_WORDS[i]} {SEAM_B.capitalize()}." for i in range(5)}
    # Two unrelated articles where the phrases meet: the n-grams across the seam are rare.
    texts["x"] = f"Officials met late on Tuesday and {SEAM_A} {SEAM_B} the vote would go ahead."
    texts["y"] = f"Rain fell over the coast all morning; {SEAM_A} {SEAM_B} roads were shut."

    def pairs(report: provenance.Report) -> set[tuple[str, ...]]:
        docs = {p.id: p.doc for f in report.families for p in f.passages}
        return {tuple(sorted((docs[k.a], docs[k.b]))) for k in report.links}

    assert ("x", "y") not in pairs(_links(texts, max_anchor_documents=4))
    # Without the rule the seam is taken for a copied clause.
    loose = _links(texts, max_anchor_documents=4, min_clause_fresh_words=0)
    assert ("x", "y") in pairs(loose)
    # Four words of their own after the stock phrase are a clause again.
    texts["x"] = (
        f"Officials met late on Tuesday and {SEAM_A} the eastern toll plaza reopened at dawn."
    )
    texts["y"] = f"Rain fell over the coast all morning; {SEAM_A} the eastern toll plaza reopened."
    assert ("x", "y") in pairs(_links(texts, max_anchor_documents=4))


def test_heavy_paraphrase_is_not_a_link() -> None:
    a = "The prime minister urged the international community to take very serious measures to thwart the alleged plans."
    b = "Officials asked foreign partners for firm steps against what they called a new military threat."
    assert _links({"a": a, "b": b}).links == ()


def test_moved_clause_is_found_and_marked() -> None:
    a = (
        "The premier on Saturday offered to hold urgent talks with the rival president "
        "during phone calls with the leaders of France, Germany and Iran."
    )
    b = (
        "During phone calls with the leaders of France, Germany and Iran the premier on Saturday "
        "offered to hold urgent talks with the rival president to ease tension."
    )
    (link,) = _links({"a": a, "b": b}).links
    assert link.shared_words >= 20
    assert any(e.moved for e in link.edits)


def test_documents_sharing_different_sentences_do_not_chain_into_one_family() -> None:
    texts = {
        "a": " ".join([S[0], S[1]]),
        "b": " ".join([S[1], S[2]]),
        "c": " ".join([S[2], S[3]]),
        "d": " ".join([S[3], S[4]]),
    }
    report = _links(texts)
    assert len(report.links) == 3
    assert len(report.families) == 3
    for f in report.families:
        assert len(f.passages) == 2
        assert len({p.text for p in f.passages}) == 1  # each family is one shared sentence


def test_copies_of_one_paragraph_form_one_family() -> None:
    base = " ".join(S[6:9])
    texts = {
        "src": base,
        "c1": base.replace("the", "a", 1),
        "c2": base + " " + S[9],
        "other": S[10],
    }
    report = _links(texts)
    assert len(report.families) == 1
    assert {p.doc for p in report.families[0].passages} == {"src", "c1", "c2"}


def test_thresholds_are_parameters() -> None:
    a = "The U.S. envoy met the minister on Saturday in the capital to discuss the aid corridor."
    b = "The US envoy met the minister on September 9 in the capital to discuss the aid corridor."
    assert _links({"a": a, "b": b}, min_shared_words=40, min_clause_words=40).links == ()


def test_document_ids_with_colons_and_dashes_give_distinct_passage_ids() -> None:
    """Ids such as URLs hold ``:`` and ``-``: the passage ids stay distinct, and each
    passage names its document in ``doc``, not through its id."""
    text = (
        "The regional council approved a new budget for the harbour district on Tuesday "
        "evening, after a debate that lasted more than four hours and ended in a narrow vote."
    )
    ids = ["x", "x:0-10", "https://example.org/a-b:1-2"]
    report = provenance.analyze(
        [{"id": i, "text": text, "date": f"2024-05-0{n + 1}"} for n, i in enumerate(ids)]
    )
    (family,) = report.families
    passages = {p.id: p for p in family.passages}
    assert len(passages) == 3
    assert sorted(p.doc for p in passages.values()) == sorted(ids)
    for p in passages.values():
        assert p.id == f"{p.doc}:{p.start}-{p.end}"
        assert p.id.rpartition(":")[0] == p.doc


_COUNCIL = (
    "The regional council approved a new budget for the harbour district on Tuesday "
    "evening, after a debate that lasted more than four hours and ended in a narrow vote. "
    "Opposition members said the plan would raise local taxes for a decade."
)
_OTHER_STORY = (
    "Flooding closed three schools in the valley on Monday as the river rose above its "
    "banks for the second time this winter, and officials warned residents to stay home."
)


def _zero_width(text: str) -> str:
    return " ".join(w[:2] + "\u200b" + w[2:] if len(w) > 3 else w for w in text.split(" "))


def _soft_hyphens(text: str) -> str:
    return " ".join(w[:3] + "\u00ad" + w[3:] if len(w) > 4 else w for w in text.split(" "))


def _cyrillic(text: str) -> str:
    return text.replace("a", "\u0430").replace("e", "\u0435").replace("o", "\u043e")


_ARABIC = (
    "أعلن المجلس البلدي اليوم عن موافقته على الميزانية الجديدة لمنطقة الميناء بعد نقاش "
    "استمر أكثر من أربع ساعات وانتهى بتصويت متقارب."
)
_ARABIC_VOWELLED = (
    "أَعْلَنَ المَجْلِسُ البَلَدِيُّ اليَوْمَ عَنْ مُوَافَقَتِهِ عَلَى المِيزَانِيَّةِ الجَدِيدَةِ "
    "لِمَنْطِقَةِ المِينَاءِ بَعْدَ نِقَاشٍ اسْتَمَرَّ أَكْثَرَ مِنْ أَرْبَعِ سَاعَاتٍ وَانْتَهَى بِتَصْوِيتٍ مُتَقَارِبٍ."
)
_CHINESE = (
    "市议会周二晚间批准了港区的新预算，此前经过了四个多小时的辩论，最终以微弱多数通过。"
    "反对派议员表示，该计划将在未来十年提高地方税收。"
)
_CHINESE_OTHER = "河水本周第二次漫过堤岸，山谷中的三所学校周一停课，官员提醒居民留在家中。"
_JAPANESE = (
    "市議会は火曜日の夜、港湾地区の新しい予算を承認した。四時間以上に及ぶ議論の末、"
    "僅差の投票で可決された。野党議員は、この計画により今後十年間地方税が上がると述べた。"
)
_THAI = (
    "สภาเมืองอนุมัติงบประมาณใหม่สำหรับเขตท่าเรือเมื่อคืนวันอังคาร"
    "หลังจากการอภิปรายที่ยาวนานกว่าสี่ชั่วโมงและจบลงด้วยการลงคะแนนเสียงที่สูสี"
)

DISGUISED = {
    "zero-width spaces": (_COUNCIL, _zero_width(_COUNCIL)),
    "soft hyphens": (_COUNCIL, _soft_hyphens(_COUNCIL)),
    "Cyrillic look-alikes": (_COUNCIL, _cyrillic(_COUNCIL)),
    "Arabic vowel signs": (_ARABIC, _ARABIC_VOWELLED),
    "Chinese": (_CHINESE, _CHINESE),
    "Chinese with a clause added": (_CHINESE, _CHINESE[:40] + "据当地媒体报道，" + _CHINESE[40:]),
    "Japanese": (_JAPANESE, _JAPANESE),
    "Thai without spaces": (_THAI, _THAI),
}


@pytest.mark.parametrize("case", sorted(DISGUISED))
def test_copies_disguised_or_without_spaces_are_found(case: str) -> None:
    original, copy = DISGUISED[case]
    report = provenance.analyze(
        [
            {"id": "a", "text": original, "date": "2024-05-01"},
            {"id": "b", "text": copy, "date": "2024-05-02"},
        ]
    )
    (link,) = report.links
    assert link.similarity >= 0.9
    (view,) = [v for v in report.views if v.doc == "b"]
    assert view.sources["a"] >= 0.8  # the added clause is the copy's own
    # Passages and segments point at the text as written, invisible characters included.
    for passage in report.families[0].passages:
        assert (
            passage.text == (original if passage.doc == "a" else copy)[passage.start : passage.end]
        )


@pytest.mark.parametrize(
    ("one", "other"),
    [(_COUNCIL, _cyrillic(_OTHER_STORY)), (_CHINESE, _CHINESE_OTHER), (_COUNCIL, _CHINESE)],
)
def test_different_stories_stay_apart_whatever_their_script(one: str, other: str) -> None:
    report = provenance.analyze([{"id": "a", "text": one}, {"id": "b", "text": other}])
    assert not report.links


def test_a_long_name_alone_does_not_link_two_chinese_articles_but_a_clause_does() -> None:
    """A word of Chinese is about two characters: two articles sharing one long name
    (13 characters, more than ``min_clause_words`` words of English) are not linked, an
    article keeping a clause of another inside its own sentence is."""
    name = "全国人民代表大会常务委员会"
    one = f"{name}周二晚间批准了港区的新预算，此前经过了四个多小时的辩论。"
    other = f"河水本周第二次漫过堤岸，{name}提醒居民留在家中，山谷中的三所学校周一停课。"
    report = provenance.analyze([{"id": "a", "text": one}, {"id": "b", "text": other}])
    assert not report.links
    assert _one_pair(one, other) is None  # align_pair holds the pair to the same rule
    clause = "此前经过了四个多小时的激烈辩论并最终以微弱多数通过"  # 25 characters
    one = f"市议会周二晚间批准了港区的新预算，{clause}。"
    other = f"据当地媒体报道，{clause}，反对派议员表示将继续抗议。"
    report = provenance.analyze([{"id": "a", "text": one}, {"id": "b", "text": other}])
    assert len(report.links) == 1
    assert _one_pair(one, other) is not None


def _one_pair(one: str, other: str) -> object:
    """:func:`provenance.align.align_pair` of the two texts' paragraphs."""
    from provenance.align import align_pair
    from provenance.model import SegmentConfig
    from provenance.segment import segment

    seg = segment(
        provenance.load([{"id": "a", "text": one}, {"id": "b", "text": other}]), SegmentConfig()
    )
    return align_pair(seg, 0, 1)
