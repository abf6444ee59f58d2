"""The report as tables (provenance.frames): the same facts as the JSON, and Parquet
files written whole."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

import provenance
from provenance.errors import MissingExtraError
from provenance.frames import NAMES, tables_of

WIRE = Path(__file__).parent / "data" / "wire-example"


@pytest.fixture(scope="module", params=["seeds", "wire"])
def report(request: pytest.FixtureRequest) -> provenance.Report:
    where = provenance.example_path() if request.param == "seeds" else WIRE
    return provenance.analyze(where, workers=1, progress=False)


def test_every_row_says_what_the_json_says(report: provenance.Report) -> None:
    data: dict[str, Any] = json.loads(report.to_json())
    tables = report.to_pandas()
    docs = tables.documents.set_index("id")
    assert list(docs.index) == [d["id"] for d in data["documents"]]
    for d in data["documents"]:
        row = docs.loc[d["id"]]
        said = [row["outlet"], row["date"], row["date_precision"], row["url"]]
        # A missing value is pandas' own (NaN in its string columns): None in the JSON.
        assert [None if pd.isna(v) else v for v in said] == [
            d["outlet"], d["date"], d["date_precision"], d["url"],
        ]  # fmt: skip
        assert row["original"] == d["original"] and row["paragraphs"] == len(d["paragraphs"])
        assert json.loads(row["sources"]) == d["sources"]
    passages = [(f["id"], p) for f in data["families"] for p in f["passages"]]
    assert tables.passages[["family", "id", "doc", "start", "end"]].values.tolist() == [
        [f, p["id"], p["doc"], p["start"], p["end"]] for f, p in passages
    ]
    segments = [
        [f, p["id"], p["doc"], s["start"], s["end"], s["origin"], s["determined"], s["rewrites"]]
        for f, p in passages
        for s in p["segments"]
    ]
    found = tables.segments.astype(object).where(tables.segments.notna(), None)
    assert found.values.tolist() == segments
    edges = [(f["id"], e) for f in data["families"] for e in f["edges"]]
    assert tables.edges[["family", "parent", "child", "direction"]].values.tolist() == [
        [f, e["parent"], e["child"], "+".join(e["direction"])] for f, e in edges
    ]
    assert tables.edges["evidence"].tolist() == ["\n".join(e["evidence"]) for _, e in edges]
    links = data["links"]
    assert tables.links[
        ["a", "b", "a_start", "a_end", "b_start", "b_end", "edits"]
    ].values.tolist() == [
        [k["a"], k["b"], *k["a_span"], *k["b_span"], len(k["edits"])] for k in links
    ]
    assert [name for name, _ in tables] == list(NAMES)


def test_parquet_files_read_back_as_the_tables(report: provenance.Report, tmp_path: Path) -> None:
    written = report.to_parquet(tmp_path / "tables")
    assert [p.name for p in written] == [f"{name}.parquet" for name in NAMES]
    for (name, frame), path in zip(report.to_pandas(), written, strict=True):
        back = pd.read_parquet(path)
        pd.testing.assert_frame_equal(back, frame, check_dtype=False, obj=name)
    assert sorted(p.name for p in (tmp_path / "tables").iterdir()) == sorted(
        p.name for p in written
    )  # no temporary file left


def test_a_failed_write_leaves_the_earlier_file(
    report: provenance.Report, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "tables"
    report.to_parquet(folder)
    before = (folder / "links.parquet").read_bytes()
    original = pd.DataFrame.to_parquet
    calls = []

    def failing(self: pd.DataFrame, path: Any, *args: Any, **kwargs: Any) -> Any:
        calls.append(path)
        if len(calls) == 3:  # the links, third of the five
            original(self, path, *args, **kwargs)  # half written, then the disk fills
            raise OSError("No space left on device")
        return original(self, path, *args, **kwargs)

    monkeypatch.setattr(pd.DataFrame, "to_parquet", failing)
    with pytest.raises(OSError, match="No space"):
        report.to_parquet(folder)
    assert (folder / "links.parquet").read_bytes() == before
    assert not [p for p in folder.iterdir() if p.suffix == ".tmp"]


def test_without_pandas_the_error_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)  # as if not installed
    with pytest.raises(MissingExtraError, match=r"news-provenance\[tables\]"):
        tables_of({"documents": [], "families": [], "links": []})
    assert issubclass(MissingExtraError, ImportError)


def test_an_archive_report_gives_the_same_tables(tmp_path: Path) -> None:
    with provenance.Archive(tmp_path / "news.db") as archive:
        archive.add(WIRE)
        tables = archive.report(workers=1, progress=False).to_pandas()
    batch = provenance.analyze(WIRE, workers=1, progress=False).to_pandas()
    for (name, a), (_, b) in zip(tables, batch, strict=True):
        pd.testing.assert_frame_equal(a, b, obj=name)
