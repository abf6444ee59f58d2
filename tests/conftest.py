"""Fixtures shared by the test modules."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import Stages, bench_module, generated_families

import provenance


@pytest.fixture(scope="session")
def seed_report() -> provenance.Report:
    return provenance.analyze(provenance.example_path())


@pytest.fixture(scope="session")
def generated_seed5(tmp_path_factory: pytest.TempPathFactory) -> Stages:
    """Segmentation and families of a generated corpus of 1,500 paragraphs (seed 5)."""
    return generated_families(tmp_path_factory.mktemp("generated-seed5"), paragraphs=1500, seed=5)


@pytest.fixture(scope="session")
def generated_seed11(tmp_path_factory: pytest.TempPathFactory) -> Stages:
    """Segmentation and families of a generated corpus of 1,500 paragraphs (seed 11)."""
    return generated_families(tmp_path_factory.mktemp("generated-seed11"), paragraphs=1500, seed=11)


@pytest.fixture(scope="session")
def wire_copy_6k(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Generated wire copy (``benchmarks/wire.py``, 6,000 paragraphs, seed 5) large
    enough for outlets to show their habits and their order, with its truth."""
    out = tmp_path_factory.mktemp("wire") / "wire-6k"
    bench_module("wire").generate(out, paragraphs=6000, seed=5)
    return out
