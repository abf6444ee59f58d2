from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from provenance.model import Corpus, Document, Paragraph, SegmentConfig
from provenance.segment import normalize_word, segment, sentence_spans, tokenize


def _seg(text: str, **doc: object) -> list[tuple[str, str | None]]:
    s = segment(Corpus((Document("d", text, **doc),)))  # type: ignore[arg-type]
    return [(text[p.start : p.end], p.boilerplate) for p in s.paragraphs]


def test_each_line_is_a_paragraph_and_blank_lines_separate() -> None:
    text = "First paragraph has enough words to count here.\nSecond one also has enough words here.\n\n\nThird paragraph is after blank lines, also long."
    got = _seg(text)
    assert [t for t, _ in got] == [
        "First paragraph has enough words to count here.",
        "Second one also has enough words here.",
        "Third paragraph is after blank lines, also long.",
    ]
    assert all(rule is None for _, rule in got)


def test_hard_wrapped_block_is_one_paragraph() -> None:
    text = (
        "The talks between the two delegations resumed on\n"
        "Monday in the capital after a pause of several weeks\n"
        "and officials said progress was made.\n\nA new paragraph follows here with words."
    )
    got = [t for t, _ in _seg(text)]
    assert got[0].startswith("The talks") and got[0].endswith("progress was made.")
    assert len(got) == 2


def test_boilerplate_rules() -> None:
    text = "\n".join(
        [
            "Senior Official Warns Against Escalation In The Region",  # heading
            "Sign up for our daily briefing in your inbox:",  # prompt
            "255",  # short
            "Jane Doe",  # short
            "The minister said on Monday that the talks would resume next week in the capital.",
        ]
    )
    rules = [rule for _, rule in _seg(text)]
    assert rules == ["heading", "prompt", "short", "short", None]


def test_title_repeated_as_paragraph_is_boilerplate() -> None:
    title = "The minister said talks would resume next week, officials confirmed today."
    text = title + "\nThe minister said on Monday that the talks would resume next week."
    assert [rule for _, rule in _seg(text, title=title)] == ["title", None]


def test_outlet_repeats_are_boilerplate_only_within_one_outlet() -> None:
    promo = "Support independent journalism and subscribe to the weekly edition today."
    body = "Officials in the capital said the convoy of aid trucks crossed the border at dawn."
    docs = tuple(
        Document(f"d{i}", f"Report {i}: {body}\n{promo}", outlet="Paper" if i < 3 else f"Other {i}")
        for i in range(5)
    )
    seg = segment(Corpus(docs), SegmentConfig(outlet_repeats=3))
    marked = {(p.doc, p.boilerplate) for p in seg.paragraphs if p.boilerplate}
    assert marked == {("d0", "outlet-repeat"), ("d1", "outlet-repeat"), ("d2", "outlet-repeat")}


_PROMO = "Support independent journalism and subscribe to the weekly edition today."
_STORY = [
    "The convoy of aid trucks crossed the border at dawn, officials in the capital said.",
    "Drivers waited for three days at the checkpoint before the crossing was opened.",
    "The agency said the trucks carried food, medicine and winter clothing for families.",
    "A second convoy is expected to leave the port city later this week.",
]


