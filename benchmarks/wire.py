#!/usr/bin/env python3
"""Seeded, deterministic generator of wire copy and its reuse, with word-level truth.

    python benchmarks/wire.py --paragraphs 10000 --seed 7 --out benchmarks/out/wire-10k

writes, in the layout of ``generate.py``::

    OUT/corpus/corpus-0000.jsonl ...  articles in passim's JSON Lines
                                      (id, series, date, text, url, title)
    OUT/truth.jsonl                   one record per article: its label, direct sources,
                                      and every word of its article text labelled
    OUT/outlets.json                  outlets, aliases, house styles, roles
    OUT/meta.json                     parameters, seed, counts

Each story is filed by a news agency (hard-wrapped, slug lines, byline, sign-off),
rewritten by it later the same day, and taken by many outlets, each from one agency
version: clauses kept inside sentences of their own, sentences merged, split, trimmed,
reordered, house style applied, own sentences added. A few local papers follow a
newspaper a day later with a credit line; other articles report the same story in their
own words, or something else. See ``benchmarks/README.md`` for the format.

Standalone on purpose: standard library and numpy only, nothing from ``provenance``;
reuses ``generate.py``'s vocabulary, text source, outlets and editor. The same seed and
parameters give byte-identical files.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import math
import random
import re
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

import generate as gen  # noqa: E402
import wire_desk as wd  # noqa: E402
import wire_text as wt  # noqa: E402
from wire_desk import Article, words_of  # noqa: E402
from wire_text import WORD, When  # noqa: E402

WIRE_VERSION = 1

__all__ = ["WORD", "generate", "main", "words_of"]


class _Story:
    """What the outlets of one story need: its id, day, cast and agency versions."""

    __slots__ = ("agency", "cast", "day", "id", "versions")

    def __init__(self, sid: str, agency: int, day: dt.date, cast: wt.Cast) -> None:
        self.id = sid
        self.agency = agency
        self.day = day
        self.cast = cast
        self.versions: list[Article] = []


class _Counts:
    """Running totals for meta.json."""

    def __init__(self) -> None:
        self.articles = self.stories = self.paragraphs = self.words = 0
        self.verbatim = self.rewritten = self.undated = self.timed = self.credited = 0
        self.unrelated_paragraphs = 0
        self.kinds: Counter[str] = Counter()
        self.labels: Counter[str] = Counter()
        self.edits: Counter[str] = Counter()
        self.first: dt.date | None = None
        self.last: dt.date | None = None


def generate(
    out_dir: str | Path,
    *,
    paragraphs: int,
    seed: int,
    phrases: str = "realistic",
    outlets: int = 80,
    local_papers: int = 12,
    agencies: int = 3,
    unrelated_share: float = 0.2,
    days: int | None = None,
    start_date: str = "2024-01-01",
    shard_articles: int = 50_000,
) -> dict[str, Any]:
    """Write a wire-copy corpus of about ``paragraphs`` article paragraphs (it stops after
    the article that reaches the number) and its truth to ``out_dir``.

    Returns the meta dict (also written to ``out_dir/meta.json``).
    """
    if paragraphs < 1:
        raise ValueError("paragraphs must be at least 1")
    if phrases not in ("realistic", "plain"):
        raise ValueError("phrases must be 'realistic' or 'plain'")
    if outlets < 10:
        raise ValueError("outlets must be at least 10")
    if not 0.0 <= unrelated_share < 0.9:
        raise ValueError("unrelated_share must be in [0, 0.9)")
    if shard_articles < 1 or local_papers < 0 or agencies < 1:
        raise ValueError("shard_articles and agencies must be positive, local_papers >= 0")
    n_days = gen.span_days(paragraphs, days)
    day0 = dt.date.fromisoformat(start_date)
    out, corpus_dir = gen.corpus_folder(out_dir)

    ss = np.random.SeedSequence([seed, WIRE_VERSION, 17])
    s_text, s_edit, s_py, s_out, s_shuf = ss.spawn(5)
    rnd = random.Random(int(s_py.generate_state(1)[0]))
    vocab = gen.Vocab()
    editor = gen.Editor(vocab, rnd, np.random.default_rng(s_edit))
    prose = wt.Prose(
        vocab,
        gen.TextSource(vocab, np.random.default_rng(s_text)),
        rnd,
        phrases=phrases == "realistic",
    )
    desk = wd.Desk(prose, wt.Restyler(vocab, rnd), editor, rnd)
    outlet_list = wd.make_outlets(
        outlets, local_papers, agencies, random.Random(int(s_out.generate_state(1)[0]))
    )
    styles = [wd.house_style(o) for o in outlet_list]
    names = [[o["name"], *o["aliases"]] for o in outlet_list]
    wires = [i for i, o in enumerate(outlet_list) if o["role"] == "wire"]
    takers = [i for i, o in enumerate(outlet_list) if o["role"] == "outlet"]
    local_list = [i for i, o in enumerate(outlet_list) if o["role"] == "local"]
    anyone = takers + local_list
    a1, b1, a2, b2 = prose.person_pool
    reporters = {
        w: [
            f"{vocab.surface(rnd.randrange(a1, b1), 0)} {vocab.surface(rnd.randrange(a2, b2), 0)}"
            for _ in range(3)
        ]
        for w in wires
    }
    counts = _Counts()

    with open(out / "truth.jsonl", "w", encoding="utf-8", newline="\n") as truth_fh:
        writer = gen._ShardWriter(
            corpus_dir, shard_articles, random.Random(int(s_shuf.generate_state(1)[0]))
        )

        def article(outlet: int, kind: str, story: str | None) -> Article:
            counts.articles += 1
            h = hashlib.blake2b(f"wire:{seed}:{counts.articles}".encode(), digest_size=8)
            slug = outlet_list[outlet]["domain"].split(".")[0]
            return Article(f"{slug}-{h.hexdigest()}", outlet, kind, story)

        def dated(art: Article, day: dt.date) -> None:
            """Day precision, or no date (the truth still knows the day)."""
            art.day = day
            share = max(0.03, outlet_list[art.outlet]["undated_share"])
            art.date = None if rnd.random() < share else day

        def emit(art: Article) -> None:
            r = wd.render(art)
            o = outlet_list[art.outlet]
            if art.date is None:
                date_iso = None
                counts.undated += 1
            elif isinstance(art.date, dt.datetime):
                date_iso = art.date.isoformat(timespec="seconds")
                counts.timed += 1
            else:
                date_iso = art.date.isoformat()
            if art.day is not None:
                counts.first = min(counts.first or art.day, art.day)
                counts.last = max(counts.last or art.day, art.day)
            first = re.sub(r"[^\w\s’-]", "", art.paras[0][0].text()).split()
            title = " ".join(w[:1].upper() + w[1:] for w in first[: rnd.randint(6, 10)])
            url_slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:60]
            url_slug += "-" + art.doc[-6:]
            d = art.day or day0
            url = (
                f"https://www.{o['domain']}/{d.year}/{d.month:02d}/{d.day:02d}/{url_slug}"
                if art.date is not None
                else f"https://www.{o['domain']}/news/{url_slug}"
            )
            record = {
                "id": art.doc,
                "series": o["name"],
                "date": date_iso,
                "text": r.text,
                "url": url,
                "title": title,
            }
            writer.add(gen._json(record))
            truth = wd.article_truth(art, r, o["name"])
            truth_fh.write(gen._json(truth))
            truth_fh.write("\n")
            counts.paragraphs += len(art.paras)
            counts.words += r.words
            counts.verbatim += r.verbatim
            counts.rewritten += r.rewritten
            counts.kinds[art.kind] += 1
            counts.labels[truth["label"]] += 1
            counts.edits.update(art.edits)
            counts.credited += art.credit is not None
            if art.kind == "unrelated":
                counts.unrelated_paragraphs += len(art.paras)

        while counts.paragraphs < paragraphs:
            day = day0 + dt.timedelta(days=int(counts.paragraphs / paragraphs * n_days))
            if counts.unrelated_paragraphs < unrelated_share * counts.paragraphs:
                outlet = rnd.choice(anyone)
                art = article(outlet, "unrelated", None)
                desk.own_story(art, styles[outlet].bits, None)
                dated(art, day)
                emit(art)
                continue
            counts.stories += 1
            keyword = rnd.choice(wd.KEYWORDS)
            category = rnd.choice(wd.CATEGORIES)
            story = _Story(
                f"s{counts.stories:06d}", rnd.choice(wires), day, prose.cast(keyword, category)
            )
            _wire_versions(story, desk, article, emit, outlet_list, reporters, styles, rnd)
            if counts.paragraphs >= paragraphs:
                break
            papers = _outlets(story, desk, article, dated, emit, takers, outlet_list, styles, rnd)
            _locals(story, papers, desk, article, dated, emit, local_list, names, styles, rnd)
            for _ in range(rnd.choices((0, 1, 2, 3), (0.3, 0.35, 0.25, 0.1))[0]):
                outlet = rnd.choice(anyone)
                art = article(outlet, "related", story.id)
                desk.own_story(art, styles[outlet].bits, story.cast)
                dated(art, day + dt.timedelta(days=rnd.randint(-1, 2)))
                emit(art)
        writer.close()

    (out / "outlets.json").write_text(
        json.dumps(
            [{k: v for k, v in o.items() if k != "weight"} for o in outlet_list],
            ensure_ascii=False,
            indent=1,
        )
        + "\n",
        encoding="utf-8",
    )
    c = counts
    meta: dict[str, Any] = {
        "generator": "benchmarks/wire.py",
        "version": WIRE_VERSION,
        "seed": seed,
        "parameters": {
            "paragraphs": paragraphs,
            "seed": seed,
            "phrases": phrases,
            "outlets": outlets,
            "local_papers": local_papers,
            "agencies": agencies,
            "unrelated_share": unrelated_share,
            "days": n_days,
            "start_date": start_date,
            "shard_articles": shard_articles,
            "wholly_from": wd.WHOLLY_FROM,
        },
        "counts": {
            "articles": c.articles,
            "stories": c.stories,
            "paragraphs": c.paragraphs,
            "words": c.words,
            "from_source_words": c.verbatim + c.rewritten,
            "verbatim_words": c.verbatim,
            "rewritten_words": c.rewritten,
            "undated_articles": c.undated,
            "timed_articles": c.timed,
            "credited_articles": c.credited,
            "kinds": {k: c.kinds[k] for k in sorted(c.kinds)},
            "labels": {k: c.labels[k] for k in sorted(c.labels)},
            "edits": {k: c.edits[k] for k in sorted(c.edits)},
        },
        "dates": {
            "first": c.first.isoformat() if c.first else None,
            "last": c.last.isoformat() if c.last else None,
        },
        "files": {
            "corpus": [f"corpus/{f}" for f in writer.files],
            "truth": "truth.jsonl",
            "outlets": "outlets.json",
        },
    }
    (out / "meta.json").write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")
    return meta


def _wire_versions(
    story: _Story,
    desk: wd.Desk,
    article: Any,
    emit: Any,
    outlet_list: list[dict[str, Any]],
    reporters: dict[int, list[str]],
    styles: list[wt.HouseStyle],
    rnd: random.Random,
) -> None:
    """The agency's first version and its rewrites later the same day."""
    agency = story.agency
    name = outlet_list[agency]["name"]
    reporter = rnd.choice(reporters[agency])
    page = rnd.randint(1, 4)
    t = dt.datetime.combine(story.day, dt.time(6), tzinfo=dt.timezone.utc) + dt.timedelta(
        minutes=rnd.randrange(0, 600)
    )
    tags = list(wd.UPDATE_TAGS)
    rnd.shuffle(tags)
    for k in range(1 + rnd.choices((0, 1, 2), (0.35, 0.45, 0.2))[0]):
        if k:
            t += dt.timedelta(minutes=rnd.randint(90, 300))
            if t.date() != story.day:
                break
        art = article(agency, "update" if k else "wire", story.id)
        if k:
            desk.update(art, story.versions[-1], styles[agency].bits, story.cast)
            art.sources = [story.versions[-1].doc]
        else:
            desk.wire_story(art, styles[agency].bits, story.cast)
        tag = f" {tags[k - 1]}" if k else ""
        cast = story.cast
        art.head = [
            f"{t:%H:%M} {t:%d/%m/%y}: Page {page} {cast.category} {cast.keyword}{tag}",
            f"By {reporter}, {name}",
        ]
        art.tail = [rnd.choice(wd.SIGN_OFFS)]
        art.wrap = True
        art.date = t
        art.day = story.day
        emit(art)
        story.versions.append(art)


