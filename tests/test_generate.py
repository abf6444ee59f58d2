"""Tests of the benchmark corpus generator, ``benchmarks/generate.py``.

The generator is standalone (``benchmarks`` is not a package), so it is imported by path.
Every check here reads the written files back and recomputes what it asserts: the
ground truth is checked against the corpus text, not against the generator's internals.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import re
import statistics
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from helpers import GEN_PATH, generator

PARAGRAPHS = 1500
SEED = 11

gen = generator()


# --------------------------------------------------------------------------- helpers


def _files(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


def _read_corpus(root: Path) -> dict[str, dict[str, Any]]:
    docs: dict[str, dict[str, Any]] = {}
    for shard in sorted((root / "corpus").glob("corpus-*.jsonl")):
        for line in shard.read_text(encoding="utf-8").splitlines():
            rec = json.loads(line)
            assert rec["id"] not in docs, f"duplicate id {rec['id']}"
            docs[rec["id"]] = rec
    return docs


def _read_truth(root: Path) -> list[dict[str, Any]]:
    lines = (root / "truth.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines]


def _paragraph_spans(text: str) -> list[tuple[int, int]]:
    spans, offset = [], 0
    for block in text.split("\n\n"):
        spans.append((offset, offset + len(block)))
        offset += len(block) + 2
    return spans


_TOKEN = re.compile(r"\w+")
_DATELINE = re.compile(r"[A-Z][A-Z’'. -]* \((.+?)\) — ")


def _grams(text: str, n: int = 3) -> set[tuple[str, ...]]:
    words = _TOKEN.findall(text.lower())
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


def _containment(a: str, b: str) -> float:
    """Share of the smaller side's word 3-grams found on the other side."""
    ga, gb = _grams(a), _grams(b)
    return len(ga & gb) / max(1, min(len(ga), len(gb)))


def _jaccard(a: str, b: str) -> float:
    ga, gb = _grams(a), _grams(b)
    return len(ga & gb) / max(1, len(ga | gb))


def _parse(value: str | None) -> dt.date | dt.datetime | None:
    if value is None:
        return None
    return dt.datetime.fromisoformat(value) if "T" in value else dt.date.fromisoformat(value)


def _not_before(copy: dt.date | dt.datetime, source: dt.date | dt.datetime) -> bool:
    both_times = isinstance(copy, dt.datetime) and isinstance(source, dt.datetime)
    if both_times and (copy.tzinfo is None) == (source.tzinfo is None):  # type: ignore[union-attr]
        return copy >= source
    as_date = lambda v: v.date() if isinstance(v, dt.datetime) else v  # noqa: E731
    return as_date(copy) >= as_date(source)


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    out = tmp_path_factory.mktemp("gen") / "a"
    meta = gen.generate(out, paragraphs=PARAGRAPHS, seed=SEED)
    return out, meta


