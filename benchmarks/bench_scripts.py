#!/usr/bin/env python3
"""Text without spaces: characters as words (what the project does) against ICU's word
break rules (PyICU) as the units matched, on generated Chinese wire copy.

The project cuts Chinese, Japanese and Thai text into one word per character, so its
three-word shingles are character trigrams. The other choice is a word segmenter;
ICU's break iterator is the maintained one. To compare the two with everything else
equal, the ICU run gives the pipeline each ICU word as one pseudo-word of Latin
letters (the same word, the same pseudo-word) with spaces between, and each ``。`` as a
full stop: the same text, cut into ICU's words.

The corpus: sentences of words drawn by their frequency in jieba's dictionary (the
phrase statistics of Chinese, not its grammar), stories of 4 to 8 paragraphs; each
story's wire version and 4 copies (verbatim paragraphs; a clause of the copy's own
inserted; sentences dropped; a few words replaced; paragraphs merged), and unrelated
stories. A pair of paragraphs written in such a script needs twice the clause and
shared words (:func:`provenance.align._for_characters`): a Chinese word is about two
characters. Characters are also run with those options doubled again
(``min_clause_words=14``, ``min_shared_words=16``, doubled to 28 and 32). Scored per
pair of documents (a copy and its wire version: linked?) and on the share of each
copy's text credited to its wire version, against the share it took.

    pip install PyICU jieba   # not the project's dependencies: this benchmark's
    python benchmarks/bench_scripts.py --stories 300
"""

from __future__ import annotations

import argparse
import bisect
import hashlib
import os
import random
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

from common import machine


def vocabulary() -> tuple[list[str], list[int]]:
    """jieba's dictionary: words of Chinese characters, and their cumulative frequencies."""
    import jieba

    path = os.path.join(os.path.dirname(jieba.__file__), "dict.txt")
    words: list[str] = []
    weights: list[int] = []
    total = 0
    with open(path, encoding="utf-8") as f:
        for line in f:
            word, freq, _ = line.split(" ")
            if all("\u4e00" <= c <= "\u9fff" for c in word):
                total += int(freq)
                words.append(word)
                weights.append(total)
    return words, weights


class Writer:
    """Random sentences and stories from the dictionary's words."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.words, self.cumulative = vocabulary()

    def word(self) -> str:
        at = self.rng.randrange(self.cumulative[-1])
        return self.words[bisect.bisect_right(self.cumulative, at)]

    def clause(self, low: int = 4, high: int = 9) -> str:
        return "".join(self.word() for _ in range(self.rng.randint(low, high)))

    def sentence(self) -> str:
        clauses = [self.clause() for _ in range(self.rng.randint(1, 3))]
        return "，".join(clauses) + "。"

    def paragraph(self) -> list[str]:
        return [self.sentence() for _ in range(self.rng.randint(2, 4))]


def copies(writer: Writer, story: list[list[str]]) -> list[tuple[str, list[list[str]], float]]:
    """Four copies of ``story`` (paragraphs of sentences): how each was made, its
    paragraphs, and the share of its characters taken from the story."""
    rng = writer.rng
    out = []
    # verbatim: some paragraphs, whole
    kept = [p for p in story if rng.random() < 0.7] or story[:1]
    out.append(("verbatim paragraphs", [list(p) for p in kept]))
    # a clause of its own inside each paragraph's first sentence
    added = []
    for p in story:
        first = p[0][:-1] + "，" + writer.clause() + "。"
        added.append([first, *p[1:]])
    out.append(("a clause added", added))
    # sentences dropped
    dropped = [[s for s in p if rng.random() < 0.6] or p[:1] for p in story]
    out.append(("sentences dropped", dropped))
    # a few words replaced, paragraphs merged in twos
    replaced = []
    for p in story:
        sentences = []
        for s in p:
            if rng.random() < 0.5 and len(s) > 8:
                at = rng.randrange(1, len(s) - 4)
                s = s[:at] + writer.word() + s[at + 2 :]
            sentences.append(s)
        replaced.append(sentences)
    merged = [[s for p in replaced[i : i + 2] for s in p] for i in range(0, len(replaced), 2)]
    out.append(("words replaced, paragraphs merged", merged))
    scored = []
    source = "".join("".join(p) for p in story)
    for how, paragraphs in out:
        text = "".join("".join(p) for p in paragraphs)
        scored.append((how, paragraphs, _taken(source, text)))
    return scored


def _taken(source: str, copy: str) -> float:
    """The share of ``copy``'s characters in runs of 4 or more it shares with ``source``."""
    grams = {source[i : i + 4] for i in range(len(source) - 3)}
    covered = [False] * len(copy)
    for i in range(len(copy) - 3):
        if copy[i : i + 4] in grams:
            for k in range(i, i + 4):
                covered[k] = True
    return sum(covered) / max(len(copy), 1)


