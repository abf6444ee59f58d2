"""Tests of provenance.cli: hostile input through the command, safe output, and what
reaches the terminal."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import provenance
from provenance.cli import main

ARTICLE = (
    "The regional council approved a new budget for the harbour district on Tuesday "
    "evening, after a debate that lasted more than four hours and ended in a narrow vote."
)


def _strict(text: str) -> Any:
    """JSON as a strict reader sees it: ``NaN`` and ``Infinity`` are errors."""

    def refuse(token: str) -> None:
        raise ValueError(token)

    return json.loads(text, parse_constant=refuse)


def _seeds(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for d in provenance.load(provenance.example_path()).documents:
        (folder / f"{d.id}.txt").write_text(d.text, encoding="utf-8")


def test_skip_bad_analyses_good_records_beside_hostile_ones(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus = tmp_path / "corpus"
    _seeds(corpus)
    lines = [
        '{"id": "deep", "text": "Deep.", "metadata": ' + "[" * 50_000 + "]" * 50_000 + "}",
        json.dumps({"id": "lone", "text": "Words \ud800 words."}),
        '{"id": "nan", "text": "Words.", "score": NaN}',
        json.dumps({"id": "fine", "text": ARTICLE, "outlet": "Daily"}),
        json.dumps({"id": "copy", "text": ARTICLE, "outlet": "Star"}),
    ]
    (corpus / "feed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "report.json"
    assert main(["analyze", str(corpus), "--skip-bad", "--json", str(out), "--quiet"]) == 0
    err = capsys.readouterr().err
    for line in (1, 2, 3):
        assert f"feed.jsonl, line {line}:" in err
    assert "Traceback" not in err
    data = _strict(out.read_text(encoding="utf-8"))
    assert {d["id"] for d in data["documents"]} >= {"fine", "copy"}
    assert len(data["problems"]) == 3


def test_a_failed_write_leaves_the_earlier_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "report.json"
    out.write_text("earlier report\n", encoding="utf-8")

    def broken(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", broken)
    assert main(["analyze", str(provenance.example_path()), "--json", str(out), "--quiet"]) == 1
    assert out.read_text(encoding="utf-8") == "earlier report\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.json"]


@pytest.mark.parametrize("target", ["an article", "the manifest", "the input file"])
def test_the_report_is_never_written_over_an_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], target: str
) -> None:
    corpus = tmp_path / "corpus"
    _seeds(corpus)
    (corpus / "manifest.csv").write_text("file,outlet\n", encoding="utf-8")
    article = sorted(corpus.glob("*.txt"))[0]
    source, out = {
        "an article": (corpus, article),
        "the manifest": (corpus, corpus / "manifest.csv"),
        "the input file": (article, tmp_path / "corpus" / ".." / "corpus" / article.name),
    }[target]
    before = {p: p.read_bytes() for p in corpus.iterdir()}
    assert main(["analyze", str(source), "--json", str(out)]) == 1
    assert "is an input" in capsys.readouterr().err
    assert {p: p.read_bytes() for p in corpus.iterdir()} == before


def test_a_folder_as_the_report_is_refused_before_any_work(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["analyze", str(provenance.example_path()), "--json", str(tmp_path)]) == 1
    assert "is a folder" in capsys.readouterr().err


HOSTILE_TEXT = (
    "Breaking news\x1b[2J\x1b]0;owned\x07 from the council\x1b]52;c;aGVsbG8=\x07, "
    "click \x1b]8;;http://evil.example\x1b\\here\x1b]8;;\x1b\\ \u202egnirts desrever\u202c. "
)


def test_article_text_reaches_the_terminal_escaped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    records = [
        {
            "id": f"doc\x1b[31m{i}\nline",
            "outlet": f"Outlet\x1b]0;t\x07{i}\u202e",
            "title": "Title\x9b",
            "text": HOSTILE_TEXT + ARTICLE,
        }
        for i in range(2)
    ]
    (corpus / "feed.jsonl").write_text(
        "\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8"
    )
    (corpus / "bad\x1b[2J.txt").write_bytes(b"\xff\xfe\x00")
    assert main(["analyze", str(corpus), "--skip-bad"]) == 0
    captured = capsys.readouterr()
    for stream in (captured.out, captured.err):
        for raw in ("\x1b", "\x07", "\x9b", "\u202e", "\u202c"):
            assert raw not in stream
    assert "\\x1b]52;c;aGVsbG8=\\x07" in captured.out  # shown, not acted on
    assert "doc\\x1b[31m0\\nline" in captured.out  # an id's line break does not break a line
    assert "bad\\x1b[2J.txt" in captured.err
    assert "1 reuse families" in captured.out


def test_a_manifest_that_is_a_folder_is_named_as_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _seeds(tmp_path / "corpus")
    (tmp_path / "meta").mkdir()
    args = ["analyze", str(tmp_path / "corpus"), "--manifest", str(tmp_path / "meta")]
    assert main(args) == 1
    assert "is a folder; expected a manifest CSV file" in capsys.readouterr().err


@pytest.mark.parametrize("workers", ["99999999999999999999", "-3", "257"])
def test_an_absurd_number_of_workers_is_an_error_not_a_fork_bomb(
    workers: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["analyze", str(provenance.example_path()), "--workers", workers]) == 1
    assert "workers must be an integer from 0" in capsys.readouterr().err


def test_add_then_report_gives_the_batch_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    seeds = provenance.example_path()
    archive = tmp_path / "news.db"
    first = seeds / "003_ee28fd59304e4d44.txt"
    assert main(["add", str(archive), str(first), "--manifest", str(seeds / "manifest.csv")]) == 0
    assert main(["add", str(archive), str(seeds)]) == 0
    out = capsys.readouterr().out
    assert "1 added, 0 replaced, 0 already held" in out
    assert "4 added, 0 replaced, 1 already held" in out
    assert f"{archive} holds 5 documents" in out
    assert main(["report", str(archive), "--json", str(tmp_path / "r.json"), "--quiet"]) == 0
    assert main(["analyze", str(seeds), "--json", str(tmp_path / "a.json"), "--quiet"]) == 0
    assert (tmp_path / "r.json").read_bytes() == (tmp_path / "a.json").read_bytes()


def test_add_goes_on_past_a_path_that_fails(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good, bad = tmp_path / "good.jsonl", tmp_path / "bad.jsonl"
    good.write_text(json.dumps({"id": "a", "text": ARTICLE}) + "\n", encoding="utf-8")
    bad.write_text('{"id": "b", "text": "fine"}\n{"id": "c"\n', encoding="utf-8")
    archive = tmp_path / "news.db"
    assert main(["add", str(archive), str(bad), str(good)]) == 1
    captured = capsys.readouterr()
    assert "bad.jsonl, line 2" in captured.err
    assert f"nothing added from {bad}" in captured.err
    assert "good.jsonl: 1 added" in captured.out
    with provenance.Archive(archive) as held:
        assert [d.id for d in held.documents().documents] == ["a"]
    assert main(["add", str(archive), str(bad), "--skip-bad", "--quiet"]) == 0
    with provenance.Archive(archive) as held:
        assert [d.id for d in held.documents().documents] == ["a", "b"]


def test_add_refuses_a_changed_document_unless_replaced(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "a.jsonl"
    archive = tmp_path / "news.db"
    path.write_text(json.dumps({"id": "a", "text": ARTICLE}) + "\n", encoding="utf-8")
    assert main(["add", str(archive), str(path), "--quiet"]) == 0
    path.write_text(json.dumps({"id": "a", "text": ARTICLE + " More."}) + "\n", encoding="utf-8")
    assert main(["add", str(archive), str(path), "--quiet"]) == 1
    assert "replace" in capsys.readouterr().err
    assert main(["add", str(archive), str(path), "--replace"]) == 0
    assert "0 added, 1 replaced" in capsys.readouterr().out


def test_report_of_what_is_no_archive_is_one_clear_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    junk = tmp_path / "junk.db"
    junk.write_text("<script>alert(1)</script>", encoding="utf-8")
    assert main(["report", str(junk)]) == 1
    assert main(["report", str(tmp_path / "absent.db")]) == 1
    assert main(["add", str(junk), str(provenance.example_path())]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err == [
        f"provenance: error: {junk} is not a provenance archive (not an SQLite file)",
        f"provenance: error: {tmp_path / 'absent.db'}: no such archive file",
        f"provenance: error: {junk} is not a provenance archive (not an SQLite file)",
    ]


@pytest.mark.parametrize("archive_address", ["postgresql"], indirect=True)
def test_add_and_report_on_a_postgresql_archive(
    archive_address: Callable[[], str], tmp_path: Path
) -> None:
    address = archive_address()
    assert main(["add", address, str(provenance.example_path()), "--quiet"]) == 0
    out = tmp_path / "r.json"
    assert main(["report", address, "--json", str(out), "--quiet"]) == 0
    seeds = provenance.analyze(provenance.example_path(), workers=1, progress=False)
    assert out.read_text(encoding="utf-8") == seeds.to_json() + "\n"
