"""Tests of provenance.ingest: every input format, dates, encodings, and bad input."""

from __future__ import annotations

import datetime as dt
import gzip
import json
import os
import random
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NamedTuple, cast

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from provenance.dates import PartialDate
from provenance.errors import ConfigError, DateError, InputError, Problem, ProvenanceError
from provenance.ingest import InputWarning, load, parse_date
from provenance.model import Corpus, Document

SEEDS = Path(__file__).resolve().parent.parent / "provenance" / "data" / "seeds"

MANIFEST_HEADER = "file,outlet,date,url,title\n"


def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_bytes(text.encode("utf-8"))
    return path


def jsonl(path: Path, *records: Any) -> Path:
    lines = [r if isinstance(r, str) else json.dumps(r) for r in records]
    return write(path, "\n".join(lines) + "\n")


def ids(corpus: Corpus | Sequence[Document]) -> list[str]:
    docs = corpus.documents if isinstance(corpus, Corpus) else corpus
    return [d.id for d in docs]


def only_problem(err: InputError) -> Problem:
    assert len(err.problems) == 1, err.problems
    return err.problems[0]


# --------------------------------------------------------------------------- the seed folder


def test_seed_folder_loads_with_its_manifest() -> None:
    corpus = load(SEEDS)
    assert len(corpus) == 5
    assert corpus.problems == ()
    stems = sorted(p.stem for p in SEEDS.glob("*.txt"))
    assert ids(corpus) == stems
    rows = (SEEDS / "manifest.csv").read_text(encoding="utf-8").splitlines()[1:]
    outlets = {row.split(",")[0].removesuffix(".txt"): row.split(",")[1] for row in rows}
    for doc in corpus.documents:
        assert doc.outlet == outlets[doc.id]
        assert doc.source == str(SEEDS / f"{doc.id}.txt")
        assert doc.text.strip()


def test_seed_folder_dates_and_markers() -> None:
    docs = {d.id[:3]: d for d in load(str(SEEDS)).documents}
    assert docs["004"].date is None
    assert docs["002"].date == dt.date(2023, 9, 11)
    assert not docs["002"].text.startswith(" date")
    assert not docs["002"].text.startswith("date")
    assert docs["002"].text[0].isalpha()
    assert docs["002"].metadata["file_date"] == "2023-09-11"
    assert "file_date" not in docs["004"].metadata


# --------------------------------------------------------------------------- folders and manifests


def test_folder_reads_txt_sorted_and_ignores_readme_and_manifest(tmp_path: Path) -> None:
    write(tmp_path / "b.txt", "Second article.")
    write(tmp_path / "a.txt", "First article.")
    write(tmp_path / "README.md", "# Not an article")
    write(tmp_path / "readme.txt", "Not an article either")
    write(tmp_path / "notes.csv", "x,y\n")
    write(tmp_path / "manifest.csv", MANIFEST_HEADER + "a.txt,Daily,2023-09-14,http://a,A title\n")
    (tmp_path / "sub").mkdir()
    write(tmp_path / "sub" / "c.txt", "Not read: folders are not recursive.")
    corpus = load(tmp_path)
    assert ids(corpus) == ["a", "b"]
    a, b = corpus.documents
    assert (a.outlet, a.date, a.url, a.title) == (
        "Daily",
        dt.date(2023, 9, 14),
        "http://a",
        "A title",
    )
    assert (b.outlet, b.date, b.url, b.title) == (None, None, None, None)
    assert a.source == str(tmp_path / "a.txt")
    assert a.text == "First article."