def corpus(stories: int, seed: int) -> tuple[list[dict[str, Any]], dict[str, tuple[str, float]]]:
    """The records, and each copy's wire version and the share it took."""
    writer = Writer(seed)
    records: list[dict[str, Any]] = []
    truth: dict[str, tuple[str, float]] = {}
    for k in range(stories):
        story = [writer.paragraph() for _ in range(writer.rng.randint(4, 8))]
        wire = f"s{k:04d}-wire"
        records.append({"id": wire, "date": "2024-03-01", "paragraphs": story})
        for j, (_, paragraphs, share) in enumerate(copies(writer, story)):
            name = f"s{k:04d}-copy{j}"
            records.append({"id": name, "date": "2024-03-02", "paragraphs": paragraphs})
            truth[name] = (wire, share)
        # an unrelated story of another outlet, the same day
        other = [writer.paragraph() for _ in range(writer.rng.randint(4, 8))]
        records.append({"id": f"s{k:04d}-other", "date": "2024-03-02", "paragraphs": other})
    return records, truth


def as_characters(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The records' text as written: the project cuts it into characters."""
    return [
        {"id": r["id"], "date": r["date"], "text": "\n\n".join("".join(p) for p in r["paragraphs"])}
        for r in records
    ]


def as_icu_words(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The records' text cut by ICU's word break rules, each word a pseudo-word of Latin
    letters, ``。`` a full stop and ``，`` a comma."""
    import icu

    breaker = icu.BreakIterator.createWordInstance(icu.Locale("zh"))

    def pseudo(word: str) -> str:
        digest = hashlib.blake2b(word.encode("utf-8"), digest_size=6).digest()
        return "".join(chr(ord("a") + b % 26) for b in digest)

    def sentence(text: str) -> str:
        breaker.setText(text)
        out: list[str] = []
        start = 0
        for end in breaker:
            piece = text[start:end]
            start = end
            if piece == "。":
                out[-1] += "."
            elif piece == "，":
                out[-1] += ","
            else:
                out.append(pseudo(piece))
        return " ".join(out).capitalize()

    return [
        {
            "id": r["id"],
            "date": r["date"],
            "text": "\n\n".join(" ".join(sentence(s) for s in p) for p in r["paragraphs"]),
        }
        for r in records
    ]


def score(report: Any, truth: dict[str, tuple[str, float]]) -> dict[str, float]:
    """Pair recall and precision (a copy linked to its wire version; any other pair of
    documents linked is a false one), and the mean absolute error of the share of each
    copy credited to its wire version."""
    docs = {p.id: p.doc for f in report.families for p in f.passages}
    linked = {tuple(sorted((docs[ln.a], docs[ln.b]))) for ln in report.links}
    linked = {pair for pair in linked if pair[0] != pair[1]}
    wanted = {tuple(sorted((copy, wire))) for copy, (wire, _) in truth.items()}
    # Copies of one story are siblings: linking them is right, not a false pair.
    story = {name: name.split("-")[0] for name in docs.values()}
    siblings = {
        pair
        for pair in linked
        if story[pair[0]] == story[pair[1]] and "other" not in pair[0] + pair[1]
    }
    found = len(wanted & linked)
    false = len(linked - wanted - siblings)
    views = {v.doc: v for v in report.views}
    errors = [
        abs((views[copy].sources.get(wire, 0.0) if copy in views else 0.0) - share)
        for copy, (wire, share) in truth.items()
    ]
    return {
        "recall": found / len(wanted),
        "precision": found / max(found + false, 1),
        "share_error": sum(errors) / len(errors),
        "links": len(report.links),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stories", type=int, default=300)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    import provenance

    records, truth = corpus(args.stories, args.seed)
    print(f"# Chinese wire copy, {args.stories} stories, {len(records)} documents: {machine()}")
    print("| units | pair recall | pair precision | share error | links | seconds |")
    print("|---|---|---|---|---|---|")
    doubled = {"min_clause_words": 14, "min_shared_words": 16}
    runs: list[tuple[str, Any, dict[str, int]]] = [
        ("characters (the project)", as_characters, {}),
        ("characters, the two options doubled again", as_characters, doubled),
        ("ICU words (the project's defaults)", as_icu_words, {}),
    ]
    for name, make, options in runs:
        texts = make(records)
        start = time.perf_counter()
        report = provenance.analyze(texts, progress=False, **options)
        seconds = time.perf_counter() - start
        got = score(report, truth)
        print(
            f"| {name} | {got['recall']:.3f} | {got['precision']:.3f} | "
            f"{got['share_error']:.3f} | {got['links']:,} | {seconds:.1f} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
