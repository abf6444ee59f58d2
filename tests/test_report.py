"""The JSON report: the contract fields, exact slices, determinism."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

import provenance
from provenance.cli import main
from provenance.dates import PartialDate


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
    documents = seed_report.to_dict()["documents"]
    dates = {d["id"][:3]: d["date"] for d in documents}
    assert dates["004"] is None
    assert dates["003"] == "2023-09-10"
    precision = {d["id"][:3]: d["date_precision"] for d in documents}
    assert precision == {"000": "day", "001": "day", "002": "day", "003": "day", "004": None}
    assert [list(d)[:5] for d in documents] == [
        ["id", "outlet", "date", "date_precision", "url"]
    ] * 5


# One paragraph, copied with an edit and copied again with another: one family of three.
_WATER = (
    "The regional water authority said on Tuesday that the reservoir serving the eastern "
    "districts had fallen to its lowest level in a decade after months without rain, and that "
    "households would face rationing of supply for at least three weeks while engineers "
    "repaired the damaged pipeline near the northern pumping station."
)


def _water(month: str) -> list[dict[str, object]]:
    """Three records of the water paragraph: ``month`` dated by month only, ``mid`` and
    ``late`` on days inside September 2023, ``late`` copying ``mid``'s edit."""
    mid = _WATER.replace("on Tuesday", "this week")
    return [
        {"id": "month", "outlet": "Monthly Review", "date": month, "text": _WATER},
        {"id": "mid", "outlet": "Daily Courier", "date": "2023-09-14", "text": mid},
        {
            "id": "late",
            "outlet": "Evening Herald",
            "date": "2023-09-20",
            "text": mid.replace("three weeks", "a month"),
        },
    ]


def test_a_month_does_not_orient_edges_to_days_inside_it() -> None:
    report = provenance.analyze(_water("2023-09"), workers=1)
    (family,) = report.families
    assert sorted(family.documents) == ["late", "mid", "month"]
    edges = {(e.parent.split(":")[0], e.child.split(":")[0]): e for e in family.edges}
    with_month = [e for pair, e in edges.items() if "month" in pair]
    assert with_month
    for edge in with_month:
        assert "dated" not in edge.direction
        assert edge.direction == ("undetermined",) and edge.confidence == 0.0
        assert "(2023-09, 2023-09-14) overlap" in edge.evidence[0]
        assert "same day" not in " ".join(edge.evidence)
    assert edges[("mid", "late")].direction == ("dated",)  # two days inside the month
    assert not family.origin_determined
    data = report.to_dict()
    assert data["version"] == "2.8"
    rows = {d["id"]: (d["date"], d["date_precision"]) for d in data["documents"]}
    assert rows == {
        "month": ("2023-09", "month"),
        "mid": ("2023-09-14", "day"),
        "late": ("2023-09-20", "day"),
    }
    assert "month · Monthly Review · 2023-09\n" in report.to_text()
    # Deterministic: the same report from the records in any order, and again.
    records = _water("2023-09")
    reference = report.to_json()
    assert provenance.analyze(records[::-1], workers=1).to_json() == reference
    assert provenance.analyze(records, workers=1).to_json() == reference


def test_a_month_before_a_day_orients_the_edge() -> None:
    report = provenance.analyze(_water("2023-08"), workers=1)
    (family,) = report.families
    assert family.origin.startswith("month:") and family.origin_determined
    edges = {(e.parent.split(":")[0], e.child.split(":")[0]): e for e in family.edges}
    assert "dated" in edges[("month", "mid")].direction
    assert edges[("month", "mid")].evidence[0] == (
        "month (Monthly Review, 2023-08) was published before mid (Daily Courier, 2023-09-14)."
    )
    year = provenance.analyze(_water("2023"), workers=1).to_dict()
    assert {d["id"]: d["date_precision"] for d in year["documents"]}["month"] == "year"


def test_partial_dates_in_metadata_are_written_as_iso() -> None:
    records = [{"id": "a", "text": "Some text.", "issue": PartialDate(2023, 9)}]
    (doc,) = provenance.analyze(records, workers=1).to_dict()["documents"]
    assert doc["metadata"] == {"issue": "2023-09"}
    assert (doc["date"], doc["date_precision"]) == (None, None)


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
    with pytest.raises(ValueError, match="min_sentence_coverage must be a number in"):
        provenance.analyze(provenance.example_path(), min_sentence_coverage=1.5)


def test_provenance_contract_fields(seed_report: provenance.Report) -> None:
    data = json.loads(seed_report.to_json())
    assert data["version"] == "2.8"
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