def test_manifest_extra_columns_go_to_metadata(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", "Text.")
    write(
        tmp_path / "manifest.csv", "file,outlet,date,url,title,lang,section\na.txt,X,,,,en,World\n"
    )
    (doc,) = load(tmp_path).documents
    assert dict(doc.metadata) == {"lang": "en", "section": "World"}
    assert doc.date is None
    assert doc.title is None


def test_explicit_manifest_overrides_the_automatic_one(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", "Text.")
    write(tmp_path / "manifest.csv", MANIFEST_HEADER + "a.txt,Automatic,,,\n")
    other = write(
        tmp_path.parent / f"{tmp_path.name}-other.csv", MANIFEST_HEADER + "a.txt,Explicit,,,\n"
    )
    (doc,) = load(tmp_path, manifest=other).documents
    assert doc.outlet == "Explicit"


def test_manifest_for_a_single_file(tmp_path: Path) -> None:
    path = write(tmp_path / "a.txt", "Text.")
    write(tmp_path / "b.txt", "Other.")
    manifest = write(
        tmp_path / "m.csv", MANIFEST_HEADER + "a.txt,Solo,2023-01-02,,\nb.txt,Else,,,\n"
    )
    corpus = load(path, manifest)
    assert ids(corpus) == ["a"]
    assert corpus.documents[0].outlet == "Solo"
    assert corpus.documents[0].date == dt.date(2023, 1, 2)


def test_folder_with_txt_and_jsonl_together(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", "Plain text.")
    jsonl(tmp_path / "wire.jsonl", {"id": "w1", "text": "Wire one."})
    with gzip.open(tmp_path / "more.jsonl.gz", "wt", encoding="utf-8") as fh:
        fh.write(json.dumps({"id": "g1", "series": "Gz", "text": "Gzipped."}) + "\n")
    corpus = load(tmp_path)
    assert ids(corpus) == ["a", "g1", "w1"]
    assert corpus.by_id()["g1"].outlet == "Gz"
    assert corpus.by_id()["g1"].source == f"{tmp_path / 'more.jsonl.gz'}:1"


# --------------------------------------------------------------------------- text files


def test_single_txt_file_id_is_the_stem(tmp_path: Path) -> None:
    path = write(tmp_path / "000_b03d.txt", "Body text.\n")
    corpus = load(str(path))
    assert ids(corpus) == ["000_b03d"]
    assert corpus.documents[0].text == "Body text.\n"


def test_text_is_not_stripped(tmp_path: Path) -> None:
    text = "  Indented first line.\n\nSecond paragraph.  \n\n"
    (doc,) = load(write(tmp_path / "a.txt", text)).documents
    assert doc.text == text


def test_crlf_and_cr_are_normalised(tmp_path: Path) -> None:
    path = write(tmp_path / "a.txt", b"One.\r\n\r\nTwo.\rThree.\n")
    (doc,) = load(path).documents
    assert doc.text == "One.\n\nTwo.\nThree.\n"
    assert "\r" not in doc.text


def test_utf8_bom_is_dropped(tmp_path: Path) -> None:
    path = write(tmp_path / "a.txt", b"\xef\xbb\xbfHello.")
    (doc,) = load(path).documents
    assert doc.text == "Hello."


def test_bom_before_date_marker(tmp_path: Path) -> None:
    path = write(tmp_path / "a.txt", b"\xef\xbb\xbf date 2023-09-10 Hello.")
    (doc,) = load(path).documents
    assert doc.text == "Hello."
    assert doc.date == dt.date(2023, 9, 10)


def test_cp1252_fallback(tmp_path: Path) -> None:
    path = write(
        tmp_path / "a.txt", "It\u2019s a \u201cquote\u201d \u2014 caf\u00e9.".encode("cp1252")
    )
    with pytest.raises(InputError):
        load(path)
    (doc,) = load(path, encoding=("utf-8", "cp1252")).documents
    assert doc.text == "It\u2019s a \u201cquote\u201d \u2014 caf\u00e9."


def test_utf8_is_tried_first(tmp_path: Path) -> None:
    path = write(tmp_path / "a.txt", "caf\u00e9")
    (doc,) = load(path, encoding=["utf-8", "cp1252"]).documents
    assert doc.text == "caf\u00e9"


def test_single_non_utf8_encoding(tmp_path: Path) -> None:
    path = write(tmp_path / "a.txt", "caf\u00e9".encode("latin-1"))
    (doc,) = load(path, encoding="latin-1").documents
    assert doc.text == "caf\u00e9"


# --------------------------------------------------------------------------- the date marker


@pytest.mark.parametrize(
    ("raw", "text"),
    [
        (" date 2023-09-10 \u201cThe United States is...", "\u201cThe United States is..."),
        ("date 2023-09-10 The text.", "The text."),
        (" date 2023-09-10 Two  spaces kept.", "Two  spaces kept."),
        (" date 2023-09-10\nOn the next line.", "On the next line."),
    ],
)
def test_date_marker_is_removed(tmp_path: Path, raw: str, text: str) -> None:
    (doc,) = load(write(tmp_path / "a.txt", raw)).documents
    assert doc.text == text
    assert doc.date == dt.date(2023, 9, 10)
    assert doc.metadata["file_date"] == "2023-09-10"


def test_date_word_elsewhere_is_text(tmp_path: Path) -> None:
    raw = "Update 2023-09-10 the date 2023-09-11 is here."
    (doc,) = load(write(tmp_path / "a.txt", raw)).documents
    assert doc.text == raw
    assert doc.date is None
    assert "file_date" not in doc.metadata


def test_manifest_date_wins_over_marker(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", " date 2023-09-10 Text.")
    write(tmp_path / "b.txt", " date 2023-09-10 Text.")
    write(tmp_path / "manifest.csv", MANIFEST_HEADER + "a.txt,X,2023-09-12,,\nb.txt,Y,,,\n")
    corpus = load(tmp_path)
    a, b = corpus.documents
    assert a.date == dt.date(2023, 9, 12)
    assert a.metadata["file_date"] == "2023-09-10"
    assert a.text == "Text."
    assert b.date == dt.date(2023, 9, 10)
    assert corpus.problems == ()


def test_marker_alone_is_empty(tmp_path: Path) -> None:
    path = write(tmp_path / "a.txt", " date 2023-09-10 ")
    with pytest.raises(InputError) as info:
        load(path)
    assert only_problem(info.value).message == "empty: expected article text"


def test_malformed_marker_date(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", " date 2023-13-40 Text.")
    write(tmp_path / "b.txt", "Fine.")
    with pytest.raises(InputError) as info:
        load(tmp_path)
    problem = only_problem(info.value)
    assert problem.source == str(tmp_path / "a.txt")
    assert problem.line == 1
    assert "2023-13-40" in problem.message
    assert "expected" in problem.message
    assert ids(info.value.documents) == ["a", "b"]  # type: ignore[arg-type]
    a = info.value.documents[0]
    assert isinstance(a, Document)
    assert a.date is None
    assert a.text == "Text."


# --------------------------------------------------------------------------- dates


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2023-09-14", dt.date(2023, 9, 14)),
        (" 2023-09-14 ", dt.date(2023, 9, 14)),
        (
            "2023-09-14T10:30:00+04:00",
            dt.datetime(2023, 9, 14, 10, 30, tzinfo=dt.timezone(dt.timedelta(hours=4))),
        ),
        ("2023-09-14 10:30", dt.datetime(2023, 9, 14, 10, 30)),
        ("2023-09-14T10:30:05", dt.datetime(2023, 9, 14, 10, 30, 5)),
        ("2023-09-14T10:30:05.250", dt.datetime(2023, 9, 14, 10, 30, 5, 250000)),
        ("2023-09-14T10:30:00Z", dt.datetime(2023, 9, 14, 10, 30, tzinfo=dt.timezone.utc)),
        (
            "2023-09-14T10:30-0530",
            dt.datetime(
                2023, 9, 14, 10, 30, tzinfo=dt.timezone(-dt.timedelta(hours=5, minutes=30))
            ),
        ),
        ("2023-09-14T10:30:00.000Z", dt.datetime(2023, 9, 14, 10, 30, tzinfo=dt.timezone.utc)),
        ("20230914", dt.date(2023, 9, 14)),
        ("2023-09", PartialDate(2023, 9)),
        (" 2023-12 ", PartialDate(2023, 12)),
        ("2023", PartialDate(2023)),
        ("0001", PartialDate(1)),
        ("9999-12", PartialDate(9999, 12)),
        ("", None),
        ("   ", None),
        (None, None),
        (dt.date(2020, 1, 2), dt.date(2020, 1, 2)),
        (dt.datetime(2020, 1, 2, 3, 4), dt.datetime(2020, 1, 2, 3, 4)),
        (PartialDate(2020, 1), PartialDate(2020, 1)),
    ],
)
def test_parse_date_accepts(raw: object, expected: object) -> None:
    value = parse_date(raw)
    assert value == expected
    assert type(value) is type(expected)
    if isinstance(expected, dt.datetime):
        assert isinstance(value, dt.datetime)
        assert (value.tzinfo is None) == (expected.tzinfo is None)
        assert value.utcoffset() == expected.utcoffset()


@pytest.mark.parametrize(
    "raw",
    [
        "14/09/2023",
        "2023-9-14",
        "2023-02-30",
        "September 14, 2023",
        "2023-09-14T25:00",
        20230914,
        2023,
        "2023-09-14T10:30+25:00",
        "2023-9",
        "2023-13",
        "2023-00",
        "0000",
        "0000-01",
        "202309",
        "2023-0914",
        "202309-14",
        "20230230",
        "23",
        "12023",
        "2023-09T10:30",
        "2023-09-14T10",
        "Sep 2023",
    ],
)
def test_parse_date_rejects(raw: object) -> None:
    with pytest.raises(DateError, match="expected YYYY-MM-DD") as info:
        parse_date(raw)
    assert isinstance(info.value, ValueError)  # callers catching ValueError still do
    assert isinstance(info.value, ProvenanceError)
    assert repr(raw) in str(info.value)


def test_record_dates_of_each_kind() -> None:
    records: list[dict[str, Any]] = [
        {"id": "day", "text": "t", "date": "2023-09-14"},
        {"id": "aware", "text": "t", "date": "2023-09-14T10:30:00+04:00"},
        {"id": "naive", "text": "t", "date": "2023-09-14 10:30"},
        {"id": "zulu", "text": "t", "date": "2023-09-14T10:30:00Z"},
        {"id": "empty", "text": "t", "date": ""},
        {"id": "missing", "text": "t"},
        {"id": "object", "text": "t", "date": dt.date(2023, 1, 1)},
        {"id": "month", "text": "t", "date": "2023-09"},
        {"id": "year", "text": "t", "date": "2023"},
        {"id": "partial", "text": "t", "date": PartialDate(2023, 9)},
    ]
    docs = load(records).by_id()
    assert docs["day"].date == dt.date(2023, 9, 14)
    aware = docs["aware"].date
    assert isinstance(aware, dt.datetime)
    assert aware.utcoffset() == dt.timedelta(hours=4)
    naive = docs["naive"].date
    assert isinstance(naive, dt.datetime)
    assert naive.tzinfo is None
    zulu = docs["zulu"].date
    assert isinstance(zulu, dt.datetime)
    assert zulu.utcoffset() == dt.timedelta(0)
    assert docs["empty"].date is None
    assert docs["missing"].date is None
    assert docs["object"].date == dt.date(2023, 1, 1)
    assert docs["month"].date == docs["partial"].date == PartialDate(2023, 9)
    assert docs["year"].date == PartialDate(2023)


def test_partial_dates_from_a_folder_with_a_manifest(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", "A.")
    write(tmp_path / "b.txt", " date 2023-09 B.")
    write(tmp_path / "c.txt", " date 2023 C.")
    write(tmp_path / "d.txt", " date 20230914 D.")
    write(tmp_path / "manifest.csv", MANIFEST_HEADER + "a.txt,X,2023-08,,\nc.txt,Y,,,\n")
    corpus = load(tmp_path)
    assert corpus.problems == ()
    docs = corpus.by_id()
    assert docs["a"].date == PartialDate(2023, 8)
    assert (docs["b"].date, docs["b"].text) == (PartialDate(2023, 9), "B.")
    assert docs["b"].metadata["file_date"] == "2023-09"
    assert (docs["c"].date, docs["c"].metadata["file_date"]) == (PartialDate(2023), "2023")
    assert (docs["d"].date, docs["d"].text) == (dt.date(2023, 9, 14), "D.")


def test_partial_dates_in_json_lines(tmp_path: Path) -> None:
    path = jsonl(
        tmp_path / "feed.jsonl",
        {"id": "m", "text": "Month.", "date": "2023-09"},
        {"id": "y", "text": "Year.", "date": "2023"},
    )
    docs = load(path).by_id()
    assert (docs["m"].date, docs["y"].date) == (PartialDate(2023, 9), PartialDate(2023))


@pytest.mark.parametrize("bad", ["2023-13", "2023-9", "0000"])
def test_invalid_partial_date_in_a_manifest_names_file_and_line(tmp_path: Path, bad: str) -> None:
    write(tmp_path / "a.txt", "A.")
    write(tmp_path / "b.txt", "B.")
    manifest = write(
        tmp_path / "manifest.csv", MANIFEST_HEADER + f"a.txt,X,2023-09,,\nb.txt,Y,{bad},,\n"
    )
    with pytest.raises(InputError) as info:
        load(tmp_path)
    problem = only_problem(info.value)
    assert (problem.source, problem.line) == (str(manifest), 3)
    assert f"malformed date {bad!r}" in problem.message
    assert "'b.txt'" in problem.message
    assert "expected YYYY-MM-DD" in problem.message
    assert str(problem).startswith(f"{manifest}, line 3: ")
    docs = {d.id: d for d in info.value.documents if isinstance(d, Document)}
    assert (docs["a"].date, docs["b"].date) == (PartialDate(2023, 9), None)


@pytest.mark.parametrize("bad", ["2023-13", "2023-9", "0000", 2023])
def test_invalid_partial_date_in_json_lines_names_file_and_line(
    tmp_path: Path, bad: object
) -> None:
    path = jsonl(
        tmp_path / "feed.jsonl",
        {"id": "ok", "text": "Fine.", "date": "2023-09"},
        {"id": "bad", "text": "Kept.", "date": bad},
    )
    with pytest.raises(InputError) as info:
        load(path)
    problem = only_problem(info.value)
    assert (problem.source, problem.line) == (str(path), 2)
    assert f"malformed date {bad!r}" in problem.message
    assert "expected YYYY-MM-DD" in problem.message
    docs = {d.id: d for d in info.value.documents if isinstance(d, Document)}
    assert (docs["ok"].date, docs["bad"].date) == (PartialDate(2023, 9), None)


# --------------------------------------------------------------------------- JSON Lines


def test_jsonl_passim_records(tmp_path: Path) -> None:
    path = jsonl(
        tmp_path / "wire.jsonl",
        {
            "id": "p1",
            "series": "Gazette",
            "date": "1850-03-04",
            "text": "First.",
            "seq": 3,
            "lang": "en",
        },
        "",
        {"series": "Courier", "text": "No id here.", "pages": [1, 2]},
        {"id": "p3", "outlet": "Herald", "url": "http://h", "title": "T", "text": "Third."},
    )
    corpus = load(path)
    assert corpus.problems == ()
    docs = corpus.by_id()
    assert sorted(docs) == ["p1", "p3", "wire-3"]
    p1 = docs["p1"]
    assert (p1.outlet, p1.date) == ("Gazette", dt.date(1850, 3, 4))
    assert dict(p1.metadata) == {"seq": 3, "lang": "en"}
    assert p1.source == f"{path}:1"
    assert docs["wire-3"].outlet == "Courier"
    assert docs["wire-3"].metadata["pages"] == [1, 2]
    assert docs["wire-3"].source == f"{path}:3"
    p3 = docs["p3"]
    assert (p3.outlet, p3.url, p3.title) == ("Herald", "http://h", "T")
    assert dict(p3.metadata) == {}


def test_jsonl_gz_missing_id_uses_stem(tmp_path: Path) -> None:
    path = tmp_path / "batch.jsonl.gz"
    path.write_bytes(gzip.compress(b'{"text": "Zipped."}\n'))
    corpus = load(path)
    assert ids(corpus) == ["batch-1"]
    assert corpus.documents[0].text == "Zipped."


def test_jsonl_text_newlines_are_normalised(tmp_path: Path) -> None:
    path = jsonl(tmp_path / "a.jsonl", {"id": "x", "text": "One.\r\nTwo."})
    (doc,) = load(path).documents
    assert doc.text == "One.\nTwo."


def test_jsonl_with_crlf_line_endings(tmp_path: Path) -> None:
    path = write(
        tmp_path / "a.jsonl", b'{"id": "x", "text": "One."}\r\n{"id": "y", "text": "Two."}\r\n'
    )
    assert ids(load(path)) == ["x", "y"]


# --------------------------------------------------------------------------- in-memory records


def test_dict_records_and_documents() -> None:
    doc = Document(id="made", text="Built by hand.", outlet="Hand")
    records: list[Any] = [
        {"text": "No id."},
        doc,
        {
            "id": "full",
            "text": "All fields.",
            "outlet": "O",
            "date": "2023-09-14",
            "url": "u",
            "title": "t",
            "extra": 1,
        },
        {"series": "Passim series", "text": "Series as outlet."},
    ]
    corpus = load(records)
    assert ids(corpus) == ["full", "made", "record-1", "record-4"]
    by_id = corpus.by_id()
    assert by_id["made"] is doc
    full = by_id["full"]
    assert (full.outlet, full.date, full.url, full.title) == ("O", dt.date(2023, 9, 14), "u", "t")
    assert dict(full.metadata) == {"extra": 1}
    assert by_id["record-4"].outlet == "Passim series"
    assert by_id["record-1"].source == "<records>:1"


def test_record_metadata_mapping_is_merged() -> None:
    (doc,) = load([{"id": "a", "text": "x", "metadata": {"k": "v"}, "other": 2}]).documents
    assert dict(doc.metadata) == {"k": "v", "other": 2}


def test_corpus_is_returned_unchanged() -> None:
    corpus = Corpus(documents=(Document(id="a", text="x"),))
    assert load(corpus) is corpus


def test_generator_of_records() -> None:
    corpus = load({"id": f"g{i}", "text": "t"} for i in range(3))
    assert ids(corpus) == ["g0", "g1", "g2"]


valid_record = st.fixed_dictionaries(
    {
        "text": st.text(min_size=1).filter(lambda s: s.strip() != ""),
        "outlet": st.none() | st.text(min_size=1),
        "date": st.none() | st.dates().map(dt.date.isoformat),
    }
)


@given(
    st.dictionaries(st.text(min_size=1), valid_record, min_size=1, max_size=20),
    st.randoms(use_true_random=False),
)
def test_records_come_back_sorted_by_id_whatever_the_order(
    by_id: dict[str, dict[str, Any]], rnd: random.Random
) -> None:
    records = [{"id": key, **value} for key, value in by_id.items()]
    rnd.shuffle(records)
    corpus = load(records)
    assert ids(corpus) == sorted(by_id)
    reversed_corpus = load(list(reversed(records)))
    assert corpus.documents == reversed_corpus.documents


# ------------------------------------------------------------- bad input: whole sources


def test_missing_path_raises_in_every_mode(tmp_path: Path) -> None:
    for mode in ("raise", "warn", "skip"):
        with pytest.raises(InputError) as info:
            load(tmp_path / "nowhere", on_error=mode)
        problem = only_problem(info.value)
        assert problem.source == str(tmp_path / "nowhere")
        assert "does not exist" in problem.message


def test_folder_without_articles_raises_in_every_mode(tmp_path: Path) -> None:
    write(tmp_path / "README.md", "hello")
    write(tmp_path / "manifest.csv", MANIFEST_HEADER)
    for mode in ("raise", "warn", "skip"):
        with pytest.raises(InputError) as info:
            load(tmp_path, on_error=mode)
        assert "no articles" in only_problem(info.value).message


def test_missing_explicit_manifest(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", "x")
    with pytest.raises(InputError) as info:
        load(tmp_path, manifest=tmp_path / "nope.csv", on_error="skip")
    assert only_problem(info.value).source == str(tmp_path / "nope.csv")


def test_unsupported_single_file(tmp_path: Path) -> None:
    path = write(tmp_path / "a.md", "x")
    with pytest.raises(InputError, match="not a supported file"):
        load(path)


def test_empty_record_list() -> None:
    with pytest.raises(InputError, match="no records"):
        load([], on_error="skip")


def test_unknown_on_error_is_a_config_error(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", "x")
    with pytest.raises(ConfigError, match="on_error"):
        load(tmp_path, on_error="ignore")  # type: ignore[arg-type]


def test_unknown_encoding_is_a_config_error(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", "x")
    with pytest.raises(ConfigError, match="no-such-codec"):
        load(tmp_path, encoding=("utf-8", "no-such-codec"))
    with pytest.raises(ConfigError):
        load(tmp_path, encoding=())
    with pytest.raises(ConfigError, match="rot13"):
        load(tmp_path, encoding="rot13")


def test_wrong_source_type() -> None:
    with pytest.raises(TypeError):
        load(42)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        load(cast(Any, {"text": "a single mapping"}))


def test_input_error_is_a_value_error(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        load(tmp_path / "nowhere")
    with pytest.raises(ProvenanceError):
        load(tmp_path / "nowhere")


# ------------------------------------------------------------- bad input: per record


@pytest.mark.parametrize("content", [b"", b"   \n\t\r\n  "])
def test_empty_file(tmp_path: Path, content: bytes) -> None:
    write(tmp_path / "good.txt", "Good.")
    write(tmp_path / "empty.txt", content)
    with pytest.raises(InputError) as info:
        load(tmp_path)
    problem = only_problem(info.value)
    assert problem == Problem(
        source=str(tmp_path / "empty.txt"), message="empty: expected article text"
    )
    assert ids(info.value.documents) == ["good"]  # type: ignore[arg-type]


def test_undecodable_file(tmp_path: Path) -> None:
    write(tmp_path / "good.txt", "Good.")
    write(tmp_path / "bad.txt", b"abc \x92 def")
    with pytest.raises(InputError) as info:
        load(tmp_path)
    problem = only_problem(info.value)
    assert problem.source == str(tmp_path / "bad.txt")
    assert problem.line is None
    assert problem.message == (
        "not valid UTF-8 (byte 0x92 at offset 4); expected UTF-8 text, "
        "or pass encoding=('utf-8', 'cp1252')"
    )
    assert ids(info.value.documents) == ["good"]  # type: ignore[arg-type]


def test_undecodable_with_every_encoding(tmp_path: Path) -> None:
    write(tmp_path / "bad.txt", b"\x81\x92")
    with pytest.raises(InputError) as info:
        load(tmp_path, encoding=("utf-8", "cp1252"))
    message = only_problem(info.value).message
    assert "UTF-8: byte 0x81 at offset 0" in message
    assert "CP1252: byte 0x81 at offset 0" in message
    assert "expected" in message


def test_manifest_row_naming_a_missing_file(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", "A.")
    manifest = write(tmp_path / "manifest.csv", MANIFEST_HEADER + "a.txt,X,,,\nghost.txt,Y,,,\n")
    with pytest.raises(InputError) as info:
        load(tmp_path)
    problem = only_problem(info.value)
    assert problem.source == str(manifest)
    assert problem.line == 3
    assert "ghost.txt" in problem.message
    assert "does not exist" in problem.message
    (doc,) = info.value.documents
    assert isinstance(doc, Document)
    assert doc.outlet == "X"


def test_manifest_line_numbers_count_quoted_newlines(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", "A.")
    write(
        tmp_path / "manifest.csv",
        MANIFEST_HEADER + 'a.txt,X,,,"A title\non two lines"\nghost.txt,Y,,,\n',
    )
    with pytest.raises(InputError) as info:
        load(tmp_path)
    assert only_problem(info.value).line == 4
    (doc,) = info.value.documents
    assert isinstance(doc, Document)
    assert doc.title == "A title\non two lines"


def test_manifest_without_file_column(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", "A.")
    manifest = write(tmp_path / "manifest.csv", "name,outlet\na.txt,X\n")
    with pytest.raises(InputError) as info:
        load(tmp_path)
    problem = only_problem(info.value)
    assert (problem.source, problem.line) == (str(manifest), 1)
    assert '"file"' in problem.message
    assert "name, outlet" in problem.message
    (doc,) = info.value.documents
    assert isinstance(doc, Document)
    assert doc.outlet is None


def test_manifest_malformed_date(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", " date 2023-09-10 A.")
    write(tmp_path / "b.txt", "B.")
    manifest = write(
        tmp_path / "manifest.csv", MANIFEST_HEADER + "b.txt,Y,2023-09-01,,\na.txt,X,10/09/2023,,\n"
    )
    with pytest.raises(InputError) as info:
        load(tmp_path)
    problem = only_problem(info.value)
    assert (problem.source, problem.line) == (str(manifest), 3)
    assert "10/09/2023" in problem.message
    assert "expected YYYY-MM-DD" in problem.message
    docs = {d.id: d for d in info.value.documents if isinstance(d, Document)}
    assert docs["a"].date == dt.date(2023, 9, 10)  # the file's own date, not an invented one
    assert docs["b"].date == dt.date(2023, 9, 1)


def test_manifest_row_naming_a_non_article(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", "A.")
    write(tmp_path / "README.md", "readme")
    write(tmp_path / "manifest.csv", MANIFEST_HEADER + "README.md,X,,,\n")
    corpus = load(tmp_path, on_error="skip")
    (problem,) = corpus.problems
    assert problem.line == 2
    assert "README.md" in problem.message
    assert ids(corpus) == ["a"]


def test_manifest_duplicate_row(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", "A.")
    write(tmp_path / "manifest.csv", MANIFEST_HEADER + "a.txt,First,,,\na.txt,Second,,,\n")
    corpus = load(tmp_path, on_error="skip")
    (problem,) = corpus.problems
    assert problem.line == 3
    assert corpus.documents[0].outlet == "First"


def test_jsonl_bad_lines(tmp_path: Path) -> None:
    path = jsonl(
        tmp_path / "feed.jsonl",
        {"id": "ok1", "text": "Fine."},
        "{not json",
        "[1, 2]",
        {"id": "notext", "series": "S"},
        {"id": "blank", "text": "  "},
        {"id": "baddate", "text": "Kept.", "date": "yesterday"},
        {"id": "ok2", "text": "Also fine."},
    )
    with pytest.raises(InputError) as info:
        load(path)
    problems = info.value.problems
    assert [p.line for p in problems] == [2, 3, 4, 5, 6]
    assert all(p.source == str(path) for p in problems)
    assert "invalid JSON" in problems[0].message
    assert "not an object" in problems[1].message
    assert '"text"' in problems[2].message
    assert problems[3].message == "empty: expected article text"
    assert "yesterday" in problems[4].message
    assert all("expected" in p.message for p in problems)
    assert ids(info.value.documents) == ["baddate", "ok1", "ok2"]  # type: ignore[arg-type]
    baddate = info.value.documents[0]
    assert isinstance(baddate, Document)
    assert baddate.date is None


def test_empty_jsonl_file(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", "A.")
    write(tmp_path / "b.jsonl", "\n\n")
    corpus = load(tmp_path, on_error="skip")
    (problem,) = corpus.problems
    assert problem.source == str(tmp_path / "b.jsonl")
    assert problem.message.startswith("empty: expected article text")
    assert ids(corpus) == ["a"]


def test_bad_gzip(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", "A.")
    write(tmp_path / "b.jsonl.gz", b"not gzip at all")
    corpus = load(tmp_path, on_error="skip")
    (problem,) = corpus.problems
    assert "gzip" in problem.message
    assert ids(corpus) == ["a"]


def test_duplicate_ids_across_files(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", "From the text file.")
    feed = jsonl(tmp_path / "b.jsonl", {"id": "c"}, {"id": "a", "text": "From JSON."})
    with pytest.raises(InputError) as info:
        load(tmp_path)
    problems = info.value.problems
    assert [p.line for p in problems] == [1, 2]
    dup = problems[1]
    assert dup.source == str(feed)
    assert str(tmp_path / "a.txt") in dup.message
    assert f"{feed}, line 2" in dup.message
    (doc,) = info.value.documents
    assert isinstance(doc, Document)
    assert doc.text == "From the text file."


def test_duplicate_ids_in_records() -> None:
    records = [
        {"id": "x", "text": "first"},
        {"id": "y", "text": "y"},
        {"id": "x", "text": "second"},
    ]
    corpus = load(records, on_error="skip")
    (problem,) = corpus.problems
    assert (problem.source, problem.line) == ("<records>", 3)
    assert "record 1" in problem.message
    assert "record 3" in problem.message
    assert corpus.by_id()["x"].text == "first"


def test_bad_in_memory_records() -> None:
    records: list[Any] = [
        {"id": "good", "text": "Good."},
        {"id": "empty", "text": ""},
        {"id": "missing"},
        "just a string",
        Document(id="blankdoc", text="   "),
        {"id": "wrongtype", "text": 5},
        {"id": "baddate", "text": "t", "date": "soon"},
    ]
    corpus = load(records, on_error="skip")
    assert [p.line for p in corpus.problems] == [2, 3, 4, 5, 6, 7]
    assert all(p.source == "<records>" for p in corpus.problems)
    assert ids(corpus) == ["baddate", "good"]


# --------------------------------------------------------------------------- the three modes


def _messy_folder(tmp_path: Path) -> Path:
    write(tmp_path / "good.txt", "Good.")
    write(tmp_path / "empty.txt", "")
    write(tmp_path / "bad.txt", b"\xff\xfe\x00")
    write(tmp_path / "manifest.csv", MANIFEST_HEADER + "good.txt,G,,,\nmissing.txt,M,,,\n")
    return tmp_path


def test_raise_mode_keeps_good_documents_and_every_problem(tmp_path: Path) -> None:
    folder = _messy_folder(tmp_path)
    with pytest.raises(InputError) as info:
        load(folder)
    err = info.value
    assert len(err.problems) == 3
    sources = {p.source for p in err.problems}
    assert sources == {
        str(folder / "manifest.csv"),
        str(folder / "empty.txt"),
        str(folder / "bad.txt"),
    }
    assert ids(err.documents) == ["good"]  # type: ignore[arg-type]
    assert "and 2 more problems" in str(err)


def test_warn_mode_warns_once_per_problem(tmp_path: Path) -> None:
    folder = _messy_folder(tmp_path)
    with pytest.warns(InputWarning) as record:
        corpus = load(folder, on_error="warn")
    assert len(record) == 3
    assert [str(w.message) for w in record] == [str(p) for p in corpus.problems]
    assert all(w.filename == __file__ for w in record)
    assert ids(corpus) == ["good"]
    assert corpus.documents[0].outlet == "G"


def test_skip_mode_is_silent(tmp_path: Path) -> None:
    folder = _messy_folder(tmp_path)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        corpus = load(folder, on_error="skip")
    assert len(corpus.problems) == 3
    assert ids(corpus) == ["good"]


def test_clean_input_gives_no_problems_and_no_warnings(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", "A.")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        corpus = load(tmp_path, on_error="warn")
    assert corpus.problems == ()
    assert ids(corpus) == ["a"]


def test_input_warning_is_a_user_warning() -> None:
    assert issubclass(InputWarning, UserWarning)


def test_jsonl_lines_are_decoded_one_by_one(tmp_path: Path) -> None:
    good = json.dumps({"id": "a", "text": "Café au lait."}, ensure_ascii=False).encode("utf-8")
    bad = b'{"id": "b", "text": "Caf\xe9 cr\xe8me."}'  # cp1252 bytes on line 2
    last = json.dumps({"id": "c", "text": "Naïve."}, ensure_ascii=False).encode("utf-8")
    path = write(tmp_path / "mixed.jsonl", b"\n".join([good, bad, last]) + b"\n")
    corpus = load(path, on_error="skip")
    (problem,) = corpus.problems
    assert (problem.source, problem.line) == (str(path), 2)
    assert "not valid UTF-8" in problem.message
    assert [d.text for d in corpus.documents] == ["Café au lait.", "Naïve."]
    # With a fallback, only the line that needs it is read as cp1252.
    corpus = load(path, encoding=("utf-8", "cp1252"))
    assert [d.text for d in corpus.documents] == ["Café au lait.", "Café crème.", "Naïve."]


def test_truncated_gzip_keeps_the_records_before_the_break(tmp_path: Path) -> None:
    lines = [json.dumps({"id": f"r{i}", "text": f"Record number {i}. " * 40}) for i in range(200)]
    data = gzip.compress(("\n".join(lines) + "\n").encode("utf-8"))
    path = write(tmp_path / "feed.jsonl.gz", data[: len(data) * 2 // 3])
    write(tmp_path / "other.txt", "Another article is read too.")
    corpus = load(tmp_path, on_error="skip")
    (problem,) = corpus.problems
    assert problem.source == str(path)
    assert "gzip" in problem.message and "expected" in problem.message
    read = [d.id for d in corpus.documents if d.id.startswith("r")]
    assert 0 < len(read) < 200
    assert sorted(int(x[1:]) for x in read) == list(range(len(read)))  # all before the break
    assert "other" in [d.id for d in corpus.documents]


# --------------------------------------------------------------------------- hostile input
#
# Each case writes one bad file into a folder beside a good article. Reading the folder
# raises InputError naming the file, the line and what was expected; the good article
# is among the documents that did load, and with on_error="skip" it is analysed.

GOOD = "The council approved the new budget for the harbour on Tuesday evening."


def _nested(depth: int) -> str:
    return '{"text": "Deep.", "metadata": ' + "[" * depth + "]" * depth + "}"


def _deep_list(depth: int) -> list[Any]:
    value: list[Any] = []
    for _ in range(depth):
        value = [value]
    return value


def _symlink_loop(folder: Path) -> None:
    (folder / "bad.txt").symlink_to(folder / "loop.txt")
    (folder / "loop.txt").symlink_to(folder / "bad.txt")


def _fifo(folder: Path) -> None:
    import os

    os.mkfifo(folder / "bad.txt")


class _Case(NamedTuple):
    make: Callable[[Path], object]  # writes the bad input into the folder
    name: str  # the file the problem names
    line: int | None  # and the line
    words: str  # words of its message
    encodings: tuple[str, ...] = ("utf-8",)  # what the folder is read with


HOSTILE: dict[str, _Case] = {
    # JSON Lines records
    "metadata nested past Python's recursion": _Case(
        lambda f: write(f / "bad.jsonl", _nested(100_000) + "\n"),
        "bad.jsonl",
        1,
        "nested too deeply",
    ),
    "metadata nested past the limit": _Case(
        lambda f: write(f / "bad.jsonl", _nested(80) + "\n"),
        "bad.jsonl",
        1,
        "nested more than 64 levels",
    ),
    "a lone surrogate in the text": _Case(
        lambda f: jsonl(f / "bad.jsonl", {"text": "Words \ud800 words."}),
        "bad.jsonl",
        1,
        "the text holds a lone surrogate (U+D800",
    ),
    "a lone surrogate in a metadata key": _Case(
        lambda f: jsonl(f / "bad.jsonl", {"text": "Words.", "extra": {"\udc01": 1}}),
        "bad.jsonl",
        1,
        "a key of the metadata holds a lone surrogate",
    ),
    "a lone surrogate in the id": _Case(
        lambda f: jsonl(f / "bad.jsonl", {"id": "x\udfff", "text": "Words."}),
        "bad.jsonl",
        1,
        "the id holds a lone surrogate",
    ),
    "NaN": _Case(
        lambda f: write(f / "bad.jsonl", '{"text": "Words.", "score": NaN}\n'),
        "bad.jsonl",
        1,
        "NaN is not a JSON value",
    ),
    "-Infinity": _Case(
        lambda f: write(f / "bad.jsonl", '{"text": "Words.", "score": [1, -Infinity]}\n'),
        "bad.jsonl",
        1,
        "-Infinity is not a JSON value",
    ),
    "invalid JSON": _Case(
        lambda f: write(f / "bad.jsonl", '{"text": "Words.",\n'),
        "bad.jsonl",
        1,
        "invalid JSON",
    ),
    "a line that is not an object": _Case(
        lambda f: write(f / "bad.jsonl", '["text"]\n'),
        "bad.jsonl",
        1,
        "a JSON array, not an object",
    ),
    "a record without text": _Case(
        lambda f: jsonl(f / "bad.jsonl", {"id": "x"}),
        "bad.jsonl",
        1,
        'no "text" field',
    ),
    # the manifest
    "a quote that never closes": _Case(
        lambda f: write(
            f / "manifest.csv",
            MANIFEST_HEADER + 'good.txt,Daily\nbad.txt,"The Times,,,\nother.txt,Star,,,\n',
        ),
        "manifest.csv",
        3,
        "never closes",
    ),
    "a quote inside an unquoted cell's end": _Case(
        lambda f: write(f / "manifest.csv", MANIFEST_HEADER + 'good.txt,"Daily" Post,,,\n'),
        "manifest.csv",
        2,
        "not valid CSV",
    ),
    "a manifest date that is no date": _Case(
        lambda f: write(f / "manifest.csv", MANIFEST_HEADER + "good.txt,Daily,yesterday,,\n"),
        "manifest.csv",
        2,
        "for 'good.txt'",
    ),
    # encodings
    "UTF-16 without a byte order mark": _Case(
        lambda f: write(f / "bad.txt", "Words of an article.".encode("utf-16-le")),
        "bad.txt",
        None,
        "UTF-16 without a byte order mark",
    ),
    "UTF-16 read with the suggested cp1252 fallback": _Case(
        lambda f: write(f / "bad.txt", "Words of an article.".encode("utf-16-le")),
        "bad.txt",
        None,
        "CP1252: a NUL character at character 1",
        ("utf-8", "cp1252"),
    ),
    "UTF-16 with a byte order mark": _Case(
        lambda f: write(f / "bad.txt", "Words of an article.".encode("utf-16")),
        "bad.txt",
        None,
        "pass encoding='utf-16'",
    ),
    "bytes no encoding decodes": _Case(
        lambda f: write(f / "bad.txt", b"caf\xe9 au lait"),
        "bad.txt",
        None,
        "not valid UTF-8 (byte 0xe9",
    ),
    "not gzip": _Case(
        lambda f: write(f / "bad.jsonl.gz", b"plain text"),
        "bad.jsonl.gz",
        None,
        "not a valid gzip file",
    ),
    "an empty file": _Case(lambda f: write(f / "bad.txt", b""), "bad.txt", None, "empty"),
    # what is not a file
    "a broken symbolic link": _Case(
        lambda f: (f / "bad.txt").symlink_to(f / "gone.txt"),
        "bad.txt",
        None,
        "broken symbolic link",
    ),
    "a symbolic link in a loop": _Case(_symlink_loop, "bad.txt", None, "in a loop"),
    "a named pipe": _Case(_fifo, "bad.txt", None, "named pipe"),
    "a device": _Case(
        lambda f: (f / "bad.txt").symlink_to("/dev/null"), "bad.txt", None, "is a device"
    ),
    "a folder named like an article": _Case(
        lambda f: (f / "bad.txt").mkdir(),
        "bad.txt",
        None,
        "is a folder",
    ),
    "a file name that is not UTF-8 (its id would hold a lone surrogate)": _Case(
        lambda f: write(Path(os.fsdecode(os.fsencode(f) + b"/bad\xff.txt")), GOOD),
        "bad\udcff.txt",
        None,
        "the id holds a lone surrogate (U+DCFF",
    ),
    "a duplicate id": _Case(
        lambda f: jsonl(f / "other.jsonl", {"id": "good", "text": "Again."}),
        "other.jsonl",
        1,
        "duplicate id 'good'",
    ),
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_input_names_file_and_line_and_the_rest_loads(tmp_path: Path, case: str) -> None:
    bad = HOSTILE[case]
    folder = tmp_path / "corpus"
    write(folder / "good.txt", GOOD)
    bad.make(folder)
    with pytest.raises(InputError) as info:
        load(folder, encoding=bad.encodings)
    problems = [p for p in info.value.problems if Path(p.source).name == bad.name]
    assert problems, info.value.problems
    assert any(bad.words in p.message and p.line == bad.line for p in problems), problems
    assert "good" in ids(info.value.documents)
    corpus = load(folder, encoding=bad.encodings, on_error="skip")
    assert "good" in ids(corpus)
    assert [str(p) for p in corpus.problems] == [str(p) for p in info.value.problems]


def test_a_quote_that_never_closes_keeps_the_rows_before_it(tmp_path: Path) -> None:
    write(tmp_path / "good.txt", GOOD)
    write(tmp_path / "other.txt", GOOD.replace("harbour", "school"))
    write(
        tmp_path / "manifest.csv",
        MANIFEST_HEADER + 'good.txt,Daily,,,\nother.txt,"The Times,,,\n',
    )
    corpus = load(tmp_path, on_error="skip")
    outlets = {d.id: d.outlet for d in corpus.documents}
    # The row before the open quote is read; the swallowed rows give nothing.
    assert outlets == {"good": "Daily", "other": None}
    (problem,) = corpus.problems
    assert problem.line == 3 and "the rest of the file is ignored" in problem.message


def test_a_malformed_manifest_row_does_not_stop_the_rows_after_it(tmp_path: Path) -> None:
    write(tmp_path / "good.txt", GOOD)
    write(tmp_path / "other.txt", GOOD.replace("harbour", "school"))
    write(
        tmp_path / "manifest.csv",
        MANIFEST_HEADER + 'good.txt,"Daily" Post,,,\nother.txt,Star,,,\n',
    )
    corpus = load(tmp_path, on_error="skip")
    assert {d.id: d.outlet for d in corpus.documents} == {"good": None, "other": "Star"}


@pytest.mark.parametrize(
    ("record", "words"),
    [
        ({"text": "Words.", "score": float("nan")}, "is nan, which JSON cannot hold"),
        ({"text": "Words.", "metadata": {"x": [float("inf")]}}, "is inf"),
        ({"text": "Words \udc00."}, "the text holds a lone surrogate (U+DC00 at character 6)"),
        ({"text": "Words.", "title": "\ud801"}, "the title holds a lone surrogate"),
        ({"text": "Words.", "deep": _deep_list(70)}, "nested more than 64 levels"),
        (Document(id="d", text="Words.", outlet="\ud800"), "the outlet holds a lone surrogate"),
    ],
)
def test_hostile_records_are_problems_of_their_own(record: Any, words: str) -> None:
    with pytest.raises(InputError) as info:
        load([{"id": "good", "text": GOOD}, record])
    problem = only_problem(info.value)
    assert problem.line == 2 and words in problem.message, problem
    assert ids(info.value.documents) == ["good"]


def test_metadata_as_deep_as_the_limit_loads(tmp_path: Path) -> None:
    # The metadata mapping and 63 lists inside it: 64 levels.
    jsonl(tmp_path / "a.jsonl", {"text": GOOD, "deep": _deep_list(62)})
    (doc,) = load(tmp_path).documents
    assert doc.metadata["deep"] == _deep_list(62)
    jsonl(tmp_path / "a.jsonl", {"text": GOOD, "deep": _deep_list(63)})
    with pytest.raises(InputError, match="nested more than 64 levels"):
        load(tmp_path)


def test_manifest_that_is_a_folder_says_so(tmp_path: Path) -> None:
    write(tmp_path / "good.txt", GOOD)
    (tmp_path / "meta").mkdir()
    with pytest.raises(InputError, match="is a folder; expected a manifest CSV file"):
        load(tmp_path, tmp_path / "meta")


def test_a_named_pipe_given_as_the_input_is_refused_without_reading_it(tmp_path: Path) -> None:
    import os

    os.mkfifo(tmp_path / "pipe.txt")
    with pytest.raises(InputError, match="is a named pipe"):
        load(tmp_path / "pipe.txt")  # opening it would wait for a writer for ever


def test_a_broken_link_given_as_the_input_says_so(tmp_path: Path) -> None:
    (tmp_path / "a.txt").symlink_to(tmp_path / "gone.txt")
    with pytest.raises(InputError, match="broken symbolic link"):
        load(tmp_path / "a.txt")


def test_a_folder_of_only_unreadable_files_lists_them(tmp_path: Path) -> None:
    (tmp_path / "a.txt").symlink_to(tmp_path / "gone.txt")
    with pytest.raises(InputError) as info:
        load(tmp_path)
    messages = [p.message for p in info.value.problems]
    assert any("broken symbolic link" in m for m in messages)
    assert any(m.startswith("no articles") for m in messages)


def test_links_to_files_are_read(tmp_path: Path) -> None:
    write(tmp_path / "elsewhere" / "real.txt", GOOD)
    write(tmp_path / "corpus" / "b.txt", GOOD)
    (tmp_path / "corpus" / "a.txt").symlink_to(tmp_path / "elsewhere" / "real.txt")
    assert ids(load(tmp_path / "corpus")) == ["a", "b"]


def test_input_files_lists_what_load_reads(tmp_path: Path) -> None:
    from provenance.ingest import input_files

    write(tmp_path / "a.txt", GOOD)
    write(tmp_path / "b.jsonl", json.dumps({"text": GOOD}) + "\n")
    write(tmp_path / "notes.md", "not an article")
    write(tmp_path / "manifest.csv", MANIFEST_HEADER)
    assert sorted(p.name for p in input_files(tmp_path)) == ["a.txt", "b.jsonl", "manifest.csv"]
    assert input_files(tmp_path / "a.txt") == [tmp_path / "a.txt"]
    assert input_files(tmp_path / "missing") == []


_FRENCH = (
    "Le conseil municipal a approuvé mardi soir le nouveau budget du quartier du port, "
    "après un débat de plus de quatre heures qui s'est achevé par un vote serré. Les élus "
    "de l'opposition ont déclaré que le projet augmenterait les impôts locaux."
)
_RUSSIAN = (
    "Городской совет во вторник вечером утвердил новый бюджет портового района после "
    "дебатов, которые длились более четырёх часов и завершились голосованием с небольшим "
    "перевесом. Представители оппозиции заявили, что план приведёт к росту местных налогов."
)


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        (_FRENCH, "cp1252"),
        (_RUSSIAN, "cp1251"),
        (_RUSSIAN, "koi8-r"),
        (_FRENCH, "utf-16-le"),  # no byte order mark
        ("The council approved the budget on Tuesday evening.", "utf-16-le"),  # ASCII too
        (_RUSSIAN, "utf-8"),
    ],
)
def test_auto_guesses_an_undeclared_encoding(tmp_path: Path, text: str, encoding: str) -> None:
    write(tmp_path / "a.txt", text.encode(encoding))
    (doc,) = load(tmp_path, encoding="auto").documents
    assert doc.text == text
    assert doc.metadata["detected_encoding"]


def test_a_named_encoding_comes_before_auto(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", _FRENCH.encode("cp1252"))
    (doc,) = load(tmp_path, encoding=("cp1252", "auto")).documents
    assert doc.text == _FRENCH and "detected_encoding" not in doc.metadata


def test_auto_in_json_lines_decodes_each_line(tmp_path: Path) -> None:
    lines = [json.dumps({"id": "fr", "text": _FRENCH}, ensure_ascii=False).encode("cp1252")]
    lines.append(json.dumps({"id": "ru", "text": _RUSSIAN}, ensure_ascii=False).encode("utf-8"))
    write(tmp_path / "a.jsonl", b"\n".join(lines) + b"\n")
    corpus = load(tmp_path, encoding="auto")
    assert {d.id: d.text for d in corpus.documents} == {"fr": _FRENCH, "ru": _RUSSIAN}


# --------------------------------------------------------------------------- a fuzzer
#
# Random and near-valid bytes for each reader (JSON Lines, the manifest, text files):
# loading never fails with anything but the documented InputError, names every problem
# by a file of the input, and what it loads can be written as strict JSON.

_JSON_TOKENS = st.sampled_from(
    ['"text"', '"id"', '"metadata"', '"date"', ":", ",", "{", "}", "[", "]", "NaN",
     "-Infinity", "1e999", '"\\ud800"', '"\\u0000"', "null", "true", '"2023-09"', '"x"',
     '"' + "a" * 50 + '"', "[" * 200, "]" * 200]
)  # fmt: skip


def _json_values() -> st.SearchStrategy[Any]:
    scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=20))
    return st.recursive(
        scalars,
        lambda inner: (
            st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
        ),
        max_leaves=20,
    )


# Strings that may hold a lone surrogate (valid in JSON, not in Unicode text).
_strings = st.one_of(
    st.text(max_size=20), st.sampled_from(["\ud800", "x\udfff", "ok", "2023-09", "a:b"])
)


_records = st.fixed_dictionaries(
    {"text": st.text(min_size=1, max_size=40) | st.sampled_from(["Words \ud800."])},
    optional={
        "id": _strings | st.integers(),
        "outlet": _strings,
        "date": _strings,
        "title": _strings,
        "metadata": st.dictionaries(_strings, _json_values(), max_size=3),
        "extra": _json_values(),
        "deep": st.integers(0, 800).map(_deep_list),
    },
)
_jsonl_lines = st.one_of(
    st.binary(max_size=80),
    st.lists(_JSON_TOKENS, max_size=12).map(lambda t: "".join(t).encode("utf-8")),
    _records.map(lambda r: json.dumps(r).encode("utf-8")),
    st.integers(900, 5000).map(
        lambda d: ('{"text": "x", "m": ' + "[" * d + "]" * d + "}").encode()
    ),
)
_jsonl_files = st.lists(_jsonl_lines, max_size=6).map(lambda lines: b"\n".join(lines))
_manifests = st.one_of(
    st.binary(max_size=120),
    st.text(
        alphabet=st.sampled_from(list('a.txtb.jsonlfiledat,outle"\n\r 2023-09x')), max_size=120
    ).map(lambda t: t.encode("utf-8")),
    st.lists(
        st.sampled_from(["a.txt", "b.jsonl", "", '"', "Daily", "2023-09", '"x\ny"']), max_size=12
    ).map(lambda cells: ("file,outlet,date\n" + ",".join(cells)).encode("utf-8")),
)
_texts = st.one_of(
    st.binary(max_size=120),
    st.tuples(
        st.text(max_size=60), st.sampled_from(["utf-8", "utf-16", "utf-16-le", "cp1252"])
    ).map(lambda p: p[0].encode(p[1], "replace")),
)


def _check_load(folder: Path, encoding: tuple[str, ...]) -> None:
    try:
        corpus = load(folder, encoding=encoding, on_error="skip")
    except InputError as err:  # only a whole-input failure: no articles at all
        assert any("no articles" in p.message for p in err.problems)
        return
    for problem in corpus.problems:
        assert Path(problem.source).parent == folder and problem.message
        assert problem.line is None or problem.line >= 1
    for doc in corpus.documents:
        assert doc.text.strip()
        record = {"id": doc.id, "text": doc.text, "metadata": dict(doc.metadata)}
        json.dumps(record, allow_nan=False, default=str).encode("utf-8")
    try:
        load(folder, encoding=encoding)
    except InputError as err:
        assert [str(p) for p in err.problems] == [str(p) for p in corpus.problems]
        assert ids(err.documents) == ids(corpus)
    else:
        assert not corpus.problems


@given(jsonl=_jsonl_files, manifest=_manifests, text=_texts, auto=st.booleans())
@settings(max_examples=300, deadline=None)
def test_fuzzed_files_never_crash_the_readers(
    tmp_path_factory: pytest.TempPathFactory, jsonl: bytes, manifest: bytes, text: bytes, auto: bool
) -> None:
    folder = tmp_path_factory.mktemp("fuzz")
    write(folder / "b.jsonl", jsonl)
    write(folder / "a.txt", text)
    write(folder / "manifest.csv", manifest)
    _check_load(folder, ("utf-8", "auto") if auto else ("utf-8",))