def test_an_agencys_updates_keep_their_short_paragraphs_and_promotions_are_still_found() -> None:
    # Three versions of one story (each update a new lead, the rest kept) are one
    # story: its short paragraphs are article text. The promotion closes three
    # different stories of the outlet, so it is boilerplate.
    leads = [
        "Aid reached the border region early on Monday morning, the agency reported.",
        "Aid reached the border region on Monday after a delay of three full days.",
        "A second aid convoy was being loaded on Monday evening, the agency reported.",
    ]
    versions = [
        Document(f"v{i}", "\n".join([lead, *_STORY, _PROMO]), outlet="Agency")
        for i, lead in enumerate(leads)
    ]
    others = [
        Document(
            f"w{i}",
            f"Story {i} about the flooding in the north of the country went on.\n{_PROMO}",
            outlet="Agency",
        )
        for i in range(2)
    ]
    seg = segment(Corpus((*versions, *others)), SegmentConfig(outlet_repeats=3))
    texts = {d.id: d.text for d in (*versions, *others)}
    marked = {
        (p.doc, texts[p.doc][p.start : p.end])
        for p in seg.paragraphs
        if p.boilerplate == "outlet-repeat"
    }
    assert marked == {(d, _PROMO) for d in ("v0", "v1", "v2", "w0", "w1")}
    # Without the two other stories, the promotion is held by versions of one story only.
    seg = segment(Corpus(tuple(versions)), SegmentConfig(outlet_repeats=3))
    assert not any(p.boilerplate for p in seg.paragraphs)


def _reference_outlet_repeats(docs: list[Document], config: SegmentConfig) -> set[tuple[str, int]]:
    """The outlet-repeat paragraphs (document, index) by the rule's words, pair by pair."""
    plain = SegmentConfig(
        min_words=config.min_words,
        max_heading_words=config.max_heading_words,
        outlet_repeats=10**9,
    )
    seg = segment(Corpus(tuple(docs)), plain)
    ids = seg.token_ids.tolist()
    paragraphs = [p for p in seg.paragraphs if p.boilerplate is None]
    outlet = {d.id: d.outlet for d in docs}
    words = dict.fromkeys(outlet, 0)
    sentences: dict[str, set[tuple[int, ...]]] = {d: set() for d in outlet}
    for p in paragraphs:
        for s in p.sentences:
            words[p.doc] += s.tokens[1] - s.tokens[0]
            sentences[p.doc].add(tuple(ids[s.tokens[0] : s.tokens[1]]))
    holders: dict[tuple[str | None, tuple[int, ...]], int] = {}
    for d, held in sentences.items():
        for key in held:
            holders[outlet[d], key] = holders.get((outlet[d], key), 0) + 1
    story = {d: d for d in outlet}

    def root(d: str) -> str:
        return d if story[d] == d else root(story[d])

    for a in sorted(outlet):
        for b in sorted(outlet):
            if a < b and outlet[a] is not None and outlet[a] == outlet[b]:
                both = sum(
                    len(key) for key in sentences[a] & sentences[b] if holders[outlet[a], key] <= 64
                )
                if 2 * both > min(words[a], words[b]):
                    ra, rb = root(a), root(b)
                    story[max(ra, rb)] = min(ra, rb)

    def key(p: Paragraph) -> tuple[str | None, tuple[int, ...]]:
        return outlet[p.doc], tuple(ids[p.tokens[0] : p.tokens[1]])

    short: dict[tuple[str | None, tuple[int, ...]], set[str]] = {}
    for p in paragraphs:
        if outlet[p.doc] is not None and p.tokens[1] - p.tokens[0] < 2 * config.max_heading_words:
            short.setdefault(key(p), set()).add(p.doc)
    return {
        (p.doc, p.index)
        for p in paragraphs
        if key(p) in short
        and len(short[key(p)]) >= config.outlet_repeats
        and len({root(d) for d in short[key(p)]}) >= config.outlet_repeats
    }


_pool = st.sampled_from([*_STORY, _PROMO, "Read more stories like this one on our website today."])


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(st.lists(st.lists(_pool, min_size=1, max_size=2), min_size=1, max_size=5),
                  st.sampled_from(["A", "B", None])),
        min_size=1, max_size=7,
    ),
    st.integers(2, 3),
)  # fmt: skip
def test_outlet_repeats_match_the_reference(
    docs: list[tuple[list[list[str]], str | None]], repeats: int
) -> None:
    corpus = [
        Document(f"d{k}", "\n".join(" ".join(p) for p in paras), outlet=outlet)
        for k, (paras, outlet) in enumerate(docs)
    ]
    config = SegmentConfig(outlet_repeats=repeats)
    seg = segment(Corpus(tuple(corpus)), config)
    got = {(p.doc, p.index) for p in seg.paragraphs if p.boilerplate == "outlet-repeat"}
    assert got == _reference_outlet_repeats(corpus, config)