def _outlets(
    story: _Story,
    desk: wd.Desk,
    article: Any,
    dated: Any,
    emit: Any,
    takers: list[int],
    outlet_list: list[dict[str, Any]],
    styles: list[wt.HouseStyle],
    rnd: random.Random,
) -> list[Article]:
    """The outlets that take the story, each from one agency version, the same day or the
    next. Returns the newspapers' full takes (which local papers may follow)."""
    n = max(1, min(len(takers), round(rnd.lognormvariate(math.log(5.0), 0.9))))
    papers = []
    for outlet in rnd.sample(takers, n):
        versions = story.versions
        src = versions[-1] if rnd.random() < 0.5 else rnd.choice(versions)
        next_day = rnd.random() < 0.65
        art = article(outlet, "outlet", story.id)
        art.sources = [src.doc]
        when = When(story.day, next_day)
        full = rnd.random() >= 0.12
        if full:
            desk.take(art, src, styles[outlet], story.cast, when)
        else:
            desk.glimpse(art, src, styles[outlet], story.cast, when)
        dated(art, story.day + dt.timedelta(days=int(next_day)))
        emit(art)
        if full and outlet_list[outlet]["kind"] == "newspaper":
            papers.append(art)
    return papers


def _locals(
    story: _Story,
    papers: list[Article],
    desk: wd.Desk,
    article: Any,
    dated: Any,
    emit: Any,
    local_list: list[int],
    names: list[list[str]],
    styles: list[wt.HouseStyle],
    rnd: random.Random,
) -> None:
    """Local papers following a newspaper a day later, crediting it."""
    if not papers or not local_list:
        return
    n = min(len(local_list), rnd.choices((0, 1, 2, 3), (0.4, 0.3, 0.2, 0.1))[0])
    for outlet in rnd.sample(local_list, n):
        paper = rnd.choice(papers)
        assert paper.day is not None
        art = article(outlet, "local", story.id)
        art.sources = [paper.doc]
        desk.take(art, paper, styles[outlet], story.cast, When(paper.day, True), local=True)
        desk.credit(art, rnd.choice(names[paper.outlet]))
        dated(art, paper.day + dt.timedelta(days=1))
        emit(art)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        prog="wire.py",
        description="Generate a seeded corpus of wire copy and its reuse, with the origin of "
        "every word (passim JSON Lines + truth). See benchmarks/README.md.",
    )
    ap.add_argument("--paragraphs", type=int, required=True, help="article paragraphs (about)")
    ap.add_argument("--seed", type=int, required=True, help="random seed (same seed, same bytes)")
    ap.add_argument("--out", required=True, help="output folder (created; its files replaced)")
    ap.add_argument(
        "--phrases",
        choices=("realistic", "plain"),
        default="realistic",
        help="realistic: stock phrases and frequent function-word sequences in every "
        "writer's own text (default); plain: none",
    )
    ap.add_argument("--outlets", type=int, default=80, help="national outlets (default 80)")
    ap.add_argument("--local-papers", type=int, default=12, help="local papers (default 12)")
    ap.add_argument("--agencies", type=int, default=3, help="agencies filing stories (default 3)")
    ap.add_argument(
        "--unrelated-share",
        type=float,
        default=0.2,
        help="share of paragraphs in articles unrelated to any story (default 0.2)",
    )
    ap.add_argument(
        "--days", type=int, default=None, help="days (default paragraphs/3000, 20..400)"
    )
    ap.add_argument("--start-date", default="2024-01-01", help="first day (default 2024-01-01)")
    ap.add_argument("--shard-articles", type=int, default=50_000, help="articles per shard")
    args = ap.parse_args(argv)
    try:
        meta = generate(
            args.out,
            paragraphs=args.paragraphs,
            seed=args.seed,
            phrases=args.phrases,
            outlets=args.outlets,
            local_papers=args.local_papers,
            agencies=args.agencies,
            unrelated_share=args.unrelated_share,
            days=args.days,
            start_date=args.start_date,
            shard_articles=args.shard_articles,
        )
    except ValueError as err:
        ap.error(str(err))
    c = meta["counts"]
    print(
        f"{args.out}: {c['articles']} articles ({c['stories']} stories), {c['paragraphs']} "
        f"paragraphs, {c['words']} article words ({c['from_source_words']} from other "
        f"documents), {len(meta['files']['corpus'])} shard(s)",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