@pytest.fixture(scope="module")
def corpus(built: tuple[Path, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return _read_corpus(built[0])


@pytest.fixture(scope="module")
def truth(built: tuple[Path, dict[str, Any]]) -> list[dict[str, Any]]:
    return _read_truth(built[0])


@pytest.fixture(scope="module")
def outlets(built: tuple[Path, dict[str, Any]]) -> list[dict[str, Any]]:
    return json.loads((built[0] / "outlets.json").read_text(encoding="utf-8"))


# --------------------------------------------------------------------------- determinism


def test_same_seed_gives_identical_bytes_in_process_and_from_the_cli(
    built: tuple[Path, dict[str, Any]], tmp_path: Path
) -> None:
    out, _ = built
    expected = _files(out)
    assert {"meta.json", "outlets.json", "truth.jsonl", "corpus/corpus-0000.jsonl"} <= set(expected)

    again = tmp_path / "again"
    gen.generate(again, paragraphs=PARAGRAPHS, seed=SEED)
    assert _files(again) == expected

    # a fresh interpreter with another hash seed: no dependence on set/dict hash order
    cli = tmp_path / "cli"
    env = dict(os.environ, PYTHONHASHSEED="12345")
    cmd = [
        sys.executable,
        str(GEN_PATH),
        "--paragraphs",
        str(PARAGRAPHS),
        "--seed",
        str(SEED),
        "--out",
        str(cli),
    ]
    subprocess.run(cmd, check=True, env=env, capture_output=True)
    assert _files(cli) == expected


def test_different_seed_gives_different_files(
    built: tuple[Path, dict[str, Any]], tmp_path: Path
) -> None:
    other = tmp_path / "other"
    gen.generate(other, paragraphs=PARAGRAPHS, seed=SEED + 1)
    mine, theirs = _files(built[0]), _files(other)
    for name in ("corpus/corpus-0000.jsonl", "truth.jsonl", "outlets.json"):
        assert mine[name] != theirs[name], name
    texts_a = {r["text"] for r in _read_corpus(built[0]).values()}
    texts_b = {r["text"] for r in _read_corpus(other).values()}
    assert not texts_a & texts_b


def test_cli_help_lists_the_options() -> None:
    res = subprocess.run(
        [sys.executable, str(GEN_PATH), "--help"], capture_output=True, text=True, check=True
    )
    for opt in ("--paragraphs", "--seed", "--out", "--reuse-share", "--outlets"):
        assert opt in res.stdout


def test_cli_rejects_a_bad_share(tmp_path: Path) -> None:
    res = subprocess.run(
        [
            sys.executable,
            str(GEN_PATH),
            "--paragraphs",
            "50",
            "--seed",
            "1",
            "--out",
            str(tmp_path / "x"),
            "--reuse-share",
            "1.5",
        ],
        capture_output=True,
        text=True,
    )
    assert res.returncode == 2
    assert "reuse_share" in res.stderr


# --------------------------------------------------------------------------- layout


def test_records_meta_and_outlets_agree(
    built: tuple[Path, dict[str, Any]],
    corpus: dict[str, dict[str, Any]],
    truth: list[dict[str, Any]],
    outlets: list[dict[str, Any]],
) -> None:
    _, meta = built
    counts = meta["counts"]
    assert counts["articles"] == len(corpus)
    assert meta["parameters"]["seed"] == SEED
    n_paragraphs = 0
    outlet_names = {o["name"] for o in outlets}
    for rec in corpus.values():
        assert set(rec) == {"id", "series", "date", "text", "url", "title"}
        assert rec["series"] in outlet_names
        assert rec["text"].strip() and "\r" not in rec["text"]
        n = len(rec["text"].split("\n\n"))
        assert 5 <= n <= 15
        n_paragraphs += n
        assert rec["url"].startswith("https://") and rec["title"]
    assert n_paragraphs == counts["paragraphs"] == PARAGRAPHS
    assert len(truth) == counts["copies"] + counts["paraphrases"]
    assert counts["copies"] == sum(t["kind"] == "copy" for t in truth)

    assert len(outlets) == 50
    every_name = [n for o in outlets for n in (o["name"], *o["aliases"])]
    assert len(every_name) == len(set(every_name)), "outlet names and aliases must be unique"
    initialisms = [a for o in outlets for a in o["aliases"] if re.fullmatch(r"[A-Z]{2,5}", a)]
    assert initialisms, "some outlets should be credited by an initialism, e.g. (ENA)"


def test_sharding_splits_the_same_articles(
    built: tuple[Path, dict[str, Any]], tmp_path: Path
) -> None:
    small = tmp_path / "sharded"
    meta = gen.generate(small, paragraphs=PARAGRAPHS, seed=SEED, shard_articles=40)
    shards = sorted((small / "corpus").glob("corpus-*.jsonl"))
    assert len(shards) == len(meta["files"]["corpus"]) >= 3
    assert all(len(s.read_text(encoding="utf-8").splitlines()) <= 40 for s in shards)
    assert _read_corpus(small) == _read_corpus(built[0])
    assert (small / "truth.jsonl").read_bytes() == (built[0] / "truth.jsonl").read_bytes()


def test_dates_mix_days_times_and_unknowns(corpus: dict[str, dict[str, Any]]) -> None:
    dates = [rec["date"] for rec in corpus.values()]
    undated = sum(d is None for d in dates)
    timed = [d for d in dates if d is not None and "T" in d]
    assert 0 < undated < 0.1 * len(dates)
    assert timed and all(_parse(d).tzinfo is not None for d in timed)  # type: ignore[union-attr]
    days = {_parse(d) for d in dates if d is not None and "T" not in d}
    assert len(days) >= 10, "articles should spread over many days"


# --------------------------------------------------------------------------- ground truth


def test_truth_offsets_slice_whole_paragraphs(
    corpus: dict[str, dict[str, Any]], truth: list[dict[str, Any]]
) -> None:
    assert truth
    for t in truth:
        for doc, start, end in (
            (t["doc"], t["start"], t["end"]),
            (t["source_doc"], t["source_start"], t["source_end"]),
        ):
            text = corpus[doc]["text"]
            assert (start, end) in _paragraph_spans(text), (doc, start, end)
            assert text[start:end].strip()
        assert t["doc"] != t["source_doc"]
        assert t["series"] == corpus[t["doc"]]["series"]
        assert t["source_series"] == corpus[t["source_doc"]]["series"] != t["series"]


def test_copies_are_never_dated_before_their_sources(
    corpus: dict[str, dict[str, Any]], truth: list[dict[str, Any]]
) -> None:
    compared = 0
    for t in truth:
        copy, source = _parse(corpus[t["doc"]]["date"]), _parse(corpus[t["source_doc"]]["date"])
        if copy is None or source is None:
            continue
        compared += 1
        assert _not_before(copy, source), (t["doc"], copy, t["source_doc"], source)
    assert compared > 0.8 * len(truth)


def test_original_paragraphs_have_40_to_150_words(
    corpus: dict[str, dict[str, Any]], truth: list[dict[str, Any]]
) -> None:
    derived = {(t["doc"], t["start"]) for t in truth}
    counts = []
    for doc, rec in corpus.items():
        for start, end in _paragraph_spans(rec["text"]):
            if (doc, start) not in derived:
                counts.append(len(rec["text"][start:end].split()))
    assert len(counts) == PARAGRAPHS - len(truth)
    assert min(counts) >= 40 and max(counts) <= 150
    assert statistics.pstdev(counts) > 10, "paragraph lengths should vary"


@pytest.mark.parametrize("share", [0.1, 0.3, 0.5])
def test_reuse_share_is_near_the_parameter(
    share: float, tmp_path: Path, truth: list[dict[str, Any]]
) -> None:
    if share == 0.3:  # the default, as built by the module fixture
        records, total = truth, PARAGRAPHS
    else:
        gen.generate(tmp_path, paragraphs=1000, seed=3, reuse_share=share)
        records, total = _read_truth(tmp_path), 1000
    copies = sum(t["kind"] == "copy" for t in records)
    assert abs(copies / total - share) <= 0.03, copies / total


def test_copies_overlap_their_sources_and_paraphrases_do_not(
    corpus: dict[str, dict[str, Any]], truth: list[dict[str, Any]]
) -> None:
    def passage(doc: str, start: int, end: int) -> str:
        return corpus[doc]["text"][start:end]

    copy_c, para_c, para_j = [], [], []
    for t in truth:
        a = passage(t["doc"], t["start"], t["end"])
        b = passage(t["source_doc"], t["source_start"], t["source_end"])
        if t["kind"] == "copy":
            copy_c.append(_containment(a, b))
        else:
            assert t["kind"] == "paraphrase"
            para_c.append(_containment(a, b))
            para_j.append(_jaccard(a, b))
    assert copy_c and para_c
    assert min(copy_c) >= 0.2
    assert statistics.median(copy_c) >= 0.55
    assert max(para_c) <= 0.45
    assert statistics.median(para_c) <= 0.2
    assert max(para_j) <= 0.3
    # the two kinds are told apart by wording alone: medians far apart
    assert statistics.median(copy_c) - statistics.median(para_c) >= 0.4


def _shared_trigrams(corpus: dict[str, dict[str, Any]], truth: list[dict[str, Any]]) -> list[int]:
    """For 2,000 random pairs of original paragraphs (neither copied nor a copy) of two
    documents: the word 3-grams they share that are not all function words."""
    function_words = {
        *("the", "of", "to", "and", "a", "in", "that", "for", "on", "is", "was", "with", "he"),
        *("it", "as", "at", "by", "from", "his", "be", "has", "have", "an", "are", "were", "but"),
        *("not", "which", "this", "had", "they", "who", "will", "been", "would", "their", "its"),
    }
    derived = {(t["doc"], t["start"]) for t in truth}
    sources = {(t["source_doc"], t["source_start"]) for t in truth}
    originals = [
        (doc, rec["text"][s:e])
        for doc, rec in sorted(corpus.items())
        for s, e in _paragraph_spans(rec["text"])
        if (doc, s) not in derived and (doc, s) not in sources
    ]
    rnd = random.Random(5)
    shared = []
    for _ in range(2000):
        (da, a), (db, b) = rnd.sample(originals, 2)
        if da == db:
            continue
        common = _grams(a) & _grams(b)
        shared.append(sum(1 for g in common if not set(g) <= function_words))
    return shared


def test_independent_paragraphs_share_almost_no_trigrams(
    corpus: dict[str, dict[str, Any]], truth: list[dict[str, Any]]
) -> None:
    shared = _shared_trigrams(corpus, truth)
    assert statistics.mean(shared) < 0.05
    assert max(shared) <= 3


@pytest.fixture(scope="module")
def phrased(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("gen") / "phrases"
    gen.generate(out, paragraphs=PARAGRAPHS, seed=SEED, phrases=True)
    return out


def test_realistic_phrases_are_shared_by_unrelated_paragraphs(
    phrased: Path, built: tuple[Path, dict[str, Any]]
) -> None:
    corpus, truth = _read_corpus(phrased), _read_truth(phrased)
    shared = _shared_trigrams(corpus, truth)
    assert statistics.mean(shared) >= 0.3  # ten times the plain corpus: the stock phrases
    assert sum(1 for n in shared if n) >= len(shared) // 10
    text = "\n".join(rec["text"] for rec in corpus.values())
    assert "one of the" in text and "said in a statement" in text
    meta = json.loads((phrased / "meta.json").read_text(encoding="utf-8"))
    assert meta["parameters"]["phrases"] == "realistic"
    # the plain corpus's meta says nothing of them: its files are what they were
    assert "phrases" not in built[1]["parameters"]


def test_realistic_phrases_keep_copies_close_and_the_bytes_fixed(
    phrased: Path, tmp_path: Path
) -> None:
    corpus, truth = _read_corpus(phrased), _read_truth(phrased)
    copies = [
        _containment(
            corpus[t["doc"]]["text"][t["start"] : t["end"]],
            corpus[t["source_doc"]]["text"][t["source_start"] : t["source_end"]],
        )
        for t in truth
        if t["kind"] == "copy"
    ]
    assert copies and statistics.median(copies) >= 0.55
    cli = tmp_path / "cli"
    cmd = [sys.executable, str(GEN_PATH), "--paragraphs", str(PARAGRAPHS), "--seed", str(SEED)]
    subprocess.run([*cmd, "--out", str(cli), "--phrases", "realistic"], check=True)
    assert _files(cli) == _files(phrased)


def test_edit_kinds_and_rates(
    corpus: dict[str, dict[str, Any]], truth: list[dict[str, Any]]
) -> None:
    copies = [t for t in truth if t["kind"] == "copy"]
    kinds = {e for t in copies for e in t["edits"]}
    expected = {
        "trim",
        "word_swap",
        "sentence_drop",
        "sentence_insert",
        "sentence_reorder",
        "paragraph_reorder",
        "abbreviation",
        "spelling",
        "transliteration",
        "day_to_date",
        "credit_dateline",
        "credit_according",
    }
    assert expected <= kinds, expected - kinds
    rates = [t["edit_rate"] for t in copies]
    assert min(rates) >= 0.005 and max(rates) <= 0.15
    assert min(rates) < 0.03 and max(rates) > 0.12, "rates should span 1-15 %"

    month = (
        "(January|February|March|April|May|June|July|August|September|October|November|December)"
    )
    day_date = re.compile(rf"\b({month} \d{{1,2}}|\d{{1,2}} {month})\b")  # "on" may be swapped
    weekday = re.compile(r"\bon (Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b")
    for t in copies:
        text = corpus[t["doc"]]["text"][t["start"] : t["end"]]
        source = corpus[t["source_doc"]]["text"][t["source_start"] : t["source_end"]]
        if "trim" in t["edits"]:
            assert len(text.split()) < len(source.split())
        if "day_to_date" in t["edits"]:
            assert day_date.search(text) and weekday.search(source)
        if "abbreviation" in t["edits"]:
            assert re.search(r"(?<!\w)(U\.S\.|US|U\.N\.|UN|E\.U\.|EU|U\.K\.|UK)(?!\w)", source)
    for t in truth:
        if t["kind"] == "paraphrase":
            assert t["edit_rate"] >= 0.2
            assert t["depth"] is None and t["origin_doc"] is None


def test_some_copies_credit_their_source(
    corpus: dict[str, dict[str, Any]],
    truth: list[dict[str, Any]],
    outlets: list[dict[str, Any]],
) -> None:
    names = {o["name"]: [o["name"], *o["aliases"]] for o in outlets}
    datelines = according = 0
    for t in truth:
        text = corpus[t["doc"]]["text"][t["start"] : t["end"]]
        credited = names[t["source_series"]]
        m = _DATELINE.match(text)
        dl = m is not None and m.group(1) in credited
        ac = any(f"according to {n}" in text or f"According to {n}," in text for n in credited)
        if "credit_dateline" in t["edits"]:
            assert t["credit"] in credited and dl, text[:80]
            assert t["start"] == 0, "a dateline opens the article"
        if "credit_according" in t["edits"]:
            assert t["credit"] in credited and ac, text
        datelines += dl
        according += ac
    assert datelines > 0 and according > 0


def test_chains_of_copies_are_consistent(truth: list[dict[str, Any]]) -> None:
    by_span = {(t["doc"], t["start"]): t for t in truth}
    depths = []
    for t in truth:
        if t["kind"] != "copy":
            continue
        parent = by_span.get((t["source_doc"], t["source_start"]))
        depths.append(t["depth"])
        if parent is not None and parent["kind"] == "copy":
            assert t["depth"] == parent["depth"] + 1
            assert (t["origin_doc"], t["origin_start"], t["origin_end"]) == (
                parent["origin_doc"],
                parent["origin_start"],
                parent["origin_end"],
            )
        else:  # the parent is an original paragraph (or a paraphrase): it is the origin
            assert t["depth"] == 1
            assert (t["origin_doc"], t["origin_start"], t["origin_end"]) == (
                t["source_doc"],
                t["source_start"],
                t["source_end"],
            )
    assert max(depths) <= gen.MAX_DEPTH
    assert sum(d >= 2 for d in depths) > 0