def test_sentences_respect_abbreviations_and_quotes() -> None:
    text = "The U.S. envoy met Mr. Kim in Washington. “We urge calm,” she said. Talks end."
    got = [text[a:b] for a, b in sentence_spans(text)]
    assert got == [
        "The U.S. envoy met Mr. Kim in Washington.",
        "“We urge calm,” she said.",
        "Talks end.",
    ]


def test_normalisation_folds_case_quotes_dashes_and_width() -> None:
    assert normalize_word("Baku’s") == normalize_word("BAKU'S") == "baku's"
    assert normalize_word("Nagorno–Karabakh") == "nagorno-karabakh"
    assert normalize_word("ＡＢＣ") == "abc"  # NFKC folds full-width letters


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=200))
def test_token_offsets_slice_the_original_text(text: str) -> None:
    for word, start, end in tokenize(text):
        assert normalize_word(text[start:end]) == word
        assert word


@given(
    st.lists(
        st.sampled_from(
            ["Alpha beta gamma delta.", "Epsilon zeta eta theta iota kappa.", "", "Lambda mu", "  "]
        ),
        max_size=12,
    )
)
def test_paragraph_and_sentence_offsets_are_exact(lines: list[str]) -> None:
    text = "\n".join(lines)
    if not text.strip():
        return
    seg = segment(Corpus((Document("d", text),)))
    for p in seg.paragraphs:
        assert text[p.start : p.end] == text[p.start : p.end].strip()
        assert text[p.start : p.end]
        for s in p.sentences:
            assert p.start <= s.start < s.end <= p.end
        words = seg.token_ids[p.tokens[0] : p.tokens[1]]
        assert [seg.vocabulary[i] for i in words] == [
            w for w, _, _ in tokenize(text[p.start : p.end])
        ]


@given(st.text(alphabet=st.sampled_from("abcXYZ019 .,'’-–—“”\"‐‑\n"), max_size=120))
def test_fast_and_slow_normalisation_give_the_same_words(text: str) -> None:
    seg = segment(Corpus((Document("d", text),)))
    for p in seg.paragraphs:
        table = [seg.vocabulary[i] for i in seg.token_ids[p.tokens[0] : p.tokens[1]]]
        assert table == [w for w, _, _ in tokenize(text[p.start : p.end])]


