"""The JSON report: the contract fields, exact slices, determinism."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

import provenance
from provenance.cli import main


def test_contract_fields(seed_report: provenance.Report) -> None:
    data = json.loads(seed_report.to_json())
    assert data["schema"] == "provenance-report" and data["version"]
    for d in data["documents"]:
        assert {"id", "outlet", "date", "url", "title", "paragraphs"} <= d.keys()
        for p in d["paragraphs"]:
            assert {"start", "end", "boilerplate"} <= p.keys()
    texts = {d.id: d.text for d in seed_report.documents}
    assert data["families"]
    for f in data["families"]:
        assert f["id"] and len(f["passages"]) >= 2
        for p in f["passages"]:
            assert {"id", "doc", "start", "end", "text"} <= p.keys()
            assert texts[p["doc"]][p["start"] : p["end"]] == p["text"]
    passage_ids = {p["id"] for f in data["families"] for p in f["passages"]}
    for ln in data["links"]:
        assert {"a", "b", "similarity", "containment", "edits"} <= ln.keys()
        assert ln["a"] in passage_ids and ln["b"] in passage_ids
        assert 0 <= ln["similarity"] <= 1 and 0 <= ln["containment"] <= 1
        for e in ln["edits"]:
            assert e["op"] in {"replace", "insert", "delete"}


def test_dates_are_iso_or_null(seed_report: provenance.Report) -> None:
    dates = {d["id"][:3]: d["date"] for d in seed_report.to_dict()["documents"]}
    assert dates["004"] is None
    assert dates["003"] == "2023-09-10"


def test_same_input_in_any_order_gives_the_same_report() -> None:
    corpus = provenance.load(provenance.example_path())
    records = [
        {
            "id": d.id,
            "text": d.text,
            "outlet": d.outlet,
            "date": d.date,
            "url": d.url,
            "title": d.title,
        }
        for d in corpus.documents
    ]
    reference = provenance.analyze(records).to_json()
    for seed in range(3):
        shuffled = records[:]
        random.Random(seed).shuffle(shuffled)
        assert provenance.analyze(shuffled).to_json() == reference


def test_text_rendering_names_families_and_edits(seed_report: provenance.Report) -> None:
    text = seed_report.to_text()
    assert f"{len(seed_report.families)} reuse families" in text
    assert "“U.S.” → “US”" in text or "“US” → “U.S.”" in text
    assert "004_9b8e8430f85b65ce" in text.split("sharing no wording")[-1]
    assert "origin 003_ee28fd59304e4d44" in text


def test_cli_prints_summary_and_writes_json(tmp_path: Path, capsys: object) -> None:
    out = tmp_path / "report.json"
    assert main(["analyze", str(provenance.example_path()), "--json", str(out)]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert len(data["documents"]) == 5 and data["families"]
    printed = capsys.readouterr().out  # type: ignore[attr-defined]
    assert "reuse families" in printed and str(out) in printed


def test_cli_errors_are_clean_lines_with_nonzero_exit(tmp_path: Path, capsys: object) -> None:
    assert main(["analyze", str(tmp_path / "missing")]) == 1
    err = capsys.readouterr().err  # type: ignore[attr-defined]
    assert err.startswith("provenance: error:") and "missing" in err and "Traceback" not in err


def test_cli_bad_file_names_it_and_skip_bad_analyses_the_rest(
    tmp_path: Path, capsys: object
) -> None:
    for d in provenance.load(provenance.example_path()).documents:
        (tmp_path / f"{d.id}.txt").write_text(d.text, encoding="utf-8")
    (tmp_path / "broken.txt").write_bytes(b"caf\xe9 \xff not utf-8")
    assert main(["analyze", str(tmp_path)]) == 1
    err = capsys.readouterr().err  # type: ignore[attr-defined]
    assert "broken.txt" in err and "UTF-8" in err and "--skip-bad" in err
    out = tmp_path / "r.json"
    assert main(["analyze", str(tmp_path), "--skip-bad", "--json", str(out)]) == 0
    captured = capsys.readouterr()  # type: ignore[attr-defined]
    assert "broken.txt" in captured.err
    data = json.loads(out.read_text(encoding="utf-8"))
    assert len(data["documents"]) == 5 and data["families"] and data["problems"]


def test_unknown_option_is_a_config_error() -> None:
    with pytest.raises(provenance.ConfigError, match=r"shingle_sise.*shingle_size"):
        provenance.analyze(provenance.example_path(), shingle_sise=3)


def test_out_of_range_option_is_a_config_error() -> None:
    with pytest.raises(ValueError, match="min_sentence_coverage must be in"):
        provenance.analyze(provenance.example_path(), min_sentence_coverage=1.5)


def test_provenance_contract_fields(seed_report: provenance.Report) -> None:
    data = json.loads(seed_report.to_json())
    assert data["version"] == "2.0"
    texts = {d.id: d.text for d in seed_report.documents}
    for d in data["documents"]:
        assert {"sources", "original"} <= d.keys()
        assert 0 <= d["original"] <= 1 and all(0 < v <= 1 for v in d["sources"].values())
        assert set(d["sources"]) <= set(texts) - {d["id"]}
    doc_ids = set(texts)
    for f in data["families"]:
        ids = {p["id"] for p in f["passages"]}
        assert f["origin"] in ids
        assert len(f["edges"]) == len(ids) - 1  # a tree: every passage but the origin has a parent
        assert {e["child"] for e in f["edges"]} == ids - {f["origin"]}
        for e in f["edges"]:
            assert {"parent", "child", "confidence", "evidence", "edits", "direction"} <= e.keys()
            assert 0 <= e["confidence"] <= 1 and e["evidence"]
            assert set(e["direction"]) <= {"dated", "credited", "textual", "undetermined"}
        for p in f["passages"]:
            for g in p["segments"]:
                assert {"start", "end", "origin"} <= g.keys()
                assert p["start"] <= g["start"] < g["end"] <= p["end"]
                assert g["origin"] in doc_ids
    for edge in data["document_graph"]:
        assert edge["source"] in doc_ids and edge["target"] in doc_ids and edge["chars"] > 0


def test_cli_draws_trees(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["analyze", str(provenance.example_path())]) == 0
    out = capsys.readouterr().out
    assert "├─" in out and "└─" in out and "confidence" in out
    assert "Where each document's article text came from" in out


def test_family_of_finds_the_family_holding_a_passage(seed_report: provenance.Report) -> None:
    family = seed_report.families[2]
    for passage in family.passages:
        assert seed_report.family_of(passage.id) is family
    assert seed_report.family_of("no-such-document:0-1") is None


def test_progress_bars_name_each_long_stage_only_when_asked(
    capsys: pytest.CaptureFixture[str],
) -> None:
    provenance.analyze(provenance.example_path(), progress=True, workers=1)
    shown = capsys.readouterr().err
    for stage in ("cutting", "sketching", "indexing", "aligning", "tracing"):
        assert stage in shown
    provenance.analyze(provenance.example_path(), progress=False, workers=1)
    assert capsys.readouterr().err == ""
