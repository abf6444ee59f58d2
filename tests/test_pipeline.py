"""The whole analysis (provenance.pipeline.analyze): the outlets' profile it weighs,
found from the links or given."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import generated_corpus

import provenance
from provenance.model import FOLLOWED, OutletProfile

WIRE = Path(__file__).parent / "data" / "wire-example"


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> provenance.Corpus:
    return generated_corpus(tmp_path_factory.mktemp("gen") / "gen-1000", paragraphs=1000, seed=3)


@pytest.mark.parametrize("name", ["wire", "generated"])
def test_its_own_profile_given_back_gives_the_same_report(
    name: str, generated: provenance.Corpus
) -> None:
    corpus = provenance.load(WIRE) if name == "wire" else generated
    report = provenance.analyze(corpus, workers=1, progress=False)
    assert report.outlets.sources  # the corpus shows source outlets
    again = provenance.analyze(corpus, workers=1, progress=False, outlets=report.outlets)
    assert again.to_json() == report.to_json()
    assert again.outlets == report.outlets


def test_a_given_profile_is_the_one_weighed(generated: provenance.Corpus) -> None:
    found = provenance.analyze(generated, workers=1, progress=False).outlets
    assert found.followers and found.habits
    # A profile with no source outlet and no follower: nothing can be ordered by
    # outlets, so fewer of the trees' edges rest on it.
    none = OutletProfile()
    report = provenance.analyze(generated, workers=1, progress=False, outlets=none)
    assert report.outlets == none != found
    assert not any(FOLLOWED in e.direction for f in report.families for e in f.edges)
    weighed = provenance.analyze(generated, workers=1, progress=False)
    assert any(FOLLOWED in e.direction for f in weighed.families for e in f.edges)
    assert report.to_json() != weighed.to_json()


def test_the_profile_comes_back_from_its_json() -> None:
    report = provenance.analyze(WIRE, workers=1, progress=False)
    assert OutletProfile.from_dict(report.outlets.to_dict()) == report.outlets