def test_batches_and_workers_do_not_change_the_segmentation(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import provenance.segment as segment_module

    texts = [
        f"Article {i} says the U.S. envoy’s visit to Baku went well. Talks resume on "
        f"day {i}.\n\nA second paragraph of article {i} repeats words, new word w{i}."
        for i in range(40)
    ]
    docs = tuple(Document(f"d{i:02d}", t, outlet=f"o{i % 3}") for i, t in enumerate(texts))

    def table(workers: int) -> tuple[object, ...]:
        s = segment(Corpus(docs), workers=workers)
        return (
            s.token_ids.tolist(),
            s.token_starts.tolist(),
            s.token_ends.tolist(),
            s.vocabulary,
            [(p.doc, p.start, p.end, p.tokens, p.boilerplate, p.sentences) for p in s.paragraphs],
        )

    whole = table(1)
    monkeypatch.setattr(segment_module, "_BATCH_CHARS", 300)  # many batches
    assert table(1) == whole
    assert table(2) == whole
    # Word ids follow first appearance: 0, 1, 2, ... as new words are met.
    ids = segment(Corpus(docs)).token_ids.tolist()
    firsts = list(dict.fromkeys(ids))
    assert firsts == list(range(len(firsts)))


def _word_before(text: str, floor: int, dot: int) -> str:
    """The letters and dots before ``dot``, walked back one by one (the definition)."""
    i = dot
    while i > floor and (text[i - 1].isalpha() or text[i - 1] == "."):
        i -= 1
    return text[i:dot]


@given(st.text(alphabet="aMrsZé. \n(“1", max_size=30), st.data())
def test_abbreviation_check_reads_the_word_before_the_dot(text: str, data: st.DataObject) -> None:
    from provenance.segment import _ABBREVIATIONS, _is_abbreviation

    text += "."
    dot = len(text) - 1
    floor = data.draw(st.integers(0, dot))
    word = _word_before(text, floor, dot)
    expected = bool(word) and (
        "." in word or (len(word) == 1 and word.isupper()) or word.casefold() in _ABBREVIATIONS
    )
    assert _is_abbreviation(text, floor, dot) == expected


# --------------------------------------------------------------------------- long paragraphs


@given(
    st.text(alphabet=st.sampled_from(list("ab .。\n\t ")), max_size=400),
    st.integers(min_value=1, max_value=60),
)
def test_a_long_paragraph_is_cut_into_pieces_that_keep_every_word(text: str, longest: int) -> None:
    from provenance.segment import _paragraph_spans

    whole = _paragraph_spans(text)
    cut = _paragraph_spans(text, longest)
    pieces = list(zip(cut[0::2], cut[1::2], strict=True))
    assert all(0 < b - a <= longest for a, b in pieces)
    assert all(b <= c for (_, b), (c, _) in itertools.pairwise(pieces))
    assert all(not text[a].isspace() and not text[b - 1].isspace() for a, b in pieces)
    # Only white space is left between the pieces of each paragraph.
    kept = {i for a, b in pieces for i in range(a, b)}
    for a, b in zip(whole[0::2], whole[1::2], strict=True):
        assert all(i in kept or text[i].isspace() for i in range(a, b))
    if all(b - a <= longest for a, b in zip(whole[0::2], whole[1::2], strict=True)):
        assert cut == whole


def test_an_article_on_one_line_is_cut_at_sentence_ends() -> None:
    sentence = "The council approved the harbour budget after a long debate on Tuesday. "
    text = sentence * 2000  # 146,000 characters on one line
    seg = segment(Corpus((Document("a", text),)), SegmentConfig())
    pieces = [text[s:e] for s, e in zip(seg.paragraphs.start, seg.paragraphs.end, strict=True)]
    assert len(pieces) == 15
    assert all(len(p) <= 10_000 and p.endswith("on Tuesday.") for p in pieces)
    assert " ".join(pieces) + " " == text


def test_text_without_spaces_is_cut_at_its_full_stops() -> None:
    chinese = "市议会周二晚间批准了港区的新预算，此前经过了四个多小时的辩论。" * 1000
    seg = segment(Corpus((Document("z", chinese),)), SegmentConfig(max_paragraph_chars=1000))
    pieces = [chinese[s:e] for s, e in zip(seg.paragraphs.start, seg.paragraphs.end, strict=True)]
    assert all(len(p) <= 1000 and p.endswith("。") for p in pieces)
    assert "".join(pieces) == chinese


def test_text_without_spaces_is_cut_into_sentences_at_its_full_stops() -> None:
    text = "市议会周二批准了新预算。此前经过了辩论！反对派表示「不满」。The U.S. envoy spoke. 最后"
    expected = [
        "市议会周二批准了新预算。",
        "此前经过了辩论！",
        "反对派表示「不满」。",
        "The U.S. envoy spoke.",
        "最后",
    ]
    assert [text[a:b] for a, b in sentence_spans(text)] == expected
    seg = segment(Corpus((Document("z", text),)), SegmentConfig())
    (paragraph,) = seg.paragraphs
    assert [text[s.start : s.end] for s in paragraph.sentences] == expected
