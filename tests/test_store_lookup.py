"""Looking an article up in an archive (provenance.store.lookup, Archive.query)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

import provenance
from provenance import Archive, ArchiveError, ConfigError, Document
from provenance.cli import main
from provenance.store.wording import wording_keys

SEEDS = provenance.load(provenance.example_path()).documents
BY_ID = {d.id: d for d in SEEDS}
MIRROR, AZATUTYUN_8, ASBAREZ, AZATUTYUN_10, ASBAREZ_UNDATED = (d.id for d in SEEDS)


@pytest.fixture
def archive(archive_address: Callable[[], str]) -> Archive:
    """The seeds but the one looked up in each test (000, the Mirror-Spectator)."""
    held = Archive(archive_address())
    held.add([d for d in SEEDS if d.id != MIRROR])
    return held


EXACT = pytest.mark.parametrize("exact", [False, True], ids=["neighbourhood", "archive"])


@EXACT
def test_the_sources_are_found_and_oriented(archive: Archive, exact: bool) -> None:
    found = archive.query(BY_ID[MIRROR], exact=exact, workers=1, progress=False)
    roles = {m.id: m.role for m in found.matches}
    assert roles == {AZATUTYUN_8: "parent", AZATUTYUN_10: "parent", ASBAREZ: "related"}
    assert all(0.0 < m.score <= 1.0 for m in found.matches)
    assert [m.score for m in found.matches] == sorted(
        (m.score for m in found.matches), reverse=True
    )
    assert any("was published before" in s for s in found.matches[0].evidence)
    assert len(archive) == 4  # nothing was added
    archive.close()


@EXACT
def test_the_words_have_the_origins_analyze_gives(archive: Archive, exact: bool) -> None:
    # Its neighbourhood is the three seeds it shares wording with (not 004, the
    # Asbarez article that stands alone): the words' origins are the same.
    found = archive.query(BY_ID[MIRROR], exact=exact, workers=1, progress=False)
    expected = ("archive", 4) if exact else ("neighbourhood", 3)
    assert (found.scope, found.compared) == expected
    batch = provenance.analyze(SEEDS, workers=1, progress=False).to_dict()
    expected = {
        (s["start"], s["end"]): s
        for f in batch["families"]
        for p in f["passages"]
        if p["doc"] == MIRROR
        for s in p["segments"]
    }
    assert list(found.origins) == [expected[k] for k in sorted(expected)]
    doc = next(d for d in batch["documents"] if d["id"] == MIRROR)
    assert found.document["sources"] == doc["sources"]
    archive.close()


def test_edits_read_from_the_match_to_the_query(archive: Archive) -> None:
    archive.add([BY_ID[MIRROR]])  # the archive holds 002 too: it is looked up as held
    # Asbarez (002) rewrote Azatutyun's (003) "later in the day" as "Saturday".
    found = archive.query(BY_ID[ASBAREZ], workers=1, progress=False)
    match = next(m for m in found.matches if m.id == AZATUTYUN_10)
    edits = [e for span in match.spans for e in span["edits"]]
    saturday = next(e for e in edits if e["query_text"] == "Saturday")
    assert (saturday["op"], saturday["match_text"]) == ("replace", "later in the day")
    a, b = saturday["query"]
    assert BY_ID[ASBAREZ].text[a:b] == "Saturday"
    a, b = saturday["match"]
    assert BY_ID[AZATUTYUN_10].text[a:b] == "later in the day"
    archive.close()


def test_a_text_gets_a_free_id_and_a_changed_document_is_refused(archive: Archive) -> None:
    text = BY_ID[MIRROR].text
    assert archive.query(text, workers=1, progress=False).document["id"] == "query"
    archive.add([Document("query", "An article that took the name.")])
    assert archive.query(text, workers=1, progress=False).document["id"] == "query-2"
    held = BY_ID[AZATUTYUN_8]
    same = archive.query(held, workers=1, progress=False)  # held: looked up as it is
    assert same.document["id"] == held.id
    with pytest.raises(ArchiveError, match="holds another document with the id"):
        archive.query(Document(held.id, "Other text."), workers=1, progress=False)
    archive.close()


def test_the_answer_is_json_with_its_schema(archive: Archive) -> None:
    data = json.loads(archive.query(BY_ID[MIRROR], workers=1, progress=False).to_json())
    assert (data["schema"], data["version"]) == ("provenance-lookup", "1.1")
    assert (data["scope"], data["compared"]) == ("neighbourhood", 3)
    assert {m["id"] for m in data["matches"]} == {AZATUTYUN_8, AZATUTYUN_10, ASBAREZ}
    assert "paragraphs" not in data["document"]
    archive.close()


def test_an_article_alone_shares_nothing(archive: Archive) -> None:
    found = archive.query(BY_ID[ASBAREZ_UNDATED], workers=1, progress=False)
    assert found.matches == ()
    assert found.compared == 0  # no indexed wording in common: analysed alone
    assert {s["origin"] for s in found.origins} <= {ASBAREZ_UNDATED}
    archive.close()


def test_the_neighbourhood_is_the_documents_sharing_the_most_wording(
    archive: Archive,
) -> None:
    nearest = archive.query(BY_ID[MIRROR], neighbours=1, workers=1, progress=False)
    assert nearest.compared == 1
    keys = {d: set(k.tolist()) for d, k in wording_keys(SEEDS).items()}
    most = max((d for d in keys if d != MIRROR), key=lambda d: len(keys[d] & keys[MIRROR]))
    assert [m.id for m in nearest.matches] == [most]
    with pytest.raises(ConfigError, match="neighbours must be a positive integer"):
        archive.query(BY_ID[MIRROR], neighbours=0)
    with pytest.raises(ConfigError, match="top must be a positive integer"):
        archive.query(BY_ID[MIRROR], top=0)
    archive.close()


@pytest.mark.parametrize("archive_address", ["sqlite"], indirect=True)
def test_the_command_prints_and_writes_the_answer(
    archive: Archive, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    where = archive.where
    archive.close()
    article = tmp_path / "article.jsonl"
    mirror = BY_ID[MIRROR]
    record = {"id": mirror.id, "text": mirror.text, "outlet": mirror.outlet, "date": "2023-09-14"}
    article.write_text(json.dumps(record) + "\n", encoding="utf-8")
    out = tmp_path / "answer.json"
    assert main(["query", where, str(article), "--json", str(out), "--no-progress"]) == 0
    printed = capsys.readouterr().out
    assert f"{AZATUTYUN_8} · RFE/RL Armenian Service (Azatutyun) · 2023-09-08" in printed
    assert "parent" in printed
    assert "analysed with the 3 documents nearest in wording" in printed
    assert json.loads(out.read_text(encoding="utf-8"))["schema"] == "provenance-lookup"
    two = tmp_path / "two.jsonl"
    two.write_text(json.dumps(record) + "\n" + json.dumps({**record, "id": "x"}) + "\n")
    exact = tmp_path / "exact.json"
    assert main(["query", where, str(article), "--exact", "--json", str(exact), "--quiet"]) == 0
    assert json.loads(exact.read_text(encoding="utf-8"))["scope"] == "archive"
    assert main(["query", where, str(article), "--neighbours", "0"]) == 1
    assert "--neighbours must be a positive number" in capsys.readouterr().err
    assert main(["query", where, str(two)]) == 1
    assert "holds 2 documents; expected one article" in capsys.readouterr().err
