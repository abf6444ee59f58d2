"""Tests of the wire-copy scenario: ``benchmarks/wire.py`` (the generator and its truth)
and ``benchmarks/wire_score.py`` (the naive baseline and the scoring).

The benchmarks are standalone files, imported by path. Every check reads the written files
back (through ``provenance.load`` where offsets matter) and recomputes what it asserts
from the text: the truth is checked against the corpus, not against the generator.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import itertools
import json
import os
import re
import subprocess
import sys
from collections import defaultdict
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np
import pytest

import provenance
from provenance.model import Document

BENCH = Path(__file__).resolve().parent.parent / "benchmarks"
PARAGRAPHS = 1200
SEED = 5


def _module(name: str) -> ModuleType:
    key = f"provenance_benchmark_{name}"
    if key in sys.modules:
        return sys.modules[key]
    before = list(sys.path)
    try:
        spec = importlib.util.spec_from_file_location(key, BENCH / f"{name}.py")
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[key] = module
        spec.loader.exec_module(module)
        return module
    finally:
        sys.path[:] = before


wire = _module("wire")
score = _module("wire_score")
WORD = wire.WORD


# --------------------------------------------------------------------------- helpers


def _files(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


def _truth(root: Path) -> dict[str, dict[str, Any]]:
    lines = (root / "truth.jsonl").read_text(encoding="utf-8").splitlines()
    return {t["doc"]: t for t in map(json.loads, lines)}


_DOTTED = {
    "Mr.",
    "Ms.",
    "Dr.",
    "Gen.",
    "Col.",
    "Sen.",
    "Rep.",
    "Lt.",
    "U.S.",
    "U.K.",
    "U.N.",
    "E.U.",
}


def _ends_sentence(tok: str) -> bool:
    bare = tok.rstrip("”")
    return bare.endswith(".") and bare.lstrip("“") not in _DOTTED


def _sentences(text: str) -> list[list[str]]:
    """Lowercased words of each sentence: a sentence ends at a token ending in a full stop
    (before any closing quote) that is not a dotted abbreviation."""
    out: list[list[str]] = [[]]
    for tok in text.split():
        out[-1].extend(w.lower() for w in WORD.findall(tok))
        if _ends_sentence(tok):
            out.append([])
    return [s for s in out if s]


def _labelled_sentences(text: str, t: dict[str, Any]) -> list[list[str]]:
    """The truth labels of the words of each sentence of the article text."""
    label_at = {s: label for s, _, label, _ in wire.words_of(text, t["runs"])}
    out: list[list[str]] = [[]]
    for m in re.finditer(r"\S+", text):
        out[-1].extend(
            label_at[w.start() + m.start()]
            for w in WORD.finditer(m.group())
            if w.start() + m.start() in label_at
        )
        if _ends_sentence(m.group()):
            out.append([])
    return [s for s in out if s]


def _grams(words: list[str], n: int = 6) -> set[tuple[str, ...]]:
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


def _label_of_words(text: str, t: dict[str, Any]) -> list[tuple[int, int, str, str | None]]:
    return wire.words_of(text, t["runs"])


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wire") / "a"
    wire.generate(out, paragraphs=PARAGRAPHS, seed=SEED)
    return out


@pytest.fixture(scope="module")
def loaded(built: Path) -> dict[str, Document]:
    return provenance.load(built / "corpus").by_id()


@pytest.fixture(scope="module")
def truth(built: Path) -> dict[str, dict[str, Any]]:
    return _truth(built)


@pytest.fixture(scope="module")
def outlets(built: Path) -> list[dict[str, Any]]:
    return json.loads((built / "outlets.json").read_text(encoding="utf-8"))


# --------------------------------------------------------------------------- determinism


def test_same_seed_same_bytes_in_process_and_from_the_cli(built: Path, tmp_path: Path) -> None:
    expected = _files(built)
    assert {"meta.json", "outlets.json", "truth.jsonl", "corpus/corpus-0000.jsonl"} <= set(expected)
    wire.generate(tmp_path / "again", paragraphs=PARAGRAPHS, seed=SEED)
    assert _files(tmp_path / "again") == expected
    cmd = [sys.executable, str(BENCH / "wire.py"), "--paragraphs", str(PARAGRAPHS)]
    cmd += ["--seed", str(SEED), "--out", str(tmp_path / "cli")]
    env = dict(os.environ, PYTHONHASHSEED="4242")
    subprocess.run(cmd, check=True, env=env, capture_output=True)
    assert _files(tmp_path / "cli") == expected
    wire.generate(tmp_path / "other", paragraphs=PARAGRAPHS, seed=SEED + 1)
    other = _files(tmp_path / "other")
    assert other["corpus/corpus-0000.jsonl"] != expected["corpus/corpus-0000.jsonl"]
    assert other["truth.jsonl"] != expected["truth.jsonl"]


# --------------------------------------------------------------------------- the truth


def test_truth_words_are_the_words_provenance_loads(
    loaded: dict[str, Document], truth: dict[str, dict[str, Any]]
) -> None:
    assert set(truth) == set(loaded)
    for doc, t in truth.items():
        text = loaded[doc].text
        outside = np.zeros(len(text) + 1, dtype=bool)
        for start, end in t["not_article"]:
            assert text[start:end].strip() == text[start:end] and "\n" not in text[start:end]
            outside[start:end] = True
        words = _label_of_words(text, t)
        for start, end, label, origin in words:
            assert WORD.fullmatch(text[start:end]), (doc, text[start:end])
            assert not outside[start]
            assert (origin is None) == (label == "new")
            assert origin != doc
        for start, end, _, _ in t["runs"]:  # runs start and end on word boundaries
            assert WORD.match(text, start) and WORD.match(text, start).start() == start
            assert text[start:end] == text[start:end].strip()
        article = [m.span() for m in WORD.finditer(text) if not outside[m.start()]]
        assert [(s, e) for s, e, _, _ in words] == article, doc  # every article word, once


def test_labels_and_counts_follow_the_word_truth(
    truth: dict[str, dict[str, Any]], loaded: dict[str, Document]
) -> None:
    seen = defaultdict(int)
    for doc, t in truth.items():
        words = _label_of_words(loaded[doc].text, t)
        derived = sum(label != "new" for _, _, label, _ in words)
        assert t["words"] == len(words)
        assert t["verbatim"] == sum(label == "verbatim" for _, _, label, _ in words)
        assert t["verbatim"] + t["rewritten"] == derived
        share = derived / len(words)
        assert t["share"] == round(share, 4)
        expected = "non" if derived == 0 else "wholly" if share >= 0.8 else "partially"
        assert t["label"] == expected
        seen[t["label"]] += 1
        if t["kind"] in ("wire", "related", "unrelated"):
            assert t["label"] == "non" and not t["sources"]
        else:
            assert len(t["sources"]) == 1 and t["label"] != "non"
    assert min(seen.values()) >= 10, seen


def test_verbatim_words_are_in_their_origin_which_came_first(
    truth: dict[str, dict[str, Any]], loaded: dict[str, Document]
) -> None:
    vocab = {d: {w.lower() for w in WORD.findall(doc.text)} for d, doc in loaded.items()}

    def day(doc: str) -> dt.date:
        date = loaded[doc].date
        return date.date() if isinstance(date, dt.datetime) else date  # type: ignore[return-value]

    checked = 0
    for doc, t in truth.items():
        text = loaded[doc].text
        for start, end, label, origin in _label_of_words(text, t):
            if label != "verbatim":
                continue
            assert text[start:end].lower() in vocab[origin]
            if loaded[doc].date is not None and loaded[origin].date is not None:
                assert day(origin) <= day(doc)
                checked += 1
        for source in t["sources"]:
            assert source in truth and source != doc
    assert checked > 1000


def test_a_local_paper_keeps_the_origin_of_what_its_newspaper_copied(
    truth: dict[str, dict[str, Any]], loaded: dict[str, Document]
) -> None:
    """Words the newspaper took from the agency keep the agency as origin down the chain;
    words the newspaper introduced or changed have the newspaper as origin."""
    found = reach_agency = n = 0
    for doc, t in truth.items():
        if t["kind"] != "local":
            continue
        n += 1
        paper = t["sources"][0]
        origins = {
            o for _, _, label, o in _label_of_words(loaded[doc].text, t) if label == "verbatim"
        }
        assert paper in origins
        reach_agency += any(truth[o]["kind"] in ("wire", "update") for o in origins)
        paper_words = _label_of_words(loaded[paper].text, truth[paper])
        changed = {
            loaded[paper].text[s:e] for s, e, label, _ in paper_words if label == "rewritten"
        }
        for s, e, label, origin in _label_of_words(loaded[doc].text, t):
            if label == "verbatim" and origin == paper and loaded[doc].text[s:e] in changed:
                found += 1
    assert reach_agency >= 0.9 * n, (reach_agency, n)
    assert found > 0, (
        "some word a newspaper restyled should reach a local paper with the newspaper as origin"
    )


# --------------------------------------------------------------------------- the shape of wire copy


def test_agency_copy_is_hard_wrapped_with_slug_lines_and_a_sign_off(
    truth: dict[str, dict[str, Any]], loaded: dict[str, Document], outlets: list[dict[str, Any]]
) -> None:
    wires = {o["name"] for o in outlets if o["role"] == "wire"}
    sign_offs = set()
    for doc, t in truth.items():
        text = loaded[doc].text
        if t["kind"] in ("wire", "update"):
            assert loaded[doc].outlet in wires and isinstance(loaded[doc].date, dt.datetime)
            lines = text.split("\n")
            date = loaded[doc].date
            assert re.fullmatch(
                rf"{date:%H:%M} {date:%d/%m/%y}: Page \d [A-Z]+ [A-Z][a-z]+( [A-Z][a-z]+)?",
                lines[0],
            ), lines[0]
            assert re.fullmatch(
                rf"By [A-Z][\w’-]+ [A-Z][\w’-]+, {re.escape(loaded[doc].outlet)}", lines[1]
            )
            assert lines[2] == "" and lines[-2] == ""
            sign_offs.add(lines[-1])
            assert [text[s:e] for s, e in t["not_article"]] == [lines[0], lines[1], lines[-1]]
            assert max(len(line) for line in lines) <= 72
            assert any("\n" in p for p in text.split("\n\n")[1:-1]), "paragraphs are hard-wrapped"
        else:
            assert not t["not_article"]
            assert all("\n" not in p for p in text.split("\n\n")), "outlets unwrap the copy"
    assert len(sign_offs) >= 3 and sign_offs <= set(wire.wd.SIGN_OFFS)


def test_outlets_keep_clauses_inside_their_own_sentences_merge_and_split(
    truth: dict[str, dict[str, Any]], loaded: dict[str, Document]
) -> None:
    clauses = merges = splits = 0
    for doc, t in truth.items():
        if t["kind"] != "outlet":
            continue
        theirs = _sentences(loaded[t["sources"][0]].text)
        where: dict[tuple[str, ...], set[int]] = defaultdict(set)
        for j, sentence in enumerate(theirs):
            for g in _grams(sentence):
                where[g].add(j)
        # each of my sentences: the source sentences it shares a 6-gram with (one only them)
        shared = [
            {j for g in _grams(sentence) for j in where.get(g, ()) if len(where[g]) == 1}
            for sentence in _sentences(loaded[doc].text)
        ]
        merges += sum(len(js) >= 2 for js in shared)
        splits += sum(bool(a & b) for a, b in itertools.pairwise(shared))
        # a clause of the source with the outlet's own words around it, in one sentence
        # (more own words than a merge's connector)
        for labels in _labelled_sentences(loaded[doc].text, t):
            clauses += labels.count("new") >= 3 and labels.count("verbatim") >= 4
    assert clauses >= 20 and merges >= 10 and splits >= 10, (clauses, merges, splits)


def test_two_independent_outlets_make_the_same_house_style_change(
    truth: dict[str, dict[str, Any]], loaded: dict[str, Document]
) -> None:
    """Siblings (same agency version, neither copying the other) both rewrite the same
    words the same way, e.g. ``40,000 pounds`` -> ``£40,000``, ``on Monday`` -> ``on March 4``."""
    by_source = defaultdict(list)
    for doc, t in truth.items():
        if t["kind"] == "outlet":
            by_source[t["sources"][0]].append(doc)
    shared = set()
    for source, docs in by_source.items():
        source_words = {w.lower() for w in WORD.findall(loaded[source].text)}
        changes = []
        for doc in docs:
            text = loaded[doc].text
            changes.append(
                {
                    text[s:e]
                    for s, e, label, _ in _label_of_words(text, truth[doc])
                    if label == "rewritten"
                }
                - source_words
            )
        for i in range(len(changes)):
            for j in range(i + 1, len(changes)):
                shared |= changes[i] & changes[j]
    assert any(w[0] in "£$€" for w in shared), sorted(shared)[:20]
    assert len(shared) >= 10


def test_local_papers_follow_a_newspaper_a_day_later_crediting_it(
    truth: dict[str, dict[str, Any]], loaded: dict[str, Document], outlets: list[dict[str, Any]]
) -> None:
    by_name = {o["name"]: o for o in outlets}
    locals_ = [d for d, t in truth.items() if t["kind"] == "local"]
    assert len(locals_) >= 5
    for doc in locals_:
        t = truth[doc]
        paper = t["sources"][0]
        o = by_name[loaded[paper].outlet]
        assert o["kind"] == "newspaper" and o["role"] == "outlet"
        assert by_name[loaded[doc].outlet]["role"] == "local"
        assert t["credit"] in [o["name"], *o["aliases"]]
        text = loaded[doc].text
        first = text.split("\n\n")[0]
        credit = re.escape(t["credit"])
        assert re.search(rf"{credit} reported|according to (the )?{credit}", first), first
        start = first.index(t["credit"])
        labels = {
            label
            for s, e, label, _ in _label_of_words(text, t)
            if start <= s < start + len(t["credit"])
        }
        assert labels == {"new"}
        if loaded[doc].date is not None and loaded[paper].date is not None:
            assert loaded[doc].date == loaded[paper].date + dt.timedelta(days=1)


def test_outlets_take_one_version_and_dates_have_day_precision(
    truth: dict[str, dict[str, Any]], loaded: dict[str, Document]
) -> None:
    later = 0
    for doc, t in truth.items():
        if t["kind"] != "outlet":
            continue
        date = loaded[doc].date
        assert date is None or type(date) is dt.date
        source = truth[t["sources"][0]]
        assert source["kind"] in ("wire", "update")
        if date is not None:
            agency_day = loaded[source["doc"]].date.date()  # type: ignore[union-attr]
            assert date in (agency_day, agency_day + dt.timedelta(days=1))
        later += source["kind"] == "update"
    assert later >= 10, "outlets also take the agency's later versions"


def test_stock_phrases_recur_in_unrelated_articles_as_their_own_words(
    tmp_path: Path, truth: dict[str, dict[str, Any]], loaded: dict[str, Document]
) -> None:
    fixed = [p for p in wire.wt.STOCK_PHRASES if "{" not in p and "/" not in p and "^" not in p]
    holders = defaultdict(set)
    for doc, t in truth.items():
        if t["kind"] == "unrelated":
            assert {label for _, _, label, _ in t["runs"]} == {"new"}
            for phrase in fixed:
                if phrase in loaded[doc].text:
                    holders[phrase].add(doc)
    assert sum(len(h) >= 2 for h in holders.values()) >= 5, {p: len(h) for p, h in holders.items()}

    wire.generate(tmp_path, paragraphs=PARAGRAPHS, seed=SEED, phrases="plain")
    plain = [
        json.loads(line)["text"] for line in (tmp_path / "corpus" / "corpus-0000.jsonl").open()
    ]
    assert not any(p in text for text in plain for p in fixed if len(p.split()) >= 5)


# --------------------------------------------------------------------------- scoring


def _docs() -> list[Document]:
    return [
        Document(
            id="a",
            text="The minister said the border talks would resume in Geneva next week.",
            date=dt.date(2024, 3, 4),
        ),
        Document(
            id="b",
            text="Officials hope the border talks would resume in Geneva soon, a paper wrote.",
            date=dt.date(2024, 3, 5),
        ),
        Document(id="c", text="Yesterday the minister said nothing at all.", date=None),
    ]


def test_baseline_on_three_documents() -> None:
    docs = _docs()
    result = score.baseline(docs)

    def sourced(i: int) -> dict[str, str]:
        w = score.words(docs[i].text)
        a = result.answers[i]
        return {
            docs[i].text[s:e]: docs[int(o)].id
            for s, e, src, o in zip(w.starts, w.ends, a.source, a.origin, strict=True)
            if src
        }

    # a: "the minister said" is also in c, which is undated: the rule lets it be a source;
    # "the border talks ..." is in b too, but b is dated after a
    assert sourced(0) == {"The": "c", "minister": "c", "said": "c"}
    # b: the clause it shares with a (earlier); "the border talks" also only in a
    assert sourced(1) == {
        w: "a" for w in ["the", "border", "talks", "would", "resume", "in", "Geneva"]
    }
    # c is undated: any other document can be its source; "the minister said" is in a only
    assert sourced(2) == {"the": "a", "minister": "a", "said": "a"}
    assert result.top_source == [2, 0, 0]
    assert result.candidates == 2  # a-b and a-c share 3-grams; b and c do not
    assert result.is_candidate is not None
    assert result.is_candidate(0, 2) and not result.is_candidate(1, 2)


def test_dated_documents_with_times_are_ordered_by_instant() -> None:
    utc = dt.timezone.utc
    docs = [
        Document(
            id="x", text="one two three four", date=dt.datetime(2024, 3, 4, 18, 25, tzinfo=utc)
        ),
        Document(
            id="y", text="one two three five", date=dt.datetime(2024, 3, 4, 14, 14, tzinfo=utc)
        ),
        Document(id="z", text="one two three six", date=dt.date(2024, 3, 4)),
    ]
    result = score.baseline(docs)
    # y (14:14) is before x (18:25); z, a day with no time, is before neither and after neither
    assert result.answers[0].source.tolist() == [True, True, True, False]
    assert set(result.answers[0].origin[:3].tolist()) == {1}
    assert not result.answers[1].source.any() and not result.answers[2].source.any()


def test_scoring_a_small_corpus_end_to_end(tmp_path: Path) -> None:
    wire.generate(tmp_path, paragraphs=500, seed=2)
    result = score.wire(tmp_path)
    text = score.text(result)
    for system in ("library", "baseline"):
        r = result[system]
        for group, key in (("words", "f1"), ("origin", "right_origin"), ("documents", "macro_f1")):
            assert 0.0 <= r[group][key] <= 1.0
        assert r["candidates"]["true_pairs"] > 0
    base = result["baseline"]
    assert base["words"]["recall"] > 0.5
    assert base["words"]["false_share_in_non_derived"] > 0.05  # stock phrases fool it
    assert "words from a source" in text and "targets for the library" in text
    assert len(result["targets"]) == 3
